"""Issue 24, notation: a vector's norm in its coordinates as an ``=`` step — ‖v‖₂² = Σᵢ vᵢ², vᵀv = Σᵢ vᵢ²,
‖v‖∞ = maxᵢ |vᵢ|, ‖v‖₁ = Σᵢ |vᵢ| — through the kernel's leaf ``norm_coordinates`` (symbound.kernel.everyday),
which recomputes the coordinate form from v's own number of rows.  Variants inside a product, of a compound
vector, through a definition; wrong ranges and wrong norms refuted; forged leaves rejected."""

from __future__ import annotations


import pytest
import sympy as sp

from symbound.kernel.everyday import coordinate_form
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Coordinate, Norm
from conftest import one_link_status
from kernelcheck import rejection

SYMBOLS = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  v: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [m, n]}
definitions:
  u: {value: W @ v}
"""


def status(tmp_path, start: str, end: str) -> str:
    return one_link_status(tmp_path, SYMBOLS, start, "=", end, search=True)


@pytest.mark.parametrize("start, end", [
    ("norm(v)**2", "sum(v[i]**2, i, 1, n)"),
    ("v.T @ v", "sum(v[i]**2, i, 1, n)"),
    ("norm(v, inf)", "max(abs(v[i]), (i, 1, n))"),
    ("norm(v, 1)", "sum(abs(v[i]), i, 1, n)"),
    ("3 * norm(v)**2 + 1", "3 * sum(v[i]**2, i, 1, n) + 1"),            # inside a sum and a product
    ("norm(W @ v)**2", "sum((W @ v)[i]**2, i, 1, m)"),                   # a compound vector, m rows
    ("norm(u, fro)**2", "sum((W @ v)[j]**2, j, 1, m)"),                  # through a definition
])
def test_a_norm_in_coordinates_is_proved(tmp_path, start, end):
    assert status(tmp_path, start, end) == "proved"


@pytest.mark.parametrize("start, end", [
    ("norm(v)**2", "sum(v[i]**2, i, 2, n)"),                             # a coordinate left out
    ("norm(v, inf)", "sum(abs(v[i]), i, 1, n)"),                         # ‖v‖∞ is not ‖v‖₁
    ("norm(v, 1)", "max(abs(v[i]), (i, 1, n))"),
    ("norm(v)", "sum(v[i]**2, i, 1, n)"),                                # the square root missing
])
def test_a_wrong_coordinate_form_is_not_proved(tmp_path, start, end):
    assert status(tmp_path, start, end) == "refuted"


def test_forged_coordinate_leaves_are_rejected():
    n = sp.Symbol("n", integer=True, positive=True)
    i = sp.Symbol("i", integer=True)
    v, A = sp.MatrixSymbol("v", n, 1), sp.MatrixSymbol("A", n, n)
    k = Kernel({}, {}, {}, {}, set())

    def leaf(lhs, rhs, index=i):
        return rejection(k, lhs, "=", rhs, Proof("coordinates", "norm_coordinates", lhs, "=", rhs, (), (("index", index),)))

    assert leaf(Norm(v, "2"), coordinate_form(v, "2", i)) == ""
    assert leaf(Norm(v, "2"), sp.sqrt(sp.Sum(Coordinate(v, i) ** 2, (i, 1, n - 1))))      # a shorter range
    assert leaf(Norm(v, "inf"), coordinate_form(v, "1", i))                                # another norm's form
    assert leaf(Norm(A, "2"), coordinate_form(A, "2", i))                                  # a matrix, not a vector
    assert leaf(Norm(v.T, "2"), coordinate_form(v.T, "2", i))                              # a row
    assert leaf(Norm(v, "2"), coordinate_form(v, "2", sp.Symbol("t")))                     # not an integer index
    assert leaf(Norm(v, "2"), coordinate_form(v, "2", n), n)                               # the index is v's size
