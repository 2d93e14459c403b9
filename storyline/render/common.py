"""Shared pieces of the human-readable renderers: citation numbers and source lines."""

from __future__ import annotations

from storyline.models import Article, Briefing


def citation_numbers(briefing: Briefing) -> dict[str, int]:
    """Article id -> its number in the source list (story order, from 1)."""
    return {article.id: number for number, article in enumerate(briefing.story.articles, 1)}


def source_line(article: Article) -> str:
    """Title — outlet — date — URL or path, leaving out what is unknown."""
    parts = [article.title or "(untitled)"]
    if article.source:
        parts.append(article.source)
    if article.date:
        parts.append(article.date.isoformat())
    parts.append(article.url or article.path or article.id)
    return " — ".join(parts)


def byline(briefing: Briefing) -> str:
    n = len(briefing.story.articles)
    used = sum(len(s.text.split()) for s in briefing.summary)
    return f"{n} article{'s' * (n != 1)} · {used} words (budget {briefing.words}) · method: {briefing.method}"
