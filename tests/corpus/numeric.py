"""The numeric re-check shared by the fresh measuring corpora (`fresh*/check_numeric.py`, numpy only).

A link decided true is checked on random instances that satisfy its file's premises (`true_link`: it must hold on
every one); a link decided false on a concrete counterexample that satisfies the premises (`false_link`: it must
fail there). `report()` prints one line per link and exits 1 when a check disagrees with the verdict decided
beforehand. Each corpus script runs in its own process, so the module's generator and results are per corpus."""
from __future__ import annotations

import sys
from typing import Callable

import numpy as np

rng = np.random.default_rng(0)
TRIALS = 400
results: list[tuple[str, str, str, bool]] = []  # (file, link, decided, ok)


def n2(A) -> float:
    """‖A‖₂: the spectral norm of a matrix, the Euclidean norm of a vector, |a| of a scalar."""
    return np.linalg.norm(A, 2) if np.ndim(A) == 2 else np.linalg.norm(A)


n1 = lambda v: np.abs(v).sum()
ninf = lambda v: np.abs(v).max()
smax = lambda A: np.linalg.svd(np.atleast_2d(A), compute_uv=False)[0]
smin = lambda A: np.linalg.svd(A, compute_uv=False)[-1]
rho = lambda A: max(abs(np.linalg.eigvals(A)))
relu = lambda v: np.maximum(v, 0)
relu_d = lambda v: (np.asarray(v) > 0).astype(float)
tanh_d = lambda v: 1 - np.tanh(v) ** 2


def holds(lhs, rel: str, rhs, tol: float = 1e-9) -> bool:
    """lhs REL rhs, with a relative tolerance for rounding (entrywise closeness for `=`)."""
    lhs, rhs = np.asarray(lhs, float), np.asarray(rhs, float)
    if rel == "=":
        return bool(np.allclose(lhs, rhs, atol=1e-8, rtol=1e-7))
    scale = tol * (1 + abs(float(rhs)) + abs(float(lhs)))
    return bool({"<=": lhs <= rhs + scale, "<": lhs < rhs, ">=": lhs >= rhs - scale, ">": lhs > rhs}[rel])


def true_link(file: str, link: str, gen: Callable[[], tuple]) -> None:
    """gen() -> (lhs, rel, rhs) on one random instance of the premises; the link must hold on all."""
    ok = all(holds(*gen()) for _ in range(TRIALS))
    results.append((file, link, "true", ok))


def false_link(file: str, link: str, lhs, rel: str, rhs) -> None:
    """A counterexample satisfying the premises: the link must fail on it."""
    results.append((file, link, "false", not holds(lhs, rel, rhs)))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def pos(lo: float = 0.01, hi: float = 5) -> float:
    """A positive scalar, uniform in [lo, hi]."""
    return float(rng.uniform(lo, hi))


def dim() -> int:
    return int(rng.integers(1, 5))


def dims() -> tuple[int, int]:
    return dim(), dim()


def lip_act():
    """A random 1-Lipschitz elementwise activation: relu, tanh, identity, a clipped or scaled one."""
    c = rng.uniform(-1, 1)
    return [relu, np.tanh, lambda v: v, lambda v: np.clip(v, -1, 1), lambda v: c * v, np.sin][rng.integers(6)]


def rand_mat(r: int, c: int) -> np.ndarray:
    M = rng.normal(size=(r, c)) * rng.choice([0.1, 1, 5])
    if r == c and rng.random() < 0.3:  # non-normal, nilpotent-ish
        M = np.triu(M, 1) + np.diag(rng.choice([0, 1], size=r) * rng.normal(size=r))
    return M


def report() -> None:
    """One line per check, the count, and exit status 1 when a check disagrees with its decided verdict."""
    bad = 0
    for file, link, decided, ok in results:
        print(f"{'ok ' if ok else 'BAD'} {file} {link}: decided {decided}")
        bad += not ok
    print(f"{len(results) - bad}/{len(results)} checks agree")
    sys.exit(1 if bad else 0)
