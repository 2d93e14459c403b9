"""Sentence features that transfer across news benchmarks: position, length, centrality, cross-source support.

Nothing here reads letter case (Multi-News is lower-cased, real news is not). Most features are computed
from the story alone (plus how often each function word occurs, which tells reported fact from chatter
and web furniture); the one learned word list is a prior of how often each term of an input reaches its
summary (`word_prior`: news words up, furniture and asides down). Scale-dependent values are also given
as ranks within the story, so a scorer learned on short clusters can rate the sentences of long ones.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
from scipy import sparse
from scipy.stats import rankdata

from storyline.models import Story
from storyline.represent import STOP_WORDS, SentenceSpace

FUNCTION_WORDS = tuple(sorted(STOP_WORDS))
RANKED = (
    "centroid",
    "centrality",
    "other_article_max",
    "term_probability",
    "term_articles",
    "bigram_articles",
    "prior_mean",
)
FEATURES = (
    "relative_position",
    "log_index",
    "first",
    "log_words",
    "content_ratio",
    "centroid",
    "centrality",
    "other_article_max",
    "support",
    "term_probability",
    "term_articles",
    "bigram_articles",
    "digits",
    "quote",
    "prior_mean",
    "prior_max",
    "prior_min",
    "prior_sum",
    "article_centroid",
    "article_log_sentences",
    "article_prior",
    "lead_similarity",
    *(f"rank_{name}" for name in RANKED),
    "rank_log_words",
    *(f"word_{w}" for w in FUNCTION_WORDS),
)
PRIOR = "word_prior.npz"  # in storyline.data: per term, inputs that have it and summaries that reuse it
PRIOR_SMOOTHING = 10.0
SUPPORT_SIMILARITY = 0.25  # a sentence this similar in another article counts as that article reporting it
_DIGIT = re.compile(r"\d")
_COLUMN = {name: k for k, name in enumerate(FEATURES)}
_FUNCTION_COLUMN = {w: _COLUMN[f"word_{w}"] for w in FUNCTION_WORDS}
_FUNCTION_COLUMNS = np.array(sorted(_FUNCTION_COLUMN.values()))
_RANKED_COLUMNS = [_COLUMN[name] for name in (*RANKED, "log_words")]
_RANK_COLUMNS = [_COLUMN[f"rank_{name}"] for name in (*RANKED, "log_words")]


@lru_cache(maxsize=1)
def word_prior() -> dict[str, float]:
    """Each known term's log-odds of reaching the summary when it is in the input, less the average term's.

    Counts from `benchmarks/build_word_prior.py`, shrunk towards the average by PRIOR_SMOOTHING pseudo-inputs
    so that a term seen in five inputs cannot look certain.
    """
    with resources.as_file(resources.files("storyline.data") / PRIOR) as path, np.load(path) as data:
        inputs, reused = data["inputs"].astype(float), data["reused"].astype(float)
        base = reused.sum() / inputs.sum()
        rate = (reused + PRIOR_SMOOTHING * base) / (inputs + PRIOR_SMOOTHING)
        log_odds = np.log(rate / (1 - rate)) - np.log(base / (1 - base))
        return dict(zip(data["terms"].tolist(), log_odds.tolist(), strict=True))


def _bigrams(terms: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(terms))


def _article_share(units: list[set], article_ids: list[str], n_articles: int) -> np.ndarray:
    """For each sentence, the mean share of the story's articles that contain each of its units."""
    by_article: dict[str, set] = {}
    for article_id, found in zip(article_ids, units, strict=True):
        by_article.setdefault(article_id, set()).update(found)
    counts: Counter = Counter(u for found in by_article.values() for u in found)
    # sum / len of whole counts is exactly np.mean's value, without numpy's per-call overhead.
    return np.array([sum(counts[u] for u in found) / len(found) / n_articles if found else 0.0 for found in units])


def _prior_features(rows: np.ndarray, unique_terms: list[set[str]], article_ids: list[str]) -> None:
    """How newsworthy a sentence's words are (unknown terms count as average), and its whole article's."""
    prior = word_prior()
    article_terms: dict[str, set[str]] = {}
    for i, (unique, article_id) in enumerate(zip(unique_terms, article_ids, strict=True)):
        article_terms.setdefault(article_id, set()).update(unique)
        if unique:
            # fsum: exact, so the value does not depend on the order a set of strings happens to iterate in.
            values = [prior.get(t, 0.0) for t in unique]
            total = math.fsum(values)
            rows[i, _COLUMN["prior_mean"]] = total / len(values)
            rows[i, _COLUMN["prior_max"]] = max(values)
            rows[i, _COLUMN["prior_min"]] = min(values)
            rows[i, _COLUMN["prior_sum"]] = total
    article_mean = {
        a: math.fsum(prior.get(t, 0.0) for t in terms) / len(terms) if terms else 0.0
        for a, terms in article_terms.items()
    }
    rows[:, _COLUMN["article_prior"]] = [article_mean[a] for a in article_ids]


def _article_features(rows: np.ndarray, space: SentenceSpace, article_of: np.ndarray, index: np.ndarray) -> None:
    """What a sentence owes to its article: how close the article is to the others, its length, its first sentence.

    A story's main report tends to share most with the rest; a lone aside or a page of web furniture does not.
    `article_of`: each sentence's article as a number; `index`: its position in its article.
    """
    n, n_articles = len(article_of), int(article_of.max()) + 1
    # Each article's summed TF-IDF rows, and the sum of all the other articles'.
    membership = sparse.csr_matrix((np.ones(n), (article_of, np.arange(n))), shape=(n_articles, n))
    own = np.asarray((membership @ space.matrix).todense())
    others = own.sum(axis=0) - own
    norms = np.linalg.norm(own, axis=1) * np.linalg.norm(others, axis=1)
    cosine = np.divide((own * others).sum(axis=1), norms, out=np.zeros(n_articles), where=norms > 0)
    rows[:, _COLUMN["article_centroid"]] = cosine[article_of]
    rows[:, _COLUMN["article_log_sentences"]] = np.log(np.bincount(article_of)[article_of])
    lead = np.zeros(n_articles, dtype=int)
    lead[article_of[index == 0]] = np.flatnonzero(index == 0)  # every article's sentences start at index 0
    rows[:, _COLUMN["lead_similarity"]] = space.similarity[np.arange(n), lead[article_of]]


def sentence_features(story: Story, space: SentenceSpace) -> np.ndarray:
    """One row of FEATURES per sentence of the story."""
    sentences = story.sentences
    n = len(sentences)
    rows = np.zeros((n, len(FEATURES)))
    if n == 0:
        return rows
    per_article = Counter(s.article_id for s in sentences)
    article_ids = [s.article_id for s in sentences]
    n_articles = len(per_article)
    similarity = space.similarity.copy()
    np.fill_diagonal(similarity, 0.0)
    column_of = {a: k for k, a in enumerate(per_article)}
    article_of = np.array([column_of[a] for a in article_ids])
    other = np.where(np.equal.outer(article_of, article_of), 0.0, similarity)

    # How many other articles report a sentence: its best match in each other article, above a threshold.
    best_per_article = np.stack([other[article_of == k].max(axis=0) for k in range(n_articles)])
    support = (best_per_article >= SUPPORT_SIMILARITY).sum(axis=0) / max(n_articles - 1, 1)

    term_counts: Counter[str] = Counter(t for terms in space.terms for t in terms)
    total_terms = max(sum(term_counts.values()), 1)
    unique_terms = [set(terms) for terms in space.terms]

    index = np.array([s.index for s in sentences])
    lengths = np.array([max(len(s.text.split()), 1) for s in sentences])
    rows[:, _COLUMN["relative_position"]] = index / np.array([max(per_article[s.article_id], 1) for s in sentences])
    rows[:, _COLUMN["log_index"]] = np.log1p(index)
    rows[:, _COLUMN["first"]] = index == 0
    rows[:, _COLUMN["log_words"]] = np.log(lengths)
    rows[:, _COLUMN["content_ratio"]] = np.array([len(terms) for terms in space.terms]) / lengths
    rows[:, _COLUMN["term_probability"]] = [
        100 * (sum(term_counts[t] for t in unique) / len(unique)) / total_terms if unique else 0.0
        for unique in unique_terms
    ]
    rows[:, _COLUMN["digits"]] = [_DIGIT.search(s.text) is not None for s in sentences]
    rows[:, _COLUMN["quote"]] = [any(q in s.text for q in '"“”') for s in sentences]
    # Function-word rates: every (sentence, column) hit counted at once, then written as one block.
    hits = [(i, _FUNCTION_COLUMN[w]) for i, found in enumerate(space.words) for w in found if w in _FUNCTION_COLUMN]
    if hits:
        cell = np.array(hits)
        counts = np.bincount(cell[:, 0] * len(FEATURES) + cell[:, 1], minlength=n * len(FEATURES))
        rates = counts.reshape(n, len(FEATURES)) / lengths[:, None]
        rows[:, _FUNCTION_COLUMNS] = rates[:, _FUNCTION_COLUMNS]
    rows[:, _COLUMN["centroid"]] = space.centroid_similarity()
    rows[:, _COLUMN["centrality"]] = similarity.sum(axis=1) / max(n - 1, 1)
    rows[:, _COLUMN["other_article_max"]] = other.max(axis=1)
    rows[:, _COLUMN["support"]] = support
    rows[:, _COLUMN["term_articles"]] = _article_share(unique_terms, article_ids, n_articles)
    rows[:, _COLUMN["bigram_articles"]] = _article_share(
        [_bigrams(terms) for terms in space.terms], article_ids, n_articles
    )
    _prior_features(rows, unique_terms, article_ids)
    _article_features(rows, space, article_of, index)
    rows[:, _RANK_COLUMNS] = rankdata(rows[:, _RANKED_COLUMNS], axis=0) / n
    return rows
