"""Named predicates in lemma hypotheses: the registry is ``symbound.rules.predicates`` (kept importable
here for the prover and the kernel)."""

from .rules.predicates import REGISTRY, Context, Predicate, failed, named

__all__ = ["REGISTRY", "Context", "Predicate", "failed", "named"]
