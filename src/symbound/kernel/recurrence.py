"""Unrolling a recurrence by induction: the two obligations the kernel checks, and the normal form they use.

For the model x[k] = F(x[k-1]) and a claimed closed form x[e] = C (e = t + c for an index t), the rule
``recurrence_induction`` proves x[e] = C for every e ≥ s from

* the base case: C at e = s is x[s] (by substitution);
* the step: for a fresh integer m ≥ 0, F applied to C at e = s + m equals C at e = s + m + 1.

Both are compared in a normal form of matrix expressions: a linear combination (scalar coefficients,
compared by exact arithmetic) of monomials, each an **ordered** tuple of factors (base, exponent).  The
only laws it uses are B⁰ = I, Bᵖ·B^q = B^{p+q} and B·Bᵖ = Bᵖ·B = B^{p+1} for integers p, q ≥ 0, (cB)ᵏ =
cᵏBᵏ for an integer k ≥ 0, and distributing products over sums; matrix products are never reordered.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.ops.objects import evaluated
from symbound.ops import SeqElem

Factor = tuple[tuple[Any, ...], Any]  # (the atoms of the base, in order; the exponent)
Monomials = dict[tuple[Factor, ...], Any]
MAX_LITERAL_POWER = 12


def _natural(e: Any) -> bool:
    return isinstance(e, sp.Expr) and e.is_integer is True and e.is_nonnegative is True


def _times(x: Monomials, y: Monomials) -> Monomials:
    out: Monomials = {}
    for kx, cx in x.items():
        for ky, cy in y.items():
            key = _merged(kx + ky)
            out[key] = out.get(key, 0) + cx * cy
    return out


def _plus(x: Monomials, y: Monomials) -> Monomials:
    out = dict(x)
    for k, c in y.items():
        out[k] = out.get(k, 0) + c
    return out


def _atom(e: Any) -> Monomials:
    return {(((e,), sp.Integer(1)),): sp.Integer(1)}


def _merged(factors: tuple[Factor, ...]) -> tuple[Factor, ...]:
    """Adjacent powers of one base joined (both exponents natural numbers), a run of the base's atoms
    next to a power of it absorbed; never a reordering."""
    fs = list(factors)
    changed = True
    while changed:
        changed = False
        for i in range(len(fs) - 1):
            (b1, e1), (b2, e2) = fs[i], fs[i + 1]
            if b1 == b2 and _natural(e1) and _natural(e2):
                fs[i:i + 2] = [(b1, sp.expand(e1 + e2))]
                changed = True
                break
        if changed:
            continue
        for i, (base, e) in enumerate(fs):
            L = len(base)
            if L < 2 or not _natural(e):
                continue
            run = [((a,), sp.Integer(1)) for a in base]
            if fs[max(i - L, 0):i] == run and i >= L:
                fs[i - L:i + 1] = [(base, sp.expand(e + 1))]
                changed = True
                break
            if fs[i + 1:i + 1 + L] == run:
                fs[i:i + 1 + L] = [(base, sp.expand(e + 1))]
                changed = True
                break
    return tuple(fs)


def monomials(e: Any) -> Monomials:
    """The normal form of a matrix expression (see the module docstring)."""
    e = evaluated(e)
    if isinstance(e, sp.ZeroMatrix):
        return {}
    if isinstance(e, sp.Identity):
        return {(): sp.Integer(1)}
    if isinstance(e, sp.MatAdd):
        out: Monomials = {}
        for a in e.args:
            out = _plus(out, monomials(a))
        return out
    if isinstance(e, sp.MatMul):
        out = {(): sp.Integer(1)}
        for a in e.args:
            out = _times(out, monomials(a) if isinstance(a, MatrixExpr) else {(): a})
        return out
    if isinstance(e, sp.MatPow):
        base, k = e.args
        if k == 0:
            return {(): sp.Integer(1)}
        inner = monomials(base)
        if len(inner) != 1 or not _natural(k):
            return _atom(e)
        ((key, c),) = inner.items()
        if k.is_Integer and k <= MAX_LITERAL_POWER:
            out = {(): sp.Integer(1)}
            for _ in range(int(k)):
                out = _times(out, {key: sp.Integer(1)})
            return {m: c ** k * v for m, v in out.items()}
        if not key:
            return {(): c ** k}
        if not all(ex == 1 and len(b) == 1 for b, ex in key):
            return _atom(e)
        return {((tuple(b[0] for b, _ in key), k),): c ** k}
    if isinstance(e, MatrixExpr):
        return _atom(e)
    raise ValueError("not a matrix expression")


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
