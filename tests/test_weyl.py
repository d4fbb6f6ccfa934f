"""Weyl's inequality for singular values as the lemma sigma_min_ge_one_sub_norm: σ_min(A) ≥ 1 − ‖A − Q‖₂ for square A
and orthogonal Q (the identity included), so a perturbation of I keeps σ_min(A) > 0; false variants stay unproved
and an instance at a matrix not orthogonal is rejected by the kernel."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from, one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Norm, SigmaMin

HEADER = """
symbols:
  n: {kind: dimension}
  A: {kind: matrix, shape: [n, n]}
  W: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  eps: {kind: scalar}
premises:
  P: norm(A - I, 2) <= eps
  R: eps < 1
"""


def status(tmp_path, start: str, rel: str, end: str) -> str:
    return one_link_status(tmp_path, HEADER, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("sigma_min(A)", ">=", "1 - norm(A - I, 2)"),
    ("sigma_min(A)", ">=", "1 - norm(A - Q, 2)"),
    ("1 - norm(A - I, 2)", "<=", "sigma_min(A)"),
])
def test_weyl_lower_bounds(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


def test_a_lower_bound_chain(tmp_path):
    """σ_min(A) ≥ 1 − ‖A − I‖₂ ≥ 1 − ε > 0: A is invertible (the perturbation argument papers write)."""
    from symbound.check.checker import check

    report = check(derivation_from(tmp_path, HEADER.strip("\n") + """
chains:
  - id: lower
    start: sigma_min(A)
    steps:
      - ">=": 1 - norm(A - I, 2)
      - ">=": 1 - eps
      - ">": 0
"""), search=False)
    assert [link.status for link in report.links] == ["proved"] * 3
    assert "sigma_min_ge_one_sub_norm" in {u.name for u in report.links[0].uses}


@pytest.mark.parametrize("start, rel, end", [
    ("sigma_min(A)", ">=", "1 - norm(A - W, 2)"),               # W is not orthogonal
    ("sigma_min(A)", ">=", "2 - norm(A - I, 2)"),
    ("sigma_min(A)", ">", "1 - norm(A - I, 2)"),                # equal at A = I
    ("sigma_min(W)", ">=", "1 - eps"),                          # P is about A
])
def test_false_variants_are_not_proved(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"


def test_kernel_rejects_an_instance_at_a_matrix_not_orthogonal():
    n = sp.Symbol("n", integer=True, positive=True)
    A, W, Q = (sp.MatrixSymbol(s, n, n) for s in "AWQ")
    k = Kernel({}, {Q: frozenset({"orthogonal"})}, {}, {}, set())

    for B, ok in ((sp.Identity(n), True), (Q, True), (W, False)):
        lhs, rhs = 1 - Norm(A - B, 2), SigmaMin(A)
        binding = ((_pattern("A"), A), (_pattern("B"), B))
        proof = Proof("lemma", "sigma_min_ge_one_sub_norm", lhs, "<=", rhs, (), binding)
        assert (rejection(k, lhs, "<=", rhs, proof) == "") == ok


def _pattern(name: str):
    from symbound.read.lemmas import compiled

    return next(v for v in compiled("sigma_min_ge_one_sub_norm").variables if str(v) == "?" + name)
