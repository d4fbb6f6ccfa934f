"""eˣ: sympy's ``exp`` of a scalar, written and printed exp(x); the constant e is the built-in name ``e``
(read by the syntax unless a file declares a symbol e), printed apart from such a symbol."""

from __future__ import annotations

import ast
from typing import Any

import numpy as np
import sympy as sp

from symbound.ops.registry import Op, increasing, register

E_NAME = "e"  # the built-in constant, hidden by a declared symbol of that name
# printed apart from a declared symbol e: ℯ in text, ⅇ in MathML (as sympy prints eˣ), \mathrm{e} in LaTeX
# (render.mathtext), exp(1) in the file syntax (which reads back whether or not a file declares e)
EULER, EULER_MATHML = "ℯ", "ⅇ"


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    """exp(x); of a logarithm as written, since sympy's exp(c·log x) = xᶜ would drop the condition 0 < x."""
    arg = tr.scalar(args[0])
    return sp.exp(arg, evaluate=not tr.written and not arg.has(sp.log))


def evaluate(e: sp.exp, ev: Any, be: Any) -> Any:
    x = ev(e.args[0])
    return sp.exp(x) if be.exact else float(np.exp(float(x)))


OP = register(Op(
    "the exponential", (sp.exp,), ("exp",), parse, evaluate=evaluate, sign="nonnegative", monotone=increasing,
    text=lambda e, printer: f"exp({printer._print(e.args[0])})",
    written=lambda e, p: f"exp({p._print(e.args[0])})",
    numpy=lambda e, code: f"np.exp({code(e.args[0])})",
    example="exp(a - b)", latex_names=(r"\exp",),
))
CONSTANT = register(Op(
    "the constant e", (type(sp.E),), evaluate=lambda e, ev, be: be.number(e), sign="nonnegative",
    text=lambda e, printer: EULER, written=lambda e, p: "exp(1)", mathml=lambda e, m: m.mi(EULER_MATHML),
    numpy=lambda e, code: "np.e", example="e * a",
))
