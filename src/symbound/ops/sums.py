"""Σ_{i=a}^{b}: the sum over an index range of matrices or vectors (``MatSum``) or of scalars (sympy's
``Sum``), written sum(body, i, a, b) or sum(body, (i, a, b)).  An empty range (b < a) is the empty sum 0:
never sympy's Karr convention, which reads a reversed range as minus a sum; sympy's arithmetic holds a
scalar Σ as an opaque real atom (``symbound.kernel.arith``), so it is never evaluated by sympy."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import shape_text, whole
from symbound.ops.product import BIG_OPERATOR, Ranged, mathml, ranged, terms, text_scalar, written
from symbound.ops.registry import Op, register


class MatSum(Ranged):
    """Σ_{i=a}^{b} A_i, the sum of matrices (or vectors) of one shape."""

    symbol, latex_symbol = "Σ", r"\sum"


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> Any:
    """sum(body, i, a, b)."""
    body, limits = ranged(tr, node, args, "sum")
    if isinstance(body, MatrixExpr):
        if limits[0] in sp.Tuple(*body.shape).free_symbols:
            raise tr.err(node, f"the terms of this sum have different shapes ({shape_text(body)} at {limits[0]})", "add terms of one shape")
        return MatSum(body, limits)
    return sp.Sum(body, limits)


def evaluate(x: Any, ev: Any, be: Any) -> Any:
    """The terms added; the empty sum is the zero matrix or 0."""
    out = None
    for term in terms(x, ev):
        out = term if out is None else out + term
    if out is None:
        return be.zeros(whole(ev(x.shape[0]), x), whole(ev(x.shape[1]), x)) if isinstance(x, MatSum) else be.number(sp.Integer(0))
    return out


def numpy(e: Any, code: Any) -> str:
    """The witness script's Python sum over the range (0 when it is empty, which broadcasts as the zero matrix)."""
    i, a, b = e.args[1]
    return f"sum(({code(e.args[0])} for {code.var(i.name)} in range(int({code(a)}), int({code(b)}) + 1)), 0.0)"


MATRICES = register(Op(
    "the sum", (MatSum,), ("sum",), parse, arity=None, mathml=mathml("∑"), numpy=numpy, written=written("sum"), latex_names=(r"\sum",),
    text=MatSum._unicode, evaluate=evaluate, sign="matrix", precedence=BIG_OPERATOR, example="sum(W + i * V, i, 1, 3) @ v",
))
SCALARS = register(Op(
    "the sum of scalars", (sp.Sum,), text=text_scalar("Σ"), precedence=BIG_OPERATOR, evaluate=evaluate, sign="real", mathml=mathml("∑"), numpy=numpy,
    written=written("sum"), example="sum(a * i + b, (i, 0, 2))",
))
