"""Take docs/story-page.png (the story page for the five seed articles) and docs/front-page.png (the top
stories of a store holding the seeds, the bundled example and the fictional stories of the front-page tests),
in Debian's headless Chromium.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from storyline.ingest import read_inputs
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "docs" / "story-page.png"
FRONT = ROOT / "docs" / "front-page.png"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
CHROMIUM_ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    if not SEEDS.is_dir():
        raise SystemExit(f"seed articles not found at {SEEDS}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.db"
        with Store(db) as store:
            ingest(store, read_inputs([SEEDS]))
            (story,) = store.list_stories()
            ingest(store, read_inputs([ROOT / "examples" / "harbour-fire"]))
            sys.path.insert(0, str(ROOT / "tests"))
            from test_web_front import articles

            ingest(store, articles())
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(db))), log_level="warning"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1500})
            base = f"http://127.0.0.1:{sock.getsockname()[1]}"
            page.goto(f"{base}/stories/{story.id}")
            page.screenshot(path=str(OUT))  # the first screenful: the briefing and what follows it
            page.set_viewport_size({"width": 1000, "height": 900})
            page.goto(f"{base}/")
            page.screenshot(path=str(FRONT))
            browser.close()
        server.should_exit = True
    print(f"wrote {OUT} and {FRONT}")


if __name__ == "__main__":
    main()
