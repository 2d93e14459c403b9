"""`storyline ingest`: sort articles and feeds into stories in a persistent store."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, fail, make_settings, report_problem
from storyline.errors import StorylineError

MAX_PROBLEM_LINES = 20  # one line each for the first problems; the final count groups the rest by reason


@app.command("ingest")
def ingest_command(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, feeds (.rss/.atom/.xml), or - for stdin.", show_default=False),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The story store: a file (created if absent) or a postgresql:// URL.",
            show_default="storyline.db",
        ),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Least similarity for an article to join a story (0-1).", show_default=False)
    ] = None,
    batch: Annotated[int, typer.Option(help="Articles per commit.")] = 500,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
) -> None:
    """Add INPUTS to the story store: each new article joins the story it belongs to, or starts one.

    The same URL, or the same text from the same outlet, ingested again is recognised and counted, not stored
    twice. One ingest writes to a store at a time: a second one waits for the first.
    """
    configure_logging(verbose)
    settings = make_settings(db=db)
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        fail(f"The 'threshold' option must be between 0 and 1. Got {threshold} instead.")
    if batch < 1:
        fail(f"The 'batch' option must be at least 1. Got {batch} instead.")
    from dataclasses import replace

    from tqdm import tqdm

    from storyline.cluster import ClusterConfig
    from storyline.ingest import read_inputs
    from storyline.models import Problem
    from storyline.service import ingest
    from storyline.store import open_store

    shown = 0

    def on_problem(problem: Problem) -> None:
        nonlocal shown
        shown += 1
        if shown <= MAX_PROBLEM_LINES:
            report_problem(str(problem))
        elif shown == MAX_PROBLEM_LINES + 1:
            report_problem("more problems not shown; the final count groups them by reason")

    def on_wait() -> None:
        report_problem(f"{store.location}: another ingest is writing to this store; waiting for it to finish")

    config = ClusterConfig() if threshold is None else replace(ClusterConfig(), threshold=threshold)
    try:
        store = open_store(settings.db)
        try:
            items = tqdm(read_inputs(inputs), desc="ingest", unit=" items", file=sys.stderr, disable=None)
            count = ingest(store, items, config, batch_size=batch, on_problem=on_problem, on_wait=on_wait)
        finally:
            store.close()
    except StorylineError as error:
        fail(str(error))
    typer.echo(f"{store.location}: {count.line()}")
    if count.new + count.duplicates == 0:
        raise typer.Exit(1)
