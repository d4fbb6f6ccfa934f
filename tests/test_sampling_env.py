"""The sampler's matrix fitting keeps one floating-point environment per instance, updated where it rescales a
value (issue 22: building it per premise made the consistency search quadratic in the size of the file), and
the memoised region points answer by the region alone."""

from __future__ import annotations

import numpy as np
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import Checker
from symbound.search import sampling
from symbound.search.problem import Instance, build_problem, region_points


def problem(tmp_path, premises: str, symbols: str = "A: {kind: matrix, shape: [n, n]}"):
    text = f"""
symbols:
  n: {{kind: dimension}}
  {symbols}
premises:
{premises}
chains:
  - id: c
    start: "1"
    steps:
      - "<=": "2"
"""
    d = derivation_from(tmp_path, text)
    return build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0))


def test_a_later_premise_sees_the_value_an_earlier_one_rescaled(tmp_path):
    """norm(A) = 10 fitted to norm(A) ≤ 4 (halfway below: 2), then to norm(A) ≤ 1 (halfway below 1: 1/2); a stale
    environment would scale the 2 by 1/20 (the factor for 10), to 1/10."""
    p = problem(tmp_path, '  P1: {claim: "norm(A) <= 4"}\n  P2: {claim: "norm(A) <= 1"}')
    key = next(k for k in p.matrices if k.name == "A")
    inst = Instance({d: 2 for d in p.dims}, {key: 10 * np.eye(2)}, {})
    sampling._fit_matrices(p, inst)
    assert np.linalg.norm(inst.values[key], 2) == 0.5


def test_the_environment_is_built_once_whatever_the_number_of_premises(tmp_path, monkeypatch):
    symbols = "\n  ".join(f"A{i}: {{kind: matrix, shape: [n, n]}}" for i in range(12))
    premises = "\n".join(f'  P{i}: {{claim: "norm(A{i}) <= 1"}}' for i in range(12))
    p = problem(tmp_path, premises, symbols)
    inst = Instance({d: 2 for d in p.dims}, {M: 3 * np.eye(2) for M in p.matrices}, {})
    built = []
    monkeypatch.setattr(sampling, "float_env", lambda i, f=sampling.float_env: built.append(1) or f(i))
    sampling._fit_matrices(p, inst)
    assert len(built) == 1
    assert all(np.linalg.norm(v, 2) == 0.5 for v in inst.values.values())  # every one fitted, each by its own premise


def test_region_points_depend_on_the_region_alone():
    assert region_points(sp.Interval.open(0, sp.oo)) == region_points(sp.Interval.open(0, sp.oo))
    assert 0 not in region_points(sp.Interval.open(0, sp.oo)) and 0 in region_points(sp.Interval(0, sp.oo))
    assert region_points(sp.Interval(2, 3)) != region_points(sp.Interval(-3, -2))


def test_concrete_term_puts_in_the_dimensions_and_indices_the_term_has():
    """By the term's names, as xreplace reaches them: a real name spelt as an index stays, scalars stay."""
    from fractions import Fraction

    n, i, x = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True), sp.Symbol("x", real=True)
    inst = Instance({n: 2}, {i: Fraction(3), x: Fraction(1, 2), sp.Symbol("t", integer=True): Fraction(7)}, {})
    assert sampling.concrete_term(i + x + n, inst) == x + 5
    assert sampling.concrete_term(sp.Symbol("i", real=True) + 1, inst) == sp.Symbol("i", real=True) + 1
    assert sampling.concrete_term(sp.MatrixSymbol("A", n, n), inst).shape == (2, 2)


SCALARS = """
symbols:
  n: {kind: dimension}
  A: {kind: matrix, shape: [n, n]}
  a: {kind: scalar, assume: [positive]}
  b: {kind: scalar, assume: [positive]}
  c: {kind: scalar, assume: [positive]}
premises:
  P1: {claim: "a <= b"}
  P2: {claim: "norm(A) <= a"}
  P3: {claim: "c <= 2"}
chains:
  - id: k
    start: "norm(A)"
    steps:
      - "<=": "b"
        by: [P1, P2]
"""


def test_the_premises_naming_each_value(tmp_path):
    from symbound.search.certify import _mentioning

    d = derivation_from(tmp_path, SCALARS)
    p = build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0))
    ids = {str(k): sorted(c.id for c in cs) for k, cs in _mentioning(p).items()}
    assert ids["a"] == ["P1", "P2"] and ids["b"] == ["P1"] and ids["c"] == ["P3"] and ids["A"] == ["P2"]
    a = next(k for k in _mentioning(p) if str(k) == "a")
    assert sp.Symbol("a") not in _mentioning(p) and a.is_positive  # a name with other assumptions is another key


def test_the_simplification_stops_at_its_budget(tmp_path, monkeypatch):
    """No exact check, nor any trial, once SIMPLIFY_ATTEMPTS are spent: the budget bounds the work."""
    from symbound.check.checker import check
    from symbound.search import certify

    def exact_checks(limit: int) -> int:
        monkeypatch.setattr(certify, "SIMPLIFY_ATTEMPTS", limit)
        calls, inside = [], [False]
        simplest, checked = certify._simplest, certify._check

        def counted_simplest(*args, **kwargs):
            inside[0] = True
            try:
                return simplest(*args, **kwargs)
            finally:
                inside[0] = False

        def counted_check(*args):
            calls.append(inside[0])
            return checked(*args)

        monkeypatch.setattr(certify, "_simplest", counted_simplest)
        monkeypatch.setattr(certify, "_check", counted_check)
        r = check(derivation_from(tmp_path, SCALARS), search=True, budget=300)
        monkeypatch.setattr(certify, "_simplest", simplest)
        monkeypatch.setattr(certify, "_check", checked)
        assert r.consistency is not None and r.consistency.witness is not None
        return sum(calls)

    assert exact_checks(30) > 1
    assert exact_checks(1) == 1
