"""LaTeX as authors type it (issue 24, "What the notation must be able to say"): letters run together as a
product (2te^{-t}, xy^2, \\alpha x), a vector's coordinates (u_i, x_{t,i}, (W u)_i) and premises over them,
the usual spellings of transpose, products and bars, and every other reading a located error that names
the readings and what to write instead (a run of letters that is also a name, u_i beside a declared u_i,
\\log, \\operatorname{tr}, W', W_{ij}, a per-layer shape in widths that are not declared a family)."""

from __future__ import annotations

import re
import time

import pytest

from conftest import ONE_LINK, declared_scope, derivation_file, one_link_status
from symbound.errors import ExprError, InputError
from symbound.read.derivation import read
from symbound.read.syntax import parse_expr

SYMBOLS = """\
symbols:
  n: dimension
  i: index
  j: index
  k: index
  t: scalar
  a: scalar
  b: scalar
  c: scalar
  x: scalar
  y: scalar
  eta: scalar
  alpha: scalar
  beta: scalar
  ab: scalar
  pq: scalar
  p: scalar
  q: scalar
  W: {kind: matrix, shape: [n, n], latex: '\\mathbf{W}'}
  u: {kind: vector, shape: [n], latex: '\\mathbf{u}'}
  g: {kind: vector, shape: [n]}
  r: {kind: vector, shape: [1, n]}
  s: {kind: vector, shape: [n]}
  s_i: scalar
  h: {kind: sequence, shape: [n]}
""" + ONE_LINK


@pytest.fixture(scope="module")
def scope(tmp_path_factory):
    return declared_scope(tmp_path_factory, "words", SYMBOLS)


def refused(latex: str, scope, what: str) -> ExprError:
    with pytest.raises(ExprError, match=re.escape(what)) as info:
        parse_expr(latex, scope)
    return info.value


@pytest.mark.parametrize("latex, plain", [
    (r"$2te^{-t}$", "2 * t * e ** (-t)"),  # numbers, letters and Euler's e run together
    (r"$2tx$", "2 * t * x"),
    (r"$xy^2$", "x * y ** 2"),  # the scripts belong to the last letter
    (r"$x^2y$", "x ** 2 * y"),
    (r"$\alpha x$", "alpha * x"),
    (r"$\alpha\beta$", "alpha * beta"),  # two commands are two letters
    (r"$2\eta g$", "2 * eta * g"),
    (r"$2\eta \mathbf{u}$", "2 * eta * u"),
    (r"$xh_k$", "x * h[k]"),  # a sequence's element at the end of a run
    (r"$ce^{2t}$", "c * e ** (2 * t)"),
    (r"$tx + xt$", "t * x + x * t"),
    (r"$\frac{xy}{2}$", "x * y / 2"),
])
def test_letters_run_together_read_as_a_product(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


@pytest.mark.parametrize("latex, what, col", [
    (r"$pq$", "pq can be read two ways: as the symbol 'pq' or as the product p q", 1),
    (r"$2pq^2$", "pq can be read two ways", 2),
    (r"$pqx$", "pqx can be read two ways: as the product pq x or as the product p q x", 1),
    (r"$x + pq_k$", "pq can be read two ways", 5),  # with a subscript too
    (r"$tpq$", "can be read two ways", 1),
])
def test_a_run_that_is_also_a_name_is_refused_with_both_readings(latex, what, col, scope):
    assert refused(latex, scope, what).offset == col


def test_a_word_is_never_silently_a_name_and_a_product(tmp_path):
    """The attacks of the brief: \\alpha\\beta beside a declared alphabeta, a spelled-out Greek name
    beside Euler's e, a declared e hiding Euler's."""
    path = derivation_file(tmp_path, SYMBOLS.replace("  ab: scalar\n", "  alphabeta: scalar\n  e: scalar\n  ta: scalar\n"))
    scope = read(path).scope
    assert parse_expr(r"$\alpha\beta$", scope) == parse_expr("alpha * beta", scope)
    refused(r"$alphabeta$", scope, "as the symbol 'alphabeta' or as the product alpha beta")
    assert parse_expr(r"$te$", scope) == parse_expr("t * e", scope)  # the declared e, not Euler's
    assert parse_expr(r"$te$", scope) != parse_expr("t * exp(1)", read(derivation_file(tmp_path, SYMBOLS, "plain.yaml")).scope)
    refused(r"$eta$", scope, "eta can be read two ways")  # the symbol eta, or e·ta


@pytest.mark.parametrize("latex, what, col", [
    (r"$\lg t$", r"\lg: the logarithm to base 2 is not in the expression language", 1),
    (r"$\log_2 t$", "log takes no subscript here", 1),  # the natural logarithm only
    (r"$\operatorname{tr}(\mathbf{W})$", "the trace is not in the expression language", 15),
    (r"$\mathrm{tr}(W)$", "the trace", 9),
    (r"$\text{tr}\,W$", "the trace", 7),
    (r"$tr(W)$", "tr written as letters is set by TeX as the product t r", 1),  # never t·r·W
    (r"$\log$", "log needs an argument", 1),
    (r"$a \mid b$", r"\mid: a divides or given bar", 3),
    (r"$\det W$", "the determinant", 1),
])
def test_functions_outside_the_language_are_refused_by_name(latex, what, col, scope):
    assert refused(latex, scope, what).offset == col


def test_a_vector_declared_with_a_subscripted_latex_is_that_vector(tmp_path):
    r"""θ declared with latex: '\theta_t' (the gate at step t, tests/corpus/latex/laurent2017_cfn): \theta_t is θ, not
    its coordinate t; a second vector under that spelling is an error naming both."""
    text = SYMBOLS.replace("  ab: scalar\n", "  theta: {kind: vector, shape: [n], latex: '\\theta_t'}\n")
    scope = read(derivation_file(tmp_path, text)).scope
    assert parse_expr(r"$\|\theta_t\|_\infty$", scope) == parse_expr("norm(theta, inf)", scope)
    clash = read(derivation_file(tmp_path, text.replace("  pq: scalar\n", "  pq: {kind: vector, shape: [n], latex: '\\theta'}\n"), "clash.yaml")).scope
    with pytest.raises(ExprError, match=re.escape("can be read two ways: as the symbol 'theta' or as the coordinate pq[t]")):
        parse_expr(r"$\theta_t$", clash)


def test_an_activation_by_its_function_name(tmp_path):
    r"""\mathrm{ReLU}(x), \operatorname{relu} and \tanh name the activation declared with that `function:`."""
    scope = read(derivation_file(tmp_path, SYMBOLS.replace("  ab: scalar\n", "  phi: {kind: activation, function: relu}\n"))).scope
    for latex in (r"$\mathrm{ReLU}(u)$", r"$\operatorname{relu}(u)$", r"$\text{ReLU}\left(u\right)$"):
        assert parse_expr(latex, scope) == parse_expr("phi(u)", scope)
    refused(r"$\tanh(u)$", scope, r"unknown LaTeX command \tanh")  # no activation declared with function: tanh


def test_a_declared_name_is_never_refused_as_a_function(tmp_path):
    r"""A file may name a symbol tr (or det): \mathrm{tr} and \operatorname{tr} are then that symbol."""
    scope = read(derivation_file(tmp_path, SYMBOLS.replace("  ab: scalar\n", "  tr: scalar\n  det: scalar\n"))).scope
    for latex in (r"$\mathrm{tr}$", r"$\operatorname{tr}$", r"$\text{tr}$"):
        assert parse_expr(latex, scope) == parse_expr("tr", scope)
    assert parse_expr(r"$2\det$", scope) == parse_expr("2 * det", scope)
    with pytest.raises(InputError, match="log"):  # log is the built-in logarithm: not a name a file may declare
        read(derivation_file(tmp_path, SYMBOLS.replace("  ab: scalar\n", "  log: scalar\n"), "log.yaml"))


def test_an_upright_word_is_one_name(scope, tmp_path):
    r"""\mathrm{ab} is one upright name, never a·b, even where only the letters are declared."""
    assert parse_expr(r"$\mathrm{ab}$", scope) == parse_expr("ab", scope)
    letters = read(derivation_file(tmp_path, SYMBOLS.replace("  ab: scalar\n", ""))).scope
    assert parse_expr(r"$ab$", letters) == parse_expr("a * b", letters)
    with pytest.raises(ExprError, match=r"unknown LaTeX command \\ab"):
        parse_expr(r"$\mathrm{ab}$", letters)


@pytest.mark.parametrize("latex, plain", [
    (r"$t\log t$", "t * log(t)"),
    (r"$2t\log(t)$", "2 * t * log(t)"),
    (r"$\ln(1 + t)$", "log(1 + t)"),
    (r"$\log t^2$", "log(t ** 2)"),  # the argument's scripts, as for \exp x^2
    (r"$\log\left(a b\right)$", "log(a * b)"),
    (r"$e^{\log t}$", "e ** log(t)"),
])
def test_the_logarithm_reads_as_the_expression_language(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


LOG = """\
symbols:
  s: scalar
  t: {kind: scalar, assume: [positive]}
premises:
  P1: "s > 1"
"""


@pytest.mark.parametrize("start, rel, end, status", [
    ("exp(log(s - 2))", "=", "s - 2", "unproved"),  # sympy's exp(log x) = x would drop 0 < s − 2
    ("exp(2 * log(s - 2))", "=", "(s - 2)**2", "unproved"),
    ("exp(log(s - 2) + 1)", "=", "(s - 2) * e", "unproved"),
    ("log(-1)", "=", "0", "unproved"),  # never sympy's iπ
    ("log((s - 2)**2)", "=", "2 * log(s - 2)", "unproved"),
    ("exp(log(t))", "=", "t", "proved"),
    ("log(s)", "<=", "log(s) + 1", "proved"),  # 0 < s from P1
    ("log(t)", ">=", "t", "refuted"),
    ("log(s)", "<", "0", "refuted"),
])
def test_a_logarithm_is_defined_only_where_its_argument_is_positive(start, rel, end, status, tmp_path):
    assert one_link_status(tmp_path, LOG, start, rel, end, search=status == "refuted") == status


@pytest.mark.parametrize("latex, plain", [
    (r"$u_i$", "u[i]"),
    (r"$\mathbf{u}_i$", "u[i]"),
    (r"$u_{i+1}$", "u[i + 1]"),
    (r"$u_1 + u_2$", "u[1] + u[2]"),
    (r"$r_j$", "r[j]"),  # a row vector
    (r"$u_i^2$", "u[i] ** 2"),
    (r"$h_{k,i}$", "h[k][i]"),  # the coordinate i of the element h_k
    (r"$h_{k-1, j}$", "h[k - 1][j]"),
    (r"$(W u)_i$", "(W @ u)[i]"),
    (r"$\left(\mathbf{W}\mathbf{u}\right)_{i}^2$", "(W @ u)[i] ** 2"),
    (r"$\sum_{i=1}^{n} u_i^2$", "sum(u[i] ** 2, i, 1, n)"),
    (r"$\sum_{m=1}^{n} u_m g_m$", "sum(u[m] * g[m], m, 1, n)"),  # the index bound by the sum
    (r"$\max_i |u_i|$", "max_abs(u)"),  # still the largest entry
    (r"$\max_{i=1}^{n} u_i$", "max(u[i], (i, 1, n))"),  # the largest over a range
    (r"$\max_{m=1}^{n} |u_m - g_m|$", "max(abs(u[m] - g[m]), (m, 1, n))"),
    (r"$\max_{k=1}^{n} u_k^2 + 1$", "max(u[k] ** 2, (k, 1, n)) + 1"),  # a declared index bound by \max
    (r"$\max_{1 \le i \le n} u_i$", "max(u[i], (i, 1, n))"),  # the range written between two \le
    (r"$\sum_{1 \leq m \leq n} u_m g_m$", "sum(u[m] * g[m], m, 1, n)"),
    (r"$\prod_{k \le m \le n} (1 + u_m)$", "prod(1 + u[m], m, k, n)"),
    (r"$2tu_i$", "2 * t * u[i]"),
])
def test_coordinates_read_as_the_expression_language(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


@pytest.mark.parametrize("latex, what, col", [
    (r"$s_i$", "s_i can be read two ways: as the symbol 's_i' or as the coordinate s[i] of a vector", 1),
    (r"$W_{ij}$", "W_{ij} reads as an entry of the matrix W, and entries of a matrix are not read", 1),
    (r"$a + W_{i,j}$", "entries of a matrix are not read", 5),
    (r"$u_{ij}$", "ij is not one index of a coordinate of u", 1),
    (r"$h_{k,ij}$", "ij is not one index of a coordinate of h", 1),  # never h[k][i·j]
    (r"$h_{k, i j}$", "ij is not one index", 1),
    (r"$h_{k,i,j}$", "has 3 indices", 1),
    (r"$u_z$", "unknown symbol z", 3),  # i, z: an index must be declared (never the imaginary unit)
    (r"$(u^\top g)_i$", "only sequences and vectors can be indexed", 2),  # a scalar has no coordinates
    (r"$W_1$", "entries of a matrix are not read", 1),
    (r"$\max_{i=1} u_i$", "a maximum needs its range", 1),
    (r"$\max_{i=1}^{n}$", "the maximum has nothing to compare", 1),
    (r"$\sum_{1 \le m} u_m$", "a sum needs its range", 1),  # before the body's unknown index
    (r"$\max_{1 \le i \le n}^{2} u_i$", "reads only as the largest absolute entry", 1),
    (r"$\max_{i < n} u_i$", "reads only as the largest absolute entry", 1),
])
def test_coordinates_the_declarations_leave_open_are_refused(latex, what, col, scope):
    assert refused(latex, scope, what).offset == col


@pytest.mark.parametrize("latex, plain", [
    (r"$W^\top u$", "W.T @ u"), (r"$W^T u$", "W.T @ u"), (r"$W^\intercal u$", "W.T @ u"), (r"$W^{\mathsf{T}} u$", "W.T @ u"),
    (r"$u^\top g$", "u.T @ g"),
    (r"$\|u\|_2^2$", "norm(u, 2) ** 2"), (r"$\lVert u \rVert_2$", "norm(u, 2)"), (r"$\left\| W \right\|_F$", "norm(W, fro)"),
    (r"$a \cdot b$", "a * b"), (r"$a \times b$", "a * b"), (r"$a \cdot W$", "a * W"),
    (r"$\left| a - b \right|$", "abs(a - b)"), (r"$\lvert a \rvert$", "abs(a)"),
    (r"$\operatorname{diag}(u)$", "diag(u)"), (r"$\mathrm{diag}(u)$", "diag(u)"),
    (r"$\|u\|^2_2$", "norm(u, 2) ** 2"), (r"$u^2_1$", "u[1] ** 2"), (r"$h^\top_k u$", "h[k].T @ u"),  # x^a_b is x_b^a
    (r"$\left\lvert a \right\rvert$", "abs(a)"), (r"$\bigl| a \bigr|$", "abs(a)"), (r"$\sum\limits_{i=1}^{n} u_i$", "sum(u[i], i, 1, n)"),
])
def test_the_usual_spellings_read_as_the_expression_language(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


@pytest.mark.parametrize("latex, col", [(r"$W' u$", 2), (r"$u'g$", 2), (r"$(W + W)'$", 8)])
def test_a_prime_on_a_matrix_is_refused_with_both_readings(latex, col, scope):
    error = refused(latex, scope, "can be read two ways: as its transpose or as another symbol")
    assert error.offset == col and "^\\top" in error.instead


def test_a_premise_over_coordinates(tmp_path):
    """s_i ≥ 0 for every coordinate i, in LaTeX, is the expression language's premise."""
    text = SYMBOLS.replace("  s_i: scalar\n", "").replace("chains:", "premises:\n  P1: {claim: '$s_i \\ge 0$', for_all: i}\n  P2: {claim: 's[i] >= 0', for_all: i}\nchains:")
    d = read(derivation_file(tmp_path, text))
    claims = {p.id: [(r.lhs, r.rel, r.rhs) for r in p.relations] for p in d.premises}
    assert claims["P1"] == claims["P2"]


@pytest.mark.parametrize("claim", [
    r"$s_i \ge 0 \quad \forall i$", r"$s_i \ge 0, \ \forall i$", r"$s_i \geq 0 \text{ for all } i$", r"$s_i \ge 0 \quad\text{for every}\; i.$",
])
def test_a_premise_quantified_in_its_latex(claim, tmp_path):
    """"s_i ≥ 0 for all i" as the paper writes it is the premise with `for_all: i`."""
    premises = f"premises:\n  P1: {{claim: '{claim}'}}\n  P2: {{claim: 's[i] >= 0', for_all: i}}\n"
    d = read(derivation_file(tmp_path, SYMBOLS.replace("  s_i: scalar\n", "").replace("chains:", premises + "chains:")))
    (p1, p2) = d.premises
    assert p1.bound == p2.bound and [(r.lhs, r.rel, r.rhs) for r in p1.relations] == [(r.lhs, r.rel, r.rhs) for r in p2.relations]


@pytest.mark.parametrize("premise, what", [
    ("{claim: '$s_i \\ge 0 \\quad \\forall i$', for_all: i}", "binds names both in its claim (i) and in `for_all`"),
    ("{claim: '$s_k \\ge 0 \\quad \\forall i$'}", "binds 'i' in `for_all`, but its claim does not use it"),
    ("{claim: '$s_i \\ge 0 \\quad \\forall t$'}", "'t' is a declared scalar"),  # t is no index: "for every t" would discard it
    ("{claim: '$s_i \\ge 0 \\quad \\forall i \\in [n]$'}", "unknown LaTeX command \\forall"),  # a range is not dropped silently
])
def test_a_quantifier_in_latex_is_checked_as_for_all_is(premise, what, tmp_path):
    text = SYMBOLS.replace("  s_i: scalar\n", "").replace("chains:", f"premises:\n  P1: {premise}\nchains:")
    with pytest.raises(InputError, match=re.escape(what)) as info:
        read(derivation_file(tmp_path, text))
    assert info.value.where.line == 26  # the premise's line


@pytest.mark.parametrize("shape, col", [
    ('[n_l, "n_{l-1}"]', 31), ("['$n_l$', '$n_{l-1}$']", 31), ('["n[l]", "n[l-1]"]', 31), ('["n^{(l)}", m]', 31),
    ('["n(l)", m]', 31), ('[m, "n_{l}"]', 34),
])
def test_a_per_layer_shape_is_a_located_error(shape, col, tmp_path):
    text = f"symbols:\n  m: dimension\n  k: index\n  n: {{kind: sequence, shape: [1]}}\n  W: {{kind: sequence, shape: {shape}}}\n" \
           "chains:\n  - id: c\n    start: '$1$'\n    steps:\n      - '<=': '$1$'\n"
    with pytest.raises(InputError, match="a dimension that depends on an index") as info:
        read(derivation_file(tmp_path, text))
    assert (info.value.where.line, info.value.where.col) == (5, col)
    assert "indexed: true" in info.value.instead  # n is a sequence, not a family of widths


@pytest.mark.parametrize("latex, what", [
    ("$" + "x" * 60 + "$", None),  # one long run of declared letters: read, in bounded time
    ("$" + "xz" * 400 + "$", "unknown symbol"),
    ("$" + "x" * 5000 + "$", "characters long"),
    ("$" + "pq" * 200 + "$", "can be read two ways"),  # 2**200 cuts: the first two are enough to refuse
    ("$" + "{" * 400 + "x" + "}" * 400 + "$", "nested too deeply"),
    (r"$x^{10^{10}}$", None),
    (r"$2^{100000000}$", "too large"),
], ids=["run", "unknown", "long", "cuts", "nested", "exponent", "number"])
def test_hostile_formulas_are_read_or_refused_in_bounded_time(latex, what, scope):
    start = time.process_time()
    if what is None:
        parse_expr(latex, scope)
    else:
        refused(latex, scope, what)
    assert time.process_time() - start < 10
