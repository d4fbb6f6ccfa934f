"""Limits of sequences (tag ``limit``), used to check ``tends_to_zero`` conclusions."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("gelfand_tendsto_zero", "norm(A ** n, p)", "limit", ("square(A)", "rho(A) < 1"),
          "Gelfand's formula ρ(A) = lim ‖Aⁿ‖^{1/n} (Horn & Johnson 2013, Cor. 5.6.14): ρ(A) < 1 ⇒ ‖Aⁿ‖ → 0 in every norm",
          "spectrum.pow_nnnorm_pow_one_div_tendsto_nhds_spectralRadius", "ρ(A) < 1 ⇒ ‖Aⁿ‖ → 0 as n → ∞"),
    Lemma("geometric_tendsto_zero", "q ** n", "limit", ("0 <= q", "q < 1"),
          "the geometric sequence qⁿ → 0 for 0 ≤ q < 1", "tendsto_pow_atTop_nhds_zero_of_lt_one",
          "0 ≤ η < 1 ⇒ ηⁿ → 0; with 0 ≤ aₙ ≤ C·ηⁿ (squeeze) aₙ → 0"),
)
