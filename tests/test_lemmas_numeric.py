"""Every lemma in the library, checked numerically on many random and adversarial instances.

A wrong lemma lets symbound certify a false bound, so each statement in ``LEMMAS`` is instantiated
(hundreds of times, across the matrix families of ``symbound.rules.families``, shapes from 1×1 to 5×5 and
rectangular, every norm kind its hypotheses allow, scalars including 0 and negatives) with values
that satisfy its hypotheses, both sides are evaluated with ``symbound.ops.objects.numeric``, and the
relation must hold up to a scale-aware tolerance.  Instances with small integer entries are also
certified exactly with the operators' ``_exact`` methods.

The harness iterates over the library, so a new lemma is covered automatically; a lemma whose
use, statement or hypothesis it does not understand makes the test fail (never skip).  Negative
controls feed it known-false statements and require it to find violations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np
import pytest
import sympy as sp
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from symbound.rules import families as fam
from symbound.rules import LEMMAS, Lemma
from symbound.read.lemmas import _renamed, compiled, hypothesis_relations, pattern_scope, variable_kind
from symbound.rules import TAGS, hypotheses, read_hypothesis
from symbound.rules.predicates import REGISTRY
from symbound.ops import NonnegativeScalar
from symbound.ops.inverse import Singular
from symbound.ops.objects import numeric
from symbound.ops import classes, Elementwise, ScalarApply, Diag, Hadamard, MaxAbs, INDUCED_NORMS, NORM_KINDS, Norm, MatProd, SeqElem, SigmaMax, SigmaMin, SpectralRadius
from symbound.ops import BINDERS, MatSum, Ranged
from symbound.ops.inner import Inner
from symbound.read.syntax import Relation, parse_relations

SCALAR_OPERATORS = tuple(c for c in classes() if issubclass(c, NonnegativeScalar))  # norms, ρ, singular values ...

INSTANCES_PER_LEMMA = 600
MIN_INSTANCES = 300
EXACT_PER_LEMMA = 12
RTOL = 1e-9
EPS = np.finfo(float).eps
SIZES = (1, 2, 3, 4, 5)
SIZE_WEIGHTS = (0.2, 0.25, 0.25, 0.15, 0.15)
SCALAR_SPECIALS = (0.0, 0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 0.25, 1e-6, -1e-6, 1e3, -1e3)
KNOWN_USES = ("rewrite", "bound", "gcongr", "limit", "calculus", "induction")
KINDS = ("matrix", "vector", "scalar", "norm", "activation", "index", "limit", "exponent", "dimension")


# ---------------------------------------------------------------- statements


@dataclass
class Statement:
    """A lemma (or a negative control) as the harness sees it."""

    name: str
    use: str
    relation: Relation | None
    expr: Any  # for use == "limit"
    predicates: list[tuple[str, str]]  # (predicate, variable name without '?')
    relations: list[tuple[tuple[Any, ...], Relation]]  # relational hypotheses (bound vars, relation)


def library_statement(lemma: Lemma) -> Statement:
    c = compiled(lemma.name)
    return Statement(lemma.name, lemma.use, c.relation, c.expr, predicates_of(lemma), hypothesis_relations(lemma.name))


def control_statement(name: str, text: str, hypotheses: tuple[str, ...] = ()) -> Statement:
    """A (false) statement compiled exactly the way ``lemmas.compiled`` compiles library lemmas."""
    scope, rename = pattern_scope(), _renamed()
    (rel,) = parse_relations(text.replace(" = ", " == "), scope)
    rel = Relation(rel.lhs.xreplace(rename), rel.rel, rel.rhs.xreplace(rename))
    lemma = Lemma(name, text, "bound", hypotheses, "negative control")
    relations = []
    for hyp in map(read_hypothesis, hypotheses):
        if not hyp.named:
            for r in parse_relations(hyp.relation, scope):
                relations.append(((), Relation(r.lhs.xreplace(rename), r.rel, r.rhs.xreplace(rename))))
    return Statement(name, "rewrite" if rel.rel == "=" else "bound", rel, None, predicates_of(lemma), relations)


def sampled(pred: str) -> bool:
    """Whether the harness can draw values satisfying a registered predicate: by its sampler, or because it
    only constrains shapes (square, column) or says a product's factor is constant."""
    p = REGISTRY.get(pred)
    return p is not None and p.kind in KINDS + ("any",) and (p.sample is not None or p.square or p.column or not p.varies)


def predicates_of(lemma: Lemma) -> list[tuple[str, str]]:
    out = []
    for hyp in hypotheses(lemma):
        if not hyp.named:
            continue
        if not sampled(hyp.predicate):
            pytest.fail(f"{lemma.name}: the numeric harness cannot sample the predicate {hyp.predicate!r} (register it with a sampler in src/symbound/rules/predicates.py)")
        out.append((hyp.predicate, hyp.variable))
    return out


def _is_pattern(x: Any) -> bool:
    return str(getattr(x, "name", x)).startswith("?")


def pattern_variables(*exprs: Any) -> dict[str, tuple[str, Any]]:
    """name (without '?') -> (kind, the pattern object) for every pattern variable in the expressions."""
    out: dict[str, tuple[str, Any]] = {}
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for node in sp.preorder_traversal(e):
            if isinstance(node, (sp.MatrixSymbol, sp.Symbol)) and _is_pattern(node):
                out[node.name[1:]] = (variable_kind(node), node)
            elif isinstance(node, Norm) and _is_pattern(node.args[1]):
                out[node.kind[1:]] = ("norm", node.args[1])
            elif isinstance(node, (Elementwise, ScalarApply)) and _is_pattern(node.args[0]):
                out[node.fname[1:]] = ("activation", node.args[0])
    return out


# ---------------------------------------------------------------- shapes (a small unification)


class Dims:
    """Union-find over dimension variables; a class may be pinned to a number."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}
        self.fixed: dict[Any, int] = {}

    def find(self, d: Any) -> Any:
        if isinstance(d, int):
            return d
        self.parent.setdefault(d, d)
        while self.parent[d] != d:
            d = self.parent[d]
        return d

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if isinstance(ra, int) and isinstance(rb, int):
            raise AssertionError(f"inconsistent shapes {ra} vs {rb}")
        if isinstance(ra, int):
            ra, rb = rb, ra
        self.parent[ra] = rb


def shape_of(e: Any, dims: Dims, var_shape: dict[str, tuple[Any, Any]], where: str) -> tuple[Any, Any] | None:
    """The shape of a matrix expression in dimension variables (None for scalars), unifying as it goes."""
    if isinstance(e, sp.MatrixSymbol) and _is_pattern(e):
        return var_shape[e.name[1:]]
    if isinstance(e, sp.Identity):
        size = e.args[0]
        d = ("d", size.name[1:]) if _is_pattern(size) else int(size)
        return (d, d)
    if isinstance(e, SCALAR_OPERATORS):
        X = shape_of(e.args[0], dims, var_shape, where)
        if isinstance(e, SpectralRadius):
            dims.union(X[0], X[1])
        return None
    if isinstance(e, sp.Transpose):
        r, c = shape_of(e.args[0], dims, var_shape, where)
        return (c, r)
    if isinstance(e, sp.MatMul):
        shapes = [s for s in (shape_of(a, dims, var_shape, where) for a in e.args) if s is not None]
        for s, t in zip(shapes, shapes[1:]):
            dims.union(s[1], t[0])
        return (shapes[0][0], shapes[-1][1])
    if isinstance(e, sp.MatAdd):
        shapes = [shape_of(a, dims, var_shape, where) for a in e.args]
        for s in shapes[1:]:
            dims.union(s[0], shapes[0][0])
            dims.union(s[1], shapes[0][1])
        return shapes[0]
    if isinstance(e, Diag):
        r, c = shape_of(e.args[0], dims, var_shape, where)
        dims.union(c, 1)
        return (r, r)
    if isinstance(e, Elementwise):
        return shape_of(e.args[2], dims, var_shape, where)
    if isinstance(e, Hadamard):
        (r, c), (r2, c2) = (shape_of(a, dims, var_shape, where) for a in e.args)
        dims.union(r, r2)
        dims.union(c, c2)
        return (r, c)
    if isinstance(e, Inner):
        (r, c), (r2, c2) = (shape_of(a, dims, var_shape, where) for a in e.args)
        dims.union(r, r2)
        dims.union(c, c2)
        return None
    if isinstance(e, sp.MatPow):
        r, c = shape_of(e.args[0], dims, var_shape, where)
        dims.union(r, c)
        shape_of(e.args[1], dims, var_shape, where)
        return (r, c)
    if isinstance(e, Ranged):
        r, c = shape_of(e.body, dims, var_shape, where)
        if isinstance(e, MatProd):
            dims.union(r, c)
        for lim in e.limits[1:]:
            shape_of(lim, dims, var_shape, where)
        return (r, c)
    if isinstance(e, MatrixExpr):
        pytest.fail(f"{where}: the numeric harness does not know the shape rules of {type(e).__name__}")
    for a in e.args:
        if isinstance(a, (sp.Basic,)) and not isinstance(a, Str):
            shape_of(a, dims, var_shape, where)
    return None


# ---------------------------------------------------------------- instantiation


def _bodies_and_limits(*exprs: Any) -> tuple[set[str], set[str], set[Any]]:
    """Pattern variables inside a product's body, in its limits (and matrix powers' exponents), and its index symbols."""
    body_vars: set[str] = set()
    limit_vars: set[str] = set()
    indices: set[Any] = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for node in sp.preorder_traversal(e):
            if isinstance(node, BINDERS):
                i, lo, hi = node.args[1]
                indices.add(i)
                body_vars |= set(pattern_variables(node.args[0])) - {i.name[1:]}
                limit_vars |= set(pattern_variables(lo, hi))
            elif isinstance(node, sp.MatPow):
                limit_vars |= set(pattern_variables(node.args[1]))  # a matrix power's exponent is an integer, like a limit
    return body_vars, limit_vars, indices


def _only_in_bodies(name: str, *exprs: Any) -> bool:
    """Whether every occurrence of a pattern variable is inside a product over an index."""

    def walk(e: Any, inside: bool) -> bool:
        if not isinstance(e, sp.Basic):
            return True
        if isinstance(e, BINDERS):
            return walk(e.args[0], True) and walk(e.args[1], inside)
        if (isinstance(e, (sp.MatrixSymbol, sp.Symbol)) and getattr(e, "name", "") == "?" + name):
            return inside
        return all(walk(a, inside) for a in e.args)

    return all(walk(e, False) for e in exprs)


def bounded_activation(rng: np.random.Generator, c: float) -> tuple[str, Callable[[float], float]]:
    """A scalar function with |f(z)| <= c for every z (c >= 0), from a small bank of shapes."""
    s = float(rng.choice([0.1, 1.0, 10.0, 1e3]))
    bank: list[tuple[str, Callable[[float], float]]] = [
        ("c*tanh(s z)", lambda z: c * math.tanh(s * z)),
        ("clip(s z, -c, c)", lambda z: min(max(s * z, -c), c)),
        ("c*sin(s z)", lambda z: c * math.sin(s * z)),
        ("c", lambda z: c),
        ("-c", lambda z: -c),
        ("c*sign(z)", lambda z: c * float(np.sign(z))),
        ("c*z/(1+|z|)", lambda z: c * z / (1 + abs(z))),
        ("c*exp(-z^2)", lambda z: c * math.exp(-z * z)),
        ("0", lambda z: 0.0),
        ("c*sigmoid'(z)*4", lambda z: 4 * c * (1 / (1 + math.exp(-max(min(z, 700), -700)))) * (1 - 1 / (1 + math.exp(-max(min(z, 700), -700))))),
    ]
    return bank[int(rng.integers(len(bank)))]


def bounded_derivative(rng: np.random.Generator, c: float) -> tuple[str, Callable[[float], float], Callable[[float], float]]:
    """A scalar function f with |f'(z)| <= c for every z (almost every z for the clipped one), with f'."""
    s = float(rng.choice([0.1, 1.0, 10.0, 1e3]))
    sig = lambda z: 1 / (1 + math.exp(-max(min(z, 700), -700)))  # noqa: E731
    bank: list[tuple[str, Callable[[float], float], Callable[[float], float]]] = [
        ("c*tanh(s z)/s", lambda z: c * math.tanh(s * z) / s, lambda z: c * (1 - math.tanh(s * z) ** 2)),
        ("c*sin(s z)/s", lambda z: c * math.sin(s * z) / s, lambda z: c * math.cos(s * z)),
        ("c*z", lambda z: c * z, lambda z: c),
        ("-c*z", lambda z: -c * z, lambda z: -c),
        ("clip(c z, -1, 1)", lambda z: min(max(c * z, -1.0), 1.0), lambda z: c if abs(c * z) < 1 else 0.0),
        ("c*softplus(s z)/s", lambda z: c * (max(s * z, 0) + math.log1p(math.exp(-abs(s * z)))) / s, lambda z: c * sig(s * z)),
        ("const", lambda z: 1.0, lambda z: 0.0),
    ]
    return bank[int(rng.integers(len(bank)))]


@dataclass
class Instance:
    env: dict[Any, Any]
    lhs: Any
    rhs: Any
    families: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        parts = []
        for k, v in self.values.items():
            fam_name = self.families.get(k, "")
            text = np.array2string(np.asarray(v), precision=17) if isinstance(v, np.ndarray) else repr(v)
            parts.append(f"{k}{' [' + fam_name + ']' if fam_name else ''} = {text}")
        return "; ".join(parts)


class Sampler:
    """Draws instances of a statement that satisfy its hypotheses."""

    def __init__(self, st: Statement, seed: int, matrix_families: tuple[str, ...] | None = None,
                 shapes: dict[str, tuple[int, int]] | None = None) -> None:
        self.st = st
        self.rng = np.random.default_rng(seed)
        self.matrix_families = matrix_families
        self.fixed_shapes = shapes or {}
        exprs = [st.relation.lhs, st.relation.rhs] if st.relation is not None else [st.expr]
        hyp_exprs = [x for _, r in st.relations for x in (r.lhs, r.rhs)]
        self.exprs = exprs
        self.vars = pattern_variables(*exprs, *hyp_exprs)
        for pred, arg in st.predicates:
            if arg not in self.vars:
                pytest.fail(f"{st.name}: hypothesis {pred}({arg}) names a variable the statement does not use")
        self.body_vars, self.limit_vars, self.indices = _bodies_and_limits(*exprs, *hyp_exprs)
        # shapes
        self.dims = Dims()
        self.var_shape: dict[str, tuple[Any, Any]] = {}
        for name, (kind, obj) in self.vars.items():
            if kind == "matrix":
                self.var_shape[name] = (("r", name), ("c", name))
            elif kind == "vector":
                self.var_shape[name] = (("r", name), 1)
        for e in exprs + hyp_exprs:
            shape_of(e, self.dims, self.var_shape, st.name)
        sides = [shape_of(e, self.dims, self.var_shape, st.name) for e in exprs] if st.relation is not None else []
        if len(sides) == 2 and None not in sides:  # the two sides of a matrix equality have one shape (AᵀA = I_m)
            for a, b in zip(*sides):
                self.dims.union(a, b)
        self.drawn: dict[str, str] = {}  # variable -> the predicate whose sampler draws it
        for pred, arg in st.predicates:
            p = REGISTRY[pred]
            if p.kind not in ("any", self.vars[arg][0]):
                pytest.fail(f"{st.name}: {pred}({arg}) on a variable that is not a {p.kind}")
            if p.square:
                self.dims.union(*self.var_shape[arg])
            if p.column:
                self.dims.union(self.var_shape[arg][1], 1)
            if p.sample is not None:
                if arg in self.drawn:
                    pytest.fail(f"{st.name}: {arg} must satisfy two predicates with samplers ({self.drawn[arg]}, {pred})")
                self.drawn[arg] = pred
        for name, (kind, _) in self.vars.items():
            if kind not in KINDS:
                pytest.fail(f"{st.name}: pattern variable {name} of unknown kind {kind!r}")
        for bound, rel in st.relations:
            if bound and not self._forall_bound(bound, rel):
                pytest.fail(f"{st.name}: the numeric harness cannot sample instances of the hypothesis 'forall {bound}: {rel}'")
        self.count = 0

    # -- hypotheses
    def _forall_bound(self, bound: tuple[Any, ...], rel: Relation) -> str | None:
        """The activation name f when the hypothesis reads ``forall z: abs(f(z)) <= R`` (R free of z); f~ when it
        reads ``forall a, b: abs(f(a) - f(b)) <= R*abs(a - b)`` (f is R-Lipschitz)."""
        if len(bound) == 2 and rel.rel == "<=" and isinstance(rel.lhs, sp.Abs):
            a, b = bound
            applied = [n for n in sp.preorder_traversal(rel.lhs) if isinstance(n, ScalarApply)]
            if (len(applied) == 2 and {n.args[2] for n in applied} == {a, b} and applied[0].fname == applied[1].fname
                    and applied[0].order == 0 and rel.lhs.args[0] in (applied[0] - applied[1], applied[1] - applied[0])
                    and not ({a, b} & rel.rhs.xreplace({sp.Abs(a - b): sp.Integer(1), sp.Abs(b - a): sp.Integer(1)}).free_symbols)):
                return applied[0].fname[1:] + "~"
            return None
        if len(bound) == 1 and rel.rel in ("<=", "<") and isinstance(rel.rhs, sp.Abs) and bound[0] not in getattr(rel.lhs, "free_symbols", set()):
            inner = rel.rhs.args[0]  # forall z: R <= abs(f(z)): f bounded away from 0
            if isinstance(inner, ScalarApply) and inner.args[2] == bound[0] and inner.order == 0:
                return inner.fname[1:] + "_"
            return None
        if len(bound) != 1 or rel.rel not in ("<=", "<") or not isinstance(rel.lhs, sp.Abs):
            return None
        inner = rel.lhs.args[0]
        if not (isinstance(inner, ScalarApply) and inner.args[2] == bound[0] and inner.order in (0, 1)):
            return None
        if bound[0] in getattr(rel.rhs, "free_symbols", set()):
            return None
        return inner.fname[1:] + ("'" if inner.order == 1 else "")

    # -- values
    def _size(self) -> int:
        return int(self.rng.choice(SIZES, p=SIZE_WEIGHTS))

    def _scalar(self, taken: list[float]) -> float:
        u = self.rng.random()
        if u < 0.15 and taken:
            return float(taken[int(self.rng.integers(len(taken)))])
        if u < 0.5:
            return float(self.rng.choice(SCALAR_SPECIALS))
        if u < 0.75:
            return float(self.rng.uniform(-3, 3))
        return float(self.rng.exponential(2.0))

    def _matrix(self, name: str, n: int, m: int, k: int, values: dict[str, Any]) -> tuple[str, np.ndarray]:
        if name in self.drawn:
            label, M = REGISTRY[self.drawn[name]].sample(self.rng, k, n)
            return label, np.asarray(M)[:, :m]
        pool = tuple(f for f in self.matrix_families or fam.FAMILIES if fam.supports(f, n, m))
        # correlated choices: B = ±A, 2A or Aᵀ (tight cases, cancellation)
        others = [v for v in values.values() if isinstance(v, np.ndarray)]
        if others and self.matrix_families is None and self.rng.random() < 0.2:
            M = others[int(self.rng.integers(len(others)))]
            for cand in (M, -M, 2 * M, M.T):
                if cand.shape == (n, m) and self.rng.random() < 0.6:
                    return "correlated", np.array(cand)
        if self.rng.random() < 0.5:
            family = pool[(k + len(values)) % len(pool)]
        else:
            family = pool[int(self.rng.integers(len(pool)))]
        return family, fam.sample(self.rng, family, n, m)

    def _vector(self, n: int) -> tuple[str, np.ndarray]:
        if self.rng.random() < 0.3:
            family = fam.FAMILIES[int(self.rng.integers(len(fam.FAMILIES)))]
            if fam.supports(family, n, 1):
                return family, fam.sample(self.rng, family, n, 1)
        family = fam.VECTOR_FAMILIES[int(self.rng.integers(len(fam.VECTOR_FAMILIES)))]
        return family, fam.sample_vector(self.rng, family, n)

    def draw(self, k: int) -> Instance | None:
        """Instance number k, or None when the hypotheses rejected the draw."""
        st = self.st
        sizes: dict[Any, int] = {}

        def size(d: Any) -> int:
            r = self.dims.find(d)
            if isinstance(r, int):
                return r
            if r not in sizes:
                sizes[r] = self._size()
            return sizes[r]

        concrete: dict[Any, Any] = {}
        env: dict[Any, Any] = {}
        values: dict[str, Any] = {}
        families: dict[str, str] = {}
        idx = next(iter(self.indices)) if self.indices else None
        # integer limits of products first
        for name in sorted(self.limit_vars):
            kind, obj = self.vars[name]
            if kind not in ("scalar", "limit"):
                pytest.fail(f"{st.name}: product limit {name} is not a scalar")
            env[obj] = values[name] = int(self.rng.integers(-1, 6))
        lo_hi: list[int] = []
        if idx is not None:
            for node in (n for e in self.exprs for n in sp.preorder_traversal(e)):  # (the first side may be 0: 0 ≤ Σ)
                if isinstance(node, BINDERS):
                    lo_hi = [int(numeric(node.args[1][1], env)), int(numeric(node.args[1][2], env))]
                    break
        index_range = range(lo_hi[0], lo_hi[1] + 1) if lo_hi else range(0)
        constant = {arg for pred, arg in st.predicates if not REGISTRY[pred].varies}
        per_index = {n for n in self.body_vars if n not in constant and _only_in_bodies(n, *self.exprs) and self.rng.random() < 0.5}
        # matrices and vectors
        for name in sorted(self.vars):
            kind, obj = self.vars[name]
            if kind not in ("matrix", "vector"):
                continue
            if name in self.fixed_shapes:
                n, m = self.fixed_shapes[name]
            else:
                n, m = size(self.var_shape[name][0]), size(self.var_shape[name][1])
            if name in self.drawn and n < m:
                return None  # a predicate's sampler draws tall or square matrices (the columns of a square sample)
            new = sp.MatrixSymbol(obj.name, n, m)
            if name in per_index:
                seq = []
                for i in index_range:
                    f, M = self._matrix(name, n, m, k + i, values)
                    env[SeqElem(Str(obj.name), sp.Integer(i), n, m)] = M
                    seq.append(M)
                    families[f"{name}[{i}]"] = f
                concrete[obj] = SeqElem(Str(obj.name), idx, n, m)
                values[name] = np.array(seq)
            else:
                f, M = self._matrix(name, n, m, k, values) if kind == "matrix" or m != 1 else self._vector(n)
                concrete[obj] = new
                env[new] = values[name] = M
                families[name] = f
        # dimensions (the size of an identity I)
        for name in sorted(self.vars):
            kind, obj = self.vars[name]
            if kind == "dimension":
                env[obj] = values[name] = size(("d", name))
        # norm kinds: any, or drawn by a predicate's sampler
        for name in sorted(self.vars):
            if self.vars[name][0] != "norm":
                continue
            if name in self.drawn:
                _, p = REGISTRY[self.drawn[name]].sample(self.rng, k, 0)
            else:
                choices = NORM_KINDS
                p = choices[(k // 7 + int(self.rng.integers(2))) % len(choices)] if self.rng.random() < 0.5 else choices[int(self.rng.integers(len(choices)))]
            concrete[self.vars[name][1]] = Str(p)
            values[name] = p
        # scalars (rejection on the relational hypotheses)
        scalars = [n for n in sorted(self.vars) if self.vars[n][0] == "scalar" and n not in self.limit_vars and n != "z"]
        taken = [float(v) for v in values.values() if isinstance(v, (int, float))]
        for name in scalars:
            obj = self.vars[name][1]
            if name in per_index:
                seq = [self._scalar(taken) for _ in index_range]
                for i, val in zip(index_range, seq):
                    env[sp.Indexed(sp.IndexedBase(obj.name), sp.Integer(i))] = val
                concrete[obj] = sp.Indexed(sp.IndexedBase(obj.name), idx)
                values[name] = seq
                taken += seq
            else:
                env[obj] = values[name] = self._scalar(taken)
                taken.append(values[name])
        # activations, from the forall hypotheses
        for bound, rel in st.relations:
            if not bound:
                continue
            fname = self._forall_bound(bound, rel)
            if fname.endswith("_"):  # R ≤ |f(z)| everywhere: f = ±(R + g) with g ≥ 0
                try:
                    c = numeric(rel.lhs.xreplace(concrete), env)
                except (KeyError, ValueError, OverflowError):
                    pytest.fail(f"{st.name}: cannot evaluate the bound of 'forall {bound}: {rel}'")
                label, g = bounded_activation(self.rng, 1.0)
                sign = float(self.rng.choice([-1.0, 1.0]))
                env[f"fn:?{fname[:-1]}:0"] = lambda z, c=max(c, 0.0), g=g, sign=sign: sign * (c + abs(g(z)))
                values[fname[:-1]] = f"±(R + |{label}|)"
                continue
            rhs = rel.rhs.xreplace({sp.Abs(bound[0] - bound[-1]): sp.Integer(1), sp.Abs(bound[-1] - bound[0]): sp.Integer(1)}) if fname.endswith("~") else rel.rhs
            try:
                c = numeric(rhs.xreplace(concrete), env)
            except (KeyError, ValueError, OverflowError):
                pytest.fail(f"{st.name}: cannot evaluate the bound of 'forall {bound}: {rel}'")
            if c < 0:
                return None  # no function is bounded by a negative number
            if fname.endswith("~"):  # c-Lipschitz: c·relu, c·hard tanh, or a function with |f'| ≤ c
                fname = fname[:-1]
                kind = int(self.rng.integers(3))
                if kind == 0:
                    label, fn = f"{float(c):g}·relu", (lambda z, c=float(c): c * max(0.0, float(z)))
                elif kind == 1:
                    label, fn = f"{float(c):g}·hardtanh", (lambda z, c=float(c): c * min(1.0, max(-1.0, float(z))))
                else:
                    label, fn, _ = bounded_derivative(self.rng, float(c))
                env[f"fn:?{fname}:0"] = fn
            elif fname.endswith("'"):
                fname = fname[:-1]
                label, fn, dfn = bounded_derivative(self.rng, float(c))
                env[f"fn:?{fname}:0"], env[f"fn:?{fname}:1"] = fn, dfn
            else:
                label, fn = bounded_activation(self.rng, float(c))
                env[f"fn:?{fname}:0"] = fn
            values[fname] = label
        for name, pred in sorted(self.drawn.items()):
            if self.vars[name][0] == "activation":
                values[name], env[f"fn:?{name}:0"] = REGISTRY[pred].sample(self.rng, k, 0)
        # check every relational hypothesis on this instance (per index when it involves per-index values)
        for bound, rel in st.relations:
            lhs, rhs = rel.lhs.xreplace(concrete), rel.rhs.xreplace(concrete)
            if len(bound) == 2:
                zs = list(np.linspace(-5, 5, 21)) + [float(a) for v in values.values() if isinstance(v, np.ndarray) for a in np.ravel(v)][:20]
                points = [{bound[0]: x, bound[1]: y} for x in zs for y in zs]
            elif bound:
                z = bound[0]
                zs = list(np.linspace(-50, 50, 201)) + [float(a) for v in values.values() if isinstance(v, np.ndarray) for a in np.ravel(v)]
                points = [{z: zz} for zz in zs]
            elif idx is not None and idx in (lhs.free_symbols | rhs.free_symbols):
                points = [{idx: sp.Integer(i)} for i in index_range]
            else:
                points = [{}]
            for point in points:
                sub = {k2: v for k2, v in point.items() if isinstance(v, sp.Basic)}
                e_env = {**env, **{k2: float(v) for k2, v in point.items() if not isinstance(v, sp.Basic)}}
                try:
                    a, b = numeric(lhs.xreplace(sub), e_env), numeric(rhs.xreplace(sub), e_env)
                except OverflowError:
                    return None
                ok = {"<=": a <= b, "<": a < b, ">=": a >= b, ">": a > b, "=": a == b}.get(rel.rel)
                if ok is None:
                    pytest.fail(f"{st.name}: hypothesis relation {rel.rel!r} not understood")
                if len(bound) == 2 and rel.rel == "<=":  # c·|x − y| against |f(x) − f(y)|: rounding of the generated f
                    ok = a <= b + 1e-9 * (1 + abs(a) + abs(b))
                if not ok:
                    if bound:
                        raise AssertionError(f"{st.name}: generated activation {values} violates {rel}")
                    return None
        lhs, rhs = self._concrete(concrete)
        return Instance(env, lhs, rhs, families, values)

    def _concrete(self, concrete: dict[Any, Any]) -> tuple[Any, Any]:
        if self.st.relation is None:
            return self.st.expr.xreplace(concrete), None
        return self.st.relation.lhs.xreplace(concrete), self.st.relation.rhs.xreplace(concrete)


# ---------------------------------------------------------------- evaluation and tolerance


def tolerance(inst: Instance, a: float, b: float) -> float:
    """RTOL relative to the sides and to the terms of a side's sum (1 − ‖A − Q‖₂ cancels to ~0 at rounding's scale),
    plus the conditioning of σ_min and ρ terms (measured on their argument)."""
    tol = RTOL * max(abs(a), abs(b)) + 1e-300
    for side in (inst.lhs, inst.rhs):
        for term in (side.args if isinstance(side, sp.Add) else ()):
            try:
                tol += RTOL * float(np.abs(numeric(term, inst.env)).max(initial=0.0))
            except (KeyError, TypeError, ValueError):
                continue
        for node in sp.preorder_traversal(side):
            if isinstance(node, (SigmaMin, SpectralRadius)) and not (node.free_symbols & {s for s in node.free_symbols if str(s).startswith("?i")}):
                try:
                    X = np.atleast_2d(numeric(node.args[0], inst.env))
                except KeyError:
                    continue
                scale = float(np.linalg.norm(X, 2)) if X.size else 0.0
                if isinstance(node, SpectralRadius) and not fam.is_normal(X):
                    # eigenvalues of a defective k×k block move by ~ eps^(1/k)·‖X‖ under rounding
                    tol += 10 * EPS ** (1.0 / X.shape[0]) * scale
                else:
                    tol += 100 * EPS * X.shape[0] * scale
    return tol


def holds(rel: str, a: float, b: float, tol: float) -> bool:
    if rel == "=":
        return abs(a - b) <= tol
    if rel in ("<=", "<"):
        return a <= b + tol
    if rel in (">=", ">"):
        return a + tol >= b
    raise AssertionError(f"unknown relation {rel!r}")


@dataclass
class Report:
    checked: int = 0
    rejected: int = 0
    exact_checked: int = 0
    shapes: set = field(default_factory=set)
    families: set = field(default_factory=set)
    violations: list[str] = field(default_factory=list)


def check_statement(st: Statement, n: int = INSTANCES_PER_LEMMA, seed: int = 0, exact: bool = True,
                    matrix_families: tuple[str, ...] | None = None, shapes: dict[str, tuple[int, int]] | None = None) -> Report:
    """Draw instances satisfying the hypotheses and check the relation on each (numerically, and exactly when integral)."""
    if st.use not in KNOWN_USES:
        pytest.fail(f"{st.name}: unknown lemma use {st.use!r}")
    if st.use == "limit":
        return check_limit(st, n, seed)
    if st.use == "calculus":
        return check_calculus(n, seed)
    if st.relation is None:
        pytest.fail(f"{st.name}: a {st.use} lemma without a relation")
    if st.use in ("rewrite", "induction") and st.relation.rel != "=":
        pytest.fail(f"{st.name}: a rewrite lemma must be an equality, got {st.relation.rel!r}")
    if st.use in ("bound", "gcongr") and st.relation.rel not in ("<=", "<", ">=", ">"):
        pytest.fail(f"{st.name}: a {st.use} lemma must be an inequality, got {st.relation.rel!r}")
    sampler = Sampler(st, seed, matrix_families, shapes)
    report = Report()
    attempts = 0
    k = 0
    while report.checked < n:
        attempts += 1
        if attempts > 20 * n:
            pytest.fail(f"{st.name}: could only draw {report.checked} instances satisfying the hypotheses in {attempts} tries")
        inst = sampler.draw(k)
        k += 1
        if inst is None:
            report.rejected += 1
            continue
        try:
            a, b = numeric(inst.lhs, inst.env), numeric(inst.rhs, inst.env)
        except (OverflowError, Singular):  # an inverse the evaluator does not trust (σ_min tiny but positive)
            report.rejected += 1
            continue
        if np.ndim(a) or np.ndim(b):
            # a matrix identity: compare entrywise, relative to the largest entry
            if st.relation.rel != "=":
                pytest.fail(f"{st.name}: an inequality between matrices is not a statement the harness understands")
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            if a.shape != b.shape:
                report.violations.append(f"shapes differ: {a.shape} vs {b.shape} at {inst.describe()}")
                continue
            report.checked += 1
            report.shapes |= {v.shape for v in inst.values.values() if isinstance(v, np.ndarray)}
            report.families |= set(inst.families.values())
            gap = float(np.abs(a - b).max(initial=0.0))
            if gap > RTOL * max(float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0))) + 1e-300:
                report.violations.append(f"{inst.lhs} != {inst.rhs} by {gap} at {inst.describe()}")
            continue
        a, b = float(a), float(b)
        if not (math.isfinite(a) and math.isfinite(b)):
            report.rejected += 1
            continue
        report.checked += 1
        report.shapes |= {v.shape for v in inst.values.values() if isinstance(v, np.ndarray)}
        report.families |= set(inst.families.values())
        if not holds(st.relation.rel, a, b, tolerance(inst, a, b)):
            report.violations.append(f"{inst.lhs} = {a!r} vs {inst.rhs} = {b!r} ({st.relation.rel}) at {inst.describe()}")
            continue
        if exact and report.exact_checked < EXACT_PER_LEMMA and exact_eligible(inst):
            verdict = exact_check(st.relation.rel, inst, [r for bound, r in st.relations if not bound])
            if verdict is not None:
                report.exact_checked += 1
                if not verdict:
                    report.violations.append(f"EXACT: {inst.lhs} {st.relation.rel} {inst.rhs} fails at {inst.describe()}")
    if report.rejected > 10 * n:
        pytest.fail(f"{st.name}: {report.rejected} of {report.rejected + report.checked} draws rejected; the sampler is too weak")
    return report


def check_matrix_limit(st: Statement, n: int, seed: int) -> Report:
    """A matrix limit lemma ‖Aⁿ‖_p → 0 under ρ(A) < 1: matrices from every family rescaled to a spectral
    radius just below 1 (non-normal ones show transient growth first), every norm kind, n doubled far out."""
    norm = next(node for node in sp.preorder_traversal(st.expr) if isinstance(node, Norm))
    power = norm.matrix
    A, grows = power.args
    kinds = INDUCED_NORMS if any(pred == "induced" and arg == norm.kind[1:] for pred, arg in st.predicates) else NORM_KINDS
    rng = np.random.default_rng(seed)
    report = Report()
    shapes = [(k, k) for k in (1, 2, 3, 4, 5)]
    for family, M in fam.instances(seed, max(1, n // (len(fam.FAMILIES) * len(shapes))), shapes):
        rho = float(max(abs(np.linalg.eigvals(M)))) if M.size else 0.0
        target = [0.0, 0.5, 0.9, 0.99][int(rng.integers(4))]
        size = float(np.abs(M).sum())
        if rho > 1e-3 * size:
            M = M * (target / rho) if target > 0 else M * 0.0
        elif size > 0:
            # ρ is 0 up to rounding (nilpotent): floating-point eigenvalues are off by ε^(1/n)·‖A‖, so
            # rescaling by 1/ρ would blow the matrix up; bring it to unit size instead (ρ stays 0)
            M = M / size
        if not float(max(abs(np.linalg.eigvals(M)))) < 1:
            report.rejected += 1
            continue
        kind = kinds[int(rng.integers(len(kinds)))]
        expr = norm.func(power, Str(kind))
        N, v = 1, np.inf
        while v >= 1e-9 and N < 2 ** 20:
            v = float(numeric(expr, {A: M, grows: float(N)}))
            N *= 2
        report.checked += 1
        if not v < 1e-9:
            report.violations.append(f"‖A^N‖_{kind} = {v} at N = {N // 2}, {family} A = {M.tolist()}")
    return report


CALCULUS_BANK = [
    "1 - tanh(z)**2", "exp(-z)/(1 + exp(-z))**2", "sin(z)", "cos(3*z)/2", "exp(-z**2)", "z/(1 + z**2)",
    "Abs(1 - tanh(z)**2)", "Abs(sin(z))", "1/(1 + z**2)", "z*exp(-z**2)", "tanh(z)", "2*tanh(z/3)",
]


def check_calculus(n: int, seed: int) -> Report:
    """The calculus rule trusts sympy's maximum: compare it with a dense grid (never below the grid's max,
    and close to it) on a bank of formulas like the activations' derivatives."""
    from symbound.kernel.arith import supremum

    z = sp.Symbol("z", real=True)
    report = Report()
    grid = np.concatenate([np.linspace(-60, 60, 24001), np.linspace(-2, 2, 8001)])
    for text in CALCULUS_BANK:
        f = sp.sympify(text, locals={"z": z})  # test-owned formulas, never file text
        top = supremum(f, z)
        report.checked += 1
        if top is None:
            report.violations.append(f"sympy found no supremum for {text}")
            continue
        values = sp.lambdify(z, f, "numpy")(grid)
        best = float(np.max(values))
        value = float(top)
        if value < best - 1e-9 or value > best + 1e-3:
            report.violations.append(f"sup {text}: sympy says {top} = {value}, grid max {best}")
    report.checked *= len(grid)  # the instances are the grid points, every formula evaluated at each
    return report


def check_limit(st: Statement, n: int, seed: int) -> Report:
    """A limit lemma: the expression tends to 0 as its one unconstrained scalar grows, for values meeting the hypotheses."""
    if st.expr is None:
        pytest.fail(f"{st.name}: a limit lemma without an expression")
    if any(isinstance(node, sp.MatPow) for node in sp.preorder_traversal(st.expr)):
        return check_matrix_limit(st, n, seed)
    constrained = set(pattern_variables(*[x for _, r in st.relations for x in (r.lhs, r.rhs)]))
    free = [v for v in pattern_variables(st.expr) if v not in constrained]
    if len(free) != 1:
        pytest.fail(f"{st.name}: cannot tell which variable grows in {st.expr} (unconstrained: {free})")
    grows = pattern_variables(st.expr)[free[0]][1]
    sampler = Sampler(st, seed)
    report = Report()
    k = 0
    specials = [0.0, 0.5, 0.9, 0.99, 0.999, 1 - 1e-6, float(np.nextafter(1.0, 0.0))]
    while report.checked < n:
        inst = sampler.draw(k)
        if inst is not None and k < len(specials):
            # the adversarial end of the range: q just below 1
            for name, (kind, obj) in sampler.vars.items():
                if obj != grows and kind == "scalar":
                    inst.env[obj] = specials[k]
            if not all(holds_rel(r, inst.env) for _, r in st.relations):
                inst = None
        k += 1
        if k > 20 * n:
            pytest.fail(f"{st.name}: could not draw instances")
        if inst is None:
            report.rejected += 1
            continue
        report.checked += 1
        values = [float(numeric(st.expr, {**inst.env, grows: float(N)})) for N in range(0, 60)]
        if any(y > x * (1 + RTOL) + 1e-300 for x, y in zip(values, values[1:])) or values[0] > 1 + RTOL:
            report.violations.append(f"not nonincreasing in {grows}: {values[:6]} at {inst.describe()}")
            continue
        # far enough out it is below any epsilon: find N with value < 1e-12 by doubling
        N, v = 1, values[-1]
        while v >= 1e-12 and N < 2 ** 62:
            N *= 2
            v = float(numeric(st.expr, {**inst.env, grows: float(N)}))
        if v >= 1e-12:
            report.violations.append(f"does not tend to 0: value {v} at {grows} = {N}, {inst.describe()}")
    return report


def holds_rel(rel: Relation, env: dict) -> bool:
    a, b = numeric(rel.lhs, env), numeric(rel.rhs, env)
    return holds(rel.rel, a, b, 0.0) and (rel.rel != "<" or a < b) and (rel.rel != ">" or a > b)


# ---------------------------------------------------------------- exact certification


def exact_eligible(inst: Instance) -> bool:
    if any(isinstance(k, str) for k in inst.env):
        return False  # activations: no exact form
    for v in inst.env.values():
        if isinstance(v, np.ndarray):
            if not fam.is_integral(v) or max(v.shape) > 3:
                return False
        elif isinstance(v, float) and not float(v).is_integer() and Fraction(v).denominator > 1024:
            return False
    return True


def exact(e: Any, env: dict) -> Any:
    """Exact evaluation with sympy (the operators' ``_exact``), mirroring ``objects.numeric``."""

    def ev(x: Any) -> Any:
        if isinstance(x, SCALAR_OPERATORS):
            return x._exact(sp.Matrix(ev(x.args[0])))
        if x in env:
            v = env[x]
            if isinstance(v, np.ndarray):
                return sp.Matrix(v.shape[0], v.shape[1], [sp.Integer(int(t)) for t in v.ravel()])
            return sp.Rational(Fraction(v)) if not isinstance(v, int) else sp.Integer(v)
        if isinstance(x, sp.Number):
            return x
        if isinstance(x, (sp.Add, sp.MatAdd)):
            out = ev(x.args[0])
            for a in x.args[1:]:
                out = out + ev(a)
            return out
        if isinstance(x, (sp.Mul, sp.MatMul)):
            out = sp.Integer(1)
            for a in x.args:
                out = out * ev(a)
            return out
        if isinstance(x, sp.Pow):
            return ev(x.args[0]) ** ev(x.args[1])
        if isinstance(x, sp.Transpose):
            return ev(x.args[0]).T
        if isinstance(x, sp.Abs):
            return sp.Abs(ev(x.args[0]))
        if isinstance(x, sp.Max):
            return sp.Max(*[ev(a) for a in x.args])
        if isinstance(x, sp.Min):
            return sp.Min(*[ev(a) for a in x.args])
        if isinstance(x, Diag):
            return sp.diag(*list(ev(x.args[0])))
        if isinstance(x, sp.Identity):
            return sp.eye(int(ev(x.args[0])))
        if isinstance(x, BINDERS):
            body, (i, a, b) = x.args[0], x.args[1]
            lo, hi = int(ev(a)), int(ev(b))
            out = None
            adds = isinstance(x, (sp.Sum, MatSum))
            for val in range(lo, hi + 1):
                term = exact(body.xreplace({i: sp.Integer(val)}), env)
                out = term if out is None else out + term if adds else out * term
            if out is None and adds:
                return sp.zeros(int(x.shape[0]), int(x.shape[1])) if isinstance(x, MatSum) else sp.Integer(0)
            if out is None:
                return sp.eye(int(x.shape[0])) if isinstance(x, MatProd) else sp.Integer(1)
            return out
        raise KeyError(f"no exact evaluation for {type(x).__name__}")

    return ev(e)


def exact_check(rel: str, inst: Instance, hypotheses: list = ()) -> bool | None:
    """Whether the instance's relation holds exactly; None when it cannot be evaluated exactly or a relational
    hypothesis fails exactly (0 < σ_min(A) accepted in floating point for a singular A)."""
    for h in hypotheses:
        if exact_check(h.rel, Instance(inst.env, h.lhs, h.rhs)) is not True:
            return None
    try:
        a, b = exact(inst.lhs, inst.env), exact(inst.rhs, inst.env)
    except (KeyError, Singular):
        return None
    d = sp.N(b - a, 60)
    if not d.is_real and d.is_real is not None:
        return False
    d = float(sp.re(d)) if abs(sp.re(d)) > 1e-45 else 0.0
    return {"=": d == 0.0, "<=": d >= 0, "<": d > 0, ">=": d <= 0, ">": d < 0}[rel]


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("lemma", LEMMAS, ids=[lemma.name for lemma in LEMMAS])
def test_lemma_holds_numerically(lemma: Lemma) -> None:
    report = check_statement(library_statement(lemma), seed=sum(map(ord, lemma.name)))
    assert report.checked >= MIN_INSTANCES
    assert not report.violations, f"{lemma.name} is FALSE on {len(report.violations)} of {report.checked} instances, e.g.\n" + "\n".join(report.violations[:5])
    if lemma.use in ("rewrite", "bound", "induction") and any(k in ("matrix",) for k, _ in pattern_variables(compiled(lemma.name).relation.lhs).values()):
        shapes = report.shapes
        assert (1, 1) in shapes and any(s[0] == s[1] and s[0] >= 2 for s in shapes), shapes
        matrices = {name for name, (kind, _) in pattern_variables(compiled(lemma.name).relation.lhs).items() if kind == "matrix"}
        held_square = {arg for pred, arg in predicates_of(lemma) if REGISTRY[pred].square}
        if not any(pred in ("square", "normal") for pred, _ in predicates_of(lemma)) and not matrices <= held_square:
            assert any(s[0] != s[1] for s in shapes), f"{lemma.name}: no rectangular instance among {shapes}"
        drawn = {arg for pred, arg in predicates_of(lemma) if REGISTRY[pred].sample is not None}
        if not any(pred == "normal" for pred, _ in predicates_of(lemma)) and not matrices <= drawn:
            # the adversarial members: non-normal, defective and nilpotent matrices (unless a predicate's sampler draws every matrix)
            adversarial = {"nilpotent", "nilpotent_dense", "jordan_block", "upper_triangular"}
            relation = compiled(lemma.name).relation
            if any(isinstance(n, sp.Inverse) for side in (relation.lhs, relation.rhs) for n in sp.preorder_traversal(side)):
                adversarial -= {"nilpotent", "nilpotent_dense"}  # singular: an inverse of one has no value
            assert adversarial <= report.families, report.families


def test_every_lemma_use_is_known() -> None:
    assert {lemma.use for lemma in LEMMAS} <= set(KNOWN_USES)


def test_every_predicate_of_the_library_is_sampled() -> None:
    """A predicate the harness cannot sample would leave its lemmas unchecked."""
    assert all(sampled(name) for name in REGISTRY), [name for name in REGISTRY if not sampled(name)]
    used = {pred for lemma in LEMMAS for pred, _ in predicates_of(lemma)}
    assert used <= set(REGISTRY)
    assert set(KNOWN_USES) == set(TAGS)


@pytest.mark.parametrize("name", [n for n, p in REGISTRY.items() if p.sample is not None])
def test_predicate_samplers_satisfy_their_checks(name: str) -> None:
    """What a predicate's sampler draws passes the same predicate's own check (and a numeric test of it)."""
    from symbound.rules.predicates import Context

    p, rng = REGISTRY[name], np.random.default_rng(7)
    for k in range(40):
        label, value = p.sample(rng, k, 1 + k % 5)
        if p.kind == "matrix":
            M = np.asarray(value)
            assert M.shape[0] == M.shape[1], label
            if name == "invertible":
                assert np.linalg.cond(M) < 1e7, label
            elif name != "tall":  # tall: its first columns
                assert fam.is_normal(M), label
            if name == "orthogonal":
                assert np.allclose(M.T @ M, np.eye(M.shape[0]), atol=1e-12), label
        elif p.kind == "norm":
            assert p.check(Str(value), Context({}, {})) == "", label
        elif p.kind == "activation":
            zs = np.linspace(-3, 3, 61)
            if name == "relu":
                assert all(value(z) == max(0.0, z) for z in zs)
            else:
                assert all(value(z) == (z > 0) for z in zs if z != 0) and 0.0 <= value(0.0) <= 1.0
        else:
            pytest.fail(f"no numeric test for the sampler of {name}")


def test_orthogonal_and_relu_derivative_instances_are_sampled() -> None:
    """The new predicates' instances: orthogonal matrices of every size, and every relu'(0) convention hit at 0."""
    for name in ("norm_orthogonal_mul_2", "norm_mul_orthogonal_2"):
        report = check_statement(library_statement(next(l for l in LEMMAS if l.name == name)), n=300, seed=2)
        assert not report.violations and report.exact_checked >= 5, (name, report.exact_checked)
        assert {s for s in report.shapes if s[0] == s[1]} >= {(1, 1), (2, 2), (3, 3)}
    st = library_statement(next(l for l in LEMMAS if l.name == "relu_derivative_le_one"))
    sampler = Sampler(st, seed=4)
    hit = set()
    for k in range(400):
        inst = sampler.draw(k)
        x = next(v for v in inst.values.values() if isinstance(v, np.ndarray))
        if np.any(x == 0):
            hit.add(inst.values["f"])
    assert {"relu' with relu'(0) = 0.0", "relu' with relu'(0) = 1.0", "relu' with relu'(0) = 0.5"} <= hit


def test_exact_certification_happens() -> None:
    """The matrix lemmas get integer instances certified exactly, not just in floating point."""
    for name in ("rho_le_norm", "norm2_le_fro", "submultiplicative", "rho_transpose", "sigma_min_transpose"):
        lemma = next(l for l in LEMMAS if l.name == name)
        report = check_statement(library_statement(lemma), n=300, seed=1)
        assert report.exact_checked >= 5, (name, report.exact_checked)
        assert not report.violations


# -- strict variants of the monotonicity rules, exactly (rational arithmetic)

STRICT_VARIANTS = {
    # name: (statement, hypotheses) — the strict forms the references allow
    "mul_le_mul (a<c, d>0)": ("a * b < c * d", ("0 <= a", "0 <= b", "a < c", "b <= d", "0 < d")),
    "mul_le_mul (b<d, c>0)": ("a * b < c * d", ("0 <= a", "0 <= b", "a <= c", "b < d", "0 < c")),
    "add_le_add (a<c)": ("a + b < c + d", ("a < c", "b <= d")),
    "pow_le_pow_left (a<b, e>0)": ("a ** e < b ** e", ("0 <= a", "a < b", "0 < e")),
    "max_le_max (both strict)": ("max(a, b) < max(c, d)", ("a < c", "b < d")),
    "prod_le_prod (all strict, positive)": ("prod(a, i, d, e) < prod(b, i, d, e)", ("0 < a", "a < b", "d <= e")),
    "abs_le (both strict)": ("abs(a) < b", ("a < b", "-b < a")),
    "pow_le_one (a<1, e>0)": ("a ** e < 1", ("0 <= a", "a < 1", "0 < e")),
    "mul_nonneg (every factor positive)": ("0 < a * b", ("0 < a", "0 < b")),
    "pow_nonneg (a>0)": ("0 < a ** e", ("0 < a",)),
}


def _exact_scalar_check(text: str, hyps: tuple[str, ...], n: int, seed: int) -> tuple[int, list[str]]:
    """Check a scalar statement with rational values (products and sums over small ranges, a,b per index)."""
    scope = pattern_scope()
    (rel,) = parse_relations(text, scope)
    hrels = [r for h in hyps for r in parse_relations(h, scope)]
    rng = np.random.default_rng(seed)
    pool = [Fraction(k, 4) for k in range(-12, 13)] + [Fraction(0), Fraction(1, 1000), Fraction(1000)]
    checked, bad = 0, []
    tries = 0
    while checked < n:
        tries += 1
        assert tries < 200 * n, f"{text}: hypotheses too hard to satisfy by sampling"
        vals = {s: sp.Rational(pool[int(rng.integers(len(pool)))]) for s in (scope.names[c] for c in "abcde")}
        if "prod" in text:
            lo, hi = int(rng.integers(0, 3)), int(rng.integers(-1, 4))
            if not (lo <= hi if "d <= e" in hyps else lo <= hi + 1):
                continue
            # per-index values meeting 0 <= a_i <= b_i (strict where the hypotheses say so)
            a_seq = [sp.Rational(abs(pool[int(rng.integers(len(pool)))])) for _ in range(lo, hi + 1)]
            if "0 < a" in hyps and any(a == 0 for a in a_seq):
                continue
            b_seq = [a + sp.Rational(int(rng.integers(1 if "a < b" in hyps else 0, 5)), 4) for a in a_seq]
            lhs, rhs = sp.prod(a_seq), sp.prod(b_seq)
            checked += 1
            if not {"<": lhs < rhs, "<=": lhs <= rhs}[rel.rel]:
                bad.append(f"a={a_seq} b={b_seq}")
            continue
        if "sum(" in text:  # per-index terms over integer ranges, reversed ones too (the empty sum 0)
            lo, hi = int(rng.integers(0, 3)), int(rng.integers(-3, 4))
            a_seq = [sp.Rational(pool[int(rng.integers(len(pool)))]) for _ in range(lo, hi + 1)]
            a_seq = [abs(a) for a in a_seq] if "0 <= a" in hyps else a_seq
            b_seq = [a + sp.Rational(int(rng.integers(0, 5)), 4) for a in a_seq]
            lhs, rhs = (sp.Integer(0), sum(a_seq, sp.Integer(0))) if rel.lhs == 0 else (sum(a_seq, sp.Integer(0)), sum(b_seq, sp.Integer(0)))
            checked += 1
            if not {"<": lhs < rhs, "<=": lhs <= rhs}[rel.rel]:
                bad.append(f"a={a_seq} b={b_seq}")
            continue
        if "max(a, (i" in text:  # the term at a whole index c of a nonempty integer range, against the range's maximum
            lo, hi = int(rng.integers(-2, 3)), int(rng.integers(-2, 4))
            if lo > hi:
                continue
            a_seq = [sp.Rational(pool[int(rng.integers(len(pool)))]) for _ in range(lo, hi + 1)]
            c = int(rng.integers(lo, hi + 1))
            checked += 1
            if not a_seq[c - lo] <= max(a_seq):
                bad.append(f"a={a_seq} c={c}")
            continue
        if "**" in text:
            vals[scope.names["e"]] = sp.Rational(int(rng.integers(0, 9)), int(rng.integers(1, 4)))
        if not all(bool(sp.sympify({"<=": h.lhs <= h.rhs, "<": h.lhs < h.rhs}[h.rel].subs(vals))) for h in hrels):
            continue
        checked += 1
        lhs, rhs = rel.lhs.subs(vals), rel.rhs.subs(vals)
        truth = {"<": lambda: (rhs - lhs).is_positive, "<=": lambda: (rhs - lhs).is_nonnegative}[rel.rel]()
        if truth is not True:
            bad.append(f"{ {str(k): str(v) for k, v in vals.items()} }: {lhs} vs {rhs}")
    return checked, bad


@pytest.mark.parametrize("name", sorted(STRICT_VARIANTS))
def test_gcongr_strict_variants(name: str) -> None:
    text, hyps = STRICT_VARIANTS[name]
    checked, bad = _exact_scalar_check(text, hyps, 300, seed=len(name))
    assert checked >= 300 and not bad, bad[:5]


@pytest.mark.parametrize("lemma", [l for l in LEMMAS if l.use == "gcongr"], ids=lambda l: l.name)
def test_gcongr_nonstrict_exactly(lemma: Lemma) -> None:
    """The gcongr statements themselves, in rational arithmetic (no rounding at all)."""
    checked, bad = _exact_scalar_check(lemma.statement, lemma.hypotheses, 300, seed=3)
    assert checked >= 300 and not bad, bad[:5]


# -- negative controls: the harness must be able to fail

NEGATIVE_CONTROLS = [
    # (name, statement, hypotheses, matrix families, fixed shapes)
    ("norm2_le_rho on nilpotent", "norm(A, 2) <= rho(A)", ("square(A)",), ("nilpotent",), None),
    ("fro_le_norm2 on I2", "norm(A, fro) <= norm(A, 2)", (), ("scaled_identity",), {"A": (2, 2)}),
    ("supermultiplicative", "norm(A @ B, p) >= norm(A, p) * norm(B, p)", (), None, None),
    ("rho_eq_norm2 on a Jordan block", "rho(A) = norm(A, 2)", ("square(A)",), ("jordan_block",), None),
    ("norm_diag_fro_eq_max_abs", "norm(diag(v), fro) = max_abs(v)", (), None, None),
    ("sigma_min_eq_sigma_max", "sigma_min(A) = sigma_max(A)", (), None, None),
    ("norm1_le_rho", "norm(A, 1) <= rho(A)", ("square(A)",), None, None),
    ("max strict with one strict pair", "max(a, b) < max(c, d)", ("a < c", "b <= d"), None, None),
    ("abs strict with one strict bound", "abs(a) < b", ("a < b", "-b <= a"), None, None),
    ("pow strict below one with e = 0 allowed", "a ** e < 1", ("0 <= a", "a < 1", "0 <= e"), None, None),
    ("2-norm invariance without orthogonality", "norm(A @ B, 2) = norm(B, 2)", (), None, None),
    ("1-norm invariance under orthogonal Q", "norm(A @ B, 1) = norm(B, 1)", ("orthogonal(A)",), None, None),
    ("sigma_min of a product, rectangular", "sigma_min(A) * sigma_min(B) <= sigma_min(A @ B)", (), None, None),
    ("sigma_min of a product, upper", "sigma_min(A @ B) <= sigma_min(A) * sigma_min(B)", ("square(A)", "square(B)"), None, None),
    ("minimum gain of a wide matrix", "sigma_min(A) * norm(x, 2) <= norm(A @ x, 2)", ("vector(x)",), None, {"A": (2, 3), "x": (3, 1)}),
    ("minimum gain bounds from above", "norm(A @ x, 2) <= sigma_min(A) * norm(x, 2)", ("square(A)", "vector(x)"), None, None),
    ("sigma_min of a product over a range, upper", "sigma_min(prod(A, i, a, b)) <= prod(sigma_min(A), i, a, b)", ("square(A)", "a <= b + 1"), None, None),
    ("sigma_min of a power, upper", "sigma_min(A ** h) <= sigma_min(A) ** h", ("square(A)", "0 <= h"), None, None),
    ("norm of a power, lower", "norm(A, p) ** h <= norm(A ** h, p)", ("square(A)", "induced(p)", "0 <= h"), None, None),
    ("relu' at most 1/2", "max_abs(f(x)) <= 1/2", ("relu_derivative(f)",), None, None),
    ("reverse triangle the other way", "norm(A + B, p) <= norm(A, p) - norm(B, p)", (), None, None),
    ("triangle with signed coefficients", "norm(a * A + b * B, p) <= a * norm(A, p) + b * norm(B, p)", (), None, None),
    ("norm_identity without induced(p)", "norm(I, p) = 1", (), None, None),  # ‖I‖_F = √n
    ("Hölder with ∞ on both sides", "abs(inner(v, x)) <= norm(v, inf) * norm(x, inf)", (), None, None),
    ("Hölder with 2 and ∞", "inner(v, x) <= norm(v, 2) * norm(x, inf)", (), None, None),
]


@pytest.mark.parametrize("control", NEGATIVE_CONTROLS, ids=[c[0] for c in NEGATIVE_CONTROLS])
def test_negative_control_is_detected(control: tuple) -> None:
    name, text, hyps, families, shapes = control
    st = control_statement(name, text, hyps)
    if name.startswith(("max strict", "abs strict", "pow strict")):
        # strictness is not visible to a tolerance-based float check; use the exact scalar checker
        checked, bad = _exact_scalar_check(text, hyps, 300, seed=0)
        assert bad, f"the harness did not refute {text}"
        return
    report = check_statement(st, n=300, seed=11, matrix_families=families, shapes=shapes)
    assert report.violations, f"the harness did not refute the false statement {text} in {report.checked} instances"


def test_negative_control_exact_path_detects() -> None:
    """The exact certification path also reports a false statement (ρ(A) = ‖A‖₂ on [[1, 1], [0, 1]])."""
    A = sp.MatrixSymbol("?A", 2, 2)
    inst = Instance({A: np.array([[1.0, 1.0], [0.0, 1.0]])}, SpectralRadius(A), Norm(A, "2"))
    assert exact_check("=", inst) is False
    assert exact_check("<=", inst) is True


# -- the operators' exact evaluation against their numeric evaluation

EXACT_CASES = [
    np.array([[0.0, 1.0], [0.0, 0.0]]),
    np.array([[1.0, 1.0], [0.0, 1.0]]),
    np.array([[0.0, -1.0], [1.0, 0.0]]),
    np.array([[2.0, 0.0], [0.0, -2.0]]),
    np.array([[1.0, 2.0, -2.0]]),
    np.array([[1.0], [-2.0], [2.0]]),
    np.array([[1.0, 2.0], [0.0, -1.0], [2.0, 1.0]]),
    np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]]),
    np.array([[-2.0]]),
    np.zeros((2, 3)),
    np.array([[1.0, 1.0], [1.0, 1.0]]),
]


def _operators_for(M: np.ndarray) -> list:
    X = sp.MatrixSymbol("X", *M.shape)
    ops = [Norm(X, k) for k in NORM_KINDS] + [SigmaMax(X), SigmaMin(X), MaxAbs(X)]
    if M.shape[0] == M.shape[1]:
        ops.append(SpectralRadius(X))
    return ops


def test_exact_matches_numeric_on_small_integer_matrices() -> None:
    rng = np.random.default_rng(5)
    cases = list(EXACT_CASES) + [fam.sample(rng, "integer_small", n, m) for n, m in [(1, 1), (2, 2), (3, 3), (2, 3), (3, 2), (1, 3), (3, 1)] for _ in range(3)]
    for M in cases:
        X = sp.MatrixSymbol("X", *M.shape)
        exact_M = sp.Matrix(M.shape[0], M.shape[1], [sp.Integer(int(t)) for t in M.ravel()])
        for op in _operators_for(M):
            num = float(numeric(op, {X: M}))
            ex = op._exact(exact_M)
            exf = float(sp.N(ex, 40))
            tol = 1e-9 * max(1.0, float(np.abs(M).max(initial=0.0)))
            if isinstance(op, SpectralRadius):
                tol = 1e-6 * max(1.0, float(np.abs(M).max(initial=0.0)))  # defective cases: eps**(1/2)
            assert abs(num - exf) <= tol, f"{type(op).__name__}{'(' + op.kind + ')' if isinstance(op, Norm) else ''} of {M.tolist()}: numeric {num} vs exact {ex} = {exf}"


def test_exact_known_values() -> None:
    N = sp.Matrix([[0, 1], [0, 0]])
    X = sp.MatrixSymbol("X", 2, 2)
    assert sp.simplify(SigmaMax(X)._exact(N) - 1) == 0
    assert sp.simplify(SpectralRadius(X)._exact(N)) == 0
    assert sp.simplify(SigmaMin(X)._exact(N)) == 0
    J = sp.Matrix([[1, 1], [0, 1]])
    assert sp.simplify(Norm(X, "2")._exact(J) - (1 + sp.sqrt(5)) / 2) == 0
    assert sp.simplify(SpectralRadius(X)._exact(J) - 1) == 0
    R = sp.Matrix([[0, -1], [1, 0]])
    assert sp.simplify(SpectralRadius(X)._exact(R) - 1) == 0
    Y = sp.MatrixSymbol("Y", 1, 3)
    row = sp.Matrix([[1, 2, -2]])
    assert Norm(Y, "1")._exact(row) == 2 and Norm(Y, "inf")._exact(row) == 5
    assert sp.simplify(Norm(Y, "2")._exact(row) - 3) == 0 and sp.simplify(Norm(Y, "fro")._exact(row) - 3) == 0
    assert sp.simplify(SigmaMin(Y)._exact(row) - 3) == 0  # one singular value for a 1×3 row
    assert MaxAbs(Y)._exact(row) == 2


def test_numeric_vectors_are_columns() -> None:
    """``numeric`` evaluates a vector norm as the norm of an n×1 column (the vector norm of that name)."""
    v = sp.MatrixSymbol("v", 3, 1)
    x = np.array([[1.0], [-2.0], [2.0]])
    assert numeric(Norm(v, "1"), {v: x}) == pytest.approx(5.0)
    assert numeric(Norm(v, "inf"), {v: x}) == pytest.approx(2.0)
    assert numeric(Norm(v, "2"), {v: x}) == pytest.approx(3.0)
    assert numeric(MaxAbs(v), {v: x}) == pytest.approx(2.0)
    assert numeric(Norm(Diag(v), "fro"), {v: x}) == pytest.approx(3.0)


def test_matrix_limit_harness_detects_a_spectral_radius_of_one():
    """Negative control for check_matrix_limit: without ρ(A) < 1 (a rotation, ρ = 1) the norms do not vanish."""
    A = sp.MatrixSymbol("?A", 2, 2)
    n = sp.Symbol("?n", integer=True, nonnegative=True)
    expr = Norm(sp.MatPow(A, n), "2")
    R = np.array([[0.0, -1.0], [1.0, 0.0]])
    values = [float(numeric(expr, {A: R, n: float(N)})) for N in (1, 64, 4096)]
    assert min(values) > 0.99
    J = np.array([[0.99, 1.0], [0.0, 0.99]])  # ρ < 1 but non-normal: a transient bump, then decay
    bumps = [float(numeric(expr, {A: J, n: float(N)})) for N in (1, 50, 5000)]
    assert bumps[1] > bumps[0] and bumps[2] < 1e-9
