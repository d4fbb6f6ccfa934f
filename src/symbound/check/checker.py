"""The checker: walks a derivation's chains link by link and returns verdict objects.

A link is checked from the premises, the definitions, the model and the chains before it.  It is
``proved`` only when a proof is found *and* every earlier chain that proof uses is itself proved;
otherwise it is ``unproved`` with the reason.  A chain's composed statement then becomes a fact
for later chains, universally quantified over the time indices no premise it used constrains.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.read.derivation import Chain, Derivation, compose
from symbound.read.syntax import Activation
from symbound.kernel.kernel import Kernel, denominators
from symbound.read.lemmas import BY_NAME
from symbound.rules import answered
from symbound.limits import LimitReached, time_limit
from symbound.search.prover import Budget, Fact, Prover, normalise
from symbound.kernel.proofs import Proof
from symbound.ops.written import written
from symbound.ops.objects import Norm, SpectralRadius
from symbound.ops import classes
from symbound.check.lemmachecks import install, lemma_verdicts
from symbound.values import PROVED, REFUTED, UNPROVED, ChainVerdict, ConclusionVerdict, Finding, LemmaUse, LinkVerdict, Report


GUARD = 6  # the wall-clock guard is this many times --timeout: a last resort, far above what the step budget allows


class Checker:
    def __init__(self, derivation: Derivation, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
                 search: bool = True, reuse: dict | None = None, cache: Any = None) -> None:
        self.d = derivation
        # verdicts known to stand (e.g. proofs that do not use a removed premise): taken, not re-derived
        self.reuse: dict = reuse or {}
        self.timeout = timeout
        self.seed = seed
        self.budget = budget
        self.search = search
        self.kernel = Kernel.for_derivation(derivation)
        self.definitions = self.kernel.definitions
        activations = {n: a for n, a in derivation.scope.names.items() if isinstance(a, Activation)}
        self.prover = Prover(self.kernel.definitions, self.kernel.properties, Budget(), activations)
        self.index_symbols = self.kernel.index_symbols
        self.prover.recurrence = self.kernel.recurrence
        self.chain_status: dict[str, str] = {}
        self.chain_premises: dict[str, set[str]] = {}
        self.premise_ids = {p.id for p in derivation.premises}
        self.lemma_names = {lemma.name for lemma in derivation.lemmas}
        self.chain_ids = {c.id for c in derivation.chains}
        for pid, statements in self.kernel.premises.items():
            bound = next(p.bound for p in derivation.premises if p.id == pid)
            for st in statements:
                kinds = tuple((v, "scalar") for v, _ in st.variables)  # the prover matches any scalar; the kernel checks the kind
                self.prover.add_fact(Fact(pid, "premise", st.lhs, "<" if st.rel == "<" else "<=", st.rhs, kinds, bound))
        self.lemma_checks = install(self)  # the file's own lemmas, falsified first; only those that survive are used
        self.chain_assumed: dict[str, set[str]] = {}
        # per-link entries of the verdict cache (a cache.Store): proofs to replay through the kernel
        self.links = None
        if cache is not None:
            from symbound.check.proofcache import LinkCache

            self.links = LinkCache(cache, self)

    # ---------------------------------------------------------------- dependencies
    def dependencies(self, proof: Proof) -> tuple[list[LemmaUse], list[str], list[str], list[str]]:
        uses: list[LemmaUse] = []
        premises: set[str] = set()
        chains: set[str] = set()
        definitions: set[str] = set()
        for node in proof.walk():
            if node.kind in ("lemma", "gcongr", "calculus", "limit", "premise", "chain", "definition", "model", "assumed", "induction"):
                uses.append(LemmaUse(node.rule, node.kind, node.lhs, node.rel, node.rhs))
            if node.kind == "premise":
                premises.add(node.rule)
            elif node.kind == "chain":
                chains.add(node.rule)
                premises |= self.chain_premises.get(node.rule, set())
            elif node.kind == "definition":
                definitions.add(node.rule)
        unique = list({(u.name, u.lhs, u.rel, u.rhs): u for u in uses}.values())
        return unique, sorted(premises), sorted(chains), sorted(definitions)

    # ---------------------------------------------------------------- links and chains
    def check_link(self, chain: Chain, index: int, lhs: Any, link: Any) -> LinkVerdict:
        if (chain.id, index) in self.reuse:
            return dataclasses.replace(self.reuse[(chain.id, index)])
        reason, miscited = "", []
        unknown = [name for name in link.by if name not in BY_NAME and name not in self.premise_ids and name not in self.chain_ids and name not in self.lemma_names]
        if unknown:
            reason, miscited = f"`by:` names {', '.join(unknown)}, which is not a lemma, premise or chain", unknown
        refuted = [name for name in link.by if name in self.lemma_names and name not in self.kernel.assumed]
        if refuted:
            reason, miscited = f"`by:` names {', '.join(refuted)}, a lemma of this file that the counterexample search refuted (not used)", refuted
        verdict = LinkVerdict(chain.id, index, lhs, link.rel, link.expr, link.source, link.where.line, UNPROVED, cited=link.by,
                              miscited=miscited, reason=reason, note=link.note)
        weak_chains = frozenset(c for c, status in self.chain_status.items() if status != PROVED)
        key = self.links.key(lhs, link.rel, link.expr, link.by, weak_chains) if self.links is not None else ""
        hit = self.links.get(key) if self.links is not None else None
        if hit is not None and not self.kernel.check_goal(lhs, link.rel, link.expr, hit[0], hit[1]):
            return self.settle_link(verdict, link, *hit)
        try:
            with time_limit(GUARD * self.timeout):
                proof = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by, exclude=weak_chains)
                if proof is None:
                    verdict = self.diagnose(verdict, lhs, link.rel, link.expr)
                    key = ""  # a proof found only after a failed search is not stored (the failure left a reason)
                    if weak_chains:
                        proof = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by)
        except LimitReached as exc:
            return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
        if proof is None:
            return verdict
        nonzero = self.nonzero((lhs, link.expr), link.by)
        alternative = False
        used = answered(proof.names().union(*(p.names() for p in nonzero)))
        for name in [n for n in link.by if n not in used and (n in self.premise_ids or n in self.chain_ids)]:
            # a citation is wrong only when the cited fact cannot take part in a proof of the link
            try:
                with time_limit(GUARD * self.timeout):
                    other = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by, exclude=weak_chains, require=name)
            except LimitReached:
                other = None
            finally:
                self.prover.required = ""
                self.prover._memo.clear()
            if other is not None and name in other.names() and not self.kernel.check_goal(lhs, link.rel, link.expr, other, nonzero):
                proof, alternative = other, True
                used = answered(proof.names().union(*(p.names() for p in nonzero)))
        verdict = self.settle_link(verdict, link, proof, nonzero, alternative)
        if key and verdict.status == PROVED:
            self.links.put(key, proof, nonzero, alternative)
        return verdict

    def settle_link(self, verdict: LinkVerdict, link: Any, proof: Proof, nonzero: tuple[Proof, ...], alternative: bool) -> LinkVerdict:
        """The verdict of a link with a proof (searched, or replayed from the cache): what it uses, its
        miscitations, and the kernel's check.  ``alternative``: the proof was found for a citation the
        first one did not use (its dependencies then stand without the side proofs')."""
        uses, premises, chains, definitions = self.dependencies(proof)
        if not alternative:
            for p in nonzero:
                more_uses, more_premises, more_chains, more_definitions = self.dependencies(p)
                uses = uses + [u for u in more_uses if u not in uses]
                premises = sorted(set(premises) | set(more_premises))
                chains = sorted(set(chains) | set(more_chains))
                definitions = sorted(set(definitions) | set(more_definitions))
        used = answered(proof.names().union(*(p.names() for p in nonzero)))
        verdict = dataclasses.replace(verdict, proof=proof, side_proofs=nonzero, uses=uses, premises=premises, chains=chains,
                                      definitions=definitions, assumed=self.assumed_of(uses, chains),
                                      miscited=sorted(set(verdict.miscited) | {name for name in link.by if name not in used}))
        weak = [c for c in chains if self.chain_status.get(c) != PROVED]
        if weak:
            return dataclasses.replace(verdict, reason=f"follows only from {', '.join(weak)}, which is not proved")
        rejected = self.kernel.check_goal(verdict.lhs, link.rel, link.expr, proof, nonzero)
        if rejected:
            return dataclasses.replace(verdict, reason=f"the proof found does not pass the kernel: {rejected}")
        return dataclasses.replace(verdict, status=PROVED, blocker=None, near=[])

    def assumed_of(self, uses: list[LemmaUse], chains: list[str]) -> list[str]:
        """The file's own lemmas a proof rests on, directly or through the chains it uses."""
        out = {u.name for u in uses if u.kind == "assumed"}
        for c in chains:
            out |= self.chain_assumed.get(c, set())
        return sorted(out)

    def nonzero(self, terms: tuple, prefer: tuple[str, ...]) -> tuple[Proof, ...]:
        """Proofs that the denominators in the terms (through the definitions) are nonzero: 0 < d or d < 0."""
        out = []
        for d in dict.fromkeys(x for t in terms for x in denominators(t, self.definitions)):
            try:
                p = self.prover.prove(sp.Integer(0), "<", d, prefer=prefer) or self.prover.prove(d, "<", sp.Integer(0), prefer=prefer)
            except LimitReached:
                p = None
            if p is not None:
                out.append(p)
        return tuple(out)

    def diagnose(self, verdict: LinkVerdict, lhs: Any, rel: str, rhs: Any) -> LinkVerdict:
        """The verdict with why the search failed: the goal it stopped at, the lemmas that almost applied."""
        attempt = self.prover.attempt
        a, r, b = normalise(lhs, rel, rhs)
        blocker = attempt.blockers[0] if attempt.blockers else (a, r, b)
        try:
            self.prover.budget.start()
            near = [n for n in self.prover.near_misses(*blocker) if _relevant(n, blocker)]
        except LimitReached:
            near = []
        reason = verdict.reason or attempt.reason or "no lemma, premise or earlier chain justifies this link"
        return dataclasses.replace(verdict, blocker=blocker, near=near, reason=reason)

    def check_chain(self, chain: Chain) -> ChainVerdict:
        links = []
        current = chain.start
        for k, link in enumerate(chain.links, start=1):
            links.append(self.check_link(chain, k, current, link))
            current = link.expr
        relation = compose([link.rel for link in chain.links])
        verdict = ChainVerdict(chain.id, chain.text, chain.start, relation, current, chain.where.line, links, chain.note)
        self.chain_status[chain.id] = verdict.status
        premises = set(verdict.premises)
        self.chain_premises[chain.id] = premises
        self.chain_assumed[chain.id] = {a for link in links for a in link.assumed}
        if not isinstance(chain.start, MatrixExpr):
            if verdict.status == PROVED:
                self.kernel.admit_chain(chain.id, chain.start, relation, current, premises)
            self.add_chain_fact(chain.id, chain.start, relation, current, premises)
        return verdict

    def add_chain_fact(self, cid: str, start: Any, relation: str, end: Any, premises: set[str]) -> None:
        """The chain as a fact for the prover (the kernel admits it only when every link is proved)."""
        for s in self.kernel.chain_statements(start, relation, end, premises):
            kinds = tuple((v, "scalar") for v, _ in s.variables)
            pairs = [(s.lhs, s.rhs)] if s.rel != "=" else [(s.lhs, s.rhs)]
            for x, y in pairs:
                self.prover.add_fact(Fact(cid, "chain", x, "<" if s.rel == "<" else "<=", y, kinds))

    # ---------------------------------------------------------------- the conclusion
    def check_conclusion(self, chains: list[ChainVerdict]) -> ConclusionVerdict | None:
        c = self.d.conclusion
        if c is None:
            return None
        if "conclusion" in self.reuse:
            return dataclasses.replace(self.reuse["conclusion"])
        if c.relation is not None:
            rel = c.relation
            claim = f"{rel.lhs} {rel.rel} {rel.rhs}"
            verdict = ConclusionVerdict(c.text, claim, UNPROVED, c.where.line, lhs=rel.lhs, rel=rel.rel, rhs=rel.rhs)
            key = self.links.key(rel.lhs, rel.rel, rel.rhs, c.by, frozenset(), "conclusion") if self.links is not None else ""
            hit = self.links.get(key) if key else None
            if hit is not None and not self.kernel.check_goal(rel.lhs, rel.rel, rel.rhs, hit[0], hit[1]):
                return self.settle(verdict, [hit[0], *hit[1]])
            try:
                proof = self.prover.prove(rel.lhs, rel.rel, rel.rhs, prefer=c.by)
            except LimitReached as exc:
                return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
            if proof is None:
                return dataclasses.replace(verdict, reason="the conclusion does not follow from the premises and chains")
            nonzero = self.nonzero((rel.lhs, rel.rhs), c.by)
            rejected = self.kernel.check_goal(rel.lhs, rel.rel, rel.rhs, proof, nonzero)
            verdict = self.settle(verdict, [proof, *nonzero], rejected)
            if key and verdict.status == PROVED:
                self.links.put(key, proof, nonzero, False)
            return verdict
        claim = f"{c.tends_to_zero} -> 0 as {c.as_} -> oo"
        verdict = ConclusionVerdict(c.text, claim, UNPROVED, c.where.line, lhs=c.tends_to_zero, rel="->0", rhs=c.as_)
        key = self.links.key(c.tends_to_zero, "->0", c.as_, c.by, frozenset(), "limit") if self.links is not None else ""
        hit = self.links.get(key) if key else None
        if hit is not None and not (self.kernel.check_limit(c.tends_to_zero, c.as_, hit[0])
                                    or _denominators_unproved(self.kernel, c.tends_to_zero, hit[1])):
            return self.settle(verdict, [hit[0], *hit[1]])
        try:
            proofs = self.tends_to_zero(c.tends_to_zero, c.as_, chains)
        except LimitReached as exc:
            return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
        if proofs is None:
            return dataclasses.replace(verdict, reason="no chain bounds it by C·qⁿ with 0 ≤ q < 1 and n the quantity that grows")
        nonzero = self.nonzero((c.tends_to_zero,), c.by)
        rejected = self.kernel.check_limit(c.tends_to_zero, c.as_, proofs[0]) or _denominators_unproved(self.kernel, c.tends_to_zero, nonzero)
        verdict = self.settle(verdict, proofs + list(nonzero), rejected)
        if key and verdict.status == PROVED and len(proofs) == 1:
            self.links.put(key, proofs[0], nonzero, False)
        return verdict

    def settle(self, verdict: ConclusionVerdict, proofs: list[Proof], rejected: str = "") -> ConclusionVerdict:
        uses: list[LemmaUse] = list(verdict.uses)
        premises: set[str] = set()
        chains: set[str] = set()
        for proof in proofs:
            u, p, ch, _ = self.dependencies(proof)
            uses += u
            premises |= set(p)
            chains |= set(ch)
        verdict = dataclasses.replace(verdict, uses=uses, premises=sorted(premises), chains=sorted(chains),
                                      assumed=self.assumed_of(uses, sorted(chains)))
        weak = [c for c in verdict.chains if self.chain_status.get(c) != PROVED]
        if weak:
            return dataclasses.replace(verdict, reason=f"follows from {', '.join(weak)}, which is not proved")
        if rejected:
            return dataclasses.replace(verdict, reason=f"the proof found does not pass the kernel: {rejected}")
        return dataclasses.replace(verdict, status=PROVED)

    def tends_to_zero(self, expr: Any, grows: Any, chains: list[ChainVerdict]) -> list[Proof] | None:
        """E → 0 as N → ∞ when E itself, or a chain's bound 0 ≤ E ≤ …, is C·q^N with 0 ≤ q < 1 and C free
        of N (the geometric sequence, and the squeeze)."""
        p = self.prover
        p.budget.start()
        target, _ = p.canon(expr)
        n_canon, _ = p.canon(grows)
        n_symbols = _free(n_canon)
        candidates: list[tuple[Any, Proof]] = [(expr, Proof("conv", "reflexivity", expr, "<=", expr))]
        for chain in chains:
            a, r, b = normalise(chain.start, chain.relation, chain.end)
            if r not in ("<=", "<", "=") or a != chain.start or p.canon(chain.start)[0] != target:
                continue
            statements = self.kernel.chains.get(chain.id) or self.kernel.chain_statements(chain.start, chain.relation, chain.end, set(chain.premises))
            same_indices = tuple((v, v) for v, _ in statements[0].variables)  # the chain's own indices
            candidates.append((b, Proof("chain", chain.id, a, "<=" if r == "=" else r, b, binding=same_indices)))
        for end, bound in candidates:
            factors = end.args if isinstance(end, sp.Mul) else (end,)
            powers = [f for f in factors if isinstance(f, sp.Pow) and p.canon(f.args[1])[0] == n_canon]
            if len(powers) != 1:
                continue
            q = powers[0].args[0]
            rest = [f for f in factors if f is not powers[0]]
            if any(_free(p.canon(f)[0]) & n_symbols for f in rest):
                continue
            p.budget.start()
            lower = p.nonneg(expr, False, 2)
            q_nonneg = p.nonneg(q, False, 2)
            q_lt_one = p.le(q, sp.Integer(1), True, 3)
            if lower is None or q_nonneg is None or q_lt_one is None:
                continue
            C = sp.Mul(*rest)
            uses = p.canon(expr)[1] + p.canon(grows)[1] + p.canon(powers[0].args[1])[1] + p.canon(bound.lhs)[1]
            limit = Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (bound, q_nonneg, q_lt_one, lower),
                          (("q", q), ("C", C)), tuple(dict.fromkeys(uses)))
            return [limit]
        return self.matrix_power_to_zero(expr, grows, n_canon)

    def matrix_power_to_zero(self, expr: Any, grows: Any, n_canon: Any) -> list[Proof] | None:
        """‖Aⁿ‖ → 0 when the canonical form of E is ‖Aⁿ‖ with n the growing quantity and ρ(A) < 1 (Gelfand)."""
        p = self.prover
        target, uses = p.canon(expr)
        if not (isinstance(target, Norm) and isinstance(target.matrix, sp.MatPow)):
            return None
        A, n = target.matrix.args
        if p.canon(n)[0] != n_canon or A.shape[0] != A.shape[1]:
            return None
        p.budget.start()
        spectral = p.le(SpectralRadius(A), sp.Integer(1), True, 3)
        if spectral is None:
            return None
        form = Proof("conv", "rewriting", expr, "=", target, rewrites=uses)
        rewrites = p.canon(grows)[1] + p.canon(n)[1]
        return [Proof("limit", "gelfand_tendsto_zero", expr, "->0", grows, (form, spectral), (("A", A),), tuple(dict.fromkeys(rewrites)))]

    # ---------------------------------------------------------------- counterexamples
    def refute(self, chains: list[ChainVerdict], conclusion: ConclusionVerdict | None) -> tuple[list[ChainVerdict], ConclusionVerdict | None]:
        """The verdicts again, with ``unproved`` turned into ``refuted`` where the falsifier finds an instance of the
        premises that breaks it (new values; the ones given are not changed)."""
        if all(link.status == PROVED for chain in chains for link in chain.links) and (conclusion is None or conclusion.status == PROVED):
            return chains, conclusion  # nothing to refute: numpy and the falsifier are not even imported
        from symbound.search.falsifier import falsify

        def refuted(link: LinkVerdict) -> LinkVerdict:
            if link.status == PROVED:
                return link
            try:
                with time_limit(GUARD * self.timeout):
                    outcome = falsify(self.d, self.prover, link.lhs, link.rel, link.rhs, self.seed, self.budget)
            except LimitReached:
                return dataclasses.replace(link, reason=link.reason + "; counterexample search stopped at its time limit")
            except Exception as exc:  # noqa: BLE001 - a failed search leaves the link unproved, never proved
                return dataclasses.replace(link, reason=link.reason + "; the counterexample search could not evaluate this claim")
            if outcome.witness is not None:
                kind = "certified exactly" if outcome.witness.exact else "checked in floating point only"
                return dataclasses.replace(link, status=REFUTED, witness=outcome.witness,
                                           reason=f"counterexample ({kind}, after {outcome.tried} instances)")
            if outcome.tried == 0:
                return dataclasses.replace(link, reason=link.reason + "; the counterexample search could not evaluate this claim")
            return dataclasses.replace(link, reason=link.reason + f"; no counterexample in {outcome.tried} instances (seed {self.seed})")

        chains = [dataclasses.replace(chain, links=[refuted(link) for link in chain.links]) for chain in chains]
        c = self.d.conclusion
        if conclusion is None or conclusion.status == PROVED or c is None:
            return chains, conclusion
        try:
            with time_limit(GUARD * self.timeout):
                outcome = self._refute_conclusion(c)
        except Exception as exc:  # noqa: BLE001
            return chains, dataclasses.replace(conclusion, reason=conclusion.reason + "; the counterexample search could not evaluate this claim")
        if outcome.witness is not None:
            conclusion = dataclasses.replace(conclusion, status=REFUTED, witness=outcome.witness)  # the reason: the witness, in render
        return chains, conclusion

    def _refute_conclusion(self, c: Any) -> Any:
        from symbound.search.falsifier import falsify, falsify_limit

        if c.tends_to_zero is not None:
            return falsify_limit(self.d, self.prover, c.tends_to_zero, c.as_, self.seed, self.budget)
        rel = c.relation
        return falsify(self.d, self.prover, rel.lhs, rel.rel, rel.rhs, self.seed, self.budget)

    # ---------------------------------------------------------------- the premises themselves
    def contradictions(self) -> list[Finding]:
        """Premises that contradict the declarations or each other: the negation of one is proved (and
        passes the kernel) from the others.  A universally quantified premise is tried at a fresh point."""
        out: list[Finding] = []
        for premise in self.d.premises:
            point = {v: sp.Dummy(str(v), real=True) for v in premise.bound}
            for rel in premise.relations:
                a, r, b = normalise(rel.lhs.xreplace(point), rel.rel, rel.rhs.xreplace(point))
                negations = [(b, "<", a)] if r == "<=" else [(b, "<=", a)] if r == "<" else [(a, "<", b), (b, "<", a)]
                for x, nr, y in negations:
                    try:
                        with time_limit(GUARD * self.timeout):
                            proof = self.prover.prove(x, nr, y, exclude=frozenset({premise.id}))
                    except LimitReached:
                        proof = None
                    if proof is None or self.kernel.check_goal(x, nr, y, proof):
                        continue
                    others = sorted(self.kernel.premises_of(proof) - {premise.id})
                    against = " and ".join(["the declarations"] + others) if not others else ", ".join(others) + " (with the declarations)"
                    out.append(Finding("contradiction", [premise.id, *others],
                                       f"premise {premise.id} contradicts {against}: {written(x)} {nr} {written(y)} is proved without it, so every claim would hold vacuously"))
                    break
                if out and out[-1].premises[0] == premise.id:
                    break
        return out

    def false_premises(self) -> list[Finding]:
        """`for_all` premises about their bound names and concrete activations only that the witness checker
        decides false (relu is not ½-Lipschitz): every claim would follow from them."""
        from symbound.kernel.witnesscheck import false_for_all

        out: list[Finding] = []
        for premise in self.d.premises:
            found = false_for_all(self.d, premise)
            if found is None:
                continue
            rel, at = found
            where = ("at " + ", ".join(f"{v} = {x}" for v, x in at.items())) if at else "for some value"
            out.append(Finding("false premise", [premise.id],
                               f"premise {premise.id} is false: {written(rel.lhs)} {rel.rel} {written(rel.rhs)} fails {where}, "
                               "and it is assumed for every value"))
        return out

    # ---------------------------------------------------------------- everything
    def run(self) -> Report:
        findings = (self.links.contradictions(self.contradictions) if self.links is not None else self.contradictions()) + self.false_premises()
        chains = [self.check_chain(chain) for chain in self.d.chains]
        conclusion = self.check_conclusion(chains)
        if self.search:
            chains, conclusion = self.refute(chains, conclusion)
        premises = {p.id: p.text for p in self.d.premises}
        claims = {p.id: p.quantified for p in self.d.premises}
        lemmas, refuted = lemma_verdicts(self.d, self.lemma_checks, chains, conclusion)
        return Report(self.d.path, self.d.title, self.d.source, self.d.notes, chains, conclusion, premises, claims, self.d,
                      seed=self.seed, budget=self.budget if self.search else 0, findings=refuted + findings, lemmas=lemmas)


def _operators(*terms: Any) -> set[type]:
    """The operators in the terms: the registry's (``Op.relevant``), and the matrix product."""
    kinds = classes(lambda op: op.relevant) + (sp.MatMul,)
    return {type(n) for t in terms if isinstance(t, sp.Basic) for n in sp.preorder_traversal(t) if isinstance(n, kinds)}


def _relevant(near: Any, goal: tuple) -> bool:
    """A lemma that almost applied is named only when its statement shares the goal's operators and relation
    (a bound that runs the other way says nothing about an equality)."""
    a, rel, b = goal
    if rel == "=" and near.rel != "=":
        return False
    return bool(_operators(near.lhs, near.rhs) & _operators(a, b))


def _denominators_unproved(kernel: Kernel, expr: Any, nonzero: tuple[Proof, ...]) -> str:
    """'' when every denominator of the expression is proved nonzero (the kernel checks the proofs)."""
    return kernel.check_goal(expr, "=", expr, Proof("conv", "reflexivity", expr, "=", expr), nonzero)


def _free(e: Any) -> set:
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def check(derivation: Derivation, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
          search: bool = True, reuse: dict | None = None, cache: Any = None) -> Report:
    """Check every chain and the conclusion of a derivation; search counterexamples for what fails.

    Repairs are a later pass over the report (``symbound.passes.repairs.repaired``; ``symbound.passes.verdicts.verdicts``
    runs both).

    ``reuse`` maps (chain id, link index) and "conclusion" to verdicts known to stand, taken as they are;
    ``cache`` (a ``cache.Store``) holds proofs of earlier runs, replayed through the kernel."""
    return Checker(derivation, timeout, seed, budget, search, reuse, cache).run()
