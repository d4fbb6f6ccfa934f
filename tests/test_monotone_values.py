"""A number against a function's value, and bounds of a goal's atoms by a lemma (issue 24, class 3/7): exp(X) ≤ 1
as exp(X) ≤ exp(0) through the kernel's ``monotone`` rule with the node's ``at`` = f⁻¹(c) (recomputed: f(at) must
be exactly c), and uᵀv ≤ ‖u‖‖v‖ = 1 (Cauchy–Schwarz with the file's equalities) as a hypothesis of linarith, so
that Wang & Isola's e^{2t·uᵀv − 2t} ≤ 1 follows; false variants stay unproved and forged terms are rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: dimension
  u: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  t: {kind: scalar, assume: [positive]}
  a: {kind: scalar}
  x: {kind: scalar}
  w: {kind: scalar}
  tanh: {kind: activation, function: tanh}
  sigma: {kind: activation}
premises:
  pu: "norm(u) == 1"
  pv: "norm(v) == 1"
  pa: "a <= 1"
  px: "x >= 0"
"""


def status(start: str, rel: str, end: str, tmp_path) -> str:
    return one_link_status(tmp_path, HEADER, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("exp(a - 1)", "<=", "1"),                      # 1 = exp(0)
    ("1", ">=", "exp(a - 1)"),                      # the number on the other side
    ("exp(a)", "<=", "exp(1)"),                     # e = exp(1)
    ("exp(2*t*a - 2*t)", "<=", "1"),                # the argument ≤ 0 needs the product t·(1 − a)
    ("exp(2*t*u.T@v - 2*t)", "<=", "1"),            # Wang & Isola: uᵀv ≤ ‖u‖‖v‖ = 1
    ("2*t*u.T@v - 2*t", "<=", "0"),                 # the same without exp
    ("u.T@v + 1", "<=", "2"),                       # a lemma's bound of an atom, with the premises inside it
    ("u.T@v - x", "<=", "1"),                       # and a premise beside it
    ("exp(-t)", "<=", "1"),                         # −t ≤ 0 from t > 0
    ("2*t*exp(-t)", "<=", "2*t"),                   # exp(−t) ≤ 1 times a nonnegative factor
    ("x*exp(-t)", "<=", "x"),                       # the factor's sign from a premise
    ("x*exp(a - 1)", "<=", "x"),                    # both at once
    ("tanh(w) + x", ">=", "-1"),                    # an activation's range as a hypothesis beside a premise
    ("x - tanh(w)", ">=", "-1"),                    # its upper end
    ("2*tanh(w) + x", ">=", "-2"),                  # with a coefficient
])
def test_numbers_against_values_and_lemma_bounds_are_proved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("exp(a)", "<=", "1"),                          # a ≤ 1 does not give a ≤ 0
    ("1", "<=", "exp(a)"),                          # the wrong direction
    ("exp(a + 1)", "<=", "exp(1)"),                 # a may be positive
    ("exp(2*t*u.T@v + 2*t)", "<=", "1"),            # a sign slip
    ("2*t*u.T@v - t", "<=", "0"),                   # uᵀv ≤ 1 does not give uᵀv ≤ 1/2
    ("u.T@v", "<=", "0"),                           # an upper bound 1 is not 0
    ("exp(a - 1)", "<=", "-1"),                     # no real y with exp(y) = −1
    ("2*t*exp(t)", "<=", "2*t"),                    # exp(t) > 1
    ("a*exp(-t)", "<=", "a"),                       # a may be negative
    ("2*t*exp(-t)", "<=", "t"),                     # false for small t
    ("tanh(w) + x", ">=", "0"),                     # tanh(w) < 0 for w < 0
    ("x - tanh(w)", ">=", "0"),                     # tanh(w) > x for x = 0 < w
    ("tanh(w) + x", ">=", "-1/2"),                  # the range is (−1, 1), not (−1/2, 1)
    ("sigma(w) + x", ">=", "0"),                    # an abstract activation has no known range
    ("log(a)", "<=", "0"),                          # 0 = log(1), but a ≤ 1 allows a ≤ 0: log(a) undefined
])
def test_false_variants_stay_unproved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) != "proved"


def test_vacuous_premises_do_not_prove_more(tmp_path):
    """Without ‖u‖ = ‖v‖ = 1 the bound uᵀv ≤ ‖u‖‖v‖ is not uᵀv ≤ 1."""
    header = HEADER.replace('  pu: "norm(u) == 1"\n', "").replace('  pv: "norm(v) == 1"\n', "")
    assert one_link_status(tmp_path, header, "exp(2*t*u.T@v - 2*t)", "<=", "1") != "proved"


def test_kernel_checks_the_value_at():
    """exp(a − 1) ≤ 1 from a − 1 ≤ 0 with at = 0 passes; a forged ``at`` (exp(1) is not 1), a missing one, a
    function that is not monotone that way, and a comparison of the wrong arguments are rejected."""
    a = sp.Symbol("a", real=True)
    k = Kernel({}, {}, {}, {"pa": [Statement(a, "<=", sp.Integer(1))]}, set())
    premise = Proof("premise", "pa", a, "<=", sp.Integer(1))
    inner = Proof("linarith", "linarith", a - 1, "<=", sp.Integer(0), (premise,),
                  (("coefficients", (sp.Integer(1),)), ("multipliers", (sp.Integer(1),))))
    lhs, one = sp.exp(a - 1), sp.Integer(1)

    def node(at, part=inner, direction=1, rhs=one):
        bound = (("direction", sp.Integer(direction)),) + ((("at", at),) if at is not None else ())
        return Proof("gcongr", "monotone", lhs, "<=", rhs, (part,), bound)

    assert rejection(k, lhs, "<=", one, node(sp.Integer(0))) == ""
    assert rejection(k, lhs, "<=", one, node(sp.Integer(1))) != ""        # exp(1) ≠ 1
    assert rejection(k, lhs, "<=", one, node(None)) != ""                 # no value given
    assert rejection(k, lhs, "<=", one, node(sp.Symbol("a"))) != ""       # not a number
    assert rejection(k, lhs, "<=", one, node(sp.Integer(0), direction=-1)) != ""  # exp is not decreasing
    wrong = Proof("linarith", "linarith", a - 2, "<=", sp.Integer(0), (premise,),
                  (("coefficients", (sp.Integer(1),)), ("multipliers", (sp.Integer(1),))))
    assert rejection(k, lhs, "<=", one, node(sp.Integer(0), part=wrong)) != ""  # the argument compared is not a − 1
    assert rejection(k, sp.exp(a), "<=", sp.exp(1) - 1, Proof("gcongr", "monotone", sp.exp(a), "<=", sp.exp(1) - 1, (premise,),
                     (("direction", sp.Integer(1)), ("at", sp.Integer(1))))) != ""  # exp(1) is not e − 1


def test_kernel_rejects_a_forged_range_in_a_certificate():
    """tanh(w) + x ≥ −1 from −1 ≤ tanh(w) (sup_by_calculus) and 0 ≤ x; the same certificate with a forged range
    −1/2 ≤ tanh(w) for tanh(w) + x ≥ −1/2 is rejected by the kernel's calculus re-decision."""
    w, x = sp.Symbol("w", real=True), sp.Symbol("x", real=True)
    k = Kernel({}, {}, {}, {"px": [Statement(sp.Integer(0), "<=", x)]}, set())
    premise = Proof("premise", "px", sp.Integer(0), "<=", x)
    weights = (("coefficients", (sp.Integer(1), sp.Integer(1))), ("multipliers", (sp.Integer(1), sp.Integer(1))))

    def certificate(low):
        rng = Proof("calculus", "sup_by_calculus", low, "<=", sp.tanh(w))
        return Proof("linarith", "linarith", low, "<=", sp.tanh(w) + x, (rng, premise), weights)

    assert rejection(k, sp.Integer(-1), "<=", sp.tanh(w) + x, certificate(sp.Integer(-1))) == ""
    assert rejection(k, sp.Rational(-1, 2), "<=", sp.tanh(w) + x, certificate(sp.Rational(-1, 2))) != ""
