"""Issue 24, class 1 continued: scalar-valued sub-products (uᵀu, xᵀAy) inside non-commutative products are
scalars in the normal form (symbound.kernel.algebra), so that the Householder reflection I − 2uuᵀ/‖u‖² is seen
orthogonal; and literal powers of sums are multiplied out.  Each through a definition, a premise, inside a
product and a norm, with false controls, and forged kernel terms rejected."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.algebra import monomials, normal
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Norm
from symbound.ops.inner import Inner
from kernelcheck import rejection

SYMBOLS = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  u: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  x: {kind: vector, shape: [n]}
  h: {kind: vector, shape: [n]}
  w: {kind: vector, shape: [m]}
  A: {kind: matrix, shape: [n, n]}
definitions:
  H: {value: I - 2 * (u @ u.T) / norm(u)**2}
  G: {value: I - (u @ u.T) / norm(u)**2}
"""
NONZERO = 'premises:\n  P: "norm(u) > 0"\n'


def status(tmp_path, start: str, end: str, premises: str = NONZERO, search: bool = False) -> str:
    (link,) = check(derivation_from(tmp_path, SYMBOLS + premises + textwrap.dedent(f"""
        chains:
          - id: c
            start: "{start}"
            steps:
              - "=": "{end}"
        """)), search=search).links
    return link.status


@pytest.mark.parametrize("start, end, expected", [
    ("H.T @ H", "I", "proved"),                                   # the Householder reflection is orthogonal
    ("H @ H", "I", "proved"),
    ("norm(H @ H @ h)", "norm(h)", "proved"),                      # inside a norm
    ("norm(H.T @ H @ h) * 2", "2 * norm(h)", "proved"),            # inside a product
    ("G @ G", "G", "proved"),                                      # the projector is idempotent
    ("G.T @ G", "I", "refuted"),                                   # without the 2 it is not orthogonal
    ("u @ u.T @ u @ u.T", "norm(u)**2 * (u @ u.T)", "proved"),     # uᵀu taken out as ‖u‖²
    ("u @ v.T @ u @ v.T", "(v.T @ u) * (u @ v.T)", "proved"),      # vᵀu, in either orientation
    ("u @ v.T @ u @ v.T", "norm(v)**2 * (u @ v.T)", "refuted"),
    ("u @ u.T @ u @ u.T", "norm(u, 1)**2 * (u @ u.T)", "refuted"),  # uᵀu is the Euclidean norm squared
    ("u @ x.T @ A @ x @ v.T", "(x.T @ A @ x) * (u @ v.T)", "proved"),   # a quadratic form inside a product
    ("u @ x.T @ A @ x @ v.T", "(x.T @ A.T @ x) * (u @ v.T)", "proved"),  # xᵀAx = xᵀAᵀx
    ("u @ x.T @ A @ v @ v.T", "(x.T @ A @ v) * (u @ v.T)", "proved"),
    ("u @ x.T @ A @ v @ v.T", "(v.T @ A @ x) * (u @ v.T)", "refuted"),  # xᵀAv ≠ vᵀAx in general
    ("u @ w.T @ w @ u.T", "norm(w)**2 * (u @ u.T)", "proved"),     # vectors of another length
    ("(A + u @ u.T) ** 2", "A @ A + A @ u @ u.T + u @ u.T @ A + norm(u)**2 * (u @ u.T)", "proved"),
    ("(A + u @ u.T) ** 2", "A @ A + 2 * (A @ u @ u.T) + norm(u)**2 * (u @ u.T)", "refuted"),  # never commuted
])
def test_scalar_sub_products_commute(tmp_path, start, end, expected):
    assert status(tmp_path, start, end, search=expected == "refuted") == expected


@pytest.mark.parametrize("start, end", [("H.T @ H", "I"), ("norm(H @ H @ h)", "norm(h)"), ("G @ G", "G")])
def test_division_by_the_norm_needs_it_nonzero(tmp_path, start, end):
    """At u = 0 the reflection is undefined: without ‖u‖ > 0 the identity is not proved."""
    assert status(tmp_path, start, end, premises="") != "proved"
    assert status(tmp_path, start, end, premises='premises:\n  P: "norm(u) >= 0"\n') != "proved"


def test_normal_form_takes_out_only_proper_scalar_sub_words():
    n = sp.Symbol("n", integer=True, positive=True)
    u, v = sp.MatrixSymbol("u", n, 1), sp.MatrixSymbol("v", n, 1)
    A = sp.MatrixSymbol("A", n, n)
    assert monomials(u * u.T * u * u.T) == {(((u,), 1), ((u.T,), 1)): Norm(u, "2") ** 2}
    assert normal(u.T * A * u * u.T) == normal(Inner(u, A * u, evaluate=False) * u.T)
    # the whole 1×1 word stays a word; a sub-word that is not 1×1 stays in place
    assert monomials(u.T * A * v) == {(((u.T,), 1), ((A,), 1), ((v,), 1)): 1}
    assert normal(A * u * u.T * A) != normal(Norm(u, "2") ** 2 * A * A)
    assert normal(u * v.T * u * v.T) != normal(v * u.T * u * v.T)


def test_powers_of_sums_are_multiplied_out_within_a_bound():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    assert normal((A + B) ** 2) == normal(A * A + A * B + B * A + B * B)
    assert normal((A + B) ** 2) != normal(A * A + 2 * A * B + B * B)
    big = sp.MatPow(sp.MatAdd(*[sp.MatrixSymbol(f"M{i}", n, n) for i in range(5)]), 12)
    assert len(monomials(big)) == 1  # 5¹² products: kept as one atom, not multiplied out


def test_kernel_rejects_forged_scalar_extractions():
    n = sp.Symbol("n", integer=True, positive=True)
    u, v = sp.MatrixSymbol("u", n, 1), sp.MatrixSymbol("v", n, 1)
    k = Kernel({}, {}, {}, {}, set())

    def conv(lhs, rhs) -> str:
        return rejection(k, Norm(lhs), "=", Norm(rhs), Proof("conv", "rewriting", Norm(lhs), "=", Norm(rhs)))

    assert conv(u * u.T * u * u.T, Norm(u, "2") ** 2 * (u * u.T)) == ""
    assert conv(u * u.T * u * u.T, u * u.T) != ""                       # the scalar dropped
    assert conv(u * v.T * u * v.T, Norm(v, "2") ** 2 * (u * v.T)) != ""  # the wrong scalar
    assert conv(u * v.T * u * v.T, Norm(u, "2") * Norm(v, "2") * (u * v.T)) != ""  # only ≤ (Cauchy–Schwarz)
    assert conv(u * v.T * u * v.T, v * u.T * u * v.T) != ""             # outer factors reordered


POWERS = """
symbols:
  n: {kind: dimension}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  eta: {kind: scalar}
  t: {kind: index}
  k: {kind: index}
"""


@pytest.mark.parametrize("start, end, premises, expected", [
    ("eta**(t - k) * (eta**(t - k) * W)", "eta**(2*(t - k)) * W", '  P: "k <= t"\n', "proved"),
    ("norm(eta**(t - k) * eta**(t - k) * W @ x)", "abs(eta)**(2*(t - k)) * norm(W @ x)", '  P: "k <= t"\n', "proved"),
    ("eta**(t - k) * (eta**(t - k) * W)", "eta**(2*(t - k)) * W", "", "unproved"),   # η = 0, t < k: undefined
    ("eta**(t - k) * (eta**(t - k) * W)", "eta**(t - k) * W", '  P: "k <= t"\n', "refuted"),
    ("norm(Q.T @ x)", "norm(x)", "", "proved"),                                       # Qᵀ is orthogonal too
    ("norm(W @ Q.T)", "norm(W)", "", "proved"),
    ("norm(Q.T @ W @ x)", "norm(W @ x)", "", "proved"),
    ("norm(Q.T @ W @ x)", "norm(x)", "", "refuted"),
])
def test_powers_in_products_and_transposed_orthogonal_factors(tmp_path, start, end, premises, expected):
    (link,) = check(derivation_from(tmp_path, POWERS + (f"premises:\n{premises}" if premises else "")
                    + f'chains:\n  - id: c\n    start: "{start}"\n    steps:\n      - "=": "{end}"\n'), search=expected == "refuted").links
    assert link.status == expected
