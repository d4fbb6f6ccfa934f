"""Inequalities through a square root, by squaring (issue 24, class 3: Duchi et al.'s √(Z − a²) ≤ √Z − a²/(2√Z),
Mescheder et al.'s −γ/2 + √(γ²/4 − a²) < 0): the root isolated (symbound.search.roots.by_squaring) and checked by
the kernel's ``sqrt_le_left`` (√x ≤ y from x ≤ y², 0 ≤ y, 0 ≤ x) and ``le_sqrt`` (y ≤ √x from y² ≤ x); false
claims stay unproved and forged squarings are rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  p: {kind: scalar}
  q: {kind: scalar}
  a: {kind: scalar}
  Z: {kind: scalar}
  g: {kind: scalar, assume: [positive]}
definitions:
  s: {value: sqrt(g**2 / 4 - a**2)}
premises:
  pp: "p >= 0"
  qp: "q >= 0"
  nz: "abs(a) > 0"
  real: "a**2 <= g**2 / 4"
  Z_pos: "Z > 0"
  last_term: "a**2 <= Z"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(Z - a**2)", "<=", "sqrt(Z) - a**2 / (2 * sqrt(Z))"),   # AdaGrad's concavity step
    ("2 * sqrt(Z - a**2) + a**2 / sqrt(Z)", "<=", "2 * sqrt(Z)"),  # its induction step: the root with weight 2
    ("sqrt(p + q)", "<=", "sqrt(p) + sqrt(q)"),
    ("sqrt(g**2 / 4 - a**2)", "<", "g / 2"),                         # strict, from a² > 0 (|a| > 0)
    ("s", "<", "g / 2"),                                             # through a definition
    ("-g / 2 + s", "<", "0"),                                        # the root inside a sum
])
def test_inequalities_by_squaring(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(p + q)", "<=", "sqrt(p)"),
    ("sqrt(g**2 / 4 - a**2)", "<", "g / 4"),
    ("sqrt(p)", "<=", "p"),
    ("p + 1", "<=", "sqrt(p**2 + q)"),
    ("sqrt(Z)", "<=", "sqrt(Z - a**2) + a**2 / (2 * sqrt(Z)) - 1"),
])
def test_false_bounds_on_roots(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "unproved"


def test_kernel_rejects_forged_squarings():
    x = sp.Symbol("x", real=True)
    k = Kernel({}, {}, {}, {"P": [Statement(x, "<=", sp.Integer(4))], "Q": [Statement(sp.Integer(0), "<=", x)],
                            "R": [Statement(sp.Integer(4), "<=", x)]}, set())
    P, Q, R = (Proof("premise", n, *st) for n, st in (("P", (x, "<=", 4)), ("Q", (0, "<=", x)), ("R", (4, "<=", x))))
    side = (Q,)

    def sign(t: int) -> Proof:
        return Proof("arithmetic", "positivity", sp.Integer(0), "<=", sp.Integer(t))

    root = sp.sqrt(x)
    assert rejection(k, root, "<=", 2, Proof("signs", "sqrt_le_left", root, "<=", sp.Integer(2), (P, sign(2), Q)), side) == ""
    assert rejection(k, root, "<=", 2, Proof("signs", "sqrt_le_left", root, "<=", sp.Integer(2), (P, sign(2))), side) != ""
    assert rejection(k, root, "<=", -2, Proof("signs", "sqrt_le_left", root, "<=", sp.Integer(-2), (P, sign(-2), Q)), side) != ""
    assert rejection(k, root, "<", 2, Proof("signs", "sqrt_le_left", root, "<", sp.Integer(2), (P, sign(2), Q)), side) != ""
    assert rejection(k, root, "=", 2, Proof("signs", "sqrt_le_left", root, "=", sp.Integer(2), (P, sign(2), Q)), side) != ""
    assert rejection(k, 2, "<=", root, Proof("signs", "le_sqrt", sp.Integer(2), "<=", root, (R,)), side) == ""
    assert rejection(k, 3, "<=", root, Proof("signs", "le_sqrt", sp.Integer(3), "<=", root, (R,)), side) != ""
    assert rejection(k, 2, "<", root, Proof("signs", "le_sqrt", sp.Integer(2), "<", root, (R,)), side) != ""
    assert rejection(k, root, "<=", 2, Proof("signs", "eq_of_signs", root, "<=", sp.Integer(2), (sign(2),)), side) != ""
