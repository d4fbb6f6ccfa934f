"""Everyday facts (issue 24, classes 4 and after): activation facts from declared properties, orthogonality
and the lower bounds of σ_min, uᵀu = ‖u‖₂², max_abs = ‖·‖∞, min(a, b) ≤ a.  Each is a library entry the
kernel checks; each in several variants (through a premise, an earlier chain, a definition, inside a product
or a norm), with a false control next to it and a forged proof term rejected."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from kernelcheck import rejection


def verify(tmp_path, text: str, search: bool = False):
    d = derivation_from(tmp_path, text)
    return d, check(d, search=search, budget=300)


def statuses(report) -> list[str]:
    return [link.status for link in report.links]


def node(proof: Proof, rule: str) -> Proof:
    """The first node of a proof with that rule."""
    return next(p for p in proof.walk() if p.rule == rule)


def swapped(proof: Proof, old: Proof, new: Proof) -> Proof:
    """The proof with the node ``old`` replaced by ``new`` (wherever it occurs)."""
    if proof == old:
        return new
    return dataclasses.replace(proof, children=tuple(swapped(c, old, new) for c in proof.children),
                               rewrites=tuple(swapped(r, old, new) for r in proof.rewrites))


def forged(d, link, rule: str, **change) -> str:
    """The kernel's answer (a fresh kernel of the derivation) on the link's proof with its node ``rule`` changed."""
    old = node(link.proof, rule)
    proof = swapped(link.proof, old, dataclasses.replace(old, **change))
    return rejection(Kernel.for_derivation(d), link.lhs, link.rel, link.rhs, proof, link.side_proofs)


def chain(cid: str, start: str, steps: list[tuple[str, str, str]]) -> str:
    text = f"  - id: {cid}\n    start: \"{start}\"\n    steps:\n"
    for rel, end, by in steps:
        text += f"      - \"{rel}\": \"{end}\"\n" + (f"        by: {by}\n" if by else "")
    return text


# ---------------------------------------------------------------- 4. activation facts from declared properties
ACTIVATIONS = """
symbols:
  n: {kind: dimension}
  W1: {kind: matrix, shape: [n, n]}
  Z: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  z: {kind: vector, shape: [n]}
  u: {kind: scalar}
  v: {kind: scalar}
  L: {kind: scalar, assume: [positive]}
  sigma: {kind: activation}
  r: {kind: activation, function: relu}
  s: {kind: activation, function: tanh}
premises:
  Lip: {claim: "abs(sigma(a) - sigma(b)) <= L * abs(a - b)", for_all: [a, b]}
ZERO
  P3: "u <= v"
  P4: "norm(x) <= 1"
definitions:
  h: W1 @ x
chains:
"""


def activations(zero: str = '  Zero: "sigma(0) == 0"') -> str:
    return ACTIVATIONS.replace("ZERO", zero)


@pytest.mark.parametrize("start, rel, end, proved", [
    ("norm(sigma(z))", "<=", "L * norm(z)", True),
    ("norm(sigma(z), 1)", "<=", "L * norm(z, 1)", True),
    ("norm(sigma(z), inf)", "<=", "L * norm(z, inf)", True),
    ("norm(sigma(z), fro)", "<=", "L * norm(z, fro)", True),
    ("norm(sigma(h))", "<=", "L * norm(W1 @ x)", True),                    # through a definition
    ("2 * norm(sigma(W1 @ x))", "<=", "2 * L * norm(W1 @ x)", True),      # inside a product
    ("norm(sigma(z))", "<=", "L * norm(z) / 2", False),                   # a smaller constant
    ("norm(sigma(W1 @ x) - sigma(W1 @ y))", "<=", "L * norm(W1 @ (x - y))", True),   # W1(x − y) for W1x − W1y
    ("norm(sigma(W1 @ (x - y)))", "<=", "L * norm(W1 @ x - W1 @ y)", True),
    ("norm(r(z))", "<=", "norm(z)", True),
    ("norm(r(z), inf)", "<=", "norm(z, inf)", True),
    ("norm(r(W1 @ x))", "<=", "norm(W1) * norm(x)", True),               # then norm_matvec
    ("norm(r(Z), 2)", "<=", "norm(Z, 2)", False),                        # a matrix: the 2-norm is not monotone
    ("r(r(z))", "=", "r(z)", True),
    ("norm(r(r(z)), 1)", "<=", "norm(z, 1)", True),                      # inside a norm
    ("s(s(z))", "=", "s(z)", False),                                      # tanh is not idempotent
    ("abs(r(u))", "<=", "abs(u)", True),
    ("r(u)", "<=", "r(v)", True),                                         # monotone, through the premise u ≤ v
    ("r(v)", "<=", "r(u)", False),
    ("0", "<=", "r(u)", True),
])
def test_activation_facts(tmp_path, start, rel, end, proved):
    _, r = verify(tmp_path, activations() + chain("c", start, [(rel, end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


def test_lipschitz_bound_without_a_zero_at_zero_is_not_proved(tmp_path):
    """σ(0) = 0 is what makes ‖σ(z)‖ ≤ L‖z‖ true: σ = L·z + 1 is L-Lipschitz and breaks it at z = 0."""
    for zero in ("", '  Zero: "sigma(0) <= 0"', '  Zero: "sigma(0) == 1"'):
        _, r = verify(tmp_path, activations(zero) + chain("c", "norm(sigma(z))", [("<=", "L * norm(z)", "")]))
        assert statuses(r) != ["proved"], zero


def test_activation_facts_through_an_earlier_chain(tmp_path):
    """‖σ(W1 x)‖ ≤ L‖W1 x‖ ≤ L‖W1‖‖x‖ ≤ L‖W1‖ through P4, the chain then used by a later one."""
    text = activations() + chain("first", "norm(sigma(W1 @ x))", [("<=", "L * norm(W1 @ x)", ""),
                                                                     ("<=", "L * norm(W1) * norm(x)", ""),
                                                                     ("<=", "L * norm(W1)", "P4")])
    text += chain("second", "3 * norm(sigma(W1 @ x)) + 1", [("<=", "3 * L * norm(W1) + 1", "first")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved"] * 4


def test_relu_norm_on_matrices_is_false_in_the_2_norm():
    """Why relu_norm_le asks for a vector: ‖relu(Z)‖₂ > ‖Z‖₂ for Z = [[1, 1], [1, −1]]; on vectors it holds."""
    Z = np.array([[1.0, 1.0], [1.0, -1.0]])
    assert np.linalg.norm(np.maximum(Z, 0), 2) > np.linalg.norm(Z, 2) + 0.2
    rng = np.random.default_rng(0)
    for _ in range(200):
        z = rng.standard_normal(int(rng.integers(1, 6)))
        for p in (1, 2, np.inf):
            assert np.linalg.norm(np.maximum(z, 0), p) <= np.linalg.norm(z, p) + 1e-12


def test_kernel_rejects_forged_activation_facts(tmp_path):
    d, r = verify(tmp_path, activations() + chain("c", "norm(sigma(z))", [("<=", "L * norm(z)", "")])
                  + chain("e", "norm(r(z))", [("<=", "norm(z)", "")]) + chain("i", "r(r(z))", [("=", "r(z)", "")]))
    lip, relu, idem = r.links
    assert [lip.status, relu.status, idem.status] == ["proved"] * 3
    assert forged(d, lip, "lipschitz_zero_elementwise") == ""  # the untouched proof passes a fresh kernel
    lemma = node(lip.proof, "lipschitz_zero_elementwise")
    assert "hypotheses" in forged(d, lip, "lipschitz_zero_elementwise", children=lemma.children[:-1])  # no proof of 0 ≤ σ(0)
    zero = lemma.children[-1]
    assert forged(d, lip, "lipschitz_zero_elementwise", children=lemma.children[:-1] + (lemma.children[0],)) != ""
    # σ applied to a matrix: not a vector
    Zm = d.symbols["Z"].obj
    z = d.symbols["z"].obj
    binding = tuple((k, Zm if v == z else v) for k, v in lemma.binding)
    assert forged(d, lip, "lipschitz_zero_elementwise", binding=binding) != ""
    # relu's facts for an activation that is not relu
    sigma_binding = next(v for k, v in node(lip.proof, "lipschitz_zero_elementwise").binding if str(k) == "?f")
    for link, rule in ((relu, "relu_norm_le"), (idem, "relu_idempotent")):
        assert forged(d, link, rule) == ""
        bad = tuple((k, sigma_binding if str(k) == "?f" else v) for k, v in node(link.proof, rule).binding)
        assert forged(d, link, rule, binding=bad) != ""
    assert zero.rel in ("<=", "<")


# ---------------------------------------------------------------- orthogonality
ORTHOGONAL = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  i: {kind: index}
  t: {kind: index}
  W: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  U: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, m], assume: [semi_orthogonal]}
  D: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [m]}
  v: {kind: sequence, shape: [n]}
definitions:
  Q: W.T
chains:
"""


@pytest.mark.parametrize("start, end, proved", [
    ("norm(D @ W.T, 2)", "norm(D, 2)", True),
    ("norm(W.T @ D, 2)", "norm(D, 2)", True),
    ("norm(W.T @ x, 2)", "norm(x, 2)", True),
    ("norm(Q @ x, 2)", "norm(x, 2)", True),                                  # through a definition
    ("norm(W.T, 2)", "1", True),
    ("3 * norm(D @ W.T, 2)", "3 * norm(D, 2)", True),                        # inside a product
    ("prod(norm(diag(v[i]) @ W.T, 2), i, 1, t)", "prod(norm(diag(v[i]), 2), i, 1, t)", True),
    ("norm(D @ U.T, 2)", "norm(D, 2)", False),                               # U is not orthogonal
    ("norm(V.T @ x, 2)", "norm(x, 2)", False),                               # Vᵀ is wide: VVᵀ ≠ I
    ("norm(V @ y, 2)", "norm(y, 2)", True),
])
def test_the_transpose_of_an_orthogonal_matrix(tmp_path, start, end, proved):
    _, r = verify(tmp_path, ORTHOGONAL + chain("c", start, [("=", end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


def test_the_transpose_of_a_semi_orthogonal_matrix_is_not(tmp_path):
    """‖Vᵀy‖ ≠ ‖y‖ for a tall V with VᵀV = I (Vᵀ has a null vector); the kernel refuses the instance."""
    Vf, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((4, 2)))
    null = np.linalg.svd(Vf.T)[2][-1]
    assert np.linalg.norm(Vf.T @ null) < 1e-9 and np.linalg.norm(null) == pytest.approx(1.0)
    d, r = verify(tmp_path, ORTHOGONAL + chain("c", "norm(W.T @ x, 2)", [("=", "norm(x, 2)", "")]))
    (link,) = r.links
    rule = next(p.rule for p in link.proof.walk() if p.kind == "lemma")
    assert forged(d, link, rule) == ""
    W, U = d.symbols["W"].obj, d.symbols["U"].obj
    for other in (U.T, U):
        bad = tuple((k, other if v == W.T else v) for k, v in node(link.proof, rule).binding)
        assert forged(d, link, rule, binding=bad) != ""


# ---------------------------------------------------------------- lower bounds through σ_min
LOWER = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  T32: {kind: matrix, shape: [3, 2]}
  T23: {kind: matrix, shape: [2, 3]}
  R: {kind: matrix, shape: [n, m]}
  P: {kind: matrix, shape: [n, n]}
  g: {kind: matrix, shape: [1, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [m]}
  x2: {kind: vector, shape: [2]}
  x3: {kind: vector, shape: [3]}
  z: {kind: vector, shape: [n]}
  sigma: {kind: activation}
  delta: {kind: scalar, assume: [positive]}
premises:
  low: {claim: "abs(sigma'(u)) >= delta", for_all: u}
  Px: "1 <= norm(x)"
definitions:
  D: diag(sigma'(z))
chains:
"""


@pytest.mark.parametrize("start, end, proved", [
    ("norm(W @ x)", "sigma_min(W) * norm(x)", True),
    ("norm(T32 @ x2)", "sigma_min(T32) * norm(x2)", True),           # tall
    ("norm(T23 @ x3)", "sigma_min(T23) * norm(x3)", False),          # wide: it has a null vector
    ("norm(R @ y)", "sigma_min(R) * norm(y)", False),                # n ≥ m not known
    ("norm(g @ P)", "norm(g) * sigma_min(P)", True),
    ("norm(g @ P.T)", "norm(g) * sigma_min(P)", True),               # σ_min(Pᵀ) = σ_min(P)
    ("norm(W @ x)", "sigma_min(W)", True),                           # through the premise ‖x‖ ≥ 1
    ("sigma_min(D @ W)", "sigma_min(D) * sigma_min(W)", True),
    ("sigma_min(diag(sigma'(z)))", "delta", True),
    ("sigma_min(D)", "delta", True),                                  # through a definition
    ("sigma_min(D @ W)", "delta * sigma_min(W)", True),
    ("2 * sigma_min(D @ W)", "2 * delta * sigma_min(W)", True),       # inside a product
    ("sigma_min(diag(sigma'(z)))", "2 * delta", False),
    ("sigma_min(diag(sigma(z)))", "delta", False),                    # the bound is on σ', not σ
])
def test_lower_bounds_through_sigma_min(tmp_path, start, end, proved):
    _, r = verify(tmp_path, LOWER + chain("c", start, [(">=", end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


def test_lower_bounds_through_an_earlier_chain(tmp_path):
    text = LOWER + chain("one", "sigma_min(D @ W)", [(">=", "sigma_min(D) * sigma_min(W)", ""), (">=", "delta * sigma_min(W)", "")])
    text += chain("two", "norm(D @ W @ x)", [(">=", "sigma_min(D @ W) * norm(x)", ""), (">=", "delta * sigma_min(W)", "[one, Px]")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved"] * 4


def test_the_lower_bounds_hold_numerically():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n_, m_ = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        A, B = rng.standard_normal((max(n_, m_), min(n_, m_))), rng.standard_normal((int(rng.integers(1, 4)), n_))
        x_ = rng.standard_normal(A.shape[1])
        smin = np.linalg.svd(A, compute_uv=False)[-1]
        assert np.linalg.norm(A @ x_) >= smin * np.linalg.norm(x_) - 1e-9
        S = rng.standard_normal((n_, n_))
        assert np.linalg.norm(B @ S, 2) >= np.linalg.svd(S, compute_uv=False)[-1] * np.linalg.norm(B, 2) - 1e-9
        v = rng.standard_normal(n_)
        assert np.linalg.svd(np.diag(v), compute_uv=False)[-1] == pytest.approx(np.abs(v).min())


def test_kernel_rejects_forged_lower_bounds(tmp_path):
    text = LOWER + chain("a", "norm(T32 @ x2)", [(">=", "sigma_min(T32) * norm(x2)", "")])
    text += chain("b", "norm(g @ P)", [(">=", "norm(g) * sigma_min(P)", "")])
    text += chain("c", "sigma_min(diag(sigma'(z)))", [(">=", "delta", "")])
    d, r = verify(tmp_path, text)
    a, b, c = r.links
    assert statuses(r) == ["proved"] * 3
    T32, T23, R, x2, x3, y, P = (d.symbols[k].obj for k in ("T32", "T23", "R", "x2", "x3", "y", "P"))
    k = Kernel.for_derivation(d)
    for link, rule, renaming, why in ((a, "sigma_min_matvec", {T32: T23, x2: x3}, "fewer rows"),
                                      (a, "sigma_min_matvec", {T32: R, x2: y}, "fewer rows"),
                                      (b, "norm_mul_ge_sigma_min", {P: R}, "not square")):
        assert forged(d, link, rule) == ""
        good = node(link.proof, rule)
        bad = Proof("lemma", rule, good.lhs.xreplace(renaming), good.rel, good.rhs.xreplace(renaming),
                    binding=tuple((v, e.xreplace(renaming)) for v, e in good.binding))
        assert why in rejection(k, bad.lhs, bad.rel, bad.rhs, bad)
    assert forged(d, c, "sigma_min_diag") == ""
    assert "hypotheses" in forged(d, c, "sigma_min_diag", children=())


# ---------------------------------------------------------------- min, max, |a| = a, uᵀu
SCALARS = """
symbols:
  n: {kind: dimension}
  u: {kind: vector, shape: [n]}
  g: {kind: vector, shape: [n]}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  eta: {kind: scalar, assume: [positive]}
  gamma: {kind: scalar, assume: [positive]}
premises:
  P1: "0 <= c"
  P2: "norm(g) > 0"
definitions:
  h: min(eta, gamma * eta / norm(g))
chains:
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("min(a, b)", "<=", "a", True),
    ("min(a, b)", "<=", "b", True),
    ("a", "<=", "max(a, b)", True),
    ("b", "<=", "max(a, b)", True),
    ("min(a, b)", "<=", "max(a, b)", True),
    ("max(a, b)", "<=", "min(a, b)", False),
    ("min(a, b) * c", "<=", "a * c", True),                   # through the premise c ≥ 0
    ("min(a, b) * (-c)", "<=", "a * (-c)", False),            # the sign flips
    ("0", "<", "h", True),                                    # through a definition and ‖g‖ > 0
    ("norm(h * g)", "=", "h * norm(g)", True),                # |h| = h
    ("h * norm(g)", "<=", "(gamma * eta / norm(g)) * norm(g)", True),
    ("norm(a * g)", "=", "a * norm(g)", False),               # a may be negative
    ("abs(a - b)", "=", "a - b", False),
    ("abs(c)", "=", "c", True),
    ("u.T @ u", "=", "norm(u) ** 2", True),
    ("0", "<=", "u.T @ u", True),
    ("2 * inner(u, u)", "=", "2 * norm(u, 2) ** 2", True),    # inside a product
    ("u.T @ u", "=", "norm(u, 1) ** 2", False),
])
def test_min_max_and_absolute_values(tmp_path, start, rel, end, proved):
    _, r = verify(tmp_path, SCALARS + chain("c", start, [(rel, end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


def test_min_through_an_earlier_chain(tmp_path):
    text = SCALARS + chain("first", "h", [("<=", "gamma * eta / norm(g)", "")])
    text += chain("second", "norm(h * g)", [("=", "h * norm(g)", ""), ("<=", "gamma * eta / norm(g) * norm(g)", "first"),
                                            ("=", "gamma * eta", "")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved"] * 4


def test_kernel_rejects_forged_min_and_abs(tmp_path):
    text = SCALARS + chain("m", "0", [("<=", "min(c, eta)", "")]) + chain("v", "abs(c)", [("=", "c", "")])
    d, r = verify(tmp_path, text)
    m, v = r.links
    assert statuses(r) == ["proved", "proved"]
    assert forged(d, m, "le_min") == ""
    le_min = node(m.proof, "le_min")
    assert "hypotheses" in forged(d, m, "le_min", children=le_min.children[:1])
    assert forged(d, m, "le_min", children=(le_min.children[0], le_min.children[0])) != ""  # 0 ≤ c twice: not 0 ≤ c + 1
    assert forged(d, v, "abs_of_nonneg") == ""
    a, c = d.symbols["a"].obj, d.symbols["c"].obj
    k = Kernel.for_derivation(d)
    var = {str(x): x for x, _ in node(m.proof, "le_min").binding}  # the pattern variables ?a, ?b, ?c
    bad = Proof("lemma", "abs_of_nonneg", sp.Abs(a), "=", a, binding=((var["?a"], a),))  # no proof of 0 ≤ a
    assert "hypotheses" in rejection(k, sp.Abs(a), "=", a, bad)
    for rhs, ok in ((a, True), (c, True), (a - 1, False), (sp.Max(a, c) + 1, False)):
        p = Proof("lemma", "min_le_left", sp.Min(a, c), "<=", rhs, binding=((var["?a"], a if rhs != c else c), (var["?b"], c if rhs != c else a)))
        assert (rejection(k, sp.Min(a, c), "<=", rhs, p) == "") is ok, rhs


# ---------------------------------------------------------------- a hypothesis times a nonnegative term (nlinarith)
DESCENT = """
symbols:
  n: {kind: dimension}
  g: {kind: vector, shape: [n]}
  L: {kind: scalar, assume: [positive]}
  alpha: {kind: scalar, assume: [positive]}
  beta: {kind: scalar}
  q: {kind: scalar}
premises:
  step: "alpha <= 1 / L"
  P2: "0 <= q"
definitions:
  s: 1 - alpha * L / 2
chains:
"""


@pytest.mark.parametrize("start, end, proved", [
    ("-alpha * (1 - alpha * L / 2) * norm(g) ** 2", "-alpha / 2 * norm(g) ** 2", True),      # Bottou et al. (2018), lemma 4.2
    ("-alpha * s * norm(g) ** 2", "-alpha / 2 * norm(g) ** 2", True),                        # through a definition
    ("-alpha * (1 - alpha * L / 2) * norm(g) ** 2", "-alpha * norm(g) ** 2", False),         # needs αL ≤ 0
    ("-alpha * (1 - alpha * L / 2) * q", "-alpha / 2 * q", True),                            # the term through a premise
    ("alpha * L * q", "q", True),
    ("alpha * L * beta", "beta", False),                                                     # β may be negative
])
def test_a_hypothesis_times_a_nonnegative_term(tmp_path, start, end, proved):
    _, r = verify(tmp_path, DESCENT + chain("c", start, [("<=", end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


def test_a_hypothesis_from_an_earlier_chain_times_a_term(tmp_path):
    text = DESCENT + chain("first", "alpha * L", [("<=", "1 / L * L", "step"), ("=", "1", "")])
    text += chain("second", "alpha * L * norm(g) ** 2", [("<=", "norm(g) ** 2", "first")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved"] * 3


def test_kernel_rejects_forged_products_of_a_hypothesis(tmp_path):
    d, r = verify(tmp_path, DESCENT + chain("c", "alpha * L * q", [("<=", "q", "")]))
    (link,) = r.links
    assert link.status == "proved"
    assert forged(d, link, "linarith") == ""
    cert = node(link.proof, "linarith")
    hypothesis, sign = cert.children
    assert "not shown nonnegative" in forged(d, link, "linarith", children=(hypothesis,))
    q = d.symbols["q"].obj
    negative = tuple((k, (-q * d.symbols["L"].obj,) if k == "multipliers" else v) for k, v in cert.binding)
    assert forged(d, link, "linarith", binding=negative) != ""
    assert forged(d, link, "linarith", children=(hypothesis, hypothesis)) != ""


# ---------------------------------------------------------------- orthogonality derived from the singular values
SINGULAR = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, m]}
  D: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [m]}
premises:
PREMISES
chains:
"""


@pytest.mark.parametrize("premises, start, end, proved", [
    ('  P1: "sigma_min(W) == 1"\n  P2: "sigma_max(W) == 1"', "norm(D @ W, 2)", "norm(D, 2)", True),
    ('  P1: "sigma_min(W) == 1"\n  P2: "norm(W, 2) == 1"', "norm(W @ D, 2)", "norm(D, 2)", True),
    ('  P1: "sigma_min(W) >= 1"\n  P2: "norm(W) <= 1"', "norm(W.T @ x)", "norm(x)", True),
    ('  P1: "sigma_min(W) == 1"\n  P2: "sigma_max(W) == 1"', "3 * norm(D @ W.T, 2)", "3 * norm(D, 2)", True),   # inside a product
    ('  P1: "sigma_min(W) == 1"\n  P2: "sigma_max(W) == 1"', "norm(W, 2)", "1", True),
    ('  P2: "sigma_max(W) == 1"', "norm(D @ W, 2)", "norm(D, 2)", False),            # σ_min unknown
    ('  P1: "sigma_min(W) >= 1/2"\n  P2: "sigma_max(W) <= 1"', "norm(D @ W, 2)", "norm(D, 2)", False),
    ('  P1: "sigma_min(V) == 1"\n  P2: "sigma_max(V) == 1"', "norm(V.T @ x)", "norm(x)", False),   # Vᵀ is wide
    ('  P1: "sigma_min(W) == 1"\n  P2: "sigma_max(W) == 1"', "norm(D @ U, 2)", "norm(D, 2)", False),
])
def test_orthogonality_from_the_singular_values(tmp_path, premises, start, end, proved):
    _, r = verify(tmp_path, SINGULAR.replace("PREMISES", premises) + chain("c", start, [("=", end, "")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason
    if proved:
        assert set(r.links[0].premises) == {"P1", "P2"}


def test_orthogonality_from_an_earlier_chain(tmp_path):
    premises = '  P1: "sigma_min(W) >= 1"\n  P2: "norm(W) <= 1/2 + norm(U) / 2"\n  P3: "norm(U) <= 1"'
    text = SINGULAR.replace("PREMISES", premises) + chain("bound", "sigma_max(W)", [("<=", "1/2 + norm(U) / 2", "P2"), ("<=", "1", "P3")])
    text += chain("c", "norm(D @ W, 2)", [("=", "norm(D, 2)", "")])
    _, r = verify(tmp_path, text)
    assert statuses(r) == ["proved"] * 3


def test_kernel_rejects_orthogonality_not_derived(tmp_path):
    d, r = verify(tmp_path, SINGULAR.replace("PREMISES", '  P1: "sigma_min(W) == 1"\n  P2: "sigma_max(W) == 1"')
                  + chain("c", "norm(D @ W, 2)", [("=", "norm(D, 2)", "")]))
    (link,) = r.links
    assert link.status == "proved"
    rule = "norm_mul_orthogonal_2"
    assert forged(d, link, rule) == ""
    lemma = node(link.proof, rule)
    top, bottom = lemma.children
    assert "hypotheses" in forged(d, link, rule, children=(top,))
    assert "not shown" in forged(d, link, rule, children=(bottom, top))
    assert "not shown" in forged(d, link, rule, children=(top, top))


FILE_LEMMA = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  V: {kind: matrix, shape: [n, m], assume: [semi_orthogonal]}
  W: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  x: {kind: vector, shape: [n]}
lemmas:
  iso:
    statement: "norm(Q @ y) == norm(y)"
    variables: {Q: {kind: matrix, shape: [p, q], assume: [semi_orthogonal]}, y: {kind: vector, shape: [q]}, p: dimension, q: dimension}
    reference: "QᵀQ = I"
chains:
"""


@pytest.mark.parametrize("start, proved", [("norm(W.T @ x)", True), ("norm(V.T @ x)", False)])
def test_a_file_lemma_on_semi_orthogonal_matrices_takes_no_wide_transpose(tmp_path, start, proved):
    """A true file lemma (‖Qy‖ = ‖y‖ for QᵀQ = I) must not apply to Vᵀ for a tall semi-orthogonal V: VVᵀ ≠ I."""
    _, r = verify(tmp_path, FILE_LEMMA + chain("c", start, [("=", "norm(x)", "iso")]))
    assert (statuses(r) == ["proved"]) is proved, r.links[0].reason


# ---------------------------------------------------------------- the reverse triangle inequality on |·|
REVERSE = """
symbols:
  x: {kind: scalar}
  y: {kind: scalar}
  z: {kind: scalar}
  eps: {kind: scalar, assume: [positive]}
  D: {kind: scalar, assume: [positive]}
chains:
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("abs(x) - abs(y)", "<=", "abs(x - y)", True),
    ("abs(abs(x) - abs(y))", "<=", "abs(x - y)", True),
    ("abs(x + y) - abs(y)", "<=", "abs(x)", True),                                   # a = x + y, b = y
    ("abs(y - z) - abs(x - z)", "<=", "abs(x - y)", True),                           # |a − b| = |b − a|
    ("exp(eps * (abs(y - z) - abs(x - z)) / D)", "<=", "exp(eps * abs(x - y) / D)", True),  # inside exp, scaled
    ("abs(x)", "<=", "abs(x - y) + abs(y)", True),                                   # moved to the other side
    ("abs(x) + abs(y)", "<=", "abs(x - y)", False),                                  # false: x = y = 1
    ("abs(x - y)", "<=", "abs(x) - abs(y)", False),                                  # false: x = 0, y = 1
    ("abs(abs(x) - abs(y))", "<=", "abs(x) - abs(y)", False),                        # false: x = 0, y = 1
])
def test_the_reverse_triangle_inequality_on_scalars(tmp_path, start, rel, end, proved):
    _, r = verify(tmp_path, REVERSE + chain("c", start, [(rel, end, "")]), search=not proved)
    assert statuses(r) == (["proved"] if proved else ["refuted"])


def test_kernel_rejects_a_forged_reverse_triangle(tmp_path):
    d, r = verify(tmp_path, REVERSE + chain("c", "abs(x) - abs(y)", [("<=", "abs(x - y)", "")]))
    link = r.links[0]
    assert statuses(r) == ["proved"] and forged(d, link, "abs_sub_abs_le_abs_sub") == ""
    x, y = d.symbols["x"].obj, d.symbols["y"].obj
    k = Kernel.for_derivation(d)
    var = {str(v): v for v, _ in node(link.proof, "abs_sub_abs_le_abs_sub").binding}
    for lhs, rhs, ok in ((sp.Abs(x) - sp.Abs(y), sp.Abs(x - y), True),
                         (sp.Abs(x) + sp.Abs(y), sp.Abs(x - y), False),   # the sign of |b| changed
                         (sp.Abs(x) - sp.Abs(y), sp.Abs(x + y) / 2, False)):
        p = Proof("lemma", "abs_sub_abs_le_abs_sub", lhs, "<=", rhs, binding=((var["?a"], x), (var["?b"], y)))
        assert (rejection(k, lhs, "<=", rhs, p) == "") is ok, (lhs, rhs)
