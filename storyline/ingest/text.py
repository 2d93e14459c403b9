"""Plain text: the first non-empty line is the title; `|||||` separates articles (Multi-News)."""

from __future__ import annotations

from storyline.models import Article

ARTICLE_SEPARATOR = "|||||"
MAX_TITLE_WORDS = 30


def parse_text(text: str, path: str) -> list[Article]:
    """Articles in a text file; chunks with no words are dropped."""
    chunks = text.split(ARTICLE_SEPARATOR) if ARTICLE_SEPARATOR in text else [text]
    articles = []
    for number, chunk in enumerate(chunks):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        title = ""
        if len(lines) > 1 and len(lines[0].split()) <= MAX_TITLE_WORDS:
            title = lines[0].strip()
            body = chunk[chunk.index(lines[0]) + len(lines[0]) :]
        else:
            body = chunk
        where = path if len(chunks) == 1 else f"{path}#{number + 1}"
        articles.append(Article(id="", text=body, title=title, path=where))
    return articles
