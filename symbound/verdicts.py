"""Verdicts: the results of checking a derivation, as plain data that every renderer reads."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .proofs import Proof
from .prover import NearMiss

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
    # the same values as sympy objects (Matrix, Rational, Float, an activation's formula in z), for printing;
    # read from ``values`` when the search does not give them
    exact_values: dict[str, Any] = field(default_factory=dict)
    lhs: Any = None  # lhs_value and rhs_value as sympy numbers
    rhs: Any = None

    def __post_init__(self) -> None:
        for key, text in self.values.items():
            if key not in self.exact_values:
                value = value_of(text)
                if value is not None:
                    self.exact_values[key] = value
        if self.lhs is None:
            self.lhs = value_of(self.lhs_value)
        if self.rhs is None:
            self.rhs = value_of(self.rhs_value)


def value_of(text: Any) -> Any:
    """A value the search printed ("[[0, 1], [0, -1/2]]", "sqrt(10)", "3/4·z", "1.17351") as a sympy
    object, read through a small whitelist of syntax (numbers, + - * / **, sqrt, names); None otherwise."""
    if not isinstance(text, str) or len(text) > 20_000:
        return None
    try:
        tree = ast.parse(text.strip().replace("·", "*").replace("−", "-"), mode="eval").body
        value = _value(tree)
        return sp.ImmutableMatrix(value) if isinstance(value, list) else value
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, RecursionError, OverflowError):
        return None


def _value(node: ast.expr) -> Any:
    if isinstance(node, ast.List):
        items = [_value(e) for e in node.elts]
        if items and all(isinstance(i, list) for i in items):
            return sp.ImmutableMatrix(items)
        if any(isinstance(i, list) for i in items):
            raise ValueError("ragged")
        if not items:
            raise ValueError("empty")
        return items  # a row; a list of rows is a matrix, a bare list a column (see value_of)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value, 6)
    if isinstance(node, ast.Name) and node.id.isidentifier() and len(node.id) <= 8:
        return sp.Symbol(node.id, real=True)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _value(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        a, b = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Pow) and not (isinstance(b, sp.Rational) and abs(b) <= 64):
            raise ValueError("power")
        op = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b, ast.Div: lambda: a / b, ast.Pow: lambda: a**b}
        return op[type(node.op)]()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 and not node.keywords:
        fn = {"sqrt": sp.sqrt, "sin": sp.sin, "tanh": sp.tanh, "Abs": sp.Abs, "abs": sp.Abs}.get(node.func.id)
        if fn is not None:
            return fn(_value(node.args[0]))
    raise ValueError("not a value")


@dataclass
class Repair:
    """A checked change that would make a failing link valid."""

    kind: str  # "definition" | "premise" | "relation"
    text: str  # what to change, in words
    lemmas: list[str] = field(default_factory=list)  # the lemmas the repaired link is proved by
    relation: str = ""  # for kind "relation": the relation proved instead of the printed one


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
    side_proofs: tuple[Proof, ...] = ()  # proofs that the link's denominators are nonzero (checked with the proof)

    @property
    def lemmas(self) -> list[str]:
        return sorted({u.name for u in self.uses if u.kind in ("lemma", "gcongr", "calculus", "limit", "induction")})


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
    repaired: str = ""  # "holds as repaired": the printed links that are wrong, when the chain's claim still holds

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
    repaired: str = ""  # "holds as repaired": it follows once the wrong printed links are repaired


@dataclass
class Finding:
    """Something about the file as a whole, e.g. premises that contradict each other or the declarations
    (every claim would then hold vacuously)."""

    kind: str  # "contradiction"
    premises: list[str]  # the premises involved
    text: str  # what was shown, e.g. "P2 contradicts the declarations and P1: gamma <= 0, but 0 < gamma"


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
    findings: list[Finding] = field(default_factory=list)

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
        for f in self.findings:
            text += f"; {f.kind}: {f.text}"
        return text

    @property
    def unused_premises(self) -> list[str]:
        used = {p for link in self.links for p in link.premises}
        if self.conclusion:
            used |= set(self.conclusion.premises)
        return [p for p in self.premises if p not in used]

    def __repr__(self) -> str:
        return f"<Report {self.path}: {self.counts_text()}; exit status {self.exit_code}>"

    def __str__(self) -> str:
        """A short summary: the counts, then every step that is not proved, one a line."""
        from .render.text import summary

        return summary(self)

    def _repr_html_(self) -> str:
        """Jupyter: the verdicts as an HTML table (expressions in Unicode, as the file wrote them)."""
        from .render.text import html

        return html(self)

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
        if self.findings:
            ok = False
        return 0 if ok else 1
