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
from storyline.store import render_stored


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
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, or - for standard input.", show_default=False)
    ] = None,
    words: Annotated[int, typer.Option("--words", "-w", min=1, help="Word budget of the briefing.")] = DEFAULT_WORDS,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(RENDERERS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    method: Annotated[str, typer.Option(help=f"Selection method: {', '.join(SELECTORS)}.")] = DEFAULT_METHOD,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
    db: Annotated[str | None, typer.Option("--db", help="Brief stories from this store (storyline ingest).")] = None,
    story: Annotated[list[str] | None, typer.Option("--story", help="With --db: a story to brief; repeatable.")] = None,
    all_stories: Annotated[bool, typer.Option("--all", help="With --db: brief every story.")] = False,
) -> None:
    """Brief PATHS as one story, or stored stories (--db with --story or --all): every sentence cites its sources."""
    configure_logging(verbose)
    if fmt not in RENDERERS:
        report_problem(f"--format must be one of {', '.join(RENDERERS)}, not {fmt!r}")
        raise typer.Exit(2)
    if db is None and (story or all_stories):
        report_problem("--story and --all need --db PATH: the store to brief from")
        raise typer.Exit(2)
    if db is not None and (paths or not (story or all_stories)):
        report_problem("with --db, name the stories: --story ID (see `storyline stories`) or --all, and no PATHS")
        raise typer.Exit(2)
    if db is None and not paths:
        report_problem("nothing to brief: give PATHS, or --db PATH with --story ID or --all")
        raise typer.Exit(2)
    if db is not None:
        _brief_from_store(db, story or [], all_stories, words, method, fmt, output)
        return
    try:
        report = brief(paths or [], words=words, method=method)
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    for problem in report.problems:
        report_problem(str(problem))
    if not report.stories:
        report_problem("nothing to brief: no input held a usable article")
        raise typer.Exit(1)
    write_output(render(report, fmt), output)


def _brief_from_store(
    db: str, story_ids: list[str], all_stories: bool, words: int, method: str, fmt: str, output: Path | None
) -> None:
    try:
        text, briefed, problems = render_stored(db, story_ids, all_stories, words, method, fmt)
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    for problem in problems:
        report_problem(str(problem))
    if not briefed:
        report_problem("nothing to brief: no such story in the store")
        raise typer.Exit(1)
    write_output(text, output)
