"""Replaying proof terms: a fresh kernel, the derivation file and the terms alone — never a report's statuses.

Each link's statement is read from the derivation (a chain's start, then each link's expression, in order),
and the term given for it (``"chain.index"``) is checked against that statement; a chain is admitted when
every one of its links passed, its statement composed by the kernel from theirs; then the conclusion
(``"conclusion"``).  The file's own lemmas named in ``assumed`` are assumptions of the kernel, and every
theorem resting on one lists it in its ``trusts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected, Theorem

Terms = dict[str, tuple[Proof, tuple[Proof, ...]]]  # step ("chain.index" or "conclusion") -> proof and side proofs


@dataclass
class Replayed:
    """The theorems a replay made, by step (links "chain.index", chains by id, "conclusion"), and the steps it
    rejected, with why."""

    links: dict[str, Theorem] = field(default_factory=dict)
    chains: dict[str, Theorem] = field(default_factory=dict)
    conclusion: Theorem | None = None
    rejected: dict[str, str] = field(default_factory=dict)


def replay(derivation: Any, terms: Terms, assumed: set[str] = frozenset()) -> Replayed:
    """Check every term in a fresh kernel of ``derivation``, in the file's order (see the module's docstring)."""
    kernel = Kernel.for_derivation(derivation)
    for lemma in derivation.lemmas:
        if lemma.name in assumed:
            kernel.assume(lemma, "named as assumed by the certificate")
    out = Replayed()
    steps = set()
    chain_ids = {chain.id for chain in derivation.chains}
    for chain in derivation.chains:
        current, links = chain.start, []
        for k, link in enumerate(chain.links, start=1):
            step = f"{chain.id}.{k}"
            steps.add(step)
            theorem = None
            if step in terms:
                try:
                    theorem = out.links[step] = kernel.prove_goal(current, link.rel, link.expr, *terms[step])
                except Rejected as exc:
                    out.rejected[step] = str(exc)
            links.append(theorem)
            current = link.expr
        if all(t is not None for t in links):
            try:
                out.chains[chain.id] = kernel.admit_chain(chain.id, links)
            except Rejected as exc:
                out.rejected[chain.id] = str(exc)
        else:  # what stands of it: its runs of proved links, as the checker admits them
            kernel.admit_runs(chain.id, links, chain_ids)
    c = derivation.conclusion
    if c is not None and "conclusion" in terms:
        steps.add("conclusion")
        try:
            if c.relation is not None:
                out.conclusion = kernel.prove_goal(c.relation.lhs, c.relation.rel, c.relation.rhs, *terms["conclusion"])
            else:
                out.conclusion = kernel.prove_limit(c.tends_to_zero, c.as_, *terms["conclusion"])
        except Rejected as exc:
            out.rejected["conclusion"] = str(exc)
    for step in sorted(set(terms) - steps):
        out.rejected[step] = "the file has no such step"
    return out
