"""The witness checker: whether a candidate counterexample really is one, decided apart from the search.

A candidate gives values for the dimensions, indices, scalars, matrices and sequence elements, and a
concrete function for each abstract activation.  It refutes ``lhs rel rhs`` when

1. every declaration holds: shapes, whole-number dimensions and indices, `assume:` properties;
2. the model holds: each state value after the first is the recurrence applied to the one before
   (or, for a fixed point, the recurrence maps the held state to itself);
3. every premise holds, a `for_all` premise for every real value of each bound name;
4. the claim fails.

Each part is decided exactly by sympy where it can be (rationals, algebraic numbers, sympy's minimum
over ℝ, a violation at an exact point); otherwise in floating point, and the result names that part.
A candidate is *certified exactly* only when every part was decided exactly.

An activation given by a table of slopes stands for a smooth σ with σ(p) = 0 and σ'(p) = slope at the
finitely many points p used (a default slope elsewhere among them); one exists with σ' in [-M, M], M
the largest |slope|: a premise on σ' for all z is decided for every value in [-M, M] (conservative),
one on σ itself for all z is undecided.

The decisions of a relation for every value of its variables are in ``quantifiers``; a `for_all` premise
false by itself (a vacuous file) is found by ``vacuous``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import sympy as sp
from sympy.calculus.util import maximum

from symbound.kernel.arith import RELU_AT_ZERO
from symbound.kernel.everyday import stated_initial
from symbound import ops
from symbound.ops import Coordinate, SeqElem
from symbound.ops.inverse import Singular
from symbound.ops.objects import UNDEFINED, evaluated, exact, numeric
from symbound.rules.properties import all_zero, exact_check
from symbound.kernel.quantifiers import decide, forall_decide
from symbound.kernel.witnesskeys import PartKeys, candidate_key, derivation_key


Z = sp.Symbol("z", real=True)
_POSITIVE = sp.Symbol("_positive", positive=True)  # z on one side of a kink at 0


# what exact evaluation raises where a term has no value (``UNDEFINED``: a missing value, a domain error, a division
# by zero), or where exact arithmetic stops (NotImplementedError: eigenvalues beyond ``ops.base.EXACT_SPECTRUM``);
# any other exception is a bug, and propagates
UNEVALUATED = (*UNDEFINED, NotImplementedError)


class Undecided(Exception):
    """A part that can be checked neither exactly nor in floating point."""


@dataclass(frozen=True)
class ActivationValue:
    """A concrete activation: a formula σ(z) in ``Z``, or slopes σ'(p) at points p (σ(p) = 0 there)."""

    formula: Any = None
    slopes: tuple[tuple[Any, Any], ...] = ()
    default: Any = sp.Integer(0)  # σ' at the points the table does not list

    def function(self, order: int, at_step: Any = None, stepped: set | None = None) -> Callable[[Any], Any]:
        """σ^(order) of exact values; a unit step (relu') is ``at_step`` at 0 (None: sympy's 1/2), noted in ``stepped``."""
        if self.formula is not None:
            d = derivative(self.formula, order)
            if d.has(sp.sign, sp.DiracDelta):  # a kink of σ: σ' there has no value (no convention is a refutation's)
                return lambda v: _off_kinks(d, v)
            if not d.has(sp.Heaviside):
                return lambda v: d.xreplace({Z: v})
            d = d.replace(lambda n: isinstance(n, sp.Heaviside), lambda n: sp.Heaviside(n.args[0], at_step)) if at_step is not None else d
            return lambda v: _step_used(d, v, stepped)
        if order == 0:
            return lambda v: sp.Integer(0) if v.is_number else _undecided("σ itself at every z (only its slopes are set)")
        if order == 1:
            table = dict(self.slopes)
            return lambda v: table.get(v, self.default) if v.is_number else self.slope
        return lambda v: _undecided(f"the derivative of order {order} of a σ given by slopes")

    @property
    def slope(self) -> sp.Symbol:
        return sp.Symbol("_slope", real=True)

    @property
    def bound(self) -> Any:
        return max([abs(v) for _, v in self.slopes] + [abs(self.default)])


def _has_properties(M: sp.MatrixBase, declared: frozenset[str]) -> bool | None:
    """Whether the exact matrix ``M`` has every declared property (the table's exact checks; an unregistered
    property is undecided, never True)."""
    facts = [exact_check(p, M) for p in sorted(declared)]
    return False if False in facts else None if None in facts else True


def _off_kinks(d: sp.Expr, v: Any) -> Any:
    """σ^(k)(v) of a formula with kinks (its derivative has sign or DiracDelta terms): only where v is known to be
    off every kink; at a kink, or at every z of a `for_all` premise, it is undecided: relu-like σ has no σ' there,
    and a witness resting on one value taken by convention (sign(0) = 0) would not refute the claim."""
    if any(n.args[0].xreplace({Z: v}).is_zero is not False for n in d.atoms(sp.sign, sp.DiracDelta)):
        raise Undecided("σ' or σ'' of a piecewise-linear σ at its kink")
    return d.xreplace({Z: v})


def _step_used(d: sp.Expr, v: Any, stepped: set | None) -> Any:
    if stepped is not None and any(n.args[0].xreplace({Z: v}).is_zero for n in d.atoms(sp.Heaviside)):
        stepped.add(True)
    return d.xreplace({Z: v})


def has_step(cand: "Candidate") -> bool:
    """Whether an activation of the candidate has a unit step among its derivatives (relu)."""
    return any(a.formula is not None and derivative(a.formula, o).has(sp.Heaviside) for a in cand.activations.values() for o in (1, 2))


@lru_cache(maxsize=256)
def derivative(formula: sp.Expr, order: int) -> sp.Expr:
    return sp.diff(formula, Z, order)


def _undecided(what: str) -> Any:
    raise Undecided(what)


@dataclass
class Candidate:
    """Exact values for a counterexample: the state's first value is its initial value; the later ones must
    follow the recurrence."""

    dims: dict[Any, int]
    values: dict[Any, Any]  # symbol / matrix symbol / sequence element (whole-number index) -> sympy value
    activations: dict[str, ActivationValue]
    fixed_point: bool = False  # the state held at its one value (x[k] = x* for every k) by the inputs


@dataclass
class WitnessCheck:
    """What the check decided: parts decided exactly, parts only in floating point, parts that fail."""

    exact: list[str] = field(default_factory=list)
    numeric: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    lhs_value: Any = None
    rhs_value: Any = None
    premises: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # premise id -> both sides (not for_all)
    stepped: bool = False  # relu'(0) was evaluated
    conventions: tuple[Any, ...] = ()  # the values of relu'(0) under each of which the check passed, when it mattered

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def certified(self) -> bool:
        return self.ok and not self.numeric

    def record(self, part: str, decided: tuple[bool | None, bool]) -> None:
        holds, is_exact = decided
        if holds is not True:
            self.failed.append(part if holds is False else f"{part} (undecided)")
        (self.exact if is_exact else self.numeric).append(part)


MEMO_SIZE = 16384  # whole checks, and the premises and declarations of each: a file of 1000 links has about 1200 of these
_MEMO: dict[tuple, WitnessCheck] = {}


def check(derivation: Any, cand: Candidate, lhs: Any, rel: str, rhs: Any) -> WitnessCheck:
    """Check ``cand`` against every declaration, the model, every premise, and the failure of the claim.
    With relu, under each value of relu'(0) (0, 1/2, 1): it passes only when it passes under every one
    (``conventions`` says so when relu'(0) was used); the values shown are the frameworks' (relu'(0) = 0).
    Memoised by all the answer depends on: the derivation's declarations, definitions, model and
    premises, the candidate's exact values and functions, the claim (a fresh copy each time); each premise's
    decision also by itself, by the values of the names it mentions (``witnesskeys``)."""
    key = (derivation_key(derivation), candidate_key(cand), lhs, rel, rhs)
    found = _MEMO.get(key)
    if found is None:
        found = _remember(key, _checked(derivation, cand, lhs, rel, rhs, key[:2]))
    return dataclasses.replace(found, exact=list(found.exact), numeric=list(found.numeric), failed=list(found.failed), premises=dict(found.premises))


def _remember(key: tuple, value: Any) -> Any:
    if len(_MEMO) >= MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = value
    return value


def _checked(derivation: Any, cand: Candidate, lhs: Any, rel: str, rhs: Any, keyed: Any) -> WitnessCheck:
    if not has_step(cand):
        return _check(derivation, cand, lhs, rel, rhs, None, keyed)
    results = []
    for at_step in RELU_AT_ZERO:
        results.append(_check(derivation, cand, lhs, rel, rhs, at_step, keyed))
        if not results[-1].ok:
            return results[-1]
    first = results[0]
    for other in results[1:]:
        first.numeric += [part for part in other.numeric if part not in first.numeric]
        first.exact = [part for part in first.exact if part not in first.numeric]
    first.conventions = RELU_AT_ZERO if any(r.stepped for r in results) else ()
    return first


def _check(derivation: Any, cand: Candidate, lhs: Any, rel: str, rhs: Any, at_step: Any, keyed: Any) -> WitnessCheck:
    result = WitnessCheck()
    ctx = _Context(derivation, cand, at_step)
    keys = PartKeys(derivation, *keyed, at_step)  # keyed: the derivation's and the candidate's keys
    for name, decl in derivation.symbols.items():
        key = keys.declaration(name, decl)
        found = _MEMO.get(key)
        result.record(f"declaration of {name}", found if found is not None else _remember(key, _safely(ctx.declaration, decl)))
    if derivation.model is not None:
        result.record("the model's recurrence", _safely(ctx.model, derivation.model))
        result.record("the first state is the initial value or before every state the claim and premises use",
                      _safely(ctx.first_state_unused, (lhs, rhs)))
    for premise in derivation.premises:
        decision = _premise_decision(premise, ctx, keys.key(premise))
        for part, decided in decision.parts:
            result.record(part, decided)
        if decision.shown is not None:
            result.premises[premise.id] = decision.shown
    try:
        holds, is_exact = ctx.relation(lhs, rel, rhs)
        result.lhs_value, result.rhs_value = ctx.shown(lhs), ctx.shown(rhs)
    except Undecided:
        holds, is_exact = None, False
    result.record("the claim fails", ({True: False, False: True, None: None}[holds], is_exact))
    result.stepped = bool(ctx.stepped)
    return result


@dataclass(frozen=True)
class _PremiseDecision:
    """One premise's parts as decided, its two sides at the witness (not for_all), and what deciding it did to the
    context: relu'(0) evaluated, the states the recurrence was run to (later parts may use them)."""

    parts: tuple[tuple[str, tuple[bool | None, bool]], ...]
    shown: tuple[Any, Any] | None
    stepped: bool
    reached: tuple[tuple[Any, Any], ...]


def _premise_decision(premise: Any, ctx: "_Context", key: tuple) -> _PremiseDecision:
    """A premise decided at the candidate, memoised by its key (``witnesskeys.PartKeys``): a hit replays what
    deciding did."""
    found = _MEMO.get(key)
    if found is None:
        stepped, before = bool(ctx.stepped), set(ctx.env)
        ctx.stepped.clear()
        found = _remember(key, _decide_premise(premise, ctx, before))
        if stepped:
            ctx.stepped.add(True)
    elif found.stepped:
        ctx.stepped.add(True)
    ctx.env.update(found.reached)
    return found


def _decide_premise(premise: Any, ctx: "_Context", before: set) -> _PremiseDecision:
    parts: list[tuple[str, tuple[bool | None, bool]]] = []
    shown = None
    relations, unlisted = _at_every_index(premise, ctx)
    for r in relations:
        try:
            r, every = _for_every(premise, r)
            decided = ctx.forall(r.lhs, r.rel, r.rhs, every) if every else ctx.relation(r.lhs, r.rel, r.rhs)
        except Undecided as exc:
            decided = (None, False)
            premise_id = f"{premise.id}: {exc}"
        else:
            premise_id = premise.id
        parts.append((f"premise {premise_id}", decided))
        if not premise.bound and shown is None and decided[0]:
            values = (ctx.shown(r.lhs), ctx.shown(r.rhs))
            shown = values[::-1] if r.rel in (">=", ">") else values  # as a ≤ b
    if unlisted:
        parts.append((f"premise {premise.id} at {unlisted}", (True, False)))  # not decided there: not certified
    return _PremiseDecision(tuple(parts), shown, bool(ctx.stepped), tuple((k, v) for k, v in ctx.env.items() if k not in before))


REACH = 32  # states the recurrence is run ahead of the witness, to find a for_all premise broken further on


def _at_every_index(premise: Any, ctx: "_Context") -> tuple[list[Any], str]:
    """A premise's relations with each index it binds (`for_all: [j]`) put at every index where the witness
    has the sequences the relation indexes by it, and at the states the recurrence reaches after them (up to
    ``REACH`` steps, or all of them once the run repeats a state); with the words for the indices the
    witness leaves undecided ('' when none: the premise holds at every index once it holds at these)."""
    indices = [b for b in premise.bound if b.is_integer]
    if not indices:
        return list(premise.relations), ""
    out, unlisted = [], ""
    for r in premise.relations:
        instances = [r]
        for j in indices:
            coordinates = [n for side in (r.lhs, r.rhs) for n in sp.preorder_traversal(side) if isinstance(n, Coordinate) and j in n.index.free_symbols]
            if coordinates:  # s[j] ≥ 0 for all j: at every coordinate the vectors have (outside, s[j] does not exist)
                if any(n.index != j for n in coordinates):
                    unlisted = f"the coordinates other than those at {j}"
                size = min(int(sp.sympify(n.length).xreplace(ctx.subs)) for n in coordinates)
                instances = [dataclasses.replace(x, lhs=x.lhs.xreplace({j: v}), rhs=x.rhs.xreplace({j: v})) for x in instances for v in range(1, size + 1)]
                continue
            elements = [n for side in (r.lhs, r.rhs) for n in sp.preorder_traversal(side) if isinstance(n, SeqElem) and j in n.index.free_symbols]
            names = {n.name for n in elements}
            used = sorted({int(k.index) for k in ctx.c.values if isinstance(k, SeqElem) and k.name in names and k.index.is_Integer})
            if not used:
                continue
            complete = True
            if ctx.d.model is not None and names & ctx.model_names():
                used, complete = ctx.reach(used)
            elif any(n.index != j for n in elements):
                complete = False  # x[j + 1] beside x[j]: the values at other indices are tied together
            # else: free sequences indexed by j alone: the values at an unlisted index can copy a listed one's
            if not complete:
                unlisted = f"the indices of {', '.join(sorted(names))} other than {used[0]}…{used[-1]}"
            instances = [dataclasses.replace(x, lhs=x.lhs.xreplace({j: v}), rhs=x.rhs.xreplace({j: v})) for x in instances for v in used]
        out += instances
    return out, unlisted


def _for_every(premise: Any, r: Any) -> tuple[Any, tuple[Any, ...]]:
    """The relation and the names it must hold for every value of: its bound real names, and a bound index
    left in it (not put at the witness's steps: `for_all: [j]` with j ≤ t) as a real name — holding for every
    real value it holds for every integer; failing at a real value it is not shown to hold."""
    names = set().union(*(side.free_symbols for side in (r.lhs, r.rhs) if isinstance(side, sp.Basic)))
    indices = {b: sp.Dummy(str(b), real=True) for b in premise.bound if b.is_integer and b in names}
    if indices:
        r = dataclasses.replace(r, lhs=r.lhs.xreplace(indices), rhs=r.rhs.xreplace(indices))
    return r, tuple(b for b in premise.bound if not b.is_integer) + tuple(indices.values())


def _safely(decide: Callable[[Any], tuple[bool | None, bool]], arg: Any) -> tuple[bool | None, bool]:
    try:
        return decide(arg)
    except (Undecided, *UNEVALUATED):
        return None, False


def state_indices(term: Any, name: str, subs: dict[Any, Any]) -> set[int]:
    """The whole-number indices at which ``term`` uses sequence ``name``, its index symbols replaced by
    ``subs`` and every sum, product or max over a range written out."""
    term = sp.sympify(term).xreplace(subs)
    out: set[int] = set()
    for node in sp.preorder_traversal(term):
        if isinstance(node, SeqElem) and node.name == name and node.index.is_Integer:
            out.add(int(node.index))
        elif isinstance(node, ops.BINDERS):
            i, lo, hi = node.args[1]
            if lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < 4096:
                for j in range(int(lo), int(hi) + 1):
                    out |= state_indices(node.args[0].xreplace({i: sp.Integer(j)}), name, {})
    return out


class _Context:
    def __init__(self, derivation: Any, cand: Candidate, at_step: Any = None) -> None:
        self.d, self.c, self.stepped = derivation, cand, set()
        self.subs = {k: sp.Integer(v) for k, v in cand.dims.items()}
        self.subs.update({k: v for k, v in cand.values.items() if isinstance(k, sp.Symbol) and k.is_integer})
        self.memo: dict[Any, Any] = {}
        self.env: dict[Any, Any] = {self.concrete(k): v for k, v in cand.values.items()}
        self.env.update((k, v) for k, v in self.subs.items() if isinstance(k, sp.Indexed))  # widths n[j], for elements in a product's body
        for name, act in cand.activations.items():
            for order in range(3):
                self.env[f"fn:{name}:{order}"] = act.function(order, at_step, self.stepped)

    def model_names(self) -> set[str]:
        """The sequences the recurrence ties together: the state and the inputs of its update."""
        model = self.d.model
        return {model.state.name} | {n.name for n in sp.preorder_traversal(model.update) if isinstance(n, SeqElem)}

    def reach(self, used: list[int]) -> tuple[list[int], bool]:
        """``used`` and the indices of the states the recurrence computes after the witness's last one (exactly,
        while the update needs no input beyond the witness), and whether that run is complete: it came back to
        a state it had (then every later state is one of these)."""
        model = self.d.model
        name, shape = model.state.name, model.state.shape
        states = sorted(int(k.index) for k in self.c.values if isinstance(k, SeqElem) and k.name == name)
        inputs = {n.name for n in sp.preorder_traversal(model.update) if isinstance(n, SeqElem)} - {name}
        held = model.update.xreplace({n: sp.MatrixSymbol("_held", *n.shape) for n in sp.preorder_traversal(model.update) if isinstance(n, SeqElem)})
        if not states or inputs or self.c.fixed_point or model.index in held.free_symbols:  # inputs, or k itself: no repeat ends the run
            return used, False
        seen = [self.value(SeqElem(name, sp.Integer(j), *shape)) for j in states]
        last = states[-1]
        for j in range(last + 1, last + 1 + REACH):
            try:
                v = self.value(model.update.xreplace({model.index: sp.Integer(j)}))
            except Undecided:
                return used, False
            self.env[self.concrete(SeqElem(name, sp.Integer(j), *shape))] = v
            used = sorted(set(used) | {j})
            if any(v == w for w in seen):  # exact values compared as terms: an equal value missed only leaves the run open
                return used, True
            seen.append(v)
        return used, False

    def concrete(self, e: Any) -> Any:
        """The term with definitions unfolded and dimensions and indices replaced by the candidate's integers."""
        for definition in reversed(self.d.definitions):  # later definitions may use earlier ones
            e = e.xreplace({definition.symbol: definition.value})
        e = e.xreplace(self.subs)
        for inverse in e.atoms(sp.Inverse):  # sympy cancels A A⁻¹ to I: a singular A is refused first
            try:
                exact(evaluated(inverse), self.env)
            except Singular:
                raise
            except UNEVALUATED:
                continue  # not evaluable exactly here: its own evaluation decides
        return evaluated(e)

    def value(self, e: Any) -> Any:
        if e not in self.memo:
            self.memo[e] = self._value(e)
        return self.memo[e]

    def _value(self, e: Any) -> Any:
        try:
            return exact(self.concrete(e), self.env)
        except UNEVALUATED as exc:
            raise Undecided(f"cannot evaluate {e}: {exc}") from None

    def shown(self, e: Any) -> Any:
        """The exact value of ``e`` where sympy has it, else its floating-point value."""
        try:
            return self.value(e)
        except Undecided:
            return self.float_value(e)

    def float_value(self, e: Any) -> Any:
        import numpy as np  # floating point only when exact evaluation fails (numpy not loaded otherwise)

        env: dict[Any, Any] = {}
        for k, v in self.env.items():
            if callable(v):
                env[k] = lambda x, f=v: float(sp.N(f(sp.Rational(float(x)))))  # the float as it is, exactly
            else:
                env[k] = np.array(sp.N(v, 30).tolist(), dtype=float) if isinstance(v, sp.MatrixBase) else float(sp.N(v, 30))
        try:
            v = numeric(self.concrete(e), env)
        except UNDEFINED as exc:
            raise Undecided(f"cannot evaluate {e}: {exc}") from None
        v = np.real(np.asarray(v, dtype=complex))
        return v if v.ndim else float(v)

    def float_relation(self, lhs: Any, rel: str, rhs: Any) -> tuple[bool | None, bool]:
        """``lhs rel rhs`` in floating point, for terms sympy cannot evaluate exactly: it holds only with room
        (relative 1e-6), it fails only by more than that; in between it is undecided."""
        try:
            a, b = self.float_value(lhs), self.float_value(rhs)
        except Undecided:
            return None, False
        import numpy as np

        scale = 1 + float(np.max(np.abs(a))) + float(np.max(np.abs(b)))
        if rel in ("=", "=="):
            gap = float(np.max(np.abs(a - b)))
            return (True if gap <= 1e-9 * scale else False if gap > 1e-6 * scale else None), False
        gap = float(b - a if rel in ("<=", "<") else a - b)
        return (True if gap > 1e-6 * scale else False if gap < -1e-6 * scale else None), False

    def declaration(self, decl: Any) -> tuple[bool | None, bool]:
        obj, kind = decl.obj, decl.kind
        if kind == "dimension":
            if not isinstance(obj, sp.Basic):  # a family of widths n[j]: each a whole number ≥ 1
                return all(int(v) == v >= 1 for k, v in self.c.dims.items() if isinstance(k, sp.Indexed) and str(k.base) == decl.name), True
            return (obj not in self.c.dims or self.c.dims[obj] >= 1), True
        if kind in ("index", "scalar"):
            if obj not in self.c.values:
                return True, True
            v = self.c.values[obj]
            facts = [v.is_real] + [getattr(v, f"is_{a}") for a, on in obj.assumptions0.items()
                                    if on and a in ("positive", "nonnegative", "negative", "nonpositive", "integer")]
            return (None if None in facts else all(facts)), True
        if kind in ("matrix", "vector"):
            if obj not in self.c.values:
                return True, True
            M = self.c.values[obj]
            if tuple(M.shape) != tuple(int(s) for s in self.concrete(obj).shape):
                return False, True
            return _has_properties(M, decl.properties), True
        if kind == "sequence":  # every element the witness gives: of its declared shape, with every declared property
            elements = [(k, v) for k, v in self.c.values.items() if isinstance(k, SeqElem) and k.name == decl.name]
            if not all(tuple(v.shape) == tuple(sp.sympify(s).xreplace(self.subs) for s in obj.at(k.index).shape) for k, v in elements):
                return False, True
            facts = [_has_properties(v, decl.properties) for _, v in elements]
            return (False if False in facts else None if None in facts else True), True
        if kind == "activation" and decl.obj.function is not None and decl.name in self.c.activations:
            from symbound.ops import KNOWN

            return sp.simplify(self.c.activations[decl.name].formula - KNOWN[decl.obj.function](Z)) == 0, True
        return True, True

    def model(self, model: Any) -> tuple[bool | None, bool]:
        name = model.state.name
        states = sorted(int(k.index) for k in self.c.values if isinstance(k, SeqElem) and k.name == name)
        if self.c.fixed_point:
            if len(states) != 1:
                return False, True
            held = {node: SeqElem(node.name, sp.Integer(states[0]), *node.shape) for node in sp.preorder_traversal(model.update)
                    if isinstance(node, SeqElem)}
            return self.relation(model.update.xreplace(held), "=", SeqElem(name, states[0], *model.state.shape))
        if states and states != list(range(states[0], states[-1] + 1)):
            return False, True  # a gap: the values between would be free
        for j in states[1:]:
            step = model.update.xreplace({model.index: sp.Integer(j)})
            holds = self.relation(step, "=", SeqElem(name, sp.Integer(j), *model.state.shape))
            if holds != (True, True):
                return holds
        return True, True

    def first_state_unused(self, claim: tuple[Any, ...]) -> tuple[bool, bool]:
        """The recurrence holds at every integer index, or after the initial index s a premise names (the kernel's
        model: symbound.kernel.everyday.stated_initial), so every state the claim or a premise uses is the
        recurrence applied to the state before it: the witness's first state, the only one drawn freely, must come
        before all of them (a drawn state may be one no run of the model reaches, as relu(h) = h fails at
        h = (0, −1) for h[k] = relu(h[k−1])), unless it is x[s], the initial value a premise states (x[0] = 0)."""
        model = self.d.model
        states = sorted(int(k.index) for k in self.c.values if isinstance(k, SeqElem) and k.name == model.state.name)
        if self.c.fixed_point or not states:
            return True, True
        terms = [*claim, *(t for p in self.d.premises if not p.bound for r in p.relations for t in (r.lhs, r.rhs))]
        used = {j for t in terms for j in state_indices(t, model.state.name, self.subs)}
        initial = stated_initial(self.d)
        return all(j > states[0] or j == states[0] == initial for j in used), True

    def relation(self, lhs: Any, rel: str, rhs: Any) -> tuple[bool | None, bool]:
        try:
            a, b = self.value(lhs), self.value(rhs)
        except Undecided:
            return self.float_relation(lhs, rel, rhs)
        if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
            if rel not in ("=", "=="):
                raise Undecided("matrices are not ordered")
            return all_zero(a - b), True
        return decide(a, rel, b)

    def forall(self, lhs: Any, rel: str, rhs: Any, bound: tuple[Any, ...]) -> tuple[bool | None, bool]:
        """Whether ``lhs rel rhs`` holds for every real value of each name in ``bound`` (independently)."""
        return self.lipschitz(lhs, rel, rhs, bound) or forall_decide(*self.quantified(lhs, rel, rhs, bound))

    def lipschitz(self, lhs: Any, rel: str, rhs: Any, bound: tuple[Any, ...]) -> tuple[bool, bool] | None:
        """``|σ(a) − σ(b)| ≤ c·|a − b|`` for all a, b, σ given by a formula: decided exactly as sup |σ'| ≤ c (σ is
        absolutely continuous: the built-in activations and the falsifier's formulas); None for another shape.
        A step of σ' at 0 (relu' = Heaviside(z), |z|' = sign(z), leaky relu's) is split into its two sides, its value
        at the step does not count."""
        from symbound.ops import ScalarApply

        if rel in (">=", ">"):
            lhs, rel, rhs = rhs, rel.replace(">", "<"), lhs
        lhs, rhs = evaluated(lhs), evaluated(rhs)
        if rel != "<=" or len(bound) != 2 or not isinstance(lhs, sp.Abs):
            return None
        a, b = bound
        applied = [n for n in sp.preorder_traversal(lhs) if isinstance(n, ScalarApply)]
        if (len(applied) != 2 or {n.args[2] for n in applied} != {a, b} or applied[0].fname != applied[1].fname
                or any(n.order != 0 for n in applied) or lhs.args[0] not in (applied[0] - applied[1], applied[1] - applied[0])):
            return None
        c = rhs.xreplace({sp.Abs(a - b): sp.Integer(1), sp.Abs(b - a): sp.Integer(1)})
        act = self.c.activations.get(applied[0].fname)
        if c.free_symbols & {a, b} or sp.expand(rhs - c * sp.Abs(a - b)) != 0 or act is None or act.formula is None or act.formula.has(sp.Heaviside, sp.sign):  # σ continuous
            return None
        slope = derivative(act.formula, 1)
        kinks = slope.atoms(sp.Heaviside, sp.sign)
        if any(not (n.args[0] / Z).is_Rational for n in kinks):
            return None
        # kinks at 0 only (relu' = Heaviside(z), |z|' = sign(z), leaky relu): σ' on each side of 0, where it is smooth
        sides = [(slope.xreplace({Z: s * _POSITIVE}).xreplace({_POSITIVE: s * Z}), half) for s, half in
                 ((1, sp.Interval.open(0, sp.oo)), (-1, sp.Interval.open(-sp.oo, 0)))] if kinks else [(slope, sp.S.Reals)]
        try:
            sup = sp.Max(*[maximum(sp.Abs(side), Z, half) for side, half in sides])
            bound_value = self.value(c)
        except (Undecided, *UNEVALUATED):  # no value, or sympy's calculus has no maximum here
            return None
        holds, is_exact = decide(sup, "<=", bound_value)
        return (holds, True) if holds is not None and is_exact else None

    def quantified(self, lhs: Any, rel: str, rhs: Any, bound: tuple[Any, ...]) -> tuple[sp.Expr, str, tuple]:
        """(d, rel, domains): the premise as "d ≥ 0" ('<='), "d > 0" ('<') or "d = 0" ('=') for every value of
        the variables in their domains (the bound names range over ℝ, a table activation's σ' over [-M, M])."""
        if rel in (">=", ">"):
            lhs, rel, rhs = rhs, rel.replace(">", "<"), lhs
        env = dict(self.env)
        env.update({z: z for z in bound})
        try:
            d = exact(self.concrete(rhs), env) - exact(self.concrete(lhs), env)
        except UNEVALUATED as exc:
            raise Undecided(f"cannot evaluate: {exc}") from None
        domains = {z: sp.S.Reals for z in bound}
        for act in self.c.activations.values():
            if act.formula is None and d.has(act.slope):
                domains[act.slope] = sp.Interval(-act.bound, act.bound)
        return sp.sympify(d), "=" if rel == "==" else rel, tuple(sorted(domains.items(), key=lambda kv: str(kv[0])))
