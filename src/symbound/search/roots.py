"""Signs of roots and products: 0 < √u (0 ≤ √u, any rational power in (0, 1)) from 0 < u (0 ≤ u), and the sign
of a product from its factors' signs, each sub-goal proved at the goal's own depth (tried after the general search).
The general positivity search lowers the depth at every level, and a linear certificate is tried only at depth ≥ 2:
the nonzero-ness of √(1 − β)·|g| from premises β < 1 and |g| > 0 (a denominator's side condition), or the sign of
(1 − β)g² under a root, was out of its reach.  The kernel checks the proofs with its rules ``pow_nonneg`` and
``mul_nonneg``.  And a bound on a square root by squaring it (``by_squaring``: the kernel's ``sqrt_le_left`` and
``le_sqrt``)."""

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


def by_squaring(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, depth: int, uses: tuple) -> Proof | None:
    """a ≤ b (a < b) with a square root c·√x among the terms of a − b (the first two tried): the root isolated, √x ≤ y from x ≤ y², 0 ≤ y
    and 0 ≤ x when c > 0 (the kernel's ``sqrt_le_left``), y ≤ √x from y² ≤ x when c < 0 (``le_sqrt``), each
    sub-goal one level down; then a one-hypothesis linear certificate with weight |c| gives the goal as written:
    √(Z − a²) ≤ √Z − a²/(2√Z), −γ/2 + √(γ²/4 − a²) < 0 from a² > 0."""
    if depth < 1 or isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr) or not isinstance(ca - cb, sp.Expr):
        return None
    terms = sp.Add.make_args(evaluated(ca - cb))
    roots = [t.as_coeff_Mul() for t in terms if _sqrt(t.as_coeff_Mul()[1])]
    for c, root in roots[:2]:
        p = _isolated(prover, a, b, terms, c, root, strict, depth, uses)
        if p is not None:
            return p
    return None


def _isolated(prover: Any, a: Any, b: Any, terms: tuple, c: Any, root: Any, strict: bool, depth: int, uses: tuple) -> Proof | None:
    """a ≤ b from the root c·√x isolated (see ``by_squaring``)."""
    rest = evaluated(sp.Add(*[t for t in terms if t.as_coeff_Mul() != (c, root)]))
    x, y, rel = root.args[0], evaluated(-rest / c), "<" if strict else "<="
    blockers = len(prover.attempt.blockers)
    squared = (x, evaluated(y**2)) if c > 0 else (evaluated(y**2), x)
    goal = prover._goal
    if (a, b) == goal:
        prover._goal = squared  # the squared goal is still the link's goal: nlinarith's products (x² ≤ x on [0, 1])
    try:
        first = prover.le(*squared, strict, depth - 1)
    finally:
        prover._goal = goal
    if c > 0:  # c√x + rest ≤ 0: √x ≤ −rest/c
        parts = [first, _nonneg(prover, y, depth - 1), prover.le(sp.Integer(0), x, False, depth - 1)]
        isolated = Proof("signs", "sqrt_le_left", root, rel, y, tuple(parts))
    else:  # √x ≥ rest/|c| = −rest/c
        parts = [first]
        isolated = Proof("signs", "le_sqrt", y, rel, root, tuple(parts))
    if any(p is None for p in parts):
        del prover.attempt.blockers[blockers:]
        return None
    return Proof("linarith", "linarith", a, rel, b, (isolated,), (("coefficients", sp.Tuple(abs(c))), ("multipliers", sp.Tuple(1))), uses)


def _sqrt(e: Any) -> bool:
    return isinstance(e, sp.Pow) and e.args[1] == sp.Rational(1, 2) and not isinstance(e.args[0], MatrixExpr)


def _nonneg(prover: Any, y: Any, depth: int) -> Proof | None:
    """0 ≤ y, else 0 ≤ y over a common denominator (√Z − a²/(2√Z) as (2Z − a²)/(2√Z)), the two forms equal by
    exact arithmetic."""
    p = prover.le(sp.Integer(0), y, False, depth)
    common = sp.together(y)
    if p is not None or common == y:
        return p
    q = prover.le(sp.Integer(0), common, False, depth)
    if q is None:
        return None
    return Proof("transitivity", "transitivity", sp.Integer(0), "<=", y, (q, Proof("arithmetic", "arithmetic", common, "=", y)))
