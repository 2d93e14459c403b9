"""The front page a reader opens every morning: top stories first, filters, full-text search with the matching
snippet, coverage at a glance, the story page's coverage panel, and freshness while an ingest runs."""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

QUAKE = "A magnitude 6.1 earthquake struck the coastal city of Arlen on Monday, collapsing {n} buildings."
QUAKE_MORE = "Rescuers in Arlen pulled survivors from the rubble of collapsed buildings after the earthquake. {n}"
WIRE_PARAGRAPH = (
    "The regional governor said that schools along the coast would stay closed for the rest of the week while "
    "engineers inspected every bridge, school and hospital for cracks, and that the army had sent tents, water "
    "and field kitchens to the three districts where most families had spent the night outside in the cold."
)
VOTE = "Voters in Dresvik elected a new parliament on Sunday, handing the coalition a narrow majority of {n} seats."
STORM = "A storm flooded the low streets of Pellmar on Friday, and the ferry to Oskel stopped running for {n} hours."


def articles() -> list[Article]:
    quake = [
        Article(
            id=f"q{k}",
            text=QUAKE.format(n=10 + k) + "\n\n" + QUAKE_MORE.format(n=k),
            title="Quake in Arlen",
            source=outlet,
            date=date(2024, 5, 6),
            url=f"https://{outlet.lower()}.example/q",
        )
        for k, outlet in enumerate(["Wire", "Herald", "Courier"])
    ]
    quake[0] = replace(quake[0], text=quake[0].text + "\n\n" + WIRE_PARAGRAPH)  # the wire story, reprinted below
    copy = Article(
        id="q-copy",
        text=quake[0].text,
        title="Quake in Arlen, from the wire",
        source="Gazette",
        date=date(2024, 5, 7),
        url="https://gazette.example/q",
    )
    vote = [
        Article(
            id=f"v{k}",
            text=VOTE.format(n=40 + k),
            title="Dresvik votes",
            source=outlet,
            date=date(2024, 5, 5),
            url=f"https://{outlet.lower()}.example/v",
        )
        for k, outlet in enumerate(["Daily", "Herald"])
    ]
    storm = Article(
        id="s1",
        text=STORM.format(n=12),
        title="Storm <b>floods</b> Pellmar",
        source="Pellmar Post",
        date=date(2024, 5, 8),
    )
    return [*quake, copy, *vote, storm]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "front.db"
    with Store(db) as store:
        ingest(store, articles())
    return TestClient(create_app(Settings(db=str(db))))


def titles(page: str) -> list[str]:
    return [part.split(">", 1)[1].split("<", 1)[0] for part in page.split('class="story-link" ')[1:]]


def test_the_front_page_ranks_by_independent_sources_then_recency(client: TestClient) -> None:
    page = client.get("/").text
    assert titles(page) == ["Quake in Arlen", "Dresvik votes", "Storm &lt;b&gt;floods&lt;/b&gt; Pellmar"]
    assert page.index("Stories with one source so far") > page.index("Dresvik votes")
    quake_row = page.split('class="story-row"')[1]
    assert "3 independent sources" in quake_row  # four articles, one a wire copy of another
    assert "A magnitude 6.1 earthquake struck" in quake_row and "2024-05-06 to 2024-05-07" in quake_row
    api = client.get("/api/stories").json()
    assert [s["title"] for s in api["stories"]] == ["Quake in Arlen", "Dresvik votes", "Storm <b>floods</b> Pellmar"]
    assert api["stories"][0]["independent_sources"] == 3 and api["total"] == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_sources": 2}, ["Quake in Arlen", "Dresvik votes"]),
        ({"outlet": "Herald"}, ["Quake in Arlen", "Dresvik votes"]),
        ({"outlet": "Pellmar Post"}, ["Storm <b>floods</b> Pellmar"]),
        ({"since": "2024-05-06"}, ["Quake in Arlen", "Storm <b>floods</b> Pellmar"]),
        ({"until": "2024-05-05"}, ["Dresvik votes"]),
        ({"order": "recent"}, ["Storm <b>floods</b> Pellmar", "Quake in Arlen", "Dresvik votes"]),
    ],
)
def test_filters_give_the_same_stories_on_the_page_and_in_the_api(client: TestClient, params, expected) -> None:
    api = client.get("/api/stories", params=params).json()
    assert [s["title"] for s in api["stories"]] == expected and api["total"] == len(expected)
    page = client.get("/", params=params).text
    assert [t.replace("&lt;", "<").replace("&gt;", ">") for t in titles(page)] == expected


def test_pages_keep_the_filters(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.web.app.LIST_PAGE", 1)
    first = client.get("/", params={"min_sources": 2}).text
    assert 'href="?min_sources=2&amp;page=2"' in first and "Page 1 of 2" in first
    second = client.get("/", params={"min_sources": 2, "page": 2}).text
    assert titles(second) == ["Dresvik votes"]


def test_search_finds_text_beyond_titles_and_marks_the_match_safely(client: TestClient) -> None:
    page = client.get("/", params={"q": "ferry"}).text
    assert titles(page) == ["Storm &lt;b&gt;floods&lt;/b&gt; Pellmar"]
    assert "<mark>ferry</mark>" in page and "<b>floods</b>" not in page
    api = client.get("/api/stories", params={"q": "rubble survivors"}).json()
    assert [s["title"] for s in api["stories"]] == ["Quake in Arlen"] and "«rubble»" in api["stories"][0]["matched"]


def test_a_bad_date_is_a_clear_400(client: TestClient) -> None:
    page = client.get("/", params={"since": "yesterday"})
    assert page.status_code == 400 and "since must be a date as YYYY-MM-DD" in page.text
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 422


def test_the_story_page_shows_coverage_in_time_order(client: TestClient) -> None:
    quake = client.get("/api/stories").json()["stories"][0]["id"]
    page = client.get(f"/stories/{quake}").text
    panel = page.split('id="coverage"')[1]
    assert "3 independent sources" in panel and "4 articles from 4 outlets" in panel
    assert "1 group of wire copies counted once" in panel
    table = panel.split("<tbody>")[1]
    order = [table.index(f"] {name}") for name in ("Wire", "Herald", "Courier", "Gazette")]
    assert order == sorted(order)  # the copy came a day later: last
    assert panel.count("wire copy 1") == 2


def test_the_list_and_story_pages_follow_a_running_ingest(client: TestClient, tmp_path: Path) -> None:
    before = client.get("/").text
    quake = client.get("/api/stories").json()["stories"][0]["id"]
    assert "4 articles" in client.get(f"/stories/{quake}").text
    with Store(tmp_path / "front.db") as store:  # another process's ingest, as far as the app can tell
        ingest(
            store,
            [
                Article(
                    id="q9",
                    text=QUAKE.format(n=99) + "\n\n" + QUAKE_MORE.format(n=9),
                    title="Quake toll rises",
                    source="Tribune",
                    date=date(2024, 5, 9),
                    url="https://tribune.example/q",
                ),
                Article(
                    id="m1",
                    text="Miners in Tolvan found a seam of copper on Thursday, the company said.",
                    title="Copper found in Tolvan",
                    source="Miner",
                    date=date(2024, 5, 9),
                ),
            ],
        )
    after = client.get("/").text
    assert "Copper found in Tolvan" in after and "Copper found in Tolvan" not in before
    assert "5 articles" in client.get(f"/stories/{quake}").text  # re-briefed, not the cached page
