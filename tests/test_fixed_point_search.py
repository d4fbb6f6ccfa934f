"""The limit search (``falsify_limit``): the state held at a fixed point x[0] by the inputs, so every name the
recurrence uses is drawn — also when the one-step Jacobian uses neither the inputs nor the state (a linear
model: J = W), whose input dimension the goal never names."""

from __future__ import annotations

import pytest

from conftest import RNN_WEIGHTS, derivation_file

from symbound import verify
from symbound.check.checker import Checker
from symbound.read.derivation import read
from symbound.search.falsifier import falsify_limit
from symbound.values import REFUTED

LINEAR = "\n" + RNN_WEIGHTS + """  x: {kind: sequence, shape: [n]}
  u: {kind: sequence, shape: [m]}
  k: index
  t: index
model:
  recurrence: "x[k] = RECURRENCE"
premises:
  P1: "BOUND"
  P2: "k <= t"
chains:
  - id: c
    start: sigma_max(W)
    steps:
      - "<=": sigma_max(W)
conclusion:
  tends_to_zero: norm(prod(jacobian(x[i+1], x[i]), i, k, t - 1))
  as: t - k
"""


def conclusion(tmp_path, recurrence: str, bound: str):
    path = derivation_file(tmp_path, LINEAR.replace("RECURRENCE", recurrence).replace("BOUND", bound))
    return verify(path).conclusion


@pytest.mark.parametrize("recurrence, bound", [("W @ x[k-1] + U @ u[k] + b", "sigma_max(W) < 2"),
                                               ("W @ x[k-1] + U @ u[k]", "sigma_max(W) <= 3/2"),
                                               ("W @ x[k-1] + 2 * U @ u[k] - b", "norm(W, fro) <= 3")])
def test_a_linear_model_whose_jacobian_keeps_its_size_is_refuted(tmp_path, recurrence, bound):
    c = conclusion(tmp_path, recurrence, bound)
    assert c.status == REFUTED and c.witness.exact


@pytest.mark.parametrize("bound", ["sigma_max(W) < 1", "norm(W, 2) <= 1/2"])
def test_a_contracting_linear_model_is_never_refuted(tmp_path, bound):
    assert conclusion(tmp_path, "W @ x[k-1] + U @ u[k] + b", bound).status != REFUTED


def test_the_problem_draws_the_inputs_the_goal_does_not_name(tmp_path):
    d = read(derivation_file(tmp_path, LINEAR.replace("RECURRENCE", "W @ x[k-1] + U @ u[k]").replace("BOUND", "sigma_max(W) < 2")))
    outcome = falsify_limit(d, Checker(d, search=False).prover, d.conclusion.tends_to_zero, d.conclusion.as_, 0, 300)
    assert outcome.witness is not None and outcome.witness.exact
    names = {str(k) for k in outcome.witness.values}
    assert {"U", "W", "m", "n"} <= names or {"U", "W"} <= names
