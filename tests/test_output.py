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
    assert html.count("<tr>") == len(arxiv_report.links) + 2  # header, links, conclusion
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
