"""Deciding a relation between exact values, and one for every value of its variables (sympy's minimum over a domain; a grid of points)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.calculus.util import minimum


GRID = (-4, -2, -1, -sp.Rational(1, 2), 0, sp.Rational(1, 2), 1, 2, 4, 16)  # each bound name independently
MAX_GRID_POINTS = 1000
# the range over ℝ of functions a quantified premise may use its variable through (onto these open intervals)
RANGES = {sp.tanh: sp.Interval.open(-1, 1), sp.exp: sp.Interval.open(0, sp.oo), sp.atan: sp.Interval.open(-sp.pi / 2, sp.pi / 2)}


def decide(a: Any, rel: str, b: Any) -> tuple[bool | None, bool]:
    """Whether ``a rel b`` holds: exactly (sympy), or else in floating point with 50 digits."""
    d = b - a if rel in ("<=", "<", "=", "==") else a - b
    d = d if d.is_Rational else sp.simplify(d)
    if rel not in ("=", "==") and d.is_extended_real is False:
        return None, False  # a number that is not real ((−1)^(1/3), principal) is not ordered: neither side holds
    if rel in ("=", "=="):
        holds = d.is_zero
    else:
        holds = d.is_positive if rel in ("<", ">") else d.is_nonnegative
    if holds is not None:
        return holds, True
    v = sp.N(d, 50)
    if not v.is_real:
        return None, False
    tol = sp.Float(10) ** -30
    if rel in ("=", "=="):
        return abs(v) <= tol, False
    return (v > tol if rel in ("<", ">") else v >= -tol), False


@lru_cache(maxsize=4096)
def forall_decide(d: sp.Expr, rel: str, domains: tuple[tuple[Any, Any], ...]) -> tuple[bool | None, bool]:
    """Whether d ≥ 0 (rel '<='), d > 0 ('<') or d = 0 ('=') for every value of the variables in their
    domains, each ranging independently."""
    variables = [v for v, _ in domains if d.has(v)]
    if not variables:
        return decide(sp.Integer(0), rel, d)
    if rel == "=":
        if sp.simplify(d) == 0:
            return True, True
    elif len(variables) == 1:
        (v,) = variables
        try:
            low = sp.Min(*(minimum(g, t, piece) for g, t, piece in _without_abs(*_through_range(d, v, dict(domains)[v]))))
        except (NotImplementedError, ValueError, TypeError, AttributeError):
            low = None
        if low is not None and low.is_extended_real:
            if (low > 0) == sp.true or (rel == "<=" and (low >= 0) == sp.true):
                return True, True
            if (low < 0) == sp.true:
                return False, True
    return grid_decide(d, rel, tuple((v, dom) for v, dom in domains if v in variables))


def _through_range(d: sp.Expr, v: Any, domain: Any) -> tuple[sp.Expr, Any, Any]:
    """(g, t, R) with d(v) = g(h(v)) and R the range of h over ℝ, when v ranges over ℝ and enters d only
    through one h(v) of ``RANGES`` (the infimum over R is the same, and sympy finds it far faster without
    the limits at ±∞ of h); else (d, v, domain)."""
    inner = [f for f in d.atoms(*RANGES) if f.args == (v,)]
    if domain != sp.S.Reals or len(inner) != 1:
        return d, v, domain
    t = sp.Dummy("t", real=True)
    g = d.xreplace({inner[0]: t})
    return (d, v, domain) if g.has(v) else (g, t, RANGES[inner[0].func])


def _without_abs(d: sp.Expr, v: Any, domain: Any) -> list[tuple[sp.Expr, Any, Any]]:
    """(g, v, piece) for pieces covering the interval ``domain`` on each of which d = g with every |p(v)| of d
    replaced by ±p(v), when each such p is a polynomial with rational coefficients whose real roots are rational
    (the pieces meet at those roots; p keeps one sign on each closed piece): sympy's minimum of a polynomial
    is far faster than of its absolute value.  Nested bars (|relu(z)| = |(z + |z|)/2|): the inner ones first, then
    each piece again, as d is there.  Else [(d, v, domain)]."""
    every = [a for a in d.atoms(sp.Abs) if a.has(v)]
    bars = [a for a in every if a.args[0].is_polynomial(v)]
    if not every or not bars or not isinstance(domain, sp.Interval):
        return [(d, v, domain)]
    cuts: set[sp.Rational] = set()
    for bar in bars:
        poly = sp.Poly(bar.args[0], v)
        if poly.domain not in (sp.ZZ, sp.QQ):
            return [(d, v, domain)]
        roots = poly.real_roots()
        if not all(r.is_Rational for r in roots):
            return [(d, v, domain)]
        cuts |= {r for r in roots if domain.inf < r < domain.sup}
    ends = [domain.inf, *sorted(cuts), domain.sup]
    out = []
    for a, b in zip(ends, ends[1:]):
        inside = (a + b) / 2 if a.is_finite and b.is_finite else b - 1 if b.is_finite else a + 1 if a.is_finite else sp.Integer(0)
        g = d.xreplace({bar: bar.args[0] if bar.args[0].xreplace({v: inside}) > 0 else -bar.args[0] for bar in bars})
        piece = domain.intersect(sp.Interval(a, b))
        out += _without_abs(g, v, piece) if len(every) > len(bars) else [(g, v, piece)]
    return out


@lru_cache(maxsize=4096)
def grid_decide(d: sp.Expr, rel: str, domains: tuple[tuple[Any, Any], ...]) -> tuple[bool | None, bool]:
    """Points of a product grid (each variable on its own): an exact violation decides; otherwise the
    premise holds only as far as floating point and the grid can tell."""
    axes = []
    for _, dom in domains:
        if dom == sp.S.Reals:
            axes.append(list(GRID))
        else:
            axes.append(sorted({dom.inf, dom.sup, (dom.inf + dom.sup) / 2, dom.inf / 2, dom.sup / 2}))
    if not domains:
        return decide(sp.Integer(0), rel, d)
    f = sp.lambdify([v for v, _ in domains], d, "mpmath")
    worst, point = float("inf"), None
    for values in grid_points(axes):
        try:
            x = float(f(*values))
            x = -abs(x) if rel == "=" else x
        except Exception:  # noqa: BLE001 - a function mpmath cannot evaluate: undecided
            return None, False
        if x < worst:
            worst, point = x, values
    at = d.xreplace({v: p for (v, _), p in zip(domains, point)})
    holds, is_exact = decide(sp.Integer(0), rel, at)
    if holds is False and is_exact:
        return False, True
    if (worst < 0 if rel == "<=" else worst <= 0) if rel != "=" else worst < -1e-12:
        return False, False
    return None, False  # no violation on the grid is no evidence that it holds everywhere


def grid_points(axes: list[list[Any]]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [()]
    for axis in axes:
        out = [p + (x,) for p in out for x in axis][:MAX_GRID_POINTS]
    return out
