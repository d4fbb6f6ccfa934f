"""x_k: the element at a time index of a declared sequence of vectors or matrices (a leaf: evaluated
from the values given for it)."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import as_str, name_latex, whole
from symbound.ops.registry import Op, register


class SeqElem(MatrixExpr):
    """x_k: the element at time index k of a sequence of vectors or matrices."""

    def __new__(cls, name: Any, index: sp.Expr, rows: sp.Expr, cols: sp.Expr) -> "SeqElem":
        return MatrixExpr.__new__(cls, as_str(name), sp.sympify(index), sp.sympify(rows), sp.sympify(cols))

    @property
    def name(self) -> str:
        return self.args[0].name

    @property
    def index(self) -> sp.Expr:
        return self.args[1]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return (self.args[2], self.args[3])

    @property
    def free_symbols(self) -> set:
        return self.index.free_symbols | self.args[2].free_symbols | self.args[3].free_symbols

    def _unicode(self, printer: Any) -> str:
        return f"{self.name}[{printer._print(self.index)}]"

    def _latex(self, printer: Any) -> str:
        head = name_latex(printer, self.name)
        if "\\frac" in head:  # a fraction-shaped name (∂E/∂x): parenthesise it before the subscript
            head = r"\left(%s\right)" % head
        return r"%s_{%s}" % (head, printer._print(self.index))

    def _entry(self, i: Any, j: Any, **kw: Any) -> Any:
        return sp.Indexed(self.name, self.index, i, j)


def _no_value(e: SeqElem, ev: Any, be: Any) -> Any:
    """An element whose shape is a per-layer width not yet put in (W[L + 1 − l] inside a product, at l = 2): the
    value of the element at its shape's whole numbers."""
    at = SeqElem(e.name, e.index, *(whole(ev(d), e) for d in e.shape))
    if at != e and at in be.env:
        return be.env[at]
    raise KeyError(f"no value for {e}")


OP = register(Op(
    "a sequence's element", (SeqElem,), text=SeqElem._unicode, evaluate=_no_value, sign="matrix", example="x[k - 1]",
    mathml=lambda e, m: m.sub(m._print(sp.Symbol(e.name)), m._print(e.index)), numpy=lambda e, code: f"{code.var(e.name)}[{code(e.index)}]",
    written=lambda e, p: f"{e.name}[{p._print(e.index)}]",
    relevant=False,  # a name, not an operation: sharing it makes no lemma relevant
))
