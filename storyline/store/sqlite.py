"""The embedded story store: one SQLite file, the default.

The database runs in WAL mode, so readers list and brief while an ingest writes; the writer commits
whole batches, so a crash loses at most the batch in flight and never half of one. One ingest writes at
a time: `writer` holds an exclusive lock on a file beside the store (a second ingest says so and waits).
A file that is not writable is opened read-only (listing and briefing work, nothing is cached). SQLite's
own errors reach the user as one line (`StoreError`): a damaged file, a full disk, a read-only file.
Full-text search uses FTS5 over titles and article text.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from storyline.models import Article
from storyline.store.base import (
    ALL_STORIES,
    LATEST,
    SCHEMA_VERSION,
    Batch,
    BriefKey,
    StateRow,
    StoreError,
    StoryInfo,
    StoryQuery,
    Totals,
    article_moment,
    iso,
    now_iso,
    parse_day,
    parse_moment,
)

BUSY_TIMEOUT_MS = 30_000
MAX_HITS = 5_000  # matching articles a search ranks: bounds the work of a search for a very common word
# The best-ranked matching articles (FTS5 bm25: lower is better), with their stories.
_HITS = (
    "hits AS (SELECT a.story_id AS story_id, f.rank AS score, f.rowid AS seq FROM articles_fts f"
    " JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?)"
)
MAX_PARAMS = 500  # values bound in one IN (...) list

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq           INTEGER PRIMARY KEY,          -- arrival order
    id            TEXT NOT NULL UNIQUE,
    story_id      TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    text_hash     TEXT NOT NULL,                -- sha1 of the cleaned text
    title         TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    date          TEXT,                         -- ISO date, when known
    published_at  TEXT,                         -- ISO moment in UTC, when the input gave a time of day
    moment        TEXT NOT NULL,                -- when it appeared: published_at, else its date, else when stored
    language      TEXT NOT NULL DEFAULT '',
    source_group  TEXT NOT NULL,                -- one outlet, or copies of one text: one independent source
    headline_only INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL,
    added_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url <> '';
CREATE INDEX IF NOT EXISTS articles_text ON articles(text_hash, source);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, seq);
CREATE TABLE IF NOT EXISTS stories (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL DEFAULT '',
    lede         TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    first_date   TEXT,
    last_date    TEXT,
    last_seen    TEXT,
    independent  INTEGER NOT NULL DEFAULT 0,
    outlet_count INTEGER NOT NULL DEFAULT 0,
    outlets      TEXT NOT NULL DEFAULT '[]',    -- JSON list of the most frequent outlet names
    rank         REAL NOT NULL DEFAULT 0,       -- base.rank_key: the front page's order
    multi        INTEGER NOT NULL DEFAULT 0,    -- more than one independent source: listed first
    version      INTEGER NOT NULL,              -- grows with every change: cached briefs go stale
    updated_seq  INTEGER NOT NULL,              -- seq of its latest article
    centroid     BLOB,                          -- clustering state (storyline.cluster), opaque here
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_updated ON stories(updated_seq);
CREATE INDEX IF NOT EXISTS stories_rank ON stories(multi, rank);
CREATE INDEX IF NOT EXISTS stories_seen ON stories(last_seen);
CREATE TABLE IF NOT EXISTS story_outlets (outlet TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (outlet, story_id))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS source_groups (  -- a fingerprint of each group's first text (storyline.fingerprint)
    story_id TEXT NOT NULL, group_id TEXT NOT NULL, sketch BLOB NOT NULL, PRIMARY KEY (story_id, group_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_aliases (old_id TEXT PRIMARY KEY, story_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_aliases_target ON story_aliases(story_id);
CREATE TABLE IF NOT EXISTS briefs (
    story_id   TEXT NOT NULL,
    words      INTEGER NOT NULL,
    method     TEXT NOT NULL,
    format     TEXT NOT NULL,
    build      TEXT NOT NULL,                   -- package version and code/model digests (service.build_id)
    version    INTEGER NOT NULL,
    output     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (story_id, words, method, format)
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
"""

_STORY_COLUMNS = (
    "s.id, s.title, s.size, s.outlets, s.outlet_count, s.independent, s.first_date, s.last_date, s.last_seen,"
    " s.version, s.updated_at, s.lede"
)
_ARTICLE_COLUMNS = "id, text, title, source, url, path, date, author, published_at, language"
_ORDER = {"top": "s.multi DESC, s.rank DESC, s.id", "recent": "s.last_seen DESC, s.id", "oldest": "s.rowid"}

P = ParamSpec("P")
R = TypeVar("R")


def _reported(method: Callable[P, R]) -> Callable[P, R]:
    """SQLite's errors as one line naming the store (`StoreError`), never a traceback."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as error:
            store = args[0]
            raise StoreError(getattr(store, "location", "store"), explain(error)) from None

    return wrapper


def explain(error: sqlite3.Error) -> str:
    text = " ".join(str(error).split())
    if "not a database" in text:
        return "not a SQLite database (another kind of file, or a store damaged beyond reading)"
    if "malformed" in text:
        return f"the store file is damaged ({text}); restore it from a backup"
    if "disk is full" in text or "disk I/O" in text:
        return f"cannot write: {text}; the batch in progress was not written (free space, then re-run)"
    if "readonly" in text or "read-only" in text:
        return f"the store is read-only ({text})"
    if "locked" in text or "busy" in text:
        return f"the store is busy ({text}); try again"
    return f"store error: {text}"


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), MAX_PARAMS):
        yield values[start : start + MAX_PARAMS]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


class SQLiteStore:
    """One SQLite story store. Open it once per process or thread; it is cheap to open."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.location = str(path)
        if not self.path.exists():
            if not create:
                raise StoreError(self.location, "no such store (run `storyline ingest` first)")
            if self.path.parent != Path() and not self.path.parent.is_dir():
                raise StoreError(self.location, "its folder does not exist")
            self._create()
        elif not self.path.is_file():
            raise StoreError(self.location, "not a file")
        self.read_only = self.path.exists() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent or Path("."), os.W_OK)
        )
        try:
            self.db = self._connect()
            self._prepare()
        except sqlite3.DatabaseError as error:
            raise StoreError(self.location, f"cannot open as a Storyline store ({explain(error)})") from None

    def _create(self) -> None:
        """Make a new store beside the path and move it into place whole, so that a reader never finds a
        half-made one (if another process made it first, theirs stays)."""
        draft = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        try:
            with closing(sqlite3.connect(draft, isolation_level=None)) as db:
                db.execute("PRAGMA journal_mode = WAL")
                version = f"CAST('{SCHEMA_VERSION}' AS BLOB)"
                db.executescript(f"BEGIN; {_SCHEMA} INSERT INTO meta VALUES ('schema_version', {version}); COMMIT;")
            os.link(draft, self.path)
        except FileExistsError:
            pass
        except (OSError, sqlite3.Error) as error:
            raise StoreError(self.location, f"cannot create the store ({error})") from None
        finally:
            for leftover in (draft, draft.with_name(draft.name + "-wal"), draft.with_name(draft.name + "-shm")):
                leftover.unlink(missing_ok=True)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            uri = self.path.resolve().as_uri()
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
                db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # A WAL store in a read-only folder cannot get its shared-memory file: read it as a fixed file.
                db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)
            return db
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a commit survives a process crash
        db.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages: index lookups stay in memory, bounded
        return db

    def _prepare(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            what = "it holds other tables" if tables else "an empty database"
            raise StoreError(self.location, f"not a Storyline store ({what})")
        version = int(self.get_meta("schema_version") or 0)
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                self.location, f"written by a newer Storyline (schema {version}; this one reads {SCHEMA_VERSION})"
            )
        if version != 1:
            raise StoreError(self.location, f"unknown store schema {version}")
        if self.read_only:
            raise StoreError(
                self.location, "an older store (schema 1): open it once with write access so it can be upgraded"
            )
        from storyline.store.migrate import sqlite_from_1

        with self.transaction():
            sqlite_from_1(self)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------

    @_reported
    def list_stories(self, query: StoryQuery = ALL_STORIES, with_articles: bool = False) -> list[StoryInfo]:
        """Stories that pass the query's filters, in its order (for a text search: the best matches first)."""
        if query.text.strip():
            return self._search(query, with_articles)
        where, params = self._filters(query)
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s {where} ORDER BY {_ORDER[query.order]} LIMIT ? OFFSET ?",
            (*params, query.limit, query.offset),
        ).fetchall()
        return [self._story_info(row, with_articles) for row in rows]

    @_reported
    def count_stories(self, query: StoryQuery = ALL_STORIES) -> int:
        if query.text.strip():
            match = _fts_query(query.text)
            if not match:
                return 0
            where, params = self._filters(query)
            row = self.db.execute(
                f"WITH {_HITS} SELECT COUNT(*) FROM (SELECT DISTINCT story_id FROM hits) best"
                f" JOIN stories s ON s.id = best.story_id {where}",
                (match, MAX_HITS, *params),
            ).fetchone()
            return int(row[0])
        where, params = self._filters(query)
        return int(self.db.execute(f"SELECT COUNT(*) FROM stories s {where}", params).fetchone()[0])

    def _search(self, query: StoryQuery, with_articles: bool) -> list[StoryInfo]:
        """Stories whose articles match, the best match first; each with its best article's snippet."""
        match = _fts_query(query.text)
        if not match:
            return []
        where, params = self._filters(query)
        rows = self.db.execute(
            f"WITH {_HITS}, best AS (SELECT story_id, MIN(score) AS score, seq FROM hits GROUP BY story_id)"
            f" SELECT {_STORY_COLUMNS}, best.seq FROM best JOIN stories s ON s.id = best.story_id {where}"
            " ORDER BY best.score, s.rank DESC, s.id LIMIT ? OFFSET ?",
            (match, MAX_HITS, *params, query.limit, query.offset),
        ).fetchall()
        found = []
        for row in rows:
            snippet = self.db.execute(
                "SELECT snippet(articles_fts, -1, '«', '»', '…', 24) FROM articles_fts"
                " WHERE articles_fts MATCH ? AND rowid = ?",
                (match, row[-1]),
            ).fetchone()
            found.append(self._story_info(row[:-1], with_articles, matched=snippet[0] if snippet else ""))
        return found

    @staticmethod
    def _filters(query: StoryQuery, alias: str = "s") -> tuple[str, tuple[Any, ...]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.since:
            clauses.append(f"COALESCE({alias}.last_date, substr({alias}.last_seen, 1, 10)) >= ?")
            params.append(query.since.isoformat())
        if query.until:
            clauses.append(f"COALESCE({alias}.first_date, substr({alias}.last_seen, 1, 10)) <= ?")
            params.append(query.until.isoformat())
        if query.min_sources > 1:
            clauses.append(f"{alias}.independent >= ?")
            params.append(query.min_sources)
        if query.outlet:
            clauses.append(f"{alias}.id IN (SELECT story_id FROM story_outlets WHERE outlet = ?)")
            params.append(query.outlet)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)

    @_reported
    def get_story(self, story_id: str, with_articles: bool = False) -> StoryInfo | None:
        row = self.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
        return self._story_info(row, with_articles) if row else None

    @_reported
    def resolve(self, story_id: str) -> str | None:
        """The id the story has now: itself, or the story it was merged into; None if unknown."""
        if self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            return story_id
        row = self.db.execute("SELECT story_id FROM story_aliases WHERE old_id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    @_reported
    def story_ids(self) -> list[str]:
        """Every story id, oldest first."""
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY rowid")]

    @_reported
    def story_articles(self, story_id: str) -> list[Article]:
        """The story's articles, cleaned, in arrival order."""
        rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))
        return [_article(row) for row in rows]

    @_reported
    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    @_reported
    def article_story(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def assignments(self) -> Iterator[tuple[str, str]]:
        """(article id, story id) for every article, in arrival order: what clustering decided."""
        yield from self.db.execute("SELECT id, story_id FROM articles ORDER BY seq")

    @_reported
    def count_articles(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    @_reported
    def outlets(self, limit: int = 200) -> list[tuple[str, int]]:
        """Outlets with the number of stories each covers, most first."""
        rows = self.db.execute(
            "SELECT outlet, COUNT(*) FROM story_outlets GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT ?", (limit,)
        )
        return [(name, int(n)) for name, n in rows]

    # ---- the brief cache -------------------------------------------------------------------

    @_reported
    def cached_output(self, story_id: str, key: BriefKey) -> str | None:
        """A stored rendering of the story's briefing, if made from the story as it is now by this build."""
        row = self.db.execute(
            "SELECT b.output FROM briefs b JOIN stories s ON s.id = b.story_id WHERE b.story_id = ? AND b.words = ?"
            " AND b.method = ? AND b.format = ? AND b.build = ? AND b.version = s.version",
            (story_id, key.words, key.method, key.fmt, key.build),
        ).fetchone()
        return row[0] if row else None

    def save_output(self, story_id: str, key: BriefKey, version: int, output: str) -> None:
        """Cache a rendering; a read-only or busy store simply keeps nothing (the output is still good)."""
        if self.read_only:
            return
        try:
            with self.transaction():
                self.db.execute(
                    "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (story_id, key.words, key.method, key.fmt, key.build, version, output, now_iso()),
                )
        except sqlite3.OperationalError:
            pass

    # ---- ingest ------------------------------------------------------------------------------

    @contextmanager
    def writer(self, on_wait: Callable[[], None]) -> Iterator[None]:
        """Hold the store's one writer lock (`on_wait` is called once if another writer has it first), after
        checking that the file is sound: a damaged store gets no more writes."""
        if self.read_only:
            raise StoreError(self.location, "the store is read-only: cannot ingest into it")
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+b")  # noqa: SIM115  (held for the whole ingest)
        except OSError as error:
            raise StoreError(self.location, f"cannot create its lock file ({error.strerror or error})") from None
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                verdict = self.check()
                if verdict != "ok":
                    raise StoreError(
                        self.location, f"the store file is damaged ({verdict[:200]}); nothing was written to it"
                    )
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @_reported
    def check(self) -> str:
        """SQLite's quick check: "ok" for a sound file."""
        rows = self.db.execute("PRAGMA quick_check(5)").fetchall()
        return "; ".join(" ".join(str(row[0]).split()) for row in rows)

    @_reported
    def known(self, candidates: Sequence[tuple[str, str, str]]) -> set[int]:
        """Which (url, text hash, outlet) candidates are stored already: by URL, or by text from that outlet."""
        urls = sorted({url for url, _, _ in candidates if url})
        hashes = sorted({digest for _, digest, _ in candidates})
        stored_urls: set[str] = set()
        stored_texts: set[tuple[str, str]] = set()
        for part in _chunks(urls):
            stored_urls |= {
                r[0] for r in self.db.execute(f"SELECT url FROM articles WHERE url IN ({_marks(part)})", part)
            }
        for part in _chunks(hashes):
            rows = self.db.execute(f"SELECT text_hash, source FROM articles WHERE text_hash IN ({_marks(part)})", part)
            stored_texts |= {(digest, source) for digest, source in rows}
        return {
            k
            for k, (url, digest, source) in enumerate(candidates)
            if (url and url in stored_urls) or (digest, source) in stored_texts
        }

    @_reported
    def taken_ids(self, ids: Sequence[str]) -> set[str]:
        taken: set[str] = set()
        for part in _chunks(list(ids)):
            taken |= {r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({_marks(part)})", part)}
        return taken

    @_reported
    def copy_groups(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """For (story, text hash) pairs: the source group of the story's earliest article with that text."""
        found: dict[tuple[str, str], str] = {}
        for part in _chunks(sorted({digest for _, digest in pairs})):
            rows = self.db.execute(
                f"SELECT story_id, text_hash, source_group FROM articles WHERE text_hash IN ({_marks(part)})"
                " ORDER BY seq DESC",
                part,
            )
            found |= {(story, digest): group for story, digest, group in rows}  # the earliest wins
        return {pair: found[pair] for pair in pairs if pair in found}

    @_reported
    def group_sketches(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, bytes]]]:
        """Each story's source groups with the fingerprint of their first text."""
        found: dict[str, list[tuple[str, bytes]]] = {}
        for part in _chunks(sorted(set(story_ids))):
            rows = self.db.execute(
                f"SELECT story_id, group_id, sketch FROM source_groups WHERE story_id IN ({_marks(part)})", part
            )
            for story_id, group_id, blob in rows:
                found.setdefault(story_id, []).append((group_id, blob))
        return found

    @_reported
    def next_seq(self) -> int:
        return int(self.db.execute("SELECT MAX(seq) FROM articles").fetchone()[0] or 0) + 1

    @_reported
    def recent_states(self, limit: int) -> list[StateRow]:
        """(id, centroid, first date, last date, updated seq) of the most recently updated stories, newest first."""
        rows = self.db.execute(
            "SELECT id, centroid, first_date, last_date, updated_seq FROM stories ORDER BY updated_seq DESC LIMIT ?",
            (limit,),
        )
        return [(id, blob, parse_day(first), parse_day(last), seq) for id, blob, first, last, seq in rows]

    @_reported
    def get_meta(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] is None:
            return None
        value = row[0]
        return value if isinstance(value, bytes) else str(value).encode()  # schema 1 kept numbers as numbers

    @_reported
    def write(self, batch: Batch) -> None:
        """Articles, the stories they changed, merges and clustering state, in one transaction: all or nothing."""
        now = now_iso()
        with self.transaction():
            before = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            self.db.executemany(
                "INSERT INTO articles (seq, id, story_id, url, text_hash, title, source, path, author, date,"
                " published_at, moment, language, source_group, headline_only, text, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.seq,
                        a.id,
                        s.story_id,
                        a.url,
                        s.text_hash,
                        a.title,
                        a.source,
                        a.path,
                        a.author,
                        iso(a.date),
                        iso(a.published_at),
                        article_moment(a, now),
                        a.language,
                        s.source_group,
                        int(s.headline_only),
                        a.text,
                        now,
                    )
                    for s in batch.articles
                    for a in (s.article,)
                ],
            )
            self.db.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?",
                (before,),
            )
            self.db.executemany("INSERT OR IGNORE INTO source_groups VALUES (?, ?, ?)", list(batch.sketches))
            self.db.executemany(
                "INSERT INTO story_outlets VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(s.article.source, s.story_id) for s in batch.articles if s.article.source],
            )
            self.db.executemany(
                "INSERT INTO stories (id, title, lede, version, updated_seq, centroid, created_at, updated_at)"
                " VALUES (?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " title = CASE WHEN stories.title = '' THEN excluded.title ELSE stories.title END,"
                " lede = CASE WHEN stories.lede = '' THEN excluded.lede ELSE stories.lede END,"
                " updated_seq = excluded.updated_seq, centroid = excluded.centroid",
                [(s.id, s.title, s.lede, s.updated_seq, s.centroid, now, now) for s in batch.stories],
            )
            changed = {s.id for s in batch.stories}
            for old, new in batch.merged.items():
                self._merge(old, new)
                changed.add(new)
            for story_id in sorted(changed):
                self._refresh(story_id, now)
            if batch.meta:
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(batch.meta.items()))

    def _merge(self, old: str, new: str) -> None:
        """Story `old` becomes part of `new`: its articles move, its id stays valid as an alias."""
        self.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (new, old))
        self.db.execute(
            "INSERT OR IGNORE INTO story_outlets SELECT outlet, ? FROM story_outlets WHERE story_id = ?", (new, old)
        )
        self.db.execute("DELETE FROM story_outlets WHERE story_id = ?", (old,))
        self.db.execute("UPDATE OR IGNORE source_groups SET story_id = ? WHERE story_id = ?", (new, old))
        self.db.execute("DELETE FROM source_groups WHERE story_id = ?", (old,))
        self.db.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (new, old))
        self.db.execute("INSERT OR REPLACE INTO story_aliases VALUES (?, ?)", (old, new))
        self.db.execute("DELETE FROM briefs WHERE story_id = ?", (old,))
        self.db.execute("DELETE FROM stories WHERE id = ?", (old,))

    def _refresh(self, story_id: str, now: str) -> None:
        """Recompute a changed story's counts, dates and rank from its articles; bump its version."""
        size, first, last, seen, independent = self.db.execute(
            f"SELECT COUNT(*), MIN(date), MAX(date), {LATEST}, COUNT(DISTINCT source_group) FROM articles"
            " WHERE story_id = ?",
            (story_id,),
        ).fetchone()
        outlets = self.db.execute(
            "SELECT source, COUNT(*) FROM articles WHERE story_id = ? AND source <> '' GROUP BY source"
            " ORDER BY 2 DESC, 1",
            (story_id,),
        ).fetchall()
        columns = Totals(size, first, last, seen, independent, outlets).columns()
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.db.execute(
            f"UPDATE stories SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",
            (*columns.values(), now, story_id),
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- helpers -------------------------------------------------------------------------

    def _story_info(self, row: tuple[Any, ...], with_articles: bool, matched: str = "") -> StoryInfo:
        id, title, size, outlets, outlet_count, independent, first, last, seen, version, updated_at, lede = row
        ids: tuple[str, ...] = ()
        if with_articles:
            ids = tuple(r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY seq", (id,)))
        return StoryInfo(
            id=id,
            title=title,
            size=size,
            outlets=tuple(json.loads(outlets)),
            outlet_count=outlet_count,
            independent_sources=independent,
            first_date=parse_day(first),
            last_date=parse_day(last),
            last_seen=seen,
            version=version,
            updated_at=updated_at,
            lede=lede,
            article_ids=ids,
            matched=matched,
        )


def _fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must appear (prefixes for the last one), quoted so that
    FTS5's own syntax characters in the input are plain text."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(quoted)


def _article(row: tuple[Any, ...]) -> Article:
    id, text, title, source, url, path, day, author, published_at, language = row
    return Article(
        id=id,
        text=text,
        title=title,
        source=source,
        url=url,
        path=path,
        date=parse_day(day),
        author=author,
        published_at=parse_moment(published_at),
        language=language,
    )
