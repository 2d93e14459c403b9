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
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
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
    return _lowered(_WORD.findall(text))


def _lowered(found: list[str]) -> list[str]:
    # One lower() over the joined words, not one per word: the same words, as "\n" is in none of them.
    return "\n".join(found).lower().replace("’", "'").split("\n") if found else []


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry content: stop words dropped, numbers kept."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def sentence_terms(text: str) -> tuple[list[str], list[str]]:
    """`content_terms` of a sentence and of its `main_clause`, the clause's read off the sentence's own words.

    The clause's words are the sentence's first words, unless the break cuts a word ("well-after"): then the
    clause is read on its own.
    """
    _, terms, clause_terms = _analyse(text)
    return terms, clause_terms


def _analyse(text: str) -> tuple[list[str], list[str], list[str]]:
    """A sentence's `words`, and its `sentence_terms`, from one tokenisation."""
    found = _WORD.findall(text)
    lowered = _lowered(found)
    kept = [stem(w) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit()) else None for w in lowered]
    terms = [t for t in kept if t is not None]
    match = _CLAUSE_BREAK.search(text, 20)
    if match is None:
        return lowered, terms, list(terms)
    head = _WORD.findall(text, 0, match.start())
    if head != found[: len(head)]:
        return lowered, terms, content_terms(text[: match.start()])
    return lowered, terms, [t for t in kept[: len(head)] if t is not None]


def main_clause(text: str) -> str:
    """The text up to the first clause break: usually who did what."""
    match = _CLAUSE_BREAK.search(text, 20)
    return text[: match.start()] if match else text


@dataclass
class SentenceSpace:
    """TF-IDF vectors of a story's sentences (and of their main clauses), fitted on the story.

    The weights are scikit-learn's TfidfVectorizer(sublinear_tf=True, norm="l2") fitted on the sentences'
    terms: the counts are built here from the term lists already made (the same vocabulary order as the
    vectorizer's) and weighted by its TfidfTransformer, so the numbers are the vectorizer's, bit for bit,
    without its per-call analysis and checks, which cost more than the arithmetic on a hundred sentences.
    """

    terms: list[list[str]]
    clause_terms: list[list[str]]
    words: list[list[str]]  # each sentence's `words`, kept for features that count function words

    @classmethod
    def of(cls, story: Story) -> SentenceSpace:
        analysed = [_analyse(s.text) for s in story.sentences]
        return cls(
            terms=[terms for _, terms, _ in analysed],
            clause_terms=[clause for _, _, clause in analysed],
            words=[found for found, _, _ in analysed],
        )

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        """Term -> column, in sorted order (as scikit-learn's vectorizer numbers its features)."""
        found = sorted({t for terms in self.terms for t in terms}) or ["empty"]
        return {term: column for column, term in enumerate(found)}

    @cached_property
    def _term_counts(self) -> sparse.csr_matrix:
        return self._counts(self.terms)

    @cached_property
    def _transformer(self) -> TfidfTransformer:
        """scikit-learn's weighting (sublinear tf, smoothed idf, L2 rows), fitted on the sentences that have terms."""
        counts = self._term_counts
        with_terms = np.flatnonzero(np.diff(counts.indptr))
        fitted_on = counts[with_terms] if len(with_terms) else sparse.csr_matrix((1, counts.shape[1]))
        return TfidfTransformer(sublinear_tf=True, norm="l2").fit(fitted_on)

    def _counts(self, rows: list[list[str]]) -> sparse.csr_matrix:
        """Term counts per row (terms outside the vocabulary ignored), columns sorted within each row."""
        index = self.vocabulary
        columns = np.array([index.get(t, -1) for terms in rows for t in terms], dtype=np.int64)
        row_ids = np.repeat(np.arange(len(rows), dtype=np.int64), [len(terms) for terms in rows])
        known = columns >= 0
        keys, counts = np.unique(row_ids[known] * len(index) + columns[known], return_counts=True)
        indptr = np.searchsorted(keys // len(index), np.arange(len(rows) + 1)).astype(np.int32)
        return sparse.csr_matrix(
            (counts.astype(np.float64), (keys % len(index)).astype(np.int32), indptr), shape=(len(rows), len(index))
        )

    @cached_property
    def matrix(self) -> sparse.csr_matrix:
        """Rows: sentences; L2-normalised TF-IDF over stemmed content words."""
        return self._transformer.transform(self._term_counts)

    @cached_property
    def clause_matrix(self) -> sparse.csr_matrix:
        return self._transformer.transform(self._counts(self.clause_terms))

    @cached_property
    def similarity(self) -> np.ndarray:
        """Pairwise sentence similarity: cosine of whole sentences or of main clauses, the larger."""
        whole = (self.matrix @ self.matrix.T).toarray()
        clauses = (self.clause_matrix @ self.clause_matrix.T).toarray()
        # Clause matches only count when both clauses say enough to identify a fact.
        lengths = np.array([len(set(t)) for t in self.clause_terms])
        enough = np.minimum.outer(lengths, lengths) >= MIN_CLAUSE_TERMS
        return np.maximum(whole, np.where(enough, clauses, 0.0))

    def neighbours(self, rows: np.ndarray, floor: float) -> sparse.csr_matrix:
        """`similarity` of the given sentences with every sentence, as a sparse matrix of the values >= floor.

        Computed from the sparse TF-IDF rows asked for, never as an all-pairs matrix: memory grows with the
        candidates found, not with the square of the story's sentences.
        """
        whole = self.matrix[rows] @ self.matrix.T
        clauses = self._long_clauses[rows] @ self._long_clauses.T
        best = whole.maximum(clauses).tocsr()
        best.data[best.data < floor] = 0.0
        best.eliminate_zeros()
        return best

    @cached_property
    def _long_clauses(self) -> sparse.csr_matrix:
        """`clause_matrix` with the rows of clauses too short to identify a fact zeroed: their products are then
        zero exactly where `similarity` ignores the clause match."""
        lengths = np.array([len(set(t)) for t in self.clause_terms], dtype=np.int64)
        keep = sparse.diags((lengths >= MIN_CLAUSE_TERMS).astype(np.float64))
        return (keep @ self.clause_matrix).tocsr()

    @cached_property
    def idf(self) -> dict[str, float]:
        """Term -> its inverse document frequency in the story (the weight `matrix` gives one occurrence)."""
        return dict(zip(self.vocabulary, self._transformer.idf_.tolist(), strict=True))

    def centroid_similarity(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine of each sentence with the story's centroid: how typical its content is."""
        return self._centroid_scores if rows is None else self._centroid_scores[rows]

    @cached_property
    def _centroid_scores(self) -> np.ndarray:
        # Selection and corroboration both ask: computed once per story.
        centroid = np.asarray(self.matrix.sum(axis=0))
        norm = np.linalg.norm(centroid)
        scores = np.zeros(self.matrix.shape[0])
        if norm > 0:
            # The rows are unit length already; normalising them again changes only the last bits, but those bits
            # are what the trees were trained on and what the tests compare with scikit-learn: kept, once per story.
            scores = np.asarray(normalize(self.matrix) @ (centroid / norm).T).ravel()
        scores.flags.writeable = False  # shared by every caller
        return scores
