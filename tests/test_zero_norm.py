"""‖0‖ = 0 in every norm: a norm of the zero matrix (or of a difference that cancels) evaluates to 0, so such
steps are proved by arithmetic; a norm of a matrix not known to be zero is not."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from, one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Norm

HEADER = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n]}
  v: {kind: vector, shape: [n]}
  w: {kind: vector, shape: [n]}
  c: scalar
premises:
  P1: "0 <= c"
"""


@pytest.mark.parametrize("kind", ["1", "2", "inf", "fro"])
def test_the_norm_of_the_zero_matrix_is_zero(kind):
    n = sp.Symbol("n", integer=True, positive=True)
    assert Norm(sp.ZeroMatrix(n, 1), kind) == 0
    assert Norm(sp.ZeroMatrix(n, n), kind) == 0
    with sp.evaluate(False):  # as written (the display twin), kept
        assert isinstance(Norm(sp.ZeroMatrix(n, 1), kind), Norm)


@pytest.mark.parametrize("start,rel,end,status", [
    ("norm(A @ v - A @ v)", "=", "0", "proved"),
    ("norm(0 * A, fro)", "=", "0", "proved"),
    ("norm(A @ (v - v), inf)", "<=", "c", "proved"),
    ("norm(A @ v - A @ w)", "=", "0", "unproved"),
    ("norm(v - w, 1)", "<=", "0", "unproved"),
])
def test_steps_on_zero_norms(tmp_path, start, rel, end, status):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == status  # (no counterexample search: unproved, not refuted)


def test_kernel_rejects_a_forged_zero_norm(tmp_path):
    kernel = Kernel.for_derivation(derivation_from(tmp_path, HEADER + "chains:\n  - id: c\n    start: c\n    steps:\n      - '>=': 0\n"))
    n = sp.Symbol("n", integer=True, positive=True)
    A, v, w = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("v", n, 1), sp.MatrixSymbol("w", n, 1)
    cancels = Norm(sp.MatAdd(A * v, -A * v, evaluate=False))
    assert rejection(kernel, cancels, "=", sp.Integer(0), Proof("arithmetic", "arithmetic", cancels, "=", sp.Integer(0))) == ""
    for lhs, rhs in ((cancels, sp.Integer(1)), (Norm(A * v - A * w), sp.Integer(0))):
        assert rejection(kernel, lhs, "=", rhs, Proof("arithmetic", "arithmetic", lhs, "=", rhs)) != ""
