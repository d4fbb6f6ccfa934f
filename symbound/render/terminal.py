"""The terminal report: one row per link with its verdict, the lemmas and premises it rests on."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..verdicts import PROVED, REFUTED, UNPROVED, LinkVerdict, Report
from .text import REL, relation, text

STYLE = {PROVED: "green", REFUTED: "bold red", UNPROVED: "yellow"}
MARK = {PROVED: "✓ proved", REFUTED: "✗ refuted", UNPROVED: "? unproved"}


def _verdict(status: str, miscited: bool = False) -> Text:
    label = MARK[status] + (" (miscited)" if miscited else "")
    return Text(label, style=STYLE[status] if not miscited else "magenta")


def _justification(link: LinkVerdict) -> Text:
    """The lemmas that carry the link (bold-free), then the rewrites and definitions it went through (dim)."""
    if link.proof is None or link.status != PROVED:
        return Text("—")
    rewrites = {u.name for u in link.uses if u.kind == "lemma" and u.rel == "="}
    main = [n for n in link.lemmas if n not in rewrites] + [f"chain {c}" for c in link.chains]
    if not main:
        main = ["arithmetic" if link.proof.kind in ("arithmetic", "rewrite", "conv") else link.proof.kind]
    out = Text(", ".join(main))
    extra = sorted(rewrites) + [f"def. {d}" for d in link.definitions]
    if any(u.kind == "model" and u.name == "jacobian" for u in link.uses):
        extra.append("Jacobian (sympy)")
    if any(u.kind == "model" and u.name == "activation" for u in link.uses):
        extra.append("activation formula (sympy)")
    if extra:
        out.append("  via " + ", ".join(extra), style="dim")
    return out


def render(report: Report, console: Console, summary: bool = True) -> None:
    d = report.derivation
    console.print(Text(f"symbound · {report.path}", style="bold"))
    if report.title:
        console.print(report.title)
    if report.source:
        console.print(Text(report.source, style="dim"))
    if report.premises:
        console.print(Text("\nPremises", style="bold"))
        for pid, sentence in report.premises.items():
            claim = report.premise_claims.get(pid, "")
            console.print(Text(f"  {pid}  ", style="bold").append(claim, style="") + Text(f"  — {sentence}" if sentence else "", style="dim"))
    if d is not None and d.definitions:
        console.print(Text("Definitions", style="bold"))
        for definition in d.definitions:
            console.print(f"  {text(definition.symbol)} := {text(definition.value)}" + (f"  — {definition.text}" if definition.text else ""))
    if d is not None and d.model is not None:
        console.print(Text("Model", style="bold"))
        console.print(f"  {d.model.text}")
        for jac in list(d.model.jacobians.values())[:1]:
            console.print(f"  {text(jac)} = {text(jac.derived)}   (derived by sympy)")
    if d is not None and d.notes:
        console.print(Text("Notes", style="bold"))
        console.print(f"  {d.notes.strip()}")
    for chain in report.chains:
        console.print()
        head = Text(f"{chain.id}  ", style="bold")
        head.append(relation(chain.start, chain.relation, chain.end))
        head.append("   ")
        head.append(_verdict(chain.status))
        if chain.premises:
            head.append(f"   rests on {', '.join(chain.premises)}", style="dim")
        console.print(head)
        if chain.text:
            console.print(Text(f"  {chain.text}", style="dim"))
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
        table.add_column("#", justify="right")
        table.add_column("line", justify="right", style="dim")
        table.add_column("claim")
        table.add_column("verdict")
        table.add_column("by")
        table.add_column("premises")
        for link in chain.links:
            table.add_row(
                str(link.index),
                str(link.line),
                Text(f"{REL[link.rel]} {text(link.rhs)}"),
                _verdict(link.status, bool(link.miscited)),
                _justification(link),
                Text(", ".join(link.premises) or "—"),
            )
        console.print(table)
        for link in chain.links:
            _details(link, console)
    c = report.conclusion
    if c is not None:
        console.print()
        head = Text("Conclusion  ", style="bold")
        head.append(relation(c.lhs, c.rel, f"as {text(c.rhs)} → ∞") if c.rel == "->0" else relation(c.lhs, c.rel, c.rhs))
        head.append("   ")
        head.append(_verdict(c.status))
        console.print(head)
        if c.text:
            console.print(Text(f"  {c.text}", style="dim"))
        if c.status == PROVED:
            console.print(f"  rests on premises {', '.join(c.premises) or '—'} through chains {', '.join(c.chains) or '—'}")
        else:
            console.print(Text(f"  {c.reason}", style=STYLE[c.status]))
    for repair in report.repairs:
        console.print(Text(f"\nRepair ({repair.kind}): {repair.text}", style="cyan"))
    if summary:
        render_summary(report, console)


def render_summary(report: Report, console: Console) -> None:
    """The closing lines: the counts of verdicts, the conclusion, unused premises, the search settings."""
    summary = "\n" + report.counts_text()
    if report.unused_premises:
        summary += f"; unused premises: {', '.join(report.unused_premises)}"
    console.print(Text(summary, style="bold"))
    if report.budget and report.exit_code != 0:
        console.print(Text(f"counterexample search: seed {report.seed}, budget {report.budget} instances per claim", style="dim"))


def _details(link: LinkVerdict, console: Console) -> None:
    where = f"  {link.chain}.{link.index} (line {link.line})"
    if link.note:
        console.print(Text(f"{where} note: {link.note}", style="cyan"))
    for name in link.miscited:
        console.print(Text(f"{where} cited '{name}', which does not justify this link" + (f"; it follows by {', '.join(link.lemmas)}" if link.lemmas else ""), style="magenta"))
    if link.status == PROVED:
        return
    console.print(Text(f"{where} {relation(link.lhs, link.rel, link.rhs)}: {link.reason}", style=STYLE[link.status]))
    if link.witness is not None:
        exact = "certified exactly" if link.witness.exact else "floating point only"
        console.print(Text(f"      counterexample ({exact}): {link.witness.summary}", style=STYLE[REFUTED]))
        if link.witness.checks:
            console.print(Text("      premises at it: " + "; ".join(f"{k}: {v}" for k, v in link.witness.checks.items()), style="dim"))
    if link.blocker is not None:
        a, rel, b = link.blocker
        console.print(f"      the step that fails: {relation(a, rel, b)}")
    for near in link.near:
        console.print(f"      nearest lemma: {near.lemma}: {relation(near.lhs, near.rel, near.rhs)} — {near.why}")
    for repair in link.repairs:
        console.print(Text(f"      repair ({repair.kind}): {repair.text}", style="cyan"))
