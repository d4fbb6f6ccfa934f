"""Verdicts reused across the checks of one run: a repair re-checks a derivation with one link or one
definition changed, and every link whose verdict cannot depend on the change is taken, not searched again.

A link's key is a SHA-256 of everything its verdict is computed from: symbound's version; the derivation
without its chains and conclusion (declarations and their properties, activations, definitions, the
model, the premises, the file's own lemmas, the file's text and path) and the outcome of the lemmas'
counterexample searches (which lemmas the kernel may assume); the timeout; then, in order, every chain
before the link and every earlier link of its own chain (their terms, relations, citations and places),
and the link itself.  The checker is deterministic, so the same key means the same verdict: the prefix
checked again would reach this link in the very same state.  Each part is pickled (sympy objects with
their assumptions, shapes and all); a derivation that does not pickle is never reused.

What is kept is the checker's own verdict (before the counterexample search).  A proved one is replayed:
its proof goes through this run's kernel again (a theorem belongs to the kernel that made it), and only a
proof the kernel accepts stands.  An unproved one is taken as it is; it claims nothing.  A verdict cut
short by the CPU-time guard is not kept (a re-check could get further).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from typing import Any, Callable

from symbound.values import PROVED
from symbound.version import __version__

UNSETTLED = "limit reached"  # a verdict's reason when the CPU-time guard stopped it


def _pickled(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(8, "big") + data  # framed: no two sequences of parts run together alike


class Prefix:
    """The running digest of what a checker has seen (its start, then each chain and link in order), and the memo
    its keys look verdicts up in."""

    def __init__(self, digest: Any, memo: VerdictMemo) -> None:
        self._digest = digest
        self.memo = memo

    def chain(self, chain: Any) -> None:
        self._digest.update(_pickled(("chain", dataclasses.replace(chain, links=[]))))

    def link(self, index: int, link: Any) -> str:
        """The key of ``link`` (the ``index``-th of the current chain), which then joins the prefix."""
        self._digest.update(_pickled(("link", index, link)))
        return self._digest.hexdigest()

    def verdict(self, index: int, link: Any, search: Callable[[Any], Any]) -> Any:
        """The verdict of ``link``: the memo's when unproved (it claims nothing, and the same prefix would search to
        the same end); else ``search(the memo's proved verdict or None)``, which the memo then keeps."""
        key = self.link(index, link)
        remembered = self.memo.get(key)
        if remembered is not None and remembered.status != PROVED:
            return remembered
        verdict = search(remembered)
        self.memo.put(key, verdict)
        return verdict


class VerdictMemo:
    """The link verdicts of one run's checks, by key (see the module's docstring)."""

    def __init__(self) -> None:
        self._verdicts: dict[str, Any] = {}
        self.hits = 0

    def start(self, derivation: Any, timeout: float, lemma_checks: list[Any]) -> Prefix | None:
        """The prefix of a checker of ``derivation`` before its first chain; None when a part does not pickle."""
        base = dataclasses.replace(derivation, chains=[], conclusion=None)
        try:
            digest = hashlib.sha256(_pickled((__version__, base, timeout, lemma_checks)))
        except Exception:  # noqa: BLE001 - whatever does not pickle is checked afresh, never reused
            return None
        return Prefix(digest, self)

    def get(self, key: str) -> Any:
        found = self._verdicts.get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, verdict: Any) -> None:
        if UNSETTLED not in verdict.reason:
            self._verdicts[key] = verdict

    def __len__(self) -> int:
        return len(self._verdicts)
