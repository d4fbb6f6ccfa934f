"""Trust by construction: a verdict is PROVED only by holding a Theorem, and only the kernel makes Theorems.

The attacks of the adversarial review, each a test: forged theorems (other modules, copies, pickles,
``object.__new__``), proof terms whose kind names a helper or a dunder of the kernel, chain statements
supplied by the caller, a cache entry with any kind, and the audit dropping a side condition's premise."""

from __future__ import annotations

import copy
import dataclasses
import json
import pathlib
import pickle
import random
import string

import pytest
import sympy as sp

from conftest import DERIVATIONS, derivation_file

from symbound.check import cache, encoding, proofcache
from symbound.check.certificate import terms
from symbound.check.checker import check
from symbound.kernel.kernel import GCONGR, LIMITS, RULES, Kernel, Statement
from symbound.kernel.proofs import Proof
from symbound.kernel.replay import replay
from symbound.kernel.theorem import Hypothesis, Rejected, Theorem, genuine
from symbound.passes.audit import audit, without
from symbound.read.derivation import read
from symbound.values import PROVED, REFUTED, UNPROVED, ConclusionVerdict, LinkVerdict, Verdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
x, a = sp.Symbol("x", real=True), sp.Symbol("a", positive=True)
ZERO, ONE = sp.Integer(0), sp.Integer(1)


def kernel() -> Kernel:
    return Kernel({}, {}, {}, {"P": [Statement(ZERO, "<", a)]}, set())


def a_theorem() -> Theorem:
    return kernel().prove_goal(ZERO, "<", a, Proof("premise", "P", ZERO, "<", a))


def verdict(t: Theorem | None, lhs=ZERO, rel="<", rhs=a, outcome=UNPROVED, kind: type[Verdict] = LinkVerdict) -> Verdict:
    """A link's verdict, or (``kind``) the conclusion's: both follow the one rule of their shared base."""
    where = ("c", 1, "", 1) if kind is LinkVerdict else ("", "0 < a", 1)
    return kind(*where, lhs=lhs, rel=rel, rhs=rhs, outcome=outcome, theorem=t)


# ---------------------------------------------------------------- construction
def test_a_theorem_holds_its_statement_and_what_it_rests_on():
    t = a_theorem()
    assert genuine(t) and t.statement == (ZERO, "<", a)
    assert t.hypotheses == frozenset({Hypothesis("premise", "P")}) and t.trusts == frozenset()
    assert verdict(t).status == PROVED


def test_no_module_but_the_kernel_makes_a_theorem():
    t = a_theorem()
    fields = (ZERO, "<", a, (), frozenset(), frozenset(), None, (), None)
    with pytest.raises(TypeError):
        Theorem(object(), *fields)  # the wrong seal
    with pytest.raises(TypeError):
        Theorem(None, *fields)
    with pytest.raises(TypeError):
        dataclasses.replace(t, rhs=-a)  # not a dataclass: no replace
    for forge in (copy.copy, copy.deepcopy, lambda v: pickle.loads(pickle.dumps(v))):
        with pytest.raises(TypeError):
            forge(t)
    with pytest.raises(AttributeError):
        t.rhs = -a
    with pytest.raises(AttributeError):
        del t.lhs
    bare = object.__new__(Theorem)
    assert not genuine(bare)

    class LookAlike(Theorem):
        pass

    other = object.__new__(LookAlike)
    for name in ("lhs", "rel", "rhs"):
        object.__setattr__(other, name, getattr(t, name))
    assert not genuine(other)
    for fake in (bare, other, "proved", (ZERO, "<", a)):
        with pytest.raises((ValueError, AttributeError)):
            verdict(fake)


def test_what_the_derivation_gives_the_kernel_is_read_only():
    k = kernel()
    for table in (k.premises, k.definitions, k.properties, k.known):
        with pytest.raises(TypeError):
            table["P9"] = [Statement(ONE, "<", ZERO)]  # a premise added by a caller
    with pytest.raises(AttributeError):
        k.premises["P"].append(Statement(ONE, "<", ZERO))
    with pytest.raises(Rejected):
        k.prove_goal(ONE, "<", ZERO, Proof("premise", "P9", ONE, "<", ZERO))


def test_only_kernel_modules_name_the_seal():
    users = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "symbound").rglob("*.py") if "_SEAL" in p.read_text()}
    assert users == {"symbound/kernel/theorem.py", "symbound/kernel/kernel.py"}


@pytest.mark.parametrize("kind", [LinkVerdict, ConclusionVerdict])
def test_a_verdict_is_proved_only_with_a_theorem_of_its_own_statement(kind):
    t = a_theorem()
    with pytest.raises(ValueError):
        verdict(None, outcome=PROVED, kind=kind)  # "proved" is not an outcome one can write
    with pytest.raises(ValueError):
        verdict(t, lhs=ZERO, rel="<=", rhs=a, kind=kind)  # a theorem of 0 < a is not one of 0 ≤ a
    with pytest.raises(ValueError):
        verdict(t, outcome=REFUTED, kind=kind)
    assert verdict(t, lhs=a, rel=">", rhs=ZERO, kind=kind).status == PROVED  # a > 0 is 0 < a, turned around
    assert verdict(t, kind=kind).trusts == sorted(t.trusts) and verdict(None, kind=kind).trusts == []
    v = verdict(t, kind=kind)
    with pytest.raises(ValueError):
        dataclasses.replace(v, rhs=a + 1)
    object.__setattr__(v, "rhs", a + 1)  # past the checks, as pickle does: the status is still derived
    assert v.status == UNPROVED
    unpickled = pickle.loads(pickle.dumps(verdict(None, kind=kind)))
    object.__setattr__(unpickled, "theorem", bare := object.__new__(Theorem))
    assert unpickled.status == UNPROVED and not genuine(bare)


# ---------------------------------------------------------------- the closed rule table
def _names() -> list[str]:
    k = kernel()
    dunders = [n for n in dir(object) + dir(type) + dir(int) if n.startswith("__")]
    names = set(dir(k)) | set(dunders) | {n.strip("_") for n in dunders} | {n[1:] for n in dunders} | {n[1:] for n in dir(k)}
    names |= {"g_" + g for g in GCONGR} | {"_g_" + g for g in GCONGR} | {"limit_" + m for m in LIMITS} | {"_limit_" + m for m in LIMITS}
    rng = random.Random(0)
    names |= {"".join(rng.choice(string.ascii_letters + "_") for _ in range(rng.randint(1, 12))) for _ in range(200)}
    return sorted(names)


def test_no_state_of_the_kernel_shadows_a_rule():
    """A kernel's own state (its assumptions, the proofs passed) never takes the name of a rule of its tables."""
    k = kernel()
    k.assume(type("Lemma", (), {"name": "l"})(), "given by this test")
    rules = [f for f in (*RULES.values(), *GCONGR.values(), *LIMITS.values()) if hasattr(Kernel, f.__name__)]
    assert rules and not {f.__name__ for f in rules} & set(vars(k)), sorted(vars(k))


def test_every_other_kind_of_step_is_rejected():
    """1 < 0 under every attribute name of the kernel, every dunder, the old sub-dispatch names and random strings,
    as a node's kind (and the rule of a gcongr node): all rejected."""
    k = kernel()
    names = _names()
    accepted = []
    for name in names:
        if name in RULES:
            continue
        for proof in (Proof(name, name, ONE, "<", ZERO), Proof(name, "arithmetic", ONE, "<", ZERO)):
            try:
                k.prove_goal(ONE, "<", ZERO, proof)
                accepted.append(name)
            except Rejected:
                pass
    for name in names:
        for kind in ("gcongr", "calculus", "lemma", "premise", "chain", "assumed", "model", "definition"):
            try:
                k.prove_goal(ONE, "<", ZERO, Proof(kind, name, ONE, "<", ZERO))
                accepted.append(f"{kind}:{name}")
            except Rejected:
                pass
    assert accepted == []
    assert set(RULES) == {"conv", "arithmetic", "calculus", "definition", "model", "induction", "premise", "chain",
                          "lemma", "assumed", "transitivity", "linarith", "gcongr", "vanishing", "cases", "case", "coordinates",
                          "signs"}


def test_every_other_limit_rule_is_rejected():
    n = sp.Symbol("n", integer=True, nonnegative=True)
    e = sp.Integer(2) ** n  # does not tend to 0
    for name in _names():
        with pytest.raises(Rejected):
            kernel().prove_limit(e, n, Proof("limit", name, e, "->0", n))


def test_a_malformed_term_is_rejected_not_a_crash():
    k = kernel()
    for proof in (Proof("transitivity", "transitivity", ONE, "<", ZERO), Proof("conv", "c", ONE, "<", ZERO, (ONE, ONE)),
                  Proof(["conv"], "c", ONE, "<", ZERO), Proof("gcongr", ["add_le_add"], ONE, "<", ZERO)):
        with pytest.raises(Rejected):
            k.prove_goal(ONE, "<", ZERO, proof)


def test_a_forged_cache_entry_with_any_kind_is_replayed_and_rejected(tmp_path, monkeypatch):
    """The review's attack: a per-link entry proving a < 0 for positive a by a helper's or a dunder's name."""
    path = derivation_file(tmp_path, """
        symbols:
          a: {kind: scalar, assume: positive}
        chains:
          - id: c
            start: a
            steps:
              - "<": 0
        """)
    store = cache.Store(tmp_path / "cache")
    keys: list = []
    original = proofcache.LinkCache.key

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        keys.append(original(self, *args, **kwargs))
        return keys[-1]

    monkeypatch.setattr(proofcache.LinkCache, "key", spy)
    assert check(read(path), search=False, cache=store).links[0].status == UNPROVED
    A = sp.Symbol("a", positive=True)
    for kind in ("free_unfolded", "_eq__", "_lt__", "_subclasshook__", "same", "_issue", "__init__", "check"):
        body, _ = encoding.encode((Proof(kind, kind, A, "<", ZERO),))
        store.put_link(keys[0], {"proofs": body})
        keys.clear()
        assert check(read(path), search=False, cache=store).links[0].status == UNPROVED, kind


# ---------------------------------------------------------------- chains
def test_a_chain_statement_is_composed_by_the_kernel_from_its_links():
    k = Kernel({}, {}, {}, {}, set())
    y = sp.Symbol("y", real=True)
    up1 = k.prove_goal(x, "<=", x + 1, Proof("arithmetic", "arithmetic", x, "<=", x + 1))
    up2 = k.prove_goal(x + 1, "<", x + 2, Proof("arithmetic", "arithmetic", x + 1, "<", x + 2))
    assert k.admit_chain("up", [up1, up2]).statement == (x, "<", x + 2)
    eq = k.prove_goal(x + 2, "=", 2 + x, Proof("conv", "reflexivity", x + 2, "=", 2 + x))
    down = k.prove_goal(x + 2, ">=", x + 1, Proof("arithmetic", "arithmetic", x + 1, "<=", x + 2))
    assert k.admit_chain("down", [eq, down]).statement == (x + 1, "<=", x + 2)
    other = Kernel({}, {}, {}, {}, set()).prove_goal(x, "<=", x + 1, Proof("arithmetic", "arithmetic", x, "<=", x + 1))
    with pytest.raises(Rejected, match="theorem of this kernel"):
        k.admit_chain("foreign", [other, up2])  # a theorem of another kernel (another file's premises)
    with pytest.raises(Rejected, match="do not meet"):
        k.admit_chain("gap", [up1, k.prove_goal(y, "<=", y + 1, Proof("arithmetic", "arithmetic", y, "<=", y + 1))])
    with pytest.raises(Rejected, match="do not meet"):
        k.admit_chain("zigzag", [up1, up1])  # x ≤ x + 1 ≥ x: up then down proves nothing between the ends
    with pytest.raises(Rejected):
        k.admit_chain("empty", [])
    assert "gap" not in k.chains and "zigzag" not in k.chains
    assert k.prove_goal(x, "<", x + 2, Proof("chain", "up", x, "<", x + 2)).named("chain") == ["up"]
    foreign_chain = other.issuer.admit_chain("up", [other])  # a chain of the other kernel
    for forged in (object.__new__(Theorem), foreign_chain):  # written into the kernel's table by hand
        k.chains["up"] = forged
        with pytest.raises(Rejected, match="not proved"):
            Kernel.check(k, Proof("chain", "up", x, "<=", x + 1))


def test_a_chain_is_quantified_only_over_indices_its_premises_do_not_pin(tmp_path):
    path = derivation_file(tmp_path, """
        symbols:
          k: {kind: index}
          t: {kind: index}
          c: {kind: scalar}
        premises:
          P1: {claim: "k <= 3"}
          P2: {claim: "c <= 1"}
        chains:
          - id: pinned
            start: k
            steps:
              - "<=": 3
                by: [P1]
          - id: free
            start: c + t - t
            steps:
              - "<=": 1
                by: [P2]
        """)
    r = check(read(path), search=False)
    assert [ch.status for ch in r.chains] == [PROVED, PROVED]
    assert r.chains[0].theorem.variables == () and [str(v) for v, _ in r.chains[1].theorem.variables] == ["t"]
    assert r.chains[0].theorem.named("premise") == ["P1"]


# ---------------------------------------------------------------- the conclusion, replay
def test_the_conclusion_holds_a_theorem_with_its_proof_term(pascanu_report):
    c = pascanu_report.conclusion
    assert c.status == PROVED and genuine(c.theorem) and c.theorem.statement == (c.lhs, "->0", c.rhs)
    assert isinstance(c.theorem.proof, Proof) and c.theorem.proof.kind == "limit"
    assert c.theorem.named("premise") == c.premises == ["P1", "P2", "P3"]
    assert "sympy: limits of the premises (limits.not_pinned)" in c.trusts


def test_replay_starts_from_the_file_and_the_terms(tmp_path):
    """The statements are the file's: the same terms replayed against an edited file are rejected where it changed."""
    original = (DERIVATIONS / "pascanu_linear.yaml").read_text()
    r = check(read(DERIVATIONS / "pascanu_linear.yaml"), search=False)
    steps, assumed = terms(r)
    again = replay(r.derivation, steps, assumed)
    assert again.rejected == {} and again.conclusion is not None and set(again.links) == set(steps) - {"conclusion"}
    edited = read(derivation_file(tmp_path, original.replace('- "=": W_rec', '- "=": 2 * W_rec'), "edited.yaml"))
    changed = replay(edited, steps, assumed)
    assert set(changed.rejected) == {"jacobian.1"} and "jacobian" not in changed.chains  # its statement is the file's
    assert replay(r.derivation, {"nowhere.1": steps[next(iter(steps))]}).rejected == {"nowhere.1": "the file has no such step"}


# ---------------------------------------------------------------- the audit reads the theorems
SIDE = """
symbols:
  d: {kind: scalar}
  x: {kind: scalar}
  y: {kind: scalar}
premises:
  P1: {claim: "0 < d"}
  P2: {claim: "x <= y"}
  P3: {claim: "x <= y"}
chains:
  - id: c
    start: x * d / d
    steps:
      - "<=": y
        by: [P2, P3]
"""


def test_a_side_condition_s_premise_is_a_dependency_even_through_a_citation(tmp_path):
    """Class 8: the link is proved through a citation (the proof found for P3, the first one used P2); dividing by
    d needs d ≠ 0, from P1.  Its theorem lists P1 and the side condition; the audit says removing P1 breaks the
    link — and re-checking without P1 shows it does."""
    r = check(read(derivation_file(tmp_path, SIDE)), search=False)
    (link,) = r.links
    assert link.status == PROVED and "P1" in link.theorem.named("premise") and "P1" in link.premises
    assert Hypothesis("side condition", "d ≠ 0") in link.theorem.hypotheses
    removals = {rem.premise: [b.name for b in rem.breaks] for rem in audit(r).removals}
    assert removals["P1"] == ["c.1"]
    assert check(without(r.derivation, "P1"), search=False).links[0].status == UNPROVED
    assert removals["P2"] == removals["P3"] == []  # either of the two equal premises does
    assert check(without(r.derivation, "P3"), search=False).links[0].status == PROVED


def test_a_proof_known_to_stand_is_replayed_not_taken(tmp_path):
    """The audit's re-check tries the old proofs first, through the new kernel: one resting on the removed premise fails."""
    r = check(read(derivation_file(tmp_path, SIDE)), search=False)
    forged = dataclasses.replace(r.links[0])  # the same verdict, offered as standing without P1
    again = check(without(r.derivation, "P1"), search=False, reuse={("c", 1): forged})
    assert again.links[0].status == UNPROVED


def test_the_json_lists_what_each_proved_verdict_trusts(pascanu_report):
    from symbound.render.json import to_data

    data = to_data(pascanu_report)
    links = [link for ch in data["chains"] for link in ch["links"]]
    assert all(link["trusts"] == v.trusts for link, v in zip(links, pascanu_report.links))
    assert any("sympy: sign decision (arith.decide)" in link["trusts"] for link in links)
    assert data["conclusion"]["trusts"] == pascanu_report.conclusion.trusts
    json.dumps(data)
