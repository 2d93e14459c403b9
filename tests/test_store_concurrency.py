"""Several processes on one store: two ingests started at once (the second waits, and the stories equal one
ingest of both inputs in the order they ran: never a silent merge), readers while an ingest writes, and the
same story assignment on every store."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from stores import postgres_location, sqlite_location, store_locations

from storyline.models import Article
from storyline.service import ingest
from storyline.store import StoryQuery, open_store

EVENTS = 120
WORDS = [f"w{k}" for k in range(2000)]


def write_stream(path: Path, first: int, total: int, seed: int) -> None:
    """`total` records about EVENTS events (their own words each), ids from `first`."""
    rng = random.Random(seed)
    with path.open("w") as handle:
        for number in range(first, first + total):
            event = rng.randrange(EVENTS)
            topic = [f"event{event}term{k}" for k in range(8)]
            text = " ".join(rng.choice(topic) if rng.random() < 0.5 else rng.choice(WORDS) for _ in range(50))
            record = {"id": f"r{number}", "title": f"Report {number}", "text": text + ".", "source": f"o{number % 7}"}
            handle.write(json.dumps(record) + "\n")


def ingest_process(source: Path, location: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from storyline.cli import main; main()", "ingest", str(source)]
    return subprocess.Popen(
        [*command, "--db", location, "--batch", "100"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def stories_of(location: str) -> set[frozenset[str]]:
    """The stories as sets of article ids: what clustering decided, whatever the stories are called."""
    with open_store(location, create=False) as store:
        groups: dict[str, set[str]] = {}
        for article_id, story_id in store.assignments():
            groups.setdefault(story_id, set()).add(article_id)
    return {frozenset(group) for group in groups.values()}


@pytest.fixture(params=store_locations())
def make_location(request, tmp_path):
    """Makes new, empty store locations of one kind."""
    folders = (tmp_path / f"store{k}" for k in itertools.count())

    def make() -> str:
        folder = next(folders)
        folder.mkdir()
        return request.param(folder)

    return make


@pytest.mark.slow
def test_two_ingests_at_once_equal_one_ingest_of_both_in_the_order_they_ran(make_location, tmp_path):
    first_input, second_input = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_stream(first_input, 0, 2500, seed=1)
    write_stream(second_input, 100_000, 2500, seed=2)
    shared = make_location()
    runs = [ingest_process(first_input, shared), ingest_process(second_input, shared)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    waited = ["another ingest is writing to this store; waiting" in err for _, err in outputs]
    assert sum(waited) == 1, outputs  # exactly one waited for the other
    order = [second_input, first_input] if waited[0] else [first_input, second_input]
    assert all("2500 new, 0 duplicates, 0 rejected" in out for out, _ in outputs)

    alone = make_location()
    for source in order:
        assert ingest_process(source, alone).wait(timeout=300) == 0
    assert stories_of(shared) == stories_of(alone)


def _sample(validation_file: Path, clusters: int) -> list[Article]:
    import gzip

    from storyline.ingest.jsonl import value_to_articles

    articles: list[Article] = []
    with gzip.open(validation_file, "rt", encoding="utf-8") as handle:
        for number, line in zip(range(clusters), handle, strict=False):
            articles += [a for a in value_to_articles(json.loads(line), f"row {number}") if isinstance(a, Article)]
    return articles


def test_postgres_assigns_stories_as_sqlite_does(validation_file, tmp_path):
    articles = _sample(validation_file, 150)
    assignments = []
    for location in (sqlite_location(tmp_path), postgres_location(tmp_path)):
        with open_store(location) as store:
            ingest(store, articles, batch_size=97)
            assignments.append(dict(store.assignments()))
            assert store.count_stories(StoryQuery()) == len(set(assignments[-1].values()))
    assert assignments[0] == assignments[1]


@pytest.mark.slow
def test_two_ingests_of_the_same_input_store_it_once(make_location, tmp_path):
    source = tmp_path / "same.jsonl"
    write_stream(source, 0, 1500, seed=3)
    shared = make_location()
    runs = [ingest_process(source, shared), ingest_process(source, shared)]
    outputs = sorted(run.communicate(timeout=300)[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert "0 new, 1500 duplicates" in outputs[0] and "1500 new, 0 duplicates" in outputs[1]
    assert sum(len(story) for story in stories_of(shared)) == 1500
