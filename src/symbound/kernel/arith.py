"""Exact arithmetic decisions: the sign of a scalar expression, decided by sympy, and suprema over the
reals by sympy's calculus.  Part of the trusted base (the kernel calls it; the prover calls the same
functions, so search and check agree).

Norms, singular values and spectral radii are opaque nonnegative atoms, activations at a point opaque
real atoms, products and sums over ranges opaque real atoms (sympy would evaluate them with Karr's convention).
A claim about relu' is decided only when it holds under every convention for relu'(0) in use
(0 in the deep-learning frameworks, 1/2 in sympy, 1): its truth must not depend on the choice.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops import classes, of
from symbound.ops.inner import Inner
from symbound.ops.norm import Norm
from symbound.kernel.algebra import bilinear
from symbound.kernel.summation import by_bodies, by_linearity
from symbound.ops.coordinate import Coordinate, distributed

RELU_AT_ZERO = (sp.Integer(0), sp.Rational(1, 2), sp.Integer(1))
STEP_AT_ZERO = sp.Symbol("relu'(0)", real=True, nonnegative=True)  # the value of the unit step (relu') at 0: a convention
# (an internal name: a prime and parentheses, which no name of a file can contain)


def with_open_convention(e: Any) -> Any:
    """The unit step with its value at 0 left open (so sympy cannot evaluate relu'(0) to its own 1/2)."""
    return e.replace(lambda n: isinstance(n, sp.Heaviside), lambda n: sp.Heaviside(n.args[0], STEP_AT_ZERO)) if e.has(sp.Heaviside) else e
MAX_OPS = 60


def opaque(e: Any, shared: dict | None = None) -> tuple[Any, dict]:
    """The expression with matrix functions, activations and products replaced by signed dummies.

    ``shared`` (node → dummy) is extended and reused, so that expressions made opaque one by one share
    their atoms; its dummies are numbered in order of appearance."""
    if shared is None:
        x, back = _opaque_alone(e)
        return x, dict(back)
    return _opaque(e, shared)


@lru_cache(maxsize=8192)
def _opaque_alone(e: Any) -> tuple[Any, dict]:
    return _opaque(e, {})


def empty_range(limits: Any) -> bool:
    """Whether a Σ's or ∏'s ranges (index, a, b) hold an empty one (b − a + 1 a number ≤ 0): the empty sum 0,
    the empty product 1 (symbound.ops.sums, symbound.ops.product), never Karr's convention."""
    return any((b - a + 1).is_number and (b - a + 1) <= 0 for _, a, b in limits)


def _opaque(e: Any, atoms: dict) -> tuple[Any, dict]:
    if e.has(Coordinate):  # (a − b)ᵢ = aᵢ − bᵢ: coordinates are linear
        e = e.replace(lambda n: isinstance(n, Coordinate), distributed)
    e = by_linearity(by_bodies(e))
    empty = {p: sp.Integer(0 if isinstance(p, sp.Sum) else 1) for p in e.atoms(sp.Product, sp.Sum) if empty_range(p.limits)}
    if empty:
        e = e.xreplace(empty)
    for p in sorted(e.atoms(sp.Product, sp.Sum), key=sp.default_sort_key):
        if p not in atoms:
            atoms[p] = sp.Dummy(f"P{len(atoms)}", real=True)
    for node in sp.preorder_traversal(e):
        declared = of(node)  # an operator sympy cannot compute with: an atom of its declared sign
        if declared is not None and declared.opaque and node not in atoms:
            atoms[node] = (sp.Dummy(f"N{len(atoms)}", nonnegative=True, finite=True) if declared.sign == "nonnegative"
                           else sp.Dummy(f"F{len(atoms)}", real=True, finite=True))
    return e.xreplace(atoms), {v: k for k, v in atoms.items()}


def _known(e: Any, want: str) -> bool:
    if want == "zero":
        return e == 0
    return bool(e.is_positive) if want == "positive" else bool(e.is_nonnegative)


# values tried for each symbol (negated for real symbols): small, so that powers stay small
_POOL = tuple(map(sp.Rational, (2, 1, "1/3", 3, "3/2", 0, "1/2", 4)))
SAMPLES = 6


def _value(s: Any, j: int) -> Any:
    """The first value from the pool (from position j on) that has every assumption of the symbol s."""
    return _value_with(tuple(sorted(s.assumptions0.items())), j)


@lru_cache(maxsize=4096)
def _value_with(assumptions: tuple, j: int) -> Any:
    for m in range(2 * len(_POOL)):
        v = _POOL[(j + m // 2) % len(_POOL)] * (1 if m % 2 == 0 else -1)
        if all(getattr(v, "is_" + key, None) == held for key, held in assumptions):
            return v
    return None


def _tower(x: Any) -> bool:
    """A power whose exponent itself holds a symbolic power (its values could be astronomically large)."""
    return any(isinstance(n, sp.Pow) and any(isinstance(m, sp.Pow) and not m.args[1].is_number for m in sp.preorder_traversal(n.args[1]))
               for n in sp.preorder_traversal(x))


def refuted_at_a_point(x: Any, want: str) -> bool:
    """Whether ``x`` fails ``want`` at some exact point that has every assumption of its symbols: then no
    rewriting of ``x`` can show it (sympy's assumptions are about every such point), and the costly
    normal forms are skipped.  Only ever answers "cannot be shown"; never used to show anything."""
    symbols = sorted(x.free_symbols, key=sp.default_sort_key)
    if len(symbols) > 12 or _tower(x):
        return False
    for j in range(SAMPLES):
        point = {s: _value(s, j + 3 * i) for i, s in enumerate(symbols)}
        if any(v is None for v in point.values()):
            return False
        try:
            v = x.xreplace(point)
            if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_extended_real:
                continue
            failed = v.is_negative if want == "nonnegative" else v.is_nonpositive if want == "positive" else v.is_nonzero
        except (TypeError, ValueError, ArithmeticError, RecursionError, NotImplementedError):
            continue
        if failed:
            return True
    return False


def signed(e: Any, signs: tuple[tuple[Any, str], ...]) -> Any:
    """``e`` made opaque with each term t of ``signs`` (t, "positive" | "nonnegative"), a sign a checked hypothesis
    gives it, replaced by a fresh atom H of that sign: where t is linear in a symbol s (with a numeric coefficient),
    s := (H − rest)/coefficient everywhere (|c − 1| with 1 − c = H is |−H|); otherwise t and −t themselves; for
    0 < |u|, u is such an atom, nonzero (|g|/|g| = 1 from 0 < |g|).  The claim
    is then decided for every value of that sign, so also for t's own (each H is t at every point)."""
    shared: dict = {}
    x, _ = _opaque(e, shared)
    made: set = set()
    done: list[dict] = []  # the substitutions so far, applied in order to each later term
    for j, (t, want) in enumerate(signs):
        h = sp.Dummy(f"H{j}", real=True, finite=True, **{want: True})
        term = _opaque(t, shared)[0]
        if isinstance(term, sp.Abs) and want == "positive":  # 0 < |u|: u ≠ 0, an atom of either sign but not 0
            term, h = term.args[0], sp.Dummy(f"H{j}", real=True, finite=True, nonzero=True)
        for sub in done:
            term = term.xreplace(sub)
        s = next((v for v in sorted(term.free_symbols - made, key=sp.default_sort_key)
                  if (c := term.diff(v)).is_number and c != 0 and not (term - c * v).has(v)), None)
        made.add(h)
        if s is None:
            x = x.xreplace({term: h, -term: -h})
            continue
        c = term.diff(s)
        done.append({s: (h - (term - c * s)) / c})
        x = x.xreplace(done[-1])
    return x.replace(lambda n: isinstance(n, sp.Abs) and isinstance(n.args[0], sp.Mul),
                     lambda n: sp.Mul(*[sp.Abs(f) for f in n.args[0].args]))  # |xy| = |x||y|, which sympy leaves


def ordered(e: Any, signs: tuple[tuple[Any, str], ...]) -> Any:
    """``e`` with each max/min of two terms x, y resolved where a sign hypothesis gives 0 ≤ y − x (or x − y)."""
    differences = {t for t, _ in signs}
    def resolve(n: Any) -> Any:
        if isinstance(n, (sp.Max, sp.Min)) and len(n.args) == 2:
            x, y = n.args
            if y - x in differences:  # x ≤ y
                return y if isinstance(n, sp.Max) else x
            if x - y in differences:
                return x if isinstance(n, sp.Max) else y
        return n
    return e.replace(lambda n: isinstance(n, (sp.Max, sp.Min)), resolve) if e.has(sp.Max, sp.Min) else e


@lru_cache(maxsize=8192)
def _decide(e: Any, want: str, signs: tuple[tuple[Any, str], ...] = ()) -> bool:
    if sp.count_ops(e) > MAX_OPS:
        return False if signs else _known(e, want)
    x = signed(ordered(e, signs), signs) if signs else opaque(e)[0]
    # x's atoms carry exactly what sympy knows of the operators they replace (products and sums over ranges excepted),
    # so a point refuting x also shows that sympy's assumptions cannot decide e: the costly queries are skipped
    if not e.has(sp.Product, sp.Sum) and refuted_at_a_point(x, want):
        return False
    if _known(x if signs else e, want):
        return True
    try:
        for step in (sp.expand, sp.cancel, lambda y: sp.cancel(sp.together(y)), lambda y: sp.powsimp(sp.expand(y)), sp.factor_terms):
            y = step(x)
            if _known(y, want):
                return True
            if y.is_nonnegative is not None or y.is_positive is not None:
                break
        if want != "zero" and _squared(x, want):
            return True
        if want != "zero" and sp.count_ops(x) <= MAX_FACTORED and x.is_polynomial() and _known(sp.factor(x), want):
            return True  # a product of even powers and signed factors: u⁴ − 2u² + 1 = (u − 1)²(u + 1)²
        if want != "zero" and sp.count_ops(x) <= MAX_FACTORED and _quadratic_form(x, want):
            return True
        transcendental = [f for f in x.atoms(sp.Function) if not isinstance(f, (sp.Abs, sp.Max, sp.Min))]
        if transcendental and sp.count_ops(x) <= 25:
            return _known(sp.simplify(x), want)
    except (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError, RecursionError):
        return False
    return False


MAX_FACTORED = 30  # a polynomial up to this size is factored (exactly, by sympy) when its sign is not known otherwise


MAX_FORM_VARIABLES = 4  # a quadratic polynomial in up to this many variables: at most 31 principal minors


def _quadratic_form(x: Any, want: str) -> bool:
    """p ≥ 0 for a polynomial of degree 2 in some of its symbols (coefficients in the others: Young's
    uv ≤ tu²/2 + v²/(2t)), as p = [z; 1]ᵀ M [z; 1] with M positive semidefinite: every principal minor ≥ 0
    (strict: M positive definite, every leading principal minor > 0, or p − δ ≥ 0 for a δ > 0), each minor's
    sign decided in turn."""
    symbols = sorted(x.free_symbols, key=sp.default_sort_key)
    polynomial_in = [s for s in symbols if x.is_polynomial(s)]
    for variables in (symbols, polynomial_in, [s for s in polynomial_in if not s.is_positive]):
        if not 0 < len(variables) <= MAX_FORM_VARIABLES:
            continue
        try:
            poly = sp.Poly(sp.expand(x), *variables)
        except (sp.PolynomialError, sp.GeneratorsNeeded):
            continue
        if poly.total_degree() != 2:
            continue
        n = len(variables)
        M = sp.zeros(n + 1, n + 1)
        for powers, c in poly.terms():
            at = [i for i, k in enumerate(powers) for _ in range(k)] + [n] * (2 - sum(powers))
            i, j = at
            M[i, j] += c if i == j else c / 2
            if i != j:
                M[j, i] += c / 2
        if want == "nonnegative":
            return _semidefinite(M)
        if all(_decide(sp.cancel(M[:k, :k].det()), "positive") for k in range(1, n + 2)):
            return True
        c = M[n, n]  # else p ≥ δ > 0 for δ the constant term or half of it: (u − v)² + 3 > 0
        return _decide(c, "positive") and any(_semidefinite(M - sp.diag(*([0] * n + [d]))) for d in (c, c / 2))
    return False


def _semidefinite(M: sp.Matrix) -> bool:
    """Every principal minor of the symmetric M decided ≥ 0."""
    m = M.shape[0]
    return all(_decide(sp.cancel(M.extract(rows, rows).det()), "nonnegative")
               for k in range(1, m + 1) for rows in map(list, combinations(range(m), k)))


def _squared(x: Any, want: str) -> bool:
    """α√u + r ≥ 0 (> 0) with one square root, u ≥ 0, by squaring both sides: for α > 0 when r ≥ 0 (> 0), or
    r ≤ 0 and α²u − r² ≥ 0 (> 0); for α < 0 when r ≥ 0 and r² − α²u ≥ 0 (> 0)."""
    roots = [t for t in sp.Add.make_args(x) if any(isinstance(f, sp.Pow) and f.args[1] == sp.S.Half for f in sp.Mul.make_args(t))]
    if len(roots) != 1:
        return False
    (term,) = roots
    u = next(f.args[0] for f in sp.Mul.make_args(term) if isinstance(f, sp.Pow) and f.args[1] == sp.S.Half)
    alpha, r = term / sp.sqrt(u), x - term
    if alpha.has(sp.sqrt(u)) or not _decide(u, "nonnegative"):
        return False
    if _decide(alpha, "positive"):
        return _decide(r, want) or (_decide(-r, "nonnegative") and _decide(sp.expand(alpha**2 * u - r**2), want))
    if _decide(-alpha, "positive"):
        return _decide(r, "nonnegative") and _decide(sp.expand(r**2 - alpha**2 * u), want)
    return False


def _gram(e: Any, want: str) -> bool:
    """e ≥ 0 (> 0) for e a form in the inner products of vectors, Σ cᵢⱼ⟨vᵢ, vⱼ⟩ + q once inner products and
    squared Euclidean norms are expanded bilinearly (symbound.kernel.algebra.bilinear): it holds for every vectors
    exactly when Σ cᵢⱼzᵢzⱼ + q ≥ 0 (> 0) for every real zᵢ (the matrix (cᵢⱼ) positive semidefinite and q ≥ 0, and a
    Gram matrix G is positive semidefinite: Σ cᵢⱼGᵢⱼ = tr(CG) ≥ 0), which is decided instead (Young's
    2xᵀy ≤ ‖x‖² + ‖y‖²), the terms as written first, then expanded.  Distinct vector terms count as independent
    vectors: a stronger claim, never a weaker one."""
    if not any(isinstance(n, Inner) or (isinstance(n, sp.Pow) and isinstance(n.base, Norm) and n.exp == 2) for n in sp.preorder_traversal(e)):
        return False
    return any(_scalar_form(form, want) for form in (e, bilinear(e)))


def _scalar_form(e: Any, want: str) -> bool:
    """``e`` decided with each vector term of its inner products and squared Euclidean norms a real variable."""
    z: dict = {}

    def var(v: Any) -> Any:
        return z.setdefault(v, sp.Dummy(f"z{len(z)}", real=True))

    y = sp.expand(e)
    y = y.replace(lambda n: isinstance(n, sp.Pow) and n.exp == 2 and isinstance(n.base, Norm) and n.base.kind in ("2", "fro")
                  and n.base.matrix.shape[1] == 1, lambda n: var(n.base.matrix) ** 2)
    y = y.replace(lambda n: isinstance(n, Inner) and all(a.shape[1] == 1 for a in n.args), lambda n: var(n.args[0]) * var(n.args[1]))
    if not z or y.has(Inner, Norm) or any(isinstance(n, MatrixExpr) for n in sp.preorder_traversal(y)):
        return False  # a vector left outside an inner product (‖v‖ alone): not a form in them
    try:
        degrees = {sum(m) for m in sp.Poly(y, *z.values()).monoms()}
    except sp.PolynomialError:
        return False
    return degrees <= {0, 2} and _decide(y, want)


def decide(e: Any, want: str, signs: tuple[tuple[Any, str], ...] = ()) -> bool:
    """Whether the scalar ``e`` is certainly ``positive``, ``nonnegative`` or ``zero`` (False: not shown), with
    ``signs`` the subterms a hypothesis shows positive or nonnegative (term, "positive" | "nonnegative")."""
    if any(want not in ("positive", "nonnegative") for _, want in signs):
        raise ValueError("a sign hypothesis is 'positive' or 'nonnegative'")
    try:
        return _decided(e, want, signs)
    except TypeError:  # an unhashable argument: decided without the memo
        return _decided.__wrapped__(e, want, signs)


@lru_cache(maxsize=16384)
def _decided(e: Any, want: str, signs: tuple[tuple[Any, str], ...] = ()) -> bool:
    if not isinstance(e, sp.Expr) or isinstance(e, MatrixExpr):
        return False
    if any(isinstance(n, MatrixExpr) for n in sp.preorder_traversal(opaque(e)[0])):
        return False
    if e.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    if not e.has(STEP_AT_ZERO, sp.Heaviside):
        return _decide(e, want, signs) or (not signs and want != "zero" and _gram(e, want))
    e = with_open_convention(e)
    return all(_decide(evaluated_at(e, at), want, tuple((evaluated_at(with_open_convention(t), at), w) for t, w in signs))
               for at in RELU_AT_ZERO)


def evaluated_at(e: Any, at: Any) -> Any:
    """The expression under one convention for the step's value at 0."""
    return e.replace(lambda n: isinstance(n, sp.Heaviside), lambda n: sp.Heaviside(n.args[0], at)).xreplace({STEP_AT_ZERO: at})


_CALCULUS_VARIABLE = sp.Symbol("z'sup", real=True)  # internal: no name of a file contains a prime


@lru_cache(maxsize=1024)
def supremum(e: Any, z: Any) -> Any:
    """sup over the reals of e(z), by sympy's calculus (None when sympy cannot tell)."""
    from sympy.calculus.util import maximum, minimum

    try:
        if isinstance(e, sp.Abs):
            inner = e.args[0]
            hi, lo = maximum(inner, z, sp.S.Reals), minimum(inner, z, sp.S.Reals)
            return sp.Max(hi, -lo)
        return maximum(e, z, sp.S.Reals)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None


def calculus_form(a: Any, b: Any) -> tuple[Any, Any, Any] | None:
    """(f, c, z) with a ≤ b meaning f(z) ≤ c for a formula f in one real variable z that sympy's calculus may bound
    and c free of z (a ≤ b itself, −b ≤ −a, or a − b ≤ 0), or None."""
    if len(a.free_symbols) == 1 and not a.free_symbols & b.free_symbols:
        f, c = a, b
    elif len(b.free_symbols) == 1 and not a.free_symbols & b.free_symbols:
        f, c = -b, -a
    else:
        f, c = a - b, sp.Integer(0)
    symbols = f.free_symbols
    if len(symbols) != 1 or c.free_symbols & symbols or f.has(sp.Heaviside, STEP_AT_ZERO):
        return None
    if not f.atoms(sp.Function) and not f.has(sp.exp, sp.tanh):
        return None
    (z,) = symbols
    held = (*classes(lambda op: op.opaque), sp.Product, sp.Sum)
    if not z.is_real or any(isinstance(n, held) for n in sp.preorder_traversal(f)):
        return None
    return f, c, z


def calculus_bound(a: Any, b: Any, strict: bool) -> bool:
    """a ≤ b (or <) by sympy's supremum over ℝ of a formula in one real variable z, the bound free of z: a(z) ≤ b,
    −b(z) ≤ −a, or a − b ≤ 0 (tanh(w) ≤ 1, −1 ≤ tanh(w), 0 ≤ ½(tanh(w) + 1)); strict when b exceeds the
    supremum or a(z) = b has no real solution (−1 < tanh(w)).  Formulas with opaque atoms,
    products or relu steps are not decided here."""
    if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr) or not isinstance(a, sp.Expr) or not isinstance(b, sp.Expr):
        return False
    form = calculus_form(a, b)
    if form is None:
        return False
    a, b, z = form
    fixed = _CALCULUS_VARIABLE  # one variable, so that suprema are cached across fresh names
    top = supremum(a.xreplace({z: fixed}), fixed)
    if top is None or top.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return False
    if decide(b - top, "positive" if strict else "nonnegative"):
        return True
    return strict and decide(b - top, "nonnegative") and never_equal(a.xreplace({z: fixed}) - b, fixed)


@lru_cache(maxsize=1024)
def never_equal(e: Any, z: Any) -> bool:
    """e(z) ≠ 0 for every real z, by sympy's solveset (its real solutions the empty set): a supremum that is not
    attained bounds strictly (tanh(w) < 1, 0 < σ(w))."""
    try:
        if any(_vanishes(e.xreplace({z: p})) for p in NEVER_EQUAL_POINTS):
            return False  # solveset calls an identically zero formula (exp(−z) − (1 + exp(−z) − 1/(eᶻ + 1) − 1/(1 + e⁻ᶻ))) empty
        return sp.solveset(e, z, sp.S.Reals) is sp.S.EmptySet
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return False


NEVER_EQUAL_POINTS = tuple(sp.Rational(p) for p in ("0", "1", "-1", "1/2", "-1/2", "2", "-2", "3", "-3", "1/3"))


def _vanishes(v: Any) -> bool:
    """Whether a number is 0, or within 10⁻²⁰ of it at 40 digits (where exact simplification would be needed)."""
    if v.is_zero:
        return True
    value = v.evalf(40)
    return not value.is_number or value.has(sp.nan, sp.zoo) or abs(value) < sp.Float("1e-20")
