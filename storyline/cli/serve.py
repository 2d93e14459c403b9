"""`storyline serve`: the web app over a story store, on localhost unless told otherwise."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from storyline.cli import app, configure_logging, fail, make_settings
from storyline.errors import StorylineError
from storyline.settings import SETTINGS_ENV


@app.command("serve")
def serve_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="The story store: a file or a postgresql:// URL.", show_default="storyline.db"),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    max_upload_mb: Annotated[float | None, typer.Option(help="Largest request body, in MB.", show_default="5")] = None,
) -> None:
    """Browse stories and their briefings in a browser, brief pasted articles, and use the JSON API."""
    configure_logging(0)
    if not 1 <= port <= 65535:
        fail(f"--port must be between 1 and 65535, not {port}")
    if workers < 1:
        fail(f"--workers must be at least 1, not {workers}")
    max_bytes = None if max_upload_mb is None else int(max_upload_mb * 1e6)
    settings = make_settings(db=db, max_request_bytes=max_bytes)
    try:
        import uvicorn

        from storyline.web.app import check_store
    except ImportError as error:
        fail(f"the web app needs the web extra ({error.name} is missing): pip install 'storyline[web]'")
    try:
        location = check_store(settings)  # a bad store fails now with one line, not in each worker
    except StorylineError as error:
        fail(str(error))
    os.environ[SETTINGS_ENV] = settings.to_json()  # the whole settings object, for the worker processes
    typer.echo(f"Storyline on http://{host}:{port}/ (store {location}); Ctrl+C stops it.", err=True)
    uvicorn.run(
        "storyline.web.app:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning"
    )
