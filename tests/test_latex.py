"""The LaTeX rendering: compiles with a real pdflatex, reads like a paper, says what the verdicts say.

These tests FAIL (they do not skip) when pdflatex is missing: scripts/test.sh installs a minimal
TeX Live where it can.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from conftest import DERIVATIONS, run_cli

from symbound.render.latex import render, render_math, tex_text
from symbound.verdicts import REFUTED, UNPROVED, Witness

SHIPPED = sorted(DERIVATIONS.glob("*.yaml"))


def pdflatex(tex: str, tmp_path: Path, name: str = "doc") -> Path:
    """Compile a document; fail with the log's error lines when it does not compile."""
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex is not installed: run scripts/test.sh (it installs a minimal TeX Live), or apt-get install texlive-latex-base"
    src = tmp_path / f"{name}.tex"
    src.write_text(tex, encoding="utf-8")
    proc = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", src.name], cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=120)
    log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace") if (tmp_path / f"{name}.log").exists() else proc.stdout
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert proc.returncode == 0, f"pdflatex failed on {name}.tex: {errors or log[-2000:]}"
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf


@pytest.fixture(scope="module")
def reports(pascanu_report, arxiv_report):
    return {"pascanu": pascanu_report, "pascanu_arxiv": arxiv_report}


@pytest.fixture(scope="module")
def unproved_report():
    """The arXiv file checked by the prover only: its failing links are unproved, not refuted."""
    from symbound import verify

    return verify(DERIVATIONS / "pascanu_arxiv.yaml", search=False, repair=False)


@pytest.fixture(scope="module")
def pascanu_audit(pascanu_report):
    from symbound.audit import audit

    return audit(pascanu_report)


def refuted_copy(report):
    """The arXiv report with its first link refuted by a hand-built witness (the falsifier's shape)."""
    witness = Witness(
        values={"W_rec": "[[0, 1], [0, 0]]", "gamma": "1/2"},
        lhs_value="1",
        rhs_value="0",
        exact=True,
        tried=12,
        summary="W_rec = [[0, 1], [0, 0]]: ‖W_recᵀ‖₂ = 1 > 0 = λ₁",
        checks={"P2": "0 < 2"},
    )
    chains = []
    for chain in report.chains:
        links = [dataclasses.replace(link, status=REFUTED, witness=witness, reason="false under the premises") if link.chain == "first_factor" else link for link in chain.links]
        chains.append(dataclasses.replace(chain, links=links))
    return dataclasses.replace(report, chains=chains)


# ---------------------------------------------------------------- compiling


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_standalone_output_of_every_shipped_derivation_compiles(path, tmp_path):
    from symbound import verify

    pdflatex(render(verify(path), standalone=True), tmp_path)


def test_cli_standalone_compiles(tmp_path):
    out = tmp_path / "pascanu.tex"
    proc = run_cli("latex", str(DERIVATIONS / "pascanu.yaml"), "-o", str(out), "--standalone")
    assert proc.returncode == 0, proc.stderr
    pdflatex(out.read_text(encoding="utf-8"), tmp_path, "cli")


@pytest.mark.parametrize("colour", [True, False])
def test_fragment_inputs_into_a_minimal_article(reports, tmp_path, colour):
    for name, report in reports.items():
        (tmp_path / f"{name}.tex").write_text(render(report, colour=colour), encoding="utf-8")
    packages = "amsmath,amssymb" + (",xcolor" if colour else "")  # nothing else
    doc = (
        "\\documentclass{article}\n"
        f"\\usepackage{{{packages}}}\n"
        "\\begin{document}\n"
        "Some paper text.\n\n\\input{pascanu}\n\nMore paper text.\n\n\\input{pascanu_arxiv}\n"
        "\\end{document}\n"
    )
    pdflatex(doc, tmp_path, "paper")


def test_refuted_link_compiles_in_colour_and_in_black_and_white(unproved_report, tmp_path):
    report = refuted_copy(unproved_report)
    pdflatex(render(report, standalone=True), tmp_path, "colour")
    pdflatex(render(report, standalone=True, colour=False), tmp_path, "bw")


def test_notebook_form_compiles_as_a_display(reports, unproved_report, tmp_path):
    body = "\n\n".join(r.__class__._repr_latex_(r) for r in reports.values())
    body += "\n\n" + render_math(unproved_report)
    doc = "\\documentclass{article}\n\\usepackage{amsmath,amssymb,xcolor}\n\\begin{document}\n" + body + "\n\\end{document}\n"
    pdflatex(doc, tmp_path, "notebook")


# ---------------------------------------------------------------- what it says


def test_expressions_are_sympys_latex_with_the_files_names(pascanu_report):
    tex = render(pascanu_report)
    names = pascanu_report.derivation.latex_names
    for chain in pascanu_report.chains:
        assert sp.latex(chain.start, symbol_names=names) in tex
        for link in chain.links:
            assert sp.latex(link.rhs, symbol_names=names) in tex
    assert r"\mathbf{W}_{rec}" in tex and r"\lambda_1" in tex  # the file's latex: names came through


def test_each_chain_is_an_align_with_one_link_a_line(pascanu_report):
    tex = render(pascanu_report)
    assert tex.count(r"\begin{align*}") == len(pascanu_report.chains)
    eq6 = tex.split(r"\textbf{eq6}")[1].split(r"\end{align*}")[0]
    rows = eq6.split(r"\begin{align*}")[1].split("\\\\\n")
    assert len(rows) == 3
    assert all("&&" in row for row in rows)  # the justification column


def test_justification_names_the_lemma_and_the_premises(pascanu_report):
    tex = render(pascanu_report)
    eq6 = tex.split(r"\textbf{eq6}")[1].split(r"\end{align*}")[0]
    line2 = eq6.split("\\\\\n")[1]
    assert r"\textsf{mul\_le\_mul}" in line2 and r"\textsf{pointwise\_bound}" in line2
    assert r"\textbf{P1}, \textbf{P2}" in line2  # P2 (λ₁ < 1/γ) is what carries the bound
    line1 = eq6.split("\\\\\n")[0]
    assert r"\textsf{submultiplicative}" in line1 and r"\textbf{P" not in line1
    eta_lt_one = tex.split(r"\textbf{eta\_lt\_one}")[1].split(r"\end{align*}")[0]
    assert r"by \textbf{P2}" in eta_lt_one


def test_conclusion_ends_with_the_premises_it_rests_on(pascanu_report):
    tex = render(pascanu_report)
    conclusion = tex.split(r"\textbf{Conclusion.}")[1]
    expected = ", ".join(r"\textbf{%s}" % p for p in pascanu_report.conclusion.premises)
    assert r"It rests on " + expected in conclusion
    assert r"\to 0" in conclusion and r"\to \infty" in conclusion


def test_premises_are_a_numbered_list_with_their_labels(pascanu_report):
    tex = render(pascanu_report)
    premises = tex.split(r"\textbf{Premises.}")[1].split(r"\end{enumerate}")[0]
    assert r"\item[\textbf{P1}] \(\forall z\colon" in premises
    assert r"\item[\textbf{P2}] \(\lambda_1 < \frac{1}{\gamma}\)" in premises


def test_unproved_link_is_marked_with_its_blocker(unproved_report):
    tex = render(unproved_report)
    first = tex.split(r"\textbf{first\_factor}")[1].split(r"\textbf{eq6}")[0]
    assert r"\symboundunprovedmark" in first and r"\symboundrefutedmark" not in first.split(r"\begin{align*}")[1]
    assert r"\symboundunprovedrel{\le}" in first
    assert "The step that fails" in first
    assert r"Nearest lemma \textsf{rho\_le\_norm}" in first and "it runs the other way" in first


def test_refuted_link_is_marked_with_its_witness_below(unproved_report):
    tex = render(refuted_copy(unproved_report))
    first = tex.split(r"\textbf{first\_factor}")[1].split(r"\textbf{eq6}")[0]
    display = first.split(r"\begin{align*}")[1].split(r"\end{align*}")[0]
    assert r"\symboundrefutedmark" in display and r"\symboundrefutedrel{\le}" in display
    remark = first.split(r"\end{align*}")[1]
    assert r"\textbf{Counterexample}" in remark and "exact arithmetic" in remark
    assert r"\mathbf{W}_{rec} = \left[\begin{matrix}0 & 1\\0 & 0\end{matrix}\right]" in remark  # the value, by sympy
    assert r"\gamma = \frac{1}{2}" in remark
    assert r"\left\| \mathbf{W}_{rec}^{T} \right\|_{2} = 1 > 0 = \lambda_1" in remark  # the two sides, and why it fails
    assert r"\textbf{P2}: 0 \ensuremath{<} 2" in remark
    # the marks are a glyph and a word, so they read without colour; colour only repeats them
    marks = render(refuted_copy(unproved_report), colour=False)
    assert r"\boldsymbol{\times}}\,\textbf{refuted}" in marks and r"\textbf{?}\,\textit{unproved}" in marks
    assert "textcolor" not in marks and "definecolor" not in marks
    assert r"\textcolor{symboundrefuted}" in tex


def test_fragment_and_standalone_share_the_body(pascanu_report, pascanu_audit):
    fragment = render(pascanu_report, pascanu_audit)
    standalone = render(pascanu_report, pascanu_audit, standalone=True)
    assert "\\documentclass" not in fragment and "\\begin{document}" not in fragment
    body = fragment.split("\n", 2)[2]
    assert body in standalone
    assert render(pascanu_report, pascanu_audit) == fragment  # deterministic


def test_audit_section_names_what_breaks(pascanu_report, pascanu_audit):
    tex = render(pascanu_report, pascanu_audit)
    audit = tex.split(r"\textbf{Audit.}")[1]
    p2 = next(line for line in audit.splitlines() if line.startswith(r"\item Without \textbf{P2}"))
    assert r"\textsf{eq6}.2" in p2 and r"\textsf{eta\_lt\_one}.2" in p2 and "the conclusion fails" in p2


def test_verify_latex_writes_the_same_fragment(tmp_path):
    a, b = tmp_path / "a.tex", tmp_path / "b.tex"
    proc = run_cli("verify", str(DERIVATIONS / "pascanu.yaml"), "--latex", str(a))
    assert proc.returncode == 0, proc.stderr
    assert run_cli("latex", str(DERIVATIONS / "pascanu.yaml"), "-o", str(b)).returncode == 0
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    # the arXiv file: written even though the exit status says a link is unproved
    c = tmp_path / "c.tex"
    proc = run_cli("verify", str(DERIVATIONS / "pascanu_arxiv.yaml"), "--latex", str(c))
    assert proc.returncode == 1 and r"\symboundunprovedmark" in c.read_text(encoding="utf-8")


def test_repr_latex_is_the_notebook_display(pascanu_report, unproved_report):
    tex = pascanu_report._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}") and tex.endswith("\\end{aligned}$$")
    assert r"\mathsf{submultiplicative}" in tex and r"\mathbf{P2}" in tex
    assert r"\color{orange}" in unproved_report._repr_latex_()
    assert r"\color{red}" in refuted_copy(unproved_report)._repr_latex_()


# ---------------------------------------------------------------- prose


@pytest.mark.parametrize(
    "raw, tex",
    [
        ("50% & $x_#", r"50\% \& \$x\_\#"),
        ("a{b}~c\\d^", r"a\{b\}\~{}c\textbackslash{}d\^{}"),
        ("‖W‖≤λ₁ ≤ 1", r"\ensuremath{\|}W\ensuremath{\|\le\lambda_{1}} \ensuremath{\le} 1"),
        ("x_{k+1} and W_rec", r"\ensuremath{x_{k+1}} and \ensuremath{W_{rec}}"),
        ("eta_bound", r"eta\_bound"),
        ("use `assume: [normal]`", r"use \texttt{assume: [normal]}"),
        ("§2.1 – a < b", r"\S{}2.1 -- a \ensuremath{<} b"),
    ],
)
def test_prose_is_escaped(raw, tex):
    assert tex_text(raw) == tex


def test_prose_with_any_unicode_compiles(tmp_path):
    text = "Ünïcödé: ∀ε>0 ∃δ, ‖x‖² ≤ √2 · ∑ᵢ xᵢ → ∞; ✓ ✗ 北京 ~ ^ \\ _ | < > “quoted” … x_{k_1}"
    doc = "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n" + tex_text(text) + "\n\\end{document}\n"
    pdflatex(doc, tmp_path, "prose")
