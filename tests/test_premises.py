"""Premise forms: premises over every value of an index, chained comparisons, flow-style YAML values.

Each case is a small derivation written under tmp_path and read (and, where it matters, checked)
through the real reader and checker.  False variants must not be proved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from conftest import derivation_file
from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.errors import InputError
from symbound.read.source import load
from symbound.read.syntax import parse_expr

SEQUENCE_HEADER = """\
symbols:
  n: {kind: dimension}
  A: {kind: sequence, shape: [n, n]}
  r: {kind: scalar, assume: [nonnegative]}
  j: {kind: index}
  k: {kind: index}
  t: {kind: index}
"""


def verdicts(path: Path) -> dict[str, str]:
    report = check(read(path), search=False)
    return {f"{link.chain}.{link.index}": link.status for link in report.links}


# ---------------------------------------------------------------- premises over an index


EVERY_STEP = SEQUENCE_HEADER + """\
premises:
  P1: {claim: "norm(A[j]) <= r", for_all: [j]}
  P2: "k <= t"
chains:
  - id: at_k
    start: norm(A[k])
    steps:
      - "<=": r
        by: P1
  - id: next_step
    start: norm(A[k+1])
    steps:
      - "<=": r
        by: P1
  - id: product
    start: norm(prod(A[i], i, k, t - 1))
    steps:
      - "<=": prod(norm(A[i]), i, k, t - 1)
        by: norm_prod_le_prod_norm
      - "<=": prod(r, i, k, t - 1)
        by: P1
      - "=": r ** (t - k)
"""


def test_a_premise_for_every_index_value_is_used_at_every_step(tmp_path):
    path = derivation_file(tmp_path, EVERY_STEP)
    d = read(path)
    (p1, _) = d.premises
    j = d.symbols["j"].obj
    assert p1.bound == (j,) and p1.variables == ((j, "integer"),)
    report = check(d, search=False)
    assert {f"{l.chain}.{l.index}": l.status for l in report.links} == {
        "at_k.1": "proved", "next_step.1": "proved", "product.1": "proved", "product.2": "proved", "product.3": "proved"}
    assert "P1" in report.links[0].premises and "P1" in report.links[3].premises


def test_a_premise_for_every_index_value_is_used_at_two_steps_in_one_chain(tmp_path):
    text = SEQUENCE_HEADER + """\
premises:
  P1: {claim: "norm(A[j]) <= r", for_all: [j]}
chains:
  - id: two_steps
    start: norm(A[k+1] @ A[k])
    steps:
      - "<=": norm(A[k+1]) * norm(A[k])
        by: submultiplicative
      - "<=": r * norm(A[k])
        by: P1
      - "<=": r * r
        by: P1
"""
    report = check(read(derivation_file(tmp_path, text)), search=False)
    assert [l.status for l in report.links] == ["proved"] * 3
    assert [l.premises for l in report.links] == [[], ["P1"], ["P1"]]
    assert not any(l.miscited for l in report.links)


@pytest.mark.parametrize("claim", ["norm(A[k]) <= r / 2", "norm(A[k+1]) < r", "norm(A[k]) <= 0"])
def test_a_premise_for_every_index_value_does_not_prove_more(tmp_path, claim):
    lhs, rel, rhs = claim.split(" ", 2)
    text = SEQUENCE_HEADER + f"""\
premises:
  P1: {{claim: "norm(A[j]) <= r", for_all: [j]}}
chains:
  - id: wrong
    start: {lhs}
    steps:
      - "{rel}": {rhs}
        by: P1
"""
    assert verdicts(derivation_file(tmp_path, text)) == {"wrong.1": "unproved"}


def test_a_real_for_all_keeps_its_scalar_kind(tmp_path):
    text = """\
symbols:
  sigma: {kind: activation}
  gamma: {kind: scalar, assume: [positive]}
premises:
  P1: {claim: "abs(sigma'(z)) <= gamma", for_all: z}
chains:
  - start: gamma
    steps:
      - "<=": gamma
"""
    (p1,) = read(derivation_file(tmp_path, text)).premises
    assert [(str(v), kind) for v, kind in p1.variables] == [("z", "scalar")]
    assert p1.bound[0].is_real and not p1.bound[0].is_integer


def _index_premise_file(extra_premises: str, chain_start: str = "rho(A[k])", definitions: str = "", conclusion: str = "") -> str:
    return SEQUENCE_HEADER + definitions + f"""\
premises:
  P1: "rho(A[j]) <= r"
{extra_premises}chains:
  - id: c1
    start: {chain_start}
    steps:
      - "<=": {chain_start}
{conclusion}"""


def test_a_premise_about_an_index_nothing_else_uses_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, _index_premise_file("")))
    err = info.value
    assert "premise P1 is about the index j" in err.what and "can never apply" in err.what
    assert "for_all: [j]" in err.instead
    assert (err.where.line, err.where.col) == (9, 3)


@pytest.mark.parametrize("variant", [
    dict(chain_start="rho(A[j])"),                                                    # a chain uses j
    dict(extra_premises='  P2: "k <= j"\n'),                                          # another premise links j
    dict(definitions="definitions:\n  B: A[j]\n", chain_start="rho(B)"),              # j inside a definition a chain uses
    dict(conclusion='conclusion:\n  claim: "j <= t"\n'),                              # the conclusion uses j
])
def test_a_premise_about_an_index_used_elsewhere_is_accepted(tmp_path, variant):
    d = read(derivation_file(tmp_path, _index_premise_file(**{"extra_premises": "", **variant})))
    assert d.premises[0].bound == ()


def test_a_definition_pins_the_index_a_premise_is_about(tmp_path):
    """With B := A[j] the premise ρ(B) ≤ r is about j, so it is refused when nothing else uses j."""
    text = SEQUENCE_HEADER + """\
definitions:
  B: A[j]
premises:
  P1: "rho(B) <= r"
chains:
  - start: rho(A[k])
    steps:
      - "<=": rho(A[k])
"""
    with pytest.raises(InputError, match="about the index j"):
        read(derivation_file(tmp_path, text))


@pytest.mark.parametrize("for_all, message", [
    ("[j, j]", "'j' is bound twice"),
    ("r", "'r' is a declared scalar"),
    ("n", "'n' is a declared dimension"),
    ("A", "'A' is a declared sequence"),
    ("[j, w]", "binds 'w' in `for_all`, but its claim does not use it"),
])
def test_for_all_names_are_checked(tmp_path, for_all, message):
    text = SEQUENCE_HEADER + f"""\
premises:
  P1: {{claim: "rho(A[j]) <= r", for_all: {for_all}}}
chains:
  - start: rho(A[k])
    steps:
      - "<=": r
"""
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, text))
    assert message in info.value.what


@pytest.mark.parametrize("claim, for_all, value", [
    ("0 <= j", "[j]", "j = -2"),
    ("j >= 1", "[j]", "j = -2"),
    ("z >= 0", "z", "z = -2"),
    ("z**2 < 1", "z", "z = -2"),
    ("0 <= j <= 1 + j**2", "[j]", "j = -2"),
])
def test_a_for_all_premise_false_at_some_value_is_an_input_error(tmp_path, claim, for_all, value):
    text = SEQUENCE_HEADER + f"""\
premises:
  P1: {{claim: "{claim}", for_all: {for_all}}}
chains:
  - start: rho(A[k])
    steps:
      - "<=": rho(A[k])
"""
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, text))
    assert f"premise P1 is false for {value}" in info.value.what


@pytest.mark.parametrize("claim, for_all", [("j**2 >= 0", "[j]"), ("abs(z) >= 0", "z"), ("1 + z**2 > 0", "z"), ("norm(A[j]) >= 0", "[j]")])
def test_a_for_all_premise_that_holds_at_the_sample_values_is_read(tmp_path, claim, for_all):
    text = SEQUENCE_HEADER + f"""\
premises:
  P1: {{claim: "{claim}", for_all: {for_all}}}
chains:
  - start: rho(A[k])
    steps:
      - "<=": rho(A[k])
"""
    (p1,) = read(derivation_file(tmp_path, text)).premises
    assert p1.bound


# ---------------------------------------------------------------- chained comparisons


COMPOUND = """\
symbols:
  z: {kind: scalar}
  a: {kind: scalar, assume: [nonnegative]}
premises:
  P1: "0 <= z < 1"
chains:
  - id: upper
    start: z
    steps:
      - "<": 1
        by: P1
  - id: lower
    start: 0
    steps:
      - "<=": z
        by: P1
  - id: both
    start: z * a
    steps:
      - "<=": a
        by: P1
"""


def test_a_chained_premise_gives_two_usable_facts(tmp_path):
    d = read(derivation_file(tmp_path, COMPOUND))
    (p1,) = d.premises
    assert [(str(r.lhs), r.rel, str(r.rhs)) for r in p1.relations] == [("0", "<=", "z"), ("z", "<", "1")]
    report = check(d, search=False)
    assert {l.chain: l.status for l in report.links} == {"upper": "proved", "lower": "proved", "both": "proved"}
    assert all(l.premises == ["P1"] for l in report.links)


@pytest.mark.parametrize("step", ['"<": 1/2', '"<": 0', '">": 0'])
def test_a_chained_premise_does_not_prove_more(tmp_path, step):
    text = COMPOUND.split("chains:")[0] + f"""chains:
  - id: wrong
    start: z
    steps:
      - {step}
        by: P1
"""
    assert verdicts(derivation_file(tmp_path, text)) == {"wrong.1": "unproved"}


def test_a_chained_conclusion_checks_every_relation(tmp_path):
    text = COMPOUND + 'conclusion:\n  claim: "0 <= z < 1"\n'
    d = read(derivation_file(tmp_path, text))
    assert [(str(r.lhs), r.rel, str(r.rhs)) for r in d.conclusion.relations] == [("0", "<=", "z"), ("z", "<", "1")]
    report = check(d, search=False)
    assert report.conclusion.status == "proved"
    assert any(c.id.startswith("conclusion_") and c.status == "proved" for c in report.chains)


# ---------------------------------------------------------------- flow-style YAML


FLOW = """\
symbols:
  V: {kind: matrix, shape: [2, 2]}
  g: {kind: scalar, assume: [positive]}
definitions:
  W: {value: (g / norm(V, fro)) * V, text: "weight normalisation, as in (1)"}
  c: {value: max(g, norm(V, 2), 1), latex: 'c'}
chains:
  - id: c1
    start: norm(W, fro)
    steps:
      - {"=": (g / norm(V, fro)) * norm(V, fro), by: [norm_homogeneous]}
      - {"=": g}
"""


def test_flow_style_values_with_commas_are_read_whole(tmp_path):
    d = read(derivation_file(tmp_path, FLOW))
    scope = d.scope
    W, c = d.definitions
    assert W.value == parse_expr("(g / norm(V, fro)) * V", scope)
    assert W.text == "weight normalisation, as in (1)"
    assert c.value == parse_expr("max(g, norm(V, 2), 1)", scope)
    (chain,) = d.chains
    assert [link.rel for link in chain.links] == ["=", "="]
    assert chain.links[0].by == ("norm_homogeneous",)
    assert chain.links[0].expr == parse_expr("(g / norm(V, fro)) * norm(V, fro)", scope)


def test_an_error_inside_a_rejoined_flow_value_points_at_its_column(tmp_path):
    text = FLOW.replace("(g / norm(V, fro)) * V,", "(g / norm(V, fro)) * Z,")
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, text))
    line = text.splitlines()[4]
    assert (info.value.where.line, info.value.where.col) == (5, line.index("Z") + 1)
    assert "Z" in info.value.what


def test_flow_steps_with_calls_are_read_whole(tmp_path):
    text = """\
symbols:
  a: {kind: scalar}
  b: {kind: scalar}
premises:
  P1: {claim: max(a, b) <= 1}
chains:
  - id: c1
    start: max(a, b)
    steps: [{"=": max(b, a)}, {"<=": 1, by: [P1]}]
"""
    d = read(derivation_file(tmp_path, text))
    assert d.chains[0].links[0].expr == sp.Max(d.symbols["a"].obj, d.symbols["b"].obj)
    assert d.premises[0].relations[0].rhs == 1
    assert verdicts(derivation_file(tmp_path, text, "e.yaml")) == {"c1.1": "proved", "c1.2": "proved"}


def test_flow_list_items_split_at_a_comma_are_rejoined_and_others_kept():
    root = load("a: [f(b, c), d, max(x, y, z)]\nb: {k: norm(V, fro), m: 'q, r'}\nc: [P1, lemma]\n", "t.yaml")
    assert [n.value for n in root.value["a"].value] == ["f(b, c)", "d", "max(x, y, z)"]
    assert root.value["b"].value["k"].value == "norm(V, fro)" and root.value["b"].value["m"].value == "q, r"
    assert [n.value for n in root.value["c"].value] == ["P1", "lemma"]
    assert (root.value["a"].value[2].where.line, root.value["a"].value[2].where.col) == (1, 17)


def test_a_split_that_cannot_be_rejoined_is_reported_with_the_hint_to_quote():
    root = load("a: {value: norm(V, fro): x}\n", "t.yaml")  # 'fro)' has a value of its own: not a piece
    with pytest.raises(InputError) as info:
        root.value["a"].check_keys(("value",), "a definition")
    assert "cut at a comma" in info.value.what and "quote" in info.value.instead


# ---------------------------------------------------------------- the premise as facts, for the checker


def test_a_premise_gives_its_facts_with_the_bound_names_as_variables(tmp_path):
    text = SEQUENCE_HEADER + """\
premises:
  P1: {claim: "0 <= norm(A[j]) <= r", for_all: [j]}
  P2: "t >= k"
  P3: "r == 1"
chains:
  - start: rho(A[k])
    steps:
      - "<=": rho(A[t])
"""
    d = read(derivation_file(tmp_path, text))
    p1, p2, p3 = d.premises
    j, k, t, r = (d.symbols[n].obj for n in "jktr")
    A = lambda i: parse_expr(f"norm(A[{i}])", d.scope)  # noqa: E731
    assert p1.facts() == [(0, "<=", A("j")), (A("j"), "<=", r)]
    assert p2.facts() == [(k, "<=", t)]
    assert p3.facts() == [(r, "=", 1), (1, "=", r)]
    assert p1.quantified == "0 <= norm(A[j]) <= r  (for every j)" and p2.quantified == "t >= k"

    from symbound.search.prover import Fact, Prover

    prover = Prover({}, {})
    for lhs, rel, rhs in p1.facts():
        prover.add_fact(Fact(p1.id, "premise", lhs, "<" if rel == "<" else "<=", rhs, p1.variables, p1.bound))
    assert prover.prove(A("k + 1"), "<=", r) is not None
    assert prover.prove(A("t"), ">=", 0) is not None
    assert prover.prove(A("k"), "<", r) is None
