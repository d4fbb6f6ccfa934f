"""What an author works with: `symbound lemmas` (the library), `init` (a starting file) and `watch` (re-check on save)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from symbound.cli.app import TIMEOUT_HELP, app, write


@app.command()
def lemmas(
    latex_out: Annotated[bool, typer.Option("--latex", help="Print the catalogue as LaTeX.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as Markdown (docs/lemmas.md is this).")] = False,
    standalone: Annotated[bool, typer.Option("--standalone", help="With --latex: a complete document.")] = False,
) -> None:
    """List the lemma library: name, statement, hypotheses, reference."""
    from symbound.render import catalogue

    if latex_out and markdown:
        typer.echo("symbound: choose one of --latex and --markdown", err=True)
        raise typer.Exit(2)
    if latex_out:
        typer.echo(catalogue.latex(standalone=standalone), nl=False)
    elif markdown:
        typer.echo(catalogue.markdown(), nl=False)
    else:
        typer.echo(catalogue.text(), nl=False)


@app.command()
def init(
    file: Annotated[Path, typer.Argument(help="Where to write the starting derivation (YAML).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a commented starting derivation (symbols, a premise, one chain, a conclusion) that verifies."""
    from symbound.cli.starter import STARTER

    if file.exists() and not force:
        typer.echo(f"symbound: {file} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(2)
    write(file, STARTER)
    typer.echo(f"wrote {file}; check it with: symbound verify {file}")


@app.command()
def watch(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Derivation files, or folders holding some.")],
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search.")] = 0,
    budget: Annotated[int, typer.Option(min=0, help="Instances the counterexample search tries for each claim (0: no search, quicker).")] = 3000,
) -> None:
    """Check the files, then again on every save, printing only what changed (Ctrl-C to stop).

    Needs the watch extra: pip install 'symbound[watch]'.
    """
    _watch_command(files, timeout, seed, budget)


def _watch_command(files: list[Path], timeout: float, seed: int, budget: int) -> None:
    from symbound.cli.watch import watch as run_watch

    try:
        run_watch(files, emit=typer.echo, timeout=timeout, seed=seed, budget=budget, search=budget > 0)
    except (RuntimeError, ValueError) as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2) from None
