"""Verdicts: checking a derivation as passes over verdict values — check, refute, repair — each pass
returning new values (``dataclasses.replace``), never changing the ones it was given.

The value classes live in ``symbound.values`` (the checker builds them, every renderer reads them).
"""

from __future__ import annotations

from typing import Any

from symbound.check.checker import check
from symbound.check.reuse import VerdictMemo
from symbound.read.document import Derivation
from symbound.passes.repairs import repaired
from symbound.values import Report


def verdicts(derivation: Derivation, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
             search: bool = True, repair: bool = True, cache: Any = None) -> Report:
    """The report on a derivation: every link and the conclusion checked, what fails refuted where a
    counterexample exists (``search``), and the repairs of what still fails (``repair``); ``cache`` (a
    ``cache.Store``) holds proofs of earlier runs, replayed through the kernel.  The repairs' re-checks take
    the check's verdicts where they reach the same links (symbound.check.reuse)."""
    memo = VerdictMemo()
    report = check(derivation, timeout=timeout, seed=seed, budget=budget, search=search, cache=cache, memo=memo)
    return repaired(report, timeout, memo) if repair else report
