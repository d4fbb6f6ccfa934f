"""‖A‖_p: the induced 1-, 2-, ∞-norms and the Frobenius norm of a matrix (of a vector: an n×1 matrix,
where each coincides with the vector norm of the same name)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.parameters import global_parameters
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.base import NonnegativeScalar, as_str, of_matrix, singular_values_exact
from symbound.ops.inner import Inner
from symbound.ops.registry import Op, register

NORM_KINDS = ("1", "2", "inf", "fro")
INDUCED_NORMS = ("1", "2", "inf")
NORM_ALIASES = {"1": "1", "2": "2", "inf": "inf", "oo": "inf", "fro": "fro", "F": "fro"}  # as written → kind
NORM_LATEX = {"1": "1", "2": "2", "inf": r"\infty", "fro": "F"}
NORM_SUB = {"1": "₁", "2": "₂", "inf": "∞", "fro": "F"}


@dataclass(frozen=True)
class NormKindVar:
    """A pattern variable standing for a norm kind (used in lemma statements: norm(A, p))."""

    name: str


class Norm(NonnegativeScalar):
    """‖A‖_p for p in 1, 2, inf (induced norms) and fro (Frobenius)."""

    def __new__(cls, A: MatrixExpr, kind: Any = "2") -> "Norm | sp.Integer":
        if isinstance(A, sp.ZeroMatrix) and global_parameters.evaluate:  # ‖0‖ = 0 in every norm (definiteness)
            return sp.S.Zero
        return sp.Expr.__new__(cls, A, as_str(kind))

    @property
    def kind(self) -> str:
        return self.args[1].name

    def _unicode(self, printer: Any) -> str:
        return f"‖{printer._print(self.matrix)}‖{NORM_SUB.get(self.kind, '_' + self.kind.lstrip('?'))}"

    def _latex(self, printer: Any) -> str:
        return r"\left\| %s \right\|_{%s}" % (printer._print(self.matrix), NORM_LATEX.get(self.kind, self.kind))

    def _numeric(self, A: Any) -> float:
        import numpy as np

        A = np.atleast_2d(A)
        if self.kind == "2" and A.dtype == np.float64 and A.flags.c_contiguous:  # by its exact bits (numpy's SVD copies them)
            return _spectral_norm(A.shape, A.tobytes())
        return _norm(self.kind, A)

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        if self.kind == "1":
            return max(sum(abs(A[i, j]) for i in range(A.rows)) for j in range(A.cols))
        if self.kind == "inf":
            return max(sum(abs(A[i, j]) for j in range(A.cols)) for i in range(A.rows))
        if self.kind == "fro":
            return sp.sqrt(sum(abs(a) ** 2 for a in A))
        return singular_values_exact(A)[0]


def _norm(kind: str, A: Any) -> float:
    import numpy as np

    return float(np.linalg.norm(A, {"1": 1, "2": 2, "inf": np.inf, "fro": "fro"}[kind]))


@lru_cache(maxsize=65536)
def _spectral_norm(shape: tuple, data: bytes) -> float:
    """The spectral norm of a float matrix given by its shape and C-ordered bytes, memoised: the search evaluates an
    instance's premises when it fits the instance, when it scores it and when it simplifies a witness, most matrices
    unchanged, and the singular value decomposition was most of that."""
    import numpy as np

    return _norm("2", np.frombuffer(data, dtype=np.float64).reshape(shape))


def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
    """norm(A), norm(A, 2), norm(A, 1), norm(A, inf), norm(A, fro); in a lemma, norm(A, p).  The norm of a
    1×1 product (xᵀy, read as a scalar) is, in every kind, its absolute value |xᵀy|."""
    value = tr.sized(args[0])
    if not isinstance(value, MatrixExpr) and value.has(Inner):
        if len(args) == 2 and _key(args[1]) not in NORM_ALIASES and not isinstance(tr.scope.names.get(_key(args[1])), NormKindVar):
            raise tr.err(args[1], "unknown norm", "write norm(A), norm(A, 2), norm(A, 1), norm(A, inf) or norm(A, fro)")
        return sp.Abs(value, evaluate=not tr.written)
    A = tr.matrix(args[0])
    kind = "2"
    if len(args) == 2:
        k = args[1]
        key = _key(k)
        if isinstance(tr.scope.names.get(key), NormKindVar):
            return Norm(A, key)
        if key not in NORM_ALIASES:
            raise tr.err(k, "unknown norm", "write norm(A), norm(A, 2), norm(A, 1), norm(A, inf) or norm(A, fro)")
        kind = NORM_ALIASES[key]
    return Norm(A, kind)


def _key(k: ast.expr) -> str | None:
    return str(k.value) if isinstance(k, ast.Constant) else (k.id if isinstance(k, ast.Name) else None)


def written(e: Norm, p: Any) -> str:
    """norm(A) for the 2-norm, norm(A, kind) otherwise."""
    kind = e.args[1].name if len(e.args) > 1 else "2"
    return f"norm({p._print(e.args[0])})" if kind == "2" else f"norm({p._print(e.args[0])}, {kind})"


OP = register(Op(
    "the norm", (Norm,), ("norm",), parse, arity=(1, 2),
    reserved={"fro": "the Frobenius norm kind", "inf": "the ∞-norm kind"},
    text=Norm._unicode, evaluate=of_matrix, sign="nonnegative", opaque=True, homogeneous=True,
    mathml=lambda e, m: m.sub(m.fenced("‖", m._print(e.matrix), "‖"), m.mi({"inf": "∞", "fro": "F"}.get(e.kind, e.kind.lstrip("?")))),
    numpy=lambda e, code: f"norm({code(e.args[0])}, {e.kind.lstrip('?')!r})", written=written,
    example="norm(W @ v, 1)",
))
