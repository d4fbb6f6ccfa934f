"""log x: sympy's natural logarithm of a scalar, written log(x) (``\\log``, ``\\ln`` in LaTeX).  It is partial:
``symbound.ops.domains`` asks 0 < x before a step about it is proved, its monotonicity (increasing where
x > 0) is sympy's own head in ``registry.SYMPY_MONOTONE``, and its evaluation refuses x ≤ 0, so no value
and no counterexample rests on a logarithm that is not defined."""

from __future__ import annotations

import ast
from typing import Any

import numpy as np
import sympy as sp

from symbound.ops.registry import Op, register


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    """log(x) as written: sympy would make log(−1) the complex iπ, and a log of a product a sum."""
    return sp.log(tr.scalar(args[0]), evaluate=False)


def evaluate(e: sp.log, ev: Any, be: Any) -> Any:
    """The natural logarithm; a ValueError (no value) at x ≤ 0, and wherever 0 < x is not decided (a symbol, a
    complex number)."""
    x = ev(e.args[0])
    try:
        positive = x > 0
    except TypeError:  # x not real
        positive = False
    if positive not in (True, sp.true):
        raise ValueError(f"log is defined only for positive numbers, not at {x}")
    return sp.log(x) if be.exact else float(np.log(float(x)))


OP = register(Op(
    "the logarithm", (sp.log,), ("log",), parse, evaluate=evaluate, sign="real",
    text=lambda e, printer: f"log({printer._print(e.args[0])})",
    mathml=lambda e, m: m.apply(m.mi("log"), e.args[0]),
    numpy=lambda e, code: f"np.log({code(e.args[0])})",
    example="log(a ** 2 + 1)", latex_names=(r"\log", r"\ln"),
))
