"""A bound by sympy's supremum in every arrangement of the goal (issue 24, class 3: C&W's ½(tanh(w) + 1) ∈ [0, 1]):
the variable on the left, on the right, or on both sides (symbound.kernel.arith.calculus_bound), each a kernel
``calculus`` node; false and strict-at-an-unattained-supremum claims stay unproved."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel import arith
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  w: {kind: scalar}
  x: {kind: scalar}
  y: {kind: scalar}
  tanh: {kind: activation, function: tanh}
definitions:
  s: {value: (tanh(w) + 1) / 2}
premises:
  pos: "0 <= x"
  ylow: "y >= -1"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("tanh(w)", ">=", "-1"),               # the variable on the right of the written goal
    ("tanh(w) + 1", ">=", "0"),
    ("1 - tanh(w)", ">=", "0"),
    ("(tanh(w) + 1) / 2", ">=", "0"),
    ("s", ">=", "0"),                        # through a definition
    ("x * (tanh(w) + 1)", ">=", "0"),        # a factor of a product, the other signed by a premise
    ("2 * tanh(w) + 1", ">=", "tanh(w)"),    # on both sides
])
def test_a_bound_by_the_supremum_in_any_arrangement(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("tanh(w)", ">=", "-1/2"),
    ("tanh(w) + 1", ">=", "2"),
    ("tanh(w)**2 - 1", ">", "-1"),           # false at w = 0: the infimum −1 is attained
    ("2 * tanh(w)", ">=", "tanh(w)"),        # false for w < 0
    ("tanh(w)", ">=", "y"),                  # two variables
])
def test_what_the_supremum_does_not_give(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "unproved"


def test_the_kernel_takes_each_arrangement_and_no_false_one():
    w = sp.Symbol("w", real=True)
    t = sp.tanh(w)
    assert arith.calculus_bound(sp.Integer(-1), t, False) and arith.calculus_bound(sp.Integer(0), (t + 1) / 2, False)
    assert arith.calculus_bound(t, 2 * t + 1, False)
    assert not arith.calculus_bound(sp.Integer(0), t - 1, False) and not arith.calculus_bound(t, 2 * t, False)
    assert arith.calculus_bound(sp.Integer(-1), t, True)  # −1 < tanh: the infimum is never attained (tests/test_strict_ranges.py)
    assert not arith.calculus_bound(sp.Integer(-1), t**2 - 1, True)  # attained at w = 0
    k = Kernel({}, {}, {}, {}, set())
    assert rejection(k, sp.Integer(-1), "<=", t, Proof("calculus", "sup_by_calculus", sp.Integer(-1), "<=", t)) == ""
    assert rejection(k, t, "<=", sp.Integer(-1), Proof("calculus", "sup_by_calculus", t, "<=", sp.Integer(-1))) != ""
    assert rejection(k, sp.Integer(0), "<=", t, Proof("calculus", "sup_by_calculus", sp.Integer(0), "<=", t)) != ""
