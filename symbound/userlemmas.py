"""Lemmas an author adds to a derivation file (the `lemmas:` section): assumed, not from the library.

A user lemma is a statement over its own variables (matrices and vectors of symbolic shapes, scalars,
indices, dimensions) with relational hypotheses.  It is used exactly like a library lemma: the prover
matches its instances, the kernel re-instantiates the statement from the binding, checks each
variable's kind and shape and the declared matrix properties, and checks a proof of every hypothesis.
Before it is trusted, the numeric falsifier searches an instance of its hypotheses that breaks it;
a refuted lemma is reported with its witness and never used.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .errors import Location
from .proofs import Proof, implies, normalised
from .syntax import Relation
from .terms import fits, instance

MATCH_KIND = {"matrix": "matrix", "vector": "matrix", "scalar": "scalar", "index": "scalar", "dimension": "scalar"}
KERNEL_KIND = {"matrix": "matrix", "vector": "matrix", "scalar": "scalar", "index": "integer", "dimension": "integer"}
SIGN_HYPOTHESES = {"positive": "<", "nonnegative": "<=", "negative": "<", "nonpositive": "<="}


@dataclass
class UserLemma:
    """A lemma stated in the file.  ``variables`` are the pattern variables (named '?x', so that they never
    meet the file's own names) with their kinds; ``plain`` maps each to the variable as written (for the
    falsifier and for printing); ``relation`` and ``hypotheses`` are in the pattern variables."""

    name: str
    source: str  # the statement as written
    relation: Relation
    hypotheses: list[Relation]
    variables: tuple[tuple[Any, str], ...]
    plain: dict[Any, Any]
    properties: dict[Any, frozenset[str]]  # pattern variable -> required matrix properties
    reference: str
    text: str
    where: Location
    hypotheses_source: list[str] = field(default_factory=list)
    decls: dict[str, Any] = field(default_factory=dict)  # the variables as SymbolDecl (for the falsifier)
    shown: Relation | None = None  # the statement as written (display twin)

    @property
    def kinds(self) -> dict[Any, str]:
        return dict(self.variables)

    def facts(self) -> list[tuple[Any, str, Any]]:
        """The statement as ≤/< facts for the prover (an equality in both directions)."""
        a, r, b = normalised(self.relation.lhs, self.relation.rel, self.relation.rhs)
        return [(a, "<" if r == "<" else "<=", b)] + ([(b, "<=", a)] if r == "=" else [])

    def statements(self) -> list[tuple[Any, str, Any]]:
        a, r, b = normalised(self.relation.lhs, self.relation.rel, self.relation.rhs)
        return [(a, r, b)] + ([(b, r, a)] if r == "=" else [])

    def hypothesis_relations(self) -> list[tuple[tuple, Relation]]:
        """The relational hypotheses in the form the prover proves them (no bound variables)."""
        return [((), h) for h in self.hypotheses]

    def mismatch(self, binding: dict, properties: dict) -> str:
        """Why a binding is not an instance of the lemma's variables ('' when it is): a kind, a shape,
        a dimension that is not a positive integer, or a matrix property the file does not declare."""
        for v, kind in self.variables:
            if v not in binding:
                continue
            value = binding[v]
            if not fits(MATCH_KIND[kind], value):
                return f"{value} is not a {kind}"
            if kind in ("index", "dimension") and value.is_integer is not True:
                return f"{value} is not an integer"
            if kind == "dimension" and value.is_positive is not True:
                return f"{value} is not a positive dimension"
            if kind in ("matrix", "vector"):
                shape = tuple(instance(d, binding) if d.free_symbols <= set(binding) else None for d in v.shape)
                if any(s is not None and sp.simplify(s - t) != 0 for s, t in zip(shape, value.shape)):
                    return f"{value} is {value.shape[0]}×{value.shape[1]}, not of the lemma's shape"
            for prop in sorted(self.properties.get(v, frozenset())):
                if not _has_property(value, prop, properties):
                    return f"{value} is not known to be {prop} (declare it `assume: [{prop}]`)"
        return ""


def _has_property(value: Any, prop: str, properties: dict) -> bool:
    from .objects import Diag

    if isinstance(value, sp.Transpose):
        return _has_property(value.args[0], prop, properties)
    if isinstance(value, (Diag, sp.Identity)):
        return prop in ("symmetric", "normal") or isinstance(value, sp.Identity)
    declared = properties.get(value, frozenset())
    implied = {"orthogonal": {"orthogonal"}, "symmetric": {"symmetric"}, "normal": {"symmetric", "normal", "orthogonal"}}[prop]
    return bool(declared & implied)


# ---------------------------------------------------------------- the kernel's rule


def check_instance(kernel: Any, node: Proof) -> None:
    """The kernel's rule for a node of kind ``assumed``: an instance of a user lemma (raises Rejected)."""
    from .kernel import Rejected, Statement

    lemma = kernel.assumed.get(node.rule)
    if lemma is None:
        raise Rejected(f"{node.rule} is not a lemma of this file (or it was refuted)")
    binding = node.bound
    if set(binding) != {v for v, _ in lemma.variables}:
        raise Rejected(f"{node.rule}: the binding does not give every variable of the lemma")
    why = lemma.mismatch(binding, kernel.properties)
    if why:
        raise Rejected(f"{node.rule}: {why}")
    variables = tuple((v, KERNEL_KIND[k]) for v, k in lemma.variables)
    kernel._instance(node, [Statement(a, r, b, variables) for a, r, b in lemma.statements()])
    if len(node.children) != len(lemma.hypotheses):
        raise Rejected(f"{node.rule}: {len(lemma.hypotheses)} hypotheses, {len(node.children)} proofs")
    for hyp, proof in zip(lemma.hypotheses, node.children):
        hl, hr = instance(hyp.lhs, binding), instance(hyp.rhs, binding)
        if hl is None or hr is None:
            raise Rejected(f"{node.rule}: an ill-formed hypothesis")
        hl, hrel, hr = normalised(hl, hyp.rel, hr)
        kernel.check(proof)
        if not (implies(proof.rel, hrel) and kernel._same(proof.lhs, hl, {}) and kernel._same(proof.rhs, hr, {})):
            raise Rejected(f"{node.rule}: the proof of a hypothesis proves something else")


# ---------------------------------------------------------------- the falsifier


@dataclass
class LemmaCheck:
    """What the numeric search found about a user lemma: a witness that refutes it, or how many instances held."""

    name: str
    witness: Any = None
    tried: int = 0
    error: str = ""


_CHECKED: dict[tuple, LemmaCheck] = {}


def falsify_lemma(d: Any, lemma: UserLemma, seed: int, budget: int) -> LemmaCheck:
    """Search an instance of the lemma's hypotheses (random and structured: non-normal, nilpotent,
    rank-deficient matrices ...) where its statement fails.  Results are cached per statement."""
    from .syntax import Activation

    context = (  # what else the statement's truth may depend on: the file's activations and definitions
        tuple(sorted((n, repr(a)) for n, a in d.scope.names.items() if isinstance(a, Activation))),
        tuple((str(df.symbol), str(df.value)) for df in d.definitions),
    )
    key = (str(lemma.relation), tuple(map(str, lemma.hypotheses)), tuple(sorted((str(v), k) for v, k in lemma.variables)),
           tuple(sorted((str(v), str(getattr(v, "shape", ""))) for v, _ in lemma.variables)), context, seed, budget)
    if key in _CHECKED:
        return dataclasses.replace(_CHECKED[key], name=lemma.name)
    from .derivation import Premise
    from .falsifier import falsify
    from .prover import Prover

    plain = lemma.plain
    rel = Relation(lemma.relation.lhs.xreplace(plain), lemma.relation.rel, lemma.relation.rhs.xreplace(plain))
    premises = [Premise(f"{lemma.name}.h{k}", "", [Relation(h.lhs.xreplace(plain), h.rel, h.rhs.xreplace(plain))], (), lemma.where, src)
                for k, (h, src) in enumerate(zip(lemma.hypotheses, lemma.hypotheses_source + [""] * len(lemma.hypotheses)), start=1)]
    symbols = {n: decl for n, decl in d.symbols.items() if n not in lemma.decls} | lemma.decls
    scope = d.scope.with_names({n: decl.obj for n, decl in lemma.decls.items()})
    world = dataclasses.replace(d, symbols=symbols, scope=scope, premises=premises, chains=[], conclusion=None, definitions=list(d.definitions))
    activations = {n: a for n, a in d.scope.names.items() if isinstance(a, Activation)}
    prover = Prover({df.symbol: df.value for df in d.definitions}, {decl.obj: decl.properties for decl in symbols.values() if decl.properties}, None, activations)
    out = LemmaCheck(lemma.name)
    try:
        outcome = falsify(world, prover, rel.lhs, rel.rel, rel.rhs, seed, budget)
        out.witness, out.tried = outcome.witness, outcome.tried
    except Exception as exc:  # noqa: BLE001 - a failed search leaves the lemma assumed, and says so
        out.error = type(exc).__name__
    _CHECKED[key] = out
    return out


def install(checker: Any) -> list[LemmaCheck]:
    """Falsify every user lemma of the checker's derivation, then hand the ones that survive to the
    kernel and the prover; the refuted ones are dropped (and reported by the caller)."""
    from .matching import free_variables
    from .prover import Fact

    d = checker.d
    checks = []
    for lemma in getattr(d, "lemmas", []):
        # searched even when the file's own search is off (--budget 0): a lemma is never used untried
        result = falsify_lemma(d, lemma, checker.seed, max(min(checker.budget, LEMMA_BUDGET), LEMMA_MIN_BUDGET))
        checks.append(result)
        if result.witness is not None:
            checker.kernel.assumed.pop(lemma.name, None)
            continue
        checker.kernel.assumed[lemma.name] = lemma
        checker.prover.assumed[lemma.name] = lemma
        kinds = tuple((v, MATCH_KIND[k]) for v, k in lemma.variables)
        for a, r, b in lemma.facts():
            checker.prover.add_fact(Fact(lemma.name, "assumed", a, r, b, kinds))
        lhs, rhs = lemma.relation.lhs, lemma.relation.rhs
        rewrites = lemma.relation.rel in ("=", "==") and not lemma.hypotheses and lhs not in lemma.kinds
        if rewrites and free_variables(rhs, lemma.kinds) <= free_variables(lhs, lemma.kinds):  # an instance of lhs binds everything
            checker.prover.rewrite_facts.append(Fact(lemma.name, "assumed", lhs, "=", lemma.relation.rhs, kinds))
    return checks


LEMMA_BUDGET = 3000  # instances per lemma (at most the file's budget) ...
LEMMA_MIN_BUDGET = 500  # ... and at least this many, whatever the budget


def lemma_verdicts(d: Any, checks: list[LemmaCheck], chains: list[Any], conclusion: Any) -> tuple[list[Any], list[Any]]:
    """Each user lemma as used, unused or refuted (with the steps resting on it), and a finding for each
    refuted one (so that the report's exit status is 1 and every view says it)."""
    from .verdicts import Finding, LemmaVerdict

    users: dict[str, list[str]] = {}
    for chain in chains:
        for link in chain.links:
            for name in link.assumed:
                users.setdefault(name, []).append(f"{chain.id}.{link.index}")
    if conclusion is not None:
        for name in conclusion.assumed:
            users.setdefault(name, []).append("conclusion")
    out, findings = [], []
    for lemma, check in zip(getattr(d, "lemmas", []), checks):
        status = "refuted" if check.witness is not None else "used" if lemma.name in users else "unused"
        hypotheses = [Relation(h.lhs.xreplace(lemma.plain), h.rel, h.rhs.xreplace(lemma.plain)) for h in lemma.hypotheses]
        out.append(LemmaVerdict(lemma.name, lemma.shown, lemma.source, lemma.reference, lemma.text, lemma.where.line, status,
                                users.get(lemma.name, []), check.witness, check.tried, hypotheses))
        if check.witness is not None:
            findings.append(Finding("refuted lemma", [lemma.name],
                                    f"lemma {lemma.name} (line {lemma.where.line}, assumed by the file) is false: {check.witness.summary}; it was not used"))
    return out, findings


ASSUMED = "assumed, not from the library"


def assumed_uses(uses: list[Any]) -> list[str]:
    """The file's own lemmas among a proof's uses (each printed with ASSUMED)."""
    return sorted({u.name for u in uses if u.kind == "assumed"})
