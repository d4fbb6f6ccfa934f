"""Everyday algebra a paper skips (issue 24, classes 1–3): an equality from the file's equalities with polynomial
cofactors (Mathlib's ``linear_combination``), a bound scaled by a factor the sides share only as powers
(σκ·x ≤ σ²κ²·y from x ≤ σκ·y), and matrix identities through transposes of products that hold an inverse
(the scaled Cayley transform is orthogonal).  Each in several variants with false controls; each new kernel
check has a forged term rejected."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.linarith import polynomial
from test_everyday_facts import chain, forged, node, statuses


def verify(tmp_path, text: str, search: bool = False, budget: int = 300):
    d = derivation_from(tmp_path, text)
    return d, check(d, search=search, budget=budget)


# ---------------------------------------------------------------- linear_combination
MOTION = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar}
  s: {kind: scalar}
  tau: {kind: scalar, assume: [positive]}
  u: {kind: scalar}
  v: {kind: scalar}
premises:
  ma: {claim: "tau * u == b * (s - a * b)"}
  mb: {claim: "tau * v == a * (s - a * b)"}
chains:
"""

ROOT = """
symbols:
  x: {kind: scalar}
  y: {kind: scalar}
  a: {kind: scalar}
  b: {kind: scalar}
  z: {kind: scalar}
premises:
  quadratic: {claim: "x**2 == 2 * x + 1"}
  reciprocal: {claim: "a * b == 1"}
chains:
"""


@pytest.mark.parametrize("text, start, end, proved", [
    (MOTION, "tau * (2 * a * u - 2 * b * v)", "2 * a * b * (s - a * b) - 2 * b * a * (s - a * b)", True),
    (MOTION, "tau * (a * u - b * v)", "0", True),                      # the conserved quantity, in one step
    (MOTION, "a * tau * u + b * tau * v", "2 * a * b * (s - a * b)", True),  # cofactors a and b
    (MOTION, "tau * (2 * a * u - 2 * b * v)", "2 * a * b * (s - a * b)", False),   # a dropped term
    (MOTION, "tau * (a * u + b * v)", "0", False),
    (ROOT, "x**3", "5 * x + 2", True),                                  # x³ = x·x² = 2x² + x, cofactor x + 2
    (ROOT, "z * a**2 * b", "z * a", True),                              # cofactor z·a
    (ROOT, "x**3", "5 * x + 3", False),
    (ROOT, "a**2 * b", "b", False),
])
def test_equalities_with_polynomial_cofactors(tmp_path, text, start, end, proved):
    _, r = verify(tmp_path, text + chain("c", start, [("=", end, "")]), search=not proved)
    link = r.links[0]
    assert (statuses(r) == ["proved"]) is proved, link.reason
    if proved:
        assert node(link.proof, "linear_combination") and link.premises  # the premises are what it rests on
    else:
        assert statuses(r) == ["refuted"], link.reason


def test_the_cofactors_hold_numerically():
    for x in (1 + np.sqrt(2), 1 - np.sqrt(2)):  # the roots of x² = 2x + 1
        assert np.isclose(x**3, 5 * x + 2) and not np.isclose(x**3, 5 * x + 3)
    rng = np.random.default_rng(0)
    a, b, s, tau = rng.normal(size=4)
    u, v = b * (s - a * b) / tau, a * (s - a * b) / tau
    assert np.isclose(tau * (a * u - b * v), 0) and np.isclose(a * tau * u + b * tau * v, 2 * a * b * (s - a * b))
    assert not np.isclose(tau * (a * u + b * v), 0)


def test_equalities_through_a_definition_and_an_earlier_chain(tmp_path):
    text = ROOT.replace("premises:", 'definitions:\n  q: {value: "2 * x + 1"}\npremises:').replace('"x**2 == 2 * x + 1"', '"x**2 == q"')
    text += chain("d", "x**3", [("=", "5 * x + 2", "")])  # q unfolded, cofactor x + 2
    text += chain("e", "y * x**3 - 5 * x * y", [("=", "2 * y", "")])  # through chain d (or the premise), cofactor y
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved", "proved"], [l.reason for l in r.links]


def test_an_equality_is_not_proved_from_an_inequality(tmp_path):
    text = ROOT.replace('"x**2 == 2 * x + 1"', '"x**2 <= 2 * x + 1"') + chain("c", "x**3", [("=", "5 * x + 2", "")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["unproved"]


def test_kernel_rejects_forged_cofactors(tmp_path):
    text = ROOT.replace("premises:", 'definitions:\n  w: {value: "x + 1"}\npremises:')
    d, r = verify(tmp_path, text + chain("c", "x**3", [("=", "5 * x + 2", "")]))
    link = r.links[0]
    lc = node(link.proof, "linear_combination")
    assert forged(d, link, "linear_combination") == ""  # the untouched proof passes a fresh kernel
    weights, multipliers = (dict(lc.binding)[k] for k in ("coefficients", "multipliers"))
    def with_multipliers(*ts):
        return forged(d, link, "linear_combination", binding=(("coefficients", weights), ("multipliers", ts)))
    assert "add up" in with_multipliers(*(m + 1 for m in multipliers))
    x, w = sp.Symbol("x", real=True), next(iter(d.definitions)).symbol
    assert "not shown nonnegative" in with_multipliers(multipliers[0] / x, *multipliers[1:])  # not a polynomial
    assert "not shown nonnegative" in with_multipliers(multipliers[0] + w - x - 1, *multipliers[1:])  # a defined name
    assert "weight" in forged(d, link, "linear_combination", binding=(("coefficients", (sp.Symbol("q"),) * len(weights)), ("multipliers", multipliers)))


@pytest.mark.parametrize("t, ok", [
    (sp.Symbol("a") * 2 + sp.Rational(1, 3), True), (sp.Symbol("a") ** 2 * sp.Symbol("b"), True), (sp.Integer(-1), True),
    (1 / sp.Symbol("a"), False), (sp.sqrt(sp.Symbol("a")), False), (sp.exp(sp.Symbol("a")), False), (sp.Symbol("a") ** sp.Rational(1, 2), False),
])
def test_a_cofactor_is_a_polynomial(t, ok):
    assert polynomial(t) is ok


# ---------------------------------------------------------------- a bound scaled by a factor shared as powers
STABILITY = """
symbols:
  sigma: {kind: scalar, assume: [positive]}
  kappa: {kind: scalar, assume: [positive]}
  lam: {kind: scalar, assume: [positive]}
  m: {kind: scalar, assume: [positive]}
  d: {kind: scalar, assume: [nonnegative]}
  n: dimension
  x: {kind: vector, shape: [n]}
premises:
  distance: {claim: "d <= sigma * kappa / (2 * lam * m)"}
  strict: {claim: "norm(x) < kappa**2 / lam"}
chains:
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("sigma * kappa * d", "<=", "sigma**2 * kappa**2 / (2 * lam * m)", True),   # the premise times σκ
    ("kappa * d * sigma**3", "<=", "sigma**4 * kappa**2 / (2 * lam * m)", True),  # times κσ³
    ("sigma * kappa * d / m", "<=", "sigma**2 * kappa**2 / (2 * lam * m**2)", True),  # times σκ/m
    ("kappa**3 * norm(x)", "<", "kappa**5 / lam", True),                         # strict, times κ³ > 0
    ("sigma * kappa * d", "<=", "sigma * kappa**2 / (2 * lam * m)", False),      # σκ² for σ²κ²
    ("sigma**2 * kappa * d", "<=", "sigma**2 * kappa**2 / (4 * lam * m)", False),  # a factor ½ too many
])
def test_a_bound_times_a_factor_shared_as_powers(tmp_path, start, rel, end, proved):
    _, r = verify(tmp_path, STABILITY + chain("c", start, [(rel, end, "")]), search=not proved)
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason
    if not proved:
        assert statuses(r) == ["refuted"], r.links[0].reason


# ---------------------------------------------------------------- transposes of products holding an inverse
CAYLEY = """
symbols:
  n: dimension
  S: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  P: {kind: matrix, shape: [n, n], assume: [diagonal, orthogonal]}
  M: {kind: matrix, shape: [n, n]}
definitions:
  C: {value: inv(I + S) @ (I - S)}
  V: {value: inv(I + S) @ (I - S) @ Q}
premises:
  skew: {claim: "S.T == -S"}
  invertible: {claim: "sigma_min(I + S) > 0"}
chains:
"""


@pytest.mark.parametrize("start, end, proved", [
    ("C.T @ C", "I", True),                          # the Cayley transform of a skew S is orthogonal
    ("C @ C.T", "I", True),
    ("V.T @ V", "I", True),                          # times an orthogonal Q
    ("Q.T @ Q", "I", True), ("Q @ Q.T", "I", True),  # orthogonal, as declared
    ("P.T @ P", "I", True),                          # diagonal and orthogonal (Pᵀ is P in canonical form)
    ("(inv(I + S) @ (I - S) @ P).T @ inv(I + S) @ (I - S) @ P", "I", True),  # as written, no definition
    ("M.T @ C.T @ C @ M", "M.T @ M", True),          # inside a longer product
    ("C.T @ C", "-I", False),
    ("M.T @ M", "I", False),                         # M is not declared orthogonal
    ("C.T @ M @ C", "M", None),                      # false; the search within this budget leaves it unproved
])
def test_transposes_of_products_holding_an_inverse(tmp_path, start, end, proved):
    _, r = verify(tmp_path, CAYLEY + chain("c", start, [("=", end, "")]), search=not proved)
    assert statuses(r) == [{True: "proved", False: "refuted", None: "unproved"}[proved]], r.links[0].reason


def test_without_the_skew_premise_the_transform_is_not_orthogonal(tmp_path):
    text = CAYLEY.replace('  skew: {claim: "S.T == -S"}\n', "") + chain("c", "C.T @ C", [("=", "I", "")])
    _, r = verify(tmp_path, text, search=True)
    assert statuses(r) == ["refuted"], r.links[0].reason


def test_the_cayley_transform_is_orthogonal_numerically():
    rng = np.random.default_rng(1)
    G = rng.normal(size=(4, 4))
    S = G - G.T
    C = np.linalg.inv(np.eye(4) + S) @ (np.eye(4) - S)
    assert np.allclose(C.T @ C, np.eye(4)) and np.allclose(C @ C.T, np.eye(4))
    C2 = np.linalg.inv(np.eye(4) + G) @ (np.eye(4) - G)
    assert not np.allclose(C2.T @ C2, np.eye(4))


def test_kernel_rejects_forged_transposes(tmp_path):
    d, r = verify(tmp_path, CAYLEY + chain("c", "V.T @ V", [("=", "I", "")]))
    link = r.links[0]
    assert forged(d, link, "symmetry") == ""
    symmetry = node(link.proof, "symmetry")
    Q, M = (next(s.obj for s in d.symbols.values() if str(s.obj) == name) for name in ("Q", "M"))
    assert forged(d, link, "symmetry", rel="<=") != ""  # = only
    assert forged(d, link, "symmetry", rhs=sp.Inverse(M)) != ""  # Qᵀ = M⁻¹ is not what the child proves
    lemma = symmetry.children[0]
    other = dataclasses.replace(lemma, lhs=sp.Inverse(M), rhs=M.T, binding=tuple((k, M) for k, _ in lemma.binding))
    assert "orthogonal" in forged(d, link, "symmetry", lhs=M.T, rhs=sp.Inverse(M), children=(other,))  # M is not orthogonal
    assert Q in symmetry.lhs.free_symbols


# ---------------------------------------------------------------- the Gram identities, also inside longer products
GRAM = """
symbols:
  n: dimension
  m: dimension
  V: {kind: matrix, shape: [n, m], assume: [semi_orthogonal]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  M: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [m]}
  y: {kind: vector, shape: [n]}
chains:
"""


@pytest.mark.parametrize("start, end, status", [
    ("V.T @ V", "I", "proved"),
    ("x.T @ V.T @ V @ x", "norm(x)**2", "proved"),       # inside a quadratic form
    ("norm(V.T @ V @ x)", "norm(x)", "proved"),
    ("Q @ Q.T @ y", "y", "proved"),                       # QQᵀ = I for a square orthogonal Q
    ("M @ Q.T @ Q @ M.T", "M @ M.T", "proved"),           # in the middle of a product
    ("y.T @ M @ Q @ Q.T @ M.T @ y", "norm(M.T @ y)**2", "proved"),
    ("V @ V.T", "I", "refuted"),                          # a tall V: VVᵀ is a projection, not I
    ("M.T @ M", "I", "refuted"),
    ("M @ Q.T @ Q", "Q", "refuted"),
])
def test_gram_identities(tmp_path, start, end, status):
    _, r = verify(tmp_path, GRAM + chain("c", start, [("=", end, "")]), search=status != "proved")
    assert statuses(r) == [status], r.links[0].reason


def test_gram_identities_hold_numerically():
    rng = np.random.default_rng(2)
    V, _ = np.linalg.qr(rng.normal(size=(5, 3)))
    x = rng.normal(size=3)
    assert np.allclose(V.T @ V, np.eye(3)) and np.isclose(x @ V.T @ V @ x, x @ x)
    assert not np.allclose(V @ V.T, np.eye(5))


def test_kernel_rejects_forged_gram_uses(tmp_path):
    d, r = verify(tmp_path, GRAM + chain("c", "M @ Q.T @ Q @ M.T", [("=", "M @ M.T", "")]))
    link = r.links[0]
    assert forged(d, link, "semi_orthogonal_gram") == ""
    use = node(link.proof, "semi_orthogonal_gram")
    M = next(s.obj for s in d.symbols.values() if str(s.obj) == "M")
    binding = tuple((k, M if str(v) == "Q" else v) for k, v in use.binding)
    assert forged(d, link, "semi_orthogonal_gram", lhs=M.T * M, binding=binding) != ""  # M is not semi-orthogonal
    Q = next(s.obj for s in d.symbols.values() if str(s.obj) == "Q")
    assert forged(d, link, "semi_orthogonal_gram", lhs=Q * Q.T) != ""  # not the lemma's statement (QQᵀ is orthogonal_gram)
