"""Scalar sums over an index range in the kernel's arithmetic: linearity and the closed form of a polynomial part.

Σ_{i=a}^{b} (c·f(i) + d·g(i)) = c·Σ f(i) + d·Σ g(i) for c, d free of i (any range: an empty one is 0 on both
sides, symbound.ops.sums); and the part of the body that is a polynomial p(i) in the index alone is
P(b) − P(a − 1), where P(n) − P(n − 1) = p(n) is **verified** by expanding (sympy's summation only proposes P):
a telescoping sum, which needs b ≥ a − 1 (a range of length ≥ 0, so never Karr's reversed range), known from the
declarations of the ends (a dimension L ≥ 1, an index k ≥ 0).  Σ_{l=1}^{L} l = L(L + 1)/2,
Σ s_j − Σ t_j = Σ (s_j − t_j), (Σ s_j)/2 = Σ s_j/2."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

MAX_DEGREE = 8  # a polynomial part of higher degree in the index stays a sum


MAX_BODY_OPS = 60  # a body larger than this keeps its form (expanding it could blow up)


def by_bodies(e: Any) -> Any:
    """``e`` with each scalar Σ's and ∏'s body in one normal form (sympy's expand, then powsimp: exp(a)/exp(b) and
    exp(a − b) alike, so equal bodies make one atom: Finset.sum_congr), and each ∏ of an exponential written as the
    exponential of a Σ (∏ exp f = exp Σ f: an empty range gives 1 = exp 0 on both sides)."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Sum, sp.Product):
        return e
    return e.replace(lambda n: isinstance(n, (sp.Sum, sp.Product)) and n.function.is_commutative, _normal_body)


@lru_cache(maxsize=4096)
def _normal_body(n: Any) -> Any:
    if sp.count_ops(n.function) > MAX_BODY_OPS:
        return n
    try:
        body = sp.powsimp(sp.expand(n.function))
    except (TypeError, ValueError, AttributeError, RecursionError):
        return n
    if isinstance(n, sp.Product) and isinstance(body, sp.exp):
        return sp.exp(sp.Sum(body.args[0], *n.limits))
    return n.func(body, *n.limits)


def by_linearity(e: Any) -> Any:
    """``e`` with each scalar Σ over one range written by linearity, its polynomial part in closed form."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Sum):
        return e
    return e.replace(lambda n: isinstance(n, sp.Sum) and len(n.limits) == 1, _linear)


@lru_cache(maxsize=4096)
def _linear(s: sp.Sum) -> Any:
    i, a, b = s.limits[0]
    try:
        body = sp.expand(s.function, deep=False, power_base=False, power_exp=False, log=False)
    except (TypeError, ValueError, AttributeError):
        return s
    terms = [term.as_independent(i, as_Add=False) for term in sp.Add.make_args(body)]
    polynomial = sp.Add(*(c * r for c, r in terms if _monomial(r, i)))
    closed = _telescoped(polynomial, i, a, b)
    others: dict[Any, Any] = {}
    for c, r in terms:
        if closed is None or not _monomial(r, i):
            others[r] = others.get(r, sp.Integer(0)) + c
    out = sp.Add(closed if closed is not None else sp.Integer(0), *(c * sp.Sum(r, (i, a, b)) for r, c in others.items()))
    return s if out == s else out


def _monomial(r: Any, i: Any) -> bool:
    """A power of the index alone (1 included), of degree at most MAX_DEGREE."""
    return r.free_symbols <= {i} and r.is_polynomial(i) and sp.degree(r, i) <= MAX_DEGREE


def _telescoped(p: Any, i: Any, a: Any, b: Any) -> Any | None:
    """Σ_{i=a}^{b} p(i) = P(b) − P(a − 1), with P(n) − P(n − 1) = p(n) checked; None when the range's length is
    not known to be ≥ 0, the ends are not whole numbers, or P is not found."""
    if p == 0:
        return sp.Integer(0)
    if not (a.is_integer and b.is_integer and (b - a + 1).is_nonnegative):
        return None
    n = sp.Dummy("n", integer=True)
    try:
        P = sp.expand(sp.summation(p, (i, 1, n)))
    except (TypeError, ValueError, NotImplementedError):
        return None
    if P.has(sp.Sum) or sp.expand(P - P.xreplace({n: n - 1}) - p.xreplace({i: n})) != 0:
        return None
    return sp.expand(P.xreplace({n: b}) - P.xreplace({n: a - 1}))
