"""ρ(A) = max |λ| over the eigenvalues of a square matrix A."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops.base import NonnegativeScalar, characteristic_roots, largest, of_matrix, one_matrix, script_call
from symbound.ops.registry import Op, register
from symbound.ops.singular_values import SigmaMax


class SpectralRadius(NonnegativeScalar):
    """ρ(A) = max |λ| over the eigenvalues of a square A."""

    def _unicode(self, printer: Any) -> str:
        return f"ρ({printer._print(self.matrix)})"

    def _latex(self, printer: Any) -> str:
        return r"\rho\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(max(abs(np.linalg.eigvals(np.atleast_2d(A)))))

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return largest(sp.Abs(r) for r in characteristic_roots(A))


OP = register(Op(
    "the spectral radius", (SpectralRadius,), ("rho", "spectral_radius"), one_matrix(SpectralRadius, True),
    text=SpectralRadius._unicode, evaluate=of_matrix, numpy=script_call("rho"),
    mathml=lambda e, m: m.apply(m.mi("ρ"), e.matrix), sign="nonnegative", opaque=True, homogeneous=True,
    alternatives=(SigmaMax,),  # ρ(A) ≤ σ_max(A): the bound a paper may have meant
    example="rho(W - a * V)", latex_names=(r"\rho",),
))
