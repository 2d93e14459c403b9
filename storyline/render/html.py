"""One self-contained HTML page (inline CSS, no external assets), every article string escaped."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from storyline.models import Report
from storyline.render.common import analysis_sections, byline, citation_numbers, independent_note, source_line


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    stories = [
        {"briefing": b, "numbers": citation_numbers(b), "byline": byline(b), "analysis": analysis_sections(b)}
        for b in report.stories
    ]
    template = _environment().get_template("report.html")
    return template.render(
        stories=stories, problems=report.problems, source_line=source_line, independent_note=independent_note
    )
