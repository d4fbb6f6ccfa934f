"""Matching lemma patterns against terms, and instantiating them: a small structural matcher.

A pattern is a sympy term whose variables (from ``lemmas``: names starting with '?', or a chain's
universally quantified indices) may stand for any term of their kind.  Matrix products are matched
associatively (a two-factor pattern A @ B splits a longer product every way), sums and products of
scalars (and the two vectors of an inner product) up to the order of their arguments; matrix products only in
their order.
"""

from __future__ import annotations

from itertools import permutations
from typing import Any, Iterator

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops import Elementwise, ScalarApply, SeqElem
from symbound.ops.objects import evaluated
from symbound.ops.inner import Inner
from symbound.kernel.terms import fits, instantiate

Binding = dict


def _kind(var: Any, kinds: dict[Any, str]) -> str:
    return kinds.get(var, "any")


_fits = fits


def match(pat: Any, target: Any, kinds: dict[Any, str], binding: Binding | None = None) -> Iterator[Binding]:
    """Every binding of the pattern's variables (keys of ``kinds``) that makes ``pat`` equal ``target``."""
    binding = {} if binding is None else binding
    if pat in kinds:
        if not _fits(_kind(pat, kinds), target):
            return
        if pat in binding:
            if binding[pat] == target:
                yield binding
            return
        if isinstance(pat, sp.MatrixSymbol) and any(d in kinds for d in pat.shape):
            yield from _shape_bound(pat, target, kinds, {**binding, pat: target})  # a file lemma's symbolic shape
            return
        yield {**binding, pat: target}
        return
    if isinstance(pat, (Elementwise, ScalarApply)) and pat.args[0] in kinds:
        if type(target) is not type(pat) or pat.order != 0:
            return
        value = sp.Tuple(target.args[0], target.args[1])
        for b in match(pat.args[0], value, kinds, binding):
            yield from match(pat.args[2], target.args[2], kinds, b)
        return
    if not isinstance(pat, sp.Basic) or not pat.args:
        if pat == target:
            yield binding
        return
    if isinstance(pat, sp.Mul) and not isinstance(target, sp.Mul) and len(pat.args) == 2:
        # a scalar factor variable matches the unit: c * X matches X with c = 1
        for var, rest in ((pat.args[0], pat.args[1]), (pat.args[1], pat.args[0])):
            if var in kinds and _kind(var, kinds) == "scalar":
                for b in match(var, sp.Integer(1), kinds, binding):
                    yield from match(rest, target, kinds, b)
        return
    if type(pat) is not type(target):
        return
    if isinstance(pat, SeqElem):  # an element's shape is its declaration's at its index: matched through the index
        for b in _match_all(pat.args[:2], target.args[:2], kinds, binding):
            if all(evaluated(instantiate(d, b)) == t for d, t in zip(pat.shape, target.shape)):
                yield b
        return
    if isinstance(pat, sp.Pow) and pat.args[1] in kinds:
        yield from _power_of_power(pat, target, kinds, binding)
    pargs, targs = pat.args, target.args
    if isinstance(pat, sp.MatMul) and len(pargs) == 2 and len(targs) > 2:
        for cut in range(1, len(targs)):
            left = targs[0] if cut == 1 else sp.MatMul(*targs[:cut])
            right = targs[cut] if cut == len(targs) - 1 else sp.MatMul(*targs[cut:])
            for b in match(pargs[0], left, kinds, binding):
                yield from match(pargs[1], right, kinds, b)
        return
    if len(pargs) != len(targs):
        return
    # scalar sums and products, sums of matrices, max, min and the inner product of real vectors commute; matrix
    # products do not (MatMul is a Mul)
    commutative = isinstance(pat, (sp.Add, sp.Mul, sp.MatAdd, sp.Max, sp.Min, Inner)) and not isinstance(pat, sp.MatMul)
    orders = permutations(targs) if commutative and len(targs) <= 4 else [targs]
    seen = set()
    for order in orders:
        for b in _match_all(pargs, order, kinds, binding):
            key = frozenset(b.items())
            if key not in seen:
                seen.add(key)
                yield b


def _power_of_power(pat: sp.Pow, target: sp.Pow, kinds: dict[Any, str], binding: Binding) -> Iterator[Binding]:
    """q^i against b^(c·i) for an integer c ≥ 2: q = b^c (λ^(2j) = (λ²)^j, as sympy writes the latter)."""
    c, rest = target.args[1].as_coeff_Mul()
    if not (c.is_Integer and c >= 2 and rest != 1):
        return
    for b in match(pat.args[1], rest, kinds, binding):
        yield from match(pat.args[0], target.args[0] ** c, kinds, b)


def _shape_bound(pat: sp.MatrixSymbol, target: Any, kinds: dict[Any, str], binding: Binding) -> Iterator[Binding]:
    """A matrix variable whose shape has dimension variables binds them to the target's dimensions (a
    numeric entry must be equal)."""
    for d, size in zip(pat.shape, target.shape):
        if d in kinds:
            if binding.setdefault(d, size) != size:
                return
        elif d.is_Integer and d != size:
            return
    yield binding


def _match_all(pargs: tuple, targs: tuple, kinds: dict[Any, str], binding: Binding) -> Iterator[Binding]:
    if not pargs:
        yield binding
        return
    for b in match(pargs[0], targs[0], kinds, binding):
        yield from _match_all(pargs[1:], targs[1:], kinds, b)


def free_variables(pat: Any, kinds: dict[Any, str]) -> set:
    """The pattern variables occurring in ``pat``."""
    return {node for node in sp.preorder_traversal(pat) if node in kinds} if isinstance(pat, sp.Basic) else set()


def windows(node: Any, pat: Any) -> Iterator[tuple[Any, Any]]:
    """Where a product pattern of p matrix factors may match inside a longer product ``node``, each as (the part, how
    to put its rewrite back): each run of p consecutive matrix factors (VᵀV inside xᵀVᵀVx: matrix multiplication is
    associative)."""
    if not (isinstance(pat, sp.MatMul) and isinstance(node, sp.MatMul)):
        return
    p = len(pat.args)
    scalars = [a for a in node.args if not isinstance(a, MatrixExpr)]
    factors = [a for a in node.args if isinstance(a, MatrixExpr)]
    if len(factors) <= p or any(not isinstance(a, MatrixExpr) for a in pat.args):
        return
    for i in range(len(factors) - p + 1):
        def rebuilt(out: Any, i: int = i) -> Any:
            return evaluated(sp.MatMul(*scalars, *factors[:i], out, *factors[i + p:]))
        yield sp.MatMul(*factors[i:i + p]), rebuilt


def sized(rhs: Any, part: Any, binding: Binding, kinds: dict[Any, str]) -> Binding:
    """The binding with the size of a right side that is the identity I_m, m unbound, taken from the part it
    rewrites (AᵀA = I: I has AᵀA's size)."""
    if isinstance(rhs, sp.Identity) and rhs.shape[0] in kinds and rhs.shape[0] not in binding:
        return {**binding, rhs.shape[0]: part.shape[0]}
    return binding
