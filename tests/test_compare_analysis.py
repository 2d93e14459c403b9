"""Cross-source analysis in the pipeline and in every output format; the JSON contract of issue 4."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

import storyline
from storyline.ingest import read_inputs
from storyline.pipeline import brief_articles, prepare
from storyline.render import render


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
    (dispute,) = story["disagreements"]
    assert set(dispute) >= {"about", "claims"}
    assert all(set(c) >= {"value", "text", "sources"} for c in dispute["claims"])
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
        ("text", ["Wire copies", "Disagreements", "Timeline", "People, places, organisations"]),
        ("markdown", ["## Wire copies", "## Disagreements", "## Timeline", "## People, places, organisations"]),
        ("html", ["<h2>Wire copies</h2>", "<h2>Disagreements</h2>", "<h2>Timeline</h2>"]),
    ],
)
def test_analysis_appears_in_every_format(report: storyline.Report, fmt: str, headings: list[str]) -> None:
    output = render(report, fmt)
    for heading in headings:
        assert heading in output
    assert "3,000" in output and "1,200" in output
    assert "2025-10-14" in output
