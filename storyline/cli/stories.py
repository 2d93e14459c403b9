"""`storyline stories`: the stories in a store, most recently updated first."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from storyline.cli import app, report_problem
from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB, Store, StoryInfo


def _row(story: StoryInfo) -> str:
    first = story.first_date.isoformat() if story.first_date else "-"
    last = story.last_date.isoformat() if story.last_date else "-"
    return f"{story.id:<10} {story.size:>5} {story.outlets:>7}  {first:<10}  {last:<10}  {story.title}"


@app.command("stories")
def stories_command(
    db: Annotated[str, typer.Option("--db", help="The SQLite story store.")] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, with each story's article ids.")] = False,
    limit: Annotated[int, typer.Option(min=0, help="Show at most this many (0: all).")] = 0,
    query: Annotated[str, typer.Option("--query", "-q", help="Only stories whose title has these words.")] = "",
) -> None:
    """List the stories in the store: id, size, outlets, first and last date, title."""
    try:
        with Store(db, create=False) as store:
            total = store.count_stories(query)
            stories = store.list_stories(limit or max(total, 1), 0, query, with_articles=as_json)
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(
            json.dumps({"stories": [s.as_dict() for s in stories], "total": total}, ensure_ascii=False, indent=2)
        )
        return
    typer.echo(f"{'story':<10} {'size':>5} {'outlets':>7}  {'first':<10}  {'last':<10}  title")
    for story in stories:
        typer.echo(_row(story))
    if len(stories) < total:
        typer.echo(f"… {total - len(stories)} more (--limit 0 shows all)")
