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

The audit is plain data, rendered like the verdicts: ``to_data`` (JSON), ``render_terminal`` (rich)
here, and the LaTeX renderer (``symbound.render.latex``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .verdicts import PROVED, Report

VERIFY_MAX_PREMISES = 4


@dataclass
class Dependencies:
    """What one link (or the conclusion, ``chain is None``) rests on, transitively."""

    chain: str | None
    index: int | None
    line: int
    status: str
    premises: list[str]
    definitions: list[str]
    chains: list[str]

    @property
    def name(self) -> str:
        return "conclusion" if self.chain is None else f"{self.chain}.{self.index}"


@dataclass
class Break:
    """A link (or the conclusion) that was proved, and is not once a premise is removed."""

    chain: str | None
    index: int | None
    line: int
    before: str
    after: str
    reason: str = ""

    @property
    def name(self) -> str:
        return "conclusion" if self.chain is None else f"{self.chain}.{self.index}"


@dataclass
class Removal:
    premise: str
    text: str
    breaks: list[Break] = field(default_factory=list)

    @property
    def conclusion_breaks(self) -> bool:
        return any(b.chain is None for b in self.breaks)


@dataclass
class Audit:
    path: str
    items: list[Dependencies]
    unused: list[str]
    removals: list[Removal] | None = None  # None when the re-checks were not run
    note: str = ""  # why they were not run
    searched: bool = False  # whether the re-checks ran the counterexample search
    lemmas: list[tuple[str, str, list[str]]] = field(default_factory=list)  # the file's own lemmas: (name, used/unused/refuted, steps)

    def lemmas_text(self) -> str:
        """'fro_le (used by c2.1), bad (refuted, not used)': the file's own lemmas, as the audit lists them."""
        return ", ".join(f"{n} ({'used by ' + ', '.join(users) if status == 'used' else 'refuted, not used' if status == 'refuted' else 'unused'})"
                         for n, status, users in self.lemmas)

    @property
    def load_bearing(self) -> list[str]:
        """The premises without which the conclusion is no longer proved."""
        return [r.premise for r in self.removals or [] if r.conclusion_breaks]


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
    closure = _definition_closure(report)

    def close_defs(names: set[str]) -> list[str]:
        out = set(names)
        for n in names:
            out |= closure.get(n, set())
        return sorted(out)

    chain_defs: dict[str, set[str]] = {}
    chain_chains: dict[str, set[str]] = {}
    chain_premises: dict[str, set[str]] = {}

    def through(premises: list[str], defs: list[str], chains: list[str]) -> tuple[list[str], list[str], list[str]]:
        """A step's own dependencies plus those of the earlier chains it uses (transitively)."""
        p, d, c = set(premises), set(defs), set(chains)
        for ch in chains:
            p |= chain_premises.get(ch, set())
            d |= chain_defs.get(ch, set())
            c |= chain_chains.get(ch, set())
        return sorted(p), close_defs(d), sorted(c)

    items: list[Dependencies] = []
    for chain in report.chains:
        for link in chain.links:
            premises, defs, chains = through(link.premises, link.definitions, link.chains)
            items.append(Dependencies(chain.id, link.index, link.line, link.status, premises, defs, chains))
        mine = [i for i in items if i.chain == chain.id]
        chain_defs[chain.id] = {x for i in mine for x in i.definitions}
        chain_chains[chain.id] = {x for i in mine for x in i.chains}
        chain_premises[chain.id] = {x for i in mine for x in i.premises}
    c = report.conclusion
    if c is not None:
        premises, defs, chains = through(c.premises, [u.name for u in c.uses if u.kind == "definition"], c.chains)
        items.append(Dependencies(None, None, c.line, c.status, premises, defs, chains))
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
    from .checker import check

    options: dict[str, Any] = {"search": search, "repair": False}
    if seed is not None:
        options["seed"] = seed
    if budget is not None:
        options["budget"] = budget
    # a proof that does not rest on the premise (even through earlier chains) stands without it
    reuse: dict[Any, Any] = {(l.chain, l.index): l for l in report.links if l.status == PROVED and premise not in l.premises}
    if report.conclusion is not None and report.conclusion.status == PROVED and premise not in report.conclusion.premises:
        reuse["conclusion"] = report.conclusion
    options["reuse"] = reuse
    again = check(without(report.derivation, premise), timeout=timeout, **options)
    after = {(l.chain, l.index): l for l in again.links}
    out = Removal(premise, report.premises.get(premise, ""))
    for link in report.links:
        new = after.get((link.chain, link.index))
        if link.status == PROVED and new is not None and new.status != PROVED:
            out.breaks.append(Break(link.chain, link.index, link.line, link.status, new.status, new.reason))
    c, c2 = report.conclusion, again.conclusion
    if c is not None and c2 is not None and c.status == PROVED and c2.status != PROVED:
        out.breaks.append(Break(None, None, c.line, c.status, c2.status, c2.reason))
    return out


def audit(report: Report, removals: bool = True, timeout: float = 10.0, search: bool = False, seed: int | None = None, budget: int | None = None) -> Audit:
    """The audit of a checked derivation; ``removals=False`` skips the re-checks, ``search=True``
    runs the counterexample search in them (see the module's docstring)."""
    out = Audit(report.path, dependencies(report), list(report.unused_premises), searched=search)
    out.lemmas = [(u.name, u.status, list(u.users)) for u in report.lemmas]
    if removals and report.derivation is not None:
        out.removals = [removal(report, pid, timeout, search, seed, budget) for pid in report.premises]
    return out


def audit_for_verify(report: Report, timeout: float = 10.0, removals: bool = False) -> Audit:
    """The audit ``symbound verify`` prints: what each step rests on and the unused premises (read off the
    verdicts, free); the re-check without each premise only with ``verify --audit`` (it costs a check a
    premise), and then only when there are few premises."""
    few = len(report.premises) <= VERIFY_MAX_PREMISES
    out = audit(report, removals=removals and few, timeout=timeout)
    if not removals:
        out.note = f"what breaks without each premise: `symbound audit {report.path}` (or `verify --audit`)"
    elif not few:
        out.note = (
            f"{len(report.premises)} premises: the re-check without each premise is left to "
            f"`symbound audit {report.path}` (verify runs it for at most {VERIFY_MAX_PREMISES})"
        )
    return out


# ---------------------------------------------------------------- renderings: JSON and terminal


def to_data(a: Audit) -> dict[str, Any]:
    return {
        "steps": [
            {"step": i.name, "chain": i.chain, "index": i.index, "line": i.line, "status": i.status,
             "premises": i.premises, "definitions": i.definitions, "chains": i.chains}
            for i in a.items
        ],
        "unused_premises": a.unused,
        "removals": None
        if a.removals is None
        else [
            {"premise": r.premise, "text": r.text, "conclusion_breaks": r.conclusion_breaks,
             "breaks": [{"step": b.name, "chain": b.chain, "index": b.index, "line": b.line, "before": b.before, "after": b.after, "reason": b.reason} for b in r.breaks]}
            for r in a.removals
        ],
        "load_bearing": a.load_bearing if a.removals is not None else None,
        "searched": a.searched,
        "note": a.note,
    } | ({"assumed_lemmas": [{"name": n, "status": st, "used_by": users} for n, st, users in a.lemmas]} if a.lemmas else {})


def render_terminal(a: Audit, console: Any) -> None:
    from rich.text import Text

    from .render.terminal import Out, grid
    from .render.text import name as pretty

    out = Out(console)
    console.print(Text("\nAudit: what each step rests on (transitively)", style="bold"))
    rows = [[i.name, str(i.line), i.status, ", ".join(i.premises) or "—", ", ".join(pretty(d) for d in i.definitions) or "—", ", ".join(i.chains) or "—"] for i in a.items]
    grid(out, ["step", "line", "status", "premises", "definitions", "through chains"], rows, right=frozenset({1}))
    console.print(f"  unused premises: {', '.join(a.unused) or 'none'}")
    if a.lemmas:
        out.para(f"lemmas the file assumes (not from the library): {a.lemmas_text()}", indent=2, hang=4)
    if a.removals is None:
        if a.note:
            out.para(a.note, indent=2, style="dim")
        return
    how = "with the counterexample search" if a.searched else "prover only; `symbound audit --search` also looks for counterexamples"
    console.print(Text("Without each premise (checked again, ", style="bold").append(how, style="dim").append(")", style="bold"))
    for r in a.removals:
        head = Text(f"  without {r.premise}: ", style="bold")
        if not r.breaks:
            head.append("nothing that was proved breaks", style="green")
            console.print(head)
            continue
        steps = [b.name for b in r.breaks if b.chain is not None]
        head.append(f"{len(steps)} step{'s' if len(steps) != 1 else ''} no longer proved", style="yellow")
        if r.conclusion_breaks:
            head.append("; the conclusion fails", style="bold red")
        console.print(head)
        for b in r.breaks:
            console.print(Text(f"      {b.name:<14} line {b.line:<4} {b.before} → {b.after}" + (f": {b.reason}" if b.reason else ""), style="dim" if b.chain is not None else ""))
    if a.load_bearing:
        console.print(Text(f"  the conclusion hangs on {', '.join(a.load_bearing)}", style="bold"))
