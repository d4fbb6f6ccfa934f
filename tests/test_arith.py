"""The sign decisions' point filter (src/symbound/kernel/arith.py): a point that refutes a goal only ever withholds a
decision; it never changes what sympy's normal forms decide."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from symbound.kernel import arith

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
p = sp.Symbol("p", positive=True)
q = sp.Symbol("q", nonnegative=True)
k = sp.Symbol("k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)


def _decided_without_filter(e: sp.Expr, want: str) -> bool:
    """decide with the point filter switched off (sympy's normal forms only)."""
    saved = arith.refuted_at_a_point
    arith.refuted_at_a_point = lambda *_: False
    arith._decide.cache_clear()
    arith._decided.cache_clear()
    try:
        return arith.decide(e, want)
    finally:
        arith.refuted_at_a_point = saved
        arith._decide.cache_clear()
        arith._decided.cache_clear()


@pytest.mark.parametrize("e, want", [
    ((x - 1) ** 2, "nonnegative"),            # terms of both signs, a square
    (p + 1 / p, "positive"),
    (q * p, "nonnegative"),
    (n - 1, "nonnegative"),                   # 1/2 is not a value of n: no refutation there
    (2**n - 1, "positive"),
])
def test_true_goals_are_never_refuted_at_a_point(e: sp.Expr, want: str) -> None:
    x_opaque, _ = arith.opaque(e)
    assert not arith.refuted_at_a_point(x_opaque, want)
    assert arith.decide(e, want)


@pytest.mark.parametrize("e, want", [
    (x - 1, "nonnegative"),
    (q - 1 / p, "positive"),
    (p - q, "nonnegative"),
    (x * y, "zero"),
    (k - 1, "nonnegative"),
])
def test_false_goals_are_refuted_at_an_admissible_point(e: sp.Expr, want: str) -> None:
    assert arith.refuted_at_a_point(arith.opaque(e)[0], want)
    assert not arith.decide(e, want)


def test_points_have_every_assumption_of_their_symbols() -> None:
    for s in (x, p, q, k, n, sp.Symbol("e", even=True), sp.Symbol("r", negative=True), sp.Symbol("z", zero=True)):
        for j in range(arith.SAMPLES):
            v = arith._value(s, j)
            if v is not None:
                assert all(getattr(v, "is_" + key) == held for key, held in s.assumptions0.items()), (s, v)


def test_a_square_sympy_cannot_see_is_not_refuted_either() -> None:
    assert not arith.refuted_at_a_point(x**2 - 2 * x * y + y**2, "nonnegative")


def test_integer_goal_true_only_at_integers_is_not_refuted_at_a_fraction() -> None:
    # k² − k ≥ 0 holds at every integer (fails at 1/2): the filter may only use integers for k
    assert not arith.refuted_at_a_point(k**2 - k, "nonnegative")


def test_exponent_towers_are_left_to_sympy() -> None:
    assert not arith.refuted_at_a_point(-(p ** (n**n)), "nonnegative")


def test_the_filter_never_changes_a_decision() -> None:
    """Random polynomials and quotients in signed symbols: decide with the filter equals decide without it."""
    rng = random.Random(20261126)
    atoms = [x, y, p, q, n, 1 / p, sp.Abs(x), p**2]
    for _ in range(150):
        e = sp.Integer(rng.randint(-2, 2))
        for _ in range(rng.randint(1, 4)):
            term = sp.Integer(rng.choice([-3, -1, 1, 2]))
            for _ in range(rng.randint(1, 3)):
                term *= rng.choice(atoms)
            e += term
        if rng.random() < 0.3:
            e = e**2
        for want in ("positive", "nonnegative", "zero"):
            arith._decide.cache_clear()
            arith._decided.cache_clear()
            assert arith.decide(e, want) == _decided_without_filter(e, want), (e, want)


def test_nested_fractions_are_decided_over_one_denominator() -> None:
    """sympy's cancel leaves 1/(1 − 1/(1 + 1/(T − 1))) − T as it is; together writes it over one denominator, 0
    (fresh5's chrono initialisation: 1/(1 − σ(log(T − 1))) = T); false variants stay undecided."""
    T = sp.Symbol("T", real=True)
    a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
    nested = 1 / (1 - 1 / (1 + 1 / (T - 1)))
    assert arith.decide(nested - T, "zero")
    assert arith.decide(1 / (1 - 1 / (1 + sp.exp(-sp.log(T - 1)))) - T, "zero")
    assert arith.decide((1 / a + 1 / b) / (1 / (a * b)) - (a + b), "zero")
    assert arith.decide(1 / (1 / a + 1 / b) - a * b / (a + b), "zero")
    for false in (nested - T - 1, (1 / a + 1 / b) / (1 / (a * b)) - a * b, 1 / (1 / a + 1 / b) - (a + b) / (a * b)):
        assert not arith.decide(false, "zero")
