"""Sums over an index range: monotonicity and sign term by term, the triangle inequality over a sum, a sum of equal terms, the geometric sum.
Every statement reads an empty range (b = a − 1) as the empty sum 0, never by Karr's convention, so
each equality asks for a ≤ b + 1."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("sum_const", "sum(c, i, a, b) = c * (b - a + 1)", "rewrite", ("constant(c)", "a <= b + 1"),
          "a sum of b − a + 1 equal terms (the range a..b is not reversed)", "Finset.sum_const", "Σᵢ c = (b − a + 1)c"),
    Lemma("geometric_sum", "sum(q ** i, i, a, b) = (q ** a - q ** (b + 1)) / (1 - q)", "rewrite", ("0 <= a", "q < 1", "a <= b + 1"),
          "the geometric sum, (1 − q)Σ_{i=a}^{b} qⁱ = qᵃ − q^{b+1} (telescoping); Graham, Knuth & Patashnik, Concrete Mathematics (1994), eq. (2.26)",
          "geom_sum_Ico", "Σ_{i=a}^{b} qⁱ = (qᵃ − q^{b+1})/(1 − q)"),
    Lemma("geometric_sum_le", "sum(q ** i, i, a, b) <= q ** a / (1 - q)", "bound", ("0 <= q", "q < 1", "0 <= a"),
          "the geometric sum bounded by its series: Σ_{i=a}^{b} qⁱ ≤ Σ_{i≥a} qⁱ = qᵃ/(1 − q) for 0 ≤ q < 1",
          "tsum_geometric_of_lt_one", "Σ_{i=a}^{b} qⁱ ≤ qᵃ/(1 − q)"),
    Lemma("sum_le_sum", "sum(a, i, d, e) <= sum(b, i, d, e)", "gcongr", ("a <= b",),
          "induction on the number of terms; the termwise bound is proved at every index of the range (i = d + q or "
          "i = e − q for an integer q ≥ 0), and an empty range is 0 on both sides", "Finset.sum_le_sum",
          "sums over one range are monotone: Σᵢ aᵢ ≤ Σᵢ bᵢ from aᵢ ≤ bᵢ for d ≤ i ≤ e"),
    Lemma("sum_nonneg", "0 <= sum(a, i, d, e)", "gcongr", ("0 <= a",),
          "induction on the number of terms; the termwise sign is proved at every index of the range, an empty sum is 0",
          "Finset.sum_nonneg", "a sum of nonnegative terms is nonnegative"),
    Lemma("le_range_max", "a <= max(a, (i, d, e))", "gcongr", ("d <= e",),
          "the maximum over a range is one of its terms and not below any: f(c) ≤ max_{i=d}^{e} f(i) for a whole c "
          "with d ≤ c ≤ e (the statement shows a term that does not depend on i)", "Finset.le_sup'",
          "a term of a range is at most its maximum"),
    Lemma("norm_sum_le_sum_norm", "norm(sum(A, i, a, b), p) <= sum(norm(A, p), i, a, b)", "bound", (),
          "the triangle inequality, by induction on the number of terms (Horn & Johnson 2013, Def. 5.1.1); an empty sum is 0 on both sides",
          "norm_sum_le", "‖Σᵢ Aᵢ‖ ≤ Σᵢ ‖Aᵢ‖"),
)
