"""Aᵀ: sympy's ``Transpose``, written ``A.T`` (parsed by the syntax) or ``transpose(A)``."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symbound.ops.registry import Op, register


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> Any:
    value = tr.visit(args[0])
    return value if tr.is_identity(value) else sp.Transpose(tr.matrix(args[0]))  # Iᵀ = I


def text(e: sp.Transpose, printer: Any) -> str:
    """Aᵀ; a product, sum, power or ∏ is bracketed: (W V)ᵀ, (W²)ᵀ."""
    return f"{printer._operand(e.args[0], PRECEDENCE['Pow'], True)}ᵀ"


OP = register(Op(
    "the transpose", (sp.Transpose,), ("transpose",), parse,
    text=text, evaluate=lambda e, ev, be: be.transpose(ev(e.args[0])), sign="matrix",
    numpy=lambda e, code: f"np.transpose({code(e.args[0])})",
    example="transpose(W @ V) @ v",
))
