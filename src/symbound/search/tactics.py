"""Everyday tactics of the search, each returning a proof term for a rule of symbound.kernel.everyday (or
a linear certificate, ``scaled_fact``, for the kernel's linarith)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import product
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.everyday import at_value, combination_equal, differing, magnitude
from symbound.kernel.proofs import Proof
from symbound.ops.objects import evaluated, flattened
from symbound.ops.registry import monotonicity
from symbound.search.equations import _rewritten, rewrite_rules
from symbound.search.matching import match

MAX_TERMS = 4


def norm_sum(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """g‖M‖ ≤ Σⱼ cⱼ‖Vⱼ‖ (or with |·|) when gM regroups as Σⱼ ±cⱼVⱼ and g, cⱼ ≥ 0: the triangle inequality
    with any number of terms, coefficients and signs (‖d − αg‖ ≤ ‖d‖ + α‖g‖, a convex combination)."""
    a, b = evaluated(a), evaluated(b)  # the kernel reads the terms of the sides as sympy orders them
    left = magnitude(a)
    if strict or left is None:
        return None
    terms = [magnitude(t) for t in sp.Add.make_args(b)]
    if len(terms) > MAX_TERMS or any(t is None or t[2] != left[2] for t in terms):
        return None
    g, M, _ = left
    parts = [(c, V) for c, V, _ in terms]
    signs = next((s for s in product((1, -1), repeat=len(parts)) if combination_equal(g, M, parts, s)), None)
    if signs is None:
        return None
    blockers = len(prover.attempt.blockers)
    proofs = [prover.nonneg(c, False, depth) for c, _ in parts] + ([prover.nonneg(g, False, depth)] if g != 1 else [])
    if any(p is None for p in proofs):
        del prover.attempt.blockers[blockers:]
        return None
    return Proof("gcongr", "norm_sum_le", a, "<=", b, tuple(proofs), (("signs", sp.Tuple(*signs)),))


def prod_pow(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """∏_{i=l}^{h} f(i) ≤ C^{h−l+1} (or ≤ 1) from f(i) ≤ C and f(i) ≥ 0 for every i, and l ≤ h + 1."""
    a, b = evaluated(a), evaluated(b)
    if strict or not isinstance(a, sp.Product) or len(a.args) != 2:
        return None
    f, (i, lo, hi) = a.args[0], a.args[1]
    if b == 1:
        C = sp.Integer(1)
    elif isinstance(b, sp.Pow) and sp.expand(b.args[1] - (hi - lo + 1)) == 0:
        C = b.args[0]
    else:
        return None
    if i in C.free_symbols:
        return None
    d = sp.Dummy(str(i), integer=True)
    fd = f.xreplace({i: d})
    blockers = len(prover.attempt.blockers)
    parts = [prover.le(fd, C, False, depth), prover.nonneg(fd, False, depth), prover.le(lo, hi + 1, False, depth)]
    if any(p is None for p in parts):
        del prover.attempt.blockers[blockers:]  # the diagnosis stays with the goal the other moves leave
        return None
    return Proof("gcongr", "prod_le_pow", a, "<=", b, tuple(parts), (("index", d), ("base", C)))


def quotient(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """x/c ≤ b from x ≤ b·c and c > 0, for one non-numeric denominator c."""
    a = evaluated(a)
    if not isinstance(a, sp.Mul):
        return None
    below = [f.args[0] for f in a.args if isinstance(f, sp.Pow) and f.args[1] == -1 and not f.args[0].is_number]
    if len(below) != 1:
        return None
    c = below[0]
    x = evaluated(a * c)
    blockers = len(prover.attempt.blockers)
    parts = [prover.le(x, evaluated(b * c), strict, depth), prover.nonneg(c, True, depth)]
    if any(p is None for p in parts):
        del prover.attempt.blockers[blockers:]
        return None
    return Proof("gcongr", "div_le", a, "<" if strict else "<=", b, tuple(parts), (("denominator", c),))


def monotone(prover: Any, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
    """Sides with one head differing in one argument: that argument compared in the direction the operator's
    declared monotonicity gives, with the signs it depends on (Lean's ``gcongr`` walking both sides)."""
    a, b = evaluated(a), evaluated(b)
    at = inverse_at(a, b) if differing(a, b) is None else None
    found = differing(a, b) or at_value(a, b, at)
    rule = monotonicity(b if at is not None and a.is_number else a)
    if found is None or rule is None or (strict and not isinstance(a, sp.Add)):
        return None
    j, xs, ys = found
    blockers = len(prover.attempt.blockers)
    for direction, conditions in rule(j, xs, ys):
        signs = [_sign(prover, term, sign, depth) for term, sign in conditions]
        if any(s is None for s in signs):
            continue
        lo, hi = (xs[j], ys[j]) if direction == 1 else (ys[j], xs[j])
        goal = prover._goal
        if at is not None and tuple(map(evaluated, goal)) == (a, b):
            prover._goal = (lo, hi)  # the goal moved out of a function of one argument is still the goal
        try:
            part = prover.le(lo, hi, strict, depth)
        finally:
            prover._goal = goal
        if part is not None:
            at_binding = (("at", at),) if at is not None else ()
            return Proof("gcongr", "monotone", a, "<" if strict else "<=", b, (part, *signs),
                         (("direction", sp.Integer(direction)),) + at_binding)
    del prover.attempt.blockers[blockers:]
    return None


def inverse_at(a: Any, b: Any) -> Any:
    """For a number c on one side and f(x) on the other (f of one argument with an inverse in sympy): y = f⁻¹(c),
    when f(y) is exactly c (1 = exp(0), e = exp(1), 0 = tanh(0)); else None."""
    for f, c in ((a, b), (b, a)):
        if not isinstance(c, sp.Expr) or not c.is_number or not isinstance(f, sp.Function) or len(f.args) != 1 or f.is_number:
            continue
        try:
            inverse = f.inverse()
        except (AttributeError, NotImplementedError, TypeError):
            continue
        y = sp.simplify(inverse(c))
        if y.is_real and not y.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and f.func(y) == c:
            return y
    return None


def scaled_fact(prover: Any, a: Any, b: Any, ca: Any, cb: Any, uses: tuple) -> Proof | None:
    """a ≤ b when b − a = t·(r − l) for a fact l ≤ r without variables and a term t shown ≥ 0: a hypothesis
    multiplied by a term (nlinarith's degree-2 products: −α(1 − αL/2)‖g‖² ≤ −α‖g‖²/2 from α ≤ 1/L, with
    t = αL‖g‖²/2).  A linear certificate of one hypothesis with that multiplier; the kernel re-decides it."""
    if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr):
        return None
    atoms: dict = {}  # norms and other operators as atoms: sympy's cancel cannot rebuild a matrix product inside them
    gap, _ = arith.opaque(cb - ca, atoms)
    for fact in prover.ordered_facts():
        if fact.variables or fact.kind not in ("premise", "chain") or fact.rel != "<=" or isinstance(fact.lhs, MatrixExpr) or isinstance(fact.rhs, MatrixExpr):
            continue
        prover.budget.tick()
        t = sp.factor(sp.cancel(gap / arith.opaque(fact.rhs - fact.lhs, atoms)[0])).xreplace({v: k for k, v in atoms.items()})
        if t.is_zero or isinstance(t, MatrixExpr) or t.has(sp.zoo, sp.nan, sp.oo):
            continue
        sign = None if t == 1 else prover.nonneg(t, False, 1)
        if t != 1 and sign is None:
            continue
        hypothesis = prover._fact_node(fact, {}, ((), {}))
        if hypothesis is None:
            continue
        rewrites = uses + prover.canon(hypothesis.lhs)[1] + prover.canon(hypothesis.rhs)[1]
        return Proof("linarith", "linarith", a, "<=", b, (hypothesis,) + ((sign,) if sign is not None else ()),
                     (("coefficients", (sp.Integer(1),)), ("multipliers", (t,))), tuple(dict.fromkeys(rewrites)))
    return None


def common_factor(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, depth: int, uses: tuple[Proof, ...]) -> Proof | None:
    """c·x ≤ c·y from x ≤ y and 0 ≤ c (strict: 0 < c and x < y) for the factor c both sides share (taken out of a
    sum's terms), x and y of any sign: a factor whose sign a premise gives, under a bound ((1 − β)hᵀSh ≤
    (1 − β)‖S‖‖h‖² from 0 ≤ β ≤ 1); c ≤ 0 turns the bound around.  The kernel's ``mul_le_mul_of_nonneg_left``."""
    if depth < 1:
        return None
    rel = "<" if strict else "<="
    for x0, y0, rewrites in ((evaluated(a), evaluated(b), ()), (ca, cb, uses)):
        if isinstance(x0, MatrixExpr) or isinstance(y0, MatrixExpr) or not isinstance(x0, sp.Expr) or not isinstance(y0, sp.Expr):
            continue
        fx, fy = _factors(x0), _factors(y0)
        shared = fx[0] & fy[0]
        if shared:
            c = sp.Mul(*shared.elements())
            x, y = (_divided(t, shared) for t in (fx, fy))
            tries, inner = ((c, x, y), (evaluated(-c), evaluated(-x), evaluated(-y))), depth
        else:  # only for the link's own goal, one level less deep: on every subgoal it would multiply the search
            absorbed = _absorbed(x0, y0, fx[0] | fy[0]) if (a, b) == prover._goal else None
            if absorbed is None:
                continue
            tries, inner = (absorbed,), depth - 1
        for g, lo, hi in tries:
            blockers = len(prover.attempt.blockers)
            sign = prover.nonneg(g, strict, depth)
            part = prover.le(lo, hi, strict, inner) if sign is not None else None
            if part is None:
                del prover.attempt.blockers[blockers:]
                continue
            node = Proof("gcongr", "mul_le_mul_of_nonneg_left", evaluated(g * lo), rel, evaluated(g * hi), (part, sign))
            ties = tuple(Proof("arithmetic", "arithmetic", s, "=", t) for s, t in ((x0, node.lhs), (y0, node.rhs)) if s != t)
            return prover._conv(a, rel, b, node, tuple(dict.fromkeys(rewrites + ties)))
    return None


def _absorbed(x0: Any, y0: Any, factors: Counter) -> tuple[Any, Any, Any] | None:
    """A factor c > 0 by its form (an exponential, a power of a positive base) of one side, which the other side
    takes in once divided and multiplied out, e^{−ε}·a against e^{ε}·b + δ = e^{−ε}·(e^{2ε}·b + e^{ε}·δ):
    (c, x0/c, y0/c)."""
    for c in sorted(factors, key=sp.default_sort_key):
        if c.is_positive and (isinstance(c, sp.exp) or (isinstance(c, sp.Pow) and c.base.is_positive)):
            return c, sp.expand(evaluated(x0 / c)), sp.expand(evaluated(y0 / c))
    return None


def power_shared(x: Any, y: Any) -> bool:
    """Whether two scalar terms share a factor only as powers of it (σκ against σ²κ²): pairing their factors
    cannot match it with itself, taking it out can."""
    if not all(isinstance(t, sp.Expr) and not isinstance(t, MatrixExpr) for t in (x, y)):
        return False
    as_written = Counter(f for f in sp.Mul.make_args(x) if not f.is_number) & Counter(sp.Mul.make_args(y))
    return bool(_factors(x)[0] & _factors(y)[0] - as_written)


@lru_cache(maxsize=4096)
def _factors(t: Any) -> tuple[Counter, tuple[Counter, ...]]:
    """The non-numeric factors every term of t shares (t itself a product or a sum), and each term's factors."""
    terms = [Counter(g for f in sp.Mul.make_args(u) for g in _parts(f)) for u in sp.Add.make_args(t)]
    shared = terms[0].copy()
    for u in terms[1:]:
        shared &= u
    return Counter({f: n for f, n in shared.items() if not f.is_number}), tuple(terms)


def _parts(f: Any) -> tuple:
    """A factor as factors: 2 − 2b as 2·(1 − b), σ² as σ·σ (a small natural power as its base repeated)."""
    if isinstance(f, sp.Add):
        return f.as_content_primitive()
    if isinstance(f, sp.Pow) and f.exp.is_Integer and 1 < f.exp <= MAX_SPLIT_POWER:
        return (f.base,) * int(f.exp)
    return (f,)


MAX_SPLIT_POWER = 8


def _divided(t: tuple[Counter, tuple[Counter, ...]], shared: Counter) -> Any:
    """The sum of t's terms, each with the shared factors taken out."""
    return evaluated(sp.Add(*[sp.Mul(*(u - shared).elements()) for u in t[1]]))


def regrouped(*terms: Any) -> tuple[Proof, ...]:
    """For scalar terms whose products, flattened as written, evaluate otherwise (2·((1 − b)·x) is 2x(1 − b), while
    2(1 − b) alone evaluates to 2 − 2b): the equalities, by exact arithmetic, that tie each evaluated form to it."""
    out = []
    for t in terms:
        e, f = evaluated(t), flattened(t)
        if not isinstance(e, MatrixExpr) and isinstance(e, sp.Expr) and evaluated(f) != e:
            out.append(Proof("arithmetic", "arithmetic", e, "=", f))
    return tuple(out)


def _sign(prover: Any, term: Any, sign: str, depth: int) -> Proof | None:
    return prover.nonneg(evaluated(-term) if sign == "nonpositive" else term, sign == "positive", depth)


def arithmetic_as_written(prover: Any, a: Any, b: Any, ca: Any, cb: Any, rel: str, uses: tuple[Proof, ...]) -> Proof | None:
    """Exact arithmetic on the terms with only their definitions unfolded: a premise must never hurt, and a
    conditional rewrite it enabled (|c| = c from c > 0) may take a term out of what arithmetic decides alone."""
    unfolds = tuple(u for u in uses if u.kind in ("definition", "model"))
    if unfolds == uses:
        return None
    wa, wb = evaluated(prover.unfold(a)), evaluated(prover.unfold(b))
    if (wa, wb) == (ca, cb) or isinstance(wa, MatrixExpr) or isinstance(wb, MatrixExpr):
        return None
    prover.budget.tick()
    if arith.decide(wb - wa, {"<": "positive", "<=": "nonnegative", "=": "zero"}[rel]):
        return Proof("arithmetic", "arithmetic", a, rel, b, rewrites=unfolds)
    return None


MAX_SIGNS = 4


def by_signs(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, depth: int, uses: tuple[Proof, ...]) -> Proof | None:
    """a ≤ b by exact arithmetic with the signs the premises and earlier chains give subterms of the goal
    (0 < ‖v‖ makes √(1 + ‖d‖²/‖v‖²)·‖v‖ ≥ ‖v‖ decidable): each fact ``l rel t`` with t in the goal proposes t;
    its sign is proved (strictly when it can be) and the kernel's ``le_of_signs`` re-decides."""
    if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr) or depth < 1:
        return None
    ca, cb = evaluated(ca), evaluated(cb)
    inside = set(sp.preorder_traversal(cb - ca)) - {cb - ca, ca - cb}  # the sign of the goal itself is the goal
    terms = []
    for fact in prover.ordered_facts():
        if fact.kind not in ("premise", "chain") or isinstance(fact.rhs, MatrixExpr):
            continue
        if not fact.variables:  # a term of the goal, or |u| for a u of the goal (0 < |u| makes u nonzero)
            rhs = evaluated(fact.rhs)
            found = [rhs] if rhs in inside or (isinstance(rhs, sp.Abs) and rhs.args[0] in inside) else []
        else:  # a for_all fact at the points the goal mentions (s[1] from s[i] > 0 for every i)
            found = [n for n in sorted(inside, key=sp.default_sort_key) if fact.may_match(1, n)
                     and any(len(b) >= len(fact.variables) for b in match(fact.rhs, n, fact.kinds))]
        terms += [t for t in found if not t.is_number and t not in terms]
    want = "positive" if strict else "nonnegative"
    if not terms or not arith.decide(cb - ca, want, tuple((t, "positive") for t in terms[:MAX_SIGNS])):
        return None  # not even with every proposed term positive: no sign is searched for
    blockers, memo = len(prover.attempt.blockers), dict(prover._memo)
    parts = []
    for t in terms[:MAX_SIGNS]:
        prover.budget.tick()
        p = prover.nonneg(t, True, min(depth, 2))
        if p is None and not t.is_nonnegative:
            p = prover.nonneg(t, False, min(depth, 2))
        if p is not None:
            parts.append(p)
    del prover.attempt.blockers[blockers:]  # a sign not shown is no diagnosis of the goal
    signs = tuple((evaluated(p.rhs), "positive" if p.rel == "<" else "nonnegative") for p in parts)
    if not parts or not arith.decide(cb - ca, want, signs):
        # forget what the sign searches memoised: a goal cut short by the cycle guard inside them is not unprovable
        prover._memo.clear()
        prover._memo.update(memo)
        return None
    return prover._conv(a, "<" if strict else "<=", b, Proof("gcongr", "le_of_signs", ca, "<" if strict else "<=", cb, tuple(parts)), uses)


def by_substitution(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, depth: int, uses: tuple[Proof, ...]) -> Proof | None:
    """a ≤ b from the file's equalities (premises ``a == b``, ``=`` chains) used as rewrites inside both sides, then
    the bound proved on the rewritten terms (Lean's ``rw [h]`` before ``gcongr``): √(a² + 1) ≤ √(b² + 2) from a = b.
    The kernel's ``conv`` checks the equalities and that they turn the goal's sides into the inner proof's."""
    if depth < 1 or isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr):
        return None
    rules = rewrite_rules(prover)
    used: set = set()
    table = {l: r for l, r, _ in rules}
    na, nb = _rewritten(ca, table, used), _rewritten(cb, table, used)
    if not rules or not used or na is None or nb is None or (na, nb) == (ca, cb):
        return None
    inner = prover.le(na, nb, strict, depth - 1)
    if inner is None:
        return None
    rewrites = uses + tuple(p for l, _, p in rules if l in used)
    return Proof("conv", "rewriting", a, "<" if strict else "<=", b, (inner,), rewrites=tuple(dict.fromkeys(rewrites)))
