"""Soundness, measured: mutants of every shipped derivation are never wrongly proved.

A proved link of a mutant is wrongly proved when its proof term does not pass a fresh kernel
(``symbound.kernel.replay.replay``) or the independent judge (tests/judge.py, which shares nothing with
symbound's search) finds it false.  The default run classifies one mutant of every mutation class
(where it is: a link, a chain's start, a definition, a premise; what changed: a relation tightened,
ρ and ‖·‖₂ swapped, a product's factors swapped, a Jacobian reordered, an index moved, a declaration
dropped, a premise made an equality (hard to meet), a bound on ‖M‖₂, ρ(M) or σ_max(M) weakened to one on
M's entries so that only a matrix larger than 7 × 7 breaks it, ...), spread
over every shipped file and tests/mutation_target.yaml (square products, a Jacobian written out,
definitions over time indices); ``pytest -m slow`` classifies all of them (also ``python tests/mutants.py``;
``--only CLASS,CLASS`` for some classes, with the share of the caught mutants that are refuted).
"""

from __future__ import annotations

import os

import pytest

from conftest import DERIVATIONS
from mutants import TARGET, mutants, mutation_class, read, representatives, run_parallel, summary

FILES = sorted(DERIVATIONS.glob("*.yaml")) + [TARGET]
NEW_CLASSES = {"swap-product", "reorder-jacobian", "shift-index", "rename-index"}


def check(outcomes, at_least: int) -> None:
    print("\n" + summary(outcomes))
    wrong = [o for o in outcomes if o.verdict == "wrongly-proved"]
    assert len(outcomes) >= at_least, len(outcomes)
    assert not wrong, "\n".join(f"{o.mutant}: {o.detail}" for o in wrong)
    # most mutants must be caught; the ones still true are recognised by an independent check, not dropped
    caught = sum(1 for o in outcomes if o.verdict == "caught")
    assert caught >= 0.7 * len(outcomes), summary(outcomes)


def test_representatives_cover_every_class_and_file():
    names = {str(p): [m.name for m in mutants(read(p))] for p in FILES}
    chosen = representatives(FILES)
    assert {mutation_class(names[p][k]) for p, k in chosen} == {mutation_class(n) for ns in names.values() for n in ns}
    assert {p for p, _ in chosen} == {str(p) for p in FILES}
    assert len(chosen) == len(set(chosen)) <= 50
    labels = {mutation_class(n).rpartition(": ")[2] for ns in names.values() for n in ns}
    assert NEW_CLASSES <= labels, NEW_CLASSES - labels


def test_new_mutations_change_what_they_say() -> None:
    """A swapped product, a reordered Jacobian and a moved index really change the term they name."""
    d = read(TARGET)
    by_name = {m.name: m.derivation for m in mutants(d)}
    swapped = by_name["product.start: swap-product"].chains[0].start
    assert str(swapped) == "Norm(B*A*A, 2)", swapped
    reordered = by_name["definition J: reorder-jacobian"].definitions[2].value
    assert str(reordered) == "Diag(Elementwise(sigma, 1, SeqElem(x, k, n, 1)))*W", reordered
    shifted = by_name["definition s: shift-index"].definitions[1].value
    assert str(shifted) == "Norm(SeqElem(x, k + 1, n, 1), 2)", shifted
    renamed = [m.derivation.definitions[0].value for m in mutants(d) if m.name == "definition d: rename-index"]
    assert {str(v) for v in renamed} == {"0"}, renamed  # t - k with k → t (or t → k)


def test_mutants_drop_a_declaration_and_make_premises_hard_to_meet() -> None:
    """Without its declaration ρ(S) = ‖S‖₂ is false: the mutant is caught, by a witness that is not symmetric."""
    from mutants import classify
    from symbound.check.checker import Checker

    d = read(TARGET)
    by_name = {m.name: m for m in mutants(d)}
    dropped = by_name["drop declaration S: symmetric"]
    assert dropped.derivation.symbols["S"].properties == frozenset() and d.symbols["S"].properties == {"symmetric"}
    assert [r.rel for r in by_name["premise P1: hard-to-meet"].derivation.premises[0].relations] == ["="]
    assert mutation_class(dropped.name) == "drop declaration"
    original = Checker(d, timeout=10.0, seed=0, budget=200).run()
    outcome = classify(original, dropped)
    assert outcome.verdict == "caught" and outcome.detail == "refuted", outcome


def test_mutants_weaken_a_premise_where_only_a_large_dimension_breaks_it() -> None:
    """‖AB‖₂ ≤ 1 becomes max|(AB)ᵢⱼ| ≤ 1/7: the same premise or a stronger one up to n = 7 (‖M‖₂ ≤ n·max|Mᵢⱼ|),
    a weaker one from n = 8 (the matrix of entries 1/7)."""
    import numpy as np
    import sympy as sp

    from mutants import ENTRYWISE
    from symbound.ops import MaxAbs

    d = read(TARGET)
    (weakened,) = [m for m in mutants(d) if m.name == "premise P1: entrywise-large-dimension"]
    (r,) = weakened.derivation.premises[0].relations
    assert isinstance(r.lhs, MaxAbs) and r.rel == "<=" and r.rhs == sp.Rational(1, ENTRYWISE)
    assert mutation_class(weakened.name) == "premise: entrywise-large-dimension" and weakened.global_change
    rng = np.random.default_rng(0)
    for n in range(1, ENTRYWISE + 1):
        M = rng.standard_normal((n, n))
        M /= ENTRYWISE * np.abs(M).max()
        assert np.linalg.norm(M, 2) <= 1 + 1e-12
    assert np.linalg.norm(np.full((ENTRYWISE + 1, ENTRYWISE + 1), 1 / ENTRYWISE), 2) > 1


def test_classify_flags_a_false_link_passed_off_as_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    """The judge, not the checker, decides: a false link marked proved is wrongly proved, and a proved
    link without a proof term the kernel accepts is too."""
    import mutants as m

    from symbound.kernel.kernel import Kernel
    from symbound.kernel.replay import Replayed

    from symbound.kernel.proofs import Proof
    from symbound.read.syntax import normalised

    class Lenient(m.Checker):
        def run(self):
            with monkeypatch.context() as patched:  # a search that claims everything and a kernel that accepts it
                patched.setattr(Kernel, "check", lambda kernel, node: None)
                patched.setattr(self.prover, "prove", lambda lhs, rel, rhs, **kw: Proof("magic", "trust me", *normalised(lhs, rel, rhs)))
                return super().run()

    d = read(TARGET)
    original = m.Checker(d, search=False).run()
    mutant = next(x for x in mutants(d) if x.name == "product.start: swap-product")  # ‖BAA‖ ≤ ‖AB‖‖A‖ is false
    monkeypatch.setattr(m, "Checker", Lenient)
    outcome = m.classify(original, mutant, budget=20)
    assert outcome.verdict == "wrongly-proved" and "kernel" in outcome.detail, outcome
    monkeypatch.setattr(m, "replay", lambda derivation, terms, assumed: Replayed())
    outcome = m.classify(original, mutant, budget=20)
    assert outcome.verdict == "wrongly-proved" and outcome.detail.startswith("product.1: the judge finds it false"), outcome


def test_representative_mutants_are_never_wrongly_proved():
    check(run_parallel(FILES, workers=os.cpu_count() or 2, jobs=representatives(FILES)), at_least=20)


@pytest.mark.slow
def test_no_mutant_is_wrongly_proved():
    """Every other mutant of every shipped derivation and of tests/mutation_target.yaml (656 in all): the
    default run checks the representatives, and CI runs both, so each mutant is classified once."""
    chosen = set(representatives(FILES))
    jobs = [(str(p), k) for p in FILES for k in range(len(list(mutants(read(p))))) if (str(p), k) not in chosen]
    check(run_parallel(FILES, workers=os.cpu_count() or 2, jobs=jobs), at_least=200)
