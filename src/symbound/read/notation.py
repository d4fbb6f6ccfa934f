"""The hook read/syntax.py calls on every expression (``Scope.notation``): LaTeX between dollar signs and
mathematics copied from a PDF go to the LaTeX reader (read/latex.py), imported only then (its parser
generator costs start-up time); any other text goes to the file syntax as it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symbound.read import unicode
from symbound.read.texmacros import Notation


@dataclass(frozen=True)
class NotationReader:
    """The hook for one file's notation (a value, not a closure: a report holding it crosses processes)."""

    notation: Notation

    def __call__(self, text: str, names: dict[str, Any]) -> tuple[str, list[int]] | None:
        stripped = text.strip()
        if not (stripped.startswith("$") or stripped.endswith("$") or unicode.is_paper_text(text)):
            return None
        from symbound.read.latex import read_formula

        return read_formula(text, names, self.notation)


def notation_reader(notation: Notation) -> NotationReader:
    """The hook read/syntax.py calls on every expression (``Scope.notation``)."""
    return NotationReader(notation)
