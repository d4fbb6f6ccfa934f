"""Sums over an index range compared term by term (untrusted search): the termwise goal is posed at i = a + q
and at i = b − q for a fresh integer q ≥ 0, so that the range's ends are known to the prover there; a success
is a proof term for the kernel's ``sum_le_sum`` or ``sum_nonneg`` (symbound.kernel.sums)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.sums import at_index


def _offset() -> sp.Dummy:
    return sp.Dummy("q", integer=True, nonnegative=True)


def sum_le_sum(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """Σ f ≤ Σ g over one range from f ≤ g at every index of it (non-strict only)."""
    if strict or not (isinstance(a, sp.Sum) and isinstance(b, sp.Sum)) or len(a.limits) != 1 or len(b.limits) != 1 \
            or a.limits[0][1:] != b.limits[0][1:]:
        return None
    q = _offset()
    for end in ("lo", "hi"):
        part = prover.le(at_index(a, q, end), at_index(b, q, end), False, depth)
        if part is not None:
            return Proof("gcongr", "sum_le_sum", a, "<=", b, (part,), (("offset", q), ("end", end)))
    return None


def sum_nonneg(prover: Any, e: Any, strict: bool, depth: int) -> Proof | None:
    """0 ≤ Σ f from 0 ≤ f at every index of the range (non-strict only)."""
    if strict or not isinstance(e, sp.Sum) or len(e.limits) != 1:
        return None
    q = _offset()
    for end in ("lo", "hi"):
        part = prover.nonneg(at_index(e, q, end), False, depth)
        if part is not None:
            return Proof("gcongr", "sum_nonneg", sp.Integer(0), "<=", e, (part,), (("offset", q), ("end", end)))
    return None
