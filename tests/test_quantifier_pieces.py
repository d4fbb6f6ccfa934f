"""The witness checker's minimum of a one-variable formula with absolute values (kernel/quantifiers.py): split where
each |p| changes sign, so sympy minimises polynomials.  Each decision is compared with the formula's exact values at
the points where its minimum can be (ends, roots, critical points) and on a dense grid: the split must never
decide a premise that fails, and must decide the ones that hold."""

from __future__ import annotations

import itertools

import sympy as sp
from sympy.calculus.util import minimum

from symbound.kernel.quantifiers import _without_abs, forall_decide

z = sp.Symbol("z", real=True)
R = sp.S.Reals
HALF = sp.Rational(1, 2)


def _sampled_min(d, domain):
    """The least exact value of d at a grid of rationals of the domain (its finite part, [-8, 8] otherwise)."""
    lo = domain.inf if domain.inf.is_finite else sp.Integer(-8)
    hi = domain.sup if domain.sup.is_finite else sp.Integer(8)
    points = [lo + (hi - lo) * sp.Rational(k, 96) for k in range(97)]
    points = [p for p in points if domain.contains(p) == sp.true]
    return min(d.xreplace({z: p}) for p in points)


CASES = [
    # (d, domain, whether d >= 0 on the whole domain)
    (3 - sp.Abs(3 * z**2 - 3), sp.Interval.open(-1, 1), True),  # the premise |σ'(z)| ≤ 3 at σ = 3·tanh, through tanh's range
    (1 - sp.Abs(z**2 - 1), R, False),
    (1 - sp.Abs(z), sp.Interval(-1, 1), True),
    (sp.Abs(z - HALF) - sp.Abs(z + 1) / 3, sp.Interval(-3, 3), False),  # sympy's own minimum says 7/6 here; it is -1/2 at z = 1/2
    (sp.Abs(z - HALF) - sp.Abs(z + 1) / 3 + HALF, sp.Interval(-3, 3), True),
    (sp.Abs(z) + sp.Abs(z - 2) - 2, R, True),
    (sp.Abs(z) + sp.Abs(z - 2) - 3, R, False),
    (sp.Abs(z**2 - 4) - sp.Abs(z) + 1, sp.Interval(-4, 4), False),
]


def test_the_split_decides_as_the_formula_does():
    for d, domain, holds in CASES:
        assert forall_decide(d, "<=", ((z, domain),)) == (holds, True), d
        assert (_sampled_min(d, domain) >= 0) == holds or holds is True, d  # the cases themselves are right


def test_each_piece_equals_the_formula_on_its_piece():
    for d, domain, _ in CASES:
        pieces = _without_abs(d, z, domain)
        assert not any(g.has(sp.Abs) for g, _, _ in pieces), d
        covered = sp.Union(*(piece for _, _, piece in pieces))
        assert covered == domain, d
        for g, v, piece in pieces:
            lo = piece.inf if piece.inf.is_finite else piece.sup - 5
            hi = piece.sup if piece.sup.is_finite else piece.inf + 5
            for k in range(11):
                p = lo + (hi - lo) * sp.Rational(k, 10)
                if piece.contains(p) == sp.true:
                    assert g.xreplace({v: p}) == d.xreplace({z: p}), (d, piece, p)


def test_the_least_value_is_the_formulas():
    for d, domain, _ in CASES:
        low = sp.Min(*(minimum(g, v, piece) for g, v, piece in _without_abs(d, z, domain)))
        assert low <= _sampled_min(d, domain), d  # never above a value the formula takes


def test_a_formula_the_split_does_not_cover_is_left_whole():
    irrational = sp.Abs(z**2 - 2) - 1  # roots ±√2: no exact rational cut
    assert _without_abs(irrational, z, R) == [(irrational, z, R)]
    nonpolynomial = 1 - sp.Abs(sp.sin(z))
    assert _without_abs(nonpolynomial, z, R) == [(nonpolynomial, z, R)]
    assert forall_decide(irrational, "<=", ((z, R),))[0] is not True  # fails at z = 0: -1


def test_strict_and_boundary_cases():
    # 1 - |z| > 0 fails at z = ±1 on the closed interval; 1 + |z| > 0 holds
    assert forall_decide(1 - sp.Abs(z), "<", ((z, sp.Interval(-1, 1)),)) == (False, True)
    assert forall_decide(1 + sp.Abs(z), "<", ((z, sp.Interval(-1, 1)),)) == (True, True)
    for a, b in itertools.product((-2, 0, 3), repeat=2):
        d = sp.Abs(z - a) + sp.Abs(z - b) - abs(a - b)  # the triangle: ≥ 0 everywhere, 0 between a and b
        assert forall_decide(d, "<=", ((z, R),)) == (True, True), d
