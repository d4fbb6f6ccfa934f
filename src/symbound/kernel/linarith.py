"""The kernel's certificate rule ``linarith``: a linear combination of hypotheses (Farkas), and of equalities
with polynomial cofactors (Mathlib's ``linear_combination``: an ideal-membership certificate).

A node proves a rel b (rel one of =, <, ≤) from children proving lᵢ relᵢ rᵢ, with a rational weight λᵢ and
a multiplier tᵢ for each.  b − a − Σ λᵢ·tᵢ·(rᵢ − lᵢ) is decided = 0 (for =), ≥ 0 or > 0 by exact arithmetic.
An inequality's multiplier is 1 or shown ≥ 0 (> 0 for a strict use) by a further child, its weight ≥ 0; an
equality's multiplier is any polynomial with rational coefficients in declared scalar names, no defined name (defined
everywhere, of any sign: t·(r − l) = 0 when l = r).  An = goal takes equalities only.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel import arith
from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected


def polynomial(t: Any) -> bool:
    """Whether ``t`` is a polynomial with rational coefficients in scalar names (a term defined everywhere)."""
    if not isinstance(t, sp.Expr):
        return False
    for n in sp.preorder_traversal(t):
        if isinstance(n, sp.Pow):
            if not (n.exp.is_Integer and n.exp >= 0):
                return False
        elif not (isinstance(n, (sp.Add, sp.Mul, sp.Symbol, sp.Rational)) or n is sp.S.NegativeOne):
            return False
    return True


def check(kernel: Any, node: Proof) -> None:
    """Raises Rejected unless the node's certificate adds up (see the module docstring)."""
    eqs = kernel._equations(node.rewrites)
    weights, multipliers = node.bound.get("coefficients"), node.bound.get("multipliers")
    if weights is None or multipliers is None or len(weights) != len(multipliers):
        raise Rejected("linarith: no certificate")
    n = len(weights)
    hyps, signs = node.children[:n], list(node.children[n:])
    if len(hyps) != n:
        raise Rejected("linarith: missing hypotheses")
    total = kernel._normal(node.rhs, eqs) - kernel._normal(node.lhs, eqs)
    strict_used = False
    for w, t, h in zip(weights, multipliers, hyps):
        kernel.check(h)
        if not isinstance(w, sp.Rational) or (h.rel != "=" and w < 0):
            raise Rejected("linarith: a weight is not a nonnegative rational")
        if node.rel == "=" and h.rel != "=":
            raise Rejected("linarith: an equality from an inequality")
        positive_t = t == 1
        if h.rel == "=" and polynomial(t) and not t.free_symbols & set(kernel.definitions):
            pass  # t·(r − l) = 0 whatever the sign of t
        elif t != 1:
            sign = signs.pop(0) if signs else None
            if sign is None or not (sign.lhs == 0 and sign.rhs == t and sign.rel in ("<", "<=")):
                raise Rejected("linarith: a multiplier is not shown nonnegative")
            kernel.check(sign)
            positive_t = sign.rel == "<"
        strict_used |= h.rel == "<" and w > 0 and positive_t
        total -= w * t * (kernel._normal(h.rhs, eqs) - kernel._normal(h.lhs, eqs))
    if signs:
        raise Rejected("linarith: unused parts")
    want = "zero" if node.rel == "=" else "positive" if node.rel == "<" and not strict_used else "nonnegative"
    if not arith.decide(total, want):
        raise Rejected("linarith: the certificate does not add up")
