"""The command-line application: the ``app`` every command module registers on, and what commands share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Check the inequality derivations of machine-learning papers, step by step, in the paper's notation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: pip install 'symbound[html]' keeps its brackets
)

TIMEOUT_HELP = ("Last-resort guard: a link is cut short after 6 times this many seconds of CPU time (the search itself "
                "is bounded by steps and instances, and the guard counts symbound's own CPU time, not the clock, so "
                "verdicts do not depend on the machine's load).")


def _version(value: bool) -> None:
    if value:
        from symbound.version import __version__

        typer.echo(f"symbound {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print symbound's version and exit.")] = False,
) -> None:
    """symbound checks inequality derivations against a library of named lemmas."""


def input_error(exc: Exception) -> None:
    """Print an InputError's ``file:line:col`` message and exit 2."""
    typer.echo(exc.message(), err=True)  # type: ignore[attr-defined]
    raise typer.Exit(2)


SYMBOLS_HELP = "For a paper's .tex: the derivation file whose symbols (and macros, model, definitions, premises) the draft takes, as `symbound import --symbols`."


def write(path: Path, text: str) -> None:
    """Write an output file, or say why not and exit 2."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"symbound: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None


def read_report(file: Path, timeout: float, symbols: Optional[Path] = None):  # type: ignore[no-untyped-def]
    """Check ``file`` (the report; ``symbols``: a paper's declarations), or print its mistake and exit 2."""
    from symbound.api import verify as run
    from symbound.errors import InputError

    try:
        return run(file, timeout=timeout, symbols=symbols)
    except InputError as exc:
        input_error(exc)
