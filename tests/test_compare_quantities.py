"""Quantity mentions: normalised ranges, unit nouns, event words, and what is never a count."""

from __future__ import annotations

import math

import pytest

from storyline.quantities import conflict, quantities


def only(text: str):
    (quantity,) = quantities(text)
    return quantity


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The violence has displaced 358,000 people.", 358_000, 358_000),
        ("Turkey hosts 3.6 million Syrian refugees.", 3_600_000, 3_600_000),
        ("It displaced hundreds of thousands of people.", 200_000, math.inf),
        ("Troops captured more than a dozen villages.", 12, math.inf),
        ("Troops captured dozens of villages.", 24, math.inf),
        ("The fighting displaced 80,000 Syrians.", 80_000, 80_000),
        ("Some 3,000 people were evacuated.", 2_700, 3_300),
        ("Nearly 200 people were killed.", 0, 200),
        ("The outbreak sickened people in three dozen states.", 36, 36),
        ("TWO PEOPLE WERE KILLED IN THE BLAST.", 2, 2),  # number words are found whatever their case
        ("Dozens Of Villages Were Captured.", 24, math.inf),
    ],
)
def test_quantities_normalise_number_expressions(text: str, low: float, high: float) -> None:
    quantity = only(text)
    assert quantity.low == pytest.approx(low)
    assert quantity.high == pytest.approx(high)


def test_quantities_find_the_unit_and_event_word() -> None:
    refugees = only("Turkey already hosts more than 3.6 million Syrian refugees and fears more.")
    assert (refugees.unit_text, refugees.topic, refugees.subject) == ("Syrian refugees", "hosted", "Turkey")
    displaced = only("The escalation displaced 80,000 Syrians, the U.N. said this week.")
    assert (displaced.unit, displaced.topic) == ("people", "displaced")


@pytest.mark.parametrize(
    "text",
    [
        "Syrian regime forces on Jan. 28 entered the town.",
        "The town has been in rebel hands since 2012.",
        "The 150-member committee met in Geneva.",
        "They surrounded the eighth observation post.",
        "She faces two counts of causing death.",
        "There are an average of 6 alcohol poisoning deaths every day.",
    ],
)
def test_quantities_leave_out_dates_years_compounds_ordinals_charges_and_rates(text: str) -> None:
    assert quantities(text) == []


def test_quantities_joined_event_words_are_one_topic() -> None:
    assert only("The sinking left more than 300 people dead or missing.").topic == "killed or missing"


def test_quantities_a_nearer_verb_governs_the_count() -> None:
    shot, carjacked = quantities("He shot two people and tried carjacking six people.")
    assert shot.topic == "shot"
    assert carjacked.topic == ""


def test_conflict_needs_ranges_that_cannot_both_hold() -> None:
    exact = only("The fighting displaced 80,000 people.")
    around = only("The fighting displaced around 358,000 people.")
    many = only("The fighting displaced hundreds of thousands of people.")
    assert conflict(exact, around)
    assert conflict(exact, many)
    assert not conflict(around, many)


def test_conflict_between_close_bounds_but_not_far_ones() -> None:
    a = only("Turkey hosts more than 3.6 million refugees.")
    b = only("Turkey hosts more than 3.5 million refugees.")
    assert conflict(a, b)
    dozen = only("Troops captured more than a dozen villages.")
    over = only("Troops captured more than 24 villages.")
    assert not conflict(dozen, over)


def test_quantities_event_word_found_across_runs_of_spaces() -> None:
    spaced = only("The  fighting  has  displaced  in  the  north  so  far  some  80,000  people.")
    assert (spaced.topic, spaced.unit) == ("displaced", "people")


def test_conflict_a_rounder_bound_and_a_finer_one_can_both_hold() -> None:
    # Multi-News train 2543: a toll that grew between reports, each a floor.
    assert not conflict(only("The quake left at least 1,900 people dead."), only("It left more than 2,000 dead."))
    assert not conflict(only("The train killed at least 60 people."), only("Over 50 people have died."))
    assert conflict(only("The storm killed at least six people."), only("The storm killed at least seven people."))


def test_quantities_durations_and_wholes_are_no_tallies() -> None:
    assert not quantities("He died eight days later.")
    # "Seventeen of the boat's 31 passengers": 31 is the whole the dead are counted from.
    assert "31" not in [q.value for q in quantities("Seventeen of the boat's 31 passengers died in the tragedy.")]


def test_quantities_read_past_a_dotted_abbreviation() -> None:
    # Multi-News train 11899: "Five u.s. soldiers" counted "u".
    assert only("Five U.S. soldiers were killed on Tuesday.").unit == "soldier"
