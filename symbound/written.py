"""Terms printed in the language of derivation files (``norm(W.T @ diag(sigma'(x[k])))``), for the sentences
the checker itself builds (reasons, findings): never an object tree (``Norm(MatMul(...))``) or a Python class
name.  The mathematics of a report is printed by symbound.render; this is the plain fallback."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from .objects import evaluated, Diag, Elementwise, Hadamard, Jacobian, MatProd, MaxAbs, Norm, ScalarApply, SeqElem, SigmaMax, SigmaMin, SpectralRadius


class _Printer(StrPrinter):
    def _print_SeqElem(self, e: SeqElem) -> str:
        return f"{e.name}[{self._print(e.index)}]"

    def _print_Norm(self, e: Norm) -> str:
        kind = e.args[1].name if len(e.args) > 1 else "2"
        return f"norm({self._print(e.args[0])})" if kind == "2" else f"norm({self._print(e.args[0])}, {kind})"

    def _apply(self, e: Any) -> str:
        return f"{e.fname}{chr(39) * int(e.args[1])}({self._print(e.args[2])})"

    _print_Elementwise = _apply
    _print_ScalarApply = _apply

    def _print_Diag(self, e: Diag) -> str:
        return f"diag({self._print(e.args[0])})"

    def _print_Hadamard(self, e: Hadamard) -> str:
        return f"hadamard({', '.join(self._print(a) for a in e.args)})"

    def _print_Jacobian(self, e: Jacobian) -> str:
        return f"jacobian({self._print(e.args[0])}, {self._print(e.args[1])})"

    def _print_MatProd(self, e: MatProd) -> str:
        i, a, b = e.limits
        return f"prod({self._print(e.body)}, {i}, {self._print(a)}, {self._print(b)})"

    def _print_SpectralRadius(self, e: SpectralRadius) -> str:
        return f"rho({self._print(e.args[0])})"

    def _print_SigmaMax(self, e: SigmaMax) -> str:
        return f"sigma_max({self._print(e.args[0])})"

    def _print_SigmaMin(self, e: SigmaMin) -> str:
        return f"sigma_min({self._print(e.args[0])})"

    def _print_MaxAbs(self, e: MaxAbs) -> str:
        return f"max_abs({self._print(e.args[0])})"

    def _print_MatMul(self, e: sp.MatMul) -> str:
        scalars = [a for a in e.args if not isinstance(a, sp.MatrixExpr)]
        matrices = [self.parenthesize(a, 60) if isinstance(a, sp.MatAdd) else self._print(a) for a in e.args if isinstance(a, sp.MatrixExpr)]
        head = "*".join(self.parenthesize(s, 50) for s in scalars)
        return (head + "*" if head else "") + " @ ".join(matrices)

    def _print_Product(self, e: sp.Product) -> str:
        i, a, b = e.args[1]
        return f"prod({self._print(e.args[0])}, {i}, {self._print(a)}, {self._print(b)})"

    def _print_Abs(self, e: sp.Abs) -> str:
        return f"abs({self._print(e.args[0])})"

    def _print_Max(self, e: sp.Max) -> str:
        return f"max({', '.join(self._print(a) for a in e.args)})"

    def _print_Min(self, e: sp.Min) -> str:
        return f"min({', '.join(self._print(a) for a in e.args)})"

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
