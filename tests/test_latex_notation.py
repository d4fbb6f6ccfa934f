"""What the paper's LaTeX must be able to say (issue 24): square brackets (grouping, an applied function's
argument, a declared quantity such as Var[w_l] or E[x^2]), and the elementary functions of the expression
language in their usual LaTeX (e^{…}, \\exp, \\sqrt[n]{…}); each against the expression language, and each
reading the declarations leave open an error at its place."""

from __future__ import annotations

import re

import pytest

from conftest import ONE_LINK, declared_scope

from symbound.errors import ExprError
from symbound.read.derivation import read
from symbound.read.syntax import parse_expr

SYMBOLS = """\
symbols:
  n: {kind: scalar, assume: [positive]}
  t: scalar
  a: scalar
  W: {kind: matrix, shape: [2, 2], latex: '\\mathbf{W}'}
  u: {kind: vector, shape: [2]}
  v: {kind: vector, shape: [2]}
  vw: {kind: scalar, latex: '\\mathrm{Var}[w_l]'}
  vwx: {kind: scalar, latex: '\\mathrm{Var}[w_l x_l]'}
  ex: {kind: scalar, latex: 'E[x_l^2]'}
  f: {kind: activation, function: tanh, latex: 'f'}
macros:
  B: {args: 1, body: '\\left[#1\\right]'}
  Ex: {args: 1, body: 'E[#1]'}
  Avg: {args: 1, body: '⟨#1⟩'}
""" + ONE_LINK


@pytest.fixture(scope="module")
def scope(tmp_path_factory):
    return declared_scope(tmp_path_factory, "notation", SYMBOLS)


@pytest.mark.parametrize("latex, plain", [
    (r"$[t + 1]$", "t + 1"),
    (r"$2 [t + 1]^2$", "2 * (t + 1) ** 2"),
    (r"$\left[ t - a \right] \cdot a$", "(t - a) * a"),
    (r"$\B{t + a}$", "t + a"),  # a macro that expands to brackets
    (r"$[(t + 1) a]$", "(t + 1) * a"),
    (r"$f[t]$", "f(t)"),  # an applied activation's argument
    (r"$\exp[t]$", "exp(t)"),
    (r"$\mathrm{Var}[w_l]$", "vw"),  # a declared quantity, matched as written
    (r"$n \mathrm{Var}[w_l] E[x_l^2]$", "n * vw * ex"),
    (r"$\mathrm{Var}[w_l x_l]$", "vwx"),
    (r"$\Ex{x_l^2}$", "ex"),  # through a macro
    (r"$\frac{1}{2} n \mathrm{Var}[w_l]$", "1 / 2 * n * vw"),
])
def test_brackets_read_as_the_expression_language(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


@pytest.mark.parametrize("latex, plain", [
    (r"$e^{-t}$", "e ** (-t)"),
    (r"$e^t$", "e ** t"),
    (r"$\mathrm{e}^{-t}$", "e ** (-t)"),
    (r"$\exp(-t)$", "exp(-t)"),
    (r"$\exp\left(-t \cdot a\right)$", "exp(-t * a)"),
    (r"$\exp t$", "exp(t)"),
    (r"$e$", "e"),
    (r"$2 e^{2t} + 1$", "2 * e ** (2 * t) + 1"),
    (r"$\sqrt[3]{t}$", "t ** (1/3)"),
    (r"$\sqrt[n]{t^2 + 1}$", "(t ** 2 + 1) ** (1 / n)"),  # the degree a symbol
    (r"$\sqrt[n + 1]{a}$", "a ** (1 / (n + 1))"),
])
def test_elementary_functions_read_as_the_expression_language(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


def test_every_elementary_function_of_the_language_has_its_latex():
    """The scalar functions of the expression language (abs is |…|) are read from their usual LaTeX, from one
    table: the ops' own latex_names."""
    from symbound.ops.registry import latex_heads
    heads = set(latex_heads().values())
    assert {"exp", "sqrt", "max", "min", "inner"} <= heads


def test_a_declared_e_hides_eulers_e(tmp_path):
    """As in the expression language: a file that declares e means its symbol by e; \\exp stays Euler's."""
    path = tmp_path / "e.yaml"
    path.write_text(SYMBOLS.replace("  t: scalar\n", "  t: scalar\n  e: {kind: scalar, assume: [positive]}\n"), encoding="utf-8")
    scope = read(path).scope
    assert parse_expr(r"$e^{t}$", scope) == parse_expr("e ** t", scope) == scope.names["e"] ** scope.names["t"]
    assert parse_expr(r"$\exp(t)$", scope) != parse_expr(r"$e^{t}$", scope)
    for upright in (r"$\mathrm{e}^{t}$", r"$2 \mathrm e^t$", r"$\text{e}$"):  # how papers set Euler's number: two readings
        with pytest.raises(ExprError, match="can be read two ways: as Euler's number or as the declared symbol e"):
            parse_expr(upright, scope)


@pytest.mark.parametrize("latex, what, col", [
    (r"$[0, 1]$", "is an interval (or a row of entries), not a value", 1),
    (r"$\left[t + 1\right)$", "cannot read the LaTeX at ')': expected '+' or '-', ',', ']'", 18),
    (r"$[t + 1$", "cannot read the LaTeX at the end", 7),
    (r"$t + 1]$", "cannot read the LaTeX at ']'", 6),
    (r"$a[t]$", "a[t] can be read two ways", 1),  # a product, or a quantity a[t]?
    (r"$a\,[t]$", "a[t] can be read two ways", 1),
    (r"$\mathrm{Var}[y_l]$", "Var[y_l] can be read two ways", 9),  # Var[y_l] is not declared
    (r"$E[t]$", "E[t] can be read two ways", 1),  # E[x_l^2] is, E[t] not
    (r"$\mathbf{W}[t]$", "W[t] can be read two ways", 9),
    (r"$\sqrt[]{t}$", "cannot read the LaTeX at '['", 6),
    (r"$e_1$", "unknown symbol e_1", 1),  # Euler's e takes no subscript
])
def test_brackets_the_declarations_leave_open_are_located_errors(latex, what, col, scope):
    with pytest.raises(ExprError, match=re.escape(what)) as info:
        parse_expr(latex, scope)
    assert info.value.offset == col


def test_deeply_nested_brackets_are_refused_not_a_crash(scope):
    with pytest.raises(ExprError, match="nested too deeply"):
        parse_expr("$" + "[" * 200 + "t" + "]" * 200 + "$", scope)


# --- the `.tex` importer: a display with one '=' is a definition only when its left side is a name
def _paper(tmp_path, *displays: str):
    body = "\n".join(f"\\begin{{equation}}\n{d}\n\\end{{equation}}" for d in displays)
    path = tmp_path / "paper.tex"
    path.write_text(f"% a comment line\n\\documentclass{{article}}\n\\begin{{document}}\nText.\n{body}\n\\end{{document}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("display, chain", [
    (r"e^{-t \|u - v\|_2^2} = e^{2t \cdot u^\top v - 2t}", True),  # an equality of two values: a chain
    (r"\|W\|_2 = 1", True),
    (r"W^\top W = I", True),
    (r"z_k = W h_k + b", False),  # a name on the left: a definition
    (r"G_t(u, v) = e^{-t}", False),
    (r"\mathbf{x}_{k+1} = \sigma(\mathbf{x}_k)", False),
    (r"\eta = \lambda_1 \gamma", False),
    (r"W^{(l)} = 2 V", False),
])
def test_a_one_equality_display_is_a_chain_unless_it_names_something(display, chain, tmp_path):
    from symbound.read.texdoc import read_paper
    paper = read_paper(_paper(tmp_path, display, r"a \le b \le c"))
    assert [len(c.links) for c in paper.chains] == ([1, 2] if chain else [2])
    assert len(paper.definitions) == (0 if chain else 1)


def test_a_paper_of_definitions_only_is_an_error_at_its_first_display(tmp_path):
    from symbound.read.derivation import read as read_file
    from symbound.errors import InputError
    path = _paper(tmp_path, r"z_k = W h_k + b", r"y = 2 z_k")
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.where.line, info.value.where.col) == (6, 1)  # the display's first row, not the comment on line 1
    assert "defines that name (2 such displays" in info.value.message() and "linked by relations" in info.value.message()
    empty = tmp_path / "empty.tex"
    empty.write_text("\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no display of the paper links terms by relations"):
        read_file(empty)


@pytest.mark.parametrize("latex, plain", [
    (r"$\langle u, v \rangle$", "inner(u, v)"),
    (r"$\left\langle u, \mathbf{W} v \right\rangle^2$", "inner(u, W @ v) ** 2"),
    ("⟨u, W v⟩ + 1", "inner(u, W @ v) + 1"),  # copied from a PDF
])
def test_angle_brackets_are_the_inner_product(latex, plain, scope):
    assert parse_expr(latex, scope) == parse_expr(plain, scope)


@pytest.mark.parametrize("latex, what", [
    ("⟨t + a⟩", "cannot read the LaTeX"),  # an average: no reading (it was once |t + a|, so ⟨t⟩ ≥ 0 was proved)
    (r"$\langle u \rangle$", "cannot read the LaTeX"),
    (r"$\langle u, v, u \rangle$", "cannot read the LaTeX at ','"),
    (r"$\langle t, a \rangle$", "expected a matrix or vector"),
])
def test_angle_brackets_that_are_no_inner_product_are_errors(latex, what, scope):
    with pytest.raises(ExprError, match=re.escape(what)):
        parse_expr(latex, scope)


@pytest.mark.parametrize("text, col", [
    (r"$1 \le ⟦t⟧$", 7),
    ("1 ≤ ⟦t⟧", 4),
    (r"$\Avg{t} \le 1$", 1),  # through a macro's body: ⟨t⟩ would read as |t|
])
def test_the_readers_marks_for_bars_are_refused_where_written(text, col, scope):
    from symbound.read.syntax import parse_relations
    with pytest.raises(ExprError, match="is not read: ⟨…⟩ and ⟦…⟧") as info:
        parse_relations(text, scope)
    assert info.value.offset == col
