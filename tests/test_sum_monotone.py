"""Sums over an index range compared term by term (``sum_le_sum``, ``sum_nonneg``): the termwise fact is proved
at every index of the range (i = a + q or i = b − q, q a fresh integer ≥ 0), so that a range's end is known
inside the term (j ≥ 0, t − j ≥ 0); forged terms — a stronger offset, the wrong end, two ranges — are rejected."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from conftest import derivation_from
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  t: index
  k: index
  q: scalar
  c: scalar
definitions:
  r: {value: norm(W)}
premises:
  P1: "0 <= t"
  P2: "0 <= q"
  P3: "norm(W) <= c"
chains:
  - id: c
    start: START
    steps:
      - "REL": END
"""


def derivation(tmp_path, start: str, rel: str, end: str):
    return derivation_from(tmp_path, HEADER.replace("START", start).replace("REL", rel).replace("END", end))


def link_of(tmp_path, start: str, rel: str, end: str):
    d = derivation(tmp_path, start, rel, end)
    (link,) = check(d, search=True).links
    return d, link


@pytest.mark.parametrize("start,rel,end,rule", [
    ("sum(norm(W**j), j, 0, t)", "<=", "sum(norm(W)**j, j, 0, t)", "sum_le_sum"),              # needs j ≥ 0: the bottom end
    ("sum(norm(W**(t - j)), j, k, t)", "<=", "sum(norm(W)**(t - j), j, k, t)", "sum_le_sum"),  # needs t − j ≥ 0: the top end
    ("sum(norm(W**j), j, 0, t)", "<=", "sum(c**j, j, 0, t)", "sum_le_sum"),                    # through a premise, termwise
    ("sum(norm(W**j), j, 0, t)", "<=", "sum(r**j, j, 0, t)", "sum_le_sum"),                    # through a definition
    ("sum(q**j * norm(W**j), j, 0, t)", ">=", "0", "sum_nonneg"),                              # a sign, from a product
    ("sum(norm(W)**(t - j), j, k, t)", ">=", "0", "sum_nonneg"),
    ("q * sum(norm(W**j), j, 0, t)", "<=", "q * sum(norm(W)**j, j, 0, t)", "sum_le_sum"),      # inside a product
])
def test_sums_compared_term_by_term_are_proved(tmp_path, start, rel, end, rule):
    d, link = link_of(tmp_path, start, rel, end)
    assert link.status == "proved", link.reason
    assert rule in link.proof.names()
    assert rejection(Kernel.for_derivation(d), link.lhs, link.rel, link.rhs, link.proof, tuple(link.side_proofs)) == ""


@pytest.mark.parametrize("start,rel,end", [
    ("sum(norm(W)**j, j, 0, t)", "<=", "sum(norm(W**j), j, 0, t)"),      # the termwise bound the wrong way
    ("sum(q - j, j, 0, t)", ">=", "0"),                                   # terms negative for j > q
    ("sum(norm(W**j), j, 0, t)", "<=", "sum(norm(W)**j, j, 1, t)"),      # two ranges
    ("sum(norm(W**j), j, 0, t)", "<", "sum(norm(W)**j, j, 0, t)"),       # strict: equal when W is a scaled identity
])
def test_wrong_sum_comparisons_are_not_proved(tmp_path, start, rel, end):
    assert link_of(tmp_path, start, rel, end)[1].status in ("refuted", "unproved")


def _replaced(p: Proof, old: Proof, new: Proof) -> Proof:
    if p == old:
        return new
    return dataclasses.replace(p, children=tuple(_replaced(c, old, new) for c in p.children),
                               rewrites=tuple(_replaced(r, old, new) for r in p.rewrites))


def _forged(tmp_path, start: str, rel: str, end: str, change) -> str:
    d, link = link_of(tmp_path, start, rel, end)
    (node,) = [n for n in link.proof.walk() if n.rule in ("sum_le_sum", "sum_nonneg")]
    forged = _replaced(link.proof, node, change(node))
    return rejection(Kernel.for_derivation(d), link.lhs, link.rel, link.rhs, forged, tuple(link.side_proofs))


def _bound(node: Proof, **kw) -> Proof:
    return dataclasses.replace(node, binding=tuple({**node.bound, **kw}.items()))


POW = ("sum(norm(W**j), j, 0, t)", "<=", "sum(norm(W)**j, j, 0, t)")
BACK = ("sum(norm(W**(t - j)), j, k, t)", "<=", "sum(norm(W)**(t - j), j, k, t)")


@pytest.mark.parametrize("case,change,why", [
    (POW, lambda n: _bound(n, offset=sp.Dummy("q", integer=True, positive=True)), "offset"),   # q ≥ 1 would skip an index
    (POW, lambda n: _bound(n, offset=sp.Symbol("q", integer=True, nonnegative=True)), "offset"),  # not fresh
    (POW, lambda n: _bound(n, offset=sp.Dummy("q", nonnegative=True)), "offset"),              # not an integer
    (POW, lambda n: _bound(n, end="hi"), "termwise"),                                          # proved from the other end
    (BACK, lambda n: _bound(n, end="lo" if n.bound["end"] == "hi" else "hi"), "termwise"),
    (POW, lambda n: _bound(n, end="middle"), "offset"),
    (POW, lambda n: dataclasses.replace(n, rel="<"), ""),                                       # strict
    (POW, lambda n: dataclasses.replace(n, children=()), "one part"),
    (POW, lambda n: dataclasses.replace(n, rhs=n.rhs.func(n.rhs.function, (n.rhs.limits[0][0], 1, n.rhs.limits[0][2]))), ""),
])
def test_kernel_rejects_forged_sum_comparisons(tmp_path, case, change, why):
    got = _forged(tmp_path, *case, change)
    assert got != "" and why in got, got


def test_kernel_rejects_a_termwise_fact_between_whole_indices(tmp_path):
    """Σ_{j=1/2}^{1/2} (j − 1/2): its terms sit at whole indices (here j = 0, −1/2 < 0), so a termwise sign proved at
    j = 1/2 + q covers none of them; the kernel asks the range's end to be a whole number."""
    d = derivation(tmp_path, "q * t", ">=", "0")
    kernel = Kernel.for_derivation(d)
    j, t = sp.Symbol("j", integer=True), d.symbols["t"].obj
    q = sp.Dummy("q", integer=True, nonnegative=True)
    for s, accepted in ((sp.Sum(j, (j, 0, t)), True), (sp.Sum(j - sp.Rational(1, 2), (j, sp.Rational(1, 2), t + sp.Rational(1, 2))), False)):
        body = s.function.xreplace({j: s.limits[0][1] + q})
        part = Proof("arithmetic", "positivity", sp.Integer(0), "<=", body)
        node = Proof("gcongr", "sum_nonneg", sp.Integer(0), "<=", s, (part,), (("offset", q), ("end", "lo")))
        got = rejection(kernel, sp.Integer(0), "<=", s, node)
        assert (got == "") is accepted and (accepted or "whole number" in got), got


@pytest.mark.parametrize("start", ["sum(j - 1/2, j, 1/2, t + 1/2)", "sum(q, j, 1/2, 1)", "prod(q, j, 0, t/2)"])
def test_a_range_with_a_bound_between_whole_numbers_is_an_input_error(tmp_path, start):
    from symbound.errors import InputError

    with pytest.raises(InputError, match="bounds must be whole numbers"):
        derivation(tmp_path, start, ">=", "0")
