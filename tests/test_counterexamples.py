"""Counterexamples a reviewer can act on (issue 22): a refutation rests only on a witness the witness
checker accepted, under every declaration (through the one table of properties), under every
convention for relu'(0), and its report says how many instances met the premises."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from conftest import DERIVATIONS, derivation_file, shipped_report
from symbound import verify
from symbound.kernel.witnesscheck import Candidate, check
from symbound.limits import LimitReached
from symbound.ops.objects import Unevaluable
from symbound.ops import SeqElem
from symbound.read.derivation import read
from symbound.render.text import consistency_text, shown_values, witness_summary
from symbound.rules import properties as P


def statuses(report) -> list[str]:
    return [link.status for link in report.links]


def exact(A: np.ndarray) -> sp.Matrix:
    from fractions import Fraction

    return sp.Matrix([[sp.Rational(Fraction(float(a)).limit_denominator(P.MAX_DENOMINATOR)) for a in row] for row in A])


# ---------------------------------------------------------------- 1. the table of properties

DECLARED = """
symbols:
  n: dimension
  m: dimension
  A: {kind: matrix, shape: [n, %s], assume: [%s]}
chains:
  - id: c
    start: norm(A, 1)
    steps:
      - "<=": norm(A, inf) / 2
"""

# property -> (a matrix without it, a matrix with it)
EXAMPLES = {
    "symmetric": ([[0, 2], [0, 1]], [[0, 2], [2, 1]]),
    "normal": ([[0, 1], [0, 0]], [[0, -1], [1, 0]]),
    "orthogonal": ([[0, 0], [0, 0]], [[sp.Rational(3, 5), sp.Rational(4, 5)], [-sp.Rational(4, 5), sp.Rational(3, 5)]]),
    "semi_orthogonal": ([[1, 0], [1, 0], [0, 0]], [[0, -1], [1, 0], [0, 0]]),  # WᵀW = I: orthonormal columns
    "diagonal": ([[1, 1], [0, 1]], [[2, 0], [0, -3]]),
    "positive_semidefinite": ([[1, 2], [2, 1]], [[2, 1], [1, 2]]),
    "invertible": ([[1, 2], [2, 4]], [[1, 2], [3, 4]]),
}


def test_every_registered_property_has_an_example():
    assert set(EXAMPLES) == set(P.PROPERTIES)


@pytest.mark.parametrize("prop", sorted(EXAMPLES))
def test_the_witness_checker_decides_every_declared_property(tmp_path, prop):
    bad, good = (sp.Matrix(x) for x in EXAMPLES[prop])
    d = read(derivation_file(tmp_path, DECLARED % ("m" if not P.PROPERTIES[prop].square else "n", prop)))
    n, m, A = (d.scope.names[x] for x in ("n", "m", "A"))
    claim = (d.chains[0].start, d.chains[0].links[0].rel, d.chains[0].links[0].expr)
    for value, accepted in ((bad, False), (good, True)):
        dims = {n: value.shape[0], m: value.shape[1]}
        result = check(d, Candidate(dims, {A: value}, {}), *claim)
        assert ("declaration of A" not in result.failed) == accepted, (prop, value, result.failed)


@pytest.mark.parametrize("prop", sorted(EXAMPLES))
def test_samplers_and_rounding_keep_each_property(prop):
    """conform gives the property in floating point, rational keeps it exactly after rounding."""
    rng = np.random.default_rng(7)
    for k in range(24):
        n = 1 + k % 4
        m = n if P.PROPERTIES[prop].square else 1 + (3 * k) % n  # a tall or square shape (a wide one has no WᵀW = I)
        B = P.conform(rng.standard_normal((n, m)), frozenset({prop}), rng)
        assert P.close(B, frozenset({prop})), (prop, B)
        for q in (1, 2, 4, 10):
            assert P.exact_check(prop, exact(P.rational(B, frozenset({prop}), q))) is True, (prop, q, B)


def test_a_property_registered_without_a_check_makes_every_witness_fail(tmp_path, monkeypatch):
    """A new property, declared in a file, that nobody taught the witness checker: no witness may use it."""
    new = P.MatrixProperty("unitary_ish", "registered without an exact check", None, lambda A: True,
                           lambda A, rng: A, lambda A, q: np.round(A * q) / q, "True")
    monkeypatch.setitem(P.PROPERTIES, "unitary_ish", new)
    path = derivation_file(tmp_path, DECLARED % ("n", "unitary_ish"))
    d = read(path)
    n, A = d.scope.names["n"], d.scope.names["A"]
    result = check(d, Candidate({n: 2}, {A: sp.Matrix([[0, 1], [0, 0]])}, {}),
                   d.chains[0].start, d.chains[0].links[0].rel, d.chains[0].links[0].expr)
    assert "declaration of A (undecided)" in result.failed and not result.ok
    report = verify(path, budget=200, repair=False)
    assert "refuted" not in statuses(report)  # the same claim without the property is refuted at once
    plain = verify(derivation_file(tmp_path, (DECLARED % ("n", "symmetric")).replace(", assume: [symmetric]", ""), "plain.yaml"), budget=200, repair=False)
    assert statuses(plain) == ["refuted"]


ORTHOGONAL = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [%s], assume: [orthogonal]}
  U: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  v: {kind: vector, shape: [n]}
  p: {kind: scalar, assume: [positive]}
chains:
  - id: c
    start: "%s"
    steps:
      - "%s": "%s"
"""

TRUE_UNDER_ORTHOGONALITY = [
    ("n, n", "norm(W) ** p", "=", "1"),
    ("n, n", "norm(W @ W @ v)", "<=", "norm(W @ v)"),
    ("n, n", "norm(U @ W @ v)", "=", "norm(v)"),
    ("1, 1", "norm(W)", "=", "1"),
    ("n, n", "norm(W.T @ W - U.T @ U)", "=", "0"),
]


@pytest.mark.parametrize("shape,lhs,rel,rhs", TRUE_UNDER_ORTHOGONALITY)
def test_true_claims_under_orthogonality_are_not_refuted(tmp_path, shape, lhs, rel, rhs):
    report = verify(derivation_file(tmp_path, ORTHOGONAL % (shape, lhs, rel, rhs)), budget=300, repair=False)
    (only,) = report.links
    assert only.status != "refuted", witness_summary(only.witness)


FALSE_UNDER_ORTHOGONALITY = [
    ("norm(W @ v, 1)", "<=", "norm(v, 1)"),  # needs a rotation that is no signed permutation
    ("norm(W @ v)", "<=", "norm(v) / 2"),
    ("norm(W - U)", "=", "0"),
]


@pytest.mark.parametrize("lhs,rel,rhs", FALSE_UNDER_ORTHOGONALITY)
def test_false_claims_under_orthogonality_get_orthogonal_witnesses(tmp_path, lhs, rel, rhs):
    report = verify(derivation_file(tmp_path, ORTHOGONAL % ("n, n", lhs, rel, rhs)), budget=600, repair=False)
    (only,) = report.links
    assert only.status == "refuted" and only.witness.exact, only.reason
    W = sp.Matrix(sp.sympify(shown_values(only.witness)["W"]))
    assert W.T * W == sp.eye(W.shape[0])


def test_a_lemma_of_the_file_true_under_its_declaration_is_not_refuted(tmp_path):
    path = derivation_file(tmp_path, """
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n], assume: [orthogonal]}
          v: {kind: vector, shape: [n]}
        lemmas:
          iso:
            statement: "norm(Q @ x) <= norm(x)"
            variables:
              Q: {kind: matrix, shape: [m, m], assume: [orthogonal]}
              x: {kind: vector, shape: [m]}
              m: dimension
            reference: "an orthogonal matrix is an isometry of the 2-norm"
        chains:
          - id: c
            start: norm(W @ v)
            steps:
              - "<=": norm(v)
                by: iso
        """)
    report = verify(path, budget=300, repair=False)
    assert not [f for f in report.findings if f.kind == "refuted lemma"], report.findings


def test_the_checker_refutes_only_what_the_witness_checker_accepts(tmp_path, monkeypatch):
    """A search that hands over a witness breaking a declaration does not make a refutation."""
    from symbound.search import falsifier

    path = derivation_file(tmp_path, ORTHOGONAL % ("n, n", "norm(W, 1) ** p", "=", "1"))  # false, and not proved
    real = falsifier.falsify

    def lying(d, prover, lhs, rel, rhs, seed=0, budget=0):
        n, W, p = (d.scope.names[x] for x in ("n", "W", "p"))
        outcome = real(d, prover, lhs, "=", 2 * rhs, seed, budget)  # a true witness of another claim ...
        assert outcome.witness is not None
        cand = dataclasses.replace(outcome.candidate, values={**outcome.candidate.values, W: sp.zeros(*outcome.candidate.values[W].shape)})
        return dataclasses.replace(outcome, candidate=cand)  # ... with W = 0, not orthogonal

    monkeypatch.setattr(falsifier, "falsify", lying)
    report = verify(path, budget=300, repair=False)
    assert statuses(report) == ["unproved"]


FALSE_CLAIM = """
symbols:
  c: {kind: scalar}
premises:
  P1: {claim: "c <= 1"}
chains:
  - id: a
    start: c
    steps:
      - "<=": 0
"""


@pytest.mark.parametrize("module, where", [("falsifier", "build_problem"), ("falsifier", "search"), ("falsifier", "goal_violation"),
                                           ("falsifier", "premises_margin"), ("certify", "candidate")])
@pytest.mark.parametrize("error", [AttributeError, RuntimeError, TypeError, AssertionError, RecursionError])
def test_an_internal_error_in_the_search_is_no_could_not_evaluate(tmp_path, monkeypatch, module, where, error):
    """A bug in the search propagates: only the closed set of "undefined here" errors is a search that could not
    evaluate; so too per instance (its margins, a candidate for the witness checker)."""
    import importlib

    def broken(*args, **kwargs):
        raise error("a bug")

    monkeypatch.setattr(importlib.import_module(f"symbound.search.{module}"), where, broken)
    with pytest.raises(error, match="a bug"):
        verify(derivation_file(tmp_path, FALSE_CLAIM), budget=100, repair=False)


@pytest.mark.parametrize("error", [KeyError, ValueError, ZeroDivisionError, OverflowError, np.linalg.LinAlgError])
def test_an_undefined_claim_is_a_search_that_could_not_evaluate_it(tmp_path, monkeypatch, error):
    from symbound.search import falsifier

    def undefined(*args, **kwargs):
        raise error("no value here")

    monkeypatch.setattr(falsifier, "build_problem", undefined)
    report = verify(derivation_file(tmp_path, FALSE_CLAIM), budget=100, repair=False)
    (only,) = report.links
    assert only.status == "unproved" and "the counterexample search could not evaluate this claim" in only.reason, only.reason
    assert consistency_text(report) == "the premises were not shown consistent (the search could evaluate the premises at no instance)"


@pytest.mark.parametrize("error", [KeyError, ValueError, ZeroDivisionError, OverflowError, np.linalg.LinAlgError])
def test_an_instance_the_claim_has_no_value_at_is_not_counted(tmp_path, monkeypatch, error):
    from symbound.search import falsifier

    def undefined(*args, **kwargs):
        raise error("no value here")

    monkeypatch.setattr(falsifier, "goal_violation", undefined)
    (only,) = verify(derivation_file(tmp_path, FALSE_CLAIM), budget=100, repair=False).links
    assert only.status == "unproved" and "the counterexample search could not evaluate this claim" in only.reason, only.reason


FILE_LEMMA = """
symbols:
  c: {kind: scalar}
lemmas:
  half:
    statement: "x / 2 <= x"
    variables: {x: scalar}
    hypotheses: ["0 <= x"]
    reference: "x - x/2 = x/2 >= 0"
premises:
  P1: {claim: "0 <= c"}
chains:
  - id: a
    start: c / 2
    steps:
      - "<=": c
        by: half
"""


@pytest.mark.parametrize("error", [TypeError, AttributeError, Unevaluable, LimitReached])
def test_a_file_lemma_whose_search_could_not_finish_stays_assumed_and_a_bug_propagates(tmp_path, monkeypatch, error):
    """The search of a file's lemma: a claim it cannot evaluate or a budget that ran out leave the lemma assumed
    (the kernel's reason says the search stopped); any other exception is a bug and propagates."""
    from symbound.check import lemmachecks
    from symbound.check.checker import Checker
    from symbound.search import falsifier

    def broken(*args, **kwargs):
        raise error("stopped")

    monkeypatch.setattr(falsifier, "falsify", broken)
    monkeypatch.setattr(lemmachecks, "_SEARCHED", type(lemmachecks._SEARCHED)())  # nothing remembered from another test
    d = read(derivation_file(tmp_path, FILE_LEMMA))
    if error in (TypeError, AttributeError):
        with pytest.raises(error, match="stopped"):
            Checker(d, budget=100)
        return
    checker = Checker(d, budget=100)
    assert f"the search stopped ({error.__name__})" in checker.kernel.assumed["half"]
    report = checker.run()
    assert [lemma.status for lemma in report.lemmas] == ["used"] and statuses(report) == ["proved"]


def test_the_lemma_search_memo_skips_what_does_not_pickle_and_nothing_else(tmp_path, monkeypatch):
    """A derivation part pickle refuses is searched afresh (no digest); an error of another kind is a bug."""
    from symbound.check import lemmachecks

    d = read(derivation_file(tmp_path, FILE_LEMMA))
    (lemma,) = d.lemmas
    assert lemmachecks._digest(d, lemma, 0, 100) is not None

    def local():
        return None

    for unpicklable in ((x for x in ()), local, lambda: None):
        assert lemmachecks._digest(dataclasses.replace(d, notes=[unpicklable]), lemma, 0, 100) is None

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(lemmachecks.pickle, "dumps", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        lemmachecks._digest(d, lemma, 0, 100)


# ---------------------------------------------------------------- 5. relu'(0)

RELU = """
symbols:
  a: {kind: scalar}
  sigma: {kind: activation, function: relu}
chains:
  - id: c
    start: "%s"
    steps:
      - "%s": "%s"
"""


@pytest.mark.parametrize("lhs,rel,rhs", [
    ("sigma'(0)", "=", "0"),  # the frameworks' convention
    ("sigma'(a) ** 2", "=", "sigma'(a)"),
    ("sigma'(0)", "=", "1/2"),  # sympy's: holds under one convention, so not refuted either
    ("sigma'(a) * a", "=", "sigma(a)"),
    ("sigma'(0)", "<=", "1"),
])
def test_claims_true_under_some_convention_for_relu_at_zero_are_not_refuted(tmp_path, lhs, rel, rhs):
    report = verify(derivation_file(tmp_path, RELU % (lhs, rel, rhs)), budget=300, repair=False)
    (only,) = report.links
    assert only.status != "refuted", witness_summary(only.witness)


@pytest.mark.parametrize("lhs,rel,rhs,at_zero", [
    ("sigma'(0)", "=", "2", True),
    ("sigma'(0)", ">=", "3/2", True),
    ("sigma'(a)", "<=", "a", False),
])
def test_claims_false_under_every_convention_are_refuted_and_say_so(tmp_path, lhs, rel, rhs, at_zero):
    report = verify(derivation_file(tmp_path, RELU % (lhs, rel, rhs)), budget=300, repair=False)
    (only,) = report.links
    assert only.status == "refuted" and only.witness.exact
    assert ("for each value of relu'(0) (0, 1/2, 1)" in only.reason) == at_zero, only.reason


# ---------------------------------------------------------------- 3. a search that met no premise says so


@pytest.mark.parametrize("premise", [
    "c ** 2 == -1",  # no real c solves it (met by construction when one does: tests/test_falsifier_search.py)
    "norm(A) + c ** 2 == -1",
    "norm(A) <= -1",
])
def test_a_search_that_met_no_premise_says_so(tmp_path, premise):
    path = derivation_file(tmp_path, f"""
        symbols:
          c: {{kind: scalar}}
          A: {{kind: matrix, shape: [2, 2]}}
        premises:
          P1: {{claim: "{premise}"}}
        chains:
          - id: a
            start: c
            steps:
              - "<=": 0
        """)
    (only,) = verify(path, budget=200, repair=False).links
    assert only.status == "unproved" and "no instance met the premises" in only.reason, only.reason


def test_a_search_that_met_premises_counts_them(tmp_path):
    path = derivation_file(tmp_path, """
        symbols:
          A: {kind: matrix, shape: [2, 2]}
          c: {kind: scalar}
        premises:
          P1: {claim: "0 <= c <= 1"}
        chains:
          - id: a
            start: norm(c * A)
            steps:
              - "<=": norm(A) + norm(A, fro)
        """)
    (only,) = verify(path, budget=200, repair=False).links
    assert only.status != "refuted"
    if only.status == "unproved":
        import re

        met = re.search(r"no counterexample in (\d+) instances, (\d+) of them meeting every premise", only.reason)
        assert met and 0 < int(met.group(2)) <= int(met.group(1)), only.reason


# ---------------------------------------------------------------- 4. a for_all over an index, at every index

RECURRENCE = """
symbols:
  n: {kind: dimension}
  x: {kind: sequence, shape: [n]}
  k: {kind: index}
  j: {kind: index}
  t: {kind: index}
model:
  recurrence: "x[k] = %s"
premises:
  P1: {claim: "norm(x[j]) <= 1", for_all: [j]}
chains:
  - id: a
    start: norm(x[t + 1])
    steps:
      - "<=": "%s"
"""


def test_a_witness_breaking_a_for_all_premise_further_on_is_rejected(tmp_path):
    """x[k] = 2x[k−1] with ‖x[j]‖ ≤ 1 for every j: x[2] = 1/2, x[3] = 1 meets the premise where it is listed,
    the recurrence gives x[4] = 2."""
    d = read(derivation_file(tmp_path, RECURRENCE % ("2 * x[k-1]", "norm(x[t]) / 2")))
    n, t = d.scope.names["n"], d.scope.names["t"]
    x = lambda i: SeqElem("x", sp.Integer(i), n, sp.Integer(1))
    cand = Candidate({n: 1}, {t: sp.Integer(2), x(2): sp.Matrix([[sp.Rational(1, 2)]]), x(3): sp.Matrix([[1]])}, {})
    result = check(d, cand, d.chains[0].start, d.chains[0].links[0].rel, d.chains[0].links[0].expr)
    assert "premise P1" in result.failed and not result.ok, result.failed


@pytest.mark.parametrize("update,rhs", [
    ("2 * x[k-1]", "norm(x[t])"),  # only x = 0 meets the premise: the claim holds
    ("3 * x[k-1]", "norm(x[t]) / 2"),
    ("-2 * x[k-1]", "norm(x[t])"),
])
def test_claims_true_under_a_for_all_premise_on_the_state_are_not_refuted(tmp_path, update, rhs):
    (only,) = verify(derivation_file(tmp_path, RECURRENCE % (update, rhs)), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


def test_a_run_that_repeats_decides_the_premise_at_every_index(tmp_path):
    """x[k] = −x[k−1] comes back to x[t] after two steps: the premise is decided at every index, exactly."""
    (only,) = verify(derivation_file(tmp_path, RECURRENCE % ("-x[k-1]", "norm(x[t]) / 2")), budget=300, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


def test_a_for_all_premise_the_witness_leaves_open_is_not_certified(tmp_path):
    """With inputs, the states after the witness's are not fixed by it: the premise is not decided there."""
    path = derivation_file(tmp_path, (RECURRENCE % ("x[k-1] + u[k]", "norm(x[t]) / 2")).replace(
        "  k: {kind: index}", "  k: {kind: index}\n  u: {kind: sequence, shape: [n]}"))
    (only,) = verify(path, budget=300, repair=False).links
    assert only.status != "refuted" or not only.witness.exact, only.reason


# ---------------------------------------------------------------- 7. the memo of witness checks


def test_the_witness_check_memo_keys_on_everything_the_answer_depends_on(tmp_path):
    """The same values against a file with and without a declaration, or with another premise, are
    different questions; an answer handed out is a copy."""
    plain = read(derivation_file(tmp_path, (DECLARED % ("n", "symmetric")).replace(", assume: [symmetric]", ""), "plain.yaml"))
    ortho = read(derivation_file(tmp_path, DECLARED % ("n", "orthogonal"), "ortho.yaml"))
    bounded = read(derivation_file(tmp_path, (DECLARED % ("n", "symmetric")).replace(", assume: [symmetric]", "")
                         + 'premises:\n  P: {claim: "norm(A, 1) <= 1/2"}\n', "bounded.yaml"))
    n, A = plain.scope.names["n"], plain.scope.names["A"]
    claim = (plain.chains[0].start, plain.chains[0].links[0].rel, plain.chains[0].links[0].expr)
    cand = Candidate({n: 2}, {A: sp.Matrix([[0, 1], [0, 0]])}, {})
    first = check(plain, cand, *claim)
    assert first.certified
    assert not check(ortho, cand, *claim).ok
    assert not check(bounded, cand, *claim).ok
    first.failed.append("tampered")
    assert check(plain, cand, *claim).certified
    other = Candidate({n: 2}, {A: sp.Matrix([[0, 1], [0, 1]])}, {})
    assert check(plain, other, *claim).lhs_value != first.lhs_value


# ---------------------------------------------------------------- 2. counterexamples that need a large dimension


@pytest.mark.parametrize("lhs,rhs", [
    ("norm(A, fro)", "7 * norm(A)"),  # ‖A‖F ≤ √rank·‖A‖₂: false only from n = 50
    ("norm(A, fro) ** 2", "20 * norm(A) ** 2"),  # false from n = 21
    ("norm(A, fro)", "3 * norm(A)"),  # false from n = 10
])
def test_claims_false_only_at_a_large_dimension_are_refuted(tmp_path, lhs, rhs):
    path = derivation_file(tmp_path, f"""
        symbols:
          n: {{kind: dimension}}
          A: {{kind: matrix, shape: [n, n]}}
        chains:
          - id: a
            start: {lhs}
            steps:
              - "<=": {rhs}
        """)
    (only,) = verify(path, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason
    assert int(shown_values(only.witness)["n"]) > 6


# ---------------------------------------------------------------- 6. products over a range with symbolic bounds

PRODUCT = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n]}
  u: {kind: sequence, shape: [n]}
  sigma: {kind: activation}
  k: {kind: index}
  t: {kind: index}
  i: {kind: index}
model:
  recurrence: "x[k] = W @ sigma(x[k-1]) + u[k]"
premises:
  P3: {claim: "k <= t"}
chains:
  - id: a
    start: "%s"
    steps:
      - "<=": "%s"
"""


@pytest.mark.parametrize("lhs,rhs", [
    ("rho(prod(jacobian(x[i+1], x[i]), i, k, t))", "prod(rho(jacobian(x[i+1], x[i])), i, k, t)"),
    ("norm(prod(jacobian(x[i+1], x[i]), i, k, t))", "prod(rho(jacobian(x[i+1], x[i])), i, k, t)"),
    ("norm(prod(jacobian(x[i+1], x[i]), i, k, t), 1)", "prod(norm(W.T @ diag(sigma'(x[i])), 1), i, k, t)"),  # the transposed layout
])
def test_false_claims_over_products_with_symbolic_bounds_are_refuted(tmp_path, lhs, rhs):
    (only,) = verify(derivation_file(tmp_path, PRODUCT % (lhs, rhs)), budget=600, repair=False).links
    assert only.status == "refuted", only.reason
    values = shown_values(only.witness)
    assert "i" not in values and int(values["k"]) <= int(values["t"])  # the product's own index is no value of the witness


def test_true_claims_over_products_are_not_refuted(tmp_path):
    (only,) = verify(derivation_file(tmp_path, PRODUCT % ("norm(prod(jacobian(x[i+1], x[i]), i, k, t))",
                                                "prod(norm(jacobian(x[i+1], x[i])), i, k, t)")), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


# ---------------------------------------------------------------- 7. repairs re-check only what a change can move


def test_repairs_keep_only_verdicts_a_weakened_link_cannot_change(arxiv_report):
    from symbound.passes.repairs import kept

    order = [ch.id for ch in arxiv_report.chains]
    for link in (l for l in arxiv_report.links if l.status != "proved"):
        reuse = kept(arxiv_report, {(link.chain, link.index)})
        assert (link.chain, link.index) not in reuse
        later = [v for (c, _), v in reuse.items() if order.index(c) > order.index(link.chain)]
        assert all(v.status == "proved" for v in later)  # an unproved later link may become provable: checked again


def test_repairs_with_reuse_are_the_repairs_without(arxiv_report, monkeypatch):
    from symbound.passes import repairs

    def shown(report):
        return ([(l.chain, l.index, [(r.kind, r.relation) for r in l.repairs]) for l in report.links],
                [ch.repaired for ch in report.chains], report.conclusion and report.conclusion.repaired)

    bare = dataclasses.replace(arxiv_report, chains=[dataclasses.replace(ch, repaired="", links=[dataclasses.replace(l, repairs=[]) for l in ch.links])
                                                     for ch in arxiv_report.chains])
    with_reuse = repairs.repaired(bare)
    monkeypatch.setattr(repairs, "kept", lambda report, changed: {})
    assert shown(repairs.repaired(bare)) == shown(with_reuse)


# ---------------------------------------------------------------- 2. counterexamples away from the usual points


@pytest.mark.parametrize("lhs,rel,rhs,premise", [
    ("(u - 5/3)**2 + (v + 7/3)**2", ">=", "1/100", "u <= 10"),  # false only near (5/3, −7/3): the local search moves the scalars
    ("abs(u - 13/6) + abs(v - 7/5)", ">=", "1/5", "0 <= v"),
])
def test_claims_false_only_in_a_small_region_of_the_scalars_are_refuted(tmp_path, lhs, rel, rhs, premise):
    path = derivation_file(tmp_path, f"""
        symbols:
          u: {{kind: scalar}}
          v: {{kind: scalar}}
        premises:
          P1: {{claim: "{premise}"}}
        chains:
          - id: a
            start: {lhs}
            steps:
              - "{rel}": {rhs}
        """)
    (only,) = verify(path, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


# ---------------------------------------------------------------- reasons agree with verdicts

NOT_REFUTED = ("search limit", "limit reached", "no counterexample", "could not evaluate", "no instance met", "time limit")


def reasons_disagreeing(report) -> list[str]:
    """The verdicts whose reason speaks against them: a refuted one that says the search found nothing or
    stopped, an unproved or proved one that names a counterexample."""
    verdicts = [(f"{l.chain}.{l.index}", l.status, l.reason) for l in report.links]
    if report.conclusion is not None:
        verdicts.append(("conclusion", report.conclusion.status, report.conclusion.reason))
    out = []
    for name, status, reason in verdicts:
        if status == "refuted" and (not reason.startswith("counterexample (") or any(w in reason for w in NOT_REFUTED)):
            out.append(f"{name} refuted: {reason}")
        elif status != "refuted" and "counterexample (" in reason:
            out.append(f"{name} {status}: {reason}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in DERIVATIONS.glob("*.yaml")))
def test_reasons_agree_with_verdicts_in_every_shipped_derivation(name):
    report = shipped_report(name)
    assert reasons_disagreeing(report) == []


def test_a_refuted_conclusion_past_the_provers_limit_says_counterexample():
    """The conclusion of lipschitz_mlp_spectral_radius.yaml: the prover stops at its search limit, the search refutes it."""
    report = shipped_report("lipschitz_mlp_spectral_radius.yaml")
    assert report.conclusion.status == "refuted" and reasons_disagreeing(report) == []
    assert report.conclusion.reason.startswith("counterexample (certified exactly, after ")


@pytest.mark.parametrize("lhs,rel,rhs", [("c", "<=", "0"), ("norm(A) * c", "<", "c"), ("c * c", "=", "c")])
def test_reasons_agree_with_verdicts_of_false_conclusions(tmp_path, lhs, rel, rhs):
    path = derivation_file(tmp_path, f"""
        symbols:
          c: {{kind: scalar}}
          A: {{kind: matrix, shape: [2, 2]}}
        premises:
          P1: {{claim: "c <= 1"}}
        chains:
          - id: a
            start: "{lhs}"
            steps:
              - "{rel}": "{rhs}"
        conclusion:
          claim: "{lhs} {'==' if rel == '=' else rel} {rhs}"
        """)
    report = verify(path, budget=300, repair=False)
    assert report.conclusion.status == "refuted" and reasons_disagreeing(report) == []
