"""Timeline: relative dates resolved against the article's own date, at the precision the text gives."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_article

import storyline
from storyline.compare.timeline import (
    date_disagreements,
    date_mentions,
    dated_sentences,
    event_date,
    timeline,
    year_anchor,
)
from storyline.compare.wire import source_groups, wire_groups
from storyline.represent import SentenceSpace
from storyline.segment import make_story

WEDNESDAY = date(2020, 1, 29)


def when(text: str, published: date | None = WEDNESDAY, anchor: date | None = None) -> str | None:
    return event_date(date_mentions(text, published, anchor or published))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syrian government forces Tuesday entered the town.", "2020-01-28"),
        ("On Monday, Pompeo said in a statement that Washington condemns the attacks.", "2020-01-27"),
        ("The regional government on Wednesday ordered an inquiry.", "2020-01-29"),
        ("Forces launched a major offensive last week.", "2020-01"),
        ("In August, Syrian troops captured another town.", "2019-08"),
        ("In September 2018, Moscow and Ankara reached an agreement.", "2018-09"),
        ("Forces on Jan. 28 entered a key town.", "2020-01-28"),
        ("The deal was signed on 28 January, 2020 in Moscow.", "2020-01-28"),
        ("The town has been in rebel hands since 2012.", "2012"),
        ("Civilians were killed between May and August 2019 alone.", "2019"),
    ],
)
def test_timeline_resolves_dates_against_the_article_date(text: str, expected: str) -> None:
    assert when(text) == expected


def test_timeline_weekdays_need_a_publication_date() -> None:
    assert when("On Tuesday, a military post was besieged.", published=None) is None
    # A month-day takes its year from the article's own latest full date, nearest to it.
    assert when("The ceasefire of Jan. 12 failed.", published=None, anchor=date(2019, 12, 23)) == "2020-01-12"


def test_timeline_skips_deadlines_photo_dates_and_prefers_the_event_to_the_announcement() -> None:
    assert when("Shipping would not resume before Monday.") is None
    assert when("The harbour will stay closed until at least Monday.") is None
    assert when("The actor, seen here in 2004, died.") is None
    assert when("A spokesman said on Thursday that 3,000 people were evacuated on Tuesday night.") == "2020-01-28"
    assert when("The cooperative said on Thursday that the terminal would stay closed.") == "2020-01-23"


def test_timeline_year_anchor_is_the_latest_full_date_written() -> None:
    assert year_anchor("It began on Dec. 23, 2019 and went on to Jan. 5.", None) == date(2019, 12, 23)
    assert year_anchor("No dates here.", None) is None
    assert year_anchor("Anything.", WEDNESDAY) == WEDNESDAY


def test_timeline_orders_events_and_merges_sources() -> None:
    texts = {
        "a": "Troops entered the town on Tuesday after a long siege, officials said.",
        "b": "Troops entered the town on Tuesday after a long siege, activists said.",
        "c": "In August, troops captured another town on the highway to the north.",
    }
    story = make_story([make_article(text, id=key, date=WEDNESDAY) for key, text in texts.items()])
    events = timeline(story, SentenceSpace.of(story))
    assert [(e.date, e.sources) for e in events] == [("2019-08", ("c",)), ("2020-01-28", ("a", "b"))]


def test_timeline_seeds_town_entered_on_tuesday_28_january(seeds_dir) -> None:
    (briefing,) = storyline.brief([seeds_dir]).stories
    events = {e.date: e for e in briefing.analysis.timeline}
    entered = events["2020-01-28"]
    assert "entered" in entered.text
    assert len(entered.sources) >= 3
    assert "Pompeo" in events["2020-01-27"].text
    assert all(e.date < "2020-01-29" for e in briefing.analysis.timeline)


def test_timeline_same_event_on_different_days_is_a_date_disagreement() -> None:
    texts = {
        "a": "Government troops entered the besieged northern town on Tuesday after a long siege, officials said.",
        "b": "Government troops entered the besieged northern town on Monday after a long siege, activists said.",
        "c": "In August, troops captured another town on the highway to the north.",
    }
    story = make_story([make_article(text, id=key, date=WEDNESDAY) for key, text in texts.items()])
    space = SentenceSpace.of(story)
    (dispute,) = date_disagreements(story, space, source_groups(story, wire_groups(story)), dated_sentences(story))
    assert [(c.value, c.sources) for c in dispute.claims] == [("2020-01-27", ("b",)), ("2020-01-28", ("a",))]
    assert dispute.about.startswith("date: Government troops entered")
