"""Inner products and quadratic forms: xᵀx = ‖x‖₂², the Cauchy–Schwarz and Hölder (1, ∞) inequalities, and the
bound on a quadratic form by the spectral norm.  (Bilinearity and symmetry are the inner product's normal form,
``symbound.ops.inner``.)"""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("inner_self", "inner(v, v) = norm(v, 2) ** 2", "rewrite", (),
          "definition of the Euclidean norm: ‖x‖₂² = Σᵢ xᵢ² = xᵀx (Horn & Johnson 2013, §5.1)",
          "real_inner_self_eq_norm_sq", "xᵀx = ‖x‖₂²"),
    Lemma("cauchy_schwarz", "abs(inner(v, x)) <= norm(v, 2) * norm(x, 2)", "bound", (),
          "the Cauchy–Schwarz inequality (Horn & Johnson 2013, Theorem 5.1.4)",
          "abs_real_inner_le_norm", "|xᵀy| ≤ ‖x‖₂‖y‖₂"),
    Lemma("inner_le_norm_mul_norm", "inner(v, x) <= norm(v, 2) * norm(x, 2)", "bound", (),
          "the Cauchy–Schwarz inequality, with xᵀy ≤ |xᵀy| (Horn & Johnson 2013, Theorem 5.1.4)",
          "real_inner_le_norm", "xᵀy ≤ ‖x‖₂‖y‖₂"),
    Lemma("holder_one_inf", "abs(inner(v, x)) <= norm(v, 1) * norm(x, inf)", "bound", (),
          "Hölder's inequality for p = 1, q = ∞: |Σᵢ vᵢxᵢ| ≤ Σᵢ |vᵢ||xᵢ| ≤ (Σᵢ |vᵢ|) maxᵢ |xᵢ| (the triangle "
          "inequality, then |xᵢ| ≤ ‖x‖∞)",
          "Finset.abs_sum_le_sum_abs, Finset.sum_le_sum", "|xᵀy| ≤ ‖x‖₁‖y‖∞"),
    Lemma("inner_le_holder_one_inf", "inner(v, x) <= norm(v, 1) * norm(x, inf)", "bound", (),
          "Hölder's inequality for p = 1, q = ∞, with xᵀy ≤ |xᵀy|",
          "Finset.abs_sum_le_sum_abs, Finset.sum_le_sum, le_abs_self", "xᵀy ≤ ‖x‖₁‖y‖∞"),
    Lemma("quadratic_form_le", "inner(v, A @ v) <= norm(A, 2) * norm(v, 2) ** 2", "bound", (),
          "Cauchy–Schwarz, then ‖Ax‖₂ ≤ ‖A‖₂‖x‖₂ (Horn & Johnson 2013, Theorem 5.1.4, Def. 5.6.1)",
          "real_inner_le_norm, ContinuousLinearMap.le_opNorm", "xᵀAx ≤ ‖A‖₂‖x‖₂²"),
    Lemma("quadratic_form_nonneg", "0 <= inner(v, A @ v)", "bound", ("positive_semidefinite(A)",),
          "definition of a positive semidefinite matrix (Horn & Johnson 2013, §7.1)",
          "Matrix.PosSemidef.2", "xᵀAx ≥ 0 for positive semidefinite A"),
)
