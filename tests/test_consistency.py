"""Consistency shown, not assumed (issue 25, class 2): premises that cannot all hold make every claim true
vacuously.  A `for_all` premise false for every value is a finding (exit 1); premises at which the search
finds no instance accepted by the witness checker are said to be not shown consistent in every view, and a
proved step resting on them does not exit 0.  Each false variant has a consistent control."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.witnesscheck import Candidate, check as check_witness
from symbound.render.html import render as render_html
from symbound.render.json import to_data
from symbound.render.latex import render as render_latex
from symbound.render.text import consistency_text


def verify(tmp_path, text: str, search: bool = True, name: str = "d.yaml"):
    return check(derivation_from(tmp_path, text, name), search=search, budget=300)


def claim(premises: str, symbols: str, start: str, rel: str, end: str) -> str:
    return f"""
symbols:
{textwrap.indent(textwrap.dedent(symbols).strip(), "  ")}
premises:
{textwrap.indent(textwrap.dedent(premises).strip(), "  ")}
chains:
  - id: c
    start: "{start}"
    steps:
      - "{rel}": "{end}"
"""


# ---------------------------------------------------------------- a for_all premise false for every value
@pytest.mark.parametrize("symbols, premise", [
    ("gamma: {kind: scalar}", 'P1: {claim: "z <= gamma", for_all: z}'),                      # z = γ + 1
    ("gamma: {kind: scalar, assume: [positive]}", 'P1: {claim: "z ** 2 <= gamma * z", for_all: z}'),
    ("j: {kind: index}", 'P1: {claim: "j <= t1", for_all: [j]}'),                             # j = t1 + 1
    ("L: {kind: scalar, assume: [negative]}\ns: {kind: activation}",                           # a negative Lipschitz constant
     'P1: {claim: "abs(s(a) - s(b)) <= L * abs(a - b)", for_all: [a, b]}'),
])
def test_a_for_all_premise_false_for_every_value_is_a_finding(tmp_path, symbols, premise):
    r = verify(tmp_path, claim(premise, symbols + "\nt1: {kind: index}", "t1 + 1", "<=", "t1"), search=False)
    assert [f.kind for f in r.findings] == ["false premise"] and r.findings[0].premises == ["P1"]
    assert r.exit_code == 1 and "false premise" in r.counts_text()


@pytest.mark.parametrize("symbols, premise", [
    ("gamma: {kind: scalar}", 'P1: {claim: "z ** 2 + gamma ** 2 >= 2 * gamma * z", for_all: z}'),
    ("gamma: {kind: scalar, assume: [positive]}\ns: {kind: activation}", 'P1: {claim: "abs(s\'(z)) <= gamma", for_all: z}'),
    ("L: {kind: scalar, assume: [positive]}\ns: {kind: activation}", 'P1: {claim: "abs(s(a) - s(b)) <= L * abs(a - b)", for_all: [a, b]}'),
])
def test_a_satisfiable_for_all_premise_is_no_finding(tmp_path, symbols, premise):
    r = verify(tmp_path, claim(premise, symbols, "1", "<=", "2"))
    assert not r.findings and r.consistency.shown and r.exit_code == 0


def test_the_index_premise_proves_a_falsehood_but_not_silently(tmp_path):
    """∀j: j ≤ t gives t + 1 ≤ t by instantiation: proved by the kernel, caught as a false premise."""
    r = verify(tmp_path, claim('P1: {claim: "j <= t", for_all: [j]}', "t: {kind: index}\nj: {kind: index}", "t + 1", "<=", "t"))
    assert r.links[0].status == "proved"
    assert r.exit_code == 1 and r.findings and r.consistency.contradicted and not r.consistency.shown
    assert consistency_text(r) == "the premises cannot all hold (see the finding above)"


# ---------------------------------------------------------------- premises not shown consistent
ORTHOGONAL = "n: {kind: dimension}\nQ: {kind: matrix, shape: [n, n], assume: [orthogonal]}"


@pytest.mark.parametrize("symbols, premises, start, end", [
    (ORTHOGONAL, 'P1: {claim: "norm(Q) <= 1/2"}', "norm(Q)", "1/2"),                         # ‖Q‖₂ = 1
    (ORTHOGONAL, 'P1: {claim: "rho(Q) < 1"}', "rho(Q)", "1"),                                 # ρ(Q) = 1
])
def test_premises_that_contradict_a_declaration_are_a_finding(tmp_path, symbols, premises, start, end):
    r = verify(tmp_path, claim(premises, symbols, start, "<=", end))
    assert r.links[0].status == "proved"
    assert r.exit_code == 1 and r.findings and r.consistency.contradicted and not r.consistency.shown
    assert consistency_text(r) == "the premises cannot all hold (see the finding above)"


def test_premises_that_contradict_only_through_the_model(tmp_path):
    """x[0] = 0 and x[k+1] = W x[k] give x[1] = 0, which P2 says is at least 1 in norm."""
    r = verify(tmp_path, """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n, 1]}
  k: {kind: index}
model:
  recurrence: "x[k] = W @ x[k-1]"
premises:
  P1: {claim: "norm(x[0]) <= 0"}
  P2: {claim: "1 <= norm(x[1])"}
chains:
  - id: c
    start: "1"
    steps:
      - "<=": norm(x[1])
        by: P2
""")
    assert r.links[0].status == "proved" and not r.consistency.shown and r.consistency.tried > 0
    # said in every view, beside what rests on them; the exit status is not changed by a search that found nothing
    assert r.vacuous_risk == ["c.1"] and r.exit_code == 0
    assert "not shown consistent" in r.counts_text() and "not shown consistent" in consistency_text(r)
    assert f"(no instance met the premises ({r.consistency.tried} instances))" in consistency_text(r)
    data = to_data(r)
    assert data["consistency"]["shown"] is False and data["consistency"]["vacuous_risk"] == ["c.1"]
    assert "not shown consistent" in render_latex(r)
    assert '<p id="consistency">the premises were not shown consistent' in render_html(r, svg="<svg></svg>")


@pytest.mark.parametrize("tried, met, said", [
    (0, 0, "the search could evaluate the premises at no instance"),
    (120, 0, "no instance met the premises (120 instances)"),
    (120, 7, "7 of 120 instances met them in floating point, none exactly"),
])
def test_an_unshown_consistency_says_how_far_the_search_got(tried, met, said):
    from types import SimpleNamespace

    from symbound.values import Consistency

    report = SimpleNamespace(consistency=Consistency(None, tried, met=met), vacuous_risk=[])
    assert consistency_text(report) == f"the premises were not shown consistent ({said})"


def test_consistent_premises_are_shown_at_an_instance(tmp_path):
    r = verify(tmp_path, claim('P1: {claim: "norm(Q) <= 2"}\nP2: {claim: "gamma < 1"}',
                               ORTHOGONAL + "\ngamma: {kind: scalar, assume: [positive]}", "gamma", "<", "1"))
    assert r.consistency.shown and r.consistency.witness.exact and r.exit_code == 0
    values = to_data(r)["consistency"]["values"]
    assert set(values) >= {"Q", "γ"} and sp.sympify(values["γ"]) < 1
    Q = sp.Matrix(sp.sympify(values["Q"]))
    assert Q.T * Q == sp.eye(Q.shape[0])  # the instance shown is orthogonal, as declared
    assert consistency_text(r).startswith("the premises hold together at ")
    assert '<p id="consistency">the premises hold together at ' in render_html(r, svg="<svg></svg>")
    assert "The premises hold together at" in render_latex(r)


def test_the_instance_shown_has_no_zero_matrix_unless_the_premises_force_one(tmp_path):
    """An instance shown to a reader is not the zero matrix (which meets every norm bound and says little);
    premises that only a zero matrix meets are still shown consistent, at it."""
    r = verify(tmp_path, claim('P1: {claim: "norm(W) < 1"}', "n: {kind: dimension}\nW: {kind: matrix, shape: [n, n]}", "norm(W)", "<", "1"))
    W = sp.Matrix(sp.sympify(to_data(r)["consistency"]["values"]["W"]))
    assert r.consistency.shown and W != sp.zeros(*W.shape) and W.norm(2) < 1
    r = verify(tmp_path, claim('P1: {claim: "norm(W) <= 0"}', "n: {kind: dimension}\nW: {kind: matrix, shape: [n, n]}", "norm(W)", "<=", "0"))
    W = sp.Matrix(sp.sympify(to_data(r)["consistency"]["values"]["W"]))
    assert r.consistency.shown and W == sp.zeros(*W.shape)


def test_without_the_search_consistency_is_not_claimed(tmp_path):
    r = verify(tmp_path, claim('P1: {claim: "norm(Q) <= 2"}', ORTHOGONAL, "norm(Q)", "<=", "2"), search=False)
    assert not r.consistency.searched and not r.vacuous_risk
    assert "not searched" in consistency_text(r)


# ---------------------------------------------------------------- the witness checker's part
def test_the_witness_checker_checks_orthogonality(tmp_path):
    d = derivation_from(tmp_path, claim('P1: {claim: "norm(Q) <= 1"}', ORTHOGONAL, "1", "<", "0"))
    Q, n = d.symbols["Q"].obj, d.symbols["n"].obj
    for M, ok in ((sp.zeros(2, 2), False), (sp.Matrix([[0, -1], [1, 0]]), True), (sp.Matrix([[sp.Rational(3, 5), sp.Rational(4, 5)], [sp.Rational(-4, 5), sp.Rational(3, 5)]]), True)):
        result = check_witness(d, Candidate({n: 2}, {Q: M}, {}), sp.Integer(1), "<", sp.Integer(0))
        assert result.ok is ok


def test_an_index_premise_holds_for_every_index_not_only_the_sampled_one(tmp_path):
    d = derivation_from(tmp_path, claim('P1: {claim: "j <= t", for_all: [j]}', "t: {kind: index}\nj: {kind: index}", "t", "<", "t + 1"))
    t, j = d.symbols["t"].obj, d.symbols["j"].obj
    result = check_witness(d, Candidate({}, {t: sp.Integer(0), j: sp.Integer(0)}, {}), sp.Integer(1), "<", sp.Integer(0))
    assert not result.ok and any("P1" in f for f in result.failed)


# ---------------------------------------------------------------- limits: the side condition reads every premise
LIMIT = """
symbols:
  t: {kind: index}
  k: {kind: index}
  eta: {kind: scalar}
definitions:
  D1: t - k
  D2: D1
premises:
  P1: {claim: "0 <= eta"}
  P2: {claim: "eta < 1"}
  P3: {claim: "BOUND <= 5"}
  P4: {claim: "0 <= t - k"}
chains:
  - id: bound
    start: (t - k) * eta ** (t - k)
    steps:
      - "<=": 5 * eta ** (t - k)
        by: P3
conclusion:
  tends_to_zero: (t - k) * eta ** (t - k)
  as: t - k
"""


@pytest.mark.parametrize("bound", ["D2", "D1", "t - k"])
def test_a_premise_bounding_the_growing_quantity_through_definitions_blocks_the_limit(tmp_path, bound):
    r = verify(tmp_path, LIMIT.replace("BOUND", bound), search=False)
    assert r.links[0].status == "proved" and r.conclusion.status != "proved"
    assert "bounds" in r.conclusion.reason


def test_a_quantified_premise_bounding_the_growing_quantity_blocks_the_limit():
    from symbound.kernel.kernel import Kernel, Rejected, Statement
    from symbound.kernel.limits import not_pinned

    t, k, z, N = sp.Symbol("t", integer=True), sp.Symbol("k", integer=True), sp.Symbol("z", real=True), sp.Symbol("N")
    for premise, blocked in ((Statement(t - k, "<=", 5 + z ** 2, ((z, "scalar"),)), True),
                             (Statement(z ** 2, "<=", z ** 2 + t - k, ((z, "scalar"),)), False)):
        kernel = Kernel({N: t - k}, {}, {}, {"P": [premise]}, {t, k})
        try:
            not_pinned(kernel, {"P"}, N, {t, k})
            rejected = False
        except Rejected:
            rejected = True
        assert rejected is blocked


# ---------------------------------------------------------------- the file's own lemmas are vetted the same way
LEMMA = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  g: {kind: scalar}
lemmas:
  L1:
    statement: "norm(c * A, 2) <= 0"
    variables: {A: {kind: matrix, shape: [p, p]}, c: scalar, p: dimension}
    hypotheses: [HYPOTHESES]
    reference: "a lemma whose hypotheses hold nowhere proves anything"
premises:
  P1: {claim: "1 <= g"}
  P2: {claim: "g <= 1"}
chains:
  - id: c
    start: norm(g * W, 2)
    steps:
      - "<=": "0"
        by: L1
"""


@pytest.mark.parametrize("hypotheses", ['"c <= -1", "1 <= c"', '"c * c < 0"'])
def test_a_lemma_whose_hypotheses_hold_nowhere_is_reported_and_not_used(tmp_path, hypotheses):
    r = verify(tmp_path, LEMMA.replace("HYPOTHESES", hypotheses), search=False)
    assert r.links[0].status != "proved"
    assert [f.kind for f in r.findings] == ["vacuous lemma"] and r.exit_code == 1
    assert "Vacuous lemma" in render_latex(r)


def test_a_lemma_with_satisfiable_hypotheses_is_vetted_and_kept(tmp_path):
    text = LEMMA.replace("HYPOTHESES", '"-1 <= c <= 1"').replace('"norm(c * A, 2) <= 0"', '"norm(c * A, 2) <= norm(A, 2)"').replace('"<=": "0"', '"<=": norm(W, 2)')
    r = verify(tmp_path, text, search=False)
    assert not r.findings and r.links[0].status == "proved"


def test_a_premise_about_the_state_at_every_step_is_not_shown_by_an_instance(tmp_path):
    """x[k] = 2 x[k−1] with ‖x[0]‖ = 1: ‖x[j]‖ ≤ 1 for every j fails at j = 1, beyond what an instance holds."""
    text = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n]}
  k: {kind: index}
  j: {kind: index}
model:
  recurrence: "x[k] = 2 * x[k-1]"
premises:
  P1: {claim: "norm(x[j]) <= 1", for_all: [j]}
  P2: {claim: "1 <= norm(x[0])"}
chains:
  - id: c
    start: norm(x[k])
    steps:
      - "<=": "1"
        by: P1
"""
    r = verify(tmp_path, text)
    assert r.links[0].status == "proved" and not r.consistency.shown and r.exit_code == 0
    assert r.consistency.every_step == ("P1",) and "P1: about the state at every step" in consistency_text(r)


@pytest.mark.parametrize("claim", ['"j <= j ** 2"', '"0 <= j * (j - 1)"'])
def test_an_index_premise_true_at_every_integer_is_no_finding(tmp_path, claim):
    """j ≤ j² fails at j = 1/2 but at no integer: a premise over an index is not refuted between integers."""
    r = verify(tmp_path, f"""
symbols:
  j: {{kind: index}}
  t: {{kind: index}}
premises:
  P1: {{claim: {claim}, for_all: [j]}}
chains:
  - id: c
    start: t
    steps:
      - "<=": t ** 2
""", search=False)
    assert not r.findings


@pytest.mark.parametrize("sign, quantified", [
    ("c > 0", "c * j <= 1"),      # j = ⌈2/c⌉ breaks it, for every positive c
    ("0 < c", "j * c <= 5"),
    ("c < 0", "-1 <= c * j"),     # c·j → −∞ as j grows
])
def test_a_for_all_premise_false_given_a_sign_premise_is_a_finding(tmp_path, sign, quantified):
    r = verify(tmp_path, f"""
symbols:
  c: scalar
  j: index
premises:
  P1: "{sign}"
  P2: {{claim: "{quantified}", for_all: [j]}}
chains:
  - id: c1
    start: c
    steps:
      - "<=": c
""")
    assert r.exit_code == 1 and any(f.kind == "false premise" for f in r.findings)


def test_a_for_all_premise_that_holds_given_the_sign_is_no_finding(tmp_path):
    r = verify(tmp_path, """
symbols:
  c: scalar
  j: index
premises:
  P1: "c < 0"
  P2: {claim: "c * j * j <= 0", for_all: [j]}
chains:
  - id: c1
    start: c
    steps:
      - "<=": c
""")
    assert not any(f.kind == "false premise" for f in r.findings)
