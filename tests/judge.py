"""An independent judge of claimed links, written in the tests: random instances, numeric evaluation.

For a derivation and a claim ``lhs rel rhs`` it draws many instances of every symbol (seeded numpy):
dimensions 1–3, matrices from adversarial families written here (``MATRIX_FAMILIES``, respecting
``assume:``), scalars with their declared signs, time indices 0–4, sequence elements as free vectors
(the model's state follows the recurrence from a free first state, and its Jacobians are computed
here by central differences, in numerator layout), abstract activations as c·tanh, c·z or c·sin
with a random c (known ones as themselves; relu'(0) is 0, 1/2 or 1).  It keeps the
instances where every premise holds (a ``for_all`` premise on a dense grid, a tolerance in the
premises' favour) and evaluates the claim with ``symbound.ops.objects.numeric`` — the operators'
definition.  It never calls symbound's prover or falsifier.

A claim is judged false when it fails by a clear margin (relative 1e-6) on some instance; a strict
claim also when its two sides agree to rounding on an instance where every strict premise holds
with room (the boundary case ``a < a``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import sympy as sp

from symbound.ops.objects import evaluated, numeric
from symbound.ops import Jacobian, MatProd, SeqElem
from symbound.read.syntax import Activation, Sequence

NICE = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # values that make premises tight by coincidence
MARGIN = 1e-6  # a claim fails when it fails by this much, relative
PREMISE_TOLERANCE = 1e-9  # a premise holds when it fails by less (in its favour), relative
STEP = 1e-6  # central differences for the model's Jacobians
GRID = np.concatenate([np.linspace(-12.0, 12.0, 4801), [0.0]])  # for one bound variable


# ---------------------------------------------------------------- adversarial values


def _nice(rng: np.random.Generator) -> float:
    return float(NICE[rng.integers(len(NICE))]) if rng.random() < 0.6 else float(rng.lognormal(0.0, 1.0))


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def _nilpotent_similar(rng: np.random.Generator, n: int) -> np.ndarray:
    """A nilpotent matrix that is not triangular: S N S⁻¹ (n ≤ 2), or u vᵀ with v ⊥ u (index 2; a
    3×3 Jordan block's eigenvalues are too ill-conditioned in floating point to judge ρ by)."""
    if n == 1:
        return np.zeros((1, 1))
    if n == 2:
        S = _orthogonal(rng, 2) @ np.diag([1.0, 0.5 + 1.5 * rng.random()])  # well conditioned
        return S @ np.array([[0.0, rng.normal()], [0.0, 0.0]]) @ np.linalg.inv(S)
    u, w = rng.normal(size=n), rng.normal(size=n)
    v = w - (w @ u) / (u @ u) * u
    return np.outer(u, v)


def _jordan(rng: np.random.Generator, n: int) -> np.ndarray:
    lam = _nice(rng) * (1 if rng.random() < 0.7 else -1) if rng.random() < 0.8 else 0.0
    return lam * np.eye(n) + np.diag(np.ones(n - 1), 1)


def _symmetric(rng: np.random.Generator, n: int) -> np.ndarray:
    G = rng.normal(size=(n, n))
    return (G + G.T) / 2


MATRIX_FAMILIES: dict[str, Callable[[np.random.Generator, int, int], np.ndarray]] = {
    "gaussian": lambda rng, n, m: rng.normal(size=(n, m)),
    "rank_one": lambda rng, n, m: np.outer(rng.normal(size=n), rng.normal(size=m)),
    "nilpotent_triangular": lambda rng, n, m: np.triu(rng.normal(size=(n, n)), 1),
    "nilpotent_similar": lambda rng, n, m: _nilpotent_similar(rng, n),
    "jordan": lambda rng, n, m: _jordan(rng, n),
    "nonnormal_triangular": lambda rng, n, m: np.triu(3 * rng.normal(size=(n, n)), 1) + np.diag(0.3 * rng.normal(size=n)),
    "symmetric": lambda rng, n, m: _symmetric(rng, n),
    "orthogonal": lambda rng, n, m: _orthogonal(rng, n),
}
SQUARE_ONLY = {"nilpotent_triangular", "nilpotent_similar", "jordan", "nonnormal_triangular", "symmetric", "orthogonal"}
FOR_PROPERTY = {"symmetric": ("symmetric",), "normal": ("symmetric", "orthogonal")}


def matrix(rng: np.random.Generator, n: int, m: int, properties: frozenset = frozenset()) -> np.ndarray:
    """An n×m matrix from a random family (one that has ``properties``), scaled by a random factor."""
    names = list(MATRIX_FAMILIES) if n == m else [f for f in MATRIX_FAMILIES if f not in SQUARE_ONLY]
    for p in properties:
        names = [f for f in names if f in FOR_PROPERTY.get(p, names)]
    A = MATRIX_FAMILIES[names[rng.integers(len(names))]](rng, n, m)
    return A * (_nice(rng) if rng.random() < 0.7 else 1.0)


def scalar(rng: np.random.Generator, s: sp.Symbol) -> float:
    """A value with the symbol's declared sign (and integrality): often a nice value, sometimes 0."""
    if s.is_integer:
        lo = 1 if s.is_positive else 0 if s.is_nonnegative else -4
        hi = -1 if s.is_negative else 0 if s.is_nonpositive else 4
        return float(rng.integers(lo, hi + 1))
    magnitude = 0.0 if rng.random() < 0.1 and not (s.is_positive or s.is_negative) else _nice(rng)
    if s.is_positive or s.is_nonnegative:
        return magnitude
    if s.is_negative or s.is_nonpositive:
        return -magnitude
    return magnitude * (1 if rng.random() < 0.5 else -1)


def _relu(h0: float) -> list[Callable]:
    return [lambda z: np.maximum(z, 0.0), lambda z: np.where(z > 0, 1.0, np.where(z < 0, 0.0, h0)), lambda z: 0.0 * np.asarray(z)]


def _sigmoid(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


KNOWN: dict[str, Callable[[float], list[Callable]]] = {
    "tanh": lambda c: [np.tanh, lambda z: 1 - np.tanh(z) ** 2, lambda z: -2 * np.tanh(z) * (1 - np.tanh(z) ** 2)],
    "sigmoid": lambda c: [_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
                          lambda z: _sigmoid(z) * (1 - _sigmoid(z)) * (1 - 2 * _sigmoid(z))],
    "relu": _relu,
    "identity": lambda c: [lambda z: 1.0 * z, lambda z: 1.0 + 0 * z, lambda z: 0.0 * z],
}
ABSTRACT: dict[str, Callable[[float], list[Callable]]] = {
    "tanh": lambda c: [lambda z: c * np.tanh(z), lambda z: c * (1 - np.tanh(z) ** 2), lambda z: -2 * c * np.tanh(z) * (1 - np.tanh(z) ** 2)],
    "linear": lambda c: [lambda z: c * z, lambda z: c + 0 * z, lambda z: 0 * z],
    "sin": lambda c: [lambda z: c * np.sin(z), lambda z: c * np.cos(z), lambda z: -c * np.sin(z)],
}


# ---------------------------------------------------------------- the problem


@dataclass
class Judgement:
    false: bool
    instances: int  # instances where every premise held
    example: str = ""  # the failing instance, when false


def unfold(e: Any, d: Any) -> Any:
    """The expression with every definition replaced by its value (definitions only use earlier ones)."""
    subs = {defn.symbol: defn.value for defn in d.definitions}
    while isinstance(e, sp.Basic) and e.xreplace(subs) != e:
        e = e.xreplace(subs)
    return e


def _sequence_indices(e: Any, out: dict[str, set[int]]) -> None:
    """The integer indices at which each sequence is read (a product's body at both ends of its range)."""
    if isinstance(e, (MatProd, sp.Product)):
        i, a, b = e.args[1]
        if a.is_Integer and b.is_Integer:
            for v in {a, b} if a <= b else set():
                _sequence_indices(evaluated(e.args[0].xreplace({i: v})), out)
        return
    if isinstance(e, SeqElem):
        if e.index.is_Integer:
            out.setdefault(e.name, set()).add(int(e.index))
        return
    for a in e.args if isinstance(e, sp.Basic) else ():
        _sequence_indices(a, out)


DIFFERENCE = "∂"  # sequence name of the Jacobians the judge computes itself: ∂x[j] = ∂x[j+1]/∂x[j]


def _by_differences(term: Any) -> Any:
    """The term with each of the model's Jacobians ∂x[j+1]/∂x[j] (symbound's, derived by the chain rule)
    replaced by a value the judge computes by central differences of the recurrence (numerator layout)."""
    found = {J for J in sp.preorder_traversal(term) if isinstance(J, Jacobian)}
    return term.xreplace({J: SeqElem(DIFFERENCE + J.args[1].name, J.args[1].index, *J.shape) for J in found})


def _difference_jacobian(update: Any, at: Any, env: dict) -> np.ndarray:
    """∂update/∂at by central differences: row r is the r-th output, column c the c-th input."""
    x = env[at]
    here = np.atleast_2d(numeric(update, env))
    columns = []
    for c in range(x.shape[0]):
        step = np.zeros_like(x)
        step[c, 0] = STEP
        plus, minus = (np.atleast_2d(numeric(update, {**env, at: x + sign * step})) for sign in (1, -1))
        forward, backward = (plus - here).ravel() / STEP, (here - minus).ravel() / STEP
        if np.max(np.abs(forward - backward)) > 1e-3 * (1 + np.max(np.abs(forward))):
            # a kink (relu at 0): the Jacobian there is a convention, not a derivative; draw again
            raise ValueError("the recurrence is not differentiable at this state")
        columns.append((plus - minus).ravel() / (2 * STEP))
    return np.column_stack(columns)


@dataclass
class Layout:
    """What one choice of dimensions and time indices fixes: the concrete terms and the values to draw."""

    terms: list[Any]  # lhs, rhs, then each premise's two sides, with the dimensions and indices put in
    matrices: list[tuple[Any, int, int, frozenset]]  # key, rows, cols, properties
    elements: list[tuple[Any, int, int]]  # sequence elements: key, rows, cols
    states: list[tuple[Any, Any]]  # the model's state after the first one read: key, update
    jacobians: list[tuple[Any, Any, Any]]  # key, the update it differentiates, the state it is taken at
    shown: dict[str, Any]


class Judge:
    """Draws instances of a derivation's symbols and decides claims on them."""

    def __init__(self, derivation: Any, seed: int = 0) -> None:
        self.d = derivation
        self.seed = seed
        self.kinds = {decl.obj: decl for decl in derivation.symbols.values() if isinstance(decl.obj, sp.Basic)}
        self.sequences = [decl.obj for decl in derivation.symbols.values() if isinstance(decl.obj, Sequence)]
        self.activations = {a.name: a for a in derivation.scope.names.values() if isinstance(a, Activation)}
        self.premises = [(unfold(r.lhs, derivation), r.rel, unfold(r.rhs, derivation), p.bound)
                         for p in derivation.premises for r in p.relations]
        self.bound = {b for p in self.premises for b in p[3]}

    def kind(self, s: Any) -> str:
        return self.kinds[s].kind if s in self.kinds else "index" if s.is_integer else "scalar"

    def layout(self, exprs: list[Any], sizes: dict) -> Layout:
        """The concrete terms and the values to draw for these dimensions and indices."""
        subs = {s: sp.Integer(v) for s, v in sizes.items()}
        terms = [_by_differences(evaluated(e.xreplace(subs))) if isinstance(e, sp.Basic) else e for e in exprs]
        matrices = []
        for M in sorted({M for e in exprs if isinstance(e, sp.Basic) for M in e.atoms(sp.MatrixSymbol)}, key=str):
            n, m = (int(x.xreplace(subs)) for x in M.shape)
            matrices.append((M.xreplace(subs), n, m, self.kinds[M].properties if M in self.kinds else frozenset()))
        read: dict[str, set[int]] = {}
        for e in terms:
            _sequence_indices(e, read)
        lo = min((min(v) for v in read.values()), default=0)
        hi = max((max(v) for v in read.values()), default=0)
        elements, states = [], []
        for seq in self.sequences:
            rows, cols = (int(sp.sympify(x).xreplace(subs)) for x in (seq.rows, seq.cols))
            elements += [(SeqElem(seq.name, j, rows, cols), rows, cols) for j in range(lo - 1, hi + 2)]
        model, jacobians = self.d.model, []
        if model is not None:
            state = model.state.name
            shape = [int(sp.sympify(x).xreplace(subs)) for x in model.state.shape]
            update = lambda j: evaluated(model.update.xreplace({model.index: sp.Integer(j)}).xreplace(subs))  # noqa: E731
            at = read.get(DIFFERENCE + state, set())
            if at:  # ∂x[j+1]/∂x[j] at x[j] on the trajectory, for j over the products' ranges
                read.setdefault(state, set()).update({min(at), max(at) + 1})
                jacobians = [(SeqElem(DIFFERENCE + state, j, shape[0], shape[0]), update(j + 1), SeqElem(state, j, *shape))
                             for j in range(min(at), max(at) + 1)]
            if state in read:  # the state from the recurrence, from a free one
                states = [(SeqElem(state, j, *shape), update(j)) for j in range(min(read[state]) + 1, hi + 2)]
        return Layout(terms, matrices, elements, states, jacobians, {str(s): v for s, v in sizes.items()})

    def instance(self, rng: np.random.Generator, layout: Layout, scalars: list[sp.Symbol]) -> tuple[dict, dict]:
        """Values for every symbol: (env for ``numeric``, the values to show)."""
        env: dict[Any, Any] = {}
        shown = dict(layout.shown)
        for key, n, m, props in layout.matrices:
            same = [k for k in env if isinstance(k, sp.MatrixSymbol) and env[k].shape == (n, m)]
            if same and not props and rng.random() < 0.1:  # two arguments equal: x − y = 0
                value = env[same[rng.integers(len(same))]].copy()
            else:
                value = matrix(rng, n, m, props) if rng.random() < 0.95 else np.zeros((n, m))
            env[key] = shown[str(key)] = value
        for s in scalars:
            env[s] = shown[str(s)] = scalar(rng, s)
        for name, act in self.activations.items():
            if act.function is not None:
                fns = KNOWN[act.function](float(rng.choice([0.0, 0.5, 1.0])))
            else:
                form = list(ABSTRACT)[rng.integers(len(ABSTRACT))]
                c = _nice(rng) * (1 if rng.random() < 0.8 else -1)
                fns = ABSTRACT[form](c)
                shown[name] = f"{c:g}·{form}"
            for order, f in enumerate(fns):
                env[f"fn:{name}:{order}"] = f
        for key, rows, cols in layout.elements:
            env[key] = rng.normal(size=(rows, cols)) * (_nice(rng) if rng.random() < 0.5 else 1.0)
        for key, update in layout.states:
            env[key] = np.atleast_2d(numeric(update, env))
        for key, update, at in layout.jacobians:
            env[key] = _difference_jacobian(update, at, env)
        return env, shown

    def premises_hold(self, terms: list[Any], env: dict) -> tuple[bool, bool]:
        """(every premise holds, up to a tolerance in its favour; every strict premise holds with room)."""
        roomy = True
        for (_, rel, _, bound), lhs, rhs in zip(self.premises, terms[0::2], terms[1::2]):
            a, b = _values(lhs, rhs, env, bound)
            if a is None:
                return False, False
            scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
            if rel in (">", ">="):
                a, b, rel = b, a, rel.replace(">", "<")
            if rel == "=" and np.any(np.abs(a - b) > PREMISE_TOLERANCE * scale):
                return False, False
            if rel in ("<", "<=") and np.any(a - b > PREMISE_TOLERANCE * scale):
                return False, False
            if rel == "<" and np.any(b - a <= PREMISE_TOLERANCE * scale):
                roomy = False
        return True, roomy

    def judge(self, lhs: Any, rel: str, rhs: Any, instances: int = 300, draws: int = 3000) -> Judgement:
        """Is ``lhs rel rhs`` false on some instance where the premises hold?"""
        return self.judge_many([(lhs, rel, rhs)], instances, draws)[0]

    def judge_many(self, claims: list[tuple[Any, str, Any]], instances: int = 300, draws: int = 3000) -> list[Judgement]:
        """Judge several claims on the same instances: at most ``draws`` draws, stopping after
        ``instances`` instances that satisfy the premises (or when every claim is found false)."""
        rng = np.random.default_rng(self.seed)
        sides, rels = [], []
        for lhs, rel, rhs in claims:
            lhs, rhs = unfold(lhs, self.d), unfold(rhs, self.d)
            if rel in (">", ">="):
                lhs, rhs, rel = rhs, lhs, rel.replace(">", "<")
            sides += [lhs, rhs]
            rels.append(rel)
        exprs = sides + [x for p in self.premises for x in (p[0], p[2])]
        everything = exprs + ([self.d.model.update] if self.d.model is not None else [])
        free: set = set()
        for e in everything:
            if isinstance(e, sp.Basic):
                free |= e.free_symbols | {d for M in e.atoms(sp.MatrixSymbol) for x in M.shape for d in sp.sympify(x).free_symbols}
        for seq in self.sequences:
            free |= sp.sympify(seq.rows).free_symbols | sp.sympify(seq.cols).free_symbols
        free = {s for s in free if isinstance(s, sp.Symbol) and s not in self.bound}
        dims = sorted((s for s in free if self.kind(s) == "dimension"), key=str)
        indices = sorted((s for s in free if self.kind(s) == "index"), key=str)
        scalars = sorted(free - set(dims) - set(indices), key=str)
        layouts: dict[tuple, Layout] = {}
        out = [Judgement(False, 0) for _ in claims]
        kept = 0
        for _ in range(draws):
            if kept >= instances or all(j.false for j in out):
                break
            sizes = {**{s: int(rng.integers(1, 4)) for s in dims}, **{s: int(rng.integers(0, 5)) for s in indices}}
            key = tuple(sizes.values())
            if key not in layouts:
                layouts[key] = self.layout(everything, sizes)
            layout = layouts[key]
            try:
                env, shown = self.instance(rng, layout, scalars)
                holds, roomy = self.premises_hold(layout.terms[len(sides):], env)
            except (ZeroDivisionError, OverflowError, FloatingPointError, np.linalg.LinAlgError, ValueError, TypeError):
                continue
            if not holds:
                continue
            kept += 1
            for j, rel in enumerate(rels):
                if out[j].false:
                    continue
                try:
                    a, b = (np.real(np.asarray(numeric(x, env), dtype=complex)) for x in layout.terms[2 * j: 2 * j + 2])
                except (ZeroDivisionError, OverflowError, FloatingPointError, np.linalg.LinAlgError, ValueError, TypeError):
                    continue
                if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
                    continue
                out[j].instances += 1
                if _fails(a, rel, b, roomy):
                    out[j].false = True
                    out[j].example = f"{_show(shown)}: {np.array2string(a)} {rel} {np.array2string(b)} fails"
        return out


def _values(lhs: Any, rhs: Any, env: dict, bound: tuple) -> tuple[Any, Any]:
    """Both sides of a premise at an instance; over a dense grid of its bound variables (``for_all``)."""
    if not bound:
        try:
            return float(np.real(numeric(lhs, env))), float(np.real(numeric(rhs, env)))
        except (ZeroDivisionError, OverflowError, TypeError, ValueError, KeyError):
            return None, None
    points = GRID if len(bound) == 1 else np.linspace(-8.0, 8.0, 161 if len(bound) == 2 else 31)
    grids = [g.ravel() for g in np.meshgrid(*([points] * len(bound)))]
    local = {**env, **dict(zip(bound, grids))}
    try:  # vectorised over the grid
        with np.errstate(all="ignore"):
            a, b = (np.broadcast_to(np.real(np.asarray(numeric(x, local), dtype=complex)), grids[0].shape) for x in (lhs, rhs))
        return a, b
    except (TypeError, ValueError, KeyError, AttributeError):
        pass
    coarse = [g[:: max(1, len(g) // 400)] for g in grids]
    out = []
    for x in (lhs, rhs):
        try:
            out.append(np.array([float(np.real(numeric(x, {**env, **{v: float(g[i]) for v, g in zip(bound, coarse)}})))
                                 for i in range(len(coarse[0]))]))
        except (ZeroDivisionError, OverflowError, TypeError, ValueError, KeyError):
            return None, None
    return out[0], out[1]


def _fails(a: Any, rel: str, b: Any, roomy: bool) -> bool:
    """Does ``a rel b`` fail clearly (relative ``MARGIN``); a strict one also at equality up to rounding
    when the premises hold with room?"""
    scale = max(1.0, float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    if rel == "=":
        return bool(np.max(np.abs(a - b)) > MARGIN * scale)
    if np.any(a - b > MARGIN * scale):
        return True
    if rel == "<" and roomy:
        return bool(np.any(b - a <= 1e-9 * max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-300)))
    return False


def _show(values: dict) -> str:
    def text(v: Any) -> str:
        return np.array2string(np.round(v, 4), separator=", ").replace("\n", "") if isinstance(v, np.ndarray) else f"{v:g}" if isinstance(v, float) else str(v)

    return ", ".join(f"{k} = {text(v)}" for k, v in sorted(values.items()))


def judge(derivation: Any, lhs: Any, rel: str, rhs: Any, seed: int = 0, instances: int = 300) -> Judgement:
    """Judge one claim of a derivation (see the module's docstring)."""
    return Judge(derivation, seed).judge(lhs, rel, rhs, instances)
