"""Equality premises used as rewrites inside the terms of an inequality (issue 24, classes 6/7: premises used):
``a == b`` justifies √(a² + 1) ≤ √(b² + 2) as Lean's ``rw [h]`` then ``gcongr``, through the kernel's ``conv``;
a premise that is only an inequality is never used as an equality, and false variants stay unproved."""

from __future__ import annotations

import pytest

from conftest import derivation_from, one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: {kind: dimension}
  x: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar, assume: [positive]}
  u: {kind: scalar}
definitions:
  q: a**2
premises:
  E: a == b
  F: norm(W, 2) == c
  G: u <= b
"""


def status(tmp_path, start: str, rel: str, end: str) -> str:
    return one_link_status(tmp_path, HEADER, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(a**2 + 1)", "<=", "sqrt(b**2 + 2)"),
    ("sqrt(q + 1)", "<", "sqrt(b**2 + 2)"),                    # through a definition
    ("norm(a * x) + 1", "<=", "norm(b * x) + 2"),              # inside a norm
    ("sqrt(norm(W, 2) + a**2)", "<=", "sqrt(c + b**2 + 1)"),   # two equalities at once
])
def test_equalities_rewrite_inside_bounds(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("sqrt(a**2 + 2)", "<=", "sqrt(b**2 + 1)"),
    ("sqrt(a**2 + 1)", "<", "sqrt(b**2 + 1)"),
    ("sqrt(b**2 + 1)", "<=", "sqrt(u**2 + 1)"),                # u ≤ b is no equality (u may be −5)
    ("sqrt(norm(W, 2) + 1)", "<=", "sqrt(c)"),
])
def test_false_variants_stay_unproved(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"


def test_kernel_uses_only_equalities_as_rewrites(tmp_path):
    d = derivation_from(tmp_path, HEADER.strip("\n") + '\nchains:\n  - id: c\n    start: a\n    steps:\n      - "=": b\n')
    k = Kernel.for_derivation(d)
    a, b, u = (d.scope.names[n] for n in ("a", "b", "u"))
    inner = Proof("arithmetic", "arithmetic", b**2 + 1, "<=", b**2 + 2)
    lhs, rhs = a**2 + 1, b**2 + 2
    equal = Proof("premise", "E", a, "=", b)
    good = Proof("conv", "rewriting", lhs, "<=", rhs, (inner,), rewrites=(equal,))
    assert rejection(k, lhs, "<=", rhs, good) == ""
    bound = Proof("premise", "G", u, "=", b)                  # G is u ≤ b, not an equality
    forged_lhs = u**2 + 1
    forged = Proof("conv", "rewriting", forged_lhs, "<=", rhs, (inner,), rewrites=(bound,))
    assert rejection(k, forged_lhs, "<=", rhs, forged) != ""
    backwards = Proof("conv", "rewriting", lhs, "<=", rhs, (inner,), rewrites=(Proof("premise", "E", b, "=", a + 1),))
    assert rejection(k, lhs, "<=", rhs, backwards) != ""
