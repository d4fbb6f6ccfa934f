"""Scalar sums in the kernel's arithmetic (issue 24, class 1; fresh4's stochastic depth and VAE): linearity over
any range, and a polynomial in the index in closed form by a telescoping P(b) − P(a − 1) the kernel verifies,
only where the range's length is known to be ≥ 0 — with false controls, reversed and possibly empty ranges."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from symbound.kernel.summation import by_linearity

HEADER = """
symbols:
  L: dimension
  J: dimension
  k: index
  m: {kind: scalar, assume: [integer]}
  c: scalar
  p: scalar
  s: {kind: vector, shape: [J]}
  t: {kind: vector, shape: [J]}
premises:
  P: "c >= 0"
"""

TRUE = [
    ("sum(l, l, 1, L)", "=", "L * (L + 1) / 2"),  # Gauss
    ("sum(1 - l / L, l, 1, L)", "=", "(L - 1) / 2"),
    ("sum(1 - l / L * (1 - p), l, 1, L)", "=", "L - (L + 1) * (1 - p) / 2"),  # stochastic depth
    ("sum(l**2, l, 1, L)", "=", "L * (L + 1) * (2 * L + 1) / 6"),
    ("sum(c, j, 0, L)", "=", "(L + 1) * c"),  # the dimension L ≥ 1: a range of length L + 1
    ("sum(j, j, 0, L - 1)", "=", "L * (L - 1) / 2"),
    ("sum(j, j, 2, L + 1)", "=", "L * (L + 3) / 2"),
    ("sum(s[j], j, 1, J) - sum(t[j], j, 1, J)", "=", "sum(s[j] - t[j], j, 1, J)"),
    ("sum(s[j], j, 1, J) / 2", "=", "sum(s[j] / 2, j, 1, J)"),
    ("sum(c * s[j] + 2 * j, j, 1, J)", "=", "c * sum(s[j], j, 1, J) + J * (J + 1)"),
    ("sum(s[j] - t[j], j, 1, J) + sum(t[j], j, 1, J)", "=", "sum(s[j], j, 1, J)"),
    ("sum(c * j - c, j, 1, m) + sum(c, j, 1, m)", "=", "c * sum(j, j, 1, m)"),  # linearity over any range, even empty
    ("sum(l, l, 1, L) + c", "<=", "L * (L + 1) / 2 + 2 * c"),
    # a body in one normal form (Finset.sum_congr / prod_congr), and ∏ exp = exp Σ (fresh5's Laplace mechanism)
    ("prod(exp(s[j]) * exp(t[j]), j, 1, J)", "=", "prod(exp(s[j] + t[j]), j, 1, J)"),
    ("prod(exp(-c * s[j]) / exp(-c * t[j]), j, 1, J)", "=", "prod(exp(c * (t[j] - s[j])), j, 1, J)"),
    ("prod(exp(c * s[j]), j, 1, J)", "=", "exp(c * sum(s[j], j, 1, J))"),
    ("prod(exp(c * j), j, 1, k) * exp(c)", "=", "exp(sum(c * j, j, 1, k) + c)"),  # any range: an empty one is 1 = exp 0
    ("sum((s[j] + t[j])**2, j, 1, J)", "=", "sum(s[j]**2 + 2 * s[j] * t[j] + t[j]**2, j, 1, J)"),
    ("prod((1 + c) * (1 - c), j, 1, k)", "=", "prod(1 - c**2, j, 1, k)"),
    # coordinates are linear, (s − t)ⱼ = sⱼ − tⱼ, with the norms in coordinates (fresh5's Laplace mechanism, ratio.3)
    ("sum(abs(s[j] - t[j]), j, 1, J)", "=", "norm(s - t, 1)"),
    ("sum((s[j] + 2 * t[j])**2, j, 1, J)", "=", "norm(s + 2 * t)**2"),
    ("prod(exp(c * abs(s[j] - t[j])), j, 1, J)", "=", "exp(c * norm(s - t, 1))"),
]

FALSE = [
    ("sum(l, l, 1, L)", "=", "L * (L - 1) / 2"),
    ("sum(1, l, 3, m)", "=", "m - 2"),  # false at m = 0: the empty sum is 0, not −2 (Karr's reading would say −2)
    ("sum(j, j, 1, m)", "=", "m * (m + 1) / 2"),  # false at m = −2: 0, not 1
    ("sum(c, j, 0, L)", "=", "L * c"),
    ("sum(c, j, 0, k)", "=", "(k + 1) * c"),  # an index may be negative: the empty sum 0 at k = −5, not −4c
    ("sum(j, j, 0, k - 1)", "=", "k * (k - 1) / 2"),  # 0, not 1, at k = −1
    ("sum(s[j], j, 1, J) - sum(t[j], j, 1, J)", "=", "sum(s[j] + t[j], j, 1, J)"),
    ("sum(s[j], j, 1, J) / 2", "=", "sum(s[j], j, 1, J)"),
    ("prod(exp(s[j]) * exp(t[j]), j, 1, J)", "=", "prod(exp(s[j] - t[j]), j, 1, J)"),
    ("prod(exp(c * s[j]), j, 1, J)", "=", "exp(sum(s[j], j, 1, J))"),
    ("prod(exp(s[j]), j, 1, J)", "=", "prod(exp(s[j]), j, 2, J)"),  # another range
    ("prod(exp(s[j]), j, 1, J)", "=", "exp(J * s[1])"),
    ("sum((s[j] + t[j])**2, j, 1, J)", "=", "sum(s[j]**2 + t[j]**2, j, 1, J)"),
    ("sum(abs(s[j] + t[j]), j, 1, J)", "=", "norm(s - t, 1)"),
    ("sum((s[j] - t[j])**2, j, 1, J)", "=", "norm(s + t)**2"),
    ("prod(exp(abs(s[j] - t[j])), j, 1, J)", "=", "exp(2 * norm(s - t, 1))"),
]


@pytest.mark.parametrize("start, rel, end", TRUE)
def test_sum_algebra_is_proved(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", FALSE)
def test_false_sum_algebra_is_not_proved(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) != "proved"


def test_closed_form_only_where_the_range_length_is_known_nonnegative():
    i = sp.Symbol("i", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    m = sp.Symbol("m", integer=True)
    x = sp.Symbol("x", real=True)
    assert sp.expand(by_linearity(sp.Sum(i, (i, 1, n))) - n * (n + 1) / 2) == 0
    kept = by_linearity(sp.Sum(i, (i, 1, m)))  # m may be −2: the closed form would read Karr's reversed range
    assert kept.has(sp.Sum)
    assert by_linearity(sp.Sum(x, (i, 1, x))) .has(sp.Sum)  # an end that is not a whole number
    assert by_linearity(sp.Sum(3, (i, 1, 0))) == 0  # the empty range, length 0


def test_the_kernel_decides_bodies_in_one_normal_form_and_no_further():
    """arith.decide on ∏/Σ whose bodies agree after expand and powsimp, ∏ exp = exp Σ; forged equalities of
    different bodies, ranges or exponents rejected by the kernel."""
    from kernelcheck import rejection
    from symbound.kernel import arith
    from symbound.kernel.kernel import Kernel
    from symbound.kernel.proofs import Proof

    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    j, k = sp.Symbol("j", integer=True), sp.Symbol("k", integer=True)
    f, g = sp.Function("f", real=True), sp.Function("g", real=True)
    assert arith.decide(sp.Product(sp.exp(f(j)) / sp.exp(g(j)), (j, 1, k)) - sp.Product(sp.exp(f(j) - g(j)), (j, 1, k)), "zero")
    assert arith.decide(sp.Product(sp.exp(a * f(j)), (j, 1, k)) - sp.exp(a * sp.Sum(f(j), (j, 1, k))), "zero")
    for lhs, rhs in ((sp.Product(sp.exp(f(j)) * sp.exp(g(j)), (j, 1, k)), sp.Product(sp.exp(f(j) - g(j)), (j, 1, k))),
                     (sp.Product(sp.exp(f(j)), (j, 1, k)), sp.Product(sp.exp(f(j)), (j, 2, k))),
                     (sp.Product(sp.exp(b * f(j)), (j, 1, k)), sp.exp(sp.Sum(f(j), (j, 1, k)))),
                     (sp.Sum((a + f(j)) ** 2, (j, 1, k)), sp.Sum(a ** 2 + f(j) ** 2, (j, 1, k)))):
        assert not arith.decide(lhs - rhs, "zero")
        forged = Proof("arithmetic", "arithmetic", lhs, "=", rhs)
        assert rejection(Kernel({}, {}, {}, {}, set()), lhs, "=", rhs, forged) != "", (lhs, rhs)


def test_the_kernel_reads_a_coordinate_of_a_linear_combination_as_the_combination_of_coordinates():
    from symbound.kernel import arith
    from symbound.ops.coordinate import Coordinate

    n, j = sp.Symbol("n", integer=True, positive=True), sp.Symbol("j", integer=True)
    u, v, A = sp.MatrixSymbol("u", n, 1), sp.MatrixSymbol("v", n, 1), sp.MatrixSymbol("A", n, n)
    c = sp.Symbol("c", real=True)
    assert arith.decide(Coordinate(u - 2 * v, j) - (Coordinate(u, j) - 2 * Coordinate(v, j)), "zero")
    assert arith.decide(Coordinate(c * (u + v), j) - c * Coordinate(u, j) - c * Coordinate(v, j), "zero")
    assert not arith.decide(Coordinate(u - v, j) - (Coordinate(u, j) + Coordinate(v, j)), "zero")
    assert not arith.decide(Coordinate(A * u, j) - Coordinate(u, j), "zero")  # a matrix times a vector stays as it is
