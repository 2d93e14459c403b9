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
    language, confidence = _model().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else ""
