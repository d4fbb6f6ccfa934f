"""Verdicts reused across the checks of one run (symbound.check.reuse): a re-check takes the verdict of every
link whose prefix (declarations, definitions, model, premises, lemmas, options, earlier chains and links, the
link itself) was checked already, and nothing else."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from symbound.check.checker import Checker, check
from symbound.check.reuse import VerdictMemo
from symbound.passes import repairs
from symbound.read.derivation import read

FILE = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]%(assume)s}
  v: {kind: vector, shape: [n]}
  %(a)s: {kind: scalar}
premises:
  P: {claim: "%(a)s <= %(bound)s"}
chains:
  - id: c
    start: "norm(W @ v)"
    steps:
      - "=": "norm(v)"
  - id: d
    start: "%(a)s"
    steps:
      - "<=": "2"
        by: P
  - id: e
    start: "%(a)s + 1"
    steps:
      - "%(rel)s": "3"
        by: P
      - "<=": "4"
"""


def derivation(tmp_path, name="d", assume=", assume: [orthogonal]", a="a", bound="1", rel="<="):
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(FILE % {"assume": assume, "a": a, "bound": bound, "rel": rel}), encoding="utf-8")
    return read(path)


def statuses(report):
    return [(l.chain, l.index, l.status, l.reason) for l in report.links]


def twice(first, second):
    """The report on ``second`` checked after ``first`` with one memo, the memo's hits in the second check, and
    the report on ``second`` checked alone."""
    memo = VerdictMemo()
    check(first, search=False, memo=memo)
    before = memo.hits
    report = check(second, search=False, memo=memo)
    return report, memo.hits - before, check(second, search=False)


def test_the_same_derivation_is_taken_whole_and_replayed_to_the_same_verdicts(tmp_path):
    d = derivation(tmp_path)
    report, hits, alone = twice(d, d)
    assert hits == len(alone.links) == 4
    assert statuses(report) == statuses(alone)
    assert [l.status for l in report.links] == ["proved"] * 4
    assert all(l.theorem is not None for l in report.links)  # a proved verdict is this kernel's theorem again


@pytest.mark.parametrize("first,second", [(", assume: [orthogonal]", ""), ("", ", assume: [orthogonal]")])
def test_a_changed_declaration_is_never_reused(tmp_path, first, second):
    """‖Wv‖ = ‖v‖ holds for an orthogonal W only: dropping or adding the property changes every key."""
    report, hits, alone = twice(derivation(tmp_path, "one", assume=first), derivation(tmp_path, "one", assume=second))
    assert hits == 0
    assert statuses(report) == statuses(alone)
    assert report.links[0].status == ("proved" if second else "unproved")


@pytest.mark.parametrize("first,second", [("3", "1"), ("1", "3")])
def test_a_changed_premise_the_link_uses_is_never_reused(tmp_path, first, second):
    report, hits, alone = twice(derivation(tmp_path, "one", bound=first), derivation(tmp_path, "one", bound=second))
    assert hits == 0
    assert statuses(report) == statuses(alone)
    assert report.links[1].status == ("proved" if second == "1" else "unproved")


def test_a_renamed_symbol_is_never_reused(tmp_path):
    report, hits, alone = twice(derivation(tmp_path, "one", a="a"), derivation(tmp_path, "one", a="b"))
    assert hits == 0
    assert statuses(report) == statuses(alone)
    assert str(report.links[1].lhs) == "b"


def test_a_changed_link_reuses_exactly_the_links_before_it(tmp_path):
    """e.1 written < instead of ≤: c.1 and d.1 are taken, e.1 (changed) and e.2 (after it) are checked."""
    first, second = derivation(tmp_path, "one"), derivation(tmp_path, "one", rel="<")
    report, hits, alone = twice(first, second)
    assert hits == 2
    assert statuses(report) == statuses(alone)
    assert report.links[2].rel == "<" and report.links[2].status == "proved"


def test_a_link_is_checked_only_up_to_it(tmp_path, monkeypatch):
    searched = []
    original = Checker.search_link

    def search_link(self, chain, index, lhs, link, remembered=None):
        searched.append((chain.id, index))
        return original(self, chain, index, lhs, link, remembered)

    monkeypatch.setattr(Checker, "search_link", search_link)
    verdict = Checker(derivation(tmp_path), search=False).verdict_of("e", 1)
    assert (verdict.chain, verdict.index, verdict.status) == ("e", 1, "proved")
    assert searched == [("c", 1), ("d", 1), ("e", 1)]
    with pytest.raises(KeyError):
        Checker(derivation(tmp_path), search=False).verdict_of("e", 3)


def test_the_options_and_the_lemmas_outcomes_are_in_the_key(tmp_path):
    d = derivation(tmp_path)
    memo = VerdictMemo()
    chain, link = d.chains[0], d.chains[0].links[0]

    def key(derivation, timeout=10.0, lemma_checks=()):
        prefix = memo.start(derivation, timeout, list(lemma_checks))
        prefix.chain(chain)
        return prefix.link(1, link)

    assert key(d) == key(derivation(tmp_path))  # read again: the same key
    assert key(d) != key(d, timeout=5.0)
    assert key(d) != key(d, lemma_checks=["refuted"])
    assert key(d) != key(dataclasses.replace(d, path="other.yaml"))
    moved = dataclasses.replace(link, where=dataclasses.replace(link.where, line=link.where.line + 1))
    prefix = memo.start(d, 10.0, [])
    prefix.chain(chain)
    assert prefix.link(1, moved) != key(d)


def test_verdicts_cut_short_by_the_clock_are_not_kept(tmp_path):
    memo = VerdictMemo()
    (first, *_) = check(derivation(tmp_path), search=False).links
    memo.put("k", dataclasses.replace(first, reason="limit reached: the search took too long"))
    memo.put("j", first)
    assert memo.get("k") is None and memo.get("j") is first and len(memo) == 1


def test_a_derivation_that_does_not_pickle_is_checked_afresh(tmp_path):
    d = dataclasses.replace(derivation(tmp_path), notes=lambda: None)  # a lambda does not pickle
    memo = VerdictMemo()
    assert memo.start(d, 10.0, []) is None
    check(d, search=False, memo=memo)
    report = check(d, search=False, memo=memo)
    assert memo.hits == 0 and len(memo) == 0
    assert [l.status for l in report.links] == ["proved"] * 4


# ---------------------------------------------------------------- the repairs of pascanu_arxiv.yaml


def shown(report):
    return ([(l.chain, l.index, [(r.kind, r.relation, r.lemmas, r.premises) for r in l.repairs]) for l in report.links],
            [ch.repaired for ch in report.chains], report.conclusion and report.conclusion.repaired, report.repairs)


@pytest.fixture(scope="module")
def arxiv():
    from conftest import ROOT

    d = read(ROOT / "derivations" / "pascanu_arxiv.yaml")
    memo = VerdictMemo()
    return check(d, search=False, memo=memo), memo


def test_repairs_search_again_only_the_links_they_change(arxiv, monkeypatch):
    """The relation repairs of pascanu_arxiv.yaml change eq6.2 (< → ≤): every link before it is the memo's, and no
    link after it is checked (nothing reads it)."""
    report, memo = arxiv
    searched = []
    original = Checker.search_link

    def search_link(self, chain, index, lhs, link, remembered=None):
        searched.append((chain.id, index, remembered is not None))
        return original(self, chain, index, lhs, link, remembered)

    monkeypatch.setattr(Checker, "search_link", search_link)
    checked = lambda d, reuse=None: report  # noqa: E731 - no definition or premise candidate checked here
    verdict_of = lambda d, chain, index: Checker(d, search=False, memo=memo).verdict_of(chain, index)  # noqa: E731
    per_link, _ = repairs.suggest(report.derivation, report, checked, verdict_of)
    assert [(c, i) for c, i, remembered in searched if not remembered] == [("eq6", 2)]
    assert [(c, i) for c, i, _ in searched] == [("eq6", 1), ("eq6", 2)]  # first_factor.1 (unproved) taken as it is
    assert per_link[("eq6", 2)] == []  # ‖W_recᵀ‖ ≤ λ₁ fails: no weaker relation makes it hold


def test_repairs_with_reuse_are_the_repairs_of_whole_checks(arxiv, monkeypatch):
    report, memo = arxiv
    with_reuse = repairs.repaired(report, memo=memo)
    monkeypatch.setattr(VerdictMemo, "start", lambda self, *args: None)
    monkeypatch.setattr(Checker, "verdict_of", lambda self, chain, index: next(
        l for l in self.run().links if (l.chain, l.index) == (chain, index)))
    monkeypatch.setattr(repairs, "kept", lambda report, changed: {})
    assert shown(repairs.repaired(report)) == shown(with_reuse)
