"""One normal form of non-commutative polynomial expressions over matrices, vectors and scalars (Mathlib's
``noncomm_ring``): a matrix expression is a linear combination of monomials, each an **ordered** tuple of
factors (the atoms of a base, an exponent), with scalar coefficients.

The laws it uses: distributing products over sums, collecting like monomials, scalars commuting with
matrices, B⁰ = I, Bᵖ·B^q = B^{p+q} and B·Bᵖ = Bᵖ·B = B^{p+1} for integers p, q ≥ 0, (cB)ᵏ = cᵏBᵏ for an
integer k ≥ 0, and the transpose pushed to the atoms: (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ, (cA)ᵀ = cAᵀ,
(Bᵏ)ᵀ = (Bᵀ)ᵏ, Aᵀᵀ = A, Iᵀ = I; a literal power (A + B)ᵏ, k ≤ 12, multiplied out (up to 256 products); a
1×1 sub-product inside a longer one (uᵀu, xᵀAy: a row, …, a column) taken out as the scalar it is, which
commutes with everything (u uᵀu uᵀ = ‖u‖²·u uᵀ).  Matrix factors are never reordered.  Everything else (a
norm, an activation applied entrywise, diag, an inverse) is an atom whose arguments are themselves
normalised; an inner product of one monomial is written in one orientation (xᵀAy = yᵀAᵀx), and a norm
takes out the factors common to its argument's monomials, ‖c·M‖ = |c|·‖M‖ (absolute homogeneity, every
norm), with the argument's sign fixed, ‖−M‖ = ‖M‖.

``normal`` rebuilds a term from the form (the kernel compares terms by it); ``collected`` rebuilds a
matrix sum with its common left and right factors taken out (A x − A y as A(x − y)), which the search
uses as a canonical form: both have the normal form of the term they come from.

``bilinear`` writes the inner products of a scalar (and ‖v‖ = √(vᵀv) for a column vector) as linear
combinations of inner products of monomials: the form in which ``=`` between scalars is decided, never a
canonical form (Cauchy–Schwarz needs (u − v)ᵀ(w − z) whole).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops.inner import Inner
from symbound.ops.norm import Norm
from symbound.ops.objects import evaluated

Factor = tuple[tuple[Any, ...], Any]  # (the atoms of the base, in order; the exponent)
Monomials = dict[tuple[Factor, ...], Any]
MAX_LITERAL_POWER = 12
MAX_EXPANDED_TERMS = 256  # a literal power of a sum is multiplied out only up to this many products


def _natural(e: Any) -> bool:
    return isinstance(e, sp.Expr) and e.is_integer is True and e.is_nonnegative is True


def _times(x: Monomials, y: Monomials) -> Monomials:
    out: Monomials = {}
    for kx, cx in x.items():
        for ky, cy in y.items():
            key, s = _scalars_out(_merged(kx + ky))
            out[key] = out.get(key, 0) + cx * cy * s
    return out


def _scalars_out(key: tuple[Factor, ...]) -> tuple[tuple[Factor, ...], Any]:
    """The word with every proper 1×1 sub-word (a row times … times a column: uᵀu, xᵀAy) taken out as the
    scalar it is, which commutes with every factor (u uᵀu uᵀ = (uᵀu)·u uᵀ); the word's other factors keep
    their order.  Returns the word left and the product of the scalars taken out."""
    scalar: Any = sp.Integer(1)
    shapes = [_factor(f).shape for f in key]
    i = 0
    while i < len(key):
        if shapes[i][0] != 1:
            i += 1
            continue
        j = next((j for j in range(i, len(key)) if shapes[j][1] == 1), None)
        sub = _scalar_word(key[i:j + 1]) if j is not None and j > i and (i, j) != (0, len(key) - 1) else None
        if sub is None:
            i += 1
            continue
        scalar *= sub
        key = _merged(key[:i] + key[j + 1:])
        shapes = [_factor(f).shape for f in key]
        i = 0
    return key, scalar


def _plus(x: Monomials, y: Monomials) -> Monomials:
    out = dict(x)
    for k, c in y.items():
        out[k] = out.get(k, 0) + c
    return out


def _atom(e: Any) -> Monomials:
    return {(((e,), sp.Integer(1)),): sp.Integer(1)}


def _merged(factors: tuple[Factor, ...]) -> tuple[Factor, ...]:
    """Adjacent powers of one base joined (both exponents natural numbers), a run of the base's atoms
    next to a power of it absorbed, an atom next to its inverse cancelled; never a reordering."""
    fs = list(factors)
    changed = True
    while changed:
        changed = False
        for i in range(len(fs) - 1):
            (b1, e1), (b2, e2) = fs[i], fs[i + 1]
            if e1 == e2 == 1 and len(b1) == len(b2) == 1 and _inverted(b1[0]) == b2[0]:  # X X⁻¹ = X⁻¹ X = I
                del fs[i:i + 2]
                changed = True
                break
            if b1 == b2 and _natural(e1) and _natural(e2):
                fs[i:i + 2] = [(b1, sp.expand(e1 + e2))]
                changed = True
                break
        if changed:
            continue
        for i, (base, e) in enumerate(fs):
            L = len(base)
            if L < 2 or not _natural(e):
                continue
            run = [((a,), sp.Integer(1)) for a in base]
            if fs[max(i - L, 0):i] == run and i >= L:
                fs[i - L:i + 1] = [(base, sp.expand(e + 1))]
                changed = True
                break
            if fs[i + 1:i + 1 + L] == run:
                fs[i:i + 1 + L] = [(base, sp.expand(e + 1))]
                changed = True
                break
    return tuple(fs)


def _transposed_atom(a: Any) -> Any:
    """Aᵀ of an atom: Aᵀᵀ = A, and (P⁻¹)ᵀ = (Pᵀ)⁻¹ (an inverse's transpose pushed inside it)."""
    if isinstance(a, sp.Inverse):
        return sp.Inverse(normal(sp.Transpose(a.args[0])))
    return a.args[0] if isinstance(a, sp.Transpose) else sp.Transpose(a)


def _transposed(m: Monomials) -> Monomials:
    """(c·F₁⋯F_k)ᵀ = c·F_kᵀ⋯F₁ᵀ, a factor (a₁⋯a_L)ᵖ transposed to (a_Lᵀ⋯a₁ᵀ)ᵖ."""
    out: Monomials = {}
    for key, c in m.items():
        word = tuple((tuple(_transposed_atom(a) for a in reversed(base)), e) for base, e in reversed(key))
        out = _plus(out, {_merged(word): c})
    return out


def monomials(e: Any) -> Monomials:
    """The normal form of a matrix expression (see the module docstring)."""
    e = evaluated(e)
    if isinstance(e, sp.ZeroMatrix):
        return {}
    if isinstance(e, sp.Identity):
        return {(): sp.Integer(1)}
    if isinstance(e, sp.MatAdd):
        out: Monomials = {}
        for a in e.args:
            out = _plus(out, monomials(a))
        return out
    if isinstance(e, sp.MatMul):
        out = {(): sp.Integer(1)}
        factors = [a for a in e.args if isinstance(a, MatrixExpr)]
        if _has_inverse(e):
            factors = _cancelled([f for a in factors for f in _flat(a)])
        for a in [a for a in e.args if not isinstance(a, MatrixExpr)] + factors:
            out = _times(out, monomials(a) if isinstance(a, MatrixExpr) else {(): a})
        return out
    if isinstance(e, sp.Transpose):
        return _transposed(monomials(e.args[0]))
    if isinstance(e, sp.Inverse):
        return _inverse(e.args[0])
    if isinstance(e, sp.MatPow):
        return _power(e)
    if isinstance(e, MatrixExpr):
        return _atom(e)
    raise ValueError("not a matrix expression")


def _inverse(P: Any) -> Monomials:
    """P⁻¹: (c·A₁⋯A_k)⁻¹ = c⁻¹·A_k⁻¹⋯A₁⁻¹ when every Aᵢ is a square atom (a product of square matrices is
    invertible only when each factor is), (A⁻¹)⁻¹ = A; anything else the atom (normal P)⁻¹."""
    inner = monomials(P)
    if len(inner) == 1:
        ((key, c),) = inner.items()
        if all(k == 1 and len(b) == 1 and b[0].shape[0] == b[0].shape[1] for b, k in key):
            return {tuple(((_inverted(b[0]),), sp.Integer(1)) for b, _ in reversed(key)): c ** -1}
    return _atom(sp.Inverse(normal(P)))


def _inverted(a: Any) -> Any:
    return a.args[0] if isinstance(a, sp.Inverse) else sp.Inverse(a)


MAX_CANCEL_SPAN = 8  # how far an inverse looks for the factor it cancels


def _cancelled(factors: list) -> list:
    """The factors of a product with each P⁻¹ cancelled against the factors it meets (the invertibility of P is
    a side condition every term holding P⁻¹ has proved, symbound.kernel.domains): P⁻¹·R = I for a run R of the
    factors next to it whose product has P's normal form, and P⁻¹·G₁⋯G_m·Q = G₁⋯G_m when Q has P's normal
    form and P commutes with every Gᵢ (PG = GP in the normal form; P commutes with G⁻¹ when it commutes
    with G); never a reordering otherwise."""
    fs = list(factors)
    for _ in range(len(fs)):
        hit = next((span for i, f in enumerate(fs) if isinstance(f, sp.Inverse)
                    for span in (_partner(fs, i, 1), _partner(fs, i, -1)) if span is not None), None)
        if hit is None:
            break
        fs = [f for k, f in enumerate(fs) if k not in hit]
    return fs


def _flat(e: Any) -> list:
    """The matrix factors of a product, transposes of products and of inverses pushed inside ((XY)ᵀ = YᵀXᵀ,
    (X⁻¹)ᵀ = (Xᵀ)⁻¹), a scalar factor kept as a 1×… product of its own (c·I is left to the normal form)."""
    if isinstance(e, sp.MatMul):
        scalars = [a for a in e.args if not isinstance(a, MatrixExpr)]
        if scalars:
            return [e]
        return [f for a in e.args for f in _flat(a)]
    if isinstance(e, sp.Transpose):
        inner = e.args[0]
        if isinstance(inner, sp.Inverse):
            return [sp.Inverse(sp.Transpose(inner.args[0]))]
        if isinstance(inner, sp.MatMul) and all(isinstance(a, MatrixExpr) for a in inner.args):
            return [f for a in reversed(inner.args) for f in _flat(sp.Transpose(a))]
    return [e]


def _partner(fs: list, i: int, step: int) -> set[int] | None:
    """The positions the inverse at ``i`` cancels with, looking right (step 1) or left (step −1)."""
    P = normal(fs[i].args[0])
    between: list[int] = []
    j = i + step
    while 0 <= j < len(fs) and abs(j - i) <= MAX_CANCEL_SPAN:
        run = sorted(between + [j])
        if _normal_of([fs[k] for k in run]) == P:
            return {i, *run}
        if normal(fs[j]) == P and all(_commute(P, fs[k]) for k in between):
            return {i, j}
        between.append(j)
        j += step
    return None


def _normal_of(factors: list) -> Any:
    try:
        return normal(sp.MatMul(*factors)) if len(factors) > 1 else normal(factors[0])
    except (ValueError, TypeError, sp.ShapeError):
        return None


def _commute(P: Any, G: Any) -> bool:
    """PG = GP in the normal form (for G = R⁻¹: PR = RP)."""
    R = G.args[0] if isinstance(G, sp.Inverse) else G
    if P.shape != R.shape or P.shape[0] != P.shape[1]:
        return False
    left, right = _normal_of([P, R]), _normal_of([R, P])
    return left is not None and left == right


def _power(e: sp.MatPow) -> Monomials:
    base, k = e.args
    if k == 0:
        return {(): sp.Integer(1)}
    inner = monomials(base)
    if k.is_Integer and 0 < k <= MAX_LITERAL_POWER and len(inner) ** int(k) <= MAX_EXPANDED_TERMS:
        out = {(): sp.Integer(1)}
        for _ in range(int(k)):
            out = _times(out, inner)
        return out
    if len(inner) != 1 or not _natural(k):
        return _atom(e)
    ((key, c),) = inner.items()
    if not key:
        return {(): c ** k}
    if not all(ex == 1 and len(b) == 1 for b, ex in key):
        return _atom(e)
    return {((tuple(b[0] for b, _ in key), k),): c ** k}


def _terms(m: Monomials) -> list[tuple[tuple[Factor, ...], Any]]:
    """The monomials with a nonzero coefficient (coefficients expanded), in a fixed order."""
    out = [(key, sp.expand(c)) for key, c in m.items()]
    return sorted(((k, c) for k, c in out if c != 0), key=lambda kc: sp.default_sort_key(_word(kc[0], 1)))


def _factor(f: Factor) -> Any:
    base, k = f
    b = base[0] if len(base) == 1 else sp.MatMul(*base)
    return b if k == 1 else sp.MatPow(b, k)


def _word(key: tuple[Factor, ...], c: Any, n: int = 1) -> Any:
    factors = [_factor(f) for f in key] or [sp.Identity(n)]
    return sp.MatMul(c, *factors) if c != 1 else (factors[0] if len(factors) == 1 else sp.MatMul(*factors))


def _polynomial(e: Any) -> bool:
    return isinstance(e, (sp.MatAdd, sp.MatMul, sp.MatPow, sp.Transpose))


@lru_cache(maxsize=8192)
def normal(e: Any) -> Any:
    """The term rebuilt from its normal form, every matrix polynomial in it (also inside atoms) normalised;
    two terms with one normal form are equal."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    polynomial = _polynomial(e) and isinstance(e, MatrixExpr)
    # with an inverse, the products inside keep their factors (for cancelling), only their atoms normalised
    args = tuple((_atoms_normal if polynomial and _has_inverse(e) else normal)(a) for a in e.args)
    node = e if args == e.args else _rebuilt(e, args)
    if isinstance(node, Inner):
        return _oriented(node)
    if isinstance(node, Norm):
        return _homogeneous(node)
    if not (_polynomial(node) and isinstance(node, MatrixExpr)):
        return node
    try:
        terms = _terms(monomials(node))
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return node
    if not terms:
        return sp.ZeroMatrix(*node.shape)
    n = node.shape[0]
    return sp.MatAdd(*[_word(k, c, n) for k, c in terms]) if len(terms) > 1 else _word(*terms[0], n)


def _has_inverse(e: Any) -> bool:
    return any(isinstance(n, sp.Inverse) for n in sp.preorder_traversal(e))


def _atoms_normal(e: Any) -> Any:
    """A matrix polynomial with the atoms in it normalised and its own structure kept."""
    if not (_polynomial(e) and isinstance(e, MatrixExpr)):
        return normal(e)
    args = tuple(_atoms_normal(a) for a in e.args)
    return e if args == e.args else _rebuilt(e, args)


def _homogeneous(e: Norm) -> Any:
    """‖c·M‖ = |c|·‖M‖ (absolute homogeneity, every norm) for the factors c common to every monomial of
    the normalised argument, and the argument's sign fixed by its first monomial (‖y − x‖ = ‖x − y‖)."""
    M = e.args[0]
    try:
        terms = _terms(monomials(M))
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return e
    if not terms:
        return e
    common = [f for f in sp.Mul.make_args(terms[0][1]) if not f.is_Number
              and all(f in sp.Mul.make_args(c) for _, c in terms[1:])]
    numbers = [c.as_coeff_Mul()[0] for _, c in terms]
    content = abs(sp.gcd(numbers)) if all(q.is_Rational and q != 0 for q in numbers) else sp.Integer(1)
    scale = sp.Mul(*common) * content * (-1 if terms[0][1].could_extract_minus_sign() else 1)
    if scale == 1:
        return e
    rest = [(k, sp.expand(c / scale)) for k, c in terms]
    n = M.shape[0]
    inner = sp.MatAdd(*[_word(k, c, n) for k, c in rest]) if len(rest) > 1 else _word(*rest[0], n)
    return sp.Abs(scale) * Norm(inner, e.args[1])


def _oriented(e: Inner) -> Any:
    """xᵀy whose product is one monomial c·w, as c times its 1×1 words, each in its one orientation
    (xᵀAy = yᵀAᵀx, uᵀu = ‖u‖₂²); an inner product of sums is kept whole."""
    try:
        terms = _terms(monomials(sp.MatMul(sp.Transpose(e.args[0]), e.args[1])))
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return e
    if len(terms) != 1:
        return e if terms else sp.Integer(0)
    ((key, c),) = terms
    words = [_scalar_word(w) for w in _scalar_words(key)]
    return e if not words or any(w is None for w in words) else c * sp.Mul(*words)


def _rebuilt(e: Any, args: tuple) -> Any:
    try:
        return e.func(*args)
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return e


def pushed(e: Any) -> Any:
    """``e`` with every transpose pushed to the atoms and its products and sums kept as written (for
    cancelling an inverse against the factors it meets): (XY)ᵀ = YᵀXᵀ, (X + Y)ᵀ = Xᵀ + Yᵀ, (cX)ᵀ = cXᵀ,
    (X⁻¹)ᵀ = (Xᵀ)⁻¹, (Xᵏ)ᵀ = (Xᵀ)ᵏ, Xᵀᵀ = X, Iᵀ = I."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, sp.Transpose):
        return _pushed_transpose(e.args[0])
    args = tuple(pushed(a) for a in e.args)
    return e if args == e.args else _rebuilt(e, args)


def _pushed_transpose(m: Any) -> Any:
    """mᵀ with the transpose pushed to the atoms of m."""
    if isinstance(m, sp.Transpose):
        return pushed(m.args[0])
    if isinstance(m, sp.MatMul):
        return sp.MatMul(*[_pushed_transpose(a) if isinstance(a, MatrixExpr) else a for a in reversed(m.args)])
    if isinstance(m, sp.MatAdd):
        return sp.MatAdd(*[_pushed_transpose(a) for a in m.args])
    if isinstance(m, sp.Inverse):
        return sp.Inverse(_pushed_transpose(m.args[0]))
    if isinstance(m, sp.MatPow):
        return sp.MatPow(_pushed_transpose(m.args[0]), m.args[1])
    if isinstance(m, sp.Identity):
        return m
    if isinstance(m, sp.ZeroMatrix):
        return sp.ZeroMatrix(m.shape[1], m.shape[0])
    return sp.Transpose(pushed(m))


def same(x: Any, y: Any) -> bool:
    """Equal as terms, or with one normal form."""
    return x == y or normal(x) == normal(y)


def collected(e: Any) -> Any | None:
    """A matrix sum rebuilt from its normal form with the common left and right factors of its monomials
    taken out (W x − W y → W(x − y), (W + U)x − W x → U x); None when that neither removes a term nor
    takes a factor out (the sum is left as written)."""
    if not isinstance(e, sp.MatAdd):
        return None
    try:
        terms = _terms(monomials(e))
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return None
    if not terms:
        return sp.ZeroMatrix(*e.shape)
    out = _collect(terms, e.shape)
    if len(terms) >= len(e.args) and not isinstance(out, sp.MatMul):
        return None
    return out if out != e else None


def _collect(terms: list, shape: tuple) -> Any:
    if len(terms) == 1:
        return _word(terms[0][0], terms[0][1], shape[0])
    words = [k for k, _ in terms]
    if all(words) and all(w[0] == words[0][0] for w in words):
        left = _factor(words[0][0])
        rest = _collect([(k[1:], c) for k, c in terms], (left.shape[1], shape[1]))
        return sp.MatMul(left, rest)
    if all(words) and all(w[-1] == words[0][-1] for w in words):
        right = _factor(words[0][-1])
        rest = _collect([(k[:-1], c) for k, c in terms], (shape[0], right.shape[0]))
        return sp.MatMul(rest, right)
    return sp.MatAdd(*[_word(k, c, shape[0]) for k, c in terms])


def _inner_of_word(key: tuple[Factor, ...]) -> Any | None:
    """The 1×1 monomial a₁a₂⋯a_k as the inner product ⟨a₁ᵀ, a₂⋯a_k⟩ (None when its first factor is not a
    row atom)."""
    if len(key) < 2 or key[0][1] != 1 or len(key[0][0]) != 1:
        return None
    return Inner(_transposed_atom(key[0][0][0]), _word(key[1:], sp.Integer(1)))


def _scalar_word(key: tuple[Factor, ...]) -> Any | None:
    """A 1×1 monomial as one inner product: of the word and its transpose (equal scalars), the smaller; aᵀa
    for a vector atom a as ‖a‖₂² (its sign known, and one form with the norms elsewhere in the term)."""
    (flipped,) = _transposed({key: sp.Integer(1)})
    if len(key) == 2 and flipped == key and key[1][1] == 1 and len(key[1][0]) == 1:
        return Norm(key[1][0][0], "2") ** 2
    forms = [f for f in (_inner_of_word(key), _inner_of_word(flipped)) if f is not None]
    return min(forms, key=sp.default_sort_key) if forms else None


def _expanded_inner(x: MatrixExpr, y: MatrixExpr) -> Any | None:
    """xᵀy as a linear combination of inner products of monomials, or None."""
    try:
        terms = _terms(monomials(sp.MatMul(sp.Transpose(x), y)))
    except (ValueError, TypeError, AttributeError, sp.ShapeError):
        return None
    out = []
    for key, c in terms:
        words = [_scalar_word(w) for w in _scalar_words(key)]
        if not words or any(w is None for w in words):
            return None
        out.append(c * sp.Mul(*words))
    return sp.Add(*out)


def _scalar_words(key: tuple[Factor, ...]) -> list[tuple[Factor, ...]]:
    """A 1×1 monomial cut after each column vector: a product of 1×1 monomials (vᵀv vᵀG = (vᵀv)(vᵀG))."""
    out, start = [], 0
    for i, f in enumerate(key):
        if _factor(f).shape[1] == 1:
            out.append(key[start:i + 1])
            start = i + 1
    return out if start == len(key) else []


def _bilinear_node(e: Any) -> Any:
    if isinstance(e, Inner):
        out = _expanded_inner(*e.args)
        return e if out is None else out
    out = _expanded_inner(e.matrix, e.matrix)
    return e if out is None else sp.sqrt(out)


def _euclidean(e: Any) -> bool:
    """‖v‖ for a column vector v that is not an atom (its 2- or Frobenius norm: the Euclidean one)."""
    return (isinstance(e, Norm) and e.kind in ("2", "fro") and e.matrix.shape[1] == 1
            and isinstance(e.matrix, (sp.MatAdd, sp.MatMul, sp.Transpose, sp.MatPow)))


@lru_cache(maxsize=4096)
def bilinear(e: Any) -> Any:
    """``e`` with every inner product and every Euclidean norm of a compound vector (‖v‖ = √(vᵀv)) expanded
    bilinearly into inner products of monomials, each in one orientation (xᵀAy = (Aᵀx)ᵀy, aᵀa = ‖a‖² for an
    atom a): a normal form of scalars for deciding ``=`` only, since it takes inner products apart that
    Cauchy–Schwarz needs whole."""
    if not isinstance(e, sp.Basic):
        return e
    return e.replace(lambda n: isinstance(n, Inner) or _euclidean(n), _bilinear_node)
