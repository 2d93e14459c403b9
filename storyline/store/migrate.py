"""Upgrades of stores written by the last released schema (1) to the current one.

Schema 1 kept one article per cleaned text (a unique text hash), had no source groups, dates of
appearance, aliases, ranking or full-text index, and cached briefs without the build that made them.
Cached briefs are dropped (they are rebuilt on demand); everything else is carried over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.store.base import SCHEMA_VERSION, lede_of, now_iso

if TYPE_CHECKING:
    from storyline.store.sqlite import SQLiteStore


def sqlite_from_1(store: SQLiteStore) -> None:
    """Upgrade a schema-1 SQLite store in place; the caller holds the write transaction."""
    from storyline.store.sqlite import _SCHEMA

    db = store.db
    for index in ("articles_url", "articles_story", "stories_updated"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    db.execute("ALTER TABLE articles RENAME TO articles_v1")
    db.execute("ALTER TABLE stories RENAME TO stories_v1")
    db.execute("DROP TABLE briefs")
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute(
        "INSERT INTO articles (seq, id, story_id, url, text_hash, title, source, path, author, date, published_at,"
        " moment, language, source_group, headline_only, text, added_at)"
        " SELECT seq, id, story_id, url, text_hash, title, source, path, author, date, NULL,"
        " COALESCE(date || 'T12:00:00+00:00', added_at), '',"
        " CASE WHEN source <> '' THEN 'outlet:' || source ELSE 'article:' || id END, 0, text, added_at"
        " FROM articles_v1"
    )
    db.execute("DROP TABLE articles_v1")
    db.execute(
        "INSERT INTO stories (id, title, version, updated_seq, centroid, created_at, updated_at)"
        " SELECT id, title, version, updated_seq, centroid, created_at, updated_at FROM stories_v1"
    )
    db.execute("DROP TABLE stories_v1")
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    db.execute("INSERT OR IGNORE INTO story_outlets SELECT DISTINCT source, story_id FROM articles WHERE source <> ''")
    now = now_iso()
    for (story_id,) in db.execute("SELECT id FROM stories").fetchall():
        first = db.execute("SELECT text FROM articles WHERE story_id = ? ORDER BY seq LIMIT 1", (story_id,)).fetchone()
        if first:
            db.execute("UPDATE stories SET lede = ? WHERE id = ?", (lede_of(first[0]), story_id))
        store._refresh(story_id, now)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION).encode(),))
