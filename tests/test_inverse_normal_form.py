"""Issue 24, class 1: the inverse inside the normal form of matrix polynomials (symbound.kernel.algebra).

P⁻¹ cancels against the factors next to it whose product has P's normal form ((AB)⁻¹AB = I, also for a
non-square A with AᵀA invertible), or against a factor equal to P across factors that commute with P (the
Cayley transform: I + A and I − A commute); (A₁⋯A_k)⁻¹ = A_k⁻¹⋯A₁⁻¹ only for square factors; (P⁻¹)ᵀ = (Pᵀ)⁻¹.
Every term holding an inverse needs its invertibility proved (symbound.kernel.domains): nothing is cancelled
on an assumption.  Attacks: no premise, factors that do not commute, non-square factors, forged terms."""

from __future__ import annotations


import pytest
import sympy as sp

from symbound.kernel.algebra import monomials, normal
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from conftest import one_link_status
from kernelcheck import rejection

SYMBOLS = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  x: {kind: vector, shape: [n]}
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  M: {kind: matrix, shape: [n, n]}
  W: {kind: matrix, shape: [n, m]}
definitions:
  S: {value: M - M.T}
  Q: {value: (I - S) @ inv(I + S)}
"""
INVERTIBLE = """premises:
  PA: "sigma_min(A) >= 1"
  PB: "sigma_min(B) >= 1"
  PAB: "sigma_min(A @ B) >= 1"
  PW: "sigma_min(W.T @ W) >= 1"
  PS: "sigma_min(I + S) >= 1"
  MS: "sigma_min(I - S) >= 1"
  PM: "sigma_min(I + A) >= 1"
"""


def status(tmp_path, start: str, end: str, premises: str = INVERTIBLE) -> str:
    return one_link_status(tmp_path, SYMBOLS + premises, start, "=", end, search=True)


@pytest.mark.parametrize("start, end", [
    ("Q.T @ Q", "I"),                                                        # the Cayley transform is orthogonal
    ("Q.T @ Q", "inv(I + S).T @ (I - S).T @ (I - S) @ inv(I + S)"),           # (XY)ᵀ = YᵀXᵀ, through a definition
    ("inv(I - S) @ (I + S) @ (I - S) @ inv(I + S)", "I"),                     # I + S and I − S commute
    ("inv(I + A) @ (I - A) @ (I + A)", "I - A"),                              # across a commuting factor
    ("inv(A @ B) @ A @ B @ x", "x"),                                          # a run of factors
    ("inv(A @ B)", "inv(B) @ inv(A)"),                                        # (AB)⁻¹ = B⁻¹A⁻¹ for square factors
    ("A @ inv(A) @ x", "x"),
    ("norm(inv(A) @ (2 * A) @ x)", "2 * norm(x)"),                            # inside a norm, a scalar factor
    ("inv(W.T @ W) @ W.T @ W", "I"),                                          # non-square W, WᵀW invertible
])
def test_inverse_cancels_under_a_proved_invertibility(tmp_path, start, end):
    assert status(tmp_path, start, end) == "proved"


@pytest.mark.parametrize("start, end, premises", [
    ("inv(A) @ A @ x", "x", "premises: {}\n"),                               # invertibility not given: never assumed
    ("inv(A @ B) @ A @ B @ x", "x", "premises: {}\n"),
    ("inv(A) @ B @ A", "B", INVERTIBLE),                                      # A and B do not commute
    ("inv(I + A) @ (I - A.T) @ (I + A)", "I - A.T", INVERTIBLE),              # A and Aᵀ do not commute
    ("inv(I + A) @ (I + A.T)", "I", INVERTIBLE),                              # not P⁻¹P
])
def test_no_cancellation_without_invertibility_or_commuting(tmp_path, start, end, premises):
    assert status(tmp_path, start, end, premises) != "proved"


def test_false_cancellations_are_refuted(tmp_path):
    assert status(tmp_path, "inv(A) @ B @ A", "B") == "refuted"
    assert status(tmp_path, "inv(I + A) @ (I - A.T) @ (I + A)", "I - A.T") == "refuted"


def test_a_non_square_product_is_not_split():
    n, m = sp.Symbol("n", integer=True, positive=True), sp.Symbol("m", integer=True, positive=True)
    W = sp.MatrixSymbol("W", n, m)
    assert list(monomials(sp.Inverse(W.T * W))) == [(((sp.Inverse(W.T * W),), 1),)]  # an atom, not W⁻¹W⁻ᵀ
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    assert normal(sp.Inverse(A * B)) == normal(sp.Inverse(B) * sp.Inverse(A))
    assert normal(sp.Transpose(sp.Inverse(A * B))) == normal(sp.Inverse(A.T) * sp.Inverse(B.T))  # (P⁻¹)ᵀ = (Pᵀ)⁻¹


def test_forged_cancellations_are_rejected_by_the_kernel():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    k = Kernel({}, {}, {}, {}, set())
    forged = sp.Inverse(A) * B * A
    assert rejection(k, forged, "=", B, Proof("conv", "rewriting", forged, "=", B))  # A, B do not commute
    I = sp.Identity(n)
    cancelled = sp.MatMul(sp.Inverse(I + A), I + A, B, evaluate=False)  # cancels only with I + A invertible
    assert normal(cancelled) == B
    assert "sigma_min(I + A)" in rejection(k, cancelled, "=", B, Proof("conv", "rewriting", cancelled, "=", B))


def test_an_atom_cancels_its_inverse_inside_an_expanded_word():
    n = sp.Symbol("n", integer=True, positive=True)
    A, C = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("C", n, n)
    I = sp.Identity(n)
    assert normal(sp.MatMul(A + C, sp.Inverse(A), evaluate=False)) == normal(I + C * sp.Inverse(A))
    assert normal(sp.MatMul(sp.Inverse(A), C + A, evaluate=False)) == normal(sp.Inverse(A) * C + I)
    assert normal(sp.MatMul(C, sp.Inverse(A), evaluate=False)) != normal(sp.MatMul(sp.Inverse(A), C, evaluate=False))
