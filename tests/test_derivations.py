"""The shipped derivations beyond Pascanu's §2.1: each verdict pinned."""

from __future__ import annotations

import re

import pytest

from conftest import DERIVATIONS, shipped_report
from symbound.render.text import shown_values


@pytest.fixture(scope="module")
def reports():
    return shipped_report


def statuses(report) -> dict[str, str]:
    return {f"{l.chain}.{l.index}": l.status for l in report.links}


def test_every_shipped_derivation_cites_its_source():
    for path in sorted(DERIVATIONS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "source:" in text and re.search(r"\b(19|20)\d\d\b", text.split("source:")[1][:200]), path.name  # a year


def test_esn_proposition_3a_is_proved(reports):
    r = reports("esn.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    first = r.links[0]
    assert "lipschitz_elementwise" in first.lemmas  # tanh is 1-Lipschitz, |tanh'| ≤ 1 derived by sympy
    assert "submultiplicative" in r.links[2].lemmas
    contraction = next(l for l in r.links if l.chain == "contraction")
    assert contraction.premises == ["P1"]
    assert r.conclusion.status == "proved"


def test_esn_with_spectral_radius_is_refuted(reports):
    r = reports("esn_spectral_radius.yaml")
    s = statuses(r)
    assert s["contraction.1"] == "proved"
    assert s["contraction.2"] == "refuted"
    w = r.links[1].witness
    assert w.exact
    assert r.conclusion.status == "refuted"  # the contraction claim itself fails under ρ(W) < 1
    assert r.exit_code == 1


def test_lipschitz_mlp_is_proved_and_spectral_normalisation_gives_one(reports):
    r = reports("lipschitz_mlp.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    used = {n for l in r.links for n in l.lemmas}
    assert {"relu_lipschitz", "submultiplicative", "mul_le_mul"} <= used
    sn = next(l for l in r.links if l.chain == "spectral_normalization")
    assert sn.status == "proved" and "norm_homogeneous" in sn.lemmas


def test_lipschitz_mlp_with_spectral_radii_is_refuted(reports):
    r = reports("lipschitz_mlp_spectral_radius.yaml")
    s = statuses(r)
    assert all(v == "proved" for k, v in s.items() if k != "lipschitz.7")
    assert s["lipschitz.7"] == "refuted" and r.links[-1].witness.exact
    assert r.conclusion.status == "refuted"


def test_linear_rnn_spectral_radius_is_sufficient(reports):
    r = reports("pascanu_linear.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    c = r.conclusion
    assert c.status == "proved"
    names = {u.name for u in c.uses}
    assert {"gelfand_tendsto_zero", "matprod_const"} <= names
    assert "P1" in c.premises


def test_activation_gamma_derived_by_sympy(reports):
    r = reports("activation_gamma.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    for link in r.links:
        if link.index == 2:
            assert link.lemmas == ["sup_by_calculus"]


def test_a_wrong_gamma_is_refuted_at_a_point(reports):
    r = reports("activation_gamma_wrong.yaml")
    (link,) = r.links
    assert link.status == "refuted"
    assert link.witness.exact
    assert shown_values(link.witness)["z"] == "0"
    assert (link.witness.lhs_value, link.witness.rhs_value) == ("1/4", "1/5")
