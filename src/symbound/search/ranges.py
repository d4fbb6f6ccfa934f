"""Sums over an index range compared term by term (untrusted search): the termwise goal is posed at i = a + q
and at i = b − q for a fresh integer q ≥ 0, so that the range's ends are known to the prover there; a success
is a proof term for the kernel's ``sum_le_sum`` or ``sum_nonneg`` (symbound.kernel.sums).  A term of a maximum
over a range, f(c) ≤ max_{i=a}^{b} f(i), is a proof term for the kernel's ``le_range_max`` (symbound.kernel.maxima)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.sums import at_index
from symbound.ops.maxima import RangeMax


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


def le_range_max(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """f(c) ≤ max_{i=lo}^{hi} f(i) for the whole number c at which the term is a, from lo ≤ c and c ≤ hi (non-strict only)."""
    if strict or not isinstance(b, RangeMax) or len(b.limits) != 1:
        return None
    i, lo, hi = b.limits[0]
    found = _index_at(b.function, a, i)
    if found is None or len(found) != 1:
        return None
    (c,) = found
    if sp.sympify(c).is_integer is not True or b.function.xreplace({i: c}) != a:
        return None
    parts = (prover.le(lo, c, False, max(depth - 1, 0)), prover.le(c, hi, False, max(depth - 1, 0)))
    if None in parts:
        return None
    return Proof("gcongr", "le_range_max", a, "<=", b, parts, (("index", c),))


def _index_at(f: Any, a: Any, i: Any) -> set | None:
    """The values of the index i at which the term f(i) is a, read off the two trees side by side (None: no such value)."""
    if f == i:
        return {a}
    if not isinstance(f, sp.Basic) or i not in f.free_symbols:
        return set() if f == a else None
    if type(f) is not type(a) or len(f.args) != len(a.args):
        return None
    out: set = set()
    for x, y in zip(f.args, a.args):
        found = _index_at(x, y, i)
        if found is None:
            return None
        out |= found
    return out
