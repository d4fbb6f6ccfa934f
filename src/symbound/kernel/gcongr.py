"""The kernel's monotonicity rules (node kind ``gcongr``): each checks that its parts, already checked
proofs, are the hypotheses of one library entry tagged ``gcongr`` (docs/lemmas.md) for the node's two
sides.  The table of these rules is ``symbound.kernel.kernel.GCONGR``."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.proofs import Proof, implies
from symbound.kernel.terms import free
from symbound.kernel.theorem import Rejected
from symbound.ops import BINDERS
from symbound.ops.objects import evaluated


def _pairs(node: Proof, n: int) -> tuple[list[Proof], list[Proof]]:
    if n < 1 or len(node.children) < n:
        raise Rejected(f"{node.rule}: missing parts")
    return list(node.children[:n]), list(node.children[n:])


def mul_le_mul(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    n = int(node.bound.get("parts", 0))
    pairs, rest = _pairs(node, n)
    xs, ys = [p.lhs for p in pairs], [p.rhs for p in pairs]
    if isinstance(a, MatrixExpr) or evaluated(sp.Mul(*xs)) != a or evaluated(sp.Mul(*ys)) != b:
        raise Rejected("mul_le_mul: the factors do not make the products")
    signs, positives = rest[:n], rest[n:]
    if not all(k.shows(s, sp.Integer(0), "<=", x) for s, x in zip(signs, xs)) or len(signs) != n:
        raise Rejected("mul_le_mul: a factor is not shown nonnegative")
    if not strict:
        return
    for j, p in enumerate(pairs):
        others = [y for i, y in enumerate(ys) if i != j]
        if p.rel == "<" and len(positives) == len(others) and all(k.shows(q, sp.Integer(0), "<", y) for q, y in zip(positives, others)):
            return
    raise Rejected("mul_le_mul: a strict product needs one strict factor and the other bounds positive")

def add_le_add(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    pairs = list(node.children)
    if not pairs or isinstance(a, MatrixExpr) or evaluated(sp.Add(*[p.lhs for p in pairs])) != a or evaluated(sp.Add(*[p.rhs for p in pairs])) != b:
        raise Rejected("add_le_add: the terms do not make the sums")
    if strict and not any(p.rel == "<" for p in pairs):
        raise Rejected("add_le_add: a strict sum needs one strict term")

def max_le_max(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    pairs = list(node.children)
    if not pairs or evaluated(sp.Max(*[p.lhs for p in pairs])) != a or evaluated(sp.Max(*[p.rhs for p in pairs])) != b:
        raise Rejected("max_le_max: the terms do not make the maxima")
    if strict and not all(p.rel == "<" for p in pairs):
        raise Rejected("max_le_max: a strict max needs every term strict")

def pow_le_pow_left(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    if not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[1] == b.args[1]) or len(node.children) != 3:
        raise Rejected("pow_le_pow_left: not two powers with one exponent")
    base, sign, exponent = node.children
    (x, e), y = a.args, b.args[0]
    if not (k.shows(base, x, "<" if strict else "<=", y) and k.shows(sign, sp.Integer(0), "<=", x)
            and k.shows(exponent, sp.Integer(0), "<" if strict else "<=", e)):
        raise Rejected("pow_le_pow_left: the parts do not fit")

def pow_le_one(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """qᵉ ≤ 1 from 0 ≤ q ≤ 1 and 0 ≤ e; strict from q < 1 and 0 < e."""
    if not (isinstance(a, sp.Pow) and b == 1) or len(node.children) != 3:
        raise Rejected("pow_le_one: not qᵉ ≤ 1")
    (q, e), rel = a.args, "<" if strict else "<="
    sign, top, exponent = node.children
    if not (k.shows(sign, sp.Integer(0), "<=", q) and k.shows(top, q, rel, sp.Integer(1))
            and k.shows(exponent, sp.Integer(0), rel, e)):
        raise Rejected("pow_le_one: the parts do not fit")

def pow_le_pow_of_le_one(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """q^{e₁} ≤ q^{e₂} from 0 ≤ q ≤ 1, e₂ ≤ e₁ and 0 ≤ e₂ (t ↦ qᵗ is nonincreasing on [0, ∞))."""
    if strict or not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[0] == b.args[0]) or len(node.children) != 4:
        raise Rejected("pow_le_pow_of_le_one: not two powers of one base")
    q, e1, e2 = a.args[0], a.args[1], b.args[1]
    sign, top, order, low = node.children
    if not (k.shows(sign, sp.Integer(0), "<=", q) and k.shows(top, q, "<=", sp.Integer(1))
            and k.shows(order, e2, "<=", e1) and k.shows(low, sp.Integer(0), "<=", e2)):
        raise Rejected("pow_le_pow_of_le_one: the parts do not fit")

def pow_le_pow_of_one_le(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """q^{e₁} ≤ q^{e₂} from 1 ≤ q and e₁ ≤ e₂ (t ↦ qᵗ is nondecreasing)."""
    if strict or not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[0] == b.args[0]) or len(node.children) != 2:
        raise Rejected("pow_le_pow_of_one_le: not two powers of one base")
    q, e1, e2 = a.args[0], a.args[1], b.args[1]
    base, order = node.children
    if not (k.shows(base, sp.Integer(1), "<=", q) and k.shows(order, e1, "<=", e2)):
        raise Rejected("pow_le_pow_of_one_le: the parts do not fit")

def abs_le(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """|x| ≤ b from x ≤ b and −b ≤ x (strict: both strict)."""
    if not isinstance(a, sp.Abs) or len(node.children) != 2:
        raise Rejected("abs_le: not |x| ≤ b")
    x, rel = a.args[0], "<" if strict else "<="
    upper, lower = node.children
    if not (k.shows(upper, x, rel, b) and k.shows(lower, -b, rel, x)):
        raise Rejected("abs_le: the parts do not fit")

def prod_le_prod(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    if strict or not (isinstance(a, sp.Product) and isinstance(b, sp.Product)) or len(node.children) != 3:
        raise Rejected("prod_le_prod: not two products over one range")
    (i, lo, hi), (j, lo2, hi2) = a.args[1], b.args[1]
    d = node.bound.get("index")
    if (lo, hi) != (lo2, hi2) or not isinstance(d, sp.Dummy) or d.is_integer is not True or d in free(a) | free(b):
        raise Rejected("prod_le_prod: the ranges differ or the index is not fresh")
    fa, fb = a.args[0].xreplace({i: d}), b.args[0].xreplace({j: d})
    each, sign, rng = node.children
    if not (k.shows(each, fa, "<=", fb) and k.shows(sign, sp.Integer(0), "<=", fa)
            and k.shows(rng, lo, "<=", hi + 1)):
        raise Rejected("prod_le_prod: the parts do not fit")

def mul_le_mul_of_nonneg_left(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """c·x ≤ c·y from x ≤ y and 0 ≤ c (strict: x < y and 0 < c), x and y of any sign: a factor's sign from a
    hypothesis under a bound; c, x and y scalars."""
    if len(node.children) != 2 or any(isinstance(t, MatrixExpr) for t in (a, b)):
        raise Rejected("mul_le_mul_of_nonneg_left: not c·x ≤ c·y")
    part, sign = node.children
    c, x, y = sign.rhs, part.lhs, part.rhs
    if any(isinstance(t, MatrixExpr) or not isinstance(t, sp.Expr) for t in (c, x, y)) or not c.is_commutative:
        raise Rejected("mul_le_mul_of_nonneg_left: a factor is not a scalar")
    rel = "<" if strict else "<="
    if not (k.shows(sign, sp.Integer(0), rel, c) and implies(part.rel, rel)):
        raise Rejected("mul_le_mul_of_nonneg_left: the factor's sign or the bound is not shown")
    if evaluated(c * x) != a or evaluated(c * y) != b:
        raise Rejected("mul_le_mul_of_nonneg_left: the factor and the bound do not make the sides")


def mul_nonneg(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    parts = list(node.children)
    if a != 0 or not parts or evaluated(sp.Mul(*[p.rhs for p in parts])) != b:
        raise Rejected("mul_nonneg: the factors do not make the product")
    if not all(k.shows(p, sp.Integer(0), "<" if strict else "<=", p.rhs) for p in parts):
        raise Rejected("mul_nonneg: a factor is not shown nonnegative")

def pow_nonneg(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """0 < xᵉ from 0 < x (any real e); 0 ≤ xᵉ from 0 ≤ x and 0 ≤ e (0⁰ = 1, 0 to a negative power is undefined)."""
    if a != 0 or not isinstance(b, sp.Pow):
        raise Rejected("pow_nonneg: not a power")
    x, e = b.args
    parts = node.children
    if strict and len(parts) == 1 and k.shows(parts[0], sp.Integer(0), "<", x):
        return
    if not strict and len(parts) == 2 and k.shows(parts[0], sp.Integer(0), "<=", x) and k.shows(parts[1], sp.Integer(0), "<=", e):
        return
    raise Rejected("pow_nonneg: the base and exponent are not shown nonnegative")


def le_of_signs(k: Any, node: Proof, strict: bool, a: Any, b: Any) -> None:
    """a ≤ b (a < b) by exact arithmetic where each part proves 0 < t or 0 ≤ t for a subterm t: b − a is decided
    with each such t an atom of that sign (positivity with hypotheses: √ and division with ‖v‖ > 0 from a premise)."""
    parts = list(node.children)
    if not parts or isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
        raise Rejected("le_of_signs: no sign hypothesis, or a matrix")
    if any(p.lhs != 0 or p.rel not in ("<", "<=") or isinstance(p.rhs, MatrixExpr) for p in parts):
        raise Rejected("le_of_signs: a part is not 0 < t or 0 ≤ t")
    signs = tuple((evaluated(p.rhs), "positive" if p.rel == "<" else "nonnegative") for p in parts)
    bound = {n.args[1][0] for n in sp.preorder_traversal(b - a) if isinstance(n, BINDERS)}
    if any(free(t) & bound for t, _ in signs):
        raise Rejected("le_of_signs: a signed term names an index a product, sum or max binds")
    if not arith.decide(b - a, "positive" if strict else "nonnegative", signs):
        raise Rejected("le_of_signs: arithmetic does not show it with those signs")
