"""Induction over the model's recurrence (tag ``induction``): the kernel checks the base case and the step."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("recurrence_induction", "A ** (h + 1) @ x = A @ (A ** h @ x)", "induction",
          ("square(A)", "0 <= h"),
          "induction on t ≥ s over the model's recurrence x[k] = F(x[k−1]), e.g. x_t = W^{t−s} x_s for x_k = W x_{k−1} "
          "(Pascanu et al. 2013, §2.1; Bengio et al. 1994): the kernel checks s ≤ t, the base case (the closed form at t = s "
          "is x[s], by substitution, or x[s]'s value from a proved x[s] = v or ‖x[s]‖ = 0) and the step (the model applied to the closed form at t − 1 is the closed form at t; "
          "the statement is this step for the linear model) with matrix products kept in order",
          "Nat.le_induction", "unrolls a recurrence: x_t = W^{t−s} x_s, and any closed form whose base case and step hold"),
)
