"""linarith's systems before sympy's simplex (issue 22 item 7): one that the signs alone show unsolvable (a monomial
the goal needs with a sign no usable column has, a column forced to zero by a row the goal does not hold) is
answered without the simplex, and one system is solved once.  The sign test is only ever "no solution": it is
checked against the simplex on random systems, and the verdicts of linear goals stay what they were."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from conftest import one_link_status
from symbound.search import linear
from symbound.search.linear import _sign_infeasible, simplex

m1, m2, m3 = sp.symbols("m1 m2 m3")
ONE = sp.Integer(1)


def solvable(goal: dict, columns: list[dict], monomials: list) -> bool:
    """Σ wⱼ·columnⱼ = goal on the monomials with w ≥ 0 (weights bounded), by the exact simplex."""
    A_eq = sp.Matrix([[c.get(m, 0) for c in columns] for m in monomials])
    b_eq = sp.Matrix([goal.get(m, 0) for m in monomials])
    bound = sp.Matrix([[1] * len(columns)])
    return simplex(sp.zeros(len(columns), 1), bound, sp.Matrix([1000 * len(columns)]), A_eq, b_eq) is not None


def dicts(rows: list[list[int]], monomials: list) -> list[dict]:
    """Columns as coefficient dictionaries (a zero entry left out, as sympy's as_coefficients_dict does)."""
    return [{m: sp.Integer(v) for m, v in zip(monomials, column) if v} for column in zip(*rows)]


@pytest.mark.parametrize("seed", range(60))
def test_signs_never_call_a_solvable_system_unsolvable(seed):
    rng = random.Random(seed)
    monomials = [m1, m2, m3][:rng.randint(1, 3)]
    n = rng.randint(1, 4)
    rows = [[rng.choice([-2, -1, 0, 0, 0, 1, 2]) for _ in range(n)] for _ in monomials]
    columns = dicts(rows, monomials)
    goal = {m: sp.Integer(v) for m in monomials if (v := rng.choice([-1, 0, 0, 1, 3]))}
    if _sign_infeasible(goal, columns, set(monomials)):
        assert not solvable(goal, columns, monomials)


def test_the_random_systems_include_some_the_signs_decide():
    """The property above is not vacuous: the signs decide some of those systems."""
    decided = 0
    for seed in range(60):
        rng = random.Random(seed)
        monomials = [m1, m2, m3][:rng.randint(1, 3)]
        n = rng.randint(1, 4)
        rows = [[rng.choice([-2, -1, 0, 0, 0, 1, 2]) for _ in range(n)] for _ in monomials]
        goal = {m: sp.Integer(v) for m in monomials if (v := rng.choice([-1, 0, 0, 1, 3]))}
        decided += _sign_infeasible(goal, dicts(rows, monomials), set(monomials))
    assert decided >= 5


@pytest.mark.parametrize("goal, rows, unsolvable", [
    ({m1: ONE}, [[-1, 0]], True),                      # the goal needs +m1, every column has −m1 or none
    ({m1: -ONE}, [[2, 1]], True),
    ({m1: ONE}, [[1, 0], [1, 0]], True),               # m2: only +, the goal has none, so w₁ = 0, then m1 has none
    ({m1: ONE}, [[1, 0], [1, -1]], False),             # m2: + and −, nothing forced (w = (1, 1) solves it)
    ({m1: ONE, m2: ONE}, [[1, 0], [0, 1]], False),     # solvable
    ({}, [[1, -1], [0, 0]], False),                    # the goal 0: w = 0 always solves it
    ({m1: ONE}, [[0, 0], [0, 0]], True),               # no column mentions the goal's monomial
])
def test_sign_cases(goal, rows, unsolvable):
    monomials = [m1, m2][:len(rows)]
    columns = dicts(rows, monomials)
    assert _sign_infeasible(goal, columns, set(monomials)) is unsolvable
    assert solvable(goal, columns, monomials) is not unsolvable


def test_a_coefficient_of_unknown_sign_decides_nothing():
    a = sp.Symbol("a")  # never produced by as_coefficients_dict, but a symbolic entry must not be taken as signed
    assert not _sign_infeasible({m1: ONE}, [{m1: a}], {m1})
    assert not _sign_infeasible({m1: a}, [{m1: -ONE}], {m1})


HEADER = """
symbols:
  n: dimension
  x: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  alpha: {kind: scalar}
  s: {kind: scalar}
premises:
  pal: "0 <= alpha <= 1"
  pW: "norm(W) <= 1"
  ps: "s > 0"
"""


@pytest.mark.parametrize("start, rel, end, verdict", [
    ("alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)", "<=", "norm(x)", "proved"),
    ("alpha*norm(x) + (1 + alpha)*norm(W)*norm(x)", "<=", "norm(x)", "unproved"),
    ("s*norm(x) + (1 - s)*norm(W)*norm(x)", "<=", "norm(x)", "unproved"),
    ("alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)", "<=", "alpha*norm(x)", "unproved"),
])
def test_the_simplex_gets_only_systems_the_signs_leave_open_and_each_once(tmp_path, monkeypatch, start, rel, end, verdict):
    handed: list = []

    def recording(objective, A, b, A_eq=None, b_eq=None):
        handed.append((objective, A, b, A_eq, b_eq))
        return simplex(objective, A, b, A_eq, b_eq)

    monkeypatch.setattr(linear, "simplex", recording)
    linear._solved.cache_clear()
    assert (one_link_status(tmp_path, HEADER, start, rel, end) == "proved") is (verdict == "proved")
    for _, _, _, A_eq, b_eq in handed:  # a row the goal needs (b ≠ 0) has an entry of that sign in some column
        if A_eq is not None:
            assert all(any(v * b > 0 for v in A_eq.row(i)) for i, b in enumerate(b_eq) if b != 0)
    keys = [tuple(tuple(M) if M is not None else None for M in system) for system in handed]
    assert len(keys) == len(set(keys))  # no system solved twice
