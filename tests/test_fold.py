"""ascii_fold: a substring test on the folded text finds whatever a case-blind (IGNORECASE) search finds."""

from __future__ import annotations

import re

import pytest

from storyline.fold import ascii_fold

WORDS = ["yesterday", "last week", "pictured", "thousands", "six", "kilometres", "shown"]


@pytest.mark.parametrize(
    "text",
    ["YESTERDAY", "Last Week", "pıctured", "PİCTURED", "thouſands", "SİX", "Kilometres", "ſhown", "plain text"],
)
def test_ascii_fold_finds_what_ignorecase_finds(text: str) -> None:
    for word in WORDS:
        if re.search(word, text, re.IGNORECASE):
            assert word in ascii_fold(text), (word, text)
    assert any(re.search(word, text, re.IGNORECASE) for word in WORDS) == any(w in ascii_fold(text) for w in WORDS)
