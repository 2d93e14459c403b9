"""`storyline ingest`, `storyline stories` and `storyline brief --db` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import _register, app

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_ingest_then_list_then_brief(runner, tmp_path, seeds_dir):
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(seeds_dir), str(FEEDS), "--db", db])
    assert result.exit_code == 0, result.output
    assert "8 new, 0 duplicates, 1 rejected (1 entry has no text)" in result.stdout
    assert "idlib.rss entry 3: entry has no text" in result.stderr

    again = runner.invoke(app, ["ingest", str(seeds_dir), str(FEEDS), "--db", db])
    assert "0 new, 8 duplicates" in again.stdout

    listing = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    assert listing["total"] == len(listing["stories"]) >= 2
    assert sum(s["size"] for s in listing["stories"]) == 8
    assert all({"id", "title", "size", "outlets", "first_date", "last_date"} <= set(s) for s in listing["stories"])
    biggest = max(listing["stories"], key=lambda s: s["size"])
    assert biggest["size"] >= 5  # the five seed articles report one event

    table = runner.invoke(app, ["stories", "--db", db]).stdout
    assert biggest["id"] in table and biggest["title"] in table

    first = runner.invoke(app, ["brief", "--db", db, "--story", biggest["id"], "--format", "json"])
    assert first.exit_code == 0, first.output
    story = json.loads(first.stdout)["stories"][0]
    assert story["id"] == biggest["id"] and story["summary"]
    assert [a["id"] for a in story["articles"]] == biggest["articles"]
    cached = runner.invoke(app, ["brief", "--db", db, "--story", biggest["id"], "--format", "json"])
    assert cached.stdout == first.stdout

    every = runner.invoke(app, ["brief", "--db", db, "--all", "--format", "json"])
    assert len(json.loads(every.stdout)["stories"]) == listing["total"]
    text = runner.invoke(app, ["brief", "--db", db, "--story", biggest["id"]])
    assert text.exit_code == 0 and biggest["title"] in text.stdout


def test_brief_options_that_cannot_work_together_are_clear_errors(runner, tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(FEEDS), "--db", db])
    cases = {
        ("brief",): "give PATHS, or --db PATH with --story ID or --all",
        ("brief", "--story", "s1"): "--story and --all need --db PATH",
        ("brief", "--db", db): "--story ID",
        ("brief", "--db", db, "--story", "s999"): "no story 's999'",
        ("brief", "--db", str(tmp_path / "absent.db"), "--all"): "no such store",
    }
    for args, message in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code in (1, 2) and message in result.stderr, (args, result.output)
        assert "Traceback" not in result.output


def test_ingest_reports_bad_records_and_keeps_the_good_ones(runner, tmp_path):
    lines = [
        json.dumps({"id": "r1", "text": "The river burst its banks in Tolvan, flooding two hundred homes."}),
        "{not json",
        json.dumps({"id": "r2", "url": "https://example.org/nothing"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0
    assert "1 new, 0 duplicates, 2 rejected" in result.stdout
    assert (
        "feed.jsonl:2: malformed JSON line" in result.stderr and "feed.jsonl:3: record has no 'text'" in result.stderr
    )
    stories = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)["stories"]
    assert stories[0]["articles"] == ["r1"]


def test_stories_on_a_missing_store_is_one_line(runner, tmp_path):
    result = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "no such store" in result.stderr


def test_ingest_judges_every_record_alone_and_keeps_the_rest(runner, tmp_path):
    good = [
        json.dumps({"id": f"g{k}", "text": f"The river flooded {k} more streets in Tolvan on Monday."})
        for k in range(5)
    ]
    hostile = [
        "[" * 100_000 + "]" * 100_000,
        '{"id": ' + "7" * 5000 + ', "text": "x"}',
        '{"id": "surrogate", "text": "Flood waters \\ud800 reached the Tolvan bridge \\u0000 by noon on Monday."}',
        "\x00\x01\x02 not json",
    ]
    lines = [good[0], hostile[0], good[1], hostile[1], good[2], hostile[2], good[3], hostile[3], good[4]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--batch", "2"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "6 new, 0 duplicates, 3 rejected" in result.stdout
    assert result.stderr.count("storyline: ") == 3
    stored = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    ids = {a for s in stored["stories"] for a in s["articles"]}
    assert ids == {f"g{k}" for k in range(5)} | {"surrogate"}
