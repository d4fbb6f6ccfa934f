"""Side conditions (issue 25, classes 3 and 4): every partial subterm of a statement — a division, a power
with a negative or symbolic exponent, a root, a matrix power — is proved defined before the statement is,
through definitions and indexed abbreviations; each false "proved" of the review has a true control."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from symbound.check.checker import check
from symbound.kernel import domains
from symbound.check.certificate import terms
from symbound.kernel.kernel import Kernel
from symbound.kernel.replay import replay
from symbound.kernel.proofs import Proof
from symbound.read.derivation import read
from kernelcheck import rejection

HEADER = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar, assume: [positive]}
  k: {kind: index}
  t: {kind: index}
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n]}
  v: {kind: vector, shape: [n]}
"""


def verify(tmp_path, premises: str, start: str, rel: str, end: str, definitions: str = ""):
    text = HEADER + (f"definitions:\n{textwrap.indent(definitions, '  ')}\n" if definitions else "") + f"""
premises:
  P0: {{claim: "0 <= 0"}}
{textwrap.indent(premises, '  ')}
chains:
  - id: c
    start: "{start}"
    steps:
      - "{rel}": "{end}"
"""
    path = tmp_path / "d.yaml"
    path.write_text(text)
    return check(read(path), search=False)


@pytest.mark.parametrize("start, end, premises, proved", [
    ("a ** (-k) * a ** k", "1", "", False),                    # a = 0, k = 1: 0⁻¹·0
    ("a ** (-k) * a ** k", "1", 'P1: {claim: "0 < a"}', True),
    ("a ** (-k) * a ** k", "1", 'P1: {claim: "k <= 0"}', False),  # a⁻ᵏ defined, aᵏ not at a = 0, k = −1
    ("a ** (-k) * a ** k", "1", 'P1: {claim: "k <= 0"}\nP2: {claim: "0 <= k"}', True),
    ("b ** (-k) * b ** k", "1", "", True),                     # b declared positive
    ("sqrt(a) * sqrt(a)", "a", "", False),                     # a = −1
    ("sqrt(a) * sqrt(a)", "a", 'P1: {claim: "0 <= a"}', True),
    ("a ** (1/3) * a ** (2/3)", "a", "", False),
    ("a / a", "1", "", False),
    ("a / a", "1", 'P1: {claim: "a < 0"}', True),
])
def test_scalar_partial_terms_need_their_side_conditions(tmp_path, start, end, premises, proved):
    r = verify(tmp_path, premises, start, "=", end)
    assert (r.links[0].status == "proved") is proved
    if not proved:
        assert "defined only when" in r.links[0].reason
    steps, assumed = terms(r)
    assert replay(r.derivation, steps, assumed).rejected == {}


@pytest.mark.parametrize("start, end, premises, proved", [
    ("W ** (t - k) @ W ** (k - t) @ v", "v", "", False),                         # W singular
    ("W ** (t - k) @ W ** (k - t) @ v", "v", 'P1: {claim: "k <= t"}', False),    # k < t: W^(k−t) needs W⁻¹
    ("W ** (t - k) @ v", "W ** (t - k) @ v", 'P1: {claim: "k <= t"}', True),
    ("W ** (t - k) @ v", "W ** (t - k) @ v", "", False),
])
def test_matrix_powers_need_a_nonnegative_exponent(tmp_path, start, end, premises, proved):
    r = verify(tmp_path, premises, start, "=", end)
    assert (r.links[0].status == "proved") is proved


@pytest.mark.parametrize("premises, proved", [("", False), ('P1: {claim: "0 < norm(x[i])", for_all: [i]}', True)])
def test_a_division_inside_an_indexed_abbreviation_is_seen(tmp_path, premises, proved):
    r = verify(tmp_path, premises, "R[k]", "=", "1", definitions="R[j]: norm(x[j]) / norm(x[j])")
    assert (r.links[0].status == "proved") is proved


@pytest.mark.parametrize("premises, proved", [("", False), ('P1: {claim: "0 < a"}', True)])
def test_a_division_through_two_definitions_is_seen(tmp_path, premises, proved):
    r = verify(tmp_path, premises, "D2", "=", "1", definitions="D1: a / a\nD2: 2 * D1 - 1")
    assert (r.links[0].status == "proved") is proved


def test_the_kernel_rejects_a_power_without_its_side_proof(tmp_path):
    """A forged proof of a⁻ᵏ·aᵏ = 1 by arithmetic alone, and with a side proof of another statement."""
    r = verify(tmp_path, 'P1: {claim: "0 < a"}', "a ** (-k) * a ** k", "=", "1")
    kernel = Kernel.for_derivation(r.derivation)
    link = r.links[0]
    assert link.status == "proved" and link.side_proofs
    assert rejection(kernel, link.lhs, "=", link.rhs, link.proof, tuple(link.side_proofs)) == ""
    assert "defined only when" in rejection(kernel, link.lhs, "=", link.rhs, link.proof, ())
    a = next(s for s in link.lhs.free_symbols if str(s) == "a")
    wrong = Proof("premise", "P0", sp.Integer(0), "<=", sp.Integer(0))
    assert "defined only when" in rejection(kernel, link.lhs, "=", link.rhs, link.proof, (wrong,))
    obligations = domains.obligations((link.lhs,), {})
    k = next(s for s in link.lhs.free_symbols if str(s) == "k")
    assert {o.term for o in obligations} == {a ** -k, a ** k}  # k may be negative: both are divisions


@pytest.mark.parametrize("premises, proved", [("", False), ('P2: {claim: "0 <= n"}', True)])
def test_a_limit_of_a_matrix_power_needs_its_exponent_nonnegative(tmp_path, premises, proved):
    path = tmp_path / "d.yaml"
    path.write_text(f"""
symbols:
  d: {{kind: dimension}}
  n: {{kind: index}}
  W: {{kind: matrix, shape: [d, d]}}
premises:
  P1: {{claim: "rho(W) < 1"}}
  {premises}
chains:
  - id: c
    start: norm(W ** n)
    steps:
      - "=": norm(W ** n)
conclusion:
  tends_to_zero: norm(W ** n)
  as: n
""")
    r = check(read(path), search=False)
    assert (r.conclusion.status == "proved") is proved
