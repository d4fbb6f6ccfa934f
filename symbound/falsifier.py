"""The falsifier: looks for a concrete instance where every premise holds and a link fails.

Every symbol is instantiated numerically (numpy): dimensions small, matrices from structured families
(nilpotent, Jordan, rank-one, rotations, symmetric, ... see ``families``) scaled until the premises
hold, vectors, positive scalars, time indices, and abstract activations through their derivative
(a bound "|σ'(z)| ≤ γ for all z" lets σ' take any values in [-γ, γ] at distinct points; a concrete
tanh is evaluated).  The best near-violations are then pushed by a local search.  A violation is made
small and exact (entries rounded to small integers or simple fractions) and re-checked with exact
sympy arithmetic (exact eigenvalues and singular values); the witness says whether it is certified
exactly or only in floating point.  Searches are seeded and bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Iterator

import numpy as np
import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from . import families
from .objects import Elementwise, ScalarApply, SeqElem, SigmaMin, SpectralRadius, evaluated, exact, numeric
from .prover import normalise
from .render.text import REL, text
from .render.text import name as greek
from .syntax import Activation
from .verdicts import Witness

DEFAULT_SEED = 0
DEFAULT_BUDGET = 3000
POSITIVE_SCALARS = (1, Fraction(1, 2), 2, Fraction(1, 4), 4, Fraction(3, 4), 3, Fraction(1, 3))
DERIVATIVE_KINDS = ("table", "linear", "sin", "tanh")
SEQUENCE_INDICES = range(-1, 9)
SIMPLIFY_ATTEMPTS = 30  # exact re-checks spent on making a witness simpler  # the time indices sequences get values at (indices are drawn in 0..3)


@dataclass
class Constraint:
    """A premise instantiated: lhs rel rhs (unfolded); activation bounds are recorded separately."""

    id: str
    lhs: Any
    rel: str
    rhs: Any
    bound: tuple[Any, ...] = ()
    activation: tuple[str, int] | None = None  # (name, order) for "forall z: abs(f^(d)(z)) <= rhs"


@dataclass
class Problem:
    """What must hold (premises) and what should fail (goal), with every symbol to instantiate."""

    goal: tuple[Any, str, Any]
    shown: tuple[Any, str, Any]
    constraints: list[Constraint]
    activations: dict[str, Activation]
    dims: list[sp.Symbol]
    indices: list[sp.Symbol]
    scalars: list[sp.Symbol]
    matrices: list[sp.MatrixSymbol]
    sequences: list[tuple[str, Any, Any]]  # (name, rows, cols)
    uses: set[tuple[str, int]] = field(default_factory=set)  # (activation, order) the terms evaluate


@dataclass
class Instance:
    dims: dict[Any, int]
    values: dict[Any, Any]  # symbol -> Fraction / numpy array of floats (exact rationals in ``rational``)
    activation: dict[str, tuple[str, Any, dict]]  # name -> (kind, scale, table)
    rational: dict[Any, Any] = field(default_factory=dict)


def _atoms(exprs: list[Any]) -> tuple[set, set, set]:
    symbols, matrices, seqs = set(), set(), set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for node in sp.preorder_traversal(e):
            if isinstance(node, SeqElem):
                seqs.add(node)
            elif isinstance(node, sp.MatrixSymbol):
                matrices.add(node)
            elif isinstance(node, sp.Symbol):
                symbols.add(node)
    return symbols, matrices, seqs


def build_problem(derivation: Any, prover: Any, lhs: Any, rel: str, rhs: Any) -> Problem:
    """Unfold the goal and the premises; collect the symbols to instantiate."""
    goal = normalise(prover.unfold(lhs), rel, prover.unfold(rhs))
    constraints = []
    for premise in derivation.premises:
        for r in premise.relations:
            a, op, b = normalise(prover.unfold(r.lhs), r.rel, prover.unfold(r.rhs))
            act = None
            if premise.bound and isinstance(a, sp.Abs) and isinstance(a.args[0], ScalarApply) and a.args[0].args[2] in premise.bound and op in ("<=", "<"):
                act = (a.args[0].fname, a.args[0].order)
            constraints.append(Constraint(premise.id, a, op, b, premise.bound, act))
    exprs = [goal[0], goal[2]] + [c.lhs for c in constraints] + [c.rhs for c in constraints]
    symbols, matrices, seqs = _atoms(exprs)
    for m in list(matrices) + list(seqs):
        for d in m.shape:
            symbols |= d.free_symbols
    kinds = {decl.obj: decl.kind for decl in derivation.symbols.values() if isinstance(decl.obj, sp.Basic)}
    bound = {b for c in constraints for b in c.bound}
    for e in exprs:
        if isinstance(e, sp.Basic):
            bound |= {node.args[1][0] for node in sp.preorder_traversal(e) if isinstance(node, sp.Product) or type(node).__name__ == "MatProd"}
    dims = sorted((s for s in symbols if kinds.get(s) == "dimension"), key=str)
    indices = sorted((s for s in symbols if kinds.get(s) == "index" or (s.is_integer and s not in dims and s not in bound)), key=str)
    scalars = sorted((s for s in symbols if s not in dims and s not in indices and s not in bound), key=str)
    uses = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            for node in sp.preorder_traversal(e):
                if isinstance(node, (Elementwise, ScalarApply)):
                    uses.add((node.fname, node.order))
    activations = {n: a for n, a in derivation.scope.names.items() if isinstance(a, Activation)}
    sequences = sorted({(x.name, x.shape[0], x.shape[1]) for x in seqs}, key=str)
    return Problem(goal, (lhs, rel, rhs), constraints, activations, dims, indices, scalars,
                   sorted(matrices, key=str), sequences, uses)


# ---------------------------------------------------------------- instances


def _frac(x: float, denominators: tuple[int, ...] = (1, 2, 4, 3, 8, 10)) -> Fraction:
    for q in denominators:
        if abs(round(x * q) - x * q) < 1e-12:
            return Fraction(round(x * q), q)
    return Fraction(x).limit_denominator(1000)


class Sampler:
    """Draws instances of a problem deterministically from a seed."""

    def __init__(self, problem: Problem, seed: int) -> None:
        self.p = problem
        self.rng = np.random.default_rng(seed)
        self.kinds = DERIVATIVE_KINDS

    def shape(self, dims: dict, obj: Any) -> tuple[int, int]:
        return tuple(int(sp.sympify(d).xreplace(dims)) for d in obj.shape)  # type: ignore[return-value]

    def draw(self, family: str, dim: int, integral: bool, simple: bool = False) -> Instance:
        rng = self.rng
        dims = {d: dim for d in self.p.dims}
        values: dict[Any, Any] = {}
        for s in self.p.indices:
            values[s] = Fraction(int(rng.integers(0, 4)))
        for s in self.p.scalars:
            if simple:
                values[s] = Fraction(1)
                continue
            if s.is_positive:
                choices = POSITIVE_SCALARS
            elif s.is_nonnegative:
                choices = (0,) + POSITIVE_SCALARS
            else:
                choices = (0, 1, -1, Fraction(1, 2), -2, 2)
            values[s] = Fraction(choices[int(rng.integers(len(choices)))])
        for M in self.p.matrices:
            n, m = self.shape(dims, M)
            fam = family if families.supports(family, n, m) else "gaussian"
            A = families.sample(rng, "integer_small" if integral and fam not in families.EXACT_FAMILIES else fam, n, m)
            values[M] = A
        points = iter(rng.permutation(np.arange(-400, 401)) / 4.0)
        for name, rows, cols in self.p.sequences:
            n, m = (int(sp.sympify(rows).xreplace(dims)), int(sp.sympify(cols).xreplace(dims)))
            for j in SEQUENCE_INDICES:
                values[SeqElem(name, j, rows, cols)] = np.array([[next(points) for _ in range(m)] for _ in range(n)])
        activation = {}
        for name, act in self.p.activations.items():
            if act.function is not None:
                activation[name] = ("known", act.function, {})
                continue
            orders = {o for (f, o) in self.p.uses if f == name}
            kinds = self.kinds if orders <= {1} else tuple(k for k in DERIVATIVE_KINDS if k != "table")
            kind = kinds[int(rng.integers(len(kinds)))]
            activation[name] = (kind, Fraction(1), {})
        return Instance(dims, values, activation)

    def settle_activations(self, inst: Instance) -> None:
        """Scale each abstract activation so that the premises bounding its derivative hold by construction."""
        for name, (kind, _, _) in list(inst.activation.items()):
            if kind == "known":
                continue
            bounds = [c for c in self.p.constraints if c.activation and c.activation[0] == name]
            scale = Fraction(1)
            if bounds:
                try:
                    limit = min(_frac(float(numeric_value(c.rhs, inst))) for c in bounds)
                except (KeyError, TypeError, ValueError):
                    limit = Fraction(1)
                if any(c.rel == "<" for c in bounds):
                    limit = limit / 2
                if limit < 0:
                    inst.activation[name] = ("linear", Fraction(0), {})
                    continue
                scale = limit
            table: dict = {}
            if kind == "table":
                for x in [k for k in inst.values if isinstance(k, SeqElem)]:
                    for v in np.asarray(inst.values[x]).ravel():
                        choices = (1, -1, 0, Fraction(1, 2), Fraction(-1, 2))
                        table[_frac(float(v))] = scale * Fraction(choices[int(self.rng.integers(len(choices)))])
            sign = -1 if (kind == "linear" and self.rng.random() < 0.25) else 1
            inst.activation[name] = (kind, scale * sign, table)


def _activation_fns(inst: Instance, exact_mode: bool) -> dict[str, Callable]:
    from .model import KNOWN

    out: dict[str, Callable] = {}
    z = sp.Symbol("z", real=True)
    for name, (kind, scale, table) in inst.activation.items():
        for order in range(0, 3):
            if kind == "known":
                expr = sp.diff(KNOWN[scale](z), z, order)
            elif kind == "linear":
                expr = [sp.Rational(scale) * z, sp.Rational(scale), sp.Integer(0)][order]
            elif kind == "sin":
                expr = sp.Rational(scale) * sp.diff(sp.sin(z), z, order)
            elif kind == "tanh":
                expr = sp.Rational(scale) * sp.diff(sp.tanh(z), z, order)
            else:  # table: σ' piecewise constant, its value at the nearest tabulated point
                if order != 1:
                    continue
                keys = sorted(table)

                def look(v: Any, keys: list = keys, table: dict = table, exact_mode: bool = exact_mode) -> Any:
                    nearest = min(keys, key=lambda k: abs(float(k) - float(v)))
                    value = table[nearest]
                    return sp.Rational(value.numerator, value.denominator) if exact_mode else float(value)

                out[f"fn:{name}:{order}"] = look
                continue
            if exact_mode:
                out[f"fn:{name}:{order}"] = lambda v, expr=expr: expr.subs(z, v)
            else:
                f = sp.lambdify(z, expr, "math")
                out[f"fn:{name}:{order}"] = lambda v, f=f: float(f(float(v)))
    return out


def _env(inst: Instance, exact_mode: bool) -> dict:
    env: dict[Any, Any] = dict(_activation_fns(inst, exact_mode))
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    for d, v in inst.dims.items():
        env[d] = sp.Integer(v) if exact_mode else float(v)
    for s, v in inst.values.items():
        s = s.xreplace(dims)
        if exact_mode:
            if isinstance(v, np.ndarray):
                env[s] = sp.Matrix([[sp.Rational(_frac(float(a)).numerator, _frac(float(a)).denominator) for a in row] for row in v])
            else:
                env[s] = sp.Rational(v.numerator, v.denominator)
        else:
            env[s] = np.asarray(v, dtype=float) if isinstance(v, np.ndarray) else float(v)
    return env


def _concrete(e: Any, inst: Instance) -> Any:
    """The term with dimensions and time indices replaced by the instance's integers."""
    subs = [(d, int(v)) for d, v in inst.dims.items()]
    subs += [(k, int(v)) for k, v in inst.values.items() if isinstance(k, sp.Symbol) and k.is_integer]
    return _substituted(e, tuple(sorted(subs, key=lambda kv: str(kv[0]))))


@lru_cache(maxsize=4096)
def _substituted(e: Any, subs: tuple) -> Any:
    return evaluated(e.xreplace({k: sp.Integer(v) for k, v in subs}))


def numeric_value(e: Any, inst: Instance) -> Any:
    return numeric(_concrete(e, inst), _env(inst, False))


def _num(e: Any, env: dict, inst: Instance) -> float:
    return float(np.real(numeric(_concrete(e, inst), env)))


def _exact(e: Any, env: dict, inst: Instance) -> Any:
    return exact(_concrete(e, inst), env)


# ---------------------------------------------------------------- checking an instance


def _margin(a: float, rel: str, b: float) -> float:
    """How well ``a rel b`` holds: positive when it holds with room, negative when it fails."""
    if rel == "=":
        return -abs(a - b)
    return b - a


def premises_margin(problem: Problem, inst: Instance, env: dict) -> float:
    """The smallest margin over the premises (activation bounds hold by construction and are skipped)."""
    worst = np.inf
    for c in problem.constraints:
        if c.activation is not None:
            continue
        if c.bound:
            for z in np.linspace(-4, 4, 33):
                sub = {b: sp.Float(z) for b in c.bound}
                worst = min(worst, _margin(_num(c.lhs.xreplace(sub), env, inst), c.rel, _num(c.rhs.xreplace(sub), env, inst)))
            continue
        a, b = _num(c.lhs, env, inst), _num(c.rhs, env, inst)
        scale = 1e-9 * (1 + abs(a) + abs(b))
        m = _margin(a, c.rel, b)
        if c.rel == "<" or c.rel == "<=":
            m = m - scale  # demand room: a float that barely holds may not hold exactly
        if c.rel == "=":
            m = 0.0 if abs(a - b) <= scale else -abs(a - b)
        worst = min(worst, m)
    return float(worst)


def goal_violation(problem: Problem, inst: Instance, env: dict) -> float:
    """How much the goal fails (positive: it fails), scaled to its size."""
    a, rel, b = problem.goal
    x, y = _num(a, env, inst), _num(b, env, inst)
    if not (np.isfinite(x) and np.isfinite(y)):
        return -np.inf
    scale = 1e-9 * (1 + abs(x) + abs(y))
    if rel == "=":
        return abs(x - y) - scale
    if rel == "<":
        return x - y  # x ≥ y fails a strict goal; exact arithmetic decides a tie
    return x - y - scale


@dataclass
class Outcome:
    witness: Witness | None
    tried: int


def falsify(derivation: Any, prover: Any, lhs: Any, rel: str, rhs: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET) -> Outcome:
    """Search for an instance where the premises hold and ``lhs rel rhs`` fails."""
    problem = build_problem(derivation, prover, lhs, rel, rhs)
    return search(problem, Sampler(problem, seed), budget)


SEARCH_ERRORS = (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError, np.linalg.LinAlgError)


def search(problem: Problem, sampler: Sampler, budget: int, first: tuple[str, ...] | None = None) -> Outcome:
    """Structured and random instances (``budget`` of them), then a local search from the five that came
    closest; the first violation that can be certified (exactly, or in floating point) is the witness."""
    best: list[tuple[float, int, Instance]] = []
    tried = 0

    def violation(inst: Instance) -> float | None:
        env = _env(inst, False)
        try:
            if premises_margin(problem, inst, env) < 0:
                return None
            return goal_violation(problem, inst, env)
        except SEARCH_ERRORS:
            return None

    strict = problem.goal[1] == "<"
    for inst in _schedule(sampler, budget, first or FIRST_FAMILIES):
        tried += 1
        v = violation(inst)
        if v is None:
            continue
        if v >= 0 or (strict and v > -1e-12):
            witness = certify(problem, inst, tried)
            if witness is not None:
                return Outcome(witness, tried)
        best.append((v, tried, inst))
        best.sort(key=lambda t: (-t[0], t[1]))
        del best[5:]
    for v0, _, inst in list(best):
        for candidate in _perturbations(sampler, inst, 60):
            tried += 1
            v = violation(candidate)
            if v is None or v <= v0:
                continue
            inst, v0 = candidate, v
            if v >= 0:
                witness = certify(problem, inst, tried)
                if witness is not None:
                    return Outcome(witness, tried)
    return Outcome(None, tried)


FIRST_FAMILIES = ("nilpotent", "nilpotent_dense", "jordan_block", "rank_one", "integer_small", "upper_triangular", "rotation", "skew_symmetric")


def _schedule(sampler: Sampler, budget: int, first: tuple[str, ...] = FIRST_FAMILIES) -> Iterator[Instance]:
    """Structured families first (each with small exact entries, then as drawn), then at random."""
    fams = [f for f in first if f in families.FAMILIES] + [f for f in families.FAMILIES if f not in first]
    count = 0
    rounds = 0
    while count < budget:
        for fam in fams:
            for dim in (2, 1, 3):
                for integral in (True, False) if rounds == 0 else (False,):
                    inst = sampler.draw(fam, dim, integral, simple=rounds == 0 and integral)
                    for scale in (1, Fraction(1, 2), Fraction(1, 4), 2, Fraction(1, 8), 4):
                        scaled = _scaled(inst, scale)
                        sampler.settle_activations(scaled)
                        yield scaled
                        count += 1
                        if count >= budget:
                            return
        rounds += 1


def _scaled(inst: Instance, scale: Any) -> Instance:
    values = {k: (v * float(scale) if isinstance(v, np.ndarray) and not isinstance(k, SeqElem) else v) for k, v in inst.values.items()}
    return Instance(dict(inst.dims), values, dict(inst.activation))


def _perturbations(sampler: Sampler, inst: Instance, count: int) -> Iterator[Instance]:
    rng = sampler.rng
    for _ in range(count):
        values = dict(inst.values)
        for k, v in inst.values.items():
            if isinstance(v, np.ndarray) and not isinstance(k, SeqElem):
                values[k] = v + rng.standard_normal(v.shape) * 0.1 * (1 + np.abs(v).max())
        yield Instance(dict(inst.dims), values, dict(inst.activation))


# ---------------------------------------------------------------- exact certification


def _rounded(inst: Instance, q: int) -> Instance:
    values = {}
    for k, v in inst.values.items():
        if isinstance(v, np.ndarray):
            values[k] = np.round(v * q) / q
        else:
            values[k] = v
    return Instance(dict(inst.dims), values, dict(inst.activation))


def _finite(v: Any) -> bool:
    """Whether an exact value is a finite number or matrix (no zoo, oo or nan from a division by zero)."""
    if isinstance(v, sp.MatrixBase):
        return all(_finite(a) for a in v)
    return bool(getattr(v, "is_finite", False)) and not v.has(sp.zoo, sp.nan, sp.oo, -sp.oo)


def _decide(a: Any, rel: str, b: Any) -> bool | None:
    """Whether ``a rel b`` holds, decided exactly by sympy (None when sympy cannot tell)."""
    d = sp.simplify(b - a)
    if rel == "=":
        return d.is_zero
    return d.is_positive if rel == "<" else d.is_nonnegative


def certify(problem: Problem, inst: Instance, tried: int) -> Witness | None:
    """Round the instance to small rationals and re-check premises and goal exactly; fall back to floats
    only when exact arithmetic cannot decide (never when it shows the goal holds at the instance itself)."""
    for q in (1, 2, 4, 10, 100):
        candidate = _rounded(inst, q)
        result = _certify_exact(problem, candidate, tried)
        if result is HOLDS and _same_values(candidate, inst):
            return None
        if isinstance(result, Witness):
            result = _certify_exact(problem, _simplest(problem, candidate, tried), tried)
            return result if isinstance(result, Witness) else None
    return _numeric_witness(problem, inst, tried)


def _same_values(a: Instance, b: Instance) -> bool:
    return all(np.array_equal(a.values[k], b.values[k]) if isinstance(b.values[k], np.ndarray) else a.values[k] == b.values[k] for k in b.values)


def _simplest(problem: Problem, inst: Instance, tried: int) -> Instance:
    """Greedily make a certified witness simpler (entries 0 or ±1, scalars 1, σ' linear) while it stays certified."""
    attempts = [0]

    def ok(candidate: Instance) -> bool:
        attempts[0] += 1
        return attempts[0] <= SIMPLIFY_ATTEMPTS and isinstance(_certify_exact(problem, candidate, tried), Witness)

    for name, (kind, scale, table) in list(inst.activation.items()):
        if kind in ("sin", "tanh", "table"):
            trial = Instance(inst.dims, inst.values, {**inst.activation, name: ("linear", scale, {})})
            if ok(trial):
                inst = trial
    for k, v in list(inst.values.items()):
        if isinstance(v, Fraction) and not (isinstance(k, sp.Symbol) and k.is_integer) and v != 1:
            trial = Instance(inst.dims, {**inst.values, k: Fraction(1)}, inst.activation)
            if ok(trial):
                inst = trial
    tables = any(kind == "table" for kind, _, _ in inst.activation.values())
    for k, v in list(inst.values.items()):
        if not isinstance(v, np.ndarray) or (tables and isinstance(k, SeqElem)):  # sequence values label σ' tables
            continue
        for idx in np.ndindex(v.shape):
            for target in (0.0, float(np.sign(v[idx])), 1.0, -1.0):
                if v[idx] == target:
                    break
                w = inst.values[k].copy()
                w[idx] = target
                trial = Instance(inst.dims, {**inst.values, k: w}, inst.activation)
                if ok(trial):
                    inst = trial
                    break
    return inst


def _certify_exact(problem: Problem, inst: Instance, tried: int) -> Witness | None:
    env = _env(inst, True)
    checks = {}
    try:
        for c in problem.constraints:
            if c.activation is not None:
                ok = _activation_bound_exact(c, inst, env)
                if ok is not True:
                    return None
                checks[c.id] = f"|{greek(c.activation[0])}{chr(39) * c.activation[1]}(z)| ≤ {_show(_exact(c.rhs, env, inst))} for all z"
                continue
            if c.bound:
                return None  # a quantified premise we cannot check exactly
            a = _exact(c.lhs, env, inst)
            b = _exact(c.rhs, env, inst)
            if not (_finite(a) and _finite(b)) or _decide(a, c.rel, b) is not True:
                return None
            checks.setdefault(c.id, f"{text(c.lhs)} = {_show(a)} {REL[c.rel]} {_show(b)} = {text(c.rhs)}")
        a, rel, b = problem.goal
        x = _exact(a, env, inst)
        y = _exact(b, env, inst)
        if not (_finite(x) and _finite(y)):
            return None
        decided = _decide(x, rel, y)
        if decided is True:
            return HOLDS  # the goal holds exactly here: what looked like a violation was rounding
        if decided is not False:
            return None
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, NotImplementedError):
        return None
    return _witness(problem, inst, tried, _show(x), _show(y), True, checks)


HOLDS: Any = "holds"  # what _certify_exact says when exact arithmetic shows the goal holds at the instance


def _activation_bound_exact(c: Constraint, inst: Instance, env: dict) -> bool | None:
    name, order = c.activation  # type: ignore[misc]
    kind, scale, table = inst.activation[name]
    bound = _exact(c.rhs, env, inst)
    if kind == "known":
        return None
    if kind == "table":
        sup = max((abs(sp.Rational(v.numerator, v.denominator)) for v in table.values()), default=sp.Integer(0))
    elif kind == "linear":
        sup = abs(sp.Rational(scale)) if order == 1 else (sp.Integer(0) if order >= 2 else None)
    else:
        sup = abs(sp.Rational(scale)) if order >= 1 else abs(sp.Rational(scale))
    if sup is None:
        return None
    return _decide(sup, c.rel, bound)


def _numeric_witness(problem: Problem, inst: Instance, tried: int) -> Witness | None:
    env = _env(inst, False)
    a, rel, b = problem.goal
    x, y = _num(a, env, inst), _num(b, env, inst)
    slack = _eigen_error(problem, inst)
    if premises_margin(problem, inst, env) < slack:
        return None  # the premises must hold with room to spare for floating-point eigenvalues too
    margin = 1e-6 * (1 + abs(x) + abs(y)) + slack
    fails = (x - y > margin) if rel in ("<=", "<") else abs(x - y) > margin
    if not fails:
        return None
    return _witness(problem, inst, tried, f"{x:.6g}", f"{y:.6g}", False, {})


def _eigen_error(problem: Problem, inst: Instance) -> float:
    """How far floating-point eigenvalues (ρ, and σ_min near 0) can be off: for a defective n×n matrix about
    ε^(1/n)·‖A‖, far above machine precision; a numeric-only witness must clear it."""
    terms = [problem.goal[0], problem.goal[2]] + [t for c in problem.constraints for t in (c.lhs, c.rhs)]
    if not any(isinstance(n, (SpectralRadius, SigmaMin)) for t in terms if isinstance(t, sp.Basic) for n in sp.preorder_traversal(t)):
        return 0.0
    worst = 0.0
    for v in inst.values.values():
        if isinstance(v, np.ndarray) and v.ndim == 2 and v.shape[0] == v.shape[1] and v.size:
            n = v.shape[0]
            worst = max(worst, 10 * np.finfo(float).eps ** (1.0 / n) * float(np.abs(v).sum()))
    return worst


def _show(v: Any) -> str:
    if isinstance(v, sp.MatrixBase):
        return "[" + ", ".join("[" + ", ".join(_show(a) for a in row) + "]" for row in v.tolist()) + "]"
    if isinstance(v, (float, np.floating)):
        return f"{v:.6g}"
    if isinstance(v, sp.Basic):
        v = sp.nsimplify(v) if v.is_Float else v
        return sp.sstr(sp.radsimp(v) if v.is_number and not v.is_Rational else v)
    return str(v)


def _value_text(inst: Instance, k: Any, exact_mode: bool) -> str:
    v = inst.values[k]
    if isinstance(v, np.ndarray):
        if exact_mode:
            return _show(sp.Matrix([[sp.Rational(_frac(float(a)).numerator, _frac(float(a)).denominator) for a in row] for row in v]))
        return "[" + ", ".join("[" + ", ".join(f"{a:.6g}" for a in row) + "]" for row in v) + "]"
    return _show(sp.Rational(v.numerator, v.denominator)) if isinstance(v, Fraction) else str(v)


def _relevant(problem: Problem, inst: Instance) -> list[SeqElem]:
    """The sequence elements the concrete goal and premises actually use."""
    terms = [problem.goal[0], problem.goal[2]] + [t for c in problem.constraints if not c.bound for t in (c.lhs, c.rhs)]
    found: set = set()
    for t in terms:
        c = _concrete(t, inst)
        if isinstance(c, sp.Basic):
            for node in sp.preorder_traversal(c):
                if isinstance(node, SeqElem) and node.index.is_Integer:
                    found.add(node)
            for node in sp.preorder_traversal(c):
                if isinstance(node, (sp.Product,)) or type(node).__name__ == "MatProd":
                    i, lo, hi = node.args[1]
                    for j in range(int(lo), int(hi) + 1):
                        for sub in sp.preorder_traversal(evaluated(node.args[0].xreplace({i: sp.Integer(j)}))):
                            if isinstance(sub, SeqElem):
                                found.add(sub)
    return sorted(found, key=lambda x: (x.name, int(x.index)))


def _witness(problem: Problem, inst: Instance, tried: int, lhs_value: str, rhs_value: str, exact_mode: bool, checks: dict) -> Witness:
    values: dict[str, str] = {}
    for d, v in inst.dims.items():
        values[str(d)] = str(v)
    relevant = _relevant(problem, inst)
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    by_concrete = {k.xreplace(dims) if isinstance(k, SeqElem) else k: k for k in inst.values}
    relevant = [by_concrete[x] for x in relevant if x in by_concrete]
    for k in list(problem.indices) + list(problem.scalars) + list(problem.matrices) + relevant:
        if k in inst.values:
            values[text(k)] = _value_text(inst, k, exact_mode)
    for name, (kind, scale, table) in inst.activation.items():
        if kind == "known" or not any(f == name for f, _ in problem.uses):
            continue
        if kind == "table":
            look = _activation_fns(inst, True)[f"fn:{name}:1"]
            for x in relevant:
                vals = [look(sp.Rational(_frac(float(a)).numerator, _frac(float(a)).denominator)) for a in np.asarray(inst.values[x]).ravel()]
                values[f"{greek(name)}'({text(x)})"] = "[" + ", ".join(_show(v) for v in vals) + "]"
        else:
            form = {"linear": "{s}·z", "sin": "{s}·sin(z)", "tanh": "{s}·tanh(z)"}[kind]
            values[f"{greek(name)}(z)"] = form.format(s=_show(sp.Rational(scale)))
    lhs, rel, rhs = problem.shown
    a, _, _ = normalise(lhs, rel, rhs)
    flipped = a is not lhs
    left, right = (rhs_value, lhs_value) if flipped else (lhs_value, rhs_value)
    negation = {"<=": ">", "<": "≥", "=": "≠", ">=": "<", ">": "≤"}[rel]
    shown_values = ", ".join(f"{k} = {v}" for k, v in values.items())
    summary = f"{shown_values}: {text(lhs)} = {left} {negation} {right} = {text(rhs)}"
    return Witness(values, left, right, exact_mode, tried, summary, checks)


__all__ = ["falsify", "Outcome", "DEFAULT_SEED", "DEFAULT_BUDGET", "MatrixExpr"]


# ---------------------------------------------------------------- the conclusion itself


def _hold_state(e: Any, state: str) -> Any:
    """Every element of the state sequence replaced by one fixed point x* (the model held at x*)."""
    from .model import transform

    def step(node: Any) -> Any:
        if isinstance(node, SeqElem) and node.name == state:
            return SeqElem(node.name, sp.Integer(0), *node.shape)
        return None

    return transform(e, step)


def _inputs_can_hold(model: Any) -> bool:
    """Whether the update has an input term (another sequence), so inputs can keep the state at a point."""
    return any(isinstance(n, SeqElem) and n.name != model.state.name for n in sp.preorder_traversal(model.update))


def falsify_limit(derivation: Any, prover: Any, expr: Any, grows: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET) -> Outcome:
    """Look for a model instance, allowed by the premises, where ``expr`` does not go to 0.

    Only for a norm (induced) of an ordered product of the model's one-step Jacobians: with the state
    held at a fixed point x* (the inputs are free, so they can hold it there), the product is J*^N and
    ‖J*^N‖ ≥ ρ(J*)^N; an exact ρ(J*) ≥ 1 certifies that the claim is false.
    """
    from .objects import INDUCED_NORMS, MatProd, Norm, SpectralRadius

    model = derivation.model
    if model is None or not _inputs_can_hold(model):
        return Outcome(None, 0)
    body = prover.unfold(expr)
    if not (isinstance(body, Norm) and body.kind in INDUCED_NORMS and isinstance(body.matrix, MatProd)):
        return Outcome(None, 0)
    prod = body.matrix
    i = prod.limits[0]
    J = _hold_state(prod.body.xreplace({i: sp.Integer(0)}), model.state.name)
    target = SpectralRadius(J)
    # the premises must hold for the instance; the goal "ρ(J*) < 1" is what we try to break
    problem = build_problem(derivation, prover, target, "<", sp.Integer(1))
    sampler = Sampler(problem, seed)
    sampler.kinds = ("table",)  # σ' free in its bounds at the coordinates of x*: the largest freedom
    outcome = search(problem, sampler, budget, ("nilpotent_dense", "rank_one", "integer_small", "gaussian", "nilpotent"))
    if outcome.witness is None:
        return outcome
    return Outcome(_limit_witness(outcome.witness, expr, J, grows), outcome.tried)


def _limit_witness(w: Witness, expr: Any, J: Any, grows: Any) -> Witness:
    held = {k: v for k, v in w.values.items() if not k.startswith(("k", "t")) or len(k) > 1}
    shown = ", ".join(f"{k} = {v}" for k, v in held.items())
    kind = "certified exactly" if w.exact else "in floating point"
    summary = (
        f"the claim itself is false under these premises ({kind}): with {shown}, and the state held at a fixed point "
        f"x* = x[0] by the inputs, every one-step Jacobian equals J* = {text(J)}, whose spectral radius is "
        f"ρ(J*) = {w.lhs_value} ≥ 1; so {text(expr)} ≥ ρ(J*)^({text(grows)}) ≥ 1 for every {text(grows)}, and does not go to 0"
    )
    return Witness(held, w.lhs_value, "1", w.exact, w.tried, summary, w.checks)
