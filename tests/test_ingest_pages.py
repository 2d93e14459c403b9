"""Real pages in, correct text out: what a page declares about itself, read as a careful reader would."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest

from storyline.clean import clean_article
from storyline.ingest import read_inputs
from storyline.ingest.pagemeta import clean_site_name, read_page_meta, strip_site
from storyline.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page(head: str, body: str = "<h1>Some headline here</h1>") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_page_metadata_comes_from_what_the_page_declares() -> None:
    (article,) = read_inputs([FIXTURES / "telegraph-like.html"])
    assert isinstance(article, Article)
    assert article.title == "Harbour fire: grain terminal burns for six hours"  # not "escenic"
    assert article.source == "The Example Telegraph"  # not the copyright line
    assert article.url == "https://www.example-telegraph.co.uk/news/2020/01/28/harbour-fire/"
    assert article.date == date(2020, 1, 28)
    assert article.published_at == datetime(2020, 1, 28, 21, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tokyo eyes new rules for drones | The Japan Times", "Tokyo eyes new rules for drones"),
        ("Kulu Media - Ten things to do in Kulu", "Ten things to do in Kulu"),
        ("Ten things to do in Kulu – Kulu Media", "Ten things to do in Kulu"),
        ("Opinion | Republicans are following Trump", "Republicans are following Trump"),
        ("Fact Check: Is an oxygen bar open in Delhi?", "Fact Check: Is an oxygen bar open in Delhi?"),
    ],
)
def test_site_names_and_section_labels_are_stripped_from_titles(title: str, expected: str) -> None:
    assert strip_site(title, ["The Japan Times", "Kulu Media", "japantimes.co.jp"]) == expected


def test_title_is_the_one_the_sources_agree_on() -> None:
    tree = page(
        "<title>Opinion | Markets slide on trade doubts - The Daily Example</title>"
        '<meta property="og:title" content="Opinion | Markets slide on trade doubts">',
        "<h1>Markets slide on trade doubts</h1>",
    )
    assert read_page_meta(tree).title == "Markets slide on trade doubts"
    # A headline cut short in JSON-LD backs the full one.
    tree = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Hunter diagnosed with plague after '
        'eating a rabbit making him third"}</script><meta property="og:title" content="Hunter in Beijing has plague">'
        "<title>Hunter diagnosed with plague after eating a rabbit making him third local to catch it – The Sun</title>"
        '<meta property="og:site_name" content="The Sun">',
        "<h1>Hunter diagnosed with plague after eating a rabbit making him third local to catch it</h1>",
    )
    assert (
        read_page_meta(tree).title
        == "Hunter diagnosed with plague after eating a rabbit making him third local to catch it"
    )


def test_outlet_is_a_declared_name_the_host_agrees_with_never_a_copyright_line() -> None:
    # og:site_name names a section on some sites; the <title> and the host agree on the outlet.
    tree = page(
        '<meta property="og:site_name" content="U.S."><title>Oil slides on oversupply - Reuters</title>'
        '<link rel="canonical" href="https://www.reuters.com/article/oil-idUS1">'
    )
    assert read_page_meta(tree).source == "Reuters"
    tree = page('<link rel="canonical" href="https://www.spox.com/de/a/1.html">')
    assert read_page_meta(tree, fallback_site="© Spox 2022").source == "Spox"
    assert clean_site_name("Copyright 2019 - 2022 Kulu Media. All rights reserved.") == "Kulu Media"


def test_published_date_is_the_declared_one_not_a_placeholder() -> None:
    tree = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'
        '<meta property="article:published_time" content="2019-11-19T21:57:01+0000">'
    )
    meta = read_page_meta(tree)
    assert meta.date == date(2019, 11, 19)
    assert meta.published_at == datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)


def test_html_entities_are_decoded_in_text_and_titles() -> None:
    article = clean_article(
        Article(
            id="", text="Crews fought the fire&nbsp;all night &amp; day.\n\nIt&#8217;s out.", title="Fire &amp; ice"
        )
    )
    assert article.text == "Crews fought the fire all night & day.\n\nIt’s out."
    assert article.title == "Fire & ice"


def test_plain_english_is_recognised_without_loading_the_language_model(monkeypatch) -> None:
    from storyline.ingest import language

    def refuse() -> None:
        raise AssertionError("the model was asked")

    english = "The fire at the harbour was put out by noon, and the residents who had left were told they could return."
    monkeypatch.setattr(language, "_model", refuse)
    assert language.detect_language(english * 2) == "en"
    monkeypatch.undo()
    assert (
        language.detect_language("Die Feuerwehr hat den Brand am Hafen bis zum Mittag gelöscht, teilte die Stadt mit.")
        == "de"
    )
