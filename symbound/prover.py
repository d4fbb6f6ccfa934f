"""The prover: decides ``lhs REL rhs`` from lemma instances, premises, earlier chains and definitions.

Every successful search returns a ``Proof`` tree whose leaves are named facts (lemma instances,
premises, chains, definitions, the model's derived Jacobian) or exact arithmetic done by sympy.
The moves, each sound on its own:

* canonical forms: definitions unfolded, Jacobians replaced by what sympy derived, and the library's
  equalities (``use: rewrite``) applied left to right, each application recorded;
* exact arithmetic: sympy decides the sign of ``rhs - lhs`` from the symbols' assumptions;
* a fact: a premise, an earlier chain or a library inequality whose instance is the goal
  (its relational hypotheses are proved recursively, its predicates checked);
* congruence (Lean's ``gcongr``): the goal's two sides have the same shape (a product, sum, power,
  product over a range or max) and the parts are compared, with positivity side conditions;
* transitivity through one fact, to a bounded depth.
"""

from __future__ import annotations

import time
from functools import cached_property, lru_cache
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any, Iterable

import sympy as sp
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from .lemmas import BY_NAME, LEMMAS, compiled, hypothesis_relations, variable_kind
from .matching import free_variables, instantiate, match
from .model import transform
from .objects import INDUCED_NORMS, Diag, Elementwise, Jacobian, MatProd, NonnegativeScalar, ScalarApply, evaluated, flattened

STRICT = {"<": True, "<=": False}


@lru_cache(maxsize=1024)
def _supremum(e: Any, z: Any) -> Any:
    """sup over the reals of e(z), by sympy's calculus (None when sympy cannot tell)."""
    from sympy.calculus.util import maximum, minimum

    try:
        if isinstance(e, sp.Abs):
            inner = e.args[0]
            hi, lo = maximum(inner, z, sp.S.Reals), minimum(inner, z, sp.S.Reals)
            return sp.Max(hi, -lo)
        return maximum(e, z, sp.S.Reals)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None


def _pairings(xs: tuple, ys: tuple) -> Iterable[tuple[tuple, tuple]]:
    """Ways to pair the factors of two products: permutations when they have as many factors, otherwise
    every grouping of the longer side's factors into as many products as the shorter side has."""
    from itertools import product as assignments

    if len(xs) == len(ys):
        for order in permutations(ys):
            yield xs, order
        return
    short, long_, flip = (xs, ys, False) if len(xs) < len(ys) else (ys, xs, True)
    for assign in assignments(range(len(short)), repeat=len(long_)):
        if len(set(assign)) != len(short):
            continue
        groups = tuple(sp.Mul(*[f for f, g in zip(long_, assign) if g == k]) for k in range(len(short)))
        yield (groups, short) if flip else (short, groups)


def _same(x: Any, y: Any) -> bool:
    """Equal as terms, or equal once matrix products are distributed over sums."""
    return x == y or _expanded(x) == _expanded(y)


@lru_cache(maxsize=8192)
def _expanded(e: Any) -> Any:
    """Matrix products distributed over sums (A(x − y) → Ax − Ay), to compare matrix expressions."""
    if not isinstance(e, sp.Basic) or not any(isinstance(n, sp.MatAdd) for n in sp.preorder_traversal(e)):
        return e
    try:
        return transform(e, lambda n: sp.expand(n) if isinstance(n, sp.MatMul) and any(isinstance(a, sp.MatAdd) for a in n.args) else None)
    except (TypeError, ValueError, AttributeError, sp.ShapeError):
        return e


@lru_cache(maxsize=8192)
def _simplify(e: Any) -> Any:
    """sympy's simplify, with products over ranges kept opaque: sympy evaluates them with Karr's
    convention (∏_{i=a}^{b} for b < a - 1 is a reciprocal), which symbound's empty-product
    convention does not share; products are evaluated only by the lemma prod_const, on ranges proved
    not to be reversed."""
    products = {p: sp.Dummy("P", real=True) for p in e.atoms(sp.Product)}
    # norms, singular values, activations at a point: opaque scalars with their sign, so that the
    # rewriting below never descends into matrix expressions
    for node in sp.preorder_traversal(e):
        if isinstance(node, NonnegativeScalar) and node not in products:
            products[node] = sp.Dummy("N", nonnegative=True, finite=True)
        elif isinstance(node, ScalarApply) and node not in products:
            products[node] = sp.Dummy("F", real=True, finite=True)
    back = {v: k for k, v in products.items()}
    opaque = e.xreplace(products)
    try:
        for step in (sp.expand, sp.cancel, lambda x: sp.powsimp(sp.expand(x)), sp.factor_terms):
            candidate = step(opaque)
            if candidate == 0 or _signed(candidate):
                return candidate.xreplace(back)
        transcendental = [f for f in opaque.atoms(sp.Function) if not isinstance(f, (sp.Abs, sp.Max, sp.Min))]
        if not transcendental or sp.count_ops(opaque) > 25:
            return e  # polynomial and rational identities are decided by the steps above
        return sp.simplify(opaque).xreplace(back)
    except (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError):
        return e


def _signed(e: Any) -> bool:
    """Whether sympy's assumptions already know the sign of e (so rewriting it further is pointless)."""
    return e.is_nonnegative is not None or e.is_positive is not None


class LimitReached(Exception):
    """The per-link budget (time or search steps) ran out."""


@dataclass(frozen=True)
class Proof:
    """One inference: ``lhs rel rhs`` holds by ``rule`` (of ``kind``) given ``children``."""

    kind: str  # lemma | premise | chain | definition | model | arithmetic | reflexivity | gcongr | positivity
    rule: str
    lhs: Any
    rel: str
    rhs: Any
    children: tuple["Proof", ...] = ()

    def walk(self) -> Iterable["Proof"]:
        yield self
        for c in self.children:
            yield from c.walk()

    def names(self) -> set[str]:
        return {p.rule for p in self.walk()}


@dataclass(frozen=True)
class Fact:
    """A usable statement: ``lhs rel rhs`` with pattern variables, from a premise, chain or lemma."""

    name: str
    kind: str  # premise | chain | lemma
    lhs: Any
    rel: str  # '<=' or '<'
    rhs: Any
    variables: tuple[tuple[Any, str], ...] = ()
    bound: tuple[Any, ...] = ()

    @cached_property
    def kinds(self) -> dict[Any, str]:
        return dict(self.variables)

    @cached_property
    def heads(self) -> tuple[type | None, type | None]:
        """The types a term must have for the left and the right side to match it (None: any type)."""
        def head(pattern: Any) -> type | None:
            if pattern in self.kinds or isinstance(pattern, sp.Mul):  # a variable, or c·X matching X
                return None
            return type(pattern)
        return head(self.lhs), head(self.rhs)

    def may_match(self, side: int, term: Any) -> bool:
        h = self.heads[side]
        return h is None or h is type(term)


@dataclass(frozen=True)
class NearMiss:
    """A lemma that almost applied: it runs the other way, or a hypothesis failed."""

    lemma: str
    lhs: Any
    rel: str
    rhs: Any
    why: str


@dataclass
class Budget:
    seconds: float = 10.0
    steps: int = 20000
    deadline: float = 0.0
    used: int = 0

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.used = 0

    def tick(self) -> None:
        self.used += 1
        if self.used > self.steps or time.monotonic() > self.deadline:
            raise LimitReached(f"search limit reached ({self.used} steps)")


@dataclass
class Attempt:
    """What a failed search learned: the sub-goal that blocked it and lemmas that almost applied."""

    blockers: list[tuple[Any, str, Any]] = field(default_factory=list)
    near: list[NearMiss] = field(default_factory=list)


def normalise(lhs: Any, rel: str, rhs: Any) -> tuple[Any, str, Any]:
    """Turn ≥ and > around, so every goal reads ``a <= b``, ``a < b`` or ``a = b``."""
    if rel in (">=", ">"):
        return rhs, "<=" if rel == ">=" else "<", lhs
    return lhs, rel, rhs


def lemma_fact(name: str) -> Fact:
    c = compiled(name)
    rel = c.relation
    variables = tuple((v, variable_kind(v)) for v in sorted(c.variables, key=str))
    return Fact(name, "lemma", rel.lhs, rel.rel, rel.rhs, variables)


REWRITES = tuple(l.name for l in LEMMAS if l.use == "rewrite")
BOUNDS = tuple(l.name for l in LEMMAS if l.use == "bound")


class Prover:
    """Proves goals about one derivation; facts grow as chains are proved."""

    def __init__(self, definitions: dict[Any, Any], properties: dict[Any, frozenset[str]], budget: Budget | None = None,
                 activations: dict[str, Any] | None = None) -> None:
        self.definitions = definitions
        self.properties = properties
        self.known = {name: act.function for name, act in (activations or {}).items() if act.function is not None}
        self.facts: list[Fact] = []
        self.rewrite_facts = [lemma_fact(n) for n in REWRITES]
        self.budget = budget or Budget()
        self.prefer: tuple[str, ...] = ()
        self.excluded: frozenset[str] = frozenset()
        self._conditional = False
        self._ordered: list[Fact] = []
        self._ordered_key: tuple = ()
        self._by_head: dict[tuple, list[Fact]] = {}
        self._ground: tuple[dict, dict] = ({}, {})
        self._rank: dict[int, int] = {}
        self.attempt = Attempt()
        self._canon: dict[Any, tuple[Any, tuple[Proof, ...]]] = {}
        self._memo: dict[tuple, Proof | None] = {}
        self.budget.start()
        self.lemma_facts: list[Fact] = []
        self._conditional = True  # lemma patterns are canonicalised without conditional rewrites
        self.lemma_facts = [self.canonical_fact(lemma_fact(n)) for n in BOUNDS]
        self._conditional = False
        self._canon.clear()

    # ------------------------------------------------------------------ facts
    def canonical_fact(self, fact: Fact) -> Fact:
        """The fact with its left side in canonical form (its right side is compared after instantiation)."""
        lhs, _ = self.canon(fact.lhs)
        return Fact(fact.name, fact.kind, lhs, fact.rel, fact.rhs, fact.variables, fact.bound)

    def add_fact(self, fact: Fact) -> None:
        self.budget.start()
        fact = self.canonical_fact(fact)
        rhs, _ = self.canon(fact.rhs)
        self.facts.append(Fact(fact.name, fact.kind, fact.lhs, fact.rel, rhs, fact.variables, fact.bound))
        self._memo.clear()
        self._canon.clear()  # conditional rewrites depend on the facts

    def ordered_facts(self) -> list[Fact]:
        """The usable facts, cited ones first (cached until the facts, citations or exclusions change)."""
        key = (len(self.facts), self.prefer, self.excluded)
        if self._ordered_key != key:
            everything = [f for f in self.facts if f.name not in self.excluded] + self.lemma_facts
            self._ordered = sorted(everything, key=lambda f: 0 if f.name in self.prefer else 1)
            self._ordered_key = key
            self._by_head = {}
        return self._ordered

    def candidates(self, side: int, term: Any) -> list[Fact]:
        """The facts (in order) whose left (side 0) or right (side 1) side can match the term: a fact without
        variables only when that side is the term itself (looked up, not scanned), the others by type."""
        ordered = self.ordered_facts()
        if not self._by_head:
            self._rank = {id(f): k for k, f in enumerate(ordered)}
            self._ground = ({}, {})
            for f in ordered:
                if not f.variables:
                    self._ground[0].setdefault(f.lhs, []).append(f)
                    self._ground[1].setdefault(f.rhs, []).append(f)
        key = (side, type(term))
        if key not in self._by_head:
            self._by_head[key] = [f for f in ordered if f.variables and f.may_match(side, term)]
        exact = self._ground[side].get(term, [])
        if not exact:
            return self._by_head[key]
        return sorted(exact + self._by_head[key], key=lambda f: self._rank[id(f)])

    # ------------------------------------------------------------------ canonical forms
    def canon(self, e: Any) -> tuple[Any, tuple[Proof, ...]]:
        """The canonical form of a term and the rewrites (definitions, model, lemmas) that produced it."""
        if e in self._canon:
            return self._canon[e]
        uses: list[Proof] = []
        current = e
        for _ in range(40):
            self.budget.tick()
            new = self._unfold(current, uses)
            new = evaluated(new)
            new = transform(new, lambda n: self._rewrite_once(n, uses))
            if new == current:
                break
            current = new
        result = (current, tuple(dict.fromkeys(uses)))
        self._canon[e] = result
        return result

    def unfold(self, e: Any) -> Any:
        """The term with every definition and every Jacobian replaced by its value (to a fixpoint)."""
        for _ in range(40):
            new = self._unfold(e, [])
            if new == e:
                return e
            e = new
        return e

    def _unfold(self, e: Any, uses: list[Proof]) -> Any:
        def step(node: Any) -> Any:
            if node in self.definitions:
                value = self.definitions[node]
                uses.append(Proof("definition", str(node), node, "=", value))
                return value
            if isinstance(node, Jacobian):
                uses.append(Proof("model", "jacobian", node, "=", node.derived))
                return node.derived
            value = self._known_activation(node)
            if value is not None:
                uses.append(Proof("model", "activation", node, "=", value))
            return value

        return transform(e, step)

    def _known_activation(self, node: Any) -> Any:
        """A concrete activation evaluated by sympy: f^{(d)}(z) as a formula; diag(f^{(d)}(X)) = c·I when f^{(d)} ≡ c."""
        from .model import KNOWN

        z = sp.Symbol("z", real=True)
        if isinstance(node, ScalarApply) and node.fname in self.known:
            return sp.diff(KNOWN[self.known[node.fname]](z), z, node.order).xreplace({z: node.args[2]})
        if isinstance(node, Diag) and isinstance(node.args[0], Elementwise) and node.args[0].fname in self.known:
            inner = node.args[0]
            derivative = sp.diff(KNOWN[self.known[inner.fname]](z), z, inner.order)
            if z not in derivative.free_symbols:
                return sp.MatMul(derivative, sp.Identity(inner.shape[0])).doit() if derivative != 1 else sp.Identity(inner.shape[0])
        if isinstance(node, Elementwise) and node.fname in self.known and self.known[node.fname] == "identity" and node.order == 0:
            return node.args[2]
        return None

    def _rewrite_once(self, node: Any, uses: list[Proof]) -> Any:
        for fact in self.rewrite_facts:
            for b in match(fact.lhs, node, fact.kinds):
                if self.failed_predicate(fact.name, b):
                    continue
                hyps: list[Proof] | None = []
                if hypothesis_relations(fact.name):
                    if self._conditional:  # no conditional rewrite while proving another one's hypothesis
                        continue
                    self._conditional = True
                    try:
                        hyps = self.relational_hypotheses(fact, b, 2)
                    finally:
                        self._conditional = False
                    if hyps is None:
                        continue
                out = self._instance(fact.rhs, b)
                if out is None or out == node:
                    continue
                uses.append(Proof("lemma", fact.name, node, "=", out, tuple(hyps)))
                return out
        return None

    @staticmethod
    def _instance(pattern: Any, binding: dict) -> Any:
        """A pattern instantiated and evaluated, or None when the instance is ill-formed (shapes, types)."""
        try:
            return evaluated(instantiate(pattern, binding))
        except (ValueError, TypeError, AttributeError, sp.ShapeError, NotImplementedError):
            return None

    # ------------------------------------------------------------------ hypotheses
    def failed_predicate(self, lemma: str, b: dict) -> str:
        """The first named-predicate hypothesis of a lemma that fails for a binding ('' if none)."""
        for hyp in BY_NAME[lemma].hypotheses:
            if "(" not in hyp or any(op in hyp for op in "<>="):
                continue
            pred, arg = hyp[:-1].split("(")
            value = next((v for k, v in b.items() if str(k).lstrip("?") == arg), None)
            if value is None:
                continue
            if pred == "induced" and not (isinstance(value, Str) and value.name in INDUCED_NORMS):
                return f"the {value.name}-norm is not an induced norm"
            if pred == "square" and value.shape[0] != value.shape[1]:
                return f"{value} is not square"
            if pred == "vector" and value.shape[1] != 1:
                return f"{value} is not a vector"
            if pred == "constant" and any(str(k).lstrip("?") == "i" and k in b and b[k] in value.free_symbols for k in b):
                return f"{value} depends on the product's index"
            if pred == "relu" and not (isinstance(value, sp.Tuple) and self.known.get(value[0].name) == "relu" and int(value[1]) == 0):
                return "the activation is not relu"
            if pred == "normal" and not self.is_normal(value):
                return f"{value} is not known to be normal (declare it `assume: [symmetric]` or `[normal]`)"
        return ""

    def is_normal(self, A: Any) -> bool:
        if isinstance(A, sp.Transpose):
            return self.is_normal(A.args[0])
        if isinstance(A, Diag):
            return True
        return bool(self.properties.get(A, frozenset()) & {"symmetric", "normal"})

    def relational_hypotheses(self, fact: Fact, b: dict, depth: int) -> list[Proof] | None:
        if fact.kind != "lemma":
            return []
        proofs = []
        for bound, rel in hypothesis_relations(fact.name):
            fresh = {v: sp.Dummy(str(v).lstrip("?"), real=True) for v in bound}
            left, right = self._instance(rel.lhs, {**b, **fresh}), self._instance(rel.rhs, {**b, **fresh})
            if left is None or right is None:
                return None
            lhs, r, rhs = normalise(left, rel.rel, right)
            if r == "=":
                p = self.equal(lhs, rhs)
            else:
                p = self.le(lhs, rhs, STRICT[r], max(depth - 1, 0))
            if p is None:
                return None
            proofs.append(p)
        return proofs

    # ------------------------------------------------------------------ goals
    def prove(self, lhs: Any, rel: str, rhs: Any, prefer: tuple[str, ...] = (), exclude: frozenset[str] = frozenset()) -> Proof | None:
        """A proof of ``lhs rel rhs`` (rel in = <= < >= >), or None; ``self.attempt`` says why not.

        ``prefer`` names facts to try first (a link's citations); ``exclude`` names facts not to use.
        """
        self.budget.start()
        self.prefer = prefer
        if exclude != self.excluded:
            self.excluded = exclude
            self._memo.clear()
            self._canon.clear()
        self.attempt = Attempt()
        a, r, b = normalise(lhs, rel, rhs)
        if r == "=":
            return self.equal(a, b)
        return self.le(a, b, STRICT[r], depth=3)

    def equal(self, a: Any, b: Any) -> Proof | None:
        if a == b:
            return Proof("reflexivity", "reflexivity", a, "=", b)
        ca, ua = self.canon(a)
        cb, ub = self.canon(b)
        if ca == cb or _expanded(ca) == _expanded(cb):
            return Proof("arithmetic" if not (ua or ub) else "rewrite", "rewriting", a, "=", b, ua + ub)
        if not isinstance(ca, MatrixExpr) and not isinstance(cb, MatrixExpr):
            diff = self.simplified(cb - ca)
            if diff == 0:
                return Proof("arithmetic", "arithmetic", a, "=", b, ua + ub)
        self.attempt.blockers.append((a, "=", b))
        return None

    def simplified(self, e: Any) -> Any:
        """``e`` rewritten by sympy until its sign is known: cheap normal forms first (expand, cancel,
        powsimp), the full ``simplify`` only for small expressions.  Results are cached."""
        if e.is_number or _signed(e) or sp.count_ops(e) > 60:
            return e
        self.budget.tick()
        return _simplify(e)

    def le(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        key = (a, b, strict, depth)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # guards against cycles
        self.budget.tick()
        proof = self._le(a, b, strict, depth)
        self._memo[key] = proof
        return proof

    def _le(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        rel = "<" if strict else "<="
        if not strict and a == b:
            return Proof("reflexivity", "reflexivity", a, rel, b)
        ca, ua = self.canon(a)
        cb, ub = self.canon(b)
        if not strict and ca == cb:
            return Proof("rewrite", "rewriting", a, rel, b, ua + ub)
        if not strict and _expanded(ca) == _expanded(cb):
            return Proof("rewrite", "rewriting", a, rel, b, ua + ub)
        # exact arithmetic on the canonical forms (calculus first when the link cites it)
        if "sup_by_calculus" in self.prefer and self.calculus(ca, cb, strict):
            return Proof("lemma", "sup_by_calculus", a, rel, b, ua + ub)
        diff = self.simplified(cb - ca)
        if (diff.is_positive if strict else diff.is_nonnegative):
            return Proof("arithmetic", "arithmetic", a, rel, b, ua + ub)
        if self.calculus(ca, cb, strict):
            return Proof("lemma", "sup_by_calculus", a, rel, b, ua + ub)
        # a fact whose instance is the goal
        for fact in self.candidates(0, ca):
            if strict and fact.rel != "<":
                continue
            for binding in match(fact.lhs, ca, fact.kinds):
                p = self._use_fact(fact, binding, cb, depth)
                if p is not None:
                    return Proof(p.kind, p.rule, a, rel, b, p.children + ua + ub)
        # congruence, on the terms as written and on their canonical forms
        for x, y in ((flattened(a), flattened(b)), (ca, cb)):
            p = self.gcongr(x, y, strict, depth)
            if p is not None:
                return Proof(p.kind, p.rule, a, rel, b, p.children + (ua + ub if (x, y) == (ca, cb) else ()))
        # transitivity through one fact
        if depth > 0:
            p = self.transitive(ca, cb, strict, depth)
            if p is not None:
                return Proof("transitivity", "transitivity", a, rel, b, p.children + ua + ub)
        return None

    def _use_fact(self, fact: Fact, binding: dict, cb: Any, depth: int) -> Proof | None:
        kinds = fact.kinds
        missing = free_variables(fact.rhs, kinds) - set(binding)
        bindings = list(match(fact.rhs, cb, kinds, binding)) if missing else [binding]
        if missing and not bindings:
            bindings = self._solve_factor(fact, binding, missing, cb)
        for b in bindings:
            if not missing:
                raw = self._instance(fact.rhs, b)
                if raw is None or not _same(self.canon(raw)[0], cb):
                    continue
            if self.failed_predicate(fact.name, b) if fact.kind == "lemma" else False:
                continue
            hyps = self.relational_hypotheses(fact, b, depth)
            if hyps is None:
                continue
            return Proof(fact.kind, fact.name, instantiate(fact.lhs, b), fact.rel, instantiate(fact.rhs, b), tuple(hyps))
        return None

    def _solve_factor(self, fact: Fact, binding: dict, missing: set, cb: Any) -> list[dict]:
        """For a right side c·R with only the scalar c unbound: c = cb / R (c = 1 when cb is R itself)."""
        if len(missing) != 1 or not isinstance(fact.rhs, sp.Mul) or len(fact.rhs.args) != 2:
            return []
        (var,) = missing
        if var not in fact.rhs.args or fact.kinds.get(var) != "scalar":
            return []
        rest = fact.rhs.args[1] if fact.rhs.args[0] == var else fact.rhs.args[0]
        raw = self._instance(rest, binding)
        if raw is None:
            return []
        R, _ = self.canon(raw)
        if R == 0:
            return []
        ratio = sp.Integer(1) if _same(R, cb) else self.simplified(_expanded(cb) / _expanded(R))
        if ratio.has(sp.zoo, sp.nan) or any(isinstance(n, MatrixExpr) for n in sp.preorder_traversal(ratio)):
            return []
        return [{**binding, var: ratio}]

    def transitive(self, ca: Any, cb: Any, strict: bool, depth: int) -> Proof | None:
        left, right = set(map(id, self.candidates(0, ca))), set(map(id, self.candidates(1, cb)))
        for fact in self.ordered_facts():
            if id(fact) not in left and id(fact) not in right:
                continue
            kinds = fact.kinds
            # an upper bound of the left side: ca <= mid, then mid <= cb
            for b in (match(fact.lhs, ca, kinds) if fact.may_match(0, ca) else ()):
                if free_variables(fact.rhs, kinds) - set(b):
                    continue
                if (self.failed_predicate(fact.name, b) if fact.kind == "lemma" else ""):
                    continue
                raw = self._instance(fact.rhs, b)
                if raw is None:
                    continue
                mid, _ = self.canon(raw)
                if mid == ca:
                    continue
                rest = self.le(mid, cb, strict and fact.rel != "<", depth - 1)
                if rest is None:
                    continue
                hyps = self.relational_hypotheses(fact, b, depth)
                if hyps is None:
                    continue
                first = Proof(fact.kind, fact.name, instantiate(fact.lhs, b), fact.rel, instantiate(fact.rhs, b), tuple(hyps))
                return Proof("transitivity", "transitivity", ca, "<" if strict else "<=", cb, (first, rest))
            # a lower bound of the right side: mid <= cb, then ca <= mid
            for b in (match(fact.rhs, cb, kinds) if fact.may_match(1, cb) else ()):
                if free_variables(fact.lhs, kinds) - set(b):
                    continue
                if (self.failed_predicate(fact.name, b) if fact.kind == "lemma" else ""):
                    continue
                raw = self._instance(fact.lhs, b)
                if raw is None:
                    continue
                mid, _ = self.canon(raw)
                if mid == cb:
                    continue
                rest = self.le(ca, mid, strict and fact.rel != "<", depth - 1)
                if rest is None:
                    continue
                hyps = self.relational_hypotheses(fact, b, depth)
                if hyps is None:
                    continue
                last = Proof(fact.kind, fact.name, instantiate(fact.lhs, b), fact.rel, instantiate(fact.rhs, b), tuple(hyps))
                return Proof("transitivity", "transitivity", ca, "<" if strict else "<=", cb, (rest, last))
        return None

    # ------------------------------------------------------------------ calculus
    def calculus(self, ca: Any, cb: Any, strict: bool) -> bool | None:
        """a(z) ≤ b for a formula in one real variable z (b free of z): sympy's supremum of a over ℝ is ≤ b."""
        if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr) or not isinstance(ca, sp.Expr):
            return None
        free = ca.free_symbols
        if len(free) != 1 or cb.free_symbols & free or ca.atoms(sp.Function) == set() and not ca.has(sp.exp, sp.tanh):
            return None
        (z,) = free
        if not z.is_real or any(isinstance(n, (NonnegativeScalar, ScalarApply, sp.Product)) for n in sp.preorder_traversal(ca)):
            return None
        self.budget.tick()
        top = _supremum(ca, z)
        if top is None:
            return None
        gap = self.simplified(cb - top)
        return True if (gap.is_positive if strict else gap.is_nonnegative) else None

    # ------------------------------------------------------------------ positivity
    def nonneg(self, e: Any, strict: bool, depth: int) -> Proof | None:
        ce, uses = self.canon(e)
        if (ce.is_positive if strict else ce.is_nonnegative):
            return Proof("positivity", "positivity", sp.Integer(0), "<" if strict else "<=", e, uses)
        if depth <= 0:
            return None
        return self.le(sp.Integer(0), e, strict, depth - 1)

    # ------------------------------------------------------------------ congruence
    def gcongr(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
            return None
        if isinstance(a, sp.Mul) != isinstance(b, sp.Mul) and sp.Mul in (type(a), type(b)):
            # c·X against X: compare with the unit factor, X = 1·X
            a2 = a if isinstance(a, sp.Mul) else sp.Mul(sp.Integer(1), a, evaluate=False)
            b2 = b if isinstance(b, sp.Mul) else sp.Mul(sp.Integer(1), b, evaluate=False)
            if len(a2.args) == len(b2.args):
                return self._gcongr_mul(a2, b2, strict, depth)
            return None
        if type(a) is not type(b):
            return None
        if isinstance(a, sp.Mul):
            return self._gcongr_mul(a, b, strict, depth)
        if isinstance(a, (sp.Add, sp.Max)) and len(a.args) == len(b.args):
            name = "add_le_add" if isinstance(a, sp.Add) else "max_le_max"
            for order in permutations(b.args) if len(b.args) <= 3 else [b.args]:
                subs = self._pairwise(a.args, order, strict, depth, every=isinstance(a, sp.Max))
                if subs is not None:
                    return Proof("gcongr", name, a, "<" if strict else "<=", b, subs)
            return None
        if isinstance(a, sp.Pow):
            if self.canon(a.args[1])[0] != self.canon(b.args[1])[0]:
                return None
            sides = [self.nonneg(a.args[0], False, depth), self.nonneg(a.args[1], strict, depth)]
            base = self.le(a.args[0], b.args[0], strict, depth)
            return self._conclude("pow_le_pow_left", a, b, strict, [base, *sides], (a.args[0], b.args[0]))
        if isinstance(a, sp.Product):
            (i, lo, hi), (j, lo2, hi2) = a.args[1], b.args[1]
            if self.canon(lo)[0] != self.canon(lo2)[0] or self.canon(hi)[0] != self.canon(hi2)[0]:
                return None
            fresh = sp.Dummy(str(i), integer=True)
            fa, fb = a.args[0].xreplace({i: fresh}), b.args[0].xreplace({j: fresh})
            if strict:
                return None
            parts = [self.le(fa, fb, False, depth), self.nonneg(fa, False, depth), self.le(lo, hi + 1, False, depth)]
            return self._conclude("prod_le_prod", a, b, strict, parts, (fa, fb))
        return None

    def _conclude(self, name: str, a: Any, b: Any, strict: bool, parts: list, pair: tuple) -> Proof | None:
        if any(p is None for p in parts):
            if sum(p is None for p in parts) == 1 and parts[0] is None:
                self.attempt.blockers.append((pair[0], "<" if strict else "<=", pair[1]))
            return None
        return Proof("gcongr", name, a, "<" if strict else "<=", b, tuple(parts))

    def _pairwise(self, xs: tuple, ys: tuple, strict: bool, depth: int, every: bool = False) -> tuple[Proof, ...] | None:
        """x_i <= y_i for all i.  Strict: a sum needs one strict pair, a max needs every pair strict (``every``)."""
        for j in (range(len(xs)) if strict and not every else [None]):
            subs = [self.le(x, y, strict and (every or i == j), depth) for i, (x, y) in enumerate(zip(xs, ys))]
            if all(s is not None for s in subs):
                return tuple(subs)
        return None

    def _gcongr_mul(self, a: sp.Mul, b: sp.Mul, strict: bool, depth: int) -> Proof | None:
        """∏x ≤ ∏y from x_i ≤ y_i (factors paired in every way, the longer side grouped), all x_i ≥ 0;
        strict when one pair is strict and the other upper bounds are positive."""
        xs, ys = a.args, b.args
        if max(len(xs), len(ys)) > 5 or not all(self.nonneg(x, False, depth) for x in xs):
            return None
        for left, right in _pairings(xs, ys):
            for j in range(len(left)) if strict else [None]:
                subs = []
                failed = []
                for i, (x, y) in enumerate(zip(left, right)):
                    s = self.le(x, y, strict and i == j, depth)
                    if s is None:
                        failed.append((x, "<" if strict and i == j else "<=", y))
                    subs.append(s)
                if strict:
                    positives = [self.nonneg(y, True, depth) for i, y in enumerate(right) if i != j]
                    if any(p is None for p in positives):
                        continue
                    subs += positives
                if not failed:
                    signs = tuple(self.nonneg(x, False, depth) for x in xs)
                    return Proof("gcongr", "mul_le_mul", a, "<" if strict else "<=", b, tuple(subs) + signs)
                if len(failed) == 1:
                    self.attempt.blockers.append(failed[0])
        return None

    # ------------------------------------------------------------------ diagnosis
    def near_misses(self, a: Any, rel: str, b: Any) -> list[NearMiss]:
        """Lemmas that relate the two sides the other way round, and rewrites whose hypothesis failed."""
        ca, _ = self.canon(a)
        cb, _ = self.canon(b)
        out: list[NearMiss] = []
        for fact in self.lemma_facts:
            for binding in match(fact.lhs, cb, fact.kinds):
                candidates = match(fact.rhs, ca, fact.kinds, binding) if free_variables(fact.rhs, fact.kinds) - set(binding) else [binding]
                for full in candidates:
                    inst = self._instance(fact.rhs, full)
                    if inst is not None and self.canon(inst)[0] == ca:
                        out.append(NearMiss(fact.name, instantiate(fact.lhs, full), fact.rel, inst, "it runs the other way: it bounds the right side by the left, not the left by the right"))
        for side in (ca, cb):
            for node in sp.preorder_traversal(side):
                for fact in self.rewrite_facts:
                    for binding in match(fact.lhs, node, fact.kinds):
                        failed = self.failed_predicate(fact.name, binding)
                        if failed:
                            out.append(NearMiss(fact.name, instantiate(fact.lhs, binding), "=", instantiate(fact.rhs, binding), f"it would apply, but {failed}"))
        seen: set[tuple[str, str]] = set()
        unique = []
        for n in out:
            if (n.lemma, str(n.lhs), str(n.rhs)) not in seen:
                seen.add((n.lemma, str(n.lhs), str(n.rhs)))
                unique.append(n)
        return unique


def universal_indices(expr_symbols: set, used_premise_symbols: set, index_symbols: set) -> set:
    """The index symbols a proved chain may be instantiated at: those no premise it used constrains."""
    return (expr_symbols & index_symbols) - used_premise_symbols


__all__ = ["Proof", "Fact", "Prover", "Budget", "LimitReached", "NearMiss", "normalise", "MatProd"]
