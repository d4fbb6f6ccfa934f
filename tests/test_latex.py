"""The LaTeX rendering: compiles with a real pdflatex, reads like a paper, says what the verdicts say.

These tests FAIL (they do not skip) when pdflatex is missing: scripts/test.sh installs a minimal
TeX Live where it can.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from conftest import DERIVATIONS, run_cli, shipped_report

from symbound.render.latex import Options, render, render_math
from symbound.render.texmath import tex_text
from symbound.values import REFUTED, Witness
from symbound.values import Formula, PremiseAt

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


def double_scripts(tex: str) -> list[str]:
    """Where a second superscript (or subscript) falls on one base, which TeX refuses ("Double superscript"):
    ``A^{-}^{1}``, ``x_{k}^{2}^{T}``; a braced base ``{A^{-1}}^{T}`` is a new atom."""
    found: list[str] = []
    stack: list[tuple[set, str | None]] = []
    used: set = set()  # the scripts the current atom has
    pending: str | None = None  # the script whose argument comes next
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\(?:[A-Za-z]+|.)", tex[i:])
            if pending is None:
                used = set()
            else:
                used, pending = used | {pending}, None
            i += len(m.group(0)) if m else 1
            continue
        if ch == "{":
            stack.append((used, pending))
            used, pending = set(), None
        elif ch == "}" and stack:
            used, closed_for = stack.pop()
            used = used | {closed_for} if closed_for is not None else set()
        elif ch in "^_":
            if ch in used:
                found.append(tex[max(0, i - 20):i + 10])
            pending = ch
        elif not ch.isspace():
            if pending is not None:
                used, pending = used | {pending}, None
            else:
                used = set()
        i += 1
    return found


def test_the_double_script_scanner_finds_them():
    assert double_scripts(r"A^{-}^{1}") and double_scripts(r"x_{k}^{2}^{\top}") and double_scripts(r"x^2^3") and double_scripts(r"x_{i}_{j}")
    assert not double_scripts(r"{A^{-1}}^{\top} x_{k}^{2} \ensuremath{\|A\|_{2}^{2}} a^{b^{c}} \left(A^{-1}\right)^{T}")


SCRIPTS = ("⁻¹", "ᵀ", "²", "₂", "ᵢ", "ⁿ", "ᵉ", "₁₀")


def test_prose_never_puts_two_scripts_on_one_base(tmp_path):
    """Unicode scripts in prose (a reference, a reason: A⁻¹ᵀ, ‖A‖₂², W_recᵀ²) typeset with one script a base:
    a run of digits and signs is one script (⁻¹ is ^{-1}), a script on a scripted base braces it."""
    shown = []
    for base in ("A", "W_rec", "x_k", "‖A‖", "σ(A)", "λ₁", "(A⁻¹)"):
        for first in SCRIPTS:
            for second in SCRIPTS:
                tex = tex_text(f"with {base}{first}{second} here")
                assert not double_scripts(tex), (base + first + second, tex)
                shown.append(tex)
    assert tex_text("A⁻¹ᵀ") == r"\ensuremath{{A^{-1}}^{\top}}"
    pdflatex("\\documentclass{article}\n\\begin{document}\n" + "\n\n".join(shown) + "\n\\end{document}\n", tmp_path, "scripts")


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
    from symbound.passes.audit import audit

    return audit(pascanu_report)


def refuted_copy(report):
    """The arXiv report with its first link refuted by a hand-built witness (the falsifier's shape)."""
    symbols = report.derivation.symbols
    witness = Witness(
        values={symbols["W_rec"].obj: "[[0, 1], [0, 0]]", symbols["gamma"].obj: "1/2"},
        lhs_value="1",
        rhs_value="0",
        exact=True,
        tried=12,
        claim=next((l.lhs, l.rel, l.rhs) for l in report.links if l.chain == "first_factor"),
        checks={"P2": PremiseAt(sp.Integer(0), "<", sp.Integer(2), values=(sp.Integer(0), sp.Integer(2)))},
    )
    chains = []
    for chain in report.chains:
        links = [dataclasses.replace(link, outcome=REFUTED, theorem=None, witness=witness, reason="false under the premises") if link.chain == "first_factor" else link for link in chain.links]
        chains.append(dataclasses.replace(chain, links=links))
    return dataclasses.replace(report, chains=chains)


# ---------------------------------------------------------------- compiling


@pytest.fixture(scope="module")
def shipped():
    """Every shipped derivation checked once, with the audit the CLI prints."""
    from symbound.passes.audit import audit_for_verify

    out = {}
    for path in SHIPPED:
        report = shipped_report(path.name)
        out[path.stem] = (report, audit_for_verify(report))
    return out


def overfull(pdf: Path) -> list[str]:
    return [line for line in pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace").splitlines() if line.startswith("Overfull \\hbox")]


def test_standalone_output_of_every_shipped_derivation_compiles_without_overfull_lines(shipped, tmp_path):
    for name, (report, audit) in shipped.items():
        pdf = pdflatex(render(report, audit, standalone=True), tmp_path, name)
        assert overfull(pdf) == [], name


@pytest.mark.parametrize("columns", ["", "twocolumn"])
def test_every_fragment_inputs_into_an_article_without_overfull_lines(shipped, tmp_path, columns):
    """One- and two-column articles: long terms break between factors, justifications wrap under their links."""
    for name, (report, audit) in shipped.items():
        (tmp_path / f"{name}.tex").write_text(render(report, audit), encoding="utf-8")
    inputs = "\n\n".join(f"Paper text.\n\n\\input{{{name}}}\n" for name in shipped)
    doc = f"\\documentclass[{columns}]{{article}}\n\\usepackage{{amsmath,amssymb,xcolor}}\n\\begin{{document}}\n{inputs}\\end{{document}}\n"
    pdf = pdflatex(doc, tmp_path, "paper" + columns)
    assert overfull(pdf) == []


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
        "As \\eqref{symbound:pascanu:eq6} shows.\n"
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


def chain_tex(tex: str, label: str) -> str:
    """The align display of one chain (found by its \\label) and the remarks after it."""
    before, _, after = tex.partition(r"\label{" + label + "}")
    rest = after.split(r"\medskip", 1)[0]
    under, _, remarks = rest.partition(r"\noindent{\small\textbf{Remark}")
    return before.rsplit(r"\begin{align}", 1)[1] + under, remarks  # the display with the line under it


def test_expressions_are_printed_as_written_with_the_files_names(arxiv_report):
    tex = render(arxiv_report)
    assert r"\frac{1}{\gamma} \gamma" in tex  # (1/γ)γ, not γ/γ: the slip stays visible
    assert r"\eta^{t - k}" in tex and r"-k + t" not in tex
    assert r"\mathbf{W}_{rec} \sigma\left(\mathbf{x}_{k - 1}\right) + \mathbf{W}_{in} \mathbf{u}_{k} + \mathbf{b}" in tex  # the recurrence as typed
    assert r"\lambda_1 \gamma" in tex  # eta := lambda_1 * gamma, factors in the author's order
    assert r"\mathbf{W}_{rec}" in tex and r"\lambda_1" in tex  # the file's latex: names came through


def test_no_python_and_no_tool_instructions(shipped):
    for name, (report, audit) in shipped.items():
        tex = render(report, audit)
        body = tex.split("\n", 2)[2]  # the two comment lines name the tool on purpose
        for python in ("sqrt(", "**", "[[", "·", "assume:", "symbound audit", "sympy derives", "mul_le_mul", "_le_", r"\texttt", r"\textsf"):
            assert python not in body, (name, python)
    arxiv = render(shipped["pascanu_arxiv"][0])
    shown = re.sub(r"\\(label|eqref)\{[^}]*\}", "", arxiv)  # chain ids only inside \label and \eqref
    assert "eta_lt_one" not in shown and "first_factor" not in shown and "eta\\_lt" not in shown


def test_each_chain_is_a_numbered_align_with_a_label(pascanu_report):
    tex = render(pascanu_report)
    assert tex.count(r"\begin{align}") == len(pascanu_report.chains)
    for chain in pascanu_report.chains:
        assert tex.count(r"\label{symbound:pascanu:" + chain.id + "}") == 1
    display, _ = chain_tex(tex, "symbound:pascanu:eq6")
    assert display.count(r"\notag") == 3  # the start line and two links: one number a chain, on its last line
    assert render(pascanu_report, options=Options(label_prefix="pmb")).count(r"\label{pmb:eq6}") == 1


def test_justification_is_in_words_under_its_link(pascanu_report):
    tex = render(pascanu_report)
    display, _ = chain_tex(tex, "symbound:pascanu:eq6")
    whys = re.findall(r"\\symboundwhy\{(.*)\}", display)
    assert whys[0].startswith("by submultiplicativity; ") and whys[0].endswith("; the Jacobian of the model")
    assert r"$\|A^{\top}\|_2 = \|A\|_2$" in whys[0]  # a rewrite it used, as a formula
    assert "monotonicity of products" in whys[1] and r"\textbf{P1}, \textbf{P2}" in whys[1]
    eta_lt_one, _ = chain_tex(tex, "symbound:pascanu:eta_lt_one")
    assert r"\textbf{P2}" in eta_lt_one
    product = chain_tex(tex, "symbound:pascanu:product")[0]
    assert r"\eqref{symbound:pascanu:eta_bound}" in product  # an earlier chain, cited by its number


def test_options_leave_out_justifications_remarks_and_audit(arxiv_report, tmp_path):
    from symbound.passes.audit import audit_for_verify

    audit = audit_for_verify(arxiv_report)
    full = render(arxiv_report, audit)
    assert r"\symboundwhy{by" in full and r"\textbf{Remark}" in full and r"\textbf{Audit.}" in full
    bare = render(arxiv_report, audit, options=Options(justifications=False, remarks=False, audit=False))
    assert r"\symboundwhy{by" not in bare and r"\textbf{Remark}" not in bare and r"\textbf{Audit.}" not in bare
    assert r"\symboundrefutedmark" in bare  # the verdicts stay
    pdflatex(render(arxiv_report, audit, standalone=True, options=Options(justifications=False, remarks=False, audit=False)), tmp_path, "bare")
    out = tmp_path / "cli.tex"
    proc = run_cli("latex", str(DERIVATIONS / "pascanu.yaml"), "-o", str(out), "--no-justifications", "--no-remarks", "--no-audit")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert r"\symboundwhy{by" not in text and r"\textbf{Audit.}" not in text and r"\label{symbound:pascanu:eq6}" in text


def test_conclusion_ends_with_the_premises_it_rests_on(pascanu_report):
    tex = render(pascanu_report)
    conclusion = tex.split(r"\textbf{Conclusion.}")[1]
    expected = ", ".join(r"\textbf{%s}" % p for p in pascanu_report.conclusion.premises)
    assert r"It rests~on~" + expected in conclusion
    assert r"\to 0" in conclusion and r"\to \infty" in conclusion


def test_premises_are_a_numbered_list_with_their_labels(pascanu_report):
    tex = render(pascanu_report)
    premises = tex.split(r"\textbf{Premises.}")[1].split(r"\end{enumerate}")[0]
    assert r"\item[\textbf{P1}] \(\forall z\colon" in premises
    assert r"\item[\textbf{P2}] \(\lambda_1 < \frac{1}{\gamma}\)" in premises


def test_unproved_link_is_marked_with_its_blocker(unproved_report):
    tex = render(unproved_report)
    display, remarks = chain_tex(tex, "symbound:pascanu_arxiv:first_factor")
    assert r"\symboundunprovedmark" in display and r"\symboundrefutedmark" not in display
    assert r"\symboundunprovedrel{\le}" in display
    assert "The step that fails" in remarks
    assert r"Nearest lemma, $\rho(A) \le \|A\|$ for induced norms" in remarks and "it runs the other way" in remarks
    assert "assume" not in remarks and "declare" not in remarks  # the tool's advice is not the paper's


def test_refuted_link_is_marked_with_its_witness_below(unproved_report):
    tex = render(refuted_copy(unproved_report))
    display, remarks = chain_tex(tex, "symbound:pascanu_arxiv:first_factor")
    assert r"\symboundrefutedrel{\le}" in display
    assert r"\textbf{Counterexample}" in remarks and "exact arithmetic" in remarks
    assert r"\mathbf{W}_{rec} = \begin{pmatrix}0 & 1 \\ 0 & 0\end{pmatrix}" in remarks  # a matrix, not [[0, 1], [0, 0]]
    assert r"\gamma = \frac{1}{2}" in remarks
    assert r"\left\| \mathbf{W}_{rec}^{\top} \right\|_{2} = 1 > 0 = \lambda_1" in remarks  # the two sides, and why it fails
    assert r"\textbf{P2}: 0 \ensuremath{<} 2" in remarks
    # the marks are a glyph and a word, so they read without colour; colour only repeats them
    marks = render(refuted_copy(unproved_report), colour=False)
    assert r"\boldsymbol{\times}}\,\textbf{refuted}" in marks and r"\textbf{?}\,\textit{unproved}" in marks
    assert "textcolor" not in marks and "definecolor" not in marks
    assert r"\textcolor{symboundrefuted}" in tex


def test_witness_values_are_sympy_values():
    w = Witness(values={"W": "[[0, -1/2], [sqrt(10), 0]]", Formula("sigma"): "3/4·z", "x": "[3, -3/2]", "y": "1.17351"}, lhs_value="sqrt(10)", rhs_value="0",
                exact=True, tried=1)
    assert w.exact_values["W"] == sp.Matrix([[0, sp.Rational(-1, 2)], [sp.sqrt(10), 0]])
    assert w.exact_values[Formula("sigma")] == sp.Rational(3, 4) * sp.Symbol("z", real=True)
    assert w.exact_values["x"].shape == (2, 1) and isinstance(w.exact_values["y"], sp.Float)
    assert w.lhs == sp.sqrt(10) and w.rhs == 0
    assert "__import__" not in Witness(values={"a": "__import__('os')"}, lhs_value="", rhs_value="", exact=True, tried=1).exact_values


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
    assert r"step~2 of~\eqref{symbound:pascanu:eq6}" in p2 and r"step~2 of~\eqref{symbound:pascanu:eta_lt_one}" in p2 and "the conclusion fails" in p2


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
        ("a{b}~c\\d^", r"a\{\ensuremath{b}\}\~{}c\textbackslash{}d\^{}"),
        ("‖W‖≤λ₁ ≤ 1", r"\ensuremath{\|W\|\le\lambda_{1}} \ensuremath{\le} 1"),
        ("x_{k+1} and W_rec", r"\ensuremath{x_{k+1}} and \ensuremath{W_{rec}}"),
        ("eta_bound", r"eta\_bound"),
        ("use `assume: [normal]`", r"use \texttt{assume: [normal]}"),
        ("the bound $\\|W\\|_2 \\le 1$ holds", r"the bound \(\|W\|_2 \le 1\) holds"),  # $…$ stays mathematics
        ("||W||_2 and L_rho", r"\ensuremath{\|W\|_{2}} and \ensuremath{L_{\rho}}"),  # ASCII norms, Greek names
        ("$\\input{/etc/passwd}$", r"\$\textbackslash{}input\{/etc/passwd\}\$"),  # a formula that reads files is text
        ("W\u0304 = W/σ(W)", r"\ensuremath{\bar{W}} = \ensuremath{W}/\ensuremath{\sigma}(\ensuremath{W})"),
        ("§2.1 – a < b", r"\S{}2.1 -- a \ensuremath{<} \ensuremath{b}"),  # the article a stays text
    ],
)
def test_prose_is_escaped(raw, tex):
    assert tex_text(raw) == tex


def test_prose_with_any_unicode_compiles(tmp_path):
    text = "Ünïcödé: ∀ε>0 ∃δ, ‖x‖² ≤ √2 · ∑ᵢ xᵢ → ∞; ✓ ✗ 北京 ~ ^ \\ _ | < > “quoted” … x_{k_1}"
    doc = "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n" + tex_text(text) + "\n\\end{document}\n"
    pdflatex(doc, tmp_path, "prose")


def test_labels_keep_underscores_as_documented():
    """``\\label{symbound:<file stem>:<chain id>}`` as docs/format.md writes it: pascanu_arxiv keeps its
    underscore (an ``\\eqref`` written from the docs resolves); characters a label cannot hold go."""
    from symbound.render.latex import label_part

    report = shipped_report("pascanu_arxiv.yaml")
    tex = render(report)
    for chain in report.chains:
        assert tex.count(r"\label{symbound:pascanu_arxiv:" + chain.id + "}") == 1
    assert label_part("my file{1}#\\x") == "myfile1x" and label_part("eq_6.b-2") == "eq_6.b-2"


def test_justifications_name_facts_not_identifiers():
    """"by conv", "by norm pow le pow norm", "by an elementwise f … is c-Lipschitz" are gone: a proof
    kind in words, a library lemma by its statement, each lemma phrase a noun phrase after "by"."""
    from symbound.render.texmath import LEMMA_WORDS, PROOF_WORDS, lemma_words

    tex = "".join(render(shipped_report(name)) for name in ("pascanu.yaml", "esn.yaml", "lipschitz_mlp.yaml"))
    assert "by conv" not in tex and "pow le pow" not in tex and " is $c$-Lipschitz" not in tex
    assert lemma_words("norm_pow_le_pow_norm") == r"\(\left\| A^{h} \right\|_{p} \le \left\| A \right\|_{p}^{h}\)"
    assert lemma_words("no_such_lemma") == r"\emph{no such lemma}"
    assert PROOF_WORDS["conv"] == "rewriting both sides to one term"
    assert not any(words.rstrip("$").endswith("Lipschitz") and " is " in words for words in LEMMA_WORDS.values())


def test_one_letter_names_in_prose_are_italic_as_in_the_formulas():
    """A file's text and the checker's sentences name variables in prose (for all z, over i, T(x, u)): each
    set in math, as the displays print them; the article a, initials (J.), e.g. and i.e. stay text."""
    assert tex_text("for all z, with equality at z = 0") == r"for all \ensuremath{z}, with equality at \ensuremath{z} = 0"
    assert tex_text("by induction over i: done") == r"by induction over \ensuremath{i}: done"
    assert tex_text("T(x', u)") == r"\ensuremath{T}(\ensuremath{x'}, \ensuremath{u})"
    assert tex_text("|f'| ≤ c") == r"\ensuremath{|}\ensuremath{f'}\ensuremath{|} \ensuremath{\le} \ensuremath{c}"
    for kept in ("A wrong bound, e.g. a case, i.e. this", "J. Smith (2013), Prop. 3(a)", "W2 and rho's value", "tanh is 1-Lipschitz"):
        assert tex_text(kept) == kept, tex_text(kept)


def test_the_shipped_latex_sets_no_one_letter_name_as_text(shipped):
    """Outside the displays and the formulas, no single letter stands as a word (the article a aside)."""
    for name, (report, audit) in shipped.items():
        tex = render(report, audit)
        prose = re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]|\$[^$]*\$|\\ensuremath\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\\begin\{(align|equation|gather|multline)\*?\}.*?\\end\{\1\*?\}"
                       r"|\\(?:label|eqref|ref)\{[^}]*\}|%[^\n]*|\\(?:providecommand|definecolor)[^\n]*", " ", tex, flags=re.S)
        prose = re.sub(r"\\[A-Za-z]+", " ", prose)
        loose = re.findall(r"(?<![\w'\\.-])(?![aA]\b)[A-Za-z](?![\w.'])", prose)
        assert not loose, (name, loose[:10])


def test_a_verdict_mark_stays_beside_its_display(arxiv_report):
    """A failing chain's text ends with its mark, tied to the last word (\\nobreak), and runs straight into
    its display (no \\par: TeX breaks no column right before a display), so in two columns the text, the
    mark and the display are never split; the conclusion's mark likewise."""
    tex = render(arxiv_report)
    heads = re.findall(r"([^\n]*)\n\\begin\{align\}", tex)
    marked = [h for h in heads if "mark" in h]
    assert marked and all(h.endswith(("\\symboundrefutedmark", "\\symboundunprovedmark")) for h in marked)
    assert all("\\nobreak\\quad \\symbound" in h and not h.endswith("\\par") for h in marked), marked
    assert not re.search(r"\\par\n\\begin\{align\}", tex)
    assert re.search(r"\\textbf\{Conclusion\.\}[^\n]*\\nobreak\\quad \\symboundrefutedmark\n\\begin\{(?:equation|align)\*\}", tex)
