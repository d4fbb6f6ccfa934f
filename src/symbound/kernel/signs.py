"""The kernel's equalities that need signs (node kind ``signs``), each checked by its rule in the closed table RULES:

* ``pow_left_injective``: a = b from aⁿ = bⁿ for a positive integer n, with 0 ≤ a and 0 ≤ b proved when n is even
  (x ↦ xⁿ is injective on [0, ∞), and on ℝ for odd n): ‖x‖ = s from ‖x‖² = s² and s ≥ 0;
* ``eq_of_signs``: a = b by exact arithmetic (after the node's checked rewrites) where each part proves 0 < t or
  0 ≤ t for a subterm t: b − a is decided
  zero with t (and −t) an atom of that sign, and max/min of two terms whose difference is such a t resolved
  (symbound.kernel.arith.decide): |c − 1| = 1 − c from c < 1, √((1 − β)g²) = √(1 − β)|g|, max(a, b) = b from a ≤ b.

and the inequalities through a square root, by squaring (Mathlib's ``Real.sqrt_le_left``, ``Real.le_sqrt``):

* ``sqrt_le_left``: √x ≤ y from x ≤ y², 0 ≤ y and 0 ≤ x (√x ≤ √(y²) = |y| = y; strict from x < y², √ being
  strictly increasing on [0, ∞); x's sign shown here, as the node may stand inside a certificate):
  √(Z − a²) ≤ √Z − a²/(2√Z);
* ``le_sqrt``: y ≤ √x from y² ≤ x, whatever y's sign (then x ≥ 0, and y ≤ |y| = √(y²) ≤ √x; strict from y² < x).

Both sides are scalars; the goal's own side conditions (a division, a root: x ≥ 0) are checked by the kernel as for
any goal.
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


def _sqrt(e: Any) -> bool:
    return isinstance(e, sp.Pow) and e.args[1] == sp.Rational(1, 2) and _scalars(e.args[0])


def sqrt_le_left(k: Any, node: Any) -> None:
    a, b = evaluated(node.lhs), evaluated(node.rhs)
    if not (_sqrt(a) and _scalars(b)) or len(node.children) != 3:
        raise Rejected("sqrt_le_left: not √x ≤ y from x ≤ y², 0 ≤ y and 0 ≤ x")
    square, sign, domain = node.children
    if not (k.shows(square, a.args[0], node.rel, evaluated(b**2)) and k.shows(sign, sp.Integer(0), "<=", b)
            and k.shows(domain, sp.Integer(0), "<=", a.args[0])):
        raise Rejected("sqrt_le_left: x ≤ y² (x < y² when strict), 0 ≤ y and 0 ≤ x are not all shown")


def le_sqrt(k: Any, node: Any) -> None:
    a, b = evaluated(node.lhs), evaluated(node.rhs)
    if not (_sqrt(b) and _scalars(a)) or len(node.children) != 1:
        raise Rejected("le_sqrt: not y ≤ √x from y² ≤ x")
    if not k.shows(node.children[0], evaluated(a**2), node.rel, b.args[0]):
        raise Rejected("le_sqrt: y² ≤ x (y² < x when strict) is not shown")


RULES = {f.__name__: f for f in (pow_left_injective, eq_of_signs, sqrt_le_left, le_sqrt)}
BY_SQUARING = ("sqrt_le_left", "le_sqrt")  # the inequalities; the other rules prove equalities


def check(k: Any, node: Any) -> None:
    """A node of kind ``signs``: an equality (an inequality for the rules by squaring), its children checked, then
    its rule's own check."""
    rule = RULES.get(node.rule)
    if rule is None or (node.rel != "=") == (node.rule not in BY_SQUARING) or node.rel not in ("=", "<", "<="):
        raise Rejected(f"unknown equality or inequality by signs {node.rule}")
    for c in node.children:
        k.check(c)
    rule(k, node)
