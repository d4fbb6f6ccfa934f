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


def premises_together(derivation: Any, prover: Any, seed: int, budget: int) -> Consistency | None:
    """An instance of the declarations, the model and the premises, certified exactly by the witness checker,
    searched in at most ``min(budget, BUDGET)`` drawn instances (the falsifier's structured families first); None for a file without premises."""
    from symbound.search.falsifier import falsify

    if not derivation.premises:
        return None
    if budget <= 0:
        return Consistency(None, 0, searched=False)
    outcome = falsify(derivation, prover, sp.Integer(1), "<", sp.Integer(0), seed, min(budget, BUDGET), local_steps=0)
    witness = outcome.witness if outcome.witness is not None and outcome.witness.exact else None
    return Consistency(witness, outcome.tried)
