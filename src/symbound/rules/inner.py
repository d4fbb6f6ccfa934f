"""Inner products and quadratic forms: xᵀx = ‖x‖₂², the Cauchy–Schwarz inequality, and the bound on a
quadratic form by the spectral norm.  (Bilinearity and symmetry are the inner product's normal form,
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
    Lemma("quadratic_form_le", "inner(v, A @ v) <= norm(A, 2) * norm(v, 2) ** 2", "bound", (),
          "Cauchy–Schwarz, then ‖Ax‖₂ ≤ ‖A‖₂‖x‖₂ (Horn & Johnson 2013, Theorem 5.1.4, Def. 5.6.1)",
          "real_inner_le_norm, ContinuousLinearMap.le_opNorm", "xᵀAx ≤ ‖A‖₂‖x‖₂²"),
)
