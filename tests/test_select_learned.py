"""The learned scorer: exported trees predict exactly what LightGBM predicts, and the shipped weights load."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import lightgbm
import numpy as np
import pytest

from storyline.models import Article, Story
from storyline.represent import SentenceSpace
from storyline.segment import make_story
from storyline.select.base import Selector
from storyline.select.features import FEATURES, sentence_features, word_prior
from storyline.select.learned import Forest, LearnedSelector, load_forest


def _ranker(x: np.ndarray, y: np.ndarray, **params: object) -> lightgbm.Booster:
    """A small LightGBM ranker like the shipped one: groups of ten rows, integer grades."""
    grades = np.digitize(y, np.quantile(y, [0.25, 0.5, 0.75]))
    data = lightgbm.Dataset(x, grades, group=[10] * (len(y) // 10))
    return lightgbm.train({"objective": "rank_xendcg", "verbose": -1, "min_data_in_leaf": 5, **params}, data, 20)


def test_exported_forest_matches_lightgbm(tmp_path) -> None:
    rng = np.random.default_rng(0)
    x = rng.random((400, 6))
    y = 3 * x[:, 0] - 2 * (x[:, 5] > 0.5) + rng.normal(0, 0.1, 400)
    booster = _ranker(x, y)
    path = tmp_path / "trees.npz"
    Forest.from_lightgbm(booster).save(path)
    test = rng.random((50, 6))
    assert np.allclose(Forest.load(path)(test), booster.predict(test))
    # Trained without gaps, LightGBM reads a missing value as 0.0; so does the export.
    test[rng.random((50, 6)) < 0.3] = np.nan
    assert np.allclose(Forest.load(path)(test), booster.predict(test))


def test_exported_forest_sends_missing_values_where_lightgbm_does(tmp_path) -> None:
    rng = np.random.default_rng(1)
    x = rng.random((600, 4))
    x[rng.random((600, 4)) < 0.2] = np.nan
    y = np.where(np.isnan(x[:, 0]), 5.0, 3 * np.nan_to_num(x[:, 0])) + rng.normal(0, 0.1, 600)
    booster = _ranker(x, y, max_depth=4)
    path = tmp_path / "trees.npz"
    Forest.from_lightgbm(booster).save(path)
    test = rng.random((80, 4))
    test[rng.random((80, 4)) < 0.3] = np.nan
    assert np.allclose(Forest.load(path)(test), booster.predict(test))


def test_trees_whose_children_are_not_side_by_side_are_refused() -> None:
    forest = load_forest()
    split = np.argwhere(~forest.leaf & (forest.left > 0))[0]
    left, right = forest.left.copy(), forest.right.copy()
    left[tuple(split)], right[tuple(split)] = right[tuple(split)], left[tuple(split)]
    swapped = dataclasses.replace(forest, left=left, right=right)
    with pytest.raises(ValueError, match="right child must follow"):
        swapped(np.zeros((1, len(FEATURES))))


def test_weights_for_other_features_are_refused(tmp_path) -> None:
    path = tmp_path / "bad.npz"
    forest = load_forest()
    fields = {k: getattr(forest, k) for k in ("feature", "threshold", "left", "right", "leaf", "value", "missing_left")}
    np.savez(path, baseline=0.0, depth=forest.depth, features=np.array(["other"]), **fields)
    with pytest.raises(ValueError, match="other features"):
        Forest.load(path)


def test_shipped_scorer_prefers_reported_facts_to_web_furniture() -> None:
    texts = [
        "A strong earthquake struck central Italy on Wednesday, killing at least 120 people, officials said. "
        "Click here to sign up for our newsletter and follow us on social media for updates.",
        "The earthquake struck central Italy early on Wednesday and killed at least 120 people. "
        "You can add location information to your tweets, such as your city or precise location.",
    ]
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(texts)])
    scores = load_forest()(sentence_features(story, SentenceSpace.of(story)))
    facts, furniture = scores[[0, 2]], scores[[1, 3]]
    assert facts.min() > furniture.max()


class _Fixed(LearnedSelector):
    """The learned selection with given ratings, to test how it picks apart from what the trees say."""

    def __init__(self, ratings: list[float], **options: float | None) -> None:
        super().__init__(**{"lede_quantile": None, **options})  # the lede rule has its own tests
        self.ratings = np.array(ratings)

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        return self.ratings


NEAR_REPEAT = [
    "Shelling killed thirty civilians at a crowded market in Idlib on Monday, rescuers said.",
    "Shelling killed thirty civilians in Idlib on Monday, local officials and rescuers said.",
    "Turkey said it would send more troops and tanks toward the border with Syria.",
]


def test_novelty_prefers_a_new_fact_to_a_near_repeat() -> None:
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(NEAR_REPEAT)])
    space = SentenceSpace.of(story)
    assert 0.2 < space.similarity[0, 1] < 0.99  # alike, but not the same sentence
    length = [len(s.text.split()) for s in story.sentences]
    two = length[0] + max(length[1:])  # room for any two, not three
    ratings = [1.0, 0.9, 0.8]
    assert _Fixed(ratings, novelty=0.0, redundancy=0.99).select(story, two, space) == [0, 1]
    assert _Fixed(ratings, novelty=0.5, redundancy=0.99).select(story, two, space) == [0, 2]


def test_without_novelty_it_is_the_shared_rank_then_fill() -> None:
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(NEAR_REPEAT * 2)])
    space = SentenceSpace.of(story)
    ratings = list(np.random.default_rng(1).random(len(story.sentences)))
    for words in (10, 30, 60, 500):
        mmr = _Fixed(ratings, novelty=0.0).select(story, words, space)
        assert mmr == Selector.select(_Fixed(ratings), story, words, space)


def test_overrun_keeps_the_rating_order_and_puts_the_overrunning_pick_last() -> None:
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(NEAR_REPEAT)])
    space = SentenceSpace.of(story)
    length = [len(s.text.split()) for s in story.sentences]
    budget = length[2] + 2  # the best (third) sentence fits, the second best does not
    ratings = [0.1, 0.9, 1.0]
    within = _Fixed(ratings, novelty=0.0, redundancy=0.99)
    assert within.select(story, budget, space) == [2]
    overrun = _Fixed(ratings, novelty=0.0, redundancy=0.99)
    overrun.overrun = True
    assert overrun.select(story, budget, space) == [2, 1]  # rating order, not reading order, for the last pick


TWO_REPORTS = [
    "Fire destroyed the grain terminal at Brennholt harbour on Tuesday. Fourteen firefighters were treated for "
    "smoke inhalation. The cause of the fire was not known.",
    "A fire at Brennholt harbour destroyed the grain terminal on Tuesday night. Shipping in the inner harbour "
    "stayed suspended until Monday. The mayor visited the quay.",
]


def test_the_lede_goes_first_when_rated_above_the_story_median() -> None:
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(TWO_REPORTS)])
    space = SentenceSpace.of(story)
    assert [s.index for s in story.sentences] == [0, 1, 2, 0, 1, 2]
    ratings = [0.5, 1.0, 0.2, 0.45, 0.9, 0.1]  # details rate highest, both openings above the median
    budget = sum(len(story.sentences[i].text.split()) for i in (1, 4))  # room for the two best details only
    assert _Fixed(ratings).select(story, budget, space) == [1, 4]
    chosen = _Fixed(ratings, lede_quantile=0.5).select(story, budget, space)
    assert chosen[0] in (0, 3)  # an opening, first in the briefing
    assert sum(len(story.sentences[i].text.split()) for i in chosen) <= budget


def test_an_opening_rated_below_the_quantile_is_not_forced_in() -> None:
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(TWO_REPORTS)])
    space = SentenceSpace.of(story)
    ratings = [0.1, 1.0, 0.5, 0.05, 0.9, 0.6]  # openings rated lowest: web furniture, say
    for words in (15, 30, 60):
        with_rule = _Fixed(ratings, lede_quantile=0.5).select(story, words, space)
        assert with_rule == _Fixed(ratings).select(story, words, space)


def test_word_prior_rates_news_words_above_web_furniture() -> None:
    prior = word_prior()
    news = [prior[t] for t in ("kill", "arrest", "elect")]
    furniture = [prior[t] for t in ("javascript", "browser", "subscrib")]
    assert min(news) > 0 > max(furniture)
    assert "xyzzyq" not in prior


def test_sentences_of_the_article_the_others_share_least_with_get_lower_article_centroid() -> None:
    texts = [
        "Rebel fighters seized the town of Saraqeb on Tuesday. The army shelled the town overnight.",
        "Rebels seized Saraqeb on Tuesday after heavy fighting. The army answered by shelling the town.",
        "The city council approved a new budget for parks and libraries on Monday. Parking fees will rise.",
    ]
    story = make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(texts)])
    rows = sentence_features(story, SentenceSpace.of(story))
    centroid = rows[:, FEATURES.index("article_centroid")]
    by_article = {s.article_id: centroid[i] for i, s in enumerate(story.sentences)}
    assert by_article["a2"] < min(by_article["a0"], by_article["a1"])
    lead = rows[:, FEATURES.index("lead_similarity")]
    assert lead[0] == pytest.approx(1.0) and lead[1] < 1.0


def test_features_do_not_depend_on_the_order_sets_of_words_iterate_in() -> None:
    # String hashing, and so set order, changes from one process to the next: run two with different seeds.
    script = (
        "from storyline.models import Article; from storyline.segment import make_story; "
        "from storyline.represent import SentenceSpace; from storyline.select.features import sentence_features; "
        "texts = ['Rebel fighters seized the town of Saraqeb on Tuesday after heavy fighting and shelling overnight.', "
        "'The army shelled the town overnight, officials said, and thousands of families fled north to the border.']; "
        "story = make_story([Article(id=f'a{k}', text=t) for k, t in enumerate(texts)]); "
        "print(sentence_features(story, SentenceSpace.of(story)).tobytes().hex())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
