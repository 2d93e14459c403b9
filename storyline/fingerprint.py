"""Compact fingerprints of article text, to tell wire copies apart from independent reports while a stream is
ingested (the briefing's own wire-copy analysis, `storyline.compare.wire`, reads whole texts; an ingest
cannot keep every text of a big story at hand).

A fingerprint is a bottom-k sketch: the SKETCH smallest hashes of the text's word 5-grams, with their count.
Two sketches estimate how much of the shorter text the longer one holds (Broder's estimator read on the hash
range both sketches cover), enough to recognise a reprint with a new headline, a trimmed end or a changed
dateline, without any text at hand.
"""

from __future__ import annotations

import zlib

import numpy as np

# What makes a wire copy is the briefing's rule (storyline.compare.wire), estimated here from sketches.
from storyline.compare.wire import MIN_SHARED, SHINGLE, WIRE_SHARE

SKETCH = 48  # hashes kept per text: estimates within ±0.07 of the exact share on the seeds' pairs
MAX_WORDS = 600  # words of a text read: an ingest pays for a fixed share of each article, however long
_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?-—–…«»"
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd constants that spread the combined word hashes over 64 bits
_STEP = np.uint64(0xC2B2AE3D27D4EB4F)


def sketch(text: str) -> bytes:
    """The text's fingerprint: its shingle count, then its smallest shingle hashes in order (64-bit each).

    Words are split on white space with their punctuation stripped (a regular expression per text costs more
    than everything else here), and only the first MAX_WORDS count: a reprint keeps its original's opening."""
    found = [w.strip(_PUNCTUATION) for w in text.lower().split(maxsplit=MAX_WORDS)[:MAX_WORDS]]
    found = [w for w in found if w]
    if len(found) < SHINGLE:
        return np.array([0], dtype=np.uint64).tobytes()
    words = np.array([zlib.crc32(w.encode()) for w in found], dtype=np.uint64)
    combined = np.zeros(len(found) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # 64-bit arithmetic wraps around, as a hash should
        for offset in range(SHINGLE):
            combined = combined * _STEP + words[offset : offset + len(combined)]
        combined = (combined ^ (combined >> np.uint64(29))) * _MIX
    unique = np.unique(combined)
    smallest = unique[:SKETCH]  # np.unique sorts
    return np.concatenate([np.array([len(unique)], dtype=np.uint64), smallest]).tobytes()


def _read(blob: bytes) -> tuple[int, np.ndarray]:
    values = np.frombuffer(blob, dtype=np.uint64)
    return int(values[0]), values[1:]


def is_copy(first: bytes, second: bytes) -> bool:
    """Whether one text reprints the other: most of the shorter's shingles are in the longer one (estimated)."""
    count_a, hashes_a = _read(first)
    count_b, hashes_b = _read(second)
    if min(count_a, count_b) < MIN_SHARED or not len(hashes_a) or not len(hashes_b):
        return False
    shorter, longer = (hashes_a, hashes_b) if count_a <= count_b else (hashes_b, hashes_a)
    # Only below the longer sketch's largest hash does it say what the longer text holds.
    covered = shorter[shorter <= longer[-1]] if len(longer) >= SKETCH else shorter
    if len(covered) < SKETCH // 4:
        return False  # too few hashes in common range to judge
    share = np.isin(covered, longer, assume_unique=True).mean()
    return bool(share >= WIRE_SHARE)
