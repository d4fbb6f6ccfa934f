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
from symbound.kernel.algebra import bilinear, normal, pushed
from symbound.kernel.everyday import coordinate_form
from symbound.kernel.proofs import Proof
from symbound.kernel.terms import free
from symbound.search.matching import match
from symbound.ops import Coordinate, Norm
from symbound.ops.maxima import RangeMax
from symbound.ops.objects import evaluated
from symbound.search.facts import lemma_fact

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


def rewrite_rules(prover: Any) -> list[tuple[Any, Any, Proof]]:
    """The file's equalities usable as terminating rewrites left to right (the left side not inside the right)."""
    return [(l, r, p) for l, r, p in equations(prover) if not _occurs(l, r) and _oriented(l, r)]


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


def _towards_representatives(known: list[tuple[Any, Any, Proof]]) -> list[tuple[Any, Any, Proof]]:
    """The equalities as one confluent set of rewrites: the terms they make equal fall into classes, and each
    term is rewritten along a stated equality towards its class's representative (a number, else the term in the
    most equalities, else the smallest), so that E = p and F = p rewrite E and F to p, where orienting each
    equality alone would send p to both."""
    links: dict[Any, list[tuple[Any, Proof]]] = {}
    for l, r, p in known:
        links.setdefault(l, []).append((r, p))
    rules, placed = [], set()
    def rank(t: Any) -> tuple:
        return (not (isinstance(t, sp.Basic) and t.is_number), -len(links.get(t, ())), sp.count_ops(t), str(t))
    for root in sorted(links, key=rank):
        if root in placed:
            continue
        placed.add(root)
        frontier = [root]
        while frontier:
            parent = frontier.pop()
            for child in links.get(parent, ()):  # parent = child stated, so child = parent is stated too
                term = child[0]
                back = next((p for t, p in links.get(term, ()) if t == parent), None)
                if term in placed or back is None:
                    continue
                placed.add(term)
                rules.append((term, parent, back))
                frontier.append(term)
    return rules


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
        return by_coordinates(prover, a, b)
    chosen = [(l, r, p) for l, r, p in known if _oriented(l, r)]
    attempts = [chosen] + [[e] for e in known] if len(known) > 2 or len(chosen) != 1 else [chosen]
    joined = _towards_representatives(known)
    if joined != chosen:
        attempts.insert(1, joined)
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
    return by_coordinates(prover, a, b)


def by_transposes(prover: Any, a: Any, b: Any, ca: Any, cb: Any, uses: tuple[Proof, ...]) -> Proof | None:
    """A matrix ``a = b`` with the transposes pushed to the atoms and products kept whole, where the file's
    equalities meet them (Aᵀ = −A inside (I − A)ᵀ) and an orthogonal Q's transpose is its inverse (Qᵀ = Q⁻¹,
    the library's inverse_orthogonal read right to left), so that the normal form cancels each inverse against
    the factors it meets: WᵀW = I for W = (I + A)⁻¹(I − A)D, Aᵀ = −A, D orthogonal.  The sides as written
    (definitions unfolded) first, then their canonical forms."""
    if not isinstance(ca, MatrixExpr):
        return None
    unfolding: list[Proof] = []
    written = tuple(_unfolded(prover, side, unfolding) for side in (a, b))
    stated = [(l, r, p) for l, r, p in equations(prover) if isinstance(l, sp.Transpose) and _atom(l.args[0]) and not _occurs(l, r)]
    for (x, y), base in ((written, tuple(unfolding)), ((ca, cb), uses)):
        if not (x.has(sp.Transpose) or y.has(sp.Transpose)):
            continue
        taken = {p.lhs for p in base}
        rewrites = base + tuple(p for l, _, p in stated if l not in taken)
        table = {p.lhs: p.rhs for p in rewrites}
        transposes = {t for side in (x, y) for t in pushed(_rewritten(side, table, set()) or side).atoms(sp.Transpose)}
        inverses = tuple(p for p in (_inverse_of(prover, t) for t in sorted(transposes - set(table), key=sp.default_sort_key)) if p is not None)
        if len(rewrites) + len(inverses) == len(base):
            continue
        table.update({p.lhs: p.rhs for p in inverses})
        prover.budget.tick()
        nx, ny = (_rewritten(side, table, set()) for side in (x, y))
        if nx is None or ny is None:
            continue
        nx, ny = (_rewritten(pushed(side), table, set()) for side in (nx, ny))
        if nx is not None and ny is not None and normal(nx) == normal(ny):
            return Proof("conv", "rewriting", a, "=", b, rewrites=tuple(dict.fromkeys(rewrites + inverses)))
    return None


def _atom(m: Any) -> bool:
    return not isinstance(m, (sp.MatAdd, sp.MatMul, sp.MatPow, sp.Transpose, sp.Inverse))


def _unfolded(prover: Any, e: Any, uses: list[Proof]) -> Any:
    """``e`` with its definitions unfolded (to a fixpoint), the unfoldings joining ``uses``."""
    for _ in range(40):
        new = prover._unfold(e, uses)
        if new == e:
            break
        e = new
    return evaluated(e)


def _inverse_of(prover: Any, t: sp.Transpose) -> Proof | None:
    """Qᵀ = Q⁻¹ for an orthogonal Q (the library's Q⁻¹ = Qᵀ, read right to left), or None."""
    fact = lemma_fact("inverse_orthogonal")
    for binding in match(fact.lhs, sp.Inverse(t.args[0]), fact.kinds):
        if prover.failed_predicate(fact.name, binding):
            continue
        hyps = prover.relational_hypotheses(fact, binding, 1)
        node = prover._fact_node(fact, binding, hyps) if hyps is not None else None
        if node is not None:
            return Proof("conv", "symmetry", node.rhs, "=", node.lhs, (node,))
    return None


def by_coordinates(prover: Any, a: Any, b: Any) -> Proof | None:
    """``a = b`` with the norms of column vectors written in coordinates (‖v‖₂² = Σᵢ vᵢ², ‖v‖∞ = maxᵢ|vᵢ|, the
    kernel's leaf ``norm_coordinates``) over the index of a sum, product or maximum of the goal over coordinates; the
    sides first in the matrix normal form (uᵀu as ‖u‖₂²)."""
    index = next((n.args[1][0] for side in (a, b) for n in _nodes(side) if isinstance(n, (sp.Sum, sp.Product, RangeMax))
                  and any(isinstance(c, Coordinate) and c.args[1] == n.args[1][0] for c in _nodes(n.args[0]))), None)
    if index is None:
        return None
    (ca, ua), (cb, ub) = prover.canon(a), prover.canon(b)  # definitions unfolded
    na, nb = normal(ca), normal(cb)
    norms = {n for side in (na, nb) for n in _nodes(side) if isinstance(n, Norm) and isinstance(n.matrix, MatrixExpr)
             and n.matrix.shape[1] == 1 and index not in free(n) and coordinate_form(n.matrix, n.kind, index) is not None}
    if not norms:
        return None
    rewrites = tuple(Proof("coordinates", "norm_coordinates", n, "=", coordinate_form(n.matrix, n.kind, index), (), (("index", index),))
                     for n in sorted(norms, key=sp.default_sort_key))
    table = {p.lhs: p.rhs for p in rewrites}
    middle = _closes(prover, na, nb, evaluated(na.xreplace(table)), evaluated(nb.xreplace(table)), rewrites, False)
    if middle is None:
        return None
    steps = (Proof("conv", "rewriting", a, "=", na, rewrites=ua), middle, Proof("conv", "rewriting", nb, "=", b, rewrites=ub))
    return Proof("transitivity", "transitivity", a, "=", b, (steps[0], Proof("transitivity", "transitivity", na, "=", b, steps[1:])))


def _nodes(e: Any) -> Any:
    return sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ()
