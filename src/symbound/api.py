"""The library's entry points: ``symbound.verify(path)`` returns the report the CLI prints, and
``symbound.lemmas()`` the lemma library; each displays itself in a notebook (``_repr_html_``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from symbound.read.derivation import read
from symbound.rules import LEMMAS
from symbound.rules import Lemma as LibraryLemma
from symbound.values import ChainVerdict, LinkVerdict
from symbound.values import Report as Verdicts
from symbound.values import Witness as Values
from symbound.passes.verdicts import verdicts


def _notation(obj: Any) -> Any:
    """The printer of the file ``obj`` came from (set by ``verify``), or the canonical one."""
    from symbound.render.mathtext import PLAIN

    return getattr(obj, "_notation", None) or PLAIN


class Witness(Values):
    """A counterexample that displays itself in a notebook: its values typeset, matrices as matrices."""

    def _repr_html_(self) -> str:
        from symbound.render.notebook import witness_html

        return witness_html(self, _notation(self))


class Link(LinkVerdict):
    """A link's verdict that displays itself in a notebook: claim, verdict, reasons, counterexample."""

    def _repr_html_(self) -> str:
        from symbound.render.notebook import link_html

        return link_html(self, _notation(self))


class Chain(ChainVerdict):
    """A chain's verdict that displays itself in a notebook: its claim and verdict, then each link."""

    def _repr_html_(self) -> str:
        from symbound.render.notebook import chain_html

        return chain_html(self, _notation(self))


class Lemma(LibraryLemma):
    """A library lemma that displays itself in a notebook: statement typeset, hypotheses, reference."""

    def _repr_html_(self) -> str:
        from symbound.render.notebook import lemma_html

        return lemma_html(self)


class Catalogue:
    """The lemma library (``symbound.lemmas()``): iterate it, index it by name, display it in a notebook."""

    def __init__(self) -> None:
        self._lemmas = {l.name: Lemma(**{f.name: getattr(l, f.name) for f in dataclasses.fields(l)}) for l in LEMMAS}

    def __iter__(self) -> Any:
        return iter(self._lemmas.values())

    def __len__(self) -> int:
        return len(self._lemmas)

    def __getitem__(self, name: str) -> Lemma:
        return self._lemmas[name]

    def _repr_html_(self) -> str:
        from symbound.render.catalogue import grouped
        from symbound.render.notebook import catalogue_html

        return catalogue_html([(title, [self._lemmas[l.name] for l in lemmas]) for title, lemmas in grouped()])


def lemmas() -> Catalogue:
    """The lemma library symbound proves with (``symbound lemmas`` prints the same)."""
    return Catalogue()


def _displayed(value: Any, cls: type, notation: Any, **changes: Any) -> Any:
    """``value`` as an instance of its displaying subclass ``cls``, knowing the file's notation."""
    out = cls(**{f.name: getattr(value, f.name) for f in dataclasses.fields(value)} | changes)
    object.__setattr__(out, "_notation", notation)  # not a field: equality and hashing are the value's
    return out


class Report(Verdicts):
    """The report with its displays: ``str`` a short summary, and the notebook's HTML and LaTeX."""

    def __str__(self) -> str:
        """A short summary: the counts, then every step that is not proved, one a line."""
        from symbound.render.text import summary

        return summary(self)

    def _repr_html_(self) -> str:
        """Jupyter: the verdicts as an HTML table (expressions as the file wrote them), then each
        counterexample with its values typeset."""
        from symbound.render.notebook import report_html

        return report_html(self)

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
    from symbound.render.mathtext import Notation

    notation = Notation(report.derivation)

    def witness(w: Any) -> Any:
        return _displayed(w, Witness, notation) if w is not None else None

    chains = [_displayed(ch, Chain, notation, links=[_displayed(link, Link, notation, witness=witness(link.witness)) for link in ch.links])
              for ch in report.chains]
    conclusion = report.conclusion and dataclasses.replace(report.conclusion, witness=witness(report.conclusion.witness))
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)} | {"chains": chains, "conclusion": conclusion}
    return Report(**fields)
