"""The file's own lemmas at checking time: each searched for a counterexample before it is used, the
survivors handed to the prover and the kernel, and each reported as used, unused or refuted."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symbound.limits import LimitReached
from symbound.ops.objects import Unevaluable
from symbound.rules.properties import table as property_table
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
    vacuous: int = 0  # > 0: no instance of its hypotheses found in this many (the lemma is then not used)


def _fresh(lemma: UserLemma) -> dict[Any, Any]:
    """Each pattern variable → a variable of the same kind that no file name can denote (its name ends in
    a prime, which the expression language never produces): a lemma's variable hides the file's name of
    the same spelling, so the search must not meet the file's definitions, model or shapes through it."""
    out: dict[Any, Any] = {}
    for v, _ in sorted(lemma.variables, key=lambda vk: 0 if vk[1] == "dimension" else 1):
        name = lemma.plain[v].name + "'"
        if isinstance(v, sp.MatrixSymbol):
            out[v] = sp.MatrixSymbol(name, *(out.get(s, s) for s in v.shape))
        else:
            out[v] = sp.Symbol(name, **v.assumptions0)
    return out


def _renamed(value: Any, back: dict[Any, Any]) -> Any:
    """``value`` (a witness and what it holds: dicts, tuples, dataclasses, sympy objects) with the fresh
    variables named as the lemma writes them, for the report."""
    if isinstance(value, sp.Basic):
        return value.xreplace(back)
    if isinstance(value, dict):
        return {_renamed(k, back): _renamed(v, back) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_renamed(v, back) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _renamed(getattr(value, f.name), back) for f in dataclasses.fields(value) if f.init})
    return value


_SEARCHED: OrderedDict[bytes, LemmaCheck] = OrderedDict()  # digest of everything a search reads -> its result
_SEARCHED_MAX = 256


def _digest(d: Any, lemma: UserLemma, seed: int, budget: int) -> bytes | None:
    """A SHA-256 of everything ``falsify_lemma`` reads: the whole derivation but the premises, chains and
    conclusion (which the search replaces), the lemma, the seed and the budget, as pickled (assumptions,
    shapes and all); None when something does not pickle (then nothing is remembered)."""
    try:
        data = pickle.dumps((dataclasses.replace(d, premises=[], chains=[], conclusion=None), lemma, seed, budget),
                            protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):  # an unpicklable part: searched afresh
        return None
    return hashlib.sha256(data).digest()


def falsify_lemma(d: Any, lemma: UserLemma, seed: int, budget: int) -> LemmaCheck:
    """Search an instance of the lemma's hypotheses (random and structured: non-normal, nilpotent,
    rank-deficient matrices ...) where its statement fails.  A result is remembered under a digest of
    everything the search reads (``_digest``): the audit's re-checks without one premise reuse it, a lemma
    with another text, assumption, file or context never does."""
    key = _digest(d, lemma, seed, budget)
    if key is not None and key in _SEARCHED:
        _SEARCHED.move_to_end(key)
        return dataclasses.replace(_SEARCHED[key])
    out = _search(d, lemma, seed, budget)
    if key is not None:
        _SEARCHED[key] = dataclasses.replace(out)
        while len(_SEARCHED) > _SEARCHED_MAX:
            _SEARCHED.popitem(last=False)
    return out


def _search(d: Any, lemma: UserLemma, seed: int, budget: int) -> LemmaCheck:
    from symbound.read.document import Premise, SymbolDecl
    from symbound.read.syntax import Activation
    from symbound.search.falsifier import falsify
    from symbound.search.prover import Prover
    from symbound.kernel.witnesscheck import check as check_witness

    fresh = _fresh(lemma)
    rel = Relation(lemma.relation.lhs.xreplace(fresh), lemma.relation.rel, lemma.relation.rhs.xreplace(fresh))
    premises = [Premise(f"{lemma.name}.h{k}", "", [Relation(h.lhs.xreplace(fresh), h.rel, h.rhs.xreplace(fresh))], (), lemma.where, src)
                for k, (h, src) in enumerate(zip(lemma.hypotheses, lemma.hypotheses_source + [""] * len(lemma.hypotheses)), start=1)]
    kinds = lemma.kinds
    variables = {x.name: SymbolDecl(x.name, kinds[v], x, None, lemma.where, lemma.properties.get(v, frozenset())) for v, x in fresh.items()}
    symbols = dict(d.symbols) | variables  # the primed names never meet a file's name
    world = dataclasses.replace(d, symbols=symbols, premises=premises, chains=[], conclusion=None, definitions=list(d.definitions))
    activations = {n: a for n, a in d.scope.names.items() if isinstance(a, Activation)}
    prover = Prover({df.symbol: df.value for df in d.definitions}, property_table(symbols.values()), None, activations)
    out = LemmaCheck(lemma.name)
    try:
        outcome = falsify(world, prover, rel.lhs, rel.rel, rel.rhs, seed, budget)
        accepted = outcome.candidate is not None and check_witness(world, outcome.candidate, rel.lhs, rel.rel, rel.rhs).ok
        out.witness = _renamed(outcome.witness, {x: lemma.plain[v] for v, x in fresh.items()}) if accepted else None
        out.tried = outcome.tried
        if out.witness is None and premises:  # a lemma is vetted like a file: its hypotheses must hold somewhere
            from symbound.check.consistency import premises_together

            together = premises_together(world, prover, seed, budget)
            if together is not None and not together.shown:
                out.vacuous = max(together.tried, 1)
    except (Unevaluable, LimitReached) as exc:  # a search that could not finish leaves the lemma assumed, and says so
        out.error = type(exc).__name__
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
        if result.witness is not None or result.vacuous:
            continue
        stopped = f"; the search stopped ({result.error})" if result.error else ""
        checker.kernel.assume(lemma, f"not refuted by the counterexample search: {result.tried} instances held{stopped}")
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
        elif check.vacuous:
            findings.append(Finding("vacuous lemma", [lemma.name],
                                    f"lemma {lemma.name} (line {lemma.where.line}, assumed by the file): no instance of its hypotheses was found "
                                    f"(in {check.vacuous}), so it may hold only vacuously; it was not used"))
    return out, findings
