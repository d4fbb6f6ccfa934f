"""The kernel rule ``norm_zero``: a matrix whose norm is at most 0 is the zero matrix (every norm is definite)."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.theorem import Rejected
from symbound.ops import Norm

KINDS = ("1", "2", "inf", "fro")


def norm_zero(kernel: Any, node: Any) -> None:
    """Accept v = 0 (the zero matrix of v's shape) from its one child, a proof of ‖v‖ ≤ 0 or ‖v‖ = 0 in any of the
    norms; raise Rejected otherwise."""
    v = node.lhs
    if node.rule != "norm_zero" or node.rel != "=" or node.rewrites or len(node.children) != 1:
        raise Rejected("norm_zero: v = 0 from one proof of ‖v‖ ≤ 0")
    if not isinstance(v, MatrixExpr) or node.rhs != sp.ZeroMatrix(*v.shape):
        raise Rejected("norm_zero: the right side must be the zero matrix of the left side's shape")
    (child,) = node.children
    norm = child.lhs
    if not (isinstance(norm, Norm) and norm.matrix == v and norm.kind in KINDS and child.rel in ("=", "<=") and child.rhs == 0):
        raise Rejected("norm_zero: its premise must be ‖v‖ ≤ 0 (or = 0) about the same v")
    kernel.check(child)
