"""What the operators share: the base class of nonnegative scalar functions of matrices, the LaTeX of
a declared name, shape text for messages, and exact evaluation helpers (singular values, maxima)."""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any, Callable

import sympy as sp
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr
from sympy.printing.precedence import PRECEDENCE, precedence, precedence_traditional

from symbound.ops.registry import of


def name_latex(printer: Any, name: str) -> str:
    """The LaTeX of a declared name: the file's ``latex:`` if given, else sympy's rendering of the name."""
    for key, value in printer._settings.get("symbol_names", {}).items():
        if str(key) == name:
            return value
    return printer._print(sp.Symbol(name))


def negated(e: Any) -> Any | None:
    """``e`` without a leading factor −1 (or a negative number), if it has one, else None."""
    if isinstance(e, sp.Number) and e < 0:
        return -e
    if isinstance(e, (sp.Mul, sp.MatMul)) and e.args and isinstance(e.args[0], sp.Number) and e.args[0] < 0:
        head = -e.args[0]
        rest = list(e.args[1:])
        if head != 1:
            rest.insert(0, head)
        if len(rest) == 1:
            return rest[0]
        return e.func(*rest, evaluate=False) if isinstance(e, sp.Mul) else sp.MatMul(*rest)
    if type(e) is sp.Mul and e.args and type(e.args[0]) is sp.Mul:  # as written: (−ε·x)/D is −(ε·x/D)
        head = negated(e.args[0])
        if head is not None:
            rest = ([head] if head != 1 else []) + list(e.args[1:])
            return rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
    if isinstance(e, sp.MatMul) and e.args and isinstance(e.args[0], sp.Mul) and not isinstance(e.args[0], sp.MatMul):
        scalar = negated(e.args[0])  # (−γ)·I is −(γ·I)
        if scalar is not None:
            return sp.MatMul(*([scalar] if scalar != 1 else []), *e.args[1:])
    return None


def binding(e: Any, inline: bool = True) -> int:
    """How tightly the printed form of ``e`` holds together, on sympy's precedence scale: an operand that
    binds less tightly than its place asks for is bracketed.  The one rule every printer brackets by:
    an operator's declared ``precedence`` (∏, whose body runs to the end of its product), a leading
    minus (−x, −x·W: a sum's level), an inline reciprocal 1/x (a product's; ``inline=False``: LaTeX,
    where \\frac is a block), else sympy's."""
    op = of(e)
    if op is not None and op.precedence is not None:
        return op.precedence
    if negated(e) is not None or isinstance(e, (sp.Mul, sp.MatMul)) and e.could_extract_minus_sign():
        return PRECEDENCE["Add"]
    if not inline:
        return precedence_traditional(e)
    if isinstance(e, sp.Pow) and e.args[1] == -1:
        return PRECEDENCE["Mul"]
    return precedence(e)


def slashed(e: Any) -> bool:
    """Whether ``e`` prints with a slash (3/4, 1/x, λ₁/γ): a factor beside a matrix is bracketed, (3/4) W."""
    if isinstance(e, sp.Rational):
        return not e.is_Integer
    if isinstance(e, sp.Pow):
        return e.args[1] == -1
    return isinstance(e, sp.Mul) and any(isinstance(f, sp.Pow) and f.args[1].is_Number and f.args[1] < 0 or isinstance(f, sp.Rational) and not f.is_Integer for f in e.args)


def as_str(x: Any) -> Str:
    """A name as a sympy argument."""
    return x if isinstance(x, Str) else Str(str(x))


def shape_text(m: MatrixExpr) -> str:
    """A matrix's shape as messages print it: 3×1."""
    r, c = m.shape
    return f"{r}×{c}"


class RealScalar(sp.Expr):
    """Base for real, finite scalar functions of matrices (a coordinate, an inner product): the facts sympy's
    assumptions read."""

    is_commutative = True

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def _eval_is_complex(self) -> bool:
        return True


class NonnegativeScalar(RealScalar):
    """Base for real, nonnegative, finite scalar functions of matrices (norms, singular values ...).  Built from
    its arguments, the matrix first: ``SigmaMax(A)``."""

    def _eval_is_extended_nonnegative(self) -> bool:
        return True

    @property
    def matrix(self) -> MatrixExpr:
        return self.args[0]


def one_matrix(cls: type, square: bool) -> Callable[[Any, ast.Call, list[ast.expr]], sp.Expr]:
    """The parse function of ``cls(A)`` for one matrix A (square if ``square``)."""

    def parse(tr: Any, node: ast.Call, args: list[ast.expr]) -> sp.Expr:
        A = tr.matrix(args[0])
        if square and A.shape[0] != A.shape[1]:
            raise tr.err(node, f"{node.func.id} needs a square matrix, this one is {shape_text(A)}", "apply it to a square matrix")  # type: ignore[attr-defined]
        return cls(A)

    return parse


def script_call(helper: str) -> Callable[[Any, Any], str]:
    """The numpy form of an operator of one argument that the witness script computes with ``helper``."""
    return lambda e, code: f"{helper}({code(e.args[0])})"


def of_matrix(e: Any, ev: Any, be: Any) -> Any:
    """Evaluate a scalar function of one matrix: ``_exact`` on sympy matrices, ``_numeric`` on numpy."""
    arg = ev(e.args[0])
    return e._exact(arg) if be.exact else e._numeric(be.matrix(arg))


EXACT_SPECTRUM = 64
"""The largest matrix whose eigenvalues are computed exactly: rational entries, at most 64 × 64 (the falsifier's
largest dimension), and a characteristic polynomial whose irreducible factors have degree at most ``EXACT_DEGREE``
(the identity of size 64 has one factor of degree 1; a dense random matrix of size 50 one of degree 50, whose roots
sympy takes minutes to isolate).  Otherwise ``characteristic_roots`` declines at once and the witness checker decides
the part in floating point; entries that are not rational (states computed through tanh) would give a
characteristic polynomial over a ring of transcendental numbers, which costs minutes before sympy gives up."""
EXACT_DEGREE = 12


def characteristic_roots(M: sp.Matrix) -> list[sp.Expr]:
    """The roots of a square matrix's characteristic polynomial, exactly, with multiplicity (entries rational
    beyond 1 × 1); NotImplementedError beyond exact arithmetic (``EXACT_SPECTRUM``)."""
    if M.rows == 1:  # any exact entry: a vector's norm √(vᵀv), a scalar
        return [M[0, 0]]
    if M.rows > EXACT_SPECTRUM or not all(isinstance(x, sp.Rational) for x in M):
        raise NotImplementedError(f"no exact eigenvalues of this {M.rows} × {M.rows} matrix (rational entries, at most {EXACT_SPECTRUM} × {EXACT_SPECTRUM})")
    roots = _rational_spectrum(sp.ImmutableMatrix(M))
    if roots is None:
        raise NotImplementedError(f"no exact eigenvalues of this {M.rows} × {M.rows} matrix (an irreducible factor of degree above {EXACT_DEGREE})")
    return list(roots)


@lru_cache(maxsize=512)
def _rational_spectrum(M: sp.ImmutableMatrix) -> tuple[sp.Expr, ...] | None:
    """The characteristic roots of a rational matrix with multiplicity, None when a factor's degree exceeds
    ``EXACT_DEGREE``; memoised by the exact matrix (a witness re-checked with one value changed, and the norms of
    ‖A‖ and ‖Aᵀ‖ of one candidate, meet the same matrices again)."""
    _, factors = M.charpoly().factor_list()
    if any(f.degree() > EXACT_DEGREE for f, _ in factors):
        return None
    return tuple(r for f, multiplicity in factors for r in f.all_roots() for _ in range(multiplicity))


def singular_values_exact(A: sp.Matrix) -> list[sp.Expr]:
    """Exact singular values of a small matrix, largest first (min(n, m) of them); NotImplementedError, before any
    arithmetic, for a matrix whose Gram matrix cannot be rational: an entry that is not a radical over the rationals
    (tanh(1/3): AᵀA over such entries costs minutes of sympy's symbolic sums, then ``characteristic_roots`` declines)."""
    if min(A.rows, A.cols) > 1 and not all(_radical(x) for x in A):
        raise NotImplementedError(f"no exact singular values of this {A.rows} × {A.cols} matrix (an entry is not a radical over the rationals)")
    G = A.T * A if A.cols <= A.rows else A * A.T
    roots = characteristic_roots(G)  # real and nonnegative: G is positive semidefinite
    values = [sp.sqrt(r) if not (r.is_number and r.is_negative) else sp.Integer(0) for r in roots]
    return sorted(values, key=_approx, reverse=True)


def _radical(x: Any) -> bool:
    """Whether an exact number is built from rationals by sums, products and rational powers (√2/2: a rotation's
    entries, whose AᵀA is rational)."""
    return all(isinstance(n, (sp.Rational, sp.Add, sp.Mul)) or (isinstance(n, sp.Pow) and isinstance(n.exp, sp.Rational))
               for n in sp.preorder_traversal(x))


@lru_cache(maxsize=4096)
def _approx(r: sp.Expr) -> float:
    """A float good enough to order exact numbers (15 digits; ties are broken exactly by ``largest``)."""
    return float(sp.re(r.evalf(15)))


def largest(values: Any) -> sp.Expr:
    """The largest of some exact real numbers; near-ties are compared exactly, never by floats alone."""
    ordered = sorted(values, key=_approx, reverse=True)
    best = ordered[0]
    for other in ordered[1:]:
        if abs(_approx(other) - _approx(best)) > 1e-9 * (1 + abs(_approx(best))):
            break
        difference = other - best
        if difference.is_positive:
            best = other
        elif difference.is_nonpositive is not True:
            raise ValueError("cannot order two near-equal exact values")
    return best


def whole(v: Any, of: Any) -> int:
    """A size, a range's end or a matrix power's exponent as an int; KeyError when it has no value (a dimension
    without a value in the instance), ValueError when it is not whole (both in ``objects.UNDEFINED``)."""
    try:
        n = int(v)
    except TypeError:
        raise KeyError(f"no whole-number value for {of}") from None
    if n != v:
        raise ValueError(f"{of} needs a whole number, not {v}")
    return n
