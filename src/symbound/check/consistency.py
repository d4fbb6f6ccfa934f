"""Consistency shown, not assumed: an instance at which every declaration, the model and every premise hold.

A proof from premises that cannot all hold proves anything (1 ≤ 0 included).  The contradiction search
(``Checker.contradictions``) shows some inconsistencies; this module shows the opposite: it asks the
falsifier for an instance of the premises against the claim 1 < 0, which fails everywhere, so any instance
the **witness checker** accepts exactly (every declaration, the model's recurrence, every premise —
`for_all` ones for every value) is a model of the premises.  The search is the falsifier's own with a
small budget; no instance found means the premises were *not shown* consistent, which every report says
next to the proved verdicts that rest on them.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.values import Consistency

BUDGET = 120  # instances drawn at most, no local search: a consistent file is usually shown so at its first instances
REACH = 600  # evaluations at most of the descent to the premises when no drawn instance meets them


def premises_together(derivation: Any, prover: Any, seed: int, budget: int) -> Consistency | None:
    """An instance of the declarations, the model and the premises, certified exactly by the witness checker,
    searched in at most ``min(budget, BUDGET)`` drawn instances (the falsifier's structured families first), then,
    when none of them meets the premises, by a descent of their total shortfall from the nearest misses in at most
    ``min(budget, REACH)`` evaluations, with no zero matrix unless none is found otherwise; None for a file without
    premises."""
    from symbound.search.falsifier import falsify

    if not derivation.premises:
        return None
    if budget <= 0:
        return Consistency(None, 0, searched=False)

    def search(nondegenerate: bool) -> Any:  # the claim 1 < 0 fails everywhere: its counterexamples are the instances
        return falsify(derivation, prover, sp.Integer(1), "<", sp.Integer(0), seed, min(budget, BUDGET), local_steps=0,
                       nondegenerate=nondegenerate, reach=min(budget, REACH))

    outcome = search(nondegenerate=True)
    if outcome.met and (outcome.witness is None or not outcome.witness.exact):  # met, but exactly only at a zero matrix?
        outcome = search(nondegenerate=False)
    witness = outcome.witness if outcome.witness is not None and outcome.witness.exact else None
    unshown = tuple(every_step(derivation))  # an instance has finitely many states: it cannot show a premise at every one
    return Consistency(None if unshown else witness, outcome.tried, every_step=unshown, met=outcome.met)


def points(bound: tuple) -> list[dict]:
    """Where a `for_all` premise's negation is tried: at a fresh point (its negation there, proved, fails the premise
    at every point), then, when it binds real variables, at two concrete points, (1, 0, 2, 3, …) and (0, 1, 2, 3, …)
    (the premise fails there; integer variables stay fresh: a concrete index may lie outside the range the premise means)."""
    fresh = {v: sp.Dummy(str(v), real=True) for v in bound}
    reals = [v for v in bound if not v.is_integer]
    concrete = [{**fresh, **{v: sp.Integer(c) for v, c in zip(reals, values)}} for values in ((1, 0, *range(2, len(reals))), (0, 1, *range(2, len(reals))))]
    return [fresh, *concrete] if reals else [fresh]


def defined(*terms: Any) -> bool:
    """Whether terms at a concrete point have values: no ±∞, NaN or complex unit (1/a, log(a) at a = 0; √(a − 1) at
    a = 0).  A premise says nothing where it has no value, so no contradiction is sought there."""
    return not any(isinstance(t, sp.Basic) and t.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for t in terms)


def valueless(*terms: Any) -> bool:
    """Whether a term has a constant part without a real value, so it has no value at any point: 1/0, √(−1), log 0
    (as sympy read them: zoo, or kept unevaluated and not real)."""
    return any(isinstance(t, sp.Basic) and any(isinstance(n, sp.Expr) and n.is_number and (n.is_extended_real is False or n.is_finite is False)
                                               for n in sp.preorder_traversal(t)) for t in terms)


def negations(a: Any, r: str, b: Any) -> list[tuple[Any, str, Any]]:
    """The relations that each contradict ``a r b`` (r in ``<=``, ``<``, ``=``; normalised): b < a, b ≤ a, or either strict order."""
    return [(b, "<", a)] if r == "<=" else [(b, "<=", a)] if r == "<" else [(a, "<", b), (b, "<", a)]


def every_step(derivation: Any) -> list[str]:
    """The premises about the model's state at every step (`for_all: [j]` with j in the state's index): the
    recurrence fixes the states beyond an instance's few, so no instance shows such a premise."""
    from symbound.ops import SeqElem

    model = derivation.model
    if model is None:
        return []
    out = []
    for premise in derivation.premises:
        indices = {b for b in premise.bound if b.is_integer}
        states = [n for r in premise.relations for side in (r.lhs, r.rhs) if isinstance(side, sp.Basic)
                  for n in sp.preorder_traversal(side) if isinstance(n, SeqElem) and n.name == model.state.name]
        if any(n.index.free_symbols & indices for n in states):
            out.append(premise.id)
    return out
