"""Terms: substituting a binding into a pattern and the kinds a pattern variable may stand for.  Shared by the search (matching, prover) and the kernel, and small
enough to read as part of the trusted base."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.arith import with_open_convention
from symbound.ops import KNOWN
from symbound.rules.properties import declared as declared_properties, implied as implied_properties
from symbound.read.userlemmas import MATCH_KIND
from symbound.ops.objects import evaluated
from symbound.ops import Elementwise, ScalarApply, Diag, NORM_KINDS


def fits(kind: str, target: Any) -> bool:
    """Whether a term may stand for a pattern variable of this kind."""
    if kind == "matrix":
        return isinstance(target, MatrixExpr)
    if kind == "vector":
        return isinstance(target, MatrixExpr) and target.shape[1] == 1
    if kind == "scalar":
        return isinstance(target, sp.Expr) and not isinstance(target, MatrixExpr)
    if kind == "norm":
        return isinstance(target, Str) and target.name in NORM_KINDS
    if kind == "activation":
        return isinstance(target, sp.Tuple) and len(target) == 2 and isinstance(target[0], Str) and target[1].is_Integer
    if kind == "index":
        return isinstance(target, sp.Symbol)
    if kind in ("exponent", "limit"):
        return isinstance(target, sp.Expr) and not isinstance(target, MatrixExpr)
    return isinstance(target, sp.Basic)


def instantiate(pat: Any, binding: dict) -> Any:
    """Substitute a binding into a pattern, rebuilding with sympy's evaluation.  An activation variable
    is bound to (name, order): f'(x) with f ↦ (σ, 1) is σ''(x)."""
    if pat in binding:
        return binding[pat]
    if isinstance(pat, (Elementwise, ScalarApply)) and pat.args[0] in binding:
        name, order = binding[pat.args[0]]
        return type(pat)(name, int(order) + pat.order, instantiate(pat.args[2], binding))
    if not isinstance(pat, sp.Basic) or not pat.args:
        return pat
    args = [instantiate(a, binding) for a in pat.args]
    if isinstance(pat, (sp.MatMul, sp.MatAdd)):
        return pat.func(*args).doit(deep=False)
    return pat.func(*args)


def instance(pat: Any, binding: dict) -> Any:
    """A pattern instantiated and fully evaluated, or None when the instance is ill-formed (shapes, types)."""
    try:
        return evaluated(instantiate(pat, binding))
    except (ValueError, TypeError, AttributeError, sp.ShapeError, NotImplementedError, IndexError):
        return None


def free(e: Any) -> set:
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def activation_value(node: Any, known: dict[str, str]) -> Any:
    """A concrete activation evaluated by sympy: f^{(d)}(z) as a formula; diag(f^{(d)}(X)) = c·I when
    f^{(d)} ≡ c; identity(X) = X.  None for anything else."""
    z = sp.Dummy("z", real=True)  # the formula's own variable, never a file's z
    if isinstance(node, ScalarApply) and node.fname in known:
        return with_open_convention(sp.diff(KNOWN[known[node.fname]](z), z, node.order)).xreplace({z: node.args[2]})
    if isinstance(node, Diag) and isinstance(node.args[0], Elementwise) and node.args[0].fname in known:
        inner = node.args[0]
        derivative = sp.diff(KNOWN[known[inner.fname]](z), z, inner.order)
        if z not in derivative.free_symbols and not derivative.has(sp.Heaviside):
            identity = sp.Identity(inner.shape[0])
            return identity if derivative == 1 else sp.MatMul(derivative, identity).doit()
    if isinstance(node, Elementwise) and known.get(node.fname) == "identity" and node.order == 0:
        return node.args[2]
    return None


def lemma_mismatch(lemma: Any, binding: dict, properties: dict) -> str:
    """Why a binding is not an instance of a file lemma
    (symbound.read.userlemmas) variables ('' when it is): a kind, a shape, a dimension that is not a positive integer, or a matrix property the file does not declare."""
    for v, kind in lemma.variables:
        if v not in binding:
            continue
        value = binding[v]
        if not fits(MATCH_KIND[kind], value):
            return f"{value} is not a {kind}"
        if kind in ("index", "dimension") and value.is_integer is not True:
            return f"{value} is not an integer"
        if kind == "dimension" and value.is_positive is not True:
            return f"{value} is not a positive dimension"
        if kind in ("matrix", "vector"):
            shape = tuple(instance(d, binding) if d.free_symbols <= set(binding) else None for d in v.shape)
            if any(s is not None and sp.simplify(s - t) != 0 for s, t in zip(shape, value.shape)):
                return f"{value} is {value.shape[0]}×{value.shape[1]}, not of the lemma's shape"
        for prop in sorted(lemma.properties.get(v, frozenset())):
            if not _has_property(value, prop, properties):
                return f"{value} is not known to be {prop} (declare it `assume: [{prop}]`)"
    return ""


def _has_property(value: Any, prop: str, properties: dict) -> bool:
    if isinstance(value, sp.Transpose):  # Aᵀ has A's property, except semi-orthogonality (a tall Vᵀ has a null vector)
        return _has_property(value.args[0], "orthogonal" if prop == "semi_orthogonal" else prop, properties)
    if isinstance(value, sp.Identity):
        return True
    declared = frozenset({"diagonal"}) if isinstance(value, Diag) else declared_properties(properties, value)
    return prop in implied_properties(declared)
