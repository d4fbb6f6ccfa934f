"""Unrolling a recurrence by induction (kernel rule ``recurrence_induction``): the kernel checks the base case
and the step itself, with matrix products in order; forged terms (wrong base case, wrong step, a swapped
product, no proof of s ≤ t) are rejected; the prover only proposes closed forms and refuses nonlinear models."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.ops import SeqElem
from symbound.kernel.proofs import Proof
from symbound.kernel.recurrence import monomials, same_matrix
from kernelcheck import rejection

LINEAR = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, n]}
  b: {kind: vector, shape: [n]}
  h: {kind: sequence, shape: [n]}
  a: {kind: scalar}
  t: {kind: index}
  s: {kind: index}
model:
  recurrence: "h[t] = %s"
premises:
  P1: "0 <= s"
  P2: "s <= t"
  P3: "a < 1"
chains:
%s
"""


def derivation(tmp_path, update: str, chains: str):
    return derivation_from(tmp_path, LINEAR % (update, textwrap.indent(textwrap.dedent(chains), "  ")))


def verdicts(tmp_path, update: str, chains: str, search: bool = False):
    report = check(derivation(tmp_path, update, chains), search=search)
    return {f"{l.chain}.{l.index}": l for l in report.links}


def one(start: str, rel: str, end: str, cid: str = "c") -> str:
    return f"""
- id: {cid}
  start: {start}
  steps:
    - "{rel}": {end}
"""


# ---------------------------------------------------------------- proved through the kernel
@pytest.mark.parametrize("update, start, rel, end", [
    ("W @ h[t-1]", "h[t]", "=", "W**t @ h[0]"),
    ("W @ h[t-1]", "h[t]", "=", "W**(t - s) @ h[s]"),
    ("W @ h[t-1]", "norm(h[t])", "=", "norm(W**t @ h[0])"),
    ("W @ h[t-1]", "norm(h[t])", "<=", "norm(W)**t * norm(h[0])"),
    ("W @ h[t-1]", "norm(h[t], 1)", "<=", "norm(W, 1)**t * norm(h[0], 1)"),
    ("a * h[t-1]", "h[t]", "=", "a**t * h[0]"),
    ("a * W @ V @ h[t-1]", "h[t]", "=", "a**t * (W @ V)**t @ h[0]"),
    ("W.T @ h[t-1]", "h[t]", "=", "(W.T)**t @ h[0]"),
    ("a * h[t-1] + b", "h[t]", "=", "a**t * h[0] + (1 - a**t) / (1 - a) * b"),
])
def test_unrolled_closed_forms_are_proved_and_replay(tmp_path, update, start, rel, end):
    d = derivation(tmp_path, update, one(start, rel, end))
    report = check(d, search=False)
    (link,) = report.links
    assert link.status == "proved", link.reason
    assert "recurrence_induction" in link.proof.names()
    kernel = Kernel.for_derivation(d)
    assert rejection(kernel, link.lhs, link.rel, link.rhs, link.proof, tuple(link.side_proofs)) == ""


@pytest.mark.parametrize("update, end", [
    ("W @ V @ h[t-1]", "(V @ W)**t @ h[0]"),           # products swapped
    ("W @ h[t-1]", "W**(t + 1) @ h[0]"),               # wrong base case
    ("W @ h[t-1]", "(W.T)**t @ h[0]"),                 # wrong step
    ("a * h[t-1] + b", "a**t * h[0] + (1 - a**(t + 1)) / (1 - a) * b"),
])
def test_false_closed_forms_are_not_proved(tmp_path, update, end):
    (link,) = verdicts(tmp_path, update, one("h[t]", "=", end)).values()
    assert link.status != "proved"


def test_without_s_le_t_nothing_is_unrolled(tmp_path):
    (link,) = verdicts(tmp_path, "W @ h[t-1]", one("h[t]", "=", "W**(t - 2) @ h[2]")).values()
    assert link.status == "unproved"
    assert "2 ≤ t" in link.reason and "not shown" in link.reason


def test_a_nonlinear_model_is_refused_with_its_reason(tmp_path):
    (link,) = verdicts(tmp_path, "W @ hadamard(h[t-1], h[t-1])", one("norm(h[t])", "<=", "norm(W)**t * norm(h[0])")).values()
    assert link.status == "unproved"
    assert "not linear in h" in link.reason


# ---------------------------------------------------------------- forged terms
def forged(tmp_path, update: str, closed: str, start: str = "0", order: Proof | None = None) -> str:
    d = derivation(tmp_path, update, one("h[t]", "=", closed))
    kernel = Kernel.for_derivation(d)
    t = next(decl.obj for name, decl in d.symbols.items() if name == "t")
    x = SeqElem("h", t, *d.model.state.shape)
    rhs = d.chains[0].links[0].expr
    s = sp.Integer(int(start))
    order = order or Proof("linarith", "linarith", s, "<=", t, (Proof("premise", "P1", s, "<=", d.symbols["s"].obj),
                                                                 Proof("premise", "P2", d.symbols["s"].obj, "<=", t)),
                                (("coefficients", (sp.Integer(1), sp.Integer(1))), ("multipliers", (sp.Integer(1), sp.Integer(1)))))
    node = Proof("induction", "recurrence_induction", x, "=", rhs, (order,), (("start", s), ("index", t)))
    return rejection(kernel, x, "=", rhs, node, (order,))  # s ≤ t is also the side condition of the power (exponent ≥ 0)


def test_kernel_accepts_the_true_term(tmp_path):
    assert forged(tmp_path, "W @ V @ h[t-1]", "(W @ V)**t @ h[0]") == ""


@pytest.mark.parametrize("update, closed, why", [
    ("W @ V @ h[t-1]", "(V @ W)**t @ h[0]", "the step fails"),
    ("W @ h[t-1]", "W**(t + 1) @ h[0]", "the base case fails"),
    ("W @ h[t-1]", "(W.T)**t @ h[0]", "the step fails"),
    ("W @ h[t-1]", "W**t @ h[0] + W @ h[t-1] - W @ h[t-1]", "only at the base index"),  # another state, even if it cancels
    ("W @ h[t-1]", "W @ h[t-1]", "only at the base index"),
    ("hadamard(h[t-1], h[t-1])", "h[0]", "the step fails"),
])
def test_kernel_rejects_forged_induction(tmp_path, update, closed, why):
    got = forged(tmp_path, update, closed)
    assert (got == "") is (why == ""), got
    assert why in got


def test_kernel_needs_a_proof_of_the_range(tmp_path):
    d = derivation(tmp_path, "W @ h[t-1]", one("h[t]", "=", "W**t @ h[0]"))
    t = d.symbols["t"].obj
    wrong = Proof("premise", "P2", d.symbols["s"].obj, "<=", t)  # s ≤ t, not 0 ≤ t
    assert "is not shown" in forged(tmp_path, "W @ h[t-1]", "W**t @ h[0]", order=wrong)
    fake = Proof("premise", "P1", sp.Integer(0), "<=", t)  # P1 says 0 ≤ s
    assert "not an instance" in forged(tmp_path, "W @ h[t-1]", "W**t @ h[0]", order=fake)


# ---------------------------------------------------------------- the normal form, numerically
def _value(e, env):
    from symbound.ops.objects import numeric
    return numeric(e, env)


@pytest.mark.parametrize("family", ["nilpotent", "jordan", "random"])
def test_normal_form_agrees_with_numbers(family):
    """x and y equal in the normal form are equal as matrices (non-normal and nilpotent instances)."""
    n = sp.Symbol("n", integer=True, positive=True)
    W, V = sp.MatrixSymbol("W", n, n), sp.MatrixSymbol("V", n, n)
    x = sp.MatrixSymbol("x", n, 1)
    m = sp.Dummy("m", integer=True, nonnegative=True)
    pairs = [(W @ W ** m @ x, W ** (m + 1) @ x), (W ** m @ W, W ** (m + 1)), (W @ V @ sp.MatPow(W @ V, m), sp.MatPow(W @ V, m + 1)),
             (sp.MatPow(W, 0) @ x, x), (W @ W, W ** 2), (sp.MatPow(2 * W, 3), 8 * W ** 3)]
    rng = np.random.default_rng(0)
    for k in range(4):
        size = 3
        if family == "nilpotent":
            A, B = np.triu(rng.integers(-3, 4, (size, size)), 1), np.triu(rng.integers(-3, 4, (size, size)), 1)
        elif family == "jordan":
            A, B = np.eye(size) + np.eye(size, k=1), np.diag([2.0, -1.0, 0.5]) + np.eye(size, k=1)
        else:
            A, B = rng.normal(size=(size, size)), rng.normal(size=(size, size))
        for lhs, rhs in pairs:
            assert same_matrix(lhs, rhs)
            subs = {m: k}
            l = sp.Matrix(lhs.xreplace(subs).subs({W: sp.Matrix(A), V: sp.Matrix(B), x: sp.Matrix([1, 2, 3]), n: size}).doit())
            r = sp.Matrix(rhs.xreplace(subs).subs({W: sp.Matrix(A), V: sp.Matrix(B), x: sp.Matrix([1, 2, 3]), n: size}).doit())
            assert np.allclose(np.array(l, dtype=float), np.array(r, dtype=float))
    # and the swapped product is not identified (W V ≠ V W for the nilpotent pair [[0,1],[0,0]], [[0,0],[1,0]])
    assert not same_matrix(W @ V @ sp.MatPow(V @ W, m), sp.MatPow(V @ W, m + 1))
    assert not same_matrix(W ** m @ V, V @ W ** m)
    assert monomials(sp.ZeroMatrix(n, n)) == {}
