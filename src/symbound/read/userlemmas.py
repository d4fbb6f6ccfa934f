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

from symbound.errors import Location
from symbound.read.syntax import Relation, normalised

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
