"""LaTeX rendering of a report: the derivation as a paper would print it, with every link's verdict.

Every expression goes through sympy's LaTeX printer (``sympy.latex`` with the file's ``latex:``
names as ``symbol_names``), and so through each operator's own ``_latex``; only the prose around
it (labels, sentences from the file, lemma names) is written here, escaped for LaTeX.

Two forms:

* ``render(report)``: a fragment for ``\\input`` into a paper.  It needs ``amsmath`` and ``amssymb``,
  plus ``xcolor`` when ``colour=True`` (the default).  ``render(report, standalone=True)`` wraps the
  same body in a document that compiles on its own with ``pdflatex``.
* ``render_math(report)``: one display (``$$\\begin{aligned}…\\end{aligned}$$``) in the subset of
  LaTeX that MathJax understands; ``Report._repr_latex_`` returns it, so a notebook shows the report.

A refuted link is marked with a bold ✗ and the word *refuted*, an unproved one with a bold ? and the
word *unproved*; colour (dark red, amber) only repeats what the glyph and the word already say, so
the page reads the same in black and white.
"""


from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from symbound.values import PROVED, REFUTED, UNPROVED, LinkVerdict, Report, Witness
from symbound.render.mathtext import REL_TEX, readable
from symbound.render.text import ASSUMED, assumed_lemmas, assumed_uses, consistency_text, procedures, repair_change, repair_text, witness_checks
from symbound.render.texmath import PROOF_WORDS, TexExpr, display_lines, lemma_words, math_ident, side_by_side, tex_text

if TYPE_CHECKING:  # pragma: no cover
    from symbound.values import Audit


def _main_lemmas(link: LinkVerdict) -> list[str]:
    """The lemmas that carry a link: its lemmas without the equalities used only to rewrite."""
    rewrites = {u.name for u in link.uses if u.kind == "lemma" and u.rel == "="}
    return [n for n in link.lemmas if n not in rewrites]


def label_part(name: str) -> str:
    """A file stem or chain id as part of a ``\\label``: letters, digits, ``_ . -`` kept (``pascanu_arxiv``,
    as docs/format.md documents it), anything else (spaces, braces, backslashes, ``#``) dropped."""
    return re.sub(r"[^A-Za-z0-9_.-]", "", name)


class _Labels:
    """``\\label`` names for the chains (prefix:id), so the paper can ``\\eqref`` them."""

    def __init__(self, report: Report, prefix: str | None) -> None:
        stem = label_part(re.sub(r"\.ya?ml$", "", report.path.rsplit("/", 1)[-1])) or "derivation"
        self.prefix = re.sub(r"[^A-Za-z0-9:._-]", "", prefix) if prefix is not None else "symbound:" + stem
        self.ids = {chain.id for chain in report.chains}

    def __call__(self, chain_id: str) -> str:
        return f"{self.prefix}:{label_part(chain_id)}"

    def ref(self, chain_id: str) -> str:
        return r"\eqref{" + self(chain_id) + "}"


def justification(link: LinkVerdict, ex: TexExpr, labels: _Labels) -> str:
    """Text-mode LaTeX: what a link follows from — lemmas in words, earlier chains by number,
    definitions, then the premises."""
    parts: list[str] = []
    if link.proof is not None:
        main = [lemma_words(n) for n in _main_lemmas(link)]
        rewrites = sorted({u.name for u in link.uses if u.kind == "lemma" and u.rel == "="})
        main += [lemma_words(n) for n in rewrites if n not in _main_lemmas(link)]
        main += [r"\texttt{" + tex_text(n) + "} (" + ASSUMED + ")" for n in assumed_uses(link.uses)]
        main += [labels.ref(c) for c in link.chains]
        if link.definitions:
            main.append(("the definitions of " if len(link.definitions) > 1 else "the definition of ") + ", ".join(r"\(" + ex.name(d) + r"\)" for d in link.definitions))
        if any(u.kind == "model" and u.name == "jacobian" for u in link.uses):
            main.append("the Jacobian of the model")
        if any(u.kind == "model" and u.name == "recurrence" for u in link.uses):
            main.append("the model's recurrence")
        if not main:
            main = [PROOF_WORDS.get(p) or tex_text(p.replace("_", " ")) for p in procedures(link.proof)] or [PROOF_WORDS.get(link.proof.kind) or tex_text(link.proof.kind.replace("_", " "))]
        parts.append("; ".join(main))
    text = "; ".join(parts)
    if link.premises:
        labels_ = ", ".join(r"\textbf{" + tex_text(p) + "}" for p in link.premises)
        text = f"{text}; {labels_}" if text else labels_
    return ("by " + text) if text else ""


def _marks(colour: bool) -> str:
    red = r"\textcolor{symboundrefuted}" if colour else ""
    amber = r"\textcolor{symboundunproved}" if colour else ""
    lines = [
        r"\providecommand{\symboundrefutedmark}{" + red + r"{\ensuremath{\boldsymbol{\times}}\,\textbf{refuted}}}",
        r"\providecommand{\symboundunprovedmark}{" + amber + r"{\textbf{?}\,\textit{unproved}}}",
        r"\providecommand{\symboundrefutedrel}[1]{\mathrel{" + (r"\color{symboundrefuted}" if colour else "") + r"\boldsymbol{#1}}}",
        r"\providecommand{\symboundunprovedrel}[1]{\mathrel{" + (r"\color{symboundunproved}" if colour else "") + r"#1}}",
        # a justification under its link: a paragraph as wide as the display, indented, never overflowing
        r"\providecommand{\symboundwhy}[1]{\noalign{\nobreak\vskip1pt\hbox to\displaywidth{\hskip3em"
        r"\parbox[t]{\dimexpr\displaywidth-3em\relax}{\raggedright\footnotesize #1\strut}\hss}\vskip2pt}}",
    ]
    if colour:
        lines[:0] = [r"\definecolor{symboundrefuted}{RGB}{170,20,20}", r"\definecolor{symboundunproved}{RGB}{176,104,0}"]
    return "\n".join(lines)


def _mark(status: str) -> str:
    return {REFUTED: r"\symboundrefutedmark", UNPROVED: r"\symboundunprovedmark"}.get(status, "")


def _rel(link_status: str, rel: str) -> str:
    tex = REL_TEX.get(rel, rel)
    if link_status == REFUTED:
        return r"\symboundrefutedrel{" + tex + "}"
    if link_status == UNPROVED:
        return r"\symboundunprovedrel{" + tex + "}"
    return tex


# ---------------------------------------------------------------- the document body


def _premise_claim(report: Report, pid: str, ex: TexExpr) -> str:
    d = report.derivation
    premise = next((p for p in d.premises if p.id == pid), None) if d is not None else None
    if premise is None:
        return r"\text{" + ex.prose(report.premise_claims.get(pid, "")) + "}"
    claim = r",\ ".join(ex.relation(r.lhs, r.rel, r.rhs) for r in premise.relations)
    if premise.bound:
        claim = r"\forall " + ", ".join(ex(b) for b in premise.bound) + r"\colon\ " + claim
    return claim


NEGATION = {"<=": ">", "<": r"\ge", "=": r"\ne", ">=": "<", ">": r"\le"}


def _consistency(report: Report, ex: TexExpr) -> str:
    """The instance of the premises, its values in mathematics, or why there is none (one sentence)."""
    c = report.consistency
    if c.shown and c.witness.values:
        return "The premises hold together at " + ", ".join(_values(c.witness, ex))
    sentence = consistency_text(report)
    return ex.prose(sentence[:1].upper() + sentence[1:])


def _values(w: Witness, ex: TexExpr) -> list[str]:
    return [r"\(" + ex.key(k) + " = " + ex.value(w.exact_values.get(k), v) + r"\)" for k, v in w.values.items()]


def _witness(w: Witness, ex: TexExpr, lhs: Any = None, rel: str = "", rhs: Any = None) -> str:
    """A counterexample: the values (matrices, fractions), the two sides there, the premises holding."""
    how = "certified in exact arithmetic" if w.exact else "found in floating point, not certified exactly"
    out = r"\textbf{Counterexample} (" + how + ")"
    values = _values(w, ex)
    if values:
        out += ": at " + ", ".join(values)
    if lhs is not None and rel in NEGATION:
        out += r", \(" + ex(lhs) + " = " + ex.value(w.lhs, w.lhs_value) + " " + NEGATION[rel] + " " + ex.value(w.rhs, w.rhs_value) + " = " + ex(rhs) + r"\)"
    elif lhs is not None and rel == "->0":
        out += (r", with the state held at a fixed point by the inputs, every one-step Jacobian is the same matrix,"
                r" whose spectral radius is \(" + ex.value(w.lhs, w.lhs_value) + r" \ge 1\); so \(" + ex(lhs) + r"\) does not go to \(0\)")
    if w.checks:
        out += "; the premises hold there (" + "; ".join(r"\textbf{" + tex_text(p) + "}: " + ex.prose(v) for p, v in witness_checks(w, ex.notation).items()) + ")"
    return out + "."


_INSTRUCTION = re.compile(r"\s*\([^()]*`[^()]*\)|\s*[;,:]?[^;,.:]*`[^`]*`[^;,.]*")


def prose(text: str, ex: TexExpr | None = None) -> str:
    """Sentences from the checker for the paper: without tool instructions (anything in backquotes), the
    file's names set as the formulas set them when ``ex`` is given."""
    return ex.prose(_INSTRUCTION.sub("", text).strip()) if ex is not None else tex_text(_INSTRUCTION.sub("", text).strip())


def _repair(repair: Any, ex: TexExpr) -> str:
    """A repair in one sentence: what to change, and the lemmas the step then follows by."""
    if repair.kind == "relation" or repair.whole:
        return r" \emph{Repair} (" + tex_text(repair.kind) + "): " + prose(repair_text(repair), ex) + "."
    out = r" \emph{Repair} (" + tex_text(repair.kind) + "): " + prose(repair_change(repair), ex) + ", and the step holds"
    if repair.lemmas:
        out += " by " + "; ".join(lemma_words(n) for n in repair.lemmas)
    return out + "."


def _remarks(chain_id: str, link: LinkVerdict, ex: TexExpr, labels: _Labels) -> list[str]:
    """The paragraphs printed under a chain for one link: why it failed, its witness, its note."""
    where = r"step~" + str(link.index) + r" of~" + labels.ref(chain_id)
    out: list[str] = []
    if link.status != PROVED:
        body = _mark(link.status) + r"\quad \(" + ex(link.lhs) + " " + REL_TEX.get(link.rel, link.rel) + " " + ex(link.rhs) + r"\)"
        if link.reason and link.witness is None:
            body += ": " + prose(ex.notation.sentence(link.reason), ex)
        body += "."
        if link.proof is not None and link.status == UNPROVED:
            body += " It would follow " + justification(link, ex, labels) + "."
        if link.witness is not None:
            body += " " + _witness(link.witness, ex, link.lhs, link.rel, link.rhs)
        if link.blocker is not None:
            a, rel, b = link.blocker
            body += r" The step that fails: \(" + ex.relation(a, rel, b) + r"\)."
        for near in link.near:
            body += r" Nearest lemma, " + lemma_words(near.lemma) + r": \(" + ex.relation(near.lhs, near.rel, near.rhs) + r"\)"
            why = prose(readable(near.why), ex)
            body += (" --- " + why if why else "") + "."
        for repair in link.repairs:
            body += _repair(repair, ex)
        out.append(body)
    for name in link.miscited:
        text = r"cites " + lemma_words(name) + ", which does not justify this step"
        if link.lemmas:
            text += "; it follows by " + "; ".join(lemma_words(n) for n in _main_lemmas(link) or link.lemmas)
        out.append(text + ".")
    if link.note:
        out.append(r"\emph{Note.} " + ex.prose(link.note))
    return [r"\noindent{\small\textbf{Remark} (" + where + "). " + body + r"}\par" for body in out]



def _chain(report: Report, chain: Any, ex: TexExpr, labels: _Labels, options: "Options") -> list[str]:
    head = r"\noindent " + (ex.prose(chain.text) if chain.text else "")
    if chain.status != PROVED:
        head += (r"\nobreak\quad " if chain.text else "") + _mark(chain.status)  # the mark never alone on a line
    if chain.repaired:
        head += r"\quad holds as repaired; the printed link is wrong: " + ex.prose(chain.repaired)
    # no \par: the display continues the head's paragraph, where TeX never breaks a column (\predisplaypenalty),
    # so the text and its verdict mark stay beside their display in two columns too
    lines = [head.rstrip() if head.strip() != r"\noindent" else "", r"\begin{align}"]
    beside = side_by_side(ex, chain.start, [link.rhs for link in chain.links])
    rows: list[str] = []
    if not beside:
        first, *more = display_lines(ex, chain.start)
        rows.append(f"  &{first} \\notag \\\\")
        rows += [f"  &\\qquad {piece} \\notag \\\\" for piece in more]
    last = len(chain.links) - 1
    after = ""
    for k, link in enumerate(chain.links):
        lhs = ex(chain.start) if beside and k == 0 else ""
        tag = r" \label{" + labels(chain.id) + "}" if k == last else r" \notag \\"
        indent = "" if beside else r"\quad "
        first, *more = display_lines(ex, link.rhs) if not beside else [ex(link.rhs)]
        if more:
            rows.append(f"  {lhs} &{indent}{_rel(link.status, link.rel)} {first} \\notag \\\\")
            for j, piece in enumerate(more):
                rows.append(f"  &\\qquad\\quad {piece}" + (tag if j == len(more) - 1 else r" \notag \\"))
        else:
            rows.append(f"  {lhs} &{indent}{_rel(link.status, link.rel)} {first}{tag}")
        why = justification(link, ex, labels) if (options.justifications and link.status == PROVED) else ""
        if link.status != PROVED:
            why = _mark(link.status) + (r"{} (see the remark below)" if options.remarks else "")
        if why and k < last:
            rows.append("  \\symboundwhy{" + why + "}")
        elif why:  # under the last line, after the display (a row after it would take the number)
            after = r"{\footnotesize\leftskip3em\noindent " + why + r"\par}\smallskip"
    lines.append("\n".join(rows))
    lines.append(r"\end{align}")
    if after:
        lines.append(after)
    if chain.note:
        lines.append(r"\noindent{\small\emph{Note.} " + ex.prose(chain.note) + r"}\par")
    if options.remarks:
        for link in chain.links:
            lines += _remarks(chain.id, link, ex, labels)
    return [line for line in lines if line]


def _conclusion(report: Report, ex: TexExpr, labels: _Labels, options: "Options") -> list[str]:
    c = report.conclusion
    if c is None:
        return []
    head = r"\noindent\textbf{Conclusion.}"
    if c.text:
        head += " " + ex.prose(c.text)
    if c.status != PROVED:
        head += r"\nobreak\quad " + _mark(c.status)
    if c.repaired:
        head += r"\quad holds as repaired; the printed link is wrong (" + ex.prose(c.repaired) + ")"
    if c.rel == "->0":
        claim = ex(c.lhs) + r" \to 0 \quad \text{as } " + ex(c.rhs) + r" \to \infty"
    else:
        claim = ex.relation(c.lhs, c.rel, c.rhs)
    lines = [head, r"\begin{equation*}", "  " + claim, r"\end{equation*}"]
    if c.rel != "->0" and not side_by_side(ex, c.lhs, [c.rhs]):
        rows = [f"  &{piece} \\\\" if i == 0 else f"  &\\qquad {piece} \\\\" for i, piece in enumerate(display_lines(ex, c.lhs))]
        first, *more = display_lines(ex, c.rhs)
        rows.append(f"  &\\quad {REL_TEX.get(c.rel, c.rel)} {first}")
        rows += [f" \\\\\n  &\\qquad\\quad {piece}" for piece in more]
        lines = [head, r"\begin{align*}", "\n".join(rows), r"\end{align*}"]
    lemmas = sorted({u.name for u in c.uses if u.kind in ("lemma", "gcongr", "calculus", "limit")} - {u.name for u in c.uses if u.kind == "lemma" and u.rel == "="})
    if c.status == PROVED:
        if options.justifications:
            rests = r"\noindent It rests~on~" + (", ".join(r"\textbf{" + tex_text(p) + "}" for p in c.premises) or "no premise")
            if c.chains:
                rests += r", through " + ", ".join(labels.ref(ch) for ch in c.chains)
            if lemmas:
                rests += r", by " + "; ".join(lemma_words(n) for n in lemmas)
            if c.assumed:
                rests += r", and on lemmas the file assumes, not from the library: " + ", ".join(r"\texttt{" + tex_text(n) + "}" for n in c.assumed)
            lines.append(rests + r".\par")
    else:
        text = r"\noindent " + _mark(c.status)
        if options.remarks:
            if c.witness is not None:
                text += ": the claim itself is false under the premises. " + _witness(c.witness, ex, c.lhs, c.rel, c.rhs)
            else:
                text += ": " + prose(ex.notation.sentence(c.reason) or "not proved", ex)
            if c.premises:
                text = text.rstrip(".") + r". It would rest on " + ", ".join(r"\textbf{" + tex_text(p) + "}" for p in c.premises)
        lines.append(text.rstrip(".") + r".\par")
    return lines


def _step(labels: _Labels, chain: str | None, index: int) -> str:
    return "the conclusion" if chain is None else r"step~" + str(index) + r" of~" + labels.ref(chain)


def _audit(report: Report, audit: "Audit", ex: TexExpr, labels: _Labels) -> list[str]:
    lines = [r"\medskip\noindent\textbf{Audit.} What every step depends on, through the equations it uses.", r"\begin{center}\small", r"\begin{tabular}{lll}", r"\hline",
             r"step & premises & definitions \\", r"\hline"]
    for item in audit.items:
        prem = ", ".join(r"\textbf{" + tex_text(p) + "}" for p in item.premises) or "---"
        defs = ", ".join(r"\(" + ex.name(d) + r"\)" for d in item.definitions) or "---"
        lines.append(f"{_step(labels, item.chain, item.index)} & {prem} & {defs} \\\\")
    lines += [r"\hline", r"\end{tabular}", r"\end{center}"]
    if audit.unused:
        lines.append(r"\noindent No step uses " + ", ".join(r"\textbf{" + tex_text(p) + "}" for p in audit.unused) + r".\par")
    if audit.lemmas:
        lines.append(r"\noindent Lemmas the file assumes (not from the library): " + tex_text(assumed_lemmas(audit)) + r".\par")
    if audit.removals is None:
        if audit.note and "`" not in audit.note:
            lines.append(r"\noindent " + prose(audit.note, ex) + r"\par")
        return lines
    lines.append(r"\noindent Each premise removed in turn, the derivation checked again:")
    lines.append(r"\begin{itemize}")
    for removal in audit.removals:
        item = r"\item Without \textbf{" + tex_text(removal.premise) + "}"
        if not removal.breaks:
            item += ": nothing that was proved breaks."
        else:
            steps = [b for b in removal.breaks if b.chain is not None]
            named = ", ".join(_step(labels, b.chain, b.index) + (r" (\emph{" + b.after + "})" if b.after != UNPROVED else "") for b in steps)
            item += ", these are no longer proved: " + (named or "---")
            if removal.conclusion_breaks:
                item += r"; \textbf{the conclusion fails}"
            item += "."
        lines.append(item)
    lines.append(r"\end{itemize}")
    return lines


@dataclass(frozen=True)
class Options:
    """What the LaTeX leaves out: the justifications under the links, the remarks, the audit."""

    justifications: bool = True
    remarks: bool = True
    audit: bool = True
    label_prefix: str | None = None  # \label{prefix:chain}; default symbound:<file stem>


def body(report: Report, audit: "Audit | None" = None, colour: bool = True, options: Options = Options()) -> str:
    """The fragment's text (without the preamble comment)."""
    ex = TexExpr(report)
    labels = _Labels(report, options.label_prefix)
    d = report.derivation
    lines: list[str] = [_marks(colour), r"\par\begingroup\sloppy"]  # its own paragraph, even when \input mid-paragraph
    if report.title:
        lines.append(r"\noindent\textbf{" + ex.prose(report.title) + r"}\par")
    if report.source:
        lines.append(r"\noindent\textit{" + ex.prose(report.source) + r"}\par")
    if report.premises:
        lines.append(r"\medskip\noindent\textbf{Premises.}")
        lines.append(r"\begin{enumerate}")
        for pid, sentence in report.premises.items():
            item = r"  \item[\textbf{" + tex_text(pid) + r"}] \(" + _premise_claim(report, pid, ex) + r"\)"
            if sentence:
                item += r" --- " + ex.prose(sentence)
            lines.append(item)
        lines.append(r"\end{enumerate}")
    if report.lemmas:
        lines.append(r"\noindent\textbf{Lemmas assumed by this file (not from the library).}")
        lines.append(r"\begin{itemize}")
        for lemma in report.lemmas:
            status = {"used": "used by " + ", ".join(lemma.users), "unused": "unused"}.get(lemma.status, r"\textbf{refuted}, not used")
            when = ", ".join(ex.relation(h.lhs, h.rel, h.rhs) for h in lemma.hypotheses)
            lines.append(r"  \item \texttt{" + tex_text(lemma.name) + r"}: \(" + ex.relation(lemma.statement.lhs, lemma.statement.rel, lemma.statement.rhs)
                         + r"\)" + (r" if \(" + when + r"\)" if when else "") + r" --- " + tex_text(lemma.reference) + "; " + status)
        lines.append(r"\end{itemize}")
    if d is not None and (d.definitions or d.indexed):
        lines.append(r"\noindent\textbf{Definitions.}")
        lines.append(r"\begin{itemize}")
        for df in d.definitions:
            item = r"  \item \(" + ex(df.symbol) + r" := " + ex(df.value) + r"\)"
            if df.text:
                item += " --- " + ex.prose(df.text)
            lines.append(item)
        for ix in d.indexed:  # abbreviations with an index, D_j := ...
            lines.append(r"  \item \(" + ex(ix.head) + r" := " + ex(ix.shown) + r"\)" + (" --- " + ex.prose(ix.text) if ix.text else ""))
        lines.append(r"\end{itemize}")
    if d is not None and d.model is not None:
        m = d.model
        lines.append(r"\noindent\textbf{Model.}")
        lines.append(r"\begin{equation*}")
        lines.append("  " + ex(m.state) + " = " + ex(m.update))
        lines.append(r"\end{equation*}")
        for jac in list(m.jacobians.values())[:1]:
            lines.append(r"\noindent Its one-step Jacobian is")  # a display: a long derived Jacobian cannot break inline
            first, *more = display_lines(ex, jac.derived)  # a long Jacobian breaks between its terms
            rows = [f"  {ex(jac)} &= {first}"] + [f"  &\\quad {piece}" for piece in more]
            lines += [r"{\small\begin{align*}", " \\\\\n".join(rows), r"\end{align*}}"]
    if report.notes:
        lines.append(r"\noindent\textit{Note.} " + ex.prose(report.notes.strip()) + r"\par")
    for finding in report.findings:
        head = r"\textbf{" + {"refuted lemma": "Refuted lemma", "vacuous lemma": "Vacuous lemma", "false premise": "False premise", "undefined premise": "Undefined premise"}.get(finding.kind, "Contradictory premises") + ".} "
        lines.append(r"\noindent" + head + ex.prose(finding.text) + r"\par")
    for chain in report.chains:
        lines.append(r"\medskip")
        lines += _chain(report, chain, ex, labels, options)
    if report.conclusion is not None:
        lines.append(r"\medskip")
        lines += _conclusion(report, ex, labels, options)
    summary = report.counts_text(nouns=("steps", "steps"), conclusion="the conclusion is {}", findings=False)
    lines.append(r"\smallskip\noindent{\small\textit{Checked by symbound: " + tex_text(summary) + r".}}\par")
    if report.consistency is not None:
        lines.append(r"\noindent{\small\textit{" + _consistency(report, ex) + r".}}\par")
    if audit is not None and options.audit:
        lines += _audit(report, audit, ex, labels)
    lines.append(r"\endgroup")
    return "\n".join(lines) + "\n"


PACKAGES = ("amsmath", "amssymb")


def render(report: Report, audit: "Audit | None" = None, standalone: bool = False, colour: bool = True, options: Options = Options()) -> str:
    """The derivation as LaTeX: a fragment for ``\\input`` (default) or a standalone document."""
    from symbound.version import __version__

    packages = PACKAGES + (("xcolor",) if colour else ())
    head = (
        f"% Generated by symbound {__version__} from {report.path}; regenerate it instead of editing it.\n"
        f"% Needs \\usepackage{{{','.join(packages)}}} in the preamble.\n"
    )
    text = body(report, audit, colour, options)
    if not standalone:
        return head + text
    return (
        head
        + "\\documentclass[11pt]{article}\n"
        + f"\\usepackage{{{','.join(packages)}}}\n"
        + "\\usepackage[margin=1in]{geometry}\n"
        + "\\begin{document}\n"
        + text
        + "\\end{document}\n"
    )


# ---------------------------------------------------------------- notebooks (MathJax)


def render_math(report: Report) -> str:
    """The report as one display in the LaTeX subset MathJax typesets (for ``_repr_latex_``)."""
    ex = TexExpr(report)
    rows: list[str] = []
    colour = {REFUTED: "red", UNPROVED: "orange"}
    word = {REFUTED: r"\boldsymbol{\times}\ \text{refuted}", UNPROVED: r"\textbf{?}\ \text{unproved}"}

    def mark(status: str) -> str:
        return r"\quad {\color{" + colour[status] + "}" + word[status] + "}" if status != PROVED else ""

    def labels(items: Iterable[str]) -> str:
        return ", ".join(r"\mathbf{" + re.sub(r"[^A-Za-z0-9]", "", p) + "}" for p in items)

    for pid in report.premises:
        rows.append(r"&" + labels([pid]) + r":\ " + _premise_claim(report, pid, ex) + r" &&")
    for chain in report.chains:
        rows.append(r"&" + math_ident(chain.id) + r": &&" + mark(chain.status))
        for k, link in enumerate(chain.links):
            main = [math_ident(n) for n in _main_lemmas(link)] + ["(" + math_ident(c) + ")" for c in link.chains]
            why = ", ".join(main) if link.proof is not None else ""
            if link.premises:
                why += (r";\ " if why else "") + labels(link.premises)
            rel = REL_TEX.get(link.rel, link.rel)
            if link.status != PROVED:
                rel = r"{\color{" + colour[link.status] + "}" + rel + "}"
            rows.append((ex(chain.start) if k == 0 else "") + r" &" + rel + " " + ex(link.rhs) + r" && " + why + mark(link.status))
    c = report.conclusion
    if c is not None:
        claim = ex(c.lhs) + r" \to 0 \ \text{as } " + ex(c.rhs) + r" \to \infty" if c.rel == "->0" else ex.relation(c.lhs, c.rel, c.rhs)
        rests = (r"\text{rests on } " + labels(c.premises)) if c.status == PROVED and c.premises else ""
        rows.append(r"&\text{Conclusion: } " + claim + r" && " + rests + mark(c.status))
    return "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"
