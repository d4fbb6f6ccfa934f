"""Terms printed in the language of derivation files (``norm(W.T @ diag(sigma'(x[k])))``), for the sentences
the checker itself builds (reasons, findings): never an object tree (``Norm(MatMul(...))``) or a Python class
name.  The mathematics of a report is printed by symbound.render; this is the plain fallback."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from symbound.ops.objects import evaluated
from symbound.ops import of


class _Printer(StrPrinter):
    def _print(self, expr: Any, **kwargs: Any) -> str:
        """An operator's declared form (``Op.written``); one without, that this printer has no form for:
        its first parse name, applied to its arguments (rho(W), diag(v), max(a, b))."""
        op = of(expr)
        if op is not None and op.written is not None:
            return op.written(expr, self)
        if op is not None and op.names and not hasattr(self, f"_print_{type(expr).__name__}"):
            return f"{op.names[0]}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print(expr, **kwargs)

    def _print_MatMul(self, e: sp.MatMul) -> str:
        scalars = [a for a in e.args if not isinstance(a, sp.MatrixExpr)]
        matrices = [self.parenthesize(a, 60) if isinstance(a, sp.MatAdd) else self._print(a) for a in e.args if isinstance(a, sp.MatrixExpr)]
        if scalars == [sp.Integer(-1)]:
            return "-" + " @ ".join(matrices)
        head = "*".join(self.parenthesize(s, 50) for s in scalars)
        return (head + "*" if head else "") + " @ ".join(matrices)

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
