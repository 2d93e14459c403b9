"""`storyline serve`: the web app over a story store, on localhost unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import app, report_problem
from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB


@app.command("serve")
def serve_command(
    db: Annotated[Path, typer.Option("--db", help="Story store written by `storyline ingest`.")] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    max_upload_mb: Annotated[float, typer.Option(min=0.01, help="Largest request body, in MB.")] = 5.0,
) -> None:
    """Browse stories and their briefings in a browser, brief pasted articles, and use the JSON API."""
    try:
        import uvicorn

        from storyline.web.app import app_from_env
    except ImportError as error:
        report_problem(f"the web app needs the web extra ({error.name} is missing): pip install 'storyline[web]'")
        raise typer.Exit(2) from None
    if not db.is_file():
        report_problem(f"{db}: no such store (run `storyline ingest` first, or pass --db)")
        raise typer.Exit(2)
    os.environ["STORYLINE_DB"] = str(db.resolve())
    os.environ["STORYLINE_MAX_BYTES"] = str(int(max_upload_mb * 1e6))
    try:
        app_from_env()  # open the store once here, so a bad file fails now with one line, not in each worker
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    typer.echo(f"Storyline on http://{host}:{port}/ (store {db}); Ctrl+C stops it.", err=True)
    uvicorn.run(
        "storyline.web.app:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning"
    )
