"""What the terminal, JSON and Python views print: the author's form of every expression, Unicode
mathematics, claims that wrap instead of being cut, no trailing spaces, at 80 and 120 columns."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console

from symbound.render.mathtext import Notation
from symbound.render.terminal import render

WIDTHS = (80, 120)


def terminal(report, width: int) -> str:
    buffer = io.StringIO()
    render(report, Console(file=buffer, width=width, highlight=False, markup=False, emoji=False, color_system=None), summary=True)
    return buffer.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_fit_the_width_and_end_without_spaces(arxiv_report, pascanu_report, width):
    for report in (arxiv_report, pascanu_report):
        out = terminal(report, width)
        for line in out.splitlines():
            assert len(line) <= width, line
            assert line == line.rstrip(), repr(line)
        assert "…" not in out  # nothing is cut


@pytest.mark.parametrize("width", WIDTHS)
def test_expressions_are_unicode_mathematics_as_written(arxiv_report, width):
    out = terminal(arxiv_report, width)
    assert "**" not in out and not re.search(r"[\w)‖]\*[\w(‖]", out)  # no Python operators
    flat = " ".join(out.split())
    assert "< (1/γ)·γ" in flat and "γ/γ" not in flat
    assert "η^(t − k)" in flat and "−k + t" not in flat.split("Conclusion")[0]
    assert "x[k] = W_rec σ(x[k − 1]) + W_in u[k] + b" in flat  # the recurrence as typed
    assert "P1 |σ'(z)| ≤ γ for all z" in flat  # premises as mathematics, not as typed
    assert "def. λ₁" in flat and "def. lambda_1" not in flat


def claim_column(out: str, chain: str) -> list[str]:
    """The claims of one chain's table, each joined from the lines it wraps over."""
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(chain + " ")) + 1
    while not lines[head].lstrip().startswith("#"):
        head += 1
    start, end = lines[head].index("claim"), lines[head].index("verdict")
    claims: list[str] = []
    for line in lines[head + 1:]:
        if not line.startswith(" ") or line.startswith("  " + chain + "."):
            break
        cell = line[start:end].strip()
        if line[:start].strip():  # a new row (it has a number)
            claims.append(cell)
        elif cell:
            claims[-1] += " " + cell
    return claims


@pytest.mark.parametrize("width", (60, 80, 120))
def test_the_claim_is_never_truncated_it_wraps_under_itself(arxiv_report, width):
    nt = Notation(arxiv_report.derivation)
    out = terminal(arxiv_report, width)
    for chain in arxiv_report.chains:
        expected = [" ".join(f"{ {'<=': '≤', '<': '<', '=': '=', '>=': '≥', '>': '>'}[link.rel]} {nt.text(link.rhs)}".split()) for link in chain.links]
        got = [" ".join(c.split()) for c in claim_column(out, chain.id)]
        # a break after '·' may leave a space the claim does not have
        assert [g.replace("· ", "·") for g in got] == [e.replace("· ", "·") for e in expected], (width, chain.id)


@pytest.mark.parametrize("width", WIDTHS)
def test_counterexamples_are_indented_never_back_at_column_0(arxiv_report, width):
    lines = terminal(arxiv_report, width).splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("counterexample ("):
            indent = len(line) - len(line.lstrip())
            assert indent >= 2
            j = i + 1
            while j < len(lines) and lines[j].startswith(" " * (indent + 1)):
                j += 1
            block = lines[i:j]
            assert all(b.startswith(" " * indent) for b in block)
            assert any("[[0, 1], [0, 0]]" in " ".join(block) or "[[" in b for b in block)


def test_json_and_terminal_print_the_same_text(arxiv_report):
    from symbound.render.json import to_data

    data = to_data(arxiv_report)
    out = " ".join(terminal(arxiv_report, 120).split())
    eq6 = next(c for c in data["chains"] if c["id"] == "eq6")
    assert eq6["links"][1]["rhs"] == {"text": "(1/γ)·γ", "latex": r"\frac{1}{\gamma} \gamma"}
    for chain in data["chains"]:
        for link in chain["links"]:
            assert link["rhs"]["text"] in out
    json.dumps(data)


def test_report_str_and_repr_are_short(arxiv_report, pascanu_report):
    text = str(arxiv_report)
    assert len(text) < 2000 and text.count("\n") < 12
    assert "15 links: 10 proved, 5 refuted, 0 unproved; conclusion refuted" in text
    line = next(l.line for l in arxiv_report.links if (l.chain, l.index) == ("eq6", 2))
    assert f"✗ eq6.2 (line {line}): ‖W_recᵀ‖₂·‖diag(σ'(x[k]))‖₂ < (1/γ)·γ — refuted" in text
    assert repr(pascanu_report) == "<Report derivations/pascanu.yaml: 14 links: 14 proved, 0 refuted, 0 unproved; conclusion proved; exit status 0>".replace(
        "derivations/pascanu.yaml", pascanu_report.path)
    assert "proved" in str(pascanu_report) and len(str(pascanu_report)) < 400


def test_repr_html_is_an_escaped_table(arxiv_report):
    html = arxiv_report._repr_html_()
    table = html[: html.index("</table>")]
    assert table.count("<tr>") == len(arxiv_report.links) + 2  # header, links, conclusion
    assert "(1/γ)·γ" in html and "&lt; (1/γ)·γ" in html  # < escaped
    assert "<script" not in html


def test_the_verify_report_ends_with_the_audit_rows_the_hint_and_the_count_line(monkeypatch):
    """At 80 columns the last lines a new user sees (README: `symbound verify derivations/pascanu.yaml`)
    are whole: one row per step (none wrapped), the unused premises, the command that shows what breaks
    without each premise, then the count line."""
    from conftest import ROOT

    from symbound.api import verify
    from symbound.passes.audit import audit_for_verify
    from symbound.render.terminal import render_audit, render_summary

    monkeypatch.chdir(ROOT)
    pascanu_report = verify("derivations/pascanu.yaml")

    console = Console(file=io.StringIO(), width=80, highlight=False, markup=False, emoji=False)
    render_audit(audit_for_verify(pascanu_report, removals=False), console)
    render_summary(pascanu_report, console)
    lines = console.file.getvalue().rstrip("\n").split("\n")
    rows = lines[lines.index(next(l for l in lines if l.startswith(" step "))) + 1:lines.index("  unused premises: none")]
    assert len(rows) == len(pascanu_report.links) + 1 and all(re.match(r" \S", r) for r in rows), rows
    assert rows[-1].split()[:3] == ["conclusion", "104", "proved"] and rows[-1].endswith("eta_bound, eta_lt_one, product")
    end = next(i for i, l in enumerate(lines) if l.startswith("the premises hold together at "))  # then the instance
    assert lines[end - 3:end] == ["  what breaks without each premise: `symbound audit derivations/pascanu.yaml`", "",
                                  "14 links: 14 proved, 0 refuted, 0 unproved; conclusion proved"]
    assert "W_rec = " in " ".join(lines[end:])


# ---------------------------------------------------------------- the command line's own words

from conftest import DERIVATIONS, run_cli  # noqa: E402


def test_a_misspelt_kind_is_answered_with_the_nearest_kind(tmp_path):
    """``kind: matrx`` with a shape: the nearest kind, not the advice for a kind without a shape."""
    f = tmp_path / "k.yaml"
    f.write_text("symbols:\n  n: {kind: dimension}\n  W: {kind: matrx, shape: [n, n]}\nchains:\n  - id: c\n    start: 1\n    steps:\n      - '=': 1\n")
    done = run_cli("verify", str(f))
    assert done.returncode == 2
    assert done.stderr.strip() == f"{f}:3:13: unknown kind 'matrx' — did you mean 'matrix'? The kinds: dimension, scalar, index, vector, matrix, sequence, activation"


def test_input_error_carries_its_place_and_hint(tmp_path):
    from symbound import InputError, verify

    f = tmp_path / "k.yaml"
    f.write_text("symbols:\n  W: {kind: matrx}\nchains:\n  - id: c\n    start: 1\n    steps:\n      - '=': 1\n")
    with pytest.raises(InputError) as caught:
        verify(f)
    e = caught.value
    assert (e.file, e.line, e.col) == (str(f), 2, 13) and e.instead.startswith("did you mean 'matrix'?")


def test_version_and_a_witness_for_no_link():
    from symbound.version import __version__

    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout == f"symbound {__version__}\n"
    done = run_cli("witness", str(DERIVATIONS / "pascanu_as_printed.yaml"), "nope.1", "--script", "/dev/null", "--budget", "1")
    assert done.returncode == 2 and "no link 'nope.1'" in done.stderr  # a mistake in the command, as a mistake in a file


@pytest.mark.parametrize("claim", [r"\|W\|_2 <= c", r"\|W\|_2 \cdot c <= 1"])
def test_latex_outside_dollars_is_answered_in_symbound_s_words(tmp_path, claim):
    """A paper's LaTeX written without $…$: symbound's words and the nearest valid form ($…$ or norm(W, 2))."""
    f = tmp_path / "l.yaml"
    f.write_text("symbols:\n  n: {kind: dimension}\n  W: {kind: matrix, shape: [n, n]}\n  c: {kind: scalar}\n"
                 f"premises:\n  P1: '{claim}'\nchains:\n  - id: a\n    start: c\n    steps:\n      - '=': c\n")
    done = run_cli("verify", "--budget", "0", str(f))
    assert done.returncode == 2 and done.stderr.startswith(f"{f}:6:")
    assert "continuation" not in done.stderr and ("$" in done.stderr or "norm(W, 2)" in done.stderr), done.stderr


def test_the_command_line_is_one_module_per_group_of_commands():
    """--help lists every command, verify first, in the order of its groups; no module of cli/ reaches 600 lines."""
    from conftest import ROOT

    done = run_cli("--help")
    listed = re.findall(r"^  (\w+) ", done.stdout.split("Commands:")[1], re.M)
    assert listed == ["verify", "import", "latex", "audit", "check", "html", "witness", "lemmas", "init", "watch"], listed
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in (ROOT / "src" / "symbound" / "cli").glob("*.py")}
    assert max(sizes.values()) < 600, sizes


def test_help_keeps_the_extras_brackets():
    assert "pip install 'symbound[html]'" in " ".join(run_cli("html", "--help").stdout.split())


def test_a_chains_note_is_shown_in_every_view(tmp_path):
    """``note:`` on a chain: in the terminal under its table, in the JSON, and after its LaTeX display."""
    f = tmp_path / "n.yaml"
    f.write_text("symbols:\n  a: {kind: scalar}\nchains:\n  - id: c\n    start: a\n    steps:\n      - '=': a\n    note: the paper's eq. 3\n")
    assert "note: the paper's eq. 3" in run_cli("verify", str(f)).stdout
    assert json.loads(run_cli("verify", "--json", str(f)).stdout)["chains"][0]["note"] == "the paper's eq. 3"
    latex = run_cli("latex", str(f)).stdout
    assert r"\emph{Note.} the paper's eq.~3" in latex or r"\emph{Note.} the paper's eq. 3" in latex
    assert latex.index(r"\end{align}") < latex.index(r"\emph{Note.}")


def test_every_view_prints_the_claim_as_written():
    """pascanu_as_printed.yaml's point is the printed (1/γ)·γ: the HTML page (graph, panels, witness),
    `watch`, `--format github`, the JSON summary and the numpy script say it so, never sympy's γ/γ; a
    ∏'s upper limit is t − 1, never −1 + t."""
    from conftest import shipped_report

    from symbound.cli.watch import annotations, snapshot
    from symbound.render.html import render as render_html
    from symbound.render.mathml import relation
    from symbound.render.proofmap import graph
    from symbound.render.json import to_data
    from symbound.passes.reproduce import claim
    from symbound.render.script import script

    report = shipped_report("pascanu_as_printed.yaml")
    link = next(l for l in report.links if l.chain == "eq6" and l.index == 3)
    page = render_html(report, None, svg="")
    written = "<mfrac><mn>1</mn><mi>&#947;</mi></mfrac><mo>&InvisibleTimes;</mo><mi>&#947;</mi>"
    assert written in page and "&#947;/&#947;" not in page and "γ/γ" not in page
    assert "(1/γ)·γ = 1 ≥ 1 = 1" in page  # the witness's summary
    assert "t − 1" in graph(report) and "−1 + t" not in graph(report)
    assert "<mi>t</mi><mo>-</mo><mn>1</mn>" in page and "<mn>-1</mn><mo>+</mo><mi>t</mi>" not in page
    step = next(s for s in snapshot(report.path, report).steps if s.name == "eq6.3")
    assert step.relation == "(1/γ)·γ < 1" and "(1/γ)·γ = 1 ≥ 1 = 1" in step.why
    (github,) = [a for a in annotations(report.path, report) if "eq6.3" in a]
    assert "(1/γ)·γ" in github and "γ/γ" not in github
    assert "(1/γ)·γ = 1 ≥ 1 = 1" in json.dumps(to_data(report)["chains"], ensure_ascii=False)
    assert "(1/γ)·γ = 1 ≥ 1 = 1" in script(report, "eq6.3", claim(report, "eq6.3"))
    # a relation without a file's notation stays canonical: the written form comes only from the file
    assert "<mi>&#947;</mi><mo>/</mo>" not in relation(link.lhs, link.rel, link.rhs)


SHIPPED = sorted(p.name for p in __import__("conftest").DERIVATIONS.glob("*.yaml"))


@pytest.mark.parametrize("name", SHIPPED)
def test_at_80_columns_the_table_keeps_its_words_together_and_audit_lines_are_indented(name):
    """Every shipped derivation at 80 columns: no line past 80; the "by" column never leaves "via" alone
    on a line, the verdict never splits "✗ refuted"; a wrapped audit line is indented, never at column 0."""
    from conftest import shipped_report

    from symbound.passes.audit import audit_for_verify
    from symbound.render.terminal import render_audit

    report = shipped_report(name)
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, highlight=False, markup=False, emoji=False, color_system=None)
    render(report, console, summary=True)
    render_audit(audit_for_verify(report, timeout=10.0, removals=False), console)
    lines = buffer.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert not [line for line in lines if re.search(r"\s(via|✗|✓|\?)$", line)]
    assert not [line for line in lines if re.match(r"\s+(refuted|proved|unproved)\b", line)]
    assert "\u00a0" not in buffer.getvalue()  # the glue prints as a space
    audit = lines[next(i for i, line in enumerate(lines) if line.startswith("Audit")):]
    assert all(line.startswith(" ") or not line or line.startswith(("Audit", "Without", "step")) for line in audit[1:])


def test_a_bracketed_value_is_wrapped_whole_with_its_name(pascanu_report):
    """At 80 columns a matrix, a norm or a subscript that fits on a line is never split across lines, and a
    value stays beside its name ("W_rec = [[…]]"); continuation lines are indented."""
    from symbound.render.terminal import _hanging, _wrap

    out = terminal(pascanu_report, 80)
    last = out.splitlines()[-2:]
    assert last[1].startswith("  ") and any(re.search(r"W_rec = \[\[[^\n]*\]\]", line) for line in last), last
    values = "n = 2, k = 0, γ = 1, W_in = [[0, 0], [0, 0]], W_rec = [[0, 1], [0, 0]], b = [[0], [0]], x[1] = [[0], [0]]"
    for width in range(30, 80):
        for line in _wrap(values, width):
            assert line.count("[") == line.count("]") and not line.endswith("="), (width, line)
    claim = "≤ ‖g[t]‖₂·‖∏_{i=k}^{t − 1} ∂x[i + 1]/∂x[i]‖₂"
    assert _hanging(claim, 24, 2) == ["≤ ‖g[t]‖₂·", "  ‖∏_{i=k}^{t − 1}", "  ∂x[i + 1]/∂x[i]‖₂"]
    assert _wrap("a group longer than the line (is still broken at its spaces)", 20)[1] == "the line (is still"


def test_the_old_80_column_breaks_are_caught():
    """The checks above can fail: textwrap alone leaves "via" and "✗" alone at these widths."""
    from symbound.render.terminal import GLUE, _wrap

    assert _wrap("via norm_diag_induced, norm_transpose_2", 20)[0] == "via"
    assert _wrap("✗ refuted", 8)[0] == "✗"
    assert _wrap(f"via{GLUE}norm_diag_induced, norm_transpose_2", 24)[0] == "via norm_diag_induced,"  # the glue prints as a space
    assert _wrap(f"✗{GLUE}refuted", 9) == ["✗ refuted"]


def test_a_link_a_witness_and_a_report_display_in_a_notebook(arxiv_report):
    """`_repr_html_` of what `symbound.verify` returns: a link (claim as MathML, verdict, reason), its
    counterexample (each value typeset: W_rec as a matrix, γ as a number), and the report, which shows
    the table and then every counterexample."""
    from symbound.values import LinkVerdict, Witness

    link = arxiv_report.chains[0].links[0]  # first_factor.1, refuted
    assert isinstance(link, LinkVerdict) and isinstance(link.witness, Witness)
    shown = link._repr_html_()
    assert "first_factor.1" in shown and "✗ refuted" in shown and "<math>" in shown and "<script" not in shown
    witness = link.witness._repr_html_()
    matrices = re.findall(r"<mtable>(.*?)</mtable>", witness)
    assert matrices and all(m.count("<mtr>") == 2 and m.count("<mtd>") == 4 for m in matrices)  # W_rec, 2×2
    assert "<msub><mi>W</mi><mi>rec</mi></msub><mo>=</mo><mrow><mo>[</mo><mtable>" in witness
    assert "the premises hold there" in witness and witness in shown
    page = arxiv_report._repr_html_()
    assert page.count('class="symbound-witness"') == sum(1 for l in arxiv_report.links if l.witness is not None) + (arxiv_report.conclusion.witness is not None)


# ---------------------------------------------------------------- the audit prints the author's notation

_INTERNAL = re.compile(r"\*\*|(?<![\w)\]])-\w+ \+ |[\w)]\*[\w(]| @ |\.T\b|\b(?:Transpose|MatMul|MatAdd|MatPow|Norm|Mul|Add|Pow)\(")


def internal_forms(out: str) -> list[str]:
    """The lines showing a form of sympy's or of the file syntax's: ``-k + t``, ``W**2``, ``Transpose(``, ``A @ x``."""
    return [line for line in out.splitlines() if _INTERNAL.search(line)]


def audit_text(name: str, width: int = 80) -> str:
    from conftest import shipped_report
    from symbound.passes.audit import audit
    from symbound.render.terminal import render_audit

    buffer = io.StringIO()
    render_audit(audit(shipped_report(name)), Console(file=buffer, width=width, highlight=False, markup=False, emoji=False, color_system=None))
    return buffer.getvalue()


def test_the_pattern_of_internal_forms_catches_them():
    for shown in ("W_rec**(-k + t)", "0 ≤ -1 + t", "Transpose(W)", "norm(W @ x)", "2*eta", "W.T x"):
        assert internal_forms(shown), shown
    assert not internal_forms("W_rec^(t − k) is defined only when 0 ≤ t − k; P1, P2; x[t − 1]")


def test_a_reason_prints_its_terms_as_the_file_wrote_them(tmp_path):
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text(
        "symbols:\n  eta: {kind: scalar}\n  t: {kind: index}\n  k: {kind: index}\n"
        "chains:\n  - id: c\n    start: eta**(t - k) * (1/eta)\n    steps:\n      - \"<=\": 1\n"
    )
    from symbound.ops.written import written

    d = read(path)
    start = next(iter(d.written))  # the canonical start, η^(t−k)/η
    eta, t, k = (next(s for s in start.free_symbols if s.name == n) for n in ("eta", "t", "k"))
    nt = Notation(d)
    said = nt.sentence(f"{written(start)} is defined only when 0 ≤ {written(t - k)}; theta and eta_x stay, {written(eta)} goes")
    assert said == "η^(t − k)/η is defined only when 0 ≤ t − k; theta and eta_x stay, η goes", said
    assert Notation().sentence("0 ≤ -k + t") == "0 ≤ -k + t"  # no file: nothing known to print


def test_the_audit_prints_a_kernel_reason_in_the_authors_notation():
    """linear_rnn_unrolled's bound.2 without P1 fails in the kernel, whose reason prints W_rec^(t − k)."""
    out = audit_text("linear_rnn_unrolled.yaml")
    assert "W_rec^(t − k) is defined only when 0 ≤ t − k" in " ".join(out.split())
    assert internal_forms(out) == []


def test_the_audit_json_prints_the_authors_notation():
    from conftest import shipped_report
    from symbound.passes.audit import audit
    from symbound.render.json import audit_data

    data = json.dumps(audit_data(audit(shipped_report("linear_rnn_unrolled.yaml"))), ensure_ascii=False)
    assert "W_rec^(t − k)" in data and "**" not in data


@pytest.mark.slow
def test_the_audit_of_every_shipped_derivation_prints_no_internal_form():
    from conftest import DERIVATIONS

    for path in sorted(DERIVATIONS.glob("*.yaml")):
        out = audit_text(path.name)
        assert internal_forms(out) == [], (path.name, internal_forms(out))


def test_a_chain_a_lemma_and_the_catalogue_display_in_a_notebook(arxiv_report):
    """`_repr_html_` of a chain (claim as MathML, verdict, each link), of a library lemma (statement as
    MathML, hypotheses, reference) and of `symbound.lemmas()` (every lemma, grouped); file text escaped."""
    import symbound
    from symbound.rules import LEMMAS

    chain = arxiv_report.chains[0]  # first_factor, refuted
    shown = chain._repr_html_()
    assert shown.startswith('<div class="symbound-chain">') and "chain first_factor" in shown and "✗ refuted" in shown
    assert shown.count('class="symbound-link"') == len(chain.links) and "<msub><mi>W</mi><mi>rec</mi></msub>" in shown
    assert chain.links[0]._repr_html_() in shown
    catalogue = symbound.lemmas()
    assert len(catalogue) == len(LEMMAS) and [l.name for l in catalogue] == [l.name for l in LEMMAS]
    lemma = catalogue["inverse_transpose"]
    import dataclasses

    assert dataclasses.astuple(lemma) == dataclasses.astuple(next(l for l in LEMMAS if l.name == "inverse_transpose"))  # the record, displayed
    one = lemma._repr_html_()
    assert "<code>inverse_transpose</code>" in one and "<math>" in one and "<p>if " in one and "square" in one
    assert lemma.reference.replace("&", "&amp;") in one
    page = catalogue._repr_html_()
    assert page.count("<tr><td><code>") == len(LEMMAS) and page.count("<math>") >= len(LEMMAS)
    assert "<b>Equalities</b>" in page and "<b>Limits</b>" in page and "<script" not in page


def test_a_chains_text_is_escaped_in_its_display(tmp_path):
    import symbound

    path = tmp_path / "evil.yaml"
    path.write_text('symbols:\n  a: {kind: scalar}\nchains:\n  - id: c\n    text: "<script>alert(1)</script>"\n    start: a\n    steps:\n      - "<=": a\n')
    shown = symbound.verify(path, search=False, repair=False).chains[0]._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "✓ proved" in shown


def test_a_number_in_a_reason_is_never_a_term_the_file_wrote(tmp_path):
    """A term written 0·x (or −0/L) is the number 0 once evaluated: "seed 0" stays "seed 0", not "seed 0·x"."""
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text("symbols:\n  x: scalar\n  L: dimension\nchains:\n  - id: c\n    start: 0 * x + x\n"
                    "    steps:\n      - \"=\": x - 0 / L\n")
    nt = Notation(read(path))
    assert nt.sentence("no counterexample in 3300 instances (seed 0, 1/2 met)") == "no counterexample in 3300 instances (seed 0, 1/2 met)"
    assert nt.sentence("x ≤ 1") == "x ≤ 1"  # x written as x: never its other written form 0·x + x


def test_the_transpose_has_one_notation_in_every_view():
    """Aᵀ is A^{\\top} in the LaTeX of formulas and of prose (W_rec^T, Wᵀ), ⊤ in the MathML; η^T stays a power."""
    import sympy as sp

    from symbound.render.mathml import mathml
    from symbound.render.texmath import tex_text

    W = sp.MatrixSymbol("W", 2, 2)
    nt = Notation(None)
    assert nt.latex(W.T) == r"W^{\top}" and "^{T}" not in nt.latex((W + W).T)
    assert tex_text("W_rec^T diag") == r"\ensuremath{W_{rec}^{\top}} diag" and tex_text("Wᵀ x") .startswith(r"\ensuremath{W^{\top}")
    assert tex_text("η^T") == r"\ensuremath{\eta^{T}}"
    assert "&#8868;" in mathml(W.T, nt) and ">T<" not in mathml(W.T, nt)


def test_a_witness_value_is_unicode_mathematics_in_every_sentence(arxiv_report):
    """The conclusion's limit witness prints its values as the counterexamples print them: −1/2 in its matrices
    and ρ(J*) in Unicode (was sympy's -1/2, and 1 + sqrt(6)/2 for a radical); an algebraic number without radicals is
    named, not CRootOf."""
    import re

    import sympy as sp

    from symbound.render.mathtext import text
    from symbound.render.text import conclusion_reason

    said = conclusion_reason(arxiv_report.conclusion)
    assert "ρ(J*) = " in said and "sqrt" not in said and "−" in said and not re.search(r"-\d", said)
    assert text(1 + sp.sqrt(6) / 2) == "1 + √6/2" and text(sp.Rational(-1, 2)) == "−1/2"
    x = sp.Symbol("x")
    assert text(sp.sqrt(sp.CRootOf(x**5 - x - 1, 0))) == "√(the root of x⁵ − x − 1 ≈ 1.1673)"
    assert text(sp.CRootOf(x**3 - 3 * x + 1, 1)).startswith("(root 2 of ")


def test_a_primed_name_with_a_subscript_in_prose_is_one_formula():
    """σ'_{n,t} in a note (indrnn.yaml) was LaTeX text "σ'\\_\\{n,t\\}"; a prime joins the formula before
    it, an apostrophe in a word does not."""
    from symbound.render.texmath import tex_text

    assert tex_text("u_n σ'_{n,t}") == r"\ensuremath{u_{n}} \ensuremath{\sigma'_{n,t}}"
    assert tex_text("x'_k") == r"\ensuremath{x'_{k}}"
    assert tex_text("the W's rows") == r"the \ensuremath{W}'s rows" and tex_text("it's") == "it's"


def test_an_operator_subscript_in_prose_is_upright_as_in_the_formulas():
    """σ_max in a sentence prints σ_{\\max}, as the formulas do (was the italic word σ_{max})."""
    from symbound.render.texmath import tex_text

    assert tex_text("σ_max(W) < 1").startswith(r"\ensuremath{\sigma_{\max}}")
    assert tex_text("W_rec") == r"\ensuremath{W_{rec}}"
