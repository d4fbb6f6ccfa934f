"""Positivity with hypotheses (issue 24, class 3): the signs that premises and earlier chains give subterms of a
goal feed exact arithmetic (√ and division with ‖v‖ > 0 from a premise, Salimans & Kingma's ‖v'‖ ≥ ‖v‖), through
the kernel's ``le_of_signs``; false variants stay unproved and forged terms are rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_file, derivation_from, one_link_status
from symbound import verify
from kernelcheck import rejection
from symbound.kernel import arith
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: {kind: dimension}
  v: {kind: vector, shape: [n]}
  d: {kind: vector, shape: [n]}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  m: {kind: scalar}
definitions:
  C: norm(d) / norm(v)
premises:
  V: norm(v) > 0
  A: a > 0
  B: b > m
  M: m >= 0
  N: c >= 0
"""


def status(tmp_path, start: str, rel: str, end: str, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(1 + C**2) * norm(v)", ">=", "norm(v)"),            # the paper's step, through a definition
    ("norm(v)", "<=", "sqrt(1 + norm(d)**2/norm(v)**2) * norm(v)"),
    ("sqrt(1 + c**2/a**2) * a", ">=", "a"),                  # a scalar signed by a premise only
    ("a * sqrt(1 + c)", ">=", "a"),                          # two signs: a > 0 and c ≥ 0
    ("sqrt(1 + b) * b", ">", "b"),                           # b > m ≥ 0: a sign through a bound
])
def test_signs_from_premises_are_used(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(1 + C**2) * norm(v)", ">", "norm(v)"),             # equal when d = 0
    ("sqrt(1 + C**2) * norm(d)", ">=", "norm(v)"),
    ("sqrt(1 + c**2/m**2) * m", ">=", "m"),                  # m ≥ 0 only: undefined at m = 0
    ("sqrt(1 + a**2/c**2) * c", ">=", "c"),
    ("a * sqrt(1 + m - b)", ">=", "a"),                      # m − b < 0
    ("(1 + c/a) * a", ">", "a"),                             # c may be 0
])
def test_false_or_unsupported_variants_are_not_proved(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"



def test_a_negative_premise_gives_no_sign(tmp_path):
    """a < 0: √(1 + c²/a²)·a ≥ a is false (a = −1, c = 1), and a·√(1 + c) ≤ a is true but not by a sign of a."""
    header = HEADER.replace("A: a > 0", "A: a < 0")
    assert status(tmp_path, "sqrt(1 + c**2/a**2) * a", ">=", "a", header) != "proved"
    assert status(tmp_path, "a * sqrt(1 + c)", ">=", "a", header) != "proved"


def test_signs_from_an_earlier_chain(tmp_path):
    from symbound.check.checker import check

    report = check(derivation_from(tmp_path, """\
        symbols:
          a: {kind: scalar}
          c: {kind: scalar}
        premises:
          A: a >= 1
        chains:
          - id: pos
            start: a
            steps:
              - ">=": "1"
              - ">": "0"
          - id: grow
            start: "sqrt(1 + c**2/a**2) * a"
            steps:
              - ">=": a
    """), search=False)
    assert [link.status for link in report.links] == ["proved"] * 3


def test_decide_with_signs_is_exact():
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    e = sp.sqrt(1 + y**2 / x**2) * x - x
    assert not arith.decide(e, "nonnegative")
    assert arith.decide(e, "nonnegative", ((x, "positive"),))
    assert not arith.decide(e, "positive", ((x, "positive"),))
    assert not arith.decide(e, "nonnegative", ((y, "positive"),))
    with pytest.raises(ValueError):
        arith.decide(e, "nonnegative", ((x, "zero"),))


def test_kernel_rejects_forged_signs():
    a, c = sp.Symbol("a", real=True), sp.Symbol("c", real=True)
    k = Kernel({}, {}, {}, {"A": [Statement(sp.Integer(0), "<", a)], "N": [Statement(sp.Integer(0), "<=", c)]}, set())
    lhs, rhs = a, sp.sqrt(1 + c**2 / a**2) * a
    positive = Proof("premise", "A", sp.Integer(0), "<", a)
    good = Proof("gcongr", "le_of_signs", lhs, "<=", rhs, (positive,))
    defined = Proof("gcongr", "le_of_signs", sp.Integer(0), "<=", 1 + c**2 / a**2, (positive,))  # the root's side condition
    assert rejection(k, lhs, "<=", rhs, good, (positive, defined)) == ""
    assert rejection(k, lhs, "<", rhs, Proof("gcongr", "le_of_signs", lhs, "<", rhs, (positive,))) != ""
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "le_of_signs", lhs, "<=", rhs, ())) != ""
    wrong = Proof("premise", "N", sp.Integer(0), "<=", a)                      # N is about c, not a
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "le_of_signs", lhs, "<=", rhs, (wrong,))) != ""
    unproved = Proof("arithmetic", "positivity", sp.Integer(0), "<", a)          # sympy cannot show 0 < a
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "le_of_signs", lhs, "<=", rhs, (unproved,))) != ""
    other = Proof("premise", "N", sp.Integer(0), "<=", c)                       # a true sign, of the wrong term
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "le_of_signs", lhs, "<=", rhs, (other,))) != ""
    shifted = Proof("conv", "rewriting", sp.Integer(1), "<", a + 1, (positive,))  # not 0 < t
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "le_of_signs", lhs, "<=", rhs, (shifted,))) != ""


FORALL = """
symbols:
  n: {kind: dimension}
  s: {kind: vector, shape: [n]}
  r: {kind: vector, shape: [n]}
  i: {kind: index}
  c: {kind: scalar}
premises:
  N: n >= 2
  P:
    claim: "s[i] > 0"
    for_all: i
  R:
    claim: "r[i] >= 0"
    for_all: i
"""


@pytest.mark.parametrize("start, rel, end, holds", [
    ("sqrt(1 + c**2/s[1]**2) * s[1]", ">=", "s[1]", True),     # the for_all premise at the point the goal names
    ("sqrt(1 + c**2/s[2]**2) * s[2]", ">=", "s[2]", True),
    ("s[1] * sqrt(1 + r[2])", ">=", "s[1]", True),             # two for_all premises, at two points
    ("sqrt(1 + c**2/r[1]**2) * r[1]", ">=", "r[1]", False),    # r[1] may be 0: undefined
    ("s[1] * sqrt(1 + r[2])", ">", "s[1]", False),             # r[2] may be 0
])
def test_for_all_premises_give_signs_at_the_goals_points(tmp_path, start, rel, end, holds):
    assert (status(tmp_path, start, rel, end, FORALL) == "proved") == holds


def test_kernel_rejects_a_sign_under_a_binder():
    """0 < s[i] for the one i a premise names says nothing of the s[i] a product over i multiplies."""

    i = sp.Symbol("i", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    s = sp.Function("s", real=True)
    k = Kernel({}, {}, {}, {"P": [Statement(sp.Integer(0), "<", s(i))]}, set())
    product = sp.Product(s(i), (i, 1, n))
    sign = Proof("premise", "P", sp.Integer(0), "<", s(i))
    forged = Proof("gcongr", "le_of_signs", sp.Integer(0), "<", product, (sign,))
    assert "binds" in rejection(k, sp.Integer(0), "<", product, forged)



@pytest.mark.parametrize("premises, start, rhs, allowed", [
    (["0 <= c"], "norm(A @ v - v)", "0", {"refuted", "unproved"}),  # false (A = 0, v ≠ 0)
    (["0 <= c", "x == 0"], "norm(A @ x, inf)", "c", {"proved", "unproved"}),  # true: x = 0
])
def test_a_hypothesis_scaled_beside_a_norm_of_a_product_does_not_crash(tmp_path, premises, start, rhs, allowed):
    """scaled_fact divided the gap by a premise's slack with sympy's cancel, which raised NotImplementedError
    ('noncommutative scalars in MatMul') on a norm of a matrix product: a traceback instead of a verdict."""
    path = derivation_file(tmp_path, "\n".join([
        "symbols:", "  n: dimension", "  A: {kind: matrix, shape: [n, n]}", "  v: {kind: vector, shape: [n]}",
        "  x: {kind: vector, shape: [n]}", "  c: scalar", "premises:",
        *(f'  P{i}: {{claim: "{p}"}}' for i, p in enumerate(premises, start=1)),
        "chains:", "  - id: a", f'    start: "{start}"', "    steps:", f'      - "<=": "{rhs}"', ""]), "s.yaml")
    (only,) = verify(path, budget=200, repair=False).links
    assert only.status in allowed, only.reason
