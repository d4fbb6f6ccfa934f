"""The lemma catalogue: the library in ``symbound.rules`` as text, Markdown and LaTeX.

All three read the same ``Lemma`` records (name, statement, use, hypotheses, reference, Mathlib
name, summary) and the predicate registry (each predicate's text and LaTeX).  Statements and relational hypotheses are parsed by symbound's own expression
language and printed by sympy's LaTeX printer, like a derivation's expressions.
``docs/lemmas.md`` is ``markdown()``; ``tests/test_catalogue.py`` fails when the file is stale.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.rules import LEMMAS, Lemma
from symbound.read.lemmas import pattern_scope
from symbound.rules import PATTERN_KINDS, read_hypothesis
from symbound.rules.predicates import REGISTRY
from symbound.read.syntax import parse_relations
from symbound.render.mathtext import REL_TEX
from symbound.render.mathtext import latex as expression_latex
from symbound.render.texmath import ident, statement_latex, tex_text

USE = {
    "rewrite": "equality, used to rewrite to a canonical form",
    "bound": "inequality",
    "gcongr": "monotonicity or positivity, applied by the congruence step (as Lean's `gcongr`)",
    "limit": "limit",
    "calculus": "a bound computed by sympy's calculus for a concrete function",
    "induction": "induction over the model's recurrence",
}
GROUPS = (("rewrite", "Equalities"), ("bound", "Inequalities"), ("gcongr", "Monotonicity and positivity"), ("limit", "Limits"), ("calculus", "Computed bounds"), ("induction", "Induction"))


def _scope() -> Any:
    return pattern_scope()


def hypothesis_latex(hyp: str) -> str:
    """One hypothesis as LaTeX math: a named predicate (``square(A)``) or a relation."""
    scope = _scope()
    h = read_hypothesis(hyp)
    if h.named:
        arg = scope.names.get(h.variable)
        arg_tex = expression_latex(arg) if isinstance(arg, sp.Basic) else h.variable
        if h.predicate in REGISTRY:
            return REGISTRY[h.predicate].latex % arg_tex
        return r"\operatorname{%s}\left(%s\right)" % (h.predicate.replace("_", r"\_"), arg_tex)
    bound_tex = r"\forall " + ", ".join(expression_latex(scope.names[b]) for b in h.bound) + r"\colon\ " if h.bound else ""
    try:
        rels = parse_relations(h.relation.replace(" = ", " == "), scope)
    except Exception:  # a hypothesis the expression language does not read: print it as written
        return r"\text{\texttt{" + tex_text(hyp) + "}}"
    return bound_tex + r",\ ".join(f"{expression_latex(r.lhs)} {REL_TEX.get(r.rel, r.rel)} {expression_latex(r.rhs)}" for r in rels)


def hypothesis_text(hyp: str) -> str:
    h = read_hypothesis(hyp)
    if h.named and h.predicate in REGISTRY:
        return REGISTRY[h.predicate].text.format(h.variable)
    return hyp


def _predicates() -> list[tuple[str, str, str, str]]:
    """Each registered predicate as (name, description, its hypothesis on a variable of its kind, in LaTeX)."""
    out = []
    for name, p in REGISTRY.items():
        var = next((v for v, kind in PATTERN_KINDS.items() if kind == p.kind), "c")
        arg = _scope().names.get(var)
        out.append((name, p.description, f"{name}({var})", p.latex % (expression_latex(arg) if isinstance(arg, sp.Basic) else var)))
    return out


def grouped() -> list[tuple[str, list[Lemma]]]:
    """The lemmas by use, known uses first; a use not listed in GROUPS gets its own group, so none is lost."""
    titles = dict(GROUPS)
    for lemma in LEMMAS:
        titles.setdefault(lemma.use, lemma.use.replace("_", " ").capitalize())
    return [(title, [lemma for lemma in LEMMAS if lemma.use == use]) for use, title in titles.items() if any(lemma.use == use for lemma in LEMMAS)]


# ---------------------------------------------------------------- plain text (the terminal)


def text() -> str:
    lines = [f"symbound lemma library: {len(LEMMAS)} lemmas", ""]
    for title, lemmas in grouped():
        lines.append(title)
        for lemma in lemmas:
            lines.append(f"  {lemma.name}")
            lines.append(f"      {lemma.statement}" + (f"    ({lemma.summary})" if lemma.summary else ""))
            if lemma.hypotheses:
                lines.append("      if " + "; ".join(hypothesis_text(h) for h in lemma.hypotheses))
            lines.append(f"      {lemma.reference}")
            if lemma.mathlib:
                lines.append(f"      Mathlib: {lemma.mathlib}")
        lines.append("")
    lines.append("Predicates (named hypotheses)")
    lines += [f"  {hyp}: {description}" for _, description, hyp, _ in _predicates()]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- Markdown (docs/lemmas.md)


def markdown() -> str:
    lines = [
        "# The lemma library",
        "",
        "<!-- Generated from src/symbound/rules/ by `symbound lemmas --markdown > docs/lemmas.md`; do not edit by hand. -->",
        "",
        f"symbound knows {len(LEMMAS)} lemmas. A derivation cites them by name in `by:`; the checker also finds",
        "them by itself. Statements are in symbound's expression language (`docs/format.md`), with pattern",
        "variables: `A`, `B` matrices, `v`, `x` vectors, `a` … `e`, `c`, `q`, `n`, `z` scalars, `p` a norm kind,",
        "`f` an activation, `i` an index.",
        "",
    ]
    for title, lemmas in grouped():
        lines += [f"## {title}", ""]
        for lemma in lemmas:
            lines.append(f"### `{lemma.name}`")
            lines.append("")
            lines.append(f"$${statement_latex(lemma)}$$")
            lines.append("")
            lines.append(f"- statement: `{lemma.statement}`" + (f" — {lemma.summary}" if lemma.summary else ""))
            lines.append(f"- use: {USE.get(lemma.use, lemma.use)}")
            if lemma.hypotheses:
                lines.append("- hypotheses: " + "; ".join(f"`{h}`" for h in lemma.hypotheses))
            lines.append(f"- reference: {lemma.reference}")
            if lemma.mathlib:
                lines.append(f"- Mathlib: `{lemma.mathlib}`")
            lines.append("")
    lines += ["## Predicates", "", "The named hypotheses; the prover and the kernel check each one exactly, an unknown one fails.", ""]
    lines += [f"- `{hyp}`: {description}" for _, description, hyp, _ in _predicates()]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- LaTeX


def latex(standalone: bool = False) -> str:
    from symbound.version import __version__

    lines = [
        f"% The symbound {__version__} lemma library; generated by `symbound lemmas --latex`.",
        r"% Needs \usepackage{amsmath,amssymb} in the preamble.",
    ]
    body: list[str] = []
    for title, lemmas in grouped():
        body.append(r"\medskip\noindent\textbf{" + tex_text(title) + r".}")
        body.append(r"\begin{description}")
        for lemma in lemmas:
            item = r"  \item[" + ident(lemma.name) + r"] \(" + statement_latex(lemma) + r"\)"
            if lemma.hypotheses:
                item += r" \quad if \(" + r",\ ".join(hypothesis_latex(h) for h in lemma.hypotheses) + r"\)"
            item += r".\\" + "\n    {\\small " + tex_text(lemma.reference)
            if lemma.mathlib:
                item += r"; Mathlib: \texttt{" + tex_text(lemma.mathlib) + "}"
            item += ".}"
            body.append(item)
        body.append(r"\end{description}")
    body.append(r"\medskip\noindent\textbf{Predicates.}")
    body.append(r"\begin{description}")
    body += [r"  \item[" + ident(name) + r"] \(" + tex + r"\): " + tex_text(description) + "." for name, description, _, tex in _predicates()]
    body.append(r"\end{description}")
    text = "\n".join(body) + "\n"
    if not standalone:
        return "\n".join(lines) + "\n" + text
    return (
        "\n".join(lines) + "\n"
        + "\\documentclass[11pt]{article}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=1in]{geometry}\n\\begin{document}\n"
        + text
        + "\\end{document}\n"
    )
