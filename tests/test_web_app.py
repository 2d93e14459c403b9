"""The web app through FastAPI's test client: pages, citations, the JSON API, and safety."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from conftest import EXAMPLES
from markupsafe import escape
from typer.testing import CliRunner

from storyline.cli import _register
from storyline.cli import app as cli_app
from storyline.ingest import read_inputs, read_string
from storyline.pipeline import brief
from storyline.render.json import report_dict
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app
from storyline.web.app import _stored_story_page

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that its test client will move to httpx2
    from fastapi.testclient import TestClient

HARBOUR = EXAMPLES / "harbour-fire"
LIMIT = 200_000
EVIL = {
    "id": "evil-1",
    "title": "<script>alert('title')</script> Bakers of Quillon bake record loaf",
    "source": "<img src=x onerror=alert('source')>",
    "url": "javascript:alert('url')",
    "date": "2025-03-02",
    "text": "The bakers of Quillon baked a loaf nine metres long on Saturday, <script>alert('body')</script> the "
    "festival committee said.\n\nVisitors queued for hours to taste the loaf <img src=x onerror=alert('img')> at "
    "the market square of Quillon.\n\nThe committee said the festival of Quillon would return next spring with an "
    "even longer loaf and more bakers.",
}


def build_store(path: Path) -> Path:
    """A store holding the bundled harbour-fire example and one article full of markup."""
    with Store(path) as store:
        ingest(store, read_inputs([HARBOUR]))
        ingest(store, read_string(json.dumps(EVIL), "evil.json", ".json"))
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_store(tmp_path_factory.mktemp("web") / "stories.db")
    return TestClient(create_app(Settings(db=str(db), max_request_bytes=LIMIT)))


def story_id(client: TestClient, words: str) -> str:
    stories = client.get("/api/stories", params={"q": words}).json()["stories"]
    assert len(stories) == 1, stories
    return stories[0]["id"]


def test_story_list_shows_each_story_with_size_and_outlets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Fire guts grain terminal at Brennholt harbour" in page.text
    row = page.text.split('class="story-row"')[1]
    assert "4 independent sources" in row and "Harbourline News" in row and "and 1 more" in row  # two reprint CPA
    listed = client.get("/api/stories").json()
    assert listed["total"] == 2
    assert [s["size"] for s in listed["stories"]] == [5, 1]  # top stories: most independent sources first


def test_story_list_search_keeps_stories_with_all_words(client: TestClient) -> None:
    assert "Brennholt" in client.get("/", params={"q": "grain harbour"}).text
    page = client.get("/", params={"q": "grain quillon"})
    assert "Brennholt" not in page.text and "No story matches" in page.text


def test_story_list_pages_through_the_top_stories(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.web.app.LIST_PAGE", 1)
    first = client.get("/").text
    assert "Brennholt" in first and "Quillon" not in first
    assert 'href="?page=2">' in first and "Page 1 of 2" in first
    second = client.get("/", params={"page": 2}).text
    assert "Quillon" in second and "Brennholt" not in second


def test_citation_links_open_the_cited_sentence_of_the_cited_article(client: TestClient) -> None:
    sid = story_id(client, "Brennholt")
    briefing = client.get(f"/api/stories/{sid}").json()
    page = client.get(f"/stories/{sid}").text
    checked = 0
    for point in briefing["summary"]:
        for citation in point["citations"]:
            href = f"/stories/{sid}/articles/{citation['article']}#s-{citation['sentence']}"
            assert f'href="{href}"' in page
            article = client.get(href.split("#")[0])
            assert article.status_code == 200
            span = re.search(rf'<span class="sentence cited" id="s-{citation["sentence"]}">(.*?)</span>', article.text)
            assert span, href
            text = client.app.state.catalog.store.get_article(citation["article"]).text
            assert span.group(1) == escape(text[citation["start"] : citation["end"]])
            checked += 1
    assert checked >= len(briefing["summary"]) >= 2


def test_story_page_shows_corroboration_per_sentence(client: TestClient) -> None:
    sid = story_id(client, "Brennholt")
    briefing = client.get(f"/api/stories/{sid}").json()
    page = client.get(f"/stories/{sid}").text
    for point in briefing["summary"]:
        assert f"{len(point['sources'])} of 5 sources" in page


def test_optional_sections_render_when_present_and_vanish_when_absent() -> None:
    articles = [{"id": "a", "title": "A", "source": "Wire", "url": "", "path": "", "date": None, "words": 9}]
    point = {"text": "A thing happened.", "sources": ["a"], "citations": []}
    bare = {"id": "s", "title": "T", "method": "coverage", "words": 50, "articles": articles, "summary": [point]}
    full = bare | {
        "wire_copies": [{"articles": ["a"], "shared": 0.8}],
        "single_source_claims": [{"text": "Only one outlet said so.", "sources": ["a"]}],
        "disagreements": [{"about": "people hurt", "claims": [{"value": "12", "text": "12 hurt.", "sources": ["a"]}]}],
        "figures": [
            {
                "about": "people evacuated",
                "claims": [
                    {"value": "1,200", "text": "1,200 left.", "sources": ["a"], "date": "2025-10-14"},
                    {"value": "3,000", "text": "3,000 left.", "sources": ["a"], "date": None},
                ],
            }
        ],
        "timeline": [{"date": "2025-10-14", "text": "The fire began.", "sources": ["a"]}],
        "entities": [{"name": "Brennholt", "type": "GPE", "variants": [], "mentions": 4, "sources": ["a"]}],
    }
    headings = ["Where sources disagree", "Figures reported", "Timeline", "Reported by one source only", "Wire copies"]
    headings.append("Who and where")
    page = _stored_story_page(full)
    for heading in headings:
        assert heading in page
    assert "share 80% of their text" in page and "2025-10-14" in page and "people hurt" in page
    assert "Brennholt <b>4</b>" in page
    assert "(reported 2025-10-14)" in page and "(date unknown)" in page
    bare_page = _stored_story_page(bare)
    assert not any(heading in bare_page for heading in headings)


def test_article_strings_render_as_text_never_markup(client: TestClient) -> None:
    sid = story_id(client, "Quillon")
    pages = [
        client.get("/").text,
        client.get(f"/stories/{sid}").text,
        client.get(f"/stories/{sid}/articles/evil-1").text,
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[2]
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in pages[2]
    assert "&lt;img src=x onerror=alert(&#39;source&#39;)&gt;" in pages[2]


def test_pasted_markup_renders_as_text(client: TestClient) -> None:
    text = f"{EVIL['title']}\n{EVIL['text']}"
    page = client.post("/brief", data={"text": text, "words": "60"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in page.text


def test_every_page_forbids_inline_script(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_paste_form_briefs_and_links_citations_within_the_page(client: TestClient) -> None:
    text = "\n|||||\n".join(path.read_text() for path in sorted(HARBOUR.glob("*.txt")))
    page = client.post("/brief", data={"text": text, "words": "80", "method": "coverage"})
    assert page.status_code == 200
    anchors = re.findall(r'href="#(a\d+-s-\d+)"', page.text)
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in page.text


def test_upload_form_reports_unusable_files_and_briefs_the_rest(client: TestClient) -> None:
    files = [("files", (p.name, p.read_bytes())) for p in sorted(HARBOUR.iterdir())]
    files.append(("files", ("broken.json", b"{not json")))
    page = client.post("/brief", files=files, data={"words": "100"})
    assert page.status_code == 200
    assert "broken.json: malformed JSON" in page.text
    assert 'class="summary"' in page.text


def test_paste_form_with_nothing_usable_says_why(client: TestClient) -> None:
    assert client.post("/brief", data={"text": "   "}).status_code == 400
    page = client.post("/brief", files=[("files", ("empty.json", b"[]"))])
    assert page.status_code == 422 and "Nothing to brief: no input held a usable article." in page.text
    assert client.post("/brief", data={"text": "A title\nSome text here.", "words": "lots"}).status_code == 400


def test_api_brief_gives_the_same_json_as_the_cli(client: TestClient) -> None:
    paths = sorted(HARBOUR.glob("*.txt"))
    files = [("files", (str(p), p.read_bytes())) for p in paths]
    response = client.post("/api/brief", files=files, params={"words": 90})
    assert response.status_code == 200
    assert response.json() == report_dict(brief(paths, words=90))


def test_api_brief_reads_json_bodies(client: TestClient) -> None:
    response = client.post("/api/brief", json=[EVIL, EVIL | {"id": "evil-2", "text": EVIL["text"] + " More."}])
    assert response.status_code == 200
    story = response.json()["stories"][0]
    assert {a["id"] for a in story["articles"]} == {"evil-1", "evil-2"}


def test_api_brief_rejects_what_it_cannot_use(client: TestClient) -> None:
    bad = client.post("/api/brief", content=b"{oops", headers={"content-type": "application/json"})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["message"].startswith("malformed JSON")
    assert client.post("/api/brief", json=EVIL, params={"method": "nope"}).status_code == 400
    assert client.post("/api/brief", json=EVIL, params={"words": 0}).status_code == 422


def test_bodies_over_the_limit_get_413(client: TestClient) -> None:
    big = b"word " * (LIMIT // 4)
    api = client.post("/api/brief", content=big, headers={"content-type": "text/plain"})
    assert api.status_code == 413
    assert client.post("/brief", files={"files": ("big.txt", big)}).status_code == 413

    def chunks():  # no Content-Length: the limit must hold on the bytes actually received
        for _ in range(10):
            yield big[: LIMIT // 5]

    chunked = client.post("/api/brief", content=chunks(), headers={"content-type": "text/plain"})
    assert chunked.status_code == 413
    assert "limit" in chunked.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fstore.py",
        "/stories/..%2F..%2Fetc%2Fpasswd",
        "/stories/%2e%2e",
        "/stories/s1/articles/..%2F..%2Fstore.py",
        "/stories/nope",
        "/stories/nope/articles/evil-1",
    ],
)
def test_traversal_and_unknown_ids_are_clean_404s(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.text and "def " not in response.text


def test_article_of_another_story_is_not_found(client: TestClient) -> None:
    sid = story_id(client, "Brennholt")
    assert client.get(f"/stories/{sid}/articles/evil-1").status_code == 404


def test_unknown_story_is_a_clean_404_page_and_api_error(client: TestClient) -> None:
    page = client.get("/stories/s999")
    assert page.status_code == 404 and "no story &#39;s999&#39;" in page.text
    api = client.get("/api/stories/s999")
    assert api.status_code == 404 and api.json() == {"detail": "no story 's999'"}


def test_static_assets_are_served_locally(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    for page in (client.get("/").text, client.get("/api/docs").text):
        assert not re.search(r'(src|href)="(https?:)?//', page)


def test_openapi_describes_the_three_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/api/stories", "/api/stories/{story_id}", "/api/brief"}
    docs = client.get("/api/docs").text
    assert "GET /api/stories" in docs and "POST /api/brief" in docs


def test_serve_binds_localhost_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    db = build_store(tmp_path / "s.db")
    _register()
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1"


def test_serve_without_a_store_says_so_in_one_line(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "missing.db: no such store" in result.output
    assert "Traceback" not in result.output


# ---- what one request may cost, and what every answer carries ----


SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


def test_a_body_with_no_usable_article_is_422_with_its_problems(client: TestClient) -> None:
    response = client.post("/api/brief", content=b"hello", headers={"content-type": "text/plain"})
    assert response.status_code == 422
    body = response.json()
    assert body["stories"] == [] and "no full sentence to brief" in body["problems"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"text": ' + b"9" * 5000 + b"}",
        b'{"id": ' + b"7" * 5000 + b', "text": "Some text."}',
        b'{"text": "lone \\ud800 surrogate and \\u0000 NUL in an article that says nothing more."}',
    ],
)
def test_hostile_json_gets_an_answer_not_a_500(client: TestClient, body: bytes) -> None:
    response = client.post("/api/brief", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 422) and "Traceback" not in response.text


def test_more_articles_or_words_than_one_request_may_brief_get_413(tmp_path: Path) -> None:
    db = build_store(tmp_path / "limits.db")
    small = TestClient(create_app(Settings(db=str(db), max_request_articles=3, max_request_words=1_000)))
    article = {"text": "The harbour fire was put out by noon on Monday, the fire chief said."}
    many = small.post("/api/brief", json=[article | {"id": f"a{k}"} for k in range(4)])
    assert many.status_code == 413 and "at most 3" in many.json()["detail"]
    wordy = small.post("/api/brief", json={"text": "Words and more words. " * 300})
    assert wordy.status_code == 413 and "1,000 words" in wordy.json()["detail"]
    assert small.post("/api/brief", json=[article | {"id": f"a{k}"} for k in range(3)]).status_code == 200


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    answers = [
        client.get("/"),
        client.get("/stories/nope"),
        client.get("/api/stories", params={"offset": 10**30}),
        client.post("/api/brief", content=b"word " * LIMIT, headers={"content-type": "text/plain"}),
    ]
    assert [a.status_code for a in answers] == [200, 404, 422, 413]
    for answer in answers:
        assert all(header in answer.headers for header in SECURITY_HEADERS), answer.headers
    assert "unsafe-inline" not in answers[0].headers["content-security-policy"]


def test_a_server_error_is_plain_and_carries_the_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = build_store(tmp_path / "boom.db")
    app = create_app(Settings(db=str(db)))

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("/secret/server/path exploded")

    monkeypatch.setattr(app.state.catalog, "stories", boom)
    answer = TestClient(app, raise_server_exceptions=False).get("/")
    assert answer.status_code == 500
    assert "/secret" not in answer.text and "Traceback" not in answer.text
    assert all(header in answer.headers for header in SECURITY_HEADERS)


def test_pages_and_the_api_never_show_server_paths(client: TestClient) -> None:
    sid = story_id(client, "Brennholt")
    story = client.get(f"/api/stories/{sid}").json()
    assert all("/" not in a["path"] for a in story["articles"]) and any(a["path"] for a in story["articles"])
    assert str(HARBOUR) not in client.get(f"/stories/{sid}").text
    article_id = story["articles"][0]["id"]
    assert str(HARBOUR) not in client.get(f"/stories/{sid}/articles/{article_id}").text


def test_a_merged_story_redirects_to_the_story_it_became_part_of(tmp_path: Path) -> None:
    from storyline.store import Batch, StoryUpdate

    db = build_store(tmp_path / "merged.db")
    with Store(db) as store:
        stories = store.list_stories()
        survivor, merged = stories[0].id, stories[1].id
        store.write(Batch([], [StoryUpdate(survivor, "", "", 99, b"")], {merged: survivor}))
    client = TestClient(create_app(Settings(db=str(db))), follow_redirects=False)
    page = client.get(f"/stories/{merged}")
    assert page.status_code == 301 and page.headers["location"] == f"/stories/{survivor}"
    assert client.get(f"/api/stories/{merged}").json()["id"] == survivor
