"""JSON and JSONL records: {"text", "title"?, "source"?, "url"?, "date"?, "id"?}, lists of them,
and the benchmark rows of ../shared/data ({"id", "documents": [...], "summaries": [...]}).

Every record is judged alone: a value no article can have (nesting too deep for the parser, a number
too long to read, a field of the wrong type, an id too long to be one) makes a problem for that record
and the next one is read. Lone surrogates and NUL characters, which JSON escapes can carry but text
cannot, are replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from storyline.errors import InputError
from storyline.ingest.dates import parse_date, parse_datetime
from storyline.models import Article, Problem

MAX_ID_CHARS = 200  # ids travel in URLs and messages
MAX_FIELD_CHARS = 2_000  # a title, outlet, URL or author longer than this is not one
_UNWRITABLE = re.compile(r"[\ud800-\udfff\x00]")  # lone surrogates (a valid pair is one character) and NUL
TEXT_KEYS = ("text", "body", "content", "description", "summary")
DATE_KEYS = ("date", "published", "published_at", "timestamp")
TIME_KEYS = ("timestamp", "published_at", "published", "date")


def _writable(text: str) -> str:
    return (
        _UNWRITABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text) if _UNWRITABLE.search(text) else text
    )


def _field(record: dict[str, object], *keys: str, limit: int | None = MAX_FIELD_CHARS) -> str:
    """The first of `keys` that holds a string, cleaned and cut to `limit`; "" when none does (other types are
    not text)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return _writable(value.strip())[:limit]
    return ""


def _record_id(record: dict[str, object], where: str) -> str:
    value = record.get("id")
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(where, f"'id' must be a string or a whole number, not {type(value).__name__}")
    if isinstance(value, int) and abs(value) >= 10**MAX_ID_CHARS:
        raise InputError(where, f"'id' is a number of more than {MAX_ID_CHARS} digits")
    text = _writable(str(value).strip())
    if len(text) > MAX_ID_CHARS:
        raise InputError(where, f"'id' is longer than {MAX_ID_CHARS} characters")
    return text


def record_to_article(record: object, where: str) -> Article:
    """One article from a JSON record; InputError when it has no text or holds values no article can have."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = _field(record, *TEXT_KEYS, limit=None)
    title = _field(record, "title")
    if not text and not title:
        raise InputError(where, "record has no 'text' (nor a 'title' to stand for it)")
    published_at = next((t for key in TIME_KEYS if (t := parse_datetime(record.get(key))) is not None), None)
    day = next((d for key in DATE_KEYS if (d := parse_date(record.get(key))) is not None), None)
    return Article(
        id=_record_id(record, where),
        text=text or title,  # a headline-only item (a feed's, an aggregator's) is its own text
        title=title,
        source=_field(record, "source", "site"),
        url=_field(record, "url", "link"),
        path=where,
        date=day or (published_at.date() if published_at else None),
        author=_field(record, "author"),
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


def loads(text: str, where: str, what: str = "JSON") -> object:
    """A parsed JSON value; InputError (one line) for malformed JSON and for values Python cannot read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        at = f" at line {error.lineno} column {error.colno}" if what == "JSON" else ""
        raise InputError(where, f"malformed {what} ({error.msg}{at})") from None
    except RecursionError:
        raise InputError(where, f"malformed {what} (nested too deep to read)") from None
    except ValueError as error:  # an integer of thousands of digits
        raise InputError(where, f"malformed {what} ({' '.join(str(error).split())[:120]})") from None


def parse_json(text: str, path: str) -> Iterator[Article | Problem]:
    """A whole .json file; falls back to JSON lines when it holds several values."""
    try:
        value = loads(text, path)
    except InputError:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from parse_jsonl(text.splitlines(), path)
            return
        raise
    yield from _articles(value, path)


def parse_jsonl(lines: Iterable[str], path: str) -> Iterator[Article | Problem]:
    """JSON lines; each bad line is reported and the rest still read."""
    yield from parse_numbered_jsonl(enumerate(lines, 1), path)


def parse_numbered_jsonl(lines: Iterable[tuple[int, str] | Problem], path: str) -> Iterator[Article | Problem]:
    """(line number, line) pairs, or a Problem in place of a line that could not be read."""
    for line in lines:
        if isinstance(line, Problem):
            yield line
            continue
        number, text = line
        if not text.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = loads(text, where, "JSON line")
        except InputError as error:
            yield Problem(error.path, error.message)
            continue
        yield from _articles(value, where)


def _articles(value: object, where: str) -> Iterator[Article | Problem]:
    try:
        yield from value_to_articles(value, where)
    except RecursionError:  # lists nested in lists: too deep to walk
        yield Problem(where, "records nested too deep to read")
