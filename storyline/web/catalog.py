"""The web app's read-only view of a story store, with rendered pages cached per story version.

SQLite connections cannot be shared between threads, and FastAPI runs handlers in a thread
pool, so each thread opens its own `Store`. A story's `version` grows with every article it
gains, so a page cached under (story, version) is never stale and a page view never re-briefs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from storyline.models import Article
from storyline.pipeline import DEFAULT_WORDS
from storyline.render.json import briefing_dict
from storyline.select import DEFAULT_METHOD
from storyline.store import Store, StoryInfo, brief_story


class PageCache:
    """A small thread-safe LRU of rendered pages; keys carry the story version."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


class Catalog:
    """Stories, briefings and articles of one store file, as the pages and the API need them."""

    def __init__(
        self, db: str | Path, words: int = DEFAULT_WORDS, method: str = DEFAULT_METHOD, page_cache: int = 512
    ) -> None:
        self.db = Path(db)
        self.words = words
        self.method = method
        self.pages = PageCache(page_cache)
        self._local = threading.local()
        Store(self.db, create=False).close()  # fail at start, with the store's own message, if it is missing

    @property
    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.db, create=False)
        return store

    def stories(self, query: str = "", limit: int = 50, offset: int = 0) -> tuple[list[StoryInfo], int]:
        """A page of stories, newest first, and how many match in all."""
        return self.store.list_stories(limit=limit, offset=offset, query=query), self.store.count_stories(query)

    def story(self, story_id: str) -> StoryInfo | None:
        return self.store.get_story(story_id)

    def briefing(self, story_id: str) -> dict[str, Any]:
        """The briefing dict, as `storyline brief --format json` gives it (cached in the store)."""
        cached = self.store.cached_brief(story_id, self.words, self.method)
        if cached is not None:
            return cached
        return briefing_dict(brief_story(self.store, story_id, self.words, self.method))

    def article(self, story_id: str, article_id: str) -> Article | None:
        """An article of this story; None for an unknown id or one that belongs to another story."""
        if self.store.article_story(article_id) != story_id:
            return None
        return self.store.get_article(article_id)
