"""The kernel: the only code that makes a Theorem (symbound.kernel.theorem), and so the only way to PROVED.

The prover is untrusted search; it returns a proof term (symbound.kernel.proofs.Proof) and the kernel checks
it node by node against a closed set of rules (the tables RULES, GCONGR and LIMITS at the end of this
module: any other kind is rejected), re-instantiating every named statement (premise, chain, library lemma)
from the node's binding and comparing terms as they are — matrix products in order.  A node passes only
when its own rule holds and all its children and rewrites pass.  ``prove_goal`` and ``prove_limit`` return a
Theorem listing what it rests on and what it trusted; ``admit_chain`` composes a chain's statement from its
links' theorems.  The checks:

* equalities used to identify terms (``rewrites``) are themselves checked proofs; terms are compared
  after replacing their left sides by their right sides, sympy's evaluation and the normal form of
  symbound.kernel.algebra (matrix polynomials, products in order; a conditional rewrite is never applied
  under a binder of its variables);
* ``arithmetic`` and ``calculus`` are decided by symbound.kernel.arith (sympy, exact); an ``=`` also with
  inner products expanded (symbound.kernel.algebra.bilinear) and the rewrites applied again;
* a lemma instance needs its named predicates to hold and a checked proof of each relational
  hypothesis; a universally quantified hypothesis is proved for a fresh variable;
* a chain fact is admitted only after every link of the chain passed, quantified over the indices no
  premise it rests on constrains (computed after unfolding definitions);
* every partial subterm (a division, a power, a root) needs proofs of its side conditions (symbound.kernel.domains);
* a limit needs its base and constant free of the growing quantity, a growing quantity that is not a
  constant, and premises that do not bound the growing quantity.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterator

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith, cases, domains, everyday, gcongr, limits, linarith, maxima, recurrence, signs, sums, vanishing
from symbound.kernel.algebra import bilinear, normal, pushed
from symbound.kernel.proofs import Proof, implies
from symbound.kernel.terms import activation_value, fits, free, instance, lemma_mismatch
from symbound.kernel.theorem import _SEAL, Hypothesis, Rejected, Theorem, genuine
from symbound.ops import BINDERS, Jacobian, SeqElem
from symbound.ops.objects import evaluated
from symbound.ops.written import written
from symbound.read.lemmas import compiled, hypothesis_relations, variable_kind
from symbound.rules import BY_NAME
from symbound.read.syntax import normalised
from symbound.rules import is_tagged, predicates, properties as property_rules

STRICT = {"<": True, "<=": False}


@dataclass(frozen=True)
class Statement:
    """A named fact ``lhs rel rhs`` (rel is =, <= or <), universally quantified over ``variables``."""

    lhs: Any
    rel: str
    rhs: Any
    variables: tuple[tuple[Any, str], ...] = ()



class Kernel:
    """Checks proof terms about one derivation: its definitions, assumptions, activations and premises."""

    def __init__(self, definitions: dict, properties: dict, known: dict[str, str],
                 premises: dict[str, list[Statement]], index_symbols: set, model: Any = None) -> None:
        # what the derivation gives, fixed when the kernel is made: read-only views (a caller cannot add a premise)
        self.definitions = MappingProxyType(dict(definitions))
        self.properties = MappingProxyType(dict(properties))
        self.known = MappingProxyType(dict(known))
        self.premises = MappingProxyType({p: tuple(s) for p, s in premises.items()})
        self.index_symbols = frozenset(index_symbols)
        self.recurrence = model  # everyday.Model: the state x[k], its index k, the update F, the initial index
        self.chains: dict[str, Theorem] = {}  # admitted by admit_chain only
        self._passed: set = set()
        self.cases: list[tuple[Any, Any]] = []  # the assumptions lo ≤ hi of the case branches being checked (symbound.kernel.cases)
        self._assumptions: dict[str, tuple[Any, str]] = {}  # the file's own lemmas it may use: name -> (lemma, why), by assume only

    @classmethod
    def for_derivation(cls, d: Any) -> "Kernel":
        """The kernel of a derivation: its definitions, declared properties, concrete activations and premises
        (each relation turned to ≤, < or =; an equality in both directions; `for_all` variables quantified)."""
        from symbound.read.syntax import Activation

        premises: dict[str, list[Statement]] = {}
        for premise in d.premises:
            for a, r, b in premise.facts():
                premises.setdefault(premise.id, []).append(Statement(a, r, b, premise.variables))
        known = {n: a.function for n, a in d.scope.names.items() if isinstance(a, Activation) and a.function is not None}
        return cls({df.symbol: df.value for df in d.definitions},
                   property_rules.table(d.symbols.values()),
                   known, premises, {decl.obj for decl in d.symbols.values() if decl.kind == "index"},
                   everyday.Model(d.model.state, d.model.index, d.model.update, everyday.stated_initial(d))
                   if d.model is not None else None)

    # ------------------------------------------------------------------ public: assumptions, theorems
    def assume(self, lemma: Any, reason: str) -> None:
        """Let the rule ``assumed`` use one of the file's own lemmas (symbound.read.userlemmas), recording why it is
        trusted (the counterexample search it survived, a certificate naming it): assumed, never proved."""
        if not reason.strip():
            raise ValueError(f"assuming the lemma {lemma.name} needs a reason")
        self._assumptions[lemma.name] = (lemma, reason)

    @property
    def assumed(self) -> MappingProxyType:
        """The file's lemmas this kernel assumes, each with the reason it was given (read-only)."""
        return MappingProxyType({name: reason for name, (_, reason) in self._assumptions.items()})

    def prove_goal(self, lhs: Any, rel: str, rhs: Any, proof: Proof, side_proofs: tuple[Proof, ...] = ()) -> Theorem:
        """The theorem ``lhs rel rhs`` when ``proof`` proves it and every denominator in it is proved nonzero by
        one of ``side_proofs``; raises Rejected otherwise."""
        a, r, b = normalised(lhs, rel, rhs)
        with _malformed_rejected():
            if r not in ("=", "<=", "<") or not (proof.lhs == a and proof.rhs == b and implies(proof.rel, r)):
                raise Rejected("the proof is about another statement")
            self.check(proof)
            sides = self._side_conditions((a, b), side_proofs)
        return self._issue(a, r, b, proof, sides)

    def prove_limit(self, expr: Any, grows: Any, proof: Proof, side_proofs: tuple[Proof, ...] = ()) -> Theorem:
        """The theorem ``expr -> 0 as grows -> oo`` when ``proof`` (kind ``limit``) shows it and every denominator of
        ``expr`` is proved nonzero; raises Rejected otherwise."""
        with _malformed_rejected():
            if proof.kind != "limit" or proof.lhs != expr or proof.rhs != grows:
                raise Rejected("the proof is about another limit")
            growing = self.free_unfolded(grows)
            if not growing:
                raise Rejected(f"{written(grows)} is a constant: it cannot grow")
            for r in (*proof.rewrites, *proof.children):
                self.check(r)
            rule = LIMITS.get(proof.rule) if type(proof.rule) is str and is_tagged(proof.rule, "limit") else None
            if rule is None:
                raise Rejected(f"unknown limit rule {proof.rule}")
            rule(self, proof, expr, grows, growing, self._equations(proof.rewrites))
            hypotheses, _ = self._rests_on([proof])
            limits.not_pinned(self, {h.name for h in hypotheses if h.kind == "premise"}, grows, growing)
            sides = self._side_conditions((expr,), side_proofs)
        return self._issue(expr, "->0", grows, proof, sides)

    def admit_chain(self, cid: str, links: list[Theorem]) -> Theorem:
        """The theorem of a chain, by transitivity from its links' theorems (made by this kernel, in order, each
        one's statement meeting the next), quantified over the indices no premise it rests on pins; a scalar
        chain then becomes a fact that later proofs may name (kind ``chain``)."""
        if not links or any(not genuine(t) or t.issuer is not self or t.rel not in ("=", "<=", "<") for t in links):
            raise Rejected(f"chain {cid}: every link needs a theorem of this kernel")
        start, end, direction, strict = _composed(links)
        a, r, b = (end, "<" if strict else "<=", start) if direction == "down" else (start, "=" if direction is None else "<" if strict else "<=", end)
        hypotheses = frozenset().union(*(t.hypotheses for t in links))
        trusts = frozenset().union(*(t.trusts for t in links))
        premises = {h.name for h in hypotheses if h.kind == "premise"}
        theorem = Theorem(_SEAL, a, r, b, self.quantified(a, b, premises), hypotheses, trusts, None, (), self)
        if not isinstance(a, MatrixExpr):
            self.chains[cid] = theorem
        return theorem

    def admit_runs(self, cid: str, links: list[Theorem | None], taken: set[str]) -> dict[str, Theorem]:
        """For a chain some of whose links have no theorem: each maximal run of consecutive links that have one,
        admitted as a chain of its own named ``cid.i-j`` (a name not in ``taken``): what the chain shows up to a
        wrong link still stands."""
        runs: list[list[tuple[int, Theorem]]] = [[]]
        for index, theorem in enumerate(links, start=1):
            if theorem is None:
                runs.append([])
            else:
                runs[-1].append((index, theorem))
        out: dict[str, Theorem] = {}
        for run in (r for r in runs if r and len(r) < len(links)):
            rid = f"{cid}.{run[0][0]}" + (f"-{run[-1][0]}" if len(run) > 1 else "")
            while rid in taken:
                rid += "'"
            try:
                out[rid] = self.admit_chain(rid, [t for _, t in run])
            except Rejected:
                continue
        return out

    def quantified(self, a: Any, b: Any, premises: set[str]) -> tuple[tuple[Any, str], ...]:
        """The index symbols of ``a`` and ``b`` no premise among ``premises`` pins (after unfolding
        definitions): a chain resting on those premises holds for all their integer values."""
        pinned: set = set()
        for p in premises:
            for s in self.premises.get(p, []):
                pinned |= (self.free_unfolded(s.lhs) | self.free_unfolded(s.rhs)) - {v for v, _ in s.variables}
        return tuple((v, "integer") for v in sorted((free(a) | free(b)) & self.index_symbols - pinned, key=str))

    def check(self, node: Proof) -> None:
        """Accept the node, by the rule of its kind in the closed table RULES, or raise Rejected."""
        if node in self._passed:
            return
        for r in node.rewrites:
            if r.rel != "=":
                raise Rejected(f"{node.rule}: a rewrite that is not an equality")
            self.check(r)
        rule = RULES.get(node.kind) if type(node.kind) is str else None
        if rule is None:
            raise Rejected(f"unknown kind of step '{node.kind}'")
        if node.rel not in ("=", "<=", "<") or type(node.rule) is not str:
            raise Rejected(f"{node.rule}: unknown relation {node.rel}")
        rule(self, node)
        self._passed.add(node)

    # ------------------------------------------------------------------ what a theorem rests on
    def _issue(self, a: Any, r: str, b: Any, proof: Proof, sides: list[tuple[str, Proof]]) -> Theorem:
        """The theorem of a checked proof; ``sides``: each side condition with the checked proof that meets it."""
        hypotheses, trusts = self._rests_on([proof, *(p for _, p in sides)])
        nonzero = {Hypothesis("side condition", condition) for condition, _ in sides}
        return Theorem(_SEAL, a, r, b, (), hypotheses | nonzero, trusts, proof, tuple(p for _, p in sides), self)

    def _rests_on(self, proofs: list[Proof]) -> tuple[frozenset[Hypothesis], frozenset[str]]:
        """The hypotheses and trusted procedures of checked proofs (through the chains they name)."""
        hypotheses: set[Hypothesis] = set()
        trusts: set[str] = set()
        for proof in proofs:
            for node in proof.walk():
                kind = HYPOTHESIS_KIND.get(node.kind)
                if kind is not None:
                    hypotheses.add(Hypothesis(kind, node.rule))
                if node.kind in TRUSTS:
                    trusts.add(TRUSTS[node.kind])
                if node.kind == "assumed":
                    trusts.add(f"assumed: the file's lemma {node.rule}")
                if node.kind == "chain":
                    hypotheses |= self.chains[node.rule].hypotheses
                    trusts |= self.chains[node.rule].trusts
        return frozenset(hypotheses), frozenset(trusts)

    # ------------------------------------------------------------------ terms
    def unfolded(self, e: Any) -> Any:
        """The term with every definition unfolded, through definitions that use definitions."""
        for _ in range(50):
            new = e.xreplace(self.definitions) if isinstance(e, sp.Basic) else e
            if new == e:
                break
            e = new
        return e

    def free_unfolded(self, e: Any) -> set:
        """The free symbols of ``e`` once the definitions are unfolded (and of the matrices Jacobians derive)."""
        e = self.unfolded(e)
        out = free(e)
        for node in sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ():
            if isinstance(node, Jacobian):
                out |= free(node.derived)
        return out

    @staticmethod
    def _equations(rewrites: tuple[Proof, ...]) -> dict:
        """Left side → (right side, whether the equality rests on relational hypotheses); the left side evaluated
        as `_normal` evaluates the term it rewrites (σ(0·x) is met as σ(0))."""
        return {evaluated(r.lhs): (r.rhs, bool(r.children)) for r in rewrites}

    def _normal(self, e: Any, eqs: dict) -> Any:
        e = evaluated(e)
        products = tuple((l, v) for l, v in eqs.items() if isinstance(l, sp.MatMul) and all(isinstance(a, MatrixExpr) for a in l.args))
        for _ in range(60):
            new = evaluated(_replace(e, eqs, frozenset(), products)) if eqs else e
            if new == e:
                return e
            e = new
        raise Rejected("the rewrites do not terminate")

    def same(self, x: Any, y: Any, eqs: dict) -> bool:
        """Whether two terms are equal once the equations ``eqs`` are applied (and products distributed)."""
        if x == y:
            return True
        nx, ny = self._normal(x, eqs), self._normal(y, eqs)
        if nx == ny or normal(nx) == normal(ny):
            return True
        if not eqs or not isinstance(nx, MatrixExpr) or not (nx.has(sp.Transpose) or ny.has(sp.Transpose)):
            return False  # then with the transposes pushed to the atoms, where the rewrites meet them ((I − A)ᵀ as I − Aᵀ)
        return normal(self._normal(pushed(nx), eqs)) == normal(self._normal(pushed(ny), eqs))

    # ------------------------------------------------------------------ rules
    def _conv(self, node: Proof) -> None:
        eqs = self._equations(node.rewrites)
        if not node.children:
            if node.rel == "<":
                raise Rejected("a strict inequality between equal terms")
            if not self.same(node.lhs, node.rhs, eqs):
                raise Rejected("the two sides are not equal by the rewrites")
            return
        (child,) = node.children
        self.check(child)
        if not implies(child.rel, node.rel):
            raise Rejected(f"{child.rel} does not give {node.rel}")
        if self.same(node.lhs, child.lhs, eqs) and self.same(node.rhs, child.rhs, eqs):
            return
        if not (node.rel == child.rel == "=" and self.same(node.lhs, child.rhs, eqs) and self.same(node.rhs, child.lhs, eqs)):
            raise Rejected(f"{child.rule}: its statement is not the step's, even after rewriting")  # (= is symmetric)

    def _arithmetic(self, node: Proof) -> None:
        eqs = self._equations(node.rewrites)
        a, b = self._normal(node.lhs, eqs), self._normal(node.rhs, eqs)
        if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
            raise Rejected("arithmetic on matrices")
        want = {"=": "zero", "<": "positive", "<=": "nonnegative"}[node.rel]
        if arith.decide(b - a, want):
            return
        if node.rel == "=":  # inner products expanded, then the rewrites again on the expanded terms
            expanded = {bilinear(l): (bilinear(r), c) for l, (r, c) in eqs.items() if not isinstance(l, MatrixExpr)}
            if arith.decide(self._normal(bilinear(b - a), expanded), "zero"):
                return
        raise Rejected(f"arithmetic does not show {_stated(node)}")

    def _calculus(self, node: Proof) -> None:
        if not is_tagged(node.rule, "calculus"):
            raise Rejected(f"{node.rule} is not a calculus rule of the library")
        eqs = self._equations(node.rewrites)
        a, b = self._normal(node.lhs, eqs), self._normal(node.rhs, eqs)
        if node.rel == "=" or not arith.calculus_bound(a, b, STRICT[node.rel]):
            raise Rejected("the supremum computed by sympy does not give the bound")

    def _definition(self, node: Proof) -> None:
        if node.rel != "=" or node.lhs not in self.definitions or self.definitions[node.lhs] != node.rhs:
            raise Rejected(f"{written(node.lhs)} is not defined as {written(node.rhs)}")

    def _model(self, node: Proof) -> None:
        if node.rel != "=":
            raise Rejected("a model fact is an equality")
        if node.rule == "jacobian" and isinstance(node.lhs, Jacobian) and node.rhs == node.lhs.derived:
            return
        if node.rule == "activation" and node.rhs is not None and activation_value(node.lhs, self.known) == node.rhs:
            return
        if node.rule == "recurrence" and node.rhs is not None and everyday.recurrence_step(self.recurrence, node.lhs) == node.rhs:
            return
        raise Rejected(f"{written(node.lhs)} = {written(node.rhs)} is not a fact of the model")

    def _induction(self, node: Proof) -> None:
        """x[e] = C for e ≥ s, by induction over the model: the first child proves s ≤ e, an optional second
        one x[s]'s value (x[s] = v, or ‖x[s]‖ = 0); the base case and the step are checked by
        symbound.kernel.recurrence (exact matrix-expression equality, products in order)."""
        if self.recurrence is None or not is_tagged(node.rule, "induction") or node.rel != "=":
            raise Rejected("induction needs the model's recurrence and an equality")
        state, k, update, first = self.recurrence
        x, closed = node.lhs, node.rhs
        start, t = node.bound.get("start"), node.bound.get("index")
        if not (isinstance(x, SeqElem) and x.name == state.name and x.shape == state.shape):
            raise Rejected(f"induction: {written(x)} is not an element of the state {state.name}")
        if (t not in self.index_symbols or not isinstance(start, sp.Expr) or isinstance(start, MatrixExpr)
                or start.is_integer is not True or t not in free(x.index)):
            raise Rejected("induction: the index or the base index is missing")
        if first is not None and not (start.is_Integer and start >= first):  # the model holds after x[first] only
            raise Rejected(f"induction: {state.name}[{first}] is an initial value, {written(start)} is not shown after it")
        if len(node.children) not in (1, 2) or not self.shows(node.children[0], start, "<=", x.index):
            raise Rejected(f"induction: {written(start)} <= {written(x.index)} is not shown")
        initial = None
        if len(node.children) == 2:
            base = node.children[1]
            initial = recurrence.initial_value(state, start, base.lhs, base.rel, base.rhs)
            if initial is None:
                raise Rejected(f"induction: {_stated(base)} does not give the value of {state.name}[{written(start)}]")
        for child in node.children:
            self.check(child)
        why = recurrence.obligations(state, k, update, x, closed, t, start, initial)
        if why:
            raise Rejected(f"induction: {why}")

    def _premise(self, node: Proof) -> None:
        self._instance(node, self.premises.get(node.rule, []))

    def _chain(self, node: Proof) -> None:
        t = self.chains.get(node.rule)
        if not genuine(t) or t.issuer is not self:
            raise Rejected(f"chain {node.rule} is not proved")
        both = [Statement(t.lhs, t.rel, t.rhs, t.variables)] + ([Statement(t.rhs, t.rel, t.lhs, t.variables)] if t.rel == "=" else [])
        self._instance(node, both)

    def _lemma(self, node: Proof) -> None:
        lemma = BY_NAME.get(node.rule)
        if lemma is None or lemma.use not in ("rewrite", "bound"):
            raise Rejected(f"{node.rule} is not a library lemma usable as a fact")
        rel = compiled(node.rule).relation
        pattern = compiled(node.rule).variables
        occurring = {n for side in (rel.lhs, rel.rhs) for n in sp.preorder_traversal(side) if n in pattern}
        variables = tuple((v, variable_kind(v)) for v in occurring)
        statement = Statement(rel.lhs, "=" if rel.rel in ("=", "==") else rel.rel, rel.rhs, variables)
        binding = node.bound
        hyps = hypothesis_relations(node.rule)
        fresh = {v for bound, _ in hyps for v in bound}
        self._instance(node, [statement], extra=fresh)
        why = predicates.failed(lemma.hypotheses, binding, self.properties, self.known, missing_ok=False, derive=True)
        if why:
            raise Rejected(f"{node.rule}: {why}")
        derived = predicates.obligations(lemma.hypotheses, binding, self.properties, self.known)
        if len(node.children) != len(hyps) + len(derived):
            raise Rejected(f"{node.rule}: {len(hyps) + len(derived)} hypotheses, {len(node.children)} proofs")
        for (lhs, rel, rhs), proof in zip(derived, node.children[len(hyps):]):
            self.check(proof)
            if not self.shows(proof, lhs, rel, rhs):
                raise Rejected(f"{node.rule}: {lhs} {rel} {rhs} (an undeclared property derived) is not shown")
        others = free(node.lhs) | free(node.rhs) | set().union(*(free(v) for k, v in binding.items() if k not in fresh))
        for (bound, hyp), proof in zip(hyps, node.children):
            for v in bound:
                d = binding.get(v)
                if not isinstance(d, sp.Dummy) or d in others or not d.is_real:
                    raise Rejected(f"{node.rule}: a quantified hypothesis needs a fresh variable")
            self._hypothesis(node.rule, hyp, binding, proof)

    def _assumed(self, node: Proof) -> None:
        """An instance of one of the file's own lemmas (symbound.read.userlemmas): kinds, shapes and declared
        properties of the binding, the statement, and a proof of every hypothesis."""
        from symbound.read.userlemmas import KERNEL_KIND

        lemma, _ = self._assumptions.get(node.rule, (None, ""))
        if lemma is None:
            raise Rejected(f"{node.rule} is not a lemma of this file (or it was refuted)")
        binding = node.bound
        if set(binding) != {v for v, _ in lemma.variables}:
            raise Rejected(f"{node.rule}: the binding does not give every variable of the lemma")
        why = lemma_mismatch(lemma, binding, self.properties)
        if why:
            raise Rejected(f"{node.rule}: {why}")
        variables = tuple((v, KERNEL_KIND[k]) for v, k in lemma.variables)
        self._instance(node, [Statement(a, r, b, variables) for a, r, b in lemma.statements()])
        if len(node.children) != len(lemma.hypotheses):
            raise Rejected(f"{node.rule}: {len(lemma.hypotheses)} hypotheses, {len(node.children)} proofs")
        for hyp, proof in zip(lemma.hypotheses, node.children):
            self._hypothesis(node.rule, hyp, binding, proof)

    def _hypothesis(self, rule: str, hyp: Any, binding: dict, proof: Proof) -> None:
        """A checked proof of the hypothesis ``hyp`` (a relation in the lemma's variables) under ``binding``."""
        hl, hr = instance(hyp.lhs, binding), instance(hyp.rhs, binding)
        if hl is None or hr is None:
            raise Rejected(f"{rule}: an ill-formed hypothesis")
        hl, hrel, hr = normalised(hl, hyp.rel, hr)
        self.check(proof)
        if not (implies(proof.rel, hrel) and self.same(proof.lhs, hl, {}) and self.same(proof.rhs, hr, {})):
            raise Rejected(f"{rule}: the proof of a hypothesis proves something else")

    def _instance(self, node: Proof, statements: list[Statement], extra: set = frozenset()) -> None:
        """The node is an instance of one of the statements under its binding (order-sensitive)."""
        binding = node.bound
        for s in statements:
            names = {v for v, _ in s.variables}
            if set(binding) - set(extra) != names:
                continue
            if not all(_fits(kind, binding[v]) for v, kind in s.variables):
                continue
            if not implies(s.rel, node.rel):
                continue
            lhs, rhs = instance(s.lhs, binding), instance(s.rhs, binding)
            if lhs is not None and rhs is not None and self.same(node.lhs, lhs, {}) and self.same(node.rhs, rhs, {}):
                return
        raise Rejected(f"{_stated(node)} is not an instance of {node.rule}")

    def _transitivity(self, node: Proof) -> None:
        first, second = node.children
        self.check(first)
        self.check(second)
        if not (self.same(first.rhs, second.lhs, {}) and self.same(node.lhs, first.lhs, {}) and self.same(node.rhs, second.rhs, {})):
            raise Rejected("transitivity: the steps do not meet")
        if node.rel == "=" and not (first.rel == second.rel == "="):
            raise Rejected("transitivity: '=' needs two equalities")
        if node.rel == "<" and "<" not in (first.rel, second.rel):
            raise Rejected("transitivity: '<' needs one strict step")

    # ------------------------------------------------------------------ monotonicity
    def _gcongr(self, node: Proof) -> None:
        for c in node.children:
            self.check(c)
        rule = GCONGR.get(node.rule) if is_tagged(node.rule, "gcongr") else None
        if rule is None or node.rel == "=":
            raise Rejected(f"unknown monotonicity rule {node.rule}")
        rule(self, node, node.rel == "<", evaluated(node.lhs), evaluated(node.rhs))

    def shows(self, p: Proof, lhs: Any, rel: str, rhs: Any) -> bool:
        """Whether the (checked) proof ``p`` gives ``lhs rel rhs``."""
        return implies(p.rel, rel) and self.same(p.lhs, lhs, {}) and self.same(p.rhs, rhs, {})

    # ------------------------------------------------------------------ side conditions
    def _side_conditions(self, terms: tuple, side: tuple[Proof, ...]) -> list[tuple[str, Proof]]:
        """Each side condition of every partial subterm of the terms (a division, a power, a root, through the
        definitions: symbound.kernel.domains) with the checked proof that meets it; raises Rejected otherwise."""
        return domains.discharged(terms, self.definitions, side, self._passes)

    def _passes(self, p: Proof) -> bool:
        try:
            self.check(p)
        except Rejected:
            return False
        return True

def _stated(node: Proof) -> str:
    """A node's statement as a derivation file writes it, for the reason of a rejection."""
    return f"{written(node.lhs)} {node.rel} {written(node.rhs)}"


def _fits(kind: str, value: Any) -> bool:
    if kind == "integer":
        return fits("scalar", value) and value.is_integer is True
    return fits(kind, value)


def _replace(e: Any, eqs: dict, bound: frozenset, products: tuple = ()) -> Any:
    """Replace, bottom-up, every subterm that is a rewrite's left side by its right side (a left side that is a
    product of matrices also where it is a run of consecutive factors of a longer product: associativity); a
    conditional rewrite is not used under a binder (a product's index) of one of its variables."""
    if not isinstance(e, sp.Basic):
        return e
    whole = _use(e, eqs, bound, products)  # the whole term first (a Jacobian is replaced before its derived matrix is rewritten)
    if whole is not e:
        return whole
    if e.args:
        inner = bound | {e.args[1][0]} if isinstance(e, BINDERS) else bound
        args = [_replace(a, eqs, inner, products) for a in e.args]
        if any(x is not y for x, y in zip(args, e.args)):
            e = e.func(*args)
    return _use(e, eqs, bound, products)


def _use(e: Any, eqs: dict, bound: frozenset, products: tuple = ()) -> Any:
    hit = eqs.get(e)
    if hit is None:
        return _use_inside(e, bound, products) if products and isinstance(e, sp.MatMul) else e
    rhs, conditional = hit
    if conditional and free(e) & bound:
        return e
    return rhs


def _use_inside(e: sp.MatMul, bound: frozenset, products: tuple) -> Any:
    """A product with the first run of consecutive matrix factors that is a rewrite's left side replaced."""
    factors = [a for a in e.args if isinstance(a, MatrixExpr)]
    for lhs, (rhs, conditional) in products:
        p = len(lhs.args)
        if p >= len(factors) or (conditional and free(lhs) & bound):
            continue
        for i in range(len(factors) - p + 1):
            if tuple(factors[i:i + p]) == lhs.args:
                scalars = [a for a in e.args if not isinstance(a, MatrixExpr)]
                return sp.MatMul(*scalars, *factors[:i], rhs, *factors[i + p:])
    return e


@contextmanager
def _malformed_rejected() -> Iterator[None]:
    """A term the rules cannot even read (a wrong number of parts, a value of the wrong type) is rejected."""
    try:
        yield
    except Rejected:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        raise Rejected(f"a malformed proof term ({type(exc).__name__})") from None


def _composed(links: list[Theorem]) -> tuple[Any, Any, str | None, bool]:
    """Transitivity along a chain's links: (start, end, direction, strict), direction None (all equalities),
    "up" (start ≤ end) or "down" (end ≤ start); the first link is read from its left side, else its right."""
    for start in dict.fromkeys((links[0].lhs, links[0].rhs)):
        end, direction, strict = start, None, False
        for t in links:
            if t.rel == "=" and end in (t.lhs, t.rhs):
                end = t.rhs if t.lhs == end else t.lhs
            elif t.lhs == end and direction in (None, "up"):
                end, direction, strict = t.rhs, "up", strict or t.rel == "<"
            elif t.rhs == end and direction in (None, "down"):
                end, direction, strict = t.lhs, "down", strict or t.rel == "<"
            else:
                break
        else:
            return start, end, direction, strict
    raise Rejected("the links do not meet: each link's statement must start where the one before ends")


# The closed rule tables: a kind (a monotonicity rule, a limit rule) not in them is rejected.
RULES: dict[str, Callable[[Kernel, Proof], None]] = {
    "conv": Kernel._conv, "arithmetic": Kernel._arithmetic, "calculus": Kernel._calculus, "definition": Kernel._definition,
    "model": Kernel._model, "induction": Kernel._induction, "premise": Kernel._premise, "chain": Kernel._chain,
    "lemma": Kernel._lemma, "assumed": Kernel._assumed, "transitivity": Kernel._transitivity, "linarith": linarith.check,
    "gcongr": Kernel._gcongr, "vanishing": vanishing.norm_zero, "signs": signs.check, "cases": cases.le_total,
    "case": cases.case, "coordinates": everyday.norm_coordinates,
}
GCONGR: dict[str, Callable[..., None]] = {f.__name__: f for f in (
    gcongr.mul_le_mul, gcongr.add_le_add, gcongr.max_le_max, gcongr.pow_le_pow_left, gcongr.pow_le_one, gcongr.pow_le_pow_of_le_one,
    gcongr.pow_le_pow_of_one_le, gcongr.abs_le, gcongr.prod_le_prod, gcongr.mul_nonneg, gcongr.mul_le_mul_of_nonneg_left, gcongr.pow_nonneg, gcongr.le_of_signs, *everyday.RULES,
    *sums.RULES, *maxima.RULES)}
LIMITS: dict[str, Callable[..., None]] = {f.__name__: f for f in (limits.geometric_tendsto_zero, limits.gelfand_tendsto_zero)}
# what a node of a kind rests on (a hypothesis named by its rule), and the procedure it trusts beyond the rules
HYPOTHESIS_KIND = {"premise": "premise", "definition": "definition", "chain": "chain", "lemma": "lemma", "gcongr": "lemma",
                   "calculus": "lemma", "limit": "lemma", "induction": "lemma", "assumed": "assumed", "model": "model"}
TRUSTS = {"arithmetic": "sympy: sign decision (arith.decide)", "linarith": "sympy: sign decision (arith.decide)",
          "signs": "sympy: sign decision (arith.decide)",
          "calculus": "sympy: supremum over ℝ (arith.calculus_bound)", "limit": "sympy: limits of the premises (limits.not_pinned)"}
