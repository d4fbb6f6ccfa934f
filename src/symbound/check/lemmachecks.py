"""The file's own lemmas at checking time: each searched for a counterexample before it is used, the
survivors handed to the prover and the kernel, and each reported as used, unused or refuted."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from symbound.read.syntax import Relation
from symbound.read.userlemmas import MATCH_KIND, UserLemma
from symbound.values import Finding, LemmaVerdict


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
    from symbound.read.syntax import Activation

    context = (  # what else the statement's truth may depend on: the file's activations and definitions
        tuple(sorted((n, repr(a)) for n, a in d.scope.names.items() if isinstance(a, Activation))),
        tuple((str(df.symbol), str(df.value)) for df in d.definitions),
    )
    key = (str(lemma.relation), tuple(map(str, lemma.hypotheses)), tuple(sorted((str(v), k) for v, k in lemma.variables)),
           tuple(sorted((str(v), str(getattr(v, "shape", ""))) for v, _ in lemma.variables)), context, seed, budget)
    if key in _CHECKED:
        return dataclasses.replace(_CHECKED[key], name=lemma.name)
    from symbound.read.derivation import Premise
    from symbound.kernel.witnesscheck import check as check_witness
    from symbound.search.falsifier import falsify
    from symbound.search.prover import Prover

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
        accepted = outcome.candidate is not None and check_witness(world, outcome.candidate, rel.lhs, rel.rel, rel.rhs).ok
        out.witness, out.tried = outcome.witness if accepted else None, outcome.tried
    except Exception as exc:  # noqa: BLE001 - a failed search leaves the lemma assumed, and says so
        out.error = type(exc).__name__
    _CHECKED[key] = out
    return out


def install(checker: Any) -> list[LemmaCheck]:
    """Falsify every user lemma of the checker's derivation, then hand the ones that survive to the
    kernel and the prover; the refuted ones are dropped (and reported by the caller)."""
    from symbound.search.matching import free_variables
    from symbound.search.prover import Fact

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
            checker.prover.add_rewrite(Fact(lemma.name, "assumed", lhs, "=", lemma.relation.rhs, kinds))
    return checks


LEMMA_BUDGET = 3000  # instances per lemma (at most the file's budget) ...
LEMMA_MIN_BUDGET = 500  # ... and at least this many, whatever the budget


def lemma_verdicts(d: Any, checks: list[LemmaCheck], chains: list[Any], conclusion: Any) -> tuple[list[Any], list[Any]]:
    """Each user lemma as used, unused or refuted (with the steps resting on it), and a finding for each
    refuted one (so that the report's exit status is 1 and every view says it)."""
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
                                    f"lemma {lemma.name} (line {lemma.where.line}, assumed by the file) is false (its counterexample is listed with the file's lemmas); it was not used"))
    return out, findings
