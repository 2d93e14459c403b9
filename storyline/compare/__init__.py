"""Cross-source analysis: what comparing the articles of a story says that no single article does.

`analyse` runs every part on a story already segmented and represented for briefing, so the
TF-IDF space is shared with selection and attribution rather than rebuilt.
"""

from __future__ import annotations

from storyline.compare.corroborate import single_source_claims, with_independent_sources
from storyline.compare.disagree import compare_figures
from storyline.compare.entities import entities as find_entities
from storyline.compare.timeline import date_disagreements, dated_sentences
from storyline.compare.timeline import timeline as build_timeline
from storyline.compare.wire import source_groups, wire_groups
from storyline.models import Analysis, Story, SummarySentence
from storyline.represent import SentenceSpace


def analyse(
    story: Story, space: SentenceSpace, summary: list[SummarySentence]
) -> tuple[list[SummarySentence], Analysis]:
    """The summary with independent-source counts, and the story's cross-source analysis."""
    groups = wire_groups(story, space)
    independent = source_groups(story, groups)
    dated = dated_sentences(story)
    disputes, figures = compare_figures(story, independent, dated)
    analysis = Analysis(
        wire_copies=tuple(groups),
        single_source_claims=tuple(single_source_claims(story, space, independent, summary)),
        disagreements=(*disputes, *date_disagreements(story, space, independent, dated)),
        figures=tuple(figures),
        timeline=tuple(build_timeline(story, space, dated)),
        entities=tuple(find_entities(story)),
    )
    return with_independent_sources(summary, independent), analysis


__all__ = ["analyse"]
