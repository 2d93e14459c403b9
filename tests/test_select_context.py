"""Sentences that only make sense after the one before them are not picked for a briefing."""

from __future__ import annotations

from builders import make_article

from storyline.segment import make_story
from storyline.select.base import leans_on_context, selectable, short_names

TEXT = (
    "The United Nations special envoy for Syria, Geir Pedersen, arrived in Damascus on Tuesday.\n"
    "Pedersen is expected to talk about the constitutional committee during his visit.\n"
    "However, the committee has failed to make progress since it first met in Geneva.\n"
    "Syrian state media said the talks would start on Wednesday morning in the capital."
)


def test_select_context_surnames_alone_need_their_full_name() -> None:
    story = make_story([make_article(TEXT, title="Envoy visits", id="a")])
    assert "Pedersen" in short_names(story)
    assert "Syrian" not in short_names(story)


def test_select_context_openers_and_surnames_are_not_selectable() -> None:
    story = make_story([make_article(TEXT, title="Envoy visits", id="a")])
    surnames = short_names(story)
    flagged = [leans_on_context(s, surnames) for s in story.sentences]
    assert flagged == [False, True, True, False]
    assert [story.sentences[i].text[:6] for i in selectable(story)] == ["The Un", "Syrian"]


def test_select_context_falls_back_when_nothing_stands_alone() -> None:
    story = make_story([make_article("However, the talks went on all night in the capital city.", title="T", id="a")])
    assert selectable(story) == [0]
