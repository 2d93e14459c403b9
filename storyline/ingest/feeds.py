"""RSS and Atom feeds (feedparser): one Article per entry, its HTML content turned into paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import feedparser
import lxml.html
from lxml.etree import ParserError

from storyline.models import Article, Problem

_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.I)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per block element; plain text passes through."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        return lxml.html.fromstring(_BLOCK.sub("\n", fragment)).text_content().strip()
    except (ParserError, ValueError):
        return ""


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    return date(*parsed[:3]) if parsed else None


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The fullest text an entry carries: its content, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    candidates = [html_to_text(value) for value in [*contents, entry.get("summary", "")]]
    return max(candidates, key=len, default="")


def parse_feed(text: str, where: str) -> Iterator[Article | Problem]:
    """Every entry of an RSS or Atom feed; a Problem for the feed, or for each entry, that cannot be used."""
    try:
        feed = feedparser.parse(text)
    except (ValueError, OverflowError, RecursionError, UnicodeError) as error:  # e.g. "&#2000000;": chr() fails
        yield Problem(where, f"not a readable RSS/Atom feed ({type(error).__name__}: {' '.join(str(error).split())})")
        return
    if not feed.entries:
        reason = f" ({' '.join(str(feed.bozo_exception).split())})" if feed.get("bozo") else ""
        yield Problem(where, f"not an RSS/Atom feed, or a feed with no entries{reason}")
        return
    site = (feed.feed.get("title") or "").strip()
    for number, entry in enumerate(feed.entries, 1):
        body = _entry_text(entry)
        title = html_to_text(entry.get("title", ""))
        if not body:
            yield Problem(f"{where} entry {number}", "entry has no text (no content or summary)")
            continue
        source = entry.get("source", {}).get("title") or site
        yield Article(
            id="",
            text=body,
            title=title,
            source=source.strip(),
            url=(entry.get("link") or "").strip(),
            path=f"{where} entry {number}",
            date=_entry_date(entry),
            author=(entry.get("author") or "").strip(),
        )
