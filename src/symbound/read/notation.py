"""The hook read/syntax.py calls on every expression (``Scope.notation``): LaTeX between dollar signs and
mathematics copied from a PDF go to the LaTeX reader (read/latex.py), imported only then (its parser
generator costs start-up time); any other text goes to the file syntax as it is."""

from __future__ import annotations

from typing import Any, Callable

from symbound.read import unicode
from symbound.read.texmacros import Notation


def notation_reader(notation: Notation) -> Callable[[str, dict[str, Any]], tuple[str, list[int]] | None]:
    """The hook read/syntax.py calls on every expression (``Scope.notation``): LaTeX and copied PDF
    mathematics go to read/latex.py (imported only then: the parser generator costs startup time)."""

    def spelled(text: str, names: dict[str, Any]) -> tuple[str, list[int]] | None:
        stripped = text.strip()
        if not (stripped.startswith("$") or stripped.endswith("$") or unicode.is_paper_text(text)):
            return None
        from symbound.read.latex import read_formula

        return read_formula(text, names, notation)

    return spelled
