"""eˣ: sympy's ``exp`` of a scalar, written exp(x); the constant e is the built-in name ``e`` (read by the
syntax unless a file declares a symbol e)."""

from __future__ import annotations

import ast
from typing import Any

import numpy as np
import sympy as sp

from symbound.ops.registry import Op, increasing, register

E_NAME = "e"  # the built-in constant, hidden by a declared symbol of that name


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    return sp.exp(tr.scalar(args[0]), evaluate=not tr.written)


def evaluate(e: sp.exp, ev: Any, be: Any) -> Any:
    x = ev(e.args[0])
    return sp.exp(x) if be.exact else float(np.exp(float(x)))


OP = register(Op(
    "the exponential", (sp.exp,), ("exp",), parse, evaluate=evaluate, sign="nonnegative", monotone=increasing,
    text=lambda e, printer: f"e^({printer._print(e.args[0])})" if e.args[0].args else f"e^{printer._print(e.args[0])}",
    written=lambda e, p: f"e ** ({p._print(e.args[0])})",
    numpy=lambda e, code: f"np.exp({code(e.args[0])})",
    example="exp(a - b)", latex_names=(r"\exp",),
))
CONSTANT = register(Op(
    "the constant e", (type(sp.E),), evaluate=lambda e, ev, be: be.number(e), sign="nonnegative",
    text=lambda e, printer: E_NAME, written=lambda e, p: E_NAME, mathml=lambda e, m: m.mi(E_NAME),
    numpy=lambda e, code: "np.e", example="e * a",
))
