"""Verdicts: the results of checking a derivation, as plain data that every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .prover import NearMiss, Proof

PROVED, REFUTED, UNPROVED = "proved", "refuted", "unproved"


@dataclass
class LemmaUse:
    """One lemma instance (or definition, premise, chain, model fact) a proof rests on."""

    name: str
    kind: str
    lhs: Any
    rel: str
    rhs: Any


@dataclass
class Witness:
    """A counterexample: values for the symbols under which the premises hold and the claim fails."""

    values: dict[str, str]  # symbol name -> exact value as text, e.g. "[[0, 1], [0, 0]]" or "1/2"
    lhs_value: str  # the claim's two sides at those values (exact where certified)
    rhs_value: str
    exact: bool  # certified with exact (sympy) arithmetic, not only in floating point
    tried: int  # how many instances the search tried
    summary: str  # one line a reviewer reads: "W_rec = [[0, 1], [0, 0]]: ‖W_recᵀ‖₂ = 1 > 0 = λ₁"
    checks: dict[str, str] = field(default_factory=dict)  # premise id -> its exact values, showing it holds
    floating: list[str] = field(default_factory=list)  # the parts the witness checker decided only in floating point


@dataclass
class Repair:
    """A checked change that would make a failing link valid."""

    kind: str  # "definition" | "premise" | "relation"
    text: str  # what to change, in words
    lemmas: list[str] = field(default_factory=list)  # the lemmas the repaired link is proved by


@dataclass
class LinkVerdict:
    chain: str
    index: int  # 1-based position of the link in its chain
    lhs: Any
    rel: str
    rhs: Any
    source: str
    line: int
    status: str
    proof: Proof | None = None
    uses: list[LemmaUse] = field(default_factory=list)
    premises: list[str] = field(default_factory=list)  # every premise it rests on, through earlier chains too
    chains: list[str] = field(default_factory=list)  # earlier chains it uses
    definitions: list[str] = field(default_factory=list)
    cited: tuple[str, ...] = ()
    miscited: list[str] = field(default_factory=list)  # cited names that do not justify the link
    reason: str = ""
    blocker: tuple[Any, str, Any] | None = None
    near: list[NearMiss] = field(default_factory=list)
    note: str = ""
    witness: Witness | None = None  # set when the link is refuted
    repairs: list[Repair] = field(default_factory=list)

    @property
    def lemmas(self) -> list[str]:
        return sorted({u.name for u in self.uses if u.kind in ("lemma", "gcongr")})


@dataclass
class ChainVerdict:
    id: str
    text: str
    start: Any
    relation: str
    end: Any
    line: int
    links: list[LinkVerdict]
    note: str = ""

    @property
    def status(self) -> str:
        if any(link.status == REFUTED for link in self.links):
            return REFUTED
        return PROVED if all(link.status == PROVED for link in self.links) else UNPROVED

    @property
    def premises(self) -> list[str]:
        return sorted({p for link in self.links for p in link.premises})


@dataclass
class ConclusionVerdict:
    text: str
    claim: str
    status: str
    line: int
    uses: list[LemmaUse] = field(default_factory=list)
    premises: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    reason: str = ""
    lhs: Any = None
    rel: str = ""
    rhs: Any = None
    witness: Witness | None = None  # set when the claim itself is shown false under the premises


@dataclass
class Report:
    path: str
    title: str
    source: str
    notes: str
    chains: list[ChainVerdict]
    conclusion: ConclusionVerdict | None
    premises: dict[str, str]  # id -> sentence
    premise_claims: dict[str, str]
    derivation: Any = None  # the Derivation, for renderers that print symbols
    repairs: list[Repair] = field(default_factory=list)  # changes under which the whole derivation is proved
    seed: int = 0
    budget: int = 0

    @property
    def links(self) -> list[LinkVerdict]:
        return [link for chain in self.chains for link in chain.links]

    def counts(self) -> dict[str, int]:
        out = {PROVED: 0, REFUTED: 0, UNPROVED: 0}
        for link in self.links:
            out[link.status] += 1
        out["miscited"] = sum(1 for link in self.links if link.miscited)
        return out

    def counts_text(self) -> str:
        """'N links: a proved, b refuted, c unproved[, d miscited][; conclusion status]', as every view prints it."""
        c = self.counts()
        n = len(self.links)
        text = f"{n} link{'s' if n != 1 else ''}: {c[PROVED]} proved, {c[REFUTED]} refuted, {c[UNPROVED]} unproved"
        if c["miscited"]:
            text += f", {c['miscited']} miscited"
        if self.conclusion is not None:
            text += f"; conclusion {self.conclusion.status}"
        return text

    @property
    def unused_premises(self) -> list[str]:
        used = {p for link in self.links for p in link.premises}
        if self.conclusion:
            used |= set(self.conclusion.premises)
        return [p for p in self.premises if p not in used]

    def _repr_latex_(self) -> str:
        """Jupyter: the report as one LaTeX display (MathJax subset), rendered by symbound.render.latex."""
        from .render.latex import render_math

        return render_math(self)

    @property
    def exit_code(self) -> int:
        c = self.counts()
        ok = c[REFUTED] == 0 and c[UNPROVED] == 0 and c["miscited"] == 0
        if self.conclusion is not None and self.conclusion.status != PROVED:
            ok = False
        return 0 if ok else 1
