"""Signs of roots and products: 0 < √u (0 ≤ √u, any rational power in (0, 1)) from 0 < u (0 ≤ u), and the sign
of a product from its factors' signs, each sub-goal proved at the goal's own depth (tried after the general search).
The general positivity search lowers the depth at every level, and a linear certificate is tried only at depth ≥ 2:
the nonzero-ness of √(1 − β)·|g| from premises β < 1 and |g| > 0 (a denominator's side condition), or the sign of
(1 − β)g² under a root, was out of its reach.  The kernel checks the proofs with its rules ``pow_nonneg`` and
``mul_nonneg``."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.proofs import Proof
from symbound.ops.objects import evaluated


def _root(e: Any) -> bool:
    return isinstance(e, sp.Pow) and e.args[1].is_Rational and 0 < e.args[1] < 1


def sign_by_parts(prover: Any, e: Any, strict: bool, depth: int) -> Proof | None:
    """A proof of 0 < e (0 ≤ e when not strict) for a root u^r (r rational in (0, 1)) or a product: the radicand's
    or each factor's sign at the same depth (each a strict subterm: the recursion ends)."""
    term = evaluated(e)
    if isinstance(e, MatrixExpr):
        return None
    rel = "<" if strict else "<="
    if not isinstance(term, sp.Mul) and not _root(term):  # a defined name: the sign of its value (v := (1 − β)g²)
        value, uses = prover.canon(e)
        inner = sign_by_parts(prover, value, strict, depth) if value != e and isinstance(value, (sp.Mul, sp.Pow)) else None
        return None if inner is None else prover._conv(sp.Integer(0), rel, e, inner, uses)
    if isinstance(term, sp.Mul):
        parts = []
        for f in term.args:  # the first factor not shown signed ends the search
            p = prover.le(sp.Integer(0), f, strict, depth)
            if p is None:
                return None
            parts.append(p)
        return Proof("gcongr", "mul_nonneg", sp.Integer(0), rel, e, tuple(parts))
    if not _root(term) or isinstance(term.args[0], MatrixExpr):
        return None
    u, r = term.args
    base = prover.le(sp.Integer(0), u, strict, depth)
    if base is None:
        return None
    exponent = () if strict else (Proof("arithmetic", "positivity", sp.Integer(0), "<=", r),)
    return Proof("gcongr", "pow_nonneg", sp.Integer(0), rel, e, (base, *exponent))
