"""A Lipschitz premise for activations without a derivative ("σ is L-Lipschitz", written as its definition
with `for_all: [a, b]`): used for |σ(a) − σ(b)| ≤ L|a − b| and, elementwise, for ‖σ(x) − σ(y)‖ ≤ L‖x − y‖ in
every norm (lemma lipschitz_premise_elementwise); a false one for a built-in activation is a finding."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.vacuous import false_for_all

HEAD = """
symbols:
  n: {kind: dimension}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  u: {kind: scalar}
  v: {kind: scalar}
  L: {kind: scalar, assume: [positive]}
  sigma: %s
premises:
  P1: {claim: "%s", for_all: [a, b]}
chains:
  - id: c
    start: %s
    steps:
      - "<=": %s
"""

ABSTRACT = "{kind: activation}"
LIPSCHITZ = "abs(sigma(a) - sigma(b)) <= L * abs(a - b)"


def run(tmp_path, sigma: str, premise: str, start: str, end: str, search: bool = False):
    d = derivation_from(tmp_path, HEAD % (sigma, premise, start, end))
    return d, check(d, search=search, budget=200)


@pytest.mark.parametrize("start, end", [
    ("abs(sigma(u) - sigma(v))", "L * abs(u - v)"),
    ("norm(sigma(x) - sigma(y))", "L * norm(x - y)"),
    ("norm(sigma(x) - sigma(y), 1)", "L * norm(x - y, 1)"),
    ("norm(sigma(x) - sigma(y), inf)", "L * norm(x - y, inf)"),
    ("norm(sigma(x) - sigma(y), fro)", "L * norm(x - y, fro)"),
])
def test_the_lipschitz_premise_bounds_scalars_and_vectors(tmp_path, start, end):
    _, r = run(tmp_path, ABSTRACT, LIPSCHITZ, start, end)
    (link,) = r.links
    assert link.status == "proved", link.reason
    assert link.premises == ["P1"]
    if start.startswith("norm"):
        assert "lipschitz_premise_elementwise" in link.lemmas


def test_a_smaller_constant_is_not_proved(tmp_path):
    _, r = run(tmp_path, ABSTRACT, LIPSCHITZ, "norm(sigma(x) - sigma(y))", "L * norm(x - y) / 2")
    assert r.links[0].status != "proved"


@pytest.mark.parametrize("function, premise, false", [
    ("relu", "abs(sigma(a) - sigma(b)) <= abs(a - b)", False),
    ("relu", "abs(sigma(a) - sigma(b)) <= abs(a - b) / 2", True),
    ("tanh", "abs(sigma(a) - sigma(b)) <= abs(a - b)", False),
    ("tanh", "abs(sigma(a) - sigma(b)) <= abs(a - b) / 2", True),
    ("sigmoid", "abs(sigma(a) - sigma(b)) <= abs(a - b) / 4", False),
])
def test_built_in_activations_are_checked(tmp_path, function, premise, false):
    d, r = run(tmp_path, f"{{kind: activation, function: {function}}}", premise, "norm(sigma(x) - sigma(y))", "norm(x - y)")
    found = false_for_all(d, d.premises[0])
    assert (found is not None) is false
    kinds = [f.kind for f in r.findings]
    assert ("false premise" in kinds) is false
    if false:
        assert r.exit_code == 1
        text = next(f.text for f in r.findings if f.kind == "false premise")
        assert "P1" in text and "ScalarApply" not in text and "sigma(a)" in text


def test_a_refutation_may_rest_on_a_true_lipschitz_premise(tmp_path):
    _, r = run(tmp_path, "{kind: activation, function: relu}", "abs(sigma(a) - sigma(b)) <= abs(a - b)",
               "norm(sigma(x) - sigma(y))", "norm(x - y) / 2", search=True)
    assert r.links[0].status == "refuted" and not r.findings
    assert r.links[0].witness.exact  # relu is 1-Lipschitz decided exactly: sup |relu'| = 1 on each side of 0


@pytest.mark.parametrize("formula, c, holds", [("Max(0, z)", 1, True), ("Max(0, z)", sp.Rational(1, 2), False),
                                               ("tanh(z)", 1, True), ("1/(1 + exp(-z))", sp.Rational(1, 4), True),
                                               ("1/(1 + exp(-z))", sp.Rational(1, 5), False), ("z**2", 100, False)])
def test_the_witness_checker_decides_lipschitz_premises_exactly(tmp_path, formula, c, holds):
    from symbound.kernel.witnesscheck import ActivationValue, Candidate, Z, _Context

    d, _ = run(tmp_path, ABSTRACT, LIPSCHITZ, "abs(sigma(u) - sigma(v))", "L * abs(u - v)")
    L = d.symbols["L"].obj
    ctx = _Context(d, Candidate({}, {L: sp.sympify(c)}, {"sigma": ActivationValue(sp.sympify(formula, locals={"z": Z}))}))
    r = d.premises[0].relations[0]
    assert ctx.forall(r.lhs, r.rel, r.rhs, d.premises[0].bound) == (holds, True)
