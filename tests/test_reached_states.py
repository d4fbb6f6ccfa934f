"""Goals about a state the model reaches (symbound.search.reached): a state x[e] replaced by the model's value
F(e) on both sides (relu(h[k]) = h[k] when h[k] is a relu output), and a vector v with ‖v‖ = 0 replaced by the
zero matrix (kernel rule ``norm_zero``, symbound.kernel.vanishing: forged instances rejected)."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from kernelcheck import accepts
from symbound.ops import Norm, SeqElem

FILE = """
symbols:
  n: {kind: dimension}
  p: {kind: dimension}
  U: {kind: matrix, shape: [n, p]}
  W: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [p]}
  k: {kind: index}
  relu: {kind: activation, function: relu}
  tanh: {kind: activation, function: tanh}
  sigma: {kind: activation}
model:
  recurrence: "%s"
premises:
%s
chains:
  - id: c
    start: %s
    steps:
      - "%s": %s
"""
RELU = "h[k] = relu(h[k-1] + U @ x[k])"
TANH = "h[k] = tanh(W @ h[k-1] + U @ x[k])"
SIGMA = "h[k] = sigma(h[k-1] + U @ x[k])"
LINEAR = "h[k] = W @ h[k-1] + U @ x[k]"
NONE = "  none: {claim: \"1 >= 0\"}"
NO_INPUT = "  no_input: {claim: \"norm(x[k+1]) == 0\"}"


def status(tmp_path, model: str, premises: str, start: str, rel: str, end: str) -> str:
    (link,) = check(derivation_from(tmp_path, FILE % (model, premises, start, rel, end)), search=True).links
    return link.status


@pytest.mark.parametrize("model, start, rel, end", [
    (RELU, "relu(h[k])", "=", "h[k]"),
    (RELU, "relu(h[k+1])", "=", "h[k+1]"),
    (RELU, "h[k]", "=", "relu(h[k])"),
    (RELU, "norm(relu(h[k]))", "=", "norm(h[k])"),
    (TANH, "norm(h[k], inf)", "<=", "1"),
    (RELU, "norm(relu(h[k]) - h[k])", "=", "0"),
])
def test_a_goal_about_a_reached_state_is_proved(tmp_path, model, start, rel, end):
    assert status(tmp_path, model, NONE, start, rel, end) == "proved"


@pytest.mark.parametrize("model, start, rel, end", [
    (RELU, "relu(h[k])", "=", "2 * h[k]"),        # false
    (SIGMA, "sigma(h[k])", "=", "h[k]"),          # an abstract activation need not be idempotent
    (LINEAR, "relu(h[k])", "=", "h[k]"),          # a linear model's state may be negative
    (TANH, "tanh(h[k])", "=", "h[k]"),            # tanh is not idempotent
])
def test_a_false_or_unsupported_goal_is_not_proved(tmp_path, model, start, rel, end):
    assert status(tmp_path, model, NONE, start, rel, end) != "proved"


@pytest.mark.parametrize("premises, start, end, proved", [
    (NO_INPUT, "relu(h[k] + U @ x[k+1])", "relu(h[k])", True),
    (NO_INPUT, "h[k] + U @ x[k+1]", "h[k]", True),
    ("  small: {claim: \"norm(x[k+1], inf) <= 0\"}", "h[k] + U @ x[k+1]", "h[k]", True),
    ("  bounded: {claim: \"norm(x[k+1]) <= 1\"}", "relu(h[k] + U @ x[k+1])", "relu(h[k])", False),
    ("  earlier: {claim: \"norm(x[k]) == 0\"}", "relu(h[k] + U @ x[k+1])", "relu(h[k])", False),  # another time
    (NONE, "relu(h[k] + U @ x[k+1])", "relu(h[k])", False),
])
def test_a_vector_with_norm_zero_vanishes(tmp_path, premises, start, end, proved):
    assert (status(tmp_path, RELU, premises, start, "=", end) == "proved") is proved


def test_a_vanishing_state_is_not_put_into_a_jacobian_variable(tmp_path):
    zero = "  zero: {claim: \"norm(h[k]) == 0\"}"
    assert status(tmp_path, RELU, zero, "norm(jacobian(h[k+1], h[k]))", "=", "0") != "proved"
    assert status(tmp_path, RELU, zero, "norm(jacobian(h[k+1], h[k]))", "<=", "0") != "proved"


def test_the_kernel_rule_norm_zero_rejects_forged_terms(tmp_path):
    d = derivation_from(tmp_path, FILE % (RELU, NO_INPUT + "\n  bounded: {claim: \"norm(x[k]) <= 1\"}", "h[k]", "=", "h[k]"))
    s = {decl.name: decl.obj for decl in d.symbols.values()}
    kernel = Kernel.for_derivation(d)
    n, p, k, U = s["n"], s["p"], s["k"], s["U"]
    v, w = SeqElem("x", k + 1, p, 1), SeqElem("x", k, p, 1)
    vanishes = Proof("premise", "no_input", Norm(v), "<=", sp.Integer(0))
    assert accepts(kernel, Proof("vanishing", "norm_zero", v, "=", sp.ZeroMatrix(p, 1), (vanishes,)))
    forged = [
        Proof("vanishing", "norm_zero", v, "=", sp.ZeroMatrix(p, 1)),                          # no premise
        Proof("vanishing", "norm_zero", w, "=", sp.ZeroMatrix(p, 1), (vanishes,)),             # another vector
        Proof("vanishing", "norm_zero", U @ v, "=", sp.ZeroMatrix(n, 1), (vanishes,)),         # not the normed one
        Proof("vanishing", "norm_zero", v, "=", sp.ZeroMatrix(n, 1), (vanishes,)),             # another shape
        Proof("vanishing", "norm_zero", v, "=", v, (vanishes,)),                               # not zero
        Proof("vanishing", "norm_zero", v, "<=", sp.ZeroMatrix(p, 1), (vanishes,)),            # not an equality
        Proof("vanishing", "norm_zero", w, "=", sp.ZeroMatrix(p, 1),                           # ‖w‖ ≤ 1, not ≤ 0
              (Proof("premise", "bounded", Norm(w), "<=", sp.Integer(1)),)),
        Proof("vanishing", "norm_zero", w, "=", sp.ZeroMatrix(p, 1),                           # a premise misquoted
              (Proof("premise", "bounded", Norm(w), "<=", sp.Integer(0)),)),
        Proof("vanishing", "other", v, "=", sp.ZeroMatrix(p, 1), (vanishes,)),                 # another rule name
    ]
    for proof in forged:
        assert not accepts(kernel, proof), proof


def test_a_certificate_with_norm_zero_replays_and_a_tampered_one_is_rejected(tmp_path):
    import json

    from symbound.check.certificate import certificate, read_certificate
    from symbound.kernel.replay import replay

    report = check(derivation_from(tmp_path, FILE % (RELU, NO_INPUT, "relu(h[k] + U @ x[k+1])", "=", "relu(h[k])")), search=True)
    data = json.loads(json.dumps(certificate(report)))
    assert replay(report.derivation, *read_certificate(data)).links.keys() == {"c.1"}
    nodes = [n for n in data["terms"]["proofs"] if n["k"] == "vanishing"]
    assert nodes, "the proof uses norm_zero"
    for node in nodes:
        node["c"] = []  # its premise ‖v‖ ≤ 0 dropped
    again = replay(report.derivation, *read_certificate(data))
    assert "c.1" in again.rejected and "c.1" not in again.links
