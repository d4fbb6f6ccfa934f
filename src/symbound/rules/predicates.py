"""The named predicates a lemma hypothesis may use (``square(A)``, ``induced(p)``, ``normal(A)`` …), each
registered once: the kind of variable it applies to, its check (exact: shapes, declared properties and
names, never floating point), its text and LaTeX, and how to draw a value satisfying it (the samplers,
in ``sampling``, serve the numeric lemma tests; ``square`` and ``column`` are shape constraints for them).

The prover filters candidates with ``failed`` and the kernel accepts an instance only when ``failed``
is empty with every variable bound; a predicate not registered here fails, it is never ignored.

A predicate in ``DERIVED`` may instead be shown, for a square matrix not declared so, by proofs of the
relations ``obligations`` lists (orthogonal from σ_max(W) ≤ 1 ≤ σ_min(W): every singular value is 1, so
WᵀW = VΣ²Vᵀ = I); the kernel then needs a checked proof of each, after the lemma's relational hypotheses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp
from sympy.core.symbol import Str

from symbound.ops import Diag, INDUCED_NORMS, SigmaMax, SigmaMin
from symbound.ops.written import written
from symbound.rules.lemma import PATTERN_KINDS, read_hypothesis
from symbound.rules.properties import declared, implied
from symbound.rules.sampling import (sample_gaussian, sample_induced, sample_invertible, sample_normal, sample_orthogonal, sample_positive_semidefinite,
                                     sample_relu, sample_relu_derivative, sample_symmetric)


@dataclass(frozen=True)
class Context:
    """What a check may consult: the derivation's declared properties and concrete activations, and the
    values bound to the lemma's index variables (a product's index)."""

    properties: dict
    known: dict
    indices: tuple[Any, ...] = ()


# a sampler draws (a label for reports, a value) from a generator, the instance number k and a size n
Sampler = Callable[[Any, int, int], tuple[str, Any]]


@dataclass(frozen=True)
class Predicate:
    name: str
    kind: str  # the kind of pattern variable it applies to (see ``PATTERN_KINDS``), or "any"
    description: str  # for the library's list of predicates
    text: str  # the hypothesis in words, ``{0}`` the variable
    latex: str  # the hypothesis in LaTeX, ``%s`` the variable
    check: Callable[[Any, Context], str]  # '' when the value satisfies it, else why not
    sample: Sampler | None = None
    square: bool = False  # its values are square matrices
    column: bool = False  # its values are columns
    varies: bool = True  # False: the value is the same for every index of a product


def _is_normal(A: Any, properties: dict) -> bool:
    if isinstance(A, sp.Transpose):
        return _is_normal(A.args[0], properties)
    if isinstance(A, Diag):
        return True
    return "normal" in implied(declared(properties, A))


def _is_orthogonal(A: Any, properties: dict) -> bool:
    """Declared orthogonal, the identity (IᵀI = I), or the transpose of such a matrix (QᵀQ = I for a square Q gives QQᵀ = I)."""
    if isinstance(A, sp.Transpose):
        return _is_orthogonal(A.args[0], properties)
    if isinstance(A, sp.Identity):
        return True
    return "orthogonal" in implied(declared(properties, A))


def _has_property(A: Any, name: str, properties: dict) -> bool:
    """Declared with a property that implies ``name`` (symbound.rules.properties), or the transpose of such a
    matrix (a positive semidefinite matrix is its own transpose); the identity has the property."""
    if isinstance(A, sp.Transpose):
        return _has_property(A.args[0], name, properties)
    if isinstance(A, sp.Identity):
        return True
    return name in implied(declared(properties, A))


def _tall(A: Any) -> bool:
    rows, columns = _shape(A, (0, 1))
    return sp.sympify(rows - columns).is_nonnegative is True


def _shape(value: Any, default: tuple) -> tuple:
    return getattr(value, "shape", default)


def _activation(value: Any, known: dict, order: int) -> bool:
    """The value is the concrete activation relu (order 0) or its derivative (order 1)."""
    return isinstance(value, sp.Tuple) and known.get(value[0].name) == "relu" and int(value[1]) == order


# ---------------------------------------------------------------- the registry


REGISTRY: dict[str, Predicate] = {p.name: p for p in (
    Predicate("induced", "norm", "an induced norm (1, 2 or ∞)", "{0} is an induced norm (1, 2 or ∞)", r"\text{$%s$ induced}",
              lambda v, cx: "" if isinstance(v, Str) and v.name in INDUCED_NORMS else f"the {v}-norm is not an induced norm",
              sample=sample_induced),
    Predicate("square", "matrix", "a square matrix", "{0} is square", r"%s \text{ square}",
              lambda v, cx: "" if _shape(v, (0, 1))[0] == _shape(v, (0, 1))[1] else f"{written(v)} is not square", square=True),
    Predicate("tall", "matrix", "a matrix with at least as many rows as columns", "{0} has at least as many rows as columns",
              r"%s \text{ tall or square}", lambda v, cx: "" if _tall(v) else f"{written(v)} has fewer rows than columns, or not known to have as many",
              sample=sample_gaussian),
    Predicate("normal", "matrix", "a normal matrix (declared `assume: [symmetric]` or `[normal]`, or diagonal)",
              "{0} is normal", r"%s \text{ normal}",
              lambda v, cx: "" if _is_normal(v, cx.properties) else f"{written(v)} is not known to be normal (declare it `assume: [symmetric]` or `[normal]`)",
              sample=sample_normal, square=True),
    Predicate("symmetric", "matrix", "a symmetric matrix, Aᵀ = A (declared `assume: [symmetric]`, or positive semidefinite, or diagonal)",
              "{0} is symmetric", r"%s \text{ symmetric}",
              lambda v, cx: "" if _has_property(v, "symmetric", cx.properties) else f"{written(v)} is not known to be symmetric (declare it `assume: [symmetric]`)",
              sample=sample_symmetric, square=True),
    Predicate("positive_semidefinite", "matrix", "a positive semidefinite matrix, Aᵀ = A and xᵀAx ≥ 0 (declared `assume: [positive_semidefinite]`)",
              "{0} is positive semidefinite", r"%s \succeq 0",
              lambda v, cx: "" if _has_property(v, "positive_semidefinite", cx.properties) else f"{written(v)} is not known to be positive semidefinite (declare it `assume: [positive_semidefinite]`)",
              sample=sample_positive_semidefinite, square=True),
    Predicate("orthogonal", "matrix", "an orthogonal matrix, QᵀQ = QQᵀ = I (declared `assume: [orthogonal]`)",
              "{0} is orthogonal", r"%s \text{ orthogonal}",
              lambda v, cx: "" if _is_orthogonal(v, cx.properties) else f"{written(v)} is not known to be orthogonal (declare it `assume: [orthogonal]`)",
              sample=sample_orthogonal, square=True),
    Predicate("semi_orthogonal", "matrix", "a semi-orthogonal matrix, QᵀQ = I: orthonormal columns, tall or square (declared `assume: [semi_orthogonal]`, or `[orthogonal]`)",
              "{0} is semi-orthogonal", r"%s \text{ semi-orthogonal}",
              lambda v, cx: "" if _is_orthogonal(v, cx.properties) or "semi_orthogonal" in declared(cx.properties, v) else f"{written(v)} is not known to be semi-orthogonal (declare it `assume: [semi_orthogonal]`)",
              sample=sample_orthogonal),
    Predicate("invertible", "matrix", "an invertible matrix (declared `assume: [invertible]`, or orthogonal)",
              "{0} is invertible", r"%s \text{ invertible}",
              lambda v, cx: "" if "invertible" in implied(declared(cx.properties, v)) else f"{written(v)} is not known to be invertible (declare it `assume: [invertible]`)",
              sample=sample_invertible, square=True),
    Predicate("vector", "vector", "a column vector", "{0} is a vector", r"%s \text{ a vector}",
              lambda v, cx: "" if _shape(v, (0, 0))[1] == 1 else f"{written(v)} is not a vector", column=True),
    Predicate("constant", "any", "does not depend on the product's index", "{0} does not depend on the product's index",
              r"%s \text{ constant}",
              lambda v, cx: "the factor depends on the product's index" if set(cx.indices) & getattr(v, "free_symbols", set()) else "",
              varies=False),
    Predicate("relu", "activation", "the activation relu", "{0} is relu", r"%s = \operatorname{relu}",
              lambda v, cx: "" if _activation(v, cx.known, 0) else "the activation is not relu", sample=sample_relu),
    Predicate("relu_derivative", "activation", "the derivative relu' (relu'(0) may be any value in [0, 1])",
              "{0} is relu' (with any value in [0, 1] at 0)", r"%s = \operatorname{relu}'",
              lambda v, cx: "" if _activation(v, cx.known, 1) else "the function is not relu'", sample=sample_relu_derivative),
)}


DERIVED = ("orthogonal", "semi_orthogonal")


def _derivable(pred: str, value: Any, context: Context) -> bool:
    """Whether the predicate fails by declaration on a square matrix it may be derived for instead."""
    shape = _shape(value, (0, 1))
    return pred in DERIVED and shape[0] == shape[1] and REGISTRY[pred].check(value, context) != ""


def obligations(hypotheses: tuple[str, ...], binding: dict, properties: dict, known: dict) -> list[tuple[Any, str, Any]]:
    """The relations (lhs, rel, rhs) to prove for the predicates of ``DERIVED`` not declared: σ_max(W) ≤ 1
    and 1 ≤ σ_min(W) for each such W."""
    context = Context(properties, known, _indices(binding))
    out: list[tuple[Any, str, Any]] = []
    for pred, arg in named(hypotheses):
        value = _value(binding, arg)
        if value is not None and _derivable(pred, value, context):
            for relation in ((SigmaMax(value), "<=", sp.Integer(1)), (sp.Integer(1), "<=", SigmaMin(value))):
                if relation not in out:
                    out.append(relation)
    return out


def _value(binding: dict, name: str) -> Any:
    return next((v for k, v in binding.items() if str(k).lstrip("?") == name), None)


def _indices(binding: dict) -> tuple[Any, ...]:
    return tuple(v for k, v in binding.items() if PATTERN_KINDS.get(str(k).lstrip("?")) == "index")


def named(hypotheses: tuple[str, ...]) -> list[tuple[str, str]]:
    """The named-predicate hypotheses, as (predicate, variable name)."""
    return [(h.predicate, h.variable) for h in map(read_hypothesis, hypotheses) if h.named]


def failed(hypotheses: tuple[str, ...], binding: dict, properties: dict, known: dict, missing_ok: bool = True,
           derive: bool = False) -> str:
    """The first named predicate that fails for a binding ('' when all hold).  ``missing_ok``: a predicate
    on an unbound variable is skipped (the search filters early); the kernel passes False.  ``derive``: a
    predicate left to ``obligations`` does not fail here (the caller proves them)."""
    context = Context(properties, known, _indices(binding))
    for pred, arg in named(hypotheses):
        value = _value(binding, arg)
        if value is None:
            if missing_ok:
                continue
            return f"{arg} is not bound"
        predicate = REGISTRY.get(pred)
        if derive and predicate is not None and _derivable(pred, value, context):
            continue
        why = predicate.check(value, context) if predicate is not None else f"unknown predicate {pred}"
        if why:
            return why
    return ""
