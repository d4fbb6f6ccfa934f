"""The terminal report: one row per link with its verdict, the lemmas and premises it rests on.

The layout is computed here for the console's width (80 and 120 columns read well): the claim is
never cut, it wraps under itself; justifications wrap in their column; remarks and counterexamples
wrap with a hanging indent, never back to column 0; no line ends in spaces.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from rich.console import Console
from rich.text import Text
from sympy.matrices.expressions import MatrixExpr

from symbound.values import PROVED, REFUTED, UNPROVED, Audit, LinkVerdict, Report, Witness
from symbound.render.mathtext import REL, Notation, name, readable
from symbound.render.text import ASSUMED, NORMAL_FORM, assumed_lemmas, assumed_uses, conclusion_reason, consistency_text, procedures, repair_text, value_text, witness_checks, witness_values

GLUE = "\u00a0"  # a space a table cell never breaks at (✗ refuted, via norm_matvec): printed as a space
STYLE = {PROVED: "green", REFUTED: "bold red", UNPROVED: "yellow"}
MARK = {PROVED: f"✓{GLUE}proved", REFUTED: f"✗{GLUE}refuted", UNPROVED: f"?{GLUE}unproved"}  # never split by a line break
GAP = 2  # spaces between table columns
MIN_WIDTH = 40




def _verdict(status: str, miscited: bool = False) -> tuple[str, str]:
    return MARK[status] + (" (miscited)" if miscited else ""), STYLE[status] if not miscited else "magenta"


def _justification(link: LinkVerdict) -> tuple[str, str]:
    """The lemmas that carry the link, then (dim) the rewrites and definitions it went through."""
    if link.proof is None or link.status != PROVED:
        return "—", ""
    rewrites = {u.name for u in link.uses if u.kind == "lemma" and u.rel == "="}
    main = [n for n in link.lemmas if n not in rewrites] + [f"{n} ({ASSUMED})" for n in assumed_uses(link.uses)] + [f"chain{GLUE}{c}" for c in link.chains]
    if any(u.kind == "model" and u.name == "recurrence" for u in link.uses):
        main.append("the model")
    if not main:
        main = procedures(link.proof) or [_closing(link.proof)]
    extra = sorted(rewrites) + [f"def.{GLUE}{name(d)}" for d in link.definitions]
    if any(u.kind == "model" and u.name == "jacobian" for u in link.uses):
        extra.append("the Jacobian")
    if any(u.kind == "model" and u.name == "activation" for u in link.uses):
        extra.append("activation formula (sympy)")
    return ", ".join(main), _phrase("via", ", ".join(extra)) if extra else ""


def _closing(proof: Any) -> str:
    """What closed a proof no lemma carries: equal matrices are equal in the normal form of matrix polynomials,
    anything else by sympy's arithmetic."""
    if proof.kind == "conv" and isinstance(proof.lhs, MatrixExpr):
        return NORMAL_FORM
    return "arithmetic" if proof.kind in ("arithmetic", "conv") else proof.kind


def _phrase(words: str, rest: str) -> str:
    """``words`` glued to each other and to the first word of ``rest``: a line break never leaves "via" or
    "rests on" alone at the end of a line ("rests on P1", "via def. η")."""
    first, _, others = rest.partition(" ")
    return GLUE.join(words.split(" ") + [first]) + (" " + others if others else "")


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_BARS = "‖|"


def _groups(text: str) -> list[tuple[int, int]]:
    """The bracketed groups of ``text`` as (first, last) positions: (…), […], {…}, ‖…‖ and |…| (a bar closes
    the group it opened unless a space or an opening bracket precedes it); unmatched brackets are ignored."""
    stack: list[tuple[str, int]] = []
    groups = []
    for i, ch in enumerate(text):
        if ch in _BARS and stack and stack[-1][0] == ch and text[i - 1] not in " ([{" + _BARS:
            groups.append((stack.pop()[1], i))
        elif ch in _PAIRS or ch in _BARS:
            stack.append((ch, i))
        elif ch in _PAIRS.values():
            opened = [k for k, (o, _) in enumerate(stack) if _PAIRS.get(o) == ch]
            if opened:
                groups.append((stack[opened[-1]][1], i))
                del stack[opened[-1]:]
    return groups


def _inside(text: str, width: int) -> set[int]:
    """The positions inside a bracketed group that fits in ``width``: no line breaks there, so a matrix,
    a norm, a fraction or a subscript is wrapped whole (a group longer than a line still breaks)."""
    inside: set[int] = set()
    for first, last in _groups(text):
        if text.endswith(" = ", 0, first):  # a value stays with its name: "W_rec = [[0, 1], [0, 0]]"
            named = text.rfind(" ", 0, first - 3) + 1
            first = named - 1 if last - named + 2 < width else first
        if last - first + 2 < width:  # with room for the punctuation after it
            inside.update(range(first + 1, last))
    return inside


def _glued(text: str, width: int) -> str:
    """``text`` with its spaces inside the groups that fit in ``width`` made unbreakable (GLUE)."""
    inside = _inside(text, width)
    return "".join(GLUE if ch == " " and i in inside else ch for i, ch in enumerate(text))


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters, bracketed groups kept whole when they fit
    (long words broken)."""
    width = max(width, 8)
    lines = textwrap.wrap(_glued(text, width), width, break_on_hyphens=False, break_long_words=True) or [""]
    return [line.rstrip().replace(GLUE, " ") for line in lines]


_BREAK = re.compile(r"(?<=[ ·,])")


def _hanging(text: str, width: int, hang: int) -> list[str]:
    """An expression in lines of ``width``, broken after spaces, '·' and ',' outside the bracketed groups
    that fit a line, the lines after the first indented by ``hang`` (so the claim wraps under itself); a
    piece longer than a line is cut."""
    lines: list[str] = []
    current = ""
    inside = _inside(text, width - hang)
    pieces, start = [], 0
    for match in _BREAK.finditer(text):
        if match.start() and match.start() - 1 not in inside:
            pieces.append(text[start:match.start()])
            start = match.start()
    pieces.append(text[start:])
    for piece in (p for p in pieces if p):
        limit = width - (hang if lines else 0)
        if current and len(current.rstrip()) + len(piece.rstrip()) > limit:
            lines.append(current.rstrip())
            current = ""
            limit = width - hang
        while len(piece.rstrip()) > limit and not current:
            lines.append(piece[:limit])
            piece = piece[limit:]
            limit = width - hang
        current += piece
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return [lines[0]] + [" " * hang + line.lstrip() for line in lines[1:]]


class Out:
    """Lines for one console width: paragraphs wrapped with a hanging indent, trailing spaces removed."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = max(console.width or 80, MIN_WIDTH)

    def line(self, text: Text | str = "") -> None:
        if isinstance(text, str):
            text = Text(text)
        text.rstrip()
        self.console.print(text, soft_wrap=True, overflow="ignore", crop=False)

    def para(self, text: str, indent: int = 0, hang: int = 2, style: str = "") -> None:
        """``text`` wrapped to the width, its first line at ``indent``, the others at ``indent + hang``."""
        first, rest = " " * indent, " " * (indent + hang)
        for i, chunk in enumerate(_wrap(text, self.width - indent - (hang if indent or hang else 0))):
            self.line(Text((first if i == 0 else rest) + chunk, style=style))

    def styled(self, pieces: list[tuple[str, str]], indent: int = 0, hang: int = 2) -> None:
        """Several styled pieces as one paragraph, wrapped at word boundaries with a hanging indent."""
        words: list[tuple[str, str]] = []
        for text, style in pieces:
            if not text:
                continue
            if words:
                words.append((" ", ""))
            for i, word in enumerate(_glued(text, self.width - indent - hang).split(" ")):
                if i:
                    words.append((" ", ""))
                if word:
                    words.append((word, style))
        width = self.width
        out = Text(" " * indent)
        column = indent
        pending_space = False
        for word, style in words:
            if word == " ":
                pending_space = True
                continue
            need = len(word) + (1 if pending_space and column > indent else 0)
            if column + need > width and column > indent + hang:
                self.line(out)
                out = Text(" " * (indent + hang))
                column = indent + hang
            elif pending_space and column > indent:
                out.append(" ")
                column += 1
            pending_space = False
            while len(word) > width - column and width - column > 8:  # a word longer than a line
                cut = width - column
                out.append(word[:cut].replace(GLUE, " "), style=style)
                self.line(out)
                out = Text(" " * (indent + hang))
                column = indent + hang
                word = word[cut:]
            out.append(word.replace(GLUE, " "), style=style)
            column += len(word)
        self.line(out)


Cell = list[tuple[str, str]]  # the lines of a table cell, each with its style


def grid(out: "Out", heads: list[str], rows: list[list[Any]], right: frozenset[int] = frozenset(), keep: int | None = None) -> None:
    """A table without borders at the console's width: the widest columns wrap first, column
    ``keep`` (the claim) last; a cell is text, (text, style) or a list of (text, style) pieces
    (each starting on a new line); an expression cell in column ``keep`` wraps under itself."""

    def pieces(cell: Any) -> Cell:
        if isinstance(cell, str):
            return [(cell, "")]
        if isinstance(cell, tuple):
            return [cell]
        return [p for p in cell if p[0]]

    cells = [[pieces(c) for c in row] for row in rows]
    n = len(heads)
    natural = [max([len(heads[j])] + [len(t) for row in cells for t, _ in row[j]]) for j in range(n)]
    widths = list(natural)
    avail = out.width - GAP * (n - 1) - 1
    # the other columns narrow first, down to their longest word (so names are not broken), then the
    # claim down to 24 characters, then the others down to 7 (a verdict mark never split), then the claim down to 12
    words = [[w for row in cells for t, _ in row[j] for w in t.split(" ")] for j in range(n)]
    longest = [max([0] + [len(w) for w in words[j]]) for j in range(n)]
    marks = [max([0] + [len(w) for w in words[j] if w in MARK.values()]) for j in range(n)]  # never split: ✗ refuted
    phases = [([max(len(heads[j]), 8, marks[j], min(longest[j], 24)) for j in range(n)], 24),
              ([max(len(heads[j]), 7, marks[j]) for j in range(n)], 12)]
    for floor, claim_floor in phases:
        while sum(widths) > avail:
            flexible = [j for j in range(n) if j != keep and widths[j] > floor[j]]
            if not flexible:
                if keep is not None and widths[keep] > claim_floor:
                    widths[keep] -= 1
                    continue
                break
            widest = max(flexible, key=lambda j: (widths[j], j))
            widths[widest] -= 1

    def lines_of(j: int, cell: Cell) -> Cell:
        out_lines: Cell = []
        for text, style in cell:
            wrapped = _hanging(text, widths[j], 2) if j == keep else _wrap(text, widths[j])
            out_lines += [(line, style) for line in wrapped]
        return out_lines or [("", "")]

    def emit(row: list[Cell]) -> None:
        columns = [lines_of(j, c) for j, c in enumerate(row)]
        for i in range(max(len(c) for c in columns)):
            text = Text(" ")
            for j, column in enumerate(columns):
                piece, style = column[i] if i < len(column) else ("", "")
                pad = " " * (widths[j] - len(piece))
                piece = piece.replace(GLUE, " ")
                text.append(pad + piece if j in right else piece, style=style)
                if j < n - 1:
                    text.append(("" if j in right else pad) + " " * GAP)
            out.line(text)

    emit([[(h, "bold")] for h in heads])
    for row in cells:
        emit(row)


def _table(out: "Out", links: list[LinkVerdict], nt: Notation) -> None:
    """The links of a chain: #, line, claim (wrapped under itself), verdict, by, premises."""
    rows = []
    for link in links:
        mark, style = _verdict(link.status, bool(link.miscited))
        verdict = (mark, style)
        by, via = _justification(link)
        rows.append([str(link.index), (str(link.line), "dim"), f"{REL[link.rel]} {nt.text(link.rhs)}", verdict,
                     [(by, ""), (via, "dim")], ", ".join(link.premises) or "—"])
    grid(out, ["#", "line", "claim", "verdict", "by", "premises"], rows, right=frozenset({0, 1}), keep=2)


def render(report: Report, console: Console, summary: bool = True) -> None:
    d = report.derivation
    out = Out(console)
    nt = Notation(d)
    out.line(Text(f"symbound · {report.path}", style="bold"))
    if report.title:
        out.para(report.title)
    if report.source:
        out.para(report.source, style="dim")
    premises = {p.id: p for p in d.premises} if d is not None else {}
    if report.premises:
        out.line()
        out.line(Text("Premises", style="bold"))
        for pid, sentence in report.premises.items():
            p = premises.get(pid)
            claim = ", ".join(nt.relation(r.lhs, r.rel, r.rhs) for r in p.relations) if p is not None else report.premise_claims.get(pid, "")
            if p is not None and p.bound:
                claim += " for all " + ", ".join(nt.text(b) for b in p.bound)
            out.styled([(pid, "bold"), (claim, ""), (f"— {sentence}" if sentence else "", "dim")], indent=2, hang=4)
    if report.lemmas:
        out.line(Text(f"Lemmas of this file ({ASSUMED})", style="bold"))
        for lemma in report.lemmas:
            status = {"used": f"used by {', '.join(lemma.users)}", "unused": "unused"}.get(lemma.status, "REFUTED, not used")
            if lemma.status != "refuted" and not lemma.tried:
                status += "; the counterexample search could not evaluate it"
            when = "; ".join(nt.relation(h.lhs, h.rel, h.rhs) for h in lemma.hypotheses)
            out.styled([(lemma.name, "bold"), (nt.relation(lemma.statement.lhs, lemma.statement.rel, lemma.statement.rhs) + (f" if {when}" if when else ""), ""),
                        (f"— {lemma.reference}; {status}", "dim" if lemma.status != "refuted" else STYLE[REFUTED])], indent=2, hang=4)
            if lemma.witness is not None:
                _counterexample(lemma.witness, lemma.statement.lhs, lemma.statement.rel, lemma.statement.rhs, out, nt, 4)
    if d is not None and (d.definitions or d.indexed):
        out.line(Text("Definitions", style="bold"))
        for definition in d.definitions:
            out.styled([(f"{nt.text(definition.symbol)} := {nt.text(definition.value)}", ""), (f"— {definition.text}" if definition.text else "", "dim")], indent=2, hang=4)
        for ix in d.indexed:  # abbreviations with an index, D[j] := ...
            out.styled([(f"{nt.text(ix.head)} := {nt.text(ix.shown)}", ""), (f"— {ix.text}" if ix.text else "", "dim")], indent=2, hang=4)
    if d is not None and d.model is not None:
        out.line(Text("Model", style="bold"))
        out.para(f"{nt.text(d.model.state)} = {nt.text(d.model.update)}", indent=2, hang=4)
        for jac in list(d.model.jacobians.values())[:1]:
            out.styled([(f"{nt.text(jac)} = {nt.text(jac.derived)}", ""), ("(derived from the recurrence)", "dim")], indent=2, hang=4)
    if d is not None and d.notes:
        out.line(Text("Notes", style="bold"))
        out.para(" ".join(d.notes.split()), indent=2, hang=0)
    for chain in report.chains:
        out.line()
        verdict, vstyle = _verdict(chain.status)
        head = [(chain.id, "bold"), (nt.relation(chain.start, chain.relation, chain.end), ""), (verdict, vstyle)]
        if chain.premises:
            head.append((_phrase("rests on", ", ".join(chain.premises)), "dim"))
        out.styled(head, hang=4)
        if chain.text:
            out.para(chain.text, indent=2, style="dim")
        if chain.repaired:
            out.para(f"holds as repaired; the printed link is wrong: {chain.repaired}", indent=2, hang=2, style="cyan")
        _table(out, chain.links, nt)
        if chain.note:
            out.para(f"note: {chain.note}", indent=2, hang=4, style="cyan")
        for link in chain.links:
            _details(link, out, nt)
    c = report.conclusion
    if c is not None:
        out.line()
        claim = f"{nt.text(c.lhs)} → 0 as {nt.text(c.rhs)} → ∞" if c.rel == "->0" else nt.relation(c.lhs, c.rel, c.rhs)
        verdict, vstyle = _verdict(c.status)
        out.styled([("Conclusion", "bold"), (claim, ""), (verdict, vstyle)], hang=4)
        further = {ch.id: ch for ch in report.chains if ch.id.startswith("conclusion_")}
        for rel in (d.conclusion.relations[1:] if d is not None and d.conclusion is not None else []):
            ch = next((x for x in further.values() if x.start == rel.lhs and x.end == rel.rhs), None)
            if ch is not None:
                mark, style = _verdict(ch.status)
                out.styled([("and", "bold"), (nt.relation(rel.lhs, rel.rel, rel.rhs), ""), (mark, style), (f"(checked as {ch.id})", "dim")], indent=2, hang=4)
        if c.text:
            out.para(c.text, indent=2, style="dim")
        if c.repaired:
            out.para(f"holds as repaired; the printed link is wrong ({c.repaired})", indent=2, hang=2, style="cyan")
        if c.status == PROVED:
            out.para(f"{_phrase('rests on premises', ', '.join(c.premises) or '—')} {_phrase('through chains', ', '.join(c.chains) or '—')}", indent=2)
            if c.assumed:
                out.para(f"and on lemmas the file assumes, not from the library: {', '.join(c.assumed)}", indent=2, style="yellow")
        elif c.witness is not None and c.rel in REL and c.rel != "->0":
            _counterexample(c.witness, c.lhs, c.rel, c.rhs, out, nt, 2)
        else:
            out.para(conclusion_reason(c, nt), indent=2, hang=2, style=STYLE[c.status])
    for repair in report.repairs:
        out.line()
        out.para(f"Repair ({repair.kind}): {repair_text(repair)}", style="cyan")
    if summary:
        render_summary(report, console)


def render_summary(report: Report, console: Console) -> None:
    """The closing lines: the counts of verdicts, the conclusion, unused premises, the search settings."""
    out = Out(console)
    summary = report.counts_text()
    if report.unused_premises:
        summary += f"; unused premises: {', '.join(report.unused_premises)}"
    out.line()
    out.para(summary, style="bold")
    if report.consistency is not None:
        out.para(consistency_text(report), style="dim" if report.consistency.shown else "yellow")
    if report.budget and report.exit_code != 0:
        out.para(f"counterexample search: seed {report.seed}, budget {report.budget} instances per claim", style="dim")


def _counterexample(w: Witness, lhs: Any, rel: str, rhs: Any, out: Out, nt: Notation, indent: int) -> None:
    """The values of a counterexample and the claim's two sides there, then the premises holding."""
    exact = "certified exactly" if w.exact else "floating point only"
    negation = {"<=": ">", "<": "≥", "=": "≠", ">=": "<", ">": "≤"}[rel]
    sides = f"{nt.text(lhs)} = {value_text(w.lhs, w.lhs_value)} {negation} {value_text(w.rhs, w.rhs_value)} = {nt.text(rhs)}"
    out.para(f"counterexample ({exact}): {witness_values(w)}: {sides}", indent=indent, hang=4, style=STYLE[REFUTED])
    if w.checks:
        out.para("premises at it: " + "; ".join(f"{k}: {v}" for k, v in witness_checks(w, nt).items()), indent=indent, hang=4, style="dim")


def _details(link: LinkVerdict, out: Out, nt: Notation) -> None:
    where = f"{link.chain}.{link.index} (line {link.line})"
    if link.source.lstrip().startswith("$") or link.source.rstrip().endswith("$"):  # LaTeX as written, and what it was read as
        out.para(f"{where} read {link.source.strip()} as {nt.text(link.rhs)}", indent=2, hang=4, style="dim")
    if link.note:
        out.para(f"{where} note: {link.note}", indent=2, hang=4, style="cyan")
    for cited in link.miscited:
        out.para(f"{where} cited '{cited}', which does not justify this link" + (f"; it follows by {', '.join(link.lemmas)}" if link.lemmas else ""), indent=2, hang=4, style="magenta")
    if link.status == PROVED:
        return
    out.para(f"{where} {nt.relation(link.lhs, link.rel, link.rhs)}: {nt.sentence(link.reason)}", indent=2, hang=4, style=STYLE[link.status])
    if link.witness is not None:
        _counterexample(link.witness, link.lhs, link.rel, link.rhs, out, nt, 6)
    if link.blocker is not None:
        a, rel, b = link.blocker
        out.para(f"the step that fails: {nt.relation(a, rel, b)}", indent=6, hang=4)
    for near in link.near:
        out.para(f"nearest lemma: {near.lemma}: {nt.relation(near.lhs, near.rel, near.rhs)} — {readable(near.why)}", indent=6, hang=4)
    for repair in link.repairs:
        out.para(f"repair ({repair.kind}): {repair_text(repair)}", indent=6, hang=4, style="cyan")


def render_audit(a: Audit, console: Any) -> None:
    """The audit: a table of what each step rests on, the unused premises, and what breaks without each premise."""
    out, nt = Out(console), Notation(a.derivation)
    console.print(Text("\nAudit: what each step rests on (transitively)", style="bold"))
    rows = [[i.name, str(i.line), i.status, ", ".join(i.premises) or "—", ", ".join(name(d) for d in i.definitions) or "—", ", ".join(i.chains) or "—"] for i in a.items]
    grid(out, ["step", "line", "status", "premises", "defined", "chains"], rows, right=frozenset({1}))  # short heads: the rows fit 80 columns
    out.para(f"unused premises: {', '.join(a.unused) or 'none'}", indent=2, hang=4)
    if a.trusted:
        shown = [f"{t} ({', '.join(steps) if len(steps) <= 2 else f'{len(steps)} steps'})" for t, steps in a.trusted.items()]
        out.para(f"trusted beyond the kernel: {'; '.join(shown)}", indent=2, hang=4)
    if a.lemmas:
        out.para(f"lemmas the file assumes (not from the library): {assumed_lemmas(a)}", indent=2, hang=4)
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
            out.para(f"{b.name:<14} line {b.line:<4} {b.before} → {b.after}" + (f": {conclusion_reason(b, nt)}" if b.reason or b.witness else ""),
                     indent=6, hang=4, style="dim" if b.chain is not None else "")
    if a.load_bearing:
        console.print(Text(f"  the conclusion hangs on {', '.join(a.load_bearing)}", style="bold"))
