"""Disagreements: only the same quantity, only between independent sources, and the seeds' two disputes."""

from __future__ import annotations

from datetime import date

from builders import make_article, make_test_story
from conftest import EXAMPLES

import storyline
from storyline.compare.disagree import compare_figures, disagreements
from storyline.compare.wire import source_groups, wire_groups
from storyline.segment import make_story


def found(*texts: str):
    story = make_test_story(*texts)
    return disagreements(story, source_groups(story, wire_groups(story)))


def found_dated(*texts: str, day: date = date(2020, 1, 28)):
    """`found`, every article published on `day`: reports of the same moment."""
    story = make_story([make_article(text, id=f"art{n}", date=day) for n, text in enumerate(texts, 1)])
    return disagreements(story, source_groups(story, wire_groups(story)))


def test_disagree_reports_conflicting_counts_with_who_said_what() -> None:
    (dispute,) = found_dated(
        "The fighting has displaced 80,000 people in the province, the agency said.",
        "The fighting has displaced around 358,000 people in the province since December, officials said.",
    )
    assert dispute.about == "people displaced"
    assert {(c.value, c.sources) for c in dispute.claims} == {("80,000", ("art1",)), ("around 358,000", ("art2",))}


def test_disagree_never_pairs_different_quantities() -> None:
    assert not found(
        "Turkey has 12 military observation posts in the region under the deal.",
        "Forces surrounded the eighth observation post of the Turkish army in the village.",
    )
    assert not found(
        "The offensive has displaced 80,000 people in the province this month.",
        "Turkey already hosts more than 3.6 million Syrian refugees in its camps.",
    )


def test_disagree_never_pairs_different_subjects_or_years() -> None:
    assert not found(
        "Turkey hosts 3.6 million refugees from the war next door.",
        "Lebanon hosts 1.5 million refugees from the war next door.",
    )
    assert not found(
        "Fighting killed 40 people in the town this week, medics said.",
        "More than 1,300 people were killed in the region between May and August 2019.",
    )


def test_disagree_agreeing_and_compatible_values_are_no_dispute() -> None:
    assert not found(
        "Rescuers said 14 people were killed in the blast at the plant.",
        "The blast at the plant killed 14 people, the police said.",
        "More than a dozen people were killed in the blast, a witness said.",
    )


def test_disagree_one_source_contradicting_itself_is_not_a_dispute_between_sources() -> None:
    assert not found("The storm killed 12 people on Monday. By Tuesday officials said the storm killed 30 people.")


def test_disagree_bundled_example_evacuations_are_two_counters_figures() -> None:
    # The fire service's 1,200 (reported on the 15th) and the mayor's office's 3,000 (the 16th) are two counters'
    # figures, listed in the order they were reported, not a disagreement.
    (briefing,) = storyline.brief([EXAMPLES / "harbour-fire"]).stories
    assert briefing.analysis.disagreements == ()
    evacuated = next(f for f in briefing.analysis.figures if f.about == "people evacuated")
    assert [(c.value.lower(), c.date) for c in evacuated.claims] == [
        ("about 1,200", "2025-10-15"),
        ("some 3,000", "2025-10-16"),
    ]
    assert len(evacuated.claims[0].sources) == 4  # the Courier, both wire copies and the radio


def test_disagree_seeds_refugees_disagree_and_displaced_are_figures(seeds_dir) -> None:
    # The model case: the refugee counts (same week, same measure) disagree; the displaced counts measure
    # other periods and counters ("since December", "this week", local groups) or are vague ("thousands").
    (briefing,) = storyline.brief([seeds_dir]).stories
    disputes = {d.about: {c.value for c in d.claims} for d in briefing.analysis.disagreements}
    assert disputes == {"refugees hosted": {"more than 3.6 million", "more than 3.5 million"}}
    figures = {f.about: [c.value for c in f.claims] for f in briefing.analysis.figures}
    assert {"80,000", "around 358,000", "more than 100,000", "hundreds of thousands"} <= set(
        figures["people displaced"]
    )


def test_disagree_other_counters_periods_and_vague_amounts_are_figures() -> None:
    story = make_test_story(
        "The violence has displaced around 358,000 people since December, the United Nations says.",
        "The escalation displaced 80,000 people this week, the United Nations said.",
        "Local groups, including the Syrian Observatory, estimated that 100,000 people had been displaced.",
        "The offensive displaced tens of thousands of people in the province.",
    )
    disputes, figures = compare_figures(story, source_groups(story, wire_groups(story)))
    assert disputes == []
    (displaced,) = figures
    assert [c.value for c in displaced.claims] == ["around 358,000", "80,000", "100,000", "tens of thousands"]


def test_disagree_figures_are_in_order_of_report() -> None:
    texts = {
        "late": "The toll rose: 40 people were killed in the floods, officials said on Friday.",
        "early": "At first 12 people were killed in the floods, officials said on Monday.",
    }
    story = make_story(
        [
            make_article(texts["late"], id="late", date=date(2024, 3, 29)),
            make_article(texts["early"], id="early", date=date(2024, 3, 4)),
        ]
    )
    disputes, (killed,) = compare_figures(story, source_groups(story, wire_groups(story)))
    assert disputes == []  # reported more than a week apart: a count that grew
    assert [(c.value, c.date) for c in killed.claims] == [("12", "2024-03-04"), ("40", "2024-03-29")]


def test_disagree_a_round_bound_and_the_figure_it_rounds_agree() -> None:
    assert not found(
        "Brown has sold more than 80 million copies of the novel, his publisher said.",
        "Brown has sold more than 81m copies of the novel worldwide, his publisher said.",
    )
    assert found_dated(
        "Turkey already hosts more than 3.6 million Syrian refugees, officials said.",
        "Turkey already hosts more than 3.5 million Syrian refugees, officials said.",
    )


def test_disagree_undated_reports_need_the_same_day_in_their_words() -> None:
    # Multi-News train 2623 and others: undated tolls may be hours or days apart; a toll that grew is no dispute.
    assert not found(
        "A suicide bombing on a trolleybus in the city killed at least 14 people.",
        "At least 16 people have been killed in a trolleybus blast in the city.",
    )
    assert found(
        "On Friday, security forces killed 15 people in the city, activists said.",
        "Security forces killed five people in the city on Friday, activists said.",
    )


def test_disagree_a_toll_given_for_a_moment_is_no_dispute_between_undated_reports() -> None:
    # Multi-News validation 1028 and 4741: a toll "so far" or "as of late Monday" is one moment of a count.
    assert not found(
        "The floods have so far killed at least 17 people in Queensland state.",
        "Across Queensland, more than 20 people have died in the floods.",
    )
    assert not found(
        "As of late Monday night, authorities had confirmed 19 people dead in the arena attack.",
        "Twenty-two people were killed in the arena attack.",
    )
    day = date(2011, 1, 12)
    dated = [
        make_article("The floods have so far killed 17 people in Queensland state.", id="a", date=day),
        make_article("The floods have killed 20 people in Queensland state, police said.", id="b", date=day),
    ]
    story = make_story(dated)
    assert disagreements(story, source_groups(story, wire_groups(story)))  # the same day: the same moment


def test_disagree_a_group_of_the_dead_is_no_rival_for_the_whole_toll() -> None:
    # Multi-News validation 4697: "20 children and 6 adults" against "26 people".
    assert not found(
        "The shooting deaths of 20 children and 6 adults at the school shocked the town.",
        "A gunman opened fire inside the school, killing 8 people, police said.",
    )


def test_disagree_a_source_giving_both_figures_disputes_neither() -> None:
    # Multi-News validation 1090: one report says eight injured and seven found injured on arrival.
    assert not found(
        "Eight people were injured when a gas explosion tore through a row house on Monday.",
        "Eight people were injured in the explosion. Responders found seven people injured when they arrived.",
    )


def test_disagree_an_attacker_who_killed_himself_may_be_in_one_toll_only() -> None:
    # Multi-News validation 4778: two killed "before taking his own life", three killed in all.
    assert not found(
        "A man opened fire inside a movie theater, killing two people before taking his own life.",
        "Three people were killed when a lone gunman opened fire in the movie theater.",
    )


def test_disagree_round_bounds_are_no_two_figures() -> None:
    # Multi-News validation 3653: "at least 60" and "over 50" both say "many".
    assert not found(
        "A speeding train ran over a crowd watching fireworks, killing at least 60 people.",
        "The train accident in which over 50 people have died is shocking.",
    )


def test_disagree_counts_of_two_places_are_two_events() -> None:
    # Multi-News train 2215: one story about attacks in two cities.
    assert not found(
        "A van was driven into shoppers at a Christmas market in Nantes, leaving 10 people injured.",
        "A driver ploughed his vehicle into pedestrians in Dijon, injuring 13 people, police said.",
    )


def test_disagree_a_toll_the_text_calls_provisional_is_no_dispute() -> None:
    assert not found(
        "A mine explosion has killed 245 people, the minister said, and the toll could rise.",
        "The mine disaster in which at least 274 people died is the worst in the nation's history.",
    )
    # Multi-News train 17622: "We mourn the deaths of 14 people ... the wish of all of us that this number does not
    # increase".
    assert not found(
        "Flash floods on the outskirts of Athens on Wednesday have killed at least 15 people.",
        "We mourn the deaths of 14 people on Wednesday, and we all wish that this number does not increase.",
    )


def test_disagree_a_toll_with_the_attacker_is_no_rival_for_one_without() -> None:
    # Multi-News train 4483 and 4598: "seven dead, including him"; "three killed before committing suicide".
    assert not found(
        "A gunman went on a rampage that left seven people dead, including him.",
        "The rampage left six people dead and 13 wounded.",
    )
    assert not found(
        "The man opened fire at the base, killing three people before committing suicide.",
        "Officials said four people have been killed in a shooting at the base.",
    )


def test_disagree_counts_of_differently_named_groups_are_apart() -> None:
    # Multi-News train 4627: "two police commanders" arrested on murder charges, "five municipal police commanders".
    assert not found(
        "Two police commanders were arrested on murder charges, he said.",
        "Five municipal police commanders were also arrested in the navy operation.",
    )


def test_disagree_counts_of_other_periods_are_apart() -> None:
    # Multi-News train 3235: four days of violence against one day.
    assert not found(
        "More than 700 people have died in four days of violence across the country.",
        "Clashes killed 173 people across the country on that day.",
    )
