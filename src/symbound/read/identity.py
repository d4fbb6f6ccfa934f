"""The identity ``I`` before its size is known: c·I, and the arithmetic that keeps it unsized (2*I, I - g*I,
I @ I) until a matrix beside it gives its size (``W - g*I``, ``I + A``, ``A @ I``)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops import shape_text

IDENTITY_NAME = "I"
UNSIZED = ("the size of the identity I cannot be inferred here", "write I next to a square matrix of its size, e.g. W - g*I, I + A or A @ I")


@dataclass(frozen=True)
class ScaledIdentity:
    """c·I before its size is known: the built-in ``I`` (and scalar multiples, sums, products of it),
    sized by the first matrix it is added to or multiplied with (``W - g*I``, ``I + A``, ``A @ I``)."""

    coeff: Any = sp.Integer(1)

    def sized(self, n: sp.Expr) -> MatrixExpr:
        return sp.Identity(n) if self.coeff == 1 else sp.MatMul(self.coeff, sp.Identity(n))

    def negated(self) -> "ScaledIdentity":
        return ScaledIdentity(_negated(self.coeff))


def identity_op(tr: Any, node: ast.BinOp, op: type, left: Any, right: Any) -> ScaledIdentity | None:
    """``left op right`` when it is still an identity of unknown size (2*I, I - g*I, I @ I), else None;
    ``tr`` (the translator) makes the errors."""
    li, ri = isinstance(left, ScaledIdentity), isinstance(right, ScaledIdentity)
    lm, rm = li or isinstance(left, MatrixExpr), ri or isinstance(right, MatrixExpr)
    if li and ri:
        if op in (ast.Add, ast.Sub):
            with sp.evaluate(False):
                return ScaledIdentity(sp.Add(left.coeff, right.coeff if op is ast.Add else _negated(right.coeff)))
        if op is ast.MatMult:
            return ScaledIdentity(_times(left.coeff, right.coeff))
        return None  # * / ** between two matrices: the general rules give the error
    if lm and rm:
        return None  # sized by the other matrix
    scalar = right if li else left
    if op is ast.Mult:
        return ScaledIdentity(_times(scalar, (left if li else right).coeff))
    if op is ast.Div and li:
        with sp.evaluate(False):
            return ScaledIdentity(sp.Mul(left.coeff, sp.Pow(right, -1)))
    if op is ast.Pow and li:
        if not (right.is_integer and right.is_nonnegative is not False):
            raise tr.err(node, "a matrix power needs a nonnegative integer exponent", "write I ** 2 or A ** (t - k) with integer indices")
        return left if left.coeff == 1 else ScaledIdentity(sp.Pow(left.coeff, right, evaluate=False))
    if op in (ast.Add, ast.Sub):
        raise tr.err(node, "cannot add a matrix and a scalar", "add matrices of the same shape, or scalars")
    if op is ast.MatMult:
        raise tr.err(node, "@ multiplies two matrices or a matrix and a vector", "use * to scale by a scalar")
    if op is ast.Div:
        raise tr.err(node, "cannot divide by a matrix", "multiply by the inverse: B @ inv(A)")
    raise tr.err(node, "the exponent must be a scalar", "write A ** 2 or eta ** (t - k)")


def sized_identities(tr: Any, node: ast.BinOp, op: type, left: Any, right: Any) -> tuple[Any, Any]:
    """Give an identity of unknown size the size the other (sized) matrix asks for."""
    other = right if isinstance(left, ScaledIdentity) else left
    if op is ast.MatMult:
        n = other.shape[0] if isinstance(left, ScaledIdentity) else other.shape[1]
    else:
        if other.shape[0] != other.shape[1]:
            raise tr.err(node, f"the identity I is square, the other side is {shape_text(other)}", "add I to a square matrix")
        n = other.shape[0]
    return (left.sized(n) if isinstance(left, ScaledIdentity) else left, right.sized(n) if isinstance(right, ScaledIdentity) else right)


def _negated(c: sp.Expr) -> sp.Expr:
    return -c if c.is_Number else sp.Mul(sp.Integer(-1), c, evaluate=False)


def _times(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    if a == 1 or b == 1:
        return b if a == 1 else a
    return sp.Mul(a, b, evaluate=False)
