"""Story pages under load: uvicorn on loopback, driven by `wrk` (Debian package) on loopback.

A temporary store holds the seeds, the bundled example and the first Multi-News validation
clusters. Every story page is viewed once first (the cold view: brief + render), then `wrk`
requests all story pages round-robin for a fixed time. Rows: 1 and 2 uvicorn workers with the
rendered-page cache on, and the same without it (every request renders the page from the
briefing cached in SQLite) as the baseline. Target (issue 6): ≥ 200 requests/s, p99 < 100 ms.

    apt-get install -y wrk
    .venv/bin/python benchmarks/web_load.py [--clusters 40] [--seconds 10] [--connections 16]
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
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

from storyline.ingest import read_inputs
from storyline.ingest.jsonl import value_to_articles
from storyline.service import ingest
from storyline.store import Store, StoryQuery

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "multinews-validation.jsonl.gz"
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def build_store(path: Path, clusters: int) -> None:
    with Store(path) as store:
        inputs = [p for p in (SHARED / "seeds", ROOT / "examples" / "harbour-fire") if p.is_dir()]
        ingest(store, read_inputs(inputs))
        if DATA.is_file():
            with gzip.open(DATA, "rt", encoding="utf-8") as handle:
                rows = [line for _, line in zip(range(clusters), handle, strict=False)]
            ingest(store, (a for n, line in enumerate(rows) for a in value_to_articles(json.loads(line), f"row {n}")))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, workers: int, page_cache: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = os.environ | {"STORYLINE_DB": str(db), "STORYLINE_PAGE_CACHE": str(page_cache)}
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


def warm(base: str, paths: list[str], workers: int) -> list[float]:
    """View every page a few times so each worker has it; the first round's times are the cold views."""
    cold = []
    for round_number in range(2 * workers):
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
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": seconds(latency["50"]) * 1000,
        "p99": seconds(latency["99"]) * 1000,
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=40, help="Multi-News validation clusters to ingest")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.db"
        build_store(db, args.clusters)
        with Store(db) as store:
            paths = [f"/stories/{info.id}" for info in store.list_stories(StoryQuery(limit=10_000))]
            articles = store.count_articles()
        rows = []
        first_views: list[float] = []
        for workers, cache in ((1, 512), (2, 512), (1, 0), (2, 0)):
            server, base = start_server(db, workers, cache)
            try:
                cold = warm(base, paths, workers)
                first_views = first_views or cold  # later servers find the briefs cached in the store
                result = run_wrk(base, paths, args, Path(tmp) / "paths.lua")
            finally:
                server.terminate()
                server.wait(timeout=30)
            label = "rendered-page cache" if cache else "no page cache (baseline: render per request)"
            ok = "yes" if result["rps"] >= 200 and result["p99"] < 100 and not result["errors"] else "no"
            row = [workers, label, round(result["rps"]), result["p50"], result["p99"], result["errors"], ok]
            rows.append(row)
            print(*row, flush=True)
    table = markdown_table(["workers", "story pages", "requests/s", "p50 ms", "p99 ms", "errors", "target met"], rows)
    body = (
        "## Web: story pages under load (`benchmarks/web_load.py`)\n\n"
        f"{len(paths)} stories ({articles} articles: seeds, bundled example, {args.clusters} Multi-News validation "
        f"clusters), every story page requested round-robin by `wrk -t1 -c{args.connections} -d{args.seconds}s` "
        "on loopback, server and load generator sharing the machine (uvicorn with uvloop and httptools). Every "
        "page was viewed before the timed run; a story's first view briefs it and stores the brief in SQLite "
        f"(median {statistics.median(first_views) * 1000:.0f} ms, max {max(first_views) * 1000:.0f} ms). "
        "Target: ≥ 200 requests/s with p99 < 100 ms.\n\n"
        f"{table}\n\n{machine()}. Reproduce: `.venv/bin/python benchmarks/web_load.py --clusters {args.clusters} "
        f"--seconds {args.seconds} --connections {args.connections}`"
    )
    print(table)
    write_section("web_load", body)


if __name__ == "__main__":
    main()
