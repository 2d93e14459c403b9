"""The SQLite store's own cases: schema upgrades, files that are not stores, damaged and read-only files,
a full disk. Each ends in one line naming the store (`StoreError`), never a traceback, and nothing
half-written."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.service import find_story, ingest, list_stories
from storyline.store import SCHEMA_VERSION, StoreError, StoryQuery, open_store

# The last released schema (version 1), as that release created it.
SCHEMA_1 = """
CREATE TABLE articles (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, story_id TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '', text_hash TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '', author TEXT NOT NULL DEFAULT '', date TEXT,
    text TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_story ON articles(story_id, seq);
CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL, first_date TEXT,
    last_date TEXT, version INTEGER NOT NULL, updated_seq INTEGER NOT NULL, centroid BLOB, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE INDEX stories_updated ON stories(updated_seq);
CREATE TABLE briefs (story_id TEXT NOT NULL, words INTEGER NOT NULL, method TEXT NOT NULL, format TEXT NOT NULL,
    version INTEGER NOT NULL, output TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (story_id, words, method, format));
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
INSERT INTO meta VALUES ('schema_version', 1);
INSERT INTO articles VALUES (1, 'q1', 's1', '', 'h1', 'Quake hits Arlen', 'Wire', '/srv/in/q1.txt', '', '2024-05-06',
    'A magnitude 6.1 earthquake struck the coastal city of Arlen on Monday. Rescuers searched the rubble.',
    '2024-05-06T10:00:00+00:00');
INSERT INTO articles VALUES (2, 'q2', 's1', '', 'h2', '', 'Herald', '', '', '2024-05-07',
    'Aftershocks shook Arlen a day after the earthquake.', '2024-05-07T10:00:00+00:00');
INSERT INTO articles VALUES (3, 'v1', 's2', '', 'h3', 'Dresvik votes', '', '', '', NULL,
    'Voters in Dresvik elected a new parliament on Sunday.', '2024-05-07T11:00:00+00:00');
INSERT INTO stories VALUES ('s1', 'Quake hits Arlen', 2, '2024-05-06', '2024-05-07', 2, 2, NULL, 'x', 'x');
INSERT INTO stories VALUES ('s2', 'Dresvik votes', 1, NULL, NULL, 1, 3, NULL, 'x', 'x');
INSERT INTO briefs VALUES ('s1', 120, 'learned', 'json', 2, '{"stale": true}', 'x');
"""


def make_store_1(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA_1)
    return path


def test_a_store_of_the_last_released_schema_is_upgraded_in_place(tmp_path):
    path = make_store_1(tmp_path / "old.db")
    with open_store(str(path)) as store:
        assert int(store.get_meta("schema_version")) == SCHEMA_VERSION
        quake = find_story(store, "s1", with_articles=True)
        assert (quake.size, quake.article_ids, quake.outlets, quake.independent_sources) == (
            2,
            ("q1", "q2"),
            ("Herald", "Wire"),
            2,
        )
        assert quake.lede.startswith("A magnitude 6.1 earthquake struck")
        assert (quake.first_date, quake.last_date) == (date(2024, 5, 6), date(2024, 5, 7))
        assert [s.id for s in list_stories(store, StoryQuery(text="rubble"))[0]] == ["s1"]
        assert store.get_article("q1").path == "/srv/in/q1.txt" and store.check() == "ok"
        assert store.db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0] == 0  # old cached briefs dropped
        count = ingest(store, [Article(id="q3", text="Rescuers in Arlen found two more survivors of the earthquake.")])
        assert count.new == 1 and store.count_articles() == 4


def test_a_store_from_a_newer_release_is_refused_with_a_message(tmp_path):
    path = tmp_path / "new.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer Storyline \(schema 99"):
        open_store(str(path))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"these are not the droids\n" * 100, "cannot open as a Storyline store"),
        (b"", "not a Storyline store"),
    ],
)
def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path, content, message):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(content)
    with pytest.raises(StoreError, match=rf"notes\.db: .*{message}"):
        open_store(str(bogus), create=False)
    with pytest.raises(StoreError, match="no such store"):
        open_store(str(tmp_path / "absent.db"), create=False)


def test_another_database_is_not_taken_for_a_store(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not a Storyline store"):
        open_store(str(path))


def _filled(path: Path) -> Path:
    with open_store(str(path)) as store:
        ingest(
            store,
            [Article(id=f"a{k}", text=f"Report {k} about the harbour fire in Brennholt. " * 40) for k in range(60)],
        )
    return path


def test_a_damaged_store_is_reported_and_never_written_to(tmp_path):
    path = _filled(tmp_path / "damaged.db")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 12 * page)):  # scramble pages past the schema
        data[offset] = (data[offset] * 7 + 13) % 256
    path.write_bytes(bytes(data))
    size = path.stat().st_size
    with pytest.raises(StoreError, match=r"damaged\.db: .*damaged") as raised, open_store(str(path)) as store:
        ingest(store, [Article(id="new", text="A new article that must not be written.")])
    assert "\n" not in str(raised.value)
    assert path.stat().st_size == size


def test_a_read_only_store_can_be_listed_and_briefed_but_not_ingested_into(tmp_path, monkeypatch):
    path = _filled(tmp_path / "ro.db")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with open_store(str(path), create=False) as store:
        assert store.read_only and store.count_stories() >= 1
        from storyline.service import stored_briefing

        info = store.list_stories()[0]
        assert stored_briefing(store, info, 60, "lead")["summary"]  # briefed, nothing cached
        with pytest.raises(StoreError, match="read-only"):
            ingest(store, [Article(id="new", text="A new article for a read-only store.")])


def test_a_full_disk_is_one_line_and_leaves_the_store_as_it_was(tmp_path):
    path = _filled(tmp_path / "full.db")
    with open_store(str(path)) as store:
        before = store.count_articles()
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is all but full
        big = [Article(id=f"b{k}", text=f"Another long report number {k} on the fire. " * 300) for k in range(40)]
        with pytest.raises(StoreError, match=r"full\.db: cannot write: database or disk is full"):
            ingest(store, big)
        assert store.count_articles() == before and store.check() == "ok"
