"""An empty range (b − a + 1 a number ≤ 0) is the empty sum 0 and the empty product 1 (issue 24): decided by
arithmetic, with no side condition on the terms that are not there, and as the base case of an unrolled
recurrence; a range that is not empty is never read as one."""

from __future__ import annotations


import pytest

from conftest import one_link_status
import sympy as sp

from symbound.kernel import arith, recurrence
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import MatSum, SeqElem
from kernelcheck import rejection


def status(tmp_path, start: str, end: str) -> str:
    return one_link_status(tmp_path, """
        symbols:
          a: {kind: scalar}
          k: {kind: index}
        definitions:
          E: sum(a**j, j, k, k - 1)
    """, start, "=", end)


@pytest.mark.parametrize("start, end", [
    ("sum(a**j, j, 0, -1)", "0"),
    ("sum(a**j, j, k, k - 1)", "0"),        # a**j needs 0 ≤ j or a ≠ 0, but there is no term
    ("E + prod(a, j, 1, 0)", "1"),          # through a definition, with the empty product
    ("a*sum(1/a, j, 3, 2) + 2", "2"),       # inside a product: no side condition a ≠ 0
])
def test_empty_ranges_are_decided(tmp_path, start, end):
    assert status(tmp_path, start, end) == "proved"


@pytest.mark.parametrize("start, end", [("sum(a**j, j, 0, 0)", "0"), ("sum(a**j, j, k, k)", "0"), ("sum(a, j, 0, k - 1)", "0")])
def test_ranges_that_may_hold_a_term_are_not_empty(tmp_path, start, end):
    assert status(tmp_path, start, end) != "proved"


def test_kernel_empty_range_decisions():
    a, j, k = sp.Symbol("a", real=True), sp.Symbol("j", integer=True), sp.Symbol("k", integer=True)
    assert arith.decide(sp.Sum(a**j, (j, 0, -1)), "zero")
    assert arith.decide(sp.Product(a, (j, k, k - 1)) - 1, "zero")
    assert not arith.decide(sp.Sum(a**j, (j, 0, k - 1)), "zero")
    assert not arith.decide(sp.Sum(a**j, (j, 0, 0)), "zero")
    forged = Proof("arithmetic", "arithmetic", sp.Sum(a, (j, 0, 0)), "=", sp.Integer(0))
    assert rejection(Kernel({}, {}, {}, {}, set()), sp.Sum(a, (j, 0, 0)), "=", sp.Integer(0), forged) != ""


def test_the_base_case_of_an_unrolled_recurrence_has_an_empty_sum():
    n, k, t, j = sp.Symbol("n", integer=True, positive=True), *sp.symbols("k t j", integer=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    x0 = SeqElem("x", sp.Integer(0), n, 1)
    term = A**j * B * SeqElem("u", t - j, n, 1)
    closed = A**t * x0 + MatSum(term, (j, 0, t - 1))
    update = A * SeqElem("x", k - 1, n, 1) + B * SeqElem("u", k, n, 1)
    why = recurrence.obligations(SeqElem("x", k, n, 1), k, update, SeqElem("x", t, n, 1), closed, t, sp.Integer(0))
    assert "base case" not in why
    wrong = A**t * x0 + MatSum(term, (j, 0, t))  # one term too many: at t = 0 it holds B u[0]
    why = recurrence.obligations(SeqElem("x", k, n, 1), k, update, SeqElem("x", t, n, 1), wrong, t, sp.Integer(0))
    assert "base case fails" in why
