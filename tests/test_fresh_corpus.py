"""The measuring corpora (issue 24, "How to measure it"): `tests/corpus/fresh` (eleven papers),
`tests/corpus/fresh2` (eleven more), `tests/corpus/fresh3`, `tests/corpus/fresh4`, `tests/corpus/fresh5` and `tests/corpus/fresh6` (ten
more each), papers the
project had not used, transcribed as their authors wrote the steps, each with wrong variants; and
`tests/corpus/papers`, the first such corpus (eleven papers, six wrong variants), held to the same invariants. Every verdict in their `expected.tsv` was
decided from the mathematics and checked numerically (`check_numeric.py`, with the helpers of
`tests/corpus/numeric.py`) before symbound ran.

The safety invariants hold for every file (nothing expected refuted is proved, nothing true is refuted) except the
files pinned in ``UNSAFE``, each a false verdict found by the corpus and waiting for its fix. Whether each file
meets all its rows is pinned file by file: the files symbound does not yet get fully right are strict xfails (the
reason names the failing rows and their class), so that a fix shows up (XPASS fails the run) and the file moves to
the passing ones. A file the reader refuses (a notation of the paper symbound cannot read yet) is pinned in
its corpus's ``unread`` for the safety test too: it has no verdict to be safe or unsafe."""

from __future__ import annotations

import csv
import functools
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

from symbound import InputError, verify
from symbound.values import PROVED, REFUTED


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the report cache
class Corpus:
    """One measuring corpus: its folder, the wrong variant checked in the default run, and its pinned files."""
    name: str
    quick_wrong: str  # refuted at its wrong links within a few dozen instances
    known: dict[str, str]  # files not yet fully right on this branch's code (scored in check_expected_output.txt)
    unsafe: dict[str, str] = field(default_factory=dict)  # files with a false verdict, until it is fixed
    unread: dict[str, str] = field(default_factory=dict)  # files the reader refuses (exit 2), until it reads them
    fresh: bool = True  # built to issue 24's rule: at least 20 files, 10 wrong variants beside their true files

    @property
    def folder(self) -> Path:
        return ROOT / "tests" / "corpus" / self.name

    @functools.cached_property
    def rows(self) -> list[dict[str, str]]:
        return list(csv.DictReader(open(self.folder / "expected.tsv", newline="", encoding="utf-8"), delimiter="\t"))

    @property
    def files(self) -> list[str]:
        return sorted({r["file"] for r in self.rows})


FRESH = Corpus("fresh", "mhammedi_householder_wrong.yaml", {})
FRESH2 = Corpus("fresh2", "winston_mondeq_wrong.yaml", {
    "kingma_adam_wrong.yaml": "the conclusion, true (1 − β₂ ≤ √(1 − β₂)), unproved once the chain that would give it is "
                              "refuted: |α m/√v| = α(1 − β₁)/√(1 − β₂) and a comparison of roots in one goal (signs)",
    "erichson_lipschitz_wrong.yaml": "the conclusion, true, unproved once the chain's first two links are refuted: hᵀA_βh "
                                     "expanded and bounded in one goal (the conclusion on its own)",
})
FRESH3 = Corpus("fresh3", "reddi_amsgrad_wrong.yaml", {
    "zinkevich_ogd_wrong.yaml": "regret_term.1 unproved once the chain before it is refuted: the premise squared and "
                                "the inner product expanded in one step (the conclusion on its own)",
})
FRESH4 = Corpus("fresh4", "muller_label_smoothing_wrong.yaml", {})
FRESH5 = Corpus("fresh5", "warner_randomized_response_wrong.yaml", {})
FRESH6 = Corpus("fresh6", "nesterov_gradient_step_wrong.yaml", {
    "mohri_finite_class.yaml": "union_bound.1 unproved: |H|(1 − ε)^m ≤ |H|e^{−mε} with ε ≤ 1 a premise on a definition; "
                               "1 − u ≤ e^{−u} alone is proved (polarity: a power with a symbolic exponent m > 0 "
                               "bounded through its base)",
    "mohri_finite_class_wrong.yaml": "union_bound.1 unproved, as in the true file (polarity: a power with a symbolic "
                                     "exponent bounded through its base)",
    "bun_steinke_zcdp.yaml": "gaussian.1 unproved: α(μ − ν)²/(2σ²) ≤ αΔ²/(2σ²) from |μ − ν| ≤ Δ (u² ≤ b² alone is "
                             "proved; polarity: a squared premise scaled by a positive quotient); tail.1–2 unproved: "
                             "the kernel asks 0 ≤ ρ log(1/δ) for the root, with ρ = Δ²/(2σ²) > 0 and δ < 1 (a sign "
                             "fact: log x > 0 for x > 1, through a definition)",
    "bun_steinke_zcdp_wrong.yaml": "tail.1–2 unproved, as in the true file (a sign fact: 0 ≤ ρ log(1/δ))",
    "erlingsson_rappor.yaml": "epsilon.1 unproved: log(c^{2h}) = 2h log c with c = (1 − f/2)/(f/2) and 0 < f < 1 a "
                              "chained premise (proved for a declared positive c: a sign fact of a quotient)",
    "erlingsson_rappor_wrong.yaml": "epsilon.1 unproved, as in the true file (a sign fact of a quotient)",
    "laarhoven_effective_lr.yaml": "effective_rate.1 unproved: the premise g = ∇L(ŵ)/‖w‖ is used as a rewrite in "
                                   "‖ηg‖ = η‖gh/‖w‖‖ but not under the quotient by ‖w‖, nor in ‖g‖ = ‖gh/‖w‖‖ "
                                   "(algebra: an equality premise on a vector name used as a rewrite)",
    "laarhoven_effective_lr_wrong.yaml": "effective_rate.1 unproved, as in the true file (algebra: a vector premise as "
                                         "a rewrite)",
    "baldi_dropout_nwgm.yaml": "nwgm.1–2 unproved: Πa_i^{P_i}/(Πa_i^{P_i} + Πb_i^{P_i}) = 1/(1 + Π(b_i/a_i)^{P_i}) and "
                               "(1 − σ(s))/σ(s) = e^{−s} under ∏ (algebra under a product binder; an activation fact "
                               "under a binder)",
    "raghunathan_certified_wrong.yaml": "margin.3 unproved: ‖g‖∞ ≤ ‖g‖₁ for a vector has no lemma (a norm comparison "
                                        "missing from the library)",
    "littlestone_weighted_majority.yaml": "mistakes.2 unproved: the logarithm of the premise β^m ≤ n((1 + β)/2)^M "
                                          "(polarity: log increasing, applied to a premise, with log of powers)",
    "littlestone_weighted_majority_wrong.yaml": "mistakes.2 unproved, as in the true file (polarity: the logarithm of "
                                                "a premise)",
})
PAPERS = Corpus("papers", "loshchilov_hutter_weight_decay_wrong.yaml", {}, fresh=False)
CORPORA = (FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, PAPERS)
TEX_UNREAD: dict[str, str] = {}  # `.tex` twins the reader refuses, until it reads them


ACCEPTABLE = "unproved-acceptable"  # expected.tsv: true, but undefined somewhere (a checker may leave it unproved)


def statuses(report) -> dict[str, str]:
    out = {f"{link.chain}.{link.index}": link.status for link in report.links}
    if report.conclusion is not None:
        out["conclusion"] = report.conclusion.status
    return out


@functools.lru_cache(maxsize=None)
def report_of(corpus: Corpus, name: str):
    """The report of one corpus file, checked once per session (reports are values: tests only read them)."""
    return verify(corpus.folder / name)


def mismatches(corpus: Corpus, name: str, safety_only: bool) -> list[str]:
    """The rows of ``name`` that the verdicts break: only the safety invariants, or every row (as the scorer)."""
    rows = [r for r in corpus.rows if r["file"] == name]
    try:
        report = report_of(corpus, name)
    except InputError as exc:
        return [f"{name}: input error ({exc.message()})"]
    got, out = statuses(report), []
    lenient = any(r["expected"] == ACCEPTABLE for r in rows)  # a true row a checker may leave unproved
    for r in rows:
        ident, want = r["chain_or_link_id"], r["expected"]
        if ident == "*":
            refuted_any = REFUTED in got.values()
            if want == "refuted" and report.exit_code == 0:
                out.append(f"{name}: FALSE PROOF, exit 0")
            elif not safety_only and not ({"proved": report.exit_code == 0 or (lenient and report.exit_code == 1
                                                                               and not refuted_any),
                                           "refuted": report.exit_code == 1 and refuted_any}[want]):
                out.append(f"{name}: expected {want}, exit {report.exit_code}")
        elif ident not in got:
            out.append(f"{name}: {ident} missing")
        elif want == "refuted" and got[ident] == PROVED:
            out.append(f"{name}: {ident} FALSE PROOF ({r['note']})")
        elif want in ("proved", ACCEPTABLE) and got[ident] == REFUTED:
            out.append(f"{name}: {ident} FALSE REFUTATION ({r['note']})")
        elif not safety_only and want != ACCEPTABLE and got[ident] != want:
            out.append(f"{name}: {ident} expected {want}, got {got[ident]}")
    return out


def pinned(corpus: Corpus, name: str, reasons: dict[str, str]):
    """``corpus``/``name`` as a test case, a strict xfail when ``reasons`` names the file."""
    marks = [pytest.mark.xfail(strict=True, reason=reasons[name])] if name in reasons else []
    return pytest.param(corpus, name, id=f"{corpus.name}/{name}", marks=marks)


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_expected_tsv_names_every_file_with_a_whole_file_row(corpus):
    on_disk = {p.name for p in corpus.folder.glob("*.yaml")}
    assert set(corpus.files) == on_disk and len(on_disk) >= (20 if corpus.fresh else 17)
    assert {r["expected"] for r in corpus.rows} <= {"proved", "refuted", ACCEPTABLE}
    assert all(r["chain_or_link_id"] != "*" for r in corpus.rows if r["expected"] == ACCEPTABLE)
    assert {r["file"] for r in corpus.rows if r["chain_or_link_id"] == "*"} == on_disk
    assert set(corpus.known) <= on_disk and set(corpus.unsafe) | set(corpus.unread) <= set(corpus.known)
    assert all((ROOT / "tests" / "corpus" / tex).is_file() for tex in TEX_UNREAD)
    wrong = {n for n in on_disk if n.endswith("_wrong.yaml")}
    assert len(wrong) >= (10 if corpus.fresh else 6) and all(n.replace("_wrong", "") in on_disk for n in wrong)


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_every_decided_verdict_agrees_with_numpy(corpus):
    run = subprocess.run([sys.executable, str(corpus.folder / "check_numeric.py")], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    checked = {(line.split()[1], line.split()[2].rstrip(":")) for line in run.stdout.splitlines() if line.startswith("ok ")}
    links = {(r["file"], r["chain_or_link_id"]) for r in corpus.rows if r["chain_or_link_id"] != "*"}
    assert checked == links  # one numeric check per link and conclusion of expected.tsv, none left out


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_a_wrong_variant_is_refuted_at_its_wrong_links(corpus):
    assert mismatches(corpus, corpus.quick_wrong, safety_only=False) == []


@pytest.mark.slow
@pytest.mark.parametrize("corpus, name", [pinned(c, n, c.unsafe | c.unread) for c in CORPORA for n in c.files])
def test_no_false_verdict_on_the_fresh_corpus(corpus, name):
    assert mismatches(corpus, name, safety_only=True) == []


@pytest.mark.slow
@pytest.mark.parametrize("corpus, name", [pinned(c, n, c.known) for c in CORPORA for n in c.files])
def test_every_verdict_of_the_fresh_corpus(corpus, name):
    assert mismatches(corpus, name, safety_only=False) == []


def tex_case(corpus: Corpus, paper: str):
    """``corpus``/``paper`` (a `.tex` twin) as a test case, a strict xfail when the reader refuses it."""
    ident = f"{corpus.name}/{paper}"
    marks = [pytest.mark.xfail(strict=True, reason=TEX_UNREAD[ident])] if ident in TEX_UNREAD else []
    return pytest.param(corpus, paper, id=ident, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("corpus, paper", [tex_case(c, p.name) for c in CORPORA for p in sorted(c.folder.glob("*.tex"))])
def test_a_papers_tex_gets_the_verdicts_of_its_yaml(corpus, paper):
    """A corpus file typeset as the paper would (`NAME.tex`, verified with `--symbols NAME.yaml`) gets, link by link,
    the verdicts of its YAML, whose expressions are the same LaTeX."""
    twin = corpus.folder / paper.replace(".tex", ".yaml")
    drafted = statuses(verify(corpus.folder / paper, symbols=twin))
    drafted.pop("conclusion", None)  # a paper's displays give chains only; the conclusion is the YAML's
    written = {k: v for k, v in statuses(report_of(corpus, twin.name)).items() if k != "conclusion"}
    assert drafted == written and len(written) >= 1
