"""The operator registry (src/symbound/ops/): every operator declares everything, checked on its own
example, and the parser, printers, evaluator, falsifier and repairs are derived from the declarations."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter

from symbound import ops
from symbound.read import syntax
from symbound.kernel.arith import opaque
from symbound.check.checker import _operators
from symbound.read.derivation import read
from symbound.errors import ExprError, InputError
from symbound.ops.objects import exact, numeric
from symbound.ops.base import NonnegativeScalar, of_matrix, one_matrix
from symbound.ops.registry import SIGNS, Op
from symbound.render import mathml
from symbound.render.mathtext import Notation, UnicodePrinter, text
from symbound.render.script import _Code
from symbound.passes.repairs import _swap_definitions
from symbound.read.syntax import Activation, Scope, Sequence, parse_expr
from symbound.ops.written import written

N = 3
W, V = sp.MatrixSymbol("W", N, N), sp.MatrixSymbol("V", N, N)
B = sp.MatrixSymbol("B", N, 2)
v, u = sp.MatrixSymbol("v", N, 1), sp.MatrixSymbol("u", N, 1)
a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
k = sp.Symbol("k", integer=True)
K = 2  # the value of the index k


def scope() -> Scope:
    """The scope the declared examples are written in (see ``Op.example``)."""
    names = {"W": W, "V": V, "B": B, "v": v, "u": u, "a": a, "b": b, "k": k, "x": Sequence("x", sp.Integer(N), sp.Integer(1)), "sigma": Activation("sigma")}
    return Scope(names, jacobian=lambda of, wrt: ops.Jacobian(of, wrt, W))


def values(rng: np.random.Generator) -> dict:
    """Small integer matrices and rational scalars, for the symbols of ``scope``."""
    out: dict[Any, Any] = {s: rng.integers(-3, 4, size=s.shape).astype(float) for s in (W, V, B, v, u)}
    out.update({a: float(rng.integers(-4, 5)) / 2, b: float(rng.integers(-4, 5)) / 2})
    out.update({ops.SeqElem("x", j, N, 1): rng.integers(-3, 4, size=(N, 1)).astype(float) for j in range(K + 1)})
    return out


def numeric_env(vals: dict) -> dict:
    env = dict(vals)
    env.update({"fn:sigma:0": np.tanh, "fn:sigma:1": lambda z: 1 - np.tanh(z) ** 2})
    return env


def exact_env(vals: dict) -> dict:
    env = {s: (sp.Matrix(x.astype(int)) if isinstance(x, np.ndarray) else sp.Rational(str(x))) for s, x in vals.items()}
    env.update({"fn:sigma:0": sp.tanh, "fn:sigma:1": lambda z: 1 - sp.tanh(z) ** 2})
    return env


def parsed(op: Op) -> Any:
    return parse_expr(op.example, scope()).xreplace({k: sp.Integer(K)})


def nodes(op: Op, e: Any) -> list:
    """The subexpressions of ``e`` the operator built (its root for an operator without a class)."""
    if not op.cls:
        return [e]
    return [n for n in sp.preorder_traversal(e) if isinstance(n, op.cls)]


def as_floats(x: Any) -> np.ndarray:
    if isinstance(x, sp.MatrixBase):
        return np.array(x.evalf(20).tolist(), dtype=complex).real
    return np.atleast_2d(np.asarray(complex(sp.N(x, 20)).real if isinstance(x, sp.Basic) else x, dtype=float))


def check_declaration(op: Op) -> None:
    """Everything an operator must declare, checked on its example (numbers, signs, forms)."""
    assert op.name and op.sign in SIGNS and op.example, op
    assert op.names or op.cls, f"{op.name}: neither a parse name nor a class"
    for name in op.names:
        assert ops.parser(name) is op and name in syntax.FUNCTIONS and ops.reserved()[name] == op.name
    e = parsed(op)
    found = nodes(op, e)
    assert found, f"{op.name}: its example {op.example!r} does not build it"
    for cls in op.cls:
        assert op.evaluate is not None, f"{op.name}: no evaluation"
        assert op.text is not None or hasattr(UnicodePrinter, f"_print_{cls.__name__}"), f"{op.name}: no terminal form"
        assert hasattr(cls, "_latex") or any(hasattr(LatexPrinter, f"_print_{c.__name__}") for c in cls.__mro__[:-1]), f"{op.name}: no LaTeX"
    for node in found:
        shown = text(node)
        # sympy's default form ClassName(…) is no form, unless the class is named as files write it (log)
        repr_head = "\0" if type(node).__name__ in op.names else type(node).__name__
        assert shown and repr_head + "(" not in shown, shown
        assert Notation().latex(node) and "\\" in Notation().latex(node) + "\\"
        if op.cls:  # the HTML page's MathML and the witness script's numpy, from the declared forms
            assert op.numpy is not None, f"{op.name}: no numpy form"
            assert op.mathml is not None or all(hasattr(MathMLPresentationPrinter, f"_print_{c.__name__}") for c in op.cls), op.name
            assert "<m" in mathml.relation(node, "=", node) and repr_head not in mathml.relation(node, "=", node)
            assert _Code({})(node)
        assert written(node) and repr_head + "(" not in written(node), written(node)  # as a file writes it
    rng = np.random.default_rng(7)
    for sample in range(4):
        vals = values(rng)
        for node in found:
            fl = as_floats(numeric(node, numeric_env(vals)))
            ex = exact(node, exact_env(vals)) if sample == 0 else None  # exact evaluation is slower: once
            assert ex is None or np.allclose(fl, as_floats(ex), atol=1e-9), (op.name, fl, ex)
            if op.sign == "matrix":
                assert fl.ndim == 2 and isinstance(node, sp.MatrixExpr)
            else:
                assert fl.size == 1 and np.isfinite(fl).all() and not isinstance(node, sp.MatrixExpr)
            if op.sign == "nonnegative":
                assert float(fl.ravel()[0]) >= 0 and (ex is None or ex.is_nonnegative is not False)
    if op.opaque:  # sympy reasons about it by the declared sign alone
        for node in found:
            assert node.is_real and (op.sign != "nonnegative" or node.is_nonnegative), op.name


def test_the_registry_has_every_operator():
    names = {n for op in ops.REGISTRY for n in op.names}
    assert names == set(syntax.FUNCTIONS) == {"abs", "diag", "dot", "exp", "hadamard", "inner", "inv", "jacobian", "log", "max", "max_abs", "min", "norm", "prod", "rho", "sigma_max", "sigma_min", "spectral_radius", "sqrt", "sum", "transpose"}
    assert set(ops.reserved()) == names | {"fro", "inf"}


@pytest.mark.parametrize("op", ops.REGISTRY, ids=lambda op: op.name)
def test_every_operator_declares_everything(op):
    check_declaration(op)


@pytest.mark.parametrize("op", [op for op in ops.REGISTRY if op.homogeneous], ids=lambda op: op.name)
def test_homogeneous_operators_scale_with_their_matrix(op):
    rng = np.random.default_rng(3)
    for node in nodes(op, parsed(op)):
        Z = sp.MatrixSymbol("Z", *node.args[0].shape)
        scaled = node.func(Z, *node.args[1:])
        A = rng.integers(-3, 4, size=tuple(int(d) for d in Z.shape)).astype(float)
        assert np.isclose(numeric(scaled, {Z: -2.5 * A}), 2.5 * numeric(scaled, {Z: A}))


@pytest.mark.parametrize("op", [op for op in ops.REGISTRY if op.monotone], ids=lambda op: op.name)
def test_monotone_operators_are_nondecreasing_in_each_argument(op):
    lo = op.arity[0] if op.arity else 1
    ps = [sp.Symbol(f"p{j}", real=True) for j in range(lo)]
    e = parse_expr(f"{op.names[0]}({', '.join(map(str, ps))})", Scope({str(p): p for p in ps}))
    rng = np.random.default_rng(5)
    for _ in range(50):
        point = {p: float(rng.uniform(0, 5)) for p in ps}
        for p in ps:
            higher = {**point, p: point[p] + float(rng.uniform(0, 2))}
            assert numeric(e, higher) >= numeric(e, point) - 1e-12


def test_the_known_activations_are_nondecreasing():
    z = sp.Symbol("z", real=True)
    for name, f in ops.KNOWN.items():
        g = sp.lambdify(z, f(z), "numpy")
        grid = np.linspace(-6, 6, 241)
        assert np.all(np.diff(g(grid) * np.ones_like(grid)) >= -1e-12), name


@pytest.mark.parametrize("op", [op for op in ops.REGISTRY if op.alternatives], ids=lambda op: op.name)
def test_repair_alternatives_are_operators_bounding_it_from_above(op):
    rng = np.random.default_rng(11)
    for node in nodes(op, parsed(op)):
        for alt in op.alternatives:
            other = alt(*node.args)
            assert ops.of(other) is not None
            for _ in range(10):
                env = numeric_env(values(rng))
                assert numeric(node, env) <= numeric(other, env) + 1e-9


def test_one_greek_table_for_parsing_and_printing():
    for name, letter in ops.GREEK.items():
        s = sp.Symbol(name)
        assert parse_expr(f"{letter}", Scope({name: s})) == s
        assert text(s) == letter
        assert Notation().latex(s) == "\\" + name


def test_ops_imports_only_low_layers():
    folder = Path(ops.__file__).parent
    allowed = {"sympy", "numpy", "__future__", "ast", "dataclasses", "functools", "typing"}
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if name.startswith("symbound"):
                    assert name.startswith(("symbound.ops", "symbound.errors")), f"{path.name} imports {name}"
                else:
                    assert getattr(node, "level", 0) or name.split(".")[0] in allowed, f"{path.name} imports {name}"


# ---------------------------------------------------------------- a new operator, registered in a test


class SumSquares(NonnegativeScalar):
    """Σ a_ij², a dummy operator: everything it declares must reach every consumer."""

    def __new__(cls, A: Any) -> "SumSquares":
        return sp.Expr.__new__(cls, A)

    def _unicode(self, printer: Any) -> str:
        return f"sumsq({printer._print(self.matrix)})"

    def _latex(self, printer: Any) -> str:
        return r"\operatorname{sumsq}\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        return float(np.sum(np.asarray(A) ** 2))

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return sum((x**2 for x in A), sp.Integer(0))


@pytest.fixture
def sumsq():
    op = ops.register(Op("the sum of squares", (SumSquares,), ("sumsq",), one_matrix(SumSquares, False), text=SumSquares._unicode,
                         mathml=lambda e, m: m.apply(m.mi("sumsq"), e.matrix), numpy=lambda e, code: f"np.sum({code(e.matrix)} ** 2)",
                         evaluate=of_matrix, sign="nonnegative", opaque=True, alternatives=(ops.SigmaMax,), example="sumsq(W - V)"))
    try:
        yield op
    finally:
        ops.unregister(op)


def test_a_registered_operator_reaches_parser_printers_evaluator_and_repairs(sumsq, tmp_path):
    check_declaration(sumsq)
    e = parse_expr("sumsq(W) + 1", scope())
    assert e.args[0] == SumSquares(W) or SumSquares(W) in e.args
    assert "sumsq" in syntax.FUNCTIONS and ops.alternatives(SumSquares) == (ops.SigmaMax,)
    assert text(SumSquares(W)) == "sumsq(W)" and Notation().latex(SumSquares(W)) == r"\operatorname{sumsq}\left(W\right)"
    assert numeric(SumSquares(W), {W: np.ones((N, N))}) == 9.0
    assert mathml.relation(SumSquares(W), "<=", a) == "<math><mrow><mrow><mi>sumsq</mi><mrow><mo>(</mo><mi>W</mi><mo>)</mo></mrow></mrow><mo>&#8804;</mo><mi>a</mi></mrow></math>"
    assert _Code({})(SumSquares(W) + 1) == "(1 + np.sum(W ** 2))"
    assert written(SumSquares(W) + 1) == "sumsq(W) + 1"  # no declared form: the parse name
    assert _operators(SumSquares(W) + 1) == {SumSquares}  # the checker's relevance of near misses
    with pytest.raises(ExprError) as info:
        parse_expr("sumsqq(W)", scope())
    assert "did you mean sumsq" in info.value.instead and "sumsq" in info.value.instead
    held, atoms = opaque(SumSquares(W) + 1)  # arithmetic holds it as an atom of its declared sign
    (atom,) = atoms
    assert atoms[atom] == SumSquares(W) and atom.is_nonnegative and held == atom + 1
    path = tmp_path / "d.yaml"
    path.write_text("symbols:\n  sumsq: {kind: scalar}\nchains:\n  - start: 1\n    steps:\n      - '<=': 1\n")
    with pytest.raises(InputError) as declared:
        read(path)
    assert "'sumsq' is the name of a built-in function (the sum of squares)" in declared.value.message()
    path.write_text("symbols:\n  n: {kind: dimension}\n  W: {kind: matrix, shape: [n, n]}\ndefinitions:\n  s: {value: sumsq(W)}\n"
                    "chains:\n  - start: s\n    steps:\n      - '<=': s\n")
    (swapped,) = [changed for _, changed in _swap_definitions(read(path))]  # the repairs try the declared alternative
    assert swapped.definitions[0].value == ops.SigmaMax(swapped.definitions[0].value.args[0])


def test_an_unregistered_operator_is_gone(sumsq):
    ops.unregister(sumsq)
    try:
        assert "sumsq" not in syntax.FUNCTIONS and "sumsq" not in ops.reserved()
        with pytest.raises(ExprError):
            parse_expr("sumsq(W)", scope())
    finally:
        ops.register(sumsq)


def test_a_name_or_class_declared_twice_is_refused():
    before = list(ops.REGISTRY)
    with pytest.raises(ValueError, match="clashes with the spectral radius"):
        ops.register(Op("another radius", (), ("rho",), example="rho(W)"))
    with pytest.raises(ValueError, match="clashes with the norm"):
        ops.register(Op("another norm", (ops.Norm,), example="norm(W)"))
    with pytest.raises(ValueError, match="clashes with the norm"):
        ops.register(Op("a kind as a function", (), ("fro",), example="fro(W)"))
    assert ops.REGISTRY == before


@pytest.mark.parametrize("n", [3, 5])
def test_exact_spectra_decline_matrices_beyond_exact_arithmetic(n: int) -> None:
    """Entries that are not rational (states computed through tanh), or a rational matrix past EXACT_SPECTRUM,
    are declined at once (NotImplementedError, which the witness checker decides in floating point), never handed to
    a characteristic polynomial over a ring of transcendental numbers; a rational matrix within the bound still gets
    its exact values."""
    from symbound.ops.base import EXACT_DEGREE, EXACT_SPECTRUM, characteristic_roots, singular_values_exact

    transcendental = sp.Matrix(n, n, lambda i, j: sp.tanh(sp.Rational(i + 1, j + 2)) + i - j)
    A = sp.MatrixSymbol("A", n, n)
    for value, declined in ((ops.Norm(A, "2"), "singular values"), (ops.SpectralRadius(A), "eigenvalues")):
        with pytest.raises(NotImplementedError, match=f"no exact {declined}"):  # a norm: before AᵀA is formed
            exact(value, {A: transcendental})
    rotation = sp.Matrix([[sp.sqrt(2) / 2, -sp.sqrt(2) / 2], [sp.sqrt(2) / 2, sp.sqrt(2) / 2]])  # radicals: AᵀA = I
    assert singular_values_exact(rotation) == [1, 1]
    assert singular_values_exact(sp.Matrix([[sp.sqrt(3), 0], [0, sp.Rational(1, 2)]])) == [sp.sqrt(3), sp.Rational(1, 2)]
    with pytest.raises(NotImplementedError):
        characteristic_roots(sp.eye(EXACT_SPECTRUM + 1))
    assert characteristic_roots(sp.eye(EXACT_SPECTRUM)) == [1] * EXACT_SPECTRUM  # one factor of degree 1
    v = sp.Matrix([sp.tanh(sp.Rational(1, 2)), 2 * sp.tanh(sp.Rational(1, 2))])  # a vector: √(vᵀv), any entries
    assert sp.simplify(singular_values_exact(v)[0] - sp.sqrt(5) * sp.tanh(sp.Rational(1, 2))) == 0
    m = EXACT_DEGREE + 1  # the companion matrix of x^m − x − 1, irreducible over the rationals
    companion = sp.Matrix(m, m, lambda i, j: 1 if i == j + 1 or (j == m - 1 and i in (0, 1)) else 0)
    with pytest.raises(NotImplementedError, match="irreducible factor"):
        characteristic_roots(companion)
    rational = sp.Matrix(n, n, lambda i, j: sp.Rational(i - j, j + 1) + (1 if i == j else 0))
    assert abs(float(singular_values_exact(rational)[0]) - np.linalg.norm(np.array(rational.tolist(), dtype=float), 2)) < 1e-12
