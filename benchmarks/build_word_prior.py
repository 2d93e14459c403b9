"""Build the word prior shipped in storyline/data/word_prior.npz: how often a word of the input reaches the summary.

    .venv/bin/python benchmarks/build_word_prior.py [--skip 20000]

Some words are news (a name, "killed", "pope"), others mostly web furniture or asides ("javascript",
"wayback", "courtesy"). For every stemmed content term (`storyline.represent.content_terms` of the
cleaned articles, as selection sees them) this counts, over Multi-News train clusters, in how many
inputs it occurs and in how many of those the reference summary uses it too; terms seen in fewer than
five inputs are left out. Only these counts are shipped, no text. The first `--skip` clusters are
left out: they are the ones the sentence scorer is trained on (`eval_train_scorer.py --clusters`),
so its prior features never saw those clusters' references.
"""

from __future__ import annotations

import argparse
import itertools
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from storyline.evaluate import Cluster, read_clusters
from storyline.pipeline import prepare
from storyline.represent import content_terms
from storyline.select.features import PRIOR

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-train.jsonl.gz"
OUTPUT = Path(__file__).resolve().parents[1] / "storyline" / "data" / PRIOR
MIN_INPUTS = 5


def input_and_reused(cluster: Cluster) -> tuple[set[str], set[str]]:
    """The cluster's input terms, and those of them its references use."""
    articles, _ = prepare(cluster.articles)
    found = {t for article in articles for t in content_terms(f"{article.title}\n{article.text}")}
    summarised = {t for reference in cluster.references for t in content_terms(reference)}
    return found, found & summarised


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", type=int, default=20000, help="leave out the first N clusters (the scorer's)")
    parser.add_argument("--data", type=Path, default=TRAIN)
    args = parser.parse_args()
    rows = itertools.islice((c for c in read_clusters(args.data) if isinstance(c, Cluster)), args.skip, None)
    inputs: Counter[str] = Counter()
    reused: Counter[str] = Counter()
    clusters = 0
    with Pool(2) as pool:
        for found, used in pool.imap_unordered(input_and_reused, rows, chunksize=64):
            inputs.update(found)
            reused.update(used)
            clusters += 1
    terms = sorted(t for t, n in inputs.items() if n >= MIN_INPUTS)
    np.savez_compressed(
        OUTPUT,
        terms=np.array(terms),
        inputs=np.array([inputs[t] for t in terms], dtype=np.int32),
        reused=np.array([reused[t] for t in terms], dtype=np.int32),
        clusters=np.int64(clusters),
        skipped=np.int64(args.skip),
    )
    print(f"{clusters} clusters, {len(terms)} terms -> {OUTPUT} ({OUTPUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
