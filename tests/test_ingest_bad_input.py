"""Bad input: one clear line naming the file and the problem, good inputs still briefed, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.ingest import read_inputs
from storyline.models import Article, Problem

GOOD = EXAMPLES / "harbour-fire" / "03-velmora-daily.txt"


def problems_for(path: Path | str) -> list[Problem]:
    items = list(read_inputs([path]))
    return [i for i in items if isinstance(i, Problem)]


def run_cli(*args: str) -> tuple[int, str, str]:
    _register()
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "whitespace": tmp_path / "blank.txt",
        "binary": tmp_path / "image.html",
        "truncated": tmp_path / "cut.html",
        "malformed": tmp_path / "broken.json",
    }
    files["empty"].write_bytes(b"")
    files["whitespace"].write_text("  \n\n \t\n")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    files["truncated"].write_text("<html><head><title>Cut off</title></head><bo")
    files["malformed"].write_text('{"text": "unterminated')
    return files


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("empty", "empty file"),
        ("whitespace", "no text"),
        ("binary", "binary data"),
        ("truncated", "no article text found in the HTML"),
        ("malformed", "malformed JSON"),
    ],
)
def test_bad_input_gets_one_clear_problem(bad_files: dict[str, Path], kind: str, message: str) -> None:
    (problem,) = problems_for(bad_files[kind])
    assert problem.path == str(bad_files[kind])
    assert message in problem.message


def test_bad_input_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (missing,) = problems_for(tmp_path / "nope.txt")
    assert missing.message == "no such file or directory"
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty_dir" / "notes.csv").write_text("a,b")
    (no_articles,) = problems_for(tmp_path / "empty_dir")
    assert "no article files" in no_articles.message


def test_bad_input_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written
    (problem,) = problems_for(huge)
    assert "50 MB" in problem.message and "limit" in problem.message


def test_bad_input_non_utf8_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crisis\nThe café’s owner said “no comment” to reporters.".encode("cp1252"))
    (article,) = [i for i in read_inputs([path]) if isinstance(i, Article)]
    assert article.title == "Café crisis"
    assert "café’s owner said “no comment”" in article.text


def test_bad_input_malformed_jsonl_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "Good one."})
        + "\n{not json}\n"
        + json.dumps({"source": "no text, no title"})
        + "\n"
        + json.dumps({"text": "Good two."})
        + "\n"
    )
    items = list(read_inputs([path]))
    assert [i.text for i in items if isinstance(i, Article)] == ["Good one.", "Good two."]
    assert [str(i) for i in items if isinstance(i, Problem)] == [
        f"{path}:2: malformed JSON line (Expecting property name enclosed in double quotes)",
        f"{path}:3: record has no 'text' (nor a 'title' to stand for it)",
    ]


def test_bad_input_truncated_gzip(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(("\n".join(json.dumps({"text": f"Row {n}."}) for n in range(2000))).encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([path]))
    assert any(isinstance(i, Article) for i in items)
    assert isinstance(items[-1], Problem) and "truncated" in items[-1].message


def test_bad_input_cli_still_briefs_good_inputs(bad_files: dict[str, Path], tmp_path: Path) -> None:
    code, out, err = run_cli("brief", *map(str, bad_files.values()), str(tmp_path / "missing.txt"), str(GOOD))
    assert code == 0
    assert "Brennholt" in out or "Karvelle" in out
    lines = err.strip().splitlines()
    assert len(lines) == len(bad_files) + 1
    assert all(line.startswith("storyline: ") for line in lines)
    assert "Traceback" not in err


def test_bad_input_cli_fails_when_nothing_can_be_briefed(bad_files: dict[str, Path]) -> None:
    code, out, err = run_cli("brief", str(bad_files["empty"]), str(bad_files["binary"]))
    assert code == 1
    assert out == ""
    assert "nothing to brief" in err and "Traceback" not in err


def test_bad_input_cli_rejects_unknown_format_and_method() -> None:
    code, _, err = run_cli("brief", str(GOOD), "--format", "pdf")
    assert code == 2 and "--format must be one of" in err
    code, _, err = run_cli("brief", str(GOOD), "--method", "magic")
    assert code == 2 and "'method' option must be one of" in err
