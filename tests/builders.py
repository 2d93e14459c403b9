"""Builders for small synthetic articles and stories used across tests."""

from __future__ import annotations

from storyline.clean import clean_article
from storyline.models import Article, Story
from storyline.segment import make_story


def make_article(text: str, title: str = "", **fields: object) -> Article:
    """A cleaned article with an id, as the pipeline would produce it."""
    return clean_article(Article(id=str(fields.pop("id", "")), text=text, title=title, **fields))  # type: ignore[arg-type]


def make_test_story(*texts: str) -> Story:
    """A story of one cleaned article per text."""
    return make_story([make_article(text, id=f"art{n}") for n, text in enumerate(texts, 1)])
