"""The evaluation harness on tiny benchmark files written here, and on a few real validation clusters."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.evaluate import Scorer, cut, evaluate, read_clusters

DOCS = [
    {
        "title": "",
        "text": "The city council approved a new budget on Tuesday. The vote was seven to two. "
        "Officials said taxes will not rise next year.",
        "source": "",
    },
    {
        "title": "",
        "text": "Council members passed the budget on Tuesday after a long debate. "
        "The mayor praised the vote and said services would expand.",
        "source": "",
    },
]
REFERENCE = "The city council approved a new budget on Tuesday, and taxes will not rise next year."


def _write(path: Path, rows: list[object]) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


def _bench(tmp_path: Path, name: str = "bench.jsonl.gz") -> Path:
    rows = [{"id": f"c{k}", "documents": DOCS, "summaries": [REFERENCE]} for k in range(3)]
    return _write(tmp_path / name, rows)


def test_scorer_is_rouge_score_with_stemming_and_cut() -> None:
    scores = Scorer().score(REFERENCE, (REFERENCE,), 100)
    assert scores["rouge1_f1"] == pytest.approx(100.0)
    assert scores["rouge2_recall"] == pytest.approx(100.0)
    stemmed = Scorer().score("councils approving budgets", ("council approved budget",), 100)
    assert stemmed["rouge1_f1"] == pytest.approx(100.0)
    assert cut("one two three four", 2) == "one two"


def test_scores_are_averaged_over_references() -> None:
    one = Scorer().score("a b c d", ("a b c d",), 10)["rouge1_recall"]
    other = Scorer().score("a b c d", ("w x y z",), 10)["rouge1_recall"]
    both = Scorer().score("a b c d", ("a b c d", "w x y z"), 10)["rouge1_recall"]
    assert (one, other, both) == (pytest.approx(100.0), pytest.approx(0.0), pytest.approx(50.0))


def test_harness_scores_every_cluster_in_process_and_with_workers(tmp_path: Path) -> None:
    path = _bench(tmp_path)
    inline = evaluate(path, "lead", 20, workers=1, progress=False)
    pooled = evaluate(path, "lead", 20, workers=2, progress=False)
    assert inline.clusters == pooled.clusters == 3
    assert inline.scores == pytest.approx(pooled.scores)
    assert 0 < inline.scores["rouge1_recall"] <= 100
    assert inline.peak_mb > 0 and inline.clusters_per_second > 0


def test_bad_rows_are_reported_by_line_and_the_rest_scored(tmp_path: Path) -> None:
    good = {"id": "ok", "documents": DOCS, "summaries": [REFERENCE]}
    rows = [good, "{not json", {"id": "x", "documents": DOCS}, {"id": "y", "documents": [], "summaries": ["s"]}, good]
    path = _write(tmp_path / "mixed.jsonl", rows)
    items = list(read_clusters(path))
    problems = [str(i) for i in items if not hasattr(i, "articles")]
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "malformed JSON" in problems[0] and "no reference" in problems[1] and "no document" in problems[2]
    assert evaluate(path, "lead", 30, workers=1, progress=False).clusters == 2


def test_cli_eval_prints_a_table_and_writes_summaries(tmp_path: Path) -> None:
    _register()
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["eval", str(_bench(tmp_path)), "--words", "25", "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "| learned | 3 |" in result.stdout and "R2 F1" in result.stdout
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c0", "c1", "c2"]
    assert all(0 < len(line["summary"].split()) <= 25 for line in lines)


def test_cli_eval_rejects_unknown_method_and_missing_file_in_one_line(tmp_path: Path) -> None:
    _register()
    runner = CliRunner()
    unknown = runner.invoke(app, ["eval", str(_bench(tmp_path)), "--method", "magic"])
    assert unknown.exit_code == 2 and "'method' option must be one of" in unknown.stderr
    missing = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "no such benchmark file" in missing.stderr
    assert "Traceback" not in missing.output + unknown.output


def test_oracle_beats_lead_on_real_clusters(validation_file: Path) -> None:
    oracle = evaluate(validation_file, "oracle", 230, limit=10, workers=1, progress=False)
    lead = evaluate(validation_file, "lead", 230, limit=10, workers=1, progress=False)
    assert oracle.scores["rouge2_f1"] > lead.scores["rouge2_f1"] + 2
    assert oracle.scores["rouge1_f1"] > lead.scores["rouge1_f1"] + 2


@pytest.mark.slow
def test_default_method_quality_floor_on_validation_slice(validation_file: Path) -> None:
    """Pinned a little below the measured first-200 numbers (learned 44.12 / 14.70, lead 43.07 / 13.74 F1, overrun)."""
    learned = evaluate(validation_file, "learned", 230, limit=200, progress=False)
    lead = evaluate(validation_file, "lead", 230, limit=200, progress=False)
    assert learned.scores["rouge1_f1"] >= 43.8 and learned.scores["rouge2_f1"] >= 14.4
    assert learned.scores["rouge1_f1"] > lead.scores["rouge1_f1"] + 0.8
    assert learned.scores["rouge2_f1"] > lead.scores["rouge2_f1"] + 0.8
