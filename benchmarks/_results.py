"""Write one benchmark's table into its own section of benchmarks/RESULTS.md.

Each script owns the section between `<!-- BEGIN name -->` and `<!-- END name -->`, so
scripts can be re-run in any order without clobbering each other's results.
"""

from __future__ import annotations

import platform
import re
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = "# Benchmark results\n\nEach section is written by the script it names; re-run the command to reproduce it.\n"


def machine() -> str:
    import os

    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float | np.floating):
            return f"{value:.2f}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section `name` of RESULTS.md with `body`."""
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    block = f"<!-- BEGIN {name} -->\n{body.strip()}\n<!-- END {name} -->"
    pattern = re.compile(rf"<!-- BEGIN {re.escape(name)} -->.*?<!-- END {re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
