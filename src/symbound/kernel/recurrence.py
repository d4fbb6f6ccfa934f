"""Unrolling a recurrence by induction: the two obligations the kernel checks, and the normal form they use.

For the model x[k] = F(x[k-1]) and a claimed closed form x[e] = C (e = t + c for an index t), the rule
``recurrence_induction`` proves x[e] = C for every e ≥ s from

* the base case: C at e = s is x[s] (by substitution), or the value v of x[s] that a checked proof gives
  (x[s] = v; ‖x[s]‖ = 0 gives 0);
* the step: for a fresh integer m ≥ 0, F applied to C at e = s + m equals C at e = s + m + 1.

Both are compared in the normal form of symbound.kernel.algebra (ordered monomials, matrix products never
reordered), the coefficients compared by exact arithmetic.  A closed form may hold sums over the inputs
(x[t] = W^{t−k} x[k] + Σ_{j=k+1}^{t} W^{t−j} U u[j]); a sum Σ_{j=a}^{b} f(j) is compared through laws of finite
sums that hold for every a, b (b < a: the empty sum 0): its constant factors moved inside (linearity), its
index counted down from the top (Σ_{p=0}^{b−a} f(b − p), so that W·W^{b−j} meets W^{b−j+1} as W·W^{p} = W^{p+1}),
dropped when b − a is a negative number, written out term by term when b − a is a small whole number, and in
the step its top or its bottom term taken out, Σ_{p=0}^{N} g(p) = g(0) + Σ_{p=0}^{N−1} g(p + 1) = Σ_{p=0}^{N−1}
g(p) + g(N), only where N ≥ 0 is known (the recurrence adds one input per step, at either end of the sum).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.algebra import monomials, normal
from symbound.ops import MatSum, Norm, SeqElem
from symbound.ops.written import written

SPELLED_OUT = 8  # a Σ with fewer terms than this and a known length is written out term by term
_DOWN = sp.Dummy("p", integer=True, nonnegative=True)  # a sum's index counted down from its top term


def opened(e: Any, peel: str = "") -> Any:
    """``e`` with every term that holds one Σ (as a factor of a product) rewritten by the laws of finite sums
    above: the term's other factors moved inside, the index counted down from the top; an empty Σ dropped;
    with ``peel``, one end term taken out of a Σ known to have one: ``"top"`` (Σ_{j=a}^{b} f = f(b) +
    Σ_{j=a}^{b−1} f) or ``"bottom"`` (= Σ_{j=a+1}^{b} f + f(a)).  Equal to ``e`` for every value."""
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
            return _merged_powers(normal(sp.MatMul(*factors[:i], factors[i].body.xreplace({j: hi - q}), *factors[i + 1:])))

        if count.is_Integer and count < SPELLED_OUT:  # a range of known length: its terms written out
            out += [at_top(count - q) for q in range(int(count) + 1)]
            continue
        if peel == "top" and count.is_nonnegative:
            out += [at_top(sp.Integer(0)), MatSum(at_top(_DOWN + 1), (_DOWN, 0, count - 1))]
        elif peel == "bottom" and count.is_nonnegative:
            out += [at_top(count), MatSum(at_top(_DOWN), (_DOWN, 0, count - 1))]
        else:
            out.append(MatSum(at_top(_DOWN), (_DOWN, 0, count)))
    return sp.MatAdd(*out) if len(out) > 1 else out[0] if out else sp.ZeroMatrix(*e.shape)


def _merged_powers(e: Any) -> Any:
    """A product with its scalar coefficient's powers of one base merged, a·a^(m−p−1) = a^(m−p) (sympy's powsimp,
    as symbound.kernel.arith decides coefficients), so that a Σ's body has one form."""
    if not isinstance(e, sp.MatMul):
        return e
    scalars = [f for f in e.args if not isinstance(f, MatrixExpr)]
    if not scalars:
        return e
    return sp.MatMul(sp.powsimp(sp.Mul(*scalars)), *(f for f in e.args if isinstance(f, MatrixExpr)))


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


def initial_value(state: SeqElem, start: Any, lhs: Any, rel: str, rhs: Any) -> Any | None:
    """The value of x[start] that a proved ``lhs rel rhs`` gives: v for x[start] = v, the zero matrix for
    ‖x[start]‖ = 0 or ‖x[start]‖ ≤ 0 (a norm vanishes only at 0, in every kind); None for anything else."""
    at = SeqElem(state.name, start, *state.shape)
    if rel == "=" and lhs == at and isinstance(rhs, MatrixExpr) and rhs.shape == at.shape:
        return rhs
    if rel in ("=", "<=") and isinstance(lhs, Norm) and lhs.matrix == at and rhs == 0:
        return sp.ZeroMatrix(*at.shape)
    return None


def obligations(state: SeqElem, k: sp.Symbol, update: Any, lhs: SeqElem, closed: Any, t: sp.Symbol, start: Any,
                initial: Any = None) -> str:
    """'' when x[e] = closed (e = t + c) follows by induction from e = start over the recurrence
    x[k] = update, else the obligation that fails; ``initial``: x[start]'s known value (default x[start] itself)."""
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
    first = SeqElem(name, start, rows, cols) if initial is None else initial
    if not same_matrix(opened(base), first):
        return f"the base case fails: at {name}[{start}] the closed form is not {written(first)}"
    m = sp.Dummy("m", integer=True, nonnegative=True)
    before = SeqElem(name, sp.expand(start + m), rows, cols)
    unfolded = update.xreplace({k: start + m + 1})
    if before not in set(sp.preorder_traversal(unfolded)):
        return "the recurrence does not use the previous state"
    assumed = closed.xreplace({t: start + m - offset})
    stepped = unfolded.xreplace({before: assumed})
    if any(isinstance(n, SeqElem) and n.name == name and n != SeqElem(name, start, rows, cols) for n in sp.preorder_traversal(stepped)):
        return "the step leaves another state in the expression"
    later = closed.xreplace({t: start + m + 1 - offset})
    if not any(same_matrix(opened(stepped), opened(later, peel)) for peel in ("top", "bottom")):
        return "the step fails: one application of the recurrence to the closed form is not the closed form one step later"
    return ""
