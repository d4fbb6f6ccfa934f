"""Monotonicity and positivity of the arithmetic operations (tag ``gcongr``), as Lean's ``@[gcongr]``
lemmas: the prover's congruence step looks them up by the head of the goal's sides, and the kernel
checks each application with its own rule for that name."""

from __future__ import annotations

from symbound.rules.lemma import Lemma

LEMMAS: tuple[Lemma, ...] = (
    Lemma("mul_le_mul", "a * b <= c * d", "gcongr", ("0 <= a", "0 <= b", "a <= c", "b <= d"),
          "ordered semirings: multiply inequalities between nonnegatives; strict when one factor is strict and the others' bounds are positive",
          "mul_le_mul", "products of nonnegatives are monotone"),
    Lemma("add_le_add", "a + b <= c + d", "gcongr", ("a <= c", "b <= d"), "ordered groups", "add_le_add", ""),
    Lemma("pow_le_pow_left", "a ** e <= b ** e", "gcongr", ("0 <= a", "a <= b", "0 <= e"),
          "monotonicity of t ↦ tᵉ on [0, ∞) for e ≥ 0", "pow_le_pow_left", "powers of nonnegatives are monotone"),
    Lemma("prod_le_prod", "prod(a, i, d, e) <= prod(b, i, d, e)", "gcongr", ("0 <= a", "a <= b", "d <= e + 1"),
          "induction on the number of factors", "Finset.prod_le_prod", "products over a range are monotone"),
    Lemma("prod_le_pow", "prod(a, i, d, e) <= b ** (e - d + 1)", "gcongr", ("0 <= a", "a <= b", "d <= e + 1"),
          "induction on the number of factors (b ≥ 0 when there is one); ∏ ≤ 1 when b = 1",
          "Finset.prod_le_pow_card", "each factor ≤ b: the product ≤ b to the number of factors",
          covers=("prod_le_prod", "prod_const")),
    Lemma("monotone", "-c * a <= -c * b", "gcongr", ("0 <= c", "b <= a"),
          "each operator's per-argument monotonicity, with the signs it depends on (declared once in "
          "symbound.ops.registry, as CVXPY's): sides differing in one argument are compared in the direction it gives",
          "gcongr (neg_le_neg, mul_le_mul_of_nonpos_left, div_le_div_of_nonneg_left, Real.sqrt_le_sqrt, Real.exp_le_exp)",
          "a bound in any position: under a minus sign, a negative coefficient, a denominator, √, exp, a power"),
    Lemma("div_le", "a / c <= b", "gcongr", ("a <= b * c", "0 < c"),
          "multiply both sides by c > 0; strict when a < b·c", "div_le_of_le_mul₀ (div_lt_iff when strict)",
          "a bound in a denominator: a/c ≤ b from a ≤ b·c and c > 0"),
    Lemma("max_le_max", "max(a, b) <= max(c, d)", "gcongr", ("a <= c", "b <= d"), "max is monotone in each argument", "max_le_max", ""),
    Lemma("abs_le", "abs(a) <= b", "gcongr", ("a <= b", "-b <= a"),
          "|a| = max(a, −a); strict when both bounds are strict", "abs_le", "|a| ≤ b from −b ≤ a ≤ b"),
    Lemma("pow_le_one", "a ** e <= 1", "gcongr", ("0 <= a", "a <= 1", "0 <= e"),
          "t ↦ aᵗ is nonincreasing for 0 ≤ a ≤ 1 and a⁰ = 1; strict for a < 1 and e > 0",
          "Real.rpow_le_one (pow_le_one₀ for natural exponents)", "aᵉ ≤ 1 for 0 ≤ a ≤ 1, e ≥ 0"),
    Lemma("pow_le_pow_of_le_one", "a ** d <= a ** e", "gcongr", ("0 <= a", "a <= 1", "e <= d", "0 <= e"),
          "t ↦ aᵗ is nonincreasing on [0, ∞) for 0 ≤ a ≤ 1",
          "Real.rpow_le_rpow_of_exponent_ge (pow_le_pow_of_le_one for natural exponents)",
          "a larger exponent gives a smaller power of a base in [0, 1]"),
    Lemma("pow_le_pow_of_one_le", "a ** d <= a ** e", "gcongr", ("1 <= a", "d <= e"),
          "t ↦ aᵗ = exp(t log a) is nondecreasing for a ≥ 1",
          "Real.rpow_le_rpow_of_exponent_le (pow_le_pow_right₀ for natural exponents)",
          "a larger exponent gives a larger power of a base ≥ 1"),
    Lemma("norm_sum_le", "abs(a * c + b * d) <= a * abs(c) + b * abs(d)", "gcongr", ("0 <= a", "0 <= b"),
          "the triangle inequality and absolute homogeneity, for any number of terms: g‖M‖ ≤ Σ cⱼ‖Vⱼ‖ when "
          "gM = Σ ±cⱼVⱼ (matrix algebra in symbound.kernel.algebra) and g, cⱼ ≥ 0; also for |·| on scalars",
          "norm_sum_le, norm_smul_of_nonneg", "‖Σ ±cⱼVⱼ‖ ≤ Σ cⱼ‖Vⱼ‖ for cⱼ ≥ 0, terms regrouped",
          covers=("triangle", "triangle_scaled", "triangle_nonneg")),
    Lemma("le_abs_self", "a <= abs(a)", "gcongr", (), "|a| = max(a, −a); also −|a| ≤ a", "le_abs_self (neg_abs_le)",
          "one side of an absolute value: a ≤ |a| and −|a| ≤ a", covers=("abs_le",)),
    Lemma("mul_nonneg", "0 <= a * b", "gcongr", ("0 <= a", "0 <= b"),
          "ordered semirings (for any number of factors); strict when every factor is positive",
          "mul_nonneg (mul_pos when strict)", "a product of nonnegatives is nonnegative"),
    Lemma("pow_nonneg", "0 <= a ** e", "gcongr", ("0 <= a", "0 <= e"),
          "aᵉ ≥ 0 for a ≥ 0, e ≥ 0 (0⁰ = 1); aᵉ > 0 for a > 0 and any real e",
          "Real.rpow_nonneg (Real.rpow_pos_of_pos when strict)", "a power of a nonnegative is nonnegative"),
)
