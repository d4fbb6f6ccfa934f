"""Repairs: the smallest changes that would make failing links valid, each checked by the prover.

Three kinds of change are tried, in this order:
  * a definition that uses a different operator (each operator's declared ``alternatives``: ρ → σ_max, σ_min → σ_max, ...);
  * an extra premise about a matrix (that it is normal, e.g. symmetric);
  * a weaker relation for one link (< → ≤, > → ≥).
A change is suggested for a link only when the changed derivation proves that link.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import sympy as sp

from .derivation import Derivation
from .trees import transform
from .ops import alternatives
from .checker import check as check_derivation
from .values import PROVED, Repair, Report

WEAKER = {"<": "<=", ">": ">="}


def _failing(report: Report) -> set[tuple[str, int]]:
    return {(link.chain, link.index) for link in report.links if link.status != PROVED}


def _swap_definitions(d: Derivation) -> list[tuple[dict[str, Any], Derivation]]:
    out = []
    for k, definition in enumerate(d.definitions):
        for node in sp.preorder_traversal(definition.value):
            for alt in alternatives(type(node)):
                value = transform(definition.value, lambda n, node=node, alt=alt: alt(*n.args) if n == node else None)
                changed = dataclasses.replace(definition, value=value)
                defs = list(d.definitions)
                defs[k] = changed
                change = {"symbol": definition.symbol, "value": value, "instead_of": definition.value}
                out.append((change, dataclasses.replace(d, definitions=defs)))
    return out


def _assume_normal(d: Derivation) -> list[tuple[dict[str, Any], Derivation]]:
    out = []
    for name, decl in d.symbols.items():
        if decl.kind != "matrix" or decl.properties & {"normal", "symmetric"}:
            continue
        rows, cols = decl.obj.shape
        if rows != cols:
            continue
        symbols = dict(d.symbols)
        symbols[name] = dataclasses.replace(decl, properties=decl.properties | {"normal"})
        out.append(({"matrix": name}, dataclasses.replace(d, symbols=symbols)))
    return out


def _weaken(d: Derivation, chain_id: str, index: int) -> Derivation:
    chains = []
    for chain in d.chains:
        if chain.id == chain_id:
            links = list(chain.links)
            link = links[index - 1]
            links[index - 1] = dataclasses.replace(link, rel=WEAKER[link.rel])
            chain = dataclasses.replace(chain, links=links)
        chains.append(chain)
    return dataclasses.replace(d, chains=chains)


def repaired(report: Report, timeout: float = 10.0) -> Report:
    """The report with the repairs of what fails: per link, and those that make the whole derivation proved
    (a new value; the report given is not changed)."""
    if report.exit_code == 0 or report.derivation is None:
        return report
    per_link, whole = suggest(report.derivation, report, lambda d: check_derivation(d, timeout, search=False))
    chains = [dataclasses.replace(chain, links=[dataclasses.replace(link, repairs=per_link.get((link.chain, link.index), []))
                                                for link in chain.links]) for chain in report.chains]
    return dataclasses.replace(report, chains=chains, repairs=whole)


def suggest(d: Derivation, report: Report, check: Callable[[Derivation], Report]) -> tuple[dict[tuple[str, int], list[Repair]], list[Repair]]:
    """Repairs per failing link, and the repairs that make the whole derivation proved."""
    failing = _failing(report)
    per_link: dict[tuple[str, int], list[Repair]] = {key: [] for key in failing}
    whole: list[Repair] = []
    if not failing:
        return per_link, whole
    for kind, candidates in (("definition", _swap_definitions(d)), ("premise", _assume_normal(d))):
        for change, changed in candidates:
            result = check(changed)
            for link in result.links:
                key = (link.chain, link.index)
                if key in failing and link.status == PROVED:
                    per_link[key].append(Repair(kind, link.lemmas, link.premises, **change))
            if result.exit_code == 0:
                whole.append(Repair(kind, sorted({n for l in result.links for n in l.lemmas}), whole=True, **change))
    for link in report.links:
        if link.status == PROVED or link.rel not in WEAKER:
            continue
        result = check(_weaken(d, link.chain, link.index))
        again = next(l for l in result.links if (l.chain, l.index) == (link.chain, link.index))
        if again.status == PROVED:
            per_link[(link.chain, link.index)].append(Repair("relation", again.lemmas, again.premises, rel=link.rel))
    return per_link, whole
