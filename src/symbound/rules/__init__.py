"""The lemma library, as data: one module per family of facts, each entry with its statement (in
symbound's expression language, with pattern variables), hypotheses, tag (``use``), reference and
Mathlib name; the named predicates of hypotheses are in ``predicates``.  ``symbound.read.lemmas`` compiles
the statements; the prover and the kernel look entries up by name and tag.

``SEARCH_ORDER`` is the order in which the prover tries the library (and the catalogue lists it): the
search is deterministic and returns the first proof it finds, so the order is part of the behaviour.

To add a lemma: write its ``Lemma`` in its family's module and its name in ``SEARCH_ORDER``; the numeric
tests (tests/test_lemmas_numeric.py) check it on random and adversarial instances by themselves; then
regenerate docs/lemmas.md (``symbound lemmas --markdown``).  A ``gcongr`` or ``limit`` entry also needs
the kernel's check of that name (``Kernel._g_<name>`` / ``Kernel._limit_<name>``; tests/test_rules.py
ties them).  To add a predicate: register it in ``predicates.py`` with its check, text, LaTeX and a
sampler (in ``sampling.py``) or a shape constraint.
"""

from __future__ import annotations

from symbound.rules import activations, algebra, arithmetic, induction, inner, inverse, limits, norms, singular, spectral, sums
from symbound.rules.lemma import IDENTITY_SIZE, PATTERN_KINDS, TAGS, Hypothesis, Lemma, hypotheses, read_hypothesis
from symbound.rules.predicates import REGISTRY as PREDICATE_REGISTRY

FAMILIES = (norms, inner, spectral, singular, inverse, activations, algebra, arithmetic, sums, induction, limits)

SEARCH_ORDER = (
    # equalities
    "norm_transpose_2", "sigma_max_eq_norm_2", "sigma_max_transpose", "sigma_min_transpose", "rho_transpose",
    "inverse_transpose", "inverse_orthogonal", "semi_orthogonal_gram", "orthogonal_gram", "norm_inverse_2",
    "norm_diag_induced", "norm_diag_fro", "norm_identity", "diag_hadamard", "diag_transpose", "symmetric_transpose", "relu_idempotent", "norm_homogeneous", "abs_of_nonneg",
    "rho_normal", "norm_orthogonal_mul_2", "norm_mul_orthogonal_2", "norm_semi_orthogonal_mul_2", "norm_semi_orthogonal_mul_fro", "norm_semi_orthogonal_2", "sigma_min_semi_orthogonal", "prod_const", "matprod_const", "inner_self", "sum_const", "geometric_sum",
    # inequalities
    "rho_le_norm", "cauchy_schwarz", "inner_le_norm_mul_norm", "holder_one_inf", "inner_le_holder_one_inf", "quadratic_form_le", "quadratic_form_nonneg", "submultiplicative", "norm_matvec", "norm_prod_le_prod_norm", "norm_sum_le_sum_norm", "geometric_sum_le", "norm_fro_mul_le_norm2", "norm_fro_mul_le_fro_norm2", "max_abs_le_norm_inf", "norm_inf_le_max_abs", "norm2_le_fro", "triangle",
    "triangle_scaled", "triangle_nonneg", "reverse_triangle", "reverse_triangle_sub", "abs_sub_abs_le_abs_sub", "abs_abs_sub_abs_le_abs_sub", "sigma_min_mul",
    "sigma_min_matvec", "norm_mul_ge_sigma_min", "sigma_min_diag", "sigma_min_prod", "norm_pow_le_pow_norm", "sigma_min_pow", "relu_derivative_le_one",
    "sigma_min_le_sigma_max", "sigma_min_ge_one_sub_norm", "sigma_min_pos_invertible", "norm_inverse_mul_ge_one", "norm_div_sigma_min_ge_one", "lipschitz_elementwise", "lipschitz_premise_elementwise", "lipschitz_zero_elementwise", "relu_lipschitz", "relu_norm_le", "abs_max_zero_le", "sup_by_calculus", "pointwise_bound",
    # monotonicity and positivity
    "mul_le_mul", "mul_le_mul_of_nonneg_left", "add_le_add", "pow_le_pow_left", "prod_le_prod", "sum_le_sum", "sum_nonneg", "le_range_max", "max_le_max", "abs_le", "pow_le_one",
    "pow_le_pow_of_le_one", "pow_le_pow_of_one_le", "mul_nonneg", "pow_nonneg", "le_of_signs", "norm_sum_le", "le_abs_self", "min_le_left", "le_max_left", "le_min", "lt_min", "max_le", "prod_le_pow", "div_le", "monotone",
    # induction over the model
    "recurrence_induction",
    # limits
    "gelfand_tendsto_zero", "geometric_tendsto_zero",
)


def _library() -> tuple[Lemma, ...]:
    entries = {lemma.name: lemma for family in FAMILIES for lemma in family.LEMMAS}
    count = sum(len(family.LEMMAS) for family in FAMILIES)
    if count != len(entries) or set(entries) != set(SEARCH_ORDER) or len(SEARCH_ORDER) != len(entries):
        raise ImportError("the lemma library: SEARCH_ORDER must list every entry of the families exactly once")
    return tuple(entries[name] for name in SEARCH_ORDER)


LEMMAS: tuple[Lemma, ...] = _library()
BY_NAME: dict[str, Lemma] = {lemma.name: lemma for lemma in LEMMAS}

# The named predicates a hypothesis may use, with what they mean; the prover and the kernel check each
# one (an unknown one fails).
PREDICATES: dict[str, str] = {name: p.description for name, p in PREDICATE_REGISTRY.items()}


def tagged(tag: str) -> tuple[Lemma, ...]:
    """The entries with a tag (``use``), in search order."""
    return tuple(lemma for lemma in LEMMAS if lemma.use == tag)


def is_tagged(name: str, tag: str) -> bool:
    """Whether ``name`` is a library entry with that tag (looked up when the rule is applied, so a test may
    patch the library)."""
    lemma = BY_NAME.get(name)
    return lemma is not None and lemma.use == tag


def answered(names: set[str]) -> set[str]:
    """The names a proof using ``names`` answers as citations: those, and the entries they generalise."""
    return set(names).union(*(BY_NAME[n].covers for n in names if n in BY_NAME))


__all__ = ["answered", "BY_NAME", "FAMILIES", "Hypothesis", "IDENTITY_SIZE", "LEMMAS", "Lemma", "PATTERN_KINDS", "PREDICATES",
           "SEARCH_ORDER", "TAGS", "hypotheses", "is_tagged", "read_hypothesis", "tagged"]
