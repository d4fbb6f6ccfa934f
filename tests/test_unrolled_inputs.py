"""The recurrence unrolled with inputs, h[t] = W^{t−k} h[k] + Σ_{j=k+1}^{t} W^{t−j} U x[j]: the kernel's induction
compares sums by laws of finite sums (linearity, the index counted down, the empty sum, the top term taken out),
never by a rule about one closed form; wrong closed forms are refuted or unproved, forged terms rejected."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.recurrence import opened
from symbound.ops import MatSum, SeqElem
from symbound.ops.objects import numeric

MODEL = """
symbols:
  n: dimension
  m: dimension
  W: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, m]}
  b: {kind: vector, shape: [n]}
  a: {kind: scalar}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [m]}
  k: index
  t: index
model:
  recurrence: "h[t] = UPDATE"
premises:
  P1: "k <= t"
chains:
  - id: c
    start: START
    steps:
      - "=": END
"""


def derivation(tmp_path, update: str, end: str, start: str = "h[t]"):
    return derivation_from(tmp_path, MODEL.replace("UPDATE", update).replace("START", start).replace("END", end))


def status(tmp_path, update: str, end: str, start: str = "h[t]") -> str:
    (link,) = check(derivation(tmp_path, update, end, start), search=True).links
    return link.status


@pytest.mark.parametrize("update,start,end", [
    ("W @ h[t-1] + U @ x[t]", "h[t]", "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t)"),
    ("W @ h[t-1] + U @ x[t]", "h[t]", "W**(t - k) @ h[k] + sum(W**(t - 1 - j) @ U @ x[j + 1], j, k, t - 1)"),  # reindexed
    ("W @ h[t-1] + U @ x[t]", "h[t]", "sum(W**(t - j) @ U @ x[j], j, k + 1, t) + W**(t - k) @ h[k]"),         # terms swapped
    ("W @ h[t-1] + U @ x[t]", "norm(h[t])", "norm(W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t))"),  # in a norm
    ("W @ h[t-1] + U @ x[t] + b", "h[t]", "W**(t - k) @ h[k] + sum(W**(t - j) @ (U @ x[j] + b), j, k + 1, t)"),   # with a bias
    ("a * h[t-1] + U @ x[t]", "h[t]", "a**(t - k) * h[k] + sum(a**(t - j) * U @ x[j], j, k + 1, t)"),            # a scalar gain
])
def test_the_recurrence_unrolled_with_inputs_is_proved(tmp_path, update, start, end):
    d = derivation(tmp_path, update, end, start)
    (link,) = check(d, search=True).links
    assert link.status == "proved", link.reason
    assert "recurrence_induction" in link.proof.names()
    assert rejection(Kernel.for_derivation(d), link.lhs, link.rel, link.rhs, link.proof, tuple(link.side_proofs)) == ""  # replays


@pytest.mark.parametrize("end", [
    "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k, t)",            # one input too many
    "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t - 1)",    # the last input missing
    "W**(t - k) @ h[k] + sum(W**(t - j + 1) @ U @ x[j], j, k + 1, t)",    # a power too many
    "W**(t - k) @ h[k] + sum(U @ x[j], j, k + 1, t)",                      # no powers
    "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j - 1], j, k + 1, t)",    # the inputs one step late
])
def test_wrong_unrolled_forms_are_not_proved(tmp_path, end):
    got = status(tmp_path, "W @ h[t-1] + U @ x[t]", end)
    assert got in ("refuted", "unproved") and got != "proved"


def test_the_wrong_forms_are_refuted(tmp_path):
    assert status(tmp_path, "W @ h[t-1] + U @ x[t]", "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k, t)") == "refuted"


def _forged(tmp_path, closed: str) -> str:
    """The kernel's answer on an induction term for ``closed``, with the side proofs of the true closed form."""
    true = derivation(tmp_path, "W @ h[t-1] + U @ x[t]", "W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t)")
    (link,) = check(true, search=True).links
    d = derivation(tmp_path, "W @ h[t-1] + U @ x[t]", closed)
    kernel = Kernel.for_derivation(d)
    k, t = d.symbols["k"].obj, d.symbols["t"].obj
    lhs, rhs = SeqElem("h", t, *d.model.state.shape), d.chains[0].links[0].expr
    order = Proof("premise", "P1", k, "<=", t)
    node = Proof("induction", "recurrence_induction", lhs, "=", rhs, (order,), (("start", k), ("index", t)))
    return rejection(kernel, lhs, "=", rhs, node, tuple(link.side_proofs))


@pytest.mark.parametrize("closed,why", [
    ("W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t)", ""),
    ("W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k, t)", "the base case fails"),
    ("W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 1, t - 1)", "the step fails"),
    ("W**(t - k) @ h[k] + sum(W**(t - j + 1) @ U @ x[j], j, k + 1, t)", "the step fails"),
    ("W**(t - k) @ h[k] + sum(W**(t - j) @ U @ x[j], j, k + 2, t + 1)", "the step fails"),  # the base case holds (empty)
])
def test_kernel_rejects_forged_unrolling_with_inputs(tmp_path, closed, why):
    got = _forged(tmp_path, closed)
    assert (got == "") is (why == "") and why in got, got


# ---------------------------------------------------------------- the laws, numerically
n = 3
W, U = sp.MatrixSymbol("W", n, n), sp.MatrixSymbol("U", n, n)
j, a, b = sp.Symbol("j", integer=True), sp.Symbol("a", integer=True), sp.Symbol("b", integer=True)


def _env(rng, lo: int, hi: int) -> dict:
    env = {W: rng.integers(-2, 3, (n, n)).astype(float), U: rng.integers(-2, 3, (n, n)).astype(float)}
    env.update({SeqElem("x", sp.Integer(i), n, 1): rng.integers(-2, 3, (n, 1)).astype(float) for i in range(min(lo, hi) - 3, max(lo, hi) + 4)})
    return env


@pytest.mark.parametrize("lo,hi", [(0, 3), (2, 2), (3, 2), (5, 1), (1, 4)])
def test_opened_sums_have_the_value_of_the_sum(lo, hi):
    """opened(e) (and with its top or bottom term taken out, where the range has one) equals e at every range, empty ones too."""
    rng = np.random.default_rng(lo * 7 + hi)
    body = sp.MatMul(sp.MatPow(W, b - j), U, SeqElem("x", j, n, 1))
    e = sp.MatAdd(sp.MatMul(W, MatSum(body, (j, a + 1, b))), sp.MatMul(U, SeqElem("x", b, n, 1)))
    at = {a: sp.Integer(lo), b: sp.Integer(hi)}
    env = _env(rng, lo, hi)
    expected = numeric(e.xreplace(at), env)
    assert np.allclose(numeric(opened(e).xreplace(at), env), expected)
    if hi - lo >= 1:
        assert np.allclose(numeric(opened(e.xreplace(at), peel="top"), env), expected)
        assert np.allclose(numeric(opened(e.xreplace(at), peel="bottom"), env), expected)


def test_a_range_not_known_nonempty_keeps_its_top_term():
    body = sp.MatMul(U, SeqElem("x", j, n, 1))
    e = MatSum(body, (j, a, b))
    assert all(isinstance(opened(e, peel=end), MatSum) for end in ("top", "bottom"))  # b − a ≥ 0 is not known: nothing is taken out
