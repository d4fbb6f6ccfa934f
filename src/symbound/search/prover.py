"""The prover: decides ``lhs REL rhs`` from lemma instances, premises, earlier chains and definitions.

Every successful search returns a ``Proof`` tree whose leaves are named facts (lemma instances,
premises, chains, definitions, the model's derived Jacobian) or exact arithmetic done by sympy.
The moves, each sound on its own:

* canonical forms: definitions unfolded, Jacobians replaced by what sympy derived, and the library's
  equalities (``use: rewrite``) applied left to right, each application recorded;
* exact arithmetic: sympy decides the sign of ``rhs - lhs`` from the symbols' assumptions;
* a fact: a premise, an earlier chain or a library inequality whose instance is the goal
  (its relational hypotheses are proved recursively, its predicates checked);
* congruence (Lean's ``gcongr``) and positivity, in symbound.search.congruence: the goal's two sides have
  the same shape (a product, sum, power, product over a range or max) and the parts are compared, with
  positivity side conditions;
* transitivity through one fact, to a bounded depth.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.rules import LEMMAS
from symbound.search.matching import free_variables, match, sized, windows
from symbound.trees import transform
from symbound.ops.objects import evaluated, flattened
from symbound.ops import Jacobian, SigmaMin
from symbound.kernel.proofs import Proof
from symbound.kernel.algebra import bilinear, collected, normal, same
from symbound.kernel.everyday import recurrence_step
from symbound.kernel.terms import activation_value, instance
from symbound.search.facts import Attempt, Budget, Fact, lemma_fact
from symbound.search import cases, linear, roots, signs, tactics
from symbound.search.combination import by_linear_combination
from symbound.search.equations import by_equations, by_transposes
from symbound.search.congruence import Congruence
from symbound.search.hypotheses import STRICT, Hypotheses, untransposed, normalise
from symbound.search.reached import reached
from symbound.search.unrolling import step_once, unroll



@lru_cache(maxsize=8192)
def _simplify(e: Any) -> Any:
    """sympy's simplify, with products over ranges kept opaque: sympy evaluates them with Karr's convention
    (∏_{i=a}^{b} for b < a - 1 is a reciprocal), not symbound's; prod_const evaluates them on ranges proved not reversed."""
    opaque, back = arith.opaque(e)
    try:
        for step in (sp.expand, sp.cancel, lambda x: sp.cancel(sp.together(x)), lambda x: sp.powsimp(sp.expand(x)), sp.factor_terms):
            candidate = step(opaque)
            if candidate == 0 or _signed(candidate):
                return candidate.xreplace(back)
        transcendental = [f for f in opaque.atoms(sp.Function) if not isinstance(f, (sp.Abs, sp.Max, sp.Min))]
        if not transcendental or sp.count_ops(opaque) > 25:
            return e  # polynomial and rational identities (nested fractions too: together) are decided by the steps above
        return sp.simplify(opaque).xreplace(back)
    except (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError):
        return e


def _signed(e: Any) -> bool:
    """Whether sympy's assumptions already know the sign of e (so rewriting it further is pointless)."""
    return e.is_nonnegative is not None or e.is_positive is not None


CALCULUS_COST = 10
REWRITES = tuple(l.name for l in LEMMAS if l.use == "rewrite")
BOUNDS = tuple(l.name for l in LEMMAS if l.use == "bound")


class Prover(Hypotheses, Congruence):
    """Proves goals about one derivation; facts grow as chains are proved."""

    def __init__(self, definitions: dict[Any, Any], properties: dict[Any, frozenset[str]], budget: Budget | None = None,
                 activations: dict[str, Any] | None = None) -> None:
        self.definitions = definitions
        self.properties = properties
        self.known = {name: act.function for name, act in (activations or {}).items() if act.function is not None}
        self.facts: list[Fact] = []
        self.assumed: dict[str, Any] = {}  # the file's own lemmas (symbound.read.userlemmas), by name
        self.rewrite_facts = [lemma_fact(n) for n in REWRITES]
        self.budget = budget or Budget()
        self.prefer: tuple[str, ...] = ()
        self.excluded: frozenset[str] = frozenset()
        self.required = ""
        self.recurrence: tuple | None = None  # (state x[k], index k, update): set by the checker, for unrolling
        self._linear: dict[tuple, Proof | None] = {}
        self._atoms: dict = {}  # opaque node → its dummy, shared by every linear certificate's columns
        self._fact_columns: dict[tuple, list] = {}
        self._products, self.pairs = False, True  # linarith is multiplying facts; it may multiply two (``prove``)
        self._goal: tuple = ()  # the two sides of the goal ``prove`` was asked for
        self._conditional = False
        self._ordered: list[Fact] = []
        self._ordered_key: tuple = ()
        self._by_head: dict[tuple, list[Fact]] = {}
        self._ground: tuple[dict, dict] = ({}, {})
        self._rank: dict[int, int] = {}
        self.attempt = Attempt()
        self._canon: dict[Any, tuple[Any, tuple[Proof, ...]]] = {}  # forms that depend on the facts
        self._canon_fixed: dict[Any, tuple[Any, tuple[Proof, ...]]] = {}  # forms that do not
        self._on_facts = False
        self._memo: dict[tuple, Proof | None] = {}
        self._calculus: dict[tuple, bool] = {}  # sympy's calculus verdicts during one goal's search
        self._sigma_min_bounded: set = set()  # the matrices (transposes stripped) whose σ_min a fact without variables mentions
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
        return Fact(fact.name, fact.kind, lhs, fact.rel, fact.rhs, fact.variables, fact.bound, fact.original)

    def add_fact(self, fact: Fact) -> None:
        self.budget.start()
        fact = self.canonical_fact(fact)
        rhs, _ = self.canon(fact.rhs)
        self.facts.append(Fact(fact.name, fact.kind, fact.lhs, fact.rel, rhs, fact.variables, fact.bound, fact.original))
        if not fact.variables:
            self._sigma_min_bounded |= {untransposed(n.args[0]) for side in (fact.lhs, rhs)
                                        for n in sp.preorder_traversal(side) if isinstance(n, SigmaMin)}
        self._memo.clear()
        self._canon.clear()  # conditional rewrites depend on the facts

    def add_rewrite(self, fact: Fact) -> None:
        """A rewrite used by canonical forms from now on (forms computed before it are forgotten)."""
        self.rewrite_facts.append(fact)
        self._memo.clear()
        self._canon.clear()
        self._canon_fixed.clear()

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
        if e in self._canon_fixed:
            return self._canon_fixed[e]
        if e in self._canon:
            self._on_facts = True
            return self._canon[e]
        outer, self._on_facts = self._on_facts, False
        uses: list[Proof] = []
        current = e
        try:
            for _ in range(40):
                self.budget.tick()
                new = self._unfold(current, uses)
                new = transform(evaluated(new), collected)  # matrix sums collected (symbound.kernel.algebra)
                new = transform(new, lambda n: self._rewrite_once(n, uses))
                if new == current:
                    break
                current = new
            on_facts = self._on_facts
        finally:
            self._on_facts = outer or self._on_facts
        result = (current, tuple(dict.fromkeys(uses)))
        # a form no conditional rewrite was considered for depends on the file alone, not on the facts
        (self._canon if on_facts else self._canon_fixed)[e] = result
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
            value = activation_value(node, self.known)
            if value is not None:
                uses.append(Proof("model", "activation", node, "=", value))
            return value

        return transform(e, step)

    def _rewrite_once(self, node: Any, uses: list[Proof]) -> Any:
        for fact in self.rewrite_facts:
            out = self._rewrite_with(fact, node, uses)
            if out is not None:
                return out
            for target, rebuilt in windows(node, fact.lhs) if isinstance(node, sp.MatMul) else ():
                out = self._rewrite_with(fact, target, uses)
                if out is not None:
                    return rebuilt(out)
        return None

    def _rewrite_with(self, fact: Fact, node: Any, uses: list[Proof]) -> Any:
        """``node`` rewritten by one instance of the fact (its use joins ``uses``), or None."""
        for b in match(fact.lhs, node, fact.kinds):
            b = sized(fact.rhs, node, b, fact.kinds)
            if self.failed_predicate(fact.name, b):
                continue
            hyps: tuple | None = ((), {})
            if self._hypotheses(fact) or self._derived(fact.name, b):
                self._on_facts = True  # whether it applies depends on the facts (and on self._conditional)
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
            proofs, fresh = hyps
            uses.append(Proof(fact.kind, fact.name, node, "=", out, proofs, tuple({**b, **fresh}.items())))
            return out
        return None

    _instance = staticmethod(instance)

    # ------------------------------------------------------------------ goals
    def prove(self, lhs: Any, rel: str, rhs: Any, prefer: tuple[str, ...] = (), exclude: frozenset[str] = frozenset(),
              require: str = "", pairs: bool = True) -> Proof | None:
        """A proof of ``lhs rel rhs`` (rel in = <= < >= >), or None; ``self.attempt`` says why not.

        ``prefer`` names facts to try first (a link's citations); ``exclude`` names facts not to use;
        ``require`` names a fact to try before any other move, at every sub-goal; ``pairs``: the goal's linear
        certificate may multiply two facts (nlinarith's products, the costliest move).
        """
        self.budget.start()
        self.prefer = prefer
        if exclude != self.excluded or require != self.required or pairs != self.pairs:
            self.excluded = exclude
            self.required = require
            self.pairs = pairs
            self._memo.clear()
            self._canon.clear()
        self.attempt = Attempt()
        self._calculus.clear()  # per goal, so that what a goal's search costs does not depend on the goals before it
        a, r, b = normalise(lhs, rel, rhs)
        self._goal = (a, b)
        unrolled = unroll(self, a, r, b)
        if unrolled is not None:
            return unrolled
        proof = self.equal(a, b) if r == "=" else self.le(a, b, STRICT[r], depth=3)
        return proof if proof is not None else step_once(self, a, r, b) or reached(self, a, r, b) or cases.by_cases(self, a, r, b)

    def equal(self, a: Any, b: Any) -> Proof | None:
        if a == b:
            return Proof("conv", "reflexivity", a, "=", b)
        if normal(a) == normal(b):  # one normal form as written (before the library's rewrites)
            return Proof("conv", "rewriting", a, "=", b)
        step = recurrence_step(self.recurrence, a)  # the model applied once: x[t] = F(x[t − 1])
        if step is not None:
            blockers = len(self.attempt.blockers)
            rest = self.equal(step, b)
            if rest is not None:
                return Proof("transitivity", "transitivity", a, "=", b, (Proof("model", "recurrence", a, "=", step), rest))
            del self.attempt.blockers[blockers:]  # the goal as written is what fails
        ca, ua = self.canon(a)
        cb, ub = self.canon(b)
        if ca == cb or normal(ca) == normal(cb):
            return Proof("conv", "rewriting", a, "=", b, rewrites=ua + ub)
        if not isinstance(ca, MatrixExpr) and not isinstance(cb, MatrixExpr):
            self.budget.tick()
            if arith.decide(cb - ca, "zero") or arith.decide(bilinear(cb - ca), "zero"):
                return Proof("arithmetic", "arithmetic", a, "=", b, rewrites=ua + ub)
        stated = by_equations(self, a, b, ca, cb, ua + ub) or by_linear_combination(self, a, b, ca, cb, ua + ub) \
            or by_transposes(self, a, b, ca, cb, ua + ub) \
            or signs.by_signs(self, a, b, ca, cb, ua + ub) or signs.through_power(self, a, b, ca, cb)
        if stated is not None:
            return stated
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
        """A proof of ``a < b`` (strict) or ``a <= b`` about exactly these two terms, or None."""
        key = (a, b, strict, depth)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # guards against cycles
        self.budget.tick()
        proof = self._le(a, b, strict, depth)
        self._memo[key] = proof
        return proof

    def _conv(self, a: Any, rel: str, b: Any, inner: Proof, rewrites: tuple[Proof, ...] = ()) -> Proof:
        """``a rel b`` from a proof about other forms of the two terms, with the rewrites that identify them."""
        if inner.lhs == a and inner.rhs == b and inner.rel == rel:
            return inner
        extra = self.canon(inner.lhs)[1] + self.canon(inner.rhs)[1]
        return Proof("conv", "rewriting", a, rel, b, (inner,), rewrites=tuple(dict.fromkeys(rewrites + extra)))

    def _le(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        rel = "<" if strict else "<="
        if not strict and a == b:
            return Proof("conv", "reflexivity", a, rel, b)
        ca, ua = self.canon(a)
        cb, ub = self.canon(b)
        uses = tuple(dict.fromkeys(ua + ub))
        if self.required:  # a cited fact is tried before anything else, to see whether it can take part
            p = self._by_fact(a, b, ca, cb, strict, depth, uses, only=self.required)
            if p is not None:
                return p
        if not strict and (ca == cb or normal(ca) == normal(cb)):
            return Proof("conv", "rewriting", a, rel, b, rewrites=uses)
        # exact arithmetic on the canonical forms (calculus first when the link cites it)
        if "sup_by_calculus" in self.prefer and self.calculus(ca, cb, strict):
            return Proof("calculus", "sup_by_calculus", a, rel, b, rewrites=uses)
        if not isinstance(ca, MatrixExpr) and not isinstance(cb, MatrixExpr):
            self.budget.tick()
            if arith.decide(cb - ca, "positive" if strict else "nonnegative"):
                return Proof("arithmetic", "arithmetic", a, rel, b, rewrites=uses)
            p = tactics.arithmetic_as_written(self, a, b, ca, cb, rel, uses)
            if p is not None:
                return p
        if self.calculus(ca, cb, strict):
            return Proof("calculus", "sup_by_calculus", a, rel, b, rewrites=uses)
        # a fact whose instance is the goal
        p = self._by_fact(a, b, ca, cb, strict, depth, uses)
        if p is not None:
            return p
        written = evaluated(self.unfold(a))  # a premise must never hurt: a bound about the term before a
        if written != ca:  # conditional rewrite (that the premise enabled) changed its form
            p = self._by_fact(a, b, written, cb, strict, depth, uses)
            if p is not None:
                return p
        # a factor the sides share as powers taken out first (σκ·x ≤ σ²κ²·y as σκ·(x ≤ σκ·y)): pairing the
        # factors instead would search every way of matching σ against σ²
        if tactics.power_shared(ca, cb):
            p = tactics.common_factor(self, a, b, ca, cb, strict, depth, uses)
            if p is not None:
                return p
        # congruence, on the terms as written and on their canonical forms
        for x, y in ((flattened(a), flattened(b)), (ca, cb)):
            p = self.gcongr(x, y, strict, depth)
            if p is not None:
                return self._conv(a, rel, b, p, uses if (x, y) == (ca, cb) else tactics.regrouped(a, b))
        # a product against a power of its length: ∏_{i=a}^{b} f(i) ≤ c^(b−a+1) through ∏_{i=a}^{b} c
        blockers = len(self.attempt.blockers)
        p = self._product_against_power(ca, cb, strict, depth)
        if p is not None:
            return self._conv(a, rel, b, p, uses)
        del self.attempt.blockers[blockers:]  # a failed attempt of this shape is no diagnosis of the goal
        # positivity by the term's structure (powers, products)
        if a == 0 and (isinstance(evaluated(b), (sp.Mul, sp.Pow, sp.Sum)) or isinstance(cb, (sp.Mul, sp.Pow))) and not isinstance(b, MatrixExpr):
            blockers = len(self.attempt.blockers)
            p = self.nonneg(b, strict, max(depth - 1, 0)) or roots.sign_by_parts(self, b, strict, depth)
            if p is not None:
                return p
            del self.attempt.blockers[blockers:]  # the goal as written is what fails
        # transitivity through one fact
        if depth > 0:
            p = self.transitive(ca, cb, strict, depth)
            if p is not None:
                return self._conv(a, rel, b, p, uses)
        # exact arithmetic with the signs the facts give the goal's subterms; the file's equalities as rewrites
        p = tactics.by_signs(self, a, b, ca, cb, strict, depth, uses) or tactics.by_substitution(self, a, b, ca, cb, strict, depth, uses) \
            or tactics.common_factor(self, a, b, ca, cb, strict, depth, uses) or roots.by_squaring(self, a, b, ca, cb, strict, depth, uses)
        if p is not None:
            return p
        # a linear combination of the premises and chains (a Farkas certificate)
        if depth >= 2 and not strict and (a, b) == self._goal:
            p = tactics.scaled_fact(self, a, b, ca, cb, uses)
            if p is not None:
                return p
        if depth >= 2:
            products = (a, b) == self._goal and not self.required  # facts multiplied only for the link's own goal
            key = (ca, cb, strict, len(self.facts), self.excluded, self.required, products, self.pairs)
            if key not in self._linear:
                self._linear[key] = linear.linarith(self, a, b, ca, cb, strict, uses, products=products, pairs=self.pairs)
            p = self._linear[key]
            return p if p is not None and (p.lhs, p.rhs) == (a, b) else (self._conv(a, rel, b, p, uses) if p is not None else None)
        return None

    def _by_fact(self, a: Any, b: Any, ca: Any, cb: Any, strict: bool, depth: int, uses: tuple, only: str = "") -> Proof | None:
        """The goal as an instance of one fact (``only``: of the fact with that name)."""
        rel = "<" if strict else "<="
        for fact in self.candidates(0, ca):
            if (strict and fact.rel != "<") or (only and fact.name != only):
                continue
            for binding in match(fact.lhs, ca, fact.kinds):
                p = self._use_fact(fact, binding, cb, depth)
                if p is not None:
                    return self._conv(a, rel, b, p, uses)
        return None

    def _fact_node(self, fact: Fact, b: dict, hyps: tuple[tuple[Proof, ...], dict]) -> Proof | None:
        """The instance of a fact's statement as written, under a binding (with the fresh variables of
        its quantified hypotheses)."""
        proofs, fresh = hyps
        full = {**b, **fresh}
        lhs, rhs = (self._instance(side, full) for side in fact.original)
        if lhs is None or rhs is None:
            return None
        keep = {v for v, _ in fact.variables} | set(fresh)
        return Proof(fact.kind, fact.name, lhs, fact.rel, rhs, proofs, tuple((k, v) for k, v in full.items() if k in keep))

    def _use_fact(self, fact: Fact, binding: dict, cb: Any, depth: int) -> Proof | None:
        kinds = fact.kinds
        missing = free_variables(fact.rhs, kinds) - set(binding)
        bindings = list(match(fact.rhs, cb, kinds, binding)) if missing else [binding]
        if missing and not bindings:
            bindings = self._solve_factor(fact, binding, missing, cb)
        for b in bindings:
            if not missing:
                raw = self._instance(fact.rhs, b)
                if raw is None or not same(self.canon(raw)[0], cb):
                    continue
            if self.failed_predicate(fact.name, b) if fact.kind in ("lemma", "assumed") else False:
                continue
            hyps = self.relational_hypotheses(fact, b, depth)
            if hyps is None:
                continue
            node = self._fact_node(fact, b, hyps)
            if node is not None:
                return node
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
        ratio = sp.Integer(1) if same(R, cb) else self.simplified(normal(cb) / normal(R))
        if ratio.has(sp.zoo, sp.nan) or any(isinstance(n, MatrixExpr) for n in sp.preorder_traversal(ratio)):
            return []
        return [{**binding, var: ratio}]

    def transitive(self, ca: Any, cb: Any, strict: bool, depth: int) -> Proof | None:
        left, right = set(map(id, self.candidates(0, ca))), set(map(id, self.candidates(1, cb)))
        rel = "<" if strict else "<="
        for fact in self.ordered_facts():
            if id(fact) not in left and id(fact) not in right:
                continue
            kinds = fact.kinds
            # an upper bound of the left side: ca <= mid, then mid <= cb
            for b in (match(fact.lhs, ca, kinds) if fact.may_match(0, ca) else ()):
                step = self._through(fact, b, ca, fact.rhs, depth)
                if step is None:
                    continue
                node, mid = step
                if mid == ca:
                    continue
                rest = self.le(mid, cb, strict and fact.rel != "<", depth - 1)
                if rest is None:
                    continue
                first = self._conv(ca, fact.rel, mid, node)
                return Proof("transitivity", "transitivity", ca, rel, cb, (first, rest))
            # a lower bound of the right side: mid <= cb, then ca <= mid
            for b in (match(fact.rhs, cb, kinds) if fact.may_match(1, cb) else ()):
                step = self._through(fact, b, cb, fact.lhs, depth)
                if step is None:
                    continue
                node, mid = step
                if mid == cb:
                    continue
                rest = self.le(ca, mid, strict and fact.rel != "<", depth - 1)
                if rest is None:
                    continue
                last = self._conv(mid, fact.rel, cb, node)
                return Proof("transitivity", "transitivity", ca, rel, cb, (rest, last))
        return None

    def _through(self, fact: Fact, b: dict, end: Any, other: Any, depth: int) -> tuple[Proof, Any] | None:
        """For a fact matched at one end: its instance and the canonical form of its other side."""
        if free_variables(other, fact.kinds) - set(b):
            return None
        if self.failed_predicate(fact.name, b) if fact.kind in ("lemma", "assumed") else "":
            return None
        raw = self._instance(other, b)
        if raw is None:
            return None
        mid, _ = self.canon(raw)
        hyps = self.relational_hypotheses(fact, b, depth)
        if hyps is None:
            return None
        node = self._fact_node(fact, b, hyps)
        return None if node is None else (node, mid)

    # ------------------------------------------------------------------ calculus
    def calculus(self, ca: Any, cb: Any, strict: bool) -> bool:
        """a ≤ b by sympy's supremum over ℝ of a formula in one real variable (symbound.kernel.arith.calculus_bound)."""
        if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr) or not isinstance(ca, sp.Expr) or not isinstance(cb, sp.Expr):
            return False
        if arith.calculus_form(ca, cb) is None:  # no formula sympy's calculus would bound: nothing to pay for
            return False
        key = (ca, cb, strict)
        if key not in self._calculus:  # asked again (a subgoal many branches reach): answered, not paid again
            for _ in range(CALCULUS_COST):  # sympy's calculus is costly: it counts as several steps
                self.budget.tick()
            self._calculus[key] = arith.calculus_bound(ca, cb, strict)
        return self._calculus[key]


__all__ = ["Fact", "Prover", "Budget", "normalise"]
