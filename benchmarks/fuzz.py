"""Fuzz campaign: malformed and hostile inputs through every reader, `brief`, `ingest` and the web API.

    .venv/bin/python benchmarks/fuzz.py [--examples 10000] [--cli 200]

Inputs are drawn by Hypothesis (tests/hostile.py: truncated and mixed encodings, NUL bytes, lone surrogates,
JSON nested 200,000 deep, 5,000-digit numbers, wrong field types, gzip bombs, entity expansion and external
entities in feeds, unclosed and deeply nested markup, suffixes that lie about the content), derandomized, so
a run is reproducible. Each input goes through the readers, `storyline.brief`, an ingest into a SQLite
store and `POST /api/brief`, each with a time limit; a sample also through the `storyline brief` and
`storyline ingest` commands. Counted: exceptions that escape (tracebacks), answers that are not one line,
5xx answers, runs over the time limit (hangs), and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from _results import machine, markdown_table, write_section  # noqa: E402
from hostile import hostile_file  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from storyline.ingest import read_inputs  # noqa: E402
from storyline.models import Problem  # noqa: E402
from storyline.pipeline import brief  # noqa: E402
from storyline.service import ingest  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import Store  # noqa: E402

TIME_LIMIT_S = 30  # one input through one path; longer is counted as a hang
CONTENT_TYPES = {".json": "application/json", ".html": "text/html", ".htm": "text/html"}


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


class Tally:
    def __init__(self) -> None:
        self.inputs = 0
        self.runs: Counter[str] = Counter()
        self.tracebacks: Counter[str] = Counter()
        self.hangs: Counter[str] = Counter()
        self.multiline: Counter[str] = Counter()
        self.server_errors = 0
        self.examples: list[str] = []
        self.slowest = 0.0
        self.current = ""  # the input being run, for the notes
        self.memory_jumps: list[tuple[float, str]] = []  # (MB the peak grew by, path on input)

    def run(self, path_name: str, action) -> object:
        self.runs[path_name] += 1
        signal.alarm(TIME_LIMIT_S)
        start = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            return action()
        except Hang:
            self.hangs[path_name] += 1
            self._note(path_name, "hang")
        except Exception:
            self.tracebacks[path_name] += 1
            self._note(path_name, traceback.format_exc(limit=3).splitlines()[-1])
        finally:
            signal.alarm(0)
            self.slowest = max(self.slowest, time.perf_counter() - start)
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
            if grown > 50:
                self.memory_jumps.append((grown, f"{path_name} on {self.current}"))
        return None

    def check_lines(self, path_name: str, messages: list[str]) -> None:
        if any("\n" in message or "Traceback" in message for message in messages):
            self.multiline[path_name] += 1
            self._note(path_name, "multi-line message")

    def _note(self, path_name: str, what: str) -> None:
        if len(self.examples) < 10:
            self.examples.append(f"{path_name} on {self.current}: {what}")


def campaign(examples: int, folder: Path, tally: Tally) -> list[Path]:
    """Run every drawn input through the readers, brief, ingest and the web API; keep a sample for the CLI."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from storyline.web import create_app

    store_path = folder / "fuzz.db"
    store = Store(store_path)  # one store for the campaign: ingest checks the file once per run, as a user's would
    client = TestClient(create_app(Settings(db=str(store_path))), raise_server_exceptions=False)
    sample: list[Path] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_file())
    def one(drawn: tuple[str, bytes]) -> None:
        name, content = drawn
        tally.inputs += 1
        path = folder / f"{tally.inputs:05d}-{name}"
        path.write_bytes(content)
        tally.current = f"{path.name} ({len(content):,} bytes: {content[:60]!r})"

        def read() -> None:
            tally.check_lines("readers", [p.message for p in read_inputs([path]) if isinstance(p, Problem)])

        def briefing() -> None:
            tally.check_lines("brief", [p.message for p in brief([path], words=60).problems])

        def ingesting() -> None:
            problems: list[Problem] = []
            ingest(store, read_inputs([path]), on_problem=problems.append)
            tally.check_lines("ingest", [p.message for p in problems])

        def web() -> None:
            suffix = "." + name.split(".", 1)[1]
            headers = {"content-type": CONTENT_TYPES.get(suffix, "text/plain")}
            answer = client.post("/api/brief", content=content, headers=headers)
            if answer.status_code >= 500:
                tally.server_errors += 1
                tally._note("web", f"HTTP {answer.status_code}")
            elif answer.status_code != 200:
                tally.check_lines("web", [json.dumps(answer.json().get("detail", ""))])

        for path_name, action in (("readers", read), ("brief", briefing), ("ingest", ingesting), ("web", web)):
            tally.run(path_name, action)
        if len(sample) < 10_000:
            sample.append(path)
        else:
            path.unlink()

    one()
    store.close()
    return sample


def cli_sample(paths: list[Path], count: int, folder: Path, tally: Tally) -> None:
    """A sample through the commands themselves: exit code 0, 1 or 2 and no traceback on stderr."""
    step = max(1, len(paths) // max(count, 1))
    for path in paths[::step][:count]:
        for command in (["brief", str(path)], ["ingest", str(path), "--db", str(folder / "cli.db")]):
            tally.runs[f"cli {command[0]}"] += 1
            try:
                done = subprocess.run(
                    [sys.executable, "-c", "from storyline.cli import main; main()", *command],
                    capture_output=True,
                    text=True,
                    timeout=TIME_LIMIT_S * 2,
                )
            except subprocess.TimeoutExpired:
                tally.hangs[f"cli {command[0]}"] += 1
                continue
            if "Traceback" in done.stderr or done.returncode not in (0, 1, 2):
                tally.tracebacks[f"cli {command[0]}"] += 1
                tally._note(f"cli {command[0]}", done.stderr.strip().splitlines()[-1] if done.stderr else "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs drawn by Hypothesis")
    parser.add_argument("--cli", type=int, default=200, help="of them, run through the commands too")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    logging.getLogger("httpx2").setLevel(logging.WARNING)  # the test client logs every request at INFO
    logging.getLogger("httpx").setLevel(logging.WARNING)
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = campaign(args.examples, folder, tally)
        cli_sample(sample, args.cli, folder, tally)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        [name, runs, tally.tracebacks[name], tally.hangs[name], tally.multiline[name]]
        for name, runs in sorted(tally.runs.items())
    ]
    table = markdown_table(["path", "inputs run", "tracebacks", "hangs", "multi-line messages"], rows)
    body = f"""## Fuzz campaign: hostile inputs through every path (`benchmarks/fuzz.py`)

Command: `.venv/bin/python benchmarks/fuzz.py --examples {args.examples} --cli {args.cli}`. Machine: {machine()}.
{tally.inputs:,} inputs drawn by Hypothesis (derandomized: the same inputs every run) from
`tests/hostile.py`; each through the readers, `storyline.brief`, an ingest into one SQLite store and
`POST /api/brief` (time limit {TIME_LIMIT_S} s each), and {args.cli} of them through `storyline brief` and
`storyline ingest` in fresh processes. {elapsed / 60:.1f} minutes in all.

{table}

HTTP 5xx answers: {tally.server_errors}. Peak memory of the campaign process: {peak_mb:,.0f} MB. Slowest single
run: {tally.slowest:.1f} s.
{("First failures: " + "; ".join(tally.examples)) if tally.examples else "No failure of any kind."}
Inputs that raised the peak by more than 50 MB: {
        "; ".join(f"{mb:.0f} MB, {what[:160]}" for mb, what in sorted(tally.memory_jumps, reverse=True)[:5]) or "none"
    }.
"""
    write_section("fuzz", body)
    print(body)


if __name__ == "__main__":
    main()
