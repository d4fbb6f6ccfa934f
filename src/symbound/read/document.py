"""A derivation file as typed objects: its symbols, definitions, premises, chains and conclusion (what
``symbound.read.derivation.read`` returns), the composition of a chain's relations, and the helpers on
expressions that the sections' readers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symbound.errors import InputError, Location
from symbound.read.model import Model
from symbound.read.syntax import IndexedDefinition, Relation, Scope, normalised
from symbound.read.userlemmas import UserLemma
from symbound.rules.properties import PROPERTIES as MATRIX_PROPERTIES

MAX_LITERAL_DIMENSION = 1000  # numeric shapes (the falsifier builds matrices of these sizes)
MODEL_CITATION = "model"  # `by: model`: the step applies the model's recurrence


@dataclass
class SymbolDecl:
    name: str
    kind: str
    obj: Any
    latex: str | None
    where: Location
    properties: frozenset[str] = frozenset()
    text: str = ""


@dataclass
class Definition:
    name: str
    symbol: Any
    value: Any
    text: str
    where: Location
    shown: Any = None  # the value as written (display twin)


@dataclass
class IndexedDef:
    """An abbreviation with an index parameter, ``D[k] := value`` (unfolded where ``D[e]`` is written)."""

    name: str
    parameter: sp.Symbol
    value: Any
    text: str
    where: Location
    shown: Any
    entry: IndexedDefinition
    offset: Any = sp.Integer(0)  # D[k+1]: ... is written at k + 1

    @property
    def head(self) -> Any:
        """The abbreviation as its definition writes it, D[j] or D[k + 1] (display twin)."""
        return self.entry.at(self.parameter + self.offset, True)


@dataclass
class Premise:
    """A premise: its relations hold for every value of the ``bound`` names (``for_all:``).

    A bound name is a new real scalar (``for_all: z``: every real z) or a declared index
    (``for_all: j``: every integer j); ``variables`` gives each its pattern kind for the prover."""

    id: str
    text: str
    relations: list[Relation]
    bound: tuple[sp.Symbol, ...]
    where: Location
    source: str = ""
    shown: list[Relation] = field(default_factory=list)  # the relations as written (display twins)

    @property
    def variables(self) -> tuple[tuple[sp.Symbol, str], ...]:
        """The bound names as pattern variables: 'integer' for an index, 'scalar' for a real."""
        return tuple((b, "integer" if b.is_integer else "scalar") for b in self.bound)

    def facts(self) -> list[tuple[Any, str, Any]]:
        """The premise as facts ``lhs rel rhs`` with rel '<=', '<' or '=': one per relation of a chained
        comparison, ≥ and > turned around, an equality in both directions (the bound names are
        their ``variables``)."""
        out = []
        for rel in self.relations:
            lhs, r, rhs = normalised(rel.lhs, rel.rel, rel.rhs)
            out += [(lhs, r, rhs)] if r != "=" else [(lhs, r, rhs), (rhs, r, lhs)]
        return out

    @property
    def quantified(self) -> str:
        """The claim as written, with what ``for_all`` binds: ``rho(A[j]) <= r  (for every j)``."""
        if not self.bound:
            return self.source
        return f"{self.source}  (for every {', '.join(str(b) for b in self.bound)})"


@dataclass
class Link:
    rel: str
    expr: Any
    by: tuple[str, ...]
    note: str
    where: Location
    source: str = ""
    by_where: Location | None = None
    shown: Any = None  # the term as written (display twin)


@dataclass
class Chain:
    id: str
    text: str
    start: Any
    links: list[Link]
    where: Location
    note: str = ""
    source: str = ""
    start_shown: Any = None  # the start as written (display twin)

    def relation(self) -> str:
        return compose([link.rel for link in self.links])


@dataclass
class Conclusion:
    text: str
    where: Location
    relation: Relation | None = None
    tends_to_zero: Any = None
    as_: Any = None
    by: tuple[str, ...] = ()
    relations: list[Relation] = field(default_factory=list)  # `a <= b and b < 1`: every relation of the claim
    shown: list[Relation] = field(default_factory=list)  # the relations as written (display twins)


@dataclass
class Derivation:
    path: str
    title: str
    source: str
    notes: str
    symbols: dict[str, SymbolDecl]
    scope: Scope
    definitions: list[Definition]
    model: Model | None
    premises: list[Premise]
    chains: list[Chain]
    conclusion: Conclusion | None
    latex_names: dict[Any, str] = field(default_factory=dict)
    # every expression the file wrote → its display twin (author's order, nothing evaluated), for printing
    written: dict[Any, Any] = field(default_factory=dict)
    indexed: list[IndexedDef] = field(default_factory=list)  # abbreviations with an index (D[k] := ...)
    lemmas: list[UserLemma] = field(default_factory=list)  # the file's own lemmas: assumed, not from the library
    symbols_file: str | None = None  # a paper's (.tex) declarations, read with it (`--symbols`)

    def properties(self, name: str) -> frozenset[str]:
        decl = self.symbols.get(name)
        return decl.properties if decl else frozenset()


def compose(rels: list[str]) -> str:
    """The relation of a chain: = keeps the other, ≤ then < gives <; mixing ≤ and ≥ is an error (ValueError)."""
    up = [r for r in rels if r in ("<=", "<")]
    down = [r for r in rels if r in (">=", ">")]
    if up and down:
        raise ValueError("mixed")
    if not up and not down:
        return "="
    strict = any(len(r) == 1 for r in up + down)
    return ("<" if up else ">") if strict else ("<=" if up else ">=")


def check_property_shape(assume: list[str], shape: tuple, where: Any, name: str, sequence: bool = False) -> None:
    """A property the table (symbound.rules.properties) declares square needs a square matrix (for a sequence:
    every element, so one per-layer shape for both sides); a semi-orthogonal one (WᵀW = I) has at least as many
    rows as columns (checked when both are numbers), else no matrix is one."""
    what = f"the elements of '{name}' ({' × '.join(map(str, shape))})" if sequence else f"'{name}'"
    square = [a for a in assume if MATRIX_PROPERTIES[a].square]
    if square and shape[0] != shape[1]:
        raise InputError(where, f"{what} {'are' if sequence else 'is'} not square, so {'they' if sequence else 'it'} cannot be {square[0]}",
                         "remove the assumption, make the shape square" + (" (one width for both sides: [\"n[l]\", \"n[l]\"])" if sequence else "")
                         + ", or declare " + ("them" if sequence else "it") + " semi_orthogonal (WᵀW = I, tall or square)")
    rows, cols = (sp.sympify(d) for d in shape)
    if "semi_orthogonal" in assume and (rows - cols).is_negative:
        raise InputError(where, f"{what} {'have' if sequence else 'has'} fewer rows than columns, so WᵀW = I cannot hold",
                         "a semi-orthogonal matrix is tall or square (shape: [n, m] with n ≥ m); for WWᵀ = I declare its transpose")


def free_names(e: Any) -> set:
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def unfolded(e: Any, definitions: dict[Any, Any]) -> Any:
    """``e`` with every definition replaced by its value (definitions only refer to earlier ones)."""
    for _ in range(len(definitions) + 1):
        if not isinstance(e, sp.Basic) or not (free_names(e) & definitions.keys()):
            return e
        e = e.xreplace(definitions)
    return e
