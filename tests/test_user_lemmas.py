"""Lemmas a derivation file states itself (`lemmas:`), and abbreviations with an index (`D[k]: ...`).

A user lemma is used like a library lemma (matched, instantiated, checked by the kernel), marked in every
report as assumed, not from the library, and falsified before it is trusted: a false one is reported
refuted with its witness and never carries a proof."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import sympy as sp

from conftest import ROOT, derivation_file, derivation_from
from symbound.passes.audit import audit
from symbound.render.json import audit_data
from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.errors import InputError
from symbound.ops import Norm, SeqElem
from symbound.kernel.proofs import Proof
from symbound.render.json import to_data
from symbound.render.latex import render as render_latex
from kernelcheck import rejection

HEAD = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, 3]}
  g: scalar
lemmas:
  fro_le:
    statement: "norm(A, fro) <= sqrt(m) * norm(A, 2)"
    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}
    reference: "Horn & Johnson (2013), §5.6"
  shrink:
    statement: "norm(c * A, 2) <= norm(A, 2)"
    variables: {A: {kind: matrix, shape: [p, q]}, c: scalar, p: dimension, q: dimension}
    hypotheses: ["-1 <= c <= 1"]
    reference: "absolute homogeneity and |c| <= 1"
  norm_le_rho:
    statement: "norm(A, 2) <= rho(A)"
    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}
    reference: "false for non-normal A (a nilpotent A has rho(A) = 0)"
"""


def derivation(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = derivation_file(tmp_path, textwrap.dedent(head) + textwrap.dedent(body))
    return path


def statuses(report) -> dict[str, str]:
    return {f"{link.chain}.{link.index}": link.status for link in report.links}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = derivation(tmp_path_factory.mktemp("mixed"), """
        premises:
          P1: "-1 <= g <= 1"
        chains:
          - id: fro
            start: norm(W, fro)
            steps:
              - "<=": sqrt(n) * norm(W, 2)
                by: fro_le
          - id: shrunk
            start: norm(g * W, 2)
            steps:
              - "<=": norm(W, 2)
                by: shrink
          - id: false_step
            start: norm(W, 2)
            steps:
              - "<=": rho(W)
                by: norm_le_rho
          - id: wide
            start: norm(V, fro)
            steps:
              - "<=": sqrt(n) * norm(V, 2)
                by: fro_le
        conclusion:
          claim: "norm(g * W, fro) <= sqrt(n) * norm(W, 2)"
    """)
    return check(read(path), budget=600)


def test_a_user_lemma_proves_its_instances_and_every_use_is_marked(mixed):
    s = statuses(mixed)
    assert s["fro.1"] == "proved" and s["shrunk.1"] == "proved"
    fro = mixed.chains[0].links[0]
    assert [u.name for u in fro.uses if u.kind == "assumed"] == ["fro_le"] and fro.assumed == ["fro_le"]
    shrunk = mixed.chains[1].links[0]
    assert shrunk.assumed == ["shrink"] and shrunk.premises == ["P1"]  # its hypothesis -1 <= g <= 1 came from P1
    node = next(n for n in shrunk.proof.walk() if n.kind == "assumed")
    assert len(node.children) == 2  # one proof per hypothesis relation, checked by the kernel


def test_a_false_user_lemma_is_refuted_with_a_witness_and_never_used(mixed):
    lemma = {u.name: u for u in mixed.lemmas}["norm_le_rho"]
    assert lemma.status == "refuted" and lemma.witness is not None and lemma.witness.exact
    assert statuses(mixed)["false_step.1"] != "proved"
    assert "norm_le_rho" in mixed.chains[2].links[0].miscited and not mixed.chains[2].links[0].assumed
    assert any(f.kind == "refuted lemma" and "norm_le_rho" in f.text for f in mixed.findings)
    assert mixed.exit_code == 1


def test_a_lemma_applies_only_at_its_shape(mixed):
    # fro_le is about square matrices: V is n×3, so the file's own lemma cannot give ‖V‖_F ≤ √n‖V‖₂
    assert statuses(mixed)["wide.1"] != "proved"
    assert "fro_le" not in mixed.chains[3].links[0].assumed


def test_the_conclusion_says_it_rests_on_assumed_lemmas(mixed):
    c = mixed.conclusion
    assert c.status == "proved" and "fro_le" in c.assumed and "norm_le_rho" not in c.assumed
    data = to_data(mixed)
    assert data["conclusion"]["assumed_lemmas"] == c.assumed
    assert {x["name"]: x["status"] for x in data["lemmas"]} == {"fro_le": "used", "shrink": "used", "norm_le_rho": "refuted"}
    assert data["lemmas"][2]["witness"]["exact"] is True
    link = data["chains"][0]["links"][0]
    assert link["assumed_lemmas"] == ["fro_le"]
    json.dumps(data)


def test_every_view_marks_assumed_lemmas(mixed):
    from rich.console import Console

    from symbound.render.html import _link_html, _user_lemmas
    from symbound.render.mathtext import Notation
    from symbound.render.terminal import render

    console = Console(width=200, highlight=False, markup=False, emoji=False)
    with console.capture() as out:
        render(mixed, console)
    text = out.get()
    assert "fro_le (assumed, not from the library)" in text
    assert "Lemmas of this file (assumed, not from the library)" in text
    assert "and on lemmas the file assumes, not from the library: " + ", ".join(mixed.conclusion.assumed) in text
    tex = render_latex(mixed)
    assert r"\texttt{fro\_le} (assumed, not from the library)" in tex and r"\textbf{Refuted lemma.}" in tex
    assert "fro_le (assumed, not from the library)" in _link_html(mixed.chains[0].links[0], Notation(mixed.derivation))
    assert "norm_le_rho" in _user_lemmas(mixed, Notation(mixed.derivation))


def test_the_audit_lists_user_lemmas_used_unused_and_refuted(tmp_path):
    path = derivation(tmp_path, """
        chains:
          - start: norm(W, fro)
            steps:
              - "<=": sqrt(n) * norm(W, 2)
    """)
    r = check(read(path), budget=600)
    a = audit(r, removals=False)
    assert a.lemmas == [("fro_le", "used", ["chain1.1"]), ("shrink", "unused", []), ("norm_le_rho", "refuted", [])]
    assert audit_data(a)["assumed_lemmas"][1] == {"name": "shrink", "status": "unused", "used_by": []}


def test_the_kernel_checks_an_instance_of_a_user_lemma(mixed):
    from symbound.kernel.kernel import Kernel

    d = mixed.derivation
    kernel = Kernel.for_derivation(d)
    lemmas = {lemma.name: lemma for lemma in d.lemmas}
    kernel.assume(lemmas["fro_le"], "given by this test")
    A, m = (v for v, _ in lemmas["fro_le"].variables)
    W, V = d.symbols["W"].obj, d.symbols["V"].obj
    n = d.symbols["n"].obj
    good = Proof("assumed", "fro_le", Norm(W, "fro"), "<=", sp.sqrt(n) * Norm(W, 2), binding=((A, W), (m, n)))
    assert rejection(kernel, Norm(W, "fro"), "<=", sp.sqrt(n) * Norm(W, 2), good) == ""
    # a non-square matrix is not an instance of a lemma about m×m matrices, whatever the binding says
    wide = Proof("assumed", "fro_le", Norm(V, "fro"), "<=", sp.sqrt(n) * Norm(V, 2), binding=((A, V), (m, n)))
    assert "shape" in rejection(kernel, Norm(V, "fro"), "<=", sp.sqrt(n) * Norm(V, 2), wide)
    # a refuted (or unknown) lemma is no fact at all
    forged = Proof("assumed", "norm_le_rho", Norm(W, 2), "<=", Norm(W, 2), binding=((A, W), (m, n)))
    assert "not a lemma of this file" in rejection(kernel, Norm(W, 2), "<=", Norm(W, 2), forged)


def test_only_the_kernel_writes_what_it_assumes_each_with_its_reason(mixed):
    """The checker hands the kernel the lemmas that survived the search through ``Kernel.assume`` and a reason;
    what the kernel assumes is a read-only view that no caller can write or replace."""
    from symbound.check.checker import Checker

    kernel = Checker(mixed.derivation, budget=600).kernel
    assumed = kernel.assumed
    assert set(assumed) == {"fro_le", "shrink"}  # norm_le_rho was refuted: not assumed
    assert all(re.fullmatch(r"not refuted by the counterexample search: [1-9]\d* instances held", why) for why in assumed.values()), assumed
    refuted = {lemma.name: lemma for lemma in mixed.derivation.lemmas}["norm_le_rho"]
    with pytest.raises(TypeError):
        assumed["norm_le_rho"] = refuted  # type: ignore[index]
    with pytest.raises(AttributeError):
        kernel.assumed = {"norm_le_rho": refuted}  # type: ignore[misc]
    with pytest.raises(ValueError):
        kernel.assume(refuted, "  ")  # an assumption without a reason
    assert "norm_le_rho" not in kernel.assumed


def test_a_hypothesis_must_be_proved(tmp_path):
    path = derivation(tmp_path, """
        chains:
          - start: norm(g * W, 2)
            steps:
              - "<=": norm(W, 2)
                by: shrink
    """)
    r = check(read(path), budget=300)
    assert statuses(r)["chain1.1"] != "proved"  # nothing says -1 <= g <= 1


def test_an_equality_lemma_rewrites(tmp_path):
    path = derivation(tmp_path, """
        chains:
          - start: norm(W.T, inf)
            steps:
              - "=": norm(W, 1)
                by: inf_transpose
    """, head="""
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
        lemmas:
          inf_transpose:
            statement: "norm(A.T, inf) == norm(A, 1)"
            variables: {A: {kind: matrix, shape: [p, q]}, p: dimension, q: dimension}
            reference: "Horn & Johnson (2013), §5.6.5 (row sums of Aᵀ are column sums of A)"
    """)
    r = check(read(path), budget=300)
    assert r.exit_code == 0 and r.links[0].assumed == ["inf_transpose"]


@pytest.mark.parametrize("lemma, what", [
    ("submultiplicative:\n    statement: \"norm(A, 2) <= norm(A, 2)\"\n    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}\n    reference: x",
     "is the name of a library lemma"),
    ("P1:\n    statement: \"norm(A, 2) <= norm(A, 2)\"\n    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}\n    reference: x",
     "both a lemma and a premise id"),
    ("mine:\n    statement: \"norm(A, 2) <= norm(B, 2)\"\n    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}\n    reference: x",
     "unknown symbol 'B'"),
    ("mine:\n    statement: \"norm(A, 2) <= 1\"\n    variables: {A: {kind: matrix, shape: [m, m], assume: [normal]}}\n    reference: x",
     "'m' is not a dimension of lemma mine"),
])
def test_mistakes_in_a_lemma_are_located(tmp_path, lemma, what):
    head = "symbols:\n  n: dimension\n  W: {kind: matrix, shape: [n, n]}\nlemmas:\n  " + lemma + "\n"
    body = "premises:\n  P1: \"norm(W) <= 1\"\nchains:\n  - start: norm(W)\n    steps:\n      - \"<=\": 1\n"
    with pytest.raises(InputError) as exc:
        derivation_from(tmp_path, head + body)
    assert what in exc.value.what and re.match(r".*d\.yaml:\d+:\d+: .+ — .+", exc.value.message())


# ---------------------------------------------------------------- abbreviations with an index

ABBREVIATED = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [n]}
  sigma: {kind: activation}
  k: index
  t: index
definitions:
  D[j]: diag(sigma'(W @ h[j - 1] + V @ x[j]))
  E: {index: i, value: "norm(h[i])"}
chains:
  - id: c1
    start: norm(D[k+1] @ W)
    steps:
      - "<=": norm(D[k+1]) * norm(W)
  - id: c2
    start: norm(prod(W.T @ D[i], i, k + 1, t))
    steps:
      - "<=": norm(W.T @ D[t]) * E[t - 1]
"""


def test_an_indexed_abbreviation_unfolds_at_every_index(tmp_path):
    d = derivation_from(tmp_path, ABBREVIATED)
    k, t = d.symbols["k"].obj, d.symbols["t"].obj
    start = d.chains[0].start  # D[k+1] is diag(σ'(W h_k + V x_{k+1}))
    assert {(e.name, e.index) for e in sp.preorder_traversal(start) if isinstance(e, SeqElem)} == {("h", k), ("x", k + 1)}
    product = d.chains[1].start.args[0]  # inside ∏ over i, D[i] is unfolded with the product's own index
    i = product.args[1][0] if isinstance(product, sp.Product) else product.limits[0]
    assert {e.index for e in sp.preorder_traversal(product) if isinstance(e, SeqElem)} == {i - 1, i}
    scalar = d.chains[1].links[0].expr  # a scalar-valued abbreviation at t − 1
    assert Norm(SeqElem("h", t - 1, d.symbols["n"].obj, 1), 2) in sp.preorder_traversal(scalar)


def test_an_indexed_abbreviation_is_printed_as_written(tmp_path):
    d = derivation_from(tmp_path, ABBREVIATED)
    from symbound.render.mathtext import Notation

    nt = Notation(d)
    assert nt.text(d.chains[0].start_shown) == "‖D[k + 1] W‖₂"
    r = check(d, search=False)
    assert statuses(r)["c1.1"] == "proved"
    assert "D_{k + 1}" in render_latex(r)


def test_the_tutorial_example_is_proved_and_marks_its_lemma(tmp_path):
    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    example = next(b for b in blocks if "lemmas:" in b and "chains:" in b)
    r = check(derivation_from(tmp_path, example, "tutorial.yaml"), budget=600)
    assert r.exit_code == 0, r
    assert any(link.assumed for link in r.links) and all(u.status == "used" for u in r.lemmas)
    from symbound.check.certificate import terms
    from symbound.kernel.replay import replay

    again = replay(r.derivation, *terms(r))  # a fresh kernel, the file and the proof terms: every proof passes
    assert again.rejected == {} and len(again.links) == len(r.links)


def test_replay_rejects_a_proof_through_a_lemma_it_does_not_assume(mixed):
    from symbound.check.certificate import terms
    from symbound.kernel.replay import replay

    steps, assumed = terms(mixed)
    assert "fro_le" in assumed and replay(mixed.derivation, steps, assumed).rejected == {}
    assert "assumed: the file's lemma fro_le" in replay(mixed.derivation, steps, assumed).links["fro.1"].trusts
    link = mixed.chains[0].links[0]  # proved through fro_le; replayed without assuming it
    failures = replay(mixed.derivation, steps, assumed - {"fro_le"}).rejected
    assert f"{link.chain}.{link.index}" == "fro.1" and "not a lemma of this file" in failures["fro.1"]


def test_vector_and_index_variables(tmp_path):
    path = derivation(tmp_path, """
        premises:
          P1: "k <= t"
        chains:
          - id: mv
            start: norm(U @ y, 2)
            steps:
              - "<=": norm(U, 2) * norm(y, 2)
          - id: pw
            start: norm(W ** (t - k), 2)
            steps:
              - "<=": norm(W, 2) ** (t - k)
                by: powers
          - id: pw_unknown
            start: norm(W ** (k - t), 2)
            steps:
              - "<=": norm(W, 2) ** (k - t)
                by: powers
    """, head="""
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
          U: {kind: matrix, shape: [n, 2]}
          y: {kind: vector, shape: [2]}
          k: index
          t: index
        lemmas:
          matvec:
            statement: "norm(A @ x, 2) <= norm(A, 2) * norm(x, 2)"
            variables: {A: {kind: matrix, shape: [p, q]}, x: {kind: vector, shape: [q]}, p: dimension, q: dimension}
            reference: "Horn & Johnson (2013), Def. 5.6.1"
          powers:
            statement: "norm(A ** i, 2) <= norm(A, 2) ** i"
            variables: {A: {kind: matrix, shape: [m, m]}, i: index, m: dimension}
            hypotheses: ["0 <= i"]
            reference: "induction on submultiplicativity"
    """)
    r = check(read(path), search=False)
    s = statuses(r)
    assert s["mv.1"] == "proved" and r.links[0].assumed == ["matvec"]
    assert s["pw.1"] == "proved" and r.links[1].premises == ["P1"]  # 0 <= t − k from k <= t
    assert s["pw_unknown.1"] != "proved"  # 0 <= k − t does not follow


def test_an_abbreviation_written_at_k_plus_one_as_papers_do(tmp_path):
    d = derivation_from(tmp_path, ABBREVIATED.replace("D[j]: diag(sigma'(W @ h[j - 1] + V @ x[j]))", "D[k+1]: diag(sigma'(W @ h[k] + V @ x[k+1]))"))
    k = d.symbols["k"].obj
    start = d.chains[0].start  # D[k+1] at k + 1 is the value as written
    assert {(e.name, e.index) for e in sp.preorder_traversal(start) if isinstance(e, SeqElem)} == {("h", k), ("x", k + 1)}
    t = d.symbols["t"].obj
    at_t = d.chains[1].links[0].expr  # D[t] is diag(σ'(W h_{t−1} + V x_t))
    assert {(e.name, e.index) for e in sp.preorder_traversal(at_t) if isinstance(e, SeqElem) and e.name in "hx"} >= {("h", t - 1), ("x", t)}
    from symbound.render.mathtext import Notation

    assert Notation(d).text(d.indexed[0].head) == "D[k + 1]"
    with pytest.raises(InputError) as exc:
        derivation_from(tmp_path, ABBREVIATED.replace("D[j]:", "D[2*j]:"), "bad.yaml")
    assert "is not an index of an abbreviation" in exc.value.what and exc.value.where.line == 12


def test_a_false_lemma_is_searched_even_when_the_search_is_off(tmp_path):
    path = derivation(tmp_path, """
        chains:
          - start: norm(W, 2)
            steps:
              - "<=": rho(W)
                by: norm_le_rho
    """)
    r = check(read(path), budget=0, search=False)
    assert {u.name: u.status for u in r.lemmas}["norm_le_rho"] == "refuted"
    assert r.links[0].status != "proved" and r.exit_code == 1


@pytest.mark.parametrize("prop, declared, proved", [
    ("diagonal", "[diagonal]", True),
    ("positive_semidefinite", "[positive_semidefinite]", True),
    ("invertible", "[orthogonal]", True),  # an orthogonal matrix is invertible (the property table's implication)
    ("semi_orthogonal", "[orthogonal]", True),  # QᵀQ = I for a square orthogonal Q
    ("diagonal", "[symmetric]", False),
    ("positive_semidefinite", "[symmetric]", False),
])
def test_a_file_lemma_may_ask_any_property_of_the_table(tmp_path, prop, declared, proved):
    """A file lemma's variable may require any property of the one table (rules/properties.py); the kernel
    accepts an instance by the table's implications from what the file declares (it raised KeyError for
    diagonal, positive semidefinite and invertible), and never without them."""
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = derivation_file(tmp_path, f"""
        symbols:
          n: dimension
          A: {{kind: matrix, shape: [n, n], assume: {declared}}}
        chains:
          - id: c
            start: norm(A, 2)
            steps:
              - "<=": norm(A, fro)
                by: my_bound
        lemmas:
          my_bound:
            statement: "norm(B, 2) <= norm(B, fro)"
            variables: {{B: {{kind: matrix, shape: [m, m], assume: [{prop}]}}, m: dimension}}
            reference: "a test lemma asking its matrix to be {prop}"
    """)
    link = check(read(path), budget=300).links[0]
    assert ("my_bound" in link.assumed) is proved
