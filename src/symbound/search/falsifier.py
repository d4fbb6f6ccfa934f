"""The falsifier: looks for a concrete instance where every premise holds and a link fails.

Every drawn symbol is instantiated numerically (numpy): dimensions small; matrices from structured
families (nilpotent, Jordan, rank-one, rotations ... see ``families``) made to have their declared
properties (symmetric, normal) and scaled towards the norm bounds of the premises; scalars from the
region their own premises and assumptions allow (solved by sympy); time indices; the inputs of the
model and the state's initial value, the later states being computed by the recurrence; abstract
activations as concrete functions (scaled to the bound on σ', or σ' tabulated at the points used; piecewise
linear where σ' and σ'' appear nowhere: ``sampling.drawable``).
The best near-violations are pushed by a local search.  A violation is rounded to small rationals and
passed to the witness checker (``witnesscheck``, via ``certify``), which alone decides whether it is a counterexample
and whether it is certified exactly.  Searches are seeded and bounded in instances and steps, never in
seconds.

The parts: ``problem`` (what to falsify), ``sampling`` (drawing instances), ``margins`` (how well an instance
meets the premises and breaks the goal), ``certify`` (rounding and the witness checker); this module schedules them.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from typing import Any, Iterator

import numpy as np

from symbound.rules import families
from symbound.ops.objects import UNDEFINED, Unevaluable
from symbound.values import LimitClaim, Witness
from symbound.kernel.witnesscheck import Candidate
from symbound.search.problem import Instance, Problem, boundaries, build_problem, limit_problem
from symbound.search.margins import declarations_hold, goal_violation, premises_margin, premises_shortfall
from symbound.search.sampling import Sampler, Unsolved, float_env, perturbed, scaled_instance
from symbound.search.certify import certify
from symbound.search.minimise import descend, objective, reaching


DEFAULT_SEED = 0
DEFAULT_BUDGET = 3000


@dataclass
class Outcome:
    witness: Witness | None
    tried: int  # instances drawn and local-search steps taken: the deterministic budget spent
    candidate: Candidate | None = None  # the witness's exact values, for the witness checker of the caller
    met: int = 0  # instances at which every declaration and premise held (in floating point)
    claim: tuple[Any, str, Any] | None = None  # what the candidate breaks, when it is not the claim searched (a limit)


def falsify(derivation: Any, prover: Any, lhs: Any, rel: str, rhs: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET,
            local_steps: int | None = None, nondegenerate: bool = False, reach: int = 0) -> Outcome:
    """Search for an instance where the premises hold and ``lhs rel rhs`` fails: in the region the premises
    describe, then on the boundary of each non-strict premise (``boundaries``), sharing one budget;
    ``nondegenerate``: an instance to show, whose drawn matrices are never zero; ``reach``: the claim fails
    everywhere, and so many evaluations go to reaching the premises when no drawn instance meets them (``search``)."""
    with _set_up():
        problem = build_problem(derivation, prover, lhs, rel, rhs)
        problem.nondegenerate = nondegenerate
        edges = list(islice(boundaries(problem), MAX_BOUNDARIES))
    steps = LOCAL_STEPS if local_steps is None else local_steps
    share = min(BOUNDARY_BUDGET, budget // 10) // max(1, len(edges)) if edges else 0
    first = SHOWN_FIRST if nondegenerate else None  # an instance to show: a generic one before the nilpotent families
    outcome = search(problem, Sampler(problem, seed), budget - share * len(edges), first, local_steps=steps, reach=reach)
    for edge in edges:
        if outcome.witness is not None or share == 0:
            break
        found = search(edge, Sampler(edge, seed), share, local_steps=steps // 6)
        outcome = Outcome(found.witness, outcome.tried + found.tried, found.candidate, outcome.met + found.met)
    return outcome


@contextmanager
def _set_up() -> Iterator[None]:
    """Setting up a search: an error that means "undefined here" becomes ``Unevaluable``; any other propagates."""
    try:
        yield
    except UNDEFINED as exc:
        raise Unevaluable(f"{type(exc).__name__}: {exc}") from exc


LOCAL_STEPS = 60  # perturbations tried from each of the five nearest misses
BOUNDARY_BUDGET = 300  # instances on the boundaries of the non-strict premises, at most a tenth of the budget
MAX_BOUNDARIES = 4  # the first non-strict premises searched on their boundary


def search(problem: Problem, sampler: Sampler, budget: int, first: tuple[str, ...] | None = None, local_steps: int = LOCAL_STEPS,
           reach: int = 0) -> Outcome:
    """Structured and random instances (``budget`` of them), then a local search from the five that came
    closest, then a numeric minimisation of the margin (the premises' shortfall a penalty) from the three
    nearest, met or not; the first violation the witness checker accepts is the witness.  ``reach``: an instance
    of the premises is sought (the claim fails everywhere: their consistency), so the minimisation lowers their
    total shortfall, then goes inside them (``minimise.reaching``), in up to ``reach`` evaluations when no drawn
    instance met them (the draws are scored as without it).  Every limit counts instances or steps, never seconds, so the verdict does not depend
    on the machine's load."""
    best: list[tuple[float, int, Instance]] = []
    near: list[tuple[float, int, Instance]] = []  # by objective, premises met or not: the minimisation's starts
    tried = 0
    failed = [0]  # instances the premises or the claim could not even be evaluated at: not counted as tried
    met = [0]

    def evaluated(inst: Instance, counted: bool = True, towards: bool = False) -> tuple[float, float | None, float] | None:
        """(the premises' smallest margin, the goal's violation where they hold, what the minimisation lowers:
        ``objective``, or with ``towards`` ``reaching``), or None where not evaluable; ``counted``: a new instance
        (one the minimisation already scored is not counted again)."""
        try:
            sampler.complete(inst)
            if not declarations_hold(problem, inst):
                return None
            env = float_env(inst)
            if towards:
                shortfall, smallest = premises_shortfall(problem, inst, env)
                margin = -shortfall if shortfall > 0 else smallest
            else:
                margin = premises_margin(problem, inst, env)
            v = None if margin < 0 else goal_violation(problem, inst, env)
            met[0] += counted and margin >= 0
            return margin, v, reaching(shortfall, smallest) if towards else objective(margin, 0.0 if v is None else v)
        except Unsolved:
            return -np.inf, None, np.inf
        except UNDEFINED:  # no value here (any other error is a bug, and propagates)
            failed[0] += counted
            return None

    def violation(inst: Instance, counted: bool = True) -> float | None:
        found = evaluated(inst, counted)
        return None if found is None else found[1]

    def breaks(v: float) -> bool:
        return v >= 0 or (problem.goal[1] == "<" and v > -1e-12)

    for inst in _schedule(sampler, budget, first or FIRST_FAMILIES):
        tried += 1
        found = evaluated(inst)
        if found is None:
            continue
        _, v, value = found
        if np.isfinite(value) and all(value != other for other, _, _ in near):  # the same value: most likely the same instance again
            near.append((value, tried, inst))
        near.sort(key=lambda t: (t[0], t[1]))
        del near[MINIMISE_STARTS:]
        if v is None:
            continue
        if breaks(v):
            certified = certify(problem, inst, tried - failed[0])
            if certified is not None:
                return Outcome(certified[0], tried - failed[0], certified[1], met=met[0])
        best.append((v, tried, inst))
        best.sort(key=lambda t: (-t[0], t[1]))
        del best[5:]
    for v0, _, inst in list(best):
        for candidate in perturbed(sampler, inst, local_steps):
            tried += 1
            v = violation(candidate)
            if v is None or v <= v0:
                continue
            inst, v0 = candidate, v
            if v >= 0:
                certified = certify(problem, inst, tried - failed[0])
                if certified is not None:
                    return Outcome(certified[0], tried - failed[0], certified[1], met=met[0])
    spent = [0]

    def score(inst: Instance) -> float | None:
        spent[0] += 1
        found = evaluated(inst, towards=bool(reach))
        if found is None or (found[1] is not None and not np.isfinite(found[1])):
            return None
        return found[2]

    evaluations = (reach if reach and not met[0] else min(MINIMISE_EVALUATIONS, budget // 10)) // max(1, len(near))
    for _, _, start in near:
        v, inst = None, None
        for inst in descend(problem, start, evaluations, score, sampler.rng):
            v = violation(inst, counted=False)  # scored (and counted) by the descent already
            if v is not None and breaks(v):
                certified = certify(problem, inst, tried + spent[0] - failed[0], scalars=bool(reach))
                if certified is not None:
                    return Outcome(certified[0], tried + spent[0] - failed[0], certified[1], met=met[0])
        if reach and inst is not None and v is None:  # the descent ended near the premises: rounded, it may meet them exactly
            certified = certify(problem, inst, tried + spent[0] - failed[0], scalars=True)
            if certified is not None:
                return Outcome(certified[0], tried + spent[0] - failed[0], certified[1], met=met[0])
    return Outcome(None, tried + spent[0] - failed[0], met=met[0])


MINIMISE_STARTS = 3
MINIMISE_EVALUATIONS = 300  # at most, over every start (and at most a tenth of the budget)


FIRST_FAMILIES = ("nilpotent", "nilpotent_dense", "jordan_block", "rank_one", "integer_small", "upper_triangular", "rotation", "skew_symmetric")
# an instance shown to a reader (the premises' consistency): small integer entries first, generic (nonzero
# eigenvalues, no zero pattern) when the premises allow it, [[0, 1/4], [0, 0]] only when they do not
SHOWN_FIRST = ("integer_small",) + tuple(f for f in FIRST_FAMILIES if f != "integer_small")


ESCALATION = (4, 8, 16, 32, 64)  # dimensions tried at the end of the budget: a claim may fail only at a large width
ESCALATION_FAMILIES = ("constant", "scaled_identity", "diagonal", "integer_small", "rank_one", "orthogonal", "gaussian")
LARGE_ONLY = ("constant",)  # families drawn at the escalated dimensions only


def _schedule(sampler: Sampler, budget: int, first: tuple[str, ...] = FIRST_FAMILIES) -> Iterator[Instance]:
    """A problem about scalars alone: each instance once (``Sampler.scalar_draws``).  Otherwise structured
    families first (each with small exact entries, then as drawn), then at random, at the dimensions 2, 1, 3; the last tenth of the budget (at most 300) escalates the dimension (4, 8 … 64), every
    dimension once for a family before the next family (a small budget still reaches 64)."""
    if sampler.scalars_only:
        yield from sampler.scalar_draws(budget)
        return
    fams = [f for f in first if f in families.FAMILIES] + [f for f in families.FAMILIES if f not in first and f not in LARGE_ONLY]
    large = min(300, budget // 10) if sampler.p.dims else 0
    count = 0
    rounds = 0
    while count < budget - large:
        for fam in fams:
            for dim in (2, 1, 3):
                for integral in (True, False) if rounds == 0 else (False,):
                    inst = sampler.draw(fam, dim, integral, simple=rounds == 0 and integral)
                    scales = (1, Fraction(1, 2), Fraction(1, 4), 2, Fraction(1, 8), 4) if sampler.p.matrices or sampler.p.sequences else (1,)
                    for scale in scales:  # (an instance without matrices is the same at every scale)
                        yield scaled_instance(inst, scale, sampler.p.properties)
                        count += 1
                        if count >= budget - large:
                            break
                    else:
                        continue
                    break
                else:
                    continue
                break
            else:
                continue
            break
        rounds += 1
    while count < budget:
        for scale in (1, Fraction(1, 2), 2):
            for fam in ESCALATION_FAMILIES:
                for dim in ESCALATION:
                    inst = sampler.draw(fam, dim, fam in families.EXACT_FAMILIES, simple=True)
                    yield scaled_instance(inst, scale, sampler.p.properties)
                    count += 1
                    if count >= budget:
                        return


__all__ = ["falsify", "Outcome", "Unevaluable", "DEFAULT_SEED", "DEFAULT_BUDGET"]


def falsify_limit(derivation: Any, prover: Any, expr: Any, grows: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET) -> Outcome:
    """Look for a model instance, allowed by the premises, where ``expr`` does not go to 0.

    Only for a norm (induced) of an ordered product of the model's one-step Jacobians: with the state
    held at a fixed point x* (the inputs are free, so they can hold it there), the product is J*^N and
    ‖J*^N‖ ≥ ρ(J*)^N; an exact ρ(J*) ≥ 1 certifies that the claim is false.
    """
    with _set_up():
        found = limit_problem(derivation, prover, expr)
    if found is None:
        return Outcome(None, 0)
    _, J, problem = found  # the premises must hold for the instance; the goal "ρ(J*) < 1" is what we try to break
    sampler = Sampler(problem, seed)
    sampler.kinds = ("table",)  # σ' free in its bounds at the coordinates of x*: the largest freedom
    outcome = search(problem, sampler, budget, ("nilpotent_dense", "rank_one", "integer_small", "gaussian", "nilpotent"))
    if outcome.witness is None:
        return outcome
    indices = {d.obj for d in derivation.symbols.values() if d.kind == "index"}
    return Outcome(_limit_witness(outcome.witness, expr, J, grows, indices), outcome.tried, outcome.candidate, outcome.met, problem.shown)


def _limit_witness(w: Witness, expr: Any, J: Any, grows: Any, indices: set) -> Witness:
    """The witness of ρ(J*) ≥ 1 as one against the limit: without the time indices (the claim is for all of them)."""
    held = {k: v for k, v in w.values.items() if k not in indices}
    return Witness(held, w.lhs_value, "1", w.exact, w.tried, None, w.checks, w.floating, limit=LimitClaim(expr, J, grows))
