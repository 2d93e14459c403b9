"""Every input format: text, |||||-separated text, HTML, JSON, JSONL (plain and gzipped), benchmark rows,
directories and standard input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from conftest import EXAMPLES

from storyline.ingest import read_inputs
from storyline.models import Article, Problem
from storyline.pipeline import prepare


def articles(*paths: object, stdin: io.TextIOBase | None = None) -> list[Article]:
    items = list(read_inputs([str(p) for p in paths], stdin=stdin))
    problems = [i for i in items if isinstance(i, Problem)]
    assert not problems, problems
    return [i for i in items if isinstance(i, Article)]


def test_ingest_text_first_line_is_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n\nThe headline here\n\nFirst paragraph of the story.\nSecond paragraph.\n")
    (article,) = articles(path)
    assert article.title == "The headline here"
    assert "First paragraph of the story." in article.text and "headline" not in article.text
    assert article.path == str(path)


def test_ingest_text_header_lines_fill_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Headline\nSource: The Daily Example\nDate: 15 October 2025\nURL: https://x.example/a\nBody text here.\n"
    )
    (article,) = articles(path)
    assert (article.source, str(article.date), article.url) == (
        "The Daily Example",
        "2025-10-15",
        "https://x.example/a",
    )
    assert "Source:" not in article.text


def test_ingest_multinews_separator(tmp_path: Path) -> None:
    path = tmp_path / "cluster.txt"
    path.write_text("First article text is here. ||||| Second article text is here. |||||  ")
    found = articles(path)
    assert [a.text.strip() for a in found] == ["First article text is here.", "Second article text is here."]
    assert [a.path for a in found] == [f"{path}#1", f"{path}#2"]


def test_ingest_html_extracts_text_and_metadata() -> None:
    (article,) = articles(EXAMPLES / "harbour-fire" / "01-tesmar-courier.html")
    assert article.title == "Fire guts grain terminal at Brennholt harbour"
    assert article.source == "The Tesmar Courier"
    assert article.url.startswith("https://tesmar-courier.example/")
    assert str(article.date) == "2025-10-15"
    assert "A fire tore through the grain terminal" in article.text
    for boilerplate in ("Skip to main content", "Most read", "Subscribe to our newsletter", "All rights reserved"):
        assert boilerplate not in article.text


def test_ingest_json_record_list_and_articles_key(tmp_path: Path) -> None:
    record = {
        "id": "r1",
        "title": "T",
        "source": "Outlet",
        "url": "https://o.example/1",
        "date": "2024-05-01",
        "text": "Body.",
    }
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "list.json").write_text(json.dumps([record, {**record, "id": "r2"}]))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{**record, "id": "r3"}]}))
    found = articles(tmp_path)  # directory: recursive, sorted by name
    assert [a.id for a in found] == ["r1", "r2", "r1", "r3"]
    assert found[0].source == "Outlet" and str(found[0].date) == "2024-05-01"


def test_ingest_jsonl_and_gzip(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"id": f"x{n}", "text": f"Article number {n}."}) for n in range(3))
    (tmp_path / "a.jsonl").write_text(lines)
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as handle:
        handle.write(lines)
    assert [a.id for a in articles(tmp_path / "a.jsonl")] == ["x0", "x1", "x2"]
    assert [a.id for a in articles(tmp_path / "b.jsonl.gz")] == ["x0", "x1", "x2"]


def test_ingest_benchmark_rows(tmp_path: Path) -> None:
    row = {
        "id": "c7",
        "documents": [{"title": "", "text": "Doc one.", "source": ""}, {"text": "Doc two."}],
        "summaries": ["s"],
    }
    (tmp_path / "bench.jsonl").write_text(json.dumps(row) + "\n")
    found = articles(tmp_path / "bench.jsonl")
    assert [(a.id, a.text) for a in found] == [("c7-1", "Doc one."), ("c7-2", "Doc two.")]


def test_ingest_stdin_sniffs_the_format() -> None:
    html = (
        "<html><body><article><h1>Hi</h1><p>"
        + "A paragraph of real text about the fire. " * 5
        + "</p></article></body></html>"
    )
    for text, expected in [
        ("Title line\nBody of the story.", "Body of the story."),
        (json.dumps({"text": "From JSON."}), "From JSON."),
        (html, "A paragraph of real text"),
    ]:
        (article,) = articles("-", stdin=io.StringIO(text))
        assert expected in article.text
        assert article.path == "-"


def test_ingest_directory_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("T2\nSecond.")
    (tmp_path / "a.txt").write_text("T1\nFirst.")
    (tmp_path / ".hidden.txt").write_text("T0\nHidden.")
    (tmp_path / "notes.csv").write_text("x,y")
    assert [a.title for a in articles(tmp_path)] == ["T1", "T2"]


def test_ingest_bundled_example_all_formats() -> None:
    found, problems = prepare(read_inputs([EXAMPLES / "harbour-fire"]))
    assert not problems
    assert [a.source for a in found] == [
        "The Tesmar Courier",
        "Harbourline News",
        "Velmora Daily",
        "North Coast Observer",
        "Radio Karvelle",
    ]
    assert len({a.id for a in found}) == 5


def test_jsonl_timestamps_give_the_time_of_day_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    records = [
        {"text": "Body one.", "timestamp": "2014-03-10T16:52:50+02:00"},
        {"text": "Body two.", "published_at": 1394470370},
        {"text": "Body three.", "date": "2014-03-11"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    first, second, third = articles(path)
    assert first.published_at is not None and first.published_at.isoformat() == "2014-03-10T14:52:50+00:00"
    assert str(first.date) == "2014-03-10"
    assert second.published_at is not None and second.published_at.isoformat() == "2014-03-10T16:52:50+00:00"
    assert third.published_at is None and str(third.date) == "2014-03-11"  # a date alone gives no time of day


def test_headline_only_items_keep_their_headline_as_text(tmp_path: Path) -> None:
    path = tmp_path / "headlines.jsonl"
    records = [
        {
            "id": "h1",
            "title": "Fed official says weak data caused by weather",
            "text": "Fed official says weak data caused by weather",
        },
        {"id": "h2", "title": "Plosser sees high bar for change in pace of tapering"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    prepared, problems = prepare(read_inputs([str(path)]))
    assert not problems
    assert [(a.title, a.text) for a in prepared] == [(r["title"], r["title"]) for r in records]
