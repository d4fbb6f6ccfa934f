"""Stated equalities close `=` steps (issue 24): a premise `a == b`, an earlier `=` chain, through a definition
and inside a larger term (a norm, a product), as rewrites the kernel checks; a forged rewrite is rejected and a
false equality is never proved."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof
from kernelcheck import rejection

HEADER = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
definitions:
  d: 2*c
premises:
  P: a == b
  Q: c == a + 1
"""


def verify(tmp_path, chains: str):
    return check(derivation_from(tmp_path, textwrap.dedent(HEADER) + textwrap.dedent(chains)), search=False)


def one(tmp_path, start: str, end: str):
    report = verify(tmp_path, f"""
chains:
  - id: c
    start: "{start}"
    steps:
      - "=": "{end}"
""")
    (link,) = report.links
    return link


@pytest.mark.parametrize("start, end, premises", [
    ("a", "b", ["P"]),                                      # the premise itself
    ("b", "a", ["P"]),                                      # turned around
    ("norm(a*W)", "norm(b*W)", ["P"]),                     # inside a norm
    ("a*norm(W @ x) + 3", "b*norm(W @ x) + 3", ["P"]),     # inside a product and a sum
    ("d", "2*b + 2", ["P", "Q"]),                           # through a definition and two premises
    ("sigma_max(W)*c", "sigma_max(W)*(b + 1)", ["P", "Q"]),
])
def test_a_stated_equality_closes_an_equal_step(tmp_path, start, end, premises):
    link = one(tmp_path, start, end)
    assert link.status == "proved"
    assert sorted(link.premises) == premises  # only the equalities the rewriting used


@pytest.mark.parametrize("start, end", [("a", "2*b"), ("norm(a*W)", "norm(2*b*W)"), ("c", "b"), ("d", "2*b")])
def test_a_false_equality_is_not_proved(tmp_path, start, end):
    assert one(tmp_path, start, end).status != "proved"


def test_an_inequality_premise_does_not_close_an_equal_step(tmp_path):
    (link,) = check(derivation_from(tmp_path, """
        symbols:
          a: {kind: scalar}
          b: {kind: scalar}
        premises:
          P: a <= b
        chains:
          - id: c
            start: a
            steps:
              - "=": b
    """), search=False).links
    assert link.status != "proved"


def test_an_earlier_equal_chain_closes_a_step_inside_a_norm(tmp_path):
    report = verify(tmp_path, """
chains:
  - id: first
    start: c
    steps:
      - "=": b + 1
  - id: second
    start: "norm(c*W)"
    steps:
      - "=": "norm((b + 1)*W)"
""")
    assert [l.status for l in report.links] == ["proved", "proved"]
    assert report.links[1].chains == ["first"]


@pytest.mark.parametrize("end, proved", [("a*b*b", {"proved", "unproved"}), ("a + b", {"refuted", "unproved"})])
def test_a_circular_equality_ends(tmp_path, end, proved):
    (link,) = check(derivation_from(tmp_path, f"""
        symbols:
          a: {{kind: scalar}}
          b: {{kind: scalar}}
        premises:
          P: a == a*b
        chains:
          - id: c
            start: a
            steps:
              - "=": {end}
    """), search=False).links  # a rewrite of a into a·b would not terminate: not used
    assert link.status in proved


def test_kernel_rejects_a_forged_rewrite():
    a, b, c = sp.symbols("a b c", real=True)
    k = Kernel({}, {}, {}, {"P": [Statement(a, "=", b), Statement(b, "=", a)]}, set())
    stated = Proof("premise", "P", a, "=", b)
    good = Proof("conv", "rewriting", sp.Abs(3 * a), "=", sp.Abs(3 * b), rewrites=(stated,))
    assert rejection(k, sp.Abs(3 * a), "=", sp.Abs(3 * b), good) == ""
    forged = Proof("premise", "P", a, "=", c)  # P does not say a = c
    bad = Proof("conv", "rewriting", sp.Abs(3 * a), "=", sp.Abs(3 * c), rewrites=(forged,))
    assert rejection(k, sp.Abs(3 * a), "=", sp.Abs(3 * c), bad) != ""
    weak = Proof("premise", "P", a, "<=", b)  # an inequality is not a rewrite
    assert rejection(k, sp.Abs(3 * a), "=", sp.Abs(3 * b), Proof("conv", "rewriting", sp.Abs(3 * a), "=", sp.Abs(3 * b),
                                                                   rewrites=(weak,))) != ""


SHARED = """
symbols: {x: scalar, y: scalar, w: scalar, p: scalar, E: scalar, F: scalar, G: scalar}
premises: {P: "E == p", Q: "F == p", R: "G == F"}
"""


@pytest.mark.parametrize("start, end, premises", [
    # two equalities with one side in common (dropout's E[r] = E[r²] = p), inside a polynomial identity
    ("y**2 - 2*y*x*w*E + x**2*w**2*F", "(y - p*x*w)**2 + p*(1 - p)*(x*w)**2", ["P", "Q"]),
    ("E - F", "0", ["P", "Q"]),
    ("G*E", "p**2", ["P", "Q", "R"]),  # a chain of equalities G = F = p
])
def test_equalities_with_a_shared_side_rewrite_towards_one_term(tmp_path, start, end, premises):
    (link,) = check(derivation_from(tmp_path, textwrap.dedent(SHARED) + textwrap.dedent(f"""
        chains:
          - {{id: c, start: "{start}", steps: [{{"=": "{end}"}}]}}
    """)), search=False).links
    assert link.status == "proved" and sorted(link.premises) == premises


@pytest.mark.parametrize("start, end", [("E*F", "p"), ("y*E + F", "y*p + 2*p"), ("G", "2*E")])
def test_false_identities_with_shared_equalities_are_not_proved(tmp_path, start, end):
    (link,) = check(derivation_from(tmp_path, textwrap.dedent(SHARED) + textwrap.dedent(f"""
        chains:
          - {{id: c, start: "{start}", steps: [{{"=": "{end}"}}]}}
    """)), search=False).links
    assert link.status != "proved"
