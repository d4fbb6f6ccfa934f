"""The kernel's checks of the everyday rules (each a library entry tagged ``gcongr`` in symbound.rules):
small steps every paper skips.  Each function is checked by the kernel's rule of its name (``Kernel._g_<name>``);
it receives the kernel, the node, whether it is strict, and its two sides evaluated, and returns why the
node is rejected ('' when it passes).

* ``norm_sum_le``: g·‖M‖ ≤ Σⱼ cⱼ‖Vⱼ‖ when gM = Σⱼ ±cⱼVⱼ in the normal form of symbound.kernel.algebra
  and g, every cⱼ ≥ 0 are proved (the triangle inequality with any number of terms and absolute
  homogeneity); the same for |x| with scalars;
* ``le_abs_self``: x ≤ |x| and −|x| ≤ x;
* ``monotone``: f(…x…) ≤ f(…y…) for sides that differ in one argument, from x ≤ y or y ≤ x as the
  operator's declared per-argument monotonicity gives (symbound.ops.registry, recomputed here), and the
  signs it depends on (−c·x ≤ −c·y from y ≤ x and c ≥ 0); strict only for a sum; a number c on one side
  against f(x) (f of one argument) as f(y) for the node's ``at`` = y when f(y) evaluates to exactly c
  (exp(x) ≤ 1 as exp(x) ≤ exp(0));
* the model fact ``recurrence``: x[e] = F(x[e − 1]) for the model x[k] = F(x[k − 1]), at any index e, or only at
  whole-number indices after the initial one when a premise names the state at a whole-number index;
* ``div_le``: x/c ≤ b (or <) from x ≤ b·c (or <) and 0 < c (a bound in a denominator);
* the leaf ``norm_coordinates`` (kind ``coordinates``): ‖v‖₂ = √(Σᵢ vᵢ²), ‖v‖∞ = maxᵢ |vᵢ|, ‖v‖₁ = Σᵢ |vᵢ| for a
  column vector v, i = 1..(rows of v), the form recomputed by the kernel;
* ``prod_le_pow``: ∏_{i=l}^{h} f(i) ≤ C^{h−l+1} (≤ 1 when C = 1) from f(d) ≤ C and 0 ≤ f(d) for a fresh
  integer d, C free of d, and l ≤ h + 1 (an empty product is 1 = C⁰; a reversed range is not allowed).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, NamedTuple

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel.algebra import normal
from symbound.kernel.theorem import Rejected
from symbound.kernel.terms import free
from symbound.ops import Coordinate, Norm, SeqElem
from symbound.ops.maxima import RangeMax
from symbound.ops.objects import evaluated
from symbound.ops.registry import monotonicity


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
        if not kernel.shows(proof, sp.Integer(0), "<=", c):
            return "norm_sum_le: a coefficient is not shown nonnegative"
    if not combination_equal(g, M, parts, signs):
        return "norm_sum_le: the terms do not add up to the argument"
    return ""


def le_abs_self(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    if strict or node.children or not ((isinstance(b, sp.Abs) and b.args[0] == a) or a == -sp.Abs(b)):
        return "le_abs_self: not x ≤ |x| or −|x| ≤ x"
    return ""


def prod_le_pow(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    if strict or not isinstance(a, sp.Product) or len(a.args) != 2 or len(node.children) != 3:
        return "prod_le_pow: not a product over one range"
    (i, lo, hi), d, C = a.args[1], node.bound.get("index"), node.bound.get("base")
    if sp.expand(hi - lo).is_integer is not True:
        return "prod_le_pow: the number of factors is not a whole number"
    if not isinstance(d, sp.Dummy) or d.is_integer is not True or d in a.free_symbols | b.free_symbols:
        return "prod_le_pow: the index is not fresh"
    if not isinstance(C, sp.Expr) or isinstance(C, MatrixExpr) or d in C.free_symbols or i in C.free_symbols:
        return "prod_le_pow: the bound depends on the product's index"
    if not (b == 1 and C == 1) and not (isinstance(b, sp.Pow) and b.args[0] == C and sp.expand(b.args[1] - (hi - lo + 1)) == 0):
        return "prod_le_pow: the right side is not the bound to the number of factors"
    f = a.args[0].xreplace({i: d})
    each, sign, span = node.children
    if not (kernel.shows(each, f, "<=", C) and kernel.shows(sign, sp.Integer(0), "<=", f)
            and kernel.shows(span, lo, "<=", hi + 1)):
        return "prod_le_pow: the parts do not fit"
    return ""


def div_le(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    c = node.bound.get("denominator")
    if len(node.children) != 2 or not isinstance(c, sp.Expr) or isinstance(c, MatrixExpr) or isinstance(a, MatrixExpr):
        return "div_le: not x/c ≤ b"
    bound, positive = node.children
    x = bound.lhs
    if evaluated(sp.Mul(x, sp.Pow(c, -1))) != a:
        return "div_le: the left side is not the numerator over the denominator"
    if not (kernel.shows(bound, x, "<" if strict else "<=", b * c) and kernel.shows(positive, sp.Integer(0), "<", c)):
        return "div_le: x ≤ b·c and 0 < c are not shown"
    return ""


def differing(a: Any, b: Any) -> tuple[int, tuple, tuple] | None:
    """(j, the arguments of a, those of b aligned with them) when a and b have one head and differ in exactly
    one argument, j (the arguments of a sum, product, max or min compared as multisets)."""
    if not isinstance(a, sp.Basic) or a.func != b.func or len(a.args) != len(b.args) or not a.args:
        return None
    xs, ys = a.args, b.args
    if isinstance(a, (sp.Add, sp.Mul, sp.Max, sp.Min)):
        only_a, only_b = Counter(xs) - Counter(ys), Counter(ys) - Counter(xs)
        if sum(only_a.values()) != 1 or sum(only_b.values()) != 1:
            return None
        (x,), (y,) = only_a, only_b
        j = xs.index(x)
        return j, xs, xs[:j] + (y,) + xs[j + 1:]
    js = [i for i, (x, y) in enumerate(zip(xs, ys)) if x != y]
    return (js[0], xs, ys) if len(js) == 1 else None


def at_value(a: Any, b: Any, y: Any) -> tuple[int, tuple, tuple] | None:
    """(0, (x,), (y,)) for a = f(x), f of one argument, and the number b = f(y) exactly (or the same with the sides
    swapped): a number compared with a function's value as that function at y."""
    if y is None or not isinstance(y, sp.Expr) or not y.is_number:
        return None
    for f, c, swap in ((a, b, False), (b, a, True)):
        if isinstance(f, sp.Function) and len(f.args) == 1 and not f.is_number and isinstance(c, sp.Expr) \
                and c.is_number and f.func(y) == c:
            return (0, (y,), f.args) if swap else (0, f.args, (y,))
    return None


def sign_shown(kernel: Any, proof: Any, term: Any, sign: str) -> bool:
    """Whether the proof shows 0 ≤ term (0 < term when positive; 0 ≤ −term when nonpositive)."""
    return kernel.shows(proof, sp.Integer(0), "<" if sign == "positive" else "<=", -term if sign == "nonpositive" else term)


def monotone(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> str:
    found = differing(a, b) or at_value(a, b, node.bound.get("at"))
    rule = monotonicity(b if isinstance(a, sp.Expr) and a.is_number else a)
    if found is None or rule is None:
        return "monotone: the sides do not differ in one argument of a monotone operator"
    if strict and not isinstance(a, sp.Add):
        return "monotone: strict only for a sum"
    j, xs, ys = found
    direction = node.bound.get("direction")
    ways = [conditions for d, conditions in rule(j, xs, ys) if d == direction]
    if not ways or not node.children:
        return "monotone: the operator is not monotone that way in that argument"
    part, *signs = node.children
    lo, hi = (xs[j], ys[j]) if direction == 1 else (ys[j], xs[j])
    if not kernel.shows(part, lo, "<" if strict else "<=", hi):
        return "monotone: the arguments are not compared in the direction the operator needs"
    conditions = ways[0]
    if len(signs) != len(conditions) or not all(sign_shown(kernel, p, t, s) for p, (t, s) in zip(signs, conditions)):
        return "monotone: a sign the monotonicity depends on is not shown"
    return ""


class Model(NamedTuple):
    """The model x[k] = F(x[k − 1]): the state x[k], its index k, the update F, and the initial index s when a premise
    names the state at a whole-number index (the smallest such; the model then holds only at indices after s)."""

    state: Any
    index: Any
    update: Any
    initial: int | None = None


def initial_index(name: str, terms: Iterable[Any]) -> int | None:
    """The smallest whole-number index at which ``terms`` (the premises' sides) name the sequence ``name``, or None:
    a premise x[0] = v states an initial value, which no run of the model need reach (relu(x[0]) = x[0] fails
    for x[0] = (0, −1) under x[k] = relu(x[k − 1]))."""
    found = [int(e.index) for t in terms if isinstance(t, sp.Basic) for e in sp.preorder_traversal(t)
             if isinstance(e, SeqElem) and e.name == name and e.index.is_Integer]
    return min(found, default=None)


def stated_initial(d: Any) -> int | None:
    """The initial index of a derivation's model (``initial_index`` over its premises), or None."""
    if d.model is None:
        return None
    return initial_index(d.model.state.name, [t for p in d.premises for a, _, b in p.facts() for t in (a, b)])


def recurrence_step(recurrence: Model | None, x: Any) -> Any:
    """F(e): the recurrence's right side at the index e of a state x[e] of the model x[k] = F(x[k − 1]), the model
    holding at every integer index, or at every whole number after the initial index s if there is one (None for
    anything else, an index not known to be an integer, or one not shown to be after s)."""
    if recurrence is None:
        return None
    state, k, update, initial = recurrence
    if not (isinstance(x, SeqElem) and x.name == state.name and x.shape == state.shape and x.index.is_integer is True):
        return None
    if initial is not None and not (x.index.is_Integer and x.index > initial):
        return None
    return evaluated(update.xreplace({k: x.index}))


def coordinate_form(v: Any, kind: str, i: Any) -> Any | None:
    """The norm of a column vector v (n rows) in its coordinates, over the index i: ‖v‖₂ = ‖v‖_F = √(Σᵢ vᵢ²),
    ‖v‖∞ = maxᵢ |vᵢ|, ‖v‖₁ = Σᵢ |vᵢ| (i = 1..n); None for another norm."""
    n, vi = v.shape[0], Coordinate(v, i)
    forms = {"2": lambda: sp.sqrt(sp.Sum(vi ** 2, (i, 1, n))), "fro": lambda: sp.sqrt(sp.Sum(vi ** 2, (i, 1, n))),
             "inf": lambda: RangeMax(sp.Abs(vi), (i, 1, n)), "1": lambda: sp.Sum(sp.Abs(vi), (i, 1, n))}
    return forms[kind]() if kind in forms else None


def norm_coordinates(kernel: Any, node: Any) -> None:
    """Accept the leaf ‖v‖ = its coordinate form over the binding's index (``coordinate_form``: v a column vector,
    the index an integer symbol not in v, the form recomputed here); raise Rejected otherwise."""
    i, v = node.bound.get("index"), node.lhs.args[0] if isinstance(node.lhs, Norm) else None
    if node.rule != "norm_coordinates" or node.rel != "=" or node.children or node.rewrites or v is None:
        raise Rejected("norm_coordinates: ‖v‖ = its coordinate form, a leaf")
    if not (isinstance(v, MatrixExpr) and v.shape[1] == 1 and isinstance(i, sp.Symbol) and i.is_integer
            and i not in free(v) | sp.sympify(v.shape[0]).free_symbols):
        raise Rejected("norm_coordinates: not a column vector and a fresh integer index")
    if node.rhs != coordinate_form(v, node.lhs.kind, i):
        raise Rejected(f"norm_coordinates: the right side is not the {node.lhs.kind}-norm in coordinates")


def _raising(check: Any) -> Any:
    """The rule of the kernel's table GCONGR for one of the checks above (each returns why not, '' when it holds)."""
    def rule(kernel: Any, node: Any, strict: bool, a: Any, b: Any) -> None:
        why = check(kernel, node, strict, a, b)
        if why:
            raise Rejected(why)
    rule.__name__ = check.__name__
    return rule


RULES = tuple(_raising(f) for f in (norm_sum_le, le_abs_self, monotone, div_le, prod_le_pow))
