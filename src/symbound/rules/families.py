"""Seedable families of matrix and vector instances for numeric checks.

Random Gaussian matrices almost never hit the cases where an inequality between matrix quantities
is tight or fails (defective, nilpotent, normal, rank-deficient, badly scaled ...).  This module
draws from named *families* that do, so numeric checks (the lemma tests and the falsifier) see both
generic and adversarial instances:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> A = sample(rng, "jordan_block", 3, 3)          # λ on the diagonal, 1 above
    >>> for family, M in instances(seed=1, n_per_family=2, shapes=[(2, 2), (2, 3)]):
    ...     pass

Everything is a function of the ``numpy.random.Generator`` passed in (or the seed), so a given seed
always produces the same instances.  Matrices are float64 arrays of shape ``(n, m)``; vectors are
``(n, 1)`` columns (the shape symbound's ``numeric`` expects for a vector).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

import numpy as np

Matrix = np.ndarray
Sampler = Callable[[np.random.Generator, int, int], Matrix]

# ---------------------------------------------------------------- helpers


def _eigen_like(rng: np.random.Generator) -> float:
    """A scalar from a mix of special values (0, ±1, ±1/2) and a Gaussian."""
    special = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0)
    if rng.random() < 0.5:
        return float(special[rng.integers(len(special))])
    return float(rng.standard_normal())


def random_orthogonal(rng: np.random.Generator, n: int) -> Matrix:
    """A Haar-distributed n×n orthogonal matrix (QR of a Gaussian with the sign fix)."""
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def _crop(M: Matrix, n: int, m: int) -> Matrix:
    """The top-left n×m block of a square matrix of size ≥ max(n, m)."""
    return np.array(M[:n, :m], dtype=float)


def _rotation_blocks(rng: np.random.Generator, k: int, scaled: bool = False) -> Matrix:
    """Block-diagonal k×k: 2×2 rotations [[c, -s], [s, c]] (times a radius if ``scaled``), ±1 last if k is odd."""
    M = np.zeros((k, k))
    for j in range(0, k - 1, 2):
        t = rng.uniform(0, 2 * np.pi)
        r = abs(_eigen_like(rng)) if scaled else 1.0
        M[j:j + 2, j:j + 2] = r * np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    if k % 2:
        M[-1, -1] = _eigen_like(rng) if scaled else float(rng.choice([-1.0, 1.0]))
    return M


# ---------------------------------------------------------------- the families


def _gaussian(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return rng.standard_normal((n, m))


def _uniform(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return rng.uniform(-1.0, 1.0, (n, m))


def _rank_one(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return rng.standard_normal((n, 1)) @ rng.standard_normal((1, m))


def _rank_deficient(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Rank r < min(n, m) (rank 0, the zero matrix, when min(n, m) = 1)."""
    r = int(rng.integers(0, min(n, m)))
    return rng.standard_normal((n, r)) @ rng.standard_normal((r, m))


def _nilpotent(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Strictly upper triangular (nilpotent when square); sometimes the shift matrix itself."""
    if rng.random() < 0.3:
        return np.eye(n, m, k=1)
    return np.triu(rng.standard_normal((n, m)), k=1)


def _nilpotent_dense(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """S·N·S⁻¹ with N the shift and S a small unimodular integer matrix: nilpotent, not triangular, integral
    (e.g. [[-1, 1], [-1, 1]]): ρ = 0 while every norm is large. Cropped when rectangular."""
    k = max(n, m)
    S = np.eye(k)
    for _ in range(k + 1):  # a few elementary row operations keep det S = 1 and S⁻¹ integral
        i, j = rng.choice(k, size=2, replace=False) if k > 1 else (0, 0)
        if i != j:
            E = np.eye(k)
            E[i, j] = float(rng.choice([-1.0, 1.0]))
            S = E @ S
    A = S @ np.eye(k, k, k=1) @ np.round(np.linalg.inv(S))
    return _crop(A, n, m)


def _jordan_block(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """λ on the diagonal and 1 just above it (cropped to n×m when rectangular)."""
    lam = _eigen_like(rng)
    k = max(n, m)
    return _crop(lam * np.eye(k) + np.eye(k, k=1), n, m)


def _upper_triangular(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return np.triu(rng.standard_normal((n, m)))


def _rotation(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Block rotations (a 2×2 rotation when n = m = 2), cropped when rectangular."""
    return _crop(_rotation_blocks(rng, max(n, m)), n, m)


def _diagonal(rng: np.random.Generator, n: int, m: int) -> Matrix:
    d = [_eigen_like(rng) for _ in range(min(n, m))]
    M = np.zeros((n, m))
    M[range(len(d)), range(len(d))] = d
    return M


def _symmetric(rng: np.random.Generator, n: int, m: int) -> Matrix:
    G = rng.standard_normal((n, n))
    return (G + G.T) / 2


def _skew_symmetric(rng: np.random.Generator, n: int, m: int) -> Matrix:
    G = rng.standard_normal((n, n))
    return (G - G.T) / 2


def _orthogonal(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Orthogonal when square; orthonormal columns (n > m) or rows (n < m) when rectangular."""
    return _crop(random_orthogonal(rng, max(n, m)), n, m)


def _normal(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """A general real normal matrix Q·blockdiag(r·rotation, λ)·Qᵀ (complex eigenvalues included)."""
    Q = random_orthogonal(rng, n)
    return Q @ _rotation_blocks(rng, n, scaled=True) @ Q.T


def _scaled_identity(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return _eigen_like(rng) * np.eye(n, m)


def _constant(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Every entry the same (±1): the largest norm for its largest entry (‖J‖₂ = √(nm)·max|Jᵢⱼ|)."""
    return np.full((n, m), float(rng.choice((-1.0, 1.0))))


def _near_singular(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """U·diag(s)·Vᵀ with the smallest singular value 1e-12 … 1e-6 times the largest."""
    k = min(n, m)
    s = np.sort(rng.uniform(0.5, 2.0, k))[::-1]
    s[-1] = s[0] * 10.0 ** rng.uniform(-12, -6)
    U = random_orthogonal(rng, n)[:, :k]
    V = random_orthogonal(rng, m)[:, :k]
    return (U * s) @ V.T


def _huge_entries(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return rng.standard_normal((n, m)) * 10.0 ** rng.uniform(6, 12)


def _tiny_entries(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return rng.standard_normal((n, m)) * 10.0 ** -rng.uniform(6, 12)


def _integer_small(rng: np.random.Generator, n: int, m: int) -> Matrix:
    """Entries in {-2, …, 2}: exactly representable, so results can be certified with sympy."""
    return rng.integers(-2, 3, (n, m)).astype(float)


def _zero(rng: np.random.Generator, n: int, m: int) -> Matrix:
    return np.zeros((n, m))


_SAMPLERS: dict[str, Sampler] = {
    "gaussian": _gaussian,
    "uniform": _uniform,
    "rank_one": _rank_one,
    "rank_deficient": _rank_deficient,
    "nilpotent": _nilpotent,
    "nilpotent_dense": _nilpotent_dense,
    "jordan_block": _jordan_block,
    "upper_triangular": _upper_triangular,
    "rotation": _rotation,
    "diagonal": _diagonal,
    "symmetric": _symmetric,
    "skew_symmetric": _skew_symmetric,
    "orthogonal": _orthogonal,
    "normal": _normal,
    "scaled_identity": _scaled_identity,
    "near_singular": _near_singular,
    "huge_entries": _huge_entries,
    "tiny_entries": _tiny_entries,
    "integer_small": _integer_small,
    "zero": _zero,
    "constant": _constant,
}

FAMILIES: tuple[str, ...] = tuple(_SAMPLERS)
"""Every matrix family, in a fixed order."""

SQUARE_ONLY: frozenset[str] = frozenset({"symmetric", "skew_symmetric", "normal"})
"""Families only defined for square shapes (the others have rectangular variants)."""

NORMAL_FAMILIES: tuple[str, ...] = ("symmetric", "skew_symmetric", "orthogonal", "rotation", "normal",
                                    "diagonal", "scaled_identity", "zero")
"""Families whose square members are normal matrices (AᵀA = AAᵀ)."""

EXACT_FAMILIES: frozenset[str] = frozenset({"integer_small", "zero", "nilpotent", "nilpotent_dense", "diagonal", "scaled_identity", "constant"})
"""Families that at least sometimes give exactly representable small entries (see ``is_integral``)."""


def supports(family: str, n: int, m: int) -> bool:
    """Whether ``family`` has an n×m member (square-only families need n = m)."""
    if family not in _SAMPLERS:
        raise KeyError(f"unknown matrix family {family!r}; known: {', '.join(FAMILIES)}")
    return n == m or family not in SQUARE_ONLY


def sample(rng: np.random.Generator, family: str, n: int, m: int | None = None) -> Matrix:
    """One n×m float matrix from ``family`` (m defaults to n).

    Raises ``KeyError`` for an unknown family and ``ValueError`` when the family has no n×m member.
    """
    m = n if m is None else m
    if n < 1 or m < 1:
        raise ValueError(f"shape must be positive, got {n}×{m}")
    if not supports(family, n, m):
        raise ValueError(f"family {family!r} has only square members, not {n}×{m}")
    M = np.asarray(_SAMPLERS[family](rng, n, m), dtype=float)
    assert M.shape == (n, m)
    return M


def instances(seed: int, n_per_family: int, shapes: Iterable[tuple[int, int]],
              families: Iterable[str] = FAMILIES) -> Iterator[tuple[str, Matrix]]:
    """(family, matrix) pairs: ``n_per_family`` of each family for each supported shape, deterministically."""
    rng = np.random.default_rng(seed)
    shapes = list(shapes)
    for family in families:
        for n, m in shapes:
            if not supports(family, n, m):
                continue
            for _ in range(n_per_family):
                yield family, sample(rng, family, n, m)


def is_normal(A: Matrix, rtol: float = 1e-9) -> bool:
    """Whether a square A satisfies AᵀA = AAᵀ up to a relative tolerance."""
    A = np.asarray(A, dtype=float)
    if A.shape[0] != A.shape[1]:
        return False
    scale = max(float(np.abs(A).max(initial=0.0)) ** 2, 1e-300)
    return bool(np.abs(A.T @ A - A @ A.T).max(initial=0.0) <= rtol * scale)


def is_integral(A: Matrix) -> bool:
    """Whether every entry is a small integer (so exact evaluation with sympy is cheap and faithful)."""
    A = np.asarray(A, dtype=float)
    return bool(np.all(A == np.round(A)) and np.abs(A).max(initial=0.0) <= 1000)


# ---------------------------------------------------------------- vectors

_VECTOR_SAMPLERS: dict[str, Callable[[np.random.Generator, int], Matrix]] = {
    "gaussian": lambda rng, n: rng.standard_normal((n, 1)),
    "uniform": lambda rng, n: rng.uniform(-1.0, 1.0, (n, 1)),
    "one_hot": lambda rng, n: np.eye(n)[:, [int(rng.integers(n))]] * _eigen_like(rng),
    "constant": lambda rng, n: np.full((n, 1), _eigen_like(rng)),
    "alternating": lambda rng, n: np.array([[(-1.0) ** k] for k in range(n)]) * abs(_eigen_like(rng)),
    "huge_entries": lambda rng, n: rng.standard_normal((n, 1)) * 10.0 ** rng.uniform(6, 12),
    "tiny_entries": lambda rng, n: rng.standard_normal((n, 1)) * 10.0 ** -rng.uniform(6, 12),
    "integer_small": lambda rng, n: rng.integers(-2, 3, (n, 1)).astype(float),
    "zero": lambda rng, n: np.zeros((n, 1)),
}

VECTOR_FAMILIES: tuple[str, ...] = tuple(_VECTOR_SAMPLERS)
"""Every vector family, in a fixed order."""


def sample_vector(rng: np.random.Generator, family: str, n: int) -> Matrix:
    """One n×1 column vector from ``family`` (see ``VECTOR_FAMILIES``)."""
    if family not in _VECTOR_SAMPLERS:
        raise KeyError(f"unknown vector family {family!r}; known: {', '.join(VECTOR_FAMILIES)}")
    if n < 1:
        raise ValueError(f"length must be positive, got {n}")
    v = np.asarray(_VECTOR_SAMPLERS[family](rng, n), dtype=float).reshape(n, 1)
    return v


def vector_instances(seed: int, n_per_family: int, lengths: Iterable[int],
                     families: Iterable[str] = VECTOR_FAMILIES) -> Iterator[tuple[str, Matrix]]:
    """(family, n×1 vector) pairs: ``n_per_family`` of each family for each length, deterministically."""
    rng = np.random.default_rng(seed)
    lengths = list(lengths)
    for family in families:
        for n in lengths:
            for _ in range(n_per_family):
                yield family, sample_vector(rng, family, n)


__all__ = [
    "FAMILIES", "SQUARE_ONLY", "NORMAL_FAMILIES", "EXACT_FAMILIES", "VECTOR_FAMILIES",
    "sample", "supports", "instances", "sample_vector", "vector_instances",
    "random_orthogonal", "is_normal", "is_integral",
]
