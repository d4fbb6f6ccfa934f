"""The congruence step of the search (Lean's ``gcongr``) and positivity: two terms of one shape (a product,
sum, power, product over a range, max) compared part by part, and 0 ≤ e from the structure of e.  A mixin
of symbound.search.prover.Prover: the parts are proved by the prover's ``le`` and ``nonneg``; each
success is a proof term for a rule of the kernel's table GCONGR."""

from __future__ import annotations

from itertools import permutations
from typing import Any, Iterable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import arith
from symbound.kernel.proofs import Proof
from symbound.kernel.terms import free
from symbound.ops.objects import evaluated
from symbound.read.lemmas import congruence_rule
from symbound.search import ranges, tactics


def _pairings(xs: tuple, ys: tuple, combine: Any = sp.Mul) -> Iterable[tuple[tuple, tuple]]:
    """Ways to pair the factors of two products (the terms of two sums, ``combine`` = sp.Add): permutations
    when they have as many, otherwise every grouping of the longer side's into as many as the shorter has."""
    from itertools import product as assignments

    if len(xs) == len(ys):
        for order in permutations(ys):
            yield xs, order
        return
    short, long_, flip = (xs, ys, False) if len(xs) < len(ys) else (ys, xs, True)
    for assign in assignments(range(len(short)), repeat=len(long_)):
        if len(set(assign)) != len(short):
            continue
        groups = tuple(combine(*[f for f, g in zip(long_, assign) if g == k]) for k in range(len(short)))
        yield (groups, short) if flip else (short, groups)



class Congruence:
    """The congruence and positivity moves; mixed into the Prover, whose ``le``, ``canon``, ``attempt`` and
    ``budget`` they use."""

    def nonneg(self, e: Any, strict: bool, depth: int) -> Proof | None:
        """A proof of 0 ≤ e (0 < e when strict)."""
        rel = "<" if strict else "<="
        ce, uses = self.canon(e)
        if not isinstance(ce, MatrixExpr) and arith.decide(ce, "positive" if strict else "nonnegative"):
            return Proof("arithmetic", "positivity", sp.Integer(0), rel, e, rewrites=uses)
        power = evaluated(e)
        if isinstance(power, sp.Pow) and not isinstance(e, MatrixExpr):
            base = self.nonneg(power.args[0], strict, depth)
            exponent = None if strict else self.nonneg(power.args[1], False, depth)
            if base is not None and (strict or exponent is not None):
                return Proof("gcongr", "pow_nonneg", sp.Integer(0), rel, e, (base,) if strict else (base, exponent))
            positive = None if strict else self.nonneg(power.args[0], True, depth)  # 0 < x gives 0 < xᵉ for any e
            if positive is not None:
                return Proof("gcongr", "pow_nonneg", sp.Integer(0), "<", e, (positive,))
        if isinstance(e, sp.Sum):
            return ranges.sum_nonneg(self, e, strict, depth) or self.le(sp.Integer(0), e, strict, max(depth - 1, 0))
        factors = evaluated(e).args if isinstance(evaluated(e), sp.Mul) else ()
        if factors and not isinstance(e, MatrixExpr):
            parts = [self.nonneg(f, strict, depth) for f in factors]
            if all(p is not None for p in parts):
                return Proof("gcongr", "mul_nonneg", sp.Integer(0), rel, e, tuple(parts))
        return self.le(sp.Integer(0), e, strict, max(depth - 1, 0))

    # ------------------------------------------------------------------ congruence
    def gcongr(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
            return None
        p = ranges.le_range_max(self, a, b, strict, depth) or tactics.norm_sum(self, a, b, strict, depth) \
            or tactics.prod_pow(self, a, b, strict, depth) or tactics.quotient(self, a, b, strict, depth)
        if p is not None:
            return p
        if isinstance(a, sp.Mul) and isinstance(b, sp.Pow) and b.args[1].is_Integer and len(a.args) == int(b.args[1]) <= 4:
            # x·y ≤ r² as x·y ≤ r·r
            p = self._gcongr_mul(a, sp.Mul(*[b.args[0]] * int(b.args[1]), evaluate=False), strict, depth)
            if p is not None:
                return p
        if isinstance(a, sp.Mul) != isinstance(b, sp.Mul) and sp.Mul in (type(a), type(b)):
            # c·X against X: compare with unit factors, X = X·1·…·1
            n = max(len(a.args) if isinstance(a, sp.Mul) else 1, len(b.args) if isinstance(b, sp.Mul) else 1)
            a2 = a if isinstance(a, sp.Mul) else sp.Mul(a, *[sp.Integer(1)] * (n - 1), evaluate=False)
            b2 = b if isinstance(b, sp.Mul) else sp.Mul(b, *[sp.Integer(1)] * (n - 1), evaluate=False)
            if len(a2.args) == len(b2.args) and n <= 4:
                return self._gcongr_mul(a2, b2, strict, depth)
            return None
        p = self._powers(evaluated(a), evaluated(b), strict, depth)
        if p is not None:
            return Proof(p.kind, p.rule, a, p.rel, b, p.children, p.binding)
        if isinstance(a, sp.Abs):  # |x| ≤ b from −b ≤ x ≤ b
            x = a.args[0]
            parts = [self.le(x, b, strict, depth), self.le(-b, x, strict, depth)]
            return self._conclude("abs_le", a, b, strict, parts, (x, b))
        if type(a) is not type(b):  # f(x) ≤ c against f(f⁻¹(c)) for a number c
            return tactics.monotone(self, a, b, strict, depth) if a.is_number or b.is_number else None
        # the library's congruence entry for the sides' head (Lean's @[gcongr] lemmas), by its tactic below
        tactic = getattr(self, "_congruence_" + congruence_rule(a, b), None)
        p = tactic(a, b, strict, depth) if tactic is not None else None
        return p or tactics.monotone(self, a, b, strict, depth)

    def _congruence_mul_le_mul(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        return self._gcongr_mul(a, b, strict, depth)

    def _congruence_add_le_add(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        return self._argumentwise("add_le_add", a, b, strict, depth)

    def _congruence_max_le_max(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        return self._argumentwise("max_le_max", a, b, strict, depth)

    def _argumentwise(self, name: str, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        """A sum or a max, compared argument by argument (the arguments of b in every order, up to three; the
        terms of the longer sum grouped, up to four: β + X ≤ (1 − α) + Y from β ≤ 1 − α and X ≤ Y)."""
        if len(a.args) != len(b.args):
            if not isinstance(a, sp.Add) or max(len(a.args), len(b.args)) > 4 or depth < 1:
                return None
            blockers = len(self.attempt.blockers)
            for left, right in _pairings(a.args, b.args, sp.Add):  # one level less deep: groups of groups are not searched
                subs = self._pairwise(left, right, strict, depth - 1)
                if subs is not None:
                    return Proof("gcongr", name, a, "<" if strict else "<=", b, subs)
            del self.attempt.blockers[blockers:]
            return None
        for order in permutations(b.args) if len(b.args) <= 3 else [b.args]:
            subs = self._pairwise(a.args, order, strict, depth, every=isinstance(a, sp.Max))
            if subs is not None:
                return Proof("gcongr", name, a, "<" if strict else "<=", b, subs)
        return None

    def _congruence_pow_le_pow_left(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        # the kernel compares exponents as written: the rule is looked up only for one exponent
        sides = [self.nonneg(a.args[0], False, depth), self.nonneg(a.args[1], strict, depth)]
        base = self.le(a.args[0], b.args[0], strict, depth)
        return self._conclude("pow_le_pow_left", a, b, strict, [base, *sides], (a.args[0], b.args[0]))

    def _product_against_power(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        """``∏_{i=lo}^{hi} f(i) ≤ c^e`` (either side the product) when e = hi − lo + 1 and c is free of i: the power
        is the product of the constant c (prod_const, on a range proved nonempty or empty), compared factor by factor."""
        for prod, power, flip in ((a, b, False), (b, a, True)):
            if not (isinstance(prod, sp.Product) and isinstance(power, sp.Pow) and len(prod.limits) == 1):
                continue
            (i, lo, hi), (c, e) = prod.limits[0], power.args
            if i in free(c) or sp.expand(e - (hi - lo + 1)) != 0:
                continue
            constant = sp.Product(c, (i, lo, hi))
            pair = (power, constant) if flip else (constant, power)
            same = self.le(*pair, False, depth)  # the constant product is the power (prod_const)
            if same is None:
                continue
            bound = self.le(constant, prod, strict, depth) if flip else self.le(prod, constant, strict, depth)
            if bound is None:
                continue
            rel = "<" if strict else "<="
            steps = (same, bound) if flip else (bound, same)
            return Proof("transitivity", "transitivity", a, rel, b, steps)
        return None

    _congruence_sum_le_sum = ranges.sum_le_sum

    def _congruence_prod_le_prod(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        (i, lo, hi), (j, lo2, hi2) = a.args[1], b.args[1]
        if (lo, hi) != (lo2, hi2):
            return None
        fresh = sp.Dummy(str(i), integer=True)
        fa, fb = a.args[0].xreplace({i: fresh}), b.args[0].xreplace({j: fresh})
        if strict:
            return None
        parts = [self.le(fa, fb, False, depth), self.nonneg(fa, False, depth), self.le(lo, hi + 1, False, depth)]
        return self._conclude("prod_le_prod", a, b, strict, parts, (fa, fb), (("index", fresh),))

    def _powers(self, a: Any, b: Any, strict: bool, depth: int) -> Proof | None:
        """Monotonicity in the exponent: qᵉ ≤ 1 and q^{e₁} ≤ q^{e₂} for 0 ≤ q ≤ 1 and e₂ ≤ e₁ (nonnegative
        exponents), and q^{e₁} ≤ q^{e₂} for q ≥ 1 and e₁ ≤ e₂."""
        one = sp.Integer(1)
        if isinstance(a, sp.Pow) and b == 1:
            q, e = a.args
            parts = [self.nonneg(q, False, depth), self.le(q, one, strict, depth), self.nonneg(e, strict, depth)]
            return self._conclude("pow_le_one", a, b, strict, parts, (q, one))
        if not (isinstance(a, sp.Pow) and isinstance(b, sp.Pow) and a.args[0] == b.args[0] and a.args[1] != b.args[1]) or strict:
            return None
        q, e1, e2 = a.args[0], a.args[1], b.args[1]
        below = [self.nonneg(q, False, depth), self.le(q, one, False, depth), self.le(e2, e1, False, depth), self.nonneg(e2, False, depth)]
        if all(x is not None for x in below):
            return Proof("gcongr", "pow_le_pow_of_le_one", a, "<=", b, tuple(below))
        above = [self.le(one, q, False, depth), self.le(e1, e2, False, depth)]
        if all(x is not None for x in above):
            return Proof("gcongr", "pow_le_pow_of_one_le", a, "<=", b, tuple(above))
        return None

    def _conclude(self, name: str, a: Any, b: Any, strict: bool, parts: list, pair: tuple, binding: tuple = ()) -> Proof | None:
        if any(p is None for p in parts):
            if sum(p is None for p in parts) == 1 and parts[0] is None:
                self.attempt.blockers.append((pair[0], "<" if strict else "<=", pair[1]))
            return None
        return Proof("gcongr", name, a, "<" if strict else "<=", b, tuple(parts), binding)

    def _pairwise(self, xs: tuple, ys: tuple, strict: bool, depth: int, every: bool = False) -> tuple[Proof, ...] | None:
        """x_i <= y_i for all i.  Strict: a sum needs one strict pair, a max needs every pair strict (``every``)."""
        for j in (range(len(xs)) if strict and not every else [None]):
            subs = [self.le(x, y, strict and (every or i == j), depth) for i, (x, y) in enumerate(zip(xs, ys))]
            if all(s is not None for s in subs):
                return tuple(subs)
        return None

    def _gcongr_mul(self, a: sp.Mul, b: sp.Mul, strict: bool, depth: int) -> Proof | None:
        """∏x ≤ ∏y from x_i ≤ y_i (factors paired in every way, the longer side grouped), all x_i ≥ 0;
        strict when one pair is strict and the other upper bounds are positive."""
        xs, ys = a.args, b.args
        if max(len(xs), len(ys)) > 5 or not all(self.nonneg(x, False, depth) for x in xs):
            return None
        if depth > 0:
            # every pairing at depth 0 first (each factor an instance of a fact or decided by arithmetic), so
            # that a wrong pairing's failing sub-goals are searched in depth only when no pairing is direct;
            # when none is, the search goes on as if this pass had not happened (same memo, same diagnosis)
            memo, blockers = dict(self._memo), len(self.attempt.blockers)
            p = self._gcongr_mul(a, b, strict, 0)
            if p is not None:
                return p
            self._memo.clear()
            self._memo.update(memo)
            del self.attempt.blockers[blockers:]
        for left, right in _pairings(xs, ys):
            signs = tuple(self.nonneg(x, False, depth) for x in left)
            if any(s is None for s in signs):
                continue
            for j in range(len(left)) if strict else [None]:
                subs = []
                failed = []
                for i, (x, y) in enumerate(zip(left, right)):
                    s = self.le(x, y, strict and i == j, depth)
                    if s is None:
                        failed.append((x, "<" if strict and i == j else "<=", y))
                    subs.append(s)
                positives: tuple = ()
                if strict:
                    positives = tuple(self.nonneg(y, True, depth) for i, y in enumerate(right) if i != j)
                    if any(p is None for p in positives):
                        continue
                if not failed:
                    return Proof("gcongr", "mul_le_mul", a, "<" if strict else "<=", b, tuple(subs) + signs + positives,
                                 (("parts", len(left)),))
                if len(failed) == 1:
                    self.attempt.blockers.append(failed[0])
        return None

    # ------------------------------------------------------------------ diagnosis
