"""A lemma's hypotheses in the search: its named predicates (with the properties derived instead of declared,
symbound.rules.predicates.obligations), the proofs of its relational hypotheses, and the near misses (why a
lemma did not apply).  A mixin of symbound.search.prover.Prover, whose ``le``, ``equal`` and facts it uses."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.terms import instantiate, lemma_mismatch
from symbound.ops import SeqElem, SigmaMin
from symbound.read.lemmas import hypothesis_relations
from symbound.rules import BY_NAME, predicates
from symbound.search.matching import free_variables, match
from symbound.values import NearMiss

STRICT = {"<": True, "<=": False}


def normalise(lhs: Any, rel: str, rhs: Any) -> tuple[Any, str, Any]:
    """Turn ≥ and > around, so every goal reads ``a <= b``, ``a < b`` or ``a = b``."""
    if rel in (">=", ">"):
        return rhs, "<=" if rel == ">=" else "<", lhs
    return lhs, rel, rhs



class Hypotheses:
    """The hypothesis moves; mixed into the Prover."""

    # ------------------------------------------------------------------ hypotheses
    def failed_predicate(self, lemma: str, b: dict) -> str:
        """The first named-predicate hypothesis of a lemma that fails for a binding ('' if none)."""
        if lemma in self.assumed:
            return lemma_mismatch(self.assumed[lemma], b, self.properties)
        hypotheses = BY_NAME[lemma].hypotheses
        if not self._sigma_min_bounded or not any(p in predicates.DERIVED for p, _ in predicates.named(hypotheses)):
            return predicates.failed(hypotheses, b, self.properties, self.known)
        why = predicates.failed(hypotheses, b, self.properties, self.known, derive=True)
        derived = self._derived(lemma, b)[1::2] if not why else []
        # an undeclared property is derived only for a matrix whose σ_min a fact bounds (the search stays small)
        if any(untransposed(e.args[0]) not in self._sigma_min_bounded for e in derived if isinstance(e, SigmaMin)):
            return predicates.failed(hypotheses, b, self.properties, self.known)
        return why

    def _derived(self, lemma: str, b: dict) -> list[Any]:
        """The sides of the relations that derive a lemma's undeclared predicates (predicates.obligations), flat."""
        if lemma in self.assumed or lemma not in BY_NAME:
            return []
        return [x for relation in predicates.obligations(BY_NAME[lemma].hypotheses, b, self.properties, self.known)
                for x in (relation[0], relation[2])]

    def _hypotheses(self, fact: Any) -> list[tuple[tuple[Any, ...], Any]]:
        """A library or file lemma's relational hypotheses, as (bound variables, relation)."""
        return self.assumed[fact.name].hypothesis_relations() if fact.kind == "assumed" else hypothesis_relations(fact.name)

    def relational_hypotheses(self, fact: Any, b: dict, depth: int) -> tuple[tuple[Proof, ...], dict] | None:
        """Proofs of a lemma's relational hypotheses under a binding, and the fresh variables a quantified
        hypothesis was proved for (they join the binding)."""
        if fact.kind not in ("lemma", "assumed"):
            return (), {}
        proofs = []
        every: dict = {}
        for bound, rel in self._hypotheses(fact):
            fresh = {v: sp.Dummy(str(v).lstrip("?"), real=True) for v in bound}
            every.update(fresh)
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
        if fact.kind == "lemma":  # then the relations that derive an undeclared property (predicates.obligations)
            for lhs, _, rhs in predicates.obligations(BY_NAME[fact.name].hypotheses, b, self.properties, self.known):
                p = self.le(lhs, rhs, False, max(depth - 1, 0))
                if p is None:
                    return None
                proofs.append(p)
        return tuple(proofs), every

    # ------------------------------------------------------------------ near misses
    def _declarable(self, lemma: str, binding: dict) -> bool:
        """Whether a failed matrix property (normal, orthogonal) is about a declared matrix, which the file could
        declare so; a property of a product or a power of matrices (or of a vector) cannot be declared."""
        if lemma not in BY_NAME:
            return True  # a file's own lemma: its properties are the declarations of its variables
        for pred, arg in predicates.named(BY_NAME[lemma].hypotheses):
            if pred in ("normal", "orthogonal", "semi_orthogonal"):
                value = next((v for k, v in binding.items() if str(k).lstrip("?") == arg), None)
                if value is not None and not _declared_matrix(value) and predicates.failed((f"{pred}({arg})",), binding, self.properties, self.known):
                    return False
        return True

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
                for fact in (f for f in self.rewrite_facts if not _restates(f)):
                    for binding in match(fact.lhs, node, fact.kinds):
                        failed = self.failed_predicate(fact.name, binding)
                        if failed and self._declarable(fact.name, binding):
                            out.append(NearMiss(fact.name, instantiate(fact.lhs, binding), "=", instantiate(fact.rhs, binding), f"it would apply, but {failed}"))
        seen: set[tuple[str, str]] = set()
        unique = []
        for n in out:
            if (n.lemma, str(n.lhs), str(n.rhs)) not in seen:
                seen.add((n.lemma, str(n.lhs), str(n.rhs)))
                unique.append(n)
        return unique


def untransposed(M: Any) -> Any:
    return untransposed(M.args[0]) if isinstance(M, sp.Transpose) else M


def _declared_matrix(e: Any) -> bool:
    """A declared matrix, a sequence's element, or its transpose; a vector (one column) is no matrix one could
    declare orthogonal."""
    M = untransposed(e)
    return isinstance(M, (sp.MatrixSymbol, SeqElem)) and M.shape[1] != 1


def _restates(fact: Any) -> bool:
    """A rewrite Aᵀ = A that only restates its predicate (symmetric(A)): "it would apply" would say no more than
    the step needs Aᵀ = A, at every transpose of every matrix, so it is never a near miss."""
    return isinstance(fact.lhs, sp.Transpose) and fact.lhs.args[0] == fact.rhs
