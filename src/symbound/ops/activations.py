"""Activations: f^{(d)} applied entrywise to a vector or matrix (``Elementwise``) or to a scalar
(``ScalarApply``), for a file's declared activation σ (abstract, or one of ``KNOWN``) and its derivatives.

A call σ(x), σ'(x) is parsed by the syntax for the names the file declares with ``kind: activation``;
the known functions' formulas (``KNOWN``) are what the model differentiates and the kernel unfolds.
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import as_str, name_latex
from symbound.ops.greek import unicode_name
from symbound.ops.registry import Op, register

# the concrete activations, as scalar sympy functions (each nondecreasing)
KNOWN: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "tanh": sp.tanh,
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "relu": lambda z: sp.Max(0, z),
    "identity": lambda z: z,
}


class _Applied:
    """What both forms share: the activation's name and derivative order, the argument's symbols, the forms."""

    args: tuple

    @property
    def fname(self) -> str:
        return self.args[0].name

    @property
    def order(self) -> int:
        return int(self.args[1])

    @property
    def free_symbols(self) -> set:
        return self.args[2].free_symbols

    def _unicode(self, printer: Any) -> str:
        return f"{unicode_name(self.fname.lstrip('?'))}{chr(39) * self.order}({printer._print(self.args[2])})"

    def _latex(self, printer: Any) -> str:
        return r"%s%s\left(%s\right)" % (name_latex(printer, self.fname), "'" * self.order, printer._print(self.args[2]))


class Elementwise(_Applied, MatrixExpr):
    """f^{(d)}(X): an activation (or its d-th derivative) applied entrywise to a matrix or vector."""

    def __new__(cls, fname: Any, order: Any, X: MatrixExpr) -> "Elementwise":
        return MatrixExpr.__new__(cls, as_str(fname), sp.Integer(order), X)

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        try:
            return self._shape
        except AttributeError:
            self._shape = self.args[2].shape  # nested activations would recompute shapes recursively
            return self._shape


class ScalarApply(_Applied, sp.Expr):
    """f^{(d)}(z) for a scalar z: an activation or its derivative at a point."""

    is_commutative = True

    def __new__(cls, fname: Any, order: Any, z: sp.Expr) -> "ScalarApply":
        return sp.Expr.__new__(cls, as_str(fname), sp.Integer(order), sp.sympify(z))

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True


def applied(fname: str, order: int, arg: Any) -> Any:
    """f^{(order)}(arg): entrywise on a matrix or vector, pointwise on a scalar."""
    return Elementwise(fname, order, arg) if isinstance(arg, MatrixExpr) else ScalarApply(fname, order, arg)


def mathml(e: Any, m: Any) -> Any:
    """f′(x) in MathML (the printer's helpers: render/html.py)."""
    head = m._print(sp.Symbol(e.fname.lstrip("?")))
    return m.apply(m.row(head, m.mo("′" * e.order)) if e.order else head, e.args[2])


def numpy(e: Any, code: Any) -> str:
    return f"{code.activation(e.fname, e.order)}({code(e.args[2])})"


def written(e: Any, p: Any) -> str:
    return f"{e.fname}{chr(39) * int(e.args[1])}({p._print(e.args[2])})"


ENTRYWISE = register(Op(
    "an activation, entrywise", (Elementwise,), text=Elementwise._unicode, sign="matrix", mathml=mathml, numpy=numpy, written=written,
    evaluate=lambda e, ev, be: be.entrywise(be.function(e.fname, e.order), ev(e.args[2])),
    example="sigma(W @ v)",
))
POINTWISE = register(Op(
    "an activation at a point", (ScalarApply,), text=ScalarApply._unicode, sign="real", opaque=True, mathml=mathml, numpy=numpy, written=written,
    evaluate=lambda e, ev, be: be.function(e.fname, e.order)(ev(e.args[2])),
    example="sigma'(a * b)",
))
