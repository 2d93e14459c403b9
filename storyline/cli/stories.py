"""`storyline stories`: the stories in a store, top stories first, with filters and full-text search."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from storyline.cli import app, fail, make_settings
from storyline.errors import StorylineError

ORDERS = ("top", "recent", "oldest")  # storyline.store.StoryQuery.ORDERS


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}")


@app.command("stories")
def stories_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="The story store: a file or a postgresql:// URL.", show_default="storyline.db"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, with each story's article ids.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 0,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    query: Annotated[str, typer.Option("--query", "-q", help="Full-text search over titles and article text.")] = "",
    order: Annotated[
        str, typer.Option(help=f"Order: {', '.join(ORDERS)} (top: independent sources and recency).")
    ] = "top",
    since: Annotated[
        str | None, typer.Option(help="Only stories with an article on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Only stories with an article on or before this date.")] = None,
    outlet: Annotated[str, typer.Option(help="Only stories this outlet covers (its exact name).")] = "",
    min_sources: Annotated[
        int, typer.Option("--min-sources", help="Only stories with at least this many independent sources.")
    ] = 0,
) -> None:
    """List the stories in the store: id, size, independent sources, first and last date, outlets, title."""
    settings = make_settings(db=db)
    if order not in ORDERS:
        fail(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")
    if limit < 0 or offset < 0 or min_sources < 0:
        fail("--limit, --offset and --min-sources must not be negative")
    from storyline.service import list_stories
    from storyline.store import StoryQuery, open_store

    request = StoryQuery(
        text=query,
        order=order,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        outlet=outlet,
        min_sources=min_sources,
        limit=limit or 1_000_000_000,
        offset=offset,
    )
    try:
        store = open_store(settings.db, create=False)
        try:
            stories, total = list_stories(store, request, with_articles=as_json)
        finally:
            store.close()
    except StorylineError as error:
        fail(str(error))
    if as_json:
        typer.echo(
            json.dumps({"stories": [s.as_dict() for s in stories], "total": total}, ensure_ascii=False, indent=2)
        )
        return
    typer.echo(f"{'story':<10} {'size':>5} {'sources':>7}  {'first':<10}  {'last':<10}  title")
    for story in stories:
        first = story.first_date.isoformat() if story.first_date else "-"
        last = story.last_date.isoformat() if story.last_date else "-"
        typer.echo(
            f"{story.id:<10} {story.size:>5} {story.independent_sources:>7}  {first:<10}  {last:<10}  {story.title}"
        )
    if offset + len(stories) < total:
        typer.echo(f"… {total - offset - len(stories)} more (--limit 0 shows all)")
