"""Lead: the first sentences of each article, round-robin. The baseline to beat on news."""

from __future__ import annotations

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace
from storyline.select.base import Selector


class LeadSelector(Selector):
    """Sentence k of every article before sentence k+1 of any: position is the whole score."""

    name = "lead"

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        article_rank = {article.id: rank for rank, article in enumerate(story.articles)}
        n_articles = max(len(story.articles), 1)
        return np.array([-(s.index * n_articles + article_rank[s.article_id]) for s in story.sentences], dtype=float)
