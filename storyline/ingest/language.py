"""The language an article is written in, by py3langid (langid.py's model, shipped inside the wheel: nothing is
downloaded; trafilatura uses the same library for its own language filter).

The model is loaded on the first call (about 0.3 s), so a run that never asks pays nothing.
"""

from __future__ import annotations

import re
import threading

ENGLISH = "en"
# Enough text to be sure of, and no more: the model's cost grows with the text, its answer stops changing long
# before a whole article has been read.
SAMPLE_CHARS = 400
MIN_LETTERS = 40  # below this a language guess is noise (a headline-only item, "Home")
MIN_CONFIDENCE = 0.5  # normalised probability under which the answer is "unknown"
_LETTERS = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
# English's commonest function words. Where at least ENGLISH_SHARE of a sample's words are among them, the text is
# English without asking the model, which costs half a millisecond an article at ingest
# (benchmarks/language_shortcut.py: how many texts pass, and the highest share among other languages).
ENGLISH_WORDS = frozenset(
    {"the", "and", "of", "to", "that", "with", "for", "was", "were", "said", "have", "has", "this", "from", "by"}
    | {"which", "would", "their", "they", "he", "she", "is", "are", "it", "its"}
)
ENGLISH_SHARE = 0.2
MIN_WORDS = 20

_lock = threading.Lock()
_identifier = None


def _model():  # -> py3langid.langid.LanguageIdentifier
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when the text is too short or too mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return ""
    words = _WORDS.findall(sample.lower())
    if len(words) >= MIN_WORDS and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return ENGLISH
    language, confidence = _model().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else ""
