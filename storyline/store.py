"""The story store: articles, the stories they were clustered into, and cached briefs, in SQLite.

Read API (stable; the web app builds on it):

    store = Store("storyline.db")
    store.list_stories(limit=50, offset=0, query="")  -> list[StoryInfo], most recently updated first
    store.count_stories(query="")                     -> int
    store.get_story(story_id)                         -> StoryInfo | None
    store.story_articles(story_id)                    -> list[Article], in arrival order
    store.get_article(article_id)                     -> Article | None
    store.article_story(article_id)                   -> story id | None
    store.cached_brief(story_id, words, method)       -> briefing dict | None (only if the story is unchanged)
    brief_story(store, story_id, words, method)       -> Briefing (cached while the story is unchanged)

The database runs in WAL mode, so readers list and brief while an ingest writes; the writer
commits whole batches, so a crash loses at most the batch in flight and never half of one.
Articles are unique by id, by URL and by the hash of their cleaned text.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.models import Article, Briefing, Problem

__all__ = [
    "DEFAULT_DB",
    "Store",
    "StoredArticle",
    "StoryInfo",
    "StoryUpdate",
    "brief_story",
    "render_stored",
    "text_hash",
]

DEFAULT_DB = "storyline.db"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq        INTEGER PRIMARY KEY,            -- arrival order
    id         TEXT NOT NULL UNIQUE,
    story_id   TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    text_hash  TEXT NOT NULL UNIQUE,           -- sha1 of the cleaned text: the same text is stored once
    title      TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    path       TEXT NOT NULL DEFAULT '',
    author     TEXT NOT NULL DEFAULT '',
    date       TEXT,                           -- ISO date, when known
    text       TEXT NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url <> '';
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, seq);
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    size        INTEGER NOT NULL,
    first_date  TEXT,
    last_date   TEXT,
    version     INTEGER NOT NULL,              -- grows with every article added: cached briefs go stale
    updated_seq INTEGER NOT NULL,              -- seq of its latest article
    centroid    BLOB,                          -- clustering state (storyline.cluster), opaque here
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_updated ON stories(updated_seq);
CREATE TABLE IF NOT EXISTS briefs (
    story_id   TEXT NOT NULL,
    words      INTEGER NOT NULL,
    method     TEXT NOT NULL,
    format     TEXT NOT NULL,                  -- "json": storyline.render.json.briefing_dict; else a rendered page
    version    INTEGER NOT NULL,
    output     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (story_id, words, method, format)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
"""


def text_hash(text: str) -> str:
    """The key that makes the same cleaned text count as one article."""
    return hashlib.sha1(text.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """What a story listing shows: no article text."""

    id: str
    title: str
    size: int  # articles
    outlets: int  # distinct named sources
    first_date: date | None
    last_date: date | None
    version: int
    updated_at: str
    article_ids: tuple[str, ...] = ()  # filled only when asked for

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "size": self.size,
            "outlets": self.outlets,
            "first_date": _iso(self.first_date),
            "last_date": _iso(self.last_date),
            "version": self.version,
            "updated_at": self.updated_at,
        }
        if self.article_ids:
            data["articles"] = list(self.article_ids)
        return data


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article to write, with the story it joined."""

    article: Article
    story_id: str
    text_hash: str


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What one write batch adds to a story (new or not); sizes and versions are summed in SQL."""

    id: str
    added: int  # articles added by the batch
    title: str  # used only while the story has no title
    first_date: date | None
    last_date: date | None
    updated_seq: int
    centroid: bytes  # clustering state (storyline.cluster), opaque here


_STORY_COLUMNS = """s.id, s.title, s.size,
    (SELECT COUNT(DISTINCT a.source) FROM articles a WHERE a.story_id = s.id AND a.source <> '') AS outlets,
    s.first_date, s.last_date, s.version, s.updated_at"""
_ARTICLE_COLUMNS = "id, text, title, source, url, path, date, author"


class Store:
    """One SQLite story store. Open it once per process or thread; it is cheap to open."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputError(str(path), "no such store (run `storyline ingest` first)")
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a commit survives a process crash
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages: index lookups stay in memory, bounded
            if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                self.db.executescript(_SCHEMA)  # a new store; readers of an existing one never take the write lock
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as error:
            raise InputError(str(path), f"cannot open as a Storyline store ({error})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------

    def list_stories(
        self, limit: int = 50, offset: int = 0, query: str = "", with_articles: bool = False
    ) -> list[StoryInfo]:
        """Stories, most recently updated first; `query` filters by words in the title."""
        where, params = self._title_filter(query)
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s {where} ORDER BY s.updated_seq DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [self._story_info(row, with_articles) for row in rows]

    def count_stories(self, query: str = "") -> int:
        where, params = self._title_filter(query)
        return self.db.execute(f"SELECT COUNT(*) FROM stories s {where}", params).fetchone()[0]

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def get_story(self, story_id: str, with_articles: bool = False) -> StoryInfo | None:
        row = self.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
        return self._story_info(row, with_articles) if row else None

    def story_ids(self) -> list[str]:
        """Every story id, oldest first."""
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY rowid")]

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))
        return [row[0] for row in rows]

    def story_articles(self, story_id: str) -> list[Article]:
        """The story's articles, cleaned, in arrival order."""
        rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))
        return [self._article(row) for row in rows]

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def article_story(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def assignments(self) -> Iterator[tuple[str, str]]:
        """(article id, story id) for every article, in arrival order: what clustering decided."""
        yield from self.db.execute("SELECT id, story_id FROM articles ORDER BY seq")

    def cached_brief(self, story_id: str, words: int, method: str) -> dict[str, Any] | None:
        """The stored briefing dict (as `--format json` gives it), if made for the story as it is now."""
        output = self.cached_output(story_id, words, method, "json")
        return json.loads(output) if output is not None else None

    def cached_output(self, story_id: str, words: int, method: str, fmt: str) -> str | None:
        """A stored rendering of the story's briefing in `fmt`, if made for the story as it is now."""
        row = self.db.execute(
            "SELECT b.output FROM briefs b JOIN stories s ON s.id = b.story_id WHERE b.story_id = ? AND b.words = ?"
            " AND b.method = ? AND b.format = ? AND b.version = s.version",
            (story_id, words, method, fmt),
        ).fetchone()
        return row[0] if row else None

    # ---- writing -------------------------------------------------------------------------

    def save_output(self, story_id: str, words: int, method: str, fmt: str, version: int, output: str) -> None:
        """Cache a rendering of a story's briefing; `version` is the story's version it was made from."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (story_id, words, method, fmt, version, output, _now()),
            )

    def known(self, url: str, digest: str) -> str | None:
        """The id of a stored article with this URL or this cleaned-text hash."""
        if url:
            row = self.db.execute("SELECT id FROM articles WHERE url = ? AND url <> ''", (url,)).fetchone()
            if row:
                return row[0]
        row = self.db.execute("SELECT id FROM articles WHERE text_hash = ?", (digest,)).fetchone()
        return row[0] if row else None

    def has_article_id(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def next_seq(self) -> int:
        return (self.db.execute("SELECT MAX(seq) FROM articles").fetchone()[0] or 0) + 1

    def recent_states(self, limit: int) -> list[tuple[str, bytes, date | None, date | None, int]]:
        """(id, centroid, first date, last date, updated seq) of the most recently updated stories, newest first."""
        rows = self.db.execute(
            "SELECT id, centroid, first_date, last_date, updated_seq FROM stories ORDER BY updated_seq DESC LIMIT ?",
            (limit,),
        )
        return [(id, blob, _date(first), _date(last), seq) for id, blob, first, last, seq in rows]

    def get_meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def write_batch(
        self, articles: Iterable[StoredArticle], stories: Iterable[StoryUpdate], meta: dict[str, Any] | None = None
    ) -> None:
        """Articles, the stories they changed and clustering state, in one transaction: all or nothing."""
        now = _now()
        with self.transaction():
            self.db.executemany(
                "INSERT INTO articles (id, story_id, url, text_hash, title, source, path, author, date, text, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.id,
                        s.story_id,
                        a.url,
                        s.text_hash,
                        a.title,
                        a.source,
                        a.path,
                        a.author,
                        _iso(a.date),
                        a.text,
                        now,
                    )
                    for s in articles
                    for a in (s.article,)
                ],
            )
            self.db.executemany(
                "INSERT INTO stories (id, title, size, first_date, last_date, version, updated_seq, centroid,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET"
                " title = CASE WHEN stories.title = '' THEN excluded.title ELSE stories.title END,"
                " size = stories.size + excluded.size,"
                " first_date = COALESCE(MIN(stories.first_date, excluded.first_date), stories.first_date,"
                " excluded.first_date),"
                " last_date = COALESCE(MAX(stories.last_date, excluded.last_date), stories.last_date,"
                " excluded.last_date),"
                " version = stories.version + 1, updated_seq = excluded.updated_seq, centroid = excluded.centroid,"
                " updated_at = excluded.updated_at",
                [
                    (s.id, s.title, s.added, _iso(s.first_date), _iso(s.last_date), s.updated_seq, s.centroid, now, now)
                    for s in stories
                ],
            )
            if meta:
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def integrity(self) -> str:
        """`PRAGMA integrity_check`: "ok" for a sound file."""
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    # ---- helpers -------------------------------------------------------------------------

    @staticmethod
    def _title_filter(query: str) -> tuple[str, tuple[str, ...]]:
        terms = query.split()
        if not terms:
            return "", ()
        return "WHERE " + " AND ".join("s.title LIKE ?" for _ in terms), tuple(f"%{t}%" for t in terms)

    def _story_info(self, row: tuple, with_articles: bool) -> StoryInfo:
        id, title, size, outlets, first, last, version, updated_at = row
        ids = tuple(self.story_article_ids(id)) if with_articles else ()
        return StoryInfo(id, title, size, outlets, _date(first), _date(last), version, updated_at, ids)

    @staticmethod
    def _article(row: tuple) -> Article:
        id, text, title, source, url, path, day, author = row
        return Article(id=id, text=text, title=title, source=source, url=url, path=path, date=_date(day), author=author)


def brief_story(store: Store, story_id: str, words: int, method: str) -> Briefing:
    """Brief a stored story afresh, and cache its JSON dict (`Store.cached_brief`) for this story version."""
    from storyline.pipeline import brief_articles
    from storyline.render.json import briefing_dict
    from storyline.select import get_selector

    info = store.get_story(story_id)
    if info is None:
        raise InputError(str(store.path), f"no story {story_id!r} (see `storyline stories`)")
    briefing = brief_articles(store.story_articles(story_id), words, get_selector(method), story_id=story_id)
    _cache(store, info, words, method, "json", json.dumps(briefing_dict(briefing), ensure_ascii=False))
    return briefing


def _cache(store: Store, info: StoryInfo, words: int, method: str, fmt: str, output: str) -> None:
    with suppress(sqlite3.OperationalError):  # a busy or read-only store: the output is still good, just not kept
        store.save_output(info.id, words, method, fmt, info.version, output)


def render_stored(
    db: str | Path, story_ids: Iterable[str], all_stories: bool, words: int, method: str, fmt: str
) -> tuple[str, int, list[Problem]]:
    """Stored stories (the named ones, or all, oldest first) rendered in `fmt`: (output, stories, problems).

    Briefs are reused while their story is unchanged: one story in any format, and any number in JSON.
    Several stories in another format are briefed afresh (their JSON is cached on the way).
    """
    from storyline.models import Report
    from storyline.render import render
    from storyline.render.json import briefing_dict

    problems: list[Problem] = []
    with Store(db, create=False) as store:
        infos: list[StoryInfo] = []
        for story_id in store.story_ids() if all_stories else story_ids:
            info = store.get_story(story_id)
            if info is None:
                problems.append(Problem(str(db), f"no story {story_id!r} (see `storyline stories`)"))
            else:
                infos.append(info)
        if fmt == "json":
            dicts = [
                store.cached_brief(i.id, words, method) or briefing_dict(brief_story(store, i.id, words, method))
                for i in infos
            ]
            problem_dicts = [{"path": p.path, "message": p.message} for p in problems]
            output = json.dumps({"stories": dicts, "problems": problem_dicts}, ensure_ascii=False, indent=2) + "\n"
        elif len(infos) == 1:
            output = store.cached_output(infos[0].id, words, method, fmt)
            if output is None:
                output = render(Report(stories=[brief_story(store, infos[0].id, words, method)]), fmt)
                _cache(store, infos[0], words, method, fmt, output)
        else:
            output = render(Report(stories=[brief_story(store, i.id, words, method) for i in infos]), fmt)
    return (output if infos else ""), len(infos), problems
