"""The checker: walks a derivation's chains link by link and returns verdict objects.

A link is checked from the premises, the definitions, the model and the chains before it.  It is
``proved`` only when a proof is found *and* every earlier chain that proof uses is itself proved;
otherwise it is ``unproved`` with the reason.  A chain's composed statement then becomes a fact
for later chains, universally quantified over the time indices no premise it used constrains.
"""

from __future__ import annotations

import dataclasses
from itertools import islice
from typing import Any, Iterator

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.read.document import MODEL_CITATION, Chain, Derivation, compose
from symbound.read.syntax import Activation, normalised
from symbound.kernel import domains
from symbound.kernel.kernel import Kernel
from symbound.kernel.theorem import Rejected, Theorem
from symbound.rules import BY_NAME
from symbound.rules import answered
from symbound.limits import LimitReached, time_limit
from symbound.search.prover import Budget, Fact, Prover, normalise
from symbound.kernel.proofs import Proof
from symbound.ops.written import written
from symbound.ops.objects import Unevaluable
from symbound.ops import Norm, SpectralRadius
from symbound.ops import classes
from symbound.check.consistency import defined, negations, points, premises_together, valueless
from symbound.check.counterexamples import refute
from symbound.check.lemmachecks import install, lemma_verdicts
from symbound.check.reuse import VerdictMemo
from symbound.values import PROVED, UNPROVED, ChainVerdict, Consistency, ConclusionVerdict, Finding, LemmaUse, LinkVerdict, Report


GUARD = 6  # the CPU-time guard is this many times --timeout: a last resort, far above what the step budget allows


class Checker:
    def __init__(self, derivation: Derivation, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
                 search: bool = True, reuse: dict | None = None, cache: Any = None, memo: VerdictMemo | None = None) -> None:
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
        self.prefix = memo.start(derivation, timeout, self.lemma_checks) if memo is not None else None  # the run's verdicts (check.reuse)
        # per-link entries of the verdict cache (a cache.Store): proofs to replay through the kernel
        self.links = None
        if cache is not None:
            from symbound.check.proofcache import LinkCache

            self.links = LinkCache(cache, self)

    # ---------------------------------------------------------------- dependencies
    def dependencies(self, *proofs: Proof) -> tuple[list[LemmaUse], list[str], list[str], list[str]]:
        """The lemma instances, premises, chains and definitions the proofs name (chains' premises included): what
        a verdict shows.  A proved verdict's premises, definitions and assumed lemmas are its theorem's."""
        uses: list[LemmaUse] = []
        premises: set[str] = set()
        chains: set[str] = set()
        definitions: set[str] = set()
        for node in (n for proof in proofs for n in proof.walk()):
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
        """The verdict of a link: the run's memo's when the prefix up to it is one already checked (an unproved
        verdict as it is; a proved one replayed through this kernel), else searched (and remembered)."""
        search = lambda remembered: self.search_link(chain, index, lhs, link, remembered)  # noqa: E731
        return self.prefix.verdict(index, link, search) if self.prefix is not None else search(None)

    def search_link(self, chain: Chain, index: int, lhs: Any, link: Any, remembered: LinkVerdict | None = None) -> LinkVerdict:
        """A link's verdict: a proof known to stand replayed (``remembered``, ``reuse``, the cache), else searched."""
        reason, miscited = "", []
        unknown = [name for name in link.by if name not in BY_NAME and name not in self.premise_ids and name not in self.chain_ids
                   and name not in self.lemma_names and name != MODEL_CITATION]
        if unknown:
            reason, miscited = f"`by:` names {', '.join(unknown)}, which is not a lemma, premise or chain", unknown
        refuted = [name for name in link.by if name in self.lemma_names and name not in self.kernel.assumed]
        if refuted:
            reason, miscited = f"`by:` names {', '.join(refuted)}, a lemma of this file that the counterexample search refuted or whose hypotheses it found no instance of (not used)", refuted
        verdict = LinkVerdict(chain.id, index, link.source, link.where.line, lhs=lhs, rel=link.rel, rhs=link.expr, outcome=UNPROVED, cited=link.by,
                              miscited=miscited, reason=reason, note=link.note)
        weak_chains = frozenset(c for c, status in self.chain_status.items() if status != PROVED)
        key = self.links.key(lhs, link.rel, link.expr, link.by, weak_chains) if self.links is not None else ""
        # a proof known to stand (the memo's, ``reuse``), else the cache's: replayed through this kernel, never taken as it is
        known = [old.theorem for old in (remembered, self.reuse.get((chain.id, index))) if old is not None and old.theorem is not None]
        for hit in (*((t.proof, t.side_proofs) for t in known), self.links.get(key) if self.links is not None else None):
            replayed = self.settle_link(verdict, link, *hit) if hit is not None else None
            if replayed is not None and replayed.status == PROVED:
                return replayed
        try:
            with time_limit(GUARD * self.timeout):
                proof = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by, exclude=weak_chains)
                if proof is None:
                    verdict = self.diagnose(verdict, lhs, link.rel, link.expr)
                    key = ""  # a proof found only after a failed search is not stored (the failure left a reason)
                    if weak_chains:
                        proof = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by)
                    if proof is None and link.by:  # a citation never makes the search worse: without them
                        proof = self.prover.prove(lhs, link.rel, link.expr, exclude=weak_chains)
        except LimitReached as exc:
            return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
        if proof is None:
            return verdict
        nonzero = self.nonzero((lhs, link.expr), link.by)
        used = answered(cited_names(proof, nonzero))
        # (a file's own lemma is not: a proof that does without an assumption is the better one)
        citable = set(self.premise_ids) | set(self.chain_ids) | set(BY_NAME)
        for name in [n for n in link.by if n not in used and n in citable]:
            # a citation is wrong only when the cited fact cannot take part in a proof of the link
            try:
                with time_limit(GUARD * self.timeout):
                    other = self.prover.prove(lhs, link.rel, link.expr, prefer=link.by, exclude=weak_chains, require=name)
            except LimitReached:
                other = None
            finally:
                self.prover.required = ""
                self.prover._memo.clear()
            if other is not None and name in other.names() and self._passes(lhs, link.rel, link.expr, other, nonzero):
                proof = other
                used = answered(cited_names(proof, nonzero))
        verdict = self.settle_link(verdict, link, proof, nonzero)
        if verdict.status != PROVED and link.by and not verdict.reason.startswith("follows only from"):
            # a citation never makes a verdict worse: the search without the link's citations
            try:
                with time_limit(GUARD * self.timeout):
                    plain = self.prover.prove(lhs, link.rel, link.expr, exclude=weak_chains)
            except LimitReached:
                plain = None
            if plain is not None and plain != proof:
                retried = self.settle_link(dataclasses.replace(verdict, reason=reason, miscited=miscited), link, plain, nonzero)
                if retried.status == PROVED:
                    verdict = retried
        if key and verdict.status == PROVED:
            self.links.put(key, verdict.theorem.proof, verdict.theorem.side_proofs)
        return verdict

    def _passes(self, lhs: Any, rel: str, rhs: Any, proof: Proof, nonzero: tuple[Proof, ...]) -> bool:
        try:
            self.kernel.prove_goal(lhs, rel, rhs, proof, nonzero)
        except Rejected:
            return False
        return True

    def settle_link(self, verdict: LinkVerdict, link: Any, proof: Proof, nonzero: tuple[Proof, ...]) -> LinkVerdict:
        """The verdict of a link with a proof (searched, replayed from the cache or from a verdict known to stand):
        its miscitations, and PROVED only with the kernel's theorem, whose hypotheses are what it rests on."""
        uses, premises, chains, definitions = self.dependencies(proof, *nonzero)
        used = answered(cited_names(proof, nonzero))
        verdict = dataclasses.replace(verdict, proof=proof, side_proofs=nonzero, uses=uses, premises=premises, chains=chains,
                                      definitions=definitions, assumed=sorted({u.name for u in uses if u.kind == "assumed"}),
                                      miscited=sorted(set(verdict.miscited) | {name for name in link.by if name not in used}))
        weak = [c for c in chains if self.chain_status.get(c) != PROVED]
        if weak:
            return dataclasses.replace(verdict, reason=f"follows only from {', '.join(weak)}, which is not proved")
        try:
            theorem = self.kernel.prove_goal(verdict.lhs, link.rel, link.expr, proof, nonzero)
        except Rejected as exc:
            return dataclasses.replace(verdict, reason=f"the proof found does not pass the kernel: {exc}")
        uses = self.dependencies(theorem.proof, *theorem.side_proofs)[0]
        return dataclasses.replace(verdict, theorem=theorem, side_proofs=theorem.side_proofs, uses=uses, blocker=None, near=[],
                                   **_rests_on(theorem))

    def nonzero(self, terms: tuple, prefer: tuple[str, ...], exclude: frozenset[str] = frozenset()) -> tuple[Proof, ...]:
        """Proofs of the side conditions of every partial subterm of the terms, through the definitions
        (symbound.kernel.domains), none using the facts in ``exclude``: for each, the goals of the first
        alternative proved in full; a goal d ≠ 0 as 0 < d or d < 0."""
        out: list[Proof] = []
        for ob in domains.obligations(terms, self.definitions):
            for alternative in ob.alternatives:
                proofs = [self.side_proof(goal, prefer, exclude) for goal in alternative]
                if all(p is not None for p in proofs):
                    out += [p for p in proofs if p not in out]
                    break
        return tuple(out)

    def side_proof(self, goal: tuple, prefer: tuple[str, ...], exclude: frozenset[str] = frozenset()) -> Proof | None:
        a, rel, b = goal
        try:
            if rel == "!=":
                return (self.prover.prove(sp.Integer(0), "<", a, prefer=prefer, exclude=exclude)
                        or self.prover.prove(a, "<", sp.Integer(0), prefer=prefer, exclude=exclude))
            return self.prover.prove(a, rel, b, prefer=prefer, exclude=exclude)
        except LimitReached:
            return None

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

    def link_verdicts(self, chain: Chain) -> Iterator[LinkVerdict]:
        """The verdicts of a chain's links, in order, each checked when it is reached."""
        if self.prefix is not None:
            self.prefix.chain(chain)
        current = chain.start
        for k, link in enumerate(chain.links, start=1):
            yield self.check_link(chain, k, current, link)
            current = link.expr

    def verdict_of(self, chain_id: str, index: int) -> LinkVerdict:
        """One link's verdict, checking only what comes before it (the earlier chains, its chain's earlier links)."""
        for chain in self.d.chains:
            if chain.id == chain_id and 1 <= index <= len(chain.links):
                return next(islice(self.link_verdicts(chain), index - 1, None))
            self.check_chain(chain)
        raise KeyError(f"no link {chain_id}.{index}")

    def check_chain(self, chain: Chain) -> ChainVerdict:
        links = list(self.link_verdicts(chain))
        current = chain.links[-1].expr if chain.links else chain.start
        relation = compose([link.rel for link in chain.links])
        theorem = None
        if all(link.theorem is not None for link in links):
            try:
                theorem = self.kernel.admit_chain(chain.id, [link.theorem for link in links])
            except Rejected:
                theorem = None
            if theorem is not None and theorem.statement != normalised(chain.start, relation, current):
                theorem = None  # the links compose to another statement than the chain's: not this chain's theorem
        verdict = ChainVerdict(chain.id, chain.text, chain.start, relation, current, chain.where.line, links, chain.note, theorem=theorem)
        self.chain_status[chain.id] = verdict.status
        premises = set(verdict.premises)
        self.chain_premises[chain.id] = premises
        if not isinstance(chain.start, MatrixExpr):
            self.add_chain_fact(chain.id, chain.start, relation, current, premises)
            if theorem is None:
                self.add_proved_runs(chain, links)
        return verdict

    def add_proved_runs(self, chain: Chain, links: list[LinkVerdict]) -> None:
        """Each maximal run of proved links of a chain that is not proved as a whole, admitted by the kernel as a
        fact of its own (``eq6.1-2``, Kernel.admit_runs): what the chain shows up to a wrong link still stands."""
        for rid, theorem in self.kernel.admit_runs(chain.id, [link.theorem for link in links], set(self.chain_ids)).items():
            self.chain_status[rid] = PROVED
            premises = set(theorem.named("premise"))
            self.chain_premises[rid] = premises
            a, r, b = theorem.statement
            self.add_chain_fact(rid, a, r, b, premises)

    def add_chain_fact(self, cid: str, start: Any, relation: str, end: Any, premises: set[str]) -> None:
        """The chain as a fact for the prover (the kernel admits it only when every link is proved)."""
        a, r, b = normalise(start, relation, end)
        kinds = tuple((v, "scalar") for v, _ in self.kernel.quantified(a, b, premises))
        self.prover.add_fact(Fact(cid, "chain", a, "<" if r == "<" else "<=", b, kinds))
        if r == "=":  # an equality in both directions, as the kernel admits it (a rewrite: symbound.search.equations)
            self.prover.add_fact(Fact(cid, "chain", b, "<=", a, kinds))

    # ---------------------------------------------------------------- the conclusion
    def check_conclusion(self, chains: list[ChainVerdict]) -> ConclusionVerdict | None:
        c = self.d.conclusion
        if c is None:
            return None
        if c.relation is not None:
            rel = c.relation
            claim = f"{rel.lhs} {rel.rel} {rel.rhs}"
            verdict = ConclusionVerdict(c.text, claim, c.where.line, outcome=UNPROVED, lhs=rel.lhs, rel=rel.rel, rhs=rel.rhs)
            key = self.links.key(rel.lhs, rel.rel, rel.rhs, c.by, frozenset(), "conclusion") if self.links is not None else ""
            replayed = self.replayed(verdict, key)
            if replayed is not None:
                return replayed
            weak = frozenset(cid for cid, status in self.chain_status.items() if status != PROVED)
            try:  # first without the chains that are not proved (what stands of them is in their proved runs)
                proof = self.prover.prove(rel.lhs, rel.rel, rel.rhs, prefer=c.by, exclude=weak)
                if proof is None and weak:
                    proof = self.prover.prove(rel.lhs, rel.rel, rel.rhs, prefer=c.by)
            except LimitReached as exc:
                return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
            if proof is None:
                return dataclasses.replace(verdict, reason="the conclusion does not follow from the premises and chains")
            verdict = self.settle(verdict, proof, self.nonzero((rel.lhs, rel.rhs), c.by))
        else:
            claim = f"{c.tends_to_zero} -> 0 as {c.as_} -> oo"
            verdict = ConclusionVerdict(c.text, claim, c.where.line, outcome=UNPROVED, lhs=c.tends_to_zero, rel="->0", rhs=c.as_)
            key = self.links.key(c.tends_to_zero, "->0", c.as_, c.by, frozenset(), "limit") if self.links is not None else ""
            replayed = self.replayed(verdict, key)
            if replayed is not None:
                return replayed
            try:
                proof = self.tends_to_zero(c.tends_to_zero, c.as_, chains)
            except LimitReached as exc:
                return dataclasses.replace(verdict, reason=f"limit reached: {exc}")
            if proof is None:
                return dataclasses.replace(verdict, reason="no chain bounds it by C·qⁿ with 0 ≤ q < 1 and n the quantity that grows")
            verdict = self.settle(verdict, proof, self.nonzero((c.tends_to_zero,), c.by))
        if key and verdict.status == PROVED:
            self.links.put(key, verdict.theorem.proof, verdict.theorem.side_proofs)
        return verdict

    def replayed(self, verdict: ConclusionVerdict, key: str) -> ConclusionVerdict | None:
        """The conclusion proved by the proof of a verdict known to stand (``reuse``) or of the cache, replayed
        through this kernel; None when neither passes."""
        old = self.reuse.get("conclusion")
        for hit in ((old.theorem.proof, old.theorem.side_proofs) if old is not None and old.theorem is not None else None,
                    self.links.get(key) if key else None):
            again = self.settle(verdict, *hit) if hit is not None else None
            if again is not None and again.status == PROVED:
                return again
        return None

    def settle(self, verdict: ConclusionVerdict, proof: Proof, nonzero: tuple[Proof, ...]) -> ConclusionVerdict:
        """The conclusion with a proof (a relation's, or a limit's): PROVED only with the kernel's theorem."""
        uses, premises, chains, _ = self.dependencies(proof, *nonzero)
        verdict = dataclasses.replace(verdict, uses=uses, premises=premises, chains=chains, assumed=sorted({u.name for u in uses if u.kind == "assumed"}))
        weak = [c for c in verdict.chains if self.chain_status.get(c) != PROVED]
        if weak:
            return dataclasses.replace(verdict, reason=f"follows from {', '.join(weak)}, which is not proved")
        try:
            if verdict.rel == "->0":
                theorem = self.kernel.prove_limit(verdict.lhs, verdict.rhs, proof, nonzero)
            else:
                theorem = self.kernel.prove_goal(verdict.lhs, verdict.rel, verdict.rhs, proof, nonzero)
        except Rejected as exc:
            return dataclasses.replace(verdict, reason=f"the proof found does not pass the kernel: {exc}")
        uses = self.dependencies(theorem.proof, *theorem.side_proofs)[0]
        return dataclasses.replace(verdict, theorem=theorem, uses=uses, **_rests_on(theorem))

    def tends_to_zero(self, expr: Any, grows: Any, chains: list[ChainVerdict]) -> Proof | None:
        """E → 0 as N → ∞ when E itself, or a chain's bound 0 ≤ E ≤ …, is C·q^N with 0 ≤ q < 1 and C free
        of N (the geometric sequence, and the squeeze)."""
        p = self.prover
        p.budget.start()
        target, _ = p.canon(expr)
        n_canon, _ = p.canon(grows)
        n_symbols = _free(n_canon)
        candidates: list[tuple[Any, Proof]] = [(expr, Proof("conv", "reflexivity", expr, "=", expr))]
        for chain in chains:
            a, r, b = normalise(chain.start, chain.relation, chain.end)
            if r not in ("<=", "<", "=") or a != chain.start or p.canon(chain.start)[0] != target:
                continue
            variables = chain.theorem.variables if chain.theorem is not None else self.kernel.quantified(a, b, set(chain.premises))
            same_indices = tuple((v, v) for v, _ in variables)  # the chain's own indices
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
            lower = () if bound.rel == "=" else (p.nonneg(expr, False, 2),)  # C·qⁿ itself, or squeezed by it
            q_nonneg = p.nonneg(q, False, 2)
            q_lt_one = p.le(q, sp.Integer(1), True, 3)
            if None in lower or q_nonneg is None or q_lt_one is None:
                continue
            C = sp.Mul(*rest)
            uses = p.canon(expr)[1] + p.canon(grows)[1] + p.canon(powers[0].args[1])[1] + p.canon(bound.lhs)[1]
            limit = Proof("limit", "geometric_tendsto_zero", expr, "->0", grows, (bound, q_nonneg, q_lt_one, *lower),
                          (("q", q), ("C", C)), tuple(dict.fromkeys(uses)))
            return limit
        return self.matrix_power_to_zero(expr, grows, n_canon)

    def matrix_power_to_zero(self, expr: Any, grows: Any, n_canon: Any) -> Proof | None:
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
        return Proof("limit", "gelfand_tendsto_zero", expr, "->0", grows, (form, spectral), (("A", A),), tuple(dict.fromkeys(rewrites)))

    # ---------------------------------------------------------------- the premises themselves
    def contradictions(self, false: frozenset[str] = frozenset()) -> list[Finding]:
        """Premises that contradict the declarations or each other: the negation of one is proved (and
        passes the kernel) from the others.  A universally quantified premise is tried at a fresh point,
        then at the points of ``consistency.points`` (a real variable at 1, 0, …).  The premises in ``false``,
        found false by themselves (``false_premises``), are not searched again."""
        out: list[Finding] = []
        for premise in (p for p in self.d.premises if p.id not in false):
            at_points = [(point, rel.lhs.xreplace(point), rel.rel, rel.rhs.xreplace(point)) for point in points(premise.bound) for rel in premise.relations]
            for point, (x, nr, y) in ((point, n) for point, a, r, b in at_points if defined(a, b) for n in negations(*normalise(a, r, b))):
                try:
                    with time_limit(GUARD * self.timeout):
                        proof = self.prover.prove(x, nr, y, exclude=frozenset({premise.id}), pairs=False)
                except LimitReached:
                    proof = None
                if proof is None:
                    continue
                try:
                    with time_limit(GUARD * self.timeout):
                        sides = self.nonzero((x, y), (), frozenset({premise.id}))  # inv(A), 1/a: defined without the premise
                    theorem = self.kernel.prove_goal(x, nr, y, proof, sides)
                except (Rejected, LimitReached):
                    continue
                others = sorted(set(theorem.named("premise")) - {premise.id})
                against = " and ".join(["the declarations"] + others) if not others else ", ".join(others) + " (with the declarations)"
                at = ", ".join(f"{v} = {c}" for v, c in point.items() if c.is_number)
                out.append(Finding("contradiction", [premise.id, *others],
                                   f"premise {premise.id} contradicts {against}: {written(x)} {nr} {written(y)} is proved without it"
                                   f"{f' (the premise at {at})' if at else ''}, so every claim would hold vacuously"))
                break
        return out

    def false_premises(self) -> list[Finding]:
        """Premises with no value anywhere (1/0 ≥ b), and `for_all` premises about their bound names and concrete
        activations only that the witness checker decides false (relu is not ½-Lipschitz): every claim would follow from them."""
        from symbound.kernel.vacuous import false_for_all

        out: list[Finding] = []
        for premise in self.d.premises:
            if any(valueless(r.lhs, r.rhs) for r in premise.relations):
                out.append(Finding("undefined premise", [premise.id],
                                   f"premise {premise.id} (line {premise.where.line}) is undefined for every value: {premise.source or premise.text} "
                                   "has a constant without a real value "
                                   "(a division by zero, an even root or a logarithm of a negative number), so it states nothing "
                                   "and no claim may rest on it"))
                continue
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
        false = self.false_premises()  # searched on every run: a cached "none" could hide one
        findings = self.contradictions(frozenset(f.premises[0] for f in false)) + false
        chains = [self.check_chain(chain) for chain in self.d.chains]
        conclusion = self.check_conclusion(chains)
        if self.search:
            chains, conclusion = refute(self.d, self.prover, self.seed, self.budget, GUARD * self.timeout, chains, conclusion)
        premises = {p.id: p.text for p in self.d.premises}
        claims = {p.id: p.quantified for p in self.d.premises}
        lemmas, refuted = lemma_verdicts(self.d, self.lemma_checks, chains, conclusion)
        return Report(self.d.path, self.d.title, self.d.source, self.d.notes, chains, conclusion, premises, claims, self.d,
                      seed=self.seed, budget=self.budget if self.search else 0, findings=refuted + findings, lemmas=lemmas,
                      consistency=self.consistency(findings))

    def consistency(self, findings: list[Finding]) -> Consistency | None:
        """An instance of the premises (symbound.check.consistency), unless the search is off or a finding
        already shows that they cannot all hold."""
        if self.d.premises and any(f.kind in ("contradiction", "false premise", "undefined premise") for f in findings):
            return Consistency(None, 0, searched=False, contradicted=True)
        try:
            with time_limit(GUARD * self.timeout):
                return premises_together(self.d, self.prover, self.seed, self.budget if self.search else 0)
        except (LimitReached, Unevaluable):  # a search that shows nothing: the premises stay not shown consistent
            return Consistency(None, 0)


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


def cited_names(proof: Proof, side: tuple[Proof, ...]) -> set[str]:
    """The names a `by:` may cite that a proof (with its side proofs) uses: its facts' and rules' names, ``model``
    when it applies the model (the recurrence, a Jacobian, an activation's formula), and ``recurrence_induction``
    also for the recurrence applied once."""
    nodes = [n for p in (proof, *side) for n in p.walk()]
    names = {n.rule for n in nodes}
    if any(n.kind == "model" for n in nodes):
        names.add(MODEL_CITATION)
    if any(n.kind == "model" and n.rule == "recurrence" for n in nodes):
        names.add("recurrence_induction")
    return names


def _rests_on(theorem: Theorem) -> dict[str, list[str]]:
    """A proved verdict's premises and the file's lemmas it assumes: its theorem's hypotheses."""
    return {"premises": theorem.named("premise"), "assumed": theorem.named("assumed")}


def _free(e: Any) -> set:
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def check(derivation: Derivation, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
          search: bool = True, reuse: dict | None = None, cache: Any = None, memo: VerdictMemo | None = None) -> Report:
    """Check every chain and the conclusion of a derivation; search counterexamples for what fails.

    Repairs are a later pass over the report (``symbound.passes.repairs.repaired``; ``symbound.passes.verdicts.verdicts``
    runs both).

    ``reuse`` maps (chain id, link index) and "conclusion" to verdicts whose proofs are tried first (replayed
    through the kernel, never taken as they are);
    ``cache`` (a ``cache.Store``) holds proofs of earlier runs, replayed through the kernel; ``memo`` (a ``reuse.VerdictMemo``) the run's verdicts."""
    return Checker(derivation, timeout, seed, budget, search, reuse, cache, memo).run()
