"""JSON and JSONL records: {"text", "title"?, "source"?, "url"?, "date"?, "id"?}, lists of them,
and the benchmark rows of ../shared/data ({"id", "documents": [...], "summaries": [...]})."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace

from storyline.errors import InputError
from storyline.ingest.dates import parse_date, parse_datetime
from storyline.models import Article, Problem

TEXT_KEYS = ("text", "body", "content", "description", "summary")
DATE_KEYS = ("date", "published", "published_at", "timestamp")
TIME_KEYS = ("timestamp", "published_at", "published", "date")


def record_to_article(record: object, where: str) -> Article:
    """One article from a JSON record; InputError when it has no text."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = next((record[key] for key in TEXT_KEYS if isinstance(record.get(key), str) and record[key].strip()), "")
    title = str(record.get("title") or "").strip()
    if not text.strip() and not title:
        raise InputError(where, "record has no 'text' (nor a 'title' to stand for it)")
    source = record.get("source") or record.get("site") or ""
    published_at = next((t for key in TIME_KEYS if (t := parse_datetime(record.get(key))) is not None), None)
    day = next((d for key in DATE_KEYS if (d := parse_date(record.get(key))) is not None), None)
    return Article(
        id=str(record.get("id") or ""),
        text=text or title,  # a headline-only item (a feed's, an aggregator's) is its own text
        title=title,
        source=str(source).strip() if isinstance(source, str) else "",
        url=str(record.get("url") or record.get("link") or "").strip(),
        path=where,
        date=day or (published_at.date() if published_at else None),
        author=str(record.get("author") or "").strip(),
        published_at=published_at,
    )


def value_to_articles(value: object, where: str) -> Iterator[Article | Problem]:
    """Articles in one parsed JSON value: a record, a benchmark row, or a list of either."""
    if isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield from value_to_articles(item, f"{where}[{number}]")
    elif isinstance(value, dict) and isinstance(value.get("documents"), list):
        row_id = str(value.get("id") or "")
        for number, document in enumerate(value["documents"], 1):
            if isinstance(document, str):
                document = {"text": document}
            try:
                article = record_to_article(document, f"{where} document {number}")
            except InputError as error:
                yield Problem(error.path, error.message)
                continue
            if row_id and not article.id:
                article = replace(article, id=f"{row_id}-{number}")
            yield article
    elif isinstance(value, dict) and isinstance(value.get("articles"), list):
        yield from value_to_articles(value["articles"], where)
    else:
        try:
            yield record_to_article(value, where)
        except InputError as error:
            yield Problem(error.path, error.message)


def parse_json(text: str, path: str) -> Iterator[Article | Problem]:
    """A whole .json file; falls back to JSON lines when it holds several values."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from parse_jsonl(text.splitlines(), path)
            return
        raise InputError(path, f"malformed JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    yield from value_to_articles(value, path)


def parse_jsonl(lines: Iterable[str], path: str) -> Iterator[Article | Problem]:
    """JSON lines; a malformed line is reported and the rest still read."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(f"{path}:{number}", f"malformed JSON line ({error.msg})")
            continue
        yield from value_to_articles(value, f"{path}:{number}")
