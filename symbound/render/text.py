"""Plain-text (Unicode) rendering of expressions in the paper's notation: the names other modules
import, all printed by the one printer in ``mathtext``."""

from __future__ import annotations

from html import escape
from typing import Any

from .mathtext import GREEK, NORM_SUB, REL, Notation, UnicodePrinter, name, relation, text

__all__ = ["GREEK", "NORM_SUB", "REL", "Notation", "UnicodePrinter", "html", "name", "relation", "summary", "text"]

MARK = {"proved": "✓", "refuted": "✗", "unproved": "?"}


def _claim(nt: Notation, c: Any) -> str:
    if c.rel == "->0":
        return f"{nt.text(c.lhs)} → 0 as {nt.text(c.rhs)} → ∞"
    return nt.relation(c.lhs, c.rel, c.rhs)


def summary(report: Any) -> str:
    """``str(report)``: the file, the counts, and each step that is not proved (a few lines)."""
    nt = Notation(report.derivation)
    lines = [f"symbound · {report.path}" + (f" · {report.title}" if report.title else ""), report.counts_text()]
    for link in report.links:
        if link.status != "proved" or link.miscited:
            status = link.status + (", miscited" if link.miscited else "")
            lines.append(f"  {MARK[link.status]} {link.chain}.{link.index} (line {link.line}): {nt.relation(link.lhs, link.rel, link.rhs)} — {status}")
    c = report.conclusion
    if c is not None:
        lines.append(f"  {MARK[c.status]} conclusion (line {c.line}): {_claim(nt, c)} — {c.status}")
    return "\n".join(lines)


def html(report: Any) -> str:
    """``_repr_html_``: one table row a link, the conclusion last; every text escaped."""
    nt = Notation(report.derivation)
    colour = {"proved": "#1a7f37", "refuted": "#aa1414", "unproved": "#b06800"}
    rows = []
    for chain in report.chains:
        for link in chain.links:
            claim = (nt.text(chain.start) + " " if link.index == 1 else "") + f"{REL[link.rel]} {nt.text(link.rhs)}"
            by = ", ".join(link.lemmas + [f"({c})" for c in link.chains]) or "—"
            rows.append((f"{chain.id}.{link.index}", claim, link.status, by, ", ".join(link.premises) or "—"))
    c = report.conclusion
    if c is not None:
        rows.append(("conclusion", _claim(nt, c), c.status, "", ", ".join(c.premises) or "—"))
    cells = "".join(
        f"<tr><td>{escape(step)}</td><td>{escape(claim)}</td>"
        f"<td style=\"color:{colour[status]}\">{MARK[status]} {escape(status)}</td><td>{escape(by)}</td><td>{escape(prem)}</td></tr>"
        for step, claim, status, by, prem in rows
    )
    head = f"<p><b>{escape(report.title or report.path)}</b> — {escape(report.counts_text())}</p>"
    return head + "<table><tr><th>step</th><th>claim</th><th>verdict</th><th>by</th><th>premises</th></tr>" + cells + "</table>"
