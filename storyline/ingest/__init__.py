"""Ingest: paths, directories and standard input to raw Articles, with a Problem for each bad input.

Nothing here raises for a user mistake: every unusable file or record becomes a `Problem`
naming it, and reading goes on with the next input. Reading is bounded: a whole-file input (and
standard input that is not JSON lines) is at most MAX_FILE_BYTES, one JSON line (one record,
decompressed) at most MAX_LINE_BYTES; a line past the bound is skipped, and a stream that runs on
without a line break is given up. FIFOs are read like standard input (one with no writer is empty,
never a hang); devices and sockets are refused.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.errors import InputError
from storyline.ingest.decode import MAX_FILE_BYTES, decode
from storyline.ingest.html import parse_html
from storyline.ingest.jsonl import loads, parse_json, parse_jsonl, parse_numbered_jsonl
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


MAX_LINE_BYTES = MAX_FILE_BYTES  # one JSON line is one record: as large as one article file may be
_MB = 2**20


_CHUNK = 2**20  # bytes read at a time from a stream: lines are split by bytes.split, not one read call each


def _lines(handle: BinaryIO, where: str, first: bytes = b"") -> Iterator[tuple[int, str] | Problem]:
    """(line number, decoded line) for the non-blank lines of a byte stream, each at most MAX_LINE_BYTES (a
    Problem in place of one that is longer or not text); a stream that runs on for twice that without a line
    break is given up. Blank lines cost next to nothing, so a bomb of millions of them is read at C speed."""
    number = 0
    carry = first  # the start of a line whose end has not been read yet
    skipped = 0  # bytes of an over-long line dropped so far (0: none)
    read = getattr(handle, "read1", handle.read)  # read1: what is there, so a truncated gzip yields what it can
    broken: Problem | None = None
    while True:
        try:
            chunk = read(_CHUNK)
        except (OSError, EOFError, zlib.error) as error:
            chunk, broken = b"", Problem(where, f"cannot read compressed or truncated data ({error})")
        parts = (carry + chunk).split(b"\n")
        carry = parts.pop() if chunk else b""  # the last part runs on into the next chunk
        if not chunk and parts[-1:] == [b""]:
            parts.pop()
        for part in parts:
            number += 1
            if skipped:
                skipped = 0
                yield Problem(f"{where}:{number}", f"line is over the {_size(MAX_LINE_BYTES)} limit for one record")
            elif len(part) > MAX_LINE_BYTES:
                yield Problem(f"{where}:{number}", f"line is over the {_size(MAX_LINE_BYTES)} limit for one record")
            elif part.strip():
                try:
                    yield number, decode(part, f"{where}:{number}")
                except InputError as error:
                    yield Problem(error.path, error.message)
        if len(carry) > MAX_LINE_BYTES:
            skipped += len(carry)
            carry = b""
            if skipped > 2 * MAX_LINE_BYTES:
                stop = f"no line break in {_size(2 * MAX_LINE_BYTES)}: the rest is not read"
                yield Problem(f"{where}:{number + 1}", stop)
                return
        if not chunk:
            if skipped:
                yield Problem(f"{where}:{number + 1}", f"line is over the {_size(MAX_LINE_BYTES)} limit for one record")
            if broken:
                yield broken
            return


def _size(count: int) -> str:
    return f"{count // _MB} MB" if count >= _MB else f"{count:,} bytes"


def _read_bounded(handle: BinaryIO, where: str, head: bytes = b"") -> str:
    """The whole stream as text, at most MAX_FILE_BYTES; InputError past it."""
    data = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            where, f"over the {MAX_FILE_BYTES // _MB} MB limit for one input (use JSON lines, which are streamed)"
        )
    return decode(data, where)


def _stream(handle: BinaryIO, where: str, suffix: str) -> Iterator[Item]:
    """Articles in an open stream: JSON lines line by line, anything else read whole within the bound."""
    if suffix.endswith(".json.gz"):
        yield from parse_json(_read_bounded(handle, where), where)
        return
    found = False
    for item in parse_numbered_jsonl(_lines(handle, where), where):
        found = True
        yield item
    if not found:
        yield Problem(where, "empty file (no JSON lines)")


def _stream_jsonl(path: Path) -> Iterator[Item]:
    """JSON lines read lazily (gzip too), so a large export never sits in memory whole."""
    where = str(path)
    opener: Callable[..., BinaryIO] = gzip.open if path.name.lower().endswith(".gz") else open  # type: ignore[assignment]
    try:
        with opener(path, "rb") as handle:
            yield from _stream(handle, where, _suffix(path))
    except InputError as error:
        yield Problem(error.path, error.message)
    except (OSError, EOFError, zlib.error) as error:
        yield Problem(where, f"cannot read compressed or truncated data ({error})")


def _not_a_file(path: Path) -> str:
    """Why a path that exists cannot be read as an article file ("" when it can)."""
    mode = path.stat().st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file (pipe its content to standard input instead)"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return ""


def _read_fifo(path: Path) -> Iterator[Item]:
    """A named pipe, read like standard input; opened without blocking, so one nobody writes to is empty."""
    where = str(path)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as handle:
        yield from _read_handle(handle, where, _suffix(path))


def read_path(path: Path) -> Iterator[Item]:
    """Articles in one file; a Problem instead of any exception a bad file would raise."""
    where = str(path)
    suffix = _suffix(path)
    try:
        refusal = _not_a_file(path)
        if refusal:
            yield Problem(where, refusal)
            return
        if stat.S_ISFIFO(path.stat().st_mode):
            yield from _read_fifo(path)
            return
    except OSError as error:
        yield Problem(where, f"cannot read ({error.strerror or error})")
        return
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
                f"file is {size / _MB:.0f} MB, over the {MAX_FILE_BYTES / _MB:.0f} MB limit for one article "
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


def _walk(directory: Path) -> Iterator[Path | Problem]:
    """Article files below a directory, recursively, in sorted order, hidden files skipped; a Problem for each
    folder that cannot be read."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=unreadable.append):
        while unreadable:
            error = unreadable.pop(0)
            yield Problem(str(error.filename or root), f"cannot read this folder ({error.strerror or error})")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and _suffix(path) in SUFFIXES:
                yield path
    for error in unreadable:
        yield Problem(str(error.filename or directory), f"cannot read this folder ({error.strerror or error})")


def _read_handle(handle: BinaryIO, where: str, suffix: str = "") -> Iterator[Item]:
    """A byte stream of unknown length (standard input, a pipe): JSON lines are streamed, anything else is
    read whole within MAX_FILE_BYTES and recognised by suffix or content."""
    try:
        first = handle.readline(MAX_LINE_BYTES + 1)
        if first and (suffix in STREAMED or _one_json_record(first)):
            yield from parse_numbered_jsonl(_lines(handle, where, first), where)
            return
        text = _read_bounded(handle, where, first)
    except InputError as error:
        yield Problem(error.path, error.message)
        return
    except OSError as error:
        yield Problem(where, f"cannot read ({error.strerror or error})")
        return
    if not text.strip():
        yield Problem(where, "standard input is empty" if where == "-" else "empty (nothing was written to it)")
    else:
        yield from read_string(text, where, suffix)


def _one_json_record(line: bytes) -> bool:
    """A first line that is a whole JSON object: the stream is JSON lines."""
    stripped = line.strip()
    if not (stripped.startswith(b"{") and stripped.endswith(b"}")):
        return False
    try:
        return isinstance(loads(decode(stripped, "-"), "-"), dict)
    except InputError:
        return False


def _read_stdin(stream: io.TextIOBase) -> Iterator[Item]:
    """Standard input, decoded like a file (bytes when available, so Latin-1 input survives)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        yield from _read_handle(buffer, "-")
        return
    text = stream.read(MAX_FILE_BYTES + 1)  # a text stream (tests, embedding programs): bounded all the same
    if len(text) > MAX_FILE_BYTES:
        yield Problem("-", f"over the {MAX_FILE_BYTES // _MB} MB limit for one input")
    elif not text.strip():
        yield Problem("-", "standard input is empty")
    else:
        yield from read_string(text, "-")


def read_inputs(inputs: Iterable[str | Path], stdin: io.TextIOBase | None = None) -> Iterator[Item]:
    """Every article in the inputs, in order; `-` reads standard input."""
    for item in inputs:
        name = str(item)
        if name == "-":
            yield from _read_stdin(stdin or sys.stdin)  # type: ignore[arg-type]
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for entry in _walk(path):
                found = True
                yield from [entry] if isinstance(entry, Problem) else read_path(entry)
            if not found:
                yield Problem(name, f"directory holds no article files ({', '.join(sorted(set(SUFFIXES)))})")
        elif path.exists() or path.is_symlink():
            yield from read_path(path)
        else:
            yield Problem(name, "no such file or directory")
