"""The expression language: a safe parser from numpy/LaTeX-like text to sympy objects.

Text is parsed by Python's ``ast`` module (parsing only, nothing is evaluated) and translated node by
node through a whitelist; anything else (attribute access other than ``.T``, calls to unknown names,
lambdas, comprehensions, strings, dunder names ...) is an error.  No ``eval``, no ``sympify`` of file text.

    A @ B   A.T   c * A   a / b   a ** b   -a   a + b
    norm(A)  norm(A, 2)  norm(A, fro)  norm(A, 1)  norm(A, inf)
    rho(A)  sigma_max(A)  sigma_min(A)  diag(v)  max_abs(v)  abs(a)  max(a, b)  min(a, b)  sqrt(a)
    I                     the identity matrix, its size taken from what it is added to or multiplied with
    hadamard(u, v)  u * v   the entrywise product (``*`` only between two vectors of the same shape)
    x[k]  x[k-1]          elements of a sequence
    sigma(v)  sigma'(v)   an activation (elementwise on vectors) and its derivative
    prod(body, i, a, b)   the product over i = a..b (ordered, for matrices)
    jacobian(x[k+1], x[k])   the Jacobian of the model, derived from the recurrence
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import ExprError
from symbound.read.exprtext import NOT_ALLOWED, TOO_DEEP, Source, parse_ast
from symbound.read.identity import IDENTITY_NAME, UNSIZED, ScaledIdentity, identity_op, sized_identities
from symbound import ops
from symbound.ops.exponential import E_NAME
from symbound.ops.inner import as_scalar
from symbound.ops.inverse import inverse
from symbound.ops.objects import evaluated
from symbound.ops import Coordinate, Hadamard, SeqElem
from symbound.ops import NormKindVar, spelled
from symbound.ops import shape_text as _shape_text

MAX_NUMBER_DIGITS = 60
MAX_PRODUCT_FACTORS = 10_000  # prod(body, i, a, b) with numeric bounds
RELATIONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "="}


@dataclass(frozen=True)
class Sequence:
    """A sequence indexed by time (or layer), whose elements are rows×cols matrices (cols = 1: vectors); with a
    ``parameter``, the shape depends on the element's index (W[l] of shape n[l] × n[l−1])."""

    name: str
    rows: sp.Expr
    cols: sp.Expr
    parameter: sp.Symbol | None = None

    def at(self, index: Any) -> SeqElem:
        """The element at ``index``, of the shape the declaration gives it there."""
        if self.parameter is None:
            return SeqElem(self.name, index, self.rows, self.cols)
        rows, cols = (evaluated(d.xreplace({self.parameter: index})) for d in (self.rows, self.cols))
        return SeqElem(self.name, index, rows, cols)


@dataclass(frozen=True)
class DimensionFamily:
    """A family of dimensions n[l] (a width per layer), declared ``{kind: dimension, indexed: true}``: its
    elements are positive whole numbers, used in shapes only (``in_shape``: the scope of a shape entry)."""

    name: str
    in_shape: bool = False

    def at(self, index: Any) -> sp.Indexed:
        return sp.IndexedBase(self.name, integer=True, positive=True)[index]


@dataclass(frozen=True)
class Activation:
    """An elementwise activation; ``function`` is a known sympy function name or None (abstract)."""

    name: str
    function: str | None = None


@dataclass(frozen=True)
class IndexedDefinition:
    """An abbreviation with an index parameter, ``D[k] := value``: ``D[e]`` is the value at k = e for
    checking, and prints as the paper writes it (D_{e})."""

    name: str
    parameter: sp.Symbol
    value: Any
    offset: Any = sp.Integer(0)  # written D[k+1] := value (in k): D[e] is the value at k = e − 1

    def at(self, index: Any, written: bool) -> Any:
        """``D[index]``: the value with the parameter replaced (its display twin D_{index} when ``written``)."""
        if not written:  # as written (a division kept: its side condition is the kernel's to check), indices evaluated
            at = evaluated(index - self.offset)  # (evaluated outside sympy's evaluate(False): its results are cached)
            with sp.evaluate(False):
                value = self.value.xreplace({self.parameter: at})
            indices = {n: evaluated(n) for n in sp.preorder_traversal(value) if isinstance(n, SeqElem)}
            with sp.evaluate(False):
                return value.xreplace(indices)
        if isinstance(self.value, MatrixExpr):
            return SeqElem(self.name, index, *self.value.shape)
        return sp.Indexed(sp.IndexedBase(self.name), index)


@dataclass
class Scope:
    """The names an expression may use, each bound to its sympy object."""

    names: dict[str, Any] = field(default_factory=dict)
    # a callback for jacobian(of, wrt), installed by the model
    jacobian: Callable[[MatrixExpr, MatrixExpr], MatrixExpr] | None = None
    # LaTeX and copied PDF mathematics, spelled in this language with each character's origin
    # (read/latex.py; None for text already in this language)
    notation: Callable[[str, dict[str, Any]], tuple[str, list[int]] | None] | None = None
    # a range's bounds must be whole numbers (a file's terms); the library's patterns range over any scalar d, e
    whole_bounds: bool = True

    def with_names(self, extra: dict[str, Any]) -> "Scope":
        return Scope({**self.names, **extra}, self.jacobian, self.notation, self.whole_bounds)


@dataclass(frozen=True)
class Relation:
    """``lhs rel rhs`` as written, rel one of = <= < >= >."""

    lhs: sp.Basic
    rel: str
    rhs: sp.Basic


def normalised(lhs: Any, rel: str, rhs: Any) -> tuple[Any, str, Any]:
    """≥ and > turned around: ``a <= b``, ``a < b`` or ``a = b``."""
    if rel in (">=", ">"):
        return rhs, "<=" if rel == ">=" else "<", lhs
    return lhs, "=" if rel == "==" else rel, rhs


class _Translator:
    """Whitelisted translation of a parsed expression into sympy objects, with shape checks."""

    def __init__(self, scope: Scope, source: Source | None = None, written: bool = False) -> None:
        self.scope = scope
        self.source = source
        # written: build the display twin instead (nothing evaluated, the author's order and division kept)
        self.written = written

    def index(self, e: Any) -> Any:
        """A time index or bound: evaluated for checking, as written for the twin."""
        return e if self.written else evaluated(e)

    # --- helpers
    def err(self, node: ast.AST, what: str, instead: str = "", name: str = "") -> ExprError:
        offset = getattr(node, "col_offset", 0)
        if self.source is not None:
            offset = self.source.char_offset(offset)
        return ExprError(what, instead, offset, name)

    def sized(self, node: ast.expr) -> Any:
        """The value of a node, which may not be an identity whose size is still unknown."""
        value = self.visit(node)
        if isinstance(value, ScaledIdentity):
            raise self.err(node, *UNSIZED)
        return value

    def scalar(self, node: ast.expr) -> sp.Expr:
        value = self.sized(node)
        if isinstance(value, MatrixExpr):
            raise self.err(node, f"expected a scalar here, got a {_shape_text(value)} matrix", "take a norm, e.g. norm(...), to get a scalar")
        return value

    def matrix(self, node: ast.expr) -> MatrixExpr:
        value = self.sized(node)
        if not isinstance(value, MatrixExpr):
            raise self.err(node, "expected a matrix or vector here, got a scalar", "pass a matrix or vector")
        return value

    # --- dispatch
    def visit(self, node: ast.expr) -> Any:
        kind = type(node).__name__
        method = getattr(self, f"visit_{kind}", None)
        if method is None:
            if kind in NOT_ALLOWED:
                raise self.err(node, *NOT_ALLOWED[kind])
            raise self.err(node, f"'{kind}' is not allowed in an expression", "use names, numbers, + - * / ** @, .T and the functions of docs/format.md")
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
        if value != 0 and not 10.0 ** -MAX_NUMBER_DIGITS < abs(value) < 10.0**MAX_NUMBER_DIGITS:
            raise self.err(node, "the number is too large or too small", f"use numbers between 10**-{MAX_NUMBER_DIGITS} and 10**{MAX_NUMBER_DIGITS}")
        return sp.Rational(repr(value))

    def visit_Name(self, node: ast.Name) -> Any:
        name = node.id
        if name.startswith("__") or "__" in name and not re.fullmatch(r"\w+__d\d+", name):
            raise self.err(node, f"the name '{name}' is not allowed", "use plain names declared in `symbols`")
        if name == IDENTITY_NAME and name not in self.scope.names:
            return ScaledIdentity()
        if name == E_NAME and name not in self.scope.names:
            return sp.E
        if name not in self.scope.names:
            as_spelled = spelled(name)  # paper notation: λ₁ → λ_1 → lambda_1, γ → gamma
            if as_spelled == name or as_spelled not in self.scope.names:
                raise self.err(node, f"unknown symbol '{name}'", _did_you_mean(name, self.scope.names, "declare it under `symbols` or `definitions`"), name)
            name = as_spelled
        value = self.scope.names[name]
        if isinstance(value, IndexedDefinition):
            raise self.err(node, f"'{name}' is an abbreviation with an index", f"write it at an index: {name}[k], {name}[k+1]")
        if isinstance(value, DimensionFamily):
            raise self.err(node, f"'{name}' is a family of dimensions (a width per layer)", f"write one of its elements in a shape: {name}[l], {name}[l-1], {name}[0]")
        if isinstance(value, (Sequence, Activation, NormKindVar)):
            kind = "sequence" if isinstance(value, Sequence) else "activation" if isinstance(value, Activation) else "norm kind"
            use = f"{name}[k]" if isinstance(value, Sequence) else f"{name}(x)" if isinstance(value, Activation) else f"norm(A, {name})"
            raise self.err(node, f"'{name}' is {'an' if kind[0] == 'a' else 'a'} {kind}", f"write {use}")
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.visit(node.operand)
        if isinstance(value, ScaledIdentity) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return value.negated() if isinstance(node.op, ast.USub) else value
        if isinstance(node.op, ast.USub):
            if isinstance(value, MatrixExpr):
                return sp.MatMul(sp.Integer(-1), value)
            return sp.Mul(sp.Integer(-1), value, evaluate=False) if self.written or not value.is_Number else -value
        if isinstance(node.op, ast.UAdd):
            return value
        raise self.err(node, "this unary operator is not allowed", "use - or +")

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        op = type(node.op)
        if op is ast.BitXor:
            raise self.err(node, "'^' is not a power here", "write powers with **")
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(left, ScaledIdentity) or isinstance(right, ScaledIdentity):
            unsized = identity_op(self, node, op, left, right)
            if unsized is not None:
                return unsized
            left, right = sized_identities(self, node, op, left, right)
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
            product = sp.MatMul(*_factors(left), *_factors(right))
            # xᵀy, xᵀAy: a scalar; a product of 1×1 matrices (a one-unit state) stays a matrix
            inner = product.shape == (1, 1) and left.shape[1] != 1
            return as_scalar(product, not self.written) if inner else product
        if op in (ast.Add, ast.Sub):
            if lm != rm:
                raise self.err(node, "cannot add a matrix and a scalar", "add matrices of the same shape, or scalars")
            if lm:
                if left.shape != right.shape:
                    raise self.err(node, f"shape mismatch in +: {_shape_text(left)} and {_shape_text(right)}", "add matrices of the same shape")
                if self.written and isinstance(left, sp.MatAdd):
                    return sp.MatAdd(*left.args, right if op is ast.Add else sp.MatMul(sp.Integer(-1), right))
                return sp.MatAdd(left, right if op is ast.Add else sp.MatMul(sp.Integer(-1), right))
            with sp.evaluate(False):
                return sp.Add(left, right if op is ast.Add else sp.Mul(sp.Integer(-1), right))
        if op is ast.Mult:
            if lm and rm:
                if left.shape == right.shape and 1 in (left.shape[0], left.shape[1]):
                    return Hadamard(left, right)  # two vectors of the same shape: entrywise, as in numpy
                raise self.err(node, "* between two matrices is ambiguous", "write @ for the matrix product, or hadamard(A, B) for the entrywise product")
            if lm or rm:
                return sp.MatMul(*_factors(left), *_factors(right))
            with sp.evaluate(False):
                return sp.Mul(left, right)
        if op is ast.Div:
            if rm:
                raise self.err(node, "cannot divide by a matrix", "multiply by the inverse: B @ inv(A)")
            inv = sp.Pow(right, -1, evaluate=False) if self.written or not right.is_Number else 1 / right
            if lm:
                return sp.MatMul(inv, *_factors(left))
            if left == 1 and not (self.written and left.is_Float):
                return inv
            with sp.evaluate(False):
                return sp.Mul(left, inv)
        if op is ast.Pow:
            if rm:
                raise self.err(node, "the exponent must be a scalar", "write A ** 2 or eta ** (t - k)")
            if not lm and _is_constant(left) and _is_constant(right):
                if _digits(sp.Pow(left, right, evaluate=False)) > MAX_NUMBER_DIGITS:
                    raise self.err(node, "the number is too large", f"use numbers under 10**{MAX_NUMBER_DIGITS} (powers of numbers are computed exactly)")
            if lm:
                if left.shape[0] != left.shape[1]:
                    raise self.err(node, f"only square matrices have powers; this one is {_shape_text(left)}", "take the power of a square matrix")
                if evaluated(right) == -1:
                    return inverse(self, node, left)
                if not (right.is_integer and right.is_nonnegative is not False):
                    raise self.err(node, "a matrix power needs a nonnegative integer exponent (or -1, the inverse)", "write A ** 2, A ** (t - k) with integer indices, or inv(A) ** 2 for A⁻²")
                return sp.MatPow(left, self.index(right))
            return sp.Pow(left, right, evaluate=False)
        raise self.err(node, "this operator is not allowed", "use + - * / ** @")

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        if node.attr != "T":
            raise self.err(node, f"attribute '.{node.attr}' is not allowed", "only .T (transpose) is available")
        value = self.visit(node.value)
        if isinstance(value, ScaledIdentity):
            return value  # Iᵀ = I
        return sp.Transpose(self.matrix(node.value))

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        if not isinstance(node.value, ast.Name) or isinstance(self.scope.names.get(node.value.id), MatrixExpr):
            vector = self.visit(node.value)  # v[i], h[t][i]: a coordinate, counted from 1
            if not (isinstance(vector, MatrixExpr) and 1 in vector.shape):
                what = f"'{node.value.id}' is a matrix; " if isinstance(node.value, ast.Name) else ""
                raise self.err(node, what + "only sequences and vectors can be indexed", "write x[k] for a declared sequence x, v[i] for the i-th coordinate of a vector v")
            index = self.index(self.scalar(node.slice))
            if index.is_integer is not True:
                raise self.err(node.slice, "a coordinate's index is a whole number or an integer index", "write v[1] or v[i] with i declared `kind: index`")
            return Coordinate(vector, index)
        seq = self.scope.names.get(node.value.id)
        if isinstance(seq, IndexedDefinition):
            return seq.at(self.index(self.scalar(node.slice)), self.written)
        if isinstance(seq, DimensionFamily):
            if not seq.in_shape:
                raise self.err(node, f"'{node.value.id}' is a family of dimensions (a width per layer), which only shapes may use",
                               f"write it in a shape, e.g. shape: [\"{node.value.id}[l]\", \"{node.value.id}[l-1]\"]; for a scalar, declare one (`kind: scalar`) and state its value in a premise")
            index = self.index(self.scalar(node.slice))
            if index.is_integer is not True:
                raise self.err(node.slice, f"the index of '{node.value.id}' is a whole number or an integer index", f"write {node.value.id}[l], {node.value.id}[l-1] or {node.value.id}[0]")
            return seq.at(index)
        if not isinstance(seq, Sequence):
            if seq is None:
                raise self.err(node, f"unknown symbol '{node.value.id}'", _did_you_mean(node.value.id, self.scope.names, "declare it with `kind: sequence`"), node.value.id)
            raise self.err(node, f"'{node.value.id}' is not a sequence or a vector; only those can be indexed", "declare it with `kind: sequence` (or `kind: vector` for its coordinates v[i])")
        index = self.index(self.scalar(node.slice))
        return seq.at(index)

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        raise self.err(node, "a bare tuple is not an expression", "tuples appear only in prod(body, (i, a, b))")

    def visit_Call(self, node: ast.Call) -> Any:
        if node.keywords:
            raise self.err(node, "keyword arguments are not allowed", "pass arguments by position")
        if not isinstance(node.func, ast.Name):
            self.visit(node.func)  # the more precise error first (a lambda, an attribute ...), if there is one
            raise self.err(node, "only named functions can be called", "see the function list in docs/format.md")
        name = node.func.id
        m = re.fullmatch(r"(\w+?)__d(\d+)", name)
        base, order = (m.group(1), int(m.group(2))) if m else (name, 0)
        if base not in self.scope.names:
            as_spelled = spelled(base)  # σ(x) → sigma(x)
            if as_spelled in self.scope.names:
                base = name = as_spelled
        target = self.scope.names.get(base)
        if isinstance(target, Activation):
            return self.activation(node, target, order)
        if m:
            raise self.err(node, f"'{base}' is not an activation, so {base}' has no meaning", "declare it with `kind: activation`")
        if name in self.scope.names:
            raise self.err(node, f"'{name}' is a symbol, not a function", "call functions such as norm(...), rho(...)")
        op = ops.parser(name)
        if op is None or name.startswith("_"):
            if "__" in name:
                raise self.err(node, f"the name '{name}' is not allowed", "call the functions of docs/format.md")
            functions = ops.function_names()
            close = difflib.get_close_matches(name, functions, n=2, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise self.err(node, f"unknown function '{name}'", hint + "available: " + ", ".join(functions))
        try:
            if op.arity is not None:
                self.arity(node, node.args, *op.arity)
            return op.parse(self, node, node.args)  # type: ignore[misc]
        except ExprError as exc:
            greek = ops.GREEK.get(name)
            if greek in self.scope.names:  # ρ declared, rho(...) written: say which one rho(...) is
                exc.what += f" ('{name}(...)' is the built-in {name}; the symbol declared as '{greek}' is written {greek}(...))"
            raise

    def activation(self, node: ast.Call, act: Activation, order: int) -> Any:
        if len(node.args) != 1:
            raise self.err(node, f"{act.name} takes one argument", f"write {act.name}(x)")
        return ops.applied(act.name, order, self.sized(node.args[0]))

    def arity(self, node: ast.Call, args: list[ast.expr], lo: int, hi: int | None = None) -> None:
        hi = lo if hi is None else hi
        if not lo <= len(args) <= hi:
            name = node.func.id  # type: ignore[attr-defined]
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            raise self.err(node, f"{name} takes {want} argument(s), got {len(args)}", f"see {name} in docs/format.md")

    # --- what the operators' parse functions use (symbound.ops)
    def within(self, names: dict[str, Any]) -> "_Translator":
        """A translator for a subexpression that binds more names (a product's index)."""
        return _Translator(self.scope.with_names(names), self.source, self.written)

    @staticmethod
    def canonical(e: Any) -> Any:
        return evaluated(e)

    @staticmethod
    def is_identity(value: Any) -> bool:
        """Whether ``value`` is the identity I before its size is known."""
        return isinstance(value, ScaledIdentity)

    def check_factors(self, node: ast.Call, span: Any) -> None:
        """Refuse a product over too many factors (numeric bounds b − a = ``span``)."""
        if _is_constant(span) and (_digits(span) > 6 or span.is_Number and span + 1 > MAX_PRODUCT_FACTORS):
            raise self.err(node, "the product has too many factors", f"at most {MAX_PRODUCT_FACTORS} with numeric bounds; use symbolic bounds such as prod(body, i, k, t - 1)")


def __getattr__(attr: str) -> Any:
    if attr == "FUNCTIONS":  # every function name the parser accepts, from the operators' declarations
        return ops.function_names()
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


def _factors(m: Any) -> tuple:
    return m.args if isinstance(m, sp.MatMul) else (m,)


def _is_constant(e: Any) -> bool:
    return isinstance(e, sp.Expr) and not isinstance(e, MatrixExpr) and not e.free_symbols


def _digits(e: Any) -> float:
    """An upper bound on the number of decimal digits of a constant, computed without evaluating it."""
    if isinstance(e, sp.Rational):
        big = max(abs(e.p), abs(e.q), 1)
        return math.log10(big) if big.bit_length() < 1000 else big.bit_length() * 0.30103
    if isinstance(e, sp.Pow):
        base, exp = e.args
        if isinstance(exp, sp.Rational):
            times = abs(exp.p) / exp.q if abs(exp.p).bit_length() < 64 else math.inf
            if exp.q != 1:  # a root of a number is irrational: its size is that of the number, kept symbolic
                times = max(times, 1.0)
        else:
            d = _digits(exp)
            times = 10.0**d if d < 300 else math.inf
        return times * max(_digits(base), 0.30103)
    if isinstance(e, (sp.Add, sp.Max, sp.Min)):
        return max((_digits(a) for a in e.args), default=0.0) + (math.log10(len(e.args)) if isinstance(e, sp.Add) else 0.0)
    if isinstance(e, sp.Mul):
        return sum(_digits(a) for a in e.args)
    if e.args:
        return sum(_digits(a) for a in e.args if isinstance(a, sp.Expr))
    return 1.0


def _did_you_mean(name: str, names: dict[str, Any], otherwise: str) -> str:
    """A hint for an unknown name: the declared name it transliterates to (γ → gamma) or close names."""
    close = difflib.get_close_matches(spelled(name), [n for n in names if "__" not in n], n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + f"? Otherwise {otherwise}"
    return otherwise


def parse_expr(text: str, scope: Scope, identity_size: Any = None) -> Any:
    """Parse one expression (scalar or matrix) into a sympy object; an expression that is a multiple of
    the identity as a whole (``I``, ``2*I``) takes ``identity_size`` when given (a chain's neighbouring term).

    An ``ExprError``'s offset is the 0-based column in ``text`` as written (before σ' and λ₁ are
    rewritten, counting characters, not bytes).
    """
    src = Source(text, scope)
    try:
        tree = parse_ast(src.text)
        tr = _Translator(scope, src)
        if identity_size is not None:
            value = tr.visit(tree)
            return value.sized(identity_size) if isinstance(value, ScaledIdentity) else value
        return tr.sized(tree)
    except RecursionError:
        raise ExprError(*TOO_DEEP) from None
    except ExprError as exc:
        exc.offset = src.original(exc.offset)
        raise


def parse_written(text: str, scope: Scope, identity_size: Any = None) -> Any:
    """The display twin of an expression ``parse_expr`` accepted: the same whitelisted translation,
    nothing evaluated, so that printing keeps the author's order of terms and factors, (1/γ)·γ, t − k."""
    src = Source(text, scope)
    value = _Translator(scope, src, written=True).visit(parse_ast(src.text))
    return value.sized(identity_size) if isinstance(value, ScaledIdentity) and identity_size is not None else value


def is_identity(text: str, scope: Scope) -> bool:
    """Whether the expression is, as a whole, a multiple of the identity of unknown size (``I``, ``2*I - g*I``)."""
    try:
        src = Source(text, scope)
        return isinstance(_Translator(scope, src).visit(parse_ast(src.text)), ScaledIdentity)
    except (ExprError, RecursionError):
        return False  # the real parse reports it


def parse_relations_written(text: str, scope: Scope) -> list[Relation]:
    """The display twins of the relations ``parse_relations`` accepted."""
    src = Source(text, scope)
    tree = parse_ast(src.text)
    tr = _Translator(scope, src, written=True)
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        return [r for part in tree.values for r in _relations(part, tr)]
    return _relations(tree, tr)


def parse_relations(text: str, scope: Scope, conjunction: bool = False) -> list[Relation]:
    """Parse ``a <= b`` (or a chain ``0 <= a < 1``; with ``conjunction``, also ``a <= b and b < 1``)
    into relations (offsets as in ``parse_expr``)."""
    src = Source(text, scope)
    try:
        tree = parse_ast(src.text)
        tr = _Translator(scope, src)
        if conjunction and isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
            return [r for part in tree.values for r in _relations(part, tr)]
        return _relations(tree, tr)
    except RecursionError:
        raise ExprError(*TOO_DEEP) from None
    except ExprError as exc:
        exc.offset = src.original(exc.offset)
        raise


def _relations(tree: ast.expr, tr: _Translator) -> list[Relation]:
    if isinstance(tree, ast.BoolOp):
        raise tr.err(tree, "'and'/'or' may join relations only in a conclusion's claim", "write each condition as its own premise")
    if not isinstance(tree, ast.Compare):
        raise tr.err(tree, "expected a relation such as `a <= b`", "write lhs <= rhs (or <, =, >=, >); use == or = for equality")
    nodes = [tree.left, *tree.comparators]
    terms = [tr.visit(n) for n in nodes]
    for i, (node, term) in enumerate(zip(nodes, terms)):
        if isinstance(term, ScaledIdentity):  # J == I: the size of the other side
            sized = [t for t in terms[max(i - 1, 0) : i + 2] if isinstance(t, MatrixExpr) and t.shape[0] == t.shape[1]]
            if not sized:
                raise tr.err(node, *UNSIZED)
            terms[i] = term.sized(sized[0].shape[0])
    out = []
    for (op, lhs, rhs, right) in zip(tree.ops, terms, terms[1:], tree.comparators):
        if type(op) not in RELATIONS:
            raise tr.err(right, "this comparison is not allowed", "use <=, <, >=, > or ==")
        if isinstance(lhs, MatrixExpr) or isinstance(rhs, MatrixExpr):
            if type(op) is not ast.Eq:
                raise tr.err(tree, "matrices are not ordered", "compare scalars, e.g. norm(A) <= c")
            lhs, rhs = _zero_sized(lhs, rhs), _zero_sized(rhs, lhs)
            if not (isinstance(lhs, MatrixExpr) and isinstance(rhs, MatrixExpr)):
                raise tr.err(right, "a matrix or vector equals a scalar here",
                             "compare it with a matrix of its shape, with 0 (the zero matrix), or compare norms: norm(x) == c")
        out.append(Relation(lhs, RELATIONS[type(op)], rhs))
    return out


def _zero_sized(e: Any, other: Any) -> Any:
    """The number 0 beside a matrix read as the zero matrix of its shape (x[0] == 0); ``e`` otherwise."""
    if not isinstance(e, MatrixExpr) and isinstance(other, MatrixExpr) and e == 0:
        return sp.ZeroMatrix(*other.shape)
    return e


def split_equation(text: str) -> tuple[str, str] | None:
    """Split ``lhs = rhs`` on its single '=' (not part of ==, <=, >=); None when there is none."""
    parts = re.split(r"(?<![<>=!])=(?!=)", text)
    if len(parts) != 2:
        return None
    return parts[0], parts[1]
