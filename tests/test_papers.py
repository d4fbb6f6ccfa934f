"""Derivations transcribed from papers (Hochreiter & Schmidhuber 1997, Gouk et al. 2021, Vorontsov et al.
2017, IndRNN, AntisymmetricRNN): each verdict pinned, each wrong variant refuted at the wrong step.

The true files are checked without the counterexample search (a proof does not need it); the wrong
variants with a modest search budget, enough for the exact counterexample each one has."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import DERIVATIONS
from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.ops import SeqElem

BUDGET = 800  # instances per claim for the wrong variants; each is refuted within a few hundred


@pytest.fixture(scope="module")
def report():
    cache: dict[tuple[str, bool], object] = {}

    def get(name: str, search: bool = False):
        if (name, search) not in cache:
            cache[name, search] = check(read(DERIVATIONS / name), search=search, budget=BUDGET)
        return cache[name, search]

    return get


def statuses(r) -> dict[str, str]:
    return {f"{l.chain}.{l.index}": l.status for l in r.links}


def link(r, key: str):
    return next(l for l in r.links if f"{l.chain}.{l.index}" == key)


def refuted_only_at(r, key: str, exact: bool = True) -> None:
    s = statuses(r)
    assert s[key] == "refuted", s
    assert all(v == "proved" for k, v in s.items() if k != key), s
    w = link(r, key).witness
    assert w is not None and (w.exact or not exact)
    assert r.exit_code == 1


# ---- Hochreiter & Schmidhuber (1997), §3.1-3.2

def test_hochreiter_sigmoid_error_flow_vanishes_below_four(report):
    r = report("hochreiter_sigmoid.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    assert "sup_by_calculus" in link(r, "fprime_max.2").lemmas  # f'_max = 1/4 derived by sympy
    assert link(r, "tau_lt_one.2").premises == ["P1"]  # |w| < 4 is what makes τ < 1
    assert r.conclusion.status == "proved" and "P1" in r.conclusion.premises


def test_hochreiter_five_is_not_a_sufficient_threshold(report):
    r = report("hochreiter_sigmoid_wrong.yaml", search=True)
    refuted_only_at(r, "scaling_factor.3")


# ---- Gouk et al. (2021)

def test_gouk_layerwise_lipschitz_in_the_1_and_inf_norms(report):
    r = report("gouk_lipschitz.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    used = {n for l in r.links for n in l.lemmas}
    assert {"norm_matvec", "relu_lipschitz"} <= used
    assert r.conclusion.status == "proved"


def test_gouk_with_the_transposed_layer_is_refuted(report):
    r = report("gouk_lipschitz_wrong.yaml", search=True)
    refuted_only_at(r, "lipschitz_inf.4")  # ‖W1ᵀ‖∞ = ‖W1‖₁ does not bound W1 in the ∞-norm


# ---- Vorontsov et al. (2017)

def test_vorontsov_singular_value_range_bounds_the_gain(report):
    r = report("vorontsov_orthogonal.yaml")
    s = statuses(r)
    upper = {k: v for k, v in s.items() if k.startswith("upper.")}
    assert upper and set(upper.values()) == {"proved"}
    assert "norm_pow_le_pow_norm" in link(r, "upper.2").lemmas
    assert link(r, "upper.4").premises == ["P1", "P4"]
    assert "sigma_min_matvec" in link(r, "lower.1").lemmas and s["lower.1"] == "proved"
    assert "sigma_min_pow" in link(r, "lower.2").lemmas and s["lower.2"] == "proved"
    assert s["lower.3"] == "proved"  # σ_min(W)^L‖v‖ ≥ (1 − m)^L‖v‖ from σ_min(W) ≥ 1 − m and 0 ≤ m < 1
    assert r.conclusion is None or r.conclusion.status == "proved"
    assert r.exit_code == 0


def test_vorontsov_with_eigenvalues_is_refuted(report):
    r = report("vorontsov_orthogonal_wrong.yaml", search=True)
    refuted_only_at(r, "upper.2")  # ‖W^L‖₂ ≤ ρ(W)^L fails for non-normal W


# ---- IndRNN, Li et al. (2018)

def test_indrnn_jacobian_and_inf_norm_bound(report):
    r = report("indrnn.yaml")
    s = statuses(r)
    assert s["jacobian.1"] == "proved"  # diag(relu'(·)) diag(u), derived from the recurrence
    assert {k: v for k, v in s.items() if k.startswith("bound.")} == {"bound.1": "proved", "bound.2": "proved", "bound.3": "proved"}
    assert "relu_derivative_le_one" in link(r, "bound.2").lemmas
    assert r.conclusion.status == "proved"
    assert s["jacobian.2"] == "proved" and "diag_hadamard" in link(r, "jacobian.2").lemmas  # diag(a) diag(b) = diag(a ⊙ b)
    assert r.exit_code == 0


def test_indrnn_halving_claim_is_refuted(report):
    r = report("indrnn_wrong.yaml", search=True)
    refuted_only_at(r, "bound.3")


# ---- AntisymmetricRNN, Chang et al. (2019)

def test_antisymmetric_rnn_jacobian_and_bound(report):
    r = report("antisymmetric_rnn.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    assert "triangle_nonneg" in link(r, "bound.2").lemmas
    assert r.conclusion.status == "proved"


def test_antisymmetric_rnn_without_the_identity_is_refuted(report):
    r = report("antisymmetric_rnn_wrong.yaml", search=True)
    refuted_only_at(r, "bound.1", exact=False)  # tanh' at the witness is evaluated in floating point


# ---- Pascanu et al. (2013), §2.1 eqs. (5)-(7), with the indexed abbreviation D_i := diag(σ'(x_i))

def test_pascanu_with_an_indexed_abbreviation(report):
    r = report("pascanu_abbreviation.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    d = r.derivation
    assert [ix.name for ix in d.indexed] == ["D"]
    # D[k+1] is unfolded at the shifted index: the Jacobian two steps on is W_rec diag(σ'(x[k+1]))
    k = d.symbols["k"].obj
    assert {e.index for e in sp.preorder_traversal(link(r, "eq5_next.1").rhs) if isinstance(e, SeqElem)} == {k + 1}
    assert "norm_prod_le_prod_norm" in link(r, "eq7_product.1").lemmas  # D[i] inside ∏ over i
    assert link(r, "eq7_product.2").chains == ["eq6"]
    assert r.conclusion.status == "proved"


def test_pascanu_abbreviation_at_the_wrong_index_is_refuted(report):
    r = report("pascanu_abbreviation_wrong.yaml", search=True)
    # ∂x_{k+1}/∂x_k is W_rec D_k, not W_rec D_{k+1}. The witness is checked in floating point only: the claim uses
    # x[k], so x[k] is the recurrence applied to a drawn x[k − 1], through σ (tanh(z)/4); the exact witness found
    # before drew x[k] itself, a state no run of its model reaches (x[2] = (0, −3/2, −2) against
    # x[2] = W_rec σ(x[1]) + b = (·, 1, 0)).
    refuted_only_at(r, "eq5.1", exact=False)


# ---- the linear RNN unrolled, Pascanu et al. (2013) §2.1

def test_linear_rnn_unrolls_by_induction(report):
    r = report("linear_rnn_unrolled.yaml")
    assert set(statuses(r).values()) == {"proved"} and r.exit_code == 0
    assert link(r, "unroll.1").lemmas == ["recurrence_induction"] and link(r, "unroll.1").premises == ["P1"]
    assert "recurrence_induction" in link(r, "bound.1").lemmas
    assert r.conclusion.status == "proved"


def test_linear_rnn_unrolled_with_the_transpose_is_refuted(report):
    r = report("linear_rnn_unrolled_wrong.yaml", search=True)
    refuted_only_at(r, "unroll.1")  # x_t = (W_recᵀ)^{t−k} x_k: eq. (5)'s factor is not the state's update


# ---- Pascanu et al. (2013) eq. (6) as printed: "(1/γ) γ < 1" after a strict link

def test_pascanu_eq6_as_printed_holds_as_repaired():
    from symbound.passes.verdicts import verdicts

    r = verdicts(read(DERIVATIONS / "pascanu_as_printed.yaml"), search=True, budget=BUDGET)  # check, refute, repair
    refuted_only_at(r, "eq6.3")  # (1/γ)·γ = 1: the printed "<" is wrong, and stays refuted
    eq6 = next(ch for ch in r.chains if ch.id == "eq6")
    assert "eq6.3 (write =)" in eq6.repaired and all(not ch.repaired for ch in r.chains if ch.id != "eq6")
    assert r.conclusion.status == "proved"
