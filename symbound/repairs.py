"""Repairs: the smallest changes that would make failing links valid, each checked by the prover.

Three kinds of change are tried, in this order:
  * a definition that uses a different operator (``ALTERNATIVES``: ρ → σ_max, σ_min → σ_max, ...);
  * an extra premise about a matrix (that it is normal, e.g. symmetric);
  * another relation for one link: < → ≤ (and → = when that holds too), > → ≥, and = → ≤ (≥) in a chain
    going up (down).
A change is suggested for a link only when the changed derivation proves that link.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import sympy as sp

from .derivation import Derivation
from .lemmas import BY_NAME, compiled
from .model import transform
from .objects import SigmaMax, SigmaMin, SpectralRadius
from .render.text import relation, text
from .verdicts import PROVED, Repair, Report

# operator -> operators it could have been meant as
ALTERNATIVES: dict[type, tuple[type, ...]] = {SpectralRadius: (SigmaMax,), SigmaMin: (SigmaMax,)}
WEAKER = {"<": "<=", ">": ">="}


def _failing(report: Report) -> set[tuple[str, int]]:
    return {(link.chain, link.index) for link in report.links if link.status != PROVED}


def _swap_definitions(d: Derivation) -> list[tuple[str, Derivation]]:
    out = []
    for k, definition in enumerate(d.definitions):
        for node in sp.preorder_traversal(definition.value):
            for alt in ALTERNATIVES.get(type(node), ()):
                value = transform(definition.value, lambda n, node=node, alt=alt: alt(*n.args) if n == node else None)
                changed = dataclasses.replace(definition, value=value)
                defs = list(d.definitions)
                defs[k] = changed
                words = f"with {text(definition.symbol)} := {text(value)} (instead of {text(definition.value)}),"
                out.append((words, dataclasses.replace(d, definitions=defs)))
    return out


def _assume_normal(d: Derivation) -> list[tuple[str, Derivation]]:
    out = []
    for name, decl in d.symbols.items():
        if decl.kind != "matrix" or decl.properties & {"normal", "symmetric"}:
            continue
        rows, cols = decl.obj.shape
        if rows != cols:
            continue
        symbols = dict(d.symbols)
        symbols[name] = dataclasses.replace(decl, properties=decl.properties | {"normal"})
        out.append((f"with the extra premise that {name} is normal (for example symmetric),", dataclasses.replace(d, symbols=symbols)))
    return out


def _weaken(d: Derivation, chain_id: str, index: int, rel: str = "") -> Derivation:
    chains = []
    for chain in d.chains:
        if chain.id == chain_id:
            links = list(chain.links)
            link = links[index - 1]
            links[index - 1] = dataclasses.replace(link, rel=rel or WEAKER[link.rel])
            chain = dataclasses.replace(chain, links=links)
        chains.append(chain)
    return dataclasses.replace(d, chains=chains)


def suggest(d: Derivation, report: Report, check: Callable[[Derivation], Report]) -> tuple[dict[tuple[str, int], list[Repair]], list[Repair]]:
    """Repairs per failing link, and the repairs that make the whole derivation proved."""
    failing = _failing(report)
    per_link: dict[tuple[str, int], list[Repair]] = {key: [] for key in failing}
    whole: list[Repair] = []
    if not failing:
        return per_link, whole
    for kind, candidates in (("definition", _swap_definitions(d)), ("premise", _assume_normal(d))):
        for words, changed in candidates:
            result = check(changed)
            for link in result.links:
                key = (link.chain, link.index)
                if key in failing and link.status == PROVED:
                    per_link[key].append(Repair(kind, f"{words} this link holds, by {_by(link)}", link.lemmas))
            if result.exit_code == 0:
                whole.append(Repair(kind, f"{words} every link and the conclusion are proved", sorted({n for l in result.links for n in l.lemmas})))
    directions = {ch.id: ch.relation for ch in report.chains}
    for link in report.links:
        if link.status == PROVED:
            continue
        if link.rel in WEAKER:
            weaker = WEAKER[link.rel]
        elif link.rel in ("=", "==") and directions.get(link.chain) in ("<", "<=", ">", ">="):
            weaker = "<=" if directions[link.chain] in ("<", "<=") else ">="  # an "=" that should be "≤" in a chain going up
        else:
            continue
        result = check(_weaken(d, link.chain, link.index, weaker))
        again = next(l for l in result.links if (l.chain, l.index) == (link.chain, link.index))
        if again.status == PROVED and link.rel in WEAKER:  # a "<" that should be "=": the most precise repair
            equal = check(_weaken(d, link.chain, link.index, "="))
            exact = next(l for l in equal.links if (l.chain, l.index) == (link.chain, link.index))
            if exact.status == PROVED:
                again, weaker = exact, "="
        if again.status == PROVED:
            strong, weak = {"<": "<", ">": ">", "=": "=", "==": "="}[link.rel], {"<=": "≤", ">=": "≥", "=": "="}[weaker]
            per_link[(link.chain, link.index)].append(Repair("relation", f"{weak} holds, {strong} does not: write {weak} here (by {_by(again)})",
                                                             again.lemmas, weaker))
    return per_link, whole


def _by(link: Any) -> str:
    """The lemmas (as statements) and premises a repaired link is proved by."""
    names = [n for n in link.lemmas if BY_NAME[n].use != "gcongr"] or link.lemmas
    shown = []
    for n in names:
        rel = compiled(n).relation
        shown.append(f"{n}: {relation(rel.lhs, rel.rel, rel.rhs)}" if rel is not None else n)
    return "; ".join(shown + [f"premise {p}" for p in link.premises]) or "arithmetic"
