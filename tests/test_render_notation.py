"""One notation throughout the output (issue 21, what was left): the prose of the LaTeX sets the file's
names as its displays do; a line break never splits a phrase ("rests on P1", "via def. η", "✗ refuted")."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from conftest import shipped_report
from symbound.render.latex import body
from symbound.render.terminal import render
from symbound.render.texmath import TexExpr, tex_text

BOLD = {"W": r"\mathbf{W}", "W_rec": r"\mathbf{W}_{rec}", "W1": "W_{1}", "x": r"\mathbf{x}", "a": r"\alpha"}


@pytest.mark.parametrize("prose, tex", [
    ("a bound on W", r"a bound on \ensuremath{\mathbf{W}}"),  # the article a is a word, W the matrix
    ("W^T x and Wᵀ", r"\ensuremath{\mathbf{W}^{\top}} \ensuremath{\mathbf{x}} and \ensuremath{\mathbf{W}^{\top}}"),
    ("‖W1ᵀ‖ bounds W1", r"\ensuremath{\|{W_{1}}^{\top}\|} bounds \ensuremath{{W_{1}}}"),  # a scripted name braced
    ("W_recᵀ", r"\ensuremath{{\mathbf{W}_{rec}}^{\top}}"),
    ("x' and x²", r"\ensuremath{\mathbf{x}'} and \ensuremath{\mathbf{x}^{2}}"),
    ("W's norm, Wx", r"\ensuremath{\mathbf{W}}'s norm, Wx"),  # Wx is no declared name
    ("J. W. Smith, e.g. x", r"J. W. Smith, e.g. \ensuremath{\mathbf{x}}"),  # an initial, not the matrix
])
def test_prose_sets_declared_names_as_the_formulas_do(prose, tex):
    assert tex_text(prose, BOLD) == tex


def test_prose_without_names_is_unchanged():
    assert tex_text("a bound on W^T") == r"a bound on \ensuremath{W^{\top}}"


def test_the_latex_prose_of_a_shipped_file_uses_the_display_notation():
    """esn.yaml declares W as \\mathbf{W}: its displays and its sentences print the same bold W."""
    report = shipped_report("esn.yaml")
    tex = body(report)
    assert r"\ensuremath{W}" not in tex and r"\ensuremath{x}" not in tex
    assert r"largest singular value of \ensuremath{\mathbf{W}}" in tex
    assert r"\sigma_{\max}\left(\mathbf{W}\right)" in tex  # the display: the same W
    assert TexExpr(report).prose_names["W_in"] == r"\mathbf{W}^{in}"


def _terminal(report, width: int) -> str:
    buffer = io.StringIO()
    render(report, Console(file=buffer, width=width, highlight=False, markup=False, emoji=False, color_system=None), summary=True)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["pascanu.yaml", "pascanu_arxiv.yaml", "esn.yaml", "gouk_lipschitz_wrong.yaml"])
@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_line_break_never_splits_a_phrase(name, width):
    out = _terminal(shipped_report(name), width)
    for line in out.splitlines():
        assert not re.search(r"(?:^|\s)(?:via|rests|rests on|through|through chains|on premises)$", line.rstrip()), (width, line)
        assert not re.match(r"\s*on (?:P\d|premises)", line), (width, line)
    assert not re.search(r"[✓✗?]\s*\n", out)  # a verdict mark and its word on one line
    assert len(re.findall(r"[✓✗] (?:proved|refuted)", out)) == out.count("✓") + out.count("✗")
