"""Learned: a gradient-boosted sentence scorer, trained on Multi-News train, shipped as plain numpy arrays.

The trees rank a story's sentences by how much of each a reference summary would share and whether it
earns a place in the summary (the training target: its ROUGE-1 + ROUGE-2 precision against the reference,
plus a bonus when the greedy ROUGE oracle picks it) from the case-blind features of
`storyline.select.features`. LightGBM trains them to rank (`benchmarks/eval_train_scorer.py`, trees no deeper
than 8 so that scoring takes a few steps); they are exported as arrays in an .npz file: no pickle, nothing
to download, no LightGBM needed to run, and scoring is a few vectorised numpy steps on the CPU. The story's
lede goes in first (`_lede`), then sentences are picked by maximal marginal relevance, which beat
rank-then-fill on Multi-News validation when it was chosen (all 5,622 clusters, 230 words, an earlier model:
R1 / R2 F1 44.30 / 15.09 → 44.53 / 15.13).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace
from storyline.select.base import Selector, selectable, sentence_words
from storyline.select.features import FEATURES, sentence_features

WEIGHTS = "sentence_scorer.npz"
# An article opening rated at least this quantile of the story goes in first. On the first 1,500 Multi-News
# validation clusters with the shipped trees: none 45.81 / 16.61, 0.5 45.78 / 16.59, 0.75 45.81 / 16.62 (R1 / R2
# F1): ROUGE-neutral.
LEDE_QUANTILE: float | None = 0.5
# MMR weight on similarity to chosen sentences, on the ranker's score scale. Same clusters and trees: 1.5 45.72 /
# 16.58, 2 45.78 / 16.59, 2.5 45.80 / 16.55, 3 45.78 / 16.53.
NOVELTY = 2.0


@dataclass(frozen=True)
class Forest:
    """Regression trees as padded (tree, node) arrays: predict = baseline + sum of each tree's leaf value."""

    baseline: float
    feature: np.ndarray  # int (trees, nodes)
    threshold: np.ndarray  # float: go left when value <= threshold
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray  # bool
    value: np.ndarray
    missing_left: np.ndarray  # bool: where NaN goes
    depth: int

    def __call__(self, features: np.ndarray) -> np.ndarray:
        rows, (trees, width) = features.shape[0], self.feature.shape
        # Walk every (sentence, tree) pair down at once, addressing nodes in the flattened arrays. A node's right
        # child sits just after its left one, so a step is one addition. A leaf is its own child, so every pair
        # takes the same `depth` steps: no bookkeeping of who is still moving, which costs more than the few
        # extra steps of trees no deeper than 8.
        node = np.tile(np.arange(trees) * width, rows)
        flat = features.ravel()
        row = np.repeat(np.arange(rows) * features.shape[1], trees)
        feature, threshold, left, missing_right = self._walk
        gaps = bool(np.isnan(flat).any())  # only then is a missing value's way looked up
        for _ in range(self.depth):
            x = flat[row + feature[node]]
            right = x > threshold[node]  # False for NaN: a missing value goes left unless the node says right
            if gaps:
                right |= np.isnan(x) & missing_right[node]
            node = left[node] + right
        return self.baseline + self.value.ravel()[node].reshape(rows, trees).sum(axis=1)

    @cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Flattened feature, threshold, left-child and missing-goes-right arrays, children addressed in the flat
        arrays; a leaf is its own left child and never goes right."""
        split = ~self.leaf & (self.left > 0)  # padding after a tree's last node has no children
        if not np.array_equal(self.right[split], self.left[split] + 1):
            raise ValueError("each node's right child must follow its left one")
        trees, width = self.feature.shape
        start = (np.arange(trees) * width)[:, None]
        itself = start + np.arange(width)[None, :]
        return (
            self.feature.ravel(),
            np.where(self.leaf, np.inf, self.threshold).ravel(),
            np.where(self.leaf, itself, start + self.left).ravel(),
            (~self.missing_left & ~self.leaf).ravel(),
        )

    @classmethod
    def from_lightgbm(cls, booster: Any) -> Forest:
        """Export a trained LightGBM booster (numeric splits only) from its JSON dump."""
        trees = [_lightgbm_nodes(info["tree_structure"]) for info in booster.dump_model()["tree_info"]]
        width = max(len(nodes) for nodes in trees)

        def padded(field: int, dtype: type) -> np.ndarray:
            out: np.ndarray = np.zeros((len(trees), width), dtype=dtype)
            for k, nodes in enumerate(trees):
                out[k, : len(nodes)] = [node[field] for node in nodes]
            return out

        return cls(
            baseline=0.0,  # LightGBM folds any starting score into the first tree's leaves
            feature=padded(0, np.int64),
            threshold=padded(1, np.float64),
            left=padded(2, np.int64),
            right=padded(3, np.int64),
            leaf=padded(4, bool),
            value=padded(5, np.float64),
            missing_left=padded(6, bool),
            depth=max(node[7] for nodes in trees for node in nodes) + 1,
        )

    def save(self, path: Path) -> None:
        arrays = {name: getattr(self, name) for name in ("feature", "left", "right", "leaf", "missing_left")}
        np.savez_compressed(
            path,
            baseline=self.baseline,
            depth=self.depth,
            threshold=self.threshold,
            value=self.value.astype(np.float32),
            features=np.array(FEATURES),
            **{k: v.astype(np.int16) if v.dtype == np.int64 else v for k, v in arrays.items()},
        )

    @classmethod
    def load(cls, path: Path) -> Forest:
        with np.load(path, allow_pickle=False) as data:
            if tuple(data["features"]) != FEATURES:
                raise ValueError(f"{path}: trees were trained on other features than storyline.select.features")
            return cls(
                baseline=float(data["baseline"]),
                feature=data["feature"].astype(np.int64),
                threshold=data["threshold"].astype(np.float64),
                left=data["left"].astype(np.int64),
                right=data["right"].astype(np.int64),
                leaf=data["leaf"],
                value=data["value"].astype(np.float64),
                missing_left=data["missing_left"],
                depth=int(data["depth"]),
            )


def _lightgbm_nodes(root: dict) -> list[tuple]:
    """One LightGBM tree as (feature, threshold, left, right, leaf, value, missing_left, depth) rows, root first and
    each node's children side by side (right = left + 1), as `Forest` walks them."""
    nodes: list[tuple] = [()]

    def place(node: dict, position: int, depth: int) -> None:
        if "leaf_value" in node:
            nodes[position] = (0, 0.0, 0, 0, True, node["leaf_value"], False, depth)
            return
        if node["decision_type"] != "<=" or node["missing_type"] == "Zero":
            raise ValueError("only numeric splits with NaN (or no) missing values can be exported")
        threshold = float(node["threshold"])
        # Without a missing type LightGBM reads NaN as 0.0.
        missing_left = node["default_left"] if node["missing_type"] == "NaN" else threshold >= 0.0
        children = len(nodes)
        nodes.extend([(), ()])
        place(node["left_child"], children, depth + 1)
        place(node["right_child"], children + 1, depth + 1)
        nodes[position] = (node["split_feature"], threshold, children, children + 1, False, 0.0, missing_left, depth)

    place(root, 0, 0)
    return nodes


@lru_cache(maxsize=4)
def load_forest(path: str | None = None) -> Forest:
    """The shipped trees (or those at `path`), read once per process."""
    if path is not None:
        return Forest.load(Path(path))
    with resources.as_file(resources.files("storyline.data") / WEIGHTS) as shipped:
        return Forest.load(shipped)


class LearnedSelector(Selector):
    """Rates sentences with the learned trees, then picks them MMR-style so that each adds something new."""

    name = "learned"

    def __init__(
        self,
        *,
        redundancy: float = 0.5,
        weights: str | None = None,
        novelty: float = NOVELTY,
        lede_quantile: float | None = LEDE_QUANTILE,
    ) -> None:
        super().__init__(redundancy=redundancy)
        self.weights = weights
        self.novelty = novelty
        self.lede_quantile = lede_quantile

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        if not story.sentences:
            return np.zeros(0)
        return load_forest(self.weights)(sentence_features(story, space))

    def select(self, story: Story, words: int, space: SentenceSpace | None = None) -> list[int]:
        """The lede, then maximal marginal relevance: the trees rate a sentence alone, so each pick is discounted
        by how much it repeats what is already chosen (Carbonell & Goldstein 1998); never over budget, no repeats."""
        if words <= 0 or not story.sentences:
            return []
        space = space or SentenceSpace.of(story)
        scores = self.score(story, space)
        candidates = np.array(selectable(story), dtype=int)
        lengths = np.array([sentence_words(story.sentences[i]) for i in candidates], dtype=int)
        overlap = np.zeros(len(candidates))  # each candidate's highest similarity to a chosen sentence
        chosen: list[int] = []
        used = 0
        lede = self._lede(story, space, scores, candidates)
        while len(candidates) and used < words:
            # A sentence that repeats a chosen one always will: drop it for good.
            if chosen:
                keep = overlap < self.redundancy
                candidates, lengths, overlap = candidates[keep], lengths[keep], overlap[keep]
            fits = used + lengths <= words if not self.overrun else np.ones(len(candidates), dtype=bool)
            if not fits.any():
                break
            best = int(np.argmax(np.where(fits, scores[candidates] - self.novelty * overlap, -np.inf)))
            if lede is not None:  # first pick only: positions in `candidates` shift once sentences are dropped
                best = lede if fits[lede] else best
                lede = None
            picked = int(candidates[best])
            chosen.append(picked)
            used += int(lengths[best])
            overlap = np.maximum(overlap, space.similarity[candidates, picked])
            keep = candidates != picked
            candidates, lengths, overlap = candidates[keep], lengths[keep], overlap[keep]
        return self.finish(story, chosen, words)

    def _lede(self, story: Story, space: SentenceSpace, scores: np.ndarray, candidates: np.ndarray) -> int | None:
        """Position in `candidates` of the story's lede: of the article openings rated at least LEDE_QUANTILE of
        the story, the one closest to the whole story (its centroid).

        A news article's first sentence states the event; a briefing that skips it (the trees, trained where
        many inputs open with web furniture, rate openings modestly) reads as details without the news.
        An opening rated low (a cookie notice, a caption) is not forced in."""
        if self.lede_quantile is None or not len(candidates):
            return None
        floor = np.quantile(scores[candidates], self.lede_quantile)
        openings = [k for k, i in enumerate(candidates) if story.sentences[i].index == 0 and scores[i] >= floor]
        if not openings:
            return None
        centrality = space.centroid_similarity()
        return max(openings, key=lambda k: centrality[candidates[k]])
