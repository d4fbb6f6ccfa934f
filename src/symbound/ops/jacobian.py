"""∂y/∂x: the Jacobian of the model's recurrence, derived by the model (never typed in by hand)."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import ExprError
from symbound.ops.registry import Op, register


class Jacobian(MatrixExpr):
    """∂y/∂x of the model, with the matrix sympy derived for it (third argument)."""

    def __new__(cls, of: MatrixExpr, wrt: MatrixExpr, derived: MatrixExpr) -> "Jacobian":
        return MatrixExpr.__new__(cls, of, wrt, derived)

    @property
    def derived(self) -> MatrixExpr:
        return self.args[2]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.derived.shape

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _unicode(self, printer: Any) -> str:
        return f"∂{printer._print(self.args[0])}/∂{printer._print(self.args[1])}"

    def _latex(self, printer: Any) -> str:
        return r"\frac{\partial %s}{\partial %s}" % (printer._print(self.args[0]), printer._print(self.args[1]))


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
    """jacobian(x[k+1], x[k]): the scope's model derives it."""
    of, wrt = tr.matrix(args[0]), tr.matrix(args[1])
    if tr.scope.jacobian is None:
        raise tr.err(node, "jacobian(...) needs a model", "add a `model:` section with the recurrence")
    if tr.written:  # the twin shares the checked Jacobian (derived once)
        of, wrt = tr.canonical(of), tr.canonical(wrt)
    try:
        return tr.scope.jacobian(of, wrt)
    except ExprError as exc:
        raise tr.err(node, exc.what, exc.instead) from None


OP = register(Op(
    "the Jacobian", (Jacobian,), ("jacobian",), parse, arity=(2, 2), latex_names=(r"\partial",),
    text=Jacobian._unicode, evaluate=lambda e, ev, be: ev(e.derived), sign="matrix",
    mathml=lambda e, m: m.frac(m.row(m.mo("∂"), m._print(e.args[0])), m.row(m.mo("∂"), m._print(e.args[1]))),
    numpy=lambda e, code: code(e.args[2]),  # the derived Jacobian
    example="jacobian(x[k], x[k - 1])",
))
