#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh4 (numpy only), one check per link and conclusion of
expected.tsv, with the shared helpers of tests/corpus/numeric.py (a true link on random instances of its premises,
a false one on a counterexample that satisfies them).

    python tests/corpus/fresh4/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n2, true_link, false_link, dim, report, sigmoid, pos  # noqa: E402

# ---------------------------------------------------------------- Lecuyer et al. 2019
def lecuyer(file, wrong):
    def inst():
        """Scores in [0, 1] meeting (a), (b) and the file's hypothesis (found by rejection)."""
        while True:
            eps, delta = pos(0.01, 2), float(rng.choice([0.0, rng.uniform(0, 0.2)]))
            Ek, Ek2, Ei, Ei2 = rng.uniform(0, 1, size=4) ** rng.choice([1, 3], size=4)
            factor = np.exp(eps) if wrong else np.exp(2 * eps)
            if (Ek <= np.exp(eps) * Ek2 + delta and Ei2 <= np.exp(eps) * Ei + delta
                    and Ek > factor * Ei + (1 + np.exp(eps)) * delta):
                return eps, delta, Ek, Ek2, Ei, Ei2

    true_link(file, "lower.1", lambda: (lambda e, d, Ek, Ek2, Ei, Ei2: (Ek2, ">=", np.exp(-e) * (Ek - d)))(*inst()))
    true_link(file, "upper.1", lambda: (lambda e, d, Ek, Ek2, Ei, Ei2: (Ei2, "<=", np.exp(e) * Ei + d))(*inst()))
    if wrong:
        e, d, Ei, Ek = 1.0, 0.0, 0.1, 0.3
        Ek2, Ei2 = Ek / np.exp(e), np.exp(e) * Ei
        assert Ek > np.exp(e) * Ei + (1 + np.exp(e)) * d and Ek <= np.exp(e) * Ek2 + d and Ei2 <= np.exp(e) * Ei + d
        false_link(file, "gap.1", np.exp(-e) * (Ek - d), ">", np.exp(e) * Ei + d)
        false_link(file, "conclusion", Ek2, ">", Ei2)
    else:
        true_link(file, "gap.1", lambda: (lambda e, d, Ek, Ek2, Ei, Ei2: (np.exp(-e) * (Ek - d), ">", np.exp(e) * Ei + d))(*inst()))
        true_link(file, "conclusion", lambda: (lambda e, d, Ek, Ek2, Ei, Ei2: (Ek2, ">", Ei2))(*inst()))


# ---------------------------------------------------------------- Abadi et al. 2016
def abadi(file, wrong):
    def inst():
        g, C = rng.normal(size=dim()) * rng.choice([0.1, 1, 10]), pos()
        return g, C

    clip = (lambda g, C: max(1, C / n2(g))) if wrong else (lambda g, C: max(1, n2(g) / C))
    true_link(file, "clipped.1", lambda: (lambda g, C: (n2(g / clip(g, C)), "=", n2(g) / clip(g, C)))(*inst()))
    if wrong:
        g, C = np.array([2.0, 0.0]), 1.0
        false_link(file, "clipped.2", n2(g) / clip(g, C), "<=", C)
    else:
        true_link(file, "clipped.2", lambda: (lambda g, C: (n2(g) / clip(g, C), "<=", C))(*inst()))


# ---------------------------------------------------------------- Shalev-Shwartz, Singer & Srebro 2007
def pegasos(file, wrong):
    def inst():
        n, lam = dim(), pos(0.01, 4)
        w = rng.normal(size=n)
        w *= rng.uniform(0, 1) / (np.sqrt(lam) * n2(w))  # ‖w‖ ≤ 1/√λ
        x = rng.normal(size=n)
        R = n2(x) * rng.choice([1.0, rng.uniform(1, 3)])
        wh = rng.normal(size=n) * rng.choice([0.1, 1, 10])
        return lam, w, x, float(rng.choice([-1.0, 1.0])), R, wh

    true_link(file, "projection.1", lambda: (lambda lam, w, x, y, R, wh: (
        n2(min(1, (1 / np.sqrt(lam)) / n2(wh)) * wh), "<=", 1 / np.sqrt(lam)))(*inst()))
    if wrong:
        lam, w, x, y, R = 0.25, np.array([2.0]), np.array([1.0]), -1.0, 1.0
        false_link(file, "gradient.1", n2(lam * w - y * x), "<=", lam + R)
    else:
        true_link(file, "gradient.1", lambda: (lambda lam, w, x, y, R, wh: (n2(lam * w - y * x), "<=", np.sqrt(lam) + R))(*inst()))


# ---------------------------------------------------------------- Glorot & Bengio 2010
def glorot(file, wrong):
    size = lambda: float(rng.integers(1, 2000))
    true_link(file, "standard.1", lambda: (lambda n: (n * (1 / np.sqrt(n)) ** 2 / 3, "=", 1 / 3))(size()))
    if wrong:
        false_link(file, "normalized.1", (np.sqrt(3) / np.sqrt(2.0)) ** 2 / 3, "=", 2 / 2.0)
    else:
        true_link(file, "normalized.1", lambda: (lambda a, b: ((np.sqrt(6) / np.sqrt(a + b)) ** 2 / 3, "=", 2 / (a + b)))(size(), size()))


# ---------------------------------------------------------------- Huang et al. 2016
def huang(file, wrong):
    p = lambda l, L, pL: 1 - l / L * (1 - pL)
    size = lambda: int(rng.integers(1, 300))
    true_link(file, "ends.1", lambda: (lambda L: (p(0, L, 0.5), "=", 1))(size()))
    true_link(file, "last.1", lambda: (lambda L: (p(L, L, 0.5), "=", 0.5))(size()))
    if wrong:
        false_link(file, "depth.1", sum(p(l, 1, 0.5) for l in range(1, 2)), "=", (3 * 1 + 1) / 4)
    else:
        true_link(file, "depth.1", lambda: (lambda L: (sum(p(l, L, 0.5) for l in range(1, L + 1)), "=", (3 * L - 1) / 4))(size()))


# ---------------------------------------------------------------- Kingma & Welling 2014
def kingma(file, wrong):
    def inst():
        J = dim()
        mu, s = rng.normal(size=J) * 2, rng.uniform(0.05, 4, size=J)
        c = -J / 2 * np.log(2 * np.pi)
        return mu, s, c - 0.5 * np.sum(mu ** 2 + s ** 2), c - 0.5 * np.sum(1 + np.log(s ** 2))

    if wrong:
        mu, s, cross, ent = (lambda mu, s: (mu, s, -0.5 * np.log(2 * np.pi) - 0.5 * np.sum(mu ** 2 + s ** 2),
                                            -0.5 * np.log(2 * np.pi) - 0.5 * np.sum(1 + np.log(s ** 2))))(np.zeros(1), np.array([2.0]))
        false_link(file, "kl.1", cross - ent, "=", 0.5 * np.sum(1 + np.log(s) - mu ** 2 - s ** 2))
    else:
        true_link(file, "kl.1", lambda: (lambda mu, s, cross, ent: (
            cross - ent, "=", 0.5 * np.sum(1 + np.log(s ** 2) - mu ** 2 - s ** 2)))(*inst()))


# ---------------------------------------------------------------- Ramachandran, Zoph & Le 2017
def swish(file, wrong):
    def inst():
        return float(rng.normal() * 3), float(rng.normal() * 3)

    f = lambda x, b: x * sigmoid(b * x)
    true_link(file, "linear.1", lambda: (lambda x, b: (x * sigmoid(0 * x), "=", x / 2))(*inst()))
    true_link(file, "derivative.1", lambda: (lambda x, b: (
        sigmoid(b * x) + b * x * sigmoid(b * x) * (1 - sigmoid(b * x)), "=",
        sigmoid(b * x) + b * x * sigmoid(b * x) - b * x * sigmoid(b * x) ** 2))(*inst()))
    true_link(file, "derivative.2", lambda: (lambda x, b: (
        sigmoid(b * x) + b * x * sigmoid(b * x) - b * x * sigmoid(b * x) ** 2, "=",
        b * x * sigmoid(b * x) + sigmoid(b * x) * (1 - b * x * sigmoid(b * x))))(*inst()))
    if wrong:
        x, b = 1.0, 2.0
        false_link(file, "derivative.3", b * x * sigmoid(b * x) + sigmoid(b * x) * (1 - b * x * sigmoid(b * x)), "=",
                   b * f(x, b) + sigmoid(b * x) * (1 - f(x, b)))
    else:
        true_link(file, "derivative.3", lambda: (lambda x, b: (
            b * x * sigmoid(b * x) + sigmoid(b * x) * (1 - b * x * sigmoid(b * x)), "=",
            b * f(x, b) + sigmoid(b * x) * (1 - b * f(x, b))))(*inst()))


# ---------------------------------------------------------------- Goyal et al. 2017
def goyal(file, wrong):
    def inst():
        n = dim()
        return rng.normal(size=n), rng.normal(size=n), float(rng.uniform(-1, 1)), pos(), pos()

    true_link(file, "fixed.1", lambda: (lambda u, G, m, e0, e1: (e0 * (m * u + G), "=", m * (e0 * u) + e0 * G))(*inst()))
    if wrong:
        u, G, m, e0, e1 = np.array([1.0]), np.zeros(1), 1.0, 1.0, 2.0
        false_link(file, "changing.1", e1 * (m * u + G), "=", m * (e0 / e1) * (e0 * u) + e1 * G)
    else:
        true_link(file, "changing.1", lambda: (lambda u, G, m, e0, e1: (
            e1 * (m * u + G), "=", m * (e1 / e0) * (e0 * u) + e1 * G))(*inst()))


# ---------------------------------------------------------------- Srivastava et al. 2014
def srivastava(file, wrong):
    def inst():
        p = float(rng.choice([1.0, rng.uniform(0.01, 1)]))
        return float(rng.normal() * 3), float(rng.normal() * 3), float(rng.normal() * 3), p

    def lhs(x, y, w, p):  # E[(y − r x w)²] by its moments E[r] = E[r²] = p, and by sampling r exactly
        by_moments = y ** 2 - 2 * y * x * w * p + x ** 2 * w ** 2 * p
        exact = p * (y - x * w) ** 2 + (1 - p) * y ** 2
        assert abs(by_moments - exact) <= 1e-9 * (1 + abs(exact))
        return by_moments

    true_link(file, "marginal.1", lambda: (lambda x, y, w, p: (
        lhs(x, y, w, p), "=", (y - p * x * w) ** 2 + p * (1 - p) * (abs(x) * w) ** 2))(*inst()))
    if wrong:
        x, y, w, p = 1.0, 0.0, 1.0, 0.25
        false_link(file, "marginal.2", (y - p * x * w) ** 2 + p * (1 - p) * (abs(x) * w) ** 2, "=",
                   (y - x * p * w) ** 2 + p / (1 - p) * (abs(x) * p * w) ** 2)
    else:
        true_link(file, "marginal.2", lambda: (lambda x, y, w, p: (
            (y - p * x * w) ** 2 + p * (1 - p) * (abs(x) * w) ** 2, "=",
            (y - x * p * w) ** 2 + (1 - p) / p * (abs(x) * p * w) ** 2))(*inst()))


# ---------------------------------------------------------------- Müller, Kornblith & Hinton 2019
def muller(file, wrong):
    def inst():
        n = dim()
        return rng.normal(size=n) * 3, rng.normal(size=n) * 3

    if wrong:
        x = w = np.array([1.0, 0.0])
        false_link(file, "distance.1", n2(x - w) ** 2, "=", x @ x - x @ w + w @ w)
    else:
        true_link(file, "distance.1", lambda: (lambda x, w: (n2(x - w) ** 2, "=", x @ x - 2 * x @ w + w @ w))(*inst()))


for check, stem in [(lecuyer, "lecuyer_pixeldp"), (abadi, "abadi_dpsgd"), (pegasos, "shalev_pegasos"),
                    (glorot, "glorot_init"), (huang, "huang_stochastic_depth"), (kingma, "kingma_vae"),
                    (swish, "ramachandran_swish"), (goyal, "goyal_momentum"), (srivastava, "srivastava_dropout"),
                    (muller, "muller_label_smoothing")]:
    check(f"{stem}.yaml", False)
    check(f"{stem}_wrong.yaml", True)

if __name__ == "__main__":
    report()
