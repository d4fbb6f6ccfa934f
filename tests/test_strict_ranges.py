"""A function's range used strictly, and the lower side of an inner product (issue 24, class 3): −1 < tanh(w) since
tanh(w) = −1 has no real solution (the kernel's ``sup_by_calculus`` accepts a strict bound at the supremum only
when sympy's solveset finds the value never taken), and −‖u‖‖v‖ ≤ uᵀv from the Cauchy–Schwarz bound of |uᵀv|
with −|x| ≤ x, as linarith's hypotheses; attained bounds and false variants stay unproved."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: dimension
  u: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  w: {kind: scalar}
  s: {kind: scalar}
  c: {kind: scalar}
  tanh: {kind: activation, function: tanh}
  sigmoid: {kind: activation, function: sigmoid}
definitions:
  g: {value: tanh(w)}
premises:
  ps: "s > 0"
  pc: "c >= 0"
  pu: "norm(u) <= 1"
"""


def status(start: str, rel: str, end: str, tmp_path, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("tanh(w)", ">", "-1"),                          # the infimum −1 is never taken
    ("tanh(w) + c", ">", "-1"),                      # beside a nonnegative premise
    ("1 - tanh(w)", ">", "0"),                       # the upper end
    ("tanh(w) - c", "<", "1"),                       # the upper end beside a premise
    ("g + c", ">", "-1"),                            # through a definition
    ("2*tanh(w) + c", ">", "-2"),                    # with a coefficient
    ("u.T@v", ">=", "-norm(u)*norm(v)"),             # the lower side of Cauchy–Schwarz
    ("u.T@v + norm(u)*norm(v)", ">=", "0"),          # moved over
    ("u.T@v", ">=", "-norm(u)*norm(v) - c"),         # beside a premise
    ("c - u.T@v", "<=", "c + norm(u)*norm(v)"),      # under a minus sign
])
def test_strict_ranges_and_lower_inner_bounds_are_proved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("exp(-w**2)", "<", "1"),                        # attained at w = 0
    ("1/(1 + w**2) + c", "<", "1"),                  # attained at w = 0 (and c may be 0)
    ("tanh(w) + c", ">", "-1/2"),                    # the range is (−1, 1)
    ("tanh(w) - c", "<", "0"),                       # tanh(w) > 0 for w > 0
    ("u.T@v", ">=", "-norm(u)"),                     # ‖v‖ may exceed 1
    ("u.T@v", ">", "-norm(u)*norm(v)"),              # v = −u gives equality
    ("u.T@v", ">=", "0"),                            # an inner product may be negative
])
def test_false_or_attained_variants_stay_unproved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) != "proved"


def test_kernel_decides_strict_ranges_by_the_values_taken():
    """sup_by_calculus: tanh(w) < 1 and −1 < tanh(w) pass (never equal); exp(−w²) < 1 (equal at 0) and
    tanh(w) < 1/2 (below the supremum) are rejected."""
    w = sp.Symbol("w", real=True)
    k = Kernel({}, {}, {}, {}, set())

    def verdict(lo, hi):
        return rejection(k, lo, "<", hi, Proof("calculus", "sup_by_calculus", lo, "<", hi))

    assert verdict(sp.tanh(w), sp.Integer(1)) == ""
    assert verdict(sp.Integer(-1), sp.tanh(w)) == ""
    assert verdict(sp.exp(-w**2), sp.Integer(1)) != ""
    assert verdict(sp.tanh(w), sp.Rational(1, 2)) != ""


def test_an_identically_equal_bound_is_never_strict(tmp_path):
    """The mutation suite's false proof: σ'(z) < σ(z)(1 − σ(z)) — the two sides are one formula, but sympy's
    solveset calls exp(−z) − (1 + exp(−z) − 1/(eᶻ + 1) − 1/(1 + e⁻ᶻ)) = 0 empty over ℝ, so the strict bound at
    the supremum was taken as never attained.  The formula is evaluated at points first."""
    import sympy as sp

    from symbound.kernel import arith

    z = sp.Symbol("z", real=True)
    same = 1 + sp.exp(-z) - 1 / (sp.exp(z) + 1) - 1 / (1 + sp.exp(-z))
    assert not arith.never_equal(sp.exp(-z) - same, z)
    assert not arith.calculus_bound(sp.exp(-z), same, True)
    header = "symbols:\n  z: scalar\n  sigmoid: {kind: activation, function: sigmoid}\n"
    assert one_link_status(tmp_path, header, "abs(sigmoid'(z))", "<", "sigmoid(z) * (1 - sigmoid(z))") != "proved"
    assert one_link_status(tmp_path, header, "abs(sigmoid'(z))", "<=", "sigmoid(z) * (1 - sigmoid(z))") == "proved"
