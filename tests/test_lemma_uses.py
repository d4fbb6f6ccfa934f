"""Each newer library lemma used end to end: a derivation whose link needs it is proved through it,
and a false variant of the link is not proved.  (The lemmas' truth is checked numerically in
tests/test_lemmas_numeric.py; here the question is whether the checker applies them, and only
where they hold.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.errors import InputError
from symbound.rules import BY_NAME, PREDICATES, Lemma
from symbound.rules import hypotheses
from symbound.search.prover import Prover

SYMBOLS = """\
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  u: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  g: {kind: vector, shape: [1, n]}
  x: {kind: vector, shape: [m]}
  W: {kind: matrix, shape: [n, m]}
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  M: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  relu: {kind: activation, function: relu}
  sig: {kind: activation, function: sigmoid}
  phi: {kind: activation}
premises:
  Pa: "0 <= a"
  Pb: "0 <= b"
"""


def one_link(tmp_path: Path, start: str, rel: str, end: str) -> tuple[str, list[str]]:
    """The verdict of the single link `start rel end` and the lemmas its proof uses."""
    path = tmp_path / "d.yaml"
    path.write_text(SYMBOLS + f'chains:\n  - id: c\n    start: {start}\n    steps:\n      - "{rel}": {end}\n', encoding="utf-8")
    report = check(read(path), search=False)
    (link,) = report.links
    return link.status, list(link.lemmas)


PROVED = [
    # (lemma that must appear in the proof, start, relation, end)
    ("reverse_triangle", "norm(u + v)", ">=", "norm(u) - norm(v)"),
    ("reverse_triangle", "norm(A + M, 1)", ">=", "norm(A, 1) - norm(M, 1)"),
    ("reverse_triangle_sub", "norm(u - v)", ">=", "norm(u) - norm(v)"),
    ("reverse_triangle_sub", "norm(A - M, fro)", ">=", "norm(A, fro) - norm(M, fro)"),
    # triangle_nonneg, or the general route it is a case of: the triangle inequality with |a| = a for a ≥ 0
    ("triangle_nonneg|abs_of_nonneg", "norm(a * u + b * v)", "<=", "a * norm(u) + b * norm(v)"),
    ("triangle_nonneg|abs_of_nonneg", "norm(a * A + b * M, inf)", "<=", "a * norm(A, inf) + b * norm(M, inf)"),
    ("sigma_min_mul", "sigma_min(A @ B)", ">=", "sigma_min(A) * sigma_min(B)"),
    ("sigma_min_mul", "sigma_min(A) * sigma_min(M)", "<=", "sigma_min(A @ M)"),
    ("relu_derivative_le_one", "norm(diag(relu'(W @ x)))", "<=", "1"),
    ("relu_derivative_le_one", "norm(diag(relu'(W @ x)), 1)", "<=", "1"),
    ("relu_derivative_le_one", "norm(diag(relu'(W @ x)), inf)", "<=", "1"),
    ("submultiplicative", "norm(g @ A)", "<=", "norm(g) * norm(A)"),
    ("submultiplicative", "norm(g @ A, 1)", "<=", "norm(g, 1) * norm(A, 1)"),
    ("submultiplicative", "norm(u.T @ A, inf)", "<=", "norm(u.T, inf) * norm(A, inf)"),
]


@pytest.mark.parametrize("lemma, start, rel, end", PROVED, ids=[f"{p[0]}:{p[1]}" for p in PROVED])
def test_the_lemma_proves_its_link(tmp_path, lemma, start, rel, end):
    status, lemmas = one_link(tmp_path, start, rel, end)
    assert status == "proved" and set(lemma.split("|")) & set(lemmas), (status, lemmas)


@pytest.mark.parametrize("lemma, start, rel, end", [
    ("norm_orthogonal_mul_2", "norm(Q @ M)", "=", "norm(M)"),
    ("norm_mul_orthogonal_2", "norm(M @ Q)", "=", "norm(M)"),
    ("norm_orthogonal_mul_2", "norm(Q @ A @ M)", "=", "norm(A @ M)"),
    ("norm_mul_orthogonal_2", "norm(A @ M @ Q, 2)", "=", "norm(A @ M, 2)"),
    ("norm_orthogonal_mul_2", "norm(Q @ u)", "=", "norm(u)"),
])
def test_orthogonal_invariance_proves_its_link(tmp_path, lemma, start, rel, end):
    status, lemmas = one_link(tmp_path, start, rel, end)
    assert status == "proved" and lemma in lemmas, (status, lemmas)


NOT_PROVED = [
    # false variants (or true only under a hypothesis the file does not give)
    ("norm(u + v)", ">=", "norm(u) + norm(v)"),
    ("norm(c * u + b * v)", "<=", "c * norm(u) + b * norm(v)"),  # c may be negative
    ("norm(a * u + b * v)", "<", "a * norm(u) + b * norm(v)"),
    ("sigma_min(A @ B)", ">=", "sigma_max(A) * sigma_min(B)"),
    ("sigma_min(A @ B)", "<=", "sigma_min(A) * sigma_min(B)"),
    ("norm(diag(relu'(W @ x)), fro)", "<=", "1"),              # ‖diag(v)‖_F is ‖v‖₂, up to √n
    ("norm(diag(relu'(W @ x)))", "<", "1"),
    ("norm(diag(sig'(W @ x)))", "<=", "1/8"),                  # σ' reaches 1/4
    ("norm(diag(phi'(W @ x)))", "<=", "1"),                    # an abstract activation: nothing known
    ("norm(A @ M)", "=", "norm(M)"),                          # A is not orthogonal
    ("norm(Q @ M, 1)", "=", "norm(M, 1)"),                    # only the 2-norm is invariant
    ("norm(Q @ M, inf)", "=", "norm(M, inf)"),
    ("norm(g @ A)", "<=", "norm(g) * sigma_min(A)"),
]


@pytest.mark.parametrize("start, rel, end", NOT_PROVED, ids=[f"{s} {r} {e}" for s, r, e in NOT_PROVED])
def test_a_false_variant_is_not_proved(tmp_path, start, rel, end):
    status, lemmas = one_link(tmp_path, start, rel, end)
    assert status != "proved", lemmas


def test_orthogonal_needs_a_square_matrix(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("symbols:\n  Q: {kind: matrix, shape: [2, 3], assume: [orthogonal]}\nchains:\n  - start: norm(Q)\n    steps:\n      - \"<=\": norm(Q)\n")
    with pytest.raises(InputError, match="not square, so it cannot be orthogonal"):
        read(path)


def test_every_named_predicate_is_checked_by_the_prover(monkeypatch):
    """A lemma predicate the prover does not know makes the lemma fail; it is never ignored."""
    for lemma in BY_NAME.values():
        for hyp in hypotheses(lemma):
            if hyp.named:
                assert hyp.predicate in PREDICATES, (lemma.name, hyp.text)
    fake = Lemma("fake", "norm(A, 2) <= 0", "bound", ("unheard_of(A)",), "a test")
    monkeypatch.setitem(BY_NAME, fake.name, fake)
    A = sp.MatrixSymbol("A", 2, 2)
    assert "unheard_of" in Prover({}, {}).failed_predicate(fake.name, {sp.MatrixSymbol("?A", 2, 2): A})
    from symbound.rules import predicates

    assert "unheard_of" in predicates.failed(fake.hypotheses, {sp.MatrixSymbol("?A", 2, 2): A}, {}, {}, missing_ok=False)


RELU_RNN = """\
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  x: {kind: sequence, shape: [n]}
  act: {kind: activation, function: relu}
  k: {kind: index}
model:
  recurrence: "x[k] = W @ act(x[k-1])"
chains:
  - id: one_step
    start: norm(jacobian(x[k+1], x[k]))
    steps:
      - "<=": norm(W) * norm(diag(act'(x[k])))
        by: submultiplicative
      - "<=": BOUND
        by: relu_derivative_le_one
  - id: rotated
    start: norm(Q @ jacobian(x[k+1], x[k]))
    steps:
      - "=": norm(jacobian(x[k+1], x[k]))
        by: norm_orthogonal_mul_2
      - "<=": BOUND
        by: one_step
"""


@pytest.mark.parametrize("function, bound, proved", [
    ("relu", "norm(W)", True),
    ("relu", "norm(W) / 2", False),       # relu' is 1 on the positive entries
    ("tanh", "norm(W)", False),           # not relu: the lemma does not apply (tanh' ≤ 1 would need another proof)
])
def test_a_relu_recurrence_jacobian_is_bounded_through_relu_derivative(tmp_path, function, bound, proved):
    path = tmp_path / "relu_rnn.yaml"
    path.write_text(RELU_RNN.replace("BOUND", bound).replace("function: relu", f"function: {function}"), encoding="utf-8")
    report = check(read(path), search=False)
    status = {f"{l.chain}.{l.index}": l.status for l in report.links}
    assert status["one_step.1"] == "proved" and status["rotated.1"] == "proved"
    if proved:
        assert status["one_step.2"] == "proved" and "relu_derivative_le_one" in report.links[1].lemmas
        assert status["rotated.2"] == "proved"
    else:
        assert "relu_derivative_le_one" not in report.links[1].lemmas
        if function == "relu":
            assert status["one_step.2"] != "proved" and status["rotated.2"] != "proved"
