"""What every story store offers the use cases, and the plain data that crosses that boundary.

`StoryStore` is the interface (a Protocol): `storyline.store.sqlite.SQLiteStore` (embedded, the default)
and `storyline.store.postgres.PostgresStore` implement it and pass one contract suite
(tests/test_store_contract.py). A store only keeps and finds things: it never runs the pipeline,
clusters or renders; `storyline.service` does that with it.

Article identity: the same URL is one article; without a URL match, the same cleaned text from the same
outlet is one article. The same text from two outlets is two articles (wire copies: coverage worth
counting, once).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar, Protocol

from storyline.errors import StorylineError
from storyline.models import Article

SCHEMA_VERSION = 2
# Ranking: a story's score is its independent sources times exp(-age / RECENCY_DAYS). Its log is
# log(sources) + time / RECENCY_DAYS minus a term that is the same for every story at the moment of asking,
# so the order is a key computed once per write (`rank_key`) and read from an index.
RECENCY_DAYS = 2.0
SECONDS_PER_DAY = 86_400
# A story's latest moment, in SQL: its latest dated article's, or (no article dated) when it was last stored; an
# undated article must not make a story of last month look fresh.
LATEST = "COALESCE(MAX(CASE WHEN date IS NOT NULL THEN moment END), MAX(moment))"
OUTLETS_KEPT = 8  # outlet names kept with a story for listings (most articles first); the count is exact
LEDE_CHARS = 240


class StoreError(StorylineError):
    """The store cannot do what was asked: missing, damaged, read-only, full, or of another schema."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def text_hash(text: str) -> str:
    """The key that makes the same cleaned text count as one article (per outlet)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def parse_moment(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def article_moment(article: Article, added_at: str) -> str:
    """When an article appeared, as sortable ISO text in UTC: its time, else noon of its date, else when stored."""
    if article.published_at is not None:
        return article.published_at.astimezone(UTC).isoformat(timespec="seconds")
    if article.date is not None:
        return datetime.combine(article.date, time(12), UTC).isoformat(timespec="seconds")
    return added_at


def rank_key(independent_sources: int, latest: str | None) -> float:
    """The order of the front page: more independent sources, and fresher, first (`latest`: ISO moment)."""
    seconds = datetime.fromisoformat(latest).timestamp() if latest else 0.0
    return math.log(max(independent_sources, 1)) + seconds / (RECENCY_DAYS * SECONDS_PER_DAY)


def lede_of(text: str) -> str:
    """A one-line lede for listings: the first paragraph's first sentence, or its start."""
    first = text.split("\n", 1)[0].strip()
    for mark in (". ", "? ", "! "):
        cut = first.find(mark, 40)
        if 0 < cut < LEDE_CHARS:
            return first[: cut + 1]
    return first if len(first) <= LEDE_CHARS else first[:LEDE_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """What a story listing shows: no article text."""

    id: str
    title: str
    size: int  # articles
    outlets: tuple[str, ...]  # named outlets, most articles first (at most OUTLETS_KEPT)
    outlet_count: int  # distinct named outlets
    independent_sources: int  # each outlet, and each group of wire copies, counted once
    first_date: date | None
    last_date: date | None
    last_seen: str | None  # ISO moment of its latest article
    version: int
    updated_at: str
    lede: str = ""
    article_ids: tuple[str, ...] = ()  # filled only when asked for
    matched: str = ""  # for a text search: the best-matching article's snippet

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "size": self.size,
            "outlets": list(self.outlets),
            "outlet_count": self.outlet_count,
            "independent_sources": self.independent_sources,
            "first_date": iso(self.first_date),
            "last_date": iso(self.last_date),
            "last_seen": self.last_seen,
            "lede": self.lede,
            "version": self.version,
            "updated_at": self.updated_at,
        }
        if self.article_ids:
            data["articles"] = list(self.article_ids)
        if self.matched:
            data["matched"] = self.matched
        return data


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories to list, and in which order. Every filter is optional."""

    ORDERS: ClassVar[tuple[str, ...]] = ("top", "recent", "oldest")

    text: str = ""  # full-text search over titles and article text: the best matches first
    order: str = "top"  # top: independent coverage and recency; recent: latest article first; oldest: by creation
    since: date | None = None  # stories with an article on or after this date
    until: date | None = None  # ... and on or before this one
    outlet: str = ""  # covered by this outlet (its exact name)
    min_sources: int = 0  # at least this many independent sources
    limit: int = 50
    offset: int = 0


ALL_STORIES = StoryQuery(limit=2**62)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article to write, with its place in arrival order, the story it joined and the group of sources it
    counts in."""

    seq: int
    article: Article
    story_id: str
    text_hash: str
    source_group: str  # articles of one outlet, or copies of one text, share it: counted once
    headline_only: bool = False


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What one write batch does to a story, new or not (counts and dates are recomputed from its articles)."""

    id: str
    title: str  # used only while the story has no title
    lede: str  # likewise
    updated_seq: int
    centroid: bytes  # clustering state (storyline.cluster), opaque here


@dataclass(frozen=True, slots=True)
class BriefKey:
    """What a cached briefing depends on besides the story's version."""

    words: int
    method: str
    fmt: str  # "json": storyline.render.json.briefing_dict; else a rendered page
    build: str  # the package version and digests of the code and models that made it


@dataclass(frozen=True, slots=True)
class Batch:
    """One all-or-nothing write: new articles, the stories they changed, merges, and clustering state."""

    articles: Sequence[StoredArticle]
    stories: Sequence[StoryUpdate]
    merged: Mapping[str, str] = field(default_factory=dict)  # story id -> the story it was merged into
    meta: Mapping[str, bytes] = field(default_factory=dict)
    # (story id, source group, fingerprint of the group's first text): new groups, for telling later copies
    sketches: Sequence[tuple[str, str, bytes]] = ()


@dataclass(frozen=True, slots=True)
class Totals:
    """A story's counts, recomputed from its articles after a write."""

    size: int
    first_date: str | None
    last_date: str | None
    last_seen: str | None
    independent: int
    outlets: list[tuple[str, int]]  # (outlet, articles), most first

    def columns(self) -> dict[str, Any]:
        named = [name for name, _ in self.outlets]
        return {
            "size": self.size,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "last_seen": self.last_seen,
            "independent": self.independent,
            "outlet_count": len(named),
            "outlets": json.dumps(named[:OUTLETS_KEPT], ensure_ascii=False),
            "rank": rank_key(self.independent, self.last_seen),
            "multi": int(self.independent > 1),
        }


StateRow = tuple[str, bytes, date | None, date | None, int]


class StoryStore(Protocol):
    """The few operations the use cases need. Open one per thread; close it when done."""

    location: str  # what to call the store in messages (a path, or a URL without its password)
    read_only: bool

    def close(self) -> None: ...
    def __enter__(self) -> StoryStore: ...
    def __exit__(self, *exc: object) -> None: ...

    # ---- reading ----
    def list_stories(self, query: StoryQuery = ALL_STORIES, with_articles: bool = False) -> list[StoryInfo]: ...
    def count_stories(self, query: StoryQuery = ALL_STORIES) -> int: ...
    def get_story(self, story_id: str, with_articles: bool = False) -> StoryInfo | None: ...
    def resolve(self, story_id: str) -> str | None: ...
    def story_ids(self) -> list[str]: ...
    def story_articles(self, story_id: str) -> list[Article]: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def article_story(self, article_id: str) -> str | None: ...
    def assignments(self) -> Iterator[tuple[str, str]]: ...
    def count_articles(self) -> int: ...
    def outlets(self, limit: int = 200) -> list[tuple[str, int]]: ...

    # ---- the brief cache ----
    def cached_output(self, story_id: str, key: BriefKey) -> str | None: ...
    def save_output(self, story_id: str, key: BriefKey, version: int, output: str) -> None: ...

    # ---- ingest: one writer at a time, inside `writer` ----
    def writer(self, on_wait: Callable[[], None]) -> AbstractContextManager[None]: ...
    def known(self, candidates: Sequence[tuple[str, str, str]]) -> set[int]: ...
    def taken_ids(self, ids: Sequence[str]) -> set[str]: ...
    def copy_groups(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]: ...
    def group_sketches(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, bytes]]]: ...
    def next_seq(self) -> int: ...
    def recent_states(self, limit: int) -> list[StateRow]: ...
    def get_meta(self, key: str) -> bytes | None: ...
    def write(self, batch: Batch) -> None: ...
    def check(self) -> str: ...
