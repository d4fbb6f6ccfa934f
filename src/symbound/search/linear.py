"""Linear arithmetic with certificates (Lean's ``linarith``, with ``nlinarith``'s products): b − a as a
nonnegative combination of the ground scalar facts, found with sympy's exact simplex and checked by the
kernel's ``linarith`` rule.  A column is a fact's difference r − l, possibly multiplied by a term shown
nonnegative: a positive denominator in it (to clear it) or a factor of a coefficient of the goal (so that
α·(L‖x‖ − ‖f‖) is offered for a goal weighing ‖f‖ by α); one side of an absolute value (x ≤ |x|,
−|x| ≤ x) is a column of its own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.proofs import Proof
from symbound.ops.objects import evaluated
from symbound.search.equations import _rewritten, rewrite_rules
from symbound.search.matching import match


def linarith(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, uses: tuple, products: bool = False,
             pairs: bool = False, assumed: tuple = ()) -> Proof | None:
    """b − a as a nonnegative combination of the ground scalar facts, of a case branch's assumptions lo ≤ hi
    (``assumed``, symbound.search.cases) and of sign facts, found with sympy's exact simplex; when that fails and
    ``products`` (a goal of the link itself, not a sub-goal), the facts multiplied by the goal's nonnegative
    coefficients, then (``pairs``) by one another."""
    p = _certificate(prover, a, b, ca, cb, strict, uses, (), assumed=assumed)
    if p is not None or not products or prover._products or isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr):
        return p
    goal = sp.expand(arith.opaque(cb - ca, prover._atoms)[0])
    candidates = _candidates(goal, {v: k for k, v in prover._atoms.items()})
    prover._products = True  # no products while proving a multiplier's sign
    blockers = len(prover.attempt.blockers)
    try:
        multipliers = _multipliers(prover, candidates) if candidates else ()
        p = _certificate(prover, a, b, ca, cb, strict, uses, multipliers, assumed=assumed) if multipliers else None
        return p or (_certificate(prover, a, b, ca, cb, strict, uses, (), True, assumed) if pairs else None)
    finally:
        prover._products = False
        del prover.attempt.blockers[blockers:]  # a multiplier's sign is never what blocks the goal


def _certificate(prover: Any, a: Any, b: Any, ca: Any, cb: Any, strict: bool, uses: tuple, multipliers: tuple,
                 pairs: bool = False, assumed: tuple = ()) -> Proof | None:
    """A Farkas certificate of ca ≤ cb (< when strict), the facts also multiplied by each (m, proof of 0 ≤ m,
    the goal's atoms m weighs); ``pairs``: also by one another and by the signed factors of their terms;
    ``assumed``: a case branch's assumptions lo ≤ hi as facts (the kernel's leaves ``case``)."""
    if isinstance(ca, MatrixExpr) or isinstance(cb, MatrixExpr) or not isinstance(ca, sp.Expr) or not isinstance(cb, sp.Expr):
        return None
    facts = [f for f in prover.ordered_facts() if not f.variables and f.kind not in ("lemma", "assumed") and not isinstance(f.lhs, MatrixExpr)][:24]
    if not facts and not assumed:
        return None
    prover.budget.tick()
    columns: list[tuple[Proof, Any, Any, Proof | None]] = []  # (hypothesis, multiplier, difference, multiplier's sign)
    expanded = [sp.expand(arith.opaque(cb - ca, prover._atoms)[0])]  # the goal, then each column, atoms shared
    for f in facts:
        for column, x in _columns(prover, f):
            columns.append(column)
            expanded.append(x)
    for lo, hi in assumed:
        columns.append((Proof("case", "case", lo, "<=", hi), sp.Integer(1), hi - lo, None))
        expanded.append(sp.expand(arith.opaque(hi - lo, prover._atoms)[0]))
    for column in _lemma_bounds(prover, expanded[0]):
        columns.append(column)
        expanded.append(sp.expand(arith.opaque(column[2], prover._atoms)[0]))
    sides = {c[0] for c in columns if c[0].rule == "le_abs_self"}
    for column in _sides_of_abs(cb - ca):
        if column[0] not in sides:
            columns.append(column)
            expanded.append(sp.expand(arith.opaque(column[2], prover._atoms)[0]))
    back = {v: k for k, v in prover._atoms.items()}
    fractions = any(not sp.fraction(arith.opaque(m, prover._atoms)[0])[1].is_number for m, _, _ in multipliers)
    if fractions:  # a reciprocal multiplier: the goal and the products over one denominator, numerators expanded
        expanded[0] = sp.expand(sp.together(expanded[0]))
    for m, sign, atoms in multipliers:  # a fact times m, when it mentions an atom m weighs in the goal
        factor = arith.opaque(m, prover._atoms)[0]
        for column, x in [(c, x) for c, x in zip(columns, expanded[1:]) if c[1] == 1 and c[3] is None
                          and c[0].kind in ("premise", "chain", "lemma", "conv") and x.free_symbols & atoms]:
            columns.append((column[0], m, m * column[2], sign))
            expanded.append(sp.expand(sp.together(factor * x) if fractions else factor * x))
    for column, x in _abs_products(prover, columns, expanded, back) + (_pair_products(prover, columns, expanded, back) if pairs else []):
        columns.append(column)
        expanded.append(x)
    wanted = {m for m in expanded[0].as_coefficients_dict() if m != 1}
    offered = {m for e in expanded[1:] for m in e.as_coefficients_dict() if m != 1}
    signed = {m: _sign(prover, m.xreplace(back)) for m in sorted(wanted, key=str)}  # positivity of the goal's terms
    if not wanted <= offered | {m for m, sign in signed.items() if sign is not None}:
        return None  # a term of the goal that no fact mentions and whose sign is unknown: no certificate
    monomials = {m for e in expanded for m in e.as_coefficients_dict() if m != 1}
    for m in sorted(monomials, key=str):  # sign facts for the monomials sympy can sign
        original = m.xreplace(back)
        sign = signed[m] if m in signed else prover.nonneg(original, False, 0)
        if sign is not None:
            columns.append((sign, sp.Integer(1), original, None))
            expanded.append(sp.expand(m))
    if len(columns) > 60:
        return None
    coeffs = [e.as_coefficients_dict() for e in expanded]
    if _sign_infeasible(coeffs[0], coeffs[1:], monomials):
        return None  # the simplex would find no solution either
    rows = sorted(monomials, key=str)
    A_eq = sp.Matrix([[c.get(m, 0) for c in coeffs[1:]] for m in rows])
    b_eq = sp.Matrix([coeffs[0].get(m, 0) for m in rows])
    constants = [c.get(sp.Integer(1), 0) for c in coeffs[1:]]
    # the residual const(goal) − Σ wⱼ const(j) stays ≥ 0; the weights sum to at most 1000 per column (one row, so
    # that a strict goal's objective is bounded)
    A = sp.Matrix([constants, [1] * len(columns)])
    limit = sp.Matrix([coeffs[0].get(sp.Integer(1), 0), 1000 * len(columns)])
    strict_cols = [1 if h.rel == "<" and (t == 1 or (sg is not None and sg.rel == "<")) else 0 for h, t, _, sg in columns]
    objective = sp.Matrix([cst - st for cst, st in zip(constants, strict_cols)]) if strict else sp.zeros(len(columns), 1)
    frozen = sp.ImmutableMatrix
    found = _solved(frozen(objective), frozen(A), frozen(limit), frozen(A_eq) if rows else None, frozen(b_eq) if rows else None)
    if found is None:
        return None
    low, solution = found
    x = sp.Matrix(solution)
    if any(v < 0 for v in solution) or (rows and A_eq * x != b_eq) or any(u > w for u, w in zip(A * x, limit)):
        return None  # not a solution after all: never hand the kernel a certificate that does not add up
    if strict and not limit[0] - low > 0:
        return None
    values = dict(zip(range(len(columns)), solution))
    weights = list(range(len(columns)))
    used = [(values.get(w, 0), col) for w, col in zip(weights, columns) if values.get(w, 0) != 0]
    hyps = tuple(col[0] for _, col in used)
    signs = tuple(col[3] for _, col in used if col[1] != 1)
    rewrites = uses + tuple(r for h in hyps for side in (h.lhs, h.rhs) for r in prover.canon(side)[1])
    return Proof("linarith", "linarith", a, "<" if strict else "<=", b, hyps + signs,
                 (("coefficients", sp.Tuple(*[v for v, _ in used])), ("multipliers", sp.Tuple(*[col[1] for _, col in used]))),
                 tuple(dict.fromkeys(rewrites)))


def _sign_infeasible(goal: dict, columns: list[dict], monomials: set) -> bool:
    """Whether Σ wⱼ·columnⱼ = goal (monomial by monomial, the constant term apart) has no solution w ≥ 0, shown by
    signs alone: a monomial the goal holds with a sign no live column has, where a live column is one no row forces
    to zero (a row the goal does not hold whose nonzero entries all have one sign forces them all to zero).  Exact
    and only sufficient (False: not shown), so a certificate the simplex would find is never missed."""
    live = set(range(len(columns)))
    changed = True
    while changed:
        changed = False
        for m in monomials:
            want = goal.get(m, 0)
            positive, negative = set(), set()
            for j in live:
                c = columns[j].get(m, 0)
                if c == 0:
                    continue
                if c.is_positive:
                    positive.add(j)
                elif c.is_negative:
                    negative.add(j)
                else:
                    return False  # a coefficient of unknown sign: nothing is shown
            if want != 0 and not (want.is_positive or want.is_negative):
                return False
            if (want != 0 and want.is_positive and not positive) or (want != 0 and want.is_negative and not negative):
                return True
            if want == 0 and bool(positive) != bool(negative):
                live -= positive | negative
                changed = True
    return False


@lru_cache(maxsize=1024)
def _solved(objective: Any, A: Any, b: Any, A_eq: Any, b_eq: Any) -> tuple[Any, tuple] | None:
    """``simplex`` memoised by its exact (immutable) inputs: sub-goals of one search, and the searches of one file
    with other facts excluded, hand it the same system again."""
    found = simplex(objective, A, b, A_eq, b_eq)
    return None if found is None else (found[0], tuple(found[1]))


def simplex(objective: Any, A: Any, b: Any, A_eq: Any = None, b_eq: Any = None) -> tuple[Any, list] | None:
    """min objective·x over x ≥ 0 with A·x ≤ b and A_eq·x = b_eq (exact rationals), or None when there is no such x:
    sympy's simplex (Bland's rule), always handed a problem whose origin is feasible, since its own first phase
    cycles on degenerate systems (sympy 1.14 pivoted forever on the products of four premises).  The rows the
    origin violates (a negative bound, the equalities) get artificial variables (surplus ones for the
    inequalities); their sum is minimised first, a problem that starts feasible; the objective is then minimised
    with the artificial sum weighted heavily (big M), the first solution kept if that leaves the artificials
    nonzero."""
    from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, linprog

    n = A.cols
    rows = [(A[i, :], b[i], False) for i in range(A.rows)]
    rows += [(A_eq[i, :], b_eq[i], True) for i in range(A_eq.rows)] if A_eq is not None else []
    surplus = sum(1 for _, r, eq in rows if not eq and r < 0)
    plain, artificial, k = [], [], 0
    for a, r, eq in rows:
        if not eq and r >= 0:
            plain.append((a.row_join(sp.zeros(1, surplus)), r))
            continue
        if not eq:
            row, k = (-a).row_join(-sp.eye(surplus)[k, :]), k + 1  # a·x ≤ r < 0 as −a·x − s = −r, s ≥ 0
        else:
            row = (a if r >= 0 else -a).row_join(sp.zeros(1, surplus))
        artificial.append((row, abs(r)))  # the artificial variable is |r| − row·z ≥ 0, this row's own slack
    M = sp.Matrix.vstack(*[row for row, _ in plain + artificial])
    bound = sp.Matrix([r for _, r in plain + artificial])
    cost = sp.Matrix(objective).T.row_join(sp.zeros(1, surplus))
    excess = -sum((row for row, _ in artificial), sp.zeros(1, n + surplus))  # Σ artificial = Σ|r| + excess·z
    total = sum((r for _, r in artificial), sp.Integer(0))

    def solve(c: Any) -> list | None:
        try:
            return list(linprog(c, M, bound)[1])
        except (InfeasibleLPError, UnboundedLPError, ValueError, TypeError, NotImplementedError):
            return None

    z = solve(excess) if artificial else [sp.Integer(0)] * (n + surplus)
    if z is None or total + (excess * sp.Matrix(z))[0] != 0:
        return None
    if artificial and any(cost):
        scale = 1 + 1000 * sum(abs(c) for c in cost) * (1 + sum(abs(r) for r in bound))
        better = solve(cost + scale * excess)
        if better is not None and total + (excess * sp.Matrix(better))[0] == 0:
            z = better
    elif any(cost):
        z = solve(cost)
        if z is None:
            return None
    return (cost * sp.Matrix(z))[0], z[:n]


def _sign(prover: Any, m: Any) -> Proof | None:
    """0 < m, else 0 ≤ m, by positivity through the facts (or None)."""
    return prover.nonneg(m, True, 1) or prover.nonneg(m, False, 1)


def _abs_products(prover: Any, columns: list, expanded: list, back: dict) -> list[tuple[tuple, Any]]:
    """Each fact about an absolute value |x| times |x| ≥ 0, when the goal holds x² (nlinarith's product of a
    hypothesis with a sign fact): |x| < 1 gives |x| − x² > 0, so that x² < 1 follows."""
    squares = {n.args[0] for n in expanded[0].atoms(sp.Pow) if n.args[1] == 2}
    out = []
    for column, x in list(zip(columns, expanded[1:])):
        hyp, t, diff, _ = column
        if t != 1 or hyp.kind not in ("premise", "chain"):
            continue
        for n in sorted(diff.atoms(sp.Abs), key=sp.default_sort_key)[:2]:
            if arith.opaque(n.args[0], prover._atoms)[0] not in squares:
                continue
            sign = prover.nonneg(n, False, 0)
            if sign is not None:
                out.append(((hyp, n, n * diff, sign), sp.expand(arith.opaque(n * diff, prover._atoms)[0])))
    return out


MAX_PAIRED = 5


def _pair_products(prover: Any, columns: list, expanded: list, back: dict) -> list[tuple[tuple, Any]]:
    """nlinarith's products (a Positivstellensatz certificate of degree 2): each ground fact l ≤ r times the slack
    r' − l' of another (or of itself) or of a side of an absolute value (|w| − w ≥ 0, |w| + w ≥ 0), its denominators
    cleared by their square, and times each factor of the facts' terms shown ≥ 0 (‖h‖², β): (s − α)(β − s)d² ≥ 0
    from α ≤ s ≤ β, w(z − μ) ≤ |w|r from |z − μ| ≤ r.  Each multiplier's sign is a proof the kernel
    checks (the slack's by a one-line linear certificate, a product's by ``mul_nonneg``)."""
    plain = [(c, x) for c, x in zip(columns, expanded[1:]) if c[1] == 1 and c[3] is None
             and c[0].kind in ("premise", "chain", "case") and c[0].rel in ("<", "<=")]
    near = set(expanded[0].free_symbols)  # the goal's atoms, then those of the facts about them, and so on
    for _ in range(3):
        near |= set().union(*(x.free_symbols for _, x in plain if x.free_symbols & near))
    sides = [(c, x) for c, x in zip(columns, expanded[1:]) if c[0].rule == "le_abs_self" and x.free_symbols & near]
    plain.sort(key=lambda column: column[0][0].kind != "case")  # a case branch's assumptions first
    base = [(c, x) for c, x in plain if x.free_symbols & near][:MAX_PAIRED] + sides[:4]
    slacks = []
    for (hyp, _, diff, _), _ in base:  # a fact's slack, or one side of |x| (|x| ∓ x ≥ 0): w·d ≤ |w||d|
        rewrites = tuple(dict.fromkeys(r for side in (hyp.lhs, hyp.rhs) for r in prover.canon(side)[1]))
        slacks.append((diff, Proof("linarith", "linarith", sp.Integer(0), hyp.rel, diff, (hyp,),
                                   (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1))), rewrites)))
    factors = {f for _, x in base for m in x.as_coefficients_dict() for f in sp.Mul.make_args(m) if f.free_symbols}
    for f in sorted(factors, key=sp.default_sort_key):
        if len(slacks) >= 2 * MAX_PAIRED:
            break
        sign = prover.nonneg(f.xreplace(back), False, 0)
        if sign is not None:
            slacks.append((f.xreplace(back), sign))
    out = []
    for i, ((hyp, _, diff, _), x) in enumerate(base):
        for j, (t, sign) in enumerate(slacks):
            if j < i:
                continue
            for m, sign_m in ((t, sign), *_cleared(prover, t, diff, sign, back)):
                try:
                    column = arith.opaque(m * diff, prover._atoms)[0]
                    column = sp.expand(column if m is t else sp.cancel(column))  # a cleared product as a polynomial
                except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
                    continue
                out.append(((hyp, m, m * diff, sign_m), column))
    return out[:max(0, min(24, 40 - len(columns)))]  # sympy's simplex stays small


def _lemma_bounds(prover: Any, goal: Any) -> list[tuple[Proof, Any, Any, None]]:
    """Bounds of the goal's opaque atoms and functions of one variable by one library lemma each or by their range, instantiated at the atom with the file's facts
    for its hypotheses, the other side scalar and free of the atom (uᵀv ≤ ‖u‖‖v‖, which the premises make 1):
    linarith's hypotheses derived by a lemma, as columns with their proofs (computed once per atom and facts)."""
    back = {v: k for k, v in prover._atoms.items()}
    out: list = []
    functions = [f for f in goal.atoms(sp.Function) if len(f.free_symbols) == 1 and not f.free_symbols & set(back)]
    for term in [back[atom] for atom in sorted(goal.free_symbols & set(back), key=str)[:4]] + sorted(functions, key=str)[:4]:
        key = ("lemma bounds", term, len(prover.facts), prover.excluded, prover.required)
        if key not in prover._fact_columns:
            prover._fact_columns[key] = _bounds_of(prover, term)
        out += prover._fact_columns[key]
    return out


def _range(prover: Any, term: Any) -> list[tuple[Proof, Any, Any, None]]:
    """The range of a function of one real variable by sympy's calculus (−1 < tanh(w) < 1, strict where the bound
    is not attained), as linarith columns: the kernel's ``sup_by_calculus`` re-decides each bound."""
    if not isinstance(term, sp.Function) or len(term.free_symbols) != 1:
        return []
    (z,) = term.free_symbols
    out: list = []
    for sign in (1, -1):
        top = arith.supremum(sign * term, z)
        if top is None or top.has(sp.oo, -sp.oo, sp.zoo, sp.nan) or top.free_symbols:
            continue
        lo, hi = (term, top) if sign == 1 else (-top, term)
        for rel in ("<", "<="):  # strict when the bound is not attained (−1 < tanh(w))
            if prover.calculus(lo, hi, rel == "<"):
                out.append((Proof("calculus", "sup_by_calculus", lo, rel, hi), sp.Integer(1), hi - lo, None))
                break
    return out


def _bounds_of(prover: Any, term: Any) -> list[tuple[Proof, Any, Any, None]]:
    """At most two bounds of the term (an upper, a lower) by lemmas or by its range, as linarith columns; a side no
    lemma bounds comes from a lemma's bound B of |term| with −|term| ≤ term ≤ |term| (−‖u‖‖v‖ ≤ uᵀv by
    Cauchy–Schwarz)."""
    out: list = _range(prover, term)
    if out:
        return out
    for side in (0, 1):
        found = _lemma_bound(prover, term, side)
        if found is None and not isinstance(term, sp.Abs) and not term.is_nonnegative:
            found = _lemma_bound(prover, sp.Abs(term, evaluate=False), 0)  # not evaluated: sympy's sign rules
            # would rebuild a matrix product inside the term with its scalars (a norm of W(x + r))
            if found is not None:
                n = found[0].lhs
                side_of_abs = Proof("gcongr", "le_abs_self", term, "<=", n) if side == 0 else Proof("gcongr", "le_abs_self", -n, "<=", term)
                out.append((side_of_abs, sp.Integer(1), side_of_abs.rhs - side_of_abs.lhs, None))
        if found is not None:
            out.append(found)
    return out


def _lemma_bound(prover: Any, term: Any, side: int) -> tuple[Proof, Any, Any, None] | None:
    """term ≤ B (side 0) or B ≤ term (side 1) by one library lemma whose other side B is a scalar free of the term,
    the file's equalities rewritten inside B (‖u‖‖v‖ = 1), as a linarith column."""
    canonical, _ = prover.canon(term)
    rules = rewrite_rules(prover)
    table = {l: r for l, r, _ in rules}
    for fact in prover.candidates(side, canonical):
        if fact.kind != "lemma" or fact.rel != "<=":
            continue
        pattern, other = (fact.lhs, fact.rhs) if side == 0 else (fact.rhs, fact.lhs)
        for binding in match(pattern, canonical, fact.kinds):
            step = prover._through(fact, binding, canonical, other, 1)
            if step is None:
                continue
            node, mid = step
            if isinstance(mid, MatrixExpr) or not isinstance(mid, sp.Expr) or mid.has(term, canonical):
                continue
            used: set = set()  # the file's equalities inside the bound (‖u‖‖v‖ = 1 from ‖u‖ = ‖v‖ = 1)
            written = _rewritten(mid, table, used) if rules else None
            rewrites = tuple(p for l, _, p in rules if l in used)
            if written is not None and rewrites:
                node, mid = Proof("conv", "rewriting", node.lhs, node.rel, written if side == 0 else node.rhs, (node,), rewrites=rewrites) \
                    if side == 0 else Proof("conv", "rewriting", written, node.rel, node.rhs, (node,), rewrites=rewrites), written
            lo, hi = (term, mid) if side == 0 else (mid, term)
            return (prover._conv(lo, "<=", hi, node), sp.Integer(1), hi - lo, None)
    return None


def _cleared(prover: Any, t: Any, diff: Any, sign: Proof, back: dict) -> list[tuple[Any, Proof]]:
    """The multiplier t times the square of the denominator of t·diff (d² ≥ 0 whatever d's sign; d itself when it is
    shown ≥ 0), with the proof of its sign: the product as a polynomial (none when t·diff has no denominator)."""
    q = sp.fraction(sp.together(arith.opaque(t * diff, prover._atoms)[0]))[1].xreplace(back)
    if q == 1:
        return []
    square = q if prover.nonneg(q, False, 0) is not None else sp.Pow(q, 2)
    clear = prover.nonneg(square, False, 0)
    m = evaluated(sp.Mul(t, square))
    if clear is None or evaluated(sp.Mul(sign.rhs, clear.rhs)) != m:
        return []
    return [(m, Proof("gcongr", "mul_nonneg", sp.Integer(0), "<=", m, (sign, clear)))]


def _sides_of_abs(difference: Any) -> list[tuple[Proof, Any, Any, None]]:
    """x ≤ |x| and −|x| ≤ x for every absolute value in a difference (as columns)."""
    out = []
    for n in sorted(difference.atoms(sp.Abs), key=sp.default_sort_key)[:4]:
        x = n.args[0]
        out.append((Proof("gcongr", "le_abs_self", x, "<=", n), sp.Integer(1), n - x, None))
        out.append((Proof("gcongr", "le_abs_self", -n, "<=", x), sp.Integer(1), x + n, None))
    return out


def _candidates(goal: Any, back: dict) -> list[tuple[Any, set]]:
    """The factors of the goal's coefficients on its opaque atoms (α in α‖f‖), up to sign, each with the atoms (or
    symbols) whose facts it multiplies; then, for a goal that is a product with a denominator, its factors but one sum (u/(u − ℓ) for u(z − ℓ)/(u − ℓ) ≥ 0
    from ℓ ≤ z), the whole coefficient of one atom when it is a product ((1 − α)‖x‖ in (1 − α)‖W‖‖x‖, for ‖W‖ ≤ 1
    times it) and the reciprocal of a denominator of the goal (‖x‖ ≤ ‖f‖/(1 − L) from (1 − L)‖x‖ ≤ ‖f‖ times
    1/(1 − L))."""
    whole: dict = {}
    try:  # the goal a product: one sum among its factors times all the others (u(z − ℓ)/(u − ℓ) from ℓ ≤ z)
        factored = sp.factor(sp.together(goal))
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
        factored = goal
    factors = [f for f in sp.Mul.make_args(factored) if not f.is_number]
    fraction = any(isinstance(f, sp.Pow) and f.exp.is_negative for f in factors)  # a polynomial's are nlinarith's pairs
    for f in [f for f in factors if isinstance(f, sp.Add)][:2] if len(factors) > 1 and fraction else ():
        whole[sp.Mul(*[g for g in factors if g is not f]).xreplace(back)] = set(f.free_symbols)  # facts about f
    atoms = sorted(goal.free_symbols & set(back), key=str)
    if not atoms:
        return list(whole.items())[:2]
    out: dict = {}
    for atom in atoms:
        try:
            c = sp.factor(goal.coeff(atom))
        except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
            continue
        factors = [f for f in sp.Mul.make_args(c) if not f.is_number]
        if len(factors) > 1:
            m = sp.Mul(*factors).xreplace(back)
            whole[m] = whole.get(m, set()) | {atom}
    for q in sorted(goal.atoms(sp.Pow), key=sp.default_sort_key):
        if q.exp.is_negative and q.exp.is_integer and not q.base.is_number:
            whole[q.xreplace(back)] = set(goal.free_symbols)
    for monomial, c in sp.collect(goal, atoms, evaluate=False).items():
        if c.free_symbols & set(back) or not c.free_symbols:
            continue
        try:
            factors = sp.Mul.make_args(sp.factor(c))
        except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
            continue
        for f in factors:
            if not f.is_number:
                key = f if f in out or -f not in out else -f
                out[key] = out.get(key, set()) | (monomial.free_symbols & set(back))
    return list(out.items())[:3] + list(whole.items())[:3]


def _multipliers(prover: Any, candidates: list) -> tuple[tuple[Any, Proof, set], ...]:
    """Each candidate (or its negation) shown ≥ 0, with its proof and atoms: the terms a fact may be multiplied by."""
    out = []
    for f, atoms in candidates:
        sign = _multiplier_sign(prover, f, 3)
        if sign is not None:
            out.append((sign.rhs, sign, atoms))
    return tuple(out)


def _multiplier_sign(prover: Any, f: Any, depth: int) -> Proof | None:
    """0 ≤ m for a form m of f or of −f whose sign positivity shows factor by factor (its right side is that form:
    the multiplier to use), or None."""
    forms = _signed_forms(f)
    return next((s for s in map(lambda m: prover.nonneg(m, False, depth), forms) if s is not None), None) \
        or next((s for s in map(lambda m: _negative_coefficient_sign(prover, m, depth), forms) if s is not None), None)


def _negative_coefficient_sign(prover: Any, m: Any, depth: int) -> Proof | None:
    """0 ≤ c·g·h… for a negative number c, as 0 ≤ c·g (one factor's sign by linear arithmetic: 0 ≤ −ℓ from ℓ < 0)
    times 0 ≤ h… (the kernel's ``mul_nonneg``)."""
    c, rest = m.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    if not c < 0 or len(factors) < 2:
        return None
    for i, g in enumerate(factors):
        first = prover.nonneg(c * g, False, depth)
        others = prover.nonneg(sp.Mul(*factors[:i], *factors[i + 1:]), False, depth) if first is not None else None
        if others is not None:
            return Proof("gcongr", "mul_nonneg", sp.Integer(0), "<=", sp.Mul(first.rhs, others.rhs), (first, others))
    return None


def _signed_forms(f: Any) -> list[Any]:
    """f written with any of its factors negated, the coefficient making up the sign, then −f likewise ((−ℓ)/(u − ℓ)
    for ℓ/(ℓ − u), (1 − α)‖x‖ for −(α − 1)‖x‖): the forms whose sign positivity may show factor by factor."""
    c, rest = f.as_coeff_Mul()
    factors = [g for g in sp.Mul.make_args(rest)][:4]
    if len(sp.Mul.make_args(rest)) > 4:
        return [f, sp.expand(-f)]

    def negated(g: Any) -> Any:
        if isinstance(g, sp.Pow) and g.exp.is_integer and g.exp.is_odd:
            return sp.Pow(sp.expand(-g.base), g.exp)
        return sp.expand(-g)

    forms: list = []
    for target in (1, -1):  # f, then −f, each factor flipped or not, the coefficient making up the sign
        for mask in range(2 ** len(factors)):
            flips = bin(mask).count("1")
            form = sp.Mul(target * (-1) ** flips * c, *[negated(g) if mask >> i & 1 else g for i, g in enumerate(factors)])
            if form not in forms:
                forms.append(form)
    return forms


def _columns(prover: Any, f: Any) -> list[tuple[tuple[Proof, Any, Any, Proof | None], Any]]:
    """A ground fact's columns for ``linarith`` (its difference, that difference times each positive
    denominator in it, the sides of its absolute values), each with its expanded opaque form; computed once
    per fact and set of facts."""
    diff = f.rhs - f.lhs
    denominators = sorted({x.args[0] for x in sp.preorder_traversal(diff) if isinstance(x, sp.Pow) and x.args[1].is_negative and not x.args[0].is_number}, key=str)
    key = (f.name, f.lhs, f.rel, f.rhs) + ((len(prover.facts), prover.excluded, prover.required) if denominators else ())  # signs depend on the facts
    if key in prover._fact_columns:
        return prover._fact_columns[key]
    out: list = []
    node = prover._fact_node(f, {}, ((), {}))
    if node is not None:
        out.append(((node, sp.Integer(1), diff, None), diff))
        out += [(column, column[2]) for column in _sides_of_abs(diff)]
        for d in denominators:
            sign = prover.nonneg(d, True, 1)
            if sign is not None:
                out.append(((node, d, d * diff, sign), d * diff))
    out = [(column, sp.expand(arith.opaque(x, prover._atoms)[0])) for column, x in out]
    prover._fact_columns[key] = out
    return out

