"""What a notebook shows (``_repr_html_``): a report as a table of its links, a chain with its links, a
link with its verdict and reasons, a counterexample with its values typeset (matrices as matrices,
fractions as fractions), a library lemma and the whole lemma catalogue.
Expressions print as the file wrote them (``mathtext.Notation``); every text from the file is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

import sympy as sp

from symbound.render.mathml import mathml, relation
from symbound.render.mathtext import PLAIN, Notation
from symbound.render.text import MARK, REL, value_name, witness_checks
from symbound.values import PROVED, ChainVerdict, LinkVerdict, Witness

COLOUR = {"proved": "#1a7f37", "refuted": "#aa1414", "unproved": "#b06800"}
NEGATION = {"<=": "&gt;", "<": "&#8805;", "=": "&#8800;", ">=": "&lt;", ">": "&#8804;"}


def _value(value: Any, raw: str) -> str:
    """A witness value as MathML: a matrix as a matrix, 1/2 as a fraction; text when it is no number."""
    if isinstance(value, (sp.MatrixBase, sp.Basic)) and (isinstance(value, sp.MatrixBase) or value.is_number):
        return mathml(value)
    return f"<mtext>{escape(raw)}</mtext>"


def _name(key: Any, nt: Notation) -> str:
    if isinstance(key, (sp.Symbol, sp.MatrixSymbol)):
        return mathml(key, nt)
    return f"<mtext>{escape(value_name(key))}</mtext>"


def witness_html(w: Witness, nt: Notation = PLAIN) -> str:
    """A counterexample: each value typeset, the claim's two sides there, the premises holding at it."""
    kind = "certified exactly" if w.exact else "found in floating point, not certified exactly"
    values = "".join(f"<tr><td><math>{_name(k, nt)}<mo>=</mo>{_value(w.exact_values.get(k), raw)}</math></td></tr>" for k, raw in w.values.items())
    out = [f'<div class="symbound-witness"><b>Counterexample</b> ({kind}, after {w.tried} instances)', f"<table>{values}</table>"]
    if w.claim is not None and w.claim[1] in NEGATION:
        lhs, rel, rhs = w.claim
        out.append(f"<p>there <math><mrow>{mathml(lhs, nt)}<mo>=</mo>{_value(w.lhs, w.lhs_value)}<mo>{NEGATION[rel]}</mo>"
                   f"{_value(w.rhs, w.rhs_value)}<mo>=</mo>{mathml(rhs, nt)}</mrow></math></p>")
    checks = witness_checks(w, nt)
    if checks:
        out.append("<p>the premises hold there: " + "; ".join(f"<b>{escape(p)}</b>: {escape(v)}" for p, v in checks.items()) + "</p>")
    return "".join(out) + "</div>"


def link_html(link: LinkVerdict, nt: Notation = PLAIN) -> str:
    """One link: its claim, verdict, what it follows by or why not, its counterexample."""
    by = ", ".join(link.lemmas + [f"chain {c}" for c in link.chains]) or "—"
    out = [f'<div class="symbound-link"><p><b>{escape(link.chain)}.{link.index}</b> (line {link.line}) '
           f"{relation(link.lhs, link.rel, link.rhs, nt)} "
           f'<span style="color:{COLOUR[link.status]}">{MARK[link.status]} {link.status}</span></p>']
    if link.status == PROVED:
        out.append(f"<p>by {escape(by)}; premises {escape(', '.join(link.premises) or '—')}</p>")
    elif link.reason:
        out.append(f"<p>{escape(nt.sentence(link.reason))}</p>")
    if link.witness is not None:
        out.append(witness_html(link.witness, nt))
    if link.note:
        out.append(f"<p><i>note:</i> {escape(link.note)}</p>")
    return "".join(out) + "</div>"


def chain_html(chain: ChainVerdict, nt: Notation = PLAIN) -> str:
    """A chain: its claim start rel end and verdict, its text and note, then each of its links."""
    head = (f'<div class="symbound-chain"><p><b>chain {escape(chain.id)}</b> (line {chain.line}) {relation(chain.start, chain.relation, chain.end, nt)} '
            f'<span style="color:{COLOUR[chain.status]}">{MARK[chain.status]} {chain.status}</span></p>')
    words = (f"<p>{escape(chain.text)}</p>" if chain.text else "") + (f"<p><i>note:</i> {escape(chain.note)}</p>" if chain.note else "")
    return head + words + "".join(link_html(link, nt) for link in chain.links) + "</div>"


def lemma_html(lemma: Any) -> str:
    """A library lemma: its name, its statement typeset, its hypotheses, reference and Mathlib name."""
    from symbound.render.catalogue import hypothesis_text
    from symbound.render.texmath import statement

    parts = [f'<div class="symbound-lemma"><p><code>{escape(lemma.name)}</code> {relation(*statement(lemma))}'
             + (f" — {escape(lemma.summary)}" if lemma.summary else "") + "</p>"]
    if lemma.hypotheses:
        parts.append("<p>if " + "; ".join(escape(hypothesis_text(h)) for h in lemma.hypotheses) + "</p>")
    parts.append(f"<p>{escape(lemma.reference)}" + (f"; Mathlib: <code>{escape(lemma.mathlib)}</code>" if lemma.mathlib else "") + "</p>")
    return "".join(parts) + "</div>"


def catalogue_html(groups: list[tuple[str, list[Any]]]) -> str:
    """The lemma catalogue: each group of lemmas (``catalogue``'s grouping) under its title, one table row a lemma."""
    from symbound.render.catalogue import hypothesis_text
    from symbound.render.texmath import statement

    out = [f"<p><b>symbound's lemma library</b> — {sum(len(lemmas) for _, lemmas in groups)} lemmas</p>"]
    for title, lemmas in groups:
        rows = "".join(f"<tr><td><code>{escape(l.name)}</code></td><td>{relation(*statement(l))}</td>"
                       f"<td>{escape('; '.join(hypothesis_text(h) for h in l.hypotheses)) or '—'}</td><td>{escape(l.reference)}</td></tr>"
                       for l in lemmas)
        out.append(f"<p><b>{escape(title)}</b></p><table><tr><th>lemma</th><th>statement</th><th>if</th><th>reference</th></tr>{rows}</table>")
    return "".join(out)


def report_html(report: Any) -> str:
    """``_repr_html_`` of a report: one table row a link, the conclusion last, then each counterexample."""
    nt = Notation(report.derivation)
    rows = []
    for chain in report.chains:
        for link in chain.links:
            claim = (nt.text(chain.start) + " " if link.index == 1 else "") + f"{REL[link.rel]} {nt.text(link.rhs)}"
            by = ", ".join(link.lemmas + [f"({c})" for c in link.chains]) or "—"
            rows.append((f"{chain.id}.{link.index}", claim, link.status, by, ", ".join(link.premises) or "—"))
    c = report.conclusion
    if c is not None:
        rows.append(("conclusion", nt.claim(c), c.status, "", ", ".join(c.premises) or "—"))
    cells = "".join(
        f"<tr><td>{escape(step)}</td><td>{escape(claim)}</td>"
        f"<td style=\"color:{COLOUR[status]}\">{MARK[status]} {escape(status)}</td><td>{escape(by)}</td><td>{escape(prem)}</td></tr>"
        for step, claim, status, by, prem in rows
    )
    head = f"<p><b>{escape(report.title or report.path)}</b> — {escape(report.counts_text())}</p>"
    table = "<table><tr><th>step</th><th>claim</th><th>verdict</th><th>by</th><th>premises</th></tr>" + cells + "</table>"
    witnesses = [link_html(link, nt) for link in report.links if link.witness is not None]
    if c is not None and c.witness is not None:
        witnesses.append(f"<p><b>conclusion</b> {relation(c.lhs, c.rel, c.rhs, nt)}</p>" + witness_html(c.witness, nt))
    return head + table + "".join(witnesses)
