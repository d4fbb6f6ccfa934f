"""Repairs: the smallest changes that would make failing links valid, each checked by the prover.

Three kinds of change are tried, in this order:
  * a definition that uses a different operator (each operator's declared ``alternatives``: ρ → σ_max, σ_min → σ_max, ...);
  * an extra premise about a matrix (that it is normal, e.g. symmetric);
  * another relation for one link: < → ≤ (and → = when that holds too), > → ≥, and = → ≤ (≥) in a chain
    going up (down).
A change is suggested for a link only when the changed derivation proves that link.

Every re-check shares the run's ``VerdictMemo`` (symbound.check.reuse): the links before the first change are
taken from the checks before, not searched again; a changed relation is checked only up to its link.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import sympy as sp

from symbound.read.document import Derivation
from symbound.trees import transform
from symbound.ops import alternatives
from symbound.check.checker import Checker
from symbound.check.checker import check as check_derivation
from symbound.check.reuse import VerdictMemo
from symbound.values import PROVED, REFUTED, LinkVerdict, Repair, Report

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


def repaired(report: Report, timeout: float = 10.0, memo: VerdictMemo | None = None) -> Report:
    """The report with the repairs of what fails: per link, and those that make the whole derivation proved
    (a new value; the report given is not changed).  ``memo`` holds the verdicts of the check that made the
    report (``check(..., memo=memo)``), taken where a re-check reaches the same links."""
    if report.exit_code == 0 or report.derivation is None:
        return report
    memo = memo if memo is not None else VerdictMemo()
    check = lambda d, reuse=None: check_derivation(d, timeout, search=False, reuse=reuse, memo=memo)  # noqa: E731
    verdict_of = lambda d, chain, index: Checker(d, timeout, search=False, memo=memo).verdict_of(chain, index)  # noqa: E731
    per_link, whole = suggest(report.derivation, report, check, verdict_of)
    chains = [dataclasses.replace(chain, links=[dataclasses.replace(link, repairs=per_link.get((link.chain, link.index), []))
                                                for link in chain.links]) for chain in report.chains]
    return holds_as_repaired(dataclasses.replace(report, chains=chains, repairs=whole), check)


SHOWN = {"<=": "≤", ">=": "≥", "=": "="}


def _gives(repaired: str, printed: str) -> bool:
    """Whether a chain's repaired relation gives the printed one (between the same two terms)."""
    return repaired == printed or (printed == "<=" and repaired in ("<", "=")) or (printed == ">=" and repaired in (">", "="))


def kept(report: Report, changed: set[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """The proved verdicts whose proofs a re-check that changes only the relations of the failing links
    ``changed`` replays first (through its kernel): a changed relation of a failing link only adds facts, and
    no proved link rested on its chain, which was not admitted.  (The unproved links before the first change
    come from the run's memo.)"""
    return {(l.chain, l.index): l for l in report.links if (l.chain, l.index) not in changed and l.status == PROVED}


def holds_as_repaired(report: Report, check: Callable[..., Report]) -> Report:
    """Chains whose every failing link has a proved relation repair: checked again with the repaired
    relations (the whole derivation, through the kernel); a chain proved so holds as repaired, and so
    does the conclusion when it is proved only then.  The printed links keep their verdicts."""
    fixes = {}
    for chain in report.chains:
        wrong = [link for link in chain.links if link.status != PROVED]
        fixed = {link.index: next((r.relation for r in link.repairs if r.kind == "relation" and r.relation), "") for link in wrong}
        if wrong and all(fixed.values()):
            fixes[chain.id] = fixed
    if not fixes:
        return report
    d = report.derivation
    for chain_id, fixed in fixes.items():
        for index, rel in fixed.items():
            d = _weaken(d, chain_id, index, rel)
    again = check(d, reuse=kept(report, {(c, i) for c, fixed in fixes.items() for i in fixed}))
    printed = {ch.id: ch.relation for ch in report.chains}
    held = {ch.id for ch in again.chains if ch.id in fixes and ch.status == PROVED and _gives(ch.relation, printed[ch.id])}
    chains = [dataclasses.replace(ch, repaired=", ".join(f"{ch.id}.{i} (write {SHOWN[r]})" for i, r in fixes[ch.id].items()))
              if ch.id in held else ch for ch in report.chains]
    c, c2 = report.conclusion, again.conclusion
    if c is not None and c2 is not None and c.status != PROVED and c.witness is None and c2.status == PROVED:
        used = [cid for cid in c2.chains if cid in held]
        if used:
            c = dataclasses.replace(c, repaired=f"it follows from {', '.join(used)}, which hold{'s' if len(used) == 1 else ''} as repaired")
    return dataclasses.replace(report, chains=chains, conclusion=c)


def suggest(d: Derivation, report: Report, check: Callable[..., Report],
            verdict_of: Callable[[Derivation, str, int], LinkVerdict]) -> tuple[dict[tuple[str, int], list[Repair]], list[Repair]]:
    """Repairs per failing link, and the repairs that make the whole derivation proved (``check`` a changed
    derivation; ``verdict_of`` one link of it)."""
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
        again = verdict_of(_weaken(d, link.chain, link.index, weaker), link.chain, link.index)
        if again.status == PROVED and link.rel in WEAKER:  # a "<" that should be "=": the most precise repair
            exact = verdict_of(_weaken(d, link.chain, link.index, "="), link.chain, link.index)
            if exact.status == PROVED:
                again, weaker = exact, "="
        if again.status == PROVED:
            per_link[(link.chain, link.index)].append(Repair("relation", again.lemmas, again.premises, rel=link.rel, relation=weaker,
                                                             refuted=link.status == REFUTED))
    return per_link, whole
