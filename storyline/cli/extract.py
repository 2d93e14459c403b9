"""`storyline extract`: each article as Storyline reads it (metadata, cleaned text, sentences, removed lines).

Inputs and errors follow `storyline brief`: one line per unusable input, exit 1 when no input held a usable
article, 2 for a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, fail, report_problem
from storyline.cli.brief import write_output

FORMATS = ("text", "json")


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, or - for standard input.", show_default=False)
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
) -> None:
    """Show each article in PATHS as Storyline reads it: title, outlet, date, language, text, sentences, and every
    line removed with the reason."""
    configure_logging(verbose)
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not paths:
        fail("nothing to extract: give PATHS (files, directories, or - for standard input)")
    from storyline.extract import extract, extraction_dict, render_extraction

    extraction = extract(paths)
    for problem in extraction.problems:
        report_problem(str(problem))
    if not extraction.articles:
        fail("nothing to extract: no input held a usable article", 1)
    if fmt == "json":
        text = json.dumps(extraction_dict(extraction), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_extraction(extraction)
    write_output(text, output)
