"""Every selection method, registered or eval-only baseline, keeps the selection contract."""

from __future__ import annotations

import copy

import pytest

from storyline.models import Article, Story
from storyline.represent import SentenceSpace
from storyline.segment import make_story
from storyline.select import SELECTORS, get_selector
from storyline.select.base import Selector, sentence_words
from storyline.select.oracle import OracleSelector
from storyline.select.peers import SumySelector
from storyline.select.random import RandomSelector

TEXTS = [
    "Rebels shelled the city of Idlib on Monday. Dozens of civilians were killed in the attack, officials said.\n"
    "Breaking News\n"
    "The government denied any role in the shelling. Aid groups called for an immediate ceasefire in the region.",
    "At least 30 civilians were killed when shells hit a market in Idlib on Monday, rescuers said.\n"
    "The United Nations called for a ceasefire. Thousands of families have fled north toward the Turkish border.",
    "Shelling of a crowded market in Idlib killed dozens of civilians on Monday. Turkey said it would send more "
    "troops. Russia blamed militants for the violence in the province.",
]
REFERENCE = "Dozens of civilians were killed when shelling hit a market in Idlib; the UN called for a ceasefire."


def _story() -> Story:
    return make_story([Article(id=f"a{k}", text=t) for k, t in enumerate(TEXTS)])


def _selectors() -> list[Selector]:
    return [
        *(get_selector(name) for name in sorted(SELECTORS)),
        RandomSelector(seed=3),
        OracleSelector([REFERENCE]),
        SumySelector("lexrank"),
        SumySelector("textrank"),
    ]


@pytest.fixture(params=_selectors(), ids=lambda s: getattr(s, "name", repr(s)))
def selector(request: pytest.FixtureRequest) -> Selector:
    return request.param


@pytest.mark.parametrize("words", [8, 25, 60, 1000])
def test_selector_never_over_budget_and_never_a_heading(selector: Selector, words: int) -> None:
    story = _story()
    chosen = selector.select(story, words, SentenceSpace.of(story))
    assert sum(sentence_words(story.sentences[i]) for i in chosen) <= words
    assert not any(story.sentences[i].heading for i in chosen)
    assert len(set(chosen)) == len(chosen)


def test_selector_is_deterministic(selector: Selector) -> None:
    story = _story()
    assert selector.select(story, 40) == selector.select(_story(), 40)


def test_selector_picks_something_when_it_fits(selector: Selector) -> None:
    assert selector.select(_story(), 60)


def test_selector_on_empty_story_or_zero_budget_selects_nothing(selector: Selector) -> None:
    empty = Story(id="empty", articles=(), sentences=())
    assert selector.select(empty, 100) == []
    assert selector.select(_story(), 0) == []


def test_selection_comes_back_in_reading_order(selector: Selector) -> None:
    story = _story()
    chosen = selector.select(story, 1000)
    positions = [story.sentences[i].index / 4 for i in chosen]
    assert positions == sorted(positions) or len({story.sentences[i].article_id for i in chosen}) > 1


def _overrunning(selector: Selector) -> Selector:
    clone = copy.copy(selector)
    clone.overrun = True
    return clone


@pytest.mark.parametrize("words", [8, 25, 60])
def test_with_overrun_only_the_last_sentence_runs_past_the_budget(selector: Selector, words: int) -> None:
    story = _story()
    chosen = _overrunning(selector).select(story, words, SentenceSpace.of(story))
    lengths = [sentence_words(story.sentences[i]) for i in chosen]
    if not isinstance(selector, OracleSelector):  # the oracle stops once nothing raises its ROUGE
        assert sum(lengths) >= words  # the story has far more than 60 words of distinct sentences
    assert sum(lengths[:-1]) < words
    assert not any(story.sentences[i].heading for i in chosen) and len(set(chosen)) == len(chosen)
    within = selector.select(story, words, SentenceSpace.of(story))
    assert sum(sentence_words(story.sentences[i]) for i in within) <= words
