"""Evaluation on public benchmarks: brief every cluster with the `storyline brief` pipeline, score with ROUGE.

Scoring is the standard one (Google's `rouge-score`, Porter stemmer, every summary cut to N words,
averaged over references then clusters), so our numbers sit beside published ones. Baselines that need
references (the greedy ROUGE oracle) or the `eval` extra (sumy) are built here, per cluster, and go
through the very same `pipeline.brief_articles`, so every row of a comparison differs only in selection.
"""

from __future__ import annotations

import gzip
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.batch import runner
from storyline.errors import ConfigError
from storyline.ingest.jsonl import value_to_articles
from storyline.models import Article, Problem
from storyline.pipeline import brief_articles, prepare
from storyline.select import SELECTORS, Selector, get_selector

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
BASELINES = ("lead", "random", "oracle", "lexrank", "textrank")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One benchmark row: articles about one event and the reference summaries written for them."""

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scored:
    """One cluster's summary and its ROUGE scores (recall and F1 per type, averaged over references)."""

    id: str
    summary: str
    scores: dict[str, float]
    problems: tuple[Problem, ...] = ()


@dataclass
class Result:
    """A whole run: the mean of every score, throughput and peak memory."""

    method: str
    words: int
    clusters: int
    scores: dict[str, float]
    seconds: float
    peak_mb: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def clusters_per_second(self) -> float:
        return self.clusters / self.seconds if self.seconds > 0 else 0.0


def read_clusters(path: Path, limit: int | None = None) -> Iterator[Cluster | Problem]:
    """Benchmark rows of a JSONL(.gz) file; a bad row becomes a Problem naming its line, never an exception."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    count = 0
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if limit is not None and count >= limit:
                    return
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                item = _row_to_cluster(line, where)
                count += isinstance(item, Cluster)
                yield item
    except (OSError, EOFError, UnicodeDecodeError) as error:
        yield Problem(str(path), f"cannot read benchmark file ({error})")


def _row_to_cluster(line: str, where: str) -> Cluster | Problem:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(where, f"malformed JSON line ({error.msg})")
    if not isinstance(row, dict) or not isinstance(row.get("documents"), list):
        return Problem(where, "expected a benchmark row with a 'documents' list")
    summaries = row.get("summaries")
    if isinstance(summaries, str):
        summaries = [summaries]
    references = tuple(s for s in summaries or () if isinstance(s, str) and s.strip())
    if not references:
        return Problem(where, "row has no reference in 'summaries'")
    articles = tuple(a for a in value_to_articles(row, where) if isinstance(a, Article))
    if not articles:
        return Problem(where, "row has no document with text")
    return Cluster(id=str(row.get("id") or where), articles=articles, references=references)


def make_selector(method: str, cluster: Cluster, seed: int = 0) -> Selector:
    """The selector for one cluster: a registered method, or an eval-only baseline."""
    if method == "oracle":
        from storyline.select.oracle import OracleSelector

        return OracleSelector(cluster.references)
    if method == "random":
        from storyline.select.random import RandomSelector

        return RandomSelector(seed=seed)
    if method in ("lexrank", "textrank"):
        from storyline.select.peers import SumySelector

        return SumySelector(method)
    return get_selector(method)


def check_method(method: str) -> None:
    """ConfigError naming the choices when `method` is neither registered nor a baseline."""
    if method not in SELECTORS and method not in BASELINES:
        choices = ", ".join(sorted(set(SELECTORS) | set(BASELINES)))
        raise ConfigError(f"The 'method' option must be one of {choices}. Got {method!r} instead.")


def cut(text: str, words: int) -> str:
    """The first `words` whitespace-separated words: the standard length limit before scoring."""
    return " ".join(text.split()[:words])


class Scorer:
    """rouge-score with the Porter stemmer; each text is tokenised once (references are scored many times)."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer, tokenizers

        self._tokenizer = _CachedTokenizer(tokenizers.DefaultTokenizer(use_stemmer=True))
        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=self._tokenizer)

    def score(self, summary: str, references: tuple[str, ...], words: int) -> dict[str, float]:
        """Recall and F1 (in %) per ROUGE type, averaged over references; both sides cut to `words` words."""
        totals = dict.fromkeys((f"{t}_{m}" for t in ROUGE_TYPES for m in ("recall", "f1")), 0.0)
        candidate = cut(summary, words)
        for reference in references:
            scores = self._scorer.score(cut(reference, words), candidate)
            for rouge_type in ROUGE_TYPES:
                totals[f"{rouge_type}_recall"] += scores[rouge_type].recall
                totals[f"{rouge_type}_f1"] += scores[rouge_type].fmeasure
        return {key: 100.0 * value / len(references) for key, value in totals.items()}


class _CachedTokenizer:
    """Memoises a rouge-score tokenizer: Porter stemming dominates scoring time and is a pure function."""

    def __init__(self, tokenizer: Any, size: int = 20_000) -> None:
        self._tokenizer = tokenizer
        self._cache: dict[str, list[str]] = {}
        self._size = size

    def tokenize(self, text: str) -> list[str]:
        tokens = self._cache.get(text)
        if tokens is None:
            if len(self._cache) >= self._size:
                self._cache.clear()
            tokens = self._cache[text] = self._tokenizer.tokenize(text)
        return tokens


_scorer: Scorer | None = None


def evaluate_cluster(cluster: Cluster, method: str, words: int, seed: int = 0, overrun: bool = True) -> Scored:
    """Brief one cluster exactly as `storyline brief` would, then score it against its references.

    With `overrun` (the default, the standard set-up), the selector takes sentences in its own order until
    `words` words, the last one possibly past them, and the summary is cut at `words` (`Selector.overrun`)."""
    global _scorer
    _scorer = _scorer or Scorer()
    articles, problems = prepare(cluster.articles)
    summary = ""
    if articles:
        selector = make_selector(method, cluster, seed)
        selector.overrun = overrun
        briefing = brief_articles(articles, words, selector, story_id=cluster.id)
        summary = cut(" ".join(s.text for s in briefing.summary), words)  # what is scored is what is written
    return Scored(cluster.id, summary, _scorer.score(summary, cluster.references, words), tuple(problems))


def _work(job: tuple[Cluster, str, int, int, bool]) -> Scored:
    return evaluate_cluster(*job)


def evaluate(
    path: Path,
    method: str,
    words: int,
    *,
    limit: int | None = None,
    workers: int = 2,
    ray: str | None = None,
    overrun: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    on_summary: Callable[[Scored], None] | None = None,
    progress: bool = True,
) -> Result:
    """Brief and score every cluster of a benchmark file; bad rows are reported and skipped.

    Clusters run in `workers` local processes, or on Ray (`ray`: an address, or "local"); the scores are the
    same however they run (each cluster is briefed and scored on its own, and results come back in order)."""
    from tqdm import tqdm

    check_method(method)
    Scorer()  # fail fast, before any work, when the eval extra is missing
    start = time.perf_counter()
    problems: list[Problem] = []

    def jobs() -> Iterator[tuple[Cluster, str, int, int, bool]]:
        for number, item in enumerate(read_clusters(path, limit)):
            if isinstance(item, Problem):
                problems.append(item)
                if on_problem:
                    on_problem(item)
            else:
                yield item, method, words, number, overrun

    rows: list[dict[str, float]] = []
    bar = tqdm(total=limit, unit="cluster", file=sys.stderr, disable=not progress, desc=method)
    with runner(workers, ray) as run:
        for scored in run.map(_work, jobs(), chunk=8):
            rows.append(scored.scores)
            if on_summary:
                on_summary(scored)
            bar.update()
    bar.close()
    seconds = time.perf_counter() - start
    means = {key: float(np.mean([r[key] for r in rows])) for key in rows[0]} if rows else {}
    return Result(method, words, len(rows), means, seconds, peak_memory_mb(), problems)


def peak_memory_mb() -> float:
    """Peak resident memory of this process plus its (finished) worker processes, in MB."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024  # ru_maxrss: KB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) * scale


def results_table(results: list[Result]) -> str:
    """A markdown table: one row per method, ROUGE in %, throughput and peak memory."""
    headers = ["method", "clusters", "R1 R", "R1 F1", "R2 R", "R2 F1", "RL R", "RL F1", "clusters/s", "peak MB"]
    keys = [f"{t}_{m}" for t in ROUGE_TYPES for m in ("recall", "f1")]
    rows = [
        [
            r.method,
            str(r.clusters),
            *(f"{r.scores.get(k, 0.0):.2f}" for k in keys),
            f"{r.clusters_per_second:.1f}",
            f"{r.peak_mb:.0f}",
        ]
        for r in results
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
