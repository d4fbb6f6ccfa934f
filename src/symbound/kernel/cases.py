"""The kernel rule ``le_total`` (kind ``cases``): a proof by cases on x ≤ y or y ≤ x (Mathlib's
``rcases le_total x y``), and the leaf ``case`` that names the branch's own assumption.

A node ``lhs rel rhs`` with the binding ``split = (x, y)`` (two real scalars) has two children: the first proves
the statement with every max(x, y) replaced by y, min(x, y) by x and |y − x| (or |x − y|) by y − x — which
equal them when x ≤ y — checked with x ≤ y assumed; the second the same with the roles of x and y exchanged.
Since x ≤ y or y ≤ x, the statement holds.  Inside a branch (and only there) a leaf ``case`` proves
l ≤ r when r − l is, expanded, y − x for the branch's assumption x ≤ y.  Nodes checked inside a branch are
not remembered as passed outside it.  No substitution crosses a binder of a variable of x or y.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.terms import free
from symbound.kernel.theorem import Rejected
from symbound.ops import BINDERS


def resolved(e: Any, lo: Any, hi: Any) -> Any:
    """``e`` with max(lo, hi) → hi, min(lo, hi) → lo and |hi − lo| → hi − lo (their values when lo ≤ hi)."""
    pair = {lo, hi}

    def value(n: Any) -> Any:
        if isinstance(n, sp.Max) and set(n.args) == pair and len(n.args) == 2:
            return hi
        if isinstance(n, sp.Min) and set(n.args) == pair and len(n.args) == 2:
            return lo
        if isinstance(n, sp.Abs) and (sp.expand(n.args[0] - (hi - lo)) == 0 or sp.expand(n.args[0] + (hi - lo)) == 0):
            return hi - lo
        return None

    if not isinstance(e, sp.Basic):
        return e
    found = value(e)
    if found is not None:
        return found
    args = tuple(resolved(a, lo, hi) for a in e.args)
    return e if args == e.args else e.func(*args)


def _scalar(e: Any) -> bool:
    return isinstance(e, sp.Expr) and not isinstance(e, MatrixExpr) and e.is_extended_real is True


@contextmanager
def _assuming(kernel: Any, lo: Any, hi: Any) -> Iterator[None]:
    """lo ≤ hi assumed while a branch is checked; what passes there is forgotten after it."""
    passed = kernel._passed
    kernel._passed = set(passed)
    kernel.cases.append((lo, hi))
    try:
        yield
    finally:
        kernel.cases.pop()
        kernel._passed = passed


def le_total(kernel: Any, node: Any) -> None:
    """Accept ``node`` by cases on x ≤ y or y ≤ x (see the module docstring); raise Rejected otherwise."""
    split = node.bound.get("split")
    if node.rule != "le_total" or node.rewrites or len(node.children) != 2 or not isinstance(split, sp.Tuple) or len(split) != 2:
        raise Rejected("le_total: two branches on x ≤ y or y ≤ x")
    x, y = split
    if not (_scalar(x) and _scalar(y)):
        raise Rejected("le_total: the split is not between two real scalars")
    variables = free(x) | free(y)
    for side in (node.lhs, node.rhs):
        for n in sp.preorder_traversal(side) if isinstance(side, sp.Basic) else ():
            bound = {limit[0] for limit in n.args[1:] if isinstance(limit, sp.Tuple) and limit} if isinstance(n, BINDERS) else set()
            if bound & variables:
                raise Rejected("le_total: the split's variable is bound inside the statement")
    for (lo, hi), child in zip(((x, y), (y, x)), node.children):
        with _assuming(kernel, lo, hi):
            kernel.check(child)
        if not kernel.shows(child, resolved(node.lhs, lo, hi), node.rel, resolved(node.rhs, lo, hi)):
            raise Rejected("le_total: a branch does not prove the statement in its case")


def case(kernel: Any, node: Any) -> None:
    """Accept l ≤ r inside a branch whose assumption lo ≤ hi has r − l = hi − lo; raise Rejected otherwise."""
    if node.rule != "case" or node.children or node.rewrites or node.rel != "<=":
        raise Rejected("case: a branch's assumption is a leaf l ≤ r")
    if isinstance(node.lhs, MatrixExpr) or isinstance(node.rhs, MatrixExpr):
        raise Rejected("case: a branch's assumption is about scalars")
    if not any(sp.expand(node.rhs - node.lhs - (hi - lo)) == 0 for lo, hi in kernel.cases):
        raise Rejected("case: not an assumption of the branch it is in")
