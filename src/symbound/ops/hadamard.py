"""u ⊙ v: the entrywise (Hadamard) product of two matrices or vectors of the same shape; ``u * v``
between two vectors of the same shape (as in numpy) is parsed by the syntax into the same object."""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import shape_text
from symbound.ops.registry import Op, register


class Hadamard(MatrixExpr):
    """u ⊙ v: the entrywise (Hadamard) product of two matrices or vectors of the same shape."""

    def __new__(cls, A: MatrixExpr, B: MatrixExpr) -> "Hadamard":
        return MatrixExpr.__new__(cls, A, B)

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.args[0].shape

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _sympystr(self, printer: Any) -> str:
        return " ⊙ ".join(printer.parenthesize(a, 50) if isinstance(a, (sp.MatAdd, Hadamard)) else printer._print(a) for a in self.args)

    _unicode = _sympystr

    def _latex(self, printer: Any) -> str:
        return r" \odot ".join(r"\left(%s\right)" % printer._print(a) if isinstance(a, (sp.MatAdd, Hadamard)) else printer._print(a) for a in self.args)


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> MatrixExpr:
    A, B = tr.matrix(args[0]), tr.matrix(args[1])
    if A.shape != B.shape:
        raise tr.err(node, f"hadamard needs two matrices of the same shape, got {shape_text(A)} and {shape_text(B)}", "multiply entrywise two vectors (or matrices) of the same shape")
    return Hadamard(A, B)


OP = register(Op(
    "the entrywise product", (Hadamard,), ("hadamard",), parse, arity=(2, 2), text=Hadamard._unicode,
    evaluate=lambda e, ev, be: be.hadamard(be.matrix(ev(e.args[0])), be.matrix(ev(e.args[1]))), sign="matrix",
    mathml=lambda e, m: m.row(m._print(e.args[0]), m.mo("∘"), m._print(e.args[1])),
    numpy=lambda e, code: f"({code(e.args[0])} * {code(e.args[1])})",  # numpy's * is entrywise
    example="hadamard(v, W @ u)", latex_names=(r"\odot", r"\circ"), infix=True,
))
