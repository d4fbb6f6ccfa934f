"""The conclusion stands on its own: when a chain's printed link is wrong, what its proved links show still
stands (each maximal run of proved links is a fact the kernel admits), and the conclusion follows from it; the
wrong link is still reported."""

from __future__ import annotations

import pytest

from conftest import derivation_from
from symbound.check.checker import check

HEAD = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W_rec: {kind: matrix, shape: [n, n]}
  W_in: {kind: matrix, shape: [n, m]}
  b: {kind: vector, shape: [n]}
  x: {kind: sequence, shape: [n]}
  u: {kind: sequence, shape: [m]}
  sigma: {kind: activation}
  gamma: {kind: scalar, assume: [positive]}
  k: {kind: index}
model:
  recurrence: "x[k] = W_rec @ sigma(x[k-1]) + W_in @ u[k] + b"
definitions:
  lambda_1: sigma_max(W_rec)
premises:
  P1:
    claim: "abs(sigma'(z)) <= gamma"
    for_all: z
  P2: "lambda_1 < 1/gamma"
chains:
  - id: eq6
    start: norm(jacobian(x[k+1], x[k]))
    steps:
      - "<=": norm(W_rec.T) * norm(diag(sigma'(x[k])))
      - "<": (1/gamma) * gamma
      - "%s": %s
%s
conclusion:
  claim: "%s"
"""


def report(tmp_path, last_rel: str, last: str, conclusion: str, more: str = ""):
    return check(derivation_from(tmp_path, HEAD % (last_rel, last, more, conclusion)), search=False)


@pytest.mark.parametrize("last_rel, last, conclusion", [
    ("<", "1", "norm(jacobian(x[k+1], x[k])) < 1"),                   # the paper's "(1/γ)γ < 1"
    ("<", "1/2", "norm(jacobian(x[k+1], x[k])) < 1"),                 # a wrong constant
    ("<=", "gamma * lambda_1 / 2", "norm(jacobian(x[k+1], x[k])) <= 1"),
])
def test_the_conclusion_follows_from_the_proved_links(tmp_path, last_rel, last, conclusion):
    r = report(tmp_path, last_rel, last, conclusion)
    assert [link.status for link in r.links][:2] == ["proved", "proved"]
    assert r.links[2].status != "proved"
    assert r.conclusion.status == "proved"
    assert r.conclusion.chains == ["eq6.1-2"]


def test_a_conclusion_the_proved_links_do_not_give_is_not_proved(tmp_path):
    r = report(tmp_path, "<", "1/2", "norm(jacobian(x[k+1], x[k])) < 1/2")
    assert r.links[2].status != "proved" and r.conclusion.status != "proved"


def test_a_chain_named_like_a_run_is_not_confused_with_it(tmp_path):
    more = """  - id: eq6.1-2
    start: lambda_1
    steps:
      - "<": 1 / gamma
        by: P2"""
    r = report(tmp_path, "<", "1", "norm(jacobian(x[k+1], x[k])) < 1", more)
    assert r.chains[1].status == "proved"
    assert r.conclusion.status == "proved" and r.conclusion.chains == ["eq6.1-2'"]
