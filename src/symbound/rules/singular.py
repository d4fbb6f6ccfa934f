"""Singular values: σ_max is the 2-norm, transposes, and the lower bounds of σ_min (minimum gain)."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("sigma_max_eq_norm_2", "sigma_max(A) = norm(A, 2)", "rewrite", (),
          "Horn & Johnson (2013), Example 5.6.6: the spectral norm is the largest singular value",
          "", "the largest singular value is the 2-norm"),
    Lemma("sigma_max_transpose", "sigma_max(A.T) = sigma_max(A)", "rewrite", (),
          "Horn & Johnson (2013), Thm 2.6.3 (A and Aᵀ have the same singular values)", "", ""),
    Lemma("sigma_min_transpose", "sigma_min(A.T) = sigma_min(A)", "rewrite", (),
          "Horn & Johnson (2013), Thm 2.6.3 (A and Aᵀ have the same singular values)", "", ""),
    Lemma("sigma_min_mul", "sigma_min(A) * sigma_min(B) <= sigma_min(A @ B)", "bound", ("square(A)", "square(B)"),
          "σ_min(M) = min over unit x of ‖Mx‖₂ for square M (Horn & Johnson 2013, §7.3), so ‖ABx‖₂ ≥ σ_min(A)‖Bx‖₂ ≥ σ_min(A)σ_min(B)‖x‖₂",
          "", "σ_min(AB) ≥ σ_min(A)σ_min(B) for square A, B"),
    Lemma("sigma_min_matvec", "sigma_min(A) * norm(x, 2) <= norm(A @ x, 2)", "bound", ("tall(A)", "vector(x)"),
          "for an n×m A with n ≥ m, σ_min(A)² = λ_min(AᵀA) and xᵀAᵀAx ≥ λ_min(AᵀA)‖x‖₂² (Horn & Johnson 2013, §7.3, Thm 4.2.6); a wide A has a null vector, hence tall(A)",
          "", "‖Ax‖₂ ≥ σ_min(A)‖x‖₂ for A with at least as many rows as columns (the minimum gain)"),
    Lemma("norm_mul_ge_sigma_min", "sigma_min(A) * norm(B, 2) <= norm(B @ A, 2)", "bound", ("square(A)",),
          "‖BA‖₂ = ‖AᵀBᵀ‖₂ = max over unit u of ‖Aᵀ(Bᵀu)‖₂ ≥ σ_min(Aᵀ) max ‖Bᵀu‖₂ = σ_min(A)‖B‖₂ for square A "
          "(Horn & Johnson 2013, §7.3, Thm 2.6.3)",
          "", "‖gP‖₂ ≥ ‖g‖₂σ_min(P) for square P (g a row vector or any matrix)"),
    Lemma("sigma_min_diag", "c <= sigma_min(diag(f(x)))", "bound", ("forall z: c <= abs(f(z))",),
          "the singular values of diag(v) are the |vᵢ| (Horn & Johnson 2013, §7.3), so σ_min(diag(f(x))) = minᵢ|f(xᵢ)|",
          "", "σ_min(diag(f(x))) ≥ c when |f(z)| ≥ c at every z (e.g. a lower bound on σ')"),
    Lemma("sigma_min_prod", "prod(sigma_min(A), i, a, b) <= sigma_min(prod(A, i, a, b))", "bound",
          ("square(A)", "a <= b + 1"),
          "induction on sigma_min_mul; the empty product is I with σ_min(I) = 1",
          "", "σ_min(∏Aᵢ) ≥ ∏σ_min(Aᵢ) for square Aᵢ"),
    Lemma("sigma_min_pow", "sigma_min(A) ** h <= sigma_min(A ** h)", "bound", ("square(A)", "0 <= h"),
          "induction on sigma_min_mul; A⁰ = I with σ_min(I) = 1",
          "", "σ_min(Aⁿ) ≥ σ_min(A)ⁿ for square A"),
    Lemma("sigma_min_ge_one_sub_norm", "1 - norm(A - B, 2) <= sigma_min(A)", "bound", ("square(A)", "orthogonal(B)"),
          "Weyl's inequality for singular values, σ_min(X + Y) ≥ σ_min(X) − σ_max(Y) (Horn & Johnson 2013, Cor. 7.3.5), "
          "with X = B orthogonal (every singular value 1) and Y = A − B: ‖Ax‖₂ ≥ ‖Bx‖₂ − ‖(A − B)x‖₂ ≥ (1 − ‖A − B‖₂)‖x‖₂",
          "", "σ_min(A) ≥ 1 − ‖A − Q‖₂ for orthogonal Q, such as I: σ_min(A) ≥ 1 − ‖A − I‖₂"),
    Lemma("sigma_min_semi_orthogonal", "sigma_min(A) = 1", "rewrite", ("semi_orthogonal(A)",),
          "QᵀQ = I: the squared singular values of Q are the eigenvalues of QᵀQ = I, all 1 (Horn & Johnson 2013, Thm 2.6.3)",
          "", "σ_min(Q) = 1 for QᵀQ = I"),
    Lemma("sigma_min_le_sigma_max", "sigma_min(A) <= sigma_max(A)", "bound", (),
          "singular values are ordered σ₁ ≥ … ≥ σ_r (Horn & Johnson 2013, Thm 2.6.3)", "", ""),
)
