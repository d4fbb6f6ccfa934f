"""The kernel's monotonicity rules for sums over an index range (node kind ``gcongr``): a termwise fact at every
index of the range gives the fact about the sums.  The part proves it at i = a + q or at i = b − q for a fresh
integer q ≥ 0 (binding ``offset`` and ``end``), so that the range's lower or upper end is known inside the part
(j ≥ 0 for Σ_{j=0}^{b}, t − j ≥ 0 for Σ_{j=a}^{t}) and every index of the range is such an i.  An empty range
(b < a) is the sum 0 on both sides (never Karr's convention: symbound.ops.sums), where both rules hold trivially."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.terms import free
from symbound.kernel.theorem import Rejected

_OFFSET = sp.Dummy("q", integer=True, nonnegative=True).assumptions0  # exactly: q ∈ {0, 1, 2, …}


def at_index(s: sp.Sum, q: Any, end: str) -> Any:
    """The body of Σ_{i=a}^{b} f(i) at i = a + q (``end`` 'lo') or i = b − q ('hi')."""
    i, lo, hi = s.limits[0]
    return s.function.xreplace({i: lo + q if end == "lo" else hi - q})


def _termwise(node: Proof, sums: list[sp.Sum]) -> tuple[Any, str]:
    """The node's offset q and end, checked: a fresh integer q ≥ 0 (no stronger assumption), one range, one index."""
    q, end = node.bound.get("offset"), node.bound.get("end")
    if not (isinstance(q, sp.Dummy) and q.assumptions0 == _OFFSET and end in ("lo", "hi")):
        raise Rejected(f"{node.rule}: the offset is not a fresh integer q ≥ 0 from one end of the range")
    if any(len(s.limits) != 1 or q in free(s) for s in sums) or len({s.limits[0][1:] for s in sums}) != 1:
        raise Rejected(f"{node.rule}: not sums over one range, or the offset is not fresh")
    if sums[0].limits[0][1 if end == "lo" else 2].is_integer is not True:  # the terms are at whole indices only
        raise Rejected(f"{node.rule}: the range's end is not known to be a whole number")
    if len(node.children) != 1:
        raise Rejected(f"{node.rule}: one part, the termwise fact, is needed")
    return q, end


def sum_le_sum(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """Σ_{i=a}^{b} f(i) ≤ Σ_{i=a}^{b} g(i) from f(i) ≤ g(i) at every index of the range."""
    if strict or not (isinstance(a, sp.Sum) and isinstance(b, sp.Sum)):
        raise Rejected("sum_le_sum: not two sums over a range (a strict bound needs a nonempty range)")
    q, end = _termwise(node, [a, b])
    if not k.shows(node.children[0], at_index(a, q, end), "<=", at_index(b, q, end)):
        raise Rejected("sum_le_sum: the part is not the termwise bound")


def sum_nonneg(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """0 ≤ Σ_{i=a}^{b} f(i) from 0 ≤ f(i) at every index of the range."""
    if strict or a != 0 or not isinstance(b, sp.Sum):
        raise Rejected("sum_nonneg: not 0 ≤ a sum over a range (a strict bound needs a nonempty range)")
    q, end = _termwise(node, [b])
    if not k.shows(node.children[0], sp.Integer(0), "<=", at_index(b, q, end)):
        raise Rejected("sum_nonneg: the part is not the termwise sign")


RULES = (sum_le_sum, sum_nonneg)
