"""What the prover's search works with: a usable fact (a premise, chain or lemma as ``lhs rel rhs`` with
pattern variables), the budget of inference steps a goal may use, and what a failed attempt learned."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy as sp

from symbound.limits import LimitReached
from symbound.read.lemmas import compiled, variable_kind
from symbound.values import NearMiss


@dataclass(frozen=True)
class Fact:
    """A usable statement: ``lhs rel rhs`` with pattern variables, from a premise, chain or lemma."""

    name: str
    kind: str  # premise | chain | lemma
    lhs: Any
    rel: str  # '<=' or '<'
    rhs: Any
    variables: tuple[tuple[Any, str], ...] = ()
    bound: tuple[Any, ...] = ()
    written: tuple[Any, Any] | None = None  # the statement's two sides before canonical forms (what the kernel re-instantiates)

    @property
    def original(self) -> tuple[Any, Any]:
        return self.written if self.written is not None else (self.lhs, self.rhs)

    @cached_property
    def kinds(self) -> dict[Any, str]:
        return dict(self.variables)

    @cached_property
    def heads(self) -> tuple[type | None, type | None]:
        """The types a term must have for the left and the right side to match it (None: any type)."""
        def head(pattern: Any) -> type | None:
            if pattern in self.kinds or isinstance(pattern, sp.Mul):  # a variable, or c·X matching X
                return None
            return type(pattern)
        return head(self.lhs), head(self.rhs)

    def may_match(self, side: int, term: Any) -> bool:
        h = self.heads[side]
        return h is None or h is type(term)


@dataclass
class Budget:
    """The search's budget in deterministic units: inference steps per goal (never wall-clock time, so
    that a verdict does not depend on the machine's load)."""

    steps: int = 5000
    used: int = 0

    def start(self) -> None:
        self.used = 0

    def tick(self) -> None:
        self.used += 1
        if self.used > self.steps:
            raise LimitReached(f"search limit of {self.steps} steps reached")


@dataclass
class Attempt:
    """What a failed search learned: the sub-goal that blocked it and lemmas that almost applied."""

    blockers: list[tuple[Any, str, Any]] = field(default_factory=list)
    near: list[NearMiss] = field(default_factory=list)
    reason: str = ""  # why a tactic that applied failed, in the paper's terms


def lemma_fact(name: str) -> Fact:
    c = compiled(name)
    rel = c.relation
    variables = tuple((v, variable_kind(v)) for v in sorted(c.variables, key=str))
    return Fact(name, "lemma", rel.lhs, rel.rel, rel.rhs, variables)
