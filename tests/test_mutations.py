"""Soundness, measured: mutants of every shipped derivation are never wrongly proved.

The default run classifies one mutant of every mutation class (where it is: a link, a chain's start,
a definition, a premise; what changed: a relation tightened, ρ and ‖·‖₂ swapped, ...), spread over
every shipped file; ``pytest -m slow`` classifies all of them (also ``python tests/mutants.py``).
"""

from __future__ import annotations

import os

import pytest

from conftest import DERIVATIONS
from mutants import mutants, mutation_class, read, representatives, run_parallel, summary

FILES = sorted(DERIVATIONS.glob("*.yaml"))


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
    assert len(chosen) == len(set(chosen)) <= 30


def test_representative_mutants_are_never_wrongly_proved():
    check(run_parallel(FILES, workers=os.cpu_count() or 2, jobs=representatives(FILES)), at_least=20)


@pytest.mark.slow
def test_no_mutant_is_wrongly_proved():
    """Every mutant of every shipped derivation (about 220; some 15 minutes on 2 cores)."""
    check(run_parallel(FILES, workers=os.cpu_count() or 2), at_least=200)
