"""A term of a maximum over an index range is at most the maximum (``le_range_max``: f(c) ≤ max_{i=a}^{b} f(i) for a
whole c with a ≤ c ≤ b): the prover finds c, the kernel (symbound.kernel.maxima) checks it and the range's bounds,
and the contradiction search uses it (max_i s[i] < s[1] cannot hold)."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from conftest import derivation_from, one_link_status
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.values import PROVED

HEADER = """
symbols:
  n: dimension
  t: index
  s: {kind: vector, shape: [n]}
  x: {kind: sequence, shape: [n]}
"""


@pytest.mark.parametrize("start, end", [
    ("s[1]", "max(s[i], (i, 1, n))"),
    ("s[n]", "max(s[i], (i, 1, n))"),
    ("abs(s[1])", "max(abs(s[i]), (i, 1, n))"),
    ("norm(x[t])", "max(norm(x[j]), (j, 0, t))"),
])
def test_a_term_of_the_range_is_below_its_maximum(tmp_path, start, end):
    premises = "premises:\n  P1: \"0 <= t\"\n" if "x[" in start else ""
    assert one_link_status(tmp_path, HEADER + premises, start, "<=", end) == PROVED


@pytest.mark.parametrize("start, end", [
    ("s[1]", "max(s[i], (i, 2, n))"),          # 1 is not in the range
    ("s[1]", "max(s[i + 1], (i, 1, n - 1))"),  # the terms are s[2] … s[n]
    ("norm(x[t])", "max(norm(x[j]), (j, 0, t - 1))"),
])
def test_a_term_outside_the_range_is_not_proved(tmp_path, start, end):
    premises = "premises:\n  P1: \"0 <= t\"\n" if "x[" in start else ""
    assert one_link_status(tmp_path, HEADER + premises, start, "<=", end, search=True) != PROVED


def _forged(tmp_path):
    d = derivation_from(tmp_path, HEADER + 'chains:\n  - id: c\n    start: "s[1]"\n    steps:\n      - "<=": "max(s[i], (i, 1, n))"\n')
    (link,) = check(d, search=False).links
    (node,) = [p for p in link.proof.walk() if p.rule == "le_range_max"]
    return Kernel.for_derivation(d), node, d


@pytest.mark.parametrize("change, why", [
    (lambda n, d: dataclasses.replace(n, rel="<"), "not f(c)"),
    (lambda n, d: dataclasses.replace(n, binding=(("index", sp.Rational(1, 2)),)), "whole number"),
    (lambda n, d: dataclasses.replace(n, binding=(("index", sp.Integer(2)),)), "term at the index"),
    (lambda n, d: dataclasses.replace(n, binding=()), "whole number"),
    (lambda n, d: dataclasses.replace(n, children=n.children[:1]), "bounds"),
    (lambda n, d: dataclasses.replace(n, children=(n.children[1], n.children[0])), "bounds"),
])
def test_the_kernel_rejects_forged_range_maxima(tmp_path, change, why):
    kernel, node, d = _forged(tmp_path)
    assert rejection(kernel, node.lhs, node.rel, node.rhs, node) == ""
    forged = change(node, d)
    got = rejection(kernel, forged.lhs, forged.rel, forged.rhs, forged)
    assert got != "" and why in got, got


def test_the_kernel_rejects_an_index_above_the_range(tmp_path):
    """s[n + 1] against max_{i=1}^{n} s[i], with a forged part n + 1 ≤ n (the part itself is rejected)."""
    kernel, node, d = _forged(tmp_path)
    rng = node.rhs
    n = rng.limits[0][2]
    c = n + 1
    lhs = rng.function.xreplace({rng.limits[0][0]: c})
    parts = (Proof("arithmetic", "arithmetic", sp.Integer(1), "<=", c), Proof("arithmetic", "arithmetic", c, "<=", n))
    forged = Proof("gcongr", "le_range_max", lhs, "<=", rng, parts, (("index", c),))
    assert rejection(kernel, lhs, "<=", rng, forged) != ""


def test_range_max_is_a_kernel_rule_of_the_library():
    from symbound.kernel.kernel import GCONGR
    from symbound.rules import BY_NAME

    assert BY_NAME["le_range_max"].use == "gcongr" and "le_range_max" in GCONGR
