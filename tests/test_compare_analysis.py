"""Cross-source analysis in the pipeline and in every output format; the JSON contract of issue 4."""

from __future__ import annotations

import json

import pytest
from builders import make_test_story
from conftest import EXAMPLES

import storyline
from storyline.attribute import attribute
from storyline.compare.corroborate import single_source_claims
from storyline.compare.wire import source_groups, wire_groups
from storyline.ingest import read_inputs
from storyline.pipeline import brief_articles, prepare
from storyline.render import render
from storyline.represent import SentenceSpace


@pytest.fixture(scope="module")
def report() -> storyline.Report:
    return storyline.brief([EXAMPLES / "harbour-fire"])


def test_analysis_can_be_switched_off_for_evaluation() -> None:
    articles, _ = prepare(read_inputs([EXAMPLES / "harbour-fire"]))
    briefing = brief_articles(articles, analyse=False)
    assert briefing.analysis is None
    assert all(s.independent_sources == 0 for s in briefing.summary)
    (story,) = json.loads(render(storyline.Report(stories=[briefing]), "json"))["stories"]
    assert "wire_copies" not in story


def _strict(value: str) -> None:
    raise ValueError(f"not JSON: {value}")


def test_analysis_json_keys_follow_the_issue(report: storyline.Report) -> None:
    (story,) = json.loads(render(report, "json"), parse_constant=_strict)["stories"]
    (wire,) = story["wire_copies"]
    assert set(wire) >= {"articles", "shared"} and 0.0 <= wire["shared"] <= 1.0
    assert all({"text", "sources", "independent_sources"} <= set(s) for s in story["summary"])
    assert all(set(c) >= {"text", "sources"} for c in story["single_source_claims"])
    assert story["disagreements"] == []  # two counters' figures (see test_compare_disagree)
    evacuated = next(f for f in story["figures"] if f["about"] == "people evacuated")
    assert set(evacuated) >= {"about", "claims"}
    assert all(set(c) >= {"value", "text", "sources", "date"} for c in evacuated["claims"])
    for event in story["timeline"]:
        assert set(event) >= {"date", "text", "sources"}
        assert len(event["date"]) in (4, 7, 10)
    for entity in story["entities"]:
        assert set(entity) >= {"name", "type", "variants", "mentions", "sources"}
        assert entity["type"] in {"person", "place", "organization", "other"}


def test_analysis_independent_sources_count_the_wire_story_once(report: storyline.Report) -> None:
    (briefing,) = report.stories
    (group,) = briefing.analysis.wire_copies
    for sentence in briefing.summary:
        wire_sources = set(sentence.sources) & set(group.articles)
        assert sentence.independent_sources == len(sentence.sources) - max(len(wire_sources) - 1, 0)


@pytest.mark.parametrize(
    ("fmt", "headings"),
    [
        ("text", ["Wire copies", "Figures reported", "Timeline", "People, places, organisations"]),
        ("markdown", ["## Wire copies", "## Figures reported", "## Timeline", "## People, places, organisations"]),
        ("html", ["<h2>Wire copies</h2>", "<h2>Figures reported</h2>", "<h2>Timeline</h2>"]),
    ],
)
def test_analysis_appears_in_every_format(report: storyline.Report, fmt: str, headings: list[str]) -> None:
    output = render(report, fmt)
    for heading in headings:
        assert heading in output
    assert "3,000" in output and "1,200" in output
    assert "2025-10-14" in output


def test_single_source_claims_never_repeat_the_briefing() -> None:
    texts = (
        "The harbour fire destroyed three warehouses on the north quay early on Monday, the fire service said. "
        "Insurers put the damage at more than 40 million euros, according to a statement from the port.",
        "A fire destroyed warehouses on the north quay of the harbour early on Monday, the fire service said. "
        "Two firefighters were treated for smoke inhalation at the city hospital and released later that day.",
    )
    story = make_test_story(*texts)
    space = SentenceSpace.of(story)
    independent = source_groups(story, wire_groups(story, space))
    lone = {c.text for c in single_source_claims(story, space, independent)}
    insurers = next(i for i, s in enumerate(story.sentences) if s.text.startswith("Insurers"))
    assert story.sentences[insurers].text in lone  # one source only: listed, until the briefing says it
    summary = attribute(story, space, [insurers])
    assert story.sentences[insurers].text not in {
        c.text for c in single_source_claims(story, space, independent, summary)
    }
