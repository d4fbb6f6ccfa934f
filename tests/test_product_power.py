"""A product against a power of its length in one step: ∏_{i=lo}^{hi} f(i) ≤ c^(hi − lo + 1) through the
product of the constant c (prod_le_prod, then prod_const on a range proved nonempty or empty); no new rule."""

from __future__ import annotations

import pytest

from conftest import derivation_from
from symbound.check.checker import check

FILE = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  M: {kind: matrix, shape: [n, m]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [m]}
  g: {kind: sequence, shape: [1, n]}
  sigma: {kind: activation}
  gamma: {kind: scalar, assume: [positive]}
  t: {kind: index}
  T: {kind: index}
  k: {kind: index}
model:
  recurrence: "h[k] = sigma(W @ h[k-1] + M @ x[k])"
premises:
  upper:
    claim: "abs(sigma'(z)) <= gamma"
    for_all: z
  P3: "%s"
chains:
  - id: one_step
    start: norm(jacobian(h[k+1], h[k]))
    steps:
      - "<=": gamma * sigma_max(W)
  - id: c
    start: %s
    steps:
      - "%s": %s
"""
PROD = "prod(norm(jacobian(h[k+1], h[k])), k, t, T - 1)"


def status(tmp_path, start: str, rel: str, end: str, order: str = "t <= T") -> str:
    return check(derivation_from(tmp_path, FILE % (order, start, rel, end)), search=False).links[-1].status


@pytest.mark.parametrize("start, rel, end", [
    (PROD, "<=", "(gamma * sigma_max(W)) ** (T - t)"),
    (f"norm(g[T]) * {PROD}", "<=", "norm(g[T]) * (gamma * sigma_max(W)) ** (T - t)"),
    ("(gamma * sigma_max(W)) ** (T - t)", ">=", PROD),                # written the other way round
    (PROD, "<=", "(2 * gamma * sigma_max(W)) ** (T - t)"),            # a larger constant
])
def test_a_product_is_bounded_by_a_power_of_its_length(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end, order", [
    (PROD, "<=", "(gamma * sigma_max(W)) ** (T - t + 1)", "t <= T"),    # one factor too many
    (PROD, "<=", "(gamma * sigma_max(W) / 2) ** (T - t)", "t <= T"),    # a smaller constant
    (PROD, "<", "(gamma * sigma_max(W)) ** (T - t)", "t <= T"),         # strict does not follow
    (PROD, "<=", "(gamma * sigma_max(W)) ** (T - t)", "t <= T + 5"),    # the range may be reversed
])
def test_what_does_not_follow_is_not_proved(tmp_path, start, rel, end, order):
    assert status(tmp_path, start, rel, end, order) != "proved"
