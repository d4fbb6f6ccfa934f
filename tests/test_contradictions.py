"""The contradiction search (``Checker.contradictions``): premises whose negation the kernel proves from the
declarations and the other premises — a sum of squares, a quadratic form of a positive semidefinite matrix,
σ_min of a semi-orthogonal matrix, two `for_all` premises compared at a concrete point — and the consistent
near misses of each, which must never be reported contradictory (that would make every step vacuously proved)."""

from __future__ import annotations

import pytest

from conftest import derivation_from

from symbound.check.checker import check
from symbound.check.consistency import defined, negations, points

HEADER = {
    "sum": "  a: scalar\n  t: index\n",
    "psd": "  n: dimension\n  P: {kind: matrix, shape: [n, n], assume: [ASSUME]}\n  x: {kind: vector, shape: [n]}\n",
    "semi": "  n: dimension\n  k: dimension\n  W: {kind: matrix, shape: [n, k], assume: [ASSUME]}\n",
    "lip": "  n: dimension\n  sigma: activation\n  x: {kind: vector, shape: [n]}\n",
    "square": "  n: dimension\n  A: {kind: matrix, shape: [n, n], assume: [ASSUME]}\n",
}
START = {"sum": "a + t", "psd": "norm(x)", "semi": "norm(W)", "lip": "norm(sigma(x))", "square": "norm(A)"}


def findings(tmp_path, family: str, premises: dict[str, str], assume: str = "") -> list:
    """The contradiction findings of a file with the family's symbols, ``premises`` and one link that uses none."""
    symbols = HEADER[family].replace("ASSUME", assume)
    lines = "".join(f"  {pid}: {text}\n" for pid, text in premises.items())
    text = (f"symbols:\n{symbols}premises:\n{lines}chains:\n  - id: c\n    start: \"{START[family]}\"\n"
            f"    steps:\n      - \"<=\": \"{START[family]}\"\n")
    report = check(derivation_from(tmp_path, text), search=False)
    return [f for f in report.findings if f.kind == "contradiction"]


CONTRADICTORY = [
    ("sum", {"P1": '"sum(a**2, j, 1, t) < 0"'}, ""),
    ("sum", {"P1": '"sum(a**2 + 1, j, 0, t) < 0"'}, ""),
    ("sum", {"P1": '"sum(abs(a) * a**2, j, 2, t) < 0"'}, ""),
    ("psd", {"P1": '"x.T @ P @ x < 0"'}, "positive_semidefinite"),
    ("psd", {"P1": '"x.T @ P @ x <= -1"'}, "positive_semidefinite"),
    ("psd", {"P1": '"x.T @ P.T @ x < 0"'}, "positive_semidefinite"),
    ("semi", {"P1": '"sigma_min(W) <= 1/2"'}, "semi_orthogonal"),
    ("semi", {"P1": '"sigma_min(W) >= 2"'}, "semi_orthogonal"),
    ("semi", {"P1": '"sigma_min(W) < 1"'}, "semi_orthogonal"),
    ("lip", {"P1": '{claim: "abs(sigma(a) - sigma(b)) <= abs(a - b) / 2", for_all: [a, b]}',
             "P2": '{claim: "abs(sigma(a) - sigma(b)) >= abs(a - b)", for_all: [a, b]}'}, ""),
    ("lip", {"P1": '{claim: "abs(sigma(a)) <= 1", for_all: [a]}', "P2": '{claim: "sigma(a) >= 2", for_all: [a]}'}, ""),
    ("square", {"P1": '"norm(A - A.T) >= 1"'}, "symmetric"),  # Aᵀ = A
    ("square", {"P1": '"norm(A.T - A, fro) > 0"'}, "positive_semidefinite"),  # positive semidefinite is symmetric
    ("square", {"P1": '"norm(inv(A)) * norm(A) < 1/2"'}, "invertible"),  # ‖A⁻¹‖₂‖A‖₂ = ‖A‖₂/σ_min(A) ≥ 1
    ("square", {"P1": '"norm(inv(A), 1) * norm(A, 1) < 1"'}, "invertible"),  # ≥ ‖A⁻¹A‖₁ = 1
    ("square", {"P1": '"norm(A) / sigma_min(A) <= 1/2"'}, "orthogonal"),
]

CONSISTENT = [  # each one a near miss of a contradictory file above
    ("sum", {"P1": '"sum(a**2, j, 1, t) <= 0"'}, ""),  # a = 0
    ("sum", {"P1": '"sum(a**2 - 1, j, 1, t) < 0"'}, ""),  # a = 0, t = 1
    ("sum", {"P1": '"sum(a, j, 1, t) < 0"'}, ""),  # a = -1, t = 1
    ("psd", {"P1": '"x.T @ P @ x <= 0"'}, "positive_semidefinite"),  # x = 0
    ("psd", {"P1": '"x.T @ P @ x < 0"'}, "symmetric"),  # P = -I
    ("psd", {"P1": '"x.T @ P @ x < 0"'}, "invertible"),
    ("semi", {"P1": '"sigma_min(W) <= 1"'}, "semi_orthogonal"),
    ("semi", {"P1": '"sigma_min(W) >= 1"'}, "semi_orthogonal"),
    ("semi", {"P1": '"sigma_min(W) <= 1/2"'}, ""),  # W not declared semi-orthogonal
    ("lip", {"P1": '{claim: "abs(sigma(a) - sigma(b)) <= abs(a - b)", for_all: [a, b]}',
             "P2": '{claim: "abs(sigma(a) - sigma(b)) >= abs(a - b) / 2", for_all: [a, b]}'}, ""),  # sigma(z) = z
    ("lip", {"P1": '{claim: "abs(sigma(a)) <= 1", for_all: [a]}', "P2": '{claim: "sigma(a) >= 1", for_all: [a]}'}, ""),  # sigma = 1
    ("lip", {"P1": '{claim: "sigma(a) <= a", for_all: [a]}', "P2": '{claim: "sigma(a) >= a", for_all: [a]}'}, ""),
    ("square", {"P1": '"norm(A - A.T) >= 1"'}, "invertible"),  # A not symmetric: [[1, 1], [0, 1]]
    ("square", {"P1": '"norm(A - A.T) <= 0"'}, "symmetric"),
    ("square", {"P1": '"norm(inv(A)) * norm(A) <= 1"'}, "invertible"),  # A = I
    ("square", {"P1": '"norm(inv(A), inf) * norm(A, inf) < 2"'}, "invertible"),  # A = I
    ("square", {"P1": '"norm(A) / sigma_min(A) <= 1"'}, "orthogonal"),
]


@pytest.mark.parametrize("family, premises, assume", CONTRADICTORY)
def test_contradictory_premises_are_reported(tmp_path, family, premises, assume):
    assert findings(tmp_path, family, premises, assume)


@pytest.mark.parametrize("family, premises, assume", CONSISTENT)
def test_consistent_near_misses_are_not(tmp_path, family, premises, assume):
    assert findings(tmp_path, family, premises, assume) == []


def test_a_premise_contradicted_at_a_concrete_point_says_the_point(tmp_path):
    compared = next(premises for family, premises, _ in CONTRADICTORY if "abs(a - b) / 2" in premises["P1"])
    (first, *_) = findings(tmp_path, "lip", compared)
    assert "(the premise at a = 1, b = 0)" in first.text


def test_points_keep_integer_variables_fresh():
    import sympy as sp

    a, i = sp.Symbol("a", real=True), sp.Symbol("i", integer=True)
    fresh, *concrete = points((a, i))
    assert all(isinstance(v, sp.Dummy) for v in fresh.values())
    assert [p[a] for p in concrete] == [1, 0] and all(isinstance(p[i], sp.Dummy) for p in concrete)
    (only,) = points((i,))
    assert isinstance(only[i], sp.Dummy)


def test_negations_contradict_each_relation():
    assert negations(1, "<=", 2) == [(2, "<", 1)]
    assert negations(1, "<", 2) == [(2, "<=", 1)]
    assert negations(1, "=", 2) == [(1, "<", 2), (2, "<", 1)]


def test_no_contradiction_is_sought_where_a_premise_has_no_value():
    import sympy as sp

    a = sp.Symbol("a", real=True)
    assert defined(a + 1, sp.Integer(2)) and defined(sp.sqrt(2), sp.Rational(1, 2))
    for undefined in (1 / sp.Integer(0), sp.log(sp.Integer(0)), sp.sqrt(sp.Integer(-1)), sp.nan, sp.oo):
        assert not defined(undefined, sp.Integer(1)), undefined


@pytest.mark.parametrize("claim", ['"abs(sigma(a)) / a <= 1"', '"abs(sigma(a)) / abs(a) <= 1"'])
def test_a_for_all_premise_undefined_at_a_concrete_point_is_no_contradiction(tmp_path, claim):
    premises = {"P1": "{claim: " + claim + ", for_all: [a]}", "P2": '{claim: "abs(sigma(a)) <= abs(a)", for_all: [a]}'}
    assert findings(tmp_path, "lip", premises) == []


def test_a_transpose_gets_no_declare_it_symmetric_hint(tmp_path):
    """Aᵀ = A for a symmetric A (symmetric_transpose) is no near miss: at every transpose of every matrix it would
    only say the step needs Aᵀ = A; nor is a vector ever one to declare orthogonal."""
    from symbound.check.checker import check

    text = ("symbols:\n  n: dimension\n  W: {kind: matrix, shape: [n, n]}\n  x: {kind: vector, shape: [n]}\n"
            "chains:\n  - id: c\n    start: norm(W.T @ x - W @ x)\n    steps:\n      - \"<=\": norm(W @ x - W @ x)\n")
    (link,) = check(derivation_from(tmp_path, text), search=False).links
    assert link.status != "proved"
    assert not [n for n in link.near if n.lemma == "symmetric_transpose" or n.why.endswith("x is not known to be orthogonal (declare it `assume: [orthogonal]`)")], link.near
