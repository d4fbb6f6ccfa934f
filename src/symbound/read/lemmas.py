"""The lemma library's machinery: statements and hypotheses (the data are in ``symbound.rules``)
compiled to sympy objects in pattern variables, and the congruence rules found by the head of their
statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.symbol import Str

from symbound.rules import BY_NAME, IDENTITY_SIZE, PATTERN_KINDS, Lemma, hypotheses, tagged
from symbound.read.syntax import Activation, NormKindVar, Relation, Scope, parse_expr, parse_relations

def pattern_scope() -> Scope:
    """The scope lemma statements are written in: pattern variables of each kind (a new scope each time)."""
    return Scope(dict(_pattern_names()), whole_bounds=False)


@lru_cache(maxsize=None)
def _pattern_names() -> dict[str, Any]:
    r = sp.Symbol("_r", integer=True, positive=True)
    names: dict[str, Any] = {}
    for name, kind in PATTERN_KINDS.items():
        if kind == "matrix":
            names[name] = sp.MatrixSymbol(name, r, r)
        elif kind == "vector":
            names[name] = sp.MatrixSymbol(name, r, 1)
        elif kind == "norm":
            names[name] = NormKindVar(name)
        elif kind == "activation":
            names[name] = Activation(name)
        elif kind == "index":
            names[name] = sp.Symbol(name, integer=True)
        elif kind == "exponent":
            names[name] = sp.Symbol(name, integer=True, nonnegative=True)
        elif kind == "limit":
            names[name] = sp.Symbol(name, integer=True)
        elif kind == "dimension":
            names[name] = sp.Symbol(name, integer=True, positive=True)
        else:
            names[name] = sp.Symbol(name, real=True)
    names["I"] = sp.Identity(names[IDENTITY_SIZE])
    return names


@dataclass(frozen=True)
class Compiled:
    """A lemma's statement as sympy objects."""

    lemma: Lemma
    relation: Relation | None
    expr: Any
    variables: frozenset


def _renamed() -> dict[Any, Any]:
    """Pattern variables get a '?' prefix so they can never collide with a derivation's own names."""
    return dict(_renaming())


@lru_cache(maxsize=None)
def _renaming() -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for name, value in pattern_scope().names.items():
        if isinstance(value, sp.MatrixSymbol):
            out[value] = sp.MatrixSymbol("?" + name, *value.shape)
        elif isinstance(value, sp.Symbol):
            out[value] = sp.Symbol("?" + name, **value.assumptions0)
        elif isinstance(value, (Activation, NormKindVar)):
            out[Str(name)] = Str("?" + name)
    return out


def variable_kind(var: Any) -> str:
    """The kind of a pattern variable ('matrix', 'vector', 'scalar', 'norm', 'activation', 'index')."""
    name = var.name if hasattr(var, "name") else str(var)
    return PATTERN_KINDS[str(name).lstrip("?")]


@lru_cache(maxsize=None)
def compiled(name: str) -> Compiled:
    lemma = BY_NAME[name]
    scope = pattern_scope()
    rename = _renamed()
    variables = frozenset(rename.values())
    if lemma.use == "limit":
        return Compiled(lemma, None, parse_expr(lemma.statement, scope).xreplace(rename), variables)
    (rel,) = parse_relations(lemma.statement.replace(" = ", " == "), scope)
    rel = Relation(rel.lhs.xreplace(rename), rel.rel, rel.rhs.xreplace(rename))
    return Compiled(lemma, rel, None, variables)


@lru_cache(maxsize=None)
def hypothesis_relations(name: str) -> tuple[tuple[tuple[Any, ...], Relation], ...]:
    """The relational hypotheses of a lemma, as (bound variables, relation) in the renamed pattern variables."""
    scope = pattern_scope()
    rename = _renamed()
    out = []
    for hyp in hypotheses(BY_NAME[name]):
        if hyp.named:
            continue
        bound = tuple(scope.names[b].xreplace(rename) for b in hyp.bound)
        for rel in parse_relations(hyp.relation, scope):
            out.append((bound, Relation(rel.lhs.xreplace(rename), rel.rel, rel.rhs.xreplace(rename))))
    return tuple(out)


@lru_cache(maxsize=None)
def _congruences() -> tuple[tuple[type, tuple[int, ...], str], ...]:
    """The ``gcongr`` entries whose statement compares two terms with one head (``a * b <= c * d``): the
    head, the argument positions the statement keeps as one variable on both sides, and the name."""
    out = []
    for lemma in tagged("gcongr"):
        rel = compiled(lemma.name).relation
        lhs, rhs = rel.lhs, rel.rhs
        if type(lhs) is not type(rhs) or not lhs.args or len(lhs.args) != len(rhs.args):
            continue
        fixed = tuple(k for k, (x, y) in enumerate(zip(lhs.args, rhs.args)) if x == y and isinstance(x, sp.Symbol))
        out.append((type(lhs), fixed, lemma.name))
    return tuple(out)


def congruence_rule(a: Any, b: Any) -> str:
    """The first congruence entry for ``a <= b`` (the two sides have its head, and agree where its statement
    keeps one variable), '' when none: the prover's ``gcongr`` step, like Lean's, is driven by the library."""
    for head, fixed, name in _congruences():
        if isinstance(a, head) and isinstance(b, head) and all(k < min(len(a.args), len(b.args)) and a.args[k] == b.args[k] for k in fixed):
            return name
    return ""
