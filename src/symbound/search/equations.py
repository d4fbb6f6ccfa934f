"""Equalities the file states (premises ``a == b``, ``=`` chains) used as rewrites to close ``=`` steps, also
inside a larger term (‖aW‖ = ‖bW‖ from a = b): Lean's ``rw [h]`` / ``simp [h]``.

The proof is the kernel's ``conv`` (or ``arithmetic``) rule with one more rewrite: the equality's canonical
form, itself a ``conv`` over the premise or chain as written (symbound.kernel.kernel checks both).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.algebra import bilinear, normal
from symbound.kernel.proofs import Proof
from symbound.ops.objects import evaluated

MAX_EQUATIONS = 8


def equations(prover: Any) -> list[tuple[Any, Any, Proof]]:
    """The ground equalities among the prover's facts (a fact and its converse under one name), each as
    (canonical left, canonical right, proof of canonical left = canonical right)."""
    facts = [f for f in prover.ordered_facts() if not f.variables and f.kind in ("premise", "chain")]
    seen = {(f.name, f.lhs, f.rhs) for f in facts if f.rel == "<="}
    out = []
    for f in facts:
        if f.rel != "<=" or (f.name, f.rhs, f.lhs) not in seen or f.lhs == f.rhs:
            continue
        lhs, rhs = f.original
        stated = Proof(f.kind, f.name, lhs, "=", rhs)
        (cl, ul), (cr, ur) = prover.canon(lhs), prover.canon(rhs)
        out.append((cl, cr, Proof("conv", "rewriting", cl, "=", cr, (stated,), rewrites=ul + ur)))
    return out[:2 * MAX_EQUATIONS]


def _occurs(part: Any, e: Any) -> bool:
    return isinstance(e, sp.Basic) and any(node == part for node in sp.preorder_traversal(e))


def _oriented(left: Any, right: Any) -> bool:
    """Whether to rewrite ``left`` into ``right`` (not back): towards a number, away from a plain name, else
    towards the smaller side (ties by the printed form, so that one of a = b, b = a is kept)."""
    if isinstance(right, sp.Basic) and right.is_number:
        return True
    if isinstance(left, sp.Basic) and left.is_number:
        return False
    if left.is_Symbol != right.is_Symbol:
        return left.is_Symbol
    return (sp.count_ops(right), str(right)) < (sp.count_ops(left), str(left))


def _rewritten(e: Any, rules: dict, used: set) -> Any | None:
    """``e`` with the rules applied to a fixpoint (None when they do not reach one in a few rounds); the
    left sides of the rules that fired join ``used``."""
    for _ in range(MAX_EQUATIONS + 1):
        used |= {left for left in rules if _occurs(left, e)}
        new = evaluated(e.xreplace(rules))
        if new == e:
            return e
        e = new
    return None


def _closes(prover: Any, a: Any, b: Any, na: Any, nb: Any, rewrites: tuple[Proof, ...], expanded: bool) -> Proof | None:
    """``a = b`` from their rewritten forms ``na``, ``nb`` (``expanded``: inner products expanded, which only
    the kernel's arithmetic does)."""
    if na is None or nb is None:
        return None
    if not expanded and (na == nb or normal(na) == normal(nb)):
        return Proof("conv", "rewriting", a, "=", b, rewrites=rewrites)
    if not isinstance(na, MatrixExpr) and not isinstance(nb, MatrixExpr):
        prover.budget.tick()
        if arith.decide(nb - na, "zero"):
            return Proof("arithmetic", "arithmetic", a, "=", b, rewrites=rewrites)
    return None


def by_equations(prover: Any, a: Any, b: Any, ca: Any, cb: Any, uses: tuple[Proof, ...]) -> Proof | None:
    """``a = b`` when rewriting the canonical forms ``ca``, ``cb`` with the stated equalities makes them equal
    (as written, or by exact arithmetic for scalars): first all of them at once, each in one direction, then
    each alone in either direction."""
    known = [e for e in equations(prover) if not _occurs(e[0], e[1])]  # a rewrite that would not terminate is skipped
    if not known:
        return None
    chosen = [(l, r, p) for l, r, p in known if _oriented(l, r)]
    attempts = [chosen] + [[e] for e in known] if len(known) > 2 or len(chosen) != 1 else [chosen]
    scalar = not isinstance(ca, MatrixExpr) and not isinstance(cb, MatrixExpr)
    for rules in attempts:
        for expanded in (False, True) if scalar else (False,):  # then with inner products expanded (‖v + d‖², vᵀd = 0)
            form = bilinear if expanded else (lambda e: e)
            table, used = {form(l): form(r) for l, r, _ in rules}, set()
            na, nb = _rewritten(form(ca), table, used), _rewritten(form(cb), table, used)
            if used:
                proof = _closes(prover, a, b, na, nb, uses + tuple(p for l, _, p in rules if form(l) in used), expanded)
                if proof is not None:
                    return proof
    return None
