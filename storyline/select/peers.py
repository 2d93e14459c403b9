"""The methods a user would otherwise pick: sumy's LexRank and TextRank, rating OUR sentences.

sumy's own tokenizer needs an NLTK download, so each sumy Sentence is built from a Storyline sentence
with a tokenizer that needs none; sumy then rates them with its own code, and the shared `fill` picks
within the budget exactly as for every other rate-then-rank method. Needs the `eval` extra.
"""

from __future__ import annotations

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace, words
from storyline.select.base import Selector


class WordTokenizer:
    """What sumy asks of a tokenizer: `to_words`. Our word regex, no model download."""

    language = "english"

    def to_words(self, text: str) -> list[str]:
        return words(text)


class SumySelector(Selector):
    """sumy's LexRank or TextRank ratings (English Snowball stemmer and stop words, sumy's defaults)."""

    def __init__(self, method: str = "lexrank", *, redundancy: float = 0.5) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}
        if method not in classes:
            raise ValueError(f"sumy method must be one of {', '.join(classes)}, not {method!r}")
        super().__init__(redundancy=redundancy)
        self.method = method
        self.name = method  # type: ignore[misc]  # the instance reports which peer it is
        self._summarizer = classes[method](Stemmer("english"))
        self._summarizer.stop_words = get_stop_words("english")
        # sumy computes ratings inside __call__ and hands them to _get_best_sentences: keep them instead.
        self._summarizer._get_best_sentences = lambda sentences, count, rating, *a, **k: rating

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        tokenizer = WordTokenizer()
        sentences = [SumySentence(s.text, tokenizer) for s in story.sentences]
        ratings = self._summarizer(ObjectDocumentModel([Paragraph(sentences)]), len(sentences)) or {}
        return np.array([float(ratings.get(s, 0.0)) for s in sentences])
