"""Attribution: every article that reports a summary sentence's content, not only its origin."""

from __future__ import annotations

import numpy as np

from storyline.models import Story, SummarySentence
from storyline.represent import SentenceSpace

SAME_CONTENT = 0.4  # similarity (whole sentence or main clause) at which two sentences report the same thing


def supporting_articles(story: Story, space: SentenceSpace, index: int, threshold: float = SAME_CONTENT) -> list[str]:
    """Article ids reporting sentence `index`: its own article first, then in story order."""
    origin = story.sentences[index].article_id
    similar = np.flatnonzero(space.similarity[index] >= threshold)
    reporting = {story.sentences[j].article_id for j in similar}
    return [origin] + [a.id for a in story.articles if a.id in reporting and a.id != origin]


def attribute(story: Story, space: SentenceSpace, chosen: list[int]) -> list[SummarySentence]:
    """Summary sentences for the chosen sentence indices, each with all its sources."""
    return [
        SummarySentence(
            text=story.sentences[i].text,
            sentence_id=story.sentences[i].id,
            sources=tuple(supporting_articles(story, space, i)),
        )
        for i in chosen
    ]
