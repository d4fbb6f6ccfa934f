"""The Pascanu et al. (2013) §2.1 derivations: the final version is proved, the arXiv slip is caught."""

from __future__ import annotations

import json

from conftest import run_cli


def test_final_version_every_link_proved(pascanu_report):
    statuses = {(link.chain, link.index): link.status for link in pascanu_report.links}
    assert statuses and set(statuses.values()) == {"proved"}, statuses
    assert pascanu_report.conclusion.status == "proved"
    assert pascanu_report.exit_code == 0


def test_final_version_eq6_rests_on_both_premises(pascanu_report):
    eq6 = next(c for c in pascanu_report.chains if c.id == "eq6")
    assert eq6.relation == "<"  # ≤ then < then = composes to <
    link1, link2, link3 = eq6.links
    assert "submultiplicative" in link1.lemmas and link1.premises == []
    assert {"pointwise_bound", "mul_le_mul"} <= set(link2.lemmas)
    assert link2.premises == ["P1", "P2"]
    assert link3.rel == "=" and "(1/γ) γ = 1" in link3.note


def test_final_version_conclusion_depends_on_the_sufficient_condition(pascanu_report):
    c = pascanu_report.conclusion
    assert "P2" in c.premises and "P1" in c.premises
    assert "geometric_tendsto_zero" in {u.name for u in c.uses}
    assert pascanu_report.unused_premises == []


def test_final_version_jacobian_is_derived_in_numerator_layout(pascanu_report):
    from symbound.render.text import text

    model = pascanu_report.derivation.model
    (jac, *_rest) = model.jacobians.values()
    assert text(jac.derived) == "W_rec diag(σ'(x[k]))"  # ∂x_{k+1}/∂x_k for x_{k+1} = W_rec σ(x_k) + …


def test_arxiv_eigenvalue_link_is_not_proved(arxiv_report):
    link = next(l for l in arxiv_report.links if l.chain == "first_factor")
    assert link.status != "proved"
    names = {n.lemma for n in link.near}
    assert "rho_le_norm" in names  # the lemma that runs the other way
    why = next(n.why for n in link.near if n.lemma == "rho_le_norm")
    assert "other way" in why
    assert arxiv_report.exit_code != 0


def test_arxiv_eq6_strict_step_is_not_proved_and_points_at_the_factor(arxiv_report):
    eq6 = next(c for c in arxiv_report.chains if c.id == "eq6")
    assert eq6.links[0].status == "proved"  # ‖J‖ ≤ ‖Wᵀ‖‖diag‖ is still right
    assert eq6.links[1].status != "proved"
    from symbound.render.text import relation

    assert relation(*eq6.links[1].blocker) == "‖W_recᵀ‖₂ < 1/γ"
    assert arxiv_report.conclusion.status != "proved"


def test_cli_exit_codes_and_json():
    ok = run_cli("verify", "derivations/pascanu.yaml")
    assert ok.returncode == 0, ok.stderr
    assert "14 links: 14 proved, 0 refuted, 0 unproved; conclusion proved" in ok.stdout
    bad = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--json")
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    first = data["chains"][0]
    assert first["id"] == "first_factor" and first["links"][0]["status"] != "proved"
    assert any(n["lemma"] == "rho_le_norm" for n in first["links"][0]["near_misses"])


def test_output_is_deterministic_across_processes():
    a = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--json")
    b = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--json")
    assert a.stdout == b.stdout
