"""A violation as a witness: rounded to small rationals, passed to the witness checker, simplified while it stays accepted."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from symbound.rules import properties as matrix_properties
from symbound.ops import SeqElem
from symbound.ops.objects import UNDEFINED
from symbound.values import Formula, PremiseAt, Slope, Witness, exact_text
from symbound.kernel.witnesscheck import Candidate
from symbound.kernel.witnesscheck import check as check_witness
from symbound.search.problem import Instance, Problem, frac
from symbound.search.margins import declarations_hold, goal_violation, premises_margin
from symbound.search.sampling import FORMULAS, activation_scale, concrete_term, copied, drawn_values, float_env, exact_value, used_elements, sequence_indices, activation_values, determine


SIMPLIFY_ATTEMPTS = 30  # exact re-checks spent on making a witness simpler


def _rounded(problem: Problem, inst: Instance, q: int, scalars: bool = False) -> Instance | None:
    """The drawn values rounded to denominators of about ``q``, each matrix keeping its declared properties exactly,
    and with ``scalars`` the drawn real scalars to the nearest rational of denominator at most ``q``;
    None, as soon as one is rounded, when a declared matrix rounds to a degenerate one and the problem wants an
    instance to show (``_degenerate`` would refuse it: rounding the file's other matrices first was most of the cost)."""
    values = {}
    shown = set(problem.matrices) if problem.nondegenerate else set()
    for k, v in drawn_values(problem, inst, inst.values).items():
        if isinstance(v, np.ndarray):
            v = matrix_properties.rational(v, matrix_properties.declared(problem.properties, k), q)
            if k in shown and _degenerate_matrix(v):
                return None
        elif scalars and isinstance(v, Fraction) and k in problem.scalars:
            v = v.limit_denominator(q)
        values[k] = v
    out = copied(inst, values)
    for name, (kind, scale, table) in inst.activation.items():
        if kind == "table":  # the slopes stay with their (rounded) points
            moved: dict = {None: table[None]}
            for p, slope in table.items():
                if p is not None:
                    moved.setdefault(frac(round(float(p) * q) / q), slope)
            out.activation[name] = (kind, scale, moved)
    determine(problem, out)
    return out


def candidate(problem: Problem, inst: Instance) -> Candidate:
    """The instance with exact values: drawn values as rationals, state values computed exactly by the
    recurrence from the first one, the symbols solving an equality premise by their exact solutions, a table
    activation's slopes at every coordinate of a sequence value."""
    from symbound.kernel.witnesscheck import _Context

    values = {k: exact_value(v) for k, v in drawn_values(problem, inst, inst.values).items()}
    model = problem.model
    cand = Candidate(dict(inst.dims), values, activation_values(inst), problem.fixed_point)
    for k, solutions in problem.solved.items():  # in order: a solution may use the values solved before it
        values[k] = _Context(problem.derivation, cand).value(solutions[inst.branches.get(k, 0) % len(solutions)])
    if model is not None and not problem.fixed_point:
        name, (rows, cols) = model.state.name, model.state.shape
        for j in sequence_indices(problem, inst, name)[1:]:
            ctx = _Context(problem.derivation, cand)
            values[SeqElem(name, j, rows, cols)] = ctx.value(model.update.xreplace({model.index: sp.Integer(j)}))
    if model is not None and problem.fixed_point:
        _hold_by_inputs(problem, cand)
    points = sorted({a for k, v in values.items() if isinstance(k, SeqElem) for a in v}, key=lambda a: (float(a), sp.srepr(a)))
    cand.activations = activation_values(inst, points)
    return cand


def _hold_by_inputs(problem: Problem, cand: Candidate) -> None:
    """Inputs that hold the state at its value x[0]: the update's input elements solved exactly (linear
    equations; free parameters set to 0).  Raises ValueError when no inputs hold it."""
    from symbound.kernel.witnesscheck import _Context

    model = problem.model
    dims = {d: sp.Integer(v) for d, v in cand.dims.items()}
    elements = {n for n in sp.preorder_traversal(model.update) if isinstance(n, SeqElem)}
    held = {n: SeqElem(n.name, sp.Integer(0), *n.shape) for n in elements}
    unknowns = []
    for n in sorted({held[n] for n in elements if n.name != model.state.name}, key=str):
        shape = [x.xreplace(dims) for x in n.shape]
        if not all(x.is_Integer for x in shape):  # a dimension the instance gives no value: no candidate here
            raise KeyError(f"no value for the dimensions of {n.name}")
        M = sp.Matrix(int(shape[0]), int(shape[1]), lambda i, j: sp.Symbol(f"_{n.name}_{i}_{j}"))
        cand.values[n] = M
        unknowns += list(M)
    ctx = _Context(problem.derivation, cand)
    residual = ctx.value(model.update.xreplace(held)) - cand.values[SeqElem(model.state.name, sp.Integer(0), *model.state.shape)]
    solutions = sp.linsolve(list(residual), unknowns)
    if not solutions:
        raise ValueError("no inputs hold the state at x[0]")
    (solution,) = list(solutions)[:1]
    free = {u: sp.Integer(0) for u in unknowns}
    exact_inputs = {u: sp.sympify(v).xreplace(free) for u, v in zip(unknowns, solution)}
    for n in list(cand.values):
        if isinstance(cand.values[n], sp.MatrixBase) and cand.values[n].free_symbols & set(unknowns):
            cand.values[n] = cand.values[n].xreplace(exact_inputs)


def _check(problem: Problem, inst: Instance) -> tuple[Candidate, Any] | None:
    from symbound.kernel.witnesscheck import Undecided

    try:
        cand = candidate(problem, inst)
        return cand, check_witness(problem.derivation, cand, *problem.shown)
    except (Undecided, NotImplementedError, *UNDEFINED):  # undecided, or no value here: any other error is a bug
        return None


ROUNDINGS = (1, 2, 4, 10, 100)  # the denominators drawn values are rounded to, simplest first


def certify(problem: Problem, inst: Instance, tried: int, scalars: bool = False) -> tuple[Witness, Candidate] | None:
    """Round the drawn values to small rationals and pass the candidate to the witness checker; the first
    it accepts is the witness (simplified while it stays certified exactly), with its exact values.  A
    candidate the checker rejects is no refutation.  ``scalars``: the drawn scalars are rounded too (a descent
    placed them at binary fractions, where premises that meet only on a thin set — x = y, p + q = 1 — hold at
    best in floating point), and kept as they are at the last."""
    numeric_only = None
    for q, round_scalars in [(q, scalars) for q in ROUNDINGS] + ([(ROUNDINGS[-1], False)] if scalars else []):
        try:
            rounded = _rounded(problem, inst, q, round_scalars)
        except UNDEFINED:  # a solved symbol with no real value at the rounded values
            continue
        if rounded is None or _degenerate(problem, rounded):
            continue
        checked = _check(problem, rounded)
        if checked is None:
            continue
        cand, result = checked
        if result.certified:
            simple = _simplest(problem, rounded)
            cand, result = _check(problem, simple) or (cand, result)
            return _witness(problem, cand, result, tried), cand
        if result.ok and numeric_only is None:
            numeric_only = rounded
        if "the claim fails" in result.failed and result.exact.count("the claim fails") and _same_values(rounded, inst):
            return None  # the claim holds exactly at the instance itself: what looked like a violation was rounding
    if numeric_only is None:
        return None
    checked = _check(problem, _simplest(problem, numeric_only, certified=False))  # simpler values may be exact
    return (_witness(problem, *checked, tried), checked[0]) if checked is not None and checked[1].ok else None


def _same_values(a: Instance, b: Instance) -> bool:
    return all(np.array_equal(a.values[k], b.values[k]) if isinstance(b.values[k], np.ndarray) else a.values[k] == b.values[k]
               for k in b.values if k in a.values)


def _degenerate(problem: Problem, inst: Instance) -> bool:
    """Whether an instance to show (``problem.nondegenerate``) has a declared matrix that is zero, or square
    and singular (a zero eigenvalue: [[0, 1/4], [0, 0]] is no generic instance; the caller falls back to
    one without this when none is found)."""
    if not problem.nondegenerate:
        return False
    return any(_degenerate_matrix(inst.values[M]) for M in problem.matrices if M in inst.values)


def _degenerate_matrix(value: Any) -> bool:
    """Whether a matrix is zero, or square and singular."""
    A = np.asarray(value, dtype=float)
    return not A.any() or A.shape[0] == A.shape[1] > 1 and abs(np.linalg.det(A)) < 1e-12


def _simplest(problem: Problem, inst: Instance, certified: bool = True) -> Instance:
    """Greedily make a witness simpler (entries 0 or ±1, scalars 0 or 1, σ' linear) while the witness checker
    accepts it (certified exactly, once it is)."""
    attempts = [0]
    certain = [certified]
    mentioning = _mentioning(problem)

    def spent() -> bool:  # every later trial is refused: the caller stops making them (each costs a pass over the file)
        return attempts[0] >= SIMPLIFY_ATTEMPTS

    def ok(trial: Instance, changed: Any = None) -> bool:
        if spent() or _degenerate(problem, trial):
            return False
        try:  # floating point first: most trials fail there, cheaply (first the premises naming the changed value)
            determine(problem, trial)
            env = float_env(trial)
            if changed is not None and premises_margin(dataclasses.replace(problem, constraints=mentioning.get(changed, [])), trial, env) < 0:
                return False
            if not declarations_hold(problem, trial) or premises_margin(problem, trial, env) < 0 or goal_violation(problem, trial, env) < -1e-9:
                return False
        except UNDEFINED:
            return False
        attempts[0] += 1
        checked = _check(problem, trial)
        if checked is None or not checked[1].ok or (certain[0] and not checked[1].certified):
            return False
        certain[0] = checked[1].certified
        return True

    for name, (kind, scale, table) in list(inst.activation.items()):
        if kind in ("sin", "tanh", "table"):
            trial = copied(inst, drawn_values(problem, inst, inst.values))
            trial.activation[name] = ("linear", scale, {None: scale})
            if ok(trial):
                inst = trial
    for k, v in list(inst.values.items()):
        if spent():
            return inst
        if not isinstance(v, Fraction) or (isinstance(k, sp.Symbol) and k.is_integer):
            continue
        for target in (Fraction(0), Fraction(1)):
            if inst.values[k] in (0, 1):
                break
            trial = copied(inst, {**drawn_values(problem, inst, inst.values), k: target})
            for name, (kind, scale, table) in trial.activation.items():  # the slopes follow the new bound
                if kind in FORMULAS and scale:
                    trial.activation[name] = (kind, activation_scale(problem, trial, name) * (1 if scale > 0 else -1), {None: 1})
            if ok(trial, k):
                inst = trial
    tables = any(kind == "table" for kind, _, _ in inst.activation.values())
    for k in list(drawn_values(problem, inst, inst.values)):
        v = inst.values[k]
        if not isinstance(v, np.ndarray) or (tables and isinstance(k, SeqElem)):  # sequence values label σ' tables
            continue
        for idx in np.ndindex(v.shape):
            if spent():
                return inst
            for target in (0.0, float(np.sign(v[idx])), 1.0, -1.0):
                if inst.values[k][idx] == target:
                    break
                w = inst.values[k].copy()
                w[idx] = target
                trial = copied(inst, {**drawn_values(problem, inst, inst.values), k: w})
                if ok(trial, k):
                    inst = trial
                    break
        v = inst.values[k]
        if (v < 0).sum() > (v > 0).sum() and not spent():  # mostly negative: the negated matrix, if it stays a witness
            trial = copied(inst, {**drawn_values(problem, inst, inst.values), k: -v})
            if ok(trial, k):
                inst = trial
    return inst





def _mentioning(problem: Problem) -> dict[Any, list]:
    """The premises naming each symbol, matrix or sequence element: a trial changing one value fails when one of
    these fails (a necessary condition, checked first; the whole check follows)."""
    out: dict[Any, list] = {}
    for c in problem.constraints:
        names = {n for side in (c.lhs, c.rhs) if isinstance(side, sp.Basic) for n in sp.preorder_traversal(side)
                 if isinstance(n, (sp.Symbol, sp.MatrixSymbol, SeqElem))}
        for n in names:
            out.setdefault(n, []).append(c)
    return out


def _witness(problem: Problem, cand: Candidate, result: Any, tried: int) -> Witness:
    values: dict[Any, str] = {}
    inst_like = Instance(cand.dims, {k: v for k, v in cand.values.items() if isinstance(k, sp.Symbol)}, {})
    dims = {d: sp.Integer(v) for d, v in cand.dims.items()}
    relevant = set(used_elements(problem, inst_like))
    shown_seq = [k for k in cand.values if isinstance(k, SeqElem) and k.xreplace(dims) in relevant]
    goal = [concrete_term(side, inst_like) for side in (problem.goal[0], problem.goal[2])]  # its shapes: n[L] at L's value
    shapes = set().union(*(sp.Tuple(*k.shape).free_symbols for k in [*shown_seq, *problem.matrices]),
                         *(side.atoms(sp.Indexed) for side in goal if isinstance(side, sp.Basic)))
    for d, v in cand.dims.items():
        if not isinstance(d, sp.Indexed) or d in shapes:  # the widths n[j] of the layers shown
            values[d] = str(v)
    for k in list(problem.indices) + list(problem.scalars) + list(problem.matrices) + sorted(shown_seq, key=lambda x: (x.name, int(x.index))):
        if k in cand.values:
            values[k] = exact_text(cand.values[k])
    for name, act in cand.activations.items():
        if name not in problem.activations or problem.activations[name].function is not None or not any(f == name for f, _ in problem.uses):
            continue
        if act.formula is None:
            slope = act.function(1)
            for x in sorted(shown_seq, key=lambda x: (x.name, int(x.index))):
                values[Slope(name, x)] = "[" + ", ".join(exact_text(slope(a)) for a in cand.values[x]) + "]"
        else:
            values[Formula(name)] = sp.sstr(act.formula)
    checks: dict[str, PremiseAt] = {}
    for c in problem.constraints:
        if c.id in checks:
            continue
        if c.bound:
            undecided = any(part.startswith(f"premise {c.id} at ") for part in result.numeric)  # indices the witness leaves open
            checks[c.id] = PremiseAt(c.lhs, c.rel, c.rhs, bound=tuple(c.bound), exact=f"premise {c.id}" in result.exact and not undecided)
        elif c.id in result.premises:
            checks[c.id] = PremiseAt(c.lhs, c.rel, c.rhs, values=tuple(result.premises[c.id]))
    left, right = exact_text(result.lhs_value), exact_text(result.rhs_value)  # exact strings, for programs (JSON)
    return Witness(values, left, right, result.certified, tried, problem.shown, checks, list(result.numeric),
                   sides=(result.lhs_value, result.rhs_value))
