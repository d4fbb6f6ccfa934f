"""The kernel's limit rules (a conclusion ``E -> 0 as N -> oo``): each checks its parts, already checked
proofs, against one library entry tagged ``limit``; ``not_pinned`` checks that no premise the limit rests
on bounds the growing quantity.  The table of these rules is ``symbound.kernel.kernel.LIMITS``."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.proofs import Proof
from symbound.kernel.terms import free
from symbound.kernel.theorem import Rejected
from symbound.ops import Norm, SpectralRadius
from symbound.ops.objects import evaluated


def geometric_tendsto_zero(k: Any, proof: Proof, expr: Any, grows: Any, growing: set, eqs: dict) -> None:
    if len(proof.children) not in (3, 4):
        raise Rejected("geometric_tendsto_zero: a bound, 0 ≤ q, q < 1 and (for a bound that is not an equality) 0 ≤ the expression")
    bound, q_nonneg, q_lt_one, *lower = proof.children
    q, C = proof.bound.get("q"), proof.bound.get("C")
    if q is None or C is None:
        raise Rejected("geometric_tendsto_zero: base or constant missing")
    if (k.free_unfolded(q) | k.free_unfolded(C)) & growing:
        raise Rejected(f"geometric_tendsto_zero: the base and the constant must not depend on {grows}")
    if not (bound.rel in ("<=", "<", "=") and k.same(bound.lhs, expr, eqs) and k.same(bound.rhs, C * q ** grows, eqs)):
        raise Rejected("geometric_tendsto_zero: the bound is not C·qⁿ of the expression")
    # the expression is C·qⁿ itself, or squeezed between 0 and C·qⁿ
    squeezed = bool(lower) and k.shows(lower[0], sp.Integer(0), "<=", expr)
    if not (k.shows(q_nonneg, sp.Integer(0), "<=", q) and k.shows(q_lt_one, q, "<", sp.Integer(1))
            and (squeezed or (bound.rel == "=" and not lower))):
        raise Rejected("geometric_tendsto_zero: 0 ≤ q < 1 and 0 ≤ the expression are not shown")


def gelfand_tendsto_zero(k: Any, proof: Proof, expr: Any, grows: Any, growing: set, eqs: dict) -> None:
    form, spectral = proof.children
    A = proof.bound.get("A")
    if not isinstance(A, MatrixExpr) or A.shape[0] != A.shape[1]:
        raise Rejected("gelfand_tendsto_zero: needs a square matrix")
    if k.free_unfolded(A) & growing:
        raise Rejected(f"gelfand_tendsto_zero: the matrix must not depend on {grows}")
    power = evaluated(form.rhs)
    if not (form.rel == "=" and k.same(form.lhs, expr, eqs) and isinstance(power, Norm)
            and isinstance(power.matrix, sp.MatPow) and power.matrix.args[0] == A and k.same(power.matrix.args[1], grows, eqs)):
        raise Rejected("gelfand_tendsto_zero: the expression is not ‖Aⁿ‖")
    if not k.shows(spectral, SpectralRadius(A), "<", sp.Integer(1)):
        raise Rejected("gelfand_tendsto_zero: ρ(A) < 1 is not shown")


def not_pinned(k: Any, premises: set[str], grows: Any, growing: set) -> None:
    """No premise the limit rests on may bound the growing quantity: each must stay true as it grows."""
    N = sp.Dummy("N", positive=True)
    g = k.unfolded(grows)
    solved = None
    for s in sorted(free(g), key=str):
        coefficient = sp.diff(g, s)
        if coefficient.is_number and coefficient != 0 and sp.diff(g, s, 2) == 0:
            solved = (s, (N - g.xreplace({s: sp.Integer(0)})) / coefficient)  # g is linear in s: g = c·s + g(0)
            break
    for p in sorted(premises):
        for st in k.premises.get(p, []):
            lhs, rhs = k.unfolded(st.lhs), k.unfolded(st.rhs)  # a `for_all` premise too: for each value of its names
            if not ((free(lhs) | free(rhs)) & growing):
                continue
            if solved is None:
                raise Rejected(f"premise {p} constrains {grows}")
            gap = sp.simplify((rhs - lhs).xreplace({solved[0]: solved[1]}))
            if N not in gap.free_symbols:
                continue
            if st.rel == "=":
                raise Rejected(f"premise {p} fixes {grows}")
            if gap.free_symbols & {v for v, _ in st.variables}:
                raise Rejected(f"premise {p} constrains {grows} for every value of its names")  # not uniformly shown
            try:
                end = sp.limit(gap, N, sp.oo)
            except (NotImplementedError, ValueError, TypeError):
                end = None
            if not (end == sp.oo or (end is not None and end.is_positive)):
                raise Rejected(f"premise {p} bounds {grows}: it fails as {grows} grows")
