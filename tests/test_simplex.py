"""The exact simplex behind every linear certificate (symbound.search.linear.simplex): sympy's own first phase
cycles on degenerate systems, so the problem it is handed always starts feasible; its answers are checked here
against vertex enumeration."""

from __future__ import annotations

import itertools
import random

import pytest
import sympy as sp

from symbound.search.linear import simplex

# the smallest of the systems on which sympy 1.14's linprog pivoted forever (reduced from the premises' consistency
# check of tests/test_kernel.py's LINEAR file once products of two premises were offered)
CYCLING = (sp.Matrix([[2, 3, 9]]), sp.Matrix([[0, 0, 1], [0, -1, -6]]), sp.Matrix([0, -1]))


@pytest.mark.parametrize("bound, feasible", [(1, False), (3, True), (4, True)])
def test_a_system_that_cycles_sympys_first_phase(bound, feasible):
    A, A_eq, b_eq = CYCLING
    found = simplex(sp.zeros(3, 1), A, sp.Matrix([bound]), A_eq, b_eq)
    assert (found is not None) is feasible  # x₃ = 0 and x₂ = 1, so 3 ≤ bound
    if feasible:
        x = sp.Matrix(found[1])
        assert A_eq * x == b_eq and (A * x)[0] <= bound and all(v >= 0 for v in x)


def vertices(c: list, A: list, b: list, A_eq: list, b_eq: list) -> sp.Rational | None:
    """min c·x over x ≥ 0, A·x ≤ b, A_eq·x = b_eq by enumerating the vertices (None when there is none)."""
    n = len(c)
    rows = [(r, v) for r, v in zip(A, b)] + [([-int(i == j) for i in range(n)], 0) for j in range(n)]
    best = None
    for active in itertools.combinations(range(len(rows)), n - len(A_eq)):
        M = sp.Matrix([rows[i][0] for i in active] + A_eq)
        if M.rank() < n:
            continue
        x = M.LUsolve(sp.Matrix([rows[i][1] for i in active] + b_eq))
        if all((sp.Matrix([r]) * x)[0] <= v for r, v in rows):
            value = (sp.Matrix([c]) * x)[0]
            best = value if best is None else min(best, value)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_optimum_is_the_best_vertex(seed):
    rng = random.Random(seed)
    n = 3
    c = [rng.randint(-3, 3) for _ in range(n)]
    A = [[rng.randint(-3, 3) for _ in range(n)] for _ in range(2)] + [[1] * n]  # the last row keeps it bounded
    b = [rng.randint(-4, 4) for _ in range(2)] + [6]
    A_eq = [[rng.randint(-2, 2) for _ in range(n)] for _ in range(rng.randint(0, 2))]
    b_eq = [rng.randint(-3, 3) for _ in A_eq]
    if A_eq and sp.Matrix(A_eq).rank() < len(A_eq):
        A_eq, b_eq = [], []
    found = simplex(sp.Matrix(c), sp.Matrix(A), sp.Matrix(b), sp.Matrix(A_eq) if A_eq else None,
                    sp.Matrix(b_eq) if A_eq else None)
    best = vertices(c, A, b, A_eq, b_eq)
    assert (found is None) == (best is None)
    if found is not None:
        value, x = found
        x = sp.Matrix(x)
        assert all(v >= 0 for v in x) and all(u <= v for u, v in zip(sp.Matrix(A) * x, b))
        assert not A_eq or sp.Matrix(A_eq) * x == sp.Matrix(b_eq)
        assert value == (sp.Matrix([c]) * x)[0] == best
