"""∏_{i=a}^{b}: the ordered product of square matrices, or of a family whose terms chain (W[l] of shape n[l] × n[l−1]) (``MatProd``) or of scalars (sympy's ``Product``),
written prod(body, i, a, b) or prod(body, (i, a, b)); and the matrix power Aᵏ (sympy's ``MatPow``),
written A ** k (parsed by the syntax, printed as the printer prints powers)."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr
from sympy.printing.precedence import PRECEDENCE

from sympy.concrete.expr_with_intlimits import ExprWithIntLimits

from symbound.ops.base import shape_text, whole
from symbound.ops.registry import Op, register


class Ranged(MatrixExpr):
    """A matrix expression over an index range i = a..b, ``(body, (i, a, b))`` (∏ and Σ of matrices)."""

    symbol = ""  # ∏ or Σ
    latex_symbol = ""

    def __new__(cls, body: MatrixExpr, limits: Any) -> "Ranged":
        return MatrixExpr.__new__(cls, body, sp.Tuple(*limits))

    @property
    def body(self) -> MatrixExpr:
        return self.args[0]

    @property
    def limits(self) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
        return tuple(self.args[1])  # type: ignore[return-value]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.body.shape

    @property
    def free_symbols(self) -> set:
        i, a, b = self.limits
        return (self.body.free_symbols - {i}) | a.free_symbols | b.free_symbols

    def _unicode(self, printer: Any) -> str:
        i, a, b = self.limits
        body = printer._operand(self.body, PRECEDENCE["Mul"]) if hasattr(printer, "_operand") else printer._print(self.body)
        return f"{self.symbol}_{{{printer._print(i)}={printer._print(a)}}}^{{{printer._print(b)}}} {body}"

    # binds like a sum: in a product of matrices it is printed in brackets, since \prod takes every
    # factor after it as its body (A \prod_i B_i C would read as A ∏(B_i C))
    precedence = PRECEDENCE["Add"]

    def _latex(self, printer: Any) -> str:
        i, a, b = self.limits
        return r"%s_{%s=%s}^{%s} %s" % (self.latex_symbol, printer._print(i), printer._print(a), printer._print(b),
                                       printer.parenthesize(self.body, PRECEDENCE["Mul"], strict=True))


class MatProd(Ranged):
    """∏_{i=a}^{b} A_i, the ordered product of matrices whose terms chain (A_a first): the rows of A_a × the columns of A_b."""

    symbol, latex_symbol = "∏", r"\prod"

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        """The rows of the first term, the columns of the last (a family of one shape: the body's)."""
        i, a, b = self.limits
        rows, cols = self.body.shape
        with sp.evaluate(True):
            return sp.sympify(rows).xreplace({i: a}), sp.sympify(cols).xreplace({i: b})


# the expressions that bind an index over a range: ∏ and Σ of scalars (sympy's) and of matrices
BINDERS: tuple[type, ...] = (ExprWithIntLimits, Ranged)


def ranged(tr: Any, node: ast.Call, args: list[ast.expr], what: str) -> tuple[Any, tuple[sp.Symbol, Any, Any]]:
    """The body and limits of ``name(body, i, a, b)`` (or ``name(body, (i, a, b))``): i a fresh name (or an
    index), at most MAX_PRODUCT_FACTORS terms when the bounds are numbers."""
    if len(args) == 2 and isinstance(args[1], ast.Tuple):
        args = [args[0], *args[1].elts]
    tr.arity(node, args, 4)
    var = args[1]
    names = tr.scope.names
    taken = isinstance(var, ast.Name) and var.id in names and not (isinstance(names[var.id], sp.Symbol) and names[var.id].is_integer)
    if not isinstance(var, ast.Name) or taken or var.id.startswith("_") or "__" in var.id:
        raise tr.err(var, f"the {what}'s index must be a new name (or an index)", f"write {node.func.id}(body, i, a, b) with a fresh i")
    i = sp.Symbol(var.id, integer=True)
    inner = tr.within({var.id: i})
    lo, hi = tr.index(tr.scalar(args[2])), tr.index(tr.scalar(args[3]))
    for bound, arg in ((lo, args[2]), (hi, args[3])):
        if tr.scope.whole_bounds and bound.is_integer is not True:  # terms sit at whole indices: a bound between them has no one meaning
            raise tr.err(arg, f"the {what}'s bounds must be whole numbers", "write an index expression (k + 1, t - 1) or a whole number")
    tr.check_factors(node, hi - lo)
    return inner.sized(args[0]), (i, lo, hi)


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> Any:
    """prod(body, i, a, b)."""
    body, (i, lo, hi) = ranged(tr, node, args, "product")
    if isinstance(body, MatrixExpr):
        rows, cols = body.shape
        with sp.evaluate(True):
            following = sp.sympify(rows).xreplace({i: i + 1})  # the next term's rows
        if sp.sympify(cols) != following:
            raise tr.err(node, f"the terms of this product do not chain: the term at {i} is {shape_text(body)}, the next one has {following} rows",
                         "multiply square matrices, or a family whose term at i has as many columns as the next has rows (the network W[L]⋯W[1] is prod(W[L + 1 - l], l, 1, L))")
        return MatProd(body, (i, lo, hi))
    return sp.Product(body, (i, lo, hi))


def terms(x: Any, ev: Any) -> list:
    """The values body(a), body(a+1), …, body(b) of a ranged expression, in order (none when b < a: never
    Karr's convention of sympy, which would read a reversed range as a negative one)."""
    body, (i, a, b) = x.args[0], x.args[1]
    return [ev(body.xreplace({i: sp.Integer(val)})) for val in range(whole(ev(a), a), whole(ev(b), b) + 1)]


def evaluate(x: Any, ev: Any, be: Any) -> Any:
    """The factors multiplied in order; the empty product is I or 1."""
    out = None
    for term in terms(x, ev):
        out = term if out is None else (be.matmul(out, term) if isinstance(x, MatProd) else out * term)
    if out is None:  # the empty product
        return be.eye(whole(ev(x.shape[0]), x)) if isinstance(x, MatProd) else be.number(sp.Integer(1))
    return out


# ∏'s and Σ's body runs to the end of the product it starts: a product, power or transpose around it brackets it
BIG_OPERATOR = PRECEDENCE["Add"] + 5


def text_scalar(symbol: str) -> Any:
    """The terminal form of a scalar ∏ or Σ, the body bracketed unless it is a product."""
    def text(e: Any, printer: Any) -> str:
        i, a, b = e.args[1]
        return f"{symbol}_{{{printer._print(i)}={printer._print(a)}}}^{{{printer._print(b)}}} {printer._operand(e.args[0], PRECEDENCE['Mul'])}"

    return text


def mathml(symbol: str) -> Any:
    """∏ or Σ with its limits under and over it, in MathML (the printer's helpers: render/html.py)."""
    def node(e: Any, m: Any) -> Any:
        i, a, b = e.args[1]
        return m.row(m.underover(m.mo(symbol), m.row(m._print(i), m.mo("="), m._print(a)), m._print(b)),
                     m.parenthesize(e.args[0], PRECEDENCE["Mul"], strict=True))

    return node


def numpy(e: Any, code: Any) -> str:
    """The witness script's ``matprod(body, lo, hi, n)`` or ``prod(body, lo, hi)``."""
    i, a, b = e.args[1]
    kind, size = ("matprod", f", {code(e.shape[0])}") if isinstance(e, MatProd) else ("prod", "")
    return f"{kind}(lambda {code.var(i.name)}: {code(e.args[0])}, {code(a)}, {code(b)}{size})"


def written(name: str) -> Any:
    """The file syntax ``name(body, i, a, b)``."""
    def text(e: Any, p: Any) -> str:
        i, a, b = e.args[1]
        return f"{name}({p._print(e.args[0])}, {i}, {p._print(a)}, {p._print(b)})"

    return text


MATRICES = register(Op(
    "the product", (MatProd,), ("prod",), parse, arity=None, mathml=mathml("∏"), numpy=numpy, written=written("prod"),
    text=MatProd._unicode, evaluate=evaluate, sign="matrix", precedence=BIG_OPERATOR, example="prod(W + i * V, i, 1, 3)", latex_names=(r"\prod",),
))
SCALARS = register(Op(
    "the product of scalars", (sp.Product,), text=text_scalar("∏"), precedence=BIG_OPERATOR, evaluate=evaluate, sign="real", mathml=mathml("∏"), numpy=numpy, written=written("prod"),
    example="prod(a + i, (i, 0, 2))",
))
POWER = register(Op(
    "the matrix power", (sp.MatPow,), evaluate=lambda e, ev, be: be.power(ev(e.args[0]), whole(ev(e.args[1]), e)), sign="matrix",
    numpy=lambda e, code: f"np.linalg.matrix_power({code(e.args[0])}, int({code(e.args[1])}))",
    example="(W - V) ** 2 @ v",
))
