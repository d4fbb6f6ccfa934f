"""Lemmas an author adds to a derivation file (the `lemmas:` section): assumed, not from the library.

A user lemma is a statement over its own variables (matrices and vectors of symbolic shapes, scalars,
indices, dimensions) with relational hypotheses.  It is used exactly like a library lemma: the prover
matches its instances, the kernel re-instantiates the statement from the binding, checks each
variable's kind and shape and the declared matrix properties, and checks a proof of every hypothesis.
Before it is trusted, the numeric falsifier searches an instance of its hypotheses that breaks it;
a refuted lemma is reported with its witness and never used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .errors import Location
from .proofs import normalised
from .syntax import Relation
from .terms import fits, instance

MATCH_KIND = {"matrix": "matrix", "vector": "matrix", "scalar": "scalar", "index": "scalar", "dimension": "scalar"}
KERNEL_KIND = {"matrix": "matrix", "vector": "matrix", "scalar": "scalar", "index": "integer", "dimension": "integer"}
SIGN_HYPOTHESES = {"positive": "<", "nonnegative": "<=", "negative": "<", "nonpositive": "<="}


@dataclass
class UserLemma:
    """A lemma stated in the file.  ``variables`` are the pattern variables (named '?x', so that they never
    meet the file's own names) with their kinds; ``plain`` maps each to the variable as written (for the
    falsifier and for printing); ``relation`` and ``hypotheses`` are in the pattern variables."""

    name: str
    source: str  # the statement as written
    relation: Relation
    hypotheses: list[Relation]
    variables: tuple[tuple[Any, str], ...]
    plain: dict[Any, Any]
    properties: dict[Any, frozenset[str]]  # pattern variable -> required matrix properties
    reference: str
    text: str
    where: Location
    hypotheses_source: list[str] = field(default_factory=list)
    decls: dict[str, Any] = field(default_factory=dict)  # the variables as SymbolDecl (for the falsifier)
    shown: Relation | None = None  # the statement as written (display twin)

    @property
    def kinds(self) -> dict[Any, str]:
        return dict(self.variables)

    def facts(self) -> list[tuple[Any, str, Any]]:
        """The statement as ≤/< facts for the prover (an equality in both directions)."""
        a, r, b = normalised(self.relation.lhs, self.relation.rel, self.relation.rhs)
        return [(a, "<" if r == "<" else "<=", b)] + ([(b, "<=", a)] if r == "=" else [])

    def statements(self) -> list[tuple[Any, str, Any]]:
        a, r, b = normalised(self.relation.lhs, self.relation.rel, self.relation.rhs)
        return [(a, r, b)] + ([(b, r, a)] if r == "=" else [])

    def hypothesis_relations(self) -> list[tuple[tuple, Relation]]:
        """The relational hypotheses in the form the prover proves them (no bound variables)."""
        return [((), h) for h in self.hypotheses]

    def mismatch(self, binding: dict, properties: dict) -> str:
        """Why a binding is not an instance of the lemma's variables ('' when it is): a kind, a shape,
        a dimension that is not a positive integer, or a matrix property the file does not declare."""
        for v, kind in self.variables:
            if v not in binding:
                continue
            value = binding[v]
            if not fits(MATCH_KIND[kind], value):
                return f"{value} is not a {kind}"
            if kind in ("index", "dimension") and value.is_integer is not True:
                return f"{value} is not an integer"
            if kind == "dimension" and value.is_positive is not True:
                return f"{value} is not a positive dimension"
            if kind in ("matrix", "vector"):
                shape = tuple(instance(d, binding) if d.free_symbols <= set(binding) else None for d in v.shape)
                if any(s is not None and sp.simplify(s - t) != 0 for s, t in zip(shape, value.shape)):
                    return f"{value} is {value.shape[0]}×{value.shape[1]}, not of the lemma's shape"
            for prop in sorted(self.properties.get(v, frozenset())):
                if not _has_property(value, prop, properties):
                    return f"{value} is not known to be {prop} (declare it `assume: [{prop}]`)"
        return ""


def _has_property(value: Any, prop: str, properties: dict) -> bool:
    from .objects import Diag

    if isinstance(value, sp.Transpose):
        return _has_property(value.args[0], prop, properties)
    if isinstance(value, (Diag, sp.Identity)):
        return prop in ("symmetric", "normal") or isinstance(value, sp.Identity)
    declared = properties.get(value, frozenset())
    implied = {"orthogonal": {"orthogonal"}, "symmetric": {"symmetric"}, "normal": {"symmetric", "normal", "orthogonal"}}[prop]
    return bool(declared & implied)
