"""Signs and exact values, the everyday steps of issue 24's class 3: a factor whose sign a premise gives under a
bound (``mul_le_mul_of_nonneg_left``), each variant through a premise, an earlier chain, a definition, inside a sum
or against a product; false variants stay unproved and forged terms are rejected by the kernel."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: {kind: dimension}
  M: {kind: matrix, shape: [n, n]}
  h: {kind: vector, shape: [n]}
  b: {kind: scalar}
  g: {kind: scalar}
  u: {kind: scalar}
  w: {kind: scalar}
definitions:
  r: 1 - b
premises:
  B: "0 <= b <= 1"
  U: "u <= w"
"""


def status(tmp_path, start: str, rel: str, end: str, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("(1 - b) * h.T @ M @ h", "<=", "(1 - b) * norm(M) * norm(h)**2"),                      # a lemma under 1 − b ≥ 0
    ("r * h.T @ M @ h", "<=", "r * norm(M) * norm(h)**2"),                                  # the factor by definition
    ("(1 - b) * h.T @ M @ h - g * norm(h)**2", "<=", "(1 - b) * norm(M) * norm(h)**2 - g * norm(h)**2"),  # in a sum
    ("(1 - b) * norm(M + M.T)", "<=", "2 * (1 - b) * norm(M)"),                              # 2(1 − b) evaluates to 2 − 2b
    ("(1 - b) * norm(M + M.T) * norm(h)**2 - g * norm(h)**2", "<=", "(2 * (1 - b) * norm(M) - g) * norm(h)**2"),  # against a product
    ("b * u", "<=", "b * w"),                                                               # u ≤ w from a premise, u of any sign
    ("(b - 1) * w", "<=", "(b - 1) * u"),                                                   # a nonpositive factor turns it around
])
def test_a_factor_signed_by_a_premise_under_a_bound(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("(1 + b) * h.T @ M @ h", "<=", "(1 - b) * norm(M) * norm(h)**2"),  # not one factor
    ("(b - 1) * u", "<=", "(b - 1) * w"),                             # the wrong way for b − 1 ≤ 0 (false at b = 0)
    ("g * u", "<=", "g * w"),                                         # g of unknown sign (false at g = −1)
    ("(1 - b) * u", "<", "(1 - b) * w"),                              # strict needs 1 − b > 0 and u < w (b = 1)
])
def test_a_factor_of_unknown_or_wrong_sign_proves_nothing(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"


def test_a_factor_signed_by_an_earlier_chain(tmp_path):
    header = HEADER.replace('  B: "0 <= b <= 1"\n', '  B: "b <= 1/2"\n') + """
chains:
  - id: sign
    start: 0
    steps:
      - "<=": 1/2 - b
      - "<=": 1 - b
"""
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text(header.strip("\n") + """
  - id: c
    start: (1 - b) * u
    steps:
      - "<=": (1 - b) * w
""", encoding="utf-8")
    report = check(read(path), search=False)
    assert [link.status for link in report.links] == ["proved"] * 3


def test_kernel_rejects_forged_factor_bounds():
    b, u, w = (sp.Symbol(s, real=True) for s in "buw")
    k = Kernel({}, {}, {}, {"B": [Statement(b, "<=", sp.Integer(1))], "U": [Statement(u, "<=", w)],
                            "L": [Statement(sp.Integer(0), "<=", b)]}, set())
    bound = Proof("premise", "U", u, "<=", w)
    sign = Proof("linarith", "linarith", sp.Integer(0), "<=", 1 - b, (Proof("premise", "B", b, "<=", sp.Integer(1)),),
                 (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1))))
    lhs, rhs = (1 - b) * u, (1 - b) * w
    good = Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, sign))
    assert rejection(k, lhs, "<=", rhs, good) == ""
    # strict from a non-strict sign and bound
    assert rejection(k, lhs, "<", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<", rhs, (bound, sign))) != ""
    # the factor's sign of another term (0 ≤ b), the sides made with 1 − b
    other = Proof("premise", "L", sp.Integer(0), "<=", b)
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, other))) != ""
    # a sign proof that does not hold (sympy cannot show 0 ≤ 1 − b alone)
    forged = Proof("arithmetic", "positivity", sp.Integer(0), "<=", 1 - b)
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, forged))) != ""
    # the bound turned around: (1 − b)w ≤ (1 − b)u is not what u ≤ w gives
    assert rejection(k, rhs, "<=", lhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", rhs, "<=", lhs, (bound, sign))) != ""
    # an equality is not a monotonicity step
    assert rejection(k, lhs, "=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "=", rhs, (bound, sign))) != ""
    # missing parts
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound,))) != ""
