"""Side conditions: every partial subterm of a statement is shown defined before the statement is proved.

sympy evaluates a⁻ᵏ·aᵏ to 1, √a·√a to a and W^{t−k}W^{k−t} to the identity whatever a, k and W are; a
proof about the term as written would then rest on values that may not exist.  ``obligations`` walks the
terms as written, through every definition they use (and definitions inside definitions), and gives each
partial subterm with the alternatives its operator declares (``symbound.ops.domains``); ``discharged`` gives
the side proofs that meet each, and names the first one no alternative of which has a checked proof of every goal.  A goal ``d != 0`` is met by a proof
of 0 < d, d < 0 or 0 < |d|.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp

from symbound.kernel.arith import empty_range
from symbound.kernel.proofs import Proof, implies
from symbound.kernel.theorem import Rejected
from symbound.ops import BINDERS
from symbound.ops.domains import Domain, Goal, domain
from symbound.ops.written import written


@dataclass(frozen=True)
class Obligation:
    """A partial subterm and the alternatives (each a tuple of goals, all needed) under which it is defined."""

    term: Any
    alternatives: Domain

    def __str__(self) -> str:
        if not self.alternatives:
            return f"{written(self.term)} is not shown defined"
        options = " or ".join(" and ".join(_goal_text(g) for g in alt) for alt in self.alternatives)
        return f"{written(self.term)} is defined only when {options}, which is not shown"


def obligations(terms: tuple, definitions: dict) -> list[Obligation]:
    """The partial subterms of the terms, through the definitions they use, each once; under a sum's or a
    product's index j ∈ [lo, hi] a goal linear in j is asked at the end of the range where it is weakest."""
    out: dict[Any, Obligation] = {}
    seen: set = set()
    todo = [(t, ()) for t in terms]
    while todo:
        x, ranges = todo.pop()
        if not isinstance(x, sp.Basic):
            continue
        if x in definitions and x not in seen:
            seen.add(x)
            todo.append((definitions[x], ()))
        alternatives = domain(x) if x not in out else None
        if alternatives is not None:
            ranged = tuple(tuple(_over(g, ranges) for g in alt) for alt in alternatives)
            if not any(all(_settled(g) for g in alt) for alt in ranged):  # else sympy's assumptions settle it
                out[x] = Obligation(x, ranged)
        limits = _limits(x)
        if limits:
            inner = ranges + limits  # an empty range has no term to be defined
            todo += ([] if empty_range(limits) else [(x.args[0], inner)]) + [(a, ranges) for lim in limits for a in lim[1:]]
        else:
            todo += [(a, ranges) for a in x.args]
    return list(out.values())


def _settled(goal: Goal) -> bool:
    """Whether sympy's assumptions settle the goal on sight (as ``symbound.ops.domains`` does for a node)."""
    a, rel, b = goal
    if rel == "!=":
        return a.is_nonzero is True
    return ((b - a).is_positive if rel == "<" else (b - a).is_nonnegative) is True


def _limits(x: Any) -> tuple:
    """The (index, lo, hi) of a sum's or a product's ranges (sympy's, or symbound's matrix ∏ and Σ); () else."""
    if not isinstance(x, BINDERS):
        return ()
    limits = tuple(x.limits)
    return (limits,) if limits and not isinstance(limits[0], (tuple, sp.Tuple)) else tuple(tuple(lim) for lim in limits)


def _over(goal: Goal, ranges: tuple) -> Goal:
    """A goal ``a rel b`` for every j of each range: at j = lo when b − a grows with j, at j = hi when it
    shrinks (b − a linear in j); unchanged otherwise (then it names j, which the proof cannot fix)."""
    a, rel, b = goal
    if rel == "!=":
        return goal
    for j, lo, hi in reversed(ranges):
        gap = sp.expand(b - a)
        slope = gap.coeff(j) if gap.is_polynomial(j) and sp.degree(gap, j) == 1 else None
        if slope is None or not slope.is_number:
            continue
        at = lo if slope > 0 else hi
        a, b = a.xreplace({j: at}), b.xreplace({j: at})
    return a, rel, b


def goals(ob: Obligation) -> list[Goal]:
    """Every goal of every alternative (what the search may try to prove)."""
    return [g for alt in ob.alternatives for g in alt]


def discharged(terms: tuple, definitions: dict, side: tuple[Proof, ...], checked: Callable[[Proof], bool]) -> list[tuple[str, Proof]]:
    """Each goal of the first alternative of every partial subterm that side proofs (passing ``checked``) meet,
    with the proof that meets it; raises Rejected naming the first subterm no alternative of which is met."""
    out: list[tuple[str, Proof]] = []
    for ob in obligations(terms, definitions):
        for alt in ob.alternatives:
            met = [next((p for p in side if proves(p, g) and checked(p)), None) for g in alt]
            if all(p is not None for p in met):
                out += [(_goal_text(g), p) for g, p in zip(alt, met)]
                break
        else:
            raise Rejected(str(ob))
    return out


def proves(p: Proof, goal: Goal) -> bool:
    """Whether ``p`` states the goal: ``a rel b`` itself, or for ``d != 0`` one of 0 < d, d < 0, 0 < |d|."""
    a, rel, b = goal
    if rel == "!=":
        return p.rel == "<" and ((p.lhs == 0 and (p.rhs == a or p.rhs == sp.Abs(a))) or (p.rhs == 0 and p.lhs == a))
    return p.lhs == a and p.rhs == b and implies(p.rel, rel)


def _goal_text(goal: Goal) -> str:
    a, rel, b = goal
    return f"{written(a)} ≠ 0" if rel == "!=" else f"{written(a)} {'≤' if rel == '<=' else '<'} {written(b)}"
