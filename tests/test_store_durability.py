"""Durability: an ingest killed with SIGKILL mid-way loses no committed article, doubles none, and
leaves a sound store that a re-run completes; readers list and brief while an ingest writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from storyline.service import find_story, stored_briefing
from storyline.store import Store, StoryQuery

TOTAL = 8000
WORDS = [f"w{k}" for k in range(3000)]


def write_stream(path) -> None:
    """TOTAL records about 400 events, each with its own words, in one JSONL file."""
    rng = random.Random(11)
    with path.open("w") as handle:
        for number in range(TOTAL):
            event = rng.randrange(400)
            topic = [f"event{event}term{k}" for k in range(8)]
            text = " ".join(rng.choice(topic) if rng.random() < 0.5 else rng.choice(WORDS) for _ in range(60))
            handle.write(json.dumps({"id": f"r{number}", "title": f"Report {number}", "text": text + "."}) + "\n")


def ingest_process(source, db) -> subprocess.Popen:
    command = [sys.executable, "-c", "from storyline.cli import main; main()", "ingest", str(source), "--db", str(db)]
    return subprocess.Popen([*command, "--batch", "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored(db) -> int:
    with Store(db, create=False) as store:
        return store.count_articles()


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_and_doubles_nothing_and_a_rerun_completes(tmp_path):
    source, db = tmp_path / "stream.jsonl", tmp_path / "s.db"
    write_stream(source)
    process = ingest_process(source, db)
    seen, listed, briefed = 0, 0, 0
    deadline = time.monotonic() + 60
    while seen < 1500 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if db.exists():
            with Store(db, create=False) as reader:  # readers work while the ingest writes
                seen = reader.count_articles()
                stories = reader.list_stories(StoryQuery(limit=5))
                listed += bool(stories)
                if stories and not briefed:
                    story = find_story(reader, stories[0].id)
                    briefed += story is not None and len(stored_briefing(reader, story, 200, "coverage")["summary"]) > 0
    assert process.poll() is None, "the ingest finished before it could be killed: make the stream longer"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert listed and briefed

    with Store(db, create=False) as store:
        assert store.check() == "ok"
        kept = store.count_articles()
        assert seen <= kept < TOTAL  # nothing committed is lost; the kill came mid-way
        db_ = store.db
        assert db_.execute("SELECT COUNT(DISTINCT id), COUNT(DISTINCT text_hash) FROM articles").fetchone() == (
            kept,
            kept,
        )
        assert db_.execute("SELECT SUM(size) FROM stories").fetchone()[0] == kept  # stories match their articles
        assert (
            db_.execute("SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)").fetchone()[0]
            == 0
        )

    rerun = ingest_process(source, db)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"{TOTAL - kept} new, {kept} duplicates, 0 rejected" in out
    with Store(db, create=False) as store:
        assert store.check() == "ok"
        assert store.count_articles() == TOTAL
        ids = {article_id for article_id, _ in store.assignments()}
        assert ids == {f"r{k}" for k in range(TOTAL)}
