"""Sentence space: the TF-IDF numbers are scikit-learn's TfidfVectorizer's, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from builders import make_test_story
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from storyline.ingest import read_inputs
from storyline.models import Story
from storyline.pipeline import prepare
from storyline.represent import MIN_CLAUSE_TERMS, SentenceSpace, content_terms, main_clause, sentence_terms
from storyline.segment import make_story

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-fire"


def reference(space: SentenceSpace) -> dict[str, np.ndarray]:
    """What the space computed with scikit-learn's vectorizer (its implementation before it was inlined)."""
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, norm="l2")
    vectorizer.fit([t for t in space.terms if t] or [["empty"]])
    matrix, clauses = vectorizer.transform(space.terms), vectorizer.transform(space.clause_terms)
    lengths = np.array([len(set(t)) for t in space.clause_terms])
    enough = np.minimum.outer(lengths, lengths) >= MIN_CLAUSE_TERMS
    whole, clause = (matrix @ matrix.T).toarray(), (clauses @ clauses.T).toarray()
    centroid = np.asarray(matrix.sum(axis=0))
    norm = np.linalg.norm(centroid)
    return {
        "vocabulary": vectorizer.vocabulary_,
        "matrix": matrix.toarray(),
        "clause_matrix": clauses.toarray(),
        "similarity": np.maximum(whole, np.where(enough, clause, 0.0)),
        "centroid": np.asarray(normalize(matrix) @ (centroid / norm).T).ravel() if norm else np.zeros(len(lengths)),
    }


def stories() -> list[Story]:
    example = make_story(prepare(read_inputs([EXAMPLE]))[0])
    return [
        example,
        make_test_story("Fire broke out at the harbour on Monday. Firefighters fought the fire for hours."),
        make_test_story("Yes. No. Maybe so.", "It is what it is, and so it was."),  # sentences with no terms
        make_test_story("The fire, which spread fast, well-after midnight destroyed warehouses near the quay."),
    ]


@pytest.mark.parametrize("story", stories(), ids=["example", "two-sentences", "stop-words-only", "clause-cut"])
def test_space_matches_scikit_learn_bit_for_bit(story: Story) -> None:
    space = SentenceSpace.of(story)
    expected = reference(space)
    assert space.vocabulary == expected["vocabulary"]
    for name in ("matrix", "clause_matrix"):
        assert np.array_equal(getattr(space, name).toarray(), expected[name]), name
    assert np.array_equal(space.similarity, expected["similarity"])
    assert np.array_equal(space.centroid_similarity(), expected["centroid"])


def test_space_matches_scikit_learn_on_the_seeds(seeds_dir: Path) -> None:
    space = SentenceSpace.of(make_story(prepare(read_inputs([seeds_dir]))[0]))
    expected = reference(space)
    assert np.array_equal(space.similarity, expected["similarity"])
    assert np.array_equal(space.matrix.toarray(), expected["matrix"])


@pytest.mark.parametrize(
    "text",
    [
        "Syrian regime forces have entered a key rebel-held town, a war monitor said.",
        "The long and winding negotiations in Geneva well-after the deadline failed.",  # the break cuts a word
        "Turkey already hosts more than 3.6 million Syrian refugees and fears millions more could come.",
        "Short one.",
    ],
)
def test_sentence_terms_are_the_sentence_and_main_clause_terms(text: str) -> None:
    assert sentence_terms(text) == (content_terms(text), content_terms(main_clause(text)))


def test_represent_neighbours_are_the_similarity_rows_above_the_floor() -> None:
    story = make_test_story(
        "Troops entered the town on Tuesday after a long siege, officials said.",
        "Troops entered the town on Tuesday after a siege of weeks, activists said.",
        "In August, troops captured another town on the highway to the north.",
    )
    space = SentenceSpace.of(story)
    rows = np.arange(len(story.sentences))
    dense = space.similarity
    assert np.allclose(space.neighbours(rows, 0.0).toarray(), dense)
    assert np.allclose(space.neighbours(rows, 0.3).toarray(), np.where(dense >= 0.3, dense, 0.0))
