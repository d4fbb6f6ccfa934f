"""LaTeX ($…$) and copied PDF mathematics in expression fields (read/latex.py): each form reads to the
same sympy objects as the expression language, the LaTeX twins of shipped derivations get the same
verdict on every link, readings that the declarations leave open are errors that show both, and every
mistake points into the LaTeX as written."""

from __future__ import annotations

import dataclasses
import re
import textwrap
import time

import pytest
import sympy as sp

from conftest import DERIVATIONS, ONE_LINK, declared_scope, run_cli, shipped_report
from symbound.errors import ExprError, InputError
from symbound.read.derivation import read
from symbound.ops.objects import evaluated
from symbound.read.exprtext import MAX_EXPR_CHARS
from symbound.read.syntax import parse_expr, parse_relations

TWINS = sorted(p.name for p in (DERIVATIONS / "latex").glob("*.yaml"))


@pytest.fixture(scope="module")
def pascanu():
    return read(DERIVATIONS / "pascanu.yaml").scope


def test_every_shipped_derivation_has_a_twin_and_some_use_macros():
    assert TWINS == sorted(p.name for p in DERIVATIONS.glob("*.yaml"))
    texts = [(DERIVATIONS / "latex" / name).read_text(encoding="utf-8") for name in TWINS]
    assert sum("macros:" in text for text in texts) >= 5


@pytest.mark.parametrize("name", TWINS)
def test_twin_reads_to_the_same_objects(name):
    """Every start, step and premise of the twin is the same sympy object as in the original."""
    plain, latex = read(DERIVATIONS / name), read(DERIVATIONS / "latex" / name)
    assert [c.id for c in plain.chains] == [c.id for c in latex.chains]
    for a, b in zip(plain.chains, latex.chains):
        assert a.start == b.start, a.id
        assert [(l.rel, l.expr) for l in a.links] == [(l.rel, l.expr) for l in b.links], a.id
    assert [p.relations for p in plain.premises] == [p.relations for p in latex.premises]
    assert [d.value for d in plain.definitions] == [d.value for d in latex.definitions]
    if plain.model is not None:
        assert (plain.model.state, plain.model.update) == (latex.model.state, latex.model.update)


@pytest.mark.parametrize("name", TWINS)
def test_twin_gets_the_same_verdict_on_every_link(name):
    plain, latex = shipped_report(name), shipped_report(f"latex/{name}")
    verdicts = lambda r: [(l.chain, l.index, l.status) for l in r.links]  # noqa: E731
    assert verdicts(plain) == verdicts(latex)
    assert (plain.conclusion is None) == (latex.conclusion is None)
    if plain.conclusion is not None:
        assert plain.conclusion.status == latex.conclusion.status
    assert plain.exit_code == latex.exit_code


# --- the constructs the issue lists, each against the expression language
CONSTRUCTS = [
    (r"$\|W_{rec}\|$", "norm(W_rec)"),
    (r"$\left\| W_{rec} \right\|_2$", "norm(W_rec, 2)"),
    (r"$\lVert \mathbf{W}_{rec} \rVert_F$", "norm(W_rec, fro)"),
    (r"$\|W_{rec}\|_\infty$", "norm(W_rec, inf)"),
    (r"$\|W_{rec}\|_1 + |\gamma|$", "norm(W_rec, 1) + abs(gamma)"),
    (r"$\rho(W_{rec})$", "rho(W_rec)"),
    (r"$\sigma_{\max}(W_{rec})$", "sigma_max(W_rec)"),
    (r"$\operatorname{diag}(\sigma'(x_k))$", "diag(sigma'(x[k]))"),
    (r"$\mathrm{diag}(\sigma'(x_k))$", "diag(sigma'(x[k]))"),
    (r"$\text{diag}(\sigma'(x_k))$", "diag(sigma'(x[k]))"),
    (r"$W_{rec}^\top$", "W_rec.T"),
    (r"$W_{rec}^T$", "W_rec.T"),
    (r"$W_{rec}^{\mathsf T}$", "W_rec.T"),
    (r"$\prod_{i=k}^{t-1} \frac{\partial x_{i+1}}{\partial x_i}$", "prod(jacobian(x[i+1], x[i]), i, k, t - 1)"),
    (r"$\frac{\partial x_{k+1}}{\partial x_k}$", "jacobian(x[k+1], x[k])"),
    (r"$\frac{1}{\gamma} \gamma$", "(1/gamma) * gamma"),
    (r"$\sqrt{\gamma}$", "sqrt(gamma)"),
    (r"$\max(\gamma, 1)$", "max(gamma, 1)"),
    (r"$\gamma \cdot \gamma$", "gamma * gamma"),
    (r"$\gamma\,\gamma\;\gamma\!\gamma$", "gamma * gamma * gamma * gamma"),
    (r"$\mathbf{W}_{rec} \boldsymbol{\sigma}(\mathbf{x}_k)$", "W_rec @ sigma(x[k])"),
    (r"$\eta^{t-k}$", "eta ** (t - k)"),
    (r"$W_{rec}^{2} x_k$", "W_rec ** 2 @ x[k]"),
    (r"$g_t W_{rec}$", "g[t] @ W_rec"),
    (r"$\lambda_1 - \frac{\gamma}{2}$", "lambda_1 - gamma / 2"),
    (r"$-\gamma + 1$", "-gamma + 1"),
    # a script after the bracket of an application belongs to the application, not to its argument
    (r"$\rho(W_{rec})^2$", "rho(W_rec) ** 2"),
    (r"$\sigma_{\max}(W_{rec})^{t-k}$", "sigma_max(W_rec) ** (t - k)"),
    (r"$\rho(W_{rec}^2)$", "rho(W_rec ** 2)"),
    (r"$\max(\gamma, \eta)^2$", "max(gamma, eta) ** 2"),
    (r"$\|W_{rec}\|_2^{t-k}$", "norm(W_rec, 2) ** (t - k)"),
    (r"$(\gamma + 1)^2 \eta$", "(gamma + 1) ** 2 * eta"),
    # copied from a PDF, without dollar signs
    ("‖W_rec‖₂", "norm(W_rec, 2)"),
    ("‖W_recᵀ‖ ‖diag(σ′(x_k))‖", "norm(W_rec.T) * norm(diag(sigma'(x[k])))"),
    ("∂x_{k+1}/∂x_k", "jacobian(x[k+1], x[k])"),
    ("‖∏_{i=k}^{t−1} ∂x_{i+1}/∂x_i‖", "norm(prod(jacobian(x[i+1], x[i]), i, k, t - 1))"),
    ("λ₁ · γ ≤ ‖W_rec‖", None),  # a relation: below
]


@pytest.mark.parametrize("latex, plain", [c for c in CONSTRUCTS if c[1] is not None])
def test_construct_reads_as_the_expression_language(latex, plain, pascanu):
    assert parse_expr(latex, pascanu) == parse_expr(plain, pascanu)


@pytest.mark.parametrize("latex, plain", [
    (r"$\lambda_1 < \frac{1}{\gamma}$", "lambda_1 < 1/gamma"),
    (r"$k \leq t$", "k <= t"),
    (r"$k \le t < k + 2$", "k <= t < k + 2"),
    (r"$\gamma \geq 0$", "gamma >= 0"),
    (r"$\eta = \lambda_1 \gamma$", "eta == lambda_1 * gamma"),
    ("λ₁ · γ ≤ ‖W_rec‖", "lambda_1 * gamma <= norm(W_rec)"),
    ("η ≥ 0", "eta >= 0"),
])
def test_relations_read_as_the_expression_language(latex, plain, pascanu):
    assert parse_relations(latex, pascanu) == parse_relations(plain, pascanu)


def test_the_declared_latex_names_a_symbol(pascanu):
    """\\lambda_1 is the definition declared with latex '\\lambda_1'; \\mathbf{x}_k is x[k] (x declared '\\mathbf{x}')."""
    assert parse_expr(r"$\lambda_1$", pascanu) == pascanu.names["lambda_1"]
    assert parse_expr(r"$\mathbf{x}_{k+1}$", pascanu) == parse_expr("x[k+1]", pascanu)


# --- readings the declarations do not decide: errors that show both
def scope_of(tmp_path, symbols: str, expr: str) -> str:
    """The error line `symbound verify` prints for a file with these symbols and one chain starting at ``expr``."""
    path = tmp_path / "f.yaml"
    path.write_text(textwrap.dedent(symbols) + f"chains:\n  - id: c\n    start: '{expr}'\n    steps:\n      - \"<=\": '$1$'\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(path)
    return info.value.message()


def test_a_subscript_that_is_both_an_index_and_part_of_a_name(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          n: dimension
          x: {kind: sequence, shape: [n]}
          x_k: {kind: vector, shape: [n]}
          k: index
        """, r"$\|x_k\|$")
    assert "two ways" in msg and "'x_k'" in msg and "x[k]" in msg


def test_a_transpose_or_a_power_with_a_declared_T(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
          T: index
        """, r"$\|W^T\|$")
    assert "two ways" in msg and "transpose" in msg and "power" in msg


def test_bars_around_a_matrix_are_a_norm_or_entrywise(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
        """, r"$|W|$")
    assert "two ways" in msg and "norm" in msg


def test_letters_side_by_side_a_name_or_a_product(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          a: scalar
          b: scalar
          ab: scalar
        """, r"$ab$")
    assert "two ways" in msg and "'ab'" in msg and "a b" in msg


def test_two_symbols_with_one_latex(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          a: {kind: scalar, latex: '\\alpha'}
          alpha_1: {kind: scalar, latex: '\\alpha'}
        """, r"$\alpha$")
    assert "alpha_1" in msg and " a" in msg.replace(",", " ")


def test_sigma_undeclared_is_not_guessed(tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
        """, r"$\sigma(W)$")
    assert "sigma" in msg and "declare" in msg


# --- located messages: file:line:col inside the LaTeX
@pytest.mark.parametrize("expr, column_of, what", [
    (r"$\|W\| + \foo$", r"\foo", "unknown LaTeX command \\foo"),
    (r"$\|W\| + \frac{1}$", "$", "cannot read the LaTeX"),
    (r"$\|W\| + q$", "q", "unknown symbol q"),
    (r"$\|W\| \|$", r"\|$", "not closed"),
    (r"$\|W\|_7$", "7", "unknown norm"),
    (r"$W + 1$", "$", "cannot add a matrix and a scalar"),
])
def test_messages_point_into_the_latex(expr, column_of, what, tmp_path):
    msg = scope_of(tmp_path, """\
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
        """, expr)
    line = f"    start: '{expr}'"
    col = line.rindex(column_of) + 1 if column_of != "$" else line.index("$") + 1
    assert what in msg, msg
    if column_of != "$":
        assert f"f.yaml:6:{col}:" in msg, msg
    else:
        assert "f.yaml:6:" in msg


def test_the_cli_exits_2_with_the_located_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("symbols:\n  a: scalar\nchains:\n  - id: c\n    start: '$a + \\nope$'\n    steps:\n      - \"<=\": '$a$'\n", encoding="utf-8")
    result = run_cli("verify", str(path))
    assert result.returncode == 2
    assert "bad.yaml:5:18: unknown LaTeX command \\nope" in result.stderr  # the column of \\nope


# --- macros: bounded, checked, never executed
def test_macros_expand_with_arguments(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(textwrap.dedent("""\
        macros:
          nrm: {args: 1, body: '\\left\\| #1 \\right\\|'}
          \\g: '\\gamma'
          twice: '#1 + #1'
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
          gamma: {kind: scalar, assume: [positive]}
        chains:
          - id: c
            start: '$\\nrm{W} \\g$'
            steps:
              - "=": '$\\twice{\\g}$'
        """), encoding="utf-8")
    d = read(path)
    W, gamma = d.scope.names["W"], d.scope.names["gamma"]
    assert d.chains[0].start == parse_expr("norm(W) * gamma", d.scope)
    assert d.chains[0].links[0].expr == parse_expr("gamma + gamma", d.scope)
    assert W is not None and gamma is not None


@pytest.mark.parametrize("macros, expr, what", [
    ("loop: '\\loop'", "$\\loop$", "expands more than"),
    ("a: '\\b \\b'\n  b: '\\a \\a'", "$\\a$", "expands more than"),
    ("big: '\\big\\big'", "$\\big$", "expands more than"),
    ("bad: {args: 1, body: '#2'}", "$\\bad{x}$", "uses #2"),
    ("in: '\\input{/etc/passwd}'", "$\\in$", "\\input is not allowed"),
])
def test_bad_macros_are_errors_not_hangs(macros, expr, what, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(f"macros:\n  {macros}\nsymbols:\n  a: scalar\nchains:\n  - id: c\n    start: '{expr}'\n    steps:\n      - \"<=\": '$a$'\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read(path)
    assert what in info.value.message()
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("latex, what", [
    (r"$\gamma / \eta \gamma$", "can be read two ways"),  # a / (b c) or (a / b) c
    (r"$\|(\|W_{rec}\|)_2\|$", "a subscript here has no meaning"),  # a norm's kind only on the norm itself
    (r"$\|W_{rec}\|_{\max}$", "unknown norm"),  # the max norm is no 2-norm
    (r"$\frac 12 3$", "ambiguous"),  # TeX reads \frac{1}{2}3; a reader may see 1/23: braces are asked for
])
def test_readings_that_would_be_guesses_are_errors(latex, what, pascanu):
    with pytest.raises(ExprError, match=what):
        parse_expr(latex, pascanu)


def test_a_formula_holds_no_second_formula(pascanu):
    with pytest.raises(ExprError, match="between two dollar signs"):
        parse_expr(r"$\gamma$ + $\gamma$", pascanu)


def test_deep_latex_is_refused_not_a_crash(pascanu):
    with pytest.raises(ExprError):
        parse_expr("$" + "{" * 300 + r"\gamma" + "}" * 300 + "$", pascanu)
    with pytest.raises(ExprError):
        parse_expr("$" + r"\sqrt{" * 60 + r"\gamma" + "}" * 60 + "$", pascanu)


def test_the_plain_language_is_untouched(pascanu):
    """Text without $ and without paper characters goes to the expression language as before."""
    plain = dataclasses.replace(pascanu, notation=None)
    for text in ("norm(W_rec) * gamma", "sigma_max(W_rec) + λ₁", "prod(jacobian(x[i+1], x[i]), i, k, t - 1)"):
        assert parse_expr(text, pascanu) == parse_expr(text, plain)
    with pytest.raises(ExprError, match="'\\^' is not a power"):
        parse_expr("gamma ^ 2", pascanu)


# --- LaTeX out reads back: what `symbound latex` prints for an expression is that expression
from hypothesis import example, given, HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SCALARS = st.sampled_from(["gamma", "eta", "lambda_1", "k", "t", "2", "3", "1/2"])
VECTORS = st.sampled_from(["b", "x[k]", "x[k+1]", "x[t-1]", "u[k]", "W_in @ u[k]"])
MATRICES = st.sampled_from(["W_rec", "W_rec.T", "jacobian(x[k+1], x[k])", "diag(b)"])


def _trees():
    scalar = st.deferred(lambda: st.one_of(
        SCALARS,
        st.builds("({} + {})".format, scalar, scalar),
        st.builds("({} - {})".format, scalar, scalar),
        st.builds("({} * {})".format, scalar, scalar),
        st.builds("({} / gamma)".format, scalar),
        st.builds("({}) ** 2".format, scalar),
        st.builds("eta ** (t - k)".format),
        st.builds("(-{})".format, scalar),
        st.builds("norm({})".format, matrix),
        st.builds("norm({}, {})".format, matrix, st.sampled_from(["1", "inf", "fro"])),
        st.builds("norm({})".format, vector),
        st.builds("rho({})".format, matrix),
        st.builds("sigma_max({})".format, matrix),
        st.builds("abs({})".format, scalar),
        # max over symbols only: evaluated() crashes on a max holding a norm of a matrix sum (reported)
        st.builds("max({}, {})".format, SCALARS, SCALARS),
        st.builds("sqrt(abs({}))".format, scalar),
        st.builds("abs(sigma'({}))".format, scalar),
        st.builds("prod(norm(jacobian(x[i+1], x[i])), i, k, t - 1)".format),
    ))
    matrix = st.deferred(lambda: st.one_of(
        MATRICES,
        st.builds("({} @ {})".format, matrix, matrix),
        st.builds("({}).T".format, matrix),
        st.builds("({} * {})".format, scalar, matrix),
        st.builds("({} + {})".format, matrix, matrix),
        st.builds("diag(sigma'({}))".format, vector),
        st.builds("({}) ** 2".format, matrix),
        st.builds("prod(jacobian(x[i+1], x[i]), i, k, t - 1)".format),
    ))
    vector = st.deferred(lambda: st.one_of(
        VECTORS,
        st.builds("({} @ {})".format, matrix, vector),
        st.builds("({} + {})".format, vector, vector),
        st.builds("sigma({})".format, vector),
        st.builds("({} * {})".format, scalar, vector),
    ))
    return st.one_of(scalar, matrix, vector)


@pytest.fixture(scope="module")
def printed():
    from symbound.render.mathtext import Notation

    derivation = read(DERIVATIONS / "pascanu.yaml")
    return derivation.scope, Notation(derivation)


@pytest.mark.slow  # minutes on a loaded 2-core machine: in CI's slow run
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_trees())
@example(text="sigma((eta ** (t - k) * (eta ** (t - k) * (eta ** (t - k) * (W_rec @ x[k])))))")  # found by CI's slow run
def test_latex_output_reads_back_to_the_same_expression(text, printed):
    scope, notation = printed
    try:
        expression = parse_expr(text, scope)
    except ExprError:  # a random tree the language refuses (a shape mismatch): nothing printed to read back
        return
    latex = notation.latex(expression)
    if len(latex) + 2 > MAX_EXPR_CHARS:  # longer than any expression a file may hold
        return
    back = parse_expr(f"${latex}$", scope)
    # the same expression up to the order sympy keeps for terms it did not evaluate (what the checker
    # compares); a numeric coefficient prints first (2 (η + γ) γ W for (η + γ)·(2·γ W)), which the reader
    # may group otherwise (γ·(2·(η + γ))): the same expression once expanded; and the reader keeps a product of
    # powers of one base that the file syntax merged (η^{t−k} η^{t−k} η^{t−k} W against η^{3(t−k)} W): the same
    # once powers of one base are combined
    a, b = evaluated(back), evaluated(expression)
    assert a == b or sp.expand(a) == sp.expand(b) or sp.powsimp(sp.expand(a), deep=True) == sp.powsimp(sp.expand(b), deep=True), latex


def test_reports_show_the_latex_as_written_beside_what_was_read():
    result = run_cli("verify", str(DERIVATIONS / "latex" / "hochreiter_sigmoid_wrong.yaml"), "--no-cache")
    assert "scaling_factor.2 (line 23) read $\\frac{1}{4} |w|$ as (1/4)·|w|" in result.stdout
    result = run_cli("verify", str(DERIVATIONS / "latex" / "hochreiter_sigmoid_wrong.yaml"), "--json", "--no-cache")
    import json

    link = json.loads(result.stdout)["chains"][0]["links"][1]
    assert link["source"] == "$\\frac{1}{4} |w|$" and link["rhs"]["text"] == "(1/4)·|w|"


def test_files_without_latex_do_not_load_the_grammar():
    """The parser generator costs startup time: only a formula in LaTeX or PDF characters loads it."""
    import subprocess
    import sys

    probe = "import sys\nfrom symbound.read.derivation import read\nread(sys.argv[1])\nprint('lark' in sys.modules)\n"
    plain = subprocess.run([sys.executable, "-c", probe, str(DERIVATIONS / "pascanu.yaml")], capture_output=True, text=True, timeout=120)
    latex = subprocess.run([sys.executable, "-c", probe, str(DERIVATIONS / "latex" / "pascanu.yaml")], capture_output=True, text=True, timeout=120)
    assert (plain.stdout.strip(), latex.stdout.strip()) == ("False", "True"), plain.stderr + latex.stderr


@pytest.mark.parametrize("claim", [
    r"$\|W^{t-k}\| \to 0 \text{ as } t - k \to \infty$",
    r"$\|W^{t-k}\| \to 0, \quad \mathrm{as} \; t - k \to \infty.$",
    r"$\lim_{t - k \to \infty} \|W^{t-k}\| = 0$",
])
def test_a_limit_conclusion_in_latex(claim, tmp_path):
    path = tmp_path / "lim.yaml"
    path.write_text(textwrap.dedent(f"""\
        symbols:
          n: dimension
          W: {{kind: matrix, shape: [n, n]}}
          t: index
          k: index
        chains:
          - id: c
            start: '$\\|W^{{t-k}}\\|$'
            steps:
              - "<=": '$\\|W\\|^{{t-k}}$'
        conclusion:
          claim: '{claim}'
        """), encoding="utf-8")
    d = read(path)
    assert d.conclusion.tends_to_zero == parse_expr("norm(W ** (t - k))", d.scope)
    assert d.conclusion.as_ == parse_expr("t - k", d.scope)


def test_a_lemma_stated_in_latex(tmp_path):
    path = tmp_path / "lemma.yaml"
    path.write_text(textwrap.dedent("""\
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
        lemmas:
          my_transpose_2:
            statement: '$\\|A^\\top\\|_2 = \\|A\\|_2$'
            variables: {A: {kind: matrix, shape: [p, q]}, p: dimension, q: dimension}
            reference: "Horn & Johnson (2013), §5.6"
        chains:
          - id: c
            start: '$\\|W^\\top\\|_2$'
            steps:
              - "=": '$\\|W\\|_2$'
                by: my_transpose_2
        """), encoding="utf-8")
    lemma = read(path).lemmas[0]
    plain = path.read_text(encoding="utf-8").replace("'$\\|A^\\top\\|_2 = \\|A\\|_2$'", "'norm(A.T, 2) == norm(A, 2)'")
    (tmp_path / "plain.yaml").write_text(plain, encoding="utf-8")
    assert lemma.relation == read(tmp_path / "plain.yaml").lemmas[0].relation


def test_an_nth_root_reads_as_a_power(tmp_path):
    """\\sqrt[n]{x} (what sympy's LaTeX printer writes for x^(1/n)) is the n-th root: the round trip found it unread."""
    from symbound import verify

    path = tmp_path / "root.yaml"
    path.write_text("symbols:\n  a: {kind: scalar, assume: [positive]}\nchains:\n  - id: c\n    start: '$\\sqrt[4]{a}$'\n"
                    "    steps:\n      - '=': a ** (1/4)\n      - '=': '$\\sqrt{\\sqrt{a}}$'\n      - '<': '$\\sqrt[3]{a} + 1$'\n")
    assert [link.status for link in verify(path, budget=0).links][:2] == ["proved", "proved"]


# --- reader gaps closed: \sum, \max_i |v_i|, f^{\prime}, a conjunction of relations
GAPS = """\
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n], latex: '\\mathbf{W}'}
  v: {kind: vector, shape: [n], latex: '\\mathbf{v}'}
  z: scalar
  a: scalar
  x: {kind: sequence, shape: [n], latex: '\\mathbf{x}'}
  f: {kind: activation, function: tanh, latex: 'f'}
  phi: {kind: activation, function: sigmoid, latex: '\\phi'}
  k: index
""" + ONE_LINK


@pytest.fixture(scope="module")
def gaps(tmp_path_factory):
    return declared_scope(tmp_path_factory, "gaps", GAPS)


@pytest.mark.parametrize("latex, plain", [
    (r"$\sum_{i=1}^{k} a^i$", "sum(a ** i, i, 1, k)"),
    (r"$\sum_{i=k}^{k+3} \left( a i + 1 \right)$", "sum(a * i + 1, i, k, k + 3)"),
    (r"$\sum_{j=1}^{k} \mathbf{x}_j$", "sum(x[j], j, 1, k)"),
    (r"$\sum_{i=0}^{k} \mathbf{W}^i \mathbf{v}$", "sum(W ** i @ v, i, 0, k)"),
    (r"$a + \sum_{i=1}^{k} a$", "a + sum(a, i, 1, k)"),
    ("∑_{i=1}^{k} a", "sum(a, i, 1, k)"),
    (r"$\max_i |v_i|$", "max_abs(v)"),
    (r"$\max_{i} \left|\left(\mathbf{W} \mathbf{v}\right)_{i}\right|$", "max_abs(W @ v)"),
    (r"$\max_i |\mathbf{v}_i| + 1$", "max_abs(v) + 1"),
    (r"$\max(a, z)$", "max(a, z)"),
    (r"$f'(z)$", "f'(z)"),
    (r"$f^{\prime}(z)$", "f'(z)"),
    (r"$\phi^\prime(z)$", "phi'(z)"),
    (r"$f^{\prime\prime}(z)$", "f''(z)"),
    (r"$f'(\mathbf{x}_k)$", "f'(x[k])"),
    (r"$\phi'\left(\mathbf{W} \mathbf{x}_k\right)$", "phi'(W @ x[k])"),
    ("f′(z)", "f'(z)"),
])
def test_gaps_read_as_the_expression_language(latex, plain, gaps):
    assert parse_expr(latex, gaps) == parse_expr(plain, gaps)


@pytest.mark.parametrize("latex, what", [
    (r"$\sum_{i} a$", "a sum needs its range"),
    (r"$\sum_{i=1} a$", "a sum needs its range"),
    (r"$\sum_{i=1}^{k}$", "the sum has nothing to add"),
    (r"$\max_i |v_i + 1|$", "largest absolute entry"),  # not the entry alone
    (r"$\max_i |v_i| |v_i|$", "largest absolute entry"),
    (r"$\max_i |a|$", "largest absolute entry"),  # no entry: max over nothing
    (r"$\max_i v_i$", "largest absolute entry"),  # max_i v_i (without bars) is another quantity
    (r"$\max_i |a_i|$", "marks an entry of a vector"),  # a scalar has no entries
    (r"$v_i$", "unknown symbol i"),  # a coordinate needs its index declared (or bound by a sum)
    (r"$f^{\prime 2}(z)$", "takes no superscript"),
])
def test_gaps_refuse_what_they_do_not_mean(latex, what, gaps):
    with pytest.raises(ExprError, match=re.escape(what)):
        parse_expr(latex, gaps)


def test_a_conjunction_of_relations_in_latex(gaps):
    both = r"$a \le 1 \quad\text{and}\quad z < a$"
    assert parse_relations(both, gaps, conjunction=True) == parse_relations("a <= 1 and z < a", gaps, conjunction=True)
    with pytest.raises(ExprError, match="only in a conclusion") as info:
        parse_relations(both, gaps)
    assert info.value.offset == 1  # the formula's first column after $, as the plain language points at its start


def test_a_prime_written_twice_in_single_quotes_keeps_the_column(tmp_path):
    """'$\\sigma''(z)$': YAML's '' is one ', and the columns after it still point into the line."""
    message = scope_of(tmp_path, "symbols:\n  z: scalar\n  sigma: {kind: activation, latex: '\\sigma'}\n", "$|\\sigma''(z)| + \\zeta$")
    where = re.match(r".+?:(\d+):(\d+): unknown symbol \\zeta", message)
    assert where, message
    text = (tmp_path / "f.yaml").read_text(encoding="utf-8").splitlines()[int(where.group(1)) - 1]
    assert text[int(where.group(2)) - 1 :].startswith("\\zeta"), (text, message)
