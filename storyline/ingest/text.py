"""Plain text: the first non-empty line is the title; `|||||` separates articles (Multi-News).

Optional header lines near the top ("Source: …", "Date: …", "URL: …", "Author: …") fill the
article's metadata, so plain-text exports and hand-written files can name their outlet.
"""

from __future__ import annotations

import re

from storyline.ingest.dates import parse_date
from storyline.models import Article

ARTICLE_SEPARATOR = "|||||"
MAX_TITLE_WORDS = 30
HEADER_LINES = 10  # header lines are looked for among this many leading lines
_HEADER = re.compile(r"^\s*(source|outlet|publisher|site|date|published|url|link|author)\s*:\s*(\S.*?)\s*$", re.I)
_FIELDS = {"outlet": "source", "publisher": "source", "site": "source", "published": "date", "link": "url"}


def _headers(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Metadata from header lines among the leading lines, and which lines they were."""
    found: dict[str, str] = {}
    used: set[int] = set()
    for number, line in enumerate(lines[:HEADER_LINES]):
        match = _HEADER.match(line)
        if match:
            key = match.group(1).lower()
            found.setdefault(_FIELDS.get(key, key), match.group(2))
            used.add(number)
    return found, used


def parse_text(text: str, path: str) -> list[Article]:
    """Articles in a text file; chunks with no words are dropped."""
    chunks = text.split(ARTICLE_SEPARATOR) if ARTICLE_SEPARATOR in text else [text]
    articles = []
    for number, chunk in enumerate(chunks):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        title = ""
        if len(lines) > 1 and len(lines[0].split()) <= MAX_TITLE_WORDS and not _HEADER.match(lines[0]):
            title = lines.pop(0).strip()
        headers, used = _headers(lines)
        body = "\n".join(line for k, line in enumerate(lines) if k not in used)
        where = path if len(chunks) == 1 else f"{path}#{number + 1}"
        articles.append(
            Article(
                id="",
                text=body,
                title=title,
                source=headers.get("source", ""),
                url=headers.get("url", ""),
                path=where,
                date=parse_date(headers.get("date")),
                author=headers.get("author", ""),
            )
        )
    return articles
