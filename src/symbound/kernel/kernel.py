"""The kernel: the only code that turns a proof into PROVED.

The prover is untrusted search; it returns a proof term (symbound.kernel.proofs.Proof) and the kernel checks
it node by node against a closed set of rules, re-instantiating every named statement (premise, chain,
library lemma) from the node's binding and comparing terms as they are — matrix products in order.
A node passes only when its own rule holds and all its children and rewrites pass.  The checks:

* equalities used to identify terms (``rewrites``) are themselves checked proofs; terms are compared
  after replacing their left sides by their right sides, sympy's evaluation and the normal form of
  symbound.kernel.algebra (matrix polynomials, products in order; a conditional rewrite is never applied
  under a binder of its variables);
* ``arithmetic`` and ``calculus`` are decided by symbound.kernel.arith (sympy, exact);
* a lemma instance needs its named predicates to hold and a checked proof of each relational
  hypothesis; a universally quantified hypothesis is proved for a fresh variable;
* a chain fact is admitted only after every link of the chain passed, quantified over the indices no
  premise it rests on constrains (computed after unfolding definitions);
* a division needs a proof that its denominator is nonzero;
* a limit needs its base and constant free of the growing quantity, a growing quantity that is not a
  constant, and premises that do not bound the growing quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith, everyday, recurrence
from symbound.rules import predicates
from symbound.read.lemmas import BY_NAME, compiled, hypothesis_relations, variable_kind
from symbound.rules import is_tagged
from symbound.ops.objects import Jacobian, Norm, SeqElem, SpectralRadius, evaluated
from symbound.kernel.proofs import Proof, implies
from symbound.read.syntax import normalised
from symbound.kernel.algebra import normal
from symbound.kernel.terms import lemma_mismatch, activation_value, fits, free, instance

STRICT = {"<": True, "<=": False}


class Rejected(Exception):
    """A proof node the kernel does not accept."""


@dataclass(frozen=True)
class Statement:
    """A named fact ``lhs rel rhs`` (rel is =, <= or <), universally quantified over ``variables``."""

    lhs: Any
    rel: str
    rhs: Any
    variables: tuple[tuple[Any, str], ...] = ()


def denominators(e: Any, definitions: dict) -> list[Any]:
    """The non-numeric denominators of an expression as written, through the definitions it uses."""
    out: list[Any] = []
    seen: set = set()
    todo = [e]
    while todo:
        x = todo.pop()
        if not isinstance(x, sp.Basic):
            continue
        for node in sp.preorder_traversal(x):
            if isinstance(node, sp.Pow) and node.args[1].is_negative and not node.args[0].is_number and node.args[0] not in out:
                out.append(node.args[0])
            if node in definitions and node not in seen:
                seen.add(node)
                todo.append(definitions[node])
    return out


class Kernel:
    """Checks proof terms about one derivation: its definitions, assumptions, activations and premises."""

    def __init__(self, definitions: dict, properties: dict, known: dict[str, str],
                 premises: dict[str, list[Statement]], index_symbols: set) -> None:
        self.definitions = definitions
        self.properties = properties
        self.known = known
        self.premises = premises
        self.index_symbols = set(index_symbols)
        self.chains: dict[str, list[Statement]] = {}
        self.chain_premises: dict[str, set[str]] = {}
        self._passed: set = set()
        self.assumed: dict = {}  # the file's own lemmas not refuted (symbound.read.userlemmas), by name
        self.recurrence: tuple | None = None  # (state x[k], its index k, the update F): the model, for induction

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
        kernel = cls({df.symbol: df.value for df in d.definitions},
                   {decl.obj: decl.properties for decl in d.symbols.values() if decl.properties},
                   known, premises, {decl.obj for decl in d.symbols.values() if decl.kind == "index"})
        if d.model is not None:
            kernel.recurrence = (d.model.state, d.model.index, d.model.update)
        return kernel

    # ------------------------------------------------------------------ public
    def check_goal(self, lhs: Any, rel: str, rhs: Any, proof: Proof, nonzero: tuple[Proof, ...] = ()) -> str:
        """'' when ``proof`` proves ``lhs rel rhs`` (and every denominator in it is proved nonzero), else why not."""
        a, r, b = normalised(lhs, rel, rhs)
        try:
            if not (proof.lhs == a and proof.rhs == b and implies(proof.rel, r)):
                raise Rejected("the proof is about another statement")
            self.check(proof)
            self._check_denominators((a, b), nonzero)
        except Rejected as exc:
            return str(exc)
        return ""

    def check(self, node: Proof) -> None:
        """Accept the node or raise Rejected."""
        if node in self._passed:
            return
        for r in node.rewrites:
            if r.rel != "=":
                raise Rejected(f"{node.rule}: a rewrite that is not an equality")
            self.check(r)
        rule = getattr(self, "_" + node.kind, None)
        if rule is None:
            raise Rejected(f"unknown kind of step '{node.kind}'")
        if node.rel not in ("=", "<=", "<"):
            raise Rejected(f"{node.rule}: unknown relation {node.rel}")
        rule(node)
        self._passed.add(node)

    def admit_chain(self, cid: str, start: Any, rel: str, end: Any, premises: set[str]) -> None:
        """A chain all of whose links passed becomes a fact."""
        self.chains[cid] = self.chain_statements(start, rel, end, premises)
        self.chain_premises[cid] = set(premises)

    def chain_statements(self, start: Any, rel: str, end: Any, premises: set[str]) -> list[Statement]:
        """A chain's statement, for all integer values of the indices no premise it rests on pins."""
        a, r, b = normalised(start, rel, end)
        pinned: set = set()
        for p in premises:
            for s in self.premises.get(p, []):
                pinned |= (self._free_unfolded(s.lhs) | self._free_unfolded(s.rhs)) - {v for v, _ in s.variables}
        universal = sorted((free(a) | free(b)) & self.index_symbols - pinned, key=str)
        variables = tuple((v, "integer") for v in universal)
        return [Statement(a, r, b, variables)] + ([Statement(b, r, a, variables)] if r == "=" else [])

    def premises_of(self, proof: Proof) -> set[str]:
        """The premises a proof rests on, through the chains it uses."""
        out: set[str] = set()
        for node in proof.walk():
            if node.kind == "premise":
                out.add(node.rule)
            elif node.kind == "chain":
                out |= self.chain_premises.get(node.rule, set())
        return out

    def check_limit(self, expr: Any, grows: Any, proof: Proof) -> str:
        """'' when ``proof`` shows expr → 0 as grows → ∞, else why not."""
        try:
            if proof.kind != "limit" or proof.lhs != expr or proof.rhs != grows:
                raise Rejected("the proof is about another limit")
            growing = self._free_unfolded(grows)
            if not growing:
                raise Rejected(f"{grows} is a constant: it cannot grow")
            for r in proof.rewrites:
                self.check(r)
            for c in proof.children:
                self.check(c)
            eqs = self._equations(proof.rewrites)
            rule = getattr(self, "_limit_" + proof.rule, None) if is_tagged(proof.rule, "limit") else None
            if rule is None:
                raise Rejected(f"unknown limit rule {proof.rule}")
            rule(proof, expr, grows, growing, eqs)
            self._not_pinned(self.premises_of(proof), grows, growing)
        except Rejected as exc:
            return str(exc)
        return ""

    # ------------------------------------------------------------------ terms
    def _free_unfolded(self, e: Any) -> set:
        for _ in range(50):
            new = e.xreplace(self.definitions) if isinstance(e, sp.Basic) else e
            if new == e:
                break
            e = new
        out = free(e)
        for node in sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ():
            if isinstance(node, Jacobian):
                out |= free(node.derived)
        return out

    @staticmethod
    def _equations(rewrites: tuple[Proof, ...]) -> dict:
        """Left side → (right side, whether the equality rests on relational hypotheses)."""
        return {r.lhs: (r.rhs, bool(r.children)) for r in rewrites}

    def _normal(self, e: Any, eqs: dict) -> Any:
        e = evaluated(e)
        for _ in range(60):
            new = evaluated(_replace(e, eqs, frozenset())) if eqs else e
            if new == e:
                return e
            e = new
        raise Rejected("the rewrites do not terminate")

    def _same(self, x: Any, y: Any, eqs: dict) -> bool:
        if x == y:
            return True
        nx, ny = self._normal(x, eqs), self._normal(y, eqs)
        return nx == ny or normal(nx) == normal(ny)

    # ------------------------------------------------------------------ rules
    def _conv(self, node: Proof) -> None:
        eqs = self._equations(node.rewrites)
        if not node.children:
            if node.rel == "<":
                raise Rejected("a strict inequality between equal terms")
            if not self._same(node.lhs, node.rhs, eqs):
                raise Rejected("the two sides are not equal by the rewrites")
            return
        (child,) = node.children
        self.check(child)
        if not implies(child.rel, node.rel):
            raise Rejected(f"{child.rel} does not give {node.rel}")
        if not (self._same(node.lhs, child.lhs, eqs) and self._same(node.rhs, child.rhs, eqs)):
            raise Rejected(f"{child.rule}: its statement is not the step's, even after rewriting")

    def _arithmetic(self, node: Proof) -> None:
        eqs = self._equations(node.rewrites)
        a, b = self._normal(node.lhs, eqs), self._normal(node.rhs, eqs)
        if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
            raise Rejected("arithmetic on matrices")
        want = {"=": "zero", "<": "positive", "<=": "nonnegative"}[node.rel]
        if not arith.decide(b - a, want):
            raise Rejected(f"arithmetic does not show {node.lhs} {node.rel} {node.rhs}")

    def _calculus(self, node: Proof) -> None:
        if not is_tagged(node.rule, "calculus"):
            raise Rejected(f"{node.rule} is not a calculus rule of the library")
        eqs = self._equations(node.rewrites)
        a, b = self._normal(node.lhs, eqs), self._normal(node.rhs, eqs)
        if node.rel == "=" or not arith.calculus_bound(a, b, STRICT[node.rel]):
            raise Rejected("the supremum computed by sympy does not give the bound")

    def _definition(self, node: Proof) -> None:
        if node.rel != "=" or node.lhs not in self.definitions or self.definitions[node.lhs] != node.rhs:
            raise Rejected(f"{node.lhs} is not defined as {node.rhs}")

    def _model(self, node: Proof) -> None:
        if node.rel != "=":
            raise Rejected("a model fact is an equality")
        if node.rule == "jacobian" and isinstance(node.lhs, Jacobian) and node.rhs == node.lhs.derived:
            return
        if node.rule == "activation" and node.rhs is not None and activation_value(node.lhs, self.known) == node.rhs:
            return
        if node.rule == "recurrence" and everyday.recurrence_step(self.recurrence, node.lhs) == node.rhs:
            return
        raise Rejected(f"{node.lhs} = {node.rhs} is not a fact of the model")

    def _induction(self, node: Proof) -> None:
        """x[e] = C for e ≥ s, by induction over the model: the child proves s ≤ e; the base case and the
        step are checked by symbound.kernel.recurrence (exact matrix-expression equality, products in order)."""
        if self.recurrence is None or not is_tagged(node.rule, "induction") or node.rel != "=":
            raise Rejected("induction needs the model's recurrence and an equality")
        state, k, update = self.recurrence
        x, closed = node.lhs, node.rhs
        start, t = node.bound.get("start"), node.bound.get("index")
        if not (isinstance(x, SeqElem) and x.name == state.name and x.shape == state.shape):
            raise Rejected(f"induction: {x} is not an element of the state {state.name}")
        if (t not in self.index_symbols or not isinstance(start, sp.Expr) or isinstance(start, MatrixExpr)
                or start.is_integer is not True or t not in free(x.index)):
            raise Rejected("induction: the index or the base index is missing")
        if len(node.children) != 1 or not self._statement(node.children[0], start, "<=", x.index):
            raise Rejected(f"induction: {start} ≤ {x.index} is not shown")
        self.check(node.children[0])
        why = recurrence.obligations(state, k, update, x, closed, t, start)
        if why:
            raise Rejected(f"induction: {why}")

    def _premise(self, node: Proof) -> None:
        self._instance(node, self.premises.get(node.rule, []))

    def _chain(self, node: Proof) -> None:
        if node.rule not in self.chains:
            raise Rejected(f"chain {node.rule} is not proved")
        self._instance(node, self.chains[node.rule])

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
        why = predicates.failed(lemma.hypotheses, binding, self.properties, self.known, missing_ok=False)
        if why:
            raise Rejected(f"{node.rule}: {why}")
        if len(node.children) != len(hyps):
            raise Rejected(f"{node.rule}: {len(hyps)} hypotheses, {len(node.children)} proofs")
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

        lemma = self.assumed.get(node.rule)
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
        if not (implies(proof.rel, hrel) and self._same(proof.lhs, hl, {}) and self._same(proof.rhs, hr, {})):
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
            if lhs is not None and rhs is not None and self._same(node.lhs, lhs, {}) and self._same(node.rhs, rhs, {}):
                return
        raise Rejected(f"{node.lhs} {node.rel} {node.rhs} is not an instance of {node.rule}")

    def _transitivity(self, node: Proof) -> None:
        first, second = node.children
        self.check(first)
        self.check(second)
        if not (self._same(first.rhs, second.lhs, {}) and self._same(node.lhs, first.lhs, {}) and self._same(node.rhs, second.rhs, {})):
            raise Rejected("transitivity: the steps do not meet")
        if node.rel == "=" and not (first.rel == second.rel == "="):
            raise Rejected("transitivity: '=' needs two equalities")
        if node.rel == "<" and "<" not in (first.rel, second.rel):
            raise Rejected("transitivity: '<' needs one strict step")

    def _linarith(self, node: Proof) -> None:
        """A linear certificate (Farkas): b − a − Σ λᵢ·tᵢ·(rᵢ − lᵢ) is decided ≥ 0 (> 0, or ≥ 0 with a
        strict hypothesis of positive weight) by exact arithmetic, where each child proves lᵢ relᵢ rᵢ,
        λᵢ is a rational (≥ 0 unless the hypothesis is an equality) and tᵢ a multiplier shown ≥ 0
        (> 0 for a strict use) by a further child."""
        eqs = self._equations(node.rewrites)
        weights, multipliers = node.bound.get("coefficients"), node.bound.get("multipliers")
        if node.rel == "=" or weights is None or multipliers is None or len(weights) != len(multipliers):
            raise Rejected("linarith: no certificate")
        n = len(weights)
        hyps, signs = node.children[:n], list(node.children[n:])
        if len(hyps) != n:
            raise Rejected("linarith: missing hypotheses")
        total = self._normal(node.rhs, eqs) - self._normal(node.lhs, eqs)
        strict_used = False
        for w, t, h in zip(weights, multipliers, hyps):
            self.check(h)
            if not w.is_Rational or (h.rel != "=" and w < 0):
                raise Rejected("linarith: a weight is not a nonnegative rational")
            positive_t = t == 1
            if t != 1:
                sign = signs.pop(0) if signs else None
                if sign is None or not (sign.lhs == 0 and sign.rhs == t and sign.rel in ("<", "<=")):
                    raise Rejected("linarith: a multiplier is not shown nonnegative")
                self.check(sign)
                positive_t = sign.rel == "<"
            strict_used |= h.rel == "<" and w > 0 and positive_t
            total -= w * t * (self._normal(h.rhs, eqs) - self._normal(h.lhs, eqs))
        if signs:
            raise Rejected("linarith: unused parts")
        if node.rel == "<" and not strict_used:
            ok = arith.decide(total, "positive")
        else:
            ok = arith.decide(total, "nonnegative")
        if not ok:
            raise Rejected("linarith: the certificate does not add up")

    # ------------------------------------------------------------------ monotonicity
    def _gcongr(self, node: Proof) -> None:
        for c in node.children:
            self.check(c)
        rule = getattr(self, "_g_" + node.rule, None) if is_tagged(node.rule, "gcongr") else None
        if rule is None or node.rel == "=":
            raise Rejected(f"unknown monotonicity rule {node.rule}")
        rule(node, node.rel == "<", evaluated(node.lhs), evaluated(node.rhs))

    def _statement(self, p: Proof, lhs: Any, rel: str, rhs: Any) -> bool:
        return implies(p.rel, rel) and self._same(p.lhs, lhs, {}) and self._same(p.rhs, rhs, {})

    @staticmethod
    def _pairs(node: Proof, n: int) -> tuple[list[Proof], list[Proof]]:
        if n < 1 or len(node.children) < n:
            raise Rejected(f"{node.rule}: missing parts")
        return list(node.children[:n]), list(node.children[n:])

    def _g_mul_le_mul(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        n = int(node.bound.get("parts", 0))
        pairs, rest = self._pairs(node, n)
        xs, ys = [p.lhs for p in pairs], [p.rhs for p in pairs]
        if isinstance(a, MatrixExpr) or evaluated(sp.Mul(*xs)) != a or evaluated(sp.Mul(*ys)) != b:
            raise Rejected("mul_le_mul: the factors do not make the products")
        signs, positives = rest[:n], rest[n:]
        if not all(self._statement(s, sp.Integer(0), "<=", x) for s, x in zip(signs, xs)) or len(signs) != n:
            raise Rejected("mul_le_mul: a factor is not shown nonnegative")
        if not strict:
            return
        for j, p in enumerate(pairs):
            others = [y for i, y in enumerate(ys) if i != j]
            if p.rel == "<" and len(positives) == len(others) and all(self._statement(q, sp.Integer(0), "<", y) for q, y in zip(positives, others)):
                return
        raise Rejected("mul_le_mul: a strict product needs one strict factor and the other bounds positive")

    def _g_add_le_add(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        pairs = list(node.children)
        if not pairs or isinstance(a, MatrixExpr) or evaluated(sp.Add(*[p.lhs for p in pairs])) != a or evaluated(sp.Add(*[p.rhs for p in pairs])) != b:
            raise Rejected("add_le_add: the terms do not make the sums")
        if strict and not any(p.rel == "<" for p in pairs):
            raise Rejected("add_le_add: a strict sum needs one strict term")

    def _g_max_le_max(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        pairs = list(node.children)
        if not pairs or evaluated(sp.Max(*[p.lhs for p in pairs])) != a or evaluated(sp.Max(*[p.rhs for p in pairs])) != b:
            raise Rejected("max_le_max: the terms do not make the maxima")
        if strict and not all(p.rel == "<" for p in pairs):
            raise Rejected("max_le_max: a strict max needs every term strict")

    def _g_pow_le_pow_left(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        if not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[1] == b.args[1]) or len(node.children) != 3:
            raise Rejected("pow_le_pow_left: not two powers with one exponent")
        base, sign, exponent = node.children
        (x, e), y = a.args, b.args[0]
        if not (self._statement(base, x, "<" if strict else "<=", y) and self._statement(sign, sp.Integer(0), "<=", x)
                and self._statement(exponent, sp.Integer(0), "<" if strict else "<=", e)):
            raise Rejected("pow_le_pow_left: the parts do not fit")

    def _g_pow_le_one(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        """qᵉ ≤ 1 from 0 ≤ q ≤ 1 and 0 ≤ e; strict from q < 1 and 0 < e."""
        if not (isinstance(a, sp.Pow) and b == 1) or len(node.children) != 3:
            raise Rejected("pow_le_one: not qᵉ ≤ 1")
        (q, e), rel = a.args, "<" if strict else "<="
        sign, top, exponent = node.children
        if not (self._statement(sign, sp.Integer(0), "<=", q) and self._statement(top, q, rel, sp.Integer(1))
                and self._statement(exponent, sp.Integer(0), rel, e)):
            raise Rejected("pow_le_one: the parts do not fit")

    def _g_pow_le_pow_of_le_one(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        """q^{e₁} ≤ q^{e₂} from 0 ≤ q ≤ 1, e₂ ≤ e₁ and 0 ≤ e₂ (t ↦ qᵗ is nonincreasing on [0, ∞))."""
        if strict or not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[0] == b.args[0]) or len(node.children) != 4:
            raise Rejected("pow_le_pow_of_le_one: not two powers of one base")
        q, e1, e2 = a.args[0], a.args[1], b.args[1]
        sign, top, order, low = node.children
        if not (self._statement(sign, sp.Integer(0), "<=", q) and self._statement(top, q, "<=", sp.Integer(1))
                and self._statement(order, e2, "<=", e1) and self._statement(low, sp.Integer(0), "<=", e2)):
            raise Rejected("pow_le_pow_of_le_one: the parts do not fit")

    def _g_pow_le_pow_of_one_le(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        """q^{e₁} ≤ q^{e₂} from 1 ≤ q and e₁ ≤ e₂ (t ↦ qᵗ is nondecreasing)."""
        if strict or not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[0] == b.args[0]) or len(node.children) != 2:
            raise Rejected("pow_le_pow_of_one_le: not two powers of one base")
        q, e1, e2 = a.args[0], a.args[1], b.args[1]
        base, order = node.children
        if not (self._statement(base, sp.Integer(1), "<=", q) and self._statement(order, e1, "<=", e2)):
            raise Rejected("pow_le_pow_of_one_le: the parts do not fit")

    def _g_abs_le(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        """|x| ≤ b from x ≤ b and −b ≤ x (strict: both strict)."""
        if not isinstance(a, sp.Abs) or len(node.children) != 2:
            raise Rejected("abs_le: not |x| ≤ b")
        x, rel = a.args[0], "<" if strict else "<="
        upper, lower = node.children
        if not (self._statement(upper, x, rel, b) and self._statement(lower, -b, rel, x)):
            raise Rejected("abs_le: the parts do not fit")

    def _g_prod_le_prod(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        if strict or not (isinstance(a, sp.Product) and isinstance(b, sp.Product)) or len(node.children) != 3:
            raise Rejected("prod_le_prod: not two products over one range")
        (i, lo, hi), (j, lo2, hi2) = a.args[1], b.args[1]
        d = node.bound.get("index")
        if (lo, hi) != (lo2, hi2) or not isinstance(d, sp.Dummy) or d.is_integer is not True or d in free(a) | free(b):
            raise Rejected("prod_le_prod: the ranges differ or the index is not fresh")
        fa, fb = a.args[0].xreplace({i: d}), b.args[0].xreplace({j: d})
        each, sign, rng = node.children
        if not (self._statement(each, fa, "<=", fb) and self._statement(sign, sp.Integer(0), "<=", fa)
                and self._statement(rng, lo, "<=", hi + 1)):
            raise Rejected("prod_le_prod: the parts do not fit")

    def _g_mul_nonneg(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        parts = list(node.children)
        if a != 0 or not parts or evaluated(sp.Mul(*[p.rhs for p in parts])) != b:
            raise Rejected("mul_nonneg: the factors do not make the product")
        if not all(self._statement(p, sp.Integer(0), "<" if strict else "<=", p.rhs) for p in parts):
            raise Rejected("mul_nonneg: a factor is not shown nonnegative")

    def _g_pow_nonneg(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        """0 < xᵉ from 0 < x (any real e); 0 ≤ xᵉ from 0 ≤ x and 0 ≤ e (0⁰ = 1, 0 to a negative power is undefined)."""
        if a != 0 or not isinstance(b, sp.Pow):
            raise Rejected("pow_nonneg: not a power")
        x, e = b.args
        parts = node.children
        if strict and len(parts) == 1 and self._statement(parts[0], sp.Integer(0), "<", x):
            return
        if not strict and len(parts) == 2 and self._statement(parts[0], sp.Integer(0), "<=", x) and self._statement(parts[1], sp.Integer(0), "<=", e):
            return
        raise Rejected("pow_nonneg: the base and exponent are not shown nonnegative")

    def _g_norm_sum_le(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        self._everyday(everyday.norm_sum_le(self, node, strict, a, b))

    def _g_le_abs_self(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        self._everyday(everyday.le_abs_self(self, node, strict, a, b))

    def _g_monotone(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        self._everyday(everyday.monotone(self, node, strict, a, b))

    def _g_div_le(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        self._everyday(everyday.div_le(self, node, strict, a, b))

    def _g_prod_le_pow(self, node: Proof, strict: bool, a: Any, b: Any) -> None:
        self._everyday(everyday.prod_le_pow(self, node, strict, a, b))

    @staticmethod
    def _everyday(why: str) -> None:
        """A rule checked in symbound.kernel.everyday: rejected with its reason."""
        if why:
            raise Rejected(why)

    # ------------------------------------------------------------------ limits
    def _limit_geometric_tendsto_zero(self, proof: Proof, expr: Any, grows: Any, growing: set, eqs: dict) -> None:
        bound, q_nonneg, q_lt_one, lower = proof.children
        q, C = proof.bound.get("q"), proof.bound.get("C")
        if q is None or C is None:
            raise Rejected("geometric_tendsto_zero: base or constant missing")
        if (self._free_unfolded(q) | self._free_unfolded(C)) & growing:
            raise Rejected(f"geometric_tendsto_zero: the base and the constant must not depend on {grows}")
        if not (bound.rel in ("<=", "<", "=") and self._same(bound.lhs, expr, eqs) and self._same(bound.rhs, C * q ** grows, eqs)):
            raise Rejected("geometric_tendsto_zero: the bound is not C·qⁿ of the expression")
        if not (self._statement(q_nonneg, sp.Integer(0), "<=", q) and self._statement(q_lt_one, q, "<", sp.Integer(1))
                and self._statement(lower, sp.Integer(0), "<=", expr)):
            raise Rejected("geometric_tendsto_zero: 0 ≤ q < 1 and 0 ≤ the expression are not shown")

    def _limit_gelfand_tendsto_zero(self, proof: Proof, expr: Any, grows: Any, growing: set, eqs: dict) -> None:
        form, spectral = proof.children
        A = proof.bound.get("A")
        if not isinstance(A, MatrixExpr) or A.shape[0] != A.shape[1]:
            raise Rejected("gelfand_tendsto_zero: needs a square matrix")
        if self._free_unfolded(A) & growing:
            raise Rejected(f"gelfand_tendsto_zero: the matrix must not depend on {grows}")
        power = evaluated(form.rhs)
        if not (form.rel == "=" and self._same(form.lhs, expr, eqs) and isinstance(power, Norm)
                and isinstance(power.matrix, sp.MatPow) and power.matrix.args[0] == A and self._same(power.matrix.args[1], grows, eqs)):
            raise Rejected("gelfand_tendsto_zero: the expression is not ‖Aⁿ‖")
        if not self._statement(spectral, SpectralRadius(A), "<", sp.Integer(1)):
            raise Rejected("gelfand_tendsto_zero: ρ(A) < 1 is not shown")

    def _not_pinned(self, premises: set[str], grows: Any, growing: set) -> None:
        """No premise the limit rests on may bound the growing quantity: each must stay true as it grows."""
        N = sp.Dummy("N", positive=True)
        g = grows
        for _ in range(50):
            new = g.xreplace(self.definitions)
            if new == g:
                break
            g = new
        solved = None
        for s in sorted(free(g), key=str):
            coefficient = sp.diff(g, s)
            if coefficient.is_number and coefficient != 0 and sp.diff(g, s, 2) == 0:
                solved = (s, (N - g.xreplace({s: sp.Integer(0)})) / coefficient)  # g is linear in s: g = c·s + g(0)
                break
        for p in sorted(premises):
            for st in self.premises.get(p, []):
                lhs, rhs = st.lhs.xreplace(self.definitions), st.rhs.xreplace(self.definitions)
                if not ((free(lhs) | free(rhs)) & growing) or st.variables:
                    continue
                if solved is None:
                    raise Rejected(f"premise {p} constrains {grows}")
                gap = sp.simplify((rhs - lhs).xreplace({solved[0]: solved[1]}))
                if N not in gap.free_symbols:
                    continue
                if st.rel == "=":
                    raise Rejected(f"premise {p} fixes {grows}")
                try:
                    end = sp.limit(gap, N, sp.oo)
                except (NotImplementedError, ValueError, TypeError):
                    end = None
                if not (end == sp.oo or (end is not None and end.is_positive)):
                    raise Rejected(f"premise {p} bounds {grows}: it fails as {grows} grows")

    # ------------------------------------------------------------------ divisions
    def _check_denominators(self, terms: tuple, nonzero: tuple[Proof, ...]) -> None:
        for d in [x for t in terms for x in denominators(t, self.definitions)]:
            if not any(self._nonzero(p, d) for p in nonzero):
                raise Rejected(f"dividing by {d} needs {d} ≠ 0, which is not shown")

    def _nonzero(self, p: Proof, d: Any) -> bool:
        try:
            self.check(p)
        except Rejected:
            return False
        return p.rel == "<" and ((p.lhs == 0 and (p.rhs == d or p.rhs == sp.Abs(d))) or (p.rhs == 0 and p.lhs == d))


def replay(report: Any) -> list[tuple[str, str]]:
    """Re-check every PROVED verdict of a report with a fresh kernel, in the file's order (chains are
    admitted as they pass): the (step, reason) pairs that do not pass — empty when all do."""
    kernel = Kernel.for_derivation(report.derivation)
    standing = {v.name for v in report.lemmas if v.status != "refuted"}  # the file's own lemmas the search did not refute
    kernel.assumed = {lemma.name: lemma for lemma in report.derivation.lemmas if lemma.name in standing}
    failures = []
    for chain in report.chains:
        for link in chain.links:
            if link.status != "proved":
                continue
            why = kernel.check_goal(link.lhs, link.rel, link.rhs, link.proof, tuple(link.side_proofs)) if link.proof else "no proof"
            if why:
                failures.append((f"{chain.id}.{link.index}", why))
        if chain.status == "proved" and not isinstance(chain.start, MatrixExpr):
            kernel.admit_chain(chain.id, chain.start, chain.relation, chain.end, set(chain.premises))
    return failures


def _fits(kind: str, value: Any) -> bool:
    if kind == "integer":
        return fits("scalar", value) and value.is_integer is True
    return fits(kind, value)


def _replace(e: Any, eqs: dict, bound: frozenset) -> Any:
    """Replace, bottom-up, every subterm that is a rewrite's left side by its right side; a conditional
    rewrite is not used under a binder (a product's index) of one of its variables."""
    if not isinstance(e, sp.Basic):
        return e
    whole = _use(e, eqs, bound)  # the whole term first (a Jacobian is replaced before its derived matrix is rewritten)
    if whole is not e:
        return whole
    if e.args:
        inner = bound | {e.args[1][0]} if isinstance(e, sp.Product) else bound
        args = [_replace(a, eqs, inner) for a in e.args]
        if any(x is not y for x, y in zip(args, e.args)):
            e = e.func(*args)
    return _use(e, eqs, bound)


def _use(e: Any, eqs: dict, bound: frozenset) -> Any:
    hit = eqs.get(e)
    if hit is None:
        return e
    rhs, conditional = hit
    if conditional and free(e) & bound:
        return e
    return rhs
