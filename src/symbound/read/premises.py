"""The ``premises:`` section: each premise's claim and ``for_all`` names, a ``for_all`` premise false at a small
value refused, and a premise about an index nothing else uses refused (docs/format.md, *premises*)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import InputError, Location
from symbound.ops import SeqElem
from symbound.ops.domains import defined_at
from symbound.read.document import Premise, free_names, unfolded
from symbound.read.source import Node
from symbound.read.syntax import Relation
from symbound.read.texmacros import canonical

# a LaTeX claim ending in a quantifier over bare names: '$s_i \ge 0 \quad \forall i$', '$… \text{ for all } i, j$'
_QUANTIFIED = re.compile(r"^(?P<formula>\s*\$.+?)(?:\s|,|\\[,;:! ]|\\q?quad)*(?:\\forall|\\(?:text|textrm|mathrm)\{\s*for\s+(?:all|every|each)\s*\})"
                         r"(?:\s|\\[,;:! ])*(?P<names>\\?[A-Za-z]+(?:\s*,\s*\\?[A-Za-z]+)*)\s*[.,]?\s*\$\s*$", re.S)


def quantified(text: str) -> tuple[str | None, list[str]]:
    """A LaTeX claim ending in ``\\forall i`` (or ``\\text{for all} i, j``): the formula without it, and the
    names it binds (as their LaTeX spells them: \\ell is ell); (None, []) for any other claim.  A range
    (``\\forall i \\in [n]``) is not read here: the claim stays as written, and the reader refuses \\forall."""
    m = _QUANTIFIED.match(text)
    if m is None:
        return None, []
    return m.group("formula") + "$", [canonical(n.strip()) for n in m.group("names").split(",")]


class PremisesSection:
    """The reader's part for ``premises:`` (a mixin of the derivation reader: it uses its scope, symbols and
    ``relations``)."""

    def premises_section(self, node: Node) -> list[Premise]:
        out = []
        for pid, body in node.mapping("`premises`", "write `P1: a <= b` lines, or `P1: {claim: ..., text: ...}`").items():
            where = node.key_where[pid]
            text, claim, bound = "", body, {}
            if body.is_map():
                body.check_keys(("claim", "text", "for_all"), f"premise {pid}")
                if "claim" not in body.value:
                    raise InputError(where, f"premise {pid} has no claim", "add `claim: a <= b`")
                claim = body.value["claim"]
                text = body.value["text"].text("text", "write a sentence") if "text" in body.value else ""
                if "for_all" in body.value:
                    bound = self.bound_names(pid, body.value["for_all"])
            formula, named = quantified(claim.value) if claim.is_scalar() else (None, [])
            if named and bound:
                raise InputError(claim.where, f"premise {pid} binds names both in its claim ({', '.join(named)}) and in `for_all`",
                                 "bind them once: in `for_all`, or after \\forall in the claim")
            if named:
                bound = self.bind(pid, [(n, claim.where) for n in named])
            rels = self.relations(claim, self.scope.with_names(bound), text=formula)
            as_index = {name for name, sym in bound.items() if not sym.is_integer and sym in _index_symbols(rels)}
            if as_index:  # a bound name used as an index (W[l], s[i]) ranges over whole numbers, as a declared index does
                bound = {name: sp.Symbol(name, integer=True) if name in as_index else sym for name, sym in bound.items()}
                rels = self.relations(claim, self.scope.with_names(bound), text=formula)
            used = set().union(*(free_names(r.lhs) | free_names(r.rhs) for r in rels))
            for name, sym in bound.items():
                if sym not in used:
                    raise InputError(claim.where if named else body.value["for_all"].where, f"premise {pid} binds '{name}' in `for_all`, but its claim does not use it",
                                     f"remove '{name}' from `for_all`, or write the claim in terms of it")
            self.check_not_false(pid, claim, rels, tuple(bound.values()))
            src = claim.value if claim.is_scalar() else ""
            shown = [Relation(self.shown(r.lhs), r.rel, self.shown(r.rhs)) for r in rels]
            out.append(Premise(pid, text, rels, tuple(bound.values()), where, src, shown))
        return out

    def check_not_false(self, pid: str, claim: Node, rels: list[Relation], bound: tuple[sp.Symbol, ...]) -> None:
        """A ``for_all`` premise about its bound names only (``0 <= j``) is decided at a few values: one
        that breaks it makes the premise false, and everything would follow from it.  A value where a side
        has no value (1/z, √z, log z at z = 0) is skipped, never taken as false."""
        for rel in rels:
            names = free_names(rel.lhs) | free_names(rel.rhs)
            if not bound or not names or not names <= set(bound) or isinstance(rel.lhs, MatrixExpr):
                continue
            for point in itertools.product(*([sp.Integer(v) for v in (-2, -1, 0, 1, 2)] + ([] if b.is_integer else [sp.Rational(-1, 2), sp.Rational(1, 2)]) for b in bound)):
                at = dict(zip(bound, point))
                if not (defined_at(rel.lhs, at) and defined_at(rel.rhs, at)):
                    continue  # no value here (1/z at z = 0): the premise says nothing at this point
                lhs, rhs = rel.lhs.xreplace(at), rel.rhs.xreplace(at)
                if not all(x.is_extended_real and x.is_finite for x in (lhs, rhs) if x.is_number):
                    continue
                if sp.Rel(lhs, rhs, "==" if rel.rel == "=" else rel.rel) == sp.false:
                    where = ", ".join(f"{b} = {v}" for b, v in at.items())
                    raise InputError(claim.where, f"premise {pid} is false for {where}, and `for_all` makes it a claim about every value",
                                     "state it without `for_all`, about the names the chains use (k >= 0)")

    def bound_names(self, pid: str, node: Node) -> dict[str, sp.Symbol]:
        """The names a premise's ``for_all:`` binds: new names (real scalars) or declared indices."""
        return self.bind(pid, [(item.text("a bound name", "write a name"), item.where) for item in node.items("for_all", "write [z]")])

    def bind(self, pid: str, names: list[tuple[str, Location]]) -> dict[str, sp.Symbol]:
        """Each name bound by a premise, with where it is written: a new real scalar or a declared index."""
        bound: dict[str, sp.Symbol] = {}
        for b, where in names:
            if not b.isidentifier() or unicodedata.normalize("NFKC", b) != b or b.startswith("_") or "__" in b:
                raise InputError(where, f"'{b}' is not a valid name to bind", "write a plain name, e.g. for_all: z")
            if b in bound:
                raise InputError(where, f"'{b}' is bound twice in premise {pid}", "name each bound variable once")
            decl = self.symbols.get(b)
            if decl is not None and decl.kind == "index":
                bound[b] = decl.obj
            elif b in self.scope.names:
                kind = decl.kind if decl is not None else "definition"
                raise InputError(where, f"'{b}' is a declared {kind}; `for_all` binds new names or declared indices",
                                 "bind a new name (for_all: z); for a premise over every step, bind a declared index (for_all: [j])")
            else:
                bound[b] = sp.Symbol(b, real=True)
        return bound

    def check_premises_usable(self, premises: list[Premise], terms: list[Any], unfold: dict[Any, Any]) -> None:
        """A premise about an index that nothing else mentions can never apply: an input error.

        The index may be pinned by a chain or the conclusion (``terms``), or link the premise to another
        premise (``k <= j``, ``j <= t``); definitions are unfolded first.  Otherwise the file most
        likely means the premise for every value of the index, which is written ``for_all: [j]``."""
        indices = {d.obj for d in self.symbols.values() if d.kind == "index"}

        def mentioned(exprs: list[Any]) -> set:
            return set().union(*(free_names(unfolded(e, unfold)) for e in exprs)) & indices

        elsewhere = mentioned(terms)
        free = {p.id: mentioned([x for r in p.relations for x in (r.lhs, r.rhs)]) - set(p.bound) for p in premises}
        for p in premises:
            others = set().union(*(s for pid, s in free.items() if pid != p.id))
            lonely = sorted(free[p.id] - elsewhere - others, key=str)
            if lonely:
                j = lonely[0]
                raise InputError(
                    p.where,
                    f"premise {p.id} is about the index {j}, which no chain, conclusion or other premise uses, so it can never apply",
                    f"if it holds for every {j}, write it as `{p.id}: {{claim: \"{p.source or '...'}\", for_all: [{j}]}}`; otherwise state it with the index the chains use",
                )


def _index_symbols(rels: list[Relation]) -> set:
    """The symbols in an index position of the relations' terms: of a sequence's element or an indexed scalar
    (a coordinate's index is already a whole number: the reader says so)."""
    out: set = set()
    for r in rels:
        for side in (r.lhs, r.rhs):
            for node in sp.preorder_traversal(side) if isinstance(side, sp.Basic) else ():
                if isinstance(node, SeqElem):
                    out |= node.args[1].free_symbols
                elif isinstance(node, sp.Indexed):
                    out |= set().union(*(i.free_symbols for i in node.indices))
    return out
