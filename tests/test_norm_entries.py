"""The ∞-norm and the largest absolute entry: maxᵢⱼ|aᵢⱼ| ≤ ‖A‖∞ for every matrix, ‖x‖∞ ≤ maxᵢ|xᵢ| for a vector
(so ‖x‖∞ = maxᵢ|xᵢ|), and not the other way for a matrix; a forged instance on a matrix is rejected."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from conftest import derivation_from, one_link_status
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel

HEADER = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n]}
  v: {kind: vector, shape: [n]}
  c: scalar
definitions:
  u: {value: A @ v}
premises:
  P1: "max_abs(v) <= c"
  P2: "norm(A, inf) <= c"
  P3: "max_abs(A @ v) <= c"
"""


@pytest.mark.parametrize("start,rel,end,status", [
    ("norm(v, inf)", "<=", "c", "proved"),              # through max_abs, from a premise
    ("max_abs(A)", "<=", "c", "proved"),                # every matrix
    ("norm(u, inf)", "<=", "c", "proved"),              # through a definition
    ("2 * norm(A @ v, inf)", "<=", "2 * c", "proved"),  # inside a product
    ("norm(v, inf)", "<=", "max_abs(v)", "proved"),
    ("max_abs(A)", "<=", "norm(A, inf)", "proved"),
    ("norm(A, inf)", "<=", "max_abs(A)", "unproved"),   # false for a matrix (a row of two ones)
    ("norm(v, 1)", "<=", "max_abs(v)", "unproved"),
])
def test_the_infinity_norm_and_the_largest_entry(tmp_path, start, rel, end, status):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == status


def test_the_matrix_direction_is_refuted(tmp_path):
    (link,) = check(derivation_from(tmp_path, HEADER + "chains:\n  - id: c\n    start: norm(A, inf)\n    steps:\n      - '<=': max_abs(A)\n"), search=True).links
    assert link.status == "refuted"


def test_kernel_rejects_the_vector_lemma_on_a_matrix(tmp_path):
    d = derivation_from(tmp_path, HEADER + "chains:\n  - id: c\n    start: norm(v, inf)\n    steps:\n      - '<=': max_abs(v)\n")
    (link,) = check(d, search=True).links
    kernel = Kernel.for_derivation(d)
    assert rejection(kernel, link.lhs, link.rel, link.rhs, link.proof) == ""
    v, A = d.symbols["v"].obj, d.symbols["A"].obj
    (node,) = [p for p in link.proof.walk() if p.rule == "norm_inf_le_max_abs"]
    swap = {v: A}
    forged = dataclasses.replace(node, lhs=node.lhs.xreplace(swap), rhs=node.rhs.xreplace(swap),
                                 binding=tuple((k, x.xreplace(swap) if isinstance(x, sp.Basic) else x) for k, x in node.binding))
    assert "norm_inf_le_max_abs" in rejection(kernel, forged.lhs, "<=", forged.rhs, forged)  # A is no vector
