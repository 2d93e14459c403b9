"""The real and proxy news streams the clustering benchmarks run on, each split into a tuning and a held-out part.

- `uci`: the UCI aggregator stream of headlines (../shared/data/uci-news-stream.jsonl.gz), dated to the second,
  grouped by the aggregator into 87 stories. Parts: stories by the parity of their rank in order of first
  appearance, each part keeping its stories' headlines in arrival order; `all` is the whole stream (the floor).
- `multinews`: Multi-News validation as one undated stream of long articles, events split by cluster parity and
  shuffled (seed 13), exactly as benchmarks/cluster_quality.py streams it.
- `dated`: a proxy for dated newswire, built because no real dated multi-document newswire clusters were to be
  had here: the same Multi-News events, each given a first day (uniform over 180 days) and a length drawn
  log-uniformly from 1 to 60 days; its articles are dated uniformly within that length (dates only, no time of
  day, as newswire collections give them) and the stream is in date order. Real stories are denser in time
  than uniform; Multi-News events have ~2.7 articles, so it tests time rules and long gaps, not drift.
- `timed`: the same proxy with a time of day on every article (`published_at`), each event's articles drawn towards
  its start (the first of an event's days holds the most): the pace rule, which acts only on times of day, must
  not cut stories that run for weeks.

Each item is `(gold story, Article)`, raw (before cleaning). `prepared` cleans and drops what ingest drops (no
text left, a repeat of an earlier URL or text), so scores count what a store would hold.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import count
from pathlib import Path

import numpy as np

from storyline.clean import clean_article
from storyline.ingest.jsonl import parse_jsonl
from storyline.models import Article
from storyline.store import text_hash

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
UCI = DATA / "uci-news-stream.jsonl.gz"
MULTINEWS = DATA / "multinews-validation.jsonl.gz"
SEED = 13
SPAN = 180  # days over which the proxy's stories start
LONGEST = 60  # days the longest proxy story runs
BEFORE = "9af5f35"  # the commit whose clusterer the issue measured ("today's")
PARTS = ("tune", "held-out")

Item = tuple[str, Article]


@cache
def _uci_rows() -> tuple[Item, ...]:
    with gzip.open(UCI, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    stories = [json.loads(line)["story"] for line in lines]
    articles = list(parse_jsonl(lines, UCI.name))
    return tuple((s, a) for s, a in zip(stories, articles, strict=True) if isinstance(a, Article))


def uci(part: str) -> list[Item]:
    """The headline stream, or the stories of one parity in it."""
    rows = list(_uci_rows())
    if part == "all":
        return rows
    rank = {s: k for k, s in enumerate(dict.fromkeys(s for s, _ in rows))}
    return [(s, a) for s, a in rows if rank[s] % 2 == PARTS.index(part)]


@cache
def _multinews_rows() -> tuple[Item, ...]:
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    rows = []
    for number, line in enumerate(lines):
        for article in parse_jsonl([line], f"{MULTINEWS.name}:{number + 1}"):
            if isinstance(article, Article):
                rows.append((str(number), article))
    return tuple(rows)


def multinews(part: str) -> list[Item]:
    """Undated: the events of one parity, shuffled, as cluster_quality.py streams them."""
    chosen = [(n, a) for n, a in _multinews_rows() if int(n) % 2 == PARTS.index(part)]
    random.Random(SEED).shuffle(chosen)
    return chosen


def dated(part: str) -> list[Item]:
    """The dated proxy: events of one parity laid out over SPAN days, each running 1 to 60 days, in date order."""
    rng = random.Random(SEED)
    events: dict[str, list[Article]] = {}
    for n, a in _multinews_rows():
        if int(n) % 2 == PARTS.index(part):
            events.setdefault(n, []).append(a)
    start = date(2020, 1, 1)
    timed = []
    for n, articles in events.items():
        first = rng.uniform(0, SPAN)
        length = math.exp(rng.uniform(0, math.log(LONGEST)))
        for article in articles:
            moment = first + rng.uniform(0, length)
            timed.append((moment, rng.random(), n, replace(article, date=start + timedelta(days=int(moment)))))
    timed.sort(key=lambda row: row[:2])
    return [(n, a) for _, _, n, a in timed]


def timed(part: str) -> list[Item]:
    """The dated proxy with times of day, and each story's articles bunched towards its start."""
    rng = random.Random(SEED)
    events: dict[str, list[Article]] = {}
    for n, a in _multinews_rows():
        if int(n) % 2 == PARTS.index(part):
            events.setdefault(n, []).append(a)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    timed = []
    for n, articles in events.items():
        first = rng.uniform(0, SPAN)
        length = math.exp(rng.uniform(0, math.log(LONGEST)))
        for article in articles:
            moment = start + timedelta(days=first + length * rng.random() ** 2)
            timed.append((moment, n, replace(article, date=moment.date(), published_at=moment)))
    timed.sort(key=lambda row: row[0])
    return [(n, a) for _, n, a in timed]


STREAMS: dict[str, Callable[[str], list[Item]]] = {"uci": uci, "multinews": multinews, "dated": dated, "timed": timed}


def prepared(items: Sequence[Item]) -> tuple[list[Article], list[str]]:
    """Cleaned articles as ingest would store them (no empty text, no repeated URL or text), with gold stories."""
    kept, gold, seen = [], [], set()
    for story, raw in items:
        article = clean_article(raw)
        digest = text_hash(article.text)
        if not article.text.strip() or digest in seen or (article.url and article.url in seen):
            continue
        seen.update(x for x in (digest, article.url) if x)
        kept.append(article)
        gold.append(story)
    return kept, gold


def cluster(clusterer, articles: Sequence[Article], batch: int = 500) -> list[str]:
    """Each article's story after the whole stream, as the store would hold it (merged ids resolved)."""
    numbers = count(1)
    labels: list[str] = []
    for start in range(0, len(articles), batch):
        chunk = list(articles[start : start + batch])
        decided = clusterer.assign(chunk, list(range(start, start + len(chunk))), lambda: f"s{next(numbers)}")
        merged = getattr(decided, "merged", {}) or {}
        if merged:
            labels = [merged.get(label, label) for label in labels]
        labels += decided.story_ids
    return labels


@cache
def before_module():
    """storyline/cluster.py as it was at BEFORE (today's clusterer in the issue), loaded from git."""
    source = subprocess.run(
        ["git", "show", f"{BEFORE}:storyline/cluster.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "cluster_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("cluster_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """BCubed precision, recall and F1."""
    from cluster_quality import scores

    result = scores(list(gold), list(predicted))
    return {"p": result["b3_p"], "r": result["b3_r"], "f1": result["b3_f1"]}


def gold_ids(gold: Sequence[str]) -> np.ndarray:
    return np.unique(np.asarray(gold), return_inverse=True)[1]


def article_days(article: Article) -> float:
    """An article's moment in days (time of day where known), as the clusterer reads it."""
    from storyline.cluster import article_time

    return article_time(article)
