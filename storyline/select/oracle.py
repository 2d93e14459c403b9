"""Greedy ROUGE oracle: the sentences that best match the references. An upper anchor for evaluation only.

It reads the reference summaries, so it is never a `brief` method; `storyline eval --method oracle`
builds one per cluster. Greedy selection (add the sentence that most raises ROUGE-1 + ROUGE-2 F1,
stop when nothing does or nothing fits) is the usual way extractive oracles are built.
"""

from __future__ import annotations

from collections import Counter

from storyline.models import Story
from storyline.represent import SentenceSpace
from storyline.select.base import Selector, reading_order, selectable, sentence_words


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if overlap == 0:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


class OracleSelector(Selector):
    """Greedy maximisation of mean ROUGE-1 + ROUGE-2 F1 against the given references, within the budget."""

    name = "oracle"

    def __init__(self, references: tuple[str, ...] | list[str], *, redundancy: float = 1.01) -> None:
        from rouge_score.tokenizers import DefaultTokenizer

        super().__init__(redundancy=redundancy)
        self._tokenize = DefaultTokenizer(use_stemmer=True).tokenize
        tokens = [self._tokenize(r) for r in references]
        self._references = [(_ngrams(t, 1), _ngrams(t, 2)) for t in tokens]

    def _value(self, unigrams: Counter, bigrams: Counter) -> float:
        total = 0.0
        for ref_uni, ref_bi in self._references:
            total += _f1(sum((unigrams & ref_uni).values()), sum(unigrams.values()), sum(ref_uni.values()))
            total += _f1(sum((bigrams & ref_bi).values()), sum(bigrams.values()), sum(ref_bi.values()))
        return total / max(len(self._references), 1)

    def select(self, story: Story, words: int, space: SentenceSpace | None = None) -> list[int]:
        if words <= 0 or not story.sentences:
            return []
        tokens = {i: self._tokenize(story.sentences[i].text) for i in selectable(story)}
        grams = {i: (_ngrams(t, 1), _ngrams(t, 2)) for i, t in tokens.items()}
        chosen: list[int] = []
        unigrams: Counter = Counter()
        bigrams: Counter = Counter()
        used, best_value = 0, 0.0
        while True:
            best = -1
            for i, (uni, bi) in grams.items():
                if i in chosen or used + sentence_words(story.sentences[i]) > words:
                    continue
                value = self._value(unigrams + uni, bigrams + bi)
                if value > best_value:
                    best, best_value = i, value
            if best < 0:
                return reading_order(story, chosen)
            chosen.append(best)
            unigrams += grams[best][0]
            bigrams += grams[best][1]
            used += sentence_words(story.sentences[best])
