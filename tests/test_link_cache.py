"""Per-link entries of the verdict cache (src/symbound/check/proofcache.py): a stored proof is replayed through the
kernel, never trusted; the report is the same with and without them; an edit re-proves only what it touches."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from conftest import DERIVATIONS, run_cli

from symbound.check import cache, encoding, proofcache
from symbound.api import verify
from symbound.kernel.proofs import Proof
from symbound.search.prover import Prover
from symbound.render.json import to_data

LINEAR = DERIVATIONS / "pascanu_linear.yaml"  # three links, a limit conclusion
WRONG = DERIVATIONS / "activation_gamma_wrong.yaml"  # one link refuted
ON = {"SYMBOUND_NO_CACHE": None}


def report_json(path, store=None) -> str:
    return json.dumps(to_data(verify(path, cache=store)), sort_keys=True, default=str)


def link_entries(folder) -> list:
    return sorted((folder / "links").rglob("*.json"))


@pytest.fixture
def searched(monkeypatch) -> list:
    """The goals the prover is asked to search, as (lhs, rel, rhs)."""
    goals: list = []
    original = Prover.prove

    def spy(self, lhs, rel, rhs, *args, **kwargs):  # type: ignore[no-untyped-def]
        goals.append((lhs, rel, rhs))
        return original(self, lhs, rel, rhs, *args, **kwargs)

    monkeypatch.setattr(Prover, "prove", spy)
    return goals


def link_goals(path) -> list:
    report = verify(path, search=False, repair=False)
    return [(link.lhs, link.rel, link.rhs) for link in report.links]


def test_terminal_output_is_the_same_from_link_entries(tmp_path):
    """Byte for byte through the CLI: --no-cache, a cold run, and a run that has only the link entries."""
    where = ("--cache-dir", str(tmp_path / "c"))
    plain = run_cli("verify", str(LINEAR), "--no-cache", env=ON)
    cold = run_cli("verify", str(LINEAR), *where, env=ON)
    assert link_entries(tmp_path / "c")
    for entry in (tmp_path / "c" / "files").rglob("*.json"):
        entry.unlink()  # the file's outcome gone: the links are replayed
    warm = run_cli("verify", str(LINEAR), *where, env=ON)
    assert (plain.returncode, plain.stdout, plain.stderr) == (cold.returncode, cold.stdout, cold.stderr) == (
        warm.returncode, warm.stdout, warm.stderr)
    assert "conclusion proved" in plain.stdout


@pytest.mark.parametrize("path", [DERIVATIONS / "pascanu.yaml", DERIVATIONS / "indrnn_wrong.yaml"], ids=["pascanu", "refuted"])
def test_same_report_with_all_some_or_no_link_entries(tmp_path, path):
    store = cache.Store(tmp_path)
    plain = report_json(path)
    assert report_json(path, store) == plain
    entries = link_entries(tmp_path)
    assert entries
    assert report_json(path, store) == plain  # every proved link replayed
    for e in entries[::2]:
        e.unlink()
    assert report_json(path, store) == plain  # half of them searched again


def test_a_full_hit_searches_no_link(tmp_path, searched):
    store = cache.Store(tmp_path)
    report_json(LINEAR, store)
    goals = link_goals(LINEAR)
    searched.clear()
    report_json(LINEAR, store)
    assert not set(searched) & set(goals)


def test_after_editing_one_link_only_that_link_is_searched(tmp_path, searched):
    store = cache.Store(tmp_path / "c")
    report_json(LINEAR, store)
    text = LINEAR.read_text(encoding="utf-8")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("        by: rho_transpose\n", ""), encoding="utf-8")  # one citation dropped
    assert edited.read_text(encoding="utf-8") != text
    before, after = link_goals(LINEAR), link_goals(edited)
    assert before == after
    searched.clear()
    report = verify(edited, cache=store)
    assert [g for g in searched if g in after] == [after[1]]  # power.1, the edited link; power.2 and the rest replayed
    assert report.exit_code == 0


def test_a_stale_entry_after_a_lemma_change_is_not_used(tmp_path, searched, monkeypatch):
    store = cache.Store(tmp_path)
    report_json(LINEAR, store)
    monkeypatch.setattr(cache, "source_digest", lambda: "another lemma library")
    searched.clear()
    assert report_json(LINEAR, store) == report_json(LINEAR)
    assert set(link_goals(LINEAR)) <= set(searched)


def test_a_forged_proof_of_a_false_link_is_not_trusted(tmp_path, monkeypatch):
    """An entry that claims the refuted link by arithmetic (well-formed, valid checksum) is replayed through
    the kernel, which rejects it: the link stays refuted."""
    store = cache.Store(tmp_path)
    keys: dict = {}
    original = proofcache.LinkCache.key

    def spy(self, lhs, rel, rhs, *args, **kwargs):  # type: ignore[no-untyped-def]
        keys[(lhs, rel, rhs)] = k = original(self, lhs, rel, rhs, *args, **kwargs)
        return k

    monkeypatch.setattr(proofcache.LinkCache, "key", spy)
    plain = report_json(WRONG, store)
    refuted = [link for link in verify(WRONG).links if link.status == "refuted"]
    assert refuted
    for link in refuted:
        a, rel, b = (link.rhs, {">=": "<=", ">": "<"}[link.rel], link.lhs) if link.rel in (">=", ">") else (link.lhs, link.rel, link.rhs)
        body, _ = encoding.encode((Proof("arithmetic", "arithmetic", a, rel, b),))
        store.put_link(keys[(link.lhs, link.rel, link.rhs)], {"proofs": body})
    assert report_json(WRONG, store) == plain


@pytest.mark.parametrize("damage", ["garbage", "unknown-class", "bad-reference", "wrong-types"])
def test_a_corrupt_link_entry_is_ignored_and_rebuilt(tmp_path, damage):
    store = cache.Store(tmp_path)
    plain = report_json(LINEAR, store)
    for path in link_entries(tmp_path):
        data = json.loads(path.read_text(encoding="utf-8"))
        nodes = data["body"]["proofs"]["nodes"]
        if damage == "garbage":
            data["body"] = {"proofs": "garbage"}
        elif damage == "unknown-class":
            for node in nodes:
                if node[0] == "F":
                    node[1] = "os.system"
        elif damage == "bad-reference":
            for node in nodes:
                if node[0] == "F":
                    node[2] = [len(nodes) + 5]
        else:
            data["body"]["proofs"]["proofs"][0]["k"] = 7
        data["mac"] = store.mac("links", data["key"], data["body"])
        path.write_text(json.dumps(data), encoding="utf-8")
    assert report_json(LINEAR, store) == plain
    for path in link_entries(tmp_path):  # rebuilt: every entry decodes again
        body = json.loads(path.read_text(encoding="utf-8"))["body"]
        assert encoding.decode(body["proofs"])


def test_the_encoding_round_trips_unevaluated_terms_and_fresh_variables():
    x = sp.Symbol("x", positive=True)
    d = sp.Dummy("i", integer=True)
    unevaluated = sp.Mul(x, sp.Pow(x, -1, evaluate=False), evaluate=False)
    p = Proof("conv", "rewriting", unevaluated, "<=", sp.Rational(3, 2) + d, binding=(("index", d), ("n", 3)))
    body, dummies = encoding.encode((p,))
    assert encoding.decode(json.loads(json.dumps(body)), dict(dummies)) == (p,)
    (q,) = encoding.decode(body)
    assert q.lhs == unevaluated and q.bound["index"] != d and q.bound["index"].is_integer  # a fresh variable, fresh again
    with pytest.raises(encoding.Unencodable):
        encoding.encode((Proof("conv", "rewriting", sp.Float(0.5), "<=", x),))


def test_contradictions_are_searched_on_every_run_and_never_stored(tmp_path):
    """A stored "no contradiction" could only hide one: the premises are searched on every run."""
    text = """
symbols:
  gamma: {kind: scalar}
premises:
  P1: {claim: "gamma < 1"}
  P2: {claim: "GAMMA <= gamma"}
chains:
  - id: c
    start: gamma
    steps:
      - "<": 1
        by: P1
"""
    store = cache.Store(tmp_path / "c")
    for bound, found in (("0", False), ("2", True), ("0", False), ("2", True)):
        path = tmp_path / f"p{bound}.yaml"
        path.write_text(text.replace("GAMMA", bound), encoding="utf-8")
        findings = verify(path, cache=store).findings
        assert bool(findings) == found and (not found or findings[0].kind == "contradiction")
    bodies = [json.loads(p.read_text(encoding="utf-8"))["body"] for p in link_entries(tmp_path / "c")]
    assert bodies and all(set(body) == {"proofs"} for body in bodies)
