"""A `for_all` premise over the reals is never taken to hold because a grid of points found no violation: a
witness whose activation breaks the premise between the grid's points must not make a step refuted."""

from __future__ import annotations

import sympy as sp

from symbound.kernel.quantifiers import forall_decide, grid_decide

z = sp.Symbol("z", real=True)


def test_no_violation_on_the_grid_is_not_evidence():
    # |3 cos z| ≥ 1 fails near every odd multiple of π/2, between the grid's points
    for d in (sp.Abs(3 * sp.cos(z)) - 1, sp.Abs(4 * sp.cos(z)) - 1, sp.Abs(4 * sp.cos(z)) - sp.Rational(1, 2)):
        holds, _ = grid_decide(d, "<=", ((z, sp.S.Reals),))
        assert holds is not True
        assert forall_decide(d, "<=", ((z, sp.S.Reals),))[0] is not True


def test_a_violation_on_the_grid_still_decides():
    holds, exact = grid_decide(sp.cos(z) - 2, "<=", ((z, sp.S.Reals),))
    assert holds is False and exact


def test_a_premise_decided_exactly_still_holds():
    assert forall_decide(1 - sp.tanh(z) ** 2, "<=", ((z, sp.S.Reals),)) == (True, True)


def test_a_lower_bound_on_the_slope_gives_no_false_refutation(tmp_path):
    """Zhang, Lei & Dhillon (2018): σ_min(D W) ≥ δ σ_min(W) when |σ'| ≥ δ; true, so never refuted."""
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text("""
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  M: {kind: matrix, shape: [n, m]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [m]}
  sigma: {kind: activation}
  delta: {kind: scalar, assume: [positive]}
  k: {kind: index}
model:
  recurrence: "h[k] = sigma(W @ h[k-1] + M @ x[k])"
premises:
  lower:
    claim: "abs(sigma'(z)) >= delta"
    for_all: z
chains:
  - id: low
    start: sigma_min(jacobian(h[k+1], h[k]))
    steps:
      - ">=": delta * sigma_min(W)
""")
    report = check(read(path), search=True)
    assert [link.status for link in report.links] != ["refuted"]


LAYERS = """
symbols:
  n: dimension
  s: {kind: scalar, assume: [positive]}
  W: {kind: sequence, shape: [n, n]}
  sigma: activation
premises:
  P: {claim: "norm(W[l]) <= s", for_all: [l]}
  R: {claim: "abs(sigma'(z)) <= 1", for_all: z}
chains:
  - {id: layer, start: "norm(W[2])", steps: [{"<=": "s"}]}
  - {id: half, start: "norm(W[1])", steps: [{"<=": "s / 2"}]}
"""


def test_a_bound_name_used_as_an_index_ranges_over_whole_numbers(tmp_path):
    """`for_all: [l]` with l undeclared, as docs/format.md's family of layers writes it: W[l] at a real l has no
    meaning, so l is a whole number as a declared index is (and the counterexample search can meet the premise);
    a bound name used as a real value stays real."""
    from conftest import derivation_file
    from symbound.check.checker import check
    from symbound.read.derivation import read

    d = read(derivation_file(tmp_path, LAYERS))
    bound = {p.id: p.bound for p in d.premises}
    assert [b.is_integer for b in bound["P"]] == [True]
    assert [b.is_integer for b in bound["R"]] == [None]  # z: every real value
    report = check(d, search=True, budget=300)
    assert [link.status for link in report.links] == ["proved", "refuted"]
