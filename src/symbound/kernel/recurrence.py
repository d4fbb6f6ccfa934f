"""Unrolling a recurrence by induction: the two obligations the kernel checks, and the normal form they use.

For the model x[k] = F(x[k-1]) and a claimed closed form x[e] = C (e = t + c for an index t), the rule
``recurrence_induction`` proves x[e] = C for every e ≥ s from

* the base case: C at e = s is x[s] (by substitution);
* the step: for a fresh integer m ≥ 0, F applied to C at e = s + m equals C at e = s + m + 1.

Both are compared in the normal form of symbound.kernel.algebra (ordered monomials, matrix products never
reordered), the coefficients compared by exact arithmetic.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel import arith
from symbound.kernel.algebra import monomials
from symbound.ops import SeqElem
from symbound.ops.sums import MatSum


def same_matrix(x: Any, y: Any) -> bool:
    """Whether two matrix expressions are equal in the normal form (coefficients decided exactly)."""
    try:
        mx, my = monomials(x), monomials(y)
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return False
    for key in set(mx) | set(my):
        d = sp.Integer(0) + mx.get(key, 0) - my.get(key, 0)
        if d != 0 and not arith.decide(d, "zero"):
            return False
    return True


def _emptied(e: Any) -> Any:
    """The matrix Σ over an empty range as the zero matrix (the base case of x[k] = Aᵏx[0] + Σ_{j=0}^{k−1} …)."""
    return e.replace(lambda n: isinstance(n, MatSum) and arith.empty_range((n.limits,)), lambda n: sp.ZeroMatrix(*n.shape))


def obligations(state: SeqElem, k: sp.Symbol, update: Any, lhs: SeqElem, closed: Any, t: sp.Symbol, start: Any) -> str:
    """'' when x[e] = closed (e = t + c) follows by induction from e = start over the recurrence
    x[k] = update, else the obligation that fails."""
    name, rows, cols = state.name, *state.shape
    offset = sp.expand(lhs.index - t)
    if not offset.is_Integer:
        return "the state's index is not an index plus a whole number"
    if t in start.free_symbols:
        return f"the base index {start} depends on {t}"
    others = {n for n in sp.preorder_traversal(closed) if isinstance(n, SeqElem) and n.name == name}
    if others - {SeqElem(name, start, rows, cols)}:
        return f"the closed form may use {name} only at the base index {start}"
    base = _emptied(closed.xreplace({t: start - offset}))
    if not same_matrix(base, SeqElem(name, start, rows, cols)):
        return f"the base case fails: at {name}[{start}] the closed form is not {name}[{start}]"
    m = sp.Dummy("m", integer=True, nonnegative=True)
    before = SeqElem(name, sp.expand(start + m), rows, cols)
    unfolded = update.xreplace({k: start + m + 1})
    if before not in set(sp.preorder_traversal(unfolded)):
        return "the recurrence does not use the previous state"
    assumed = closed.xreplace({t: start + m - offset})
    stepped = unfolded.xreplace({before: assumed})
    if any(isinstance(n, SeqElem) and n.name == name and n != SeqElem(name, start, rows, cols) for n in sp.preorder_traversal(stepped)):
        return "the step leaves another state in the expression"
    if not same_matrix(stepped, closed.xreplace({t: start + m + 1 - offset})):
        return "the step fails: one application of the recurrence to the closed form is not the closed form one step later"
    return ""
