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


# ---------------------------------------------------------------- algebraic numbers and Euler's e

def _printers():
    """Every printer of an expression: terminal text (canonical, as written), LaTeX (plain, canonical,
    as written) and MathML (canonical, as written)."""
    from symbound.render.mathml import _PRINTER, _WRITTEN
    from symbound.render.mathtext import UnicodePrinter, WrittenLatexPrinter, latex

    return {"text": UnicodePrinter(False).doprint, "text written": UnicodePrinter(True).doprint, "latex": latex,
            "latex canonical": WrittenLatexPrinter({}, False).doprint, "latex written": WrittenLatexPrinter({}, True).doprint,
            "mathml": _PRINTER.doprint, "mathml written": _WRITTEN.doprint}


def _terms_in_order(shown: str, terms: list[str]) -> bool:
    positions = [shown.find(t) for t in terms]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def test_an_algebraic_root_prints_its_polynomial_highest_power_first_in_every_printer():
    """x³ − 15x² + 41x − 16, not x³ + 41x − 15x² − 16 (positive terms first) nor −16 + 41x − … (sympy's
    internal order, what ``order='none'`` printed)."""
    import sympy as sp

    x = sp.Symbol("x")
    root = sp.sqrt(sp.CRootOf(x**3 - 15 * x**2 + 41 * x - 16, 2))
    marks = {"text": ["x³", "15·x²", "41·x", "16"], "latex": ["x^{3}", "15 x^{2}", "41 x", "16"],
             "mathml": ["<mn>3</mn>", "<mn>15</mn>", "<mn>41</mn>", "<mn>16</mn>"]}
    for kind, printer in _printers().items():
        shown = printer(root)
        assert "CRootOf" not in shown and "complexrootof" not in shown.lower() and "root 3 of" in shown, (kind, shown)
        assert _terms_in_order(shown, marks[kind.split()[0]]), (kind, shown)


def test_an_algebraic_root_in_a_witness_reads_back_and_prints_in_words():
    """The search writes a value as sympy does ("sqrt(CRootOf(x**3 - …, 2))"); it is read back (values.value_of)
    and printed in words in the terminal and the LaTeX, never as Python."""
    import sympy as sp

    from symbound.render.text import value_text
    from symbound.values import value_of

    raw = "sqrt(CRootOf(x**3 - 15*x**2 + 41*x - 16, 2))"
    v = value_of(raw)
    assert v is not None and abs(float(sp.N(v)) - 3.40267882952) < 1e-9
    assert value_text(v, raw) == "√(root 3 of x³ − 15·x² + 41·x − 16 ≈ 11.5782)"
    assert TexExpr(shipped_report("esn.yaml")).value(v, raw).startswith(r"\sqrt{\left(\text{root 3 of } x^{3} - 15 x^{2}")
    # what is not an algebraic number stays unread (shown as the raw text)
    for bad in ("CRootOf(x**40 - 1, 0)", "CRootOf(x*y - 1, 0)", "CRootOf(x**3 - x - 1, 3)", "CRootOf(x**3 - x - 1, a)", "CRootOf(2, 0)"):
        assert value_of(bad) is None, bad


def test_eulers_e_and_a_declared_e_print_apart_and_read_back(tmp_path):
    """A file that declares e and writes exp: e·exp(a)·e^… never prints two identical e's; Euler's number
    is ℯ / exp(…) in text, \\mathrm{e} in LaTeX, ⅇ in MathML, and exp(…) in the file syntax (which reads
    back as Euler's whether or not e is declared)."""
    import sympy as sp

    from conftest import derivation_from
    from symbound.ops.written import written
    from symbound.read.syntax import Scope, parse_expr
    from symbound.render.mathtext import text

    a, e = sp.Symbol("a", real=True), sp.Symbol("e", real=True)
    both = e * sp.E * sp.exp(a)
    shown = _printers()
    assert text(both) in ("ℯ·e·exp(a)", "e·ℯ·exp(a)")
    assert r"\mathrm{e}" in shown["latex"](both) and r"\mathrm{e}^{a}" in shown["latex"](both)
    assert "<mi>e</mi>" in shown["mathml"](both) and "&#8519;" in shown["mathml"](both)
    for scope in (Scope({"a": a, "e": e}), Scope({"a": a})):
        again = parse_expr(written(sp.E * sp.exp(a)), scope)
        assert not again.has(e) and sp.simplify(again - sp.exp(a + 1)) == 0, scope
    d = derivation_from(tmp_path, """
symbols:
  e: {kind: scalar}
  a: {kind: scalar}
chains:
  - id: c
    start: e * exp(a)
    steps:
      - "=": exp(a) * e
""")
    from symbound.render.mathtext import Notation

    nt = Notation(d)
    start = d.chains[0].start
    assert nt.text(start) == "e·exp(a)" and nt.latex(start) == r"e \mathrm{e}^{a}"


# ---------------------------------------------------------------- the procedure that proved a step

PROCEDURES = """
symbols:
  n: dimension
  m: dimension
  W: {kind: matrix, shape: [m, n]}
  V: {kind: matrix, shape: [n, n]}
  v: {kind: vector, shape: [n]}
chains:
  - id: coords
    start: norm(v)**2
    steps:
      - "=": sum(v[i]**2, i, 1, n)
  - id: mats
    start: (W @ (V + V.T)).T
    steps:
      - "=": V @ W.T + V.T @ W.T
  - id: plain
    start: norm(v) * 2
    steps:
      - "=": norm(v) + norm(v)
"""


def test_the_by_column_names_the_procedure_that_proved_the_step(tmp_path):
    """norm_coordinates and the matrix normal form, read from the proof's nodes, not "transitivity" or
    "arithmetic"; a step sympy's evaluation closes stays "arithmetic"."""
    from conftest import derivation_file
    from symbound import verify
    from symbound.render.latex import render as latex

    report = verify(derivation_file(tmp_path, PROCEDURES))
    by = {}
    for line in _terminal(report, 100).splitlines():
        m = re.match(r"\s*1\s+\d+\s+=.*✓ proved\s+(.*?)\s+—$", line)
        if m:
            by[len(by)] = m.group(1)
    assert list(by.values()) == ["norm_coordinates", "matrix normal form", "arithmetic"]
    tex = latex(report)
    assert "by the norm in coordinates" in tex and "by the normal form of matrix polynomials" in tex
    assert "transitivity" not in tex


# ---------------------------------------------------------------- the instance of the premises shown

@pytest.mark.parametrize("name", ["esn.yaml", "pascanu.yaml", "lipschitz_mlp.yaml"])
def test_the_consistency_instance_is_generic_when_the_premises_allow(name):
    """Not a nilpotent [[0, 1/4], [0, 0]]: every square matrix shown has nonzero eigenvalues (search.certify
    rejects a singular one for an instance to show); the sentence is Unicode mathematics (σ(z) = 3·z/4)."""
    import sympy as sp

    from symbound.render.text import consistency_text

    report = shipped_report(name)
    w = report.consistency.witness
    matrices = [v for v in w.exact_values.values() if isinstance(v, sp.MatrixBase) and v.is_square and v.rows > 1]
    assert matrices and all(M.det() != 0 for M in matrices), w.values
    said = consistency_text(report)
    assert said.startswith("the premises hold together at ") and "*" not in said and "-" not in said
