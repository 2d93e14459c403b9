"""Sentence features that transfer across news benchmarks: position, length, centrality, cross-source support.

Nothing here reads letter case (Multi-News is lower-cased, real news is not) or topic words; every
feature is computed from the story alone (plus how often each function word occurs, which tells
reported fact from chatter and web furniture), and scale-dependent values are also given as ranks
within the story, so a scorer learned on short clusters can rate the sentences of long ones.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import numpy as np
from scipy.stats import rankdata

from storyline.models import Story
from storyline.represent import STOP_WORDS, SentenceSpace, words

FUNCTION_WORDS = tuple(sorted(STOP_WORDS))
RANKED = ("centroid", "centrality", "other_article_max", "term_probability", "term_articles", "bigram_articles")
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
    *(f"rank_{name}" for name in RANKED),
    "rank_log_words",
    *(f"word_{w}" for w in FUNCTION_WORDS),
)
SUPPORT_SIMILARITY = 0.25  # a sentence this similar in another article counts as that article reporting it
_DIGIT = re.compile(r"\d")
_QUOTE = re.compile('["“”]')
_COLUMN = {name: k for k, name in enumerate(FEATURES)}
_FUNCTION_COLUMN = {w: _COLUMN[f"word_{w}"] for w in FUNCTION_WORDS}


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
    ids = np.array(article_ids, dtype=object)
    other = np.where(np.equal.outer(ids, ids), 0.0, similarity)

    # How many other articles report a sentence: its best match in each other article, above a threshold.
    column_of = {a: k for k, a in enumerate(per_article)}
    best_per_article = np.zeros((n_articles, n))
    np.maximum.at(best_per_article, np.array([column_of[a] for a in article_ids]), other)
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
    for i, (s, length) in enumerate(zip(sentences, lengths.tolist(), strict=True)):
        for token, count in Counter(words(s.text)).items():
            column = _FUNCTION_COLUMN.get(token)
            if column is not None:
                rows[i, column] = count / length
    rows[:, _COLUMN["centroid"]] = space.centroid_similarity()
    rows[:, _COLUMN["centrality"]] = similarity.sum(axis=1) / max(n - 1, 1)
    rows[:, _COLUMN["other_article_max"]] = other.max(axis=1)
    rows[:, _COLUMN["support"]] = support
    rows[:, _COLUMN["term_articles"]] = _article_share(unique_terms, article_ids, n_articles)
    rows[:, _COLUMN["bigram_articles"]] = _article_share(
        [_bigrams(terms) for terms in space.terms], article_ids, n_articles
    )
    for name in (*RANKED, "log_words"):
        rows[:, _COLUMN[f"rank_{name}"]] = rankdata(rows[:, _COLUMN[name]]) / n
    return rows
