"""`storyline ingest`: sort articles and feeds into stories in a persistent store."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from tqdm import tqdm

from storyline.cli import app, configure_logging, report_problem
from storyline.cluster import ClusterConfig
from storyline.errors import StorylineError
from storyline.ingest import read_inputs
from storyline.models import Problem
from storyline.service import ingest
from storyline.store import DEFAULT_DB, Store

MAX_PROBLEM_LINES = 20  # one line each for the first problems; the final count groups the rest by reason


@app.command("ingest")
def ingest_command(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, feeds (.rss/.atom/.xml), or - for stdin.", show_default=False),
    ],
    db: Annotated[str, typer.Option("--db", help="The SQLite story store; created if absent.")] = DEFAULT_DB,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Least similarity for an article to join a story.")
    ] = ClusterConfig.threshold,
    window_days: Annotated[
        int, typer.Option("--window-days", min=0, help="An article further than this from a story starts a new one.")
    ] = ClusterConfig.window_days,
    batch: Annotated[int, typer.Option(min=1, help="Articles per commit.")] = 500,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
) -> None:
    """Add INPUTS to the story store: each new article joins the story it belongs to, or starts one.

    The same URL or the same text ingested again is recognised and counted, not stored twice.
    """
    configure_logging(verbose)
    shown = 0

    def on_problem(problem: Problem) -> None:
        nonlocal shown
        shown += 1
        if shown <= MAX_PROBLEM_LINES:
            report_problem(str(problem))
        elif shown == MAX_PROBLEM_LINES + 1:
            report_problem("more problems not shown; the final count groups them by reason")

    config = ClusterConfig(threshold=threshold, window_days=window_days)
    try:
        with Store(db) as store:
            items = tqdm(read_inputs(inputs), desc="ingest", unit=" items", file=sys.stderr, disable=None)
            count = ingest(store, items, config, batch_size=batch, on_problem=on_problem)
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    typer.echo(f"{db}: {count.line()}")
    if count.new + count.duplicates == 0:
        raise typer.Exit(1)
