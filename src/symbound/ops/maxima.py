"""max_{i=a}^{b} f(i): the largest of finitely many scalars, written max(body, (i, a, b)) (or max(body, i, a, b)
with i a new name), like sum and prod.  It is partial: ``symbound.ops.domains`` asks a ≤ b (the maximum of
nothing is not a number), and its evaluation refuses an empty range."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.concrete.expr_with_intlimits import ExprWithIntLimits
from sympy.printing.precedence import PRECEDENCE

from symbound.ops.base import largest
from symbound.ops.product import BIG_OPERATOR, mathml, ranged, terms, written
from symbound.ops.registry import Op, register


class RangeMax(ExprWithIntLimits):
    """max over i = a..b of a scalar body f(i)."""

    __slots__ = ()

    def _eval_is_extended_real(self) -> bool | None:
        return self.function.is_extended_real

    def _eval_is_finite(self) -> bool | None:
        return self.function.is_finite

    def _latex(self, printer: Any) -> str:
        i, a, b = self.limits[0]
        return r"\max_{%s=%s}^{%s} %s" % (printer._print(i), printer._print(a), printer._print(b), printer.parenthesize(self.function, PRECEDENCE["Mul"]))


def is_ranged(tr: Any, args: list[ast.expr]) -> bool:
    """max(body, (i, a, b)), or max(body, i, a, b) with i a name the file does not use: a maximum over a range."""
    if len(args) == 2 and isinstance(args[1], ast.Tuple):
        return True
    return len(args) == 4 and isinstance(args[1], ast.Name) and args[1].id not in tr.scope.names


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> RangeMax:
    body, limits = ranged(tr, node, args, "maximum")
    if not isinstance(body, sp.Expr) or getattr(body, "is_Matrix", False) or isinstance(body, sp.MatrixExpr):
        raise tr.err(node, "a maximum over a range is of scalars", "take norms or coordinates of matrices first")
    return RangeMax(body, limits)


def evaluate(x: RangeMax, ev: Any, be: Any) -> Any:
    """The largest of the values (exact near-ties decided exactly); a ValueError for an empty range."""
    values = terms(x, ev)
    if not values:
        raise ValueError("the maximum over an empty range has no value")
    return largest(values) if be.exact else max(float(v) for v in values)


def text(e: RangeMax, printer: Any) -> str:
    i, a, b = e.limits[0]
    return f"max_{{{printer._print(i)}={printer._print(a)}}}^{{{printer._print(b)}}} {printer._operand(e.function, PRECEDENCE['Mul'])}"


def numpy(e: RangeMax, code: Any) -> str:
    i, a, b = e.limits[0]
    return f"max({code(e.function)} for {code.var(i.name)} in range(int({code(a)}), int({code(b)}) + 1))"


OP = register(Op(
    "the maximum over a range", (RangeMax,), text=text, evaluate=evaluate, sign="real", opaque=True, precedence=BIG_OPERATOR,
    mathml=mathml("max"), numpy=numpy, written=written("max"), example="max(a * i - i ** 2, (i, 1, 3)) + b",
))
