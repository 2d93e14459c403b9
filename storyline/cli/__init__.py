"""The `storyline` command line: a thin Typer app; each command lives in its own module.

Commands parse options, build one `Settings`, and call `storyline.service` or the public API. Every
error a user can cause is one line on stderr, `storyline: …`, usage errors included (exit 2).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from storyline.errors import StorylineError
from storyline.settings import Settings


def report_problem(message: str) -> None:
    """One line on stderr per problem: what it concerns and what is wrong (control characters made visible)."""
    print(f"storyline: {printable(message)}", file=sys.stderr)


def printable(text: str) -> str:
    """Text safe for a terminal line: control characters, escapes and line breaks shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def fail(message: str, code: int = 2) -> NoReturn:
    report_problem(message)
    raise typer.Exit(code)


def make_settings(**options: Any) -> Settings:
    """The settings of this run: defaults < STORYLINE_* variables < the options given (None: not given)."""
    from storyline.errors import ConfigError

    try:
        return Settings.from_env().with_options(**options)
    except ConfigError as error:
        fail(str(error))


# Options whose value may be left out: alone they mean the value given here ("--ray" alone: a local Ray).
# The next word is taken as the value only when it looks like one (storyline.batch.ADDRESS).
OPTIONAL_VALUES = {"--ray": "local"}


def _fill_optional_values(args: Sequence[str]) -> list[str]:
    from storyline.batch import ADDRESS

    filled: list[str] = []
    for k, arg in enumerate(args):
        if arg in OPTIONAL_VALUES and (k + 1 == len(args) or not ADDRESS.match(args[k + 1])):
            filled.append(f"{arg}={OPTIONAL_VALUES[arg]}")
        else:
            filled.append(arg)
    return filled


# Typer raises its own copy of click's usage errors (newer releases vendor click); catch whichever is in use.
_USAGE_ERRORS: tuple[type[Exception], ...] = tuple(
    {click.UsageError, *(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")}
)


class _OneLineErrors(TyperGroup):
    """Usage errors (a bad option value, an unknown option, a missing argument) as one line, like every other
    error, instead of a boxed panel."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        args = _fill_optional_values(sys.argv[1:] if args is None else args)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except _USAGE_ERRORS as error:
            context = getattr(error, "ctx", None)
            command = context.command_path if context else "storyline"
            report_problem(f"{command}: {error.format_message()} (see --help)")  # type: ignore[attr-defined]
            code = 2
        except (click.Abort, typer.Abort):
            code = 130
        except StorylineError as error:
            report_problem(str(error))
            code = 2
        else:
            code = result if isinstance(result, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    name="storyline",
    cls=_OneLineErrors,
    help="Turn many news reports about one event into one cited, cross-checked briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from storyline import __version__

        typer.echo(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Turn many news reports about one event into one cited, cross-checked briefing."""


# Libraries that log their own view of a problem Storyline already reports in one line (trafilatura: "discarding
# data: None" for a page without text): heard from only with -vv.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer")


def configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


def _register() -> None:
    from storyline.cli import (  # noqa: F401  (commands register themselves on `app`)
        brief,
        eval,
        extract,
        ingest,
        serve,
        stories,
    )


def main() -> None:
    _register()
    app()


__all__ = ["app", "fail", "main", "make_settings", "printable", "report_problem"]
