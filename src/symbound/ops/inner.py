"""xᵀy: the inner product of two vectors of the same length, a scalar.  Written ``inner(x, y)``,
``dot(x, y)``, or as the 1×1 product ``x.T @ y`` (also ``x.T @ A @ y``, ``r @ y`` for a row vector r),
which the syntax reads as this scalar (``as_scalar``).

Built with ``evaluate`` (the default outside sympy's ``evaluate(False)``), the product is put in a
normal form, as sympy's Mul puts its factors: scalar factors pulled out, a zero vector gives 0, the two
vectors in sympy's canonical order (xᵀy = yᵀx for real vectors); sums are not split."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import RealScalar, shape_text
from symbound.ops.registry import Op, register


class Inner(RealScalar):
    """xᵀy for two n×1 column vectors x, y."""

    def __new__(cls, x: MatrixExpr, y: MatrixExpr, evaluate: bool | None = None) -> sp.Expr:
        if evaluate is None:
            evaluate = sp.core.parameters.global_parameters.evaluate
        if evaluate:
            return _bilinear(x, y)
        return sp.Expr.__new__(cls, x, y)

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _unicode(self, printer: Any) -> str:
        x, y = self.args
        left = f"({printer._print(x)})ᵀ" if _compound(x) else f"{printer._print(x)}ᵀ"
        right = f"({printer._print(y)})" if _compound(y) or isinstance(y, sp.MatMul) else printer._print(y)
        return f"{left}{right}"

    def _latex(self, printer: Any) -> str:
        x, y = self.args
        left = r"\left(%s\right)^{\top}" % printer._print(x) if _compound(x) else r"%s^{\top}" % printer._print(x)
        right = r"\left(%s\right)" % printer._print(y) if _compound(y) else printer._print(y)
        return f"{left} {right}"


def _compound(v: Any) -> bool:
    return isinstance(v, (sp.MatAdd, sp.MatMul)) or (isinstance(v, sp.Transpose) and isinstance(v.args[0], (sp.MatAdd, sp.MatMul)))


def _scaled(v: MatrixExpr) -> tuple[sp.Expr, MatrixExpr | None]:
    """v as c·u: its scalar coefficient and the vector it multiplies (None for a zero vector)."""
    if isinstance(v, sp.ZeroMatrix):
        return sp.Integer(0), None
    if isinstance(v, sp.MatMul):
        scalars = [a for a in v.args if not isinstance(a, MatrixExpr)]
        matrices = [a for a in v.args if isinstance(a, MatrixExpr)]
        if scalars:
            c, u = _scaled(matrices[0] if len(matrices) == 1 else sp.MatMul(*matrices).doit(deep=False))
            return sp.Mul(*scalars) * c, u
    return sp.Integer(1), v


def _bilinear(x: MatrixExpr, y: MatrixExpr) -> sp.Expr:
    """a·b·⟨u, v⟩ for x = a·u, y = b·v, the pair in canonical order (sums are kept whole, so that
    Cauchy–Schwarz applies to (u − v)ᵀ(w − z) as written)."""
    (a, u), (b, v) = _scaled(x), _scaled(y)
    if u is None or v is None:
        return sp.Integer(0)
    first, second = sorted((u, v), key=sp.default_sort_key)
    return a * b * sp.Expr.__new__(Inner, first, second)


def as_scalar(product: sp.MatMul, evaluate: bool = True) -> sp.Expr:
    """A 1×1 product c·F₁F₂⋯F_k read as the scalar c·⟨F₁ᵀ, F₂⋯F_k⟩."""
    scalars = [a for a in product.args if not isinstance(a, MatrixExpr)]
    matrices = [a for a in product.args if isinstance(a, MatrixExpr)]
    first, rest = matrices[0], matrices[1:]
    right = rest[0] if len(rest) == 1 else sp.MatMul(*rest)
    with sp.evaluate(evaluate):
        return sp.Mul(*scalars, Inner(first.T, right, evaluate=evaluate))


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    """inner(x, y) / dot(x, y) for two column vectors of the same length."""
    x, y = tr.matrix(args[0]), tr.matrix(args[1])
    for v, a in ((x, args[0]), (y, args[1])):
        if v.shape[1] != 1:
            raise tr.err(a, f"inner needs column vectors, this one is {shape_text(v)}", "pass n×1 vectors (write x.T @ A @ y for a quadratic form)")
    if x.shape != y.shape:
        raise tr.err(node, f"inner needs two vectors of the same length, got {shape_text(x)} and {shape_text(y)}", "pass vectors of the same length")
    return Inner(x, y, evaluate=not tr.written)


def evaluate(e: Inner, ev: Any, be: Any) -> Any:
    x, y = be.matrix(ev(e.args[0])), be.matrix(ev(e.args[1]))
    value = be.matmul(be.transpose(x), y)[0, 0]
    return value if be.exact else float(value)


OP = register(Op(
    "the inner product", (Inner,), ("inner", "dot"), parse, arity=(2, 2), text=Inner._unicode,
    evaluate=evaluate, sign="real", opaque=True,
    mathml=lambda e, m: m.row(m.mo("⟨"), m._print(e.args[0]), m.mo(","), m._print(e.args[1]), m.mo("⟩")),
    numpy=lambda e, code: f"float(np.vdot({code(e.args[0])}, {code(e.args[1])}))",
    written=lambda e, p: f"inner({p._print(e.args[0])}, {p._print(e.args[1])})",
    example="inner(v, W @ u)", latex_names=(r"\langle",),
))
