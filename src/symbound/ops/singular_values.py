"""σ_max(A) and σ_min(A): the largest and the smallest of the min(n, m) singular values of an n×m A."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops.base import NonnegativeScalar, of_matrix, one_matrix, script_call, singular_values_exact
from symbound.ops.registry import Op, register


class SigmaMax(NonnegativeScalar):
    """σ_max(A), the largest singular value."""

    def _unicode(self, printer: Any) -> str:
        return f"σ_max({printer._print(self.matrix)})"

    def _latex(self, printer: Any) -> str:
        return r"\sigma_{\max}\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[0])

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return singular_values_exact(A)[0]


class SigmaMin(NonnegativeScalar):
    """σ_min(A), the smallest of the min(n, m) singular values of an n×m A."""

    def _unicode(self, printer: Any) -> str:
        return f"σ_min({printer._print(self.matrix)})"

    def _latex(self, printer: Any) -> str:
        return r"\sigma_{\min}\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[-1])

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return singular_values_exact(A)[-1]


MAX = register(Op(
    "the largest singular value", (SigmaMax,), ("sigma_max",), one_matrix(SigmaMax, False),
    text=SigmaMax._unicode, evaluate=of_matrix, numpy=script_call("sigma_max"),
    mathml=lambda e, m: m.apply(m.sub(m.mi("σ"), m.mi("max")), e.matrix), sign="nonnegative", opaque=True, homogeneous=True,
    example="sigma_max(B)", latex_names=(r"\sigma_{\max}", r"\sigma_1"),
))
MIN = register(Op(
    "the smallest singular value", (SigmaMin,), ("sigma_min",), one_matrix(SigmaMin, False),
    text=SigmaMin._unicode, evaluate=of_matrix, numpy=script_call("sigma_min"),
    mathml=lambda e, m: m.apply(m.sub(m.mi("σ"), m.mi("min")), e.matrix), sign="nonnegative", opaque=True, homogeneous=True,
    alternatives=(SigmaMax,), example="sigma_min(W + V)", latex_names=(r"\sigma_{\min}",),
))
