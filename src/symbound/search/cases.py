"""Proof by cases on the max, min and |·| terms of a scalar goal (Mathlib's ``rcases le_total x y`` followed by
``linarith``/``nlinarith``): for a split x ≤ y or y ≤ x, each branch's goal has max(x, y), min(x, y) and
|y − x| replaced by their values in that case (symbound.kernel.cases.resolved) and is proved by the prover
as it is, else by a linear certificate over the facts and the branch's assumptions with nlinarith's pairwise
products (the kernel's ``linarith`` rule, the assumptions its leaves ``case``).  Bounded: at most ``MAX_SPLITS`` nested splits, each on a
term of the goal."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.cases import resolved
from symbound.kernel.proofs import Proof
from symbound.search.linear import linarith

MAX_SPLITS = 2


def splits(*terms: Any) -> list[tuple[Any, Any]]:
    """The pairs (x, y) a case split of the terms may use: the arguments of each two-argument max or min, and
    (0, t) for each |t| of a sum t (|a − b|: for an atom t, x ≤ |x| and −|x| ≤ x are linear arithmetic's own
    columns); max and min first, in a fixed order, each pair once."""
    out: list[tuple[Any, Any]] = []
    for kinds in ((sp.Max, sp.Min), (sp.Abs,)):
        for t in terms:
            for n in sp.preorder_traversal(t) if isinstance(t, sp.Basic) else ():
                if (isinstance(n, kinds) and not isinstance(n.args[0], MatrixExpr) and n.args[0].is_extended_real
                        and (not isinstance(n, sp.Abs) or isinstance(n.args[0], sp.Add))):
                    pair = (sp.Integer(0), n.args[0]) if isinstance(n, sp.Abs) else tuple(n.args)
                    if len(pair) == 2 and pair not in out and pair[::-1] not in out:
                        out.append(pair)
    return out


def by_cases(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of the scalar goal ``a rel b`` by cases (see the module docstring), or None."""
    if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
        return None
    blockers = len(prover.attempt.blockers)
    proof = _split(prover, a, rel, b, (), MAX_SPLITS) if splits(a, b) else None
    if proof is None:  # the split terms only in the canonical forms (a definition unfolded)
        (ca, ua), (cb, ub) = prover.canon(a), prover.canon(b)
        inner = _split(prover, ca, rel, cb, (), MAX_SPLITS) if (ca, cb) != (a, b) and splits(ca, cb) else None
        proof = Proof("conv", "rewriting", a, rel, b, (inner,), rewrites=tuple(dict.fromkeys(ua + ub))) if inner else None
    del prover.attempt.blockers[blockers:]  # a failed branch is no diagnosis of the goal as written
    return proof


def _split(prover: Any, a: Any, rel: str, b: Any, assumed: tuple, depth: int) -> Proof | None:
    leaf = _leaf(prover, a, rel, b, assumed)
    if leaf is not None or depth == 0:
        return leaf
    for x, y in splits(a, b)[:MAX_SPLITS]:
        branches = []
        for lo, hi in ((x, y), (y, x)):
            branch = _split(prover, resolved(a, lo, hi), rel, resolved(b, lo, hi), assumed + ((lo, hi),), depth - 1)
            if branch is None:
                break
            branches.append(branch)
        else:
            return Proof("cases", "le_total", a, rel, b, tuple(branches), (("split", sp.Tuple(x, y)),))
    return None


def _leaf(prover: Any, a: Any, rel: str, b: Any, assumed: tuple) -> Proof | None:
    """The branch's goal by the prover (without the assumptions), else by a linear certificate over the facts and
    the assumptions, with nlinarith's products (symbound.search.linear)."""
    if not assumed:
        return None
    prover.budget.tick()
    p = prover.equal(a, b) if rel == "=" else prover.le(a, b, rel == "<", depth=2)
    if p is not None or rel == "=":
        return p
    (ca, ua), (cb, ub) = prover.canon(a), prover.canon(b)
    return linarith(prover, a, b, ca, cb, rel == "<", tuple(dict.fromkeys(ua + ub)), True, prover.pairs, assumed)
