"""The falsifier's reach (issue 22): equality premises met by construction (solved exactly for one of their
symbols), numeric minimisation of the margin before giving up, and the count of instances that met the premises."""

from __future__ import annotations

import pytest

from conftest import derivation_file
from symbound import verify
from symbound.render.text import witness_summary

EQUALITY = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  A: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  u: {kind: scalar}
  v: {kind: scalar}
  c: {kind: scalar}
  lam: {kind: scalar, assume: [positive]}
premises:
%s
chains:
  - id: a
    start: "%s"
    steps:
      - "%s": "%s"
"""


def write(tmp_path, premises: list[str], lhs: str, rel: str, rhs: str):
    lines = "\n".join(f'  P{i}: {{claim: "{p}"}}' for i, p in enumerate(premises, start=1))
    return derivation_file(tmp_path, EQUALITY % (lines, lhs, rel, rhs))


# premises no drawn instance meets but by luck (irrational solutions, a product of drawn values)
@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["c * norm(A, fro) == 3"], "c * norm(A)", ">=", "2"),  # c = √3, A = I₃
    (["u**2 + 3 * v**2 == 5"], "u + v", "<=", "2"),  # u = √2, v = 1
    (["norm(W, fro) == lam", "lam >= 7/5", "lam <= 3/2"], "norm(W)", ">=", "lam"),  # any W of rank 2 with 7/5 ≤ ‖W‖F ≤ 3/2
    (["x == W @ y"], "norm(x)", "<=", "norm(y)"),  # x is W y, with ‖W y‖ > ‖y‖
    (["u * v**2 == 3", "v >= 1"], "u", ">=", "2"),  # u = 3/v²
    (["c * norm(A) == 2 ** (1/3)"], "c", "<=", "0"),  # c = ∛2/‖A‖₂
    (["c ** 2 == 3"], "c", "<=", "0"),  # c = √3
])
def test_false_claims_under_equality_premises_are_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=600, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["u**2 + v**2 == 2"], "u + v", "<=", "2"),
    (["norm(W) == lam"], "norm(W)", "<=", "lam"),
    (["norm(W) == lam"], "norm(W, fro)", "<=", "sqrt(n) * lam"),
    (["x == W @ y"], "norm(x)", "<=", "norm(W) * norm(y)"),
    (["c * norm(A, fro) == 3"], "c * norm(A)", "<=", "3"),
])
def test_true_claims_under_equality_premises_are_not_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


# premises met only in a small region no structured or random draw lands in: the penalised minimisation gets there
@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["(u - 7/3)**2 + (v - 5/3)**2 <= 1/50"], "u + v", "<=", "4"),
    (["u * v >= 3", "u + v <= 7/2"], "abs(u - v)", ">=", "1/10"),  # only near u = v = √3
    (["abs(norm(A, fro) - 13/6) <= 1/100"], "norm(A)", ">=", "2"),
    (["norm(x - y) <= 1/100", "norm(y) >= 3"], "norm(x)", "<=", "3"),
])
def test_false_claims_under_premises_hard_to_meet_are_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["(u - 7/3)**2 + (v - 5/3)**2 <= 1/50"], "u + v", "<=", "9/2"),
    (["abs(norm(A, fro) - 13/6) <= 1/100"], "norm(A)", "<=", "11/5"),
])
def test_true_claims_under_premises_hard_to_meet_are_not_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


# attacks on solving equalities: a branch a declaration forbids, contradictory and circular equalities
@pytest.mark.parametrize("premises,lhs,rel,rhs,refuted", [
    (["lam**2 == 4"], "lam", ">=", "2", False),  # lam = −2 solves it, but lam is declared positive
    (["lam**2 == 4"], "lam", "<=", "1", True),  # lam = 2
    (["u == v + 1", "u == v + 2"], "u", "<=", "0", False),  # no instance meets both
    (["u == v + 1", "v == u - 1"], "u - v", "=", "1", False),  # circular: u is solved, v stays drawn
    (["u == v + 1", "v == u - 1"], "u", "<=", "0", True),
])
def test_solved_equalities_under_attack(tmp_path, premises, lhs, rel, rhs, refuted):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    assert (only.status == "refuted") == refuted, (only.reason, witness_summary(only.witness))
    if refuted:
        assert only.witness.exact
    elif premises[:2] == ["u == v + 1", "u == v + 2"]:
        assert "no instance met the premises" in only.reason, only.reason


# a bound on the entries only: the claim fails from a width the escalation reaches even on a small budget
@pytest.mark.parametrize("premises,lhs,rel,rhs,width", [
    (["max_abs(W) <= 1/7"], "norm(W)", "<=", "1", 8),
    (["max_abs(W) < 1/14"], "rho(W)", "<", "1", 15),
    (["max_abs(W) <= 1/2"], "norm(W, 1)", "<=", "5", 11),
])
def test_claims_false_only_at_a_large_width_are_refuted_on_a_small_budget(tmp_path, premises, lhs, rel, rhs, width):
    from symbound.render.text import shown_values

    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=200, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason
    assert int(shown_values(only.witness)["n"]) >= width


# false only where a non-strict premise holds with equality: the boundary is met by construction (the premise
# solved as an equality), and a drawn value on it counts as meeting the premise
@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["u <= 1"], "u", "<", "1"),  # scalars: u = 1
    (["u + 3 * v <= 2"], "u + 3 * v", "<", "2"),  # u = 2 − 3v
    (["u * v**2 <= 3", "v >= 1"], "u * v**2", "<", "3"),  # u = 3/v²
    (["norm(x) <= c"], "norm(x)", "<", "c"),  # norms: c = ‖x‖₂, irrational at most x
    (["norm(W) <= lam"], "norm(W) - lam", "<", "0"),  # lam = ‖W‖₂ > 0
    (["c * norm(A, fro) <= 3"], "c * norm(A, fro)", "<", "3"),  # c = 3/‖A‖_F
    (["u <= v", "v <= 1"], "u", "<", "1"),  # two premises, both on their boundary: v = 1, u = v
    (["norm(x) <= c", "c <= u", "u <= 2"], "norm(x)", "<", "2"),  # three in a row: u = 2, c = u, ‖x‖ = c
    (["norm(x - y) <= u", "u <= norm(y)"], "norm(x - y)", "<", "norm(y)"),  # two on their boundary, with norms
])
def test_claims_false_only_on_the_boundary_of_a_premise_are_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=600, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["u <= 1"], "u", "<=", "1"),
    (["u < 1"], "u", "<", "1"),  # strict premise: nothing on its boundary
    (["norm(x) <= c", "c < 1"], "norm(x)", "<", "1"),
    (["u <= v", "v <= 1", "u >= 1"], "v", "=", "1"),
    (["norm(x) <= c"], "norm(x)", "<=", "c"),
])
def test_true_claims_on_the_boundary_are_not_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


SEQUENCE = """
symbols:
  n: {kind: dimension}
  x: {kind: sequence, shape: [n]}
  u: {kind: sequence, shape: [n]}
  y: {kind: vector, shape: [n]}
  A: {kind: matrix, shape: [n, n]}
  c: {kind: scalar}
  k: {kind: index}
model:
  recurrence: "x[k] = A @ x[k-1] + u[k]"
premises:
  P0: {claim: "rho(A) + 1 <= norm(A)"}
%s
chains:
  - id: a
    start: "%s"
    steps:
      - "%s": "%s"
"""


def write_sequence(tmp_path, premises: list[str], lhs: str, rel: str, rhs: str):
    """A model x[k] = A x[k−1] + u[k] whose A is not normal (ρ(A) + 1 ≤ ‖A‖₂: at least 2 × 2), so the state's
    first value, drawn with distinct coordinates, is never 0 by luck."""
    lines = "\n".join(f'  P{i}: {{claim: "{p}"}}' for i, p in enumerate(premises, start=1))
    return derivation_file(tmp_path, SEQUENCE % (lines, lhs, rel, rhs), "s.yaml")


# equalities about sequence elements met by construction: ‖T + R‖ = 0 solved as T = −R, a drawn element alone
# on one side, a scalar solved from a norm of the state's first value
@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["norm(x[0]) == 0"], "norm(x[1])", "<", "norm(u[1])"),  # x[0] = 0, so x[1] = u[1]
    (["norm(x[0] - y) == 0"], "norm(A @ y + u[1])", "<", "norm(x[1])"),  # x[0] = y
    (["norm(u[1] + x[0]) == 0"], "norm(x[1])", "<", "norm(A @ x[0] - x[0])"),  # u[1] = −x[0], x[0] the initial value
    (["norm(x[0]) == c"], "norm(x[1] - u[1])", "<", "c"),  # c = ‖x[0]‖₂; x[1] − u[1] = A x[0]
    (["norm(x[0]) == 0", "norm(u[1]) == c"], "norm(x[1])", "<", "c"),  # both: x[1] = u[1]
])
def test_false_claims_under_sequence_equalities_are_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write_sequence(tmp_path, premises, lhs, rel, rhs), budget=600, repair=False).links
    assert only.status == "refuted" and only.witness.exact, only.reason


@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["norm(x[0]) == 0"], "norm(x[1])", "<=", "norm(u[1])"),
    (["norm(x[0] - y) == 0"], "norm(x[1] - u[1])", "<=", "norm(A) * norm(y)"),
    (["norm(x[0] - x[0]) == 0"], "norm(x[0])", "<=", "norm(x[0])"),  # T − T: nothing to solve for
    (["rho(A - A @ A) == 0"], "norm(x[1] - u[1])", "<=", "norm(A) * norm(x[0])"),  # ρ = 0 is no norm: A stays drawn
])
def test_true_claims_under_sequence_equalities_are_not_refuted(tmp_path, premises, lhs, rel, rhs):
    (only,) = verify(write_sequence(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    assert only.status != "refuted", witness_summary(only.witness)


def test_no_instance_meeting_the_premises_is_said_so(tmp_path):
    (only,) = verify(write_sequence(tmp_path, ["norm(x[0]) == 0", "norm(x[0]) == 1"], "norm(x[1])", "<", "norm(u[1])"),
                     budget=200, repair=False).links
    assert only.status == "unproved" and "no instance met the premises" in only.reason, only.reason
    assert "no counterexample in" not in only.reason and "no instance in 0" not in only.reason


@pytest.mark.parametrize("premises,lhs,rel,rhs", [
    (["u >= 1", "v >= 0"], "u * exp(-u) + v * exp(-v)", "<=", "1"),  # true (at most 2/e), not proved: searched in full
    (["u >= 1", "v >= 0"], "u * exp(-u) * v * exp(-v)", "<=", "1"),
])
def test_the_instances_meeting_the_premises_are_among_those_tried(tmp_path, premises, lhs, rel, rhs):
    """"no counterexample in N instances, M of them meeting every premise": M ≤ N (an instance the minimisation
    scored is counted once, not again when its violation is read)."""
    import re

    (only,) = verify(write(tmp_path, premises, lhs, rel, rhs), budget=300, repair=False).links
    counts = re.search(r"no counterexample in (\d+) instances, (\d+) of them", only.reason)
    assert counts is not None, only.reason
    assert int(counts.group(2)) <= int(counts.group(1)), only.reason


def test_a_premise_over_every_coordinate_is_met_only_where_it_holds_at_each(tmp_path):
    """s[i] ≥ 1 for every i with ‖s‖∞ ≤ 1/2 cannot hold: the search checks the premise at every coordinate of
    the instance (it counted it as holding, '125 of 125 instances met'), so it says that none met them; a
    satisfiable variant is searched with instances that meet it."""
    text = """
symbols:
  n: dimension
  i: index
  s: {kind: vector, shape: [n]}
  u: {kind: scalar, assume: [nonnegative]}
  v: {kind: scalar, assume: [nonnegative]}
premises:
  P1: {claim: "s[i] >= %s", for_all: i}
  P2: "norm(s, inf) <= 1/2"
chains:
  - {id: c, start: "u * exp(-u) + v * exp(-v)", steps: [{"<=": "norm(s, inf) + 1"}]}
"""
    (never,) = verify(derivation_file(tmp_path, text % "1"), budget=300, repair=False).links
    assert "no instance met the premises" in never.reason, never.reason
    (sometimes,) = verify(derivation_file(tmp_path, text % "1/4"), budget=300, repair=False).links
    assert "no instance met the premises" not in sometimes.reason, sometimes.reason
