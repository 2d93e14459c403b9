"""The README's examples work as written: the Python snippet from any folder, the command lines it shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def _python_snippet() -> str:
    (snippet,) = re.findall(r"```python\n(.*?)```", README, re.S)
    return snippet


def run_snippet(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _python_snippet()], cwd=folder, capture_output=True, text=True, timeout=120
    )


def test_the_python_snippet_briefs_the_example_from_the_repository(tmp_path: Path) -> None:
    done = run_snippet(ROOT)
    assert done.returncode == 0, done.stderr
    assert "skipped:" not in done.stdout and "grain terminal" in done.stdout


def test_the_python_snippet_says_what_it_skipped_anywhere_else(tmp_path: Path) -> None:
    done = run_snippet(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("skipped: examples/harbour-fire: no such file or directory")


def test_every_command_the_usage_block_names_exists() -> None:
    usage = README.split("## Usage", 1)[1].split("```", 2)[1]
    commands = sorted({line.split()[1] for line in usage.splitlines() if line.startswith("storyline ")})
    assert commands == ["--version", "brief", "eval", "extract", "ingest", "serve", "stories"]
    for command in commands[1:]:
        done = subprocess.run(
            [sys.executable, "-c", "from storyline.cli import main; main()", command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, (command, done.stderr)
