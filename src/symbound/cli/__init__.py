"""The command line: ``symbound verify FILE``, ``check FILE CERT``, ``import PAPER.tex``, ``latex``, ``audit``, ``html``,
``witness``, ``lemmas``, ``init`` and ``watch``.

One module per group of commands, each registering on :data:`symbound.cli.app.app`: verifying.py (verify, import),
reviewing.py (latex, audit, check, html, witness), writing.py (lemmas, init, watch).
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

# each module registers its commands on app; in this order they are listed by --help
from symbound.cli import verifying  # noqa: F401,I001
from symbound.cli import reviewing  # noqa: F401
from symbound.cli import writing  # noqa: F401
from symbound.cli.app import app


def main(args: Optional[list[str]] = None) -> None:
    """The console script: typer's command, its plain parameters converted without pydantic (cli_params)."""
    from typer.main import get_command

    from symbound.cli.params import lighten
    from symbound.cli.startup import without_units

    try:
        with without_units():
            lighten(get_command(app))(args=args)
    except RecursionError:  # pragma: no cover - last line of defence; inputs are bounded before this
        typer.echo("symbound: input too deeply nested", err=True)
        sys.exit(2)
