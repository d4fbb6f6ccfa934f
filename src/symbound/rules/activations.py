"""Activations and elementwise functions: relu and its derivative, Lipschitz bounds, pointwise
bounds, facts of relu, and the supremum computed by sympy's calculus (tag ``calculus``).

The facts about an abstract activation come from its declared properties (premises such as
``abs(sigma(a) - sigma(b)) <= L * abs(a - b)`` for all a, b and ``sigma(0) == 0``), never from its name;
those about relu need the activation declared ``function: relu``."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("relu_derivative_le_one", "max_abs(f(x)) <= 1", "bound", ("relu_derivative(f)",),
          "relu'(z) ∈ {0, 1} for z ≠ 0 and relu'(0) ∈ [0, 1] under any convention (frameworks use 0); with norm_diag_induced, ‖diag(relu'(x))‖_p ≤ 1 for p = 1, 2, ∞",
          "", "maxᵢ|relu'(xᵢ)| ≤ 1, hence ‖diag(relu'(x))‖ ≤ 1"),
    Lemma("lipschitz_elementwise", "norm(f(x) - f(v), p) <= c * norm(x - v, p)", "bound",
          ("induced(p)", "vector(x)", "forall z: abs(f'(z)) <= c"),
          "mean value theorem in each coordinate, |f(xᵢ) − f(vᵢ)| ≤ c|xᵢ − vᵢ|, and the vector 1-, 2- and ∞-norms are monotone in |entries|",
          "LipschitzWith (of a function with bounded derivative: lipschitzWith_of_nnnorm_deriv_le)",
          "an elementwise f with |f'| ≤ c is c-Lipschitz on vectors"),
    Lemma("lipschitz_premise_elementwise", "norm(f(x) - f(v), p) <= c * norm(x - v, p)", "bound",
          ("vector(x)", "forall a, b: abs(f(a) - f(b)) <= c * abs(a - b)"),
          "|f(xᵢ) − f(vᵢ)| ≤ c|xᵢ − vᵢ| in each coordinate, and the vector norms (1, 2, ∞, Frobenius) are monotone: "
          "‖u‖ ≤ ‖w‖ when |uᵢ| ≤ |wᵢ| for every i (Horn & Johnson 2013, §5.5, absolute norms)",
          "LipschitzWith (LipschitzWith.prod_map for the coordinates)",
          "an elementwise f that is c-Lipschitz (a premise: relu, hard tanh, no derivative needed) is c-Lipschitz on vectors in every norm"),
    Lemma("lipschitz_zero_elementwise", "norm(f(x), p) <= c * norm(x, p)", "bound",
          ("vector(x)", "forall a, b: abs(f(a) - f(b)) <= c * abs(a - b)", "f(0) <= 0", "0 <= f(0)"),
          "|f(xᵢ)| = |f(xᵢ) − f(0)| ≤ c|xᵢ| in each coordinate, and the vector norms (1, 2, ∞, Frobenius) are monotone "
          "in |entries| (Horn & Johnson 2013, §5.5, absolute norms)",
          "LipschitzWith.norm_le_mul (with f 0 = 0)",
          "an elementwise c-Lipschitz f with f(0) = 0 has ‖f(x)‖ ≤ c‖x‖ in every vector norm"),
    Lemma("relu_norm_le", "norm(f(x), p) <= norm(x, p)", "bound", ("vector(x)", "relu(f)"),
          "|max(0, xᵢ)| ≤ |xᵢ| in each coordinate, and the vector norms are monotone in |entries| (Horn & Johnson 2013, §5.5)",
          "", "‖relu(x)‖ ≤ ‖x‖ in every vector norm"),
    Lemma("abs_max_zero_le", "abs(max(0, a)) <= abs(a)", "bound", (),
          "max(0, a) is 0 or a; relu of a scalar is read as max(0, a)", "abs_max_le_max_abs_abs", "|relu(a)| = |max(0, a)| ≤ |a|"),
    Lemma("relu_idempotent", "f(f(A)) = f(A)", "rewrite", ("relu(f)",),
          "max(0, max(0, z)) = max(0, z) in each entry", "", "relu(relu(X)) = relu(X)"),
    Lemma("relu_lipschitz", "norm(f(x) - f(v), p) <= norm(x - v, p)", "bound", ("induced(p)", "vector(x)", "relu(f)"),
          "|max(0, a) − max(0, b)| ≤ |a − b| in each coordinate (relu is 1-Lipschitz); monotone vector norms",
          "LipschitzWith.max_const", "relu is 1-Lipschitz (Szegedy et al. 2014, §4.3: 'contractive')"),
    Lemma("sup_by_calculus", "f(z) <= c", "calculus", (),
          "sympy.calculus.util.maximum: the supremum over the reals of a one-variable formula, from its critical points and its limits at ±∞; used for concrete activations (|tanh'| ≤ 1, |sigmoid'| ≤ 1/4)",
          "", "sup over z ∈ ℝ of a concrete formula, computed by sympy"),
    Lemma("pointwise_bound", "max_abs(f(v)) <= c", "bound", ("forall z: abs(f(z)) <= c",),
          "a bound that holds at every point holds at every entry",
          "", "|f(z)| ≤ c for all z ⇒ maxᵢ|f(v)ᵢ| ≤ c (e.g. a bound on σ' bounds ‖diag(σ'(x))‖)"),
)
