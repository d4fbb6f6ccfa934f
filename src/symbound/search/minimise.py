"""Numeric minimisation of the margin: the goal's margin (rhs − lhs) plus the premises' shortfall as a
penalty, from the instances that came closest, by finite-difference (or, in many coordinates, simultaneous
random-perturbation) gradient steps with a backtracking line search — numpy only.  The coordinates are the
drawn real scalars and the entries of the drawn matrices (projected back onto their declared properties after
each step); the values the drawn ones determine (states, symbols solving an equality) are recomputed.  The
budget counts evaluations, never seconds."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterator

import numpy as np
import sympy as sp

from symbound.rules import properties as matrix_properties
from symbound.search.problem import Instance, Problem
from symbound.search.sampling import Unsolved, copied, drawn_values, determine, free

PENALTY = 10.0  # weight of the premises' shortfall against the goal's margin
FULL_GRADIENT = 12  # up to this many coordinates, a central difference in each; beyond, random ±1 directions


def objective(met_margin: float, violation: float) -> float:
    """What the minimisation lowers: the goal's margin (−violation) plus the premises' shortfall, weighted."""
    return -violation + PENALTY * max(0.0, -met_margin)


DEEP = 1.0  # how far inside the premises the descent to their instances goes: rounding to simple values keeps them there


def reaching(shortfall: float, smallest: float) -> float:
    """What the descent to the premises' instances lowers (``premises_shortfall``): their total shortfall while one
    fails, then minus their smallest margin up to ``DEEP`` (inside them, where an exact value near the point still
    meets a strict premise or one that holds only in floating point)."""
    return shortfall if shortfall > 0 else -min(smallest, DEEP)


def _coordinates(problem: Problem, inst: Instance) -> list[tuple[Any, Any]]:
    """(key, entry index or None) of each value the minimisation moves."""
    out: list[tuple[Any, Any]] = []
    for k, v in drawn_values(problem, inst, inst.values).items():
        if isinstance(v, Fraction) and k in problem.scalars and free(problem, k):
            out.append((k, None))
        elif isinstance(v, np.ndarray) and v.size <= 64 * 64 and free(problem, k):
            out += [(k, idx) for idx in np.ndindex(v.shape)]
    return out


def _point(inst: Instance, coords: list[tuple[Any, Any]]) -> np.ndarray:
    return np.array([float(inst.values[k]) if idx is None else float(inst.values[k][idx]) for k, idx in coords])


def _placed(problem: Problem, inst: Instance, coords: list[tuple[Any, Any]], x: np.ndarray, rng: np.random.Generator) -> Instance:
    """The instance with its coordinates set to ``x``: scalars (exact binary fractions) inside their region, matrices
    projected onto their declared properties; the determined values recomputed."""
    values = dict(drawn_values(problem, inst, inst.values))
    for k in {k for k, idx in coords if idx is not None}:
        values[k] = np.array(values[k], dtype=float)
    for (k, idx), xi in zip(coords, x):
        if idx is None:
            q = Fraction(float(xi))  # exact: the witness checker gets it rounded (``certify``)
            region = problem.regions.get(k, sp.S.Reals)
            values[k] = q if region.contains(sp.Rational(q.numerator, q.denominator)) == sp.true else values[k]
        else:
            values[k][idx] = xi
    for k in {k for k, idx in coords if idx is not None}:
        values[k] = matrix_properties.conform(values[k], matrix_properties.declared(problem.properties, k), rng)
    out = copied(inst, values)
    determine(problem, out)
    return out


def _trial(problem: Problem, inst: Instance, coords: list[tuple[Any, Any]], x: np.ndarray, rng: np.random.Generator) -> Instance | None:
    """``_placed``, or None where a value the premises determine does not exist (an equality with no real
    solution at this point: the descent stepped out of the premises' real set)."""
    try:
        return _placed(problem, inst, coords, x, rng)
    except Unsolved:
        return None


def descend(problem: Problem, start: Instance, evaluations: int, score: Callable[[Instance], float | None],
            rng: np.random.Generator) -> Iterator[Instance]:
    """Instances along a descent of ``score`` (None: not evaluable) from ``start``, each one better than the
    last, within ``evaluations`` calls of ``score``."""
    coords = _coordinates(problem, start)
    if not coords:
        return
    x = _point(start, coords)
    best = score(start)
    spent = 1
    if best is None:
        return
    radius = 0.25 * (1.0 + float(np.max(np.abs(x))))
    while spent < evaluations and radius > 1e-6:
        h = 1e-3 * (1.0 + float(np.max(np.abs(x))))
        directions = np.eye(len(x)) if len(x) <= FULL_GRADIENT else rng.choice((-1.0, 1.0), size=(4, len(x)))
        g = np.zeros(len(x))
        for e in directions:
            if spent + 2 > evaluations:
                return
            up, down = (None if t is None else score(t) for t in (_trial(problem, start, coords, x + s * h * e, rng) for s in (1, -1)))
            spent += 2
            if up is not None and down is not None:
                g += (up - down) / (2 * h) * e
        norm = float(np.linalg.norm(g))
        if not norm or not np.isfinite(norm):
            return
        moved = False
        while spent < evaluations and radius > 1e-6:
            y = x - radius * g / norm
            trial = _trial(problem, start, coords, y, rng)
            value = None if trial is None else score(trial)
            spent += 1
            if value is not None and value < best:
                x, best, moved = _point(trial, coords), value, True
                radius *= 2
                yield trial
                break
            radius /= 2
        if not moved:
            return
