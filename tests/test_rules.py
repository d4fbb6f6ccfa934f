"""The library as data (src/symbound/rules/): every entry listed once, hypotheses read without string
splitting, predicates registered once, and the gcongr/limit/calculus rules of the prover and the kernel
tied to tagged library entries (a rule the library does not tag is rejected)."""

from __future__ import annotations

import pytest
import sympy as sp

from symbound import rules
from symbound.kernel.kernel import GCONGR, LIMITS, Kernel, Rejected
from symbound.rules import BY_NAME, LEMMAS
from symbound.read.lemmas import congruence_rule
from symbound.kernel.proofs import Proof
from symbound.search.prover import Prover
from symbound.rules import FAMILIES, SEARCH_ORDER, TAGS, read_hypothesis, tagged
from symbound.rules.predicates import REGISTRY, failed

x, y = sp.symbols("x y", real=True)


def _kernel() -> Kernel:
    return Kernel({}, {}, {}, {}, set())


def _rejects(node: Proof) -> str:
    try:
        _kernel().check(node)
    except Rejected as exc:
        return str(exc)
    return ""


def test_every_entry_once_in_search_order_and_tagged():
    names = [lemma.name for family in FAMILIES for lemma in family.LEMMAS]
    assert sorted(names) == sorted(SEARCH_ORDER) and len(set(names)) == len(names)
    assert [lemma.name for lemma in LEMMAS] == list(SEARCH_ORDER)
    assert {lemma.use for lemma in LEMMAS} <= set(TAGS)
    assert all(lemma.reference for lemma in LEMMAS)


def test_kernel_rules_are_the_tagged_entries():
    """Each gcongr/limit entry has the kernel's own check, and the kernel checks no other monotonicity or limit rule."""
    assert set(GCONGR) == {lemma.name for lemma in tagged("gcongr")}
    assert set(LIMITS) == {lemma.name for lemma in tagged("limit")}
    assert [lemma.name for lemma in tagged("calculus")] == ["sup_by_calculus"]
    tactics = {m[len("_congruence_"):] for m in dir(Prover) if m.startswith("_congruence_")}
    assert tactics and tactics <= {lemma.name for lemma in tagged("gcongr")}


def test_read_hypothesis():
    h = read_hypothesis("square(A)")
    assert h.named and (h.predicate, h.variable) == ("square", "A")
    h = read_hypothesis("forall z, w: abs(f'(z)) <= c")
    assert not h.named and h.bound == ("z", "w") and h.relation == "abs(f'(z)) <= c"
    for text in ("rho(A) < 1", "a <= b + 1", "0 <= e"):
        h = read_hypothesis(text)
        assert not h.named and not h.bound and h.relation == text


def test_congruence_rules_are_found_by_head():
    a, b, e, f = sp.symbols("a b e f", real=True)
    assert congruence_rule(a * b, e * f) == "mul_le_mul"
    assert congruence_rule(a + b, e + f + x) == "add_le_add"
    assert congruence_rule(sp.Max(a, b), sp.Max(e, f)) == "max_le_max"
    assert congruence_rule(a ** e, b ** e) == "pow_le_pow_left"
    assert congruence_rule(a ** e, a ** f) == "pow_le_pow_of_le_one"  # the exponent varies: not the base rule
    assert congruence_rule(a ** e, b ** f) == ""
    assert congruence_rule(sp.Abs(a), b) == ""


def test_predicates_are_registered_once_and_unknown_ones_fail():
    assert set(REGISTRY) == set(rules.PREDICATES)
    used = {h.predicate for lemma in LEMMAS for h in rules.hypotheses(lemma) if h.named}
    assert used <= set(REGISTRY)
    A = sp.MatrixSymbol("?A", 2, 2)
    assert "unknown predicate" in failed(("unheard_of(A)",), {A: sp.MatrixSymbol("M", 2, 2)}, {}, {})


def test_constant_uses_the_statement_s_index_variables():
    """constant(c) is judged against whatever the lemma's index variable is bound to (no name hard-coded
    for the derivation's index)."""
    k, t = sp.symbols("k t", integer=True)
    i, c = sp.Symbol("?i", integer=True), sp.Symbol("?c", real=True)
    assert failed(("constant(c)",), {i: k, c: 2 * t}, {}, {}) == ""
    assert "depends on the product's index" in failed(("constant(c)",), {i: t, c: 2 * t}, {}, {})


def _add_le_add() -> Proof:
    parts = (Proof("arithmetic", "arithmetic", x, "<=", x + 1), Proof("arithmetic", "arithmetic", y, "<=", y + 1))
    return Proof("gcongr", "add_le_add", x + y, "<=", x + y + 2, parts)


def test_kernel_applies_only_tagged_gcongr_entries(monkeypatch):
    assert _rejects(_add_le_add()) == ""
    monkeypatch.delitem(BY_NAME, "add_le_add")
    assert "unknown monotonicity rule add_le_add" in _rejects(_add_le_add())
    monkeypatch.undo()
    monkeypatch.setitem(BY_NAME, "add_le_add", BY_NAME["triangle"])  # the name, but tagged `bound`
    assert "unknown monotonicity rule" in _rejects(_add_le_add())


def test_kernel_calculus_and_limit_rules_must_be_tagged():
    z = sp.Symbol("z", real=True)
    bound = Proof("calculus", "sup_by_calculus", 1 - sp.tanh(z) ** 2, "<=", sp.Integer(1))
    assert _rejects(bound) == ""
    assert "not a calculus rule" in _rejects(Proof("calculus", "arithmetic", bound.lhs, "<=", bound.rhs))
    n = sp.Symbol("n", integer=True, nonnegative=True)
    with pytest.raises(Rejected, match="unknown limit rule rho_le_norm"):
        _kernel().prove_limit(sp.Rational(1, 2) ** n, n, Proof("limit", "rho_le_norm", sp.Rational(1, 2) ** n, "->0", n))
