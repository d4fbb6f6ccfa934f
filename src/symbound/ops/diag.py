"""diag(v): the square diagonal matrix with the entries of the vector v."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import script_call, shape_text
from symbound.ops.registry import Op, register


class Diag(MatrixExpr):
    """diag(v): the square diagonal matrix with the entries of the vector v."""

    def __new__(cls, v: MatrixExpr) -> "Diag":
        return MatrixExpr.__new__(cls, v)

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        n = self.args[0].shape[0]
        return (n, n)

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols

    def _unicode(self, printer: Any) -> str:
        return f"diag({printer._print(self.args[0])})"

    def _latex(self, printer: Any) -> str:
        return r"\operatorname{diag}\left(%s\right)" % printer._print(self.args[0])


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
    v = tr.matrix(args[0])
    if v.shape[1] != 1:
        raise tr.err(node, f"diag takes a vector (n×1), got {shape_text(v)}", "pass a column vector")
    return Diag(v)


OP = register(Op(
    "the diagonal matrix", (Diag,), ("diag",), parse,
    text=Diag._unicode, evaluate=lambda e, ev, be: be.diag(ev(e.args[0])), sign="matrix",
    mathml=lambda e, m: m.apply(m.mi("diag"), e.args[0]), numpy=script_call("diag"),
    example="diag(v) @ W", latex_names=(r"\operatorname{diag}",),
))
