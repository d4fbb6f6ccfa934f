"""The expression language: what each construct parses to, and where misuse is reported."""

from __future__ import annotations

import pytest
import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from conftest import derivation_file
from symbound.errors import ExprError
from symbound.ops.objects import evaluated
from symbound.ops import Elementwise, ScalarApply, Diag, MaxAbs, Norm, MatProd, SeqElem, SigmaMax, SigmaMin, SpectralRadius
from symbound.ops.inner import Inner
from symbound.read.exprtext import MAX_AST_DEPTH, MAX_EXPR_CHARS
from symbound.read.syntax import FUNCTIONS, Activation, Scope, Sequence, parse_expr, parse_relations, split_equation

n, m = sp.Symbol("n", integer=True, positive=True), sp.Symbol("m", integer=True, positive=True)
k, t = sp.Symbol("k", integer=True), sp.Symbol("t", integer=True)
gamma = sp.Symbol("gamma", positive=True, real=True)
lambda_1 = sp.Symbol("lambda_1", real=True, nonnegative=True)
a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
W = sp.MatrixSymbol("W", n, n)
U = sp.MatrixSymbol("U", n, m)
v = sp.MatrixSymbol("v", n, 1)


@pytest.fixture
def scope() -> Scope:
    return Scope(
        {
            "n": n, "m": m, "k": k, "t": t, "gamma": gamma, "lambda_1": lambda_1, "a": a, "b": b,
            "W": W, "U": U, "v": v,
            "x": Sequence("x", n, sp.Integer(1)),
            "u": Sequence("u", m, sp.Integer(1)),
            "g": Sequence("g", sp.Integer(1), n),
            "sigma": Activation("sigma"),
        }
    )


def same(parsed, expected) -> bool:
    """Equal once sympy's automatic evaluation is applied to both (the parser keeps the form as written)."""
    return evaluated(parsed) == evaluated(expected) or sp.simplify(evaluated(parsed) - evaluated(expected)) == 0


def error(text: str, scope: Scope) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse_expr(text, scope)
    return info.value


# ---------------------------------------------------------------- what each construct parses to


@pytest.mark.parametrize(
    "text, kind",
    [("norm(W)", "2"), ("norm(W, 2)", "2"), ("norm(W, 1)", "1"), ("norm(W, inf)", "inf"), ("norm(W, oo)", "inf"), ("norm(W, fro)", "fro"), ("norm(W, F)", "fro")],
)
def test_norm_kinds(text, kind, scope):
    assert parse_expr(text, scope) == Norm(W, kind)


def test_norm_of_a_vector_and_of_a_sequence_element(scope):
    assert parse_expr("norm(v)", scope) == Norm(v, "2")
    assert parse_expr("norm(x[k])", scope) == Norm(SeqElem("x", k, n, 1), "2")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("rho(W)", SpectralRadius(W)),
        ("spectral_radius(W)", SpectralRadius(W)),
        ("sigma_max(W)", SigmaMax(W)),
        ("sigma_max(U)", SigmaMax(U)),
        ("sigma_min(U)", SigmaMin(U)),
        ("max_abs(v)", MaxAbs(v)),
    ],
)
def test_matrix_functions(text, expected, scope):
    assert parse_expr(text, scope) == expected


def test_diag_transpose_and_matmul(scope):
    assert parse_expr("diag(v)", scope) == Diag(v)
    assert parse_expr("diag(v)", scope).shape == (n, n)
    assert parse_expr("W.T", scope) == sp.Transpose(W)
    assert parse_expr("transpose(W)", scope) == sp.Transpose(W)
    assert parse_expr("W @ v", scope) == sp.MatMul(W, v)
    assert parse_expr("W @ U", scope).shape == (n, m)
    assert parse_expr("U.T @ W", scope).shape == (m, n)
    assert parse_expr("W @ W @ v", scope) == sp.MatMul(W, W, v)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("abs(a)", sp.Abs(a)),
        ("max(a, b)", sp.Max(a, b)),
        ("min(a, b, gamma)", sp.Min(a, b, gamma)),
        ("sqrt(gamma)", sp.sqrt(gamma)),
        ("a * b", a * b),
        ("a / b", a / b),
        ("1 / gamma", 1 / gamma),
        ("(1/gamma) * gamma", sp.Integer(1)),
        ("a ** 2", a**2),
        ("gamma ** (t - k)", gamma ** (t - k)),
        ("-a", -a),
        ("a - b", a - b),
        ("+a", a),
        ("2.5 * a", sp.Rational(5, 2) * a),
        ("0.1", sp.Rational(1, 10)),
        ("a − b", a - b),  # the Unicode minus
        ("a · b", a * b),
        ("10 ** 59", sp.Integer(10) ** 59),
        ("10 ** 60", sp.Integer(10) ** 60),
        ("sqrt(10 ** 50)", sp.Integer(10) ** 25),
        ("(1/2) ** 100", sp.Rational(1, 2) ** 100),
    ],
)
def test_scalar_arithmetic(text, expected, scope):
    assert same(parse_expr(text, scope), expected)


def test_scalar_times_matrix_and_matrix_power(scope):
    assert parse_expr("gamma * W", scope) == sp.MatMul(gamma, W)
    assert parse_expr("W / gamma", scope).shape == (n, n)
    assert parse_expr("-W", scope) == sp.MatMul(-1, W)
    assert parse_expr("W ** 2", scope) == sp.MatPow(W, 2)
    assert parse_expr("W + W.T", scope) == sp.MatAdd(W, sp.Transpose(W))


def test_sequences(scope):
    assert parse_expr("x[k]", scope) == SeqElem("x", k, n, 1)
    assert parse_expr("x[k-1]", scope) == SeqElem("x", k - 1, n, 1)
    assert parse_expr("x[k + 1]", scope) == SeqElem("x", k + 1, n, 1)
    assert parse_expr("g[t]", scope).shape == (1, n)
    assert parse_expr("g[t] @ x[k]", scope) == Inner(SeqElem("g", t, 1, n).T, SeqElem("x", k, n, 1))  # 1×1: a scalar


def test_activations_and_derivatives(scope):
    assert parse_expr("sigma(x[k])", scope) == Elementwise("sigma", 0, SeqElem("x", k, n, 1))
    assert parse_expr("sigma'(x[k])", scope) == Elementwise("sigma", 1, SeqElem("x", k, n, 1))
    assert parse_expr("sigma''(v)", scope) == Elementwise("sigma", 2, v)
    assert parse_expr("sigma'(a)", scope) == ScalarApply("sigma", 1, a)
    assert parse_expr("abs(sigma'(a))", scope) == sp.Abs(ScalarApply("sigma", 1, a))
    assert parse_expr("norm(diag(sigma'(x[k])))", scope) == Norm(Diag(Elementwise("sigma", 1, SeqElem("x", k, n, 1))), "2")


def test_paper_notation_unicode(scope):
    assert parse_expr("λ₁", scope) == lambda_1  # λ₁ → λ_1 → lambda_1
    assert parse_expr("γ", scope) == gamma
    assert same(parse_expr("λ₁ * γ", scope), lambda_1 * gamma)
    assert parse_expr("σ'(x[k])", scope) == Elementwise("sigma", 1, SeqElem("x", k, n, 1))
    own = Scope({"λ_1": a, "γ": b})  # names declared in Greek are used as they are
    assert parse_expr("λ₁", own) == a and parse_expr("γ", own) == b


def test_products(scope):
    i = sp.Symbol("i", integer=True)
    p = parse_expr("prod(W, i, k, t - 1)", scope)
    assert isinstance(p, MatProd) and p.shape == (n, n)
    assert parse_expr("prod(W, (i, k, t - 1))", scope) == p
    q = parse_expr("prod(gamma, i, k, t - 1)", scope)
    assert isinstance(q, sp.Product) and q.args[0] == gamma and tuple(q.args[1]) == (i, k, t - 1)


def test_jacobian_calls_the_model(scope):
    seen = []

    def jac(of, wrt):
        seen.append((of, wrt))
        return sp.MatrixSymbol("J", n, n)

    scope.jacobian = jac
    J = parse_expr("jacobian(x[k+1], x[k])", scope)
    assert isinstance(J, MatrixExpr) and seen == [(SeqElem("x", k + 1, n, 1), SeqElem("x", k, n, 1))]
    # the product index is bound inside the body
    parse_expr("prod(jacobian(x[i+1], x[i]), i, k, t - 1)", scope)
    assert seen[-1][0].args[1] == sp.Symbol("i", integer=True) + 1


def test_relations(scope):
    (r,) = parse_relations("abs(a) <= gamma", scope)
    assert (r.lhs, r.rel, r.rhs) == (sp.Abs(a), "<=", gamma)
    r1, r2 = parse_relations("0 <= a < 1", scope)
    assert (r1.rel, r2.rel) == ("<=", "<") and r1.rhs == a == r2.lhs
    assert [x.rel for x in parse_relations("a >= b", scope)] == [">="]
    assert [x.rel for x in parse_relations("a == b", scope)] == ["="]
    assert split_equation("x[k] = W @ x[k-1]") == ("x[k] ", " W @ x[k-1]")
    assert split_equation("a <= b") is None


def test_function_list_is_complete():
    assert set(FUNCTIONS) >= {"norm", "rho", "sigma_max", "sigma_min", "diag", "max_abs", "abs", "max", "min", "sqrt", "prod", "jacobian", "transpose"}


# ---------------------------------------------------------------- misuse: the column and the hint


@pytest.mark.parametrize(
    "text, column, what, hint",
    [
        ("norm(V)", 5, "unknown symbol 'V'", "declare it"),
        ("norm(W) * gama", 10, "unknown symbol 'gama'", "did you mean 'gamma'"),
        ("frobenius(W)", 0, "unknown function 'frobenius'", "available: "),
        ("nrom(W)", 0, "unknown function 'nrom'", "did you mean norm"),
        ("norm(W, 3)", 8, "unknown norm", "norm(A, fro)"),
        ("norm(W, fro, 2)", 0, "norm takes 1 to 2 argument(s), got 3", "docs/format.md"),
        ("rho(U)", 0, "rho needs a square matrix, this one is n×m", "square"),
        ("norm(U @ x[k])", 5, "shape mismatch in @: the left side is n×m, the right side is n×1", "needs m rows"),
        ("norm(W + U)", 5, "shape mismatch in +", "same shape"),
        ("norm(W * W)", 5, "* between two matrices", "write @"),
        ("gamma @ W", 0, "@ multiplies two matrices", "use *"),
        ("norm(W + 1)", 5, "cannot add a matrix and a scalar", ""),
        ("1 / W", 0, "cannot divide by a matrix", ""),
        ("norm(U ** 2)", 5, "only square matrices have powers", ""),
        ("norm(W ** gamma)", 5, "nonnegative integer exponent", "W ** 2"[:0] + "A ** 2"),
        ("diag(W)", 0, "diag takes a vector", "column vector"),
        ("max(a)", 0, "max takes 2 to 8 argument(s), got 1", ""),
        ("abs(W)", 4, "expected a scalar here", "norm"),
        ("norm(a)", 5, "expected a matrix or vector here", ""),
        ("norm(x)", 5, "'x' is a sequence", "x[k]"),
        ("sigma + 1", 0, "'sigma' is an activation", "sigma(x)"),
        ("sigma(v, v)", 0, "sigma takes one argument", "sigma(x)"),
        ("gamma(1)", 0, "'gamma' is a symbol, not a function", ""),
        ("W'(v)", 0, "'W' is not an activation", "kind: activation"),
        ("W[k]", 0, "'W' is a matrix; only sequences and vectors can be indexed", "v[i]"),
        ("y[k]", 0, "unknown symbol 'y'", "kind: sequence"),
        ("norm(W)[0]", 0, "only sequences and vectors can be indexed", "x[k]"),
        ("gamma^2", 5, "'^' is not a power here", "**"),
        ("norm(W, 'fro')", 8, "quotes are not part of the expression language", "bare words"),
        ("W.inv", 0, "attribute '.inv' is not allowed", ".T"),
        ("gamma +", 7, "cannot parse the expression (it ends too early)", "docs/format.md"),
        ("gamma gamma", 6, "two terms side by side ('gamma gamma')", "gamma * gamma"),
        ("norm(W v)", 7, "two terms side by side ('W v')", "W @ v"),
        ("lambda_1 is less than one", 9, "this reads as a sentence", "text:"),
        ("2 ** 200", 0, "the number is too large", ""),
        ("", 0, "the expression is empty", ""),
        ("norm(W, ord=2)", 0, "keyword arguments are not allowed", "by position"),
        ("norm(*W)", 5, "unpacking", ""),
        ("(y := gamma)", 1, "assignments (:=)", "definitions"),
        ("gamma if a else b", 0, "conditional expressions", "max(a, b)"),
        ("a and b", 0, "'and'/'or'", ""),
        ("x[1:2]", 2, "slices", "x[k]"),
        ("abs(a < b)", 4, "a comparison cannot stand inside a term", 'write `- "<=": rhs`'),
        ("a % 2", 0, "this operator is not allowed", ""),
        ("not a", 0, "this unary operator is not allowed", ""),
        ("__import__", 0, "the name '__import__' is not allowed", ""),
        ("().__class__", 0, "attribute '.__class__' is not allowed", ""),
        ("(lambda: 1)()", 1, "lambda functions", ""),
        ("[a for a in b]", 0, "comprehensions", "prod"),
        ("True", 0, "the literal True is not a number", ""),
        ("10**10**10", 0, "the number is too large", "10**60"),
        ("gamma ** (10**100)", 10, "the number is too large", ""),
        ("1" * 70, 0, "the number is too large", ""),
        ("1e300", 0, "too large or too small", ""),
        ("prod(gamma, i, 1, 10**9)", 0, "the product has too many factors", "symbolic bounds"),
        ("prod(gamma, gamma, 1, k)", 12, "the product's index must be a new name", "fresh i"),
        ("jacobian(x[k+1], x[k])", 0, "jacobian(...) needs a model", "model"),
    ],
)
def test_misuse_points_at_the_right_column(text, column, what, hint, scope):
    err = error(text, scope)
    assert err.offset == column, (err.offset, err.what)
    assert what in err.what
    assert hint in err.instead
    assert err.instead, "every error says what to write instead"


@pytest.mark.parametrize(
    "text, column",
    [
        ("sigma'(x[k]) + norm(V)", 20),  # after a prime: σ' is rewritten internally, the column is not
        ("sigma''(v) + V", 13),
        ("λ₁ * γ * norm(V)", 14),  # after non-ASCII letters: columns count characters, not UTF-8 bytes
        ("γ + γ + ω", 8),
        ("  norm(V)", 7),  # leading spaces count
        ("λ₁ + λ₁₂", 5),
        ("norm(diag(σ'(x[k]))) + norm(U @ x[k])", 28),
    ],
)
def test_columns_count_the_text_as_written(text, column, scope):
    err = error(text, scope)
    assert err.offset == column, (err.offset, text[err.offset :], err.what)


def test_limits_of_size_and_nesting(scope):
    err = error("(" * 500 + "a" + ")" * 500, scope)
    assert "nested too deeply" in err.what and err.offset == 40  # the first bracket past the limit
    err = error("a" + " + a" * 25_000, scope)
    assert "characters long" in err.what and str(MAX_EXPR_CHARS) in err.instead
    err = error("+".join(["a"] * (MAX_AST_DEPTH + 5)), scope)
    assert "nested too deeply" in err.what
    err = error("-" * 300 + "a", scope)
    assert "nested too deeply" in err.what
    err = error("**".join(["a"] * 60), scope)
    assert "nested too deeply" in err.what
    assert parse_expr("+".join(["a"] * 50), scope) is not None  # a long but sensible sum is fine


def test_relations_misuse(scope):
    with pytest.raises(ExprError) as info:
        parse_relations("a + b", scope)
    assert "expected a relation" in info.value.what
    with pytest.raises(ExprError) as info:
        parse_relations("W <= W", scope)
    assert "matrices are not ordered" in info.value.what
    with pytest.raises(ExprError) as info:
        parse_relations("a != b", scope)
    assert "this comparison is not allowed" in info.value.what and info.value.offset == 5
    with pytest.raises(ExprError) as info:
        parse_relations("a <= norm(V)", scope)
    assert info.value.offset == 10


def test_nothing_is_evaluated(tmp_path, scope):
    """Payloads are rejected by the whitelist, never run."""
    target = tmp_path / "PWNED"
    for text in [
        f"__import__('os').system('touch {target}')",
        "__import__(os).system(touch)",
        "().__class__.__bases__[0].__subclasses__()",
        "eval(1)",
        "exec(a)",
        "open(a)",
        "globals()",
        "breakpoint()",
        "(lambda: a)()",
        "sigma.__call__(a)",
    ]:
        with pytest.raises(ExprError):
            parse_expr(text, scope)
    assert not target.exists()


# ---------------------------------------------------------------- as written: the display twin


@pytest.mark.parametrize(
    "text, shown",
    [
        ("(1/gamma) * gamma", "(1/γ)·γ"),  # not γ/γ: the slip the checker finds stays visible
        ("gamma ** (t - k)", "γ^(t − k)"),  # not −k + t
        ("lambda_1 * gamma", "λ₁·γ"),  # factors in the author's order
        ("a / 2 + b", "a/2 + b"),
        ("norm(x[k-1]) - a", "‖x[k − 1]‖₂ − a"),
        ("W @ v + U @ u[k] + v", "W v + U u[k] + v"),  # no parentheses the author did not write
    ],
)
def test_written_twin_keeps_the_authors_form(text, shown, scope):
    from symbound.render.mathtext import UnicodePrinter
    from symbound.read.syntax import parse_written

    canonical, twin = parse_expr(text, scope), parse_written(text, scope)
    assert same(twin, canonical)  # the same mathematics
    assert UnicodePrinter(written=True).doprint(twin) == shown


def test_derivation_records_the_written_form_of_every_expression(tmp_path):
    from symbound.read.derivation import read
    from symbound.render.mathtext import Notation

    d = read("derivations/pascanu_arxiv.yaml")
    nt = Notation(d)
    eq6 = next(c for c in d.chains if c.id == "eq6")
    assert nt.text(eq6.links[1].expr) == "(1/γ)·γ" and nt.latex(eq6.links[1].expr) == r"\frac{1}{\gamma} \gamma"
    assert nt.text(eq6.links[1].expr) == nt.text(eq6.links[1].shown)  # the field and the map agree
    product = next(c for c in d.chains if c.id == "product")
    assert nt.text(product.links[-1].expr) == "η^(t − k)"
    assert nt.text(d.model.update) == "W_rec σ(x[k − 1]) + W_in u[k] + b"  # the recurrence as typed
    assert nt.text(d.premises[0].relations[0].lhs) == "|σ'(z)|"


# ---------------------------------------------------------------- the format's first hour


def input_error(path) -> str:
    from symbound.read.derivation import read
    from symbound.errors import InputError

    with pytest.raises(InputError) as info:
        read(path)
    return info.value.message()


def test_a_python_keyword_as_a_name_says_so(tmp_path):
    declared = input_error(derivation_file(tmp_path, "symbols:\n  lambda: {kind: scalar}\nchains:\n  - start: lambda\n    steps:\n      - '<=': lambda\n"))
    assert ":2:3:" in declared and "'lambda' is a Python keyword" in declared and "lambda_1" in declared and "lam" in declared
    used = input_error(derivation_file(tmp_path, "symbols:\n  a: {kind: scalar}\nchains:\n  - start: a\n    steps:\n      - '<=': lambda * a\n"))
    assert "'lambda' is a Python keyword" in used and "lambda_1" in used


def test_a_built_in_name_error_says_how_to_name_it(tmp_path):
    msg = input_error(derivation_file(tmp_path, "symbols:\n  rho: {kind: activation}\nchains:\n  - start: 1\n    steps:\n      - '<=': 1\n"))
    assert "'rho' is the name of a built-in function (the spectral radius)" in msg
    assert "rho_1: {kind: ..., latex: '\\rho'}" in msg and "write rho_1" in msg


def test_a_greek_symbol_and_the_built_in_it_spells_are_told_apart(tmp_path):
    msg = input_error(derivation_file(tmp_path, "symbols:\n  ρ: {kind: activation}\n  z: {kind: scalar}\nchains:\n  - start: rho(z)\n    steps:\n      - '<=': 1\n"))
    assert "'rho(...)' is the built-in rho; the symbol declared as 'ρ' is written ρ(...)" in msg


def test_empty_chains_is_an_input_error(tmp_path):
    msg = input_error(derivation_file(tmp_path, "symbols:\n  a: {kind: scalar}\nchains: []\n"))
    assert ":3:9:" in msg and "`chains:` is empty" in msg


MULTI = """symbols:
  a: {kind: scalar, assume: [positive]}
  b: {kind: scalar, assume: [positive]}
premises:
  P1: "a <= b"
  P2: "b < 1"
chains:
  - id: c1
    start: a
    steps:
      - "<=": b
        by: P1
conclusion:
  claim: "CLAIM"
"""


def test_a_conclusion_may_hold_several_relations_and_each_is_checked(tmp_path):
    from symbound import verify
    from symbound.read.derivation import read

    d = read(derivation_file(tmp_path, MULTI.replace("CLAIM", "a <= b and b < 1")))
    assert [r.rel for r in d.conclusion.relations] == ["<=", "<"]
    assert d.chains[-1].id == "conclusion_2"  # the further relation, checked as a one-step chain
    assert verify(tmp_path / "d.yaml").exit_code == 0
    wrong = verify(derivation_file(tmp_path, MULTI.replace("CLAIM", "a <= b and b < 1/2")))
    assert wrong.exit_code == 1  # the first relation holds, the second does not: never all proved
    assert next(c for c in wrong.chains if c.id == "conclusion_2").status != "proved"
    msg = input_error(derivation_file(tmp_path, MULTI.replace('P2: "b < 1"', 'P2: "b < 1 and a < 1"').replace("CLAIM", "a <= b")))
    assert "only in a conclusion's claim" in msg


# ---------------------------------------------------------------- abbreviations with an index (D[k] := ...)


def test_an_indexed_abbreviation_unfolds_where_it_is_written(scope):
    from symbound.read.syntax import IndexedDefinition, parse_written

    j = sp.Symbol("j", integer=True)
    D = IndexedDefinition("D", j, Diag(Elementwise("sigma", 1, W @ SeqElem("x", j - 1, n, 1))))
    s = scope.with_names({"D": D})
    assert parse_expr("D[k+1]", s) == Diag(Elementwise("sigma", 1, W @ SeqElem("x", k, n, 1)))
    inside = parse_expr("prod(W.T @ D[i], i, k, t)", s)
    i = inside.args[1][0] if isinstance(inside, sp.Product) else inside.limits[0]
    assert {e.index for e in sp.preorder_traversal(inside) if isinstance(e, SeqElem)} == {i - 1}
    twin = parse_written("D[k+1]", s)  # the display twin: D_{k+1}, as written
    assert isinstance(twin, SeqElem) and twin.name == "D" and twin.shape == (n, n) and sp.simplify(twin.index - (k + 1)) == 0
    e = error("norm(D)", s)
    assert "abbreviation with an index" in e.what and e.offset == 5
