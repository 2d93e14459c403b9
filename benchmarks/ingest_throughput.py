"""Ingest throughput and memory as the store grows: 10k, 100k and 1M synthetic dated articles.

The stream is synthetic but realistic: each event is a Multi-News training cluster; each article
about it is a fresh sample of that cluster's sentences (in memory only, never written to the repo),
dated within a few days of the event, from one of 40 outlets, with its own URL. Events are spread
over the stream's timeline, so the number of live stories stays steady, as in a real feed.
Articles go through `storyline.cluster.ingest` (clean, de-duplicate, vectorise, cluster, commit in
batches of 500) into a fresh SQLite store. At each checkpoint the table records throughput since
the previous one and the resident memory of the process; the baseline row is the process with the
sentence pool loaded, before any article is ingested.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 1000000] [--clusterer before]

`--clusterer before` runs the same stream through the clusterer the stream-clustering issue started from
(storyline/cluster.py at streams.BEFORE, loaded from git), to compare speeds under the same load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from _results import machine, markdown_table, write_section
from cluster_quality import scores

from storyline.cluster import ClusterConfig
from storyline.models import Article
from storyline.service import ingest
from storyline.store import Store

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-train.jsonl.gz"
SEED = 7
ARTICLES_PER_DAY = 3000
CHECKPOINTS = (10_000, 100_000, 300_000, 600_000, 1_000_000)


def rss_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_events(limit: int) -> list[list[str]]:
    """Each training cluster's sentences (split on full stops: enough for sampling)."""
    events: list[list[str]] = []
    with gzip.open(TRAIN, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = " ".join(d["text"] if isinstance(d, dict) else d for d in row["documents"])
            sentences = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4]
            if len(sentences) >= 6:
                events.append(sentences)
            if len(events) >= limit:
                break
    return events


def articles(events: list[list[str]], total: int) -> Iterator[Article]:
    """`total` articles: events start in order through the timeline, each reported ~3-40 times."""
    rng = random.Random(SEED)
    start = date(2024, 1, 1)
    live: list[tuple[int, date, int]] = []  # (event number, first day, articles left)
    next_event = 0
    for number in range(total):
        day = start + timedelta(days=number // ARTICLES_PER_DAY)
        while len(live) < 400:
            live.append((next_event, day, rng.randint(3, 40)))
            next_event += 1
        k = rng.randrange(len(live))
        event, first, left = live[k]
        live[k] = (event, first, left - 1)
        if left <= 1:
            live[k] = live[-1]
            live.pop()
        sentences = events[event % len(events)]  # a pool cluster can come back as a later, separate event
        chosen = rng.sample(sentences, k=max(4, int(len(sentences) * rng.uniform(0.4, 0.8))))
        paragraphs = ["  ".join(chosen[i : i + 3]) for i in range(0, len(chosen), 3)]
        outlet = rng.randrange(40)
        yield Article(
            id=f"syn-{number}",
            text="\n\n".join(paragraphs),
            title=" ".join(chosen[0].split()[:10]),
            source=f"Outlet {outlet}",
            url=f"https://outlet{outlet}.example.com/{number}",
            path=f"synthetic event {event}",
            date=min(day, first + timedelta(days=rng.randint(0, 3))) if first <= day else day,
        )


def quality(store: Store) -> float:
    """BCubed F1 (%) of the stored stories against the synthetic events (kept in each article's path)."""
    rows = store.db.execute("SELECT path, story_id FROM articles").fetchall()
    return scores([path for path, _ in rows], [story for _, story in rows])["b3_f1"] * 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=CHECKPOINTS[-1])
    parser.add_argument("--clusterer", choices=("now", "before"), default="now")
    args = parser.parse_args()
    if args.clusterer == "before":
        from streams import before_module

        import storyline.service

        storyline.service.Clusterer = before_module().Clusterer
        storyline.service.StoryState = before_module().StoryState
    config = before_module().ClusterConfig() if args.clusterer == "before" else ClusterConfig()
    checkpoints = [c for c in CHECKPOINTS if c < args.articles] + [args.articles]
    events = load_events(40_000)
    rows: list[list[object]] = [["baseline (pool loaded)", 0, "", "", "", f"{rss_mb():.0f}", "", "", ""]]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        stream = articles(events, args.articles)
        done = 0
        start = time.perf_counter()
        with Store(db) as store:
            for checkpoint in checkpoints:
                t0, cpu0 = time.perf_counter(), time.process_time()
                count = ingest(store, (next(stream) for _ in range(checkpoint - done)), config)
                elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
                done = checkpoint
                row = [
                    f"{checkpoint:,} articles",
                    count.new,
                    f"{(count.new + count.duplicates) / elapsed:.0f}",
                    f"{(count.new + count.duplicates) / cpu:.0f}",
                    f"{done / (time.perf_counter() - start):.0f}",
                    f"{rss_mb():.0f}",
                    f"{store.count_stories():,}",
                    f"{quality(store):.1f}",
                    f"{db.stat().st_size / 1e6:.0f}",
                ]
                print(row, file=sys.stderr, flush=True)
                rows.append(row)
                # written at every checkpoint, so that a run stopped early still leaves what it measured
                report(args, rows, done)


def report(args: argparse.Namespace, rows: list[list[object]], done: int) -> None:
    headers = ["store size", "new in step", "articles/s (step)", "per CPU-second (step)", "articles/s (overall)"]
    headers += ["RSS MB"]
    headers += ["stories", "BCubed F1", "DB MB"]
    progress = "" if done >= args.articles else f" (in progress: {done:,} of {args.articles:,} articles so far)"
    body = "\n".join(
        [
            f"## Ingest throughput and memory (synthetic dated stream){progress}",
            "",
            f"`.venv/bin/python benchmarks/ingest_throughput.py --articles {args.articles}"
            f"{' --clusterer before' * (args.clusterer == 'before')}` — {machine()}.",
            f"Stream: events from Multi-News train clusters, ~{ARTICLES_PER_DAY} articles a day, 400 live events;",
            "each step ingests the articles up to that store size (clean + dedup + cluster + commit).",
            "Wall-clock rates depend on what else the machine runs; the CPU-second rate is this process's own.",
            "BCubed F1: all stored stories so far against the synthetic events (easier than real news: an",
            "event's articles share sentences).",
            "",
            markdown_table(headers, rows),
        ]
    )
    print(body)
    write_section("ingest_throughput" + "_before" * (args.clusterer == "before"), body)


if __name__ == "__main__":
    main()
