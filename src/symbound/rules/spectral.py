"""The spectral radius: transpose, normal matrices, the bound by every induced norm (Gelfand's formula,
a limit rule, is in ``limits``)."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("rho_transpose", "rho(A.T) = rho(A)", "rewrite", ("square(A)",),
          "Horn & Johnson (2013), §1.1 (A and Aᵀ have the same characteristic polynomial)",
          "Matrix.spectrum_transpose", ""),
    Lemma("rho_normal", "rho(A) = norm(A, 2)", "rewrite", ("normal(A)",),
          "Horn & Johnson (2013), §2.5 and Thm 5.6.9 (for normal A the singular values are the |eigenvalues|)",
          "", "ρ(A) = ‖A‖₂ for normal (in particular symmetric) A"),
    Lemma("rho_le_norm", "rho(A) <= norm(A, p)", "bound", ("square(A)", "induced(p)"),
          "Horn & Johnson (2013), Thm 5.6.9", "spectrum.spectralRadius_le_nnnorm",
          "the spectral radius is at most every induced norm"),
)
