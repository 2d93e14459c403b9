"""Renderers: a Report to terminal text, Markdown, JSON or one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable

from storyline.errors import ConfigError
from storyline.models import Report
from storyline.render.html import render_html
from storyline.render.json import render_json
from storyline.render.markdown import render_markdown
from storyline.render.text import render_text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render(report: Report, fmt: str = "text") -> str:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"The 'format' option must be one of {', '.join(RENDERERS)}. Got {fmt!r} instead.") from None
    return renderer(report)


__all__ = ["RENDERERS", "render"]
