"""The audit for reviewers: dependencies, unused premises, and what breaks without each premise."""

from __future__ import annotations

import json

import pytest

from conftest import DERIVATIONS, run_cli

from symbound.passes.audit import Audit, audit, audit_for_verify, without
from symbound.render.json import audit_data


@pytest.fixture(scope="module")
def pascanu_audit(pascanu_report) -> Audit:
    return audit(pascanu_report)


@pytest.fixture(scope="module")
def arxiv_audit(arxiv_report) -> Audit:
    return audit(arxiv_report)


def breaks(a: Audit, premise: str) -> set[str]:
    return {b.name for r in a.removals for b in r.breaks if r.premise == premise}


def test_without_p2_the_bound_and_the_conclusion_break(pascanu_audit):
    assert breaks(pascanu_audit, "P2") == {"eq6.2", "eta_lt_one.2", "conclusion"}


def test_without_p1_every_link_through_the_activation_bound_breaks(pascanu_audit):
    assert breaks(pascanu_audit, "P1") == {"eq6.2", "eta_bound.2", "product.2", "eq7.2", "conclusion"}


def test_without_p3_the_product_breaks(pascanu_audit):
    assert {"product.1", "product.2", "eq7.2", "conclusion"} <= breaks(pascanu_audit, "P3")
    assert pascanu_audit.load_bearing == ["P1", "P2", "P3"]


def test_only_steps_that_rest_on_a_premise_break_without_it(pascanu_audit):
    depends = {i.name: set(i.premises) for i in pascanu_audit.items}
    for r in pascanu_audit.removals:
        for b in r.breaks:
            assert r.premise in depends[b.name], (r.premise, b.name)


def test_a_broken_step_shows_its_real_reason_not_a_miscitation(pascanu_audit):
    p2 = next(r for r in pascanu_audit.removals if r.premise == "P2")
    eta = next(b for b in p2.breaks if b.name == "eta_lt_one.2")
    assert eta.before == "proved" and eta.after == "unproved"
    assert "`by:`" not in eta.reason and eta.reason


def test_removal_does_not_touch_the_original(pascanu_report):
    d = pascanu_report.derivation
    d2 = without(d, "P2")
    assert [p.id for p in d2.premises] == ["P1", "P3"] and [p.id for p in d.premises] == ["P1", "P2", "P3"]
    eq6 = next(c for c in d.chains if c.id == "eq6")
    assert eq6.links[1].by == ("P1", "P2")
    assert next(c for c in d2.chains if c.id == "eq6").links[1].by == ("P1",)


def test_dependencies_are_transitive(pascanu_audit):
    items = {i.name: i for i in pascanu_audit.items}
    assert items["eq6.2"].premises == ["P1", "P2"]
    assert items["product.2"].chains == ["eta_bound"] and items["product.2"].premises == ["P1", "P3"]
    assert items["eq7.2"].chains == ["eta_bound", "product"]  # product, and what product used
    assert items["eq7.2"].definitions == ["eta", "lambda_1"]  # η := λ₁γ brings λ₁
    assert items["conclusion"].premises == ["P1", "P2", "P3"]
    assert set(items["conclusion"].chains) >= {"eta_lt_one", "product", "eta_bound"}
    assert pascanu_audit.unused == []


def test_arxiv_only_changes_what_was_proved(arxiv_audit):
    assert breaks(arxiv_audit, "P2") == {"eta_lt_one.2"}  # the conclusion was never proved
    assert arxiv_audit.load_bearing == []


def test_an_unused_premise_is_named_and_breaks_nothing(tmp_path):
    from symbound import verify

    text = (DERIVATIONS / "pascanu.yaml").read_text(encoding="utf-8")
    text = text.replace("  P3:\n", '  P4:\n    text: "an assumption nothing uses"\n    claim: "gamma <= 10"\n  P3:\n', 1)
    path = tmp_path / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    a = audit(verify(path))
    assert a.unused == ["P4"]
    p4 = next(r for r in a.removals if r.premise == "P4")
    assert p4.breaks == [] and not p4.conclusion_breaks


def test_verify_skips_the_rechecks_for_many_premises(pascanu_report, monkeypatch):
    import symbound.passes.audit as mod

    monkeypatch.setattr(mod, "VERIFY_MAX_PREMISES", 2)
    a = audit_for_verify(pascanu_report)
    assert a.removals is None and "symbound audit" in a.note
    assert audit_data(a)["removals"] is None and audit_data(a)["steps"]


def test_cli_audit_names_the_links_that_break():
    proc = run_cli("audit", str(DERIVATIONS / "pascanu.yaml"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    p2 = out.split("without P2:")[1].split("without P3:")[0]
    assert "the conclusion fails" in p2 and "eq6.2" in p2 and "eta_lt_one.2" in p2
    p1 = out.split("without P1:")[1].split("without P2:")[0]
    assert "the conclusion fails" in p1 and "eta_bound.2" in p1
    assert "the conclusion hangs on P1, P2, P3" in out


def test_cli_audit_json():
    proc = run_cli("audit", str(DERIVATIONS / "pascanu.yaml"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    p2 = next(r for r in data["removals"] if r["premise"] == "P2")
    assert p2["conclusion_breaks"] and {b["step"] for b in p2["breaks"]} == {"eq6.2", "eta_lt_one.2", "conclusion"}


def test_verify_report_and_json_carry_the_audit():
    # by default verify reports what each step rests on (free: read off the verdicts) ...
    proc = run_cli("verify", str(DERIVATIONS / "pascanu.yaml"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["audit"]["removals"] is None
    assert data["audit"]["unused_premises"] == []
    assert len(data["audit"]["steps"]) == len([l for c in data["chains"] for l in c["links"]]) + 1
    conclusion = data["audit"]["steps"][-1]
    assert conclusion["premises"] == ["P1", "P2", "P3"]
    proc = run_cli("verify", str(DERIVATIONS / "pascanu.yaml"))
    assert "Audit" in proc.stdout and "symbound audit" in proc.stdout and "without P2:" not in proc.stdout
    # ... and with --audit also what breaks without each premise
    proc = run_cli("verify", str(DERIVATIONS / "pascanu.yaml"), "--json", "--audit")
    data = json.loads(proc.stdout)
    assert data["audit"]["load_bearing"] == ["P1", "P2", "P3"]
    proc = run_cli("verify", str(DERIVATIONS / "pascanu.yaml"), "--audit")
    assert "without P2:" in proc.stdout
