"""Signs the papers take for granted (issue 24, Mathlib's ``positivity`` and ``nlinarith``): a term of the goal
signed through the premises (−εc² < 0, 0 < ‖x‖²), a square root compared by squaring (√(1 + c²) ≥ 1), and
x² < 1 from |x| < 1 (the fact times |x| ≥ 0), also as a denominator's side condition; with false controls and
forged certificates rejected by the kernel."""

from __future__ import annotations


import pytest

from conftest import one_link_status
import sympy as sp

from symbound.kernel import arith
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof
from kernelcheck import rejection

HEADER = """
symbols:
  eps: {kind: scalar}
  c: {kind: scalar}
  lam: {kind: scalar}
  n: {kind: dimension}
  x: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
definitions:
  q: lam**2
premises:
  P: eps > 0
  Q: c > 0
  R: norm(x) > 0
  S: abs(lam) < 1
"""


def status(tmp_path, start: str, rel: str, end: str) -> str:
    return one_link_status(tmp_path, HEADER, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("-eps*c**2", "<", "0"),
    ("0", ">", "-eps*c**2*norm(x)"),                  # inside a product with a norm
    ("0", "<", "norm(x)**2"),
    ("0", "<", "eps*norm(W @ x)**2 + eps"),
    ("sqrt(1 + c**2)", ">=", "1"),
    ("sqrt(4 + c**2)", ">", "1"),
    ("abs(c) + 1", ">=", "sqrt(1 + c**2)"),
    ("lam**2", "<", "1"),
    ("q", "<", "1"),                                  # through a definition
    ("(1 - lam**2)/(1 - lam**2)", "=", "1"),          # the denominator's side condition from |lam| < 1
    ("norm(x)/(1 - q)", "=", "norm(x)/(1 - lam**2)"),
])
def test_signs_are_proved(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("-eps*lam**2", "<", "0"),          # lam may be 0
    ("0", "<", "norm(W @ x)**2"),       # W x may vanish
    ("sqrt(1 + lam**2)", ">", "1"),     # equal at lam = 0
    ("1", ">=", "sqrt(1 + c**2)"),
    ("lam**2", "<", "lam"),
    ("eps**2", "<", "1"),
])
def test_false_signs_are_not_proved(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"


def test_squaring_a_root_decides_only_true_signs():
    c, p = sp.Symbol("c", real=True), sp.Symbol("p", positive=True)
    assert arith.decide(sp.sqrt(1 + c**2) - 1, "nonnegative")
    assert not arith.decide(sp.sqrt(1 + c**2) - 1, "positive")
    assert arith.decide(1 + p - sp.sqrt(1 + p**2), "nonnegative")
    assert not arith.decide(2 - sp.sqrt(1 + c**2), "nonnegative")
    assert not arith.decide(3 * sp.sqrt(p) - p, "nonnegative")       # false at p = 16
    assert not arith.decide(2 - sp.sqrt(3 - c**2), "nonnegative")    # the root's argument may be negative


def test_kernel_rejects_forged_products():
    lam = sp.Symbol("lam", real=True)
    k = Kernel({}, {}, {}, {"S": [Statement(sp.Abs(lam), "<", sp.Integer(1))]}, set())
    fact = Proof("premise", "S", sp.Abs(lam), "<", sp.Integer(1))
    sign = Proof("arithmetic", "positivity", sp.Integer(0), "<=", sp.Abs(lam))
    bound = (("coefficients", sp.Tuple(1, 1)), ("multipliers", sp.Tuple(1, sp.Abs(lam))))
    good = Proof("linarith", "linarith", lam**2, "<", sp.Integer(1), (fact, fact, sign), bound)
    assert rejection(k, lam**2, "<", sp.Integer(1), good) == ""
    unsigned = Proof("linarith", "linarith", lam**2, "<", sp.Integer(1), (fact, fact), bound)
    assert rejection(k, lam**2, "<", sp.Integer(1), unsigned) != ""
    wrong_sign = Proof("arithmetic", "positivity", sp.Integer(0), "<=", -sp.Abs(lam))
    negative = (("coefficients", sp.Tuple(1, 1)), ("multipliers", sp.Tuple(1, -sp.Abs(lam))))
    forged = Proof("linarith", "linarith", lam**2, "<", sp.Integer(1), (fact, fact, wrong_sign), negative)
    assert rejection(k, lam**2, "<", sp.Integer(1), forged) != ""
    root = Proof("arithmetic", "arithmetic", sp.Integer(1), "<", sp.sqrt(1 + lam**2))
    assert rejection(k, sp.Integer(1), "<", sp.sqrt(1 + lam**2), root) != ""


FORMS = """
symbols:
  u: {kind: scalar}
  v: {kind: scalar}
  t: {kind: scalar, assume: [positive]}
"""


@pytest.mark.parametrize("start, rel, end", [
    ("u * v", "<=", "t * u**2 / 2 + v**2 / (2 * t)"),  # Young's inequality with a parameter (Peter–Paul)
    ("u**2 + u + 1", ">", "0"),  # a negative discriminant: positive definite
    ("2 * u * v - 3", "<", "u**2 + v**2"),
    ("u**4 - 2 * u**2 + 1", ">=", "0"),  # (u − 1)²(u + 1)², by factoring
    ("(u - v)**2 * (u**2 + 1)", ">=", "0"),
    ("-(u**2) + 4 * u * v", "<=", "4 * v**2"),  # (u − 2v)² ≥ 0
])
def test_quadratic_forms_and_factored_polynomials(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, FORMS, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("u * v", "<=", "t * u**2 / 2 + v**2 / (4 * t)"),  # false at t = 1, u = 1, v = 1
    ("u**2 + u + 1/4", ">", "0"),  # semidefinite only: 0 at u = −1/2
    ("u**2 + u - 1", ">=", "0"),
    ("u**4 - 2 * u**2", ">=", "0"),
    ("u * v", "<=", "u**2 + v**2 / 8"),  # false at u = 1, v = 2: 2 > 3/2
])
def test_indefinite_forms_are_not_proved(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, FORMS, start, rel, end) != "proved"
