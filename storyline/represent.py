"""Sentence representations shared by selection, attribution and comparison.

A sentence becomes stemmed content words (Snowball stemmer, scikit-learn's English stop
words); a story's sentences become one TF-IDF matrix, so that "how similar are these two
sentences" is computed the same way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from storyline.models import Story

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CLAUSE_BREAK = re.compile(r",|;|:| - | — | – |\b(?:after|as|while|sending|according|which|who|amid|because)\b", re.I)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "s", "also", "mr", "mrs", "ms"}
_stemmer = snowballstemmer.stemmer("english")
MIN_CLAUSE_TERMS = 6  # a main clause shorter than this is too vague to identify a fact


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (hyphenated and apostrophe words kept whole)."""
    found = _WORD.findall(text)
    # One lower() over the joined words, not one per word: the same words, as "\n" is in none of them.
    return "\n".join(found).lower().replace("’", "'").split("\n") if found else []


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry content: stop words dropped, numbers kept."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def main_clause(text: str) -> str:
    """The text up to the first clause break: usually who did what."""
    match = _CLAUSE_BREAK.search(text, 20)
    return text[: match.start()] if match else text


def _identity(terms: list[str]) -> list[str]:
    return terms


@dataclass
class SentenceSpace:
    """TF-IDF vectors of a story's sentences (and of their main clauses), fitted on the story."""

    terms: list[list[str]]
    clause_terms: list[list[str]]

    @classmethod
    def of(cls, story: Story) -> SentenceSpace:
        texts = [s.text for s in story.sentences]
        return cls(
            terms=[content_terms(t) for t in texts],
            clause_terms=[content_terms(main_clause(t)) for t in texts],
        )

    @cached_property
    def _vectorizer(self) -> TfidfVectorizer:
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
        corpus = [t for t in self.terms if t] or [["empty"]]
        return vectorizer.fit(corpus)

    @cached_property
    def matrix(self) -> sparse.csr_matrix:
        """Rows: sentences; L2-normalised TF-IDF over stemmed content words."""
        return self._vectorizer.transform(self.terms)

    @cached_property
    def clause_matrix(self) -> sparse.csr_matrix:
        return self._vectorizer.transform(self.clause_terms)

    @cached_property
    def similarity(self) -> np.ndarray:
        """Pairwise sentence similarity: cosine of whole sentences or of main clauses, the larger."""
        whole = (self.matrix @ self.matrix.T).toarray()
        clauses = (self.clause_matrix @ self.clause_matrix.T).toarray()
        # Clause matches only count when both clauses say enough to identify a fact.
        lengths = np.array([len(set(t)) for t in self.clause_terms])
        enough = np.minimum.outer(lengths, lengths) >= MIN_CLAUSE_TERMS
        return np.maximum(whole, np.where(enough, clauses, 0.0))

    def centroid_similarity(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine of each sentence with the story's centroid: how typical its content is."""
        centroid = np.asarray(self.matrix.sum(axis=0))
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.zeros(self.matrix.shape[0])
        scores = np.asarray(normalize(self.matrix) @ (centroid / norm).T).ravel()
        return scores if rows is None else scores[rows]

    @property
    def vocabulary(self) -> dict[str, int]:
        return self._vectorizer.vocabulary_
