"""The `storyline` command line: a thin Typer app; each command lives in its own module."""

from __future__ import annotations

import logging
import sys

import typer

app = typer.Typer(
    name="storyline",
    help="Turn many news reports about one event into one cited, cross-checked briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Turn many news reports about one event into one cited, cross-checked briefing."""


def report_problem(message: str) -> None:
    """One line on stderr per unusable input: the path and what is wrong."""
    print(f"storyline: {message}", file=sys.stderr)


def configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _register() -> None:
    from storyline.cli import (  # noqa: F401  (commands register themselves on `app`)
        brief,
        eval,
        ingest,
        serve,
        stories,
    )


def main() -> None:
    _register()
    app()


__all__ = ["app", "main"]
