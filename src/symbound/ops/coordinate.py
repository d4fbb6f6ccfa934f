"""vᵢ: the i-th coordinate of a vector, counted from 1 as papers do, written ``v[i]`` (``h[t][i]`` for a sequence's
element).  It is partial: ``symbound.ops.domains`` asks 1 ≤ i ≤ n of an n-vector, and its evaluation refuses an
index out of range, so no value and no counterexample rests on a coordinate the vector does not have."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import RealScalar
from symbound.ops.registry import Op, register


class Coordinate(RealScalar):
    """vᵢ, the i-th coordinate (from 1) of a column or row vector v: a real scalar."""

    def __new__(cls, vector: MatrixExpr, index: Any) -> "Coordinate":
        return sp.Expr.__new__(cls, vector, sp.sympify(index))

    @property
    def vector(self) -> MatrixExpr:
        return self.args[0]

    @property
    def index(self) -> sp.Expr:
        return self.args[1]

    @property
    def length(self) -> sp.Expr:
        """The number of coordinates, n for an n×1 or a 1×n vector."""
        rows, cols = self.vector.shape
        return rows if cols == 1 else cols

    def _unicode(self, printer: Any) -> str:
        return f"{printer._operand(self.vector, 1000) if hasattr(printer, '_operand') else printer._print(self.vector)}[{printer._print(self.index)}]"

    def _latex(self, printer: Any) -> str:
        inner = printer._print(self.vector)
        head = inner if isinstance(self.vector, sp.MatrixSymbol) else r"\left(%s\right)" % inner
        return r"%s_{%s}" % (head, printer._print(self.index))


def distributed(e: Coordinate) -> Any:
    """A coordinate of a linear combination of vectors, the combination of their coordinates: (u + v)ᵢ = uᵢ + vᵢ,
    (c·v)ᵢ = c·vᵢ for a scalar c, (−v)ᵢ = −vᵢ (every part has the vector's shape, so the same coordinates); any
    other coordinate as it is."""
    v, i = e.vector, e.index
    if isinstance(v, sp.MatAdd):
        return sp.Add(*(distributed(Coordinate(t, i)) for t in v.args))
    if isinstance(v, sp.MatMul):
        matrices = [f for f in v.args if isinstance(f, MatrixExpr)]
        if len(matrices) == 1:
            return sp.Mul(*(f for f in v.args if not isinstance(f, MatrixExpr))) * distributed(Coordinate(matrices[0], i))
    return e


def evaluate(e: Coordinate, ev: Any, be: Any) -> Any:
    """The coordinate at a value of the vector; a ValueError (no value) for an index outside 1 … n."""
    v, i = ev(e.vector), ev(e.index)
    entries = list(v) if be.exact else list(be.matrix(v).ravel())
    if not (float(i).is_integer() and 1 <= int(i) <= len(entries)):
        raise ValueError(f"{e.vector} has no coordinate {i}: its coordinates are 1 … {len(entries)}")
    return entries[int(i) - 1]


OP = register(Op(
    "a vector's coordinate", (Coordinate,), text=Coordinate._unicode, evaluate=evaluate, sign="real", opaque=True,
    mathml=lambda e, m: m.sub(m._print(e.vector), m._print(e.index)),
    numpy=lambda e, code: f"np.ravel({code(e.vector)})[int({code(e.index)}) - 1]",
    written=lambda e, p: f"{p._print(e.vector)}[{p._print(e.index)}]",
    example="v[2] * a + u[1] - x[k][3]",
))
