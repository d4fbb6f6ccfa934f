"""Theorems: the values that make a verdict PROVED, and that only the kernel makes.

As HOL Light's abstract ``thm``: a ``Theorem`` is constructed only with the kernel's private seal, and
every theorem is registered, by identity, when it is made.  ``genuine`` is what the verdict layer asks:
a value made in any other way — another module calling the class, ``dataclasses.replace``, ``copy``,
pickling, ``object.__new__``, a subclass — fails or is not genuine.  A theorem states ``lhs rel rhs``
(``rel`` is =, <=, < or ->0 for a limit) for all values of its ``variables``, and lists, like Lean's
``#print axioms``, what it rests on: its ``hypotheses`` (premises, definitions, earlier chains, library
lemmas, the file's own lemmas, the side conditions it discharged) and the decision procedures it
``trusts`` beyond the kernel's rules.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

_SEAL = object()  # the kernel's private token: symbound.kernel.kernel passes it, nothing else may
_ISSUED: "weakref.WeakValueDictionary[int, Theorem]" = weakref.WeakValueDictionary()


class Rejected(Exception):
    """A proof node (or a chain, a certificate entry) the kernel does not accept."""


@dataclass(frozen=True, order=True)
class Hypothesis:
    """One thing a theorem rests on: ``kind`` is premise, definition, chain, lemma, assumed (a lemma of
    the file, not proved), model or nonzero (a denominator shown ≠ 0, with what that proof rests on)."""

    kind: str
    name: str


class Theorem:
    """``lhs rel rhs`` for all ``variables``, made by the kernel (see the module's docstring)."""

    __slots__ = ("lhs", "rel", "rhs", "variables", "hypotheses", "trusts", "proof", "side_proofs", "issuer", "__weakref__")

    def __init__(self, seal: object, lhs: Any, rel: str, rhs: Any, variables: tuple, hypotheses: frozenset[Hypothesis],
                 trusts: frozenset[str], proof: Any, side_proofs: tuple, issuer: object) -> None:
        if seal is not _SEAL:
            raise TypeError("only the kernel makes theorems")
        for name, value in (("lhs", lhs), ("rel", rel), ("rhs", rhs), ("variables", variables), ("hypotheses", hypotheses),
                            ("trusts", trusts), ("proof", proof), ("side_proofs", side_proofs), ("issuer", issuer)):
            object.__setattr__(self, name, value)
        _ISSUED[id(self)] = self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a theorem cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a theorem cannot be changed")

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("a theorem is not copied or pickled: replay its proof term in a kernel (symbound check)")

    def __copy__(self) -> Any:
        raise TypeError("a theorem is not copied: replay its proof term in a kernel")

    def __deepcopy__(self, memo: Any) -> Any:
        raise TypeError("a theorem is not copied: replay its proof term in a kernel")

    def __repr__(self) -> str:
        return f"<Theorem {self.lhs} {self.rel} {self.rhs}>"

    @property
    def statement(self) -> tuple[Any, str, Any]:
        return self.lhs, self.rel, self.rhs

    def named(self, kind: str) -> list[str]:
        """The names of the hypotheses of one kind, sorted: ``named("premise")``."""
        return sorted({h.name for h in self.hypotheses if h.kind == kind})


def genuine(t: Any) -> bool:
    """Whether ``t`` is a theorem the kernel made (not a copy, a forgery or a look-alike)."""
    return type(t) is Theorem and _ISSUED.get(id(t)) is t
