"""Signs of roots (issue 24, class 3): √u ≠ 0 from u > 0 and a product holding a root nonzero from its factors'
signs, as a denominator's side condition (Kingma & Ba's α(1 − β₁)|g|/(√(1 − β₂)|g|) under β₂ < 1, |g| > 0), found
at the goal's own depth (symbound.search.roots) and checked by the kernel's ``pow_nonneg`` / ``mul_nonneg``; false
variants stay unproved and forged side proofs are rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  b: {kind: scalar}
  c: {kind: scalar}
  g: {kind: scalar}
  x: {kind: scalar}
premises:
  B: b < 1
  G: abs(g) > 0
  C: c <= 1
"""


def status(start: str, rel: str, end: str, tmp_path, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("x * sqrt(1 - b) / sqrt(1 - b)", "=", "x"),                                  # √(1 − b) ≠ 0 from b < 1
    ("x * abs(g) / (sqrt(1 - b) * abs(g))", "=", "x / sqrt(1 - b)"),              # a product: each factor's sign
    ("x * (1 - b)**(1/3) / (1 - b)**(1/3)", "=", "x"),                            # any rational power in (0, 1)
    ("x * sqrt(2 - b) * sqrt(1 - b) / (sqrt(2 - b) * sqrt(1 - b))", "=", "x"),    # two roots
    ("sqrt((1 - b) * g**2)", "=", "sqrt(1 - b) * abs(g)"),                        # 0 ≤ (1 − b)g², sympy's √(g²) = |g|
])
def test_roots_are_shown_nonzero(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("x * sqrt(1 - c) / sqrt(1 - c)", "=", "x"),                      # c ≤ 1: √(1 − c) may be 0
    ("x * sqrt(1 - x) / sqrt(1 - x)", "=", "x"),                      # nothing signs 1 − x
    ("x * sqrt(b - 1) / sqrt(b - 1)", "=", "x"),                      # b − 1 < 0: undefined
    ("x * abs(x) / (sqrt(1 - b) * abs(x))", "=", "x / sqrt(1 - b)"),  # x may be 0
    ("sqrt((b - 1) * g**2)", "=", "sqrt(b - 1) * abs(g)"),            # a root of a negative number
    ("sqrt((1 - c) * (1 - x))", "=", "sqrt(1 - c) * sqrt(1 - x)"),    # 1 − x unsigned
])
def test_roots_not_shown_nonzero_stay_unproved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) != "proved"


@pytest.mark.parametrize("premise, want", [("c <= 1", "proved"), ("c <= 2", "unproved"), ("c >= 1", "unproved")])
def test_a_root_is_nonnegative_when_its_radicand_is(tmp_path, premise, want):
    """0 ≤ √(1 − c)·|x| (the non-strict root: its exponent 1/2 ≥ 0 shown as well), from the premise alone."""
    header = HEADER.replace("C: c <= 1", f"C: {premise}")
    assert status("sqrt(1 - c) * abs(x)", ">=", "0", tmp_path, header) == want


def test_kernel_rejects_forged_root_signs():
    """The side condition √(1 − b)·|g| ≠ 0 is met by checked proofs of each factor's sign, and by nothing less."""
    b, g, x = (sp.Symbol(s, real=True) for s in "bgx")
    k = Kernel({}, {}, {}, {"B": [Statement(b, "<", sp.Integer(1))], "G": [Statement(sp.Integer(0), "<", sp.Abs(g))]}, set())
    root, d = sp.sqrt(1 - b), sp.sqrt(1 - b) * sp.Abs(g)
    lhs, rhs = sp.Mul(x, sp.Abs(g), sp.Pow(d, -1, evaluate=False), evaluate=False), x / root  # as written
    equal = Proof("arithmetic", "arithmetic", lhs, "=", rhs)
    radicand = Proof("linarith", "linarith", sp.Integer(0), "<", 1 - b, (Proof("premise", "B", b, "<", sp.Integer(1)),),
                     (("coefficients", (sp.Integer(1),)), ("multipliers", (sp.Integer(1),))))
    positive_root = Proof("gcongr", "pow_nonneg", sp.Integer(0), "<", root, (radicand,))
    positive_g = Proof("premise", "G", sp.Integer(0), "<", sp.Abs(g))
    product = Proof("gcongr", "mul_nonneg", sp.Integer(0), "<", d, (positive_root, positive_g))
    assert rejection(k, lhs, "=", rhs, equal, (product, positive_root, radicand)) == ""
    assert rejection(k, lhs, "=", rhs, equal, (positive_root, radicand)) != ""                       # the product's sign missing
    forged_root = Proof("gcongr", "pow_nonneg", sp.Integer(0), "<", root, (Proof("premise", "B", b, "<", sp.Integer(1)),))
    assert rejection(k, lhs, "=", rhs, equal, (Proof("gcongr", "mul_nonneg", sp.Integer(0), "<", d, (forged_root, positive_g)), forged_root, radicand)) != ""
    weak = Proof("gcongr", "pow_nonneg", sp.Integer(0), "<=", root, (radicand, Proof("arithmetic", "positivity", sp.Integer(0), "<=", sp.S.Half)))
    assert rejection(k, lhs, "=", rhs, equal, (Proof("gcongr", "mul_nonneg", sp.Integer(0), "<", d, (weak, positive_g)), positive_root, radicand)) != ""
    one_factor = Proof("gcongr", "mul_nonneg", sp.Integer(0), "<", d, (positive_root,))
    assert rejection(k, lhs, "=", rhs, equal, (one_factor, positive_root, radicand)) != ""
