"""The recurrence unrolled from a stated initial value (x[0] = 0, ‖x[0]‖ = 0, x[0] = B u[0]): the closed form
x[k] = Σ_{j=0}^{k−1} A^j B u[k−j] mentions no state, so the induction's base case takes x[0]'s value from a
proved premise (its empty sum reduced to 0), and the step splits an end term off a Σ with a symbolic bound.
Orvieto et al. (2023), "Resurrecting Recurrent Neural Networks for Long Sequences", §3.1, eq. (1)–(3)."""

from __future__ import annotations

import pytest

from conftest import derivation_from
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Norm, SeqElem

import sympy as sp

MODEL = """
symbols:
  n: dimension
  p: dimension
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, p]}
  L: {kind: vector, shape: [n]}
  a: {kind: scalar}
  x: {kind: sequence, shape: [n]}
  u: {kind: sequence, shape: [p]}
  k: index
model:
  recurrence: "x[k] = UPDATE"
premises:
  P0: "INITIAL"
  P1: "0 <= k"
chains:
  - id: c
    start: START
    steps:
      - "=": END
"""

LINEAR = "A @ x[k-1] + B @ u[k]"


def derivation(tmp_path, update: str, initial: str, end: str, start: str = "x[k]"):
    return derivation_from(tmp_path, MODEL.replace("UPDATE", update).replace("INITIAL", initial).replace("START", start).replace("END", end))


def verdict(tmp_path, update: str, initial: str, end: str, start: str = "x[k]"):
    (link,) = check(derivation(tmp_path, update, initial, end, start), search=True).links
    return link


@pytest.mark.parametrize("update,initial,start,end", [
    (LINEAR, "norm(x[0]) == 0", "x[k]", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),               # the paper's form (LRU eq. 3)
    (LINEAR, "x[0] == 0", "x[k]", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),                     # x[0] = 0 as a vector
    (LINEAR, "norm(x[0], fro) <= 0", "x[k]", "sum(A**(k - j) @ B @ u[j], j, 1, k)"),            # counted up; ‖·‖ ≤ 0
    (LINEAR, "x[0] == B @ u[0]", "x[k]", "sum(A**j @ B @ u[k - j], j, 0, k)"),                   # an initial state
    ("diag(L) @ x[k-1] + B @ u[k]", "norm(x[0], inf) == 0", "x[k]", "sum(diag(L)**j @ B @ u[k - j], j, 0, k - 1)"),  # diagonal Λ
    ("a * x[k-1] + B @ u[k]", "norm(x[0], 1) == 0", "x[k]", "sum(a**j * B @ u[k - j], j, 0, k - 1)"),  # a scalar gain
    (LINEAR, "norm(x[0]) == 0", "norm(x[k])", "norm(sum(A**j @ B @ u[k - j], j, 0, k - 1))"),  # inside a norm
    (LINEAR, "norm(x[0]) == 0", "x[k]", "sum(A**j @ B @ u[k - j], j, 0, k - 1) + 0 * x[0]"),   # the state, times 0
])
def test_unrolled_from_a_stated_initial_value_is_proved(tmp_path, update, initial, start, end):
    d = derivation(tmp_path, update, initial, end, start)
    (link,) = check(d, search=True).links
    assert link.status == "proved", link.reason
    assert "recurrence_induction" in link.proof.names() and "P0" in link.proof.names()
    assert rejection(Kernel.for_derivation(d), link.lhs, link.rel, link.rhs, link.proof, tuple(link.side_proofs)) == ""


def test_the_initial_state_kept_in_the_closed_form_is_proved_without_a_premise(tmp_path):
    """x[k] = A^k x[0] + Σ_{j=0}^{k−1} A^j B u[k−j]: the new input sits at the Σ's bottom end (j = 0)."""
    link = verdict(tmp_path, LINEAR, "0 <= k + 1", "A**k @ x[0] + sum(A**j @ B @ u[k - j], j, 0, k - 1)")
    assert link.status == "proved", link.reason


@pytest.mark.parametrize("initial,end", [
    ("norm(x[0]) == 0", "sum(A**j @ B @ u[k - j], j, 0, k)"),          # one input too many
    ("norm(x[0]) == 0", "sum(A**j @ B @ u[k - j], j, 1, k)"),          # a power too many, the newest input missing
    ("norm(x[0]) == 0", "sum(A**(j + 1) @ B @ u[k - j], j, 0, k - 1)"),  # a power too many
    ("norm(x[0]) == 0", "sum(A**j @ B @ u[k - j - 1], j, 0, k - 1)"),  # the inputs one step late
    ("norm(x[0]) <= 1", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),      # x[0] only bounded
    ("x[1] == 0", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),            # the wrong initial index
    ("x[0] == B @ u[0]", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),     # a nonzero initial state forgotten
    ("0 <= k + 1", "sum(A**j @ B @ u[k - j], j, 0, k - 1)"),           # no initial value at all
])
def test_wrong_unrolled_forms_from_an_initial_value_are_not_proved(tmp_path, initial, end):
    assert verdict(tmp_path, LINEAR, initial, end).status in ("refuted", "unproved")


def test_a_wrong_unrolled_form_is_refuted(tmp_path):
    assert verdict(tmp_path, LINEAR, "norm(x[0]) == 0", "sum(A**j @ B @ u[k - j], j, 0, k)").status == "refuted"


def _forged(tmp_path, initial: str, closed: str, base: tuple) -> str:
    """The kernel's answer on an induction term whose second child is the premise P0 stated as ``base``."""
    d = derivation(tmp_path, LINEAR, initial, closed)
    k = d.symbols["k"].obj
    lhs, rhs = SeqElem("x", k, *d.model.state.shape), d.chains[0].links[0].expr
    order = Proof("premise", "P1", sp.Integer(0), "<=", k)
    node = Proof("induction", "recurrence_induction", lhs, "=", rhs, (order, Proof("premise", "P0", *base)),
                 (("start", sp.Integer(0)), ("index", k)))
    return rejection(Kernel.for_derivation(d), lhs, "=", rhs, node)


def test_kernel_checks_the_initial_value_it_is_given(tmp_path):
    n = sp.Symbol("n", integer=True, positive=True)
    x0 = SeqElem("x", sp.Integer(0), n, 1)
    true = "sum(A**j @ B @ u[k - j], j, 0, k - 1)"
    assert _forged(tmp_path, "norm(x[0]) == 0", true, (Norm(x0), "<=", sp.Integer(0))) == ""
    # the premise says less than the node claims: the premise check rejects it
    assert "P0" in _forged(tmp_path, "norm(x[0]) <= 1", true, (Norm(x0), "<=", sp.Integer(0)))
    # a proved statement that is not a value of x[0]
    assert "does not give the value" in _forged(tmp_path, "norm(x[0]) <= 1", true, (Norm(x0), "<=", sp.Integer(1)))
    # the right value, a wrong closed form: the base case (Σ_{j=0}^{0} is not empty) or the step fails
    assert "base case fails" in _forged(tmp_path, "norm(x[0]) == 0", "sum(A**j @ B @ u[k - j], j, 0, k)", (Norm(x0), "<=", sp.Integer(0)))
    assert "step fails" in _forged(tmp_path, "norm(x[0]) == 0", "sum(A**(j + 1) @ B @ u[k - j], j, 0, k - 1)", (Norm(x0), "<=", sp.Integer(0)))


def test_a_vector_equal_to_zero_reads_as_the_zero_vector(tmp_path):
    d = derivation(tmp_path, LINEAR, "x[0] == 0", "sum(A**j @ B @ u[k - j], j, 0, k - 1)")
    (relation,) = next(p for p in d.premises if p.id == "P0").relations
    assert relation.rhs == sp.ZeroMatrix(*d.model.state.shape)


@pytest.mark.parametrize("initial", ["x[0] == 1", "x[0] == a", "norm(x[0]) == x[0]"])
def test_a_vector_equal_to_a_scalar_is_an_input_error(tmp_path, initial):
    from symbound.errors import InputError

    with pytest.raises(InputError, match="equals a scalar"):
        derivation(tmp_path, LINEAR, initial, "sum(A**j @ B @ u[k - j], j, 0, k - 1)")


ELMAN = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [n]}
  k: index
  t: index
model:
  recurrence: "h[t] = W @ h[t-1] + U @ x[t]"
premises:
  P0: "norm(h[0]) == 0"
  P1: "0 <= k"
chains:
  - id: unroll
    start: norm(h[k])
    steps:
      - "=": norm(sum(W**(k - j) @ U @ x[j], j, 1, k))
      - "<=": sum(norm(W**(k - j) @ U @ x[j]), j, 1, k)
        by: norm_sum_le_sum_norm
      - "<=": LAST
"""


@pytest.mark.parametrize("last,status", [
    ("sum(norm(W)**(k - j) * norm(U) * norm(x[j]), j, 1, k)", "proved"),       # termwise, with t − j ≥ 0 from the range
    ("sum(norm(W)**(k - j + 1) * norm(U) * norm(x[j]), j, 1, k)", "unproved"),  # one power too many: false for ‖W‖ < 1
])
def test_the_state_bounded_through_its_unrolled_form(tmp_path, last, status):
    """‖h_k‖ = ‖Σ_{j=1}^{k} W^{k−j} U x_j‖ ≤ Σ ‖W^{k−j} U x_j‖ ≤ Σ ‖W‖^{k−j}‖U‖‖x_j‖ from h_0 = 0: induction, the
    triangle inequality over a sum, then sums compared term by term."""
    links = check(derivation_from(tmp_path, ELMAN.replace("LAST", last)), search=True).links
    assert [link.status for link in links[:2]] == ["proved", "proved"]
    assert "recurrence_induction" in links[0].proof.names()
    assert links[2].status in ((status,) if status == "proved" else ("refuted", "unproved")), links[2].reason
    if status == "proved":
        assert "sum_le_sum" in links[2].proof.names()
