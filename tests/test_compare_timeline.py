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
        ("Forces launched a major offensive last week.", None),  # not explicit enough for a timeline entry
        ("The virus emerged last year in the province.", None),
        ("In August, Syrian troops captured another town.", "2019-08"),
        ("In September 2018, Moscow and Ankara reached an agreement.", "2018-09"),
        ("Forces on Jan. 28 entered a key town.", "2020-01-28"),
        ("The deal was signed on 28 January, 2020 in Moscow.", "2020-01-28"),
        ("The town has been in rebel hands since 2012.", "2012"),
        ("Civilians were killed between May and August 2019 alone.", "2019"),
    ],
)
def test_timeline_resolves_dates_against_the_article_date(text: str, expected: str | None) -> None:
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


SUNDAY = date(2020, 8, 16)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # The case: "Monday" in an article of Sunday 16 August is the 17th when the verb is in the future.
        ("The minister will announce the new rules on Monday.", SUNDAY, "2020-08-17"),
        ("The minister announced the new rules on Monday.", SUNDAY, "2020-08-10"),
        # Real pages (benchmarks' realpages): AP, Wednesday 20 November 2019; VentureBeat, Monday 18 November 2019.
        (
            '"And I asked, well, on whose authority?" said Hill, who will testify Thursday.',
            date(2019, 11, 20),
            "2019-11-21",
        ),
        (
            "Next steps to shape the company's future will be divulged in an all-company meeting on Friday, "
            "Claure said in the email.",
            date(2019, 11, 18),
            "2019-11-22",
        ),
        (
            "Alibaba's listing ceremony is due to be held at the Hong Kong Stock Exchange next Tuesday.",
            date(2019, 11, 20),
            "2019-11-26",
        ),
        # Still past: the future is in what was said, the weekday is when it was said (NBC, Wednesday 20 Nov 2019).
        (
            "The house where Adolf Hitler was born will be turned into a police station, Austria's interior minister "
            "said on Tuesday.",
            date(2019, 11, 20),
            "2019-11-19",
        ),
    ],
)
def test_timeline_a_future_weekday_is_the_coming_one(text: str, published: date, expected: str) -> None:
    assert when(text, published=published) == expected


def test_timeline_days_earlier_are_counted_from_the_date_they_refer_to() -> None:
    # The case: "12 days earlier" than a December 2010 date stays in December 2010.
    assert when("He died on Dec. 29, 2010, 12 days earlier he had been admitted.", published=date(2011, 3, 2)) == (
        "2010-12-29"
    )
    mentions = date_mentions("On Dec. 29, 2010 he died; 12 days earlier he had been admitted.", date(2011, 3, 2), None)
    assert [m.date for m in mentions] == ["2010-12-29", "2010-12-17"]
    # Anchored on the preceding sentence of the article when the sentence names no day itself.
    assert date_mentions("Two weeks later, he was released.", None, None, previous="2010-12-29")[0].date == "2011-01-12"
    # No day to count from: no entry.
    assert date_mentions("He was removed from suicide monitoring 12 days later.", None, None) == []


def test_timeline_article_sentences_chain_relative_offsets() -> None:
    story = make_story(
        [
            make_article(
                "The patient was admitted to the hospital on Dec. 17, 2010, with a high fever.\n\n"
                "Twelve days later, doctors declared him cured of the fever.",
                id="a",
                date=date(2011, 1, 10),
            )
        ]
    )
    assert sorted(dated_sentences(story).values()) == ["2010-12-17", "2010-12-29"]
