"""Output formats: the JSON contract, text and Markdown citations, one self-contained and escaped HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from builders import make_article
from conftest import EXAMPLES
from typer.testing import CliRunner

import storyline
from storyline.cli import _register, app
from storyline.render import RENDERERS, render

HOSTILE = '<script>alert("x")</script> The <img src=x onerror="alert(1)"> fire spread to the grain sheds on Tuesday.'


@pytest.fixture(scope="module")
def report() -> storyline.Report:
    return storyline.brief([EXAMPLES / "harbour-fire"], words=120)


def test_render_json_contract(report: storyline.Report) -> None:
    data = json.loads(render(report, "json"))
    (story,) = data["stories"]
    assert {"id", "title", "articles", "summary"} <= set(story)
    for article in story["articles"]:
        assert set(article) >= {"id", "title", "source", "url", "path", "date", "words"}
        assert isinstance(article["words"], int) and article["words"] > 0
    ids = {a["id"] for a in story["articles"]}
    for sentence in story["summary"]:
        assert set(sentence) >= {"text", "sources"}
        assert sentence["sources"] and set(sentence["sources"]) <= ids
    assert story["articles"][0]["date"] == "2025-10-15"
    assert data["problems"] == []
    said = sum(len(sentence["text"].split()) for sentence in story["summary"])
    assert (story["words"], story["briefing_words"]) == (120, said) and 0 < said <= 120


def test_render_text_numbers_citations_and_sources(report: storyline.Report) -> None:
    text = render(report, "text")
    (briefing,) = report.stories
    assert text.startswith(briefing.title)
    assert re.search(r"^ 1\. .+?\[\d\]", text, re.M | re.S)
    assert "Sources" in text and " [5] " in text
    assert "The Tesmar Courier" in text and "https://tesmar-courier.example/" in text


def test_human_formats_list_citations_in_ascending_order(report: storyline.Report) -> None:
    """Text and Markdown list a sentence's sources by number, as the web page does; JSON keeps the origin first."""
    (briefing,) = report.stories
    numbers = {article.id: k for k, article in enumerate(briefing.story.articles, 1)}
    rows = [[numbers[a] for a in s.sources] for s in briefing.summary]
    assert any(row != sorted(row) for row in rows)  # else this test could not fail
    text, markdown = render(report, "text"), render(report, "markdown")
    for row in rows:
        assert "".join(f"[{n}]" for n in sorted(row)) in text
        assert "".join(f"[\\[{n}\\]](#source-{n})" for n in sorted(row)) in markdown
        if row != sorted(row):
            assert "".join(f"[{n}]" for n in row) not in text


def test_render_markdown_links_citations_to_sources(report: storyline.Report) -> None:
    markdown = render(report, "markdown")
    assert markdown.startswith("# Fire guts grain terminal at Brennholt harbour")
    assert "](#source-1)" in markdown and '<a id="source-1"></a>' in markdown


def test_render_html_is_self_contained(report: storyline.Report) -> None:
    page = render(report, "html")
    assert page.startswith("<!doctype html>")
    assert not re.search(r"<(script|link|img|iframe)\b", page, re.I)
    assert "src=" not in page
    assert 'href="#' in page  # citations jump to the source list


def test_render_escapes_article_strings() -> None:
    hostile = storyline.brief([make_article(HOSTILE, title="<b>Title</b>", id="evil", url="javascript:alert(1)")])
    page = render(hostile, "html")
    assert "<script>" not in page and "<img" not in page and "<b>Title" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "\\<script\\>" in render(hostile, "markdown")
    assert json.loads(render(hostile, "json"))["stories"][0]["title"] == "<b>Title</b>"


def test_render_cli_formats_and_output_file(tmp_path: Path) -> None:
    _register()
    runner = CliRunner()
    for fmt in RENDERERS:
        result = runner.invoke(app, ["brief", str(EXAMPLES / "harbour-fire"), "--format", fmt, "--words", "80"])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip()
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", str(EXAMPLES / "harbour-fire"), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "Brennholt" in out.read_text()


def test_render_cli_reads_stdin() -> None:
    _register()
    text = (EXAMPLES / "harbour-fire" / "03-velmora-daily.txt").read_text()
    result = CliRunner().invoke(app, ["brief", "-", "--format", "json"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stories"][0]["articles"][0]["path"] == "-"
