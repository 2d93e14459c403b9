"""`storyline brief`: brief everything given as one story, or stored stories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, fail, make_settings, report_problem
from storyline.errors import StorylineError
from storyline.settings import DEFAULT_METHOD, DEFAULT_WORDS, MAX_WORDS, METHODS, MIN_WORDS

FORMATS = ("text", "markdown", "json", "html")  # storyline.render.RENDERERS, named here to keep --help light


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write output ({error.strerror or error})")


@app.command("brief")
def brief_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, or - for standard input.", show_default=False)
    ] = None,
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            "-w",
            help=f"Word budget of the briefing ({MIN_WORDS}-{MAX_WORDS}).",
            show_default=str(DEFAULT_WORDS),
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    method: Annotated[
        str | None, typer.Option(help=f"Selection method: {', '.join(METHODS)}.", show_default=DEFAULT_METHOD)
    ] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
    db: Annotated[
        str | None, typer.Option("--db", help="Brief stories from this store: a file or a postgresql:// URL.")
    ] = None,
    story: Annotated[list[str] | None, typer.Option("--story", help="With --db: a story to brief; repeatable.")] = None,
    all_stories: Annotated[bool, typer.Option("--all", help="With --db: brief every story.")] = False,
) -> None:
    """Brief PATHS as one story, or stored stories (--db with --story or --all): every sentence cites its sources."""
    configure_logging(verbose)
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if db is None and (story or all_stories):
        fail("--story and --all need --db PATH: the store to brief from")
    if db is not None and (paths or not (story or all_stories)):
        fail("with --db, name the stories: --story ID (see `storyline stories`) or --all, and no PATHS")
    if db is None and not paths:
        fail("nothing to brief: give PATHS, or --db PATH with --story ID or --all")
    settings = make_settings(db=db, words=words, method=method)
    if db is not None:
        _brief_from_store(settings.db, story or [], all_stories, settings.words, settings.method, fmt, output)
        return
    from storyline.pipeline import brief
    from storyline.render import render

    report = brief(paths or [], words=settings.words, method=settings.method)
    for problem in report.problems:
        report_problem(str(problem))
    if not report.stories:
        fail("nothing to brief: no input held a usable article", 1)
    write_output(render(report, fmt), output)


def _brief_from_store(
    db: str, story_ids: list[str], all_stories: bool, words: int, method: str, fmt: str, output: Path | None
) -> None:
    from storyline.service import render_stored
    from storyline.store import open_store

    try:
        store = open_store(db, create=False)
        try:
            text, briefed, problems = render_stored(store, story_ids, all_stories, words, method, fmt)
        finally:
            store.close()
    except StorylineError as error:
        fail(str(error))
    for problem in problems:
        report_problem(str(problem))
    if not briefed:
        fail("nothing to brief: no such story in the store", 1)
    write_output(text, output)
