"""Attribution: every article that states a summary sentence's fact, not only its origin.

An article is cited for a sentence only when one of its sentences states the same fact: the two share
enough content (the story's sentence similarity) or a passage word for word, and the candidate contradicts
none of the sentence's figures, names or quotations (`storyline.facts`): "80,000 displaced" is no support for
"358,000 displaced" but a disagreement, and one quotation of a speaker no support for another. The
thresholds are tuned on the tuning half of tests/fixtures/annotated/citations.json
(benchmarks/citation_quality.py).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from storyline.facts import conflict, facts, longest_run
from storyline.models import Citation, Story, SummarySentence
from storyline.represent import SentenceSpace

SAME_CONTENT = 0.4  # similarity at which two sentences report the same content
CANDIDATE = 0.15  # similarity below which a sentence is never read as support: too little in common to state a fact
VERBATIM = 5  # words in a row in common: a copied passage or a quotation repeated
ALIKE = 0.6  # similarity at which a sentence that contradicts nothing states the same fact, whatever it leaves out
COVERS = 0.5  # least share of the sentence's content (weighted by rarity in the story) a supporting sentence states


def supports(story: Story, space: SentenceSpace, i: int, j: int, similarity: float) -> bool:
    """Whether sentence j, `similarity` alike to sentence i, states sentence i's fact."""
    text, other = story.sentences[i].text, story.sentences[j].text
    if text == other:
        return True
    mine, theirs = facts(text), facts(other)
    if conflict(mine, theirs):
        return False
    if similarity >= ALIKE:
        return True
    if covered(space, i, j) < COVERS:
        return False
    return similarity >= SAME_CONTENT or longest_run(mine.words, theirs.words) >= VERBATIM


def covered(space: SentenceSpace, i: int, j: int) -> float:
    """Share of sentence i's content that sentence j states: its distinct terms, each weighted by its inverse
    document frequency in the story (a name counts more than "said")."""
    mine = set(space.terms[i])
    if not mine:
        return 0.0
    idf = space.idf
    return sum(idf[t] for t in mine.intersection(space.terms[j])) / sum(idf[t] for t in mine)


def citations_for(story: Story, space: SentenceSpace, index: int) -> list[Citation]:
    """For each article stating sentence `index`'s fact, its most similar supporting sentence: origin first,
    then story order."""
    return citations_for_many(story, space, [index])[0]


def citations_for_many(
    story: Story, space: SentenceSpace, indices: list[int], rows: sparse.csr_matrix | None = None
) -> list[list[Citation]]:
    """`citations_for` of several sentences, reading their candidates from one sparse product (`rows`, when the
    caller has it: `space.neighbours(indices, floor)` with a floor no higher than CANDIDATE): only sentences
    sharing content with each are read, never all pairs."""
    if rows is None:
        rows = space.neighbours(np.array(indices, dtype=np.int64), CANDIDATE)
    found = []
    for k, index in enumerate(indices):
        origin = story.sentences[index]
        span = slice(rows.indptr[k], rows.indptr[k + 1])
        best: dict[str, int] = {origin.article_id: index}
        for j, value in sorted(
            zip(rows.indices[span].tolist(), rows.data[span].tolist(), strict=True), key=lambda c: -c[1]
        ):
            article_id = story.sentences[j].article_id
            if article_id in best or story.sentences[j].heading or value < CANDIDATE:
                continue
            if supports(story, space, index, j, value):
                best[article_id] = j
        order = [origin.article_id] + [a.id for a in story.articles if a.id in best and a.id != origin.article_id]
        found.append([_citation(story, best[a]) for a in order])
    return found


def _citation(story: Story, index: int) -> Citation:
    sentence = story.sentences[index]
    return Citation(
        article_id=sentence.article_id, sentence_index=sentence.index, start=sentence.start, end=sentence.end
    )


def attribute(story: Story, space: SentenceSpace, chosen: list[int]) -> list[SummarySentence]:
    """Summary sentences for the chosen sentence indices, each with all its sources."""
    summary = []
    for i, citations in zip(chosen, citations_for_many(story, space, chosen), strict=True):
        summary.append(
            SummarySentence(
                text=story.sentences[i].text,
                sentence_id=story.sentences[i].id,
                sources=tuple(c.article_id for c in citations),
                citations=tuple(citations),
            )
        )
    return summary
