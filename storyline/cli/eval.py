"""`storyline eval`: brief every cluster of a benchmark file and score it with ROUGE against its references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, TextIO

import typer

from storyline.cli import app, configure_logging, report_problem
from storyline.errors import StorylineError
from storyline.settings import DEFAULT_METHOD, METHODS

EVAL_WORDS = 230  # Multi-News references are about 227 words
# storyline.evaluate.BASELINES, named here to keep --help light (a test keeps the two equal)
BASELINES = ("lead", "random", "oracle", "lexrank", "textrank")


def _report(problem: object) -> None:
    report_problem(str(problem))


@app.command("eval")
def eval_command(
    data: Annotated[Path, typer.Argument(help="Benchmark file: JSONL or JSONL.gz, one cluster a line.")],
    words: Annotated[
        int, typer.Option("--words", "-w", min=1, help="Word budget; summaries are cut to it.")
    ] = EVAL_WORDS,
    out: Annotated[Path | None, typer.Option("--out", "-o", help='Write {"id", "summary"} lines here.')] = None,
    method: Annotated[
        list[str] | None,
        typer.Option(
            help="Selection method or baseline, repeatable: "
            f"{', '.join(dict.fromkeys([*METHODS, *BASELINES]))}. Default: {DEFAULT_METHOD}."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N clusters.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes on this machine.")] = 2,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="Run the clusters on Ray instead: alone, a Ray started here; or a cluster's address "
            "(auto, ray://head:10001, host:6379). Needs the ray extra.",
            show_default=False,
        ),
    ] = None,
    overrun: Annotated[
        bool,
        typer.Option(
            "--overrun/--within-budget",
            help="Take sentences in the method's order until N words, the last one cut (the standard set-up), "
            "or stop within the budget as `storyline brief` does.",
        ),
    ] = True,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
) -> None:
    """Score METHOD on DATA: ROUGE-1/2/L recall and F1, clusters per second and peak memory."""
    from storyline.evaluate import check_method, evaluate, results_table

    configure_logging(verbose)
    methods = method or [DEFAULT_METHOD]
    if not data.is_file():
        report_problem(f"{data}: no such benchmark file")
        raise typer.Exit(2)
    try:
        for name in methods:
            check_method(name)
        handle: TextIO | None = out.open("w", encoding="utf-8") if out else None
    except StorylineError as error:
        report_problem(str(error))
        raise typer.Exit(2) from None
    except OSError as error:
        report_problem(f"{out}: cannot write ({error.strerror or error})")
        raise typer.Exit(2) from None
    results = []
    try:
        for name in methods:

            def write(scored, name: str = name) -> None:
                if handle:
                    line = {"id": scored.id, "summary": scored.summary} | ({"method": name} if len(methods) > 1 else {})
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")

            try:
                results.append(
                    evaluate(
                        data,
                        name,
                        words,
                        limit=limit,
                        workers=workers,
                        ray=ray,
                        overrun=overrun,
                        on_problem=_report if name == methods[0] else None,
                        on_summary=write,
                    )
                )
            except ImportError as error:
                report_problem(f"{error.name or error}: not installed; pip install 'storyline[eval]'")
                raise typer.Exit(2) from None
    finally:
        if handle:
            handle.close()
    if not any(r.clusters for r in results):
        report_problem(f"{data}: no usable cluster")
        raise typer.Exit(1)
    typer.echo(results_table(results))
