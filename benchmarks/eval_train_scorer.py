"""Train the learned sentence scorer shipped in storyline/data/sentence_scorer.npz.

    .venv/bin/python benchmarks/eval_train_scorer.py [--clusters 20000]

Reads the first N clusters of ../shared/data/multinews-train.jsonl.gz (never validation), prepares and
segments them with the `storyline brief` pipeline, and labels each selectable sentence with its ROUGE-1 +
ROUGE-2 precision against the reference (rouge-score tokens, Porter stemmer), plus ORACLE_WEIGHT if the greedy
ROUGE oracle picks it. Precision says how much of the sentence the reference shares; the oracle's pick adds
whether the sentence is worth its place beside the others (precision alone rates a short sentence that
repeats the lead as highly as the lead). Only the order within a cluster matters, so LightGBM learns to rank
(the XE-NDCG objective, each cluster a query) with the label cut into GRADES equal-sized relevance grades; on
the first 1,500 validation clusters ranking beat regression on the same label (R1 / R2 F1 45.66 / 16.41 for
scikit-learn's HistGradientBoostingRegressor, 45.82 / 16.64 ranking). The trees are exported as numpy arrays
(no pickle); lightgbm is needed to train, never to run. The word prior the features read must have been
counted without these clusters (`build_word_prior.py --skip`, checked here).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from importlib import resources
from multiprocessing import Pool
from pathlib import Path

import lightgbm
import numpy as np
from rouge_score.tokenizers import DefaultTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

from storyline.evaluate import Cluster, cut, read_clusters
from storyline.pipeline import prepare
from storyline.represent import SentenceSpace
from storyline.segment import make_story
from storyline.select.features import PRIOR, sentence_features
from storyline.select.learned import WEIGHTS, Forest
from storyline.select.oracle import OracleSelector

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-train.jsonl.gz"
OUTPUT = Path(__file__).resolve().parents[1] / "storyline" / "data" / WEIGHTS
SUMMARY_WORDS = 230
ORACLE_WEIGHT = 0.3  # 0, 0.15, 0.3, 0.5, 1 tried on the first 1,500 validation clusters: 0.3 best for ROUGE-2
GRADES = 12  # relevance grades; 4, 8, 12 and 16 tried there
_tokenize = DefaultTokenizer(use_stemmer=True).tokenize


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def _precision(tokens: list[str], reference: Counter, n: int) -> float:
    grams = _ngrams(tokens, n)
    return sum((grams & reference).values()) / max(sum(grams.values()), 1)


def examples(cluster: Cluster) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of one cluster's selectable sentences."""
    articles, _ = prepare(cluster.articles)
    story = make_story(articles)
    if not story.sentences:
        return np.zeros((0, 0)), np.zeros(0)
    features = sentence_features(story, SentenceSpace.of(story))
    keep = [i for i, s in enumerate(story.sentences) if not s.heading]
    references = [cut(r, SUMMARY_WORDS) for r in cluster.references]
    grams = [(_ngrams(t, 1), _ngrams(t, 2)) for t in map(_tokenize, references)]
    picked = set(OracleSelector(references).select(story, SUMMARY_WORDS))
    labels = []
    for i in keep:
        tokens = _tokenize(story.sentences[i].text)
        precision = np.mean([_precision(tokens, r1, 1) + _precision(tokens, r2, 2) for r1, r2 in grams])
        labels.append(precision + ORACLE_WEIGHT * (i in picked))
    return features[keep], np.array(labels)


def grades(labels: np.ndarray) -> np.ndarray:
    """Labels as GRADES integer relevance grades of (nearly) equal size, as LightGBM's ranking objectives need."""
    edges = np.quantile(labels, np.linspace(0, 1, GRADES + 1)[1:-1])
    return np.searchsorted(edges, labels, side="right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=20000)
    parser.add_argument("--data", type=Path, default=TRAIN)
    # Fewer trees score faster, but rank a little worse: on all 5,622 validation clusters 300 trees at rate 0.1
    # gave R1 / R2 F1 45.54 / 16.24, 150 at rate 0.2 45.48 / 16.17 (on the first 1,500, 100 trees at 0.3 and
    # depth 6 were worse again).
    parser.add_argument("--trees", type=int, default=300)
    parser.add_argument("--leaves", type=int, default=63)
    parser.add_argument("--depth", type=int, default=8, help="deepest split; shallow trees score faster")
    parser.add_argument("--learning-rate", type=float, default=0.1)
    args = parser.parse_args()
    with resources.as_file(resources.files("storyline.data") / PRIOR) as path, np.load(path) as prior:
        if args.clusters > int(prior["skipped"]):
            parser.error(f"the word prior counted clusters from {int(prior['skipped'])} on: train on at most that many")
    start = time.perf_counter()
    clusters = [c for c in read_clusters(args.data, args.clusters) if isinstance(c, Cluster)]
    with Pool(2) as pool:
        parts = [p for p in pool.imap(examples, clusters, chunksize=32) if len(p[1])]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    prepared = time.perf_counter() - start
    params = {
        "objective": "rank_xendcg",
        "num_leaves": args.leaves,
        "max_depth": args.depth,
        "learning_rate": args.learning_rate,
        "num_threads": 2,
        "seed": 0,
        "deterministic": True,
        "verbose": -1,
    }
    data = lightgbm.Dataset(x, grades(y), group=[len(p[1]) for p in parts])
    booster = lightgbm.train(params, data, num_boost_round=args.trees)
    forest = Forest.from_lightgbm(booster)
    forest.save(OUTPUT)
    assert np.allclose(Forest.load(OUTPUT)(x[:1000]), booster.predict(x[:1000]))
    rows = [
        ["training clusters (first N of multinews-train)", len(clusters)],
        ["training sentences", len(y)],
        ["features", x.shape[1]],
        ["trees x max leaves", f"{forest.feature.shape[0]} x {args.leaves}"],
        ["weights file", f"{OUTPUT.name}, {OUTPUT.stat().st_size / 1024:.0f} KiB"],
        ["feature extraction, s", f"{prepared:.0f}"],
        ["training, s", f"{time.perf_counter() - start - prepared:.0f}"],
    ]
    table = markdown_table(["", "value"], rows)
    print(table)
    write_section(
        "eval-train-scorer",
        "## Learned sentence scorer (training)\n\n"
        "Commands: `.venv/bin/python benchmarks/build_word_prior.py --skip 20000`, then "
        f"`.venv/bin/python benchmarks/eval_train_scorer.py --clusters {args.clusters} --trees {args.trees} "
        f"--leaves {args.leaves} --depth {args.depth} --learning-rate {args.learning_rate}`\n\n"
        f"Machine: {machine()}\n\n"
        f"LightGBM {lightgbm.__version__} learning to rank (XE-NDCG, each cluster a query; {args.trees} trees of up "
        f"to {args.leaves} leaves and depth {args.depth}, learning rate {args.learning_rate}) "
        "on `storyline.select.features`; label: "
        "a sentence's ROUGE-1 + ROUGE-2 precision against the reference, "
        f"plus {ORACLE_WEIGHT} when the greedy ROUGE oracle picks it, cut into {GRADES} equal-sized relevance "
        "grades. Train split only; nothing from validation.\n\n" + table,
    )


if __name__ == "__main__":
    main()
