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

import ast
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Iterable

import sympy as sp

from ..verdicts import PROVED, REFUTED, UNPROVED, LinkVerdict, Report, Witness

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

REL_TEX = {"<=": r"\le", "<": "<", "=": "=", ">=": r"\ge", ">": ">"}

# ---------------------------------------------------------------- prose: Unicode text to LaTeX

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "^": r"\^{}", "~": r"\~{}",
    # in the default OT1 text encoding these print as other glyphs (¡ ¿ —), so set them in math
    "<": r"\ensuremath{<}", ">": r"\ensuremath{>}", "|": r"\ensuremath{|}",
}
_MATH_CHARS = {
    "‖": r"\|", "∥": r"\|", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "−": "-", "±": r"\pm",
    "∂": r"\partial", "∏": r"\prod", "∑": r"\sum", "∞": r"\infty", "→": r"\to", "←": r"\leftarrow",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto", "∀": r"\forall", "∃": r"\exists",
    "∈": r"\in", "∉": r"\notin", "⊆": r"\subseteq", "·": r"\cdot", "×": r"\times", "∘": r"\circ",
    "√": r"\surd", "⊤": r"\top", "⟨": r"\langle", "⟩": r"\rangle", "✓": r"\checkmark", "✗": r"\times",
    "ᵀ": r"^{\top}", "ⁿ": "^{n}", "ᵢ": "_{i}", "ₖ": "_{k}", "ₜ": "_{t}", "ₙ": "_{n}", "ᵉ": "^{e}",
    "²": "^{2}", "³": "^{3}", "¹": "^{1}", "⁻": "^{-}", "₊": "_{+}", "₋": "_{-}", "∅": r"\emptyset",
    "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}",
}
_MATH_CHARS.update({chr(0x2080 + d): "_{%d}" % d for d in range(10)})
_TEXT_CHARS = {"§": r"\S{}", "¶": r"\P{}", "–": "--", "—": "---", "…": r"\ldots{}", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~"}
_GREEK_TEX = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
    "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}


def _greek(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    m = re.fullmatch(r"(?:MATHEMATICAL ITALIC |)GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if not m:
        return None
    letter = m.group(2).lower().replace("lamda", "lambda")
    if m.group(1) == "CAPITAL":
        letter = letter.capitalize()
    if letter == "final sigma":
        letter = "sigma"
    if letter in _GREEK_TEX:
        return "\\" + letter
    return None


# informal sub- and superscripts in prose: x_k, W_rec, x_{k+1}, W^T, η^{t−k}
_SCRIPT = re.compile(r"(?:(?<![A-Za-z0-9\\])(?P<base>[A-Za-z])|)(?P<op>[_^])(?P<arg>\{[^{}\n]{1,40}\}|[A-Za-z0-9]{1,12})")
_CODE = re.compile(r"`([^`\n]{1,200})`")


def _math_content(s: str) -> str:
    """Characters inside an informal sub/superscript, as math."""
    out = []
    for ch in s:
        tex = _MATH_CHARS.get(ch) or _greek(ch)
        if tex is not None:
            out.append(tex + (" " if tex[:1] == "\\" else ""))
        elif ch.isascii() and (ch.isalnum() or ch in "+-*/()=,.' "):
            out.append(ch)
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
    return "".join(out).strip()


def tex_text(s: str) -> str:
    """Prose (possibly with Unicode math such as ‖W‖ ≤ λ₁) as LaTeX text that pdflatex accepts.

    Backquoted `code` becomes typewriter text; informal scripts (x_k, W_rec, η^{t−k}) become math.
    """
    out: list[str] = []
    math: list[str] = []

    def flush() -> None:
        if math:
            out.append(r"\ensuremath{" + "".join(math) + "}")
            math.clear()

    def add_math(tex: str) -> None:
        # a command followed by a letter needs a separator inside one math group
        if math and math[-1].startswith("\\") and math[-1][-1:].isalpha() and tex[:1].isalpha():
            math.append(" ")
        math.append(tex)

    i = 0
    while i < len(s):
        ch = s[i]
        code = _CODE.match(s, i) if ch == "`" else None
        if code is not None:
            flush()
            out.append(r"\texttt{" + "".join(_SPECIAL.get(c, c) if c.isascii() else tex_text(c) for c in code.group(1)) + "}")
            i = code.end()
            continue
        script = _SCRIPT.match(s, i) if ch in "_^" or (ch.isascii() and ch.isalpha()) else None
        if script is not None and (script.group("base") or (math and not math[-1].startswith(script.group("op")))):
            arg = script.group("arg")
            arg = arg[1:-1] if arg.startswith("{") else arg
            if script.group("base"):
                add_math(script.group("base"))
            math.append(script.group("op") + "{" + _math_content(arg) + "}")
            i = script.end()
            continue
        i += 1
        tex = _MATH_CHARS.get(ch) or _greek(ch)
        if tex is not None:
            add_math(tex)
            continue
        flush()
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _TEXT_CHARS:
            out.append(_TEXT_CHARS[ch])
        elif ord(ch) < 128:
            out.append(" " if ch in "\n\t\r" else ch)
        elif 0xC0 <= ord(ch) <= 0xFF and ch not in "×÷":
            out.append(ch)  # Latin-1 letters: utf8 inputenc (the LaTeX default) knows them
        else:
            folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append("".join(_SPECIAL.get(c, c) for c in folded) if folded else "?")
    flush()
    return "".join(out)


def ident(name: str) -> str:
    """An identifier from the file (chain id, lemma name) in sans serif, text mode."""
    return r"\textsf{" + tex_text(name) + "}"


def math_ident(name: str) -> str:
    """The same identifier in math mode, in the subset MathJax also understands."""
    return r"\mathsf{" + re.sub(r"[^A-Za-z0-9_]", "", name).replace("_", r"\_") + "}"


# ---------------------------------------------------------------- expressions


class _Expr:
    """sympy's LaTeX printer with the derivation's names."""

    def __init__(self, report: Report) -> None:
        d = report.derivation
        self.names: dict[Any, str] = dict(d.latex_names) if d is not None else {}
        self.definitions = {df.name: df for df in d.definitions} if d is not None else {}
        self.symbols = d.symbols if d is not None else {}

    def __call__(self, e: Any) -> str:
        if isinstance(e, sp.Basic):
            return sp.latex(e, symbol_names=self.names)
        return tex_text(str(e))

    def name(self, name: str) -> str:
        """The LaTeX of a declared or defined name (lambda_1 -> \\lambda_1)."""
        for key, value in self.names.items():
            if str(key) == name:
                return value
        if name in self.definitions:
            return self(self.definitions[name].symbol)
        decl = self.symbols.get(name)
        if decl is not None and isinstance(decl.obj, sp.Basic):
            return self(decl.obj)
        return sp.latex(sp.Symbol(name))

    def key(self, key: str) -> str:
        """A witness's name for a value ("γ", "W_rec", "x[1]", "σ'(x[0])") as LaTeX math."""
        from .text import name as display

        key = key.strip()
        known = {n: n for n in self.symbols} | {n: n for n in self.definitions}
        known |= {display(n): n for n in list(known)}
        if key in known:
            return self.name(known[key])
        m = re.fullmatch(r"(\w+)\[([\w+\- ]{1,20})\]", key)
        if m and m.group(1) in known:
            head = self.name(known[m.group(1)])
            head = r"\left(" + head + r"\right)" if "\\frac" in head else head
            return head + "_{" + tex_text(m.group(2)).replace(" ", "") + "}"
        m = re.fullmatch(r"([^\s(']+)('*)\((.{1,40})\)", key)
        if m and m.group(1) in known:
            return self.name(known[m.group(1)]) + m.group(2) + r"\left(" + self.key(m.group(3)) + r"\right)"
        if re.fullmatch(r"[A-Za-z]\w*", key):
            return sp.latex(sp.Symbol(key))
        return r"\text{" + tex_text(key) + "}"

    def relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return f"{self(lhs)} {REL_TEX.get(rel, rel)} {self(rhs)}"

    def value(self, text: str) -> str:
        """A witness value given as text ("[[0, 1], [0, 0]]", "1/2", "-3") as LaTeX, via sympy."""
        quoted = re.sub(r"-?\d+(?:\.\d+)?(?:/\d+)?", lambda m: repr(m.group()), text.strip())
        try:
            data = ast.literal_eval(quoted if re.fullmatch(r"[\[\]\s,'\d./-]*", quoted) else text.strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            data = text.strip()

        def number(x: Any) -> sp.Expr | None:
            if isinstance(x, bool):
                return None
            if isinstance(x, int):
                return sp.Integer(x)
            if isinstance(x, float):
                return sp.Float(x, 6)
            if isinstance(x, str) and re.fullmatch(r"\s*-?\d+(\s*/\s*\d+)?\s*", x):
                return sp.Rational(x.replace(" ", ""))
            if isinstance(x, str) and re.fullmatch(r"-?\d+\.\d+", x):
                return sp.Float(x, 6)
            return None

        if isinstance(data, (list, tuple)) and data:
            rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in data]
            cells = [[number(c) for c in r] for r in rows]
            if all(c is not None for r in cells for c in r) and len({len(r) for r in rows}) == 1:
                return sp.latex(sp.Matrix(cells))
        n = number(data)
        if n is not None:
            return sp.latex(n)
        return r"\text{" + tex_text(str(text)) + "}"


# ---------------------------------------------------------------- justifications


def _main_lemmas(link: LinkVerdict) -> list[str]:
    """The lemmas that carry a link: its lemmas without the equalities used only to rewrite."""
    rewrites = {u.name for u in link.uses if u.kind == "lemma" and u.rel == "="}
    return [n for n in link.lemmas if n not in rewrites]


def justification(link: LinkVerdict, ex: _Expr) -> str:
    """Text-mode LaTeX: the lemmas, earlier chains and definitions a link uses, then its premises."""
    parts: list[str] = []
    if link.proof is not None:
        main = [ident(n) for n in _main_lemmas(link)]
        if not main and not link.chains:
            main = ["arithmetic" if link.proof.kind in ("arithmetic", "rewrite", "conv") else tex_text(link.proof.kind)]
        chains = ", ".join(ident(c) for c in link.chains)
        parts.append(", ".join(main) + (" with " + chains if main and chains else chains))
        if link.definitions:
            parts.append(r"def.~" + ", ".join(r"\ensuremath{" + ex.name(d) + "}" for d in link.definitions))
    text = "; ".join(parts)
    if link.premises:
        labels = ", ".join(r"\textbf{" + tex_text(p) + "}" for p in link.premises)
        text = f"{text}; by {labels}" if text else f"by {labels}"
    return text


def _marks(colour: bool) -> str:
    red = r"\textcolor{symboundrefuted}" if colour else ""
    amber = r"\textcolor{symboundunproved}" if colour else ""
    lines = [
        r"\providecommand{\symboundrefutedmark}{" + red + r"{\ensuremath{\boldsymbol{\times}}\,\textbf{refuted}}}",
        r"\providecommand{\symboundunprovedmark}{" + amber + r"{\textbf{?}\,\textit{unproved}}}",
        r"\providecommand{\symboundrefutedrel}[1]{\mathrel{" + (r"\color{symboundrefuted}" if colour else "") + r"\boldsymbol{#1}}}",
        r"\providecommand{\symboundunprovedrel}[1]{\mathrel{" + (r"\color{symboundunproved}" if colour else "") + r"#1}}",
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


def _premise_claim(report: Report, pid: str, ex: _Expr) -> str:
    d = report.derivation
    premise = next((p for p in d.premises if p.id == pid), None) if d is not None else None
    if premise is None:
        return r"\texttt{" + tex_text(report.premise_claims.get(pid, "")) + "}"
    claim = r",\ ".join(ex.relation(r.lhs, r.rel, r.rhs) for r in premise.relations)
    if premise.bound:
        claim = r"\forall " + ", ".join(ex(b) for b in premise.bound) + r"\colon\ " + claim
    return claim


NEGATION = {"<=": ">", "<": r"\ge", "=": r"\ne", ">=": "<", ">": r"\le"}


def _witness(w: Witness, ex: _Expr, lhs: Any = None, rel: str = "", rhs: Any = None) -> str:
    """A counterexample: the values (printed by sympy), the two sides there, the premises holding."""
    how = "certified in exact arithmetic" if w.exact else "found in floating point, not certified exactly"
    out = r"\textbf{Counterexample} (" + how + ")"
    values = [r"\(" + ex.key(k) + " = " + ex.value(v) + r"\)" for k, v in w.values.items()]
    if values and lhs is not None and rel in NEGATION:
        out += ": at " + ", ".join(values)
        out += r", \(" + ex(lhs) + " = " + ex.value(w.lhs_value) + " " + NEGATION[rel] + " " + ex.value(w.rhs_value) + " = " + ex(rhs) + r"\)"
    elif values:
        out += ": at " + ", ".join(values)
    else:
        out += ": " + tex_text(w.summary.rstrip("."))
    if w.checks:
        out += "; the premises hold there (" + "; ".join(r"\textbf{" + tex_text(p) + "}: " + tex_text(v) for p, v in w.checks.items()) + ")"
    return out + "."


def _repair(repair: Any) -> str:
    """A repair in one sentence: what to change, and the lemmas the step then follows by."""
    text = repair.text
    head, sep, _ = text.partition(", this link holds")
    out = r" \emph{Repair} (" + tex_text(repair.kind) + "): " + tex_text(head if sep else text)
    if sep:
        out += ", and the step holds"
        if repair.lemmas:
            out += " by " + ", ".join(ident(n) for n in repair.lemmas)
    return out + "."


def _remarks(chain_id: str, link: LinkVerdict, ex: _Expr) -> list[str]:
    """The paragraphs printed under a chain for one link: why it failed, its witness, its note."""
    where = r"\textsf{" + tex_text(chain_id) + r"}, step~" + str(link.index) + r", line~" + str(link.line)
    out: list[str] = []
    if link.status != PROVED:
        body = _mark(link.status) + r"\quad \(" + ex(link.lhs) + " " + REL_TEX.get(link.rel, link.rel) + " " + ex(link.rhs) + r"\)"
        if link.reason:
            body += ": " + tex_text(link.reason)
        body += "."
        if link.proof is not None and link.status == UNPROVED:
            body += " It would follow by " + justification(link, ex) + "."
        if link.witness is not None:
            body += " " + _witness(link.witness, ex, link.lhs, link.rel, link.rhs)
        if link.blocker is not None and link.status == UNPROVED:
            a, rel, b = link.blocker
            body += r" The step that fails: \(" + ex.relation(a, rel, b) + r"\)."
        for near in link.near:
            body += r" Nearest lemma " + ident(near.lemma) + r": \(" + ex.relation(near.lhs, near.rel, near.rhs) + r"\) --- " + tex_text(near.why) + "."
        for repair in link.repairs:
            body += _repair(repair)
        out.append(body)
    for name in link.miscited:
        text = r"cites " + ident(name) + ", which does not justify this step"
        if link.lemmas:
            text += "; it follows by " + ", ".join(ident(n) for n in _main_lemmas(link) or link.lemmas)
        out.append(text + ".")
    if link.note:
        out.append(r"\emph{Note.} " + tex_text(link.note))
    return [r"\noindent{\small\textbf{Remark} (" + where + "). " + body + r"}\par" for body in out]


def _chain(report: Report, chain: Any, ex: _Expr) -> list[str]:
    head = r"\noindent\textbf{" + tex_text(chain.id) + "}."
    if chain.text:
        head += " " + tex_text(chain.text)
    if chain.status != PROVED:
        head += r"\quad " + _mark(chain.status)
    lines = [head, r"\begin{align*}"]
    rows = []
    for k, link in enumerate(chain.links):
        lhs = ex(chain.start) if k == 0 else ""
        why = justification(link, ex) if link.status == PROVED else _mark(link.status)
        rows.append(f"  {lhs} &{_rel(link.status, link.rel)} {ex(link.rhs)} && \\text{{\\small {why}}}")
    lines.append(" \\\\\n".join(rows))
    lines.append(r"\end{align*}")
    for link in chain.links:
        lines += _remarks(chain.id, link, ex)
    return lines


def _conclusion(report: Report, ex: _Expr) -> list[str]:
    c = report.conclusion
    if c is None:
        return []
    head = r"\noindent\textbf{Conclusion.}"
    if c.text:
        head += " " + tex_text(c.text)
    if c.status != PROVED:
        head += r"\quad " + _mark(c.status)
    if c.rel == "->0":
        claim = ex(c.lhs) + r" \to 0 \quad \text{as } " + ex(c.rhs) + r" \to \infty"
    else:
        claim = ex.relation(c.lhs, c.rel, c.rhs)
    lines = [head, r"\begin{equation*}", "  " + claim, r"\end{equation*}"]
    lemmas = sorted({u.name for u in c.uses if u.kind in ("lemma", "gcongr", "calculus", "limit")} - {u.name for u in c.uses if u.kind == "lemma" and u.rel == "="})
    if c.status == PROVED:
        rests = r"\noindent It rests on " + (", ".join(r"\textbf{" + tex_text(p) + "}" for p in c.premises) or "no premise")
        if c.chains:
            rests += r", through " + ", ".join(r"\textsf{" + tex_text(ch) + "}" for ch in c.chains)
        if lemmas:
            rests += r", by " + ", ".join(ident(n) for n in lemmas)
        lines.append(rests + r".\par")
    else:
        text = r"\noindent " + _mark(c.status) + ": " + tex_text(c.reason or "not proved")
        if c.witness is not None:
            text += ". " + _witness(c.witness, ex)
            text = text.rstrip(".")
        if c.premises:
            text += r" It would rest on " + ", ".join(r"\textbf{" + tex_text(p) + "}" for p in c.premises)
        lines.append(text.rstrip(".") + r".\par")
    return lines


def _audit(report: Report, audit: "Audit", ex: _Expr) -> list[str]:
    lines = [r"\medskip\noindent\textbf{Audit.} What every step depends on, through the chains it uses.", r"\begin{center}\small", r"\begin{tabular}{lll}", r"\hline",
             r"step & premises & definitions \\", r"\hline"]
    for item in audit.items:
        name = "conclusion" if item.chain is None else r"\textsf{" + tex_text(item.chain) + "}." + str(item.index)
        prem = ", ".join(r"\textbf{" + tex_text(p) + "}" for p in item.premises) or "---"
        defs = ", ".join(r"\(" + ex.name(d) + r"\)" for d in item.definitions) or "---"
        lines.append(f"{name} & {prem} & {defs} \\\\")
    lines += [r"\hline", r"\end{tabular}", r"\end{center}"]
    if audit.unused:
        lines.append(r"\noindent No step uses " + ", ".join(r"\textbf{" + tex_text(p) + "}" for p in audit.unused) + r".\par")
    if audit.removals is None:
        if audit.note:
            lines.append(r"\noindent " + tex_text(audit.note) + r"\par")
        return lines
    lines.append(r"\noindent Each premise removed in turn, the derivation checked again:")
    lines.append(r"\begin{itemize}")
    for removal in audit.removals:
        item = r"\item Without \textbf{" + tex_text(removal.premise) + "}"
        if not removal.breaks:
            item += ": nothing that was proved breaks."
        else:
            steps = [b for b in removal.breaks if b.chain is not None]
            named = ", ".join(r"\textsf{" + tex_text(b.chain) + "}." + str(b.index) + (r" (\emph{" + b.after + "})" if b.after != UNPROVED else "") for b in steps)
            item += ", these are no longer proved: " + (named or "---")
            if removal.conclusion_breaks:
                item += r"; \textbf{the conclusion fails}"
            item += "."
        lines.append(item)
    lines.append(r"\end{itemize}")
    return lines


def body(report: Report, audit: "Audit | None" = None, colour: bool = True) -> str:
    """The fragment's text (without the preamble comment)."""
    ex = _Expr(report)
    d = report.derivation
    lines: list[str] = [_marks(colour), r"\begingroup"]
    if report.title:
        lines.append(r"\noindent\textbf{" + tex_text(report.title) + r"}\par")
    if report.source:
        lines.append(r"\noindent\textit{" + tex_text(report.source) + r"}\par")
    if report.premises:
        lines.append(r"\medskip\noindent\textbf{Premises.}")
        lines.append(r"\begin{enumerate}")
        for pid, sentence in report.premises.items():
            item = r"  \item[\textbf{" + tex_text(pid) + r"}] \(" + _premise_claim(report, pid, ex) + r"\)"
            if sentence:
                item += r" --- " + tex_text(sentence)
            lines.append(item)
        lines.append(r"\end{enumerate}")
    if d is not None and d.definitions:
        lines.append(r"\noindent\textbf{Definitions.}")
        lines.append(r"\begin{itemize}")
        for df in d.definitions:
            item = r"  \item \(" + ex(df.symbol) + r" := " + ex(df.value) + r"\)"
            if df.text:
                item += " --- " + tex_text(df.text)
            lines.append(item)
        lines.append(r"\end{itemize}")
    if d is not None and d.model is not None:
        m = d.model
        lines.append(r"\noindent\textbf{Model.}")
        lines.append(r"\begin{equation*}")
        lines.append("  " + ex(m.state) + " = " + ex(m.update))
        lines.append(r"\end{equation*}")
        for jac in list(m.jacobians.values())[:1]:
            lines.append(r"\noindent whose Jacobian sympy derives as \(" + ex(jac) + " = " + ex(jac.derived) + r"\).\par")
    if report.notes:
        lines.append(r"\noindent\textit{Note.} " + tex_text(report.notes.strip()) + r"\par")
    for finding in report.findings:
        lines.append(r"\noindent\textbf{Contradictory premises.} " + tex_text(finding.text) + r"\par")
    for chain in report.chains:
        lines.append(r"\medskip")
        lines += _chain(report, chain, ex)
    if report.conclusion is not None:
        lines.append(r"\medskip")
        lines += _conclusion(report, ex)
    counts = report.counts()
    summary = f"{len(report.links)} steps: {counts[PROVED]} proved, {counts[REFUTED]} refuted, {counts[UNPROVED]} unproved"
    if counts["miscited"]:
        summary += f", {counts['miscited']} miscited"
    if report.conclusion is not None:
        summary += f"; the conclusion is {report.conclusion.status}"
    lines.append(r"\smallskip\noindent{\small\textit{Checked by symbound: " + tex_text(summary) + r".}}\par")
    if audit is not None:
        lines += _audit(report, audit, ex)
    lines.append(r"\endgroup")
    return "\n".join(lines) + "\n"


PACKAGES = ("amsmath", "amssymb")


def render(report: Report, audit: "Audit | None" = None, standalone: bool = False, colour: bool = True) -> str:
    """The derivation as LaTeX: a fragment for ``\\input`` (default) or a standalone document."""
    from .. import __version__

    packages = PACKAGES + (("xcolor",) if colour else ())
    head = (
        f"% Generated by symbound {__version__} from {report.path}; regenerate it instead of editing it.\n"
        f"% Needs \\usepackage{{{','.join(packages)}}} in the preamble.\n"
    )
    text = body(report, audit, colour)
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
    ex = _Expr(report)
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
