"""The lemma library, as data: each lemma's statement (in symbound's own expression language, with
pattern variables), its hypotheses, and where it is proved.

``use`` says how the checker applies it:
  * ``rewrite``: an equality used left to right to bring terms to a canonical form;
  * ``bound``: an inequality ``lhs <= rhs`` (or ``<``) matched against a goal or used as one step of
    transitivity;
  * ``gcongr``: a monotonicity rule, applied by the checker's congruence step (the statement documents it);
  * ``limit``: a limit fact, used to check ``tends_to_zero`` conclusions.

Hypotheses are either named predicates on the pattern variables (one of ``PREDICATES``:
``induced(p)``, ``square(A)``, ``normal(A)``, ``orthogonal(A)``, ``vector(x)`` ...) or relations (``a <= b + 1``, ``forall z: abs(f(z)) <= c``) that the
checker must itself prove from the premises.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.symbol import Str

from .syntax import Activation, NormKindVar, Relation, Scope, parse_expr, parse_relations

# Pattern variables and their kinds: matrices of any shape, square matrices, vectors, scalars, norm kinds.
PATTERN_KINDS = {
    "A": "matrix", "B": "matrix", "v": "vector", "x": "vector",
    "c": "scalar", "q": "scalar", "a": "scalar", "b": "scalar", "d": "scalar", "e": "scalar", "n": "exponent", "l": "limit", "h": "limit",
    "p": "norm", "f": "activation", "i": "index", "z": "scalar", "m": "dimension",
}
IDENTITY_SIZE = "m"  # in lemma statements, I is the m×m identity


# The named predicates a hypothesis may use; the prover must check each one (an unknown one fails).
PREDICATES = {
    "induced": "an induced norm (1, 2 or ∞)",
    "square": "a square matrix",
    "normal": "a normal matrix (declared `assume: [symmetric]` or `[normal]`, or diagonal)",
    "orthogonal": "an orthogonal matrix, QᵀQ = QQᵀ = I (declared `assume: [orthogonal]`)",
    "vector": "a column vector",
    "constant": "does not depend on the product's index",
    "relu": "the activation relu",
    "relu_derivative": "the derivative relu' (relu'(0) may be any value in [0, 1])",
}


@dataclass(frozen=True)
class Lemma:
    name: str
    statement: str
    use: str
    hypotheses: tuple[str, ...]
    reference: str
    mathlib: str = ""
    summary: str = ""


LEMMAS: tuple[Lemma, ...] = (
    # ---- equalities (rewrites to canonical form)
    Lemma("norm_transpose_2", "norm(A.T, 2) = norm(A, 2)", "rewrite", (),
          "Horn & Johnson, Matrix Analysis (2nd ed. 2013), §5.6 (the spectral norm is unitarily invariant and ‖A*‖₂ = ‖A‖₂)",
          "Matrix.l2_opNorm_conjTranspose", "the spectral norm of the transpose"),
    Lemma("sigma_max_eq_norm_2", "sigma_max(A) = norm(A, 2)", "rewrite", (),
          "Horn & Johnson (2013), Example 5.6.6: the spectral norm is the largest singular value",
          "", "the largest singular value is the 2-norm"),
    Lemma("sigma_max_transpose", "sigma_max(A.T) = sigma_max(A)", "rewrite", (),
          "Horn & Johnson (2013), Thm 2.6.3 (A and Aᵀ have the same singular values)", "", ""),
    Lemma("sigma_min_transpose", "sigma_min(A.T) = sigma_min(A)", "rewrite", (),
          "Horn & Johnson (2013), Thm 2.6.3 (A and Aᵀ have the same singular values)", "", ""),
    Lemma("rho_transpose", "rho(A.T) = rho(A)", "rewrite", ("square(A)",),
          "Horn & Johnson (2013), §1.1 (A and Aᵀ have the same characteristic polynomial)",
          "Matrix.spectrum_transpose", ""),
    Lemma("norm_diag_induced", "norm(diag(v), p) = max_abs(v)", "rewrite", ("induced(p)",),
          "Horn & Johnson (2013), §5.6: for a diagonal matrix the 1-, 2- and ∞-norms are the largest |entry|",
          "", "‖diag(v)‖₁ = ‖diag(v)‖₂ = ‖diag(v)‖∞ = maxᵢ|vᵢ|"),
    Lemma("norm_diag_fro", "norm(diag(v), fro) = norm(v, 2)", "rewrite", (),
          "definition of the Frobenius norm", "", "‖diag(v)‖_F = ‖v‖₂"),
    Lemma("norm_identity", "norm(I, p) = 1", "rewrite", ("induced(p)",),
          "Horn & Johnson (2013), §5.6 (induced norms): ‖I‖ = max over ‖x‖ = 1 of ‖Ix‖ = 1 (the Frobenius norm does not: ‖I‖_F = √n)",
          "", "‖I‖ = 1 for induced norms"),
    Lemma("diag_hadamard", "diag(hadamard(v, x)) = diag(v) @ diag(x)", "rewrite", (),
          "diagonal matrices multiply entrywise: the i-th diagonal entry of diag(v) diag(x) is vᵢxᵢ (Horn & Johnson 2013, §0.9.1)",
          "Matrix.diagonal_mul_diagonal", "diag(v ⊙ x) = diag(v) diag(x)"),
    Lemma("diag_transpose", "diag(v).T = diag(v)", "rewrite", (), "a diagonal matrix is symmetric", "Matrix.diagonal_transpose", ""),
    Lemma("norm_homogeneous", "norm(c * A, p) = abs(c) * norm(A, p)", "rewrite", (),
          "norm axiom (absolute homogeneity); Horn & Johnson (2013), Def. 5.1.1", "norm_smul", "‖cA‖ = |c|‖A‖"),
    Lemma("rho_normal", "rho(A) = norm(A, 2)", "rewrite", ("normal(A)",),
          "Horn & Johnson (2013), §2.5 and Thm 5.6.9 (for normal A the singular values are the |eigenvalues|)",
          "", "ρ(A) = ‖A‖₂ for normal (in particular symmetric) A"),
    Lemma("norm_orthogonal_mul_2", "norm(A @ B, 2) = norm(B, 2)", "rewrite", ("orthogonal(A)",),
          "Horn & Johnson (2013), §5.6 (the spectral norm is unitarily invariant: ‖QB‖₂² = λ_max(BᵀQᵀQB) = λ_max(BᵀB))",
          "", "‖QB‖₂ = ‖B‖₂ for orthogonal Q"),
    Lemma("norm_mul_orthogonal_2", "norm(B @ A, 2) = norm(B, 2)", "rewrite", ("orthogonal(A)",),
          "Horn & Johnson (2013), §5.6 (unitary invariance: BQ has the singular values of B, as (BQ)(BQ)ᵀ = BBᵀ)",
          "", "‖BQ‖₂ = ‖B‖₂ for orthogonal Q"),
    Lemma("prod_const", "prod(c, i, a, b) = c ** (b - a + 1)", "rewrite", ("constant(c)", "a <= b + 1"),
          "a product of b − a + 1 equal factors (the range a..b is not reversed)", "Finset.prod_const",
          "∏_{i=a}^{b} c = c^{b−a+1}"),
    Lemma("matprod_const", "prod(A, i, l, h) = A ** (h - l + 1)", "rewrite", ("constant(A)", "square(A)", "l <= h + 1"),
          "an ordered product of b − a + 1 equal square factors (the range a..b is not reversed)", "Finset.prod_const",
          "∏_{i=a}^{b} A = A^{b−a+1}"),
    # ---- inequalities
    Lemma("rho_le_norm", "rho(A) <= norm(A, p)", "bound", ("square(A)", "induced(p)"),
          "Horn & Johnson (2013), Thm 5.6.9", "spectrum.spectralRadius_le_nnnorm",
          "the spectral radius is at most every induced norm"),
    Lemma("submultiplicative", "norm(A @ B, p) <= norm(A, p) * norm(B, p)", "bound", (),
          "Horn & Johnson (2013), §5.6 (induced norms) and §5.6.0 (Frobenius norm, by Cauchy–Schwarz)",
          "norm_mul_le", "‖AB‖ ≤ ‖A‖‖B‖ for induced and Frobenius norms"),
    Lemma("norm_matvec", "norm(A @ x, p) <= norm(A, p) * norm(x, p)", "bound", ("induced(p)", "vector(x)"),
          "Horn & Johnson (2013), Def. 5.6.1 (an induced norm is compatible with its vector norm)",
          "ContinuousLinearMap.le_opNorm", "‖Ax‖ ≤ ‖A‖‖x‖"),
    Lemma("norm_prod_le_prod_norm", "norm(prod(A, i, a, b), p) <= prod(norm(A, p), i, a, b)", "bound",
          ("induced(p)", "a <= b + 1"),
          "induction on submultiplicativity; the empty product is I with ‖I‖ = 1 for induced norms",
          "Finset.norm_prod_le", "‖∏Aᵢ‖ ≤ ∏‖Aᵢ‖"),
    Lemma("norm2_le_fro", "norm(A, 2) <= norm(A, fro)", "bound", (),
          "Horn & Johnson (2013), §5.6 (σ₁² ≤ Σσᵢ² = ‖A‖_F²)", "Matrix.l2_opNorm_le_frobenius_norm", "‖A‖₂ ≤ ‖A‖_F"),
    Lemma("triangle", "norm(A + B, p) <= norm(A, p) + norm(B, p)", "bound", (),
          "norm axiom (triangle inequality); Horn & Johnson (2013), Def. 5.1.1", "norm_add_le", ""),
    Lemma("triangle_scaled", "norm(a * A + b * B, p) <= abs(a) * norm(A, p) + abs(b) * norm(B, p)", "bound", (),
          "norm axioms: the triangle inequality, then absolute homogeneity (Horn & Johnson 2013, Def. 5.1.1)",
          "norm_add_le, norm_smul", "‖aA + bB‖ ≤ |a|‖A‖ + |b|‖B‖"),
    Lemma("triangle_nonneg", "norm(a * A + b * B, p) <= a * norm(A, p) + b * norm(B, p)", "bound", ("0 <= a", "0 <= b"),
          "triangle_scaled with |a| = a and |b| = b for a, b ≥ 0 (e.g. a gate z and 1 − z with 0 ≤ z ≤ 1)",
          "norm_add_le, norm_smul_of_nonneg", "‖aA + bB‖ ≤ a‖A‖ + b‖B‖ for a, b ≥ 0"),
    Lemma("reverse_triangle", "norm(A, p) - norm(B, p) <= norm(A + B, p)", "bound", (),
          "the triangle inequality for A = (A + B) + (−B) and ‖−B‖ = ‖B‖ (Horn & Johnson 2013, Def. 5.1.1)",
          "norm_sub_norm_le (applied to A and −B, with norm_neg)", "‖A + B‖ ≥ ‖A‖ − ‖B‖"),
    Lemma("reverse_triangle_sub", "norm(A, p) - norm(B, p) <= norm(A - B, p)", "bound", (),
          "the triangle inequality for A = (A − B) + B (Horn & Johnson 2013, Def. 5.1.1)",
          "norm_sub_norm_le", "‖A − B‖ ≥ ‖A‖ − ‖B‖"),
    Lemma("sigma_min_mul", "sigma_min(A) * sigma_min(B) <= sigma_min(A @ B)", "bound", ("square(A)", "square(B)"),
          "σ_min(M) = min over unit x of ‖Mx‖₂ for square M (Horn & Johnson 2013, §7.3), so ‖ABx‖₂ ≥ σ_min(A)‖Bx‖₂ ≥ σ_min(A)σ_min(B)‖x‖₂",
          "", "σ_min(AB) ≥ σ_min(A)σ_min(B) for square A, B"),
    Lemma("sigma_min_matvec", "sigma_min(A) * norm(x, 2) <= norm(A @ x, 2)", "bound", ("square(A)", "vector(x)"),
          "σ_min(A) = min over unit x of ‖Ax‖₂ for square A (Horn & Johnson 2013, §7.3, Thm 4.2.6 applied to AᵀA: xᵀAᵀAx ≥ λ_min(AᵀA)‖x‖₂²); a wide A has a null vector, hence square(A)",
          "", "‖Ax‖₂ ≥ σ_min(A)‖x‖₂ for square A (the minimum gain)"),
    Lemma("sigma_min_prod", "prod(sigma_min(A), i, a, b) <= sigma_min(prod(A, i, a, b))", "bound",
          ("square(A)", "a <= b + 1"),
          "induction on sigma_min_mul; the empty product is I with σ_min(I) = 1",
          "", "σ_min(∏Aᵢ) ≥ ∏σ_min(Aᵢ) for square Aᵢ"),
    Lemma("norm_pow_le_pow_norm", "norm(A ** h, p) <= norm(A, p) ** h", "bound", ("square(A)", "induced(p)", "0 <= h"),
          "induction on submultiplicativity (Horn & Johnson 2013, §5.6); A⁰ = I with ‖I‖ = 1 for induced norms",
          "norm_pow_le'", "‖Aⁿ‖ ≤ ‖A‖ⁿ"),
    Lemma("sigma_min_pow", "sigma_min(A) ** h <= sigma_min(A ** h)", "bound", ("square(A)", "0 <= h"),
          "induction on sigma_min_mul; A⁰ = I with σ_min(I) = 1",
          "", "σ_min(Aⁿ) ≥ σ_min(A)ⁿ for square A"),
    Lemma("relu_derivative_le_one", "max_abs(f(x)) <= 1", "bound", ("relu_derivative(f)",),
          "relu'(z) ∈ {0, 1} for z ≠ 0 and relu'(0) ∈ [0, 1] under any convention (frameworks use 0); with norm_diag_induced, ‖diag(relu'(x))‖_p ≤ 1 for p = 1, 2, ∞",
          "", "maxᵢ|relu'(xᵢ)| ≤ 1, hence ‖diag(relu'(x))‖ ≤ 1"),
    Lemma("sigma_min_le_sigma_max", "sigma_min(A) <= sigma_max(A)", "bound", (),
          "singular values are ordered σ₁ ≥ … ≥ σ_r (Horn & Johnson 2013, Thm 2.6.3)", "", ""),
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
    Lemma("relu_lipschitz", "norm(f(x) - f(v), p) <= norm(x - v, p)", "bound", ("induced(p)", "vector(x)", "relu(f)"),
          "|max(0, a) − max(0, b)| ≤ |a − b| in each coordinate (relu is 1-Lipschitz); monotone vector norms",
          "LipschitzWith.max_const", "relu is 1-Lipschitz (Szegedy et al. 2014, §4.3: 'contractive')"),
    Lemma("sup_by_calculus", "f(z) <= c", "calculus", (),
          "sympy.calculus.util.maximum: the supremum over the reals of a one-variable formula, from its critical points and its limits at ±∞; used for concrete activations (|tanh'| ≤ 1, |sigmoid'| ≤ 1/4)",
          "", "sup over z ∈ ℝ of a concrete formula, computed by sympy"),
    Lemma("pointwise_bound", "max_abs(f(v)) <= c", "bound", ("forall z: abs(f(z)) <= c",),
          "a bound that holds at every point holds at every entry",
          "", "|f(z)| ≤ c for all z ⇒ maxᵢ|f(v)ᵢ| ≤ c (e.g. a bound on σ' bounds ‖diag(σ'(x))‖)"),
    # ---- monotonicity (applied by the congruence step)
    Lemma("mul_le_mul", "a * b <= c * d", "gcongr", ("0 <= a", "0 <= b", "a <= c", "b <= d"),
          "ordered semirings: multiply inequalities between nonnegatives; strict when one factor is strict and the others' bounds are positive",
          "mul_le_mul", "products of nonnegatives are monotone"),
    Lemma("add_le_add", "a + b <= c + d", "gcongr", ("a <= c", "b <= d"), "ordered groups", "add_le_add", ""),
    Lemma("pow_le_pow_left", "a ** e <= b ** e", "gcongr", ("0 <= a", "a <= b", "0 <= e"),
          "monotonicity of t ↦ tᵉ on [0, ∞) for e ≥ 0", "pow_le_pow_left", "powers of nonnegatives are monotone"),
    Lemma("prod_le_prod", "prod(a, i, d, e) <= prod(b, i, d, e)", "gcongr", ("0 <= a", "a <= b", "d <= e + 1"),
          "induction on the number of factors", "Finset.prod_le_prod", "products over a range are monotone"),
    Lemma("max_le_max", "max(a, b) <= max(c, d)", "gcongr", ("a <= c", "b <= d"), "max is monotone in each argument", "max_le_max", ""),
    # ---- induction over the model
    Lemma("recurrence_induction", "A ** (h + 1) @ x = A @ (A ** h @ x)", "induction",
          ("square(A)", "0 <= h"),
          "induction on t ≥ s over the model's recurrence x[k] = F(x[k−1]), e.g. x_t = W^{t−s} x_s for x_k = W x_{k−1} "
          "(Pascanu et al. 2013, §2.1; Bengio et al. 1994): the kernel checks s ≤ t, the base case (the closed form at t = s "
          "is x[s], by substitution) and the step (the model applied to the closed form at t − 1 is the closed form at t; "
          "the statement is this step for the linear model) with matrix products kept in order",
          "Nat.le_induction", "unrolls a recurrence: x_t = W^{t−s} x_s, and any closed form whose base case and step hold"),
    # ---- limits
    Lemma("gelfand_tendsto_zero", "norm(A ** n, p)", "limit", ("square(A)", "rho(A) < 1"),
          "Gelfand's formula ρ(A) = lim ‖Aⁿ‖^{1/n} (Horn & Johnson 2013, Cor. 5.6.14): ρ(A) < 1 ⇒ ‖Aⁿ‖ → 0 in every norm",
          "spectrum.pow_nnnorm_pow_one_div_tendsto_nhds_spectralRadius", "ρ(A) < 1 ⇒ ‖Aⁿ‖ → 0 as n → ∞"),
    Lemma("geometric_tendsto_zero", "q ** n", "limit", ("0 <= q", "q < 1"),
          "the geometric sequence qⁿ → 0 for 0 ≤ q < 1", "tendsto_pow_atTop_nhds_zero_of_lt_one",
          "0 ≤ η < 1 ⇒ ηⁿ → 0; with 0 ≤ aₙ ≤ C·ηⁿ (squeeze) aₙ → 0"),
)

BY_NAME = {lemma.name: lemma for lemma in LEMMAS}


def pattern_scope() -> Scope:
    """The scope lemma statements are written in: pattern variables of each kind."""
    r = sp.Symbol("_r", integer=True, positive=True)
    names: dict[str, Any] = {}
    for name, kind in PATTERN_KINDS.items():
        if kind == "matrix":
            names[name] = sp.MatrixSymbol(name, r, r)
        elif kind == "vector":
            names[name] = sp.MatrixSymbol(name, r, 1)
        elif kind == "norm":
            names[name] = NormKindVar(name)
        elif kind == "activation":
            names[name] = Activation(name)
        elif kind == "index":
            names[name] = sp.Symbol(name, integer=True)
        elif kind == "exponent":
            names[name] = sp.Symbol(name, integer=True, nonnegative=True)
        elif kind == "limit":
            names[name] = sp.Symbol(name, integer=True)
        elif kind == "dimension":
            names[name] = sp.Symbol(name, integer=True, positive=True)
        else:
            names[name] = sp.Symbol(name, real=True)
    names["I"] = sp.Identity(names[IDENTITY_SIZE])
    return Scope(names)


@dataclass(frozen=True)
class Compiled:
    """A lemma's statement as sympy objects."""

    lemma: Lemma
    relation: Relation | None
    expr: Any
    variables: frozenset


def _renamed() -> dict[Any, Any]:
    """Pattern variables get a '?' prefix so they can never collide with a derivation's own names."""
    out: dict[Any, Any] = {}
    for name, value in pattern_scope().names.items():
        if isinstance(value, sp.MatrixSymbol):
            out[value] = sp.MatrixSymbol("?" + name, *value.shape)
        elif isinstance(value, sp.Symbol):
            out[value] = sp.Symbol("?" + name, **value.assumptions0)
        elif isinstance(value, (Activation, NormKindVar)):
            out[Str(name)] = Str("?" + name)
    return out


def variable_kind(var: Any) -> str:
    """The kind of a pattern variable ('matrix', 'vector', 'scalar', 'norm', 'activation', 'index')."""
    name = var.name if hasattr(var, "name") else str(var)
    return PATTERN_KINDS[str(name).lstrip("?")]


@lru_cache(maxsize=None)
def compiled(name: str) -> Compiled:
    lemma = BY_NAME[name]
    scope = pattern_scope()
    rename = _renamed()
    variables = frozenset(rename.values())
    if lemma.use == "limit":
        return Compiled(lemma, None, parse_expr(lemma.statement, scope).xreplace(rename), variables)
    (rel,) = parse_relations(lemma.statement.replace(" = ", " == "), scope)
    rel = Relation(rel.lhs.xreplace(rename), rel.rel, rel.rhs.xreplace(rename))
    return Compiled(lemma, rel, None, variables)


def hypothesis_relations(name: str) -> list[tuple[tuple[Any, ...], Relation]]:
    """The relational hypotheses of a lemma, as (bound variables, relation) in the renamed pattern variables."""
    lemma = BY_NAME[name]
    scope = pattern_scope()
    rename = _renamed()
    out = []
    for hyp in lemma.hypotheses:
        bound: tuple[Any, ...] = ()
        text = hyp
        if hyp.startswith("forall "):
            head, text = hyp[len("forall "):].split(":", 1)
            bound = tuple(scope.names[b.strip()].xreplace(rename) for b in head.split(","))
        if any(op in text for op in ("<", ">", "==")):
            for rel in parse_relations(text, scope):
                out.append((bound, Relation(rel.lhs.xreplace(rename), rel.rel, rel.rhs.xreplace(rename))))
    return out
