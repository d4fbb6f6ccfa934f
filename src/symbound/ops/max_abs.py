"""max_i |v_i|: the largest absolute entry of a vector (or matrix)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops.base import NonnegativeScalar, largest, of_matrix, one_matrix, script_call
from symbound.ops.registry import Op, register


class MaxAbs(NonnegativeScalar):
    """max_i |v_i|, the largest absolute entry of a vector (or matrix)."""

    def _unicode(self, printer: Any) -> str:
        return f"maxᵢ|({printer._print(self.matrix)})ᵢ|"

    def _latex(self, printer: Any) -> str:
        return r"\max_{i} \left|\left(%s\right)_{i}\right|" % printer._print(self.matrix)

    def _numeric(self, v: Any) -> float:
        import numpy as np

        return float(np.max(np.abs(v)))

    def _exact(self, v: sp.Matrix) -> sp.Expr:
        return largest(abs(a) for a in v)


OP = register(Op(
    "the largest absolute entry", (MaxAbs,), ("max_abs",), one_matrix(MaxAbs, False),
    text=MaxAbs._unicode, evaluate=of_matrix, numpy=script_call("max_abs"),
    mathml=lambda e, m: m.row(m.sub(m.mi("max"), m.mi("i")), m.sub(m.fenced("|", m._print(e.matrix), "|"), m.mi("i"))), sign="nonnegative", opaque=True, homogeneous=True,
    example="max_abs(v - u)",
))
