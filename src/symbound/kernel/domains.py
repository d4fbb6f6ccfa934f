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

from symbound.kernel.proofs import Proof, implies
from symbound.kernel.theorem import Rejected
from symbound.ops.domains import Domain, Goal, domain
from symbound.ops.written import written


@dataclass(frozen=True)
class Obligation:
    """A partial subterm and the alternatives (each a tuple of goals, all needed) under which it is defined."""

    term: Any
    alternatives: Domain

    def __str__(self) -> str:
        if not self.alternatives:
            return f"{written(self.term)} is not shown defined (symbound cannot show a matrix invertible)"
        options = " or ".join(" and ".join(_goal_text(g) for g in alt) for alt in self.alternatives)
        return f"{written(self.term)} is defined only when {options}, which is not shown"


def obligations(terms: tuple, definitions: dict) -> list[Obligation]:
    """The partial subterms of the terms, through the definitions they use, each once."""
    out: dict[Any, Obligation] = {}
    seen: set = set()
    todo = list(terms)
    while todo:
        x = todo.pop()
        if not isinstance(x, sp.Basic):
            continue
        for node in sp.preorder_traversal(x):
            if node in definitions and node not in seen:
                seen.add(node)
                todo.append(definitions[node])
            alternatives = domain(node) if node not in out else None
            if alternatives is not None:
                out[node] = Obligation(node, alternatives)
    return list(out.values())


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
