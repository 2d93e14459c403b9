"""The web app's view of a story store: a store per thread, and rendered pages cached per story version.

Store connections are not shared between threads, and FastAPI runs handlers in a thread pool, so each
thread opens its own store. A page is cached under its story's version and the build that made it: a
story that gains articles, or a new build, never gets an old page.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from storyline import service
from storyline.models import Article
from storyline.settings import Settings
from storyline.store import StoryInfo, StoryQuery, StoryStore, open_store

OUTLETS_TTL_S = 30.0


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
        if self.size == 0:
            return
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def public_path(path: str) -> str:
    """Where an article was read from, as a visitor may see it: the file's own name, never the server's folders."""
    return PurePath(path).name if "/" in path else path


class Catalog:
    """Stories, briefings and articles of one store, as the pages and the API need them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pages = PageCache(settings.page_cache)
        self._local = threading.local()
        self._stores: list[StoryStore] = []
        self._lock = threading.Lock()
        self._outlets: tuple[float, list[tuple[str, int]]] | None = None
        self.location = self.store.location  # opens this thread's store: a missing or bad one fails now

    @property
    def store(self) -> StoryStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.settings.db, create=False)
            with self._lock:
                self._stores.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                store.close()
            self._stores.clear()

    def stories(self, query: StoryQuery) -> tuple[list[StoryInfo], int]:
        return service.list_stories(self.store, query)

    def story(self, story_id: str) -> StoryInfo | None:
        """A story by id, following merges (the caller redirects when the id it asked for has become another)."""
        return service.find_story(self.store, story_id)

    def outlets(self) -> list[tuple[str, int]]:
        """The outlets a filter offers, most stories first: counted again at most every OUTLETS_TTL_S seconds (a
        count over every story is too slow for each page view of a large store)."""
        now = time.monotonic()
        with self._lock:
            if self._outlets is not None and now - self._outlets[0] < OUTLETS_TTL_S:
                return self._outlets[1]
        found = self.store.outlets()
        with self._lock:
            self._outlets = (now, found)
        return found

    def briefing(self, info: StoryInfo) -> dict[str, Any]:
        """The briefing dict, as `storyline brief --format json` gives it, with article paths made public."""
        data = service.stored_briefing(self.store, info, self.settings.words, self.settings.method)
        for article in data.get("articles", []):
            article["path"] = public_path(article.get("path", ""))
        return data

    def article(self, story_id: str, article_id: str) -> Article | None:
        """An article of this story; None for an unknown id or one that belongs to another story."""
        if self.store.article_story(article_id) != story_id:
            return None
        article = self.store.get_article(article_id)
        return replace(article, path=public_path(article.path)) if article else None
