"""The recurrence applied once (kernel model rule ``recurrence``): x[e] = F(e), the model's right side at the
index e, as an `=` step or inside a norm or a bound; `by: model` cites it.  The kernel recomputes F(e) itself:
forged instances (another index, another sequence, a non-integer index, no model) are rejected."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import RNN_WEIGHTS, derivation_from
from symbound.check.checker import check
from symbound.errors import InputError
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from kernelcheck import accepts
from symbound.ops import SeqElem

FILE = "\n" + RNN_WEIGHTS + """  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [m]}
  sigma: {kind: activation}
  k: {kind: index}
  t: {kind: index}
model:
  recurrence: "%s"
chains:
%s
"""
LINEAR = "h[t] = W @ h[t-1] + U @ x[t]"
NONLINEAR = "h[t] = sigma(W @ h[t-1] + U @ x[t] + b)"


def derivation(tmp_path, model: str, chains: str):
    return derivation_from(tmp_path, FILE % (model, textwrap.indent(textwrap.dedent(chains), "  ")))


def statuses(tmp_path, model: str, chains: str, search: bool = False) -> dict[str, str]:
    report = check(derivation(tmp_path, model, chains), search=search)
    return {f"{l.chain}.{l.index}": l.status for l in report.links}


def chain(start: str, *steps: tuple[str, str, str]) -> str:
    body = "".join(f'\n    - "{rel}": {expr}' + (f"\n      by: {by}" if by else "") for rel, expr, by in steps)
    return f"\n- id: c\n  start: {start}\n  steps:{body}\n"


@pytest.mark.parametrize("model, start, steps", [
    (LINEAR, "h[k]", [("=", "W @ h[k-1] + U @ x[k]", "")]),
    (LINEAR, "h[t+1]", [("=", "W @ h[t] + U @ x[t+1]", "model")]),
    (LINEAR, "W @ h[k-1] + U @ x[k]", [("=", "h[k]", "")]),  # the other way round
    (LINEAR, "norm(h[k])", [("=", "norm(W @ h[k-1] + U @ x[k])", ""),
                            ("<=", "norm(W) * norm(h[k-1]) + norm(U) * norm(x[k])", "")]),
    (LINEAR, "norm(h[k])", [("<=", "norm(W) * norm(h[k-1]) + norm(U) * norm(x[k])", "")]),  # both in one step
    (LINEAR, "h[k] - U @ x[k]", [("=", "W @ h[k-1]", "recurrence_induction")]),
    (NONLINEAR, "h[k+1]", [("=", "sigma(W @ h[k] + U @ x[k+1] + b)", "model")]),
])
def test_the_model_applied_once_is_proved(tmp_path, model, start, steps):
    got = statuses(tmp_path, model, chain(start, *steps))
    assert set(got.values()) == {"proved"}, got


@pytest.mark.parametrize("start, end", [
    ("h[k]", "W @ h[k-1]"),                      # the input dropped
    ("h[k]", "W.T @ h[k-1] + U @ x[k]"),         # a transpose added
    ("h[k]", "W @ h[k-1] + U @ x[k-1]"),         # the input at the wrong time
    ("h[k+1]", "W @ h[k-1] + U @ x[k+1]"),       # two steps back
])
def test_a_wrong_step_is_not_proved(tmp_path, start, end):
    got = statuses(tmp_path, LINEAR, chain(start, ("=", end, "")), search=True)
    assert "proved" not in got.values(), got


def test_by_model_without_a_model_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no `model:` section"):
        derivation_from(tmp_path, """
        symbols:
          a: {kind: scalar}
        chains:
          - id: c
            start: a
            steps:
              - "=": a
                by: model
        """)


def kernel_of(tmp_path, model: str = LINEAR) -> tuple[Kernel, dict]:
    d = derivation(tmp_path, model, chain("h[k]", ("=", "h[k]", "")))
    names = {s.name: s.obj for s in d.symbols.values()}
    return Kernel.for_derivation(d), names


def test_the_kernel_accepts_the_true_instance_and_rejects_forged_ones(tmp_path):
    kernel, s = kernel_of(tmp_path)
    n, m, W, U, k = s["n"], s["m"], s["W"], s["U"], s["k"]
    h = lambda e: SeqElem("h", e, n, 1)
    x = lambda e: SeqElem("x", e, m, 1)
    good = Proof("model", "recurrence", h(k + 1), "=", W @ h(k) + U @ x(k + 1))
    assert accepts(kernel, good)
    j = sp.Symbol("j", real=True)  # not known to be an integer
    forged = [
        Proof("model", "recurrence", h(k + 1), "=", W @ h(k + 1) + U @ x(k + 1)),  # another index on the right
        Proof("model", "recurrence", h(k + 1), "=", W @ h(k) + U @ x(k)),
        Proof("model", "recurrence", x(k + 1), "=", W @ h(k) + U @ x(k + 1)),      # not the state
        Proof("model", "recurrence", h(j), "=", W @ h(j - 1) + U @ x(j)),          # not an integer index
        Proof("model", "recurrence", h(k + 1), "<=", W @ h(k) + U @ x(k + 1)),     # not an equality
        Proof("model", "recurrences", h(k + 1), "=", W @ h(k) + U @ x(k + 1)),     # no such model rule
    ]
    for p in forged:
        assert not accepts(kernel, p), p


def test_without_a_model_the_rule_is_rejected(tmp_path):
    kernel, s = kernel_of(tmp_path)
    n, m, W, U, k = s["n"], s["m"], s["W"], s["U"], s["k"]
    kernel.recurrence = None
    p = Proof("model", "recurrence", SeqElem("h", k + 1, n, 1), "=", W @ SeqElem("h", k, n, 1) + U @ SeqElem("x", k + 1, m, 1))
    assert not accepts(kernel, p)
