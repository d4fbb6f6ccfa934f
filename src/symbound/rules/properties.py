"""The matrix properties a file may declare (`assume: [orthogonal]` …), each registered once with

- ``exact``: whether an exact (sympy, rational or algebraic) matrix has it — True, False or None
  (undecided); the witness checker decides every declaration through it, so a property registered
  without an exact check makes every witness that uses it fail;
- ``close``: the same in floating point (the falsifier's filter, with a relative tolerance);
- ``conform``: a nearby float matrix that has it, by construction (the falsifier's sampler);
- ``rational``: a matrix with rational entries of denominators dividing ``q`` (or products of such)
  that has it *exactly* — what the falsifier rounds a witness to, so that rounding cannot break it;
- ``implies``: the properties it entails (orthogonal ⇒ normal), for the predicates' checks;
- ``square``: it is only declared on square matrices;
- ``numpy``: the same check as a numpy expression in ``A`` (and the tolerance ``TOL``), which the witness script
  writes out to check a counterexample's matrices without symbound.

The reader accepts exactly the names registered here, on a matrix or on a sequence of matrices (then every
element W[e] has them).  A file's declarations make one property table (``table``), read only through
``declared``: a matrix's entry under the matrix, a sequence's under ``sequence_key(name)``.  numpy loads only when a float function runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

import sympy as sp

from symbound.ops import SeqElem

TOLERANCE = 1e-9  # relative, for ``close``
MAX_DENOMINATOR = 1000  # what the falsifier reads back exactly from a float (``Fraction.limit_denominator``)


@dataclass(frozen=True)
class MatrixProperty:
    name: str
    description: str
    exact: Callable[[sp.MatrixBase], bool | None] | None
    close: Callable[[Any], bool]
    conform: Callable[[Any, Any], Any]  # (float matrix, numpy generator) -> float matrix with the property
    rational: Callable[[Any, int], Any]  # (float matrix with the property, q) -> float matrix, exactly rational with it
    numpy: str
    implies: frozenset[str] = frozenset()
    square: bool = True


def all_zero(M: sp.MatrixBase) -> bool | None:
    facts = [sp.simplify(x).is_zero for x in M]
    return None if None in facts else all(facts)


def _np() -> Any:
    import numpy as np

    return np


def _scale(A: Any) -> float:
    return max(float(_np().abs(A).max(initial=0.0)), 1.0)


def _small(E: Any, A: Any) -> bool:
    return bool(_np().abs(E).max(initial=0.0) <= TOLERANCE * _scale(A) ** 2)


def _round(A: Any, q: int) -> Any:
    return _np().round(A * q) / q


# ---------------------------------------------------------------- symmetric, normal, diagonal


def _symmetric_part(A: Any, rng: Any = None) -> Any:
    return (A + A.T) / 2


def _normal_conform(A: Any, rng: Any) -> Any:
    if _small(A.T @ A - A @ A.T, A):
        return A
    return (A + A.T) / 2 if rng.random() < 0.5 else (A - A.T) / 2


def _normal_rational(A: Any, q: int) -> Any:
    """A rounded normal matrix: the rounding itself when it stays normal, else its rounded symmetric and
    skew parts' larger one (each exactly normal)."""
    R = _round(A, q)
    if _small(R.T @ R - R @ R.T, R):
        return R
    S, K = _round((A + A.T) / 2, 2 * q), _round((A - A.T) / 2, 2 * q)
    return S if _np().abs(S).sum() >= _np().abs(K).sum() else K


# ---------------------------------------------------------------- orthogonal and semi-orthogonal (Cayley)


def cayley(S: Any) -> Any:
    """(I − S)(I + S)⁻¹ for a skew-symmetric S: orthogonal, and rational when S is."""
    np = _np()
    eye = np.eye(S.shape[0])
    return (eye - S) @ np.linalg.inv(eye + S)


def _cayley_inverse(Q: Any) -> Any | None:
    """The skew-symmetric S with cayley(S) = Q, when I + Q is invertible."""
    np = _np()
    eye = np.eye(Q.shape[0])
    if abs(np.linalg.det(eye + Q)) < 1e-6:
        return None
    S = (eye - Q) @ np.linalg.inv(eye + Q)
    return (S - S.T) / 2


def _signed_permutation(A: Any) -> bool:
    np = _np()
    return bool(np.all(np.isin(A, (-1.0, 0.0, 1.0))) and np.all(np.abs(A).sum(axis=0) == 1) and np.all(np.abs(A).sum(axis=1) == 1))


def _orthogonal_conform(A: Any, rng: Any) -> Any:
    """A's orthogonal factor (QR, signs fixed), or, half of the time, the Cayley transform of its
    skew-symmetric part (rational for rational A) or a signed permutation."""
    np = _np()
    n = A.shape[0]
    choice = int(rng.integers(3))
    if choice == 0:
        return np.eye(n)[rng.permutation(n)] * rng.choice([-1.0, 1.0], size=(n, 1))
    if choice == 1:
        return cayley((A - A.T) / 2)
    Q, R = np.linalg.qr(A if abs(np.linalg.det(A)) > 1e-12 else A + np.eye(n))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def _orthogonal_rational(Q: Any, q: int) -> Any:
    """Q itself when it is a signed permutation; else cayley(S rounded) with S its Cayley preimage (a
    rational orthogonal matrix near Q); for −1 eigenvalues, Q's sign-flipped rows first."""
    np = _np()
    if _signed_permutation(np.round(Q, 12)):
        return np.round(Q)
    flips = np.ones((Q.shape[0], 1))
    S = _cayley_inverse(Q)
    for i in range(Q.shape[0]):
        if S is not None:
            break
        flips[i] = -1.0
        S = _cayley_inverse(Q * flips)
    if S is None:
        return _nearest_signed_permutation(Q)
    for p in sorted({q, 4, 2, 1}, reverse=True):  # the finest S whose Cayley transform has small denominators
        R = _round(S, p)
        exact = sp.Matrix(_np().round(R * 2 * p).astype(int).tolist()) / (2 * p)
        eye = sp.eye(R.shape[0])
        if max(x.q for x in (eye - exact) * (eye + exact).inv()) <= MAX_DENOMINATOR:
            return cayley((R - R.T) / 2) * flips
    return _nearest_signed_permutation(Q)


def _nearest_signed_permutation(Q: Any) -> Any:
    """A signed permutation matrix near Q: its entries of largest modulus taken greedily, one per row and column."""
    np = _np()
    P, free = np.zeros(Q.shape), np.abs(Q).copy()
    for _ in range(Q.shape[0]):
        i, j = np.unravel_index(int(np.argmax(free)), Q.shape)
        P[i, j] = 1.0 if Q[i, j] >= 0 else -1.0
        free[i, :], free[:, j] = -1.0, -1.0
    return P


def _orthonormal(A: Any) -> bool:
    """WᵀW = I: orthonormal columns (a wide W has none)."""
    np = _np()
    n, m = A.shape
    return n >= m and bool(np.abs(A.T @ A - np.eye(m)).max(initial=0.0) <= TOLERANCE * _scale(A) ** 2)


def _orthonormal_exact(M: sp.MatrixBase) -> bool | None:
    n, m = M.shape
    return False if n < m else all_zero(M.T * M - sp.eye(m))


def _crop_orthogonal(make: Callable[[Any], Any], A: Any) -> Any:
    n, m = A.shape
    k = max(n, m)
    big = _np().zeros((k, k))
    big[:n, :m] = A
    return make(big)[:n, :m]


# ---------------------------------------------------------------- positive semidefinite, invertible


def _psd_close(A: Any) -> bool:
    np = _np()
    return bool(np.abs(A - A.T).max(initial=0.0) <= TOLERANCE * _scale(A)
                and np.linalg.eigvalsh((A + A.T) / 2).min(initial=0.0) >= -TOLERANCE * _scale(A))


def _psd_rational(A: Any, q: int) -> Any:
    """The rounded symmetric part, shifted by a rational multiple of I that covers its smallest eigenvalue."""
    np = _np()
    S = _round((A + A.T) / 2, q)
    low = float(np.linalg.eigvalsh(S).min(initial=0.0))
    return S + np.ceil(max(0.0, -low) * q * (1 + 1e-9)) / q * np.eye(S.shape[0]) if low < 0 else S


def _invertible_conform(A: Any, rng: Any) -> Any:
    """A shifted by the first t·I (t = 0, 1, …, n) that leaves it clearly invertible (det(A + tI) has at most n roots)."""
    np = _np()
    for t in range(A.shape[0] + 1):
        B = A + t * np.eye(A.shape[0])
        if abs(np.linalg.det(B)) > 1e-6 * _scale(B) ** A.shape[0]:
            return B
    return B


# ---------------------------------------------------------------- the table


PROPERTIES: dict[str, MatrixProperty] = {p.name: p for p in (
    MatrixProperty("symmetric", "A = Aᵀ", lambda M: all_zero(M - M.T), lambda A: _small(A - A.T, A), _symmetric_part,
                   lambda A, q: _round((A + A.T) / 2, q), "np.allclose(A, A.T, atol=TOL)", frozenset({"normal"})),
    MatrixProperty("normal", "AᵀA = AAᵀ", lambda M: all_zero(M.T * M - M * M.T), lambda A: _small(A.T @ A - A @ A.T, A),
                   _normal_conform, _normal_rational, "np.allclose(A.T @ A, A @ A.T, atol=TOL)"),
    MatrixProperty("orthogonal", "QᵀQ = QQᵀ = I", lambda M: all_zero(M.T * M - sp.eye(M.shape[0])), _orthonormal,
                   _orthogonal_conform, _orthogonal_rational,
                   "A.shape[0] == A.shape[1] and np.allclose(A.T @ A, np.eye(A.shape[1]), atol=TOL)", frozenset({"normal", "invertible", "semi_orthogonal"})),
    MatrixProperty("semi_orthogonal", "WᵀW = I (orthonormal columns)", _orthonormal_exact, _orthonormal,
                   lambda A, rng: _crop_orthogonal(lambda B: _orthogonal_conform(B, rng), A),
                   lambda A, q: _crop_orthogonal(lambda B: _orthogonal_rational(B, q), A) if A.shape[0] != A.shape[1] else _orthogonal_rational(A, q),
                   "A.shape[0] >= A.shape[1] and np.allclose(A.T @ A, np.eye(A.shape[1]), atol=TOL)", square=False),
    MatrixProperty("diagonal", "zero off the diagonal", lambda M: all_zero(M - sp.diag(*M.diagonal())),
                   lambda A: _small(A - _np().diag(_np().diag(A)), A), lambda A, rng: _np().diag(_np().diag(A)),
                   lambda A, q: _np().diag(_np().diag(_round(A, q))), "np.allclose(A, np.diag(np.diag(A)), atol=TOL)",
                   frozenset({"symmetric", "normal"})),
    MatrixProperty("positive_semidefinite", "A = Aᵀ and xᵀAx ≥ 0 for every x",
                   lambda M: (lambda s: s if s is not True else M.is_positive_semidefinite)(all_zero(M - M.T)), _psd_close,
                   lambda A, rng: A @ A.T, _psd_rational,
                   "np.allclose(A, A.T, atol=TOL) and np.linalg.eigvalsh((A + A.T) / 2).min() >= -TOL", frozenset({"symmetric", "normal"})),
    MatrixProperty("invertible", "det A ≠ 0", lambda M: (lambda d: None if d is None else not d)(sp.simplify(M.det()).is_zero),
                   lambda A: abs(float(_np().linalg.det(A))) > TOLERANCE * _scale(A) ** A.shape[0], _invertible_conform,
                   lambda A, q: _invertible_conform(_round(A, q), None), "A.shape[0] == A.shape[1] and abs(np.linalg.det(A)) > TOL"),
)}


def sequence_key(name: str) -> tuple[str, str]:
    """The table's key for the properties a sequence declares of every one of its elements."""
    return ("sequence", name)


def table(declarations: Iterable[Any]) -> dict[Any, frozenset[str]]:
    """The property table of a file's declarations (each with ``name``, ``kind``, ``obj`` and ``properties``)."""
    return {(sequence_key(d.name) if d.kind == "sequence" else d.obj): d.properties for d in declarations if d.properties}


def declared(properties: Mapping[Any, frozenset[str]], A: Any) -> frozenset[str]:
    """The properties declared of ``A``: a matrix's own, or, for a sequence's element W[e] at any index
    expression e, those its sequence declares; nothing for anything else (a product, a sum)."""
    if isinstance(A, SeqElem):
        return properties.get(sequence_key(A.name), frozenset())
    return properties.get(A, frozenset()) if isinstance(A, sp.Basic) else frozenset()


def implied(declared: frozenset[str]) -> frozenset[str]:
    """The declared properties with every property they entail."""
    out = set(declared)
    while True:
        more = {i for p in out if p in PROPERTIES for i in PROPERTIES[p].implies} - out
        if not more:
            return frozenset(out)
        out |= more


def exact_check(name: str, M: sp.MatrixBase) -> bool | None:
    """Whether the exact matrix ``M`` has property ``name``: None (undecided) for a property registered
    without an exact check or not registered at all — never True by default."""
    prop = PROPERTIES.get(name)
    if prop is None or prop.exact is None:
        return None
    if prop.square and M.shape[0] != M.shape[1]:
        return False
    return prop.exact(M)


def conform(A: Any, declared: frozenset[str], rng: Any) -> Any:
    """A float matrix made to have every declared property (each property's sampler, the strongest first)."""
    for name in sorted(declared, key=lambda p: -len(implied(frozenset({p})))):
        prop = PROPERTIES.get(name)
        if prop is not None and not prop.close(A):
            A = prop.conform(A, rng)
    return A


def rational(A: Any, declared: frozenset[str], q: int) -> Any:
    """A rounded to denominators of about ``q``, keeping every declared property exactly where the table knows how."""
    props = [PROPERTIES[p] for p in sorted(declared, key=lambda p: -len(implied(frozenset({p})))) if p in PROPERTIES]
    return props[0].rational(A, q) if props else _round(A, q)


def close(A: Any, declared: frozenset[str]) -> bool:
    """Whether the float matrix ``A`` has every declared property (to a relative tolerance); False for an
    unregistered property."""
    return all(p in PROPERTIES and PROPERTIES[p].close(A) for p in declared)
