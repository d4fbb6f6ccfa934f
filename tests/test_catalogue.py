"""The lemma catalogue: one set of data, three renderings, and docs/lemmas.md kept in step."""

from __future__ import annotations

from conftest import ROOT, run_cli
from test_latex import double_scripts, pdflatex

from symbound.rules import LEMMAS
from symbound.render import catalogue


def test_docs_lemmas_md_is_generated_and_current():
    committed = (ROOT / "docs" / "lemmas.md").read_text(encoding="utf-8")
    assert committed == catalogue.markdown(), "docs/lemmas.md is stale: run `symbound lemmas --markdown > docs/lemmas.md`"


def test_every_lemma_in_every_rendering():
    text, md, tex = catalogue.text(), catalogue.markdown(), catalogue.latex()
    for lemma in LEMMAS:
        assert lemma.name in text and lemma.statement in text
        assert f"### `{lemma.name}`" in md and lemma.reference in md
        assert lemma.name.replace("_", r"\_") in tex
        for hyp in lemma.hypotheses:
            assert hyp in md


def test_statements_are_printed_by_sympy():
    sub = next(l for l in LEMMAS if l.name == "submultiplicative")
    assert catalogue.statement_latex(sub) == r"\left\| A B \right\|_{p} \le \left\| A \right\|_{p} \left\| B \right\|_{p}"
    geo = next(l for l in LEMMAS if l.name == "geometric_tendsto_zero")
    assert r"q^{n} \to 0" in catalogue.statement_latex(geo)


def test_catalogue_latex_compiles(tmp_path):
    pdflatex(catalogue.latex(standalone=True), tmp_path, "lemmas")


def test_catalogue_latex_has_one_script_a_base_even_for_an_inverse_transposed(tmp_path, monkeypatch):
    """A reference with A⁻¹ᵀ and (Aᵀ)⁻¹ (a double superscript once: A^{-}^{1}^{T}) still compiles."""
    import dataclasses

    inverse = next(l for l in LEMMAS if l.name == "inverse_transpose")
    again = dataclasses.replace(inverse, name="inverse_transpose_prose", reference="A⁻¹ᵀ = Aᵀ⁻¹ = (Aᵀ)⁻¹, ‖A⁻¹‖₂² ≥ 0 (Horn & Johnson 2013)")
    monkeypatch.setattr(catalogue, "LEMMAS", [*LEMMAS, again])
    tex = catalogue.latex(standalone=True)
    assert "inverse\\_transpose\\_prose" in tex
    assert double_scripts(tex) == []
    pdflatex(tex, tmp_path, "lemmas")


def test_cli_lemmas():
    proc = run_cli("lemmas")
    assert proc.returncode == 0, proc.stderr
    assert "submultiplicative" in proc.stdout and "Horn & Johnson" in proc.stdout
    proc = run_cli("lemmas", "--markdown")
    assert proc.returncode == 0 and proc.stdout == catalogue.markdown()
    proc = run_cli("lemmas", "--latex")
    assert proc.returncode == 0 and proc.stdout == catalogue.latex()
