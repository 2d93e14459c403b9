"""Ingest: paths, directories and standard input to raw Articles, with a Problem for each bad input.

Nothing here raises for a user mistake: every unusable file or record becomes a `Problem`
naming it, and reading goes on with the next input.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.decode import MAX_FILE_BYTES, decode
from storyline.ingest.html import parse_html
from storyline.ingest.jsonl import parse_json, parse_jsonl
from storyline.ingest.text import parse_text
from storyline.models import Article, Problem

__all__ = ["SUFFIXES", "read_inputs", "read_path", "read_string"]

log = logging.getLogger(__name__)

Item = Article | Problem


def _html(text: str, where: str) -> Iterator[Item]:
    yield parse_html(text, where)


def _text(text: str, where: str) -> Iterator[Item]:
    articles = parse_text(text, where)
    if not articles:
        raise InputError(where, "no text")
    yield from articles


def _jsonl(text: str, where: str) -> Iterator[Item]:
    yield from parse_jsonl(text.splitlines(), where)


def _feed(text: str, where: str) -> Iterator[Item]:
    from storyline.ingest.feeds import parse_feed  # feedparser is only imported when needed

    yield from parse_feed(text, where)


# suffix -> parser of decoded text. Whole-file parsers; JSONL files are streamed separately.
PARSERS: dict[str, Callable[[str, str], Iterable[Item]]] = {
    ".txt": _text,
    ".text": _text,
    ".md": _text,
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
    ".json": parse_json,
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
    ".rss": _feed,
    ".atom": _feed,
    ".xml": _feed,
}
STREAMED = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz")
SUFFIXES = (*PARSERS, ".jsonl.gz", ".ndjson.gz", ".json.gz")


def sniff(text: str) -> Callable[[str, str], Iterable[Item]]:
    """Choose a parser from the content, for stdin and files with unknown suffixes."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("{", "[")):
        return parse_json
    if (head.startswith("<?xml") and ("<rss" in head or "<feed" in head)) or head.startswith(("<rss", "<feed")):
        return _feed
    if head.startswith("<") and ("<html" in head or "<body" in head or "<!doctype" in head or "<p" in head):
        return _html
    return _text


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in STREAMED:
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_string(text: str, where: str = "-", suffix: str = "") -> Iterator[Item]:
    """Articles in a string (stdin, an upload, a paste); the parser is chosen by suffix or content."""
    parser = PARSERS.get(suffix) or sniff(text)
    try:
        yield from parser(text, where)
    except InputError as error:
        yield Problem(error.path, error.message)


def _stream_jsonl(path: Path) -> Iterator[Item]:
    """JSON lines read lazily (gzip too), so a large export never sits in memory whole."""
    where = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            lines = (decode(line, where) for line in handle)
            if path.name.lower().endswith(".json.gz"):
                yield from parse_json("".join(lines), where)
            else:
                yield from parse_jsonl(lines, where)
    except InputError as error:
        yield Problem(error.path, error.message)
    except (OSError, EOFError, zlib.error) as error:
        yield Problem(where, f"cannot read compressed or truncated data ({error})")


def read_path(path: Path) -> Iterator[Item]:
    """Articles in one file; a Problem instead of any exception a bad file would raise."""
    where = str(path)
    suffix = _suffix(path)
    if suffix in STREAMED:
        yield from _stream_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield Problem(where, "empty file")
            return
        if size > MAX_FILE_BYTES:
            yield Problem(
                where,
                f"file is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES / 2**20:.0f} MB limit for one article "
                "(split it, or use JSON lines, which are streamed)",
            )
            return
        text = decode(path.read_bytes(), where)
    except InputError as error:
        yield Problem(error.path, error.message)
        return
    except OSError as error:
        yield Problem(where, f"cannot read ({error.strerror or error})")
        return
    if not text.strip():
        yield Problem(where, "no text (only whitespace)")
        return
    yield from read_string(text, where, suffix)


def _walk(directory: Path) -> Iterator[Path]:
    """Article files below a directory, recursively, in sorted order, hidden files skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and _suffix(path) in SUFFIXES:
                yield path


def _read_stdin(stream: io.TextIOBase) -> Iterator[Item]:
    """Standard input, decoded like a file (bytes when available, so Latin-1 input survives)."""
    buffer = getattr(stream, "buffer", None)
    try:
        text = decode(buffer.read(), "-") if buffer is not None else stream.read()
    except InputError as error:
        yield Problem(error.path, error.message)
        return
    if not text.strip():
        yield Problem("-", "standard input is empty")
    else:
        yield from read_string(text, "-")


def read_inputs(inputs: Iterable[str | Path], stdin: io.TextIOBase | None = None) -> Iterator[Item]:
    """Every article in the inputs, in order; `-` reads standard input."""
    for item in inputs:
        name = str(item)
        if name == "-":
            yield from _read_stdin(stdin or sys.stdin)
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield from read_path(file)
            if not found:
                yield Problem(name, f"directory holds no article files ({', '.join(sorted(set(SUFFIXES)))})")
        elif path.exists():
            yield from read_path(path)
        else:
            yield Problem(name, "no such file or directory")
