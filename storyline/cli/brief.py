"""`storyline brief`: brief everything given as one story."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, report_problem
from storyline.errors import StorylineError
from storyline.pipeline import DEFAULT_WORDS, brief
from storyline.render import RENDERERS, render
from storyline.select import DEFAULT_METHOD, SELECTORS


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        report_problem(f"{output}: cannot write output ({error.strerror or error})")
        raise typer.Exit(2) from None


@app.command("brief")
def brief_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.", show_default=False)],
    words: Annotated[int, typer.Option("--words", "-w", min=1, help="Word budget of the briefing.")] = DEFAULT_WORDS,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(RENDERERS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    method: Annotated[str, typer.Option(help=f"Selection method: {', '.join(SELECTORS)}.")] = DEFAULT_METHOD,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
) -> None:
    """Brief PATHS as one story: a short summary whose every sentence cites its sources."""
    configure_logging(verbose)
    if fmt not in RENDERERS:
        report_problem(f"--format must be one of {', '.join(RENDERERS)}, not {fmt!r}")
        raise typer.Exit(2)
    try:
        report = brief(paths, words=words, method=method)
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    for problem in report.problems:
        report_problem(str(problem))
    if not report.stories:
        report_problem("nothing to brief: no input held a usable article")
        raise typer.Exit(1)
    write_output(render(report, fmt), output)
