"""`storyline brief`: brief everything given as one story, or stored stories."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, fail, make_settings, report_problem
from storyline.errors import StorylineError
from storyline.settings import DEFAULT_METHOD, DEFAULT_WORDS, MAX_WORDS, METHODS, MIN_WORDS, Settings

FORMATS = ("text", "markdown", "json", "html")  # storyline.render.RENDERERS, named here to keep --help light


def write_output(text: str | Iterable[str], output: Path | None) -> None:
    """The output, to stdout or a file, as its pieces come (a long JSON archive is never held whole)."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        for piece in pieces:
            typer.echo(piece, nl=False)
        return
    try:
        with output.open("w", encoding="utf-8") as handle:
            for piece in pieces:
                handle.write(piece)
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
    workers: Annotated[int, typer.Option(help="With --db: worker processes on this machine.")] = 1,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="With --db: brief the stories on Ray: alone, a Ray started here; or a cluster's address (auto, "
            "ray://head:10001). Use a postgresql:// store that every node can reach. Needs the ray extra.",
            show_default=False,
        ),
    ] = None,
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
    if db is None and (ray is not None or workers != 1):
        fail("--ray and --workers brief stored stories: use them with --db")
    if workers < 1:
        fail(f"--workers must be at least 1, not {workers}")
    settings = make_settings(db=db, words=words, method=method)
    if db is not None:
        _brief_from_store(settings, story or [], all_stories, fmt, output, workers, ray)
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
    settings: Settings,
    story_ids: list[str],
    all_stories: bool,
    fmt: str,
    output: Path | None,
    workers: int,
    ray: str | None,
) -> None:
    from storyline.batch import runner
    from storyline.service import render_stored
    from storyline.store import is_url, open_store

    # Worker processes and Ray nodes open the store themselves: a file path must not depend on their folder.
    location = settings.db if is_url(settings.db) else str(Path(settings.db).resolve())
    try:
        with open_store(settings.db, create=False) as store, runner(workers, ray) as run:
            pieces, briefed, problems = render_stored(
                store,
                story_ids,
                all_stories,
                settings.words,
                settings.method,
                fmt,
                run=run if (workers > 1 or ray is not None) else None,
                location=location,
            )
            if briefed:
                write_output(pieces, output)
    except StorylineError as error:
        fail(str(error))
    for problem in problems:
        report_problem(str(problem))
    if not briefed:
        fail("nothing to brief: no such story in the store", 1)
