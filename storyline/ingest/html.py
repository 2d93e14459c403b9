"""HTML pages: the main text extracted by trafilatura, the metadata read from what the page declares
(`storyline.ingest.pagemeta`). trafilatura is imported on the first page: it takes a third of a second,
which a run without HTML need not pay."""

from __future__ import annotations

from typing import Any

import lxml.html
from lxml.etree import ParserError

from storyline.errors import InputError
from storyline.ingest.dates import parse_date
from storyline.ingest.pagemeta import read_page_meta
from storyline.models import Article

_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
# Tables hold article text on many pages (scores, schedules, Q&A layouts); headings and table cells never end up in
# a briefing. Favouring precision keeps related-link lists and teasers out, but on some pages it drops part of the
# article: when it keeps less than half of what the default pass finds, the default pass is taken.
# benchmarks/realpages_body.py measures both choices.
MIN_PRECISE_SHARE = 0.5
NO_TEXT = "no article text found in the HTML (empty, truncated or not an article page)"


def _extract(trafilatura: Any, html: str, **options: bool) -> Any:
    """trafilatura's Document (or None): tables in, comments and images out."""
    return trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, include_images=False, **options
    )


def parse_html(html: str, path: str) -> Article:
    """The article in an HTML page; InputError when the page holds no main text."""
    import trafilatura

    try:  # bytes with the encoding named: lxml refuses a str whose XML declaration names one
        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (ParserError, ValueError):
        raise InputError(path, NO_TEXT) from None
    document: Any = _extract(trafilatura, html, with_metadata=True, favor_precision=True)
    text = (document.text or "") if document is not None else ""
    fuller: Any = _extract(trafilatura, html)
    if fuller is not None and len(text) < MIN_PRECISE_SHARE * len(fuller.text or ""):
        text = fuller.text or ""  # the precise pass cut into the article itself
    if not text.strip():
        raise InputError(path, NO_TEXT)
    meta = read_page_meta(
        tree,
        fallback_title=document.title or "",
        fallback_url=document.url or "",
        fallback_site=document.sitename or "",
    )
    return Article(
        id="",
        text=text,
        title=meta.title,
        source=meta.source,
        url=meta.url,
        path=path,
        date=meta.date or parse_date(document.date),
        author=meta.author or (document.author or "").strip(),
        published_at=meta.published_at,
        language=meta.language,
    )
