"""Plain-text (Unicode) rendering of expressions, in the paper's notation."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from ..objects import flattened
from ..objects import Diag, Elementwise, Jacobian, MatProd, MaxAbs, Norm, ScalarApply, SeqElem, SigmaMax, SigmaMin, SpectralRadius

_SUB = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
NORM_SUB = {"1": "₁", "2": "₂", "inf": "∞", "fro": "F"}
REL = {"<=": "≤", "<": "<", "=": "=", ">=": "≥", ">": ">", "->0": "→ 0"}


class TextPrinter(StrPrinter):
    """sympy's StrPrinter with symbound's operators written as in papers: ‖A‖₂, ρ(A), σ_max(A), xₖ."""

    def _print_Transpose(self, e: Any) -> str:
        inner = self._print(e.args[0])
        return f"({inner})ᵀ" if isinstance(e.args[0], (sp.MatMul, sp.MatAdd)) else f"{inner}ᵀ"

    def _print_Norm(self, e: Norm) -> str:
        return f"‖{self._print(e.matrix)}‖{NORM_SUB.get(e.kind, '_' + e.kind.lstrip('?'))}"

    def _print_SpectralRadius(self, e: SpectralRadius) -> str:
        return f"ρ({self._print(e.matrix)})"

    def _print_SigmaMax(self, e: SigmaMax) -> str:
        return f"σ_max({self._print(e.matrix)})"

    def _print_SigmaMin(self, e: SigmaMin) -> str:
        return f"σ_min({self._print(e.matrix)})"

    def _print_MaxAbs(self, e: MaxAbs) -> str:
        return f"maxᵢ|({self._print(e.matrix)})ᵢ|"

    def _print_SeqElem(self, e: SeqElem) -> str:
        index = self._print(e.index)
        return f"{e.name}[{index}]"

    def _print_Elementwise(self, e: Elementwise) -> str:
        return f"{name(e.fname.lstrip('?'))}{chr(39) * e.order}({self._print(e.args[2])})"

    _print_ScalarApply = _print_Elementwise

    def _print_Diag(self, e: Diag) -> str:
        return f"diag({self._print(e.args[0])})"

    def _print_Jacobian(self, e: Jacobian) -> str:
        return f"∂{self._print(e.args[0])}/∂{self._print(e.args[1])}"

    def _print_MatProd(self, e: MatProd) -> str:
        i, a, b = e.limits
        return f"∏_{{{i}={self._print(a)}..{self._print(b)}}} {self._print(e.body)}"

    def _print_Product(self, e: sp.Product) -> str:
        i, a, b = e.args[1]
        body = self._print(e.args[0])
        return f"∏_{{{i}={self._print(a)}..{self._print(b)}}} {body}"

    def _print_MatMul(self, e: Any) -> str:
        args = list(e.args)
        sign = ""
        if args and args[0].is_Number and args[0] < 0:
            sign = "-"
            args[0] = -args[0]
            if args[0] == 1:
                args = args[1:]
        return sign + " ".join(self.parenthesize(a, 50) if isinstance(a, sp.MatAdd) else self._print(a) for a in args)

    def _print_Abs(self, e: Any) -> str:
        return f"|{self._print(e.args[0])}|"

    def _print_Dummy(self, e: Any) -> str:
        return e.name

    def _print_Symbol(self, e: Any) -> str:
        return name(e.name.lstrip("?"))

    def _print_MatrixSymbol(self, e: Any) -> str:
        return e.name.lstrip("?")


GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η", "theta": "θ",
    "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Lambda": "Λ", "Gamma": "Γ",
}


def name(n: str) -> str:
    """A scalar's name with Greek letters and digit subscripts: lambda_1 → λ₁."""
    head, _, tail = n.partition("_")
    head = GREEK.get(head, head)
    if tail.isdigit():
        return head + tail.translate(_SUB)
    return head + ("_" + tail if tail else "")


_PRINTER = TextPrinter()


def text(e: Any) -> str:
    """An expression in Unicode math notation."""
    if isinstance(e, str):
        return e
    return _PRINTER.doprint(flattened(e))


def relation(lhs: Any, rel: str, rhs: Any) -> str:
    return f"{text(lhs)} {REL.get(rel, rel)} {text(rhs)}"
