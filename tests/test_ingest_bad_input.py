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


# ---- hostile records and unbounded inputs: one line each, the rest still read, memory bounded ----


def jsonl(tmp_path: Path, *lines: str | bytes, name: str = "hostile.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    return path


GOOD_LINE = json.dumps({"id": "good", "text": "The harbour reopened on Monday after the fire, officials said."})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deep"),
        ('{"text": ' + "9" * 5000 + "}", "malformed JSON line"),
        ('{"id": ' + "7" * 5000 + ', "text": "Some text."}', "malformed JSON line"),
        ('{"id": {"nested": 1}, "text": "Some text."}', "'id' must be a string or a whole number"),
        ('{"id": "' + "x" * 500 + '", "text": "Some text."}', "'id' is longer than 200 characters"),
        ('{"text": ["a", "list"]}', "record has no 'text'"),
        (b"\x00\x01\x02\x03binary\xff\xfe line", "binary data"),
    ],
)
def test_a_hostile_record_is_one_problem_and_the_file_goes_on(tmp_path: Path, line: str | bytes, message: str) -> None:
    path = jsonl(tmp_path, GOOD_LINE, line, GOOD_LINE.replace('"good"', '"after"'))
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good", "after"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert problem.path == f"{path}:2" and message in problem.message and "\n" not in problem.message


def test_lone_surrogates_and_nul_characters_are_replaced_not_fatal(tmp_path: Path) -> None:
    record = '{"id": "odd\\ud800", "title": "A \\udc00title", "text": "Fire\\u0000 at the harbour \\ud800 on Monday."}'
    (article,) = articles(jsonl(tmp_path, record))
    assert (article.id, article.title, article.text) == (
        "odd\ufffd",
        "A \ufffdtitle",
        "Fire at the harbour \ufffd on Monday.",
    )
    code, out, _ = run_cli("brief", str(jsonl(tmp_path, record, GOOD_LINE, name="brief.jsonl")), "--format", "json")
    assert code == 0 and json.loads(out)["stories"]


def articles(path: Path) -> list[Article]:
    return [i for i in read_inputs([path]) if isinstance(i, Article)]


def test_wrong_field_types_are_ignored_not_printed(tmp_path: Path) -> None:
    record = {"id": 12, "title": ["not", "a", "title"], "source": {"x": 1}, "text": "The fire was put out by noon."}
    (article,) = articles(jsonl(tmp_path, json.dumps(record)))
    assert (article.id, article.title, article.source) == ("12", "", "")


def test_an_over_long_line_is_skipped_and_the_next_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.ingest.MAX_LINE_BYTES", 1000)
    path = jsonl(tmp_path, GOOD_LINE, '{"text": "' + "x" * 1500 + '"}', GOOD_LINE.replace('"good"', '"after"'))
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good", "after"]
    problems = [str(i) for i in items if isinstance(i, Problem)]
    assert problems == [f"{path}:2: line is over the 1,000 bytes limit for one record"]


def test_a_compressed_bomb_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import resource

    monkeypatch.setattr("storyline.ingest.MAX_LINE_BYTES", 2**20)
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(GOOD_LINE.encode() + b"\n")
        for _ in range(200):  # 200 MB of zeros, no line break: a few hundred KB compressed
            handle.write(bytes(2**20))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(read_inputs([path]))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert "no line break in 2 MB" in problem.message and grown_mb < 50


def test_an_empty_jsonl_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert [str(p) for p in problems_for(path)] == [f"{path}: empty file (no JSON lines)"]


def test_a_fifo_nobody_writes_to_is_empty_not_a_hang(tmp_path: Path) -> None:
    import os
    import signal

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    signal.alarm(10)  # a hang fails the test instead of the suite
    try:
        problems = problems_for(fifo)
    finally:
        signal.alarm(0)
    assert len(problems) == 1 and "empty" in problems[0].message


def test_devices_are_refused(tmp_path: Path) -> None:
    (problem,) = problems_for("/dev/zero")
    assert "a device, not a file" in problem.message


def test_endless_standard_input_stops_at_the_limit() -> None:
    import subprocess
    import sys

    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run(
            [sys.executable, "-c", "from storyline.cli import main; main()", "brief", "-"],
            stdin=zeros,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "storyline: -: over the 20 MB limit for one input" in done.stderr


def test_an_unreadable_folder_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    (problem,) = problems_for(locked)
    assert problem.path == str(locked) and "cannot read this folder (Permission denied)" in problem.message


def test_millions_of_bad_records_keep_a_bounded_problem_list(tmp_path: Path) -> None:
    from storyline.pipeline import MAX_PROBLEMS_KEPT, prepare

    bad = [Problem(f"in:{k}", "malformed JSON line (Expecting value)") for k in range(50_000)]
    articles_, problems = prepare(bad)
    assert not articles_ and len(problems) == MAX_PROBLEMS_KEPT + 1
    assert (
        problems[-1].message
        == f"{50_000 - MAX_PROBLEMS_KEPT:,} more problems ({50_000 - MAX_PROBLEMS_KEPT:,} malformed JSON line)"
    )


def test_control_characters_in_names_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[31mred\nname.txt"
    path.write_bytes(b"")
    code, _, err = run_cli("brief", str(path))
    assert code == 1 and "\x1b" not in err and "evil\\x1b[31mred\\nname.txt: empty file" in err


def test_a_feed_with_an_impossible_character_reference_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_bytes(b"<>&#2000000;")
    (problem,) = problems_for(path)
    assert problem.path == str(path) and "not a readable RSS/Atom feed" in problem.message


def test_a_record_after_millions_of_blank_lines_keeps_its_line_number(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "blanks.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" * 3_000_000 + GOOD_LINE.encode() + b"\n{bad\n", compresslevel=1))
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]
    assert [i.path for i in items if isinstance(i, Problem)] == [f"{path}:3000002"]


def test_a_page_without_text_is_one_line_not_library_log_noise(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "empty.html"
    page.write_text("<html><body></body></html>")
    done = subprocess.run(
        [sys.executable, "-c", "from storyline.cli import main; main()", "brief", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and all(line.startswith("storyline: ") for line in lines), lines
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "--words", "3", "x"], "No such option: --words"),
        (["brief", "--words", "lots", "x"], "Invalid value for '--words'"),
        (["brief", "--words", "0", "x"], "The 'words' option must be between 10 and 1000"),
        (["ingest"], "Missing argument"),
        (["nosuch"], "No such command"),
    ],
)
def test_usage_errors_are_one_line_like_every_other_error(args: list[str], message: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from storyline.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith("storyline: "), done.stderr
    assert message in lines[0] and "Traceback" not in done.stderr
