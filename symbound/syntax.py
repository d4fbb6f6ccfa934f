"""The expression language: a safe parser from numpy/LaTeX-like text to sympy objects.

Text is parsed by Python's ``ast`` module (parsing only, nothing is evaluated) and translated node by
node through a whitelist; anything else (attribute access other than ``.T``, calls to unknown names,
lambdas, comprehensions, strings, dunder names ...) is an error.  No ``eval``, no ``sympify`` of file text.

    A @ B   A.T   c * A   a / b   a ** b   -a   a + b
    norm(A)  norm(A, 2)  norm(A, fro)  norm(A, 1)  norm(A, inf)
    rho(A)  sigma_max(A)  sigma_min(A)  diag(v)  max_abs(v)  abs(a)  max(a, b)  min(a, b)  sqrt(a)
    x[k]  x[k-1]          elements of a sequence
    sigma(v)  sigma'(v)   an activation (elementwise on vectors) and its derivative
    prod(body, i, a, b)   the product over i = a..b (ordered, for matrices)
    jacobian(x[k+1], x[k])   the Jacobian of the model, derived by sympy
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from .errors import ExprError
from .objects import (
    Diag,
    Elementwise,
    MatProd,
    MaxAbs,
    Norm,
    ScalarApply,
    SeqElem,
    SigmaMax,
    SigmaMin,
    SpectralRadius,
    evaluated,
)

MAX_EXPR_CHARS = 2000
MAX_NESTING = 40
MAX_NUMBER_DIGITS = 60
RELATIONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "="}
NORM_ALIASES = {"1": "1", "2": "2", "inf": "inf", "oo": "inf", "fro": "fro", "F": "fro"}
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


@dataclass(frozen=True)
class Sequence:
    """A sequence indexed by time, whose elements are rows×cols matrices (cols = 1: vectors)."""

    name: str
    rows: sp.Expr
    cols: sp.Expr


@dataclass(frozen=True)
class Activation:
    """An elementwise activation; ``function`` is a known sympy function name or None (abstract)."""

    name: str
    function: str | None = None


@dataclass(frozen=True)
class NormKindVar:
    """A pattern variable standing for a norm kind (used in lemma statements: norm(A, p))."""

    name: str


@dataclass
class Scope:
    """The names an expression may use, each bound to its sympy object."""

    names: dict[str, Any] = field(default_factory=dict)
    # a callback for jacobian(of, wrt), installed by the model
    jacobian: Callable[[MatrixExpr, MatrixExpr], MatrixExpr] | None = None

    def with_names(self, extra: dict[str, Any]) -> "Scope":
        return Scope({**self.names, **extra}, self.jacobian)


@dataclass(frozen=True)
class Relation:
    """``lhs rel rhs`` as written, rel one of = <= < >= >."""

    lhs: sp.Basic
    rel: str
    rhs: sp.Basic


def _preprocess(text: str) -> str:
    """Turn paper notation Python cannot parse into names it can: σ'(x) → σ__d1(x), λ₁ → λ_1."""
    text = re.sub(r"([^\W\d]\w*)((?:')+)", lambda m: f"{m.group(1)}__d{len(m.group(2))}", text)
    text = re.sub(r"(?<=\w)([₀-₉]+)", lambda m: "_" + m.group(1).translate(_SUBSCRIPTS), text)
    return text.replace("−", "-").replace("·", "*").replace("×", "*")


def _nesting(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    return best


def _parse_ast(text: str) -> ast.expr:
    if len(text) > MAX_EXPR_CHARS:
        raise ExprError(f"the expression is {len(text)} characters long", f"keep expressions under {MAX_EXPR_CHARS} characters; name parts in `definitions`")
    if _nesting(text) > MAX_NESTING or text.count("**") > MAX_NESTING or text.count("-") > 4 * MAX_NESTING:
        raise ExprError("the expression is nested too deeply", "name parts of it in `definitions`")
    if "'" in text or '"' in text:
        raise ExprError("quotes are not part of the expression language", "write norm kinds as bare words: norm(A, fro)", text.find("'") if "'" in text else text.find('"'))
    if "^" in text:
        raise ExprError("'^' is not a power here", "write powers with ** (eta ** (t - k))", text.find("^"))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cannot parse the expression ({exc.msg})", "see docs/format.md, 'Expressions'", max((exc.offset or 1) - 1, 0)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError("the expression is nested too deeply", "name parts of it in `definitions`") from None
    return tree.body


class _Translator:
    """Whitelisted translation of a parsed expression into sympy objects, with shape checks."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    # --- helpers
    def err(self, node: ast.AST, what: str, instead: str = "") -> ExprError:
        return ExprError(what, instead, getattr(node, "col_offset", 0))

    def scalar(self, node: ast.expr) -> sp.Expr:
        value = self.visit(node)
        if isinstance(value, MatrixExpr):
            raise self.err(node, f"expected a scalar here, got a {_shape_text(value)} matrix", "take a norm, e.g. norm(...), to get a scalar")
        return value

    def matrix(self, node: ast.expr) -> MatrixExpr:
        value = self.visit(node)
        if not isinstance(value, MatrixExpr):
            raise self.err(node, "expected a matrix or vector here, got a scalar", "pass a matrix or vector")
        return value

    # --- dispatch
    def visit(self, node: ast.expr) -> Any:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.err(node, f"'{type(node).__name__}' is not allowed in an expression", "use names, numbers, + - * / ** @, .T and the functions of docs/format.md")
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.err(node, f"the literal {value!r} is not a number", "write numbers and names only")
        if isinstance(value, int):
            if abs(value) >= 10**MAX_NUMBER_DIGITS:
                raise self.err(node, "the number is too large", f"use numbers under 10**{MAX_NUMBER_DIGITS}")
            return sp.Integer(value)
        if not math.isfinite(value):
            raise self.err(node, "the number is not finite", "write a finite number")
        return sp.Rational(repr(value))

    def visit_Name(self, node: ast.Name) -> Any:
        name = node.id
        if name.startswith("__") or "__" in name and not re.fullmatch(r"\w+__d\d+", name):
            raise self.err(node, f"the name '{name}' is not allowed", "use plain names declared in `symbols`")
        if name not in self.scope.names:
            raise self.err(node, f"unknown symbol '{name}'", "declare it under `symbols` or `definitions`")
        value = self.scope.names[name]
        if isinstance(value, (Sequence, Activation, NormKindVar)):
            kind = "sequence" if isinstance(value, Sequence) else "activation"
            use = f"{name}[k]" if kind == "sequence" else f"{name}(x)"
            raise self.err(node, f"'{name}' is a {kind}", f"write {use}")
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.visit(node.operand)
        if isinstance(node.op, ast.USub):
            if isinstance(value, MatrixExpr):
                return sp.MatMul(sp.Integer(-1), value)
            return sp.Mul(sp.Integer(-1), value, evaluate=False) if not value.is_Number else -value
        if isinstance(node.op, ast.UAdd):
            return value
        raise self.err(node, "this unary operator is not allowed", "use - or +")

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        op = type(node.op)
        if op is ast.BitXor:
            raise self.err(node, "'^' is not a power here", "write powers with **")
        left, right = self.visit(node.left), self.visit(node.right)
        lm, rm = isinstance(left, MatrixExpr), isinstance(right, MatrixExpr)
        if op is ast.MatMult:
            if not (lm and rm):
                raise self.err(node, "@ multiplies two matrices or a matrix and a vector", "use * to scale by a scalar")
            if left.shape[1] != right.shape[0]:
                raise self.err(
                    node,
                    f"shape mismatch in @: the left side is {_shape_text(left)}, the right side is {_shape_text(right)}",
                    f"the right side needs {left.shape[1]} rows",
                )
            return sp.MatMul(*_factors(left), *_factors(right))
        if op in (ast.Add, ast.Sub):
            if lm != rm:
                raise self.err(node, "cannot add a matrix and a scalar", "add matrices of the same shape, or scalars")
            if lm:
                if left.shape != right.shape:
                    raise self.err(node, f"shape mismatch in +: {_shape_text(left)} and {_shape_text(right)}", "add matrices of the same shape")
                return sp.MatAdd(left, right if op is ast.Add else sp.MatMul(sp.Integer(-1), right))
            with sp.evaluate(False):
                return sp.Add(left, right if op is ast.Add else sp.Mul(sp.Integer(-1), right))
        if op is ast.Mult:
            if lm and rm:
                raise self.err(node, "* between two matrices is ambiguous", "write @ for the matrix product")
            if lm or rm:
                return sp.MatMul(*_factors(left), *_factors(right))
            with sp.evaluate(False):
                return sp.Mul(left, right)
        if op is ast.Div:
            if rm:
                raise self.err(node, "cannot divide by a matrix", "multiply by an inverse is not supported; divide by scalars")
            inv = sp.Pow(right, -1, evaluate=False) if not right.is_Number else 1 / right
            if lm:
                return sp.MatMul(inv, *_factors(left))
            if left == 1:
                return inv
            with sp.evaluate(False):
                return sp.Mul(left, inv)
        if op is ast.Pow:
            if rm:
                raise self.err(node, "the exponent must be a scalar", "write A ** 2 or eta ** (t - k)")
            if right.is_Number and left.is_Number and not lm:
                size = abs(float(right)) * math.log10(max(abs(float(left)), 2.0))
                if size > MAX_NUMBER_DIGITS:
                    raise self.err(node, "the number is too large", f"use numbers under 10**{MAX_NUMBER_DIGITS}")
            if lm:
                if left.shape[0] != left.shape[1]:
                    raise self.err(node, f"only square matrices have powers; this one is {_shape_text(left)}", "take the power of a square matrix")
                if not (right.is_Integer and right >= 0):
                    raise self.err(node, "a matrix power needs a nonnegative integer exponent", "write A ** 2")
                return sp.MatPow(left, right)
            return sp.Pow(left, right, evaluate=False)
        raise self.err(node, "this operator is not allowed", "use + - * / ** @")

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        if node.attr != "T":
            raise self.err(node, f"attribute '.{node.attr}' is not allowed", "only .T (transpose) is available")
        return sp.Transpose(self.matrix(node.value))

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        if not isinstance(node.value, ast.Name):
            raise self.err(node, "only sequences can be indexed", "write x[k] for a declared sequence x")
        seq = self.scope.names.get(node.value.id)
        if not isinstance(seq, Sequence):
            what = "unknown symbol" if seq is None else "not a sequence"
            raise self.err(node, f"'{node.value.id}' is {what}; only sequences can be indexed", "declare it with `kind: sequence`")
        index = evaluated(self.scalar(node.slice))
        return SeqElem(seq.name, index, seq.rows, seq.cols)

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        raise self.err(node, "a bare tuple is not an expression", "tuples appear only in prod(body, (i, a, b))")

    def visit_Call(self, node: ast.Call) -> Any:
        if node.keywords:
            raise self.err(node, "keyword arguments are not allowed", "pass arguments by position")
        if not isinstance(node.func, ast.Name):
            raise self.err(node, "only named functions can be called", "see the function list in docs/format.md")
        name = node.func.id
        m = re.fullmatch(r"(\w+?)__d(\d+)", name)
        base, order = (m.group(1), int(m.group(2))) if m else (name, 0)
        target = self.scope.names.get(base)
        if isinstance(target, Activation):
            return self.activation(node, target, order)
        if m:
            raise self.err(node, f"'{base}' is not an activation, so {base}' has no meaning", "declare it with `kind: activation`")
        if name in self.scope.names:
            raise self.err(node, f"'{name}' is a symbol, not a function", "call functions such as norm(...), rho(...)")
        fn = getattr(self, f"fn_{name}", None)
        if fn is None or name.startswith("_"):
            raise self.err(node, f"unknown function '{name}'", "available: " + ", ".join(FUNCTIONS))
        return fn(node, node.args)

    def activation(self, node: ast.Call, act: Activation, order: int) -> Any:
        if len(node.args) != 1:
            raise self.err(node, f"{act.name} takes one argument", f"write {act.name}(x)")
        arg = self.visit(node.args[0])
        if isinstance(arg, MatrixExpr):
            return Elementwise(act.name, order, arg)
        return ScalarApply(act.name, order, arg)

    def arity(self, node: ast.Call, args: list[ast.expr], lo: int, hi: int | None = None) -> None:
        hi = lo if hi is None else hi
        if not lo <= len(args) <= hi:
            name = node.func.id  # type: ignore[attr-defined]
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            raise self.err(node, f"{name} takes {want} argument(s), got {len(args)}", f"see {name} in docs/format.md")

    # --- the functions
    def fn_norm(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        self.arity(node, args, 1, 2)
        A = self.matrix(args[0])
        kind = "2"
        if len(args) == 2:
            k = args[1]
            key = str(k.value) if isinstance(k, ast.Constant) else (k.id if isinstance(k, ast.Name) else None)
            if isinstance(self.scope.names.get(key), NormKindVar):
                return Norm(A, key)
            if key not in NORM_ALIASES:
                raise self.err(k, "unknown norm", "write norm(A), norm(A, 2), norm(A, 1), norm(A, inf) or norm(A, fro)")
            kind = NORM_ALIASES[key]
        return Norm(A, kind)

    def _square(self, node: ast.Call, args: list[ast.expr], cls: type, square: bool) -> sp.Expr:
        self.arity(node, args, 1)
        A = self.matrix(args[0])
        if square and A.shape[0] != A.shape[1]:
            raise self.err(node, f"{node.func.id} needs a square matrix, this one is {_shape_text(A)}", "apply it to a square matrix")  # type: ignore[attr-defined]
        return cls(A)

    def fn_rho(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        return self._square(node, args, SpectralRadius, True)

    fn_spectral_radius = fn_rho

    def fn_sigma_max(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        return self._square(node, args, SigmaMax, False)

    def fn_sigma_min(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        return self._square(node, args, SigmaMin, False)

    def fn_max_abs(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        return self._square(node, args, MaxAbs, False)

    def fn_diag(self, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
        self.arity(node, args, 1)
        v = self.matrix(args[0])
        if v.shape[1] != 1:
            raise self.err(node, f"diag takes a vector (n×1), got {_shape_text(v)}", "pass a column vector")
        return Diag(v)

    def fn_transpose(self, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
        self.arity(node, args, 1)
        return sp.Transpose(self.matrix(args[0]))

    def fn_abs(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        self.arity(node, args, 1)
        return sp.Abs(self.scalar(args[0]), evaluate=False)

    def fn_sqrt(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        self.arity(node, args, 1)
        return sp.Pow(self.scalar(args[0]), sp.Rational(1, 2), evaluate=False)

    def fn_max(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        self.arity(node, args, 2, 8)
        return sp.Max(*[self.scalar(a) for a in args], evaluate=False)

    def fn_min(self, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        self.arity(node, args, 2, 8)
        return sp.Min(*[self.scalar(a) for a in args], evaluate=False)

    def fn_prod(self, node: ast.Call, args: list[ast.expr]) -> Any:
        if len(args) == 2 and isinstance(args[1], ast.Tuple):
            args = [args[0], *args[1].elts]
        self.arity(node, args, 4)
        var = args[1]
        if not isinstance(var, ast.Name) or var.id in self.scope.names and not isinstance(self.scope.names[var.id], sp.Symbol):
            raise self.err(var, "the product's index must be a new name", "write prod(body, i, a, b)")
        i = sp.Symbol(var.id, integer=True)
        inner = _Translator(self.scope.with_names({var.id: i}))
        lo, hi = evaluated(self.scalar(args[2])), evaluated(self.scalar(args[3]))
        body = inner.visit(args[0])
        if isinstance(body, MatrixExpr):
            if body.shape[0] != body.shape[1]:
                raise self.err(node, f"a product of matrices needs square factors, this one is {_shape_text(body)}", "multiply square matrices")
            return MatProd(body, (i, lo, hi))
        return sp.Product(body, (i, lo, hi))

    def fn_jacobian(self, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
        self.arity(node, args, 2)
        of, wrt = self.matrix(args[0]), self.matrix(args[1])
        if self.scope.jacobian is None:
            raise self.err(node, "jacobian(...) needs a model", "add a `model:` section with the recurrence")
        try:
            return self.scope.jacobian(of, wrt)
        except ExprError as exc:
            raise ExprError(exc.what, exc.instead, node.col_offset) from None


FUNCTIONS = sorted(n[3:] for n in dir(_Translator) if n.startswith("fn_"))


def _factors(m: Any) -> tuple:
    return m.args if isinstance(m, sp.MatMul) else (m,)


def _shape_text(m: MatrixExpr) -> str:
    r, c = m.shape
    return f"{r}×{c}"


def parse_expr(text: str, scope: Scope) -> Any:
    """Parse one expression (scalar or matrix) into a sympy object."""
    tree = _parse_ast(_preprocess(str(text)))
    try:
        return _Translator(scope).visit(tree)
    except RecursionError:
        raise ExprError("the expression is nested too deeply", "name parts of it in `definitions`") from None


def parse_relations(text: str, scope: Scope) -> list[Relation]:
    """Parse ``a <= b`` (or a chain ``0 <= a < 1``) into relations."""
    tree = _parse_ast(_preprocess(str(text)))
    if not isinstance(tree, ast.Compare):
        raise ExprError("expected a relation such as `a <= b`", "write lhs <= rhs (or <, =, >=, >); use == or = for equality")
    tr = _Translator(scope)
    terms = [tr.visit(tree.left)] + [tr.visit(c) for c in tree.comparators]
    out = []
    for (op, lhs, rhs) in zip(tree.ops, terms, terms[1:]):
        if type(op) not in RELATIONS:
            raise ExprError("this comparison is not allowed", "use <=, <, >=, > or ==", tree.col_offset)
        if isinstance(lhs, MatrixExpr) or isinstance(rhs, MatrixExpr):
            if type(op) is not ast.Eq:
                raise ExprError("matrices are not ordered", "compare scalars, e.g. norm(A) <= c", tree.col_offset)
        out.append(Relation(lhs, RELATIONS[type(op)], rhs))
    return out


def split_equation(text: str) -> tuple[str, str] | None:
    """Split ``lhs = rhs`` on its single '=' (not part of ==, <=, >=); None when there is none."""
    parts = re.split(r"(?<![<>=!])=(?!=)", text)
    if len(parts) != 2:
        return None
    return parts[0], parts[1]
