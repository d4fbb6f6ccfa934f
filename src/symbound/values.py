"""Verdicts as values: the plain data every layer passes on (link, chain and conclusion verdicts, witnesses,
repairs, findings, the audit's items).  Computing them is the checker's and the analyses' work, printing them
render's; this module imports neither."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Theorem, genuine
from symbound.read.syntax import normalised

PROVED, REFUTED, UNPROVED = "proved", "refuted", "unproved"


def _holds(theorem: Theorem | None, lhs: Any, rel: str, rhs: Any) -> bool:
    """Whether ``theorem`` is a theorem of the kernel stating exactly ``lhs rel rhs``."""
    return theorem is not None and genuine(theorem) and theorem.statement == normalised(lhs, rel, rhs)


def _status(theorem: Theorem | None, outcome: str, lhs: Any, rel: str, rhs: Any) -> str:
    """PROVED exactly when the verdict holds a kernel theorem of its statement, else the outcome."""
    return PROVED if _holds(theorem, lhs, rel, rhs) else outcome


def _validate(theorem: Theorem | None, outcome: str, lhs: Any, rel: str, rhs: Any) -> None:
    if outcome not in (REFUTED, UNPROVED):
        raise ValueError(f"a verdict's outcome is refuted or unproved ({outcome!r}); proved is held as a Theorem")
    if theorem is not None and (outcome == REFUTED or not _holds(theorem, lhs, rel, rhs)):
        raise ValueError("a verdict may hold only a theorem of the kernel about its own statement")


@dataclass(frozen=True)
class NearMiss:
    """A lemma that almost applied: it runs the other way, or a hypothesis failed."""

    lemma: str
    lhs: Any
    rel: str
    rhs: Any
    why: str


@dataclass(frozen=True)
class LemmaUse:
    """One lemma instance (or definition, premise, chain, model fact) a proof rests on."""

    name: str
    kind: str
    lhs: Any
    rel: str
    rhs: Any


@dataclass(frozen=True)
class Slope:
    """A witness's name for the slopes an activation was given at the entries of a vector: σ'(x[0])."""

    activation: str
    at: Any


@dataclass(frozen=True)
class Formula:
    """A witness's name for the activation it chose, as a formula in z: σ(z)."""

    activation: str


@dataclass(frozen=True)
class PremiseAt:
    """A premise at a witness: its sides' values there (``values``), or, for a premise over all values of its
    bound variables, how it was checked (``exact``)."""

    lhs: Any
    rel: str
    rhs: Any
    values: tuple[Any, Any] | None = None
    bound: tuple[Any, ...] = ()
    exact: bool = True


@dataclass(frozen=True)
class LimitClaim:
    """A witness against ``expr → 0 as grows → ∞``: the state held at a fixed point, every one-step Jacobian is J."""

    expr: Any
    J: Any
    grows: Any


@dataclass(frozen=True)
class Witness:
    """A counterexample: values for the symbols under which the premises hold and the claim fails.

    Names are the objects shown (a Symbol, a sequence element, a ``Slope`` or a ``Formula``), values exact
    strings (sympy's, for programs) and sympy objects; the sentences about it are made in ``symbound.render``."""

    values: dict[Any, str]  # name -> exact value as text, e.g. "[[0, 1], [0, 0]]" or "1/2"
    lhs_value: str  # the claim's two sides at those values (exact where certified)
    rhs_value: str
    exact: bool  # certified with exact (sympy) arithmetic, not only in floating point
    tried: int  # how many instances the search tried
    claim: tuple[Any, str, Any] | None = None  # the claim shown false: lhs, rel, rhs
    checks: dict[str, PremiseAt] = field(default_factory=dict)  # premise id -> the premise at the witness
    floating: list[str] = field(default_factory=list)  # the parts the witness checker decided only in floating point
    # the same values as sympy objects (Matrix, Rational, Float, an activation's formula in z), for printing;
    # read from ``values`` when the search does not give them
    exact_values: dict[Any, Any] = field(default_factory=dict)
    lhs: Any = None  # lhs_value and rhs_value as sympy numbers
    rhs: Any = None
    sides: tuple[Any, Any] | None = None  # the two sides as the search computed them (for sentences: √2, not sqrt(2))
    limit: LimitClaim | None = None  # set for a witness against a limit

    def __post_init__(self) -> None:
        exact = dict(self.exact_values)
        for key, text in self.values.items():
            if key not in exact:
                value = value_of(text)
                if value is not None:
                    exact[key] = value
        object.__setattr__(self, "exact_values", exact)  # the values as given, read once: still a value
        if self.lhs is None:
            object.__setattr__(self, "lhs", value_of(self.lhs_value))
        if self.rhs is None:
            object.__setattr__(self, "rhs", value_of(self.rhs_value))


def exact_text(v: Any) -> str:
    """A value as an exact string for programs (sympy's notation: "[[0, 1], [0, 0]]", "sqrt(2)/2", "1/3")."""
    if isinstance(v, sp.MatrixBase):
        return "[" + ", ".join("[" + ", ".join(exact_text(a) for a in row) + "]" for row in v.tolist()) + "]"
    if isinstance(v, float) or (type(v).__module__ == "numpy" and "float" in type(v).__name__):
        return f"{v:.6g}"
    if isinstance(v, sp.Basic):
        v = sp.nsimplify(v) if v.is_Float else v
        return sp.sstr(sp.radsimp(v) if v.is_number and not v.is_Rational else v)
    return str(v)


def value_of(text: Any) -> Any:
    """A value the search printed ("[[0, 1], [0, -1/2]]", "sqrt(10)", "3/4·z", "1.17351",
    "CRootOf(x**3 - x - 1, 0)") as a sympy object, read through a small whitelist of syntax (numbers,
    + - * / **, sqrt, names, ``_algebraic``); None otherwise."""
    if not isinstance(text, str) or len(text) > 20_000:
        return None
    try:
        tree = ast.parse(text.strip().replace("·", "*").replace("−", "-"), mode="eval").body
        value = _value(tree)
        return sp.ImmutableMatrix(value) if isinstance(value, list) else value
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, RecursionError, OverflowError):
        return None


_CONSTANTS = {"pi": sp.pi, "E": sp.E}  # as sympy prints them: a sigmoid's value has exp(-1), sympy's E**(-1)
_FUNCTIONS = {"sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tanh": sp.tanh, "Abs": sp.Abs, "abs": sp.Abs}


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
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
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
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "CRootOf" and len(node.args) == 2 and not node.keywords:
        return _algebraic(_value(node.args[0]), _value(node.args[1]))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 and not node.keywords:
        fn = _FUNCTIONS.get(node.func.id)
        if fn is not None:
            return fn(_value(node.args[0]))
    raise ValueError("not a value")


MAX_ROOT_DEGREE = 16  # an algebraic value read back: its polynomial's degree at most this


def _algebraic(poly: Any, index: Any) -> sp.CRootOf:
    """CRootOf(p, k) as sympy prints it: p a polynomial in one name with rational coefficients, of degree
    1..MAX_ROOT_DEGREE, and k one of its roots' indices."""
    names = poly.free_symbols if isinstance(poly, sp.Expr) else None
    if not names or len(names) != 1 or not isinstance(index, sp.Integer):
        raise ValueError("not an algebraic number")
    p = sp.Poly(poly, *names)
    if not p.domain.is_QQ and not p.domain.is_ZZ or not 1 <= p.degree() <= MAX_ROOT_DEGREE or not 0 <= index < p.degree():
        raise ValueError("not an algebraic number")
    return sp.CRootOf(p, int(index))


@dataclass(frozen=True)
class Repair:
    """A checked change that would make a failing link valid (``whole``: every link and the conclusion)."""

    kind: str  # "definition" | "premise" | "relation"
    lemmas: list[str] = field(default_factory=list)  # the lemmas the repaired link is proved by
    premises: list[str] = field(default_factory=list)  # the premises it then rests on
    whole: bool = False
    symbol: Any = None  # definition: symbol := value, instead of the file's value
    value: Any = None
    instead_of: Any = None
    matrix: str = ""  # premise: the matrix assumed normal
    rel: str = ""  # relation: the relation the file wrote, which ``relation`` replaces
    relation: str = ""  # relation: the relation proved instead of the printed one (≤ for <, = for < or ≤ when that holds)
    refuted: bool = False  # relation: the printed relation is refuted (not merely unproved)


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """What a link's and the conclusion's verdicts share: the statement ``lhs rel rhs``, what it rests on, and
    the status, PROVED exactly when ``theorem`` is a kernel theorem of that statement."""

    lhs: Any
    rel: str
    rhs: Any
    outcome: str  # REFUTED or UNPROVED; the status is PROVED exactly when ``theorem`` is held
    uses: list[LemmaUse] = field(default_factory=list)
    premises: list[str] = field(default_factory=list)  # every premise it rests on, through earlier chains too
    chains: list[str] = field(default_factory=list)  # earlier chains it uses
    reason: str = ""
    witness: Witness | None = None  # set when the claim is shown false under the premises
    assumed: list[str] = field(default_factory=list)  # the file's own lemmas it rests on (assumed, not from the library)
    theorem: Theorem | None = None  # the kernel's theorem of the statement: the only way to be PROVED

    def __post_init__(self) -> None:
        _validate(self.theorem, self.outcome, self.lhs, self.rel, self.rhs)

    @property
    def status(self) -> str:
        return _status(self.theorem, self.outcome, self.lhs, self.rel, self.rhs)

    @property
    def trusts(self) -> list[str]:
        """What its theorem trusted beyond the kernel's rules (the file's lemmas, sympy's procedures)."""
        return sorted(self.theorem.trusts) if self.status == PROVED else []


@dataclass(frozen=True)
class LinkVerdict(Verdict):
    """One link ``lhs rel rhs`` of a chain, as the file wrote it."""

    chain: str
    index: int  # 1-based position of the link in its chain
    source: str
    line: int
    proof: Proof | None = None
    definitions: list[str] = field(default_factory=list)
    cited: tuple[str, ...] = ()
    miscited: list[str] = field(default_factory=list)  # cited names that do not justify the link
    blocker: tuple[Any, str, Any] | None = None
    near: list[NearMiss] = field(default_factory=list)
    note: str = ""
    repairs: list[Repair] = field(default_factory=list)
    side_proofs: tuple[Proof, ...] = ()  # proofs of the side conditions of its partial subterms (checked with the proof)

    @property
    def lemmas(self) -> list[str]:
        return sorted({u.name for u in self.uses if u.kind in ("lemma", "gcongr", "calculus", "limit", "induction")})


@dataclass(frozen=True)
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
    theorem: Theorem | None = None  # the kernel's theorem of the chain, from its links' (``Kernel.admit_chain``)

    def __post_init__(self) -> None:
        _validate(self.theorem, UNPROVED, self.start, self.relation, self.end)

    @property
    def status(self) -> str:
        if any(link.status == REFUTED for link in self.links):
            return REFUTED
        return _status(self.theorem, UNPROVED, self.start, self.relation, self.end)

    @property
    def premises(self) -> list[str]:
        return sorted({p for link in self.links for p in link.premises})


@dataclass(frozen=True)
class ConclusionVerdict(Verdict):
    """The file's conclusion: a relation, or ``lhs -> 0`` as ``rhs`` grows (``rel`` "->0")."""

    text: str
    claim: str
    line: int
    repaired: str = ""  # "holds as repaired": it follows once the wrong printed links are repaired


@dataclass
class LemmaVerdict:
    """A lemma the file states itself: assumed, not from the library.  ``status`` is "used", "unused" or
    "refuted" (the falsifier found the ``witness``, and the lemma was not used)."""

    name: str
    statement: Any  # a Relation as written
    source: str
    reference: str
    text: str
    line: int
    status: str
    users: list[str] = field(default_factory=list)  # the steps that rest on it (directly or through chains)
    witness: Witness | None = None
    tried: int = 0
    hypotheses: list[Any] = field(default_factory=list)  # Relations in the lemma's own names


@dataclass(frozen=True)
class Finding:
    """Something about the file as a whole, e.g. premises that contradict each other or the declarations
    (every claim would then hold vacuously)."""

    kind: str  # "contradiction"
    premises: list[str]  # the premises involved
    text: str  # what was shown, e.g. "P2 contradicts the declarations and P1: gamma <= 0, but 0 < gamma"


@dataclass(frozen=True)
class Consistency:
    """Whether the premises were shown to hold together: ``witness`` an instance at which every declaration,
    the model and every premise hold, accepted by the witness checker (None when none was found in
    ``tried`` instances, or the search was off: ``searched`` False)."""

    witness: Witness | None
    tried: int
    searched: bool = True
    contradicted: bool = False  # not searched: a finding already shows that the premises cannot all hold
    every_step: tuple[str, ...] = ()  # premises about the model's state at every step, which no instance shows
    met: int = 0  # instances at which every premise held in floating point (none of them certified exactly)

    @property
    def shown(self) -> bool:
        return self.witness is not None


@dataclass(frozen=True)
class Report:
    """A checked derivation as plain data: its verdicts, their counts and the exit status.  The report
    ``symbound.verify`` returns adds the displays (``symbound.api.Report``)."""

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
    lemmas: list[LemmaVerdict] = field(default_factory=list)  # the file's own lemmas (assumed, not from the library)
    consistency: Consistency | None = None  # an instance of the premises (None: the file has none)

    @property
    def links(self) -> list[LinkVerdict]:
        return [link for chain in self.chains for link in chain.links]

    def counts(self) -> dict[str, int]:
        out = {PROVED: 0, REFUTED: 0, UNPROVED: 0}
        for link in self.links:
            out[link.status] += 1
        out["miscited"] = sum(1 for link in self.links if link.miscited)
        return out

    def counts_text(self, nouns: tuple[str, str] = ("link", "links"), conclusion: str = "conclusion {}", findings: bool = True) -> str:
        """'N links: a proved, b refuted, c unproved[, d miscited][; conclusion status]', as every view prints it
        (the LaTeX in its own words: ``nouns``, ``conclusion``, without the findings)."""
        c = self.counts()
        text = counts_line([link.status for link in self.links], nouns)
        if c["miscited"]:
            text += f", {c['miscited']} miscited"
        if self.conclusion is not None:
            text += "; " + conclusion.format(self.conclusion.status)
        for f in self.findings if findings else ():
            text += f"; {f.kind}: {f.text}"
        if self.vacuous_risk:
            text += f"; {len(self.vacuous_risk)} proved resting on premises not shown consistent"
        return text

    @property
    def vacuous_risk(self) -> list[str]:
        """The proved steps that rest on premises when the search found no instance of the premises (they
        might hold only vacuously); empty when an instance was found or the search was off."""
        c = self.consistency
        if c is None or c.shown or not c.searched:
            return []
        steps = [f"{link.chain}.{link.index}" for link in self.links if link.status == PROVED and link.premises]
        if self.conclusion is not None and self.conclusion.status == PROVED and self.conclusion.premises:
            steps.append("conclusion")
        return steps

    @property
    def unused_premises(self) -> list[str]:
        used = {p for link in self.links for p in link.premises}
        if self.conclusion:
            used |= set(self.conclusion.premises)
        return [p for p in self.premises if p not in used]

    def __repr__(self) -> str:
        return f"<Report {self.path}: {self.counts_text()}; exit status {self.exit_code}>"

    @property
    def exit_code(self) -> int:
        c = self.counts()
        ok = c[REFUTED] == 0 and c[UNPROVED] == 0 and c["miscited"] == 0
        if self.conclusion is not None and self.conclusion.status != PROVED:
            ok = False
        if self.findings:  # premises not shown consistent are said, beside what rests on them, not an exit status:
            ok = False     # a search that met no instance (an equality premise, say) shows nothing either way
        return 0 if ok else 1


def counts_line(statuses: list[str], nouns: tuple[str, str] = ("link", "links")) -> str:
    """'N links: a proved, b refuted, c unproved' for these link statuses (one file's, or a batch's)."""
    n = len(statuses)
    return f"{n} {nouns[n != 1]}: {statuses.count(PROVED)} proved, {statuses.count(REFUTED)} refuted, {statuses.count(UNPROVED)} unproved"


# ---------------------------------------------------------------- the audit


@dataclass(frozen=True)
class Dependencies:
    """What one link (or the conclusion, ``chain is None``) rests on, transitively."""

    chain: str | None
    index: int | None
    line: int
    status: str
    premises: list[str]
    definitions: list[str]
    chains: list[str]
    trusts: list[str] = field(default_factory=list)  # what its theorem trusted beyond the kernel's rules

    @property
    def name(self) -> str:
        return "conclusion" if self.chain is None else f"{self.chain}.{self.index}"


@dataclass(frozen=True)
class Break:
    """A link (or the conclusion) that was proved, and is not once a premise is removed."""

    chain: str | None
    index: int | None
    line: int
    before: str
    after: str
    reason: str = ""
    witness: Witness | None = None  # the conclusion's counterexample, when the re-check refutes it

    @property
    def name(self) -> str:
        return "conclusion" if self.chain is None else f"{self.chain}.{self.index}"


@dataclass(frozen=True)
class Removal:
    premise: str
    text: str
    breaks: list[Break] = field(default_factory=list)

    @property
    def conclusion_breaks(self) -> bool:
        return any(b.chain is None for b in self.breaks)


@dataclass(frozen=True)
class Audit:
    path: str
    items: list[Dependencies]
    unused: list[str]
    removals: list[Removal] | None = None  # None when the re-checks were not run
    note: str = ""  # why they were not run
    searched: bool = False  # whether the re-checks ran the counterexample search
    lemmas: list[tuple[str, str, list[str]]] = field(default_factory=list)  # the file's own lemmas: (name, used/unused/refuted, steps)
    derivation: Any = None  # the derivation checked: its notation prints the reasons as the file wrote the terms

    @property
    def trusted(self) -> dict[str, list[str]]:
        """What the proved steps trusted beyond the kernel's rules (Lean's ``#print axioms``), with the steps."""
        out: dict[str, list[str]] = {}
        for i in self.items:
            for t in i.trusts:
                out.setdefault(t, []).append(i.name)
        return dict(sorted(out.items()))

    @property
    def load_bearing(self) -> list[str]:
        """The premises without which the conclusion is no longer proved."""
        return [r.premise for r in self.removals or [] if r.conclusion_breaks]
