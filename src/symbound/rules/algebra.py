"""Structural equalities: diagonal matrices and products of equal factors."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("diag_hadamard", "diag(hadamard(v, x)) = diag(v) @ diag(x)", "rewrite", (),
          "diagonal matrices multiply entrywise: the i-th diagonal entry of diag(v) diag(x) is vᵢxᵢ (Horn & Johnson 2013, §0.9.1)",
          "Matrix.diagonal_mul_diagonal", "diag(v ⊙ x) = diag(v) diag(x)"),
    Lemma("diag_transpose", "diag(v).T = diag(v)", "rewrite", (), "a diagonal matrix is symmetric", "Matrix.diagonal_transpose", ""),
    Lemma("symmetric_transpose", "A.T = A", "rewrite", ("symmetric(A)",), "the definition of a symmetric matrix",
          "Matrix.IsSymm", "Aᵀ = A for symmetric A"),
    Lemma("semi_orthogonal_gram", "A.T @ A = I", "rewrite", ("semi_orthogonal(A)",),
          "orthonormal columns a₁ … a_m: the (i, j) entry of AᵀA is aᵢᵀaⱼ = δᵢⱼ (Horn & Johnson 2013, §2.1); also inside a longer product",
          "", "AᵀA = I for a semi-orthogonal (or orthogonal) A"),
    Lemma("orthogonal_gram", "A @ A.T = I", "rewrite", ("orthogonal(A)",),
          "QᵀQ = I for a square Q makes Qᵀ the inverse of Q, so QQᵀ = I as well (Horn & Johnson 2013, §2.1); also inside a longer product",
          "", "QQᵀ = I for an orthogonal Q (not for a tall semi-orthogonal one)"),
    Lemma("prod_const", "prod(c, i, a, b) = c ** (b - a + 1)", "rewrite", ("constant(c)", "a <= b + 1"),
          "a product of b − a + 1 equal factors (the range a..b is not reversed)", "Finset.prod_const",
          "∏_{i=a}^{b} c = c^{b−a+1}"),
    Lemma("matprod_const", "prod(A, i, l, h) = A ** (h - l + 1)", "rewrite", ("constant(A)", "square(A)", "l <= h + 1"),
          "an ordered product of b − a + 1 equal square factors (the range a..b is not reversed)", "Finset.prod_const",
          "∏_{i=a}^{b} A = A^{b−a+1}"),
)
