"""RSS and Atom feeds: one article per entry, with its title, link, date, outlet and paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.ingest import read_inputs, read_string
from storyline.ingest.feeds import parse_feed
from storyline.models import Article, Problem
from storyline.service import ingest
from storyline.store import Store

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def test_rss_entries_become_articles_and_an_empty_entry_a_problem():
    items = list(read_inputs([FEEDS / "idlib.rss"]))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [a.title for a in articles] == [
        "Thousands flee as fighting intensifies in Idlib",
        "Government forces enter Maarat al-Numan",
    ]
    first = articles[0]
    assert (first.url, first.date, first.source) == (
        "https://wire.example.org/2020/01/29/idlib-flee",
        date(2020, 1, 29),
        "Example Wire",
    )
    assert first.text.splitlines() == [
        "Thousands of civilians fled towns in southern Idlib province on Wednesday as government forces "
        "advanced on Maarat al-Numan.",
        "Aid groups said camps near the Turkish border were overwhelmed.",
    ]
    assert len(problems) == 1 and problems[0].path.endswith("idlib.rss entry 3") and "no text" in problems[0].message


def test_atom_html_content_is_read_as_paragraphs():
    (entry,) = list(read_inputs([FEEDS / "markets.atom"]))
    assert entry.title == "Stocks plunge as virus fears grip markets"
    assert entry.author == "A. Reporter" and entry.date == date(2020, 3, 12)
    assert entry.text.startswith("Global stock markets suffered") and "<p>" not in entry.text
    assert len(entry.text.splitlines()) == 2


def test_a_feed_is_recognised_by_its_content_without_a_suffix():
    text = (FEEDS / "idlib.rss").read_text()
    assert sum(isinstance(i, Article) for i in read_string(text, "-")) == 2


def test_text_that_is_not_a_feed_is_one_clear_problem():
    (problem,) = list(parse_feed("<html><body>hello</body></html>", "page.xml"))
    assert isinstance(problem, Problem) and problem.path == "page.xml" and "not an RSS/Atom feed" in problem.message


def test_feeds_ingested_twice_are_stored_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, read_inputs([FEEDS]))
        again = ingest(store, read_inputs([FEEDS]))
    assert (first.new, again.new, again.duplicates) == (3, 0, 3)
