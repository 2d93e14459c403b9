"""Attribution: every article that reports a summary sentence's content, not only its origin."""

from __future__ import annotations

import numpy as np

from storyline.models import Citation, Story, SummarySentence
from storyline.represent import SentenceSpace

SAME_CONTENT = 0.4  # similarity (whole sentence or main clause) at which two sentences report the same thing


def citations_for(story: Story, space: SentenceSpace, index: int, threshold: float = SAME_CONTENT) -> list[Citation]:
    """For each article reporting sentence `index`, its best-matching sentence: origin first, then story order."""
    origin = story.sentences[index]
    best: dict[str, int] = {origin.article_id: index}
    row = space.similarity[index]
    for j in np.flatnonzero(row >= threshold):
        article_id = story.sentences[j].article_id
        if article_id not in best or row[j] > row[best[article_id]]:
            best[article_id] = int(j)
    best[origin.article_id] = index
    order = [origin.article_id] + [a.id for a in story.articles if a.id in best and a.id != origin.article_id]
    return [_citation(story, best[a]) for a in order]


def _citation(story: Story, index: int) -> Citation:
    sentence = story.sentences[index]
    return Citation(
        article_id=sentence.article_id, sentence_index=sentence.index, start=sentence.start, end=sentence.end
    )


def attribute(story: Story, space: SentenceSpace, chosen: list[int]) -> list[SummarySentence]:
    """Summary sentences for the chosen sentence indices, each with all its sources."""
    summary = []
    for i in chosen:
        citations = citations_for(story, space, i)
        summary.append(
            SummarySentence(
                text=story.sentences[i].text,
                sentence_id=story.sentences[i].id,
                sources=tuple(c.article_id for c in citations),
                citations=tuple(citations),
            )
        )
    return summary
