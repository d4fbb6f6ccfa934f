"""Goals about a state the model reaches, and about vectors stated to vanish (untrusted search).

Every state x[e] at an integer index is the model's update applied to the state before it, x[e] = F(e) (the
kernel's model rule ``recurrence``), except at and before an initial value a premise states (x[0] = v: the model
holds only at whole-number indices after it, symbound.kernel.everyday.recurrence_step).  When a goal about x[e] is not proved as stated, it is tried with every such
state on both sides replaced by F(e): what the update makes of x[e] (a relu output is nonnegative, so relu(x[e]) =
x[e] through relu∘relu = relu) is then visible to the other moves.  The replacement is kernel-checked as a rewrite.

A premise or earlier chain ‖v‖ = 0 (or ≤ 0) makes v the zero matrix (the kernel rule ``norm_zero``); a goal not
proved as stated is tried with each such v replaced by 0 (U·x[k+1] = 0 when ‖x[k+1]‖ = 0).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.everyday import recurrence_step
from symbound.kernel.proofs import Proof
from symbound.ops import Norm
from symbound.ops.objects import evaluated
from symbound.search.unrolling import STRICT, _elements, _replace_state


def reached(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of ``a rel b`` with the vanishing vectors replaced by 0, or with the states replaced by the model's
    values for them, or None."""
    return through_vanishing(prover, a, rel, b) or through_model(prover, a, rel, b)


def through_vanishing(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of ``a rel b`` with each matrix v of the goal that a premise or chain ‖v‖ ≤ 0 (‖v‖ = 0) makes vanish
    replaced by the zero matrix, or None."""
    uses = []
    for fact in prover.ordered_facts():
        norm, zero = fact.original
        if (fact.variables or fact.kind not in ("premise", "chain") or fact.rel != "<=" or zero != 0
                or not isinstance(norm, Norm) or not any(side.has(norm.matrix) for side in (a, b) if isinstance(side, sp.Basic))):
            continue
        blockers = len(prover.attempt.blockers)
        vanishes = prover.le(norm, sp.Integer(0), False, 2)
        del prover.attempt.blockers[blockers:]
        if vanishes is not None:
            v = norm.matrix
            uses.append(Proof("vanishing", "norm_zero", v, "=", sp.ZeroMatrix(*v.shape), (vanishes,)))
    if not uses:
        return None
    sides = [a, b]
    for u in uses:  # never inside a Jacobian, whose variables are not values
        sides = [evaluated(_replace_state(side, u.lhs, u.rhs)) for side in sides]
    return _proved(prover, a, rel, b, sides, uses)


def through_model(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of ``a rel b`` with each state element of the goal replaced by the model's value for it, or None."""
    if prover.recurrence is None:
        return None
    state = prover.recurrence[0]
    sides, uses = [a, b], []
    for x in sorted(set(_elements(a, state.name) + _elements(b, state.name)), key=str):
        value = recurrence_step(prover.recurrence, x)
        if value is None:
            continue
        uses.append(Proof("model", "recurrence", x, "=", value))
        sides = [evaluated(_replace_state(side, x, value)) for side in sides]
    return _proved(prover, a, rel, b, sides, uses) if uses else None


def _proved(prover: Any, a: Any, rel: str, b: Any, sides: list, uses: list[Proof]) -> Proof | None:
    """``a rel b`` from a proof about the rewritten ``sides``, the ``uses`` (equalities) as its rewrites."""
    blockers = len(prover.attempt.blockers)
    inner = prover.equal(*sides) if rel == "=" else prover.le(sides[0], sides[1], STRICT[rel], 3)
    if inner is None:
        del prover.attempt.blockers[blockers:]  # the goal as written is what fails
        return None
    return Proof("conv", "rewriting", a, rel, b, (inner,), rewrites=tuple(dict.fromkeys(uses)))
