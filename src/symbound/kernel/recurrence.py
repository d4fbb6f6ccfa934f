"""Unrolling a recurrence by induction: the two obligations the kernel checks, and the normal form they use.

For the model x[k] = F(x[k-1]) and a claimed closed form x[e] = C (e = t + c for an index t), the rule
``recurrence_induction`` proves x[e] = C for every e ≥ s from

* the base case: C at e = s is x[s] (by substitution);
* the step: for a fresh integer m ≥ 0, F applied to C at e = s + m equals C at e = s + m + 1.

Both are compared in the normal form of symbound.kernel.algebra (ordered monomials, matrix products never
reordered), the coefficients compared by exact arithmetic.  A closed form may hold sums over the inputs
(x[t] = W^{t−k} x[k] + Σ_{j=k+1}^{t} W^{t−j} U u[j]); a sum Σ_{j=a}^{b} f(j) is compared through laws of finite
sums that hold for every a, b (b < a: the empty sum 0): its constant factors moved inside (linearity), its
index counted down from the top (Σ_{p=0}^{b−a} f(b − p), so that W·W^{b−j} meets W^{b−j+1} as W·W^{p} = W^{p+1}),
dropped when b − a is a negative number, and in the step its top term taken out, Σ_{p=0}^{N} g(p) =
g(0) + Σ_{p=0}^{N−1} g(p + 1), only where N ≥ 0 is known (the recurrence adds one input per step).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel import arith
from symbound.kernel.algebra import monomials, normal
from symbound.ops import MatSum, SeqElem

_DOWN = sp.Dummy("p", integer=True, nonnegative=True)  # a sum's index counted down from its top term


def opened(e: Any, peel: bool = False) -> Any:
    """``e`` with every term that holds one Σ (as a factor of a product) rewritten by the laws of finite sums
    above: the term's other factors moved inside, the index counted down from the top; an empty Σ dropped;
    with ``peel``, the top term taken out of a Σ known to have one.  Equal to ``e`` for every value."""
    e = normal(e)
    out = []
    for term in e.args if isinstance(e, sp.MatAdd) else (e,):
        factors = list(term.args) if isinstance(term, sp.MatMul) else [term]
        at = [i for i, f in enumerate(factors) if isinstance(f, MatSum)]
        if len(at) != 1:
            out.append(term)
            continue
        i = at[0]
        j, lo, hi = factors[i].limits
        count = sp.expand(hi - lo)
        if count.is_number and count.is_negative:
            continue

        def at_top(q: Any) -> Any:
            return sp.MatMul(*factors[:i], factors[i].body.xreplace({j: hi - q}), *factors[i + 1:])

        if peel and count.is_nonnegative:
            out += [at_top(sp.Integer(0)), MatSum(normal(at_top(_DOWN + 1)), (_DOWN, 0, count - 1))]
        else:
            out.append(MatSum(normal(at_top(_DOWN)), (_DOWN, 0, count)))
    return sp.MatAdd(*out) if len(out) > 1 else out[0] if out else sp.ZeroMatrix(*e.shape)


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
    base = closed.xreplace({t: start - offset})
    if not same_matrix(opened(base), SeqElem(name, start, rows, cols)):
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
    if not same_matrix(opened(stepped), opened(closed.xreplace({t: start + m + 1 - offset}), peel=True)):
        return "the step fails: one application of the recurrence to the closed form is not the closed form one step later"
    return ""
