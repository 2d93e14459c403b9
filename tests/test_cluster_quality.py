"""The clustering quality benchmark (benchmarks/cluster_quality.py): its scores, and a floor on a Multi-News slice."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from storyline.cluster import ClusterConfig

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "cluster_quality.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("cluster_quality", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_scores_by_hand(bench) -> None:
    # gold events 0 = {1,2}, 1 = {3,4,5}; predicted a = {1,2,3}, b = {4,5}
    got = bench.scores([0, 0, 1, 1, 1], ["a", "a", "a", "b", "b"])
    assert got["pair_p"] == pytest.approx(2 / 4)  # true pairs (1,2) (4,5) of 4 predicted pairs
    assert got["pair_r"] == pytest.approx(2 / 4)  # of 4 gold pairs
    assert got["b3_p"] == pytest.approx(11 / 15)  # (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert got["b3_r"] == pytest.approx(11 / 15)  # (1 + 1 + 1/3 + 2/3 + 2/3) / 5
    assert got["b3_f1"] == pytest.approx(11 / 15)


def test_scores_extremes(bench) -> None:
    gold = [0, 0, 1, 1, 1]
    perfect = bench.scores(gold, ["x", "x", "y", "y", "y"])
    assert all(value == pytest.approx(1.0) for value in perfect.values())
    alone = bench.scores(gold, ["a", "b", "c", "d", "e"])
    assert alone["b3_p"] == pytest.approx(1.0)
    assert alone["b3_r"] == pytest.approx(2 / 5)  # one credit per event
    assert alone["pair_r"] == 0.0


def test_held_out_slice_floor(bench, validation_file) -> None:
    """The held-out half of the first 300 clusters: BCubed F1 measured 82.0; guard against regressions."""
    rows = bench.load(validation_file, 300)
    result, stories, _ = bench.run(bench.stream(rows, 1), ClusterConfig())
    assert result["b3_f1"] >= 0.80
    assert result["b3_p"] >= 0.90
    assert 150 <= stories < len(bench.stream(rows, 1))  # 150 gold events: neither one story nor one per article


def test_gold_assisted_ceilings_link_only_what_text_connects(bench) -> None:
    # Event 0: articles 0 and 1 share words, article 2 shares none. Event 1: article 3 is closer to
    # article 0 than article 1 is (a rival), article 4 shares a word with article 3 only.
    texts = [
        ["fire", "harbour", "grain"],
        ["fire", "harbour", "smoke", "evacuat"],
        ["archiv", "notic"],
        ["fire", "harbour", "grain", "port"],
        ["port", "ship"],
    ]
    labels = np.array([0, 0, 0, 1, 1])
    results = dict(bench.gold_assisted_ceilings(bench.tfidf(texts), labels))
    for name, result in results.items():
        assert result["b3_p"] == pytest.approx(1.0), name  # gold-assisted: never merges two events
    loose = results["same-event pairs at cosine >= 0.1"]
    # {0, 1}, {2}, {3, 4}: recall (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert loose["b3_r"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    threshold, nearest = results[bench.THRESHOLD_RULE], results[bench.NEAREST_RULE]
    assert threshold["b3_r"] < loose["b3_r"]  # 0-1 loses to the rival 0-3, so one threshold cannot link them
    assert threshold["b3_r"] <= nearest["b3_r"]  # every pair above both rivals is above either
