"""HTML pages: main text and metadata extracted by trafilatura (imported on the first page: it takes a
third of a second, which a run without HTML need not pay)."""

from __future__ import annotations

from storyline.errors import InputError
from storyline.ingest.dates import parse_date
from storyline.models import Article


def parse_html(html: str, path: str) -> Article:
    """The article in an HTML page; InputError when the page holds no main text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = (document.text or "") if document is not None else ""
    if not text.strip():
        raise InputError(path, "no article text found in the HTML (empty, truncated or not an article page)")
    return Article(
        id="",
        text=text,
        title=(document.title or "").strip(),
        source=(document.sitename or document.hostname or "").strip(),
        url=(document.url or "").strip(),
        path=path,
        date=parse_date(document.date),
        author=(document.author or "").strip(),
    )
