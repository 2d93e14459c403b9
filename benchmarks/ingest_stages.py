"""Where ingest time goes, per article: cleaning, vectorising, clustering, and the whole ingest into a store.

Same synthetic dated stream as ingest_throughput.py. Each stage is timed alone, in CPU time of this
process (robust to other load on the machine), over the same articles; the whole-ingest row is the
baseline the stages add up to (with de-duplication and SQLite writes as the rest).

    .venv/bin/python benchmarks/ingest_stages.py [--articles 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from itertools import count
from pathlib import Path

from _results import machine, markdown_table, write_section
from ingest_throughput import articles, load_events

from storyline.clean import clean_article
from storyline.cluster import Clusterer
from storyline.service import ingest
from storyline.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args()
    raw = list(articles(load_events(5_000), args.articles))
    n = len(raw)
    words = sum(len(a.text.split()) for a in raw) / n

    start = time.process_time()
    cleaned = [clean_article(a) for a in raw]
    clean_s = time.process_time() - start

    clusterer = Clusterer()
    start = time.process_time()
    for i in range(0, n, 500):
        clusterer.vectorize(cleaned[i : i + 500])
    vector_s = time.process_time() - start
    start = time.process_time()
    for i in range(0, n, 500):
        clusterer.embed(cleaned[i : i + 500])
    embed_s = time.process_time() - start

    clusterer, numbers = Clusterer(), count(1)
    start = time.process_time()
    for i in range(0, n, 500):
        chunk = cleaned[i : i + 500]
        seqs = list(range(i, i + len(chunk)))
        clusterer.assign(chunk, seqs, lambda: f"s{next(numbers)}")
    assign_s = time.process_time() - start - vector_s - embed_s  # assign vectorises again: count what it adds

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stages.db") as store:
        start = time.process_time()
        ingest(store, raw)
        total_s = time.process_time() - start

    def row(name: str, seconds: float) -> list[object]:
        return [name, f"{seconds / n * 1000:.3f}", f"{n / seconds:.0f}", f"{seconds / total_s * 100:.0f}%"]

    rows = [
        row("clean_article (shared cleaning)", clean_s),
        row("vectorise (stemmed terms, hashing, online TF-IDF)", vector_s),
        row("embed (WordLlama, title and lead)", embed_s),
        row("cluster (similarities, decisions, merges, centroids)", assign_s),
        row("rest: dedup lookups, ids, SQLite writes", total_s - clean_s - vector_s - embed_s - assign_s),
        row("whole ingest into a store (baseline)", total_s),
    ]
    body = "\n".join(
        [
            "## Ingest cost per article, by stage",
            "",
            f"`.venv/bin/python benchmarks/ingest_stages.py --articles {args.articles}` — {machine()}.",
            f"{n:,} synthetic dated articles of {words:.0f} words on average; CPU time of one process.",
            "",
            markdown_table(["stage", "ms / article", "articles / CPU-s", "share of ingest"], rows),
        ]
    )
    print(body)
    write_section("ingest_stages", body)


if __name__ == "__main__":
    main()
