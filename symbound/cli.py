"""The command line: ``symbound verify FILE``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Check the inequality derivations of machine-learning papers, step by step, in the paper's notation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _input_error(exc: Exception) -> None:
    typer.echo(exc.message(), err=True)  # type: ignore[attr-defined]
    raise typer.Exit(2)


@app.command()
def verify(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON instead of the report.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds of search allowed for each link.")] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
) -> None:
    """Check every link of every chain, and the conclusion.

    Exit status: 0 when everything is proved, 1 when a link or the conclusion is refuted, unproved
    or cites a lemma that does not justify it, 2 when the file has a mistake.
    """
    from .api import verify as run
    from .errors import InputError

    try:
        report = run(file, timeout=timeout)
    except InputError as exc:
        _input_error(exc)
        return
    if json_out:
        from .render.json import render as render_json

        typer.echo(render_json(report))
    else:
        from rich.console import Console

        from .render.terminal import render

        render(report, Console(width=width or None, highlight=False, markup=False, emoji=False))
    raise typer.Exit(report.exit_code)


@app.callback()
def _root() -> None:
    """symbound checks inequality derivations against a library of named lemmas."""


def main() -> None:
    try:
        app()
    except RecursionError:  # pragma: no cover - last line of defence; inputs are bounded before this
        typer.echo("symbound: input too deeply nested", err=True)
        sys.exit(2)
