"""Corroboration: how many independent sources report each sentence, and which claims only one source makes."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from scipy import sparse

from storyline.attribute import SAME_CONTENT, citations_for_many
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


def single_source_claims(
    story: Story, space: SentenceSpace, independent: dict[str, str], summary: list[SummarySentence] = ()
) -> list[SourcedText]:
    """Sentences whose content only one independent source reports: figures first, then the most central.

    A claim repeated by wire copies of one story is still one source's claim. Nothing the briefing already says
    is listed again: neither its sentences, nor the sentences it cites, nor any sentence about the same content
    as one of them.
    """
    if len({independent[a.id] for a in story.articles}) < 2:
        return []  # with one independent source, everything is single-source: nothing to point out
    position = {s.id: k for k, s in enumerate(story.sentences)}
    shown = {position[s.sentence_id] for s in summary if s.sentence_id in position}
    shown |= {position[f"{c.article_id}:{c.sentence_index}"] for s in summary for c in s.citations}
    eligible = np.array(
        [
            i
            for i, sentence in enumerate(story.sentences)
            if not sentence.heading and i not in shown and len(sentence.text.split()) >= MIN_WORDS
        ],
        dtype=np.int64,
    )
    if not len(eligible):
        return []
    # Independent sources reporting each eligible sentence, from the sparse rows of sentences alike to it.
    groups = sorted(set(independent.values()))
    column = {group: k for k, group in enumerate(groups)}
    membership = sparse.csr_matrix(
        (
            np.ones(len(story.sentences)),
            (np.arange(len(story.sentences)), [column[independent[s.article_id]] for s in story.sentences]),
        ),
        shape=(len(story.sentences), len(groups)),
    )
    alike = space.neighbours(eligible, SAME_CONTENT)
    reporting = np.asarray(((alike @ membership) > 0).sum(axis=1)).ravel()
    near_shown = np.asarray(alike[:, sorted(shown)].sum(axis=1)).ravel() > 0 if shown else np.zeros(len(eligible))
    centrality = space.centroid_similarity()
    candidates = [
        (_has_figure(story.sentences[i].text), float(centrality[i]), int(i))
        for i, count, near in zip(eligible, reporting, near_shown, strict=True)
        if count == 1 and not near
    ]
    candidates.sort(key=lambda c: (not c[0], -c[1], c[2]))
    picked = sorted(candidates[:MAX_SINGLE], key=lambda c: c[2])
    seen: set[str] = set()
    kept = []
    for _, _, i in picked:
        if story.sentences[i].text not in seen:  # the same sentence in two wire copies is listed once
            seen.add(story.sentences[i].text)
            kept.append(i)
    return [
        SourcedText(
            text=story.sentences[i].text,
            sources=tuple(c.article_id for c in citations),
            sentence_id=story.sentences[i].id,
        )
        for i, citations in zip(kept, citations_for_many(story, space, kept), strict=True)
    ]
