"""Drawing instances: values inside the region the premises describe, states computed by the recurrence, and their floating-point evaluation."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Iterator

import numpy as np
import sympy as sp

from symbound.rules import families, properties as matrix_properties
from symbound.rules.properties import declared as declared_properties
from symbound import ops
from symbound.ops.objects import UNDEFINED, evaluated, numeric
from symbound.ops import SeqElem
from symbound.read.syntax import DimensionFamily, Sequence
from symbound.kernel.arith import STEP_AT_ZERO
from symbound.kernel.witnesscheck import ActivationValue, Z, derivative
from symbound.search.problem import Instance, Problem, frac, rational, region_points


DERIVATIVE_KINDS = ("table", "linear", "sin", "tanh")
INDEX_POINTS = tuple(Fraction(j) for j in range(4))  # the values an index (k, t) is drawn at
# piecewise-linear σ (times the scale): not odd (|z|, relu) nor smooth; relu and leaky relu max(z, z/4) written with
# |z|, which the witness checker's decision for every z splits at 0 into polynomials (exact); see ``drawable``
PIECEWISE_LINEAR = {"abs": sp.Abs(Z), "relu": (Z + sp.Abs(Z)) / 2, "leaky": (5 * Z + 3 * sp.Abs(Z)) / 8}
FORMULAS = {"linear": Z, "sin": sp.sin(Z), "tanh": sp.tanh(Z), **PIECEWISE_LINEAR}  # the kinds given by a formula
WIDTH_REACH = 4  # the layers n[j] an instance gives a width: j from −1 − WIDTH_REACH − m to WIDTH_REACH + m + 4, m the largest
# whole number the claim and the premises write (W[20]), the indices being drawn from 0 to 3


APART = 4


class Sampler:
    """Draws instances of a problem deterministically from a seed, inside the region its premises describe
    where that can be computed (scalars from the solved premises, matrices scaled to their norm bounds)."""

    def __init__(self, problem: Problem, seed: int) -> None:
        self.p = problem
        self.rng = np.random.default_rng(seed)
        self.kinds = DERIVATIVE_KINDS + tuple(PIECEWISE_LINEAR)
        self.points = {s: region_points(problem.regions.get(s, sp.S.Reals)) for s in problem.scalars}
        self.layers = _layers(problem) if problem.widths else range(0)
        self.drawn = 0  # instances drawn: every APART-th one draws the declared dimensions apart

    def shape(self, dims: dict, obj: Any) -> tuple[int, int]:
        return tuple(int(sp.sympify(d).xreplace(dims)) for d in obj.shape)  # type: ignore[return-value]

    def matrix(self, family: str, integral: bool, n: int, m: int, properties: frozenset = frozenset()) -> np.ndarray:
        fam = family if families.supports(family, n, m) else "gaussian"
        A = families.sample(self.rng, "integer_small" if integral and fam not in families.EXACT_FAMILIES else fam, n, m)
        return matrix_properties.conform(A, properties, self.rng)

    def draw(self, family: str, dim: int, integral: bool, simple: bool = False) -> Instance:
        rng = self.rng
        dims: dict[Any, int] = {d: dim for d in self.p.dims}
        self.drawn += 1
        if len(dims) > 1 and not simple and self.drawn % APART == 0:  # each dimension its own (a tall V: VVᵀ ≠ I)
            dims = {d: int(rng.integers(1, max(dim, 2) + 1)) for d in dims}
        for name in self.p.widths:  # a width per layer, each its own: 1, 2, … up to the instance's dimension
            dims |= {DimensionFamily(name).at(sp.Integer(j)): int(rng.integers(1, max(dim, 2) + 1)) for j in self.layers}
        values: dict[Any, Any] = {}
        for s in self.p.indices:
            values[s] = INDEX_POINTS[int(rng.integers(len(INDEX_POINTS)))]
        for s in self.p.scalars:
            choices = self.points[s] or (Fraction(1),)
            values[s] = choices[0] if simple else choices[int(rng.integers(len(choices)))]
        for M in self.p.matrices:
            n, m = self.shape(dims, M)
            fam = "integer_small" if M in self.p.model_only else family
            values[M] = self.matrix(fam, integral, n, m, declared_properties(self.p.properties, M))
        activation = {}
        for name, act in self.p.activations.items():
            if act.function is not None:
                activation[name] = ("known", act.function, {})
                continue
            orders = {o for (f, o) in self.p.uses if f == name}
            kinds = tuple(k for k in self.kinds if drawable(k, orders)) or tuple(k for k in DERIVATIVE_KINDS if drawable(k, orders))
            kind = kinds[int(rng.integers(len(kinds)))]
            activation[name] = (kind, Fraction(1), {})
        branches = {k: int(rng.integers(len(solutions))) for k, solutions in self.p.solved.items()}
        return Instance(dims, values, activation, family=family, integral=integral, branches=branches)

    @property
    def scalars_only(self) -> bool:
        """Whether an instance is its scalars alone: no dimension, matrix, sequence or abstract activation that a
        matrix family or a dimension could vary (every family and dimension would draw the same instances)."""
        p = self.p
        return not (p.dims or p.matrices or p.sequences or p.widths or any(a.function is None for a in p.activations.values()))

    def scalar_draws(self, budget: int) -> Iterator[Instance]:
        """At most ``budget`` instances of a problem about scalars alone, each once: every combination of the
        regions' points (and of the indices' values), simplest first (by the sum of their ranks in ``region_points``), then points between two
        of them and beyond (``between``), where the grid alone would repeat itself."""
        names = [*self.p.indices, *self.p.scalars]
        grids = [INDEX_POINTS if s in self.p.indices else self.points[s] or (Fraction(1),) for s in names]
        seen: set[tuple[Fraction, ...]] = set()
        attempts = 0
        for ranks in _by_rank([len(g) for g in grids]):
            if len(seen) >= budget:
                return
            seen.add(tuple(g[r] for g, r in zip(grids, ranks)))
            yield self._at(dict(zip(names, (g[r] for g, r in zip(grids, ranks)))))
        while len(seen) < budget and attempts < 4 * budget:  # a region of one point has no other
            attempts += 1
            values = tuple(self.between(s, g) for s, g in zip(names, grids))
            if values not in seen:
                seen.add(values)
                yield self._at(dict(zip(names, values)))

    def between(self, s: Any, grid: tuple[Fraction, ...]) -> Fraction:
        """A rational in the region of ``s`` on the line through two of its points, between them or up to once
        their distance beyond (a convex region keeps most of them); a point of the grid when eight such miss it,
        and for an index one of its values."""
        rng = self.rng
        if s in self.p.indices:
            return grid[int(rng.integers(len(grid)))]
        region = self.p.regions.get(s, sp.S.Reals)
        for _ in range(8):
            a, b = (grid[int(rng.integers(len(grid)))] for _ in range(2))
            d = int(rng.choice((3, 5, 7, 9, 16)))
            q = a + Fraction(int(rng.integers(-d, 2 * d + 1)), d) * (b - a)
            if region.contains(rational(q)) == sp.true:
                return q
        return grid[int(rng.integers(len(grid)))]

    def _at(self, values: dict[Any, Fraction]) -> Instance:
        inst = self.draw("gaussian", 1, False)
        inst.values.update(values)
        return inst

    def complete(self, inst: Instance) -> Instance:
        """Sequence values (inputs drawn, states computed by the recurrence), matrices scaled towards their
        premises' bounds, activations scaled to their derivative bounds and σ' tabulated."""
        dims = inst.dims
        for name, rows, cols in self.p.sequences:
            for j in sequence_indices(self.p, inst, name):
                key = element(self.p, name, rows, cols, j)
                if key not in inst.values and not self._is_state(name):
                    n, m = (int(sp.sympify(d).xreplace(dims)) for d in key.shape)
                    inst.values[key] = self.matrix(inst.family, inst.integral, n, m, declared_properties(self.p.properties, key))
        self.settle_activations(inst)
        first_state(self.p, inst, self.rng)
        solve_equalities(self.p, inst)
        _fit_matrices(self.p, inst)
        determine(self.p, inst, self.rng)
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
            scale = activation_scale(self.p, inst, name)
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
                    table.setdefault(frac(float(v)), scale * Fraction(choices[int(self.rng.integers(len(choices)))]))
            inst.activation[name] = (kind, scale, table)


def _by_rank(sizes: list[int]) -> Iterator[tuple[int, ...]]:
    """Every tuple of indices into lists of these sizes, by increasing sum, each once (lazily: a product of many
    lists is never built)."""
    def tuples(total: int, i: int) -> Iterator[tuple[int, ...]]:
        if i == len(sizes):
            if total == 0:
                yield ()
            return
        if total > sum(n - 1 for n in sizes[i:]):
            return
        for j in range(min(sizes[i] - 1, total) + 1):
            for rest in tuples(total - j, i + 1):
                yield (j, *rest)

    for total in range(sum(n - 1 for n in sizes) + 1):
        yield from tuples(total, 0)


def drawable(kind: str, orders: set[int]) -> bool:
    """Whether an activation of this kind may be drawn where the claim and the premises use σ^(d) for d in ``orders``.
    A table sets σ' only; a piecewise-linear σ only where σ' and σ'' appear nowhere: it has no σ' at its kink, so a
    premise |σ'(z)| ≤ γ for all z (which asserts σ' everywhere) would hold for it only by a convention (relu'(0) is 0,
    ½ or 1), and a claim on σ'(x) or σ''(x) at a drawn x (often 0) would fail or hold by one; a refutation must hold
    whatever σ'(0) is taken to be, and kept to σ itself it does (σ'(0) is never evaluated: the witness checker leaves
    σ' and σ'' of a kinked formula undecided at the kink).  The other premises on σ (odd, nonnegative, Lipschitz,
    bounds on |σ(z)|) are decided by the witness checker for the formula drawn, which is rejected where one fails."""
    if kind == "table":
        return orders <= {0, 1}
    return orders <= {0} if kind in PIECEWISE_LINEAR else True


def _layers(problem: Problem) -> range:
    """The layers an instance gives a width: every one the claim and the premises can name at indices 0 … 3."""
    terms = [problem.goal[0], problem.goal[2], *(t for c in problem.constraints for t in (c.lhs, c.rhs))]
    reach = WIDTH_REACH + max((abs(int(a)) for t in terms if isinstance(t, sp.Basic) for a in t.atoms(sp.Integer)), default=0)
    return range(-1 - reach, reach + 4)


def element(problem: Problem, name: str, rows: Any, cols: Any, j: int) -> SeqElem:
    """The element of sequence ``name`` at index j, of the shape its declaration gives it there (W[j] of shape
    n[j] × n[j−1] for a per-layer shape)."""
    declared = problem.derivation.scope.names.get(name) if problem.derivation is not None else None
    if isinstance(declared, Sequence) and declared.parameter is not None:
        return declared.at(sp.Integer(j))
    return SeqElem(name, j, rows, cols)


def activation_scale(problem: Problem, inst: Instance, name: str) -> Fraction:
    """The largest slope the premises bounding σ' allow (halved for a strict bound; 1 without one)."""
    bounds = [c for c in problem.constraints if c.activation and c.activation[0] == name]
    if not bounds:
        return Fraction(1)
    try:
        limit = min(frac(real_value(c.rhs, inst)) for c in bounds)
    except UNDEFINED:  # a bound with no value here
        return Fraction(1)
    if any(c.rel == "<" for c in bounds):
        limit = limit / 2
    return max(limit, Fraction(0))


def sequence_indices(problem: Problem, inst: Instance, name: str) -> list[int]:
    """The indices the concrete goal and premises use for sequence ``name``; for the model's state and
    inputs, every index from the first state (the initial value, drawn) to the last: the first state comes
    before every state the goal and premises use (each is the recurrence applied to the one before it), or is
    the initial value x[s] a premise states at a whole-number index (x[0] = 0; ``problem.initial``)."""
    if problem.fixed_point:
        return [0]
    relevant = used_elements(problem, inst)
    used = sorted(int(x.index) for x in relevant if x.name == name) or [0]
    model = problem.model
    if model is None:
        return used
    states = sorted(int(x.index) for x in relevant if x.name == model.state.name)
    reached = [j - 1 for j in states if j != problem.initial]
    lo, hi = min((states or [0]) + used + reached), max((states or [0]) + used)
    return list(range(lo, hi + 1))


class Unsolved(ValueError):
    """No real value of a symbol solves its equality premise at the instance: the premises are not met there."""


def determine(problem: Problem, inst: Instance, rng: Any = None) -> None:
    """Fill in the values the drawn ones determine: the symbols solving an equality premise (which may use the
    state's first value, drawn first), then the states."""
    first_state(problem, inst, rng)
    solve_equalities(problem, inst)
    iterate(problem, inst, rng)


def solve_equalities(problem: Problem, inst: Instance) -> None:
    """Each symbol an equality premise is solved for, set to the instance's branch of its solutions (floating
    point; ``certify.candidate`` computes it exactly).  Raises Unsolved where that solution is not real."""
    for k, solutions in problem.solved.items():
        value = np.asarray(numeric(concrete_term(solutions[inst.branches.get(k, 0) % len(solutions)], inst), float_env(inst)), dtype=complex)
        if not np.all(np.isfinite(value)) or np.any(np.abs(value.imag) > 1e-12 * (1 + np.abs(value.real))):
            raise Unsolved(f"no real value of {k} solves its equality here")
        inst.values[k] = value.real if value.ndim == 2 else float(value.real)


def first_state(problem: Problem, inst: Instance, rng: Any = None) -> None:
    """The state's first value, drawn (with distinct coordinates) unless the instance has it."""
    model = problem.model
    if model is None or all(name != model.state.name for name, _, _ in problem.sequences):
        return
    name, (rows, cols) = model.state.name, model.state.shape
    first = SeqElem(name, sequence_indices(problem, inst, name)[0], rows, cols)
    if inst.first_state is not None and inst.first_state != first:  # the indices moved: draw a new initial value
        inst.values.pop(inst.first_state, None)
    if first not in inst.values:
        n, m = int(sp.sympify(rows).xreplace(inst.dims)), int(sp.sympify(cols).xreplace(inst.dims))
        rng = rng if rng is not None else np.random.default_rng(0)
        inst.values[first] = rng.choice(np.arange(-8, 9) / 2, n * m, replace=n * m > 17).reshape(n, m)  # distinct coordinates
    inst.first_state = first


def iterate(problem: Problem, inst: Instance, rng: Any = None) -> None:
    """Fill in the state values from the first one (drawn) by the model's recurrence, in floating point."""
    model = problem.model
    if model is None or all(name != model.state.name for name, _, _ in problem.sequences):
        return
    first_state(problem, inst, rng)
    name, (rows, cols) = model.state.name, model.state.shape
    indices = sequence_indices(problem, inst, name)
    n, m = int(sp.sympify(rows).xreplace(inst.dims)), int(sp.sympify(cols).xreplace(inst.dims))
    if problem.fixed_point:
        return
    env = float_env(inst, False)
    for j in indices[1:]:
        value = np.asarray(numeric(concrete_term(model.update.xreplace({model.index: sp.Integer(j)}), inst), env), dtype=float).reshape(n, m)
        key = SeqElem(name, j, rows, cols)
        inst.values[key] = value
        env[key.xreplace({d: sp.Integer(v) for d, v in inst.dims.items()})] = value


def _fit_matrices(problem: Problem, inst: Instance) -> None:
    """Scale a matrix (or sequence element) to meet a premise bounding a norm, radius or singular value of
    it alone (an operator declared ``homogeneous``), from above (halfway below the bound) or from below
    (twice above it).  One floating-point environment, updated where a value is rescaled: building it per
    premise made this quadratic in the size of the file."""
    env = float_env(inst)
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    for c in problem.constraints:
        if c.bound or c.rel == "=":
            continue
        for side, other, up in ((c.lhs, c.rhs, False), (c.rhs, c.lhs, True)):
            declared = ops.of(side)
            if declared is None or not declared.homogeneous:
                continue
            target = side.args[0]
            target = target.args[0] if isinstance(target, sp.Transpose) else target
            if not isinstance(target, (sp.MatrixSymbol, SeqElem)) or other.has(target) or "orthogonal" in declared_properties(problem.properties, target):
                continue  # (an orthogonal matrix scaled is no longer orthogonal)
            try:
                a, b = real_value(side, inst, env), real_value(other, inst, env)
            except UNDEFINED:  # no value here
                continue
            if a <= 0 or b <= 0 or (b - a if not up else a - b) > 0:
                continue
            factor = frac(2 * b / a if up else b / a / 2, (1, 2, 4, 8, 16))
            keys = [k for k in inst.values if isinstance(k, SeqElem) and concrete_term(k, inst) == concrete_term(target, inst)] if isinstance(target, SeqElem) else [target]
            for k in keys:
                if k in inst.values and factor > 0:
                    inst.values[k] = _rescaled(inst.values[k], float(factor), declared_properties(problem.properties, k))
                    env.update([_float_entry(k, inst.values[k], dims)])


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
                    lambda v, t=table: t.get(frac(float(v)), t[None])) if order == 1 else _no_value
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
            slopes = tuple((p, rational(table.get(frac(float(p)), table[None]))) for p in points)
            out[name] = ActivationValue(None, slopes, rational(table[None]))
        else:
            out[name] = ActivationValue(rational(scale) * FORMULAS[kind])
    return out


def float_env(inst: Instance, exact_mode: bool = False) -> dict:
    """Floating-point values for every symbol of the instance (``exact_mode`` is kept for callers; exact
    values come from ``candidate``)."""
    env: dict[Any, Any] = dict(_activation_fns(inst, False))
    dims = {d: sp.Integer(v) for d, v in inst.dims.items()}
    env[STEP_AT_ZERO] = 0.0  # relu'(0) as the frameworks take it; the witness checker tries every convention
    for d, v in inst.dims.items():
        env[d] = float(v)
    env.update(_float_entry(s, v, dims) for s, v in inst.values.items())
    return env


def _float_entry(s: Any, v: Any, dims: dict) -> tuple[Any, Any]:
    """A value's entry in ``float_env``: its key with the dimensions put in, its floats."""
    return _sized_key(s, tuple(dims.items())), np.asarray(v, dtype=float) if isinstance(v, np.ndarray) else float(v)


@lru_cache(maxsize=65536)
def _sized_key(s: Any, dims: tuple) -> Any:
    """A value's name with the dimensions put in (A with shape n × n is A with shape 2 × 2), memoised by the name
    and the dimensions' values: rebuilding every name's shape for each environment was most of ``float_env``."""
    return s.xreplace(dict(dims))


def concrete_term(e: Any, inst: Instance) -> Any:
    """The term with dimensions and time indices replaced by the instance's integers: those of the names it has
    (looking the term's few names up, not going through all the instance's values per term: that was quadratic)."""
    subs = [(k, int(inst.dims[k])) for k in _names(e) if k in inst.dims]
    subs += [(k, int(inst.values[k])) for k in _names(e) if k.is_integer and k in inst.values]
    out = _substituted(e, tuple(subs))
    if not any(isinstance(d, sp.Indexed) for d in inst.dims):
        return out
    return _substituted(out, tuple((k, int(inst.dims[k])) for k in _widths(out) if k in inst.dims))  # n[L] is n[2] once L = 2


@lru_cache(maxsize=4096)
def _widths(e: Any) -> tuple[sp.Indexed, ...]:
    """The widths n[j] a term names (in its shapes), in a fixed order."""
    return tuple(sorted(e.atoms(sp.Indexed), key=sp.default_sort_key)) if isinstance(e, sp.Basic) else ()


@lru_cache(maxsize=4096)
def _names(e: Any) -> tuple[sp.Symbol, ...]:
    """Every symbol in ``e``, bound ones too (what ``xreplace`` reaches), in a fixed order."""
    return tuple(sorted(e.atoms(sp.Symbol), key=sp.default_sort_key))


@lru_cache(maxsize=4096)
def _substituted(e: Any, subs: tuple) -> Any:
    return evaluated(e.xreplace({k: sp.Integer(v) for k, v in subs}))


def numeric_value(e: Any, inst: Instance, env: dict | None = None) -> Any:
    """The floating-point value of a term, in ``env`` (the instance's ``float_env`` when not given)."""
    return numeric(concrete_term(e, inst), float_env(inst) if env is None else env)


def real_value(e: Any, inst: Instance, env: dict | None = None) -> float:
    """The floating-point value of a scalar term; ValueError (one of ``UNDEFINED``) when it is not a real number
    (a root of a negative, NaN) or not a scalar."""
    v = np.asarray(numeric_value(e, inst, env), dtype=complex)
    if v.size != 1 or v.ravel()[0].imag != 0 or np.isnan(v.ravel()[0].real):
        raise ValueError(f"{e} has no real value here")
    return float(v.ravel()[0].real)


def floats(e: Any, env: dict, inst: Instance) -> Any:
    v = numeric(concrete_term(e, inst), env)
    return np.real(np.asarray(v, dtype=complex)).astype(float) if np.ndim(v) == 2 else float(np.real(v))


def free(problem: Problem, k: Any) -> bool:
    """Whether a value is drawn (not computed from the recurrence, nor solving an equality premise)."""
    model = problem.model
    return k not in problem.solved and not (isinstance(k, SeqElem) and model is not None and k.name == model.state.name and not problem.fixed_point)


def copied(inst: Instance, values: dict) -> Instance:
    """The instance with new drawn values; computed state values are dropped (``complete`` recomputes them)."""
    out = Instance(dict(inst.dims), values, dict(inst.activation), family=inst.family, integral=inst.integral, branches=inst.branches)
    out.first_state = inst.first_state
    return out


def scaled_instance(inst: Instance, scale: Any, properties: dict) -> Instance:
    """The drawn matrices times ``scale``, except those whose declared properties scaling would break (orthogonal)."""
    return copied(inst, {k: (_rescaled(v, float(scale), declared_properties(properties, k)) if isinstance(v, np.ndarray) else v)
                        for k, v in inst.values.items()})


def _rescaled(A: np.ndarray, factor: float, declared: frozenset) -> np.ndarray:
    B = A * factor
    return B if not declared or matrix_properties.close(B, declared) else A


def perturbed(sampler: Sampler, inst: Instance, count: int) -> Iterator[Instance]:
    """Random steps from ``inst``: the drawn matrices (keeping their declared properties) and, with shrinking
    steps, the real scalars (to eighths, inside the region their premises allow)."""
    rng = sampler.rng
    properties = sampler.p.properties
    for step in range(count):
        values = {}
        for k, v in inst.values.items():
            if isinstance(v, np.ndarray) and free(sampler.p, k):
                v = matrix_properties.conform(v + rng.standard_normal(v.shape) * 0.1 * (1 + np.abs(v).max()), declared_properties(properties, k), rng)
            elif isinstance(v, Fraction) and k in sampler.p.scalars:
                v = _moved(sampler.p.regions.get(k, sp.S.Reals), v, float(rng.standard_normal()) * (1 + abs(float(v))) / (1 + step / 10))
            values[k] = v
        yield copied(inst, drawn_values(sampler.p, inst, values))


def _moved(region: sp.Set, v: Fraction, by: float) -> Fraction:
    """v + by, to the nearest eighth, when that lies in ``region``; else v."""
    w = Fraction(round((float(v) + by) * 8), 8)
    return w if region == sp.S.Reals or region.contains(sp.Rational(w.numerator, w.denominator)) == sp.true else v


def drawn_values(problem: Problem, inst: Instance, values: dict) -> dict:
    """The drawn values only: the first state stays (it is the initial value), the others are recomputed."""
    return {k: v for k, v in values.items() if free(problem, k) or k == inst.first_state}


def exact_value(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        if v.dtype == np.float64:  # by its exact bits (-0.0 and 0.0 apart): the same floats give the same rationals
            return sp.Matrix(_exact_entries(v.shape, v.tobytes()))
        return sp.Matrix([[rational(frac(float(a))) for a in row] for row in v])
    return rational(v)


@lru_cache(maxsize=16384)
def _exact_entries(shape: tuple, data: bytes) -> list:
    """The rows of a float matrix's exact values (``exact_value``), memoised: a witness's candidate is made again for
    every trial that changes one of its values, and the others' rationals were rebuilt each time."""
    v = np.frombuffer(data, dtype=np.float64).reshape(shape)
    return [[rational(frac(float(a))) for a in row] for row in v]


def used_elements(problem: Problem, inst: Instance, goal_only: bool = False) -> list[SeqElem]:
    """The sequence elements the concrete goal and premises (or the goal alone) actually use."""
    key = tuple(int(v) for k, v in inst.values.items() if isinstance(k, sp.Symbol) and k.is_integer) + tuple(inst.dims.values())
    if problem.relevant.get("key") != key:
        goal = [problem.goal[0], problem.goal[2]]
        premises = [t for c in problem.constraints if not c.bound for t in (c.lhs, c.rhs)]
        problem.relevant = {"key": key, "found": _relevant_elements(goal + premises, inst), "goal": _relevant_elements(goal, inst)}
    return problem.relevant["goal" if goal_only else "found"]


def _relevant_elements(terms: list[Any], inst: Instance) -> list[SeqElem]:
    found: set = set()
    widths = {k: sp.Integer(v) for k, v in inst.dims.items() if isinstance(k, sp.Indexed)}  # an element in a product's body: at its widths
    for t in terms:
        c = concrete_term(t, inst)
        if isinstance(c, sp.Basic):
            for node in sp.preorder_traversal(c):
                if isinstance(node, SeqElem) and node.index.is_Integer:
                    found.add(node.xreplace(widths))
            for node in sp.preorder_traversal(c):
                if isinstance(node, ops.BINDERS):
                    i, lo, hi = node.args[1]
                    for j in range(int(lo), int(hi) + 1):
                        for sub in sp.preorder_traversal(evaluated(node.args[0].xreplace({i: sp.Integer(j)}))):
                            if isinstance(sub, SeqElem):
                                found.add(sub.xreplace(widths))
    return sorted(found, key=lambda x: (x.name, int(x.index)))
