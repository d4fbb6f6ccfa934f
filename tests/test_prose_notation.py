"""The LaTeX report's prose (titles, notes, premises' texts, witnesses, repairs) sets every declared name as the
displays do (issue 21): over every shipped derivation, no declared name in its plain form where the displays
print another (x_k of a bold x is \\mathbf{x}_{k}, W_rec is \\mathbf{W}_{rec}), and no script left as text
(``\\^{}``: (W x)^T is a transpose, (1 − m)^L a power, as in the displays).  The goldens are the output byte for
byte (tests/test_golden.py)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

from symbound.read.derivation import read
from symbound.render.mathtext import Notation
from symbound.render.texmath import tex_text

SHIPPED = sorted((ROOT / "derivations").glob("*.yaml"))
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?")


def prose_math(tex: str) -> list[str]:
    """The contents of the ``\\ensuremath{…}`` groups: the mathematics the prose sets (displays use ``\\(…\\)``)."""
    out = []
    for m in re.finditer(r"\\ensuremath\{", tex):
        depth, j = 1, m.end()
        while depth and j < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[j], 0) if tex[j - 1] != "\\" else 0
            j += 1
        out.append(tex[m.end():j - 1])
    return out


def plain(name: str) -> str:
    """A name as prose would set it had it no declared LaTeX: W_rec → W_{rec}."""
    base, _, script = name.partition("_")
    return base + ("_{" + script + "}" if script else "")


def misprinted(path) -> list[str]:
    names = {str(k): v for k, v in Notation(read(path)).names.items()}
    shown = {n: tex for n, tex in names.items() if _IDENTIFIER.fullmatch(n) and tex.replace(" ", "") != plain(n)
             and (len(n) == 1 or "_" in n or any(c.isdigit() for c in n))}  # as _prose_name: never a word
    tex = (ROOT / "tests" / "golden" / f"{path.stem}.tex").read_text(encoding="utf-8")
    out = []
    for math in prose_math(tex):
        rest = math
        for display in sorted(names.values(), key=len, reverse=True):
            rest = rest.replace(display, "\0")
        for name in shown:
            if re.search(r"(?<![\\A-Za-z])" + re.escape(plain(name)) + r"(?![A-Za-z{])", rest):
                out.append(f"{name} printed {plain(name)!r}, not {shown[name]!r}, in prose: {math}")
    return out + [f"a script as text: …{tex[max(m.start() - 40, 0):m.end() + 20]}…" for m in re.finditer(r"\\\^\{\}", tex)]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_prose_sets_every_name_as_the_displays(path):
    assert misprinted(path) == []


NAMES = {"x": r"\mathbf{x}", "W_rec": r"\mathbf{W}_{rec}", "W": r"\mathbf{W}"}


@pytest.mark.parametrize("text, tex", [
    ("x_k", r"\ensuremath{\mathbf{x}_{k}}"),  # a coordinate or an index of a bold name is bold
    ("x_{k+1}^T", r"\ensuremath{\mathbf{x}_{k+1}^{\top}}"),
    ("W_rec^(t−k)", r"\ensuremath{{\mathbf{W}_{rec}}^{t-k}}"),
    ("(W x)^T", r"(\ensuremath{\mathbf{W}} \ensuremath{\mathbf{x}})\ensuremath{^{\top}}"),  # a transpose after a bracket
    ("(1 − m)^L", r"(1 \ensuremath{-} \ensuremath{m})\ensuremath{^{L}}"),  # a power after a bracket
    ("|w|^q", r"\ensuremath{|}\ensuremath{w}\ensuremath{|}\ensuremath{^{q}}"),
    ("f(x)_i", r"\ensuremath{f}(\ensuremath{\mathbf{x}})\ensuremath{_{i}}"),
    ("h^(1)", r"\ensuremath{h^{(1)}}"),  # a layer label keeps its brackets: not a power
    ("(1 ∓ m)", r"(1 \ensuremath{\mp} \ensuremath{m})"),
])
def test_prose_scripts(text, tex):
    assert tex_text(text, NAMES) == tex


def test_a_declared_T_after_a_bracket_is_a_power():
    assert tex_text("(W x)^T", {**NAMES, "T": "T"}) == r"(\ensuremath{\mathbf{W}} \ensuremath{\mathbf{x}})\ensuremath{^{T}}"


def test_the_fragment_starts_its_own_paragraph():
    """`Paper text. \\input{fragment}` with no blank line: the fragment's title does not run into the paper's sentence."""
    from symbound import verify
    from symbound.render.latex import render

    tex = render(verify(ROOT / "derivations" / "pascanu.yaml"))
    assert "\n\\par\\begingroup\\sloppy\n\\noindent\\textbf{" in tex
    assert tex.index("\\par\\begingroup") < tex.index("\\noindent")
