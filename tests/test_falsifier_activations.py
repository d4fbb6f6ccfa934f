"""Piecewise-linear activations in the counterexample search (issue 22, "missed counterexamples"): an abstract σ
is drawn as c·|z|, c·relu(z) or a leaky relu too (not odd, not smooth), where σ' and σ'' appear nowhere, and the
witness checker decides every premise about it exactly; σ' at a kink is never decided by a convention."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_file
from symbound import verify
from symbound.kernel.quantifiers import forall_decide
from symbound.kernel.witnesscheck import ActivationValue, Candidate, Undecided, Z, check
from symbound.read.derivation import read
from symbound.render.text import witness_summary
from symbound.check.checker import Checker
from symbound.search.problem import build_problem
from symbound.search.sampling import PIECEWISE_LINEAR, Sampler, drawable

MATRIX = """
symbols:
  n: dimension
  sigma: activation
  x: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
premises:
%s
chains:
  - id: c
    start: "%s"
    steps:
      - "%s": "%s"
"""

BOUNDED = '  P1: {claim: "abs(sigma(z)) <= abs(z)", for_all: z}'
LIPSCHITZ = ('  P1: {claim: "abs(sigma(a) - sigma(b)) <= abs(a - b)", for_all: [a, b]}\n'
             '  P2: {claim: "sigma(0) == 0"}')
ODD = '  P3: {claim: "sigma(-z) == -sigma(z)", for_all: z}'


def only_link(tmp_path, premises: str, lhs: str, rel: str, rhs: str, budget: int = 3000):
    report = verify(derivation_file(tmp_path, MATRIX % (premises, lhs, rel, rhs)), budget=budget, repair=False)
    (link,) = report.links
    return link


@pytest.mark.parametrize("premises,lhs,rhs", [
    (BOUNDED, "norm(sigma(W))", "norm(W)"),  # relu: [[1, 1], [1, 0]] has norm (1 + √5)/2 > √2
    (LIPSCHITZ, "norm(sigma(W))", "norm(W)"),  # σ 1-Lipschitz with σ(0) = 0: the same σ
    (BOUNDED, "norm(sigma(W))", "5/4 * norm(W)"),  # only |z| breaks it: 2 > 5/4·√2
    (LIPSCHITZ, "2 * norm(sigma(x))", "norm(sigma(x) - sigma(-x))"),  # σ(−z) = −σ(z) used without a premise
])
def test_false_claims_needing_a_kinked_or_non_odd_activation_are_refuted_exactly(tmp_path, premises, lhs, rhs):
    link = only_link(tmp_path, premises, lhs, "<=", rhs)
    assert link.status == "refuted" and link.witness.exact, link.reason
    assert "|z|" in witness_summary(link.witness)  # σ drawn piecewise linear


@pytest.mark.parametrize("premises,lhs,rhs", [
    (BOUNDED, "norm(sigma(x))", "norm(x)"),  # a monotone norm of the vector
    (BOUNDED, "norm(sigma(W), fro)", "norm(W, fro)"),  # Frobenius is entrywise
    (LIPSCHITZ, "norm(sigma(x) - sigma(W @ x))", "norm(x - W @ x)"),
    (LIPSCHITZ + "\n" + ODD, "2 * norm(sigma(x))", "norm(sigma(x) - sigma(-x))"),  # σ odd: the kinked families fail P3
])
def test_true_claims_about_an_abstract_activation_are_not_refuted(tmp_path, premises, lhs, rhs):
    link = only_link(tmp_path, premises, lhs, "<=", rhs, budget=600)
    assert link.status != "refuted", witness_summary(link.witness)


@pytest.mark.parametrize("premise,kinked", [
    (BOUNDED, True),
    ('  P1: {claim: "abs(sigma\'(z)) <= 1", for_all: z}', False),  # σ' at every z, the kink too
    ('  P1: {claim: "sigma\'\'(z) == 0", for_all: z}', False),
])
def test_the_kinked_families_are_drawn_only_where_no_derivative_of_sigma_is_used(tmp_path, premise, kinked):
    assert all(drawable(k, {0}) and drawable(k, set()) and not drawable(k, {0, 1}) for k in PIECEWISE_LINEAR)
    d = read(derivation_file(tmp_path, MATRIX % (premise, "norm(sigma(W))", "<=", "norm(W)")))
    sampler = Sampler(build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0)), 0)
    drawn = {sampler.draw("gaussian", 2, False).activation["sigma"][0] for _ in range(60)}
    assert bool(drawn & set(PIECEWISE_LINEAR)) == kinked and drawn - set(PIECEWISE_LINEAR)


# ---------------------------------------------------------------- the witness checker on kinked formulas

RELU, ABS, LEAKY = PIECEWISE_LINEAR["relu"], PIECEWISE_LINEAR["abs"], PIECEWISE_LINEAR["leaky"]


@pytest.mark.parametrize("formula", [ABS, RELU, LEAKY, 3 * LEAKY])
def test_sigma_prime_of_a_kinked_formula_is_undecided_at_the_kink_and_at_every_z(formula):
    act = ActivationValue(formula)
    for order in (1, 2):
        for at in (sp.Integer(0), sp.Symbol("t", real=True)):  # the kink; a for_all premise's every z
            with pytest.raises(Undecided):
                act.function(order)(at)
        assert act.function(order)(sp.Integer(-2)) == sp.diff(formula, Z, order).subs(Z, -2)  # off the kink: its value


KINKED = """
symbols:
  sigma: activation
  y: scalar
premises:
  P1: {claim: "%s", for_all: %s}
chains:
  - id: c
    start: "sigma(y)"
    steps:
      - "<=": "y + 100"
"""


@pytest.mark.parametrize("premise,bound,formula,holds", [
    ("sigma(-z) == -sigma(z)", "z", ABS, False),  # not odd
    ("sigma(-z) == -sigma(z)", "z", RELU, False),
    ("sigma(-z) == -sigma(z)", "z", sp.Integer(3) * Z, True),
    ("sigma(z) >= 0", "z", ABS, True),  # abs and relu are nonnegative, leaky relu is not
    ("sigma(z) >= 0", "z", RELU, True),
    ("sigma(z) >= 0", "z", LEAKY, False),
    ("abs(sigma(z)) <= abs(z)", "z", RELU, True),
    ("abs(sigma(z)) <= abs(z)", "z", 2 * RELU, False),
    ("abs(sigma(z)) <= 1", "z", RELU, False),  # bounded: no kinked family is
    ("abs(sigma(a) - sigma(b)) <= abs(a - b)", "[a, b]", LEAKY, True),  # Lipschitz: the slopes on each side of 0
    ("abs(sigma(a) - sigma(b)) <= abs(a - b)", "[a, b]", ABS, True),
    ("abs(sigma(a) - sigma(b)) <= abs(a - b) / 2", "[a, b]", ABS, False),
    ("abs(sigma(a) - sigma(b)) <= 3 * abs(a - b) / 4", "[a, b]", LEAKY, False),  # slopes 1 and 1/4
    ("abs(sigma(a) - sigma(b)) <= abs(a - b) / 4", "[a, b]", LEAKY / 4, True),
])
def test_the_witness_checker_decides_premises_on_a_kinked_sigma_exactly(tmp_path, premise, bound, formula, holds):
    derivation = read(derivation_file(tmp_path, KINKED % (premise, bound)))
    cand = Candidate({}, {}, {"sigma": ActivationValue(formula)})
    result = check(derivation, cand, sp.Integer(1), "<=", sp.Integer(0))  # a claim that fails: only P1 decides
    part = [p for p in result.exact + result.numeric if p.startswith("premise P1")]
    assert part and part[0] in result.exact, (result.exact, result.numeric, result.failed)
    assert result.ok == holds, result.failed


def test_a_premise_on_sigma_prime_fails_a_kinked_witness_undecided(tmp_path):
    derivation = read(derivation_file(tmp_path, KINKED % ("abs(sigma'(z)) <= 1", "z")))
    for formula in (ABS, RELU, LEAKY):
        result = check(derivation, Candidate({}, {}, {"sigma": ActivationValue(formula)}), sp.Integer(1), "<=", sp.Integer(0))
        assert not result.ok and any("undecided" in part for part in result.failed), result.failed


@pytest.mark.parametrize("d,holds", [
    (sp.Abs(Z) - sp.Abs(RELU), True),  # |relu(z)| ≤ |z|: nested bars, split inner first
    (sp.Abs(Z) - sp.Abs(2 * RELU), False),
    (sp.Abs(LEAKY) - sp.Abs(Z) / 4, True),  # |leaky(z)| ≥ |z|/4
    (sp.Abs(LEAKY) + sp.Abs(RELU - 1) - 1, True),  # two nested bars, cuts at 0 and 1
])
def test_nested_absolute_values_are_decided_exactly_for_every_z(d, holds):
    assert forall_decide(d, "<=", ((Z, sp.S.Reals),)) == (holds, True)
