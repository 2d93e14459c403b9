"""The web app in a real browser: Debian's headless Chromium driven by Playwright, server on loopback.

Chromium comes from the distribution (`apt-get install -y chromium`), never from `playwright install`;
without /usr/bin/chromium these tests skip with that reason.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from conftest import EXAMPLES, SEEDS
from playwright.sync_api import expect, sync_playwright

from storyline.ingest import read_inputs, read_string
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
FLASHED = re.compile(r"\bflash\b")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVIL = {
    "id": "evil-1",
    "title": "<script>alert('title')</script> Bakers of Quillon bake record loaf",
    "source": "<img src=x onerror=alert('source')>",
    "text": "The bakers of Quillon baked a loaf nine metres long on Saturday, <script>alert('body')</script> the "
    "festival committee said.\n\nVisitors queued for hours to taste the loaf <img src=x onerror=alert('img')> at "
    "the market square of Quillon.",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install -y chromium)"),
]


def serve(app) -> tuple[str, object]:
    """Run uvicorn in a thread on a free loopback port; return its base URL and the server."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "stories.db"
    inputs = [SEEDS, EXAMPLES / "harbour-fire"] if SEEDS.is_dir() else [EXAMPLES / "harbour-fire"]
    with Store(db) as store:
        ingest(store, read_inputs(inputs))
        ingest(store, read_string(json.dumps(EVIL), "evil.json", ".json"))
    url, server = serve(create_app(Settings(db=str(db))))
    yield url
    server.should_exit = True


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    page = browser.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.base = base_url
    yield page
    page.close()


def test_citation_lands_on_the_cited_sentence(page) -> None:
    page.goto(page.base + "/")
    page.get_by_role("link", name="Fire guts grain terminal at Brennholt harbour").click()
    page.wait_for_url("**/stories/*")
    story_id = page.url.rsplit("/", 1)[1]
    briefing = page.request.get(f"{page.base}/api/stories/{story_id}").json()
    first = page.locator("ol.summary li").first
    link = first.locator("a.cite").first
    number = int(link.inner_text().strip("[]"))
    cited_article = briefing["articles"][number - 1]["id"]
    citation = next(c for c in briefing["summary"][0]["citations"] if c["article"] == cited_article)
    link.click()
    page.wait_for_url(f"**/articles/{cited_article}#s-{citation['sentence']}")
    target = page.locator(f"#s-{citation['sentence']}")
    expect(target).to_have_class(FLASHED)  # app.js marked the landing sentence (waits for it)
    assert "cited" in target.get_attribute("class")
    article_text = page.request.get(page.url.split("#")[0]).text()
    assert target.inner_text() in article_text
    box = target.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]  # scrolled into view


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seed_story_opens_from_the_list_and_search(page) -> None:
    page.goto(page.base + "/")
    page.fill("form.search input", "Idlib")
    page.press("form.search input", "Enter")
    page.wait_for_url("**q=Idlib**")
    assert page.locator("ol.stories li").count() == 1
    page.locator("ol.stories a.story-link").click()
    assert "Idlib" in page.locator("h1").inner_text()
    assert page.locator("ol.summary li").count() >= 2
    assert page.locator("ol.sources li").count() == 5


def test_paste_form_gives_a_briefing_with_working_citations(page) -> None:
    texts = [path.read_text() for path in sorted((EXAMPLES / "harbour-fire").glob("*.txt"))]
    page.goto(page.base + "/brief")
    page.fill("textarea[name=text]", "\n|||||\n".join(texts))
    page.fill("input[name=words]", "80")
    page.click("form.paste button")
    page.wait_for_selector("ol.summary li")
    link = page.locator("ol.summary a.cite").first
    anchor = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == anchor
    expect(page.locator(anchor)).to_have_class(FLASHED)  # set on hashchange, which fires after the click


def test_markup_in_articles_shows_as_text_and_never_runs(page) -> None:
    page.goto(page.base + "/?q=Quillon")
    page.locator("ol.stories a.story-link").click()
    page.locator("ol.sources a").first.click()
    page.wait_for_url("**/articles/evil-1")
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert('img')>" in page.locator(".article-text").inner_text()
    assert page.locator(".article-text img").count() == 0
    assert page.dialogs == []


def test_paste_form_refuses_files_over_the_limit_before_sending(page) -> None:
    page.goto(page.base + "/brief")
    big = {"name": "big.txt", "mimeType": "text/plain", "buffer": b"word " * 1_200_000}  # 6 MB, limit 5 MB
    page.set_input_files("input[type=file]", files=[big])
    page.click("form.paste button")
    limit = page.locator("#limit")
    assert limit.inner_text().startswith("That is 6.0 MB: At most 5 MB in all.")
    assert page.url.endswith("/brief") and page.locator("ol.summary").count() == 0


@pytest.fixture(scope="module")
def front_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store with ranked stories, outlets, dates and a wire copy (tests/test_web_front.py's)."""
    from test_web_front import articles

    db = tmp_path_factory.mktemp("front") / "stories.db"
    with Store(db) as store:
        ingest(store, articles())
    url, server = serve(create_app(Settings(db=str(db))))
    yield url
    server.should_exit = True


def test_front_page_ranks_filters_and_searches(browser, front_url: str) -> None:
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(front_url + "/")
    links = page.locator("ol.stories a.story-link")
    expect(links).to_have_text(["Quake in Arlen", "Dresvik votes", "Storm <b>floods</b> Pellmar"])
    expect(page.locator("ol.stories li.divider")).to_have_text("Stories with one source so far")
    page.locator("details.filters summary").click()  # closed on an unfiltered page
    page.select_option("select[name=outlet]", "Pellmar Post")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**outlet=Pellmar+Post**")
    expect(links).to_have_text(["Storm <b>floods</b> Pellmar"])
    expect(page.locator("details.filters")).to_have_attribute("open", "")  # open while a filter holds
    page.select_option("select[name=outlet]", "")
    page.select_option("select[name=min_sources]", "2")
    page.get_by_role("button", name="Apply").click()
    expect(links).to_have_text(["Quake in Arlen", "Dresvik votes"])
    page.fill("form.search input[type=search]", "ferry")
    page.press("form.search input[type=search]", "Enter")
    expect(links).to_have_count(0)  # the filters still hold: the storm has one source
    page.goto(front_url + "/?q=ferry")
    expect(links).to_have_text(["Storm <b>floods</b> Pellmar"])
    expect(page.locator("p.snippet mark")).to_have_text("ferry")
    page.close()


def test_story_page_coverage_panel_lists_who_reported_when(browser, front_url: str) -> None:
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(front_url + "/")
    page.locator("ol.stories a.story-link").first.click()
    page.wait_for_url("**/stories/*")
    panel = page.locator("section.coverage")
    expect(panel.locator(".coverage-summary b")).to_have_text("3 independent sources")
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.last).to_contain_text("Gazette")
    expect(panel.locator(".wire")).to_have_count(2)
    rows.first.locator("a").click()
    page.wait_for_url("**/articles/*")
    expect(page.locator("h1")).to_contain_text("Quake in Arlen")
    page.close()
