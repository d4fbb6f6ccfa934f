"""Certificates: `symbound verify FILE --certificate CERT` writes every proved verdict's proof term; `symbound
check FILE CERT` replays them in a fresh kernel without the search, and rejects a tampered certificate."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

import pytest

from conftest import DERIVATIONS, ROOT, run_cli

from symbound.check.certificate import certificate, read_certificate, reproved, terms
from symbound.check.checker import check
from symbound.kernel.replay import replay
from symbound.read.derivation import read
from symbound.values import PROVED, UNPROVED

PASCANU = DERIVATIONS / "pascanu.yaml"


@pytest.fixture(scope="module")
def report():
    return check(read(PASCANU), search=False)


@pytest.fixture(scope="module")
def cert(report) -> dict:
    return json.loads(json.dumps(certificate(report)))  # through JSON text, as the file holds it


def replayed(report, data: dict):
    return replay(report.derivation, *read_certificate(data))


def root(data: dict, step: str) -> dict:
    """The proof node of a step's term, in the certificate's list of proofs."""
    at = 0
    for name, count in data["steps"]:
        if name == step:
            return data["terms"]["proofs"][data["terms"]["roots"][at]]
        at += count
    raise KeyError(step)


def test_a_certificate_confirms_every_proved_verdict(report, cert):
    again = replayed(report, cert)
    assert again.rejected == {} and cert["left_out"] == []
    assert set(again.links) == {f"{l.chain}.{l.index}" for l in report.links if l.status == PROVED}
    assert set(again.chains) == {ch.id for ch in report.chains}
    assert again.conclusion is not None and again.conclusion.statement == report.conclusion.theorem.statement
    assert {s: t.trusts for s, t in again.links.items()} == {f"{l.chain}.{l.index}": frozenset(l.trusts) for l in report.links}


def tampered(cert: dict, change) -> dict:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(cert)
    change(data)
    return data


def _swap_steps(data: dict) -> None:
    steps = data["steps"]
    steps[0][0], steps[2][0] = steps[2][0], steps[0][0]  # eq6.1's term offered for eq6.3 and the other way round


def _bind_another_matrix(data: dict) -> None:
    node = next(p for p in data["terms"]["proofs"] if p["r"] == "submultiplicative")
    node["b"][0][1] = node["b"][1][1]


def _drop_side_proof(data: dict) -> None:
    """The first step with a side proof (a side condition of a partial subterm: η^(t−k) needs 0 ≤ t − k) loses it."""
    at = 0
    for k, (name, count) in enumerate(data["steps"]):
        if count > 1:
            del data["terms"]["roots"][at + 1 : at + count]
            data["steps"][k][1] = 1
            SIDE_PROOF_DROPPED.add(name)
            return
        at += count


SIDE_PROOF_DROPPED: set[str] = set()


@pytest.mark.parametrize("change, rejected", [
    (lambda d: root(d, "eq6.1").update(k="_eq__"), {"eq6.1"}),
    (lambda d: root(d, "eq6.1").update(k="free_unfolded"), {"eq6.1"}),
    (lambda d: root(d, "eq6.2").update(r="add_le_add"), {"eq6.2"}),
    (lambda d: root(d, "eq6.2").update(c=[]), {"eq6.2"}),  # the parts of a monotonicity step dropped
    (lambda d: root(d, "eta_bound.3").update(w=[]), {"eta_bound.3"}),  # the rewrites dropped
    (lambda d: root(d, "conclusion").update(c=root(d, "conclusion")["c"][:2]), {"conclusion"}),
    (_swap_steps, {"eq6.1", "eq6.3"}),
    (_bind_another_matrix, None),
    (_drop_side_proof, SIDE_PROOF_DROPPED),
    (lambda d: d["steps"].append(["nowhere.1", 1]) or d["terms"]["roots"].append(0), {"nowhere.1"}),
], ids=["dunder-kind", "helper-kind", "rule", "children", "rewrites", "limit-parts", "statements", "binding", "side-proof", "step"])
def test_a_tampered_certificate_is_rejected(report, cert, change, rejected):
    again = replayed(report, tampered(cert, change))
    assert rejected is None or rejected  # (the side-proof change names its step when it runs)
    if rejected is None:
        assert again.rejected, "a changed binding is an instance of another statement"
    else:
        assert set(again.rejected) >= rejected
    assert not set(again.rejected) & set(again.links)


@pytest.mark.parametrize("data", [{}, {"symbound_certificate": 2}, {"symbound_certificate": 1, "steps": [["a", 0]], "terms": {"nodes": [], "proofs": [], "roots": []}, "assumed": []},
                                  {"symbound_certificate": 1, "steps": "x", "terms": None, "assumed": []}])
def test_a_malformed_certificate_is_a_clear_error(data):
    with pytest.raises(ValueError):
        read_certificate(data)


def test_reproved_gives_a_report_its_theorems_again_and_only_those_that_replay(report):
    import pickle

    from symbound.cli.batch import _dumps, _loads, FileResult

    data = _dumps((FileResult(str(PASCANU), report, None, 0), terms(report)))
    again = _loads(data).report
    assert [l.status for l in again.links] == [l.status for l in report.links] and again.conclusion.status == PROVED
    assert all(l.theorem is not report_link.theorem for l, report_link in zip(again.links, report.links))
    stripped = pickle.loads(_dumps(report))
    assert {l.status for l in stripped.links} == {UNPROVED}  # theorems do not cross a process boundary
    steps, assumed = terms(report)
    del steps["eq6.1"]
    partial = reproved(stripped, steps, assumed)
    assert [l.status for l in partial.links].count(UNPROVED) == 1 and partial.chains[0].status == UNPROVED


def test_verify_writes_and_check_replays_without_the_search(tmp_path):
    cert = tmp_path / "p.cert.json"
    made = run_cli("verify", str(PASCANU), "--no-cache", "--budget", "0", "--certificate", str(cert))
    assert made.returncode == 0 and json.loads(cert.read_text())["steps"]
    probe = ("import sys\nfrom symbound.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
             "print('LOADED', sorted(m for m in sys.modules if m.startswith(('symbound.search', 'symbound.passes', 'symbound.render'))\n"
             "                     or m in ('symbound.check.checker', 'symbound.check.cache', 'symbound.check.proofcache', 'symbound.values')))\n"
             "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe, "check", str(PASCANU), str(cert)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout
    assert "confirmed  conclusion" in done.stdout and "rejected" not in done.stdout.replace("0 rejected", "")
    data = json.loads(cert.read_text())
    root(data, "eq6.1")["k"] = "_subclasshook__"
    cert.write_text(json.dumps(data))
    bad = run_cli("check", str(PASCANU), str(cert))
    assert bad.returncode == 1 and "rejected   eq6.1: unknown kind of step '_subclasshook__'" in bad.stdout
    cert.write_text("{not json")
    unreadable = run_cli("check", str(PASCANU), str(cert))
    assert unreadable.returncode == 2 and "not a certificate symbound can read" in unreadable.stderr


@pytest.mark.parametrize("name", ["activation_gamma", "hochreiter_sigmoid", "linear_rnn_unrolled"])
def test_terms_with_activations_and_induction_are_written_and_confirmed(name):
    """|1 − tanh²| is written and read back as it is (not as |tanh² − 1|): no proved step is left out."""
    r = check(read(DERIVATIONS / f"{name}.yaml"), search=False)
    data = json.loads(json.dumps(certificate(r)))
    assert data["left_out"] == []
    again = replay(r.derivation, *read_certificate(data))
    assert again.rejected == {} and len(again.links) == sum(link.status == PROVED for link in r.links)


@pytest.mark.parametrize("kind", ["chain", "definition", "premise", "lemma"])
def test_a_rejection_prints_the_terms_as_the_file_writes_them(report, cert, kind):
    """A step citing a chain (or a definition, premise, lemma) with its two sides swapped is rejected, and the
    reason prints the terms in the file's syntax (``norm(W_rec @ …)``), never sympy's objects (``Norm(MatMul(…))``)."""
    data = copy.deepcopy(cert)
    proofs = data["terms"]["proofs"]
    at = next(i for i, p in enumerate(proofs) if p["k"] == kind and p["l"] != p["h"])
    proofs[at]["l"], proofs[at]["h"] = proofs[at]["h"], proofs[at]["l"]
    reasons = replayed(report, data).rejected.values()
    shown = [why for why in reasons if " is not " in why and "chain " not in why[:6]]
    assert shown, reasons
    for why in shown:
        assert not re.search(r"\b[A-Z]\w*\(", why), why  # no class name applied to arguments
        assert "SeqElem" not in why and "Elementwise" not in why and "Dummy" not in why, why
