"""Mathematics as a PDF viewer copies it (‖W‖₂, Wᵀ, σ′(x_k), ≤, λ₁, ∂x_{k+1}/∂x_k), spelled as LaTeX.

``to_latex`` rewrites each such character into the LaTeX it stands for and keeps, for every character
of the result, the index of the character it came from, so that read/latex.py reads both alike and
points its messages at the text as written.
"""

from __future__ import annotations

import re

from symbound.ops import GREEK

# characters that mark text as copied mathematics rather than the expression language
PAPER_MARKS = frozenset("‖⟨⟩ᵀ′″≤≥≦≧∂∏∑√⊤∞⊙∘⋅⁰¹²³⁴⁵⁶⁷⁸⁹ₖᵢⱼₜₙₘ₊₋")

_CHARS: dict[str, str] = {
    "‖": r"\|", "⟨": r"\langle ", "⟩": r"\rangle ", "ᵀ": "^{T}", "⊤": r"\top ", "′": "'", "″": "''", "≤": r"\le ", "≦": r"\le ", "≥": r"\ge ", "≧": r"\ge ",
    "∂": r"\partial ", "∏": r"\prod", "∑": r"\sum", "√": r"\sqrt ", "∞": r"\infty ", "⊙": r"\odot ", "∘": r"\circ ",
    "⋅": r"\cdot ", "·": r"\cdot ", "×": r"\times ", "−": "-", "∣": "|",
    **{letter: "\\" + name + " " for name, letter in GREEK.items()},
}
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋ₖᵢⱼₜₙₘ", "0123456789+-kijtnm"))
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-"))
_SCRIPT_RUN = re.compile(f"[{''.join(_SUBSCRIPTS)}]+|[{''.join(_SUPERSCRIPTS)}]+")
_WORD_SUBSCRIPT = re.compile(r"_([A-Za-z0-9]{2,})")  # W_rec as a PDF gives it: the whole word is the subscript


def is_paper_text(text: str) -> bool:
    """Whether ``text`` holds a character only copied mathematics uses (‖, ᵀ, ≤, ∂ ...)."""
    return any(c in PAPER_MARKS for c in text)


# ∂x_{k+1}/∂x_k: the slash binds the two ∂ terms, whatever stands around them (∏ ∂x_{i+1}/∂x_i)
_PARTIAL_QUOTIENT = re.compile(r"∂\s*([^\s/∂]+)\s*/\s*∂\s*([^\s/∂)‖|,]+)")


def to_latex(text: str, origin: list[int] | None = None) -> tuple[str, list[int]]:
    """``text`` with each paper character as LaTeX, and each result character's index in ``text``
    (or ``origin`` of it); one more entry for the end."""
    origin = list(range(len(text) + 1)) if origin is None else origin
    quotient = _PARTIAL_QUOTIENT.search(text)
    if quotient:  # as \frac{∂ of}{∂ wrt}, then the rest
        a, b = quotient.span(1), quotient.span(2)
        head, org0 = to_latex(text[: quotient.start()], origin[: quotient.start() + 1])
        of, org1 = to_latex(text[a[0] : a[1]], origin[a[0] : a[1] + 1])
        wrt, org2 = to_latex(text[b[0] : b[1]], origin[b[0] : b[1] + 1])
        tail, org3 = to_latex(text[quotient.end() :], origin[quotient.end() :])
        at = origin[quotient.start()]
        frac = r"\frac{\partial " + of + r"}{\partial " + wrt + "}"
        org_frac = [at] * 15 + org1[:-1] + [at] * 11 + org2[:-1] + [at]
        return head + frac + tail, org0[:-1] + org_frac + org3
    out: list[str] = []
    org: list[int] = []
    i = 0
    while i < len(text):
        run = _SCRIPT_RUN.match(text, i)
        if run:
            table = _SUBSCRIPTS if run.group()[0] in _SUBSCRIPTS else _SUPERSCRIPTS
            piece = ("_{" if table is _SUBSCRIPTS else "^{") + "".join(table[c] for c in run.group()) + "}"
            out.append(piece)
            org.extend([origin[i]] * len(piece))
            i = run.end()
            continue
        word = _WORD_SUBSCRIPT.match(text, i) if text[i] == "_" else None
        if word:
            piece = "_{" + word.group(1) + "}"
            out.append(piece)
            org.extend([origin[i]] * 2 + origin[i + 1 : word.end()] + [origin[word.end() - 1]])
            i = word.end()
            continue
        piece = _CHARS.get(text[i], text[i])
        out.append(piece)
        org.extend([origin[i]] * len(piece))
        i += 1
    org.append(origin[len(text)])
    return "".join(out), org
