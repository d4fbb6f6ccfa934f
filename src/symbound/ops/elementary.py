"""The scalar functions sympy already knows: |a|, max(a, …), min(a, …) and √a.

sympy's classes carry their own sign facts and LaTeX; this module declares their parse names, their
terminal form and their evaluation.  ``sqrt(a)`` only spells the power a ** (1/2), evaluated as a power.
"""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops import maxima
from symbound.ops.norm import Norm
from symbound.ops.registry import Op, increasing, register


def parse_abs(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    value = tr.sized(args[0])
    if isinstance(value, MatrixExpr) and value.shape == (1, 1):
        return Norm(value, "2")  # a 1×1 matrix (a one-unit state): |a| is its norm, the same in every norm
    return sp.Abs(tr.scalar(args[0]), evaluate=False)


def parse_sqrt(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    return sp.Pow(tr.scalar(args[0]), sp.Rational(1, 2), evaluate=False)


def parse_max(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    """max(a, b, …) of 2 to 8 scalars, or max(body, (i, a, b)) over a range (``symbound.ops.maxima``)."""
    if maxima.is_ranged(tr, args):
        return maxima.parse(tr, node, args)
    return sp.Max(*[tr.scalar(a) for a in args], evaluate=False)


def parse_min(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    return sp.Min(*[tr.scalar(a) for a in args], evaluate=False)


def _arguments(e: Any, printer: Any) -> str:
    return ", ".join(printer._print(a) for a in e.args)


ABS = register(Op(
    "the absolute value", (sp.Abs,), ("abs",), parse_abs,
    text=lambda e, printer: f"|{printer._print(e.args[0])}|", evaluate=lambda e, ev, be: abs(ev(e.args[0])), sign="nonnegative",
    numpy=lambda e, code: f"np.abs({code(e.args[0])})",
    example="abs(a - b)",
))
MAX = register(Op(
    "the maximum", (sp.Max,), ("max",), parse_max, arity=(2, 8),
    text=lambda e, printer: f"max({_arguments(e, printer)})", evaluate=lambda e, ev, be: be.maximum([ev(a) for a in e.args]), monotone=increasing,
    numpy=lambda e, code: f"np.maximum.reduce([{', '.join(map(code, e.args))}])",
    example="max(a, b, 1)", latex_names=(r"\max",),
))
MIN = register(Op(
    "the minimum", (sp.Min,), ("min",), parse_min, arity=(2, 8),
    text=lambda e, printer: f"min({_arguments(e, printer)})", evaluate=lambda e, ev, be: be.minimum([ev(a) for a in e.args]), monotone=increasing,
    numpy=lambda e, code: f"np.minimum.reduce([{', '.join(map(code, e.args))}])",
    example="min(a, 2 * b)", latex_names=(r"\min",),
))
SQRT = register(Op("the square root", (), ("sqrt",), parse_sqrt, sign="nonnegative", example="sqrt(abs(a))", latex_names=(r"\sqrt",)))  # a power ½
