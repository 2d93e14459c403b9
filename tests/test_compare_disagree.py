"""Disagreements: only the same quantity, only between independent sources, and the seeds' two disputes."""

from __future__ import annotations

from builders import make_test_story
from conftest import EXAMPLES

import storyline
from storyline.compare.disagree import disagreements
from storyline.compare.wire import source_groups, wire_groups


def found(*texts: str):
    story = make_test_story(*texts)
    return disagreements(story, source_groups(story, wire_groups(story)))


def test_disagree_reports_conflicting_counts_with_who_said_what() -> None:
    (dispute,) = found(
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


def test_disagree_bundled_example_evacuations() -> None:
    (briefing,) = storyline.brief([EXAMPLES / "harbour-fire"]).stories
    (dispute,) = briefing.analysis.disagreements
    values = {c.value.lower(): c.sources for c in dispute.claims}
    assert set(values) == {"about 1,200", "some 3,000"}
    assert len(values["about 1,200"]) == 4  # the Courier, both wire copies and the radio


def test_disagree_seeds_displaced_and_refugees(seeds_dir) -> None:
    (briefing,) = storyline.brief([seeds_dir]).stories
    disputes = {d.about: {c.value for c in d.claims} for d in briefing.analysis.disagreements}
    assert {"80,000", "around 358,000", "hundreds of thousands"} <= disputes["people displaced"]
    assert disputes["refugees hosted"] == {"more than 3.6 million", "more than 3.5 million"}
    assert not any("post" in about for about in disputes)
