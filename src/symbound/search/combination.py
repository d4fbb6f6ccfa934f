"""``a = b`` as a combination of the file's equalities with polynomial cofactors (Mathlib's
``linear_combination``, found as ``polyrith`` finds it): b − a = Σ cᵢ·(rᵢ − lᵢ) for stated equalities lᵢ = rᵢ,
τ(2aȧ − 2bḃ) = 2ab(s − ab) − 2ba(s − ab) from τȧ = b(s − ab) and τḃ = a(s − ab) with c = 2a, −2b.

The cofactors are found by linear algebra over ℚ: each cᵢ a polynomial of degree ≤ d (d = 0, 1, 2) in the
scalar names with unknown coefficients, and the coefficients of b − a − Σ cᵢ(rᵢ − lᵢ) set to zero.  The proof
is the kernel's ``linarith`` rule with equalities (symbound.kernel.linarith), which re-decides the sum.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations_with_replacement
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr
from sympy.polys.matrices import DomainMatrix

from symbound.kernel import arith
from symbound.kernel.proofs import Proof
from symbound.search.equations import equations

MAX_DEGREE = 2
MAX_UNKNOWNS = 160
MAX_NAMES = 10


def by_linear_combination(prover: Any, a: Any, b: Any, ca: Any, cb: Any, uses: tuple[Proof, ...]) -> Proof | None:
    """A proof of ``a = b`` from polynomial cofactors of the stated scalar equalities, or None."""
    if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr):
        return None
    stated, seen = [], set()
    for l, r, p in equations(prover):
        name = p.children[0].rule if p.children else p.rule
        if name not in seen and not isinstance(l, MatrixExpr) and not isinstance(r, MatrixExpr):
            seen.add(name)
            stated.append((l, r, p))
    if not stated:
        return None
    atoms: dict = {}
    goal = arith.opaque(sp.expand(cb - ca), atoms)[0]
    sides = [arith.opaque(sp.expand(r - l), atoms)[0] for l, r, _ in stated]
    names = sorted(set().union(goal.free_symbols, *(s.free_symbols for s in sides)), key=sp.default_sort_key)
    if goal == 0 or not any(goal.free_symbols & s.free_symbols for s in sides) or len(names) > MAX_NAMES or not all(e.is_polynomial(*names) for e in (goal, *sides)):
        return None
    dummies = set(atoms.values())
    scalars = [s for s in names if s not in dummies and s not in prover.definitions]
    prover.budget.tick()
    cofactors = _cofactors(goal, tuple(sides), tuple(names), tuple(scalars))
    if cofactors is None:
        return None
    used = [(c, p) for c, (_, _, p) in zip(cofactors, stated) if c != 0]
    return Proof("linarith", "linear_combination", a, "=", b, tuple(p for _, p in used),
                 (("coefficients", tuple(sp.Integer(1) for _ in used)), ("multipliers", tuple(c for c, _ in used))), uses)


@lru_cache(maxsize=1024)
def _cofactors(goal: Any, sides: tuple, names: tuple, scalars: tuple) -> list | None:
    """Polynomials cᵢ in ``scalars`` of the least degree ≤ MAX_DEGREE with goal = Σ cᵢ·sidesᵢ, or None."""
    for degree in range(MAX_DEGREE + 1):
        monomials = [sp.Mul(*m) for k in range(degree + 1) for m in combinations_with_replacement(scalars, k)]
        if len(monomials) * len(sides) > MAX_UNKNOWNS:
            return None
        unknowns = [[sp.Dummy() for _ in monomials] for _ in sides]
        rest = goal - sum(sum(u * m for u, m in zip(us, monomials)) * s for us, s in zip(unknowns, sides))
        flat = [u for us in unknowns for u in us]
        rows = sp.Poly(sp.expand(rest), *names).coeffs()
        A, v = sp.linear_eq_to_matrix(rows, flat)
        solution = _solved(A, v)
        if solution is not None:
            values = dict(zip(flat, solution))
            return [sp.expand(sum(values[u] * m for u, m in zip(us, monomials))) for us in unknowns]
    return None


def _solved(A: sp.Matrix, v: sp.Matrix) -> list | None:
    """One rational solution of A·u = v (free unknowns 0), or None."""
    domain = sp.QQ
    try:
        aug = DomainMatrix.from_Matrix(A.row_join(v)).convert_to(domain)
    except (sp.CoercionFailed, ValueError, TypeError):
        return None
    reduced, pivots = aug.rref()
    n = A.shape[1]
    if n in pivots:
        return None  # inconsistent: a pivot in the right-hand column
    rows = reduced.to_Matrix()
    out = [sp.Integer(0)] * n
    for row, col in enumerate(pivots):
        out[col] = rows[row, n]
    return out
