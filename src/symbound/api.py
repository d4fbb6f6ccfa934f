"""The library's entry point: ``symbound.verify(path)`` returns the report the CLI prints."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from symbound.read.derivation import read
from symbound.values import Report as Verdicts
from symbound.passes.verdicts import verdicts


class Report(Verdicts):
    """The report with its displays: ``str`` a short summary, and the notebook's HTML and LaTeX."""

    def __str__(self) -> str:
        """A short summary: the counts, then every step that is not proved, one a line."""
        from symbound.render.text import summary

        return summary(self)

    def _repr_html_(self) -> str:
        """Jupyter: the verdicts as an HTML table (expressions in Unicode, as the file wrote them)."""
        from symbound.render.text import html

        return html(self)

    def _repr_latex_(self) -> str:
        """Jupyter: the report as one LaTeX display (MathJax subset), rendered by symbound.render.latex."""
        from symbound.render.latex import render_math

        return render_math(self)


def verify(path: str | Path, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
           search: bool = True, repair: bool = True, cache: Any = None, symbols: str | Path | None = None) -> Report:
    """Read a derivation file and check every link and the conclusion.

    Raises ``symbound.errors.InputError`` for a malformed file (its ``message()`` is the
    ``file:line:col: what — instead`` line the CLI prints).  ``seed`` and ``budget`` steer the
    counterexample search (``search``); ``repair`` looks for the changes that would fix what fails.
    ``cache`` (a ``symbound.check.cache.Store``) keeps each proved link's proof, replayed through the kernel
    on the next run.  A paper's ``.tex`` is verified as its draft (``symbound import``), with the
    declarations of the ``symbols`` file; every place in the report is the paper's.
    """
    report = verdicts(read(path, symbols), timeout=timeout, seed=seed, budget=budget, search=search, repair=repair, cache=cache)
    return Report(**{f.name: getattr(report, f.name) for f in dataclasses.fields(report)})
