"""The kernel's rule for a maximum over an index range (node kind ``gcongr``, rule ``le_range_max``): a term at
an index c of the range is at most the maximum, f(c) ≤ max_{i=a}^{b} f(i), with c a whole number and checked
proofs of a ≤ c and c ≤ b (so the range holds c and is not empty)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected
from symbound.ops.maxima import RangeMax


def le_range_max(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """f(c) ≤ max_{i=lo}^{hi} f(i) from lo ≤ c and c ≤ hi, for a whole number c (non-strict only)."""
    if strict or not isinstance(b, RangeMax) or len(b.limits) != 1:
        raise Rejected("le_range_max: not f(c) ≤ a maximum over a range")
    i, lo, hi = b.limits[0]
    c = node.bound.get("index")
    if c is None or sp.sympify(c).is_integer is not True or i in sp.sympify(c).free_symbols:
        raise Rejected("le_range_max: the index is not known to be a whole number")
    if not k.same(b.function.xreplace({i: c}), a, {}):
        raise Rejected("le_range_max: the left side is not the maximum's term at the index")
    if len(node.children) != 2 or not k.shows(node.children[0], lo, "<=", c) or not k.shows(node.children[1], c, "<=", hi):
        raise Rejected("le_range_max: the parts are not the index's bounds, lo ≤ c ≤ hi")


RULES = (le_range_max,)
