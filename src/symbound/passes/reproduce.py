"""What a counterexample script needs besides the report: the claim with the definitions unfolded, and the
search problem (symbols, premises, activations) the falsifier built for it.  ``symbound.render.script``
prints the script from these; it runs no prover or search itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from symbound.check.checker import Checker
from symbound.errors import UnknownStep, WitnessScriptError
from symbound.search.problem import build_problem, limit_problem
from symbound.values import Report, Witness


@dataclass(frozen=True)
class Claim:
    """A refuted step, ready to be reproduced: ``goal`` is its relation with the definitions unfolded (for a
    limit: ``(‖∏ J‖ with the state held at x[0], "->0", N)``), ``problem`` the falsifier's problem for it."""

    verdict: Any
    witness: Witness
    goal: tuple[Any, str, Any]
    problem: Any
    unfold: Callable[[Any], Any]
    held: Any = None  # for a limit: the norm of the product with the state held at x[0]


def find(report: Report, target: str) -> tuple[Any, Witness]:
    """The verdict ("chain.index" or "conclusion") and its counterexample."""
    if target == "conclusion":
        c = report.conclusion
        if c is None:
            raise UnknownStep(f"{report.path} has no conclusion")
        if c.witness is None:
            raise WitnessScriptError(f"the conclusion is {c.status}, with no counterexample to reproduce")
        return c, c.witness
    chain, _, index = target.rpartition(".")
    for link in report.links:
        if link.chain == chain and str(link.index) == index:
            if link.witness is None:
                raise WitnessScriptError(f"{target} is {link.status}, with no counterexample to reproduce")
            return link, link.witness
    names = [f"{l.chain}.{l.index}" for l in report.links if l.witness is not None]
    raise UnknownStep(f"no link {target!r} in {report.path} — name a link as chain.index ({', '.join(names) or 'none refuted'}) or 'conclusion'")


def claim(report: Report, target: str) -> Claim:
    """The refuted step ``target`` of the report, with what a script needs to reproduce its counterexample."""
    d = report.derivation
    if d is None:
        raise WitnessScriptError("the report carries no derivation")
    verdict, w = find(report, target)
    prover = Checker(d, search=False).prover
    if target == "conclusion" and d.conclusion is not None and d.conclusion.tends_to_zero is not None:
        found = limit_problem(d, prover, d.conclusion.tends_to_zero)
        if found is None:
            raise WitnessScriptError("the script reproduces limits of an induced norm of a product of the model's Jacobians only")
        held, _, problem = found
        return Claim(verdict, w, (held, "->0", d.conclusion.as_), problem, prover.unfold, held)
    goal = (prover.unfold(verdict.lhs), verdict.rel, prover.unfold(verdict.rhs))
    return Claim(verdict, w, goal, build_problem(d, prover, verdict.lhs, verdict.rel, verdict.rhs), prover.unfold)
