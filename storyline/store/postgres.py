"""The shared story store: PostgreSQL through psycopg 3 (the `postgres` extra).

Several web workers on several hosts read while ingests write: each batch is one transaction, readers
see whole batches. One ingest writes at a time: `writer` takes a session advisory lock (a second ingest
says so and waits). Full-text search uses PostgreSQL's own (an English `tsvector` of title and text,
with a GIN index). The store's tables live in the first schema of the connection's search path, so one
database can hold several stores (`?options=-c search_path=name` in the URL).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, ParamSpec, TypeVar

import psycopg

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

MAX_HITS = 5_000  # matching articles a search ranks (as in the SQLite store)
CONNECT_TIMEOUT_S = 10
_LOCK_NAME = "storyline-ingest"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq           BIGINT PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    story_id      TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    text_hash     TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    date          TEXT,
    published_at  TEXT,
    moment        TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT '',
    source_group  TEXT NOT NULL,
    headline_only BOOLEAN NOT NULL DEFAULT FALSE,
    text          TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    search        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(text, 200000)), 'B')
    ) STORED
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url <> '';
CREATE INDEX IF NOT EXISTS articles_text ON articles(text_hash, source);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, seq);
CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search);
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
    outlets      TEXT NOT NULL DEFAULT '[]',
    rank         DOUBLE PRECISION NOT NULL DEFAULT 0,
    multi        INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL,
    updated_seq  BIGINT NOT NULL,
    centroid     BYTEA,
    created_seq  BIGSERIAL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_updated ON stories(updated_seq);
CREATE INDEX IF NOT EXISTS stories_rank ON stories(multi DESC, rank DESC, id);
CREATE INDEX IF NOT EXISTS stories_seen ON stories(last_seen DESC, id);
CREATE INDEX IF NOT EXISTS stories_created ON stories(created_seq);
CREATE TABLE IF NOT EXISTS story_outlets (outlet TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (outlet, story_id));
CREATE TABLE IF NOT EXISTS source_groups (
    story_id TEXT NOT NULL, group_id TEXT NOT NULL, sketch BYTEA NOT NULL, PRIMARY KEY (story_id, group_id)
);
CREATE TABLE IF NOT EXISTS story_aliases (old_id TEXT PRIMARY KEY, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_aliases_target ON story_aliases(story_id);
CREATE TABLE IF NOT EXISTS briefs (
    story_id   TEXT NOT NULL,
    words      INTEGER NOT NULL,
    method     TEXT NOT NULL,
    format     TEXT NOT NULL,
    build      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    output     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (story_id, words, method, format)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BYTEA);
"""

_STORY_COLUMNS = (
    "s.id, s.title, s.size, s.outlets, s.outlet_count, s.independent, s.first_date, s.last_date, s.last_seen,"
    " s.version, s.updated_at, s.lede"
)
_ARTICLE_COLUMNS = "id, text, title, source, url, path, date, author, published_at, language"
_ORDER = {
    "top": "s.multi DESC, s.rank DESC, s.id",
    "recent": "s.last_seen DESC NULLS LAST, s.id",
    "oldest": "s.created_seq",
}
_HITS = (
    "hits AS (SELECT a.story_id, ts_rank_cd(a.search, q) AS score, a.seq FROM articles a,"
    " websearch_to_tsquery('english', %s) q WHERE a.search @@ q ORDER BY score DESC LIMIT %s)"
)

P = ParamSpec("P")
R = TypeVar("R")


def _reported(method: Callable[P, R]) -> Callable[P, R]:
    """psycopg's errors as one line naming the store (`StoreError`), never a traceback."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except psycopg.Error as error:
            store = args[0]
            raise StoreError(getattr(store, "location", "store"), explain(error)) from None

    return wrapper


def explain(error: psycopg.Error) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, psycopg.errors.DiskFull):
        return f"cannot write: the server's disk is full ({text}); the batch in progress was not written"
    if isinstance(error, psycopg.errors.ReadOnlySqlTransaction | psycopg.errors.InsufficientPrivilege):
        return f"the store is read-only for this user ({text})"
    if isinstance(error, psycopg.OperationalError):
        return f"cannot reach the PostgreSQL server ({text})"
    return f"store error: {text}"


class PostgresStore:
    """One PostgreSQL story store, one connection. Open one per thread."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        from storyline.store import redact

        self.url = url
        self.location = redact(url)
        self.read_only = False
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as error:
            raise StoreError(self.location, f"cannot connect ({' '.join(str(error).split())})") from None
        try:
            self._prepare(create)
        except psycopg.Error as error:
            self.db.close()
            raise StoreError(self.location, explain(error)) from None
        except StoreError:
            self.db.close()
            raise

    def _prepare(self, create: bool) -> None:
        present = self.db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        if not (present and present[0]):
            if not create:
                raise StoreError(self.location, "no Storyline store here (run `storyline ingest` first)")
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.storyline-create'))")
                self.db.execute(_SCHEMA)
                self.db.execute(
                    "INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT DO NOTHING",
                    (str(SCHEMA_VERSION).encode(),),
                )
        version = int(self.get_meta("schema_version") or 0)
        if version != SCHEMA_VERSION:
            newer = version > SCHEMA_VERSION
            raise StoreError(
                self.location,
                f"written by a newer Storyline (schema {version}; this one reads {SCHEMA_VERSION})"
                if newer
                else f"unknown store schema {version}",
            )
        in_recovery = self.db.execute("SELECT pg_is_in_recovery()").fetchone()
        self.read_only = bool(in_recovery and in_recovery[0])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------

    @_reported
    def list_stories(self, query: StoryQuery = ALL_STORIES, with_articles: bool = False) -> list[StoryInfo]:
        if query.text.strip():
            return self._search(query, with_articles)
        where, params = self._filters(query)
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s {where} ORDER BY {_ORDER[query.order]} LIMIT %s OFFSET %s",
            (*params, query.limit, query.offset),
        ).fetchall()
        return [self._story_info(row, with_articles) for row in rows]

    @_reported
    def count_stories(self, query: StoryQuery = ALL_STORIES) -> int:
        where, params = self._filters(query)
        if query.text.strip():
            row = self.db.execute(
                f"WITH {_HITS} SELECT COUNT(*) FROM (SELECT DISTINCT story_id FROM hits) best"
                f" JOIN stories s ON s.id = best.story_id {where}",
                (query.text, MAX_HITS, *params),
            ).fetchone()
        else:
            row = self.db.execute(f"SELECT COUNT(*) FROM stories s {where}", params).fetchone()
        return int(row[0]) if row else 0

    def _search(self, query: StoryQuery, with_articles: bool) -> list[StoryInfo]:
        where, params = self._filters(query)
        rows = self.db.execute(
            f"WITH {_HITS}, best AS (SELECT DISTINCT ON (story_id) story_id, score, seq FROM hits"
            "  ORDER BY story_id, score DESC, seq)"
            f" SELECT {_STORY_COLUMNS}, best.seq FROM best JOIN stories s ON s.id = best.story_id {where}"
            " ORDER BY best.score DESC, s.rank DESC, s.id LIMIT %s OFFSET %s",
            (query.text, MAX_HITS, *params, query.limit, query.offset),
        ).fetchall()
        found = []
        for row in rows:
            snippet = self.db.execute(
                "SELECT ts_headline('english', a.text, websearch_to_tsquery('english', %s),"
                " 'StartSel=«, StopSel=», MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…')"
                " FROM articles a WHERE a.seq = %s",
                (query.text, row[-1]),
            ).fetchone()
            found.append(self._story_info(row[:-1], with_articles, matched=snippet[0] if snippet else ""))
        return found

    @staticmethod
    def _filters(query: StoryQuery) -> tuple[str, tuple[Any, ...]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.since:
            clauses.append("COALESCE(s.last_date, left(s.last_seen, 10)) >= %s")
            params.append(query.since.isoformat())
        if query.until:
            clauses.append("COALESCE(s.first_date, left(s.last_seen, 10)) <= %s")
            params.append(query.until.isoformat())
        if query.min_sources > 1:
            clauses.append("s.independent >= %s")
            params.append(query.min_sources)
        if query.outlet:
            clauses.append("s.id IN (SELECT story_id FROM story_outlets WHERE outlet = %s)")
            params.append(query.outlet)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)

    @_reported
    def get_story(self, story_id: str, with_articles: bool = False) -> StoryInfo | None:
        row = self.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = %s", (story_id,)).fetchone()
        return self._story_info(row, with_articles) if row else None

    @_reported
    def resolve(self, story_id: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM stories WHERE id = %s UNION ALL SELECT story_id FROM story_aliases WHERE old_id = %s"
            " LIMIT 1",
            (story_id, story_id),
        ).fetchone()
        return row[0] if row else None

    @_reported
    def story_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY created_seq")]

    @_reported
    def story_articles(self, story_id: str) -> list[Article]:
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = %s ORDER BY seq", (story_id,)
        ).fetchall()
        return [_article(row) for row in rows]

    @_reported
    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)).fetchone()
        return _article(row) if row else None

    @_reported
    def article_story(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = %s", (article_id,)).fetchone()
        return row[0] if row else None

    def assignments(self) -> Iterator[tuple[str, str]]:
        """(article id, story id) for every article, in arrival order, read in pages (bounded memory)."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT seq, id, story_id FROM articles WHERE seq > %s ORDER BY seq LIMIT 10000", (last,)
            ).fetchall()
            if not rows:
                return
            for _, article_id, story_id in rows:
                yield article_id, story_id
            last = rows[-1][0]

    @_reported
    def count_articles(self) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    @_reported
    def outlets(self, limit: int = 200) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT outlet, COUNT(*) FROM story_outlets GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT %s", (limit,)
        )
        return [(name, int(n)) for name, n in rows]

    # ---- the brief cache -------------------------------------------------------------------

    @_reported
    def cached_output(self, story_id: str, key: BriefKey) -> str | None:
        row = self.db.execute(
            "SELECT b.output FROM briefs b JOIN stories s ON s.id = b.story_id WHERE b.story_id = %s"
            " AND b.words = %s AND b.method = %s AND b.format = %s AND b.build = %s AND b.version = s.version",
            (story_id, key.words, key.method, key.fmt, key.build),
        ).fetchone()
        return row[0] if row else None

    def save_output(self, story_id: str, key: BriefKey, version: int, output: str) -> None:
        """Cache a rendering; a store that cannot take it keeps nothing (the output is still good)."""
        with suppress(psycopg.Error):
            self.db.execute(
                "INSERT INTO briefs VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (story_id, words, method, format) DO UPDATE SET build = excluded.build,"
                " version = excluded.version, output = excluded.output, created_at = excluded.created_at",
                (story_id, key.words, key.method, key.fmt, key.build, version, output, now_iso()),
            )

    # ---- ingest ------------------------------------------------------------------------------

    @contextmanager
    def writer(self, on_wait: Callable[[], None]) -> Iterator[None]:
        """Hold the store's one writer lock, a session advisory lock named after the database and schema."""
        key = "hashtext(current_database() || '.' || current_schema() || %s)"
        try:
            got = self.db.execute(f"SELECT pg_try_advisory_lock({key})", (_LOCK_NAME,)).fetchone()
            if not (got and got[0]):
                on_wait()
                self.db.execute(f"SELECT pg_advisory_lock({key})", (_LOCK_NAME,))
        except psycopg.Error as error:
            raise StoreError(self.location, explain(error)) from None
        try:
            yield
        finally:
            if not self.db.closed:
                self.db.execute(f"SELECT pg_advisory_unlock({key})", (_LOCK_NAME,))

    @_reported
    def check(self) -> str:
        self.db.execute("SELECT COUNT(*) FROM meta").fetchone()
        return "ok"

    @_reported
    def known(self, candidates: Sequence[tuple[str, str, str]]) -> set[int]:
        urls = sorted({url for url, _, _ in candidates if url})
        hashes = sorted({digest for _, digest, _ in candidates})
        stored_urls = {r[0] for r in self.db.execute("SELECT url FROM articles WHERE url = ANY(%s)", (urls,))}
        stored_texts = {
            (digest, source)
            for digest, source in self.db.execute(
                "SELECT text_hash, source FROM articles WHERE text_hash = ANY(%s)", (hashes,)
            )
        }
        return {
            k
            for k, (url, digest, source) in enumerate(candidates)
            if (url and url in stored_urls) or (digest, source) in stored_texts
        }

    @_reported
    def taken_ids(self, ids: Sequence[str]) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(ids),))}

    @_reported
    def copy_groups(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        rows = self.db.execute(
            "SELECT DISTINCT ON (story_id, text_hash) story_id, text_hash, source_group FROM articles"
            " WHERE text_hash = ANY(%s) ORDER BY story_id, text_hash, seq",
            (sorted({digest for _, digest in pairs}),),
        )
        found = {(story, digest): group for story, digest, group in rows}
        return {pair: found[pair] for pair in pairs if pair in found}

    @_reported
    def group_sketches(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, bytes]]]:
        found: dict[str, list[tuple[str, bytes]]] = {}
        rows = self.db.execute(
            "SELECT story_id, group_id, sketch FROM source_groups WHERE story_id = ANY(%s)", (sorted(set(story_ids)),)
        )
        for story_id, group_id, blob in rows:
            found.setdefault(story_id, []).append((group_id, bytes(blob)))
        return found

    @_reported
    def next_seq(self) -> int:
        row = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()
        return int(row[0]) if row else 1

    @_reported
    def recent_states(self, limit: int) -> list[StateRow]:
        rows = self.db.execute(
            "SELECT id, centroid, first_date, last_date, updated_seq FROM stories ORDER BY updated_seq DESC LIMIT %s",
            (limit,),
        )
        return [(id, bytes(blob), parse_day(first), parse_day(last), seq) for id, blob, first, last, seq in rows]

    @_reported
    def get_meta(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    @_reported
    def write(self, batch: Batch) -> None:
        now = now_iso()
        with self.db.transaction(), self.db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO articles (seq, id, story_id, url, text_hash, title, source, path, author, date,"
                " published_at, moment, language, source_group, headline_only, text, added_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
                        s.headline_only,
                        a.text,
                        now,
                    )
                    for s in batch.articles
                    for a in (s.article,)
                ],
            )
            cursor.executemany(
                "INSERT INTO source_groups VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", list(batch.sketches)
            )
            cursor.executemany(
                "INSERT INTO story_outlets VALUES (%s, %s) ON CONFLICT DO NOTHING",
                sorted({(s.article.source, s.story_id) for s in batch.articles if s.article.source}),
            )
            cursor.executemany(
                "INSERT INTO stories (id, title, lede, version, updated_seq, centroid, created_at, updated_at)"
                " VALUES (%s, %s, %s, 0, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
                " title = CASE WHEN stories.title = '' THEN excluded.title ELSE stories.title END,"
                " lede = CASE WHEN stories.lede = '' THEN excluded.lede ELSE stories.lede END,"
                " updated_seq = excluded.updated_seq, centroid = excluded.centroid",
                [(s.id, s.title, s.lede, s.updated_seq, s.centroid, now, now) for s in batch.stories],
            )
            changed = {s.id for s in batch.stories}
            for old, new in batch.merged.items():
                self._merge(cursor, old, new)
                changed.add(new)
            self._refresh(cursor, sorted(changed), now)
            cursor.executemany(
                "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(batch.meta.items()),
            )

    @staticmethod
    def _merge(cursor: psycopg.Cursor[Any], old: str, new: str) -> None:
        cursor.execute("UPDATE articles SET story_id = %s WHERE story_id = %s", (new, old))
        cursor.execute(
            "INSERT INTO story_outlets SELECT outlet, %s FROM story_outlets WHERE story_id = %s ON CONFLICT DO NOTHING",
            (new, old),
        )
        cursor.execute("DELETE FROM story_outlets WHERE story_id = %s", (old,))
        cursor.execute(
            "INSERT INTO source_groups SELECT %s, group_id, sketch FROM source_groups WHERE story_id = %s"
            " ON CONFLICT DO NOTHING",
            (new, old),
        )
        cursor.execute("DELETE FROM source_groups WHERE story_id = %s", (old,))
        cursor.execute("UPDATE story_aliases SET story_id = %s WHERE story_id = %s", (new, old))
        cursor.execute(
            "INSERT INTO story_aliases VALUES (%s, %s) ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
            (old, new),
        )
        cursor.execute("DELETE FROM briefs WHERE story_id = %s", (old,))
        cursor.execute("DELETE FROM stories WHERE id = %s", (old,))

    @staticmethod
    def _refresh(cursor: psycopg.Cursor[Any], story_ids: list[str], now: str) -> None:
        """Recompute the changed stories' counts, dates and rank from their articles (two reads for all)."""
        if not story_ids:
            return
        totals = {
            row[0]: row[1:]
            for row in cursor.execute(
                f"SELECT story_id, COUNT(*), MIN(date), MAX(date), {LATEST}, COUNT(DISTINCT source_group)"
                " FROM articles WHERE story_id = ANY(%s) GROUP BY story_id",
                (story_ids,),
            )
        }
        outlets: dict[str, list[tuple[str, int]]] = {}
        for story_id, source, n in cursor.execute(
            "SELECT story_id, source, COUNT(*) FROM articles WHERE story_id = ANY(%s) AND source <> ''"
            " GROUP BY story_id, source ORDER BY story_id, 3 DESC, source",
            (story_ids,),
        ):
            outlets.setdefault(story_id, []).append((source, n))
        columns = []
        for story_id in story_ids:
            size, first, last, seen, independent = totals.get(story_id, (0, None, None, None, 0))
            columns.append(Totals(size, first, last, seen, independent, outlets.get(story_id, [])).columns())
        updates = [(*values.values(), now, story_id) for values, story_id in zip(columns, story_ids, strict=True)]
        assignments = ", ".join(f"{name} = %s" for name in columns[0])
        cursor.executemany(
            f"UPDATE stories SET {assignments}, version = version + 1, updated_at = %s WHERE id = %s", updates
        )

    # ---- helpers -------------------------------------------------------------------------

    def _story_info(self, row: Sequence[Any], with_articles: bool, matched: str = "") -> StoryInfo:
        id, title, size, outlets, outlet_count, independent, first, last, seen, version, updated_at, lede = row
        ids: tuple[str, ...] = ()
        if with_articles:
            ids = tuple(
                r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = %s ORDER BY seq", (id,))
            )
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


def _article(row: Sequence[Any]) -> Article:
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
