"""Citations: an article is cited for a sentence only when one of its sentences states the same fact."""

from __future__ import annotations

from builders import make_test_story

from storyline.attribute import attribute, citations_for
from storyline.facts import conflict, facts
from storyline.represent import SentenceSpace


def cited(*texts: str) -> tuple[str, ...]:
    story = make_test_story(*texts)
    space = SentenceSpace.of(story)
    return tuple(c.article_id for c in citations_for(story, space, 0))


def test_attribute_cites_every_article_stating_the_fact() -> None:
    assert cited(
        "Syrian regime forces entered the key rebel-held town of Maaret al-Numan on Tuesday, activists said.",
        "Syrian regime forces on Tuesday entered the key rebel-held town of Maaret al-Numan, state media said.",
        "The weather in Geneva was mild as diplomats met to discuss a new constitution.",
    ) == ("art1", "art2")


def test_attribute_a_different_figure_is_no_support() -> None:
    assert cited(
        "The fighting has displaced 80,000 people in the province this week, the United Nations said.",
        "The fighting has displaced 358,000 people in the province this week, the United Nations said.",
    ) == ("art1",)


def test_attribute_another_quotation_is_no_support() -> None:
    # The case: one quotation and the speaker's other words, alike enough (0.5) for the old rule to cite.
    assert cited(
        "\"It's like 60% black they're saying,\" King said of the power outage in Houston on Monday.",
        "\"They're not saying a wire got burned down, it's saying it's a lack of power,\" King said of the outage in "
        "Houston on Monday.",
    ) == ("art1",)
    assert conflict(facts("\"It's like 60% black they're saying,\" King said."), facts("They're not saying it.")) == (
        "quotations"
    )


def test_attribute_another_actor_is_no_support() -> None:
    assert conflict(facts("WeWork declined to comment."), facts("A spokesperson for the NYAG declined to comment."))
    assert not conflict(facts("WeWork declined to comment."), facts("WeWork declined to comment on the report."))


def test_attribute_wire_copies_cite_each_other() -> None:
    same = "Rescuers pulled 14 survivors from the rubble of the collapsed hotel overnight, officials said."
    story = make_test_story(same, same + " More searches are planned.")
    summary = attribute(story, SentenceSpace.of(story), [0])
    assert summary[0].sources == ("art1", "art2")


def test_attribute_a_weekday_is_no_other_actor() -> None:
    # The seeds: the AP copies say "Tuesday" where the lead says "Jan. 28"; a day is not a name.
    assert not conflict(
        facts("Syrian government forces Tuesday entered a key rebel-held town in the country's northwest."),
        facts("Syrian government forces entered a key town south of Idlib city on Jan. 28, monitors said."),
    )
