"""Counterexamples that need two dimensions apart (issue 22, class 2): every other instance draws each declared
dimension on its own, so a claim true only when n = m (VVᵀ = I for a semi-orthogonal V of shape n × m,
‖x‖₁ ≤ √m‖x‖₂ for x of dimension n) is refuted; its true neighbours are not."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import derivation_from
from symbound.check.checker import check
from test_everyday_facts import chain, statuses

SHAPES = """
symbols:
  n: dimension
  m: dimension
  V: {kind: matrix, shape: [n, m], assume: [semi_orthogonal]}
  A: {kind: matrix, shape: [n, m]}
  x: {kind: vector, shape: [n]}
chains:
"""


@pytest.mark.parametrize("start, rel, end, status", [
    ("V @ V.T", "=", "I", "refuted"),
    ("norm(x, 1)", "<=", "sqrt(m) * norm(x)", "refuted"),
    ("norm(A, fro)", "<=", "sqrt(n) * norm(A)", "unproved"),  # true: rank A ≤ min(n, m) (not refuted, nor in the library)
    ("V.T @ V", "=", "I", "proved"),
    ("norm(x, 1)", "<=", "sqrt(n) * norm(x)", "unproved"),    # true (Cauchy–Schwarz), outside the library
])
def test_claims_true_only_at_equal_dimensions_are_refuted(tmp_path, start, rel, end, status):
    d = derivation_from(tmp_path, SHAPES + chain("c", start, [(rel, end, "")]))
    r = check(d, search=True, budget=300)
    assert statuses(r) == [status], r.links[0].reason
    if status == "refuted":
        dims = {str(k): v for k, v in r.links[0].witness.values.items() if str(k) in ("n", "m")}
        assert dims["n"] != dims["m"], dims


def test_the_claims_are_false_numerically():
    x = np.ones(3)
    assert np.abs(x).sum() > np.sqrt(1) * np.linalg.norm(x)  # n = 3, m = 1
    V = np.eye(3, 1)
    assert not np.allclose(V @ V.T, np.eye(3)) and np.allclose(V.T @ V, np.eye(1))
    rng = np.random.default_rng(0)
    for n, m in ((2, 5), (5, 2), (3, 3)):
        A = rng.normal(size=(n, m))
        assert np.linalg.norm(A) <= np.sqrt(n) * np.linalg.norm(A, 2) + 1e-12
