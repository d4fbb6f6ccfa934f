"""Where sympy's own partial operations are defined: each declares its domain here, once.

symbound's operators (norms, ρ, σ_max, activations, …) are total; sympy's powers and logarithms are not.
``domain(node)`` is None for a node defined everywhere, else the alternatives that make it defined: a tuple
of alternatives, each a tuple of goals ``(lhs, rel, rhs)`` that must all hold (rel ``<``, ``<=``, or ``!=``
for "nonzero"); an empty tuple of alternatives means symbound cannot show it defined (refused).  sympy's
assumptions about the base (a positive scalar, a norm is nonnegative) settle a case on sight.

* xᵉ, e an integer: 0 ≤ e, or x ≠ 0 (division by 0 otherwise: a⁻ᵏ·aᵏ = 1 needs a ≠ 0 or k = 0);
* xᵉ, e not known to be an integer (√x, x^{1/3}, x^q): 0 ≤ x and 0 ≤ e, or 0 < x;
* Aᵉ for a square matrix A: 0 ≤ e with e an integer (a negative power is written as a power of A⁻¹);
* the inverse A⁻¹ of a square matrix: 0 < σ_min(A), or ‖A − I‖₂ < 1 (or ‖I − A‖₂ < 1: then I − (I − A) is
  invertible by the Neumann series).  A declared ``invertible`` (or orthogonal) A has 0 < σ_min(A) by the
  library (``sigma_min_pos_invertible``);
* log x: 0 < x;
* the coordinate vᵢ of an n-vector: 1 ≤ i ≤ n;
* the maximum over a range i = a..b: a ≤ b (the maximum of nothing is not a number).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops.coordinate import Coordinate
from symbound.ops.maxima import RangeMax
from symbound.ops.norm import Norm
from symbound.ops.singular_values import SigmaMin

Goal = tuple[Any, str, Any]
Domain = tuple[tuple[Goal, ...], ...]

ZERO = sp.Integer(0)


def domain(node: Any) -> Domain | None:
    """The alternatives under which ``node`` is defined (None: always defined)."""
    if isinstance(node, RangeMax):
        (_, lo, hi), = node.limits
        return None if (hi - lo).is_nonnegative else (((lo, "<=", hi),),)
    if isinstance(node, Coordinate):
        return (((sp.Integer(1), "<=", node.index), (node.index, "<=", node.length)),)
    if isinstance(node, sp.Inverse):  # before MatPow: sympy's Inverse is a power −1
        return _inverse(node.args[0])
    if isinstance(node, sp.MatPow):
        e = node.args[1]
        if e.is_integer and e.is_nonnegative:
            return None
        return (((ZERO, "<=", e),),) if e.is_integer else ()
    if isinstance(node, sp.log):
        x = node.args[0]
        return None if x.is_positive else (((ZERO, "<", x),),)
    if isinstance(node, sp.Pow) and not isinstance(node, sp.MatrixExpr):
        return _power(*node.args)
    return None


def _inverse(A: Any) -> Domain:
    one, eye = sp.Integer(1), sp.Identity(A.shape[0])
    return (((ZERO, "<", SigmaMin(A)),), ((Norm(sp.MatAdd(A, -eye), "2"), "<", one),), ((Norm(sp.MatAdd(eye, -A), "2"), "<", one),))


def _power(x: Any, e: Any) -> Domain | None:
    if x.is_positive or (e.is_integer and e.is_nonnegative) or (x.is_nonnegative and e.is_nonnegative):
        return None
    if e.is_integer:
        if x.is_nonzero:
            return None
        return (((x, "!=", ZERO),),) if e.is_negative else (((ZERO, "<=", e),), ((x, "!=", ZERO),))
    if x.is_number and x.is_negative:
        return ()  # a negative number to a power not known to be an integer
    if e.is_positive:
        return (((ZERO, "<=", x),),)
    return (((ZERO, "<=", x), (ZERO, "<=", e)), ((ZERO, "<", x),))


def defined_at(term: Any, at: dict) -> bool:
    """Whether every partial subterm of ``term`` is defined once ``at``'s numbers are put for its names: some
    alternative of its domain has every goal true of numbers there (1/z, √z, log z at z = 0 or −1 are not; a
    goal sympy cannot decide counts as not met).  A term with no value at a point says nothing there."""
    return all(d is None or any(all(_true_at(g, at) for g in alt) for alt in d)
               for d in (domain(node) for node in sp.preorder_traversal(term)))


def _true_at(goal: Goal, at: dict) -> bool:
    """A goal (``<``, ``<=``, ``!=``) of real numbers, true at the point; False when either side is not a finite real."""
    lhs, rel, rhs = (x.xreplace(at) if isinstance(x, sp.Basic) else x for x in goal)
    if not all(isinstance(x, sp.Expr) and x.is_number and x.is_finite and x.is_extended_real for x in (lhs, rhs)):
        return False
    return (sp.Ne(lhs, rhs) if rel == "!=" else sp.Rel(lhs, rhs, rel)) == sp.true
