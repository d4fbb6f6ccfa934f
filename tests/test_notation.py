"""The notation papers use (issue 24): each notation parses, prints, evaluates, and its lemmas prove true
steps and leave false variants unproved; forged kernel terms are rejected."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy as sp
from sympy.printing.latex import latex

from conftest import derivation_from
from symbound.check.checker import check
from symbound.errors import ExprError
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops.inner import Inner
from symbound.ops.sums import MatSum
from symbound.ops import Norm
from symbound.ops.objects import evaluated, exact, numeric
from symbound.read.derivation import read
from symbound.read.lemmas import compiled
from symbound.read.syntax import Scope, parse_expr, parse_written
from symbound.render.mathtext import text
from kernelcheck import rejection


def verify(tmp_path, body: str, header: str):
    return check(derivation_from(tmp_path, textwrap.dedent(header) + textwrap.dedent(body)), search=True)


def statuses(report) -> dict[str, str]:
    return {f"{link.chain}.{link.index}": link.status for link in report.links}


def one_step(start: str, rel: str, end: str, by: str = "") -> str:
    cite = f"\n        by: {by}" if by else ""
    return f"""
chains:
  - id: c
    start: "{start}"
    steps:
      - "{rel}": "{end}"{cite}
"""


# ---------------------------------------------------------------- 1. inner products and quadratic forms
n = sp.Symbol("n", integer=True, positive=True)
x, y, z = (sp.MatrixSymbol(s, n, 1) for s in "xyz")
A = sp.MatrixSymbol("A", n, n)
r = sp.MatrixSymbol("r", 1, n)
a, L = sp.Symbol("a", real=True), sp.Symbol("L", positive=True)
SCOPE = Scope({"n": n, "x": x, "y": y, "z": z, "A": A, "r": r, "a": a, "L": L})


@pytest.mark.parametrize("written, expected", [
    ("x.T @ y", Inner(x, y)),
    ("y.T @ x", Inner(x, y)),                        # symmetric: one normal form
    ("inner(x, y)", Inner(x, y)),
    ("dot(y, x)", Inner(x, y)),
    ("x.T @ (2 * y - z)", Inner(x, 2 * y - z)),      # a sum is kept whole (Cauchy–Schwarz applies to it)
    ("(2 * y).T @ (3 * x)", 6 * Inner(x, y)),         # scalar factors come out
    ("(a * x).T @ y", a * Inner(x, y)),
    ("-a * x.T @ y", -a * Inner(x, y)),
    ("x.T @ A @ x", Inner(x, A * x)),
    ("r @ y", Inner(r.T, y)),                        # a row vector times a column
    ("x.T @ (y - y)", sp.Integer(0)),
    ("norm(x.T @ y)", sp.Abs(Inner(x, y))),          # the norm of a 1×1 product: |xᵀy|
    ("norm(x.T @ A @ y, fro)", sp.Abs(Inner(x, A * y))),
    ("x.T @ y + L / 2 * norm(y) ** 2", Inner(x, y) + L / 2 * Norm(y) ** 2),  # a scalar where a scalar is expected
])
def test_a_one_by_one_product_is_the_inner_product(written, expected):
    e = evaluated(parse_expr(written, SCOPE))  # as the kernel compares terms
    assert not isinstance(e, sp.MatrixExpr)
    assert e == evaluated(expected) or sp.expand(e - evaluated(expected)) == 0


@pytest.mark.parametrize("written, message", [
    ("inner(A, y)", "column vectors"),
    ("inner(x, r.T + x, y)", "argument"),
    ("x.T @ y @ x", "@ multiplies two matrices"),    # the scalar xᵀy times a vector is written with *
    ("norm(x.T @ y, 3)", "unknown norm"),
    ("norm(a)", "expected a matrix"),                # a scalar that is no product is not normed
])
def test_inner_products_written_wrong_are_errors(written, message):
    with pytest.raises(ExprError, match=message):
        parse_expr(written, SCOPE)


def test_inner_products_evaluate_and_print():
    rng = np.random.default_rng(0)
    X, Y, M = rng.standard_normal((3, 1)), rng.standard_normal((3, 1)), rng.standard_normal((3, 3))
    env = {n: 3, x: X, y: Y, A: M}
    assert numeric(parse_expr("x.T @ A @ y", SCOPE), env) == pytest.approx((X.T @ M @ Y).item())
    q = {x: sp.Matrix([1, 2, 3]), y: sp.Matrix([sp.Rational(1, 2), 0, -1]), n: 3}
    assert exact(parse_expr("inner(x, 3 * y)", SCOPE), q) == 3 * (sp.Rational(1, 2) - 3)
    assert text(parse_written("x.T @ (y - z)", SCOPE)) == "xᵀ(y − z)"
    assert latex(Inner(x, y, evaluate=False)) == r"x^{\top} y"


HEADER = """
symbols:
  d: {kind: dimension}
  x: {kind: vector, shape: [d]}
  y: {kind: vector, shape: [d]}
  W: {kind: matrix, shape: [d, d]}
  a: {kind: scalar, assume: [positive]}
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("abs(x.T @ y)", "<=", "norm(x) * norm(y)", True),              # Cauchy–Schwarz
    ("norm(x.T @ y)", "<=", "norm(x) * norm(y)", True),              # the same, as a 1×1 matrix's norm
    ("x.T @ y", "<=", "norm(x) * norm(y)", True),
    ("inner(y, x)", "<=", "norm(y) * norm(x)", True),
    ("x.T @ W @ x", "<=", "norm(W) * norm(x) ** 2", True),           # a quadratic form
    ("abs((x - y).T @ (W @ x + y))", "<=", "norm(x - y) * norm(W @ x + y)", True),  # on sums as written
    ("x.T @ x", "=", "norm(x) ** 2", True),
    ("(a * x).T @ x", "=", "a * norm(x) ** 2", True),
    ("abs(x.T @ y)", "<=", "norm(x)", False),
    ("x.T @ y", "<=", "norm(x) ** 2", False),
    ("x.T @ W @ x", "<=", "norm(W) * norm(x)", False),
    ("x.T @ W @ x", "<=", "norm(x) ** 2", False),
    ("x.T @ x", "=", "norm(x)", False),
    ("x.T @ y", "=", "norm(x) * norm(y)", False),
])
def test_inner_product_lemmas(tmp_path, start, rel, end, proved):
    report = verify(tmp_path, one_step(start, rel, end), HEADER)
    assert (statuses(report)["c.1"] == "proved") is proved


def test_the_descent_lemma_reads_and_checks(tmp_path):
    """Bottou, Curtis & Nocedal (2018), eq. (4.3) at w = w_k − αg: the inner product, the norm's homogeneity, gᵀg = ‖g‖²."""
    body = """
    definitions:
      w1: {value: x - a * y}
    premises:
      descent: {claim: "F1 <= F0 + y.T @ (w1 - x) + L / 2 * norm(w1 - x) ** 2"}
    chains:
      - id: c
        start: F1 - F0
        steps:
          - "<=": y.T @ (w1 - x) + L / 2 * norm(w1 - x) ** 2
            by: descent
          - "=": -a * y.T @ y + a ** 2 * L / 2 * norm(y) ** 2
          - "=": -a * (1 - a * L / 2) * norm(y) ** 2
      - id: wrong
        start: y.T @ (w1 - x)
        steps:
          - "=": a * norm(y) ** 2
    """
    header = HEADER + "  F0: {kind: scalar}\n  F1: {kind: scalar}\n  L: {kind: scalar, assume: [positive]}\n"
    assert statuses(verify(tmp_path, body, header)) == {"c.1": "proved", "c.2": "proved", "c.3": "proved", "wrong.1": "refuted"}


def _binding(rule: str, **values) -> tuple:
    names = {str(v): v for v in compiled(rule).variables}
    return tuple((names["?" + k], v) for k, v in values.items())


def test_kernel_rejects_forged_inner_product_instances():
    k = Kernel({}, {}, {}, {}, set())
    two = sp.core.symbol.Str("2")
    cs = _binding("cauchy_schwarz", v=x, x=y)
    good = Proof("lemma", "cauchy_schwarz", sp.Abs(Inner(x, y)), "<=", Norm(x) * Norm(y), binding=cs)
    assert rejection(k, sp.Abs(Inner(x, y)), "<=", Norm(x) * Norm(y), good) == ""
    forged = Proof("lemma", "cauchy_schwarz", sp.Abs(Inner(x, y)), "<=", Norm(x) * Norm(x), binding=cs)
    assert rejection(k, sp.Abs(Inner(x, y)), "<=", Norm(x) * Norm(x), forged) != ""
    quad = _binding("quadratic_form_le", v=x, A=A)
    forged = Proof("lemma", "quadratic_form_le", Inner(x, A * x), "<=", Norm(A) * Norm(x), binding=quad)
    assert rejection(k, Inner(x, A * x), "<=", Norm(A) * Norm(x), forged) != ""
    self_ = Proof("lemma", "inner_self", Inner(x, x), "=", Norm(x, two), binding=_binding("inner_self", v=x))
    assert rejection(k, Inner(x, x), "=", Norm(x, two), self_) != ""


# ---------------------------------------------------------------- 6. I as a chain's term
SQUARE = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, m]}
  g: {kind: scalar}
"""


@pytest.mark.parametrize("start, end, status", [
    ("W - W + I", "I", "proved"),                 # I sized by the term before it
    ("I", "W @ W.T - W @ W.T + I", "proved"),      # the start sized by the first step
    ("g * I + W - W", "g * I", "proved"),          # a multiple of I
    ("W + I", "I", "refuted"),
    ("I", "W", "refuted"),
    ("I", "2 * I - W + W", "refuted"),
])
def test_the_identity_as_a_chain_term_takes_its_size_from_its_neighbour(tmp_path, start, end, status):
    assert statuses(verify(tmp_path, one_step(start, "=", end), SQUARE)) == {"c.1": status}


def test_the_identity_as_a_later_step_takes_the_size_of_the_step_before(tmp_path):
    body = one_step("W", "=", "W - W + I") + '      - "=": I\n'
    assert statuses(verify(tmp_path, body, SQUARE)) == {"c.1": "refuted", "c.2": "proved"}
    (chain,) = read(tmp_path / "d.yaml").chains
    assert chain.links[1].expr == sp.Identity(sp.Symbol("n", integer=True, positive=True))


@pytest.mark.parametrize("start, end", [
    ("I", "I"),          # nothing to size either
    ("B", "I"),          # not square
    ("norm(W)", "I"),    # a scalar: and I = scalar is not an identity's size
])
def test_an_identity_with_nothing_square_beside_it_is_an_input_error(tmp_path, start, end):
    from symbound.errors import InputError

    with pytest.raises(InputError, match="size of the identity"):
        verify(tmp_path, one_step(start, "=", end), SQUARE)


# ---------------------------------------------------------------- 2. sums over an index range
SUMS = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n]}
  q: {kind: scalar, assume: [nonnegative]}
  c: {kind: scalar}
  s: {kind: index}
  t: {kind: index}
premises:
  P1: {claim: "q < 1"}
  P2: {claim: "s <= t"}
"""
USES_S = """
  - id: s_and_t
    start: s + t
    steps:
      - "=": t + s
"""


@pytest.mark.parametrize("written, value", [
    ("sum(c * i, i, 1, 3)", 6 * sp.Rational(3, 2)),
    ("sum(c, (i, 2, 1))", 0),                     # the empty sum
    ("sum(c, i, 3, 1)", 0),                       # a reversed range is empty, not Karr's −Σ
    ("sum(q ** i, i, 0, 2)", 1 + sp.Rational(1, 2) + sp.Rational(1, 4)),
])
def test_scalar_sums_evaluate_with_the_empty_range_convention(written, value):
    c, q = sp.Symbol("c", real=True), sp.Symbol("q", real=True)
    e = parse_expr(written, Scope({"c": c, "q": q}))
    env = {c: sp.Rational(3, 2), q: sp.Rational(1, 2)}
    assert exact(e, env) == value
    assert numeric(e, {k: float(v) for k, v in env.items()}) == pytest.approx(float(value))


def test_matrix_sums_parse_print_and_evaluate():
    e = parse_expr("sum(A ** i @ x, i, 0, 2)", SCOPE)
    assert isinstance(e, sp.MatrixExpr) and e.shape == (n, 1)
    M, X = np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([[1.0], [3.0]])
    assert numeric(e, {n: 2, A: M, x: X}) == pytest.approx(X + M @ X + M @ M @ X)
    assert exact(parse_expr("sum(A @ x, i, 1, 0)", SCOPE), {n: 2, A: sp.Matrix(M), x: sp.Matrix(X)}) == sp.zeros(2, 1)
    assert text(e) == "Σ_{i=0}^{2} A^i x"
    assert latex(e).startswith(r"\sum_{i=0}^{2}")
    with pytest.raises(ExprError, match="index must be a new name"):
        parse_expr("sum(x, x, 0, 2)", SCOPE)


@pytest.mark.parametrize("start, rel, end, by, status", [
    ("norm(sum(W ** j @ x[j], j, 0, t))", "<=", "sum(norm(W ** j @ x[j]), j, 0, t)", "", "proved"),   # the triangle inequality (W^j defined: j ≥ 0)
    ("norm(sum(W ** j @ x[j], j, s, t))", "<=", "sum(norm(W ** j @ x[j]), j, s, t)", "", "unproved"),  # W^j for j < 0 needs an inverse
    ("sum(c, j, s + 1, t)", "=", "c * (t - s)", "P2", "proved"),                                       # Σ of a constant
    ("sum(q ** j, j, 0, t)", "<=", "1 / (1 - q)", "P1", "proved"),
    ("sum(q ** j, j, 1, t)", "<=", "q / (1 - q)", "P1", "proved"),
    ("sum(c, j, s, t)", "=", "c * (t - s)", "P2", "refuted"),
    ("sum(c, j, t + 2, t)", "=", "-c", "", "refuted"),                                                  # Karr's convention is not ours
    ("sum(q ** j, j, 0, t)", "<=", "1 - q", "P1", "refuted"),
    ("sum(q ** j, j, s, t)", "=", "(q ** s - q ** t) / (1 - q)", "P1", "refuted"),
    ("sum(norm(W ** j @ x[j]), j, s, t)", "<=", "norm(sum(W ** j @ x[j], j, s, t))", "", "refuted"),
])
def test_sum_lemmas(tmp_path, start, rel, end, by, status):
    assert statuses(verify(tmp_path, one_step(start, rel, end, by) + USES_S, SUMS))["c.1"] == status


@pytest.mark.parametrize("start, end, status", [
    ("sum(q ** j, j, 0, t)", "(1 - q ** (t + 1)) / (1 - q)", "proved"),
    ("sum(q ** j, j, 0, t - 1)", "(1 - q ** t) / (1 - q)", "proved"),        # the range 0..t−1 is empty or longer: 0 ≤ t
    ("sum(2 * q ** j, j, 0, t)", "2 * (1 - q ** (t + 1)) / (1 - q)", "unproved"),  # a factor in the body: not this lemma's form
    ("sum(q ** j, j, 0, t)", "(1 - q ** t) / (1 - q)", "refuted"),
])
def test_the_geometric_sum(tmp_path, start, end, status):
    header = SUMS + '  P3: {claim: "0 <= t"}\n'
    assert statuses(verify(tmp_path, one_step(start, "=", end) + USES_S, header))["c.1"] == status


def test_the_geometric_sum_needs_a_nonempty_range(tmp_path):
    """Without 0 ≤ t the range 0..t may be reversed (an index may be negative): the sum is then 0, the formula is not."""
    assert statuses(verify(tmp_path, one_step("sum(q ** j, j, 0, t)", "=", "(1 - q ** (t + 1)) / (1 - q)", "P1") + USES_S, SUMS))["c.1"] != "proved"


def test_kernel_rejects_forged_sum_instances():
    k = Kernel({}, {}, {}, {}, set())
    i, j, hi = (sp.Symbol(s, integer=True) for s in "ijb")
    lo = sp.Symbol("a", integer=True, nonnegative=True)  # A^j defined on the range
    body = sp.MatMul(A ** j, x)
    lhs, rhs = Norm(MatSum(body, (j, lo, hi))), sp.Sum(Norm(body), (j, lo, hi))
    bound = _binding("norm_sum_le_sum_norm", A=body, i=j, a=lo, b=hi, p=sp.core.symbol.Str("2"))
    assert rejection(k, lhs, "<=", rhs, Proof("lemma", "norm_sum_le_sum_norm", lhs, "<=", rhs, binding=bound)) == ""
    wider = sp.Sum(Norm(body), (j, lo, hi - 1))  # a term left out
    assert rejection(k, lhs, "<=", wider, Proof("lemma", "norm_sum_le_sum_norm", lhs, "<=", wider, binding=bound)) != ""
    c = sp.Symbol("c", real=True)
    const = _binding("sum_const", c=c, i=i, a=lo, b=hi)
    forged = Proof("lemma", "sum_const", sp.Sum(c, (i, lo, hi)), "=", c * (hi - lo + 1), binding=const)  # no proof of a ≤ b + 1
    assert rejection(k, sp.Sum(c, (i, lo, hi)), "=", c * (hi - lo + 1), forged) != ""


# ---------------------------------------------------------------- 5. semi-orthogonal matrices
SEMI = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, m], assume: [semi_orthogonal]}
  V: {kind: matrix, shape: [n, m]}
  Q: {kind: matrix, shape: [m, m], assume: [orthogonal]}
  B: {kind: matrix, shape: [m, m]}
  x: {kind: vector, shape: [m]}
"""


@pytest.mark.parametrize("start, end, status", [
    ("norm(W @ x)", "norm(x)", "proved"),              # an isometry
    ("norm(W)", "1", "proved"),
    ("norm(W @ B, fro)", "norm(B, fro)", "proved"),
    ("norm(Q @ x)", "norm(x)", "proved"),               # orthogonal: semi-orthogonal too
    ("norm(W @ (2 * x))", "2 * norm(x)", "proved"),
    ("norm(V @ x)", "norm(x)", "refuted"),
    ("norm(V)", "1", "refuted"),
    ("norm(W @ x)", "2 * norm(x)", "refuted"),
    ("norm(W @ B)", "norm(B, fro)", "refuted"),
])
def test_semi_orthogonal_lemmas(tmp_path, start, end, status):
    assert statuses(verify(tmp_path, one_step(start, "=", end), SEMI))["c.1"] == status


def test_a_declared_orthogonal_matrix_is_never_a_counterexample_unless_it_is_orthogonal(tmp_path):
    """The falsifier draws declared (semi-)orthogonal matrices as such, and the witness checker rejects any other."""
    report = verify(tmp_path, one_step("Q.T @ Q", "=", "I") + one_step("W.T @ W", "=", "I").replace("id: c", "id: d").replace("chains:\n", ""), SEMI)
    assert "refuted" not in statuses(report).values()


@pytest.mark.parametrize("declaration, message", [
    ("W: {kind: matrix, shape: [2, 3], assume: [semi_orthogonal]}", "fewer rows than columns"),
    ("W: {kind: matrix, shape: [3, 2], assume: [orthogonal]}", "not square"),
])
def test_semi_orthogonal_declarations_are_checked(tmp_path, declaration, message):
    from symbound.errors import InputError

    with pytest.raises(InputError, match=message):
        derivation_from(tmp_path, f"symbols:\n  {declaration}\n" + one_step("norm(W)", "<=", "1"))


def test_semi_orthogonal_lemmas_hold_on_tall_matrices():
    rng = np.random.default_rng(3)
    for n_, m_ in ((3, 1), (4, 2), (5, 5), (6, 3)):
        Qf, _ = np.linalg.qr(rng.standard_normal((n_, m_)))
        Bm, X = rng.standard_normal((m_, m_)), rng.standard_normal((m_, 1))
        assert np.linalg.norm(Qf @ X) == pytest.approx(np.linalg.norm(X))
        assert np.linalg.norm(Qf, 2) == pytest.approx(1.0)
        assert np.linalg.norm(Qf @ Bm, 2) == pytest.approx(np.linalg.norm(Bm, 2))
        assert np.linalg.norm(Qf @ Bm, "fro") == pytest.approx(np.linalg.norm(Bm, "fro"))


def test_kernel_rejects_a_semi_orthogonal_instance_on_an_undeclared_matrix():
    m_ = sp.Symbol("m", integer=True, positive=True)
    W, V, Bs = sp.MatrixSymbol("W", n, m_), sp.MatrixSymbol("V", n, m_), sp.MatrixSymbol("B", m_, m_)
    k = Kernel({}, {W: frozenset({"semi_orthogonal"})}, {}, {}, set())
    two = sp.core.symbol.Str("2")
    for M, ok in ((W, True), (V, False)):
        b = _binding("norm_semi_orthogonal_mul_2", A=M, B=Bs)
        p = Proof("lemma", "norm_semi_orthogonal_mul_2", Norm(M * Bs, two), "=", Norm(Bs, two), binding=b)
        assert (rejection(k, Norm(M * Bs, two), "=", Norm(Bs, two), p) == "") is ok


# ---------------------------------------------------------------- 8. mixed norms
MIXED = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  A: {kind: matrix, shape: [n, n]}
  X: {kind: matrix, shape: [n, m]}
"""


@pytest.mark.parametrize("start, end, status", [
    ("norm(A @ X, fro)", "norm(A) * norm(X, fro)", "proved"),
    ("norm(A @ X, fro)", "norm(A, fro) * norm(X)", "proved"),
    ("norm(A @ X, fro)", "norm(A, fro) * norm(X, fro)", "proved"),       # submultiplicativity, as before
    ("norm(A @ X, fro)", "norm(A) * norm(X)", "refuted"),                # two spectral norms do not bound the Frobenius norm
    ("norm(A @ X)", "norm(A, 1) * norm(X, fro)", "refuted"),
])
def test_mixed_norm_bounds(tmp_path, start, end, status):
    assert statuses(verify(tmp_path, one_step(start, "<=", end), MIXED))["c.1"] == status


# ---------------------------------------------------------------- 3. exp and e
EXP = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar, assume: [positive]}
"""


def test_exp_and_e_parse_print_and_evaluate():
    a_ = sp.Symbol("a", real=True)
    scope = Scope({"a": a_})
    e = parse_expr("exp(a) * e", scope)
    assert sp.simplify(e - sp.exp(a_ + 1)) == 0
    assert text(parse_written("e * exp(a - 1)", scope)) == "ℯ·exp(a − 1)"  # Euler's e apart from a declared e (test_render_notation)
    assert numeric(e, {a_: 0.5}) == pytest.approx(np.exp(1.5)) and exact(e, {a_: sp.Rational(1, 2)}) == sp.exp(sp.Rational(3, 2))
    assert parse_expr("e", Scope({"e": a_})) == a_  # a declared e hides the constant
    with pytest.raises(ExprError, match="expected a scalar"):
        parse_expr("exp(x)", SCOPE)


@pytest.mark.parametrize("start, rel, end, status", [
    ("exp(a)", ">", "0", "proved"),
    ("exp(a) * exp(-a)", "=", "1", "proved"),
    ("exp(log_b)", "=", "b", "input-error"),
    ("exp(a)", "<=", "a", "refuted"),
    ("exp(a)", "<=", "1 + a", "refuted"),
    ("e", "<", "2", "refuted"),
])
def test_exp_steps(tmp_path, start, rel, end, status):
    from symbound.errors import InputError

    if status == "input-error":
        with pytest.raises(InputError, match="unknown symbol"):
            verify(tmp_path, one_step(start, rel, end), EXP)
        return
    assert statuses(verify(tmp_path, one_step(start, rel, end), EXP))["c.1"] == status


def test_an_overlong_chain_start_is_an_input_error_not_a_crash(tmp_path):
    from symbound.errors import InputError

    with pytest.raises(InputError, match="characters long"):
        verify(tmp_path, one_step("W" + " + W" * 100_000, "=", "I"), SQUARE)


@pytest.mark.parametrize("name", ["sum", "inner", "dot", "exp"])
def test_the_new_function_names_cannot_be_declared(tmp_path, name):
    from symbound.errors import InputError

    with pytest.raises(InputError, match="built-in function"):
        derivation_from(tmp_path, f"symbols:\n  {name}: {{kind: scalar}}\n" + one_step(name, "=", name))


def test_a_per_layer_shape_of_a_plain_dimension_is_a_clear_read_error(tmp_path):
    from symbound.errors import InputError

    path = tmp_path / "d.yaml"
    path.write_text('symbols:\n  n: {kind: dimension}\n  W: {kind: sequence, shape: ["n[l]", "n[l-1]"]}\n'
                    'chains:\n  - {id: c, start: "norm(W[1])", steps: [{"<=": "norm(W[1])"}]}\n')
    with pytest.raises(InputError) as info:
        read(path)
    message = info.value.message()
    assert ":3:" in message and "depends on an index" in message and "indexed: true" in message
