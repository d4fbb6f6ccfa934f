"""A claim to falsify as a problem: the unfolded goal and premises, and every symbol an instance must give a value to."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterator

import sympy as sp

from symbound import ops
from symbound.ops import Elementwise, ScalarApply, SeqElem
from symbound.rules.properties import table as property_table
from symbound.search.prover import normalise
from symbound.read.syntax import Activation, DimensionFamily
from symbound.kernel.arith import STEP_AT_ZERO
from symbound.kernel.everyday import stated_initial


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
    solved: dict = field(default_factory=dict)  # symbol -> its values solving an equality premise (met by construction), in order
    nondegenerate: bool = False  # an instance to show, not a counterexample: no drawn matrix rounded or simplified to zero
    initial: int | None = None  # the index of the state's initial value a premise states (kernel.everyday.stated_initial)
    widths: list[str] = field(default_factory=list)  # the indexed dimensions n (a width n[l] per layer)

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
    branches: dict = field(default_factory=dict)  # solved symbol -> which of its solutions the instance takes


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


def build_problem(derivation: Any, prover: Any, lhs: Any, rel: str, rhs: Any, fixed_point: bool = False) -> Problem:
    """Unfold the goal and the premises; collect the symbols to instantiate.  ``fixed_point``: the state is held
    at x[0] by the inputs (``Problem.fixed_point``), so every name the recurrence uses (its matrices, the inputs and
    their dimensions) is drawn too, even where the goal and the premises use none of them."""
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
    if model is not None and (fixed_point or any(x.name == model.state.name for x in _atoms(exprs)[2])):
        exprs.append(model.update)  # the state's values are computed by the recurrence, or held by the inputs
    symbols, matrices, seqs = _atoms(exprs)
    if model is not None and model.index not in claim_symbols:
        symbols.discard(model.index)  # the recurrence's own index, not a symbol of the claim
    for m in list(matrices) + list(seqs):
        for d in m.shape:
            symbols |= d.free_symbols
    widths = sorted(n for n, v in derivation.scope.names.items() if isinstance(v, DimensionFamily))
    symbols = {s for s in symbols if not (isinstance(s, sp.Indexed) or s.name in widths)}  # n[l]: a width per layer, drawn by the sampler
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
    properties = property_table(derivation.symbols.values())
    problem = Problem(goal, (lhs, rel, rhs), constraints, activations, dims, indices, scalars,
                      sorted(matrices, key=str), sequences, uses, derivation, properties)
    about = _about_one_scalar(constraints)
    problem.regions = {s: _region(s, about.get(s, []) if s in about else about.get(None, [])) for s in scalars}
    problem.model_only = set(matrices) - claim_matrices
    problem.solved = solved_equalities(problem)
    problem.initial = stated_initial(derivation)
    problem.fixed_point = fixed_point
    problem.widths = widths
    return problem


MAX_SOLVED_DEGREE = 2  # an equality premise is solved for a scalar in which it is a polynomial of at most this degree


def solved_equalities(problem: Problem) -> dict:
    """The equality premises met by construction: each (without `for_all`; sequence elements only drawn ones,
    ``_solvable``) solved for one of its drawn symbols — a matrix, vector or sequence element standing alone on
    one side (x = y, W = λ·I), a drawn term of a norm that is 0 (‖x[0] − y‖ = 0: x[0] = y), or a scalar in which
    it is a polynomial of degree at most 2 (λ = ‖W‖₂, c = 3/‖A‖_F, u = ±√(5 − 3v²)) — every solution, exactly
    (sympy), in order: a later one's solutions may use the symbols solved before it, never the other way round."""
    return {target: solutions for _, target, solutions in _solutions(problem)}


def _solutions(problem: Problem) -> list[tuple[Constraint, Any, tuple]]:
    """(premise, the symbol it is solved for, its solutions) for each equality premise solved, in order."""
    out = []
    used: set = set()  # the symbols solved so far, and those their solutions depend on
    for c in problem.constraints:
        if c.rel != "=" or not _solvable(problem, c):
            continue
        found = _solved_for(problem, c, used)
        if found is not None:
            target, solutions = found
            out.append((c, target, solutions))  # computed after the earlier ones, which its solutions may use
            used |= {target}.union(*(sol.free_symbols | sol.atoms(sp.MatrixSymbol) for sol in solutions))
    return out


def _solvable(problem: Problem, c: Constraint) -> bool:
    """Whether a premise may be solved for one of its symbols: no `for_all`, and its sequence elements drawn
    (at whole-number indices; the model's state only at its first index, 0: the later states are computed)."""
    if c.bound or c.activation is not None or not all(isinstance(t, sp.Basic) for t in (c.lhs, c.rhs)):
        return False
    state = problem.model.state.name if problem.model is not None else None
    return all(n.index.is_Integer and (n.name != state or n.index == 0)
               for t in (c.lhs, c.rhs) for n in sp.preorder_traversal(t) if isinstance(n, SeqElem))


def _drawn(problem: Problem, T: Any) -> bool:
    """Whether ``T`` is a drawn matrix, or a drawn sequence element at a whole-number index."""
    return T in problem.matrices or (isinstance(T, SeqElem) and T.index.is_Integer)


def boundaries(problem: Problem) -> Iterator[Problem]:
    """The problem on the boundary of each non-strict premise ``a ≤ b``, then of all of them at once: such a premise
    taken as ``a = b`` and solved for one of its symbols first (met by construction, exactly; at once, those with
    fewer symbols first, and those that cannot be solved after the others stay ``a ≤ b``), the others as before.
    A claim false only where premises hold with equality (``‖δ‖ ≤ r`` does not give ``‖δ‖ < r``) is met there,
    never by a drawn value.  The witness checker still checks the premises as written."""
    closed = [c for c in problem.constraints if c.rel == "<=" and _solvable(problem, c)]
    groups = [[c] for c in closed] + ([sorted(closed, key=lambda c: len(c.lhs.free_symbols | c.rhs.free_symbols))] if len(closed) > 1 else [])
    for group in groups:  # lazily: each is solved only when the search comes to it
        variant = _on(problem, group)
        if variant is not None:
            yield variant


def _on(problem: Problem, closed: list[Constraint]) -> Problem | None:
    """The problem with the premises ``closed`` taken as equalities (those solved), first; None when none is solved."""
    edges = [dataclasses.replace(c, rel="=") for c in closed]
    others = [c for c in problem.constraints if all(c is not d for d in closed)]
    variant = dataclasses.replace(problem, constraints=[*edges, *others], relevant={})
    solved = _solutions(variant)
    met = [c for c, _, _ in solved]
    if not any(any(c is e for c in met) for e in edges):
        return None
    variant.constraints = [e if any(c is e for c in met) else dataclasses.replace(e, rel="<=") for e in edges] + others
    variant.solved = {target: solutions for _, target, solutions in solved}
    return variant


def _solved_for(problem: Problem, c: Constraint, taken: set) -> tuple[Any, tuple] | None:
    for alone, other in ((c.lhs, c.rhs), (c.rhs, c.lhs)):
        if isinstance(alone, (sp.MatrixSymbol, SeqElem)) and _drawn(problem, alone) and alone not in taken and not other.has(alone):
            return alone, (other,)
        if isinstance(alone, ops.Norm) and other == 0:  # ‖T + R‖ = 0: T = −R
            found = _vanishing(problem, alone.args[0], taken)
            if found is not None:
                return found
    if getattr(c.lhs, "is_Matrix", False) or getattr(c.rhs, "is_Matrix", False):
        return None
    difference = c.lhs - c.rhs
    for s in sorted(difference.free_symbols & set(problem.scalars) - taken, key=str):
        try:
            if not difference.is_polynomial(s) or sp.degree(difference, s) > MAX_SOLVED_DEGREE:
                continue
            solutions = tuple(sol for sol in sp.solve(difference, s) if not sol.has(s))
        except (NotImplementedError, ValueError, sp.PolynomialError):  # sympy cannot solve it
            continue
        if solutions:
            return s, solutions
    return None


def _vanishing(problem: Problem, E: Any, taken: set) -> tuple[Any, tuple] | None:
    """E = ±T + R = 0 (a norm of E is 0) solved for a drawn term T that R does not use: T = ∓R."""
    terms = E.args if isinstance(E, sp.MatAdd) else (E,)
    for term in terms:
        sign, T = (-1, term.args[-1]) if isinstance(term, sp.MatMul) and term.args[:-1] == (-1,) else (1, term)
        rest = sp.MatAdd(*(t for t in terms if t is not term)) if len(terms) > 1 else sp.ZeroMatrix(*T.shape)
        if isinstance(T, (sp.MatrixSymbol, SeqElem)) and _drawn(problem, T) and T not in taken and not rest.has(T):
            return T, ((-sign * rest).doit() if len(terms) > 1 else rest,)
    return None


def limit_problem(derivation: Any, prover: Any, expr: Any) -> tuple[Any, Any, Problem] | None:
    """The problem whose instance refutes ``expr → 0``, as the limit search and the reproduce script both build it:
    for an induced norm of an ordered product of the model's one-step Jacobians whose inputs can hold the state at
    a fixed point x*, (the norm with the state held at x[0], J* its one-step Jacobian at x*, the problem
    "ρ(J*) < 1" with every name of the recurrence drawn); None for any other quantity."""
    from symbound.read.model import hold_state

    model = derivation.model
    if model is None or not inputs_can_hold(model):
        return None
    body = prover.unfold(expr)
    if not (isinstance(body, ops.Norm) and body.kind in ops.INDUCED_NORMS and isinstance(body.matrix, ops.MatProd)):
        return None
    prod = body.matrix
    J = hold_state(prod.body.xreplace({prod.limits[0]: sp.Integer(0)}), model.state.name)
    return hold_state(body, model.state.name), J, build_problem(derivation, prover, ops.SpectralRadius(J), "<", sp.Integer(1), fixed_point=True)


def _about_one_scalar(constraints: list[Constraint]) -> dict[Any, list[Constraint]]:
    """The premises ``_region`` reads, grouped in one pass (scanning every premise for every scalar was quadratic in
    the file): for each symbol, in order, those whose two sides are expressions in it alone or in no symbol; under
    None, those in no symbol (every scalar's, also one no premise names)."""
    out: dict[Any, list[Constraint]] = {None: []}
    for c in constraints:
        if c.bound or not all(isinstance(t, sp.Expr) for t in (c.lhs, c.rhs)):
            continue
        names = c.lhs.free_symbols | c.rhs.free_symbols
        if not names:
            for listed in out.values():
                listed.append(c)
        elif len(names) == 1:
            (s,) = names
            out.setdefault(s, list(out[None])).append(c)
    return out


def _region(s: sp.Symbol, constraints: list[Constraint]) -> sp.Set:
    """The values of scalar ``s`` its assumptions and its own premises allow (those about s alone, solved by sympy;
    the caller passes those of ``_about_one_scalar``, and the check is made again here)."""
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
        try:
            relation = {"<=": sp.Le, "<": sp.Lt, "=": sp.Eq}[c.rel](c.lhs.xreplace({s: plain}), c.rhs.xreplace({s: plain}))
            solved = sp.solveset(relation, plain, sp.S.Reals)
        except TypeError:  # a side with no real value (1/0, log(-1)): it says nothing about s
            continue
        except (NotImplementedError, ValueError):  # sympy cannot solve it
            continue
        if isinstance(solved, (sp.Interval, sp.Union, sp.FiniteSet)) or solved is sp.S.EmptySet:
            region = sp.Intersection(region, solved)
    return region


@lru_cache(maxsize=256)
def region_points(region: sp.Set) -> tuple[Fraction, ...]:
    """A few simple rationals inside ``region``: the usual small values when they lie in it, then points
    near each finite end of it and between two ends (memoised: every scalar of a kind shares its region)."""
    candidates = [Fraction(x) for x in (1, Fraction(1, 2), 2, 0, -1, Fraction(1, 4), 4, -2, Fraction(3, 4), 3, Fraction(-1, 2))]
    ends = sorted({frac(float(e)) for piece in (region.args if isinstance(region, sp.Union) else (region,))
                   if isinstance(piece, (sp.Interval, sp.FiniteSet)) for e in piece.boundary if e.is_finite})
    for q in ends:
        candidates += [q + d for d in (Fraction(1, 4), 1, 4, abs(q))] + [q - d for d in (Fraction(1, 4), 1, 4, abs(q))] + [q]
    candidates += [(a + b) / 2 for a, b in zip(ends, ends[1:])]
    inside: list[Fraction] = []
    for q in candidates:
        if q not in inside and region.contains(sp.Rational(q.numerator, q.denominator)) == sp.true:
            inside.append(q)
    return tuple(inside[:12])


def frac(x: float, denominators: tuple[int, ...] = (1, 2, 4, 3, 8, 10)) -> Fraction:
    for q in denominators:
        if abs(round(x * q) - x * q) < 1e-12:
            return Fraction(round(x * q), q)
    return Fraction(x).limit_denominator(1000)


def rational(q: Any) -> sp.Rational:
    q = Fraction(q)
    return sp.Rational(q.numerator, q.denominator)


def inputs_can_hold(model: Any) -> bool:
    """Whether the update has an input term (another sequence), so inputs can keep the state at a point."""
    return any(isinstance(n, SeqElem) and n.name != model.state.name for n in sp.preorder_traversal(model.update))
