"""A step proved alone stays proved when the file has more premises (issue 24, PixelDP's Proposition 1): the
search's budget counts steps, and a move that does no work must not be charged for them.  The calculus move
(sympy's supremum of a formula in one variable) cost ten steps on every sub-goal with one free symbol, even where
it had no formula to bound (Ei ≤ 0: no function in it), and again on every repeat of a sub-goal; the range
premises 0 ≤ E ≤ 1 multiply the sub-goals, and the link's own proof was never reached.  And the counterexample
search must not depend on the names of the symbols: an instance without matrices is the same at every scale, and
was drawn six times."""

from __future__ import annotations

import re
from itertools import islice

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import Checker, check
from symbound.kernel.witnesscheck import check as witness_check
from symbound.search.falsifier import _schedule, falsify
from symbound.search.problem import build_problem
from symbound.search.sampling import Sampler

SYMBOLS = """
symbols:
  a: {kind: scalar, assume: [positive]}
  d: {kind: scalar, assume: [nonnegative]}
  x: {kind: scalar}
  y: {kind: scalar}
  x2: {kind: scalar}
  y2: {kind: scalar}
  u: {kind: scalar}
  v: {kind: scalar}
  sigma: {kind: activation}
premises:
"""
TRUE = '  H: "x > exp(2 * a) * y + (1 + exp(a)) * d"\n'  # times exp(−a): exp(−a)(x − d) > exp(a)y + d
FALSE = '  H: "x > exp(a) * y + (1 + exp(a)) * d"\n'  # e^a for e^{2a}: false at a = 1, d = 0, y = 1/8, x = 3/4
RANGES = '  R1: "0 <= x <= 1"\n  R2: "0 <= y <= 1"\n  R3: "d <= 1"\n'
EXTRA = {
    "ranges": "",
    "more ranges": '  R4: "0 <= x2 <= 1"\n  R5: "0 <= y2 <= 1"\n  R6: "a <= 5"\n',
    "inequalities": '  S1: "x <= exp(a) * x2 + d"\n  S2: "y2 <= exp(a) * y + d"\n  S3: "y <= x + u"\n  S4: "d <= v"\n',
    "equalities": '  E1: "u == exp(a) * x + d"\n  E2: "v == y * x2"\n',
    "for_all": '  F1: {claim: "abs(sigma(z)) <= 1", for_all: z}\n  F2: {claim: "0 <= sigma(z)", for_all: z}\n',
}
STEPS = [("exp(-a) * (x - d)", ">", "exp(a) * y + d"), ("exp(a) * y + d", "<", "exp(-a) * (x - d)")]


def file_text(hypothesis: str, extra: str, start: str, rel: str, end: str) -> str:
    return SYMBOLS + hypothesis + RANGES + extra + f'chains:\n  - id: c\n    start: "{start}"\n    steps:\n      - "{rel}": "{end}"\n'


@pytest.mark.parametrize("kind", sorted(EXTRA))
@pytest.mark.parametrize("start, rel, end", STEPS)
def test_a_step_proved_alone_is_proved_among_irrelevant_premises(tmp_path, kind, start, rel, end):
    alone = derivation_from(tmp_path, SYMBOLS + TRUE + f'chains:\n  - id: c\n    start: "{start}"\n    steps:\n      - "{rel}": "{end}"\n', "alone.yaml")
    assert check(alone, search=False).links[0].status == "proved"
    (link,) = check(derivation_from(tmp_path, file_text(TRUE, EXTRA[kind], start, rel, end)), search=False).links
    assert link.status == "proved", link.reason
    assert "H" in link.premises


@pytest.mark.parametrize("kind", ["ranges", "inequalities", "for_all"])
def test_the_false_step_stays_unproved_among_the_same_premises(tmp_path, kind):
    (link,) = check(derivation_from(tmp_path, file_text(FALSE, EXTRA[kind], *STEPS[0]))).links
    assert link.status != "proved"


def prover_of(tmp_path):
    return Checker(derivation_from(tmp_path, file_text(TRUE, "", *STEPS[0])), search=False).prover


def test_calculus_is_not_charged_where_it_has_no_formula_to_bound(tmp_path):
    prover = prover_of(tmp_path)
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    prover.budget.start()
    assert not prover.calculus(x, sp.Integer(0), False)  # no function of x: sympy's calculus is not even asked
    assert not prover.calculus(x, y, True)
    assert prover.budget.used == 0


def test_calculus_is_charged_once_per_goal_for_a_repeated_subgoal(tmp_path):
    prover = prover_of(tmp_path)
    a = next(s for f in prover.facts for s in (f.lhs - f.rhs).free_symbols if s.name == "a")
    prover.budget.start()
    for _ in range(3):
        assert not prover.calculus(sp.exp(2 * a), sp.Integer(1), False)  # exp(2a) ≤ 1: false, asked three times
    assert prover.budget.used == 10
    assert prover.calculus(-sp.exp(a), sp.Integer(0), False)  # another formula: charged
    assert prover.budget.used == 20


WRONG = """
symbols:
  EPS: {kind: scalar, assume: [positive]}
  DELTA: {kind: scalar, assume: [nonnegative]}
  EK: {kind: scalar}
  EK2: {kind: scalar}
  EI: {kind: scalar}
  EI2: {kind: scalar}
premises:
  scores_k: "0 <= EK <= 1"
  scores_k2: "0 <= EK2 <= 1"
  scores_i: "0 <= EI <= 1"
  scores_i2: "0 <= EI2 <= 1"
  stability_a: "EK <= exp(EPS) * EK2 + DELTA"
  stability_b: "EI2 <= exp(EPS) * EI + DELTA"
  hypothesis: "EK > exp(EPS) * EI + (1 + exp(EPS)) * DELTA"
chains:
  - id: c
    start: EK2
    steps:
      - ">": EI2
"""
# PixelDP's wrong variant (e^ε for e^{2ε}): E(A_k(x')) > E(A_i(x')) fails at ε = 1, δ = 0, E_i = 1/4, E_k = 3/4,
# E_k' = E_i' = 1/2; the names are the file's, then three renamings (which sort the symbols differently)
NAMES = [dict(EPS="eps", DELTA="delta", EK="Ek", EK2="Ek2", EI="Ei", EI2="Ei2"),
         dict(EPS="t", DELTA="s", EK="a", EK2="b", EI="c", EI2="d"),
         dict(EPS="e1", DELTA="d1", EK="p2", EK2="q1", EI="p1", EI2="q2"),
         dict(EPS="lam", DELTA="mu", EK="Ua", EK2="Va", EI="Ub", EI2="Vb")]


def renamed(names: dict) -> str:
    return re.sub(r"\b(EPS|DELTA|EK2|EK|EI2|EI)\b", lambda m: names[m.group(1)], WRONG)


@pytest.mark.parametrize("names", NAMES, ids=lambda n: n["EK"])
def test_the_counterexample_is_found_whatever_the_names(tmp_path, names):
    d = derivation_from(tmp_path, renamed(names))
    prover = Checker(d, search=False).prover
    link = d.chains[0].links[0]
    outcomes = [falsify(d, prover, d.chains[0].start, link.rel, link.expr) for _ in range(2)]
    assert outcomes[0].witness is not None
    assert witness_check(d, outcomes[0].candidate, d.chains[0].start, link.rel, link.expr).ok
    assert outcomes[0].witness.values == outcomes[1].witness.values  # same input, same output


def test_an_instance_without_matrices_is_drawn_once_not_at_every_scale(tmp_path):
    d = derivation_from(tmp_path, renamed(NAMES[0]))
    link = d.chains[0].links[0]
    problem = build_problem(d, Checker(d, search=False).prover, d.chains[0].start, link.rel, link.expr)
    drawn = [tuple(sorted((str(k), v) for k, v in inst.values.items())) for inst in islice(_schedule(Sampler(problem, 0), 600), 60)]
    assert len(set(drawn)) > 30  # each draw was six identical instances (its six scales): ten in sixty
