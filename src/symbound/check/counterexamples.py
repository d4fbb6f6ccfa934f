"""Counterexamples to what is not proved: the falsifier searches an instance of the premises that breaks a
claim, and the claim is refuted only when the witness checker accepts that instance (never on the search's word)."""

from __future__ import annotations

import dataclasses
from typing import Any

from symbound.limits import LimitReached, time_limit
from symbound.ops.objects import Unevaluable
from symbound.read.document import Derivation
from symbound.search.prover import Prover
from symbound.values import PROVED, REFUTED, ChainVerdict, ConclusionVerdict, LinkVerdict


def refute(d: Derivation, prover: Prover, seed: int, budget: int, seconds: float,
           chains: list[ChainVerdict], conclusion: ConclusionVerdict | None) -> tuple[list[ChainVerdict], ConclusionVerdict | None]:
    """The verdicts again, with ``unproved`` turned into ``refuted`` where the falsifier finds an instance of the
    premises that breaks it (new values; the ones given are not changed); each search within ``seconds`` of CPU time."""
    if all(link.status == PROVED for chain in chains for link in chain.links) and (conclusion is None or conclusion.status == PROVED):
        return chains, conclusion  # nothing to refute: numpy and the falsifier are not even imported
    from symbound.search.falsifier import falsify

    def refuted(link: LinkVerdict) -> LinkVerdict:
        if link.status == PROVED:
            return link
        try:
            with time_limit(seconds):
                outcome = falsify(d, prover, link.lhs, link.rel, link.rhs, seed, budget)
        except LimitReached:
            return dataclasses.replace(link, reason=link.reason + "; counterexample search stopped at its time limit")
        except Unevaluable:  # only "undefined here": any other exception is a bug, and propagates
            return dataclasses.replace(link, reason=link.reason + "; the counterexample search could not evaluate this claim")
        accepted = _accepted(d, outcome, (link.lhs, link.rel, link.rhs))
        if accepted is not None:
            return dataclasses.replace(link, outcome=REFUTED, witness=outcome.witness, reason=_counterexample(accepted, outcome))
        if outcome.tried == 0:
            return dataclasses.replace(link, reason=link.reason + "; the counterexample search could not evaluate this claim")
        if outcome.met == 0:
            return dataclasses.replace(link, reason=link.reason + f"; no instance met the premises ({outcome.tried} instances, seed {seed})")
        return dataclasses.replace(link, reason=link.reason + f"; no counterexample in {outcome.tried} instances, {outcome.met} of them meeting every premise (seed {seed})")

    chains = [dataclasses.replace(chain, links=[refuted(link) for link in chain.links]) for chain in chains]
    c = d.conclusion
    if conclusion is None or conclusion.status == PROVED or c is None:
        return chains, conclusion
    try:
        with time_limit(seconds):
            outcome = _refute_conclusion(d, prover, c, seed, budget)
    except LimitReached:
        return chains, dataclasses.replace(conclusion, reason=conclusion.reason + "; counterexample search stopped at its time limit")
    except Unevaluable:
        return chains, dataclasses.replace(conclusion, reason=conclusion.reason + "; the counterexample search could not evaluate this claim")
    claim = outcome.claim or (c.relation and (c.relation.lhs, c.relation.rel, c.relation.rhs))
    accepted = _accepted(d, outcome, claim) if claim else None
    if accepted is not None:  # the reason says so (render shows the witness): never the prover's "search limit"
        conclusion = dataclasses.replace(conclusion, outcome=REFUTED, witness=outcome.witness, reason=_counterexample(accepted, outcome))
    return chains, conclusion


def _accepted(d: Derivation, outcome: Any, claim: tuple[Any, str, Any]) -> Any:
    """The witness checker's verdict on the search's witness against ``claim``, when it accepts it (a
    refutation rests on this check alone, not on the search's word); None otherwise."""
    from symbound.kernel.witnesscheck import check

    if outcome.witness is None or outcome.candidate is None:
        return None
    result = check(d, outcome.candidate, *claim)
    return result if result.ok and result.certified == outcome.witness.exact else None


def _refute_conclusion(d: Derivation, prover: Prover, c: Any, seed: int, budget: int) -> Any:
    from symbound.search.falsifier import falsify, falsify_limit

    if c.tends_to_zero is not None:
        return falsify_limit(d, prover, c.tends_to_zero, c.as_, seed, budget)
    rel = c.relation
    return falsify(d, prover, rel.lhs, rel.rel, rel.rhs, seed, budget)


def _counterexample(accepted: Any, outcome: Any) -> str:
    """The reason of a refuted verdict: the witness checker's acceptance, how many instances it took."""
    kind = "certified exactly" if accepted.certified else "checked in floating point only"
    return f"counterexample ({kind}, after {outcome.tried} instances){_conventions(accepted)}"


def _conventions(result: Any) -> str:
    """The note on a witness that evaluates relu'(0): it fails under every convention for that value."""
    return f"; it fails for each value of relu'(0) ({', '.join(map(str, result.conventions))})" if result.conventions else ""
