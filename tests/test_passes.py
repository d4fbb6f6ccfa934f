"""Verdicts are values: each pass (refute, repair, audit) returns new ones and leaves those it was given."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.render.text import repair_text, value_name, witness_summary
from symbound.passes.repairs import repaired
from symbound.values import LimitClaim, Witness

STRICT = """
symbols:
  A: {kind: matrix, shape: [2, 2]}
chains:
  - id: claim
    start: "norm(A.T)"
    steps:
      - "<": "norm(A)"
"""


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    path = tmp_path_factory.mktemp("passes") / "strict.yaml"
    path.write_text(STRICT, encoding="utf-8")
    return check(read(path), search=False)


def test_repair_is_a_pass_that_returns_a_new_report(strict):
    (link,) = strict.links
    assert link.status != "proved" and link.repairs == []
    fixed = repaired(strict)
    (again,) = fixed.links
    assert strict.links[0].repairs == [] and strict.repairs == []  # the report given is unchanged
    kinds = [r.kind for r in again.repairs]
    assert "relation" in kinds
    relation = again.repairs[kinds.index("relation")]
    # ‖Aᵀ‖₂ = ‖A‖₂: the most precise repair; with no counterexample search, < is unproved, not shown false
    assert relation.rel == "<" and repair_text(relation).startswith("= holds, < is not proved: write = here (by ")


def test_a_relation_repair_says_the_printed_relation_fails_only_when_it_is_refuted(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text(STRICT, encoding="utf-8")
    (link,) = repaired(check(read(path), search=True, budget=300)).links
    relation = next(r for r in link.repairs if r.kind == "relation")
    assert link.status == "refuted" and relation.refuted
    assert repair_text(relation).startswith("= holds, < does not: write = here (by ")


def test_verdict_values_cannot_be_changed_in_place():
    w = Witness({sp.Symbol("c"): "1/2"}, "1", "0", True, 1, (sp.Symbol("c"), "<=", sp.Integer(0)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        w.exact = False  # type: ignore[misc]
    assert w.exact_values[sp.Symbol("c")] == sp.Rational(1, 2)
    assert witness_summary(w) == "c = 1/2: c = 1 > 0 = 0"


def test_a_limit_witness_leaves_out_the_files_own_time_indices():
    """The indices dropped are those the file declares, whatever their names (not `k` and `t`)."""
    from symbound.search.falsifier import _limit_witness

    s, u = sp.Symbol("s", integer=True), sp.Symbol("u", integer=True)
    k = sp.Symbol("k", real=True)  # a scalar that happens to be called k stays
    w = Witness({s: "0", u: "2", k: "1"}, "2", "1", True, 5, None)
    held = _limit_witness(w, sp.Symbol("E"), sp.eye(2), u - s, {s, u})
    assert [value_name(key) for key in held.values] == ["k"]
    assert held.limit == LimitClaim(sp.Symbol("E"), sp.eye(2), u - s)
    assert "does not go to 0" in witness_summary(held) and "with k = 1," in witness_summary(held)
