"""The kernel's equalities that need signs (node kind ``signs``), each checked by its rule in the closed table RULES:

* ``pow_left_injective``: a = b from aⁿ = bⁿ for a positive integer n, with 0 ≤ a and 0 ≤ b proved when n is even
  (x ↦ xⁿ is injective on [0, ∞), and on ℝ for odd n): ‖x‖ = s from ‖x‖² = s² and s ≥ 0;
* ``eq_of_signs``: a = b by exact arithmetic (after the node's checked rewrites) where each part proves 0 < t or
  0 ≤ t for a subterm t: b − a is decided
  zero with t (and −t) an atom of that sign, and max/min of two terms whose difference is such a t resolved
  (symbound.kernel.arith.decide): |c − 1| = 1 − c from c < 1, √((1 − β)g²) = √(1 − β)|g|, max(a, b) = b from a ≤ b.

Both sides are scalars; the goal's own side conditions (a division, a root) are checked by the kernel as for any goal.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.theorem import Rejected
from symbound.ops import BINDERS
from symbound.ops.objects import evaluated
from symbound.kernel.terms import free


def _scalars(*terms: Any) -> bool:
    return all(isinstance(t, sp.Expr) and not isinstance(t, MatrixExpr) for t in terms)


def pow_left_injective(k: Any, node: Any) -> None:
    n = node.bound.get("exponent")
    a, b = node.lhs, node.rhs
    if not (isinstance(n, sp.Integer) and n >= 1) or not _scalars(a, b) or not node.children:
        raise Rejected("pow_left_injective: not a = b from aⁿ = bⁿ for a positive integer n")
    power, *signs = node.children
    if not k.shows(power, evaluated(a**n), "=", evaluated(b**n)):
        raise Rejected("pow_left_injective: the powers are not shown equal")
    if n % 2 == 1:
        if signs:
            raise Rejected("pow_left_injective: unused parts")
        return
    if len(signs) != 2 or not (k.shows(signs[0], sp.Integer(0), "<=", a) and k.shows(signs[1], sp.Integer(0), "<=", b)):
        raise Rejected("pow_left_injective: an even power needs both sides shown nonnegative")


def eq_of_signs(k: Any, node: Any) -> None:
    eqs = k._equations(node.rewrites)  # checked equalities (definitions unfolded, library rewrites), as for arithmetic
    a, b, parts = k._normal(node.lhs, eqs), k._normal(node.rhs, eqs), list(node.children)
    if not parts or not _scalars(a, b):
        raise Rejected("eq_of_signs: no sign hypothesis, or a matrix")
    if any(p.lhs != 0 or p.rel not in ("<", "<=") or not _scalars(p.rhs) for p in parts):
        raise Rejected("eq_of_signs: a part is not 0 < t or 0 ≤ t")
    signs = tuple((evaluated(p.rhs), "positive" if p.rel == "<" else "nonnegative") for p in parts)
    bound = {n.args[1][0] for n in sp.preorder_traversal(b - a) if isinstance(n, BINDERS)}
    if any(free(t) & bound for t, _ in signs):
        raise Rejected("eq_of_signs: a signed term names an index a product, sum or max binds")
    if not arith.decide(evaluated(b - a), "zero", signs):
        raise Rejected("eq_of_signs: arithmetic does not show it with those signs")


RULES = {f.__name__: f for f in (pow_left_injective, eq_of_signs)}


def check(k: Any, node: Any) -> None:
    """A node of kind ``signs``: an equality, its children checked, then its rule's own check."""
    rule = RULES.get(node.rule)
    if rule is None or node.rel != "=":
        raise Rejected(f"unknown equality by signs {node.rule}")
    for c in node.children:
        k.check(c)
    rule(k, node)
