"""Markdown: a heading per story, the briefing as a list with linked citations, then the sources."""

from __future__ import annotations

import re

from storyline.models import Report
from storyline.render.common import (
    analysis_sections,
    byline,
    citation_numbers,
    cited_numbers,
    independent_note,
    source_line,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Escape Markdown syntax so article text renders as written."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Report) -> str:
    blocks: list[str] = []
    for briefing in report.stories:
        numbers = citation_numbers(briefing)
        lines = [f"# {escape(briefing.title or 'Briefing')}", "", f"*{byline(briefing)}*", ""]
        lines += [line for notice in briefing.notices for line in (f"> Note: {escape(notice)}", "")]
        for sentence in briefing.summary:
            cites = "".join(f"[\\[{n}\\]](#source-{n})" for n in cited_numbers(numbers, sentence.sources))
            lines.append(f"- {escape(sentence.text)} {cites}{independent_note(sentence)}")
        for title, items in analysis_sections(briefing):
            lines += ["", f"## {title}", ""]
            for item, sources in items:
                cites = "".join(f"[\\[{n}\\]](#source-{n})" for n in cited_numbers(numbers, sources))
                lines.append(f"- {escape(item)} {cites}")
        lines += ["", "## Sources", ""]
        for article in briefing.story.articles:
            n = numbers[article.id]
            lines.append(f'{n}. <a id="source-{n}"></a>{escape(source_line(article))}')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
