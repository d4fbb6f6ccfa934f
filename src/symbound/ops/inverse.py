"""A⁻¹: sympy's ``Inverse`` of a square matrix, written ``inv(A)`` or ``A ** -1`` (the syntax).

It is partial: ``symbound.ops.domains`` declares when it is defined (0 < σ_min(A), or ‖A − I‖₂ < 1), and its
evaluation refuses a singular matrix (exactly: det A = 0; in floating point: a condition number above
``CONDITION_LIMIT``), so that no value, and so no counterexample, rests on the inverse of a singular matrix."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symbound.ops.base import shape_text
from symbound.ops.registry import Op, register

CONDITION_LIMIT = 1e6  # floating point: a matrix worse conditioned than this has no inverse the evaluator trusts


class Singular(ValueError):
    """The inverse of a matrix that has none (a ValueError: the evaluator's callers treat it as undefined)."""


def inverse(tr: Any, node: ast.AST, A: Any) -> sp.Inverse:
    """A⁻¹ of a parsed matrix, which must be square."""
    if A.shape[0] != A.shape[1]:
        raise tr.err(node, f"only a square matrix has an inverse; this one is {shape_text(A)}", "invert a square matrix (for a tall W with WᵀW = I, Wᵀ is a left inverse)")
    if isinstance(sp.MatAdd(A).doit(), sp.ZeroMatrix):  # (sympy's own Inverse raises on the zero matrix)
        raise tr.err(node, "the zero matrix has no inverse", "invert a matrix that is not 0")
    return sp.Inverse(A)


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Inverse:
    return inverse(tr, node, tr.matrix(args[0]))


def evaluate(e: sp.Inverse, ev: Any, be: Any) -> Any:
    """A⁻¹ at a value of A; ``Singular`` when A has no inverse."""
    A = ev(e.args[0])
    if be.exact:
        if A.det() == 0:
            raise Singular(f"{e.args[0]} is singular: it has no inverse")
        return A.inv()
    import numpy as np

    A = be.matrix(A)
    if not np.all(np.isfinite(A)) or np.linalg.cond(A) > CONDITION_LIMIT:
        raise Singular(f"{e.args[0]} is singular or nearly so: no inverse is trusted")
    return np.linalg.inv(A)


def text(e: sp.Inverse, printer: Any) -> str:
    """A⁻¹; a sum, product, power or transpose is bracketed: (W + V)⁻¹, (Aᵀ)⁻¹."""
    A = e.args[0]
    return f"({printer._print(A)})⁻¹" if isinstance(A, sp.Transpose) else f"{printer._operand(A, PRECEDENCE['Pow'], True)}⁻¹"


OP = register(Op(
    "the matrix inverse", (sp.Inverse,), ("inv",), parse,
    text=text, evaluate=evaluate, sign="matrix",
    numpy=lambda e, code: f"np.linalg.inv({code(e.args[0])})",
    written=lambda e, p: f"inv({p._print(e.args[0])})",  # its first argument only: sympy's Inverse also holds −1
    example="inv(W @ W.T + I) @ v",
))
