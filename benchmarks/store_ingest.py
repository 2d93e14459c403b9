"""Ingest + clustering into each store, side by side: SQLite (the default) and PostgreSQL.

    .venv/bin/python benchmarks/store_ingest.py [--articles 100000] [--pg postgresql://…]

The stream is Multi-News validation, then train, as articles in file order (undated, no titles), cut to
--articles. Each store's ingest runs in a fresh process (`storyline ingest`-equivalent: storyline.service.ingest
with batches of 500), timed by the wall clock and the CPU clock, with its peak memory. Then the two stores'
story assignments are compared article by article (the floor: the same stories on every store). Without --pg
a throwaway PostgreSQL server is started (scripts/postgres.sh) and removed afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FILES = [DATA / "multinews-validation.jsonl.gz", DATA / "multinews-train.jsonl.gz"]


def stream(limit: int) -> Iterator[object]:
    from storyline.ingest.jsonl import value_to_articles
    from storyline.models import Article

    count = 0
    for path in FILES:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                for item in value_to_articles(json.loads(line), f"{path.name}:{number}"):
                    if isinstance(item, Article):
                        yield item
                        count += 1
                        if count >= limit:
                            return


def run_one(location: str, articles: int) -> None:
    """In a fresh process: ingest the stream into one store and print what it cost, as JSON."""
    from storyline.service import ingest
    from storyline.store import open_store

    items = list(stream(articles))  # read before timing: the store and the clusterer are what is measured
    with open_store(location) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        count = ingest(store, items)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        stories = store.count_stories()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"new": count.new, "stories": stories, "wall": wall, "cpu": cpu, "peak_mb": peak}))


def measure(location: str, articles: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--one", location, "--articles", str(articles)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def assignments(location: str) -> dict[str, str]:
    from storyline.store import open_store

    with open_store(location, create=False) as store:
        groups: dict[str, list[str]] = {}
        for article_id, story_id in store.assignments():
            groups.setdefault(story_id, []).append(article_id)
    # Stories as their first article's id: the same partition gets the same names on every store.
    return {article_id: ids[0] for ids in groups.values() for article_id in ids}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--pg", help="a PostgreSQL server URL (default: start a throwaway one)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.articles)
        return
    started = None
    pg = args.pg
    if pg is None:
        out = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start"], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"could not start PostgreSQL: {out.stderr.strip()}")
        values = dict(part.split("=", 1) for part in out.stdout.split()[1:])
        started, pg = values["STORYLINE_PG_DIR"], values["STORYLINE_TEST_PG"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            locations = {"SQLite": str(Path(tmp) / "bench.db"), "PostgreSQL": pg}
            results = {name: measure(location, args.articles) for name, location in locations.items()}
            placed = {name: assignments(location) for name, location in locations.items()}
    finally:
        if started:
            subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "stop", started], check=False)
    differ = sum(placed["SQLite"].get(a) != s for a, s in placed["PostgreSQL"].items())
    rows = [
        [
            name,
            f"{r['new']:,}",
            f"{r['stories']:,}",
            f"{r['wall']:.0f}",
            f"{r['new'] / r['wall']:,.0f}",
            f"{r['new'] / r['cpu']:,.0f}",
            f"{r['peak_mb']:,.0f}",
        ]
        for name, r in results.items()
    ]
    table = markdown_table(
        ["store", "articles", "stories", "wall s", "articles/s (wall)", "articles per CPU-s (client)", "peak MB"], rows
    )
    load = os.getloadavg()[0]
    body = f"""## Ingest + clustering into each store (`benchmarks/store_ingest.py`)

Command: `.venv/bin/python benchmarks/store_ingest.py --articles {args.articles}`. {machine()}; load average
{load:.1f} at the end. The stream: Multi-News validation then train, in file order, {args.articles:,}
articles; each store in a fresh process, batches of 500; PostgreSQL on loopback on the same machine (its
server's CPU is not in the client's CPU column). Target: ≥ 1,000 articles/s on PostgreSQL over 100k
articles, and the same story assignment as SQLite.

{table}

Articles placed in a different story on PostgreSQL than on SQLite: {differ:,} of {len(placed["PostgreSQL"]):,}.
"""
    write_section("store_ingest", body)
    print(body)


if __name__ == "__main__":
    main()
