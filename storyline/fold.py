"""Case folding that agrees with re.IGNORECASE on ASCII words.

A case-blind regex search is slow in Python's re (it cannot skip ahead to a literal); a substring test
on the folded text is fast. IGNORECASE also matches four non-ASCII letters with ASCII ones ("İ", "ı",
"ſ" and the Kelvin sign), which lower() alone does not turn into them: they are mapped first, so a
substring test on `ascii_fold(text)` finds every place the case-blind pattern could match.
"""

from __future__ import annotations

_SPECIAL = "İıſK"
_TABLE = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def ascii_fold(text: str) -> str:
    """Lower-cased text with the letters IGNORECASE takes for ASCII ones mapped to them."""
    return (text.translate(_TABLE) if any(c in text for c in _SPECIAL) else text).lower()
