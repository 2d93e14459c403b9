"""The pre-split that spares pysbd the easy sentences must give exactly pysbd's sentences (with the full stops
that cased prose reads on after joined again, as on the slow path)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.segment import _held, _segmenter, split_paragraph


def pysbd_only(paragraph: str) -> list[str]:
    held = _held(paragraph, ((s.start, s.end) for s in _segmenter().segment(paragraph)))
    spans = (paragraph[start:end].strip() for start, end in held)
    return [text for text in spans if text]


def ours(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in split_paragraph(paragraph)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The army advanced. Gen. Smith said the U.S. would act. Talks end on Dec. 24, 2019. Nobody came.",
        'He said "we left. They stayed." The town fell. Others fled (to the north. Mostly) on foot.',
        "It has been years since we did this. For this collection, several things were done: 1. Turned off "
        "duplicate detection. This collection will be huge. 2. For the first time, did all the wikis. It is out.",
        "A foot was found in the area northwest of sooke, b.c. Sooke police say a man was walking his dogs around "
        "8 a.m. Thursday, when one of the dogs found the foot. The b.c. Coroners service say the man took it home.",
        'Turkey hosts 3.6 million "refugees" (mostly Syrians) now. He shouted "stop-" Then the line went dead.',
        'Talks began Sept. 11, 2019, in Geneva. The Jan. 28 deal (signed) failed. He said "the Dec. 23 raid" hit.',
        "Is it over? No. The fighting goes on! Aid groups warn of a catastrophe. Refugees mass at the border.",
        "The plan (approved in 2019) stalled. Its backers -- mostly donors. Wait. 'It is dead. Over.' Done.",
        # Dotted acronyms: no end before a lower-case word or a capitalised word pysbd does not start sentences with.
        "The U.N. has warned of a catastrophe. The U.S. Secretary of State spoke. Then they left the U.S. He left.",
        "He left at 5 P.M. Tuesday came. It was the U.K. In the end the E.U. the U.S.A. We left.",
        # A quotation closing a sentence, balanced or not, and one opening a chunk.
        'He said "we condemn these attacks." He added that the U.S. calls for "full access to the areas.”',
        "Washington “condemns these attacks.” He added that the US calls for “a cease-fire.” Then he left.",
        "“These forces are leaving them nowhere to flee.” Pompeo said that.",
        'He "wants full access to the areas and "help." Then he left. It was the “end.” And “more.”',
        "Aid groups want full access to the areas.” He left. “They want access to the areas.” Fine.",
        "It was 1) over and 2) done.”",
        "It cost $5.”",
        "Prices rose to 3.5.”",
        "He met Mr.”",
        "He calls for full access to the areas.'' Then he left.",
        "He calls for “full access to the areas.''",
        "It cost $5.''",
        # A stray single quote that pysbd pairs with one in a later sentence.
        "It was next week.' Police did not stop. Wednesday came near newton. It was in a magazine.'' He left.",
        '"Stop now" Tom shouted at them.',
        "(With Officials) Tuesday he left.",
        "“It was 1) over, 2) done.”",
        "“It cost \\ 5 dollars.”",
        '"The town will fall in days, if not hours," Rami Abdulrahman said.',
        'He said "stop." "" she has spoken, " weiner said."',
        # Brackets inside brackets, and brackets between quotations.
        "(The town (near Idlib) fell to the army.)",
        "He said “no” (twice) “never” and left.",
        "He said “no” (Twice) to them. Then “never” (Once) “ok” and left.",
    ],
)
def test_chunked_split_matches_pysbd_on_hard_cases(paragraph: str) -> None:
    assert ours(paragraph) == pysbd_only(paragraph)


def test_chunked_split_matches_pysbd_on_the_seeds(seeds_dir: Path) -> None:
    paragraphs = [m.group() for path in sorted(seeds_dir.iterdir()) for m in re.finditer(r"[^\n]+", path.read_text())]
    assert len(paragraphs) > 50
    for paragraph in paragraphs:
        assert ours(paragraph) == pysbd_only(paragraph), paragraph
