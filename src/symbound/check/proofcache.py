"""Per-link entries of the verdict cache: a proved link's proof term, stored as JSON and replayed.

A link's key (``cache.link_key``) covers the link (its two sides, relation and citations), the facts the
prover sees when it reaches the link (premises and the statements of earlier chains), the definitions,
declared properties, activations and index symbols, the model (its recurrence and initial index), the file's
own lemmas the counterexample search left standing (statements, hypotheses, kinds, properties, and why each is
assumed), which earlier chains are proved and what they rest
on, the options, and (through ``cache.link_key``) symbound's sources, the lemma library among them.

The entry holds the proof term (``proofs.Proof``) and the side proofs of its partial subterms.  It is a hint,
never a verdict: the checker hands the decoded proof to the kernel, and only a proof the kernel accepts
stands; anything that does not decode (corrupt, foreign, a class symbound does not know) is ignored and
the link is searched again.  Proofs are stored in the structural encoding of symbound.check.encoding (no text of
the cache is ever parsed or evaluated as code), and only when decoding gives back the very same proof.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sympy as sp

from symbound.check.cache import Store, link_key
from symbound.check.encoding import decode, encoded
from symbound.kernel.proofs import Proof


def _statement(theorem: Any) -> tuple:
    if theorem is None:
        return ()
    return (_text(theorem.lhs), theorem.rel, _text(theorem.rhs), [(_text(v), kind) for v, kind in theorem.variables])


def _lemma(lemma: Any) -> list:
    """What the prover and the kernel use of one of the file's lemmas: its statement, hypotheses, variables' kinds
    and required properties."""
    relations = [lemma.relation, *lemma.hypotheses]
    return [[(_text(r.lhs), r.rel, _text(r.rhs)) for r in relations], [(_text(v), kind) for v, kind in lemma.variables],
            sorted((_text(v), sorted(p)) for v, p in lemma.properties.items())]


def _text(e: Any) -> str:
    return sp.srepr(e) if isinstance(e, sp.Basic) else repr(e)


class LinkCache:
    """The per-link entries one checker reads and writes (see the module's docstring)."""

    def __init__(self, store: Store, checker: Any) -> None:
        self.store = store
        self.checker = checker
        k = checker.kernel
        static = [sorted((_text(a), _text(b)) for a, b in k.definitions.items()),
                  sorted((_text(a), sorted(p)) for a, p in k.properties.items()),
                  sorted((n, _text(f)) for n, f in checker.prover.known.items()),
                  sorted(_text(s) for s in k.index_symbols), checker.timeout,
                  None if k.recurrence is None else [_text(part) for part in k.recurrence],
                  sorted((name, k.assumed.get(name, ""), _lemma(lemma)) for name, lemma in checker.prover.assumed.items())]
        self._digest = hashlib.sha256(repr(static).encode())
        self._seen = 0  # facts of the prover already in the digest

    def context(self) -> str:
        """A digest of what the prover and the kernel know when a link is reached."""
        facts = self.checker.prover.facts
        for f in facts[self._seen:]:
            self._digest.update(repr((f.name, f.kind, _text(f.lhs), f.rel, _text(f.rhs), [(_text(v), kind) for v, kind in f.variables],
                                      [_text(b) for b in f.bound], [_text(x) for x in f.original])).encode())
        self._seen = len(facts)
        c = self.checker
        chains = sorted((cid, status, sorted(c.chain_premises.get(cid, ())), _statement(c.kernel.chains.get(cid))) for cid, status in c.chain_status.items())
        return self._digest.hexdigest() + hashlib.sha256(repr(chains).encode()).hexdigest()

    def key(self, lhs: Any, rel: str, rhs: Any, by: tuple[str, ...], exclude: frozenset[str], what: str = "link") -> str:
        """The key of a goal (a link, the conclusion, a limit) in the current context."""
        return link_key({"what": what, "context": self.context(), "lhs": _text(lhs), "rel": rel, "rhs": _text(rhs),
                         "by": list(by), "exclude": sorted(exclude)})

    def get(self, k: str) -> tuple[Proof, tuple[Proof, ...]] | None:
        """The stored proof and side proofs; None when missing or malformed (the kernel has yet to check them:
        a hit is a proof term replayed through the kernel, never a verdict)."""
        body = self.store.get_link(k)
        if body is None:
            return None
        try:
            proofs = decode(body["proofs"])
        except Exception:  # noqa: BLE001 - whatever is malformed is ignored, never trusted
            return None
        return (proofs[0], proofs[1:]) if proofs else None

    def put(self, k: str, proof: Proof, nonzero: tuple[Proof, ...]) -> None:
        body = encoded((proof, *nonzero))
        if body is not None:
            self.store.put_link(k, {"proofs": body})
