"""Sentence features that transfer across news benchmarks: position, length, centrality, cross-source support.

Nothing here reads letter case (Multi-News is lower-cased, real news is not) or a corpus-specific
vocabulary; every feature is computed from the story alone, so a scorer learned on one benchmark
can rate the sentences of another.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace

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
    "digits",
    "quote",
    "log_sentences",
    "articles",
)
SUPPORT_SIMILARITY = 0.25  # a sentence this similar in another article counts as that article reporting it


def sentence_features(story: Story, space: SentenceSpace) -> np.ndarray:
    """One row of FEATURES per sentence of the story."""
    sentences = story.sentences
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    counts = Counter(s.article_id for s in sentences)
    article_ids = [s.article_id for s in sentences]
    n_articles = len(counts)
    similarity = space.similarity.copy()
    np.fill_diagonal(similarity, 0.0)
    same_article = np.equal.outer(np.array(article_ids, dtype=object), np.array(article_ids, dtype=object))
    other = np.where(same_article, 0.0, similarity)

    # How many other articles report a sentence: the best match in each other article above the threshold.
    article_index = {a: k for k, a in enumerate(counts)}
    columns = np.array([article_index[a] for a in article_ids])
    best_per_article = np.zeros((n, n_articles))
    np.maximum.at(best_per_article.T, columns, other.T)
    support = (best_per_article >= SUPPORT_SIMILARITY).sum(axis=1) / max(n_articles - 1, 1)

    term_counts: Counter[str] = Counter(t for terms in space.terms for t in terms)
    total_terms = max(sum(term_counts.values()), 1)
    term_articles: Counter[str] = Counter()
    for article_id in counts:
        term_articles.update(
            {t for s, terms in zip(sentences, space.terms, strict=True) if s.article_id == article_id for t in terms}
        )

    rows = np.zeros((n, len(FEATURES)))
    for i, (s, terms) in enumerate(zip(sentences, space.terms, strict=True)):
        length = max(len(s.text.split()), 1)
        unique = set(terms)
        rows[i] = (
            s.index / max(counts[s.article_id], 1),
            np.log1p(s.index),
            float(s.index == 0),
            np.log(length),
            len(terms) / length,
            0.0,  # centroid, filled below
            0.0,  # centrality, filled below
            0.0,  # other_article_max, filled below
            support[i],
            float(np.mean([term_counts[t] / total_terms for t in unique])) * 100 if unique else 0.0,
            float(np.mean([term_articles[t] / n_articles for t in unique])) if unique else 0.0,
            float(any(ch.isdigit() for ch in s.text)),
            float(any(q in s.text for q in '"“”')),
            np.log(n),
            float(n_articles),
        )
    rows[:, FEATURES.index("centroid")] = space.centroid_similarity()
    rows[:, FEATURES.index("centrality")] = similarity.sum(axis=1) / max(n - 1, 1)
    rows[:, FEATURES.index("other_article_max")] = other.max(axis=1)
    return rows
