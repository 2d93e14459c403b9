"""Name keys that make spelling variants meet: "Maaret al-Numan", "Maarat al-Numan" and "Ma'arrat an-Nu'man"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic article forms and joining words that transliterations add, drop or spell differently.
PARTICLES = frozenset({"al", "el", "an", "ar", "as", "ad", "at", "ash", "az", "en", "es", "ed", "et", "ul"})
_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "la", "du", "von", "van", "der"})
_APOSTROPHES = re.compile(r"['’‘`ʿʾ´]")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_VOWELS = re.compile(r"(?<!^)[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower-case ASCII words: accents, apostrophes, dots and hyphens gone; a leading "the" dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).replace(".", "").lower().replace("-", " ")
    text = " ".join(_NOT_WORD.sub(" ", text).split())
    return text[4:] if text.startswith("the ") else text


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """Folded words without transliteration particles."""
    return tuple(t for t in fold(name).split() if t not in PARTICLES)


def skeleton(name: str) -> str:
    """Consonant skeleton of the whole name: vowels after the first letter and doubled letters dropped."""
    joined = "".join(tokens(name))
    return _REPEATS.sub(r"\1", _VOWELS.sub("", joined))


def acronym_of(name: str) -> str:
    """Initials of a multi-word name's capitalised words: "Syrian Observatory for Human Rights" -> "SOHR"."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    initials = [w[0] for w in words if w.lower() not in _CONNECTORS | PARTICLES and w[0].isupper()]
    return "".join(initials) if len(initials) >= 2 else ""


def as_acronym(name: str) -> str:
    """ "U.N." and "UN" -> "UN"; "" when the name is not written as an acronym."""
    head = name[:2]
    if head != head.upper():
        return ""  # a lower-case letter up front ("Syria"): the common case, decided without copying the name
    letters = name.replace(".", "").replace(" ", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else ""
