"""The keys of the witness checker's memo (``witnesscheck``): everything an answer depends on.

A whole check depends on the derivation's declarations, definitions, model and premises, and on the candidate's
dimensions, values, functions and kind (a fixed point or not).  One premise's decision depends on the same
derivation, the candidate's dimensions, indices, functions and kind, the value of relu'(0) taken, and the values of
the names the premise mentions — through the definitions it uses, and, when it mentions a sequence of the model,
every name of the model's update: a `for_all` over an index runs the recurrence ahead of the witness.  A name the
premise does not mention cannot change its decision, so the re-checks of one witness with one value changed (the
simplification in ``search.certify``) decide again only the premises that mention it.  A declaration's decision is
keyed the same way, by the values of what it declares.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops import SeqElem
from symbound.ops.base import as_str


def _frozen(v: Any) -> Any:
    """A value as a key: a matrix as its shape and entries (cheaper than an immutable copy), anything else itself."""
    return ("matrix", v.shape, tuple(v)) if isinstance(v, sp.MatrixBase) else v


class Interned:
    """A key hashed once; equal keys are one object (``intern``), so a key holding it compares by identity."""

    __slots__ = ("key", "hashed")

    def __init__(self, key: tuple) -> None:
        self.key, self.hashed = key, hash(key)

    def __hash__(self) -> int:
        return self.hashed

    def __eq__(self, other: object) -> bool:
        return self is other or isinstance(other, Interned) and self.hashed == other.hashed and self.key == other.key


_INTERNED: dict[Interned, Interned] = {}
_NAMES: dict[tuple, tuple] = {}
TABLE_SIZE = 256


def _bounded(table: dict) -> dict:
    if len(table) >= TABLE_SIZE:
        table.clear()
    return table


def derivation_key(d: Any) -> Interned:
    """The derivation's declarations, definitions, model and premises (one object for equal ones)."""
    model = None if d.model is None else (d.model.state, d.model.index, d.model.update)
    key = Interned((tuple((n, decl.kind, decl.obj if isinstance(decl.obj, sp.Basic) else repr(decl.obj), decl.properties) for n, decl in d.symbols.items()),
                    tuple((df.symbol, df.value) for df in d.definitions), model,
                    tuple((p.id, p.bound, tuple((r.lhs, r.rel, r.rhs) for r in p.relations)) for p in d.premises)))
    return _INTERNED.get(key) or _bounded(_INTERNED).setdefault(key, key)


def candidate_key(c: Any) -> tuple:
    """The candidate's dimensions, values (a set of pairs: neither printed nor sorted, each cost a part of a check),
    functions and kind."""
    return (frozenset(c.dims.items()), frozenset((k, _frozen(v)) for k, v in c.values.items()), frozenset(c.activations.items()), c.fixed_point)


def _names(terms: list[Any]) -> set[Any]:
    """The symbols, matrix symbols and sequence names in the terms."""
    out: set[Any] = set()
    for t in terms:
        if isinstance(t, sp.Basic):
            out |= {n.args[0] if isinstance(n, SeqElem) else n for n in sp.preorder_traversal(t) if isinstance(n, (sp.Symbol, sp.MatrixSymbol, SeqElem))}
    return out


def mentioned(d: Any, premise: Any) -> set[Any]:
    """The names a premise's decision can depend on: its own, those of the definitions it uses (unfolded as the
    checker does, later ones first), and every name of the model's update when it mentions a sequence of the model."""
    terms = [side for r in premise.relations for side in (r.lhs, r.rhs)]
    for definition in reversed(d.definitions):
        terms = [t.xreplace({definition.symbol: definition.value}) if isinstance(t, sp.Basic) else t for t in terms]
    names = _names(terms)
    if d.model is not None:
        model_names = _names([d.model.state, d.model.update])
        if names & model_names:
            names |= model_names
    return names


def _group(k: Any) -> Any:
    """The name whose mention makes a premise depend on the value at ``k``; None: every premise depends on it (an
    index's value may size a term; a value of another kind is kept, whatever it is)."""
    if isinstance(k, SeqElem):
        return k.args[0]
    if isinstance(k, (sp.Symbol, sp.MatrixSymbol)) and not k.is_integer:
        return k
    return None


class PartKeys:
    """The keys of one check's premise and declaration decisions: the derivation's key, the candidate's dimensions, functions and
    kind, relu'(0) taken, every value of an index, and the values of the names the premise mentions."""

    def __init__(self, derivation: Any, known: Interned, candidate: tuple, at_step: Any) -> None:
        """``candidate``: the candidate's key (``candidate_key``)."""
        dims, values, activations, fixed_point = candidate
        self.d, self.known = derivation, known
        groups: dict[Any, list] = {}
        for k, v in values:
            groups.setdefault(_group(k), []).append((k, v))
        self.groups = groups
        self.base = (known, dims, activations, fixed_point, at_step, frozenset(groups.get(None, ())))

    def key(self, premise: Any) -> tuple:
        names = _NAMES.get((self.known, premise.id))
        if names is None:
            names = tuple(mentioned(self.d, premise))
            _bounded(_NAMES)[(self.known, premise.id)] = names
        return ("premise", self.base, premise.id, frozenset(kv for n in names for kv in self.groups.get(n, ())))

    def declaration(self, name: str, decl: Any) -> tuple:
        """A declaration's decision's key: the values of its matrix, vector or scalar, or of its sequence's elements
        (a dimension's, an index's and an activation's are in every key)."""
        own = as_str(decl.name) if decl.kind == "sequence" else decl.obj if decl.kind in ("matrix", "vector", "scalar") else None
        return ("declaration", self.base, name, frozenset(self.groups.get(own, ())) if own is not None else frozenset())
