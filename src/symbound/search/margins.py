"""How well an instance meets the premises and how far it breaks the goal, in floating point (the search's filter; the witness checker decides)."""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import sympy as sp

from symbound.rules import properties as matrix_properties
from symbound.ops.objects import numeric
from symbound.ops import Coordinate, SeqElem
from symbound.kernel.quantifiers import grid_decide
from symbound.kernel.witnesscheck import REACH, Candidate
from symbound.search.problem import Constraint, Instance, Problem, inputs_can_hold
from symbound.search.sampling import concrete_term, exact_value, floats, activation_values


def _ordered(v: Any) -> float:
    """A difference an order compares, as a number (a 1×1 matrix is its entry); matrices are not ordered, so a
    larger one has no value here (ValueError, one of ``UNDEFINED``: the instance is not evaluable)."""
    value = np.asarray(v)
    if value.size != 1:
        raise ValueError(f"a {'×'.join(map(str, value.shape))} matrix is not ordered")
    return float(value.reshape(()))


def _margin(a: Any, rel: str, b: Any) -> float:
    """How well ``a rel b`` holds: positive when it holds with room, negative when it fails (matrices: entries)."""
    if rel == "=":
        return -float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0))
    return _ordered(b - a)


def declarations_hold(problem: Problem, inst: Instance) -> bool:
    """Whether every drawn matrix and sequence element has its declared properties, in floating point (the witness
    checker decides exactly)."""
    return all(matrix_properties.close(np.asarray(v, dtype=float), matrix_properties.declared(problem.properties, k))
               for k, v in inst.values.items() if isinstance(v, np.ndarray))


def premises_margin(problem: Problem, inst: Instance, env: dict) -> float:
    """The smallest margin over the premises; a ``for_all`` premise counts as holding (margin ∞) or not (-1),
    decided by the witness checker's ``forall`` on this instance (the first that fails is the margin: the
    premises after it are not evaluated)."""
    worst = np.inf
    for margin, quantified in _margins(problem, inst, env):
        if quantified and margin < 0:
            return margin
        worst = min(worst, margin)
    return float(worst)


def premises_shortfall(problem: Problem, inst: Instance, env: dict) -> tuple[float, float]:
    """(the premises' total shortfall, the sum of how far each that fails is from holding; their smallest margin):
    how far an instance is from meeting them all, every premise evaluated (a ``for_all`` one that fails counts 1)."""
    margins = [margin for margin, _ in _margins(problem, inst, env)]
    return float(sum(max(0.0, -m) for m in margins)), float(min(margins, default=np.inf))


def _margins(problem: Problem, inst: Instance, env: dict) -> Iterator[tuple[float, bool]]:
    """The margin of each premise (of each relation, at each index of a `for_all` over indices), and whether it is a
    `for_all` premise over real values (-1 when it fails at this instance, ∞ when it holds)."""
    for c in problem.constraints:
        if c.bound and not all(b.is_integer for b in c.bound):
            yield (-1.0 if _forall(problem, inst, c) is False else np.inf), True
            continue
        for lhs, rhs in _at_indices(problem, inst, c, env) if c.bound else [(c.lhs, c.rhs)]:
            yield _premise_margin(floats(lhs, env, inst), c.rel, floats(rhs, env, inst)), False


def _premise_margin(a: Any, rel: str, b: Any) -> float:
    size = float(np.max(np.abs(a), initial=0.0) + np.max(np.abs(b), initial=0.0))
    scale = 1e-9 * (1 + size)
    m = _margin(a, rel, b)
    if rel == "<":
        m = m - scale  # demand room: a float that barely holds may not hold exactly
    elif abs(m) <= scale:
        m = 0.0  # on the boundary of ≤ or =, as far as floating point tells: the witness checker decides exactly
    return m


def _at_indices(problem: Problem, inst: Instance, c: Constraint, env: dict) -> list[tuple[Any, Any]]:
    """A premise `for_all` over an index, at every index where the instance has the sequences it indexes by
    it, and at the states the recurrence reaches after them (``REACH`` steps, added to ``env``) when the
    update takes no inputs — as the witness checker does exactly."""
    (j, *_) = c.bound
    names = {n.name for side in (c.lhs, c.rhs) for n in sp.preorder_traversal(side) if isinstance(n, SeqElem) and j in n.index.free_symbols}
    used = sorted({int(k.index) for k in inst.values if isinstance(k, SeqElem) and k.name in names})
    model = problem.model
    if used and model is not None and model.state.name in names and not inputs_can_hold(model):
        name, (rows, cols) = model.state.name, model.state.shape
        dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
        last = max(int(k.index) for k in inst.values if isinstance(k, SeqElem) and k.name == name)
        for step in range(last + 1, last + 1 + REACH):
            env[SeqElem(name, step, rows, cols).xreplace(dims)] = numeric(concrete_term(model.update.xreplace({model.index: sp.Integer(step)}), inst), env)
            used.append(step)
    used += _coordinate_indices(inst, c, j)
    return [(c.lhs.xreplace({j: sp.Integer(v)}), c.rhs.xreplace({j: sp.Integer(v)})) for v in sorted(set(used))]


def _coordinate_indices(inst: Instance, c: Constraint, j: Any) -> list[int]:
    """The values of ``j`` at which a coordinate v[j + o] the premise names exists (1 ≤ j + o ≤ n): "every unit
    active" is checked at every coordinate the instance's vectors have, as the witness checker does exactly."""
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    out: list[int] = []
    for side in (c.lhs, c.rhs):
        for n in sp.preorder_traversal(side) if isinstance(side, sp.Basic) else ():
            if isinstance(n, Coordinate) and j in n.index.free_symbols:
                offset, length = n.index - j, n.length.xreplace(dims)
                if offset.is_integer and offset.is_number and length.is_Integer:
                    out += range(1 - int(offset), int(length) - int(offset) + 1)
    return out


def _forall(problem: Problem, inst: Instance, c: Constraint) -> bool | None:
    from symbound.kernel.witnesscheck import Undecided, _Context

    cand = Candidate(inst.dims, {k: exact_value(v) for k, v in inst.values.items() if isinstance(k, sp.Symbol)},
                     activation_values(inst), problem.fixed_point)
    try:
        d, rel, domains = _Context(problem.derivation, cand).quantified(c.lhs, c.rel, c.rhs, c.bound)
        return grid_decide(d, rel, tuple((v, dom) for v, dom in domains if d.has(v)))[0]
    except Undecided:
        return None


def goal_violation(problem: Problem, inst: Instance, env: dict) -> float:
    """How much the goal fails (positive: it fails), scaled to its size; matrices compare entry by entry."""
    a, rel, b = problem.goal
    x, y = floats(a, env, inst), floats(b, env, inst)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return -np.inf
    scale = 1e-9 * (1 + float(np.max(np.abs(x), initial=0.0) + np.max(np.abs(y), initial=0.0)))
    if rel == "=":
        return float(np.max(np.abs(np.asarray(x) - np.asarray(y)), initial=0.0)) - scale
    if rel == "<":
        return _ordered(x - y)  # x ≥ y fails a strict goal; exact arithmetic decides a tie
    return _ordered(x - y) - scale

