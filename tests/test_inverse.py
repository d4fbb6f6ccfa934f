"""The matrix inverse inv(A) = A ** -1: read, evaluated (a singular matrix refused), shown defined before any
proof about it (0 < σ_min(A), or ‖A − I‖₂ < 1), its lemmas, and the kernel's refusal of forged instances."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_file, derivation_from, run_cli
from kernelcheck import rejection
from symbound import verify as run
from symbound.errors import ExprError
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.witnesscheck import Candidate, check
from symbound.ops import Norm, SigmaMin
from symbound.ops.domains import domain
from symbound.ops.inverse import Singular
from symbound.ops.objects import exact, numeric
from symbound.read.lemmas import compiled
from symbound.read.syntax import Scope, parse_expr

W, V = sp.MatrixSymbol("W", 3, 3), sp.MatrixSymbol("V", 3, 3)
B = sp.MatrixSymbol("B", 3, 2)
SCOPE = Scope({"W": W, "V": V, "B": B})

HEADER = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n], assume: [invertible]}
  B: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}
  x: {kind: vector, shape: [n]}
  s: {kind: scalar, assume: [positive]}
"""


def verify(tmp_path, body: str):
    path = derivation_file(tmp_path, HEADER + textwrap.dedent(body))
    return run(path)


def statuses(report) -> list[str]:
    return [link.status for chain in report.chains for link in chain.links]


def one_link(start: str, rel: str, end: str, premises: str = "", definitions: str = "") -> str:
    out = ""
    if definitions:
        out += "definitions:\n" + textwrap.indent(textwrap.dedent(definitions), "  ")
    if premises:
        out += "premises:\n" + textwrap.indent(textwrap.dedent(premises), "  ")
    return out + f"chains:\n  - id: c\n    start: {start}\n    steps:\n      - \"{rel}\": {end}\n"


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("text", ["inv(W)", "W ** -1", "W ** (-1)", "W**-1"])
def test_both_spellings_read_as_the_inverse(text):
    assert parse_expr(text, SCOPE) == sp.Inverse(W)


@pytest.mark.parametrize("text,message", [
    ("inv(B)", "only a square matrix has an inverse"),
    ("B ** -1", "only square matrices have powers"),
    ("W ** -2", "nonnegative integer exponent (or -1, the inverse)"),
    ("V / W", "cannot divide by a matrix"),
    ("inv(W, V)", "inv"),
])
def test_what_is_not_an_inverse_is_an_error(text, message):
    with pytest.raises(ExprError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_expr(text, SCOPE)


def test_a_file_inverting_a_tall_matrix_exits_2_at_its_column(tmp_path):
    path = derivation_file(tmp_path, "symbols:\n  n: dimension\n  C: {kind: matrix, shape: [n, 2]}\nchains:\n  - start: norm(inv(C))\n    steps:\n      - \"<=\": 1\n")
    result = run_cli("verify", str(path))
    assert result.returncode == 2 and "d.yaml:5:" in result.stderr and "only a square matrix has an inverse" in result.stderr


# ---------------------------------------------------------------- evaluation


def test_the_inverse_is_evaluated_exactly_and_in_floating_point():
    M = sp.Matrix([[2, 1, 0], [0, 1, 0], [1, 0, 3]])
    assert exact(sp.Inverse(W), {W: M}) == M.inv()
    assert np.allclose(numeric(sp.MatMul(W, sp.Inverse(W)), {W: np.array(M.tolist(), dtype=float)}), np.eye(3))


@pytest.mark.parametrize("M", [[[1, 2, 3], [2, 4, 6], [0, 0, 1]], [[0, 0, 0], [0, 1, 0], [0, 0, 1]]])
def test_a_singular_matrix_has_no_inverse_value(M):
    with pytest.raises(Singular):
        exact(sp.Inverse(W), {W: sp.Matrix(M)})
    with pytest.raises(Singular):
        numeric(sp.Inverse(W), {W: np.array(M, dtype=float)})
    with pytest.raises(Singular):  # nearly singular in floating point: no inverse is trusted
        numeric(sp.Inverse(W), {W: np.array(M, dtype=float) + 1e-14 * np.eye(3)})


def test_the_witness_checker_refuses_a_singular_matrix_even_where_sympy_cancels_it(tmp_path):
    d = derivation_from(tmp_path, HEADER + one_link("norm(B @ inv(B))", "<=", "1/2"))
    n, Bm = d.scope.names["n"], d.scope.names["B"]
    chain = d.chains[0]
    args = (chain.start, chain.links[0].rel, chain.links[0].expr)
    singular = check(d, Candidate({n: 2}, {Bm: sp.Matrix([[1, 1], [1, 1]])}, {}), *args)
    assert not singular.certified and not singular.ok  # ‖B B⁻¹‖ = ‖I‖ = 1 > 1/2 holds only where B⁻¹ exists
    invertible = check(d, Candidate({n: 2}, {Bm: sp.Matrix([[1, 1], [0, 1]])}, {}), *args)
    assert invertible.certified, invertible.failed


# ---------------------------------------------------------------- defined before proved


def test_the_inverse_is_defined_under_either_condition():
    alternatives = domain(sp.Inverse(W))
    assert ((0, "<", SigmaMin(W)),) in alternatives and len(alternatives) == 3
    assert all(rel == "<" and rhs == 1 for alt in alternatives[1:] for _, rel, rhs in alt)


@pytest.mark.parametrize("start,end,premises,status", [
    ("norm(A @ inv(A) @ x)", "norm(x)", "", "proved"),                      # declared invertible
    ("norm(B @ inv(B) @ x)", "norm(x)", "", "unproved"),                    # nothing says B is invertible
    ("norm(B @ inv(B) @ x)", "norm(x)", "P: \"0 < sigma_min(B)\"\n", "proved"),
    ("norm(B @ inv(B) @ x)", "norm(x)", "P: \"s <= sigma_min(B)\"\n", "proved"),  # 0 < s ≤ σ_min(B)
    ("norm(B @ B ** -1 @ x)", "norm(x)", "P: \"norm(B - I) < 1\"\n", "proved"),  # the Neumann condition
    ("norm(inv(B) @ B @ x)", "norm(x)", "P: \"norm(I - B) < 1\"\n", "proved"),
    ("norm(inv(Q) @ Q @ x)", "norm(x)", "", "proved"),                      # orthogonal: invertible
    ("norm(B @ inv(B) @ x)", "norm(x)", "P: \"norm(B - I) <= 1\"\n", "unproved"),  # B = 0 is allowed
])
def test_a_step_through_an_inverse_needs_it_defined(tmp_path, start, end, premises, status):
    assert statuses(verify(tmp_path, one_link(start, "=", end, premises))) == [status]


def test_an_inverse_inside_a_definition_is_shown_defined_too(tmp_path):
    body = one_link("norm(C @ B @ x)", "=", "norm(x)", "", "C: inv(B)\n")
    assert statuses(verify(tmp_path, body)) == ["unproved"]
    body = one_link("norm(C @ B @ x)", "=", "norm(x)", "P: \"0 < sigma_min(B)\"\n", "C: inv(B)\n")
    assert statuses(verify(tmp_path, body)) == ["proved"]


# ---------------------------------------------------------------- the lemmas


@pytest.mark.parametrize("start,rel,end,premises,status", [
    ("norm(inv(Q) @ x)", "=", "norm(Q.T @ x)", "", "proved"),                          # inverse_orthogonal
    ("norm(inv(B) @ x)", "=", "norm(B.T @ x)", "P: \"0 < sigma_min(B)\"\n", "refuted"),  # not orthogonal
    ("norm(inv(A))", "=", "1 / sigma_min(A)", "", "proved"),                           # norm_inverse_2
    ("norm(inv(B))", "<=", "1 / s", "P: \"s <= sigma_min(B)\"\n", "proved"),
    ("norm(inv(B))", "<=", "s", "P: \"s <= sigma_min(B)\"\n", "refuted"),
    ("norm(inv(B))", "<=", "1", "P: \"norm(B - I) < 1\"\n", "refuted"),               # B = (1/2) I
    ("2 * norm(inv(A).T @ x)", "=", "2 * norm(inv(A.T) @ x)", "", "proved"),            # inverse_transpose, scaled
    ("norm(inv(A).T @ x)", "=", "norm(inv(A) @ x)", "", "refuted"),
])
def test_the_inverse_lemmas(tmp_path, start, rel, end, premises, status):
    assert statuses(verify(tmp_path, one_link(start, rel, end, premises))) == [status]


def _binding(rule: str, **values) -> tuple:
    names = {str(v): v for v in compiled(rule).variables}
    return tuple((names["?" + k], v) for k, v in values.items())


def test_kernel_rejects_forged_inverse_instances():
    Q = sp.MatrixSymbol("Q", 3, 3)
    k = Kernel({}, {Q: frozenset({"orthogonal"}), V: frozenset({"invertible"})}, {}, {}, set())
    positive = Proof("lemma", "sigma_min_pos_invertible", sp.Integer(0), "<", SigmaMin(Q), binding=_binding("sigma_min_pos_invertible", A=Q))
    good = Proof("lemma", "inverse_orthogonal", sp.Inverse(Q), "=", Q.T, binding=_binding("inverse_orthogonal", A=Q))
    assert rejection(k, sp.Inverse(Q), "=", Q.T, good, (positive,)) == ""
    assert rejection(k, sp.Inverse(Q), "=", Q.T, good) != ""  # Q⁻¹ not shown defined
    forged = Proof("lemma", "inverse_orthogonal", sp.Inverse(W), "=", W.T, binding=_binding("inverse_orthogonal", A=W))
    positive_w = Proof("lemma", "sigma_min_pos_invertible", sp.Integer(0), "<", SigmaMin(W), binding=_binding("sigma_min_pos_invertible", A=W))
    assert "orthogonal" in rejection(k, sp.Inverse(W), "=", W.T, forged, (positive_w,))
    assert "invertible" in rejection(k, sp.Integer(0), "<", SigmaMin(W), positive_w)  # W is not declared invertible
    declared = Proof("lemma", "sigma_min_pos_invertible", sp.Integer(0), "<", SigmaMin(V), binding=_binding("sigma_min_pos_invertible", A=V))
    assert rejection(k, sp.Integer(0), "<", SigmaMin(V), declared) == ""
    v = sp.MatrixSymbol("v", 3, 1)
    lhs = Norm(sp.MatMul(W, sp.Inverse(W), v))
    cancelled = Proof("conv", "conv", lhs, "=", Norm(v))  # sympy's cancellation W W⁻¹ = I, with nothing about W
    assert "defined" in rejection(k, lhs, "=", Norm(v), cancelled)
    assert "defined" in rejection(k, lhs, "=", Norm(v), cancelled, (positive_w,))  # a forged side proof meets nothing
    lhs = Norm(sp.MatMul(V, sp.Inverse(V), v))
    assert rejection(k, lhs, "=", Norm(v), Proof("conv", "conv", lhs, "=", Norm(v)), (declared,)) == ""


@pytest.mark.parametrize("text", ["inv(W - W)", "inv(0 * W)", "(V @ W - V @ W) ** -1"])
def test_the_zero_matrix_has_no_inverse(text):
    with pytest.raises(ExprError, match="the zero matrix has no inverse"):
        parse_expr(text, SCOPE)


@pytest.mark.parametrize("definition", ["D: B - B", "D: 0 * B", "D: (B - B).T"])
def test_the_inverse_of_a_definition_that_is_zero_exits_2(tmp_path, definition):
    """sympy cannot hold the inverse of 0 as a term (its doit raises): the file is refused where it inverts it."""
    path = derivation_file(tmp_path, HEADER + f"definitions:\n  {definition}\nchains:\n  - start: norm(inv(D) @ x)\n    steps:\n      - \"<=\": 1\n")
    result = run_cli("verify", str(path))
    assert result.returncode == 2 and "the zero matrix once the definitions are unfolded" in result.stderr and "Traceback" not in result.stderr
