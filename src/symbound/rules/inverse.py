"""The matrix inverse A⁻¹ (``inv(A)``): when it exists, its norm, its transpose, and the orthogonal case.

A A⁻¹ = A⁻¹ A = I needs no entry: the kernel's normal form of matrix polynomials cancels them (sympy's
``MatMul``), and every term holding A⁻¹ is shown defined first (``symbound.ops.domains``: 0 < σ_min(A), or
‖A − I‖₂ < 1).  The entries below keep 0 < σ_min(A) as a hypothesis so that each one is a theorem on its own."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("sigma_min_pos_invertible", "0 < sigma_min(A)", "bound", ("invertible(A)",),
          "a square A is invertible exactly when AᵀA is positive definite, i.e. σ_min(A)² = λ_min(AᵀA) > 0 (Horn & Johnson 2013, §7.3)",
          "", "σ_min(A) > 0 for an invertible (or orthogonal) A"),
    Lemma("norm_inverse_2", "norm(inv(A), 2) = 1 / sigma_min(A)", "rewrite", ("square(A)", "0 < sigma_min(A)"),
          "the singular values of inv(A) are the reciprocals of those of A (A = UΣVᵀ gives inv(A) = V inv(Σ) Uᵀ; Horn & Johnson 2013, §7.3)",
          "", "‖A⁻¹‖₂ = 1/σ_min(A)"),
    Lemma("norm_inverse_mul_ge_one", "1 <= norm(inv(A), p) * norm(A, p)", "bound", ("square(A)", "induced(p)", "0 < sigma_min(A)"),
          "submultiplicativity at A⁻¹A = I, whose induced norm is 1: 1 = ‖A⁻¹A‖ ≤ ‖A⁻¹‖‖A‖ (Horn & Johnson 2013, §5.6)",
          "", "‖A⁻¹‖‖A‖ ≥ 1 for an invertible A and an induced norm (the condition number is at least 1)"),
    Lemma("norm_div_sigma_min_ge_one", "1 <= norm(A, 2) / sigma_min(A)", "bound", ("square(A)", "0 < sigma_min(A)"),
          "σ_min(A) ≤ σ_max(A) = ‖A‖₂ (Horn & Johnson 2013, Thm 2.6.3); the form ‖A⁻¹‖₂‖A‖₂ ≥ 1 takes in the 2-norm (norm_inverse_2)",
          "", "‖A‖₂/σ_min(A) ≥ 1, the 2-norm condition number"),
    Lemma("inverse_transpose", "inv(A).T = inv(A.T)", "rewrite", ("square(A)", "0 < sigma_min(A)"),
          "Aᵀ inv(A)ᵀ = (inv(A) A)ᵀ = I (Horn & Johnson 2013, §0.5)", "Matrix.transpose_nonsing_inv", "(A⁻¹)ᵀ = (Aᵀ)⁻¹"),
    Lemma("inverse_orthogonal", "inv(A) = A.T", "rewrite", ("orthogonal(A)",),
          "QᵀQ = I, so Qᵀ is the inverse (Horn & Johnson 2013, §2.1)", "Matrix.inv_eq_left_inv", "Q⁻¹ = Qᵀ for orthogonal Q"),
)
