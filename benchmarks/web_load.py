"""The web app under load: uvicorn on loopback, driven by `wrk` (Debian package) on loopback.

    apt-get install -y wrk
    .venv/bin/python benchmarks/web_load.py [--big-articles 100000] [--seconds 10] [--connections 16]

Scenarios, each a table row:
1. Story pages (a store of the seeds, the bundled example and 40 Multi-News validation clusters), every page
   viewed once first, then requested round-robin: 1 and 2 workers with the rendered-page cache, and without it
   (every request renders from the briefing cached in the store) as the baseline.
2. The same story pages (1 worker) while 4 clients post briefings of the bundled example to `POST /api/brief`
   in a loop: their answers are counted too (any 5xx is an error).
3. A store of --big-articles Multi-News articles (validation, then train), 1 worker: the front page, filtered
   pages and full-text searches. Multi-News articles carry no outlet and no date, so the benchmark gives each
   one of 200 invented outlets and a date within a year (what the filters read); the text is Multi-News's.
4. PostgreSQL (a throwaway server), 2 workers, story pages while an ingest of 20,000 more articles writes to
   the same store.
Targets: story, front and filtered pages ≥ 200 requests/s with p99 < 100 ms; searches ≥ 100 requests/s with
p99 < 200 ms; no errors.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

from storyline.ingest import read_inputs
from storyline.ingest.jsonl import value_to_articles
from storyline.models import Article
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import StoryQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
EXAMPLE = ROOT / "examples" / "harbour-fire"
SEARCHES = [
    "police",
    "president obama",
    "fire",
    "court ruling",
    "election",
    "climate",
    "apple",
    "syria",
    "bank",
    "shooting",
    "film",
    "drug",
    "storm",
    "school",
    "olympic",
    "vaccine",
    "oil prices",
    "prison",
    "space",
]
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def multinews(files: list[str], limit: int, skip: int = 0) -> Iterator[Article]:
    count = 0
    for name in files:
        with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                for item in value_to_articles(json.loads(line), f"{name}:{number}"):
                    if not isinstance(item, Article):
                        continue
                    count += 1
                    if count <= skip:
                        continue
                    if count > skip + limit:
                        return
                    yield item


def dressed(articles: Iterator[Article]) -> Iterator[Article]:
    """Multi-News articles with an invented outlet and date, so that filters have something to read."""
    start = date(2024, 1, 1)
    for k, article in enumerate(articles):
        yield replace(article, source=f"Outlet {k * 7919 % 200:03d}", date=start + timedelta(days=k * 365 // 100_000))


def build_small(location: str) -> None:
    with open_store(location) as store:
        inputs = [p for p in (SHARED / "seeds", EXAMPLE) if p.is_dir()]
        ingest(store, read_inputs(inputs))
        ingest(store, multinews(["multinews-validation.jsonl.gz"], 110))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(location: str, workers: int, page_cache: int = 512) -> tuple[subprocess.Popen, str]:
    port = free_port()
    settings = Settings(db=location, page_cache=page_cache)
    env = os.environ | {"STORYLINE_SETTINGS": settings.to_json()}
    command = [sys.executable, "-m", "uvicorn", "storyline.web.app:app_from_env", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=1).read()
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def warm(base: str, paths: list[str], rounds: int) -> list[float]:
    """View every page; the first round's times are the cold views (brief + render)."""
    cold = []
    for round_number in range(rounds):
        for path in paths:
            start = time.perf_counter()
            urllib.request.urlopen(base + path, timeout=120).read()
            if round_number == 0:
                cold.append(time.perf_counter() - start)
    return cold


def seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_wrk(base: str, paths: list[str], args: argparse.Namespace, script: Path) -> dict[str, float]:
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s", str(script), base]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": seconds(latency["50"]) * 1000,
        "p99": seconds(latency["99"]) * 1000,
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


class Posters:
    """`count` clients posting the bundled example to POST /api/brief in a loop until stopped."""

    def __init__(self, base: str, count: int) -> None:
        files = sorted(p for p in EXAMPLE.iterdir() if p.suffix == ".txt")
        self.body = "\n|||||\n".join(p.read_text() for p in files).encode()
        self.base = base
        self.done = 0
        self.failed = 0
        self.times: list[float] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._post, daemon=True) for _ in range(count)]

    def _post(self) -> None:
        while not self._stop.is_set():
            request = urllib.request.Request(
                self.base + "/api/brief", data=self.body, headers={"content-type": "text/plain"}
            )
            start = time.perf_counter()
            try:
                urllib.request.urlopen(request, timeout=120).read()
                self.done += 1
                self.times.append(time.perf_counter() - start)
            except (urllib.error.URLError, OSError):
                self.failed += 1

    def __enter__(self) -> Posters:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)


def verdict(result: dict[str, float], rps: float, p99: float) -> str:
    return "yes" if result["rps"] >= rps and result["p99"] < p99 and not result["errors"] else "no"


def row(what: str, store: str, workers: int, result: dict[str, float], rps: float = 200, p99: float = 100) -> list:
    return [
        what,
        store,
        workers,
        round(result["rps"]),
        result["p50"],
        result["p99"],
        result["errors"],
        verdict(result, rps, p99),
    ]


def story_pages(args: argparse.Namespace, tmp: Path, rows: list[list], notes: list[str]) -> None:
    db = str(tmp / "small.db")
    build_small(db)
    with open_store(db) as store:
        paths = [f"/stories/{info.id}" for info in store.list_stories(StoryQuery(limit=10_000))]
    first_views: list[float] = []
    for workers, cache in ((1, 512), (2, 512), (1, 0), (2, 0)):
        server, base = start_server(db, workers, cache)
        try:
            cold = warm(base, paths, 2 * workers)
            first_views = first_views or cold
            result = run_wrk(base, paths, args, tmp / "paths.lua")
        finally:
            stop(server)
        label = "story pages" if cache else "story pages, no page cache (baseline)"
        rows.append(row(label, "SQLite", workers, result))
        print(rows[-1], flush=True)
    server, base = start_server(db, 1)
    try:
        warm(base, paths, 2)
        with Posters(base, 4) as posters:
            result = run_wrk(base, paths, args, tmp / "paths.lua")
        result["errors"] += posters.failed
        rows.append(row("story pages while 4 clients post briefs", "SQLite", 1, result))
        median = statistics.median(posters.times) * 1000 if posters.times else float("nan")
        notes.append(
            f"While the story pages were under load, 4 clients posted {posters.done} briefings of the bundled "
            f"example (5 articles) to `POST /api/brief` (median {median:.0f} ms each, {posters.failed} failed)."
        )
        print(rows[-1], flush=True)
    finally:
        stop(server)
    notes.append(
        f"Story pages: {len(paths)} stories (seeds, bundled example, Multi-News validation clusters); a story's "
        f"first view briefs it and caches the briefing in the store (median {statistics.median(first_views) * 1000:.0f}"
        f" ms, max {max(first_views) * 1000:.0f} ms)."
    )


def front_pages(args: argparse.Namespace, tmp: Path, rows: list[list], notes: list[str]) -> None:
    db = args.big_store or str(tmp / "big.db")
    if not args.big_store or not Path(db).exists():
        started = time.perf_counter()
        with open_store(db) as store:
            ingest(
                store,
                dressed(multinews(["multinews-validation.jsonl.gz", "multinews-train.jsonl.gz"], args.big_articles)),
            )
        notes.append(f"The big store was built in {time.perf_counter() - started:.0f} s.")
    with open_store(db) as store:
        articles, stories = store.count_articles(), store.count_stories()
    server, base = start_server(db, 1)
    try:
        front = ["/", "/?page=2", "/?page=3"]
        filtered = [f"/?outlet=Outlet+{k:03d}" for k in range(0, 200, 13)]
        filtered += [f"/?min_sources=3&since=2024-{m:02d}-01" for m in range(1, 13)]
        filtered += ["/?until=2024-03-31", "/?order=recent&min_sources=2"]
        searches = [f"/?q={urllib.parse.quote_plus(q)}" for q in SEARCHES]
        warm(base, front + filtered[:3] + searches[:3], 1)
        for label, paths, rps, p99 in (
            ("front page", front, 200, 100),
            ("filtered pages (outlet, sources, dates)", filtered, 200, 100),
            ("full-text searches", searches, 100, 200),
        ):
            result = run_wrk(base, paths, args, tmp / "front.lua")
            rows.append(row(label, f"SQLite, {articles:,} articles", 1, result, rps, p99))
            print(rows[-1], flush=True)
    finally:
        stop(server)
    notes.append(
        f"Front pages: {articles:,} articles in {stories:,} stories; {len(filtered)} filtered pages and "
        f"{len(SEARCHES)} searches requested round-robin ({', '.join(SEARCHES[:6])}, …)."
    )


def postgres_under_ingest(args: argparse.Namespace, tmp: Path, rows: list[list], notes: list[str]) -> None:
    out = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start"], capture_output=True, text=True)
    if out.returncode != 0:
        notes.append(f"PostgreSQL row skipped: could not start a server ({out.stderr.strip()}).")
        return
    values = dict(part.split("=", 1) for part in out.stdout.split()[1:])
    pg_dir, url = values["STORYLINE_PG_DIR"], values["STORYLINE_TEST_PG"]
    try:
        build_small(url)
        with open_store(url) as store:
            paths = [f"/stories/{info.id}" for info in store.list_stories(StoryQuery(limit=10_000))]
        more = tmp / "more.jsonl"
        with more.open("w") as handle:
            for article in multinews(["multinews-validation.jsonl.gz"], 20_000, skip=300):
                handle.write(json.dumps({"id": article.id, "text": article.text}) + "\n")
        server, base = start_server(url, 2)
        try:
            warm(base, paths, 4)
            command = [sys.executable, "-c", "from storyline.cli import main; main()", "ingest", str(more), "--db", url]
            writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(1.0)
            result = run_wrk(base, paths, args, tmp / "pg.lua")
            still_writing = writer.poll() is None
            out_text, err_text = writer.communicate(timeout=900)
        finally:
            stop(server)
        rows.append(row("story pages while an ingest writes", "PostgreSQL", 2, result))
        print(rows[-1], flush=True)
        notes.append(
            f"PostgreSQL: the ingest ({out_text.strip().split(': ', 1)[-1]}) was "
            f"{'still writing when the load ended' if still_writing else 'finished before the load ended'}; "
            f"its exit code {writer.returncode}{', stderr: ' + err_text.strip()[-200:] if writer.returncode else ''}."
        )
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "stop", pg_dir], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-articles", type=int, default=100_000)
    parser.add_argument("--big-store", help="reuse this store for the front-page rows (built there if absent)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", choices=["stories", "front", "postgres"], help="run one scenario")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    rows: list[list] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for name, scenario in (("stories", story_pages), ("front", front_pages), ("postgres", postgres_under_ingest)):
            if args.only in (None, name):
                scenario(args, tmp, rows, notes)
    table = markdown_table(["what", "store", "workers", "requests/s", "p50 ms", "p99 ms", "errors", "target met"], rows)
    body = (
        "## Web under load (`benchmarks/web_load.py`)\n\n"
        f"`wrk -t1 -c{args.connections} -d{args.seconds}s` on loopback, server and load generator sharing the "
        "machine (uvicorn with uvloop and httptools). Targets: story, front and filtered pages ≥ 200 requests/s "
        "with p99 < 100 ms; searches ≥ 100 requests/s with p99 < 200 ms; no errors.\n\n"
        f"{table}\n\n" + "\n".join(f"- {note}" for note in notes) + "\n\n"
        f"{machine()}; load average {os.getloadavg()[0]:.1f} at the end. Reproduce: `.venv/bin/python "
        f"benchmarks/web_load.py --big-articles {args.big_articles} --seconds {args.seconds} "
        f"--connections {args.connections}`"
    )
    print(body)
    write_section("web_load", body)


if __name__ == "__main__":
    main()
