"""Coverage: greedy budgeted maximum coverage of weighted concepts (Gillick & Favre style).

Concepts are stemmed content-word bigrams and unigrams. A concept is worth more the more
articles report it (cross-source agreement) and the earlier it appears (news puts the event
first). Each step takes the sentence with the best gain of not-yet-covered concept weight
per word, so repeated content earns nothing the second time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace
from storyline.select.base import Selector, selectable, sentence_words


def concepts(terms: list[str]) -> set[str]:
    return set(terms) | {f"{a} {b}" for a, b in pairwise(terms)}


class CoverageSelector(Selector):
    """Greedy concept coverage weighted by how many sources report each concept."""

    name = "coverage"

    def __init__(self, *, redundancy: float = 0.5, length_exponent: float = 0.6, position_decay: float = 0.1) -> None:
        super().__init__(redundancy=redundancy)
        self.length_exponent = length_exponent
        self.position_decay = position_decay

    def __repr__(self) -> str:
        return (
            f"CoverageSelector(redundancy={self.redundancy}, length_exponent={self.length_exponent}, "
            f"position_decay={self.position_decay})"
        )

    def concept_weights(self, story: Story, space: SentenceSpace) -> tuple[list[set[str]], dict[str, float]]:
        sentence_concepts = [concepts(terms) for terms in space.terms]
        articles: dict[str, set[str]] = defaultdict(set)
        first_position: dict[str, float] = {}
        for sentence, found in zip(story.sentences, sentence_concepts, strict=True):
            articles[sentence.article_id].update(found)
            for concept in found:
                first_position[concept] = min(first_position.get(concept, math.inf), sentence.index)
        frequency: dict[str, int] = defaultdict(int)
        for found in articles.values():
            for concept in found:
                frequency[concept] += 1
        weights = {
            concept: count * (1.0 + 0.5 * (" " in concept)) / (1.0 + self.position_decay * first_position[concept])
            for concept, count in frequency.items()
        }
        return sentence_concepts, weights

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        sentence_concepts, weights = self.concept_weights(story, space)
        return np.array(
            [
                sum(weights[c] for c in found) / max(sentence_words(s), 1) ** self.length_exponent
                for s, found in zip(story.sentences, sentence_concepts, strict=True)
            ]
        )

    def select(self, story: Story, words: int, space: SentenceSpace | None = None) -> list[int]:
        if words <= 0 or not story.sentences:
            return []
        space = space or SentenceSpace.of(story)
        sentence_concepts, weights = self.concept_weights(story, space)
        remaining = set(selectable(story))
        covered: set[str] = set()
        chosen: list[int] = []
        used = 0
        while remaining and used < words:
            best, best_gain = -1, 0.0
            for i in remaining:
                length = sentence_words(story.sentences[i])
                if used + length > words and not self.overrun:
                    continue
                gain = sum(weights[c] for c in sentence_concepts[i] - covered) / length**self.length_exponent
                if gain > best_gain:
                    best, best_gain = i, gain
            if best < 0:
                break
            remaining.discard(best)
            if self.redundant(space, chosen, best):
                continue
            chosen.append(best)
            covered |= sentence_concepts[best]
            used += sentence_words(story.sentences[best])
        return self.finish(story, chosen, words)
