"""Wire copies: articles that reprint the same agency story, found by the word shingles they share.

Up to EXACT_PAIRS articles, every pair is compared; beyond, MinHash LSH proposes the candidate
pairs cheaply. Either way the share of text in common is computed exactly on the shingle sets,
so the reported `shared` is a measurement, not an estimate.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations, pairwise

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.models import Story, WireGroup
from storyline.represent import SentenceSpace, words

SHINGLE = 5  # words per shingle: long enough that shared shingles mean copied text
NUM_PERM = 64  # enough to propose candidates: shares are then computed exactly
LSH_THRESHOLD = 0.1  # Jaccard at which LSH proposes a pair (low: a reprint may add much text of its own)
WIRE_SHARE = 0.25  # share of the shorter article's shingles found in the other that makes a wire copy
MIN_SHARED = 40  # shingles in common (a 45-word passage): one shared quotation does not make a wire copy
# Up to this many articles every pair is compared exactly: cheaper than hashing for LSH (sha1 per shingle), and
# never misses a pair that LSH, being probabilistic, might.
EXACT_PAIRS = 60


def shingle_sets(tokens: dict[str, list[str]]) -> dict[str, set[int]]:
    """Each article's runs of SHINGLE consecutive words, numbered: one number per distinct run in the story.

    Runs are numbered a word at a time with numpy (the numbers of (run so far, next word) pairs, made
    dense again after each step), exactly and without building a tuple of words per position.
    """
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(w, len(vocabulary)) for w in found] for found in tokens.values()]
    flat = np.array([i for article in ids for i in article], dtype=np.int64)
    begins = np.cumsum([0, *map(len, ids)])
    starts = [np.arange(begin, end - SHINGLE + 1) for begin, end in pairwise(begins.tolist())]
    positions = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    run = flat[positions]
    for offset in range(1, SHINGLE):
        run = np.unique(run * len(vocabulary) + flat[positions + offset], return_inverse=True)[1].ravel()
    ends = np.cumsum([len(p) for p in starts]).tolist()
    return {key: set(run[end - len(p) : end].tolist()) for key, p, end in zip(tokens, starts, ends, strict=True)}


def share(a: set, b: set) -> float:
    """Share of the shorter text's shingles that the other contains."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


@lru_cache(maxsize=1)
def _lsh_params() -> tuple[int, int]:
    """Bands and rows for the threshold: datasketch finds them by numerical integration, so once."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def candidate_pairs(sets: dict[str, set[int]]) -> set[tuple[str, str]]:
    """Pairs of article ids (story order) to compare: all of them in a small story, else those whose MinHash
    signatures collide in the LSH index (sets hold shingle numbers, which name a shingle within the story)."""
    keys = [key for key, value in sets.items() if value]
    if len(keys) <= EXACT_PAIRS:
        return set(combinations(keys, 2))
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_params())
    # bulk() shares one set of permutations: building them per article costs more than hashing.
    signatures = MinHash.bulk([[str(n).encode() for n in sets[k]] for k in keys], num_perm=NUM_PERM)
    hashes = dict(zip(keys, signatures, strict=True))
    for key, minhash in hashes.items():
        lsh.insert(key, minhash)
    order = list(sets)
    pairs = set()
    for key, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != key:
                pairs.add(tuple(sorted((key, other), key=order.index)))
    return pairs


def wire_groups(story: Story, space: SentenceSpace | None = None) -> list[WireGroup]:
    """Groups of articles sharing wire text, in story order, each with its share of text in common.

    An article's text is the words of its sentences in order (`space.words` when the story is already
    represented, so nothing is tokenised twice).
    """
    tokens: dict[str, list[str]] = {article.id: [] for article in story.articles}
    found = space.words if space is not None else [words(s.text) for s in story.sentences]
    for sentence, sentence_words in zip(story.sentences, found, strict=True):
        tokens[sentence.article_id].extend(sentence_words)
    sets = shingle_sets(tokens)
    shares, linked = {}, []
    for a, b in candidate_pairs(sets):
        common = len(sets[a] & sets[b])
        shares[a, b] = common / min(len(sets[a]), len(sets[b]))
        if shares[a, b] >= WIRE_SHARE and common >= MIN_SHARED:
            linked.append((a, b))
    parent = {article_id: article_id for article_id in sets}

    def root(node: str) -> str:
        while parent[node] != node:
            node = parent[node]
        return node

    for a, b in linked:
        parent[root(b)] = root(a)
    members: dict[str, list[str]] = {}
    for article in story.articles:
        members.setdefault(root(article.id), []).append(article.id)
    groups = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        values = [
            shares[pair] if pair in shares else share(sets[pair[0]], sets[pair[1]]) for pair in combinations(ids, 2)
        ]
        groups.append(WireGroup(articles=tuple(ids), shared=sum(values) / len(values)))
    return groups


def source_groups(story: Story, groups: list[WireGroup]) -> dict[str, str]:
    """Article id -> id of its independent source (the first article of its wire group, else itself)."""
    independent = {article.id: article.id for article in story.articles}
    for group in groups:
        for article_id in group.articles:
            independent[article_id] = group.articles[0]
    return independent
