"""Named predicates in lemma hypotheses (``square(A)``, ``induced(p)``, ``normal(A)`` …): one check
each, used by the prover to filter candidates and by the kernel to accept an instance."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.symbol import Str

from .objects import INDUCED_NORMS, Diag
from .written import written


def _is_normal(A: Any, properties: dict) -> bool:
    if isinstance(A, sp.Transpose):
        return _is_normal(A.args[0], properties)
    if isinstance(A, Diag):
        return True
    return bool(properties.get(A, frozenset()) & {"symmetric", "normal", "orthogonal"})


def _value(binding: dict, name: str) -> Any:
    return next((v for k, v in binding.items() if str(k).lstrip("?") == name), None)


def _failure(pred: str, value: Any, binding: dict, properties: dict, known: dict) -> str:
    if pred == "induced":
        return "" if isinstance(value, Str) and value.name in INDUCED_NORMS else f"the {value}-norm is not an induced norm"
    if pred == "square":
        return "" if getattr(value, "shape", (0, 1))[0] == getattr(value, "shape", (0, 1))[1] else f"{written(value)} is not square"
    if pred == "vector":
        return "" if getattr(value, "shape", (0, 0))[1] == 1 else f"{written(value)} is not a vector"
    if pred == "constant":
        index = _value(binding, "i")
        return "the factor depends on the product's index" if index is not None and index in getattr(value, "free_symbols", set()) else ""
    if pred == "relu":
        ok = isinstance(value, sp.Tuple) and known.get(value[0].name) == "relu" and int(value[1]) == 0
        return "" if ok else "the activation is not relu"
    if pred == "normal":
        return "" if _is_normal(value, properties) else f"{written(value)} is not known to be normal (declare it `assume: [symmetric]` or `[normal]`)"
    if pred == "orthogonal":
        ok = "orthogonal" in properties.get(value, frozenset())
        return "" if ok else f"{written(value)} is not known to be orthogonal (declare it `assume: [orthogonal]`)"
    if pred == "relu_derivative":
        ok = isinstance(value, sp.Tuple) and known.get(value[0].name) == "relu" and int(value[1]) == 1
        return "" if ok else "the function is not relu'"
    return f"unknown predicate {pred}"


def named(hypotheses: tuple[str, ...]) -> list[tuple[str, str]]:
    """The named-predicate hypotheses, as (predicate, variable name)."""
    out = []
    for hyp in hypotheses:
        if "(" not in hyp or any(op in hyp for op in "<>=") or hyp.startswith("forall"):
            continue
        pred, arg = hyp[:-1].split("(", 1)
        out.append((pred.strip(), arg.strip()))
    return out


def failed(hypotheses: tuple[str, ...], binding: dict, properties: dict, known: dict, missing_ok: bool = True) -> str:
    """The first named predicate that fails for a binding ('' when all hold).  ``missing_ok``: a predicate
    on an unbound variable is skipped (the search filters early); the kernel passes False."""
    for pred, arg in named(hypotheses):
        value = _value(binding, arg)
        if value is None:
            if missing_ok:
                continue
            return f"{arg} is not bound"
        why = _failure(pred, value, binding, properties, known)
        if why:
            return why
    return ""

