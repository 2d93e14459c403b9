"""Terminal text: the briefing as wrapped numbered sentences with [n] citations, then the sources."""

from __future__ import annotations

import textwrap

from storyline.pipeline import Report
from storyline.render.common import byline, citation_numbers, source_line

WIDTH = 100


def render_text(report: Report) -> str:
    blocks: list[str] = []
    for briefing in report.stories:
        numbers = citation_numbers(briefing)
        lines = [briefing.title or "Briefing", byline(briefing), ""]
        for k, sentence in enumerate(briefing.summary, 1):
            cites = "".join(f"[{numbers[a]}]" for a in sentence.sources)
            lines.append(textwrap.fill(f"{sentence.text} {cites}", WIDTH, initial_indent=f"{k:>2}. ", subsequent_indent="    "))
        if not briefing.summary:
            lines.append("(no sentence fits the word budget)")
        lines += ["", "Sources"]
        for article in briefing.story.articles:
            lines.append(textwrap.fill(source_line(article), WIDTH, initial_indent=f" [{numbers[article.id]}] ", subsequent_indent="     "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
