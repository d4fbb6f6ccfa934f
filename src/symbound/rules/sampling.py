"""Samplers of the named predicates: each draws (a label for reports, a value satisfying the predicate)
from a numpy generator, the instance number k and a size n.  The numeric lemma tests use them; numpy
and the matrix families load only when a sampler runs."""

from __future__ import annotations

from typing import Any

from symbound.ops import INDUCED_NORMS


def sample_induced(rng: Any, k: int, n: int) -> tuple[str, Any]:
    choices = INDUCED_NORMS
    p = choices[(k // 7 + int(rng.integers(2))) % len(choices)] if rng.random() < 0.5 else choices[int(rng.integers(len(choices)))]
    return p, p


def sample_normal(rng: Any, k: int, n: int) -> tuple[str, Any]:
    from symbound.rules import families as fam

    pool = tuple(f for f in fam.NORMAL_FAMILIES if fam.supports(f, n, n))
    family = pool[k % len(pool)] if rng.random() < 0.5 else pool[int(rng.integers(len(pool)))]
    M = fam.sample(rng, family, n, n)
    assert fam.is_normal(M), f"family {family} gave a non-normal matrix"
    return family, M


def sample_symmetric(rng: Any, k: int, n: int) -> tuple[str, Any]:
    """G + Gᵀ for a Gaussian G: symmetric, of either sign."""
    G = rng.standard_normal((n, n))
    return "G + Gᵀ", G + G.T


def sample_orthogonal(rng: Any, k: int, n: int) -> tuple[str, Any]:
    """Haar-random, a rotation family member, or a signed permutation (exact)."""
    import numpy as np

    from symbound.rules import families as fam

    choice = (k + int(rng.integers(3))) % 3
    if choice == 0:
        family, Q = "signed_permutation", np.eye(n)[rng.permutation(n)] * rng.choice([-1.0, 1.0], size=(n, 1))
    elif choice == 1:
        family, Q = "orthogonal", fam.sample(rng, "orthogonal", n, n)
    else:
        family, Q = "haar", fam.random_orthogonal(rng, n)
    assert np.allclose(Q.T @ Q, np.eye(n), atol=1e-12) and np.allclose(Q @ Q.T, np.eye(n), atol=1e-12), f"{family} is not orthogonal"
    return family, Q


def sample_positive_semidefinite(rng: Any, k: int, n: int) -> tuple[str, Any]:
    """GGᵀ for a Gaussian G, of full rank or (every other time) of rank one: singular, on the boundary of the cone."""

    G = rng.standard_normal((n, n if k % 2 == 0 else 1))
    return ("gram" if k % 2 == 0 else "rank one"), G @ G.T


def sample_invertible(rng: Any, k: int, n: int) -> tuple[str, Any]:
    """A matrix of a random family made clearly invertible (the first shift A + tI with a condition number
    under 10⁶), or, one time in three, an orthogonal one."""
    import numpy as np

    from symbound.rules import families as fam

    if k % 3 == 0:
        return sample_orthogonal(rng, k, n)
    pool = tuple(f for f in fam.FAMILIES if fam.supports(f, n, n))
    family = pool[int(rng.integers(len(pool)))]
    A = fam.sample(rng, family, n, n)
    shift = next(t for t in range(n + 2) if t == n + 1 or np.linalg.cond(A + t * np.eye(n)) < 1e6)
    return f"{family} + {shift}I", A + shift * np.eye(n)


def sample_gaussian(rng: Any, k: int, n: int) -> tuple[str, Any]:
    """A square Gaussian matrix, or one with a tiny or a zero singular value (the harness keeps its first columns)."""

    M = rng.standard_normal((n, n))
    if k % 3 == 1:
        M[:, -1] = M[:, 0] * 1e-3 + M[:, -1] * 1e-9
    elif k % 3 == 2 and n > 1:
        M[:, 0] = M[:, 1]
    return ("gaussian", "near-singular", "singular")[k % 3], M


RELU_AT_ZERO = (0.0, 0.0, 1.0, 0.5)  # conventions for relu'(0): frameworks use 0; any value in [0, 1] must do


def sample_relu(rng: Any, k: int, n: int) -> tuple[str, Any]:
    return "relu", lambda z: max(0.0, float(z))


def sample_relu_derivative(rng: Any, k: int, n: int) -> tuple[str, Any]:
    at_zero = RELU_AT_ZERO[k % len(RELU_AT_ZERO)] if rng.random() < 0.7 else float(rng.uniform(0, 1))
    return f"relu' with relu'(0) = {at_zero}", lambda z, c=at_zero: 1.0 if z > 0 else (c if z == 0 else 0.0)
