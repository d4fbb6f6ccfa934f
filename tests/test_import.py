"""`symbound import PAPER.tex` (read/texdoc.py, read/texdraft.py): the draft's chains, link by link,
with their lines; the paper's macros; inferred symbols; premise candidates; safe \\input; and the
draft verified with the user's symbols (`verify PAPER.tex --symbols`)."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from symbound.errors import InputError
from symbound.read.texdoc import MAX_INPUT_DEPTH, read_paper
from symbound.read.texdraft import draft

PAPER = r"""\documentclass{article}
\newcommand{\Wrec}{\mathbf{W}_{rec}}
\newcommand{\norm}[1]{\left\|#1\right\|}
\DeclareMathOperator{\diag}{diag}
\begin{document}
Let $\mathbf{x}_k = \Wrec \sigma(\mathbf{x}_{k-1}) + \mathbf{b}$ be the recurrence.
Assume that $\lambda_1 < \frac{1}{\gamma}$ and that $|\sigma'(z)| \le \gamma$. Then
\begin{align}
\norm{\frac{\partial \mathbf{x}_{k+1}}{\partial \mathbf{x}_k}} &\le \norm{\Wrec^T} \norm{\diag(\sigma'(\mathbf{x}_k))} \label{eq:six}\\
&< \frac{1}{\gamma} \gamma \nonumber \\
&= 1 .
\end{align}
The sum $a + b$ is not assumed. \input{sec2}
\end{document}
"""
SECTION = r"""\begin{equation}
\eta = \lambda_1 \gamma < 1 \label{eq:eta}
\end{equation}
\begin{eqnarray}
\eta &\leq& \lambda_1 \gamma \\
\end{eqnarray}
"""
SYMBOLS = r"""symbols:
  n: {kind: dimension}
  W_rec: {kind: matrix, shape: [n, n], latex: '\mathbf{W}_{rec}'}
  b: {kind: vector, shape: [n], latex: '\mathbf{b}'}
  x: {kind: sequence, shape: [n], latex: '\mathbf{x}'}
  sigma: {kind: activation, latex: '\sigma'}
  gamma: {kind: scalar, assume: [positive], latex: '\gamma'}
  k: {kind: index}
model:
  recurrence: '$\mathbf{x}_k = \mathbf{W}_{rec} \sigma(\mathbf{x}_{k-1}) + \mathbf{b}$'
definitions:
  lambda_1: {value: '$\sigma_{\max}(\mathbf{W}_{rec})$', latex: '\lambda_1'}
  eta: {value: '$\lambda_1 \gamma$', latex: '\eta'}
premises:
  P1: {claim: '$|\sigma''(z)| \le \gamma$', for_all: z}
  P2: {claim: '$\lambda_1 < \frac{1}{\gamma}$'}
"""


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    (tmp_path / "paper.tex").write_text(PAPER, encoding="utf-8")
    (tmp_path / "sec2.tex").write_text(SECTION, encoding="utf-8")
    (tmp_path / "syms.yaml").write_text(SYMBOLS, encoding="utf-8")
    return tmp_path / "paper.tex"


def test_chains_link_by_link_with_lines(paper):
    read = read_paper(paper)
    chains = [(c.id, c.start, [(l.rel, l.term, l.line) for l in c.links]) for c in read.chains]
    assert chains[0] == ("eq_six", r"\norm{\frac{\partial \mathbf{x}_{k+1}}{\partial \mathbf{x}_k}}",
                         [("<=", r"\norm{\Wrec^T} \norm{\diag(\sigma'(\mathbf{x}_k))}", 9), ("<", r"\frac{1}{\gamma} \gamma", 10), ("=", "1", 11)])
    assert chains[1] == ("eq_eta", r"\eta", [("=", r"\lambda_1 \gamma", 2), ("<", "1", 2)])
    assert chains[2][0] == "d3" and chains[2][2] == [("<=", r"\lambda_1 \gamma", 5)]  # eqnarray, no label: the third display
    assert [Path(f).name for f in read.files] == ["paper.tex", "sec2.tex"]


def test_the_preamble_macros(paper):
    macros = read_paper(paper).macros
    assert macros[r"\Wrec"].body == r"\mathbf{W}_{rec}" and macros[r"\Wrec"].arity == 0
    assert macros[r"\norm"].arity == 1 and macros[r"\diag"].body == r"\operatorname{diag}"


def test_assumption_sentences_only(paper):
    maths = [c.math for c in read_paper(paper).candidates]
    assert r"\lambda_1 < \frac{1}{\gamma}" in maths and r"|\sigma'(z)| \le \gamma" in maths
    assert "a + b" not in maths  # no relation, no assumption


def test_the_draft_is_a_derivation_file_with_comments(paper):
    text = draft(paper)
    data = yaml.safe_load(text)
    assert [c["id"] for c in data["chains"]] == ["eq_six", "eq_eta", "d3"]
    assert [list(s)[0] for s in data["chains"][0]["steps"]] == ["<=", "<", "="]
    assert data["chains"][0]["start"].startswith("$\\norm{")
    assert re.search(r'- "<": .*  # paper\.tex:10$', text, re.M)
    assert data["macros"]["norm"] == {"args": 1, "body": r"\left\|#1\right\|"}
    symbols = data["symbols"]
    assert symbols["W_rec"]["kind"] == "matrix" and symbols["x"]["kind"] == "sequence" and symbols["sigma"]["kind"] == "activation"
    assert symbols["b"]["kind"] == "vector" and symbols["k"]["kind"] == "index" and symbols["gamma"]["kind"] == "scalar"
    assert all("# confirm" in line for line in text.splitlines() if re.match(r"  \w+: \{kind", line))
    assert "# model: {recurrence: '$\\mathbf{x}_k = " in text
    assert "#   A2: {claim: '$\\lambda_1 < \\frac{1}{\\gamma}$'}" in text


def test_the_draft_with_the_users_symbols_verifies(paper):
    result = run_cli("verify", str(paper), "--symbols", str(paper.parent / "syms.yaml"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 links: 6 proved, 0 refuted, 0 unproved" in result.stdout


def test_import_writes_the_draft(paper, tmp_path):
    out = tmp_path / "draft.yaml"
    result = run_cli("import", str(paper), "--symbols", str(paper.parent / "syms.yaml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("symbols:") == 1 and "W_rec: {kind: matrix, shape: [n, n], latex: '\\mathbf{W}_{rec}'}" in text
    assert "# confirm" not in text.split("chains:")[0].split("symbols:")[1].split("model:")[0]  # the user's, as written


@pytest.mark.parametrize("target, what", [
    ("../outside", "leaves the paper's folder"),
    ("/etc/passwd", "not a relative path"),
    ("missing", "no such file"),
])
def test_input_stays_in_the_papers_folder(tmp_path, target, what):
    folder = tmp_path / "paper"
    folder.mkdir()
    (tmp_path / "outside.tex").write_text(r"\begin{equation} a \le b \end{equation}", encoding="utf-8")
    (folder / "p.tex").write_text("\\input{" + target + "}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(what)):
        read_paper(folder / "p.tex")
    result = run_cli("import", str(folder / "p.tex"))
    assert result.returncode == 2 and "p.tex:1:" in result.stderr


def test_an_input_loop_is_bounded(tmp_path):
    (tmp_path / "a.tex").write_text("\\input{b}\n", encoding="utf-8")
    (tmp_path / "b.tex").write_text("\\input{a}\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match=f"nested more than {MAX_INPUT_DEPTH}"):
        read_paper(tmp_path / "a.tex")
    assert time.perf_counter() - started < 10


def test_a_recursive_macro_in_the_paper_is_an_error_when_verified(tmp_path):
    (tmp_path / "p.tex").write_text(textwrap.dedent(r"""
        \newcommand{\loop}{\loop}
        \begin{equation} \loop \le 1 \end{equation}
        """), encoding="utf-8")
    (tmp_path / "s.yaml").write_text("symbols:\n  a: scalar\n", encoding="utf-8")
    result = run_cli("verify", str(tmp_path / "p.tex"), "--symbols", str(tmp_path / "s.yaml"), "--no-cache")
    assert result.returncode == 2 and "expands more than" in result.stderr


def test_binary_and_huge_papers_are_refused(tmp_path):
    (tmp_path / "b.tex").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        read_paper(tmp_path / "b.tex")
    (tmp_path / "h.tex").write_text("%" * 2_100_000, encoding="utf-8")
    with pytest.raises(InputError, match="over the limit"):
        read_paper(tmp_path / "h.tex")


# --- the corpus of papers' LaTeX (tests/corpus/latex/README.md): drafts and readings against the YAML twins
CORPUS = Path(__file__).parent / "corpus" / "latex"
PAPERS = sorted(p.stem for p in CORPUS.glob("*.tex"))
# excerpts whose LaTeX symbound refuses to read, and why: each is a reading the declarations leave open
# (never guessed) or a construct not read yet; the message is pinned so that a change shows here
NOT_READ = {
    "arjovsky2016_urnn": "^T can be read two ways: as a transpose or as a power with the declared 'T_end'",
    "bengio1994_longterm": "unknown symbol M",  # \M'(a_\tau): a map's derivative, written as a function
    "cisse2017_parseval": "can be read as any of the symbols a_x, n_x",  # the twin gives both the latex n(x)
    "kerg2019_nnrnn": "V can be read as any of the symbols V, Vn",  # the twin gives both the latex V
    "yoshida2017_snr": "unknown symbol \\sigma",  # \sigma(W) for the spectral norm, \sigma undeclared
}


def test_the_corpus_is_here():
    assert len(PAPERS) >= 13 and all((CORPUS / f"{p}.links.tsv").exists() and (CORPUS / f"{p}.yaml").exists() for p in PAPERS)


def _links_tsv(name: str) -> list[dict[str, str]]:
    import csv

    with open(CORPUS / f"{name}.links.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("name", PAPERS)
def test_import_drafts_the_corpus_chains_link_by_link(name):
    from symbound.read.texdoc import RELATION_KEYS

    spaceless = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    drafted = [(c.id, i, l.line, l.rel, spaceless(l.term)) for c in read_paper(CORPUS / f"{name}.tex").chains for i, l in enumerate(c.links, 1)]
    wanted = [(w["chain"], int(w["link"]), int(w["tex_line"]), RELATION_KEYS[w["relation"]], spaceless(w["rhs_latex"])) for w in _links_tsv(name)]
    assert drafted == wanted


@pytest.mark.parametrize("name", PAPERS)
def test_the_corpus_latex_reads_as_its_yaml_twin(name, tmp_path):
    """Drafted with the twin's declarations, every chain of the LaTeX is the twin's, object for object."""
    from symbound.read.derivation import read

    path = tmp_path / f"{name}.yaml"
    path.write_text(draft(CORPUS / f"{name}.tex", CORPUS / f"{name}.yaml"), encoding="utf-8")
    if name in NOT_READ:
        with pytest.raises(InputError) as info:
            read(path)
        assert NOT_READ[name] in info.value.message()
        return
    twin, latex = read(CORPUS / f"{name}.yaml"), read(path)
    drafted = {c.id: c for c in latex.chains}
    for chain in twin.chains:
        assert drafted[chain.id].start == chain.start, chain.id
        assert [(l.rel, l.expr) for l in drafted[chain.id].links] == [(l.rel, l.expr) for l in chain.links], chain.id


@pytest.mark.slow
@pytest.mark.parametrize("name", [p for p in PAPERS if p not in NOT_READ])
def test_the_corpus_latex_gets_its_twins_verdicts(name, tmp_path):
    from symbound import verify

    path = tmp_path / f"{name}.yaml"
    path.write_text(draft(CORPUS / f"{name}.tex", CORPUS / f"{name}.yaml"), encoding="utf-8")
    verdicts = lambda r: {(l.chain, l.index): l.status for l in r.links}  # noqa: E731
    twin = verdicts(verify(CORPUS / f"{name}.yaml"))
    assert {k: v for k, v in verdicts(verify(path)).items() if k in twin} == twin


def test_deeply_nested_latex_is_refused_not_a_crash(tmp_path):
    (tmp_path / "deep.tex").write_text("\\begin{equation}" + "{" * 20000 + "a" + "}" * 20000 + " \\le b\\end{equation}", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the LaTeX"):
        read_paper(tmp_path / "deep.tex")


# --- `verify PAPER.tex --symbols`: every place is the paper's (or the symbols file's), never the draft's
def test_the_report_of_a_paper_points_at_the_paper(paper):
    result = run_cli("verify", str(paper), "--symbols", str(paper.parent / "syms.yaml"), "--json")
    data = yaml.safe_load(result.stdout)
    assert data["file"] == str(paper) and "symbound-import" not in result.stdout + result.stderr
    tex = paper.read_text(encoding="utf-8").splitlines()
    lines = {(c["id"], i): link["line"] for c in data["chains"] for i, link in enumerate(c["links"], 1)}
    assert lines[("eq_six", 1)] == 9 and "&\\le" in tex[9 - 1]
    assert lines[("eq_six", 2)] == 10 and "&<" in tex[10 - 1]
    assert lines[("eq_six", 3)] == 11 and "&= 1" in tex[11 - 1]
    assert lines[("eq_eta", 1)] == 2  # sec2.tex, line 2: a chain of an \input file keeps that file's line


def _located(stderr: str) -> tuple[str, int, int]:
    m = re.match(r"(.+?):(\d+):(\d+): ", stderr.strip().splitlines()[-1])
    assert m, stderr
    return m.group(1), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("file, old, new, wrong", [
    ("paper.tex", r"\norm{\Wrec^T}", r"\norm{\Wrec^T \zeta}", r"\zeta"),  # a term of a chain's link
    ("paper.tex", r"\norm{\frac{\partial \mathbf{x}_{k+1}}", r"\norm{\omega \frac{\partial \mathbf{x}_{k+1}}", r"\omega"),  # a chain's start
    ("sec2.tex", r"&\leq& \lambda_1 \gamma", r"&\leq& \lambda_1 \gamma \xi", r"\xi"),  # in an \input file
    ("syms.yaml", r"P2: {claim: '$\lambda_1 < \frac{1}{\gamma}$'}", r"P2: {claim: '$\lambda_1 < \frac{1}{\kappa}$'}", r"\kappa"),  # the user's symbols file
])
def test_a_mistake_in_a_paper_points_at_its_file_line_and_column(paper, file, old, new, wrong):
    path = paper.parent / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run_cli("verify", str(paper), "--symbols", str(paper.parent / "syms.yaml"), "--no-cache")
    assert result.returncode == 2 and "symbound-import" not in result.stdout + result.stderr
    where, line, col = _located(result.stderr)
    assert where == str(path)
    assert path.read_text(encoding="utf-8").splitlines()[line - 1][col - 1 :].startswith(wrong), result.stderr


def test_a_missing_symbols_file_is_a_located_error(paper):
    result = run_cli("verify", str(paper), "--symbols", str(paper.parent / "none.yaml"), "--no-cache")
    assert result.returncode == 2 and "none.yaml:1:1: cannot read the file" in result.stderr


# --- attacks: bounded, located errors
ATTACK_SYMBOLS = r"""symbols:
  n: dimension
  gamma: {kind: scalar, latex: '\gamma'}
  eta: scalar
  W: {kind: matrix, shape: [n, n], latex: '\mathbf{W}'}
  v: {kind: vector, shape: [n], latex: '\mathbf{v}'}
  x: {kind: sequence, shape: [n], latex: '\mathbf{x}'}
  k: index
"""


def _read_one(tmp_path: Path, formula: str, macros: str = "") -> InputError:
    from symbound.read.derivation import read

    path = tmp_path / "a.yaml"
    path.write_text((f"macros:\n{macros}" if macros else "") + ATTACK_SYMBOLS + f"chains:\n  - id: c\n    start: '{formula}'\n    steps:\n      - \"<=\": '$1$'\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read(path)
    assert time.perf_counter() - started < 5
    return info.value


@pytest.mark.parametrize("macros, formula, what, at", [
    ("  gamma: '\\eta'\n", "$\\eta + \\gamma$", "\\gamma is both a macro and the LaTeX of a declared symbol", "\\gamma"),
    ("  gamma: '\\eta'\n  g: '2 \\gamma'\n", "$\\eta + \\g$", "\\gamma (through \\g) is both a macro", "\\g"),
    ("  eta: '\\gamma'\n", "$\\eta$", "\\eta is both a macro", "\\eta"),  # η declared by its name, spelled \eta
    ("  mathbf: '\\gamma'\n", "$\\|\\mathbf{W}\\|$", "\\mathbf is both a macro", "\\mathbf"),  # a command of a declared latex:
])
def test_a_macro_named_like_a_declared_symbol_is_an_error(tmp_path, macros, formula, what, at):
    error = _read_one(tmp_path, formula, macros)
    assert what in error.message()
    line = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()[error.where.line - 1]
    assert line[error.where.col - 1 :].startswith(at), error.message()


def test_a_macro_with_another_name_is_no_clash(tmp_path):
    from symbound.read.derivation import read

    path = tmp_path / "b.yaml"
    path.write_text("macros:\n  W: '\\mathbf{W}'\n" + ATTACK_SYMBOLS + "chains:\n  - id: c\n    start: '$\\|\\W \\mathbf{v}\\|$'\n    steps:\n      - \"<=\": '$\\|\\W\\| \\|\\mathbf{v}\\|$'\n", encoding="utf-8")
    assert len(read(path).chains[0].links) == 1


@pytest.mark.parametrize("macros, formula", [
    ("".join(f"  m{c}: '" + f"\\m{chr(ord(c) + 1)}" * 10 + "'\n" for c in "abcdefgh") + "  mi: 'v'\n", "$\\ma$"),  # 10⁸ copies
    ("  d: {args: 1, body: '#1 #1'}\n", "$" + "\\d{" * 40 + "\\gamma" + "}" * 40 + "$"),  # 2⁴⁰ through arguments
])
def test_huge_expansions_stop(tmp_path, macros, formula):
    assert "expands more than" in _read_one(tmp_path, formula, macros).message()


@pytest.mark.parametrize("formula", [
    r"$|\mathbf{v}|$", r"$\left| \mathbf{W} \mathbf{x}_k \right|$", r"$|\mathbf{x}_k|$", r"$\gamma |\mathbf{W}|$",
])
def test_bars_around_a_vector_or_matrix_are_refused(tmp_path, formula):
    error = _read_one(tmp_path, formula)
    line = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()[error.where.line - 1]
    assert "can be read two ways: as a norm" in error.message() and line[error.where.col - 1 :].startswith(("|", "\\left|")), error.message()


@pytest.mark.parametrize("formula", [r"$\sum_{\gamma=1}^{3} \gamma$", r"$\prod_{\eta=1}^{3} \eta$", r"$\sum_{W=1}^{3} \gamma$"])
def test_a_big_operators_index_may_not_be_a_declared_symbol(tmp_path, formula):
    assert "index must be a new name" in _read_one(tmp_path, formula).message()


def test_a_paper_macro_named_like_a_declared_symbol(tmp_path):
    (tmp_path / "p.tex").write_text("\\newcommand{\\gamma}{\\eta}\n\\begin{document}\n\\begin{equation}\n\\eta \\le 2 \\gamma\n\\end{equation}\n\\end{document}\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(ATTACK_SYMBOLS, encoding="utf-8")
    result = run_cli("verify", str(tmp_path / "p.tex"), "--symbols", str(tmp_path / "s.yaml"))
    assert result.returncode == 2 and f"{tmp_path / 'p.tex'}:4:12: \\gamma is both a macro" in result.stderr, result.stderr


def test_input_hidden_in_a_paper_macro_is_refused_at_the_paper(tmp_path):
    (tmp_path / "p.tex").write_text("\\newcommand{\\secret}{\\input{/etc/passwd}}\n\\begin{equation}\n\\eta \\le \\secret\n\\end{equation}\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(ATTACK_SYMBOLS, encoding="utf-8")
    result = run_cli("verify", str(tmp_path / "p.tex"), "--symbols", str(tmp_path / "s.yaml"))
    assert result.returncode == 2 and "\\input is not allowed" in result.stderr and result.stderr.startswith(str(tmp_path / "p.tex") + ":"), result.stderr


def test_a_symlink_out_of_the_papers_folder_is_not_followed(tmp_path):
    folder = tmp_path / "paper"
    folder.mkdir()
    (tmp_path / "outside.tex").write_text(r"\begin{equation} a \le b \end{equation}", encoding="utf-8")
    (folder / "inside.tex").symlink_to(tmp_path / "outside.tex")
    (folder / "p.tex").write_text("\\input{inside}\n", encoding="utf-8")
    with pytest.raises(InputError, match="leaves the paper's folder"):
        read_paper(folder / "p.tex")


def test_several_files_and_github_annotations_point_at_the_paper(paper):
    paper.write_text(paper.read_text(encoding="utf-8").replace("&= 1 .", "&= 2 ."), encoding="utf-8")
    symbols = str(paper.parent / "syms.yaml")
    github = run_cli("verify", str(paper), "--symbols", symbols, "--format", "github")
    assert github.returncode == 1 and f"file={paper},line=11" in github.stdout, github.stdout
    batch = run_cli("verify", str(paper), str(paper.parent / "syms.yaml"), "--symbols", symbols, "-j", "1")
    assert str(paper) in batch.stdout and "symbound-import" not in batch.stdout + batch.stderr


def test_audit_and_latex_take_the_papers_symbols_too(paper):
    symbols = str(paper.parent / "syms.yaml")
    verified = run_cli("verify", str(paper), "--symbols", symbols, "--width", "300")
    assert f"`symbound audit {paper} --symbols {symbols}`" in verified.stdout, verified.stdout
    audited = run_cli("audit", str(paper), "--symbols", symbols, "--json")
    assert audited.returncode == 0 and yaml.safe_load(audited.stdout)["file"] == str(paper)
    printed = run_cli("latex", str(paper), "--symbols", symbols)
    assert printed.returncode == 0 and f"from {paper};" in printed.stdout
    unguided = run_cli("audit", str(paper), "--json")  # without them, the inferred symbols: another derivation
    assert unguided.stdout != audited.stdout
