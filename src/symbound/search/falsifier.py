"""The falsifier: looks for a concrete instance where every premise holds and a link fails.

Every drawn symbol is instantiated numerically (numpy): dimensions small; matrices from structured
families (nilpotent, Jordan, rank-one, rotations ... see ``families``) made to have their declared
properties (symmetric, normal) and scaled towards the norm bounds of the premises; scalars from the
region their own premises and assumptions allow (solved by sympy); time indices; the inputs of the
model and the state's initial value, the later states being computed by the recurrence; abstract
activations as concrete functions (scaled to the bound on σ', or σ' tabulated at the points used).
The best near-violations are pushed by a local search.  A violation is rounded to small rationals and
passed to the witness checker (``witnesscheck``), which alone decides whether it is a counterexample
and whether it is certified exactly.  Searches are seeded and bounded in instances and steps, never in
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Iterator

import numpy as np
import sympy as sp

from symbound.rules import families, properties as matrix_properties
from symbound import ops
from symbound.ops.objects import evaluated, numeric
from symbound.ops import Elementwise, ScalarApply, SeqElem
from symbound.search.prover import normalise
from symbound.read.syntax import Activation
from symbound.values import Formula, LimitClaim, PremiseAt, Slope, Witness, exact_text
from symbound.kernel.arith import STEP_AT_ZERO
from symbound.kernel.witnesscheck import REACH, ActivationValue, Candidate, Z, derivative, grid_decide
from symbound.kernel.witnesscheck import check as check_witness

DEFAULT_SEED = 0
DEFAULT_BUDGET = 3000
DERIVATIVE_KINDS = ("table", "linear", "sin", "tanh")
SIMPLIFY_ATTEMPTS = 30  # exact re-checks spent on making a witness simpler


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
    derivation: Any = None
    properties: dict[Any, frozenset] = field(default_factory=dict)  # matrix -> declared properties (symmetric, normal)
    regions: dict[Any, sp.Set] = field(default_factory=dict)  # scalar -> the set its premises and assumptions allow
    fixed_point: bool = False  # the state held at one value x[0] by the inputs (falsify_limit)
    relevant: dict = field(default_factory=dict)  # the sequence elements used, for the last indices seen
    model_only: set = field(default_factory=set)  # matrices only the recurrence uses (drawn generic: their structure is no part of the claim)

    @property
    def model(self) -> Any:
        return None if self.derivation is None else self.derivation.model


@dataclass
class Instance:
    dims: dict[Any, int]
    values: dict[Any, Any]  # symbol / sequence element -> Fraction / numpy array of floats
    activation: dict[str, tuple[str, Any, dict]]  # name -> (kind, scale, table of σ' keyed by point, None: elsewhere)
    family: str = "gaussian"  # the matrix family the drawn values come from
    integral: bool = False
    first_state: Any = None  # the state's initial value (drawn); the later ones are computed by the recurrence


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
    model = derivation.model
    claim_symbols, claim_matrices, _ = _atoms(exprs)
    if model is not None and any(x.name == model.state.name for x in _atoms(exprs)[2]):
        exprs.append(model.update)  # the state's values are computed by the recurrence
    symbols, matrices, seqs = _atoms(exprs)
    if model is not None and model.index not in claim_symbols:
        symbols.discard(model.index)  # the recurrence's own index, not a symbol of the claim
    for m in list(matrices) + list(seqs):
        for d in m.shape:
            symbols |= d.free_symbols
    kinds = {decl.obj: decl.kind for decl in derivation.symbols.values() if isinstance(decl.obj, sp.Basic)}
    bound = {b for c in constraints for b in c.bound}
    for e in exprs:
        if isinstance(e, sp.Basic):
            bound |= {node.args[1][0] for node in sp.preorder_traversal(e) if isinstance(node, ops.BINDERS)}
    dims = sorted((s for s in symbols if kinds.get(s) == "dimension"), key=str)
    free = set().union(*(e.free_symbols for e in (goal[0], goal[2]) if isinstance(e, sp.Basic)),
                       *((t.free_symbols - set(c.bound)) for c in constraints for t in (c.lhs, c.rhs) if isinstance(t, sp.Basic)))
    bound -= free  # a name bound by a product and also used freely (not under a premise's for_all) is drawn
    indices = sorted((s for s in symbols if s not in dims and s not in bound and (kinds.get(s) == "index" or s.is_integer)), key=str)
    scalars = sorted((s for s in symbols if s not in dims and s not in indices and s not in bound and s != STEP_AT_ZERO), key=str)
    uses = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            for node in sp.preorder_traversal(e):
                if isinstance(node, (Elementwise, ScalarApply)):
                    uses.add((node.fname, node.order))
    activations = {n: a for n, a in derivation.scope.names.items() if isinstance(a, Activation)}
    sequences = sorted({(x.name, x.shape[0], x.shape[1]) for x in seqs}, key=str)
    properties = {decl.obj: decl.properties for decl in derivation.symbols.values() if decl.properties}
    problem = Problem(goal, (lhs, rel, rhs), constraints, activations, dims, indices, scalars,
                      sorted(matrices, key=str), sequences, uses, derivation, properties)
    problem.regions = {s: _region(s, constraints) for s in scalars}
    problem.model_only = set(matrices) - claim_matrices
    return problem


def _region(s: sp.Symbol, constraints: list[Constraint]) -> sp.Set:
    """The values of scalar ``s`` its assumptions and its own premises allow (those about s alone, solved by sympy)."""
    region: sp.Set = sp.S.Reals
    if s.is_positive:
        region = sp.Interval.open(0, sp.oo)
    elif s.is_nonnegative:
        region = sp.Interval(0, sp.oo)
    elif s.is_negative:
        region = sp.Interval.open(-sp.oo, 0)
    elif s.is_nonpositive:
        region = sp.Interval(-sp.oo, 0)
    plain = sp.Symbol("_s", real=True)
    for c in constraints:
        if c.bound or not all(isinstance(t, sp.Expr) and t.free_symbols <= {s} for t in (c.lhs, c.rhs)):
            continue
        relation = {"<=": sp.Le, "<": sp.Lt, "=": sp.Eq}[c.rel](c.lhs.xreplace({s: plain}), c.rhs.xreplace({s: plain}))
        try:
            solved = sp.solveset(relation, plain, sp.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(solved, (sp.Interval, sp.Union, sp.FiniteSet)) or solved is sp.S.EmptySet:
            region = sp.Intersection(region, solved)
    return region


def region_points(region: sp.Set) -> tuple[Fraction, ...]:
    """A few simple rationals inside ``region``: the usual small values when they lie in it, then points
    near each finite end of it and between two ends."""
    candidates = [Fraction(x) for x in (1, Fraction(1, 2), 2, 0, -1, Fraction(1, 4), 4, -2, Fraction(3, 4), 3, Fraction(-1, 2))]
    ends = sorted({_frac(float(e)) for piece in (region.args if isinstance(region, sp.Union) else (region,))
                   if isinstance(piece, (sp.Interval, sp.FiniteSet)) for e in piece.boundary if e.is_finite})
    for q in ends:
        candidates += [q + d for d in (Fraction(1, 4), 1, 4, abs(q))] + [q - d for d in (Fraction(1, 4), 1, 4, abs(q))] + [q]
    candidates += [(a + b) / 2 for a, b in zip(ends, ends[1:])]
    inside: list[Fraction] = []
    for q in candidates:
        if q not in inside and region.contains(sp.Rational(q.numerator, q.denominator)) == sp.true:
            inside.append(q)
    return tuple(inside[:12])


# ---------------------------------------------------------------- instances


def _frac(x: float, denominators: tuple[int, ...] = (1, 2, 4, 3, 8, 10)) -> Fraction:
    for q in denominators:
        if abs(round(x * q) - x * q) < 1e-12:
            return Fraction(round(x * q), q)
    return Fraction(x).limit_denominator(1000)


class Sampler:
    """Draws instances of a problem deterministically from a seed, inside the region its premises describe
    where that can be computed (scalars from the solved premises, matrices scaled to their norm bounds)."""

    def __init__(self, problem: Problem, seed: int) -> None:
        self.p = problem
        self.rng = np.random.default_rng(seed)
        self.kinds = DERIVATIVE_KINDS
        self.points = {s: region_points(problem.regions.get(s, sp.S.Reals)) for s in problem.scalars}

    def shape(self, dims: dict, obj: Any) -> tuple[int, int]:
        return tuple(int(sp.sympify(d).xreplace(dims)) for d in obj.shape)  # type: ignore[return-value]

    def matrix(self, family: str, integral: bool, n: int, m: int, properties: frozenset = frozenset()) -> np.ndarray:
        fam = family if families.supports(family, n, m) else "gaussian"
        A = families.sample(self.rng, "integer_small" if integral and fam not in families.EXACT_FAMILIES else fam, n, m)
        return matrix_properties.conform(A, properties, self.rng)

    def draw(self, family: str, dim: int, integral: bool, simple: bool = False) -> Instance:
        rng = self.rng
        dims = {d: dim for d in self.p.dims}
        values: dict[Any, Any] = {}
        for s in self.p.indices:
            values[s] = Fraction(int(rng.integers(0, 4)))
        for s in self.p.scalars:
            choices = self.points[s] or (Fraction(1),)
            values[s] = choices[0] if simple else choices[int(rng.integers(len(choices)))]
        for M in self.p.matrices:
            n, m = self.shape(dims, M)
            fam = "integer_small" if M in self.p.model_only else family
            values[M] = self.matrix(fam, integral, n, m, self.p.properties.get(M, frozenset()))
        activation = {}
        for name, act in self.p.activations.items():
            if act.function is not None:
                activation[name] = ("known", act.function, {})
                continue
            orders = {o for (f, o) in self.p.uses if f == name}
            kinds = self.kinds if orders <= {0, 1} else tuple(k for k in DERIVATIVE_KINDS if k != "table")
            kind = kinds[int(rng.integers(len(kinds)))]
            activation[name] = (kind, Fraction(1), {})
        return Instance(dims, values, activation, family=family, integral=integral)

    def complete(self, inst: Instance) -> Instance:
        """Sequence values (inputs drawn, states computed by the recurrence), matrices scaled towards their
        premises' bounds, activations scaled to their derivative bounds and σ' tabulated."""
        dims = inst.dims
        for name, rows, cols in self.p.sequences:
            n, m = int(sp.sympify(rows).xreplace(dims)), int(sp.sympify(cols).xreplace(dims))
            for j in _sequence_indices(self.p, inst, name):
                key = SeqElem(name, j, rows, cols)
                if key not in inst.values and not self._is_state(name):
                    inst.values[key] = self.matrix(inst.family, inst.integral, n, m)
        self.settle_activations(inst)
        _fit_matrices(self.p, inst)
        iterate(self.p, inst, self.rng)
        self.tabulate(inst)
        return inst

    def _is_state(self, name: str) -> bool:
        model = self.p.model
        return model is not None and model.state.name == name

    def settle_activations(self, inst: Instance) -> None:
        """Scale each abstract activation towards the premises bounding its derivative (the witness checker decides them)."""
        for name, (kind, _, _) in list(inst.activation.items()):
            if kind == "known":
                continue
            scale = _activation_scale(self.p, inst, name)
            sign = -1 if (kind == "linear" and self.rng.random() < 0.25) else 1
            inst.activation[name] = (kind, scale * sign, {None: scale})

    def tabulate(self, inst: Instance) -> None:
        """σ' of a table activation: a value in [-scale, scale] at each coordinate of the sequence values."""
        for name, (kind, scale, _) in list(inst.activation.items()):
            if kind != "table":
                continue
            choices = (1, -1, 0, Fraction(1, 2), Fraction(-1, 2))
            table: dict = {None: scale}
            for x in [k for k in inst.values if isinstance(k, SeqElem)]:
                for v in np.asarray(inst.values[x]).ravel():
                    table.setdefault(_frac(float(v)), scale * Fraction(choices[int(self.rng.integers(len(choices)))]))
            inst.activation[name] = (kind, scale, table)


def _activation_scale(problem: Problem, inst: Instance, name: str) -> Fraction:
    """The largest slope the premises bounding σ' allow (halved for a strict bound; 1 without one)."""
    bounds = [c for c in problem.constraints if c.activation and c.activation[0] == name]
    if not bounds:
        return Fraction(1)
    try:
        limit = min(_frac(float(numeric_value(c.rhs, inst))) for c in bounds)
    except (KeyError, TypeError, ValueError):
        return Fraction(1)
    if any(c.rel == "<" for c in bounds):
        limit = limit / 2
    return max(limit, Fraction(0))


def _sequence_indices(problem: Problem, inst: Instance, name: str) -> list[int]:
    """The indices the concrete goal and premises use for sequence ``name``; for the model's state and
    inputs, every index from the first one used to the last (the first state is the initial value)."""
    if problem.fixed_point:
        return [0]
    relevant = _relevant(problem, inst)
    used = sorted(int(x.index) for x in relevant if x.name == name) or [0]
    model = problem.model
    if model is None:
        return used
    states = sorted(int(x.index) for x in relevant if x.name == model.state.name) or [0]
    lo, hi = min(states + used), max(states + used)
    return list(range(lo, hi + 1))


def iterate(problem: Problem, inst: Instance, rng: Any = None) -> None:
    """Fill in the state values from the first one (drawn) by the model's recurrence, in floating point."""
    model = problem.model
    if model is None or all(name != model.state.name for name, _, _ in problem.sequences):
        return
    name, (rows, cols) = model.state.name, model.state.shape
    indices = _sequence_indices(problem, inst, name)
    n, m = int(sp.sympify(rows).xreplace(inst.dims)), int(sp.sympify(cols).xreplace(inst.dims))
    first = SeqElem(name, indices[0], rows, cols)
    if inst.first_state is not None and inst.first_state != first:  # the indices moved: draw a new initial value
        inst.values.pop(inst.first_state, None)
    if first not in inst.values:
        rng = rng if rng is not None else np.random.default_rng(0)
        inst.values[first] = rng.choice(np.arange(-8, 9) / 2, n * m, replace=n * m > 17).reshape(n, m)  # distinct coordinates
    inst.first_state = first
    if problem.fixed_point:
        return
    env = _env(inst, False)
    for j in indices[1:]:
        value = np.asarray(numeric(_concrete(model.update.xreplace({model.index: sp.Integer(j)}), inst), env), dtype=float).reshape(n, m)
        key = SeqElem(name, j, rows, cols)
        inst.values[key] = value
        env[key.xreplace({d: sp.Integer(v) for d, v in inst.dims.items()})] = value


def _fit_matrices(problem: Problem, inst: Instance) -> None:
    """Scale a matrix (or sequence element) to meet a premise bounding a norm, radius or singular value of
    it alone (an operator declared ``homogeneous``), from above (halfway below the bound) or from below
    (twice above it)."""
    for c in problem.constraints:
        if c.bound or c.rel == "=":
            continue
        for side, other, up in ((c.lhs, c.rhs, False), (c.rhs, c.lhs, True)):
            declared = ops.of(side)
            if declared is None or not declared.homogeneous:
                continue
            target = side.args[0]
            target = target.args[0] if isinstance(target, sp.Transpose) else target
            if not isinstance(target, (sp.MatrixSymbol, SeqElem)) or other.has(target) or "orthogonal" in problem.properties.get(target, ()):
                continue  # (an orthogonal matrix scaled is no longer orthogonal)
            try:
                a, b = float(numeric_value(side, inst)), float(numeric_value(other, inst))
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                continue
            if a <= 0 or b <= 0 or (b - a if not up else a - b) > 0:
                continue
            factor = _frac(2 * b / a if up else b / a / 2, (1, 2, 4, 8, 16))
            keys = [k for k in inst.values if isinstance(k, SeqElem) and _concrete(k, inst) == _concrete(target, inst)] if isinstance(target, SeqElem) else [target]
            for k in keys:
                if k in inst.values and factor > 0:
                    inst.values[k] = _rescaled(inst.values[k], float(factor), problem.properties.get(k, frozenset()))


def _activation_fns(inst: Instance, exact_mode: bool) -> dict[str, Callable]:
    """σ, σ', σ'' of each activation as callables (exact sympy values or floats)."""
    out: dict[str, Callable] = {}
    for name, value in activation_values(inst).items():
        for order in range(0, 3):
            f = value.function(order)
            if exact_mode:
                out[f"fn:{name}:{order}"] = f
            elif value.formula is not None:
                out[f"fn:{name}:{order}"] = _float_function(value.formula, order)
            else:
                table = {k: float(v) for k, v in inst.activation[name][2].items()}
                out[f"fn:{name}:{order}"] = (lambda v: 0.0) if order == 0 else (
                    lambda v, t=table: t.get(_frac(float(v)), t[None])) if order == 1 else _no_value
    return out


@lru_cache(maxsize=256)
def _float_function(formula: sp.Expr, order: int) -> Callable[[Any], float]:
    g = sp.lambdify(Z, derivative(formula, order), "math")
    return lambda v: float(g(float(v)))


def _no_value(v: Any) -> Any:
    raise KeyError("σ'' of a σ given by its slopes")


def activation_values(inst: Instance, points: Any = ()) -> dict[str, ActivationValue]:
    """The instance's activations as the witness checker reads them; a table's slopes at ``points`` (exact)."""
    from symbound.ops import KNOWN

    out = {}
    for name, (kind, scale, table) in inst.activation.items():
        if kind == "known":
            out[name] = ActivationValue(KNOWN[scale](Z))
        elif kind == "table":
            slopes = tuple((p, _rat(table.get(_frac(float(p)), table[None]))) for p in points)
            out[name] = ActivationValue(None, slopes, _rat(table[None]))
        else:
            base = {"linear": Z, "sin": sp.sin(Z), "tanh": sp.tanh(Z)}[kind]
            out[name] = ActivationValue(_rat(scale) * base)
    return out


def _rat(q: Any) -> sp.Rational:
    q = Fraction(q)
    return sp.Rational(q.numerator, q.denominator)


def _env(inst: Instance, exact_mode: bool = False) -> dict:
    """Floating-point values for every symbol of the instance (``exact_mode`` is kept for callers; exact
    values come from ``candidate``)."""
    env: dict[Any, Any] = dict(_activation_fns(inst, False))
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    env[STEP_AT_ZERO] = 0.0  # relu'(0) as the frameworks take it; the witness checker tries every convention
    for d, v in inst.dims.items():
        env[d] = float(v)
    for s, v in inst.values.items():
        env[s.xreplace(dims)] = np.asarray(v, dtype=float) if isinstance(v, np.ndarray) else float(v)
    return env


def _concrete(e: Any, inst: Instance) -> Any:
    """The term with dimensions and time indices replaced by the instance's integers."""
    subs = [(d, int(v)) for d, v in inst.dims.items()]
    subs += [(k, int(v)) for k, v in inst.values.items() if isinstance(k, sp.Symbol) and k.is_integer]
    return _substituted(e, tuple(subs))


@lru_cache(maxsize=4096)
def _substituted(e: Any, subs: tuple) -> Any:
    return evaluated(e.xreplace({k: sp.Integer(v) for k, v in subs}))


def numeric_value(e: Any, inst: Instance) -> Any:
    return numeric(_concrete(e, inst), _env(inst))


def _num(e: Any, env: dict, inst: Instance) -> Any:
    v = numeric(_concrete(e, inst), env)
    return np.real(np.asarray(v, dtype=complex)).astype(float) if np.ndim(v) == 2 else float(np.real(v))


# ---------------------------------------------------------------- checking an instance (the search's filter)


def _margin(a: Any, rel: str, b: Any) -> float:
    """How well ``a rel b`` holds: positive when it holds with room, negative when it fails (matrices: entries)."""
    if rel == "=":
        return -float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0))
    return float(b - a)


def declarations_hold(problem: Problem, inst: Instance) -> bool:
    """Whether every drawn matrix has its declared properties, in floating point (the witness checker decides exactly)."""
    return all(matrix_properties.close(np.asarray(inst.values[M], dtype=float), declared)
               for M, declared in problem.properties.items() if isinstance(inst.values.get(M), np.ndarray))


def premises_margin(problem: Problem, inst: Instance, env: dict) -> float:
    """The smallest margin over the premises; a ``for_all`` premise counts as holding (margin ∞) or not (-1),
    decided by the witness checker's ``forall`` on this instance."""
    worst = np.inf
    for c in problem.constraints:
        if c.bound and not all(b.is_integer for b in c.bound):
            holds = _forall(problem, inst, c)
            if holds is False:
                return -1.0
            continue
        for lhs, rhs in _at_indices(problem, inst, c, env) if c.bound else [(c.lhs, c.rhs)]:
            worst = min(worst, _premise_margin(_num(lhs, env, inst), c.rel, _num(rhs, env, inst)))
    return float(worst)


def _premise_margin(a: Any, rel: str, b: Any) -> float:
    size = float(np.max(np.abs(a), initial=0.0) + np.max(np.abs(b), initial=0.0))
    scale = 1e-9 * (1 + size)
    m = _margin(a, rel, b)
    if rel == "<" or rel == "<=":
        m = m - scale  # demand room: a float that barely holds may not hold exactly
    if rel == "=":
        m = 0.0 if -m <= scale else m
    return m


def _at_indices(problem: Problem, inst: Instance, c: Constraint, env: dict) -> list[tuple[Any, Any]]:
    """A premise `for_all` over an index, at every index where the instance has the sequences it indexes by
    it, and at the states the recurrence reaches after them (``REACH`` steps, added to ``env``) when the
    update takes no inputs — as the witness checker does exactly."""
    (j, *_) = c.bound
    names = {n.name for side in (c.lhs, c.rhs) for n in sp.preorder_traversal(side) if isinstance(n, SeqElem) and j in n.index.free_symbols}
    used = sorted({int(k.index) for k in inst.values if isinstance(k, SeqElem) and k.name in names})
    model = problem.model
    if used and model is not None and model.state.name in names and not _inputs_can_hold(model):
        name, (rows, cols) = model.state.name, model.state.shape
        dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
        last = max(int(k.index) for k in inst.values if isinstance(k, SeqElem) and k.name == name)
        for step in range(last + 1, last + 1 + REACH):
            env[SeqElem(name, step, rows, cols).xreplace(dims)] = numeric(_concrete(model.update.xreplace({model.index: sp.Integer(step)}), inst), env)
            used.append(step)
    return [(c.lhs.xreplace({j: sp.Integer(v)}), c.rhs.xreplace({j: sp.Integer(v)})) for v in used]


def _forall(problem: Problem, inst: Instance, c: Constraint) -> bool | None:
    from symbound.kernel.witnesscheck import Undecided, _Context

    cand = Candidate(inst.dims, {k: _exact_value(v) for k, v in inst.values.items() if isinstance(k, sp.Symbol)},
                     activation_values(inst), problem.fixed_point)
    try:
        d, rel, domains = _Context(problem.derivation, cand).quantified(c.lhs, c.rel, c.rhs, c.bound)
        return grid_decide(d, rel, tuple((v, dom) for v, dom in domains if d.has(v)))[0]
    except Undecided:
        return None


def goal_violation(problem: Problem, inst: Instance, env: dict) -> float:
    """How much the goal fails (positive: it fails), scaled to its size; matrices compare entry by entry."""
    a, rel, b = problem.goal
    x, y = _num(a, env, inst), _num(b, env, inst)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return -np.inf
    scale = 1e-9 * (1 + float(np.max(np.abs(x), initial=0.0) + np.max(np.abs(y), initial=0.0)))
    if rel == "=":
        return float(np.max(np.abs(np.asarray(x) - np.asarray(y)), initial=0.0)) - scale
    if rel == "<":
        return x - y  # x ≥ y fails a strict goal; exact arithmetic decides a tie
    return x - y - scale


@dataclass
class Outcome:
    witness: Witness | None
    tried: int  # instances drawn and local-search steps taken: the deterministic budget spent
    candidate: Candidate | None = None  # the witness's exact values, for the witness checker of the caller
    met: int = 0  # instances at which every declaration and premise held (in floating point)
    claim: tuple[Any, str, Any] | None = None  # what the candidate breaks, when it is not the claim searched (a limit)


def falsify(derivation: Any, prover: Any, lhs: Any, rel: str, rhs: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET,
            local_steps: int | None = None) -> Outcome:
    """Search for an instance where the premises hold and ``lhs rel rhs`` fails."""
    problem = build_problem(derivation, prover, lhs, rel, rhs)
    return search(problem, Sampler(problem, seed), budget, local_steps=LOCAL_STEPS if local_steps is None else local_steps)


SEARCH_ERRORS = (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError, np.linalg.LinAlgError)
LOCAL_STEPS = 60  # perturbations tried from each of the five nearest misses


def search(problem: Problem, sampler: Sampler, budget: int, first: tuple[str, ...] | None = None, local_steps: int = LOCAL_STEPS) -> Outcome:
    """Structured and random instances (``budget`` of them), then a local search from the five that came
    closest; the first violation the witness checker accepts is the witness.  Every limit counts
    instances or steps, never seconds, so the verdict does not depend on the machine's load."""
    best: list[tuple[float, int, Instance]] = []
    tried = 0
    failed = [0]  # instances the premises or the claim could not even be evaluated at: not counted as tried
    met = [0]

    def violation(inst: Instance) -> float | None:
        try:
            sampler.complete(inst)
            if not declarations_hold(problem, inst):
                return None
            env = _env(inst)
            if premises_margin(problem, inst, env) < 0:
                return None
            met[0] += 1
            return goal_violation(problem, inst, env)
        except SEARCH_ERRORS:
            failed[0] += 1
            return None

    strict = problem.goal[1] == "<"
    for inst in _schedule(sampler, budget, first or FIRST_FAMILIES):
        tried += 1
        v = violation(inst)
        if v is None:
            continue
        if v >= 0 or (strict and v > -1e-12):
            found = certify(problem, inst, tried - failed[0])
            if found is not None:
                return Outcome(found[0], tried - failed[0], found[1], met=met[0])
        best.append((v, tried, inst))
        best.sort(key=lambda t: (-t[0], t[1]))
        del best[5:]
    for v0, _, inst in list(best):
        for candidate in _perturbations(sampler, inst, local_steps):
            tried += 1
            v = violation(candidate)
            if v is None or v <= v0:
                continue
            inst, v0 = candidate, v
            if v >= 0:
                found = certify(problem, inst, tried - failed[0])
                if found is not None:
                    return Outcome(found[0], tried - failed[0], found[1], met=met[0])
    return Outcome(None, tried - failed[0], met=met[0])


FIRST_FAMILIES = ("nilpotent", "nilpotent_dense", "jordan_block", "rank_one", "integer_small", "upper_triangular", "rotation", "skew_symmetric")


ESCALATION = (4, 8, 16, 32, 64)  # dimensions tried at the end of the budget: a claim may fail only at a large width
ESCALATION_FAMILIES = ("scaled_identity", "diagonal", "integer_small", "rank_one", "orthogonal", "gaussian")


def _schedule(sampler: Sampler, budget: int, first: tuple[str, ...] = FIRST_FAMILIES) -> Iterator[Instance]:
    """Structured families first (each with small exact entries, then as drawn), then at random, at the
    dimensions 2, 1, 3; the last tenth of the budget (at most 300) escalates the dimension (4, 8 … 64)."""
    fams = [f for f in first if f in families.FAMILIES] + [f for f in families.FAMILIES if f not in first]
    large = min(300, budget // 10) if sampler.p.dims else 0
    count = 0
    rounds = 0
    while count < budget - large:
        for fam in fams:
            for dim in (2, 1, 3):
                for integral in (True, False) if rounds == 0 else (False,):
                    inst = sampler.draw(fam, dim, integral, simple=rounds == 0 and integral)
                    for scale in (1, Fraction(1, 2), Fraction(1, 4), 2, Fraction(1, 8), 4):
                        yield _scaled(inst, scale, sampler.p.properties)
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
        for dim in ESCALATION:
            for fam in ESCALATION_FAMILIES:
                inst = sampler.draw(fam, dim, fam in families.EXACT_FAMILIES, simple=True)
                for scale in (1, Fraction(1, 2), 2):
                    yield _scaled(inst, scale, sampler.p.properties)
                    count += 1
                    if count >= budget:
                        return


def _free(problem: Problem, k: Any) -> bool:
    """Whether a value is drawn (not computed from the recurrence)."""
    model = problem.model
    return not (isinstance(k, SeqElem) and model is not None and k.name == model.state.name and not problem.fixed_point)


def _copy(inst: Instance, values: dict) -> Instance:
    """The instance with new drawn values; computed state values are dropped (``complete`` recomputes them)."""
    out = Instance(dict(inst.dims), values, dict(inst.activation), family=inst.family, integral=inst.integral)
    out.first_state = inst.first_state
    return out


def _scaled(inst: Instance, scale: Any, properties: dict) -> Instance:
    """The drawn matrices times ``scale``, except those whose declared properties scaling would break (orthogonal)."""
    return _copy(inst, {k: (_rescaled(v, float(scale), properties.get(k, frozenset())) if isinstance(v, np.ndarray) else v)
                        for k, v in inst.values.items()})


def _rescaled(A: np.ndarray, factor: float, declared: frozenset) -> np.ndarray:
    B = A * factor
    return B if not declared or matrix_properties.close(B, declared) else A


def _perturbations(sampler: Sampler, inst: Instance, count: int) -> Iterator[Instance]:
    """Random steps from ``inst``: the drawn matrices (keeping their declared properties) and, with shrinking
    steps, the real scalars (to eighths, inside the region their premises allow)."""
    rng = sampler.rng
    properties = sampler.p.properties
    for step in range(count):
        values = {}
        for k, v in inst.values.items():
            if isinstance(v, np.ndarray) and _free(sampler.p, k):
                v = matrix_properties.conform(v + rng.standard_normal(v.shape) * 0.1 * (1 + np.abs(v).max()), properties.get(k, frozenset()), rng)
            elif isinstance(v, Fraction) and k in sampler.p.scalars:
                v = _moved(sampler.p.regions.get(k, sp.S.Reals), v, float(rng.standard_normal()) * (1 + abs(float(v))) / (1 + step / 10))
            values[k] = v
        yield _copy(inst, _drawn(sampler.p, inst, values))


def _moved(region: sp.Set, v: Fraction, by: float) -> Fraction:
    """v + by, to the nearest eighth, when that lies in ``region``; else v."""
    w = Fraction(round((float(v) + by) * 8), 8)
    return w if region == sp.S.Reals or region.contains(sp.Rational(w.numerator, w.denominator)) == sp.true else v


def _drawn(problem: Problem, inst: Instance, values: dict) -> dict:
    """The drawn values only: the first state stays (it is the initial value), the others are recomputed."""
    return {k: v for k, v in values.items() if _free(problem, k) or k == inst.first_state}


# ---------------------------------------------------------------- certification by the witness checker


def _rounded(problem: Problem, inst: Instance, q: int) -> Instance:
    """The drawn values rounded to denominators of about ``q``, each matrix keeping its declared properties exactly."""
    values = {k: (matrix_properties.rational(v, problem.properties.get(k, frozenset()), q) if isinstance(v, np.ndarray) else v)
              for k, v in _drawn(problem, inst, inst.values).items()}
    out = _copy(inst, values)
    for name, (kind, scale, table) in inst.activation.items():
        if kind == "table":  # the slopes stay with their (rounded) points
            moved: dict = {None: table[None]}
            for p, slope in table.items():
                if p is not None:
                    moved.setdefault(_frac(round(float(p) * q) / q), slope)
            out.activation[name] = (kind, scale, moved)
    iterate(problem, out)
    return out


def _exact_value(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return sp.Matrix([[_rat(_frac(float(a))) for a in row] for row in v])
    return _rat(v)


def candidate(problem: Problem, inst: Instance) -> Candidate:
    """The instance with exact values: drawn values as rationals, state values computed exactly by the
    recurrence from the first one, a table activation's slopes at every coordinate of a sequence value."""
    values = {k: _exact_value(v) for k, v in _drawn(problem, inst, inst.values).items()}
    model = problem.model
    cand = Candidate(dict(inst.dims), values, activation_values(inst), problem.fixed_point)
    if model is not None and not problem.fixed_point:
        from symbound.kernel.witnesscheck import _Context

        name, (rows, cols) = model.state.name, model.state.shape
        for j in _sequence_indices(problem, inst, name)[1:]:
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
        rows, cols = (int(x.xreplace(dims)) for x in n.shape)
        M = sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"_{n.name}_{i}_{j}"))
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
    except (Undecided, KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, NotImplementedError):
        return None


def certify(problem: Problem, inst: Instance, tried: int) -> tuple[Witness, Candidate] | None:
    """Round the drawn values to small rationals and pass the candidate to the witness checker; the first
    it accepts is the witness (simplified while it stays certified exactly), with its exact values.  A
    candidate the checker rejects is no refutation."""
    numeric_only = None
    for q in (1, 2, 4, 10, 100):
        rounded = _rounded(problem, inst, q)
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


def _simplest(problem: Problem, inst: Instance, certified: bool = True) -> Instance:
    """Greedily make a witness simpler (entries 0 or ±1, scalars 0 or 1, σ' linear) while the witness checker
    accepts it (certified exactly, once it is)."""
    attempts = [0]
    certain = [certified]

    def ok(trial: Instance) -> bool:
        iterate(problem, trial)
        try:  # floating point first: most trials fail there, cheaply
            env = _env(trial)
            if not declarations_hold(problem, trial) or premises_margin(problem, trial, env) < 0 or goal_violation(problem, trial, env) < -1e-9:
                return False
        except SEARCH_ERRORS:
            return False
        attempts[0] += 1
        if attempts[0] > SIMPLIFY_ATTEMPTS:
            return False
        checked = _check(problem, trial)
        if checked is None or not checked[1].ok or (certain[0] and not checked[1].certified):
            return False
        certain[0] = checked[1].certified
        return True

    for name, (kind, scale, table) in list(inst.activation.items()):
        if kind in ("sin", "tanh", "table"):
            trial = _copy(inst, _drawn(problem, inst, inst.values))
            trial.activation[name] = ("linear", scale, {None: scale})
            if ok(trial):
                inst = trial
    for k, v in list(inst.values.items()):
        if not isinstance(v, Fraction) or (isinstance(k, sp.Symbol) and k.is_integer):
            continue
        for target in (Fraction(0), Fraction(1)):
            if inst.values[k] in (0, 1):
                break
            trial = _copy(inst, {**_drawn(problem, inst, inst.values), k: target})
            for name, (kind, scale, table) in trial.activation.items():  # the slopes follow the new bound
                if kind in ("linear", "sin", "tanh") and scale:
                    trial.activation[name] = (kind, _activation_scale(problem, trial, name) * (1 if scale > 0 else -1), {None: 1})
            if ok(trial):
                inst = trial
    tables = any(kind == "table" for kind, _, _ in inst.activation.values())
    for k in list(_drawn(problem, inst, inst.values)):
        v = inst.values[k]
        if not isinstance(v, np.ndarray) or (tables and isinstance(k, SeqElem)):  # sequence values label σ' tables
            continue
        for idx in np.ndindex(v.shape):
            for target in (0.0, float(np.sign(v[idx])), 1.0, -1.0):
                if inst.values[k][idx] == target:
                    break
                w = inst.values[k].copy()
                w[idx] = target
                trial = _copy(inst, {**_drawn(problem, inst, inst.values), k: w})
                if ok(trial):
                    inst = trial
                    break
        v = inst.values[k]
        if (v < 0).sum() > (v > 0).sum():  # mostly negative: the negated matrix, if it stays a witness
            trial = _copy(inst, {**_drawn(problem, inst, inst.values), k: -v})
            if ok(trial):
                inst = trial
    return inst


_show = exact_text


def _relevant(problem: Problem, inst: Instance) -> list[SeqElem]:
    """The sequence elements the concrete goal and premises actually use."""
    key = tuple(int(v) for k, v in inst.values.items() if isinstance(k, sp.Symbol) and k.is_integer) + tuple(inst.dims.values())
    if problem.relevant.get("key") != key:
        problem.relevant = {"key": key, "found": _relevant_elements(problem, inst)}
    return problem.relevant["found"]


def _relevant_elements(problem: Problem, inst: Instance) -> list[SeqElem]:
    terms = [problem.goal[0], problem.goal[2]] + [t for c in problem.constraints if not c.bound for t in (c.lhs, c.rhs)]
    found: set = set()
    for t in terms:
        c = _concrete(t, inst)
        if isinstance(c, sp.Basic):
            for node in sp.preorder_traversal(c):
                if isinstance(node, SeqElem) and node.index.is_Integer:
                    found.add(node)
            for node in sp.preorder_traversal(c):
                if isinstance(node, ops.BINDERS):
                    i, lo, hi = node.args[1]
                    for j in range(int(lo), int(hi) + 1):
                        for sub in sp.preorder_traversal(evaluated(node.args[0].xreplace({i: sp.Integer(j)}))):
                            if isinstance(sub, SeqElem):
                                found.add(sub)
    return sorted(found, key=lambda x: (x.name, int(x.index)))


def _witness(problem: Problem, cand: Candidate, result: Any, tried: int) -> Witness:
    values: dict[Any, str] = {}
    for d, v in cand.dims.items():
        values[d] = str(v)
    inst_like = Instance(cand.dims, {k: v for k, v in cand.values.items() if isinstance(k, sp.Symbol)}, {})
    dims = {d: sp.Integer(v) for d, v in cand.dims.items()}
    relevant = set(_relevant(problem, inst_like))
    shown_seq = [k for k in cand.values if isinstance(k, SeqElem) and k.xreplace(dims) in relevant]
    for k in list(problem.indices) + list(problem.scalars) + list(problem.matrices) + sorted(shown_seq, key=lambda x: (x.name, int(x.index))):
        if k in cand.values:
            values[k] = _show(cand.values[k])
    for name, act in cand.activations.items():
        if name not in problem.activations or problem.activations[name].function is not None or not any(f == name for f, _ in problem.uses):
            continue
        if act.formula is None:
            slope = act.function(1)
            for x in sorted(shown_seq, key=lambda x: (x.name, int(x.index))):
                values[Slope(name, x)] = "[" + ", ".join(_show(slope(a)) for a in cand.values[x]) + "]"
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
    left, right = _show(result.lhs_value), _show(result.rhs_value)  # exact strings, for programs (JSON)
    return Witness(values, left, right, result.certified, tried, problem.shown, checks, list(result.numeric),
                   sides=(result.lhs_value, result.rhs_value))


__all__ = ["falsify", "Outcome", "DEFAULT_SEED", "DEFAULT_BUDGET"]


# ---------------------------------------------------------------- the conclusion itself


def _inputs_can_hold(model: Any) -> bool:
    """Whether the update has an input term (another sequence), so inputs can keep the state at a point."""
    return any(isinstance(n, SeqElem) and n.name != model.state.name for n in sp.preorder_traversal(model.update))


def falsify_limit(derivation: Any, prover: Any, expr: Any, grows: Any, seed: int = DEFAULT_SEED, budget: int = DEFAULT_BUDGET) -> Outcome:
    """Look for a model instance, allowed by the premises, where ``expr`` does not go to 0.

    Only for a norm (induced) of an ordered product of the model's one-step Jacobians: with the state
    held at a fixed point x* (the inputs are free, so they can hold it there), the product is J*^N and
    ‖J*^N‖ ≥ ρ(J*)^N; an exact ρ(J*) ≥ 1 certifies that the claim is false.
    """
    from symbound.read.model import hold_state
    from symbound.ops import INDUCED_NORMS, Norm, MatProd, SpectralRadius

    model = derivation.model
    if model is None or not _inputs_can_hold(model):
        return Outcome(None, 0)
    body = prover.unfold(expr)
    if not (isinstance(body, Norm) and body.kind in INDUCED_NORMS and isinstance(body.matrix, MatProd)):
        return Outcome(None, 0)
    prod = body.matrix
    i = prod.limits[0]
    J = hold_state(prod.body.xreplace({i: sp.Integer(0)}), model.state.name)
    target = SpectralRadius(J)
    # the premises must hold for the instance; the goal "ρ(J*) < 1" is what we try to break
    problem = build_problem(derivation, prover, target, "<", sp.Integer(1))
    problem.fixed_point = True
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
