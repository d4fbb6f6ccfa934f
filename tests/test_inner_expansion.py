"""`=` steps between inner products decided with the inner products expanded bilinearly (issue 24):
wᵀ(x + η) = wᵀx + wᵀη, xᵀ(Ay) = (Aᵀx)ᵀy, ‖Rx‖² = xᵀRᵀRx, Pythagoras from vᵀd = 0.  Wrong variants stay
unproved or are refuted, only `=` expands (the canonical form keeps sums whole for Cauchy–Schwarz), and the
kernel rejects a forged arithmetic step."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.algebra import bilinear
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof
from symbound.ops.inner import Inner
from symbound.ops.norm import Norm
from kernelcheck import rejection

HEADER = """
symbols:
  n: {kind: dimension}
  a: {kind: scalar}
  w: {kind: vector, shape: [n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  d: {kind: vector, shape: [n]}
  A: {kind: matrix, shape: [n, n]}
  R: {kind: matrix, shape: [n, n]}
  eps: {kind: scalar, assume: [positive]}
"""


def link(tmp_path, start: str, rel: str, end: str, premises: str = ""):
    body = f"""
chains:
  - id: c
    start: "{start}"
    steps:
      - "{rel}": "{end}"
"""
    (only,) = check(derivation_from(tmp_path, textwrap.dedent(HEADER) + (f"premises:\n  P: \"{premises}\"\n" if premises else "") + body)).links
    return only


@pytest.mark.parametrize("start, end", [
    ("w.T @ (x + y)", "w.T @ x + w.T @ y"),
    ("inner(w, x + y)", "inner(w, x) + inner(w, y)"),
    ("(a*x).T @ y", "a * (x.T @ y)"),
    ("x.T @ (A @ y)", "(A.T @ x).T @ y"),
    ("x.T @ A @ y", "y.T @ A.T @ x"),
    ("x.T @ R.T @ R @ x", "norm(R @ x)**2"),
    ("x.T @ (-R.T @ R - eps*I) @ x", "-norm(R @ x)**2 - eps*norm(x)**2"),
    ("norm(x + y)**2", "norm(x)**2 + 2*(x.T @ y) + norm(y)**2"),
    ("(x - y).T @ (x + y)", "norm(x)**2 - norm(y)**2"),
    ("norm(x)**4", "(x.T @ x)**2"),
])
def test_inner_products_expand_in_an_equal_step(tmp_path, start, end):
    assert link(tmp_path, start, "=", end).status == "proved"


@pytest.mark.parametrize("start, end", [
    ("w.T @ (x + y)", "w.T @ x + 2 * (w.T @ y)"),
    ("x.T @ (A @ y)", "(A @ x).T @ y"),                 # A is not symmetric
    ("x.T @ R.T @ R @ x", "norm(R.T @ x)**2"),           # RᵀR ≠ RRᵀ
    ("norm(x + y)**2", "norm(x)**2 + norm(y)**2"),       # no orthogonality premise
    ("norm(x + y)", "norm(x) + norm(y)"),
    ("norm(A)**2", "norm(A, fro)**2"),                   # only vector norms are inner products
    ("norm(x, 1)**2", "x.T @ x"),                        # only the Euclidean norm
    ("norm(x, inf)**2", "x.T @ x"),
])
def test_a_wrong_expansion_is_not_proved(tmp_path, start, end):
    assert link(tmp_path, start, "=", end).status != "proved"


def test_pythagoras_from_an_orthogonality_premise(tmp_path):
    proved = link(tmp_path, "norm(v + d)**2", "=", "norm(v)**2 + norm(d)**2", "v.T @ d == 0")
    assert proved.status == "proved" and proved.premises == ["P"]
    assert link(tmp_path, "norm(v - d)**2", "=", "norm(v)**2 + norm(d)**2", "v.T @ d == 0").status == "proved"
    assert link(tmp_path, "norm(v + d)**2", "=", "norm(v)**2 + norm(d)**2", "v.T @ d <= 0").status != "proved"
    assert link(tmp_path, "norm(v + d)**2", "=", "norm(v)**2 + norm(d)**2", "v.T @ w == 0").status != "proved"
    assert link(tmp_path, "norm(v + d)**2", "=", "norm(v)**2 + 2*norm(d)**2", "v.T @ d == 0").status != "proved"


def test_the_expansion_stays_inside_equal_steps(tmp_path):
    """Cauchy–Schwarz still sees (x − y)ᵀ(w − v) whole; an inequality is not decided by expanding."""
    assert link(tmp_path, "(x - y).T @ (w - v)", "<=", "norm(x - y) * norm(w - v)").status == "proved"
    assert link(tmp_path, "x.T @ y", "<=", "x.T @ y + 1").status == "proved"


def test_bilinear_is_the_kernel_normal_form_of_scalars():
    n = sp.Symbol("n", integer=True, positive=True)
    x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
    A = sp.MatrixSymbol("A", n, n)
    assert bilinear(Inner(x, A * y)) == bilinear(Inner(A.T * x, y)) != bilinear(Inner(A * x, y))
    assert bilinear(Norm(x + y) ** 2) - bilinear(Norm(x) ** 2 + Norm(y) ** 2) == 2 * bilinear(Inner(x, y))
    assert bilinear(Norm(A) ** 2) == Norm(A) ** 2 and bilinear(Norm(x) ** 3) == Norm(x) ** 3
    assert bilinear(bilinear(Norm(x + y) ** 2)) == bilinear(Norm(x + y) ** 2)


def test_kernel_rejects_a_forged_expansion():
    n = sp.Symbol("n", integer=True, positive=True)
    v, d, w = (sp.MatrixSymbol(s, n, 1) for s in "vdw")
    k = Kernel({}, {}, {}, {"P": [Statement(Inner(v, d), "=", sp.Integer(0)), Statement(sp.Integer(0), "=", Inner(v, d))]}, set())
    stated = Proof("premise", "P", Inner(v, d), "=", sp.Integer(0))
    lhs, rhs = Norm(v + d) ** 2, Norm(v) ** 2 + Norm(d) ** 2
    assert rejection(k, lhs, "=", rhs, Proof("arithmetic", "arithmetic", lhs, "=", rhs, rewrites=(stated,))) == ""
    assert rejection(k, lhs, "=", rhs, Proof("arithmetic", "arithmetic", lhs, "=", rhs)) != ""  # the premise is needed
    forged = Proof("premise", "P", Inner(v, w), "=", sp.Integer(0))  # P is not about w
    wrong = Norm(v + w) ** 2, Norm(v) ** 2 + Norm(w) ** 2
    assert rejection(k, *wrong[:1], "=", wrong[1], Proof("arithmetic", "arithmetic", wrong[0], "=", wrong[1], rewrites=(forged,))) != ""
    # expanding never decides an inequality: ‖v + d‖² ≤ ‖v‖² + ‖d‖² is not arithmetic even with P
    assert rejection(k, lhs, "<=", rhs, Proof("arithmetic", "arithmetic", lhs, "<=", rhs, rewrites=(stated,))) != ""


@pytest.mark.parametrize("start, end, premises, proved", [
    ("abs(x.T @ y)", "norm(x, 1) * norm(y, inf)", "", True),
    ("x.T @ y", "norm(x, 1) * norm(y, inf)", "", True),
    ("y.T @ x", "norm(x, 1) * norm(y, inf)", "", True),          # either vector may carry the 1-norm
    ("x.T @ y", "eps * norm(x, 1)", "norm(y, inf) <= eps", True),  # Hölder, then the premise (Goodfellow et al.)
    ("x.T @ y", "norm(x, inf) * norm(y, inf)", "", False),
    ("abs(x.T @ y)", "norm(x, 2) * norm(y, inf)", "", False),
    ("x.T @ y", "eps * norm(x, inf)", "norm(y, inf) <= eps", False),
])
def test_holder_one_inf(tmp_path, start, end, premises, proved):
    assert (link(tmp_path, start, "<=", end, premises).status == "proved") == proved


@pytest.mark.parametrize("start, end, premises, proved", [
    ("v.T @ ((I - (v @ v.T) / norm(v)**2) @ d)", "0", "norm(v) > 0", True),   # a product of inner products
    ("v.T @ ((I - (v @ v.T) / norm(v)) @ d)", "0", "norm(v) > 0", False),
    ("v.T @ ((I - (v @ v.T) / norm(v)**2) @ d)", "0", "", False),             # undefined at v = 0
    ("(x.T @ x) * (x.T @ y)", "x.T @ (x @ x.T) @ y", "", True),
    ("norm(v + d)", "sqrt(norm(v)**2 + norm(d)**2)", "v.T @ d == 0", True),   # ‖u‖ = √(uᵀu)
    ("norm(v + d)", "norm(v) + norm(d)", "v.T @ d == 0", False),
    ("norm(v + d, 1)", "sqrt(norm(v)**2 + norm(d)**2)", "v.T @ d == 0", False),  # not the Euclidean norm
])
def test_products_of_inner_products_and_roots(tmp_path, start, end, premises, proved):
    assert (link(tmp_path, start, "=", end, premises).status == "proved") == proved
