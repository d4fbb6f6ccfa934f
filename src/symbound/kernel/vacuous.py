"""A `for_all` premise false by itself, whatever the values of its other names: a vacuous file found out."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.witnesscheck import ActivationValue, Candidate, Undecided, Z, _Context
from symbound.kernel.quantifiers import GRID, grid_points, decide, forall_decide


def false_for_all(derivation: Any, premise: Any) -> tuple[Any, dict] | None:
    """A `for_all` premise decided false by itself, whatever the values of its other names: (the relation, an
    exact point where it fails, when one is known) or None.  The file's concrete activations are their
    formulas (relu is not ½-Lipschitz); the other scalars stay symbols with their declared assumptions
    (∀z: z ≤ γ fails at z = γ + 1 whatever γ is); a bound index ranges over ℝ when the relation is a polynomial
    in it (unbounded over ℝ, so over ℤ); a nonnegative side |…| holding an abstract activation is lowered to 0
    (if 0 ≤ c·|a − b| fails, so does |σ(a) − σ(b)| ≤ c·|a − b|)."""
    from symbound.ops import KNOWN

    if not premise.bound:
        return None
    concrete = {n: d.obj.function for n, d in derivation.symbols.items() if d.kind == "activation" and d.obj.function is not None}
    cand = Candidate({}, {}, {n: ActivationValue(KNOWN[f](Z)) for n, f in concrete.items()})
    ctx = _Context(derivation, cand)
    signed = _signs(derivation)  # c > 0 stated as a premise: c ranges over the positive numbers here
    for r in premise.relations:
        lhs, rel, rhs = (r.rhs, r.rel.replace(">", "<"), r.lhs) if r.rel in (">=", ">") else (r.lhs, r.rel, r.rhs)
        indices = {b: sp.Dummy(str(b), real=True) for b in premise.bound if b.is_integer}
        lhs, rhs = ctx.concrete(lhs).xreplace(indices).xreplace(signed), ctx.concrete(rhs).xreplace(indices).xreplace(signed)
        if rel in ("<=", "<") and isinstance(lhs, sp.Abs) and _free_names(lhs) - set(concrete) - set(premise.bound) - set(indices.values()):
            lhs = sp.Integer(0)  # |…| of an abstract activation: at least 0
        bound = tuple(b for b in premise.bound if not b.is_integer) + tuple(indices.values())
        names = set().union(*(_free_names(side) for side in (lhs, rhs)))
        others = names - set(bound) - set(concrete)
        if not names & set(bound) or not all(isinstance(s, sp.Symbol) and s.is_real for s in others):
            continue
        ctx.env.update({s: s for s in others})
        try:
            d, rel2, domains = ctx.quantified(lhs, rel, rhs, bound)
        except Undecided:
            continue
        if any(d.has(v) for v in indices.values()) and not d.is_polynomial(*indices.values()):
            continue
        variables = [v for v, _ in domains]
        integers = set(indices.values())
        shown = {v: k for k, v in indices.items()}
        axes = [[g for g in GRID if sp.sympify(g).is_integer] if v in integers else list(GRID) for v in variables]
        for point in grid_points(axes):
            at = dict(zip(variables, point))
            if decide(sp.Integer(0), rel2, d.xreplace(at)) == (False, True):
                return r, {shown.get(v, v): x for v, x in at.items()}
        if integers & d.free_symbols:  # over ℤ: only a polynomial unbounded below fails at some integer for sure
            if rel2 != "=" and len(variables) == 1 and _unbounded_below(d, variables[0]):
                return r, {}
            continue
        if (ctx.lipschitz(lhs, rel, rhs, bound) or forall_decide(d, rel2, domains)) == (False, True):
            return r, {}  # decided false by sympy's minimum over ℝ, at no grid point
    return None


def _signs(derivation: Any) -> dict:
    """Each scalar that a premise without `for_all` signs (c > 0, 0 ≤ c, c < 0 …) as a symbol of that sign."""
    out: dict = {}
    for premise in derivation.premises:
        if premise.bound:
            continue
        for r in premise.relations:
            lhs, rel, rhs = (r.rhs, r.rel.replace(">", "<"), r.lhs) if r.rel in (">=", ">") else (r.lhs, r.rel, r.rhs)
            if rel not in ("<", "<="):
                continue
            if isinstance(rhs, sp.Symbol) and rhs.is_real and lhs == 0:
                out[rhs] = sp.Dummy(str(rhs), positive=True) if rel == "<" else sp.Dummy(str(rhs), nonnegative=True)
            elif isinstance(lhs, sp.Symbol) and lhs.is_real and rhs == 0:
                out[lhs] = sp.Dummy(str(lhs), negative=True) if rel == "<" else sp.Dummy(str(lhs), nonpositive=True)
    return out


def _unbounded_below(d: sp.Expr, v: Any) -> bool:
    """Whether the polynomial d(v) tends to −∞ as v → +∞ or v → −∞, whatever its other symbols' values."""
    try:
        return any(sp.limit(d, v, end) == -sp.oo for end in (sp.oo, -sp.oo))
    except (NotImplementedError, ValueError, TypeError):
        return False


def _free_names(e: Any) -> set:
    """The names a term uses: its free symbols and the activations it applies."""
    from symbound.ops import Elementwise, ScalarApply

    if not isinstance(e, sp.Basic):
        return set()
    out = set(e.free_symbols)
    out |= {n.fname for n in sp.preorder_traversal(e) if isinstance(n, (Elementwise, ScalarApply))}
    return out
