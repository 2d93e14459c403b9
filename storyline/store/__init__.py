"""Story stores: articles, the stories they were clustered into, and cached briefings.

    store = open_store("storyline.db")                      # SQLite, the embedded default
    store = open_store("postgresql://user@host/storyline")  # PostgreSQL (the `postgres` extra)

Both implement `StoryStore` (storyline/store/base.py) and pass one contract suite.
"""

from __future__ import annotations

from storyline.settings import DEFAULT_DB
from storyline.store.base import (
    SCHEMA_VERSION,
    Batch,
    BriefKey,
    StoredArticle,
    StoreError,
    StoryInfo,
    StoryQuery,
    StoryStore,
    StoryUpdate,
    text_hash,
)
from storyline.store.sqlite import SQLiteStore as Store  # the embedded store, by its short name

__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "Batch",
    "BriefKey",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoryInfo",
    "StoryQuery",
    "StoryStore",
    "StoryUpdate",
    "is_url",
    "open_store",
    "text_hash",
]

_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str) -> bool:
    """A PostgreSQL URL, as opposed to a SQLite file path."""
    return location.startswith(_SCHEMES)


def open_store(location: str, *, create: bool = True) -> StoryStore:
    """The store at `location`: a `postgresql://` URL or a SQLite file path (`create`: make a missing one)."""
    if is_url(location):
        try:
            from storyline.store.postgres import PostgresStore
        except ImportError as error:
            raise StoreError(
                redact(location),
                f"PostgreSQL needs psycopg ({error.name} is missing): pip install 'storyline[postgres]'",
            ) from None
        return PostgresStore(location, create=create)
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(location, create=create)


def redact(location: str) -> str:
    """A store location fit for messages and pages: a URL without its password."""
    if not is_url(location) or "@" not in location:
        return location
    scheme, rest = location.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"
