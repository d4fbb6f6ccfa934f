"""Undefined values against bugs: the witness checker and the sampling treat only the exceptions of a term with
no value (``ops.objects.UNDEFINED``: a missing value, a domain error, a division by zero; NotImplementedError where
exact arithmetic stops) as "undecided here"; any other exception is a programming error and propagates."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from

from symbound.kernel import witnesscheck
from symbound.kernel.witnesscheck import Candidate, check
from symbound.ops.base import whole
from symbound.ops.objects import UNDEFINED, exact
from symbound.search import sampling

FILE = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n]}
chains:
  - id: c
    start: norm(A, 1)
    steps:
      - "<=": norm(A, inf) / 2
"""


def candidate(tmp_path):
    d = derivation_from(tmp_path, FILE)
    n, A = d.scope.names["n"], d.scope.names["A"]
    chain = d.chains[0]
    return d, Candidate({n: 2}, {A: sp.Matrix([[0, 1], [0, 0]])}, {}), (chain.start, chain.links[0].rel, chain.links[0].expr)


def test_the_witness_checker_decides_the_candidate(tmp_path):
    d, cand, goal = candidate(tmp_path)
    assert check(d, cand, *goal).certified  # ‖A‖₁ = 1 > ‖A‖∞/2 = 1/2


@pytest.mark.parametrize("bug", [TypeError, AttributeError, IndexError, RuntimeError])
def test_a_programming_error_in_evaluation_propagates(tmp_path, monkeypatch, bug):
    d, cand, goal = candidate(tmp_path)

    def broken(e, env):
        raise bug("a bug in an evaluator")

    monkeypatch.setattr(witnesscheck, "exact", broken)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})  # the check is memoised by the candidate's values
    with pytest.raises(bug):
        check(d, cand, *goal)


@pytest.mark.parametrize("undefined", [*UNDEFINED, NotImplementedError])
def test_an_undefined_value_leaves_the_candidate_uncertified(tmp_path, monkeypatch, undefined):
    d, cand, goal = candidate(tmp_path)

    def no_value(e, env):
        raise undefined("no value here")

    monkeypatch.setattr(witnesscheck, "exact", no_value)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    assert not check(d, cand, *goal).certified


def test_whole_numbers_for_sizes_and_exponents():
    n = sp.Symbol("n")
    assert whole(sp.Integer(3), "n") == 3 and whole(4.0, "k") == 4
    with pytest.raises(KeyError):
        whole(n, n)
    with pytest.raises(ValueError):
        whole(sp.Rational(5, 2), "k")


def test_an_identity_of_a_size_without_a_value_is_undefined_not_a_type_error():
    n = sp.Symbol("n", integer=True, positive=True)
    with pytest.raises(KeyError):
        exact(sp.Identity(n), {})
    assert exact(sp.Identity(n), {n: sp.Integer(2)}) == sp.eye(2)


def test_real_value_refuses_a_complex_or_nan_value(monkeypatch):
    for value, ok in ((2.5, True), (np.array([[1.5]]), True), (complex(0, 1), False), (float("nan"), False), (np.ones((2, 1)), False)):
        monkeypatch.setattr(sampling, "numeric_value", lambda e, inst, env=None, v=value: v)
        if ok:
            assert sampling.real_value(sp.Integer(0), None) == float(np.asarray(value).ravel()[0])
        else:
            with pytest.raises(ValueError):
                sampling.real_value(sp.Integer(0), None)
