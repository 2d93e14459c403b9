"""Build the background document frequencies shipped in storyline/data/background_df.npz.

Story clustering weights terms by inverse document frequency. Counted only online, over the stream
itself, the first few thousand articles of a stream get noisy weights; a prior counted once over
a large news corpus (every article of Multi-News train: cleaned as ingest cleans it, the same
stemmed content terms hashed into the same feature space) steadies them, and the stream's own
counts are added on top. Only hashed counts are shipped, no text.

    .venv/bin/python benchmarks/build_background_df.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

from storyline.clean import clean_article
from storyline.cluster import BACKGROUND, ClusterConfig, Clusterer
from storyline.ingest.jsonl import value_to_articles
from storyline.models import Article

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-train.jsonl.gz"


def texts(path: Path):
    """The cleaned title and text of every article of the corpus, as ingest would see them."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            for item in value_to_articles(json.loads(line), f"{path.name}:{number + 1}"):
                if isinstance(item, Article):
                    article = clean_article(item)
                    if article.text.strip():
                        yield f"{article.title}\n{article.text}"


def main() -> None:
    config = ClusterConfig()
    hasher = Clusterer(config, background=False)._hasher
    df = np.zeros(config.n_features, dtype=np.int64)
    n_docs, batch = 0, []
    for text in [*texts(TRAIN), None]:
        if text is not None:
            batch.append(text)
        if len(batch) >= 2000 or (text is None and batch):
            counts = hasher.transform(batch).tocsr()
            df += np.bincount(counts.indices, minlength=config.n_features)
            n_docs += len(batch)
            batch = []
    nonzero = np.flatnonzero(df).astype(np.int32)
    out = Path(__file__).resolve().parents[1] / "storyline" / "data" / BACKGROUND
    np.savez_compressed(
        out,
        n_docs=np.int64(n_docs),
        n_features=np.int64(config.n_features),
        features=nonzero,
        counts=df[nonzero].astype(np.int32),
    )
    print(f"{n_docs} articles, {len(nonzero)} features -> {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
