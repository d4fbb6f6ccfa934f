"""Equalities that need signs, in the search (tried after exact arithmetic and the file's own equalities fail), each a
proof term for a rule of symbound.kernel.signs:

* ``by_signs``: the subterms whose sign decides an absolute value, a root or a max/min (|t|: t; √(u·v): u and v;
  max(x, y): y − x) are signed by the search (0 < t, 0 ≤ t, or the same for −t, with the premises and earlier
  chains), then exact arithmetic with those signs decides a = b (``eq_of_signs``): |c − 1| = 1 − c from c < 1;
* ``through_power``: a = b from a² = b² with 0 ≤ a and 0 ≤ b (``pow_left_injective``), for sides with a norm, an
  absolute value or a square root: ‖v + d‖ = √(1 + C²)‖v‖ from ‖v + d‖² = ‖v‖² + ‖d‖² (vᵀd = 0).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.proofs import Proof
from symbound.ops import Norm
from symbound.ops.objects import evaluated

MAX_SIGNED = 10


def _scalar(*terms: Any) -> bool:
    return all(isinstance(t, sp.Expr) and not isinstance(t, MatrixExpr) for t in terms)


def _root(n: Any) -> bool:
    return isinstance(n, sp.Pow) and n.args[1].is_Rational and not n.args[1].is_Integer


def candidates(e: Any) -> list[Any]:
    """The terms whose signs decide the absolute values, roots and max/min of ``e`` (each at most once, in order)."""
    out: list = []
    for n in sp.preorder_traversal(e):
        if isinstance(n, sp.Abs) or _root(n):
            if isinstance(n, sp.Abs):
                out.append(n)  # 0 < |u|: u ≠ 0
            inside = n.args[0]
            out += [inside, *sp.Mul.make_args(inside)] if isinstance(inside, sp.Mul) else [inside]
        elif isinstance(n, (sp.Max, sp.Min)) and len(n.args) == 2:
            out.append(evaluated(n.args[1] - n.args[0]))
    return [t for t in dict.fromkeys(out) if not t.is_number and _scalar(t) and (isinstance(t, sp.Abs) or (
            t.is_nonnegative is not True and t.is_nonpositive is not True))]


def _sign(prover: Any, t: Any) -> Proof | None:
    """0 < t, 0 ≤ t, 0 < −t or 0 ≤ −t, the first the search shows (None when none)."""
    for term in (t,) if isinstance(t, sp.Abs) else (t, evaluated(-t)):
        for strict in (True,) if isinstance(t, sp.Abs) else (True, False):
            p = prover.nonneg(term, strict, 3)
            if p is not None:
                return p
    return None


def by_signs(prover: Any, a: Any, b: Any, ca: Any, cb: Any, uses: tuple[Proof, ...]) -> Proof | None:
    """a = b by exact arithmetic once the signs the search shows decide the goal's |·|, roots and max/min."""
    if not _scalar(ca, cb):
        return None
    terms = candidates(sp.Tuple(ca, cb))[:MAX_SIGNED]
    if not terms:
        return None
    blockers = len(prover.attempt.blockers)
    parts = [p for p in (_sign(prover, t) for t in terms) if p is not None]
    del prover.attempt.blockers[blockers:]  # a sign not shown is no diagnosis of the goal
    # every sign, then only those of sums, symbols and |·| (1/|g| made an atom would hide that |g|/|g| = 1)
    for chosen in dict.fromkeys((tuple(parts), tuple(p for p in parts if isinstance(evaluated(p.rhs), (sp.Add, sp.Symbol, sp.Abs))))):
        prover.budget.tick()
        signs = tuple((evaluated(p.rhs), "positive" if p.rel == "<" else "nonnegative") for p in chosen)
        if chosen and arith.decide(evaluated(cb - ca), "zero", signs):
            return Proof("signs", "eq_of_signs", a, "=", b, chosen, rewrites=uses)
    return None


def through_power(prover: Any, a: Any, b: Any, ca: Any, cb: Any) -> Proof | None:
    """a = b from a² = b², 0 ≤ a and 0 ≤ b, when a side holds a norm, an absolute value or a square root (not while
    proving another such square: the powers do not grow)."""
    if getattr(prover, "_squaring", False) or not _scalar(ca, cb):
        return None
    if not any(isinstance(n, (Norm, sp.Abs)) or _root(n) for side in (ca, cb) for n in sp.preorder_traversal(side)):
        return None
    prover._squaring = True
    blockers = len(prover.attempt.blockers)
    try:
        signs = [prover.nonneg(a, False, 2), prover.nonneg(b, False, 2)]
        power = prover.equal(evaluated(a**2), evaluated(b**2)) if all(s is not None for s in signs) else None
    finally:
        prover._squaring = False
        del prover.attempt.blockers[blockers:]
    if power is None:
        return None
    return Proof("signs", "pow_left_injective", a, "=", b, (power, *signs), (("exponent", sp.Integer(2)),))
