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


# ---- kills at random moments, merges included --------------------------------------------------------------

MERGING_EVENTS, REPORTS = 300, 20
INGEST = """
import sys
from storyline.cluster import ClusterConfig
from storyline.ingest import read_inputs
from storyline.service import ingest
from storyline.store import open_store
# stricter joins and looser merges than the defaults: every event below starts as two stories and merges
config = ClusterConfig(threshold=0.25, dense_weight=0.0, merge_threshold=0.4, merge_threshold_long=0.4)
with open_store(sys.argv[2]) as store:
    print(ingest(store, read_inputs([sys.argv[1]]), config, batch_size=int(sys.argv[3])).line())
"""


def write_merging_stream(path) -> None:
    """Events reported first in two disjoint halves of their vocabulary (two stories), then in all of it (which
    shows the two to be one): merges happen all through the stream, as events overlap."""
    rng = random.Random(12)
    rows = []
    for event in range(MERGING_EVENTS):
        words = [f"event{event}term{k}" for k in range(12)]
        halves = words[:6], words[6:]
        for report in range(REPORTS):
            vocabulary = halves[report % 2] if report < 4 else words
            text = " ".join(rng.choice(vocabulary) for _ in range(12))
            rows.append((event * REPORTS / 2 + report * 6 + rng.random(), text))  # over more than a batch
    rows.sort()
    with path.open("w") as handle:
        for number, (_, text) in enumerate(rows):
            handle.write(json.dumps({"id": f"m{number}", "text": text + "."}) + "\n")


def merging_ingest(source, db) -> subprocess.Popen:
    command = [sys.executable, "-c", INGEST, str(source), str(db), "100"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stories_of(db) -> set[frozenset[str]]:
    """The stories as sets of article ids."""
    groups: dict[str, set[str]] = {}
    with Store(db, create=False) as store:
        for article_id, story_id in store.assignments():
            groups.setdefault(story_id, set()).add(article_id)
    return {frozenset(group) for group in groups.values()}


def assert_consistent(db, context: str) -> int:
    """Every article in one existing story, every story's size its articles, every merged id an alias of a
    story that exists; returns the number of articles."""
    with Store(db, create=False) as store:
        assert store.check() == "ok", context
        sql = store.db.execute
        kept = sql("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert sql("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0] == kept, context
        assert sql("SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)").fetchone()[0] == 0
        sizes = "SELECT COUNT(*) FROM stories s WHERE size <> (SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id)"
        assert sql(sizes).fetchone()[0] == 0, context
        assert sql("SELECT COUNT(*) FROM stories WHERE size = 0").fetchone()[0] == 0, context
        aliases = sql("SELECT old_id, story_id FROM story_aliases").fetchall()
        assert all(store.resolve(old) == new for old, new in aliases), context
        assert sql("SELECT COUNT(*) FROM story_aliases WHERE old_id IN (SELECT id FROM stories)").fetchone()[0] == 0
        assert (
            sql("SELECT COUNT(*) FROM story_aliases WHERE story_id NOT IN (SELECT id FROM stories)").fetchone()[0] == 0
        )
        return kept


@pytest.mark.slow
def test_sigkill_at_random_moments_merges_included_then_a_rerun_ends_with_the_uninterrupted_stories(tmp_path):
    source = tmp_path / "merging.jsonl"
    write_merging_stream(source)
    total = MERGING_EVENTS * REPORTS
    whole = merging_ingest(source, tmp_path / "whole.db")
    out, err = whole.communicate(timeout=300)
    assert whole.returncode == 0, err
    merged = int(out.split(" merged")[0].rsplit(" ", 1)[-1])
    assert merged >= MERGING_EVENTS // 2, out  # the stream merges all the way through
    uninterrupted = stories_of(tmp_path / "whole.db")
    assert len(uninterrupted) < MERGING_EVENTS * 1.5  # most events end as one story

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    db = tmp_path / "killed.db"
    context = f"seed {seed}"
    for _ in range(2):  # killed twice, each time at a random moment, and resumed
        target = rng.uniform(0.1, 0.8) * total
        process = merging_ingest(source, db)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if db.exists() and stored(db) >= target:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))  # anywhere in a batch: clustering, merging or writing it
        killed = process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kept = assert_consistent(db, context)
        assert not killed or kept < total, context
    rerun = merging_ingest(source, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert assert_consistent(db, context) == total
    assert stories_of(db) == uninterrupted, context
