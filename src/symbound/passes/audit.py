"""The audit for reviewers: what every step rests on, and what breaks without each premise.

``audit(report)`` builds an ``Audit`` from a report's verdict objects:

* for every link and for the conclusion, the premises, definitions and earlier chains it depends on,
  transitively (through the chains it uses, and through definitions written in terms of others);
* the premises no step uses;
* for each premise, the derivation checked again without it (``removals``): the links, and the
  conclusion, that were proved and no longer are.  The premise is filtered out of the Derivation
  (``dataclasses.replace``) and dropped from the links' ``by:`` citations too, so that a step shows
  the reason it really fails rather than "cites an unknown name".

The question a removal answers is which *proofs* need the premise, so by default a re-check runs the
prover only (``search=False``: no counterexample search, no repairs); a step that loses its proof is
reported "unproved".  That costs 0.2–1 s a premise for the Pascanu files, so ``symbound verify``
includes the removals for derivations with at most ``VERIFY_MAX_PREMISES`` premises (the
dependencies always).  ``symbound audit --search`` also runs the falsifier in every re-check, which
says whether a step becomes *refuted* without the premise (a counterexample exists, so the premise
is needed, not only used) — seconds to tens of seconds a premise, hence not the default.

The audit is plain data (``symbound.values.Audit``), rendered like the verdicts: ``symbound.render.json.audit_data``,
``symbound.render.terminal.render_audit`` and the LaTeX renderer (``symbound.render.latex``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from symbound.values import PROVED, Audit, Break, Dependencies, Removal, Report

VERIFY_MAX_PREMISES = 4


# ---------------------------------------------------------------- building


def _definition_closure(report: Report) -> dict[str, set[str]]:
    """Each definition with the definitions its value is written in (η := λ₁γ uses λ₁), transitively."""
    d = report.derivation
    if d is None:
        return {}
    direct = {df.name: {o.name for o in d.definitions if o.name != df.name and _has(df.value, o.symbol)} for df in d.definitions}
    closed: dict[str, set[str]] = {}
    for name in direct:
        seen: set[str] = set()
        todo = [name]
        while todo:
            for dep in direct.get(todo.pop(), set()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        closed[name] = seen
    return closed


def _has(expr: Any, sym: Any) -> bool:
    try:
        return bool(expr.has(sym))
    except AttributeError:
        return False


def dependencies(report: Report) -> list[Dependencies]:
    """What each step rests on.  A proved step: its theorem's hypotheses (premises, definitions and chains, through
    the chains it uses and the side conditions it discharged), definitions closed over the ones they are written
    in.  A step not proved: what the proof found would use, through the chains' own dependencies."""
    closure = _definition_closure(report)

    def close_defs(names: set[str]) -> list[str]:
        out = set(names)
        for n in names:
            out |= closure.get(n, set())
        return sorted(out)

    chain_defs: dict[str, set[str]] = {}
    chain_chains: dict[str, set[str]] = {}

    def rests_on(verdict: Any, definitions: list[str]) -> tuple[list[str], list[str], list[str]]:
        t = verdict.theorem if verdict.status == PROVED else None
        if t is not None:
            return t.named("premise"), close_defs(set(t.named("definition"))), t.named("chain")
        d, c = set(definitions), set(verdict.chains)
        for ch in verdict.chains:
            d |= chain_defs.get(ch, set())
            c |= chain_chains.get(ch, set())
        return sorted(verdict.premises), close_defs(d), sorted(c)

    items: list[Dependencies] = []
    for chain in report.chains:
        for link in chain.links:
            premises, defs, chains = rests_on(link, link.definitions)
            items.append(Dependencies(chain.id, link.index, link.line, link.status, premises, defs, chains, link.trusts))
        mine = [i for i in items if i.chain == chain.id]
        chain_defs[chain.id] = {x for i in mine for x in i.definitions}
        chain_chains[chain.id] = {x for i in mine for x in i.chains}
    c = report.conclusion
    if c is not None:
        premises, defs, chains = rests_on(c, [u.name for u in c.uses if u.kind == "definition"])
        items.append(Dependencies(None, None, c.line, c.status, premises, defs, chains, c.trusts))
    return items


def without(derivation: Any, premise: str) -> Any:
    """A copy of the derivation with one premise removed, and removed from every ``by:`` citation."""
    chains = [
        dataclasses.replace(ch, links=[dataclasses.replace(l, by=tuple(b for b in l.by if b != premise)) for l in ch.links])
        for ch in derivation.chains
    ]
    conclusion = derivation.conclusion
    if conclusion is not None:
        conclusion = dataclasses.replace(conclusion, by=tuple(b for b in conclusion.by if b != premise))
    return dataclasses.replace(derivation, premises=[p for p in derivation.premises if p.id != premise], chains=chains, conclusion=conclusion)


def removal(report: Report, premise: str, timeout: float = 10.0, search: bool = False, seed: int | None = None, budget: int | None = None) -> Removal:
    """Check the derivation again without ``premise``; the steps that were proved and are not now."""
    from symbound.check.checker import check

    options: dict[str, Any] = {"search": search}
    if seed is not None:
        options["seed"] = seed
    if budget is not None:
        options["budget"] = budget
    # the proofs whose theorems do not rest on the premise are tried first, each replayed through the new kernel
    reuse: dict[Any, Any] = {(l.chain, l.index): l for l in report.links if l.status == PROVED and premise not in l.theorem.named("premise")}
    c = report.conclusion
    if c is not None and c.status == PROVED and premise not in c.theorem.named("premise"):
        reuse["conclusion"] = c
    options["reuse"] = reuse
    again = check(without(report.derivation, premise), timeout=timeout, **options)
    after = {(l.chain, l.index): l for l in again.links}
    breaks = []
    for link in report.links:
        new = after.get((link.chain, link.index))
        if link.status == PROVED and new is not None and new.status != PROVED:
            breaks.append(Break(link.chain, link.index, link.line, link.status, new.status, new.reason))
    c, c2 = report.conclusion, again.conclusion
    if c is not None and c2 is not None and c.status == PROVED and c2.status != PROVED:
        breaks.append(Break(None, None, c.line, c.status, c2.status, c2.reason, c2.witness))
    return Removal(premise, report.premises.get(premise, ""), breaks)


def audit(report: Report, removals: bool = True, timeout: float = 10.0, search: bool = False, seed: int | None = None, budget: int | None = None) -> Audit:
    """The audit of a checked derivation; ``removals=False`` skips the re-checks, ``search=True``
    runs the counterexample search in them (see the module's docstring)."""
    rechecked = None
    if removals and report.derivation is not None:
        rechecked = [removal(report, pid, timeout, search, seed, budget) for pid in report.premises]
    return Audit(report.path, dependencies(report), list(report.unused_premises), rechecked, searched=search,
                 lemmas=[(u.name, u.status, list(u.users)) for u in report.lemmas], derivation=report.derivation)


def audit_for_verify(report: Report, timeout: float = 10.0, removals: bool = False) -> Audit:
    """The audit ``symbound verify`` prints: what each step rests on and the unused premises (read off the
    verdicts, free); the re-check without each premise only with ``verify --audit`` (it costs a check a
    premise), and then only when there are few premises."""
    few = len(report.premises) <= VERIFY_MAX_PREMISES
    out = audit(report, removals=removals and few, timeout=timeout)
    command = f"symbound audit {report.path}"
    symbols_file = getattr(report.derivation, "symbols_file", None)
    if symbols_file is not None:  # a paper, read with its declarations
        command += f" --symbols {symbols_file}"
    if not removals:
        return dataclasses.replace(out, note=f"what breaks without each premise: `{command}`")
    if not few:
        return dataclasses.replace(out, note=(
            f"{len(report.premises)} premises: the re-check without each premise is left to "
            f"`{command}` (verify runs it for at most {VERIFY_MAX_PREMISES})"
        ))
    return out
