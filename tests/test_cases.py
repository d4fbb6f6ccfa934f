"""Issue 24, class 3: case splits on max, min and |·| (symbound.search.cases), checked by the kernel rule
``le_total`` (symbound.kernel.cases): each branch proves the goal with max(x, y), min(x, y), |y − x| replaced by
their values in its case, using its assumption only through the leaf ``case``.  Variants through a premise, a
definition, inside a product and a norm; false controls refuted; forged terms rejected (an assumption outside
its branch, a branch proving the other case, a split over a bound variable, an assumption remembered as passed)."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected
from symbound.read.derivation import read
from conftest import one_link_status
from kernelcheck import rejection

SYMBOLS = """
symbols:
  n: {kind: dimension}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  d: {kind: scalar}
  s: {kind: scalar, assume: [nonnegative]}
  x: {kind: vector, shape: [n]}
definitions:
  m: {value: max(a, b)}
"""


def status(tmp_path, start: str, rel: str, end: str, premises: str = "premises: {}\n") -> str:
    return one_link_status(tmp_path, SYMBOLS + premises, start, rel, end, search=True)


@pytest.mark.parametrize("start, rel, end", [
    ("max(a, b)**2 + min(a, b)**2", "=", "a**2 + b**2"),                               # MaxMin preserves the norm
    ("(max(a, b) - max(c, d))**2 + (min(a, b) - min(c, d))**2", "<=", "(a - c)**2 + (b - d)**2"),  # 1-Lipschitz
    ("max(a, b) + min(a, b)", "=", "a + b"),
    ("max(a, b) - min(a, b)", "=", "abs(a - b)"),
    ("s * (max(a, b) - min(a, b))", "=", "s * abs(b - a)"),                             # inside a product
    ("max(a, b) * min(a, b)", "=", "a * b"),
    ("norm(x) * (max(a, b) + min(a, b))", "=", "norm(x) * (a + b)"),                  # beside a norm
    ("max(a, b) - b", "<=", "abs(a - b)"),                                             # max against |·|
])
def test_a_case_split_closes_the_goal(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


def test_a_case_split_with_a_premise_and_a_definition(tmp_path):
    assert status(tmp_path, "m + min(a, b)", "=", "a + b") == "proved"                   # max(a, b) through m
    assert status(tmp_path, "max(a, b)", "<=", "c", 'premises:\n  P: "a <= c"\n  Q: "b <= c"\n') == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("max(a, b)**2 + min(a, b)**2", "=", "a**2 + 2 * b**2"),
    ("(max(a, b) - max(c, d))**2 + (min(a, b) - min(c, d))**2", "<", "(a - c)**2 + (b - d)**2"),  # equality at a = c, b = d
    ("max(a, b) - min(a, b)", "=", "a - b"),
    ("max(a, b) * min(a, b)", "<=", "a**2"),
    ("(max(a, b) - max(c, d))**2", "<=", "(a - c)**2 - 1"),
])
def test_false_case_claims_are_refuted(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "refuted"


def _symbols():
    a, b, c, d = sp.symbols("a b c d", real=True)
    return a, b, c, d


def test_forged_case_terms_are_rejected():
    a, b, c, d = _symbols()
    k = Kernel({}, {}, {}, {}, set())
    assume = Proof("case", "case", a, "<=", b)
    assert "not an assumption" in rejection(k, a, "<=", b, assume)                        # outside any branch
    # a ≤ b "proved" by cases on a vs b: the second branch (b ≤ a) cannot use a ≤ b
    forged = Proof("cases", "le_total", a, "<=", b, (assume, assume), (("split", sp.Tuple(a, b)),))
    assert rejection(k, a, "<=", b, forged)
    # the branches exchanged: each proves the other case's statement
    lhs, rhs = sp.Max(a, b), b
    left = Proof("conv", "reflexivity", b, "<=", b)
    right = Proof("case", "case", a, "<=", b)
    good = Proof("cases", "le_total", lhs, "<=", sp.Max(a, b), (Proof("conv", "reflexivity", b, "<=", b),
                                                                   Proof("conv", "reflexivity", a, "<=", a)), (("split", sp.Tuple(a, b)),))
    assert rejection(k, lhs, "<=", sp.Max(a, b), good) == ""
    swapped = Proof("cases", "le_total", lhs, "<=", rhs, (right, left), (("split", sp.Tuple(a, b)),))
    assert rejection(k, lhs, "<=", rhs, swapped)                                        # max(a, b) ≤ b is false
    assert rejection(k, sp.Max(a, b), "<=", b, Proof("cases", "le_total", sp.Max(a, b), "<=", b, (left,), (("split", sp.Tuple(a, b)),)))


def test_an_assumption_is_not_remembered_outside_its_branch():
    a, b, c, d = _symbols()
    k = Kernel({}, {}, {}, {}, set())
    assume = Proof("case", "case", a, "<=", b)
    inside = Proof("cases", "le_total", sp.Min(a, b), "<=", a,
                   (Proof("conv", "reflexivity", a, "<=", a), Proof("case", "case", b, "<=", a)), (("split", sp.Tuple(a, b)),))
    assert rejection(k, sp.Min(a, b), "<=", a, inside) == ""
    with pytest.raises(Rejected):
        k.check(Proof("case", "case", b, "<=", a))                                       # passed only inside the branch
    with pytest.raises(Rejected):
        k.check(assume)


def test_no_split_over_a_bound_variable_or_between_matrices():
    a, b, c, d = _symbols()
    i = sp.Symbol("i", integer=True)
    k = Kernel({}, {}, {}, {}, set())
    total = sp.Sum(sp.Max(i, b), (i, 1, 3))
    forged = Proof("cases", "le_total", total, "<=", 3 * b,
                   (Proof("arithmetic", "arithmetic", 3 * b, "<=", 3 * b), Proof("arithmetic", "arithmetic", 3 * i, "<=", 3 * b)),
                   (("split", sp.Tuple(i, b)),))
    assert "bound" in rejection(k, total, "<=", 3 * b, forged)
    j = sp.Symbol("j", integer=True)
    double = sp.Sum(sp.Max(j, b), (i, 1, 3), (j, 1, 2))                                  # bound by the second limit
    forged = Proof("cases", "le_total", double, "<=", 6 * b,
                   (Proof("arithmetic", "arithmetic", 6 * b, "<=", 6 * b), Proof("arithmetic", "arithmetic", 6 * j, "<=", 6 * b)),
                   (("split", sp.Tuple(j, b)),))
    assert "bound" in rejection(k, double, "<=", 6 * b, forged)
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    forged = Proof("cases", "le_total", a, "<=", a, (Proof("conv", "reflexivity", a, "<=", a),) * 2, (("split", sp.Tuple(A, B)),))
    assert "real scalars" in rejection(k, a, "<=", a, forged)


def test_a_certificate_with_a_case_split_replays_and_a_tampered_one_is_rejected(tmp_path):
    import json

    from symbound.check.certificate import certificate, read_certificate
    from symbound.kernel.replay import replay

    path = tmp_path / "d.yaml"
    path.write_text(SYMBOLS + textwrap.dedent("""
        chains:
          - id: c
            start: "(max(a, b) - max(c, d))**2 + (min(a, b) - min(c, d))**2"
            steps:
              - "<=": "(a - c)**2 + (b - d)**2"
        """))
    report = check(read(path))
    data = json.loads(json.dumps(certificate(report)))
    assert replay(report.derivation, *read_certificate(data)).links.keys() == {"c.1"}
    nodes = [n for n in data["terms"]["proofs"] if n["k"] == "cases"]
    assert nodes, "the proof splits cases"
    for node in nodes:
        node["c"] = node["c"][:1] * 2  # the first branch given for both cases
    again = replay(report.derivation, *read_certificate(data))
    assert "c.1" in again.rejected and "c.1" not in again.links
