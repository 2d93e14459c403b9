"""Terminal text: the briefing as wrapped numbered sentences with [n] citations, then the sources."""

from __future__ import annotations

import textwrap

from storyline.models import Report
from storyline.render.common import (
    analysis_sections,
    byline,
    citation_numbers,
    cited_numbers,
    independent_note,
    source_line,
)

WIDTH = 100


def render_text(report: Report) -> str:
    blocks: list[str] = []
    for briefing in report.stories:
        numbers = citation_numbers(briefing)
        lines = [briefing.title or "Briefing", byline(briefing), *(f"Note: {n}" for n in briefing.notices), ""]
        for k, sentence in enumerate(briefing.summary, 1):
            cites = "".join(f"[{n}]" for n in cited_numbers(numbers, sentence.sources)) + independent_note(sentence)
            lines.append(
                textwrap.fill(f"{sentence.text} {cites}", WIDTH, initial_indent=f"{k:>2}. ", subsequent_indent="    ")
            )
        if not briefing.summary:
            lines.append("(no sentence fits the word budget)")
        for title, items in analysis_sections(briefing):
            lines += ["", title]
            for item, sources in items:
                cites = "".join(f"[{n}]" for n in cited_numbers(numbers, sources))
                lines.append(textwrap.fill(f"{item} {cites}", WIDTH, initial_indent=" - ", subsequent_indent="   "))
        lines += ["", "Sources"]
        for article in briefing.story.articles:
            lines.append(
                textwrap.fill(
                    source_line(article), WIDTH, initial_indent=f" [{numbers[article.id]}] ", subsequent_indent="     "
                )
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
