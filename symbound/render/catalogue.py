"""The lemma catalogue: the library in ``symbound.lemmas`` as text, Markdown and LaTeX.

All three read the same ``Lemma`` records (name, statement, use, hypotheses, reference, Mathlib
name, summary).  Statements and relational hypotheses are parsed by symbound's own expression
language and printed by sympy's LaTeX printer, like a derivation's expressions.
``docs/lemmas.md`` is ``markdown()``; ``tests/test_catalogue.py`` fails when the file is stale.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from ..lemmas import LEMMAS, Lemma, pattern_scope
from ..syntax import parse_expr, parse_relations
from .latex import REL_TEX, ident, tex_text

USE = {
    "rewrite": "equality, used to rewrite to a canonical form",
    "bound": "inequality",
    "gcongr": "monotonicity, applied by the congruence step",
    "limit": "limit",
    "calculus": "a bound computed by sympy's calculus for a concrete function",
    "induction": "induction over the model's recurrence",
}
GROUPS = (("rewrite", "Equalities"), ("bound", "Inequalities"), ("gcongr", "Monotonicity"), ("limit", "Limits"), ("calculus", "Computed bounds"), ("induction", "Induction"))
PREDICATES = {
    "induced": ("{0} is an induced norm (1, 2 or ∞)", r"\text{$%s$ induced}"),
    "square": ("{0} is square", r"%s \text{ square}"),
    "normal": ("{0} is normal", r"%s \text{ normal}"),
    "orthogonal": ("{0} is orthogonal", r"%s \text{ orthogonal}"),
    "relu": ("{0} is relu", r"%s = \operatorname{relu}"),
    "relu_derivative": ("{0} is relu' (with any value in [0, 1] at 0)", r"%s = \operatorname{relu}'"),
    "vector": ("{0} is a vector", r"%s \text{ a vector}"),
    "constant": ("{0} does not depend on the product's index", r"%s \text{ constant}"),
}


def _scope() -> Any:
    return pattern_scope()


def _latex(e: Any) -> str:
    return sp.latex(e)


def statement_latex(lemma: Lemma) -> str:
    """The statement as LaTeX math (printed by sympy through the operators' ``_latex``)."""
    scope = _scope()
    if lemma.use == "limit":
        e = parse_expr(lemma.statement, scope)
        base, exp = (e.args if isinstance(e, sp.Pow) else (e, sp.Symbol("n")))
        return _latex(e) + r" \to 0 \quad \text{as } " + _latex(exp) + r" \to \infty"
    (rel,) = parse_relations(lemma.statement.replace(" = ", " == "), scope)
    return f"{_latex(rel.lhs)} {REL_TEX.get(rel.rel, rel.rel)} {_latex(rel.rhs)}"


def hypothesis_latex(hyp: str) -> str:
    """One hypothesis as LaTeX math: a named predicate (``square(A)``) or a relation."""
    scope = _scope()
    m = re.fullmatch(r"(\w+)\((\w+)\)", hyp.strip())
    if m and not any(op in hyp for op in "<>="):
        arg = scope.names.get(m.group(2))
        arg_tex = _latex(arg) if isinstance(arg, sp.Basic) else m.group(2)
        if m.group(1) in PREDICATES:
            return PREDICATES[m.group(1)][1] % arg_tex
        return r"\operatorname{%s}\left(%s\right)" % (m.group(1).replace("_", r"\_"), arg_tex)
    bound_tex = ""
    text = hyp
    if hyp.startswith("forall "):
        head, text = hyp[len("forall "):].split(":", 1)
        bound_tex = r"\forall " + ", ".join(_latex(scope.names[b.strip()]) for b in head.split(",")) + r"\colon\ "
    try:
        rels = parse_relations(text.strip().replace(" = ", " == "), scope)
    except Exception:  # a hypothesis the expression language does not read: print it as written
        return r"\text{\texttt{" + tex_text(hyp) + "}}"
    return bound_tex + r",\ ".join(f"{_latex(r.lhs)} {REL_TEX.get(r.rel, r.rel)} {_latex(r.rhs)}" for r in rels)


def hypothesis_text(hyp: str) -> str:
    m = re.fullmatch(r"(\w+)\((\w+)\)", hyp.strip())
    if m and m.group(1) in PREDICATES:
        return PREDICATES[m.group(1)][0].format(m.group(2))
    return hyp


def _grouped() -> list[tuple[str, list[Lemma]]]:
    """The lemmas by use, known uses first; a use not listed in GROUPS gets its own group, so none is lost."""
    titles = dict(GROUPS)
    for lemma in LEMMAS:
        titles.setdefault(lemma.use, lemma.use.replace("_", " ").capitalize())
    return [(title, [lemma for lemma in LEMMAS if lemma.use == use]) for use, title in titles.items() if any(lemma.use == use for lemma in LEMMAS)]


# ---------------------------------------------------------------- plain text (the terminal)


def text() -> str:
    lines = [f"symbound lemma library: {len(LEMMAS)} lemmas", ""]
    for title, lemmas in _grouped():
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
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- Markdown (docs/lemmas.md)


def markdown() -> str:
    lines = [
        "# The lemma library",
        "",
        "<!-- Generated from symbound/lemmas.py by `symbound lemmas --markdown > docs/lemmas.md`; do not edit by hand. -->",
        "",
        f"symbound knows {len(LEMMAS)} lemmas. A derivation cites them by name in `by:`; the checker also finds",
        "them by itself. Statements are in symbound's expression language (`docs/format.md`), with pattern",
        "variables: `A`, `B` matrices, `v`, `x` vectors, `a` … `e`, `c`, `q`, `n`, `z` scalars, `p` a norm kind,",
        "`f` an activation, `i` an index.",
        "",
    ]
    for title, lemmas in _grouped():
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
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- LaTeX


def latex(standalone: bool = False) -> str:
    from .. import __version__

    lines = [
        f"% The symbound {__version__} lemma library; generated by `symbound lemmas --latex`.",
        r"% Needs \usepackage{amsmath,amssymb} in the preamble.",
    ]
    body: list[str] = []
    for title, lemmas in _grouped():
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
    text = "\n".join(body) + "\n"
    if not standalone:
        return "\n".join(lines) + "\n" + text
    return (
        "\n".join(lines) + "\n"
        + "\\documentclass[11pt]{article}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=1in]{geometry}\n\\begin{document}\n"
        + text
        + "\\end{document}\n"
    )
