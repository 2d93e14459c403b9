"""Bytes to text: reject binary files, decode UTF-8, fall back to Windows-1252 / Latin-1."""

from __future__ import annotations

from storyline.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024  # one article file; JSONL streams are read line by line
_CONTROL = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\f", b"")


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters in the first 8 KB, mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def decode(data: bytes, path: str) -> str:
    """Decode text bytes, raising InputError for binary data."""
    if looks_binary(data):
        raise InputError(path, "binary data, not text (expected .txt, .html, .json or .jsonl)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
