"""The falsifier: false links are refuted with exactly certified witnesses, true ones never are."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from conftest import DERIVATIONS, run_cli
from symbound import verify
from symbound.render.text import repair_text, shown_values, value_name, witness_checks, witness_summary

HEADER = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  C: {kind: matrix, shape: [n, 3]}
  v: {kind: vector, shape: [n]}
  c: {kind: scalar}
chains:
  - id: claim
    start: "%s"
    steps:
      - "%s": "%s"
"""


def claim_file(tmp_path, lhs: str, rel: str, rhs: str):
    path = tmp_path / "claim.yaml"
    path.write_text(HEADER % (lhs, rel, rhs), encoding="utf-8")
    return path


FALSE_LINKS = [
    ("norm(A)", "<=", "rho(A)"),  # the Pascanu slip, in general
    ("norm(A, fro)", "<=", "norm(A)"),
    ("norm(A @ B)", ">=", "norm(A) * norm(B)"),
    ("sigma_max(A)", "<=", "sigma_min(A)"),
    ("rho(A @ B)", "<=", "rho(A) * rho(B)"),
    ("rho(A + B)", "<=", "rho(A) + rho(B)"),
    ("norm(A, 1)", "=", "norm(A.T, 1)"),
    ("norm(diag(v), fro)", "=", "max_abs(v)"),
    ("norm(A)", "=", "rho(A)"),
    ("norm(A, inf)", "<=", "norm(A, 1)"),
    ("norm(C)", "<=", "norm(C, 1)"),
]


def _parse(value: str) -> np.ndarray:
    """Read a witness value written as nested lists of integers and fractions."""
    inner = value.replace(" ", "")
    rows = [r for r in inner.strip("[]").split("],[")]
    return np.array([[float(Fraction(x)) for x in row.split(",")] for row in rows])


@pytest.mark.parametrize("lhs,rel,rhs", FALSE_LINKS)
def test_false_links_are_refuted_with_exact_witnesses(tmp_path, lhs, rel, rhs):
    report = verify(claim_file(tmp_path, lhs, rel, rhs))
    (link,) = report.links
    assert link.status == "refuted", (lhs, rel, rhs, link.reason)
    w = link.witness
    assert w.exact, witness_summary(w)
    assert w.tried >= 1
    # an independent numeric re-check of the witness from its printed exact values
    from symbound.ops.objects import numeric

    env = {}
    for sym in report.derivation.symbols.values():
        if sym.kind in ("matrix", "vector") and sym.name in shown_values(w):
            M = _parse(shown_values(w)[sym.name])
            env[sym.obj.xreplace({report.derivation.scope.names["n"]: M.shape[0]})] = M
    n = int(shown_values(w)["n"])
    subs = {report.derivation.scope.names["n"]: n}
    a = numeric(link.lhs.xreplace(subs), env)
    b = numeric(link.rhs.xreplace(subs), env)
    holds = {"<=": a <= b + 1e-12, ">=": a >= b - 1e-12, "=": abs(a - b) <= 1e-12, "<": a < b, ">": a > b}[rel]
    assert not holds, (a, b, witness_summary(w))


TRUE_BUT_UNPROVED = [
    ("norm(A)", "<=", "norm(A, 1) + norm(A, inf)"),  # ‖A‖₂ ≤ √(‖A‖₁‖A‖∞)
    ("sigma_min(A)", "<=", "norm(A, fro)"),
    ("rho(A)", "<=", "norm(A, fro) + 1"),
    ("abs(c)", "<=", "abs(c) + norm(A)"),
]


@pytest.mark.parametrize("lhs,rel,rhs", TRUE_BUT_UNPROVED)
def test_true_links_are_never_refuted(tmp_path, lhs, rel, rhs):
    report = verify(claim_file(tmp_path, lhs, rel, rhs), budget=600)
    (link,) = report.links
    assert link.status in ("proved", "unproved"), link.witness and witness_summary(link.witness)


def test_pascanu_arxiv_slip_has_the_textbook_witness_and_the_papers_repair(arxiv_report):
    link = next(l for l in arxiv_report.links if l.chain == "first_factor")
    assert link.status == "refuted"
    w = link.witness
    assert w.exact
    assert shown_values(w)["W_rec"] == "[[0, 1], [0, 0]]"
    assert (w.lhs_value, w.rhs_value) == ("1", "0")
    assert "ρ(W_rec) = 0 < 1 = 1/γ" in witness_checks(w)["P2"]
    first = link.repairs[0]
    assert first.kind == "definition" and "λ₁ := σ_max(W_rec)" in repair_text(first)
    assert repair_text(arxiv_report.repairs[0]).startswith("with λ₁ := σ_max(W_rec)")


def test_pascanu_arxiv_conclusion_is_itself_false(arxiv_report):
    c = arxiv_report.conclusion
    assert c.status == "refuted"
    assert c.witness.exact
    assert "does not go to 0" in witness_summary(c.witness)
    # ρ(J*) ≥ 1 exactly, as an algebraic number string
    import sympy as sp

    rho = sp.sympify(c.witness.lhs_value.replace("CRootOf", "CRootOf"))  # our own output, not file text
    assert sp.N(rho) >= 1


def test_final_version_has_no_witnesses(pascanu_report):
    assert all(l.witness is None and l.status == "proved" for l in pascanu_report.links)
    assert pascanu_report.conclusion.witness is None


def test_same_seed_same_witness():
    a = verify(DERIVATIONS / "pascanu_arxiv.yaml", seed=3, repair=False)
    b = verify(DERIVATIONS / "pascanu_arxiv.yaml", seed=3, repair=False)
    assert [l.witness and witness_summary(l.witness) for l in a.links] == [l.witness and witness_summary(l.witness) for l in b.links]


def test_json_carries_exact_witness_values():
    out = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--json")
    data = json.loads(out.stdout)
    link = data["chains"][0]["links"][0]
    assert link["status"] == "refuted"
    assert link["witness"]["exact"] is True
    assert link["witness"]["values"]["W_rec"] == "[[0, 1], [0, 0]]"
    assert data["conclusion"]["status"] == "refuted"
    assert data["repairs"][0]["kind"] == "definition"


TRUE_IDENTITIES = [("rho(A.T)", "=", "rho(A)"), ("norm(A.T)", "=", "norm(A)"), ("sigma_min(A.T)", "=", "sigma_min(A)"),
                   ("rho(A)", "<=", "norm(A, 1)"), ("sigma_min(A)", "<=", "sigma_max(A)")]


@pytest.mark.parametrize("lhs,rel,rhs", TRUE_IDENTITIES)
@pytest.mark.parametrize("seed", [0, 7, 11])
def test_the_falsifier_alone_never_refutes_a_true_statement(tmp_path, lhs, rel, rhs, seed):
    """Run the counterexample search directly (the prover would prove these first): floating-point
    eigenvalues of defective matrices are off by about ε^(1/n); exact re-checks must overrule them."""
    from symbound.check.checker import Checker
    from symbound.read.derivation import read
    from symbound.search.falsifier import falsify

    d = read(claim_file(tmp_path, lhs, rel, rhs))
    checker = Checker(d, search=False)
    chain = d.chains[0]
    outcome = falsify(d, checker.prover, chain.start, rel, chain.links[0].expr, seed=seed, budget=1500)
    assert outcome.witness is None, witness_summary(outcome.witness)


# ---------------------------------------------------------------- matrix-valued links (issue 10, item 11)

MATRIX_LINKS = {
    "commute": ("A @ B", "B @ A", ""),
    "transpose_order": ("(A @ B).T", "A.T @ B.T", ""),
    "through_a_definition": ("P", "B @ A", "definitions:\n  P: A @ B\n"),
}


@pytest.mark.parametrize("name", sorted(MATRIX_LINKS))
def test_matrix_equalities_are_searched_and_refuted(tmp_path, name):
    lhs, rhs, extra = MATRIX_LINKS[name]
    path = tmp_path / "m.yaml"
    path.write_text("symbols:\n  n: dimension\n  A: {kind: matrix, shape: [n, n]}\n  B: {kind: matrix, shape: [n, n]}\n"
                    + extra + f"chains:\n  - id: c\n    start: {lhs}\n    steps:\n      - \"=\": {rhs}\n", encoding="utf-8")
    report = verify(path, budget=300, repair=False)
    (link,) = report.links
    assert link.status == "refuted" and link.witness.exact, link.reason
    import sympy as sp

    A, B = (sp.Matrix(sp.sympify(shown_values(link.witness)[k])) for k in "AB")  # our own output, not file text
    left = {"commute": A * B, "transpose_order": (A * B).T, "through_a_definition": A * B}[name]
    right = {"commute": B * A, "transpose_order": A.T * B.T, "through_a_definition": B * A}[name]
    assert left != right


# ---------------------------------------------------------------- the sampler's reach (issue 16)

REACH = {
    # a scalar premise that excludes every default sample value
    "abs_above_4": ("w: scalar", 'P: "abs(w) > 4"', "w**2", "<=", "16 + abs(w)"),
    "above_100": ("w: scalar", 'P: "w >= 100"', "w", "<=", "99 + 1/w"),
    "between": ("w: scalar", 'P1: "w > 7"\n  P2: "w < 8"', "w * w", "<=", "50"),
    # a norm bound from below, and a radius bound on every element of a sequence of matrices
    "norm_at_least": ("A: {kind: matrix, shape: [n, n]}", 'P: "norm(A) >= 40"', "norm(A, fro)", "<=", "30"),
    "radius_of_sequence": ("A: {kind: sequence, shape: [n, n]}\n  r: scalar\n  j: index", 'P1: {claim: "rho(A[j]) <= r", for_all: [j]}\n  P2: "r < 1"',
                           "rho(A[1] @ A[2])", "<=", "rho(A[1]) * rho(A[2])"),
}


@pytest.mark.parametrize("name", sorted(REACH))
def test_the_sampler_reaches_the_region_the_premises_describe(tmp_path, name):
    symbols, premises, lhs, rel, rhs = REACH[name]
    path = tmp_path / "r.yaml"
    path.write_text(f"symbols:\n  n: dimension\n  {symbols}\npremises:\n  {premises}\n"
                    f"chains:\n  - id: c\n    start: {lhs}\n    steps:\n      - \"{rel}\": {rhs}\n", encoding="utf-8")
    report = verify(path, budget=300, repair=False)
    (link,) = report.links
    assert link.status == "refuted" and link.witness.exact, link.reason
    assert all("=" in text or "for all" in text for text in witness_checks(link.witness).values())
    if name == "radius_of_sequence":  # a premise for every j holds at every element the witness uses
        import sympy as sp

        values = {value_name(k): v for k, v in link.witness.exact_values.items()}
        r = values["r"]
        for key, A in values.items():
            if key.startswith("A["):
                assert max(abs(e) for e in sp.Matrix(A).eigenvals()) <= r, (key, A, r)


def test_region_points_lie_in_the_region():
    import sympy as sp

    from symbound.search.problem import region_points

    w = sp.Symbol("w", real=True)
    for region in (sp.solveset(sp.Abs(w) > 4, w, sp.S.Reals), sp.Interval.open(100, sp.oo), sp.Interval(sp.sqrt(2), 3),
                   sp.Interval.Lopen(-sp.oo, -50), sp.FiniteSet(sp.Rational(7, 3))):
        points = region_points(region)
        assert points and all(region.contains(sp.Rational(p.numerator, p.denominator)) == sp.true for p in points)
    assert region_points(sp.S.EmptySet) == ()


def test_the_budget_counts_instances_not_seconds(tmp_path):
    """The same verdict and the same number of instances however slow the machine: no clock in the search."""
    from symbound.check.checker import Checker
    from symbound.read.derivation import read
    from symbound.search.falsifier import falsify

    d = read(claim_file(tmp_path, "norm(A, fro)", "<=", "sqrt(n) * norm(A, 1) + 1"))  # true (‖aⱼ‖₂ ≤ ‖aⱼ‖₁); ‖A‖₁ + ‖A‖∞ + 1 fails from n = 8
    checker = Checker(d, search=False)
    chain = d.chains[0]
    a = falsify(d, checker.prover, chain.start, chain.links[0].rel, chain.links[0].expr, budget=120)
    b = falsify(d, checker.prover, chain.start, chain.links[0].rel, chain.links[0].expr, budget=120)
    assert a.witness is None and a.tried == b.tried and 120 + 5 * 60 <= a.tried <= 120 + 5 * 60 + 120 // 10  # + the minimisation's evaluations


@pytest.mark.parametrize("d", ["1 - tanh(z)**2", "exp(z) - 1", "2 - Abs(3*tanh(z)**2 - 1)", "atan(z)**2", "1 - tanh(z) * exp(-z)"])
def test_a_quantified_premise_through_tanh_exp_or_atan_has_the_same_infimum(d):
    """witnesscheck: ∀z d(z) ≥ 0 is decided by the infimum of d; with z entering only through h(z), that is
    the infimum over h's range (sympy finds it without limits at ±∞); the same value as over ℝ."""
    import sympy as sp
    from sympy.calculus.util import minimum

    from symbound.kernel.quantifiers import _through_range

    z = sp.Symbol("z", real=True)
    e = sp.sympify(d, locals={"z": z})  # test text, not file text
    g, t, domain = _through_range(e, z, sp.S.Reals)
    if "exp(-z)" in d:
        assert (g, t, domain) == (e, z, sp.S.Reals)  # two functions of z: left as it is
        return
    assert t != z and not g.has(z)
    assert sp.simplify(minimum(g, t, domain) - {"1 - tanh(z)**2": 0, "exp(z) - 1": -1, "2 - Abs(3*tanh(z)**2 - 1)": 0,
                                                 "atan(z)**2": 0}[d]) == 0


def test_an_order_between_matrices_has_no_value_and_a_1x1_one_is_its_entry():
    """The falsifier's margins compare numbers: a 1×1 value is its entry, a larger matrix raises one of the
    "undefined here" errors (a ValueError), never a TypeError that would be a bug."""
    from symbound.ops.objects import UNDEFINED
    from symbound.search.margins import _ordered

    assert _ordered(np.array([[2.5]])) == 2.5 and _ordered(np.float64(-1.0)) == -1.0 and _ordered(3) == 3.0
    with pytest.raises(UNDEFINED, match="2×2 matrix is not ordered"):
        _ordered(np.ones((2, 2)))


def test_a_mutated_inequality_between_matrices_is_not_evaluable_not_a_crash(tmp_path):
    """A mutant (the mutation suite edits the read derivation, past the reader's 'matrices are not ordered')
    can ask whether A ≤ B for matrices: each instance is not evaluable there, never a numpy ValueError
    ('truth value of an array … is ambiguous') out of the search."""
    from symbound.check.checker import Checker
    from symbound.read.derivation import read
    from symbound.search.falsifier import falsify

    d = read(claim_file(tmp_path, "norm(A)", "<=", "norm(A) + 1"))
    checker = Checker(d, search=False)
    A = d.scope.names["A"]
    outcome = falsify(d, checker.prover, A, "<=", A.T, budget=60)
    assert outcome.witness is None
