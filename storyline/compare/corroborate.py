"""Corroboration: how many independent sources report each sentence, and which claims only one source makes."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from storyline.attribute import SAME_CONTENT, citations_for
from storyline.fold import ascii_fold
from storyline.models import SourcedText, Story, SummarySentence
from storyline.represent import SentenceSpace

MAX_SINGLE = 5  # lone claims listed per story: the most central ones
MIN_WORDS = 8  # shorter sentences rarely state a checkable claim
_FIGURE = re.compile(r"\d|\b(?:dozens?|hundreds|thousands|millions)\b", re.I)
_DIGIT = re.compile(r"\d")
_FIGURE_WORDS = ("dozen", "hundreds", "thousands", "millions")  # substrings the pattern needs, when no digit


def independent_count(sources: tuple[str, ...] | list[str], independent: dict[str, str]) -> int:
    return len({independent.get(source, source) for source in sources})


def with_independent_sources(summary: list[SummarySentence], independent: dict[str, str]) -> list[SummarySentence]:
    """Summary sentences with `independent_sources` set, each wire group counted once."""
    return [replace(s, independent_sources=independent_count(s.sources, independent)) for s in summary]


def _has_figure(text: str) -> bool:
    """`_FIGURE` matches: a digit, else one of its words (looked for as substrings first: far cheaper)."""
    if _DIGIT.search(text):
        return True
    folded = ascii_fold(text)
    return any(word in folded for word in _FIGURE_WORDS) and _FIGURE.search(text) is not None


def single_source_claims(story: Story, space: SentenceSpace, independent: dict[str, str]) -> list[SourcedText]:
    """Sentences whose content only one independent source reports: figures first, then the most central.

    A claim repeated by wire copies of one story is still one source's claim.
    """
    if len({independent[a.id] for a in story.articles}) < 2:
        return []  # with one independent source, everything is single-source: nothing to point out
    centrality = space.centroid_similarity()
    # Independent sources reporting each sentence, for all sentences at once (rows: sentences).
    groups = sorted(set(independent.values()))
    column = {article_id: groups.index(group) for article_id, group in independent.items()}
    membership = np.zeros((len(story.sentences), len(groups)))
    membership[np.arange(len(story.sentences)), [column[s.article_id] for s in story.sentences]] = 1
    reporting = ((space.similarity >= SAME_CONTENT).astype(float) @ membership > 0).sum(axis=1)
    candidates = []
    for i, sentence in enumerate(story.sentences):
        if reporting[i] != 1 or sentence.heading or len(sentence.text.split()) < MIN_WORDS:
            continue
        has_figure = _has_figure(sentence.text)
        candidates.append((has_figure, float(centrality[i]), i))
    candidates.sort(key=lambda c: (not c[0], -c[1], c[2]))
    picked = sorted(candidates[:MAX_SINGLE], key=lambda c: c[2])
    seen: set[str] = set()
    claims = []
    for _, _, i in picked:
        sentence = story.sentences[i]
        if sentence.text in seen:  # the same sentence in two wire copies
            continue
        seen.add(sentence.text)
        sources = tuple(c.article_id for c in citations_for(story, space, i))
        claims.append(SourcedText(text=sentence.text, sources=sources, sentence_id=sentence.id))
    return claims
