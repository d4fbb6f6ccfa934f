"""A conclusion that is C·qⁿ itself: proved from 0 ≤ q < 1 (premises on a defined q too), without a squeeze;
the kernel accepts the missing lower bound only when the bound is an equality."""

from __future__ import annotations


import pytest
import sympy as sp

from symbound.check.checker import Checker, check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected
from symbound.read.derivation import read

FILE = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  gamma: {kind: scalar, assume: [positive]}
  C: {kind: scalar}
  k: {kind: index}
  t: {kind: index}
definitions:
  lambda_1: sigma_max(W)
  eta: lambda_1 * gamma
premises:
%s
chains:
  - id: c
    start: eta
    steps:
      - "=": lambda_1 * gamma
conclusion:
  tends_to_zero: %s
  as: t - k
"""


def conclusion(tmp_path, premises: list[str], expr: str):
    path = tmp_path / "d.yaml"
    order = '  P0: "k <= t"\n'  # η^(t−k) is defined for η = 0 only when t − k ≥ 0
    path.write_text(FILE % (order + "".join(f'  P{i}: "{p}"\n' for i, p in enumerate(premises, 1)), expr))
    d = read(path)
    return d, check(d, search=False).conclusion


@pytest.mark.parametrize("premises, expr", [
    (["0 <= eta", "eta < 1"], "eta ** (t - k)"),
    (["eta < 1"], "eta ** (t - k)"),                       # 0 ≤ η from its definition
    (["lambda_1 < 1 / gamma"], "eta ** (t - k)"),          # η < 1 through the definitions
    (["eta < 1"], "C * eta ** (t - k)"),                   # a constant factor
    (["eta < 1"], "(eta / 2) ** (t - k)"),
])
def test_a_geometric_conclusion_is_proved_directly(tmp_path, premises, expr):
    assert conclusion(tmp_path, premises, expr)[1].status == "proved"


@pytest.mark.parametrize("premises, expr", [
    (["eta <= 1"], "eta ** (t - k)"),                      # η = 1 does not vanish
    (["eta < 2"], "eta ** (t - k)"),
    (["eta < 1"], "(2 * eta) ** (t - k)"),
    (["eta < 1"], "t * eta ** (t - k)"),                   # the factor grows
])
def test_a_geometric_conclusion_that_does_not_follow_is_not_proved(tmp_path, premises, expr):
    assert conclusion(tmp_path, premises, expr)[1].status != "proved"


def accepts(kernel: Kernel, expr, grows, proof: Proof, side: tuple = ()) -> bool:
    try:
        kernel.prove_limit(expr, grows, proof, side)
    except Rejected:
        return False
    return True


def test_the_kernel_needs_the_lower_bound_for_a_squeeze(tmp_path):
    d, verdict = conclusion(tmp_path, ["eta < 1"], "eta ** (t - k)")
    kernel = Kernel.for_derivation(d)
    expr, grows = d.conclusion.tends_to_zero, d.conclusion.as_
    checker = Checker(d)
    good, side = checker.tends_to_zero(expr, grows, []), checker.nonzero((expr,), ())  # side: 0 ≤ t − k
    assert accepts(kernel, expr, grows, good, side) and not accepts(kernel, expr, grows, good)
    bound, q_nonneg, q_lt_one = good.children
    squeeze = Proof("conv", "reflexivity", expr, "<=", expr)  # a bound that is not an equality, with no 0 ≤ E
    forged = [
        Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (squeeze, q_nonneg, q_lt_one), good.binding, good.rewrites),
        Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (bound, q_nonneg), good.binding, good.rewrites),
        Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (bound, q_nonneg, q_nonneg), good.binding, good.rewrites),
        Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (bound, q_nonneg, q_lt_one),
              (("q", sp.Integer(2) * dict(good.binding)["q"]), ("C", sp.Integer(1))), good.rewrites),
    ]
    for p in forged:
        assert not accepts(Kernel.for_derivation(d), expr, grows, p, side), p

