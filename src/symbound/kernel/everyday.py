"""The kernel's checks of the everyday rules (each a library entry tagged ``gcongr`` in symbound.rules):
small steps every paper skips.  Each function is checked by the kernel's rule of its name (``Kernel._g_<name>``);
it receives the kernel, the node, whether it is strict, and its two sides evaluated, and returns why the
node is rejected ('' when it passes).

* ``norm_sum_le``: g·‖M‖ ≤ Σⱼ cⱼ‖Vⱼ‖ when gM = Σⱼ ±cⱼVⱼ in the normal form of symbound.kernel.algebra
  and g, every cⱼ ≥ 0 are proved (the triangle inequality with any number of terms and absolute
  homogeneity); the same for |x| with scalars;
* ``le_abs_self``: x ≤ |x| and −|x| ≤ x.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.algebra import normal
from symbound.ops.objects import Norm


def magnitude(term: Any) -> tuple[Any, Any, str] | None:
    """A term g·‖M‖_p (or g·|x|) as (g, M, p) (p is "abs" for |x|); None for anything else."""
    factors = sp.Mul.make_args(term)
    sized = [f for f in factors if isinstance(f, (Norm, sp.Abs))]
    if len(sized) != 1:
        return None
    (s,) = sized
    g = sp.Mul(*[f for f in factors if f is not s])
    if isinstance(g, MatrixExpr) or not g.is_commutative:
        return None
    return (g, s.args[0], s.kind) if isinstance(s, Norm) else (g, s.args[0], "abs")


def combination_equal(g: Any, M: Any, parts: list[tuple[Any, Any]], signs: tuple) -> bool:
    """Whether g·M = Σⱼ sⱼcⱼVⱼ, in the normal form (matrices) or by expansion (scalars)."""
    shape = M.shape if isinstance(M, MatrixExpr) else None
    if any((V.shape if isinstance(V, MatrixExpr) else None) != shape for _, V in parts):
        return False
    total = sp.Add(*[s * c * V for s, (c, V) in zip(signs, parts)]) if not isinstance(M, MatrixExpr) else \
        sp.MatAdd(*[sp.MatMul(s * c, V) for s, (c, V) in zip(signs, parts)])
    if isinstance(M, MatrixExpr):
        return normal(sp.MatMul(g, M)) == normal(total)
    return sp.expand(g * M - total) == 0


def norm_sum_le(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    left = magnitude(a)
    terms = [magnitude(t) for t in sp.Add.make_args(b)]
    signs = tuple(node.bound.get("signs", ()))
    if strict or left is None or not terms or any(t is None for t in terms) or len(signs) != len(terms):
        return "norm_sum_le: not g‖M‖ ≤ Σ c‖V‖"
    g, M, p = left
    if any(t[2] != p for t in terms) or not all(s in (1, -1) for s in signs):
        return "norm_sum_le: the norms differ"
    parts = [(c, V) for c, V, _ in terms]
    if len(node.children) != len(parts) + (g != 1):
        return "norm_sum_le: missing parts"
    for (c, _), proof in zip(parts + [(g, None)], node.children):
        if not kernel._statement(proof, sp.Integer(0), "<=", c):
            return "norm_sum_le: a coefficient is not shown nonnegative"
    if not combination_equal(g, M, parts, signs):
        return "norm_sum_le: the terms do not add up to the argument"
    return ""


def le_abs_self(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    if strict or node.children or not ((isinstance(b, sp.Abs) and b.args[0] == a) or a == -sp.Abs(b)):
        return "le_abs_self: not x ≤ |x| or −|x| ≤ x"
    return ""
