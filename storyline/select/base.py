"""The one interface every selection method follows, and the selection logic they share.

A selector rates sentences (`score`); `select` in the base class turns ratings into a summary:
best first, headings skipped, never over the word budget, never two sentences with the same
content, then put back in reading order. Methods that are not "rate then rank" (coverage
objectives) override `select` and keep the same contract.

One exception, for evaluation only: with `overrun` set, a method takes sentences in its own order
regardless of length until the budget is reached, and the last one, which may run past it, goes last.
Benchmarks (DUC, Multi-News) rank sentences and cut the summary at N words; a summary that skips a
long sentence for shorter ones, or stops short of N words, is scored as a different, shorter summary.
`storyline eval` sets `overrun` and cuts at N words, as that set-up does; `storyline brief` never
sets it, so a briefing stays within its budget.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from storyline.models import Sentence, Story
from storyline.represent import STOP_WORDS, SentenceSpace

REDUNDANCY = 0.5  # sentences at least this similar say the same thing
# First words that point back at an earlier sentence: out of context, the reader cannot follow them.
# (Pronouns are allowed: excluding them cost 0.4 ROUGE-1 on Multi-News validation.)
_CONTEXT_OPENERS = frozenset({"but", "however", "meanwhile", "this", "these", "those", "earlier", "most"})
_TRIM = "\"'“”‘’()[],;:"
_NAME_TRIM = _TRIM + ".!?"
_NAME_MARKS = frozenset(_NAME_TRIM)


def sentence_words(sentence: Sentence) -> int:
    return len(sentence.text.split())


def short_names(story: Story) -> set[str]:
    """Words only ever written after another name ("Pedersen" of "Geir Pedersen"): a surname alone.

    A sentence opening with one was written after the full name was introduced, so on its own
    it names nobody the reader knows.
    """
    paired: set[str] = set()
    alone: set[str] = set()
    for article in story.articles:
        tokens = article.text.split()
        # Only a token that starts, after any marks, with a capital can be a name: find those first.
        for k in [k for k in range(1, len(tokens)) if tokens[k][:1].isupper() or tokens[k][:1] in _NAME_MARKS]:
            word = tokens[k].strip(_NAME_TRIM)
            previous = tokens[k - 1]
            if not word[:1].isupper() or previous[-1:] in '.!?"”,;:':
                continue  # not a name, a sentence start (capitalised anyway), or the next item of a list
            bare = previous.strip(_TRIM)
            if bare[:1].isupper() and bare.lower() not in STOP_WORDS:
                paired.add(word)
            else:
                alone.add(word)
    return paired - alone


def leans_on_context(sentence: Sentence, surnames: set[str]) -> bool:
    """Opens with a pronoun, a connective or a bare surname: it needs the sentence before it."""
    first = sentence.text.split(maxsplit=1)[0].strip(_TRIM).rstrip(",")
    return first.lower() in _CONTEXT_OPENERS or first.removesuffix("'s") in surnames


def selectable(story: Story) -> list[int]:
    """Sentences that may appear in a summary: no headings, captions or fragments, and none that
    only make sense after the sentence before them (unless that leaves nothing)."""
    candidates = [i for i, s in enumerate(story.sentences) if not s.heading]
    surnames = short_names(story)
    standalone = [i for i in candidates if not leans_on_context(story.sentences[i], surnames)]
    return standalone or candidates


def reading_order(story: Story, chosen: list[int]) -> list[int]:
    """The event's lead first: earlier in its article first, then by article order."""
    order = {article.id: rank for rank, article in enumerate(story.articles)}
    counts: dict[str, int] = {}
    for sentence in story.sentences:
        counts[sentence.article_id] = counts.get(sentence.article_id, 0) + 1

    def key(i: int) -> tuple[float, int, int]:
        s = story.sentences[i]
        return (s.index / max(counts[s.article_id], 1), order[s.article_id], s.index)

    return sorted(chosen, key=key)


class Selector:
    """Base class: subclasses set `name` and implement `score` (or override `select`)."""

    name: ClassVar[str] = ""
    overrun: bool = False  # eval only: one sentence past the budget, cut at N words by the scorer

    def __init__(self, *, redundancy: float = REDUNDANCY) -> None:
        self.redundancy = redundancy

    def __repr__(self) -> str:
        return f"{type(self).__name__}(redundancy={self.redundancy})"

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        """One rating per sentence of the story; higher is better."""
        raise NotImplementedError

    def select(self, story: Story, words: int, space: SentenceSpace | None = None) -> list[int]:
        """Indices of the chosen sentences in reading order, within `words` words."""
        if words <= 0 or not story.sentences:
            return []
        space = space or SentenceSpace.of(story)
        scores = self.score(story, space)
        candidates = sorted(selectable(story), key=lambda i: (-scores[i], i))
        return self.finish(story, self.fill(story, space, candidates, words), words)

    def finish(self, story: Story, chosen: list[int], words: int) -> list[int]:
        """The chosen sentences (in pick order) in reading order; a last pick that runs past the budget
        (only with `overrun`) goes last, where the cut at `words` words falls."""
        if sum(sentence_words(story.sentences[i]) for i in chosen) > words:
            return reading_order(story, chosen[:-1]) + chosen[-1:]
        return reading_order(story, chosen)

    def fill(self, story: Story, space: SentenceSpace, ranked: list[int], words: int) -> list[int]:
        """Take sentences in ranked order while they fit (or, with `overrun`, until the budget is reached)
        and say something new."""
        chosen: list[int] = []
        used = 0
        for i in ranked:
            if used >= words:
                break
            length = sentence_words(story.sentences[i])
            if (used + length > words and not self.overrun) or self.redundant(space, chosen, i):
                continue
            chosen.append(i)
            used += length
        return chosen

    def redundant(self, space: SentenceSpace, chosen: list[int], candidate: int) -> bool:
        return bool(chosen) and float(space.similarity[candidate, chosen].max()) >= self.redundancy
