"""Terms printed in the language of derivation files (``norm(W.T @ diag(sigma'(x[k])))``), for the sentences
the checker itself builds (reasons, findings): never an object tree (``Norm(MatMul(...))``) or a Python class
name.  The mathematics of a report is printed by symbound.render; this is the plain fallback."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from .objects import evaluated, MatProd, Norm, SeqElem
from .ops import of


class _Printer(StrPrinter):
    def _print(self, expr: Any, **kwargs: Any) -> str:
        """An operator the registry declares and this printer has no form for: its first parse name,
        applied to its arguments (rho(W), diag(v), max(a, b))."""
        op = of(expr)
        if op is not None and op.names and not hasattr(self, f"_print_{type(expr).__name__}"):
            return f"{op.names[0]}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print(expr, **kwargs)

    def _print_SeqElem(self, e: SeqElem) -> str:
        return f"{e.name}[{self._print(e.index)}]"

    def _print_Norm(self, e: Norm) -> str:
        kind = e.args[1].name if len(e.args) > 1 else "2"
        return f"norm({self._print(e.args[0])})" if kind == "2" else f"norm({self._print(e.args[0])}, {kind})"

    def _apply(self, e: Any) -> str:
        return f"{e.fname}{chr(39) * int(e.args[1])}({self._print(e.args[2])})"

    _print_Elementwise = _apply
    _print_ScalarApply = _apply

    def _print_MatProd(self, e: MatProd) -> str:
        i, a, b = e.limits
        return f"prod({self._print(e.body)}, {i}, {self._print(a)}, {self._print(b)})"

    def _print_MatMul(self, e: sp.MatMul) -> str:
        scalars = [a for a in e.args if not isinstance(a, sp.MatrixExpr)]
        matrices = [self.parenthesize(a, 60) if isinstance(a, sp.MatAdd) else self._print(a) for a in e.args if isinstance(a, sp.MatrixExpr)]
        head = "*".join(self.parenthesize(s, 50) for s in scalars)
        return (head + "*" if head else "") + " @ ".join(matrices)

    def _print_Product(self, e: sp.Product) -> str:
        i, a, b = e.args[1]
        return f"prod({self._print(e.args[0])}, {i}, {self._print(a)}, {self._print(b)})"

    def _print_Identity(self, e: Any) -> str:
        return "I"

    def _print_Str(self, e: Any) -> str:
        return e.name


_PRINTER = _Printer()


def written(e: Any) -> str:
    """The term as a derivation file would write it."""
    if isinstance(e, str):
        return e
    try:
        return _PRINTER.doprint(evaluated(e))
    except (TypeError, AttributeError, ValueError, IndexError):
        return "the term"
