"""A library entry and the language its statements and hypotheses are written in.

``use`` is the entry's tag, saying how the checker applies it:
  * ``rewrite``: an equality used left to right to bring terms to a canonical form;
  * ``bound``: an inequality ``lhs <= rhs`` (or ``<``) matched against a goal or used as one step of
    transitivity;
  * ``gcongr``: a monotonicity or positivity rule, applied by the congruence step (as Lean's ``@[gcongr]``
    lemmas drive ``gcongr``); the kernel checks each application with its own rule of that name;
  * ``limit``: a limit fact, used to check ``tends_to_zero`` conclusions;
  * ``calculus``: a bound computed by sympy's calculus for a concrete function.

A hypothesis is either a named predicate on one pattern variable (``square(A)``, ``induced(p)``: see
``symbound.rules.predicates``) or a relation (``a <= b + 1``, ``forall z: abs(f(z)) <= c``) that the
checker must itself prove from the premises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Pattern variables and their kinds: matrices of any shape, square matrices, vectors, scalars, norm kinds.
PATTERN_KINDS = {
    "A": "matrix", "B": "matrix", "v": "vector", "x": "vector",
    "c": "scalar", "q": "scalar", "a": "scalar", "b": "scalar", "d": "scalar", "e": "scalar", "n": "exponent", "l": "limit", "h": "limit",
    "p": "norm", "f": "activation", "i": "index", "z": "scalar", "m": "dimension",
}
IDENTITY_SIZE = "m"  # in lemma statements, I is the m×m identity

TAGS = ("rewrite", "bound", "gcongr", "limit", "calculus", "induction")


@dataclass(frozen=True)
class Lemma:
    name: str
    statement: str
    use: str
    hypotheses: tuple[str, ...]
    reference: str
    mathlib: str = ""
    summary: str = ""
    covers: tuple[str, ...] = ()  # entries it generalises: a link citing one of them is answered by a proof using it


@dataclass(frozen=True)
class Hypothesis:
    """One hypothesis, read: a named predicate on a variable, or a relation with its ∀-bound variables."""

    text: str
    predicate: str = ""  # the predicate's name, for ``name(variable)``
    variable: str = ""
    bound: tuple[str, ...] = ()  # for ``forall z, w: relation``
    relation: str = ""  # the relation's text, without the quantifier

    @property
    def named(self) -> bool:
        return bool(self.predicate)


_PREDICATE = re.compile(r"\s*([A-Za-z_]\w*)\(\s*([A-Za-z_]\w*)\s*\)\s*")
_FORALL = re.compile(r"\s*forall\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*:(.*)", re.S)


@lru_cache(maxsize=None)
def read_hypothesis(text: str) -> Hypothesis:
    """``name(x)`` is a named predicate on the variable x; ``forall z: rel`` and ``rel`` are relations."""
    m = _PREDICATE.fullmatch(text)
    if m:
        return Hypothesis(text, predicate=m.group(1), variable=m.group(2))
    m = _FORALL.fullmatch(text)
    if m:
        return Hypothesis(text, bound=tuple(b.strip() for b in m.group(1).split(",")), relation=m.group(2).strip())
    return Hypothesis(text, relation=text.strip())


def hypotheses(lemma: Lemma) -> tuple[Hypothesis, ...]:
    return tuple(read_hypothesis(h) for h in lemma.hypotheses)
