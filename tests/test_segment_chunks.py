"""The pre-split that spares pysbd the easy sentences must give exactly pysbd's sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.segment import _segmenter, split_paragraph


def pysbd_only(paragraph: str) -> list[str]:
    spans = (paragraph[s.start : s.end].strip() for s in _segmenter().segment(paragraph))
    return [text for text in spans if text]


def ours(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in split_paragraph(paragraph)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The army advanced. Gen. Smith said the U.S. would act. Talks end on Dec. 24, 2019. Nobody came.",
        'He said "we left. They stayed." The town fell. Others fled (to the north. Mostly) on foot.',
        "Things were done: 1. Turned off checks. 2. For the first time, did all wikis. It worked.",
        "The case went to the b.c. Coroner, officials said. The coroner will report. It is open.",
        'He said, ""nobody has to see it. They know this. " the line drew laughter. Then he left.',
        "Is it over? No. The fighting goes on! Aid groups warn of a catastrophe. Refugees mass at the border.",
        "The plan (approved in 2019) stalled. Its backers -- mostly donors. Wait. 'It is dead. Over.' Done.",
    ],
)
def test_chunked_split_matches_pysbd_on_hard_cases(paragraph: str) -> None:
    assert ours(paragraph) == pysbd_only(paragraph)


def test_chunked_split_matches_pysbd_on_the_seeds(seeds_dir: Path) -> None:
    paragraphs = [m.group() for path in sorted(seeds_dir.iterdir()) for m in re.finditer(r"[^\n]+", path.read_text())]
    assert len(paragraphs) > 50
    for paragraph in paragraphs:
        assert ours(paragraph) == pysbd_only(paragraph), paragraph
