#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh5 (numpy only), one check per link and conclusion of
expected.tsv, with the shared helpers of tests/corpus/numeric.py (a true link on random instances of its premises,
a false one on a counterexample that satisfies them).

    python tests/corpus/fresh5/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n1, n2, true_link, false_link, dim, report, sigmoid, pos  # noqa: E402

# ---------------------------------------------------------------- Dwork & Roth 2014
def dwork(file, wrong):
    def inst():
        """Vectors with ‖a − b‖₁ ≤ Δf (the sensitivity premise), sometimes at equality."""
        k, eps, Df = dim(), pos(0.01, 2), pos(0.1, 3)
        a, z = rng.normal(size=k), rng.normal(size=k) * rng.choice([0.1, 1, 3])
        d = rng.normal(size=k)
        b = a + d * Df * rng.choice([1.0, rng.uniform(0, 1)]) / n1(d)
        return a, b, z, eps, Df

    first = lambda a, b, z, e, D: np.prod(np.exp(e * ((np.abs(a - z) - np.abs(b - z)) if wrong else
                                                      (np.abs(b - z) - np.abs(a - z))) / D))
    start = lambda a, b, z, e, D: np.prod(np.exp(-e * np.abs(a - z) / D) / np.exp(-e * np.abs(b - z) / D))
    third = lambda a, b, z, e, D: np.prod(np.exp(e * np.abs(a - b) / D))
    if wrong:
        a, b, z = np.array([1.0]), np.array([0.0]), np.array([0.0])
        false_link(file, "ratio.1", start(a, b, z, 1.0, 1.0), "=", first(a, b, z, 1.0, 1.0))
    else:
        true_link(file, "ratio.1", lambda: (lambda *s: (start(*s), "=", first(*s)))(*inst()))
    true_link(file, "ratio.2", lambda: (lambda *s: (first(*s), "<=", third(*s)))(*inst()))
    true_link(file, "ratio.3", lambda: (lambda a, b, z, e, D: (third(a, b, z, e, D), "=", np.exp(e * n1(a - b) / D)))(*inst()))
    true_link(file, "ratio.4", lambda: (lambda a, b, z, e, D: (np.exp(e * n1(a - b) / D), "<=", np.exp(e)))(*inst()))


# ---------------------------------------------------------------- Rakhlin, Shamir & Sridharan 2012
def rakhlin(file, wrong):
    def inst():
        return pos(), pos(0.05, 3), float(rng.choice([2.0, float(rng.integers(2, 10000)), rng.uniform(2, 50)]))

    start = lambda G, l, t: (1 - 2 / t) * 4 * G ** 2 / (l ** 2 * t) + G ** 2 / (l ** 2 * t ** 2)
    mid = lambda G, l, t: 4 * G ** 2 / l ** 2 * (1 / t - 2 / t ** 2 + (1 / t ** 2 if wrong else 1 / (4 * t ** 2)))
    low = lambda G, l, t: 4 * G ** 2 / l ** 2 * (1 / t - 1 / t ** 2)
    if wrong:
        false_link(file, "induction.1", start(1.0, 1.0, 2.0), "=", mid(1.0, 1.0, 2.0))
    else:
        true_link(file, "induction.1", lambda: (lambda *s: (start(*s), "=", mid(*s)))(*inst()))
    true_link(file, "induction.2", lambda: (lambda *s: (mid(*s), "<=", low(*s)))(*inst()))
    true_link(file, "induction.3", lambda: (lambda G, l, t: (low(G, l, t), "<=", 4 * G ** 2 / (l ** 2 * (t + 1))))(*inst()))


# ---------------------------------------------------------------- Arora, Li & Lyu 2019
def arora(file, wrong):
    def inst():
        n = dim() + 1
        w, g = rng.normal(size=n), rng.normal(size=n) * rng.choice([0.1, 1, 10])
        g -= (w @ g) / (w @ w) * w  # ⟨w, g⟩ = 0
        return w, g, pos()

    grown = lambda w, g, eta: n2(w) ** 2 + (eta if wrong else eta ** 2) * n2(g) ** 2
    true_link(file, "norm_growth.1", lambda: (lambda w, g, eta: (
        n2(w - eta * g) ** 2, "=", n2(w) ** 2 - 2 * eta * w @ g + eta ** 2 * n2(g) ** 2))(*inst()))
    if wrong:
        w, g, eta = np.array([1.0, 0.0]), np.array([0.0, 1.0]), 2.0
        false_link(file, "norm_growth.2", n2(w) ** 2 - 2 * eta * w @ g + eta ** 2 * n2(g) ** 2, "=", grown(w, g, eta))
    else:
        true_link(file, "norm_growth.2", lambda: (lambda w, g, eta: (
            n2(w) ** 2 - 2 * eta * w @ g + eta ** 2 * n2(g) ** 2, "=", grown(w, g, eta)))(*inst()))
    true_link(file, "norm_growth.3", lambda: (lambda w, g, eta: (grown(w, g, eta), ">=", n2(w) ** 2))(*inst()))


# ---------------------------------------------------------------- Tallec & Ollivier 2018
def tallec(file, wrong):
    T = lambda: float(rng.choice([2.0, rng.uniform(2, 10), rng.uniform(10, 700)]))
    bias = (lambda t: np.log(t)) if wrong else (lambda t: np.log(t - 1))
    true_link(file, "forgetting_time.1", lambda: (lambda t: (1 / (1 - sigmoid(bias(t))), "=", 1 + np.exp(bias(t))))(T()))
    if wrong:
        false_link(file, "forgetting_time.2", 1 + np.exp(bias(2.0)), "=", 2.0)
    else:
        true_link(file, "forgetting_time.2", lambda: (lambda t: (1 + np.exp(bias(t)), "=", t))(T()))


# ---------------------------------------------------------------- Saxe, McClelland & Ganguli 2014
def saxe(file, wrong):
    def inst():  # a, b, s, τ, and the derivatives the equations of motion give
        a, b, s = rng.normal(size=3) * 2
        tau = pos()
        adot = b * (s - a * b) / tau
        bdot = (b if wrong else a) * (s - a * b) / tau
        return a, b, s, tau, adot, bdot

    mid = lambda a, b, s: 2 * a * b * (s - a * b) - 2 * b * a * (s - a * b)
    if wrong:
        a, b, s, tau = 1.0, 2.0, 0.0, 1.0
        adot, bdot = b * (s - a * b) / tau, b * (s - a * b) / tau
        false_link(file, "conserved.1", tau * (2 * a * adot - 2 * b * bdot), "=", mid(a, b, s))
    else:
        true_link(file, "conserved.1", lambda: (lambda a, b, s, tau, ad, bd: (
            tau * (2 * a * ad - 2 * b * bd), "=", mid(a, b, s)))(*inst()))
    true_link(file, "conserved.2", lambda: (lambda a, b, s, tau, ad, bd: (mid(a, b, s), "=", 0.0))(*inst()))


# ---------------------------------------------------------------- Moosavi-Dezfooli, Fawzi & Frossard 2016
def deepfool(file, wrong):
    def inst():
        n = dim()
        return rng.normal(size=n) * rng.choice([0.1, 1, 10]), rng.normal(size=n) * 3, float(rng.normal() * 3)

    def r_star(w, x0, b):
        f0 = w @ x0 + b
        return -(f0 / (n2(w) if wrong else n2(w) ** 2)) * w

    if wrong:
        w, x0, b = np.array([2.0]), np.array([1.0]), 0.0
        false_link(file, "on_boundary.1", w @ (x0 + r_star(w, x0, b)) + b, "=", 0.0)
        false_link(file, "distance.1", n2(r_star(w, x0, b)), "=", abs(w @ x0 + b) / n2(w))
    else:
        true_link(file, "on_boundary.1", lambda: (lambda w, x0, b: (w @ (x0 + r_star(w, x0, b)) + b, "=", 0.0))(*inst()))
        true_link(file, "distance.1", lambda: (lambda w, x0, b: (n2(r_star(w, x0, b)), "=", abs(w @ x0 + b) / n2(w)))(*inst()))


# ---------------------------------------------------------------- Bousquet & Elisseeff 2002
def bousquet(file, wrong):
    def inst():
        sig, kap, lam, m = pos(), pos(), pos(), float(rng.integers(1, 10000))
        dfk = sig * kap / (2 * lam * m) * rng.choice([1.0, rng.uniform(0, 1)])
        dfx = kap * dfk * rng.uniform(-1, 1)
        return sig, kap, lam, m, dfk, dfx

    true_link(file, "stability.1", lambda: (lambda sig, kap, lam, m, dfk, dfx: (
        sig * abs(dfx), "<=", sig * kap * dfk))(*inst()))
    if wrong:
        false_link(file, "stability.2", 2.0 * 1.0 * 1.0, "<=", 2.0 * 1.0 ** 2 / (2 * 1.0 * 1.0))
    else:
        true_link(file, "stability.2", lambda: (lambda sig, kap, lam, m, dfk, dfx: (
            sig * kap * dfk, "<=", sig ** 2 * kap ** 2 / (2 * lam * m)))(*inst()))


# ---------------------------------------------------------------- Papernot et al. 2016
def papernot(file, wrong):
    def inst():
        N = dim()
        return rng.normal(size=N) * 3, rng.normal(size=N) * 3, float(rng.choice([1.0, pos(0.2, 100)]))

    def exact(z, dz, T):  # the derivative of softmax(z(X)/T)_1 along X_j, by finite differences of z + h·dz
        F = lambda h: np.exp((z[0] + h * dz[0]) / T) / np.sum(np.exp((z + h * dz) / T))
        h = 1e-6
        return (F(h) - F(-h)) / (2 * h)

    def start(z, dz, T):
        g = np.sum(np.exp(z / T))
        value = (1 / g ** 2) * (dz[0] / T * np.exp(z[0] / T) * g - np.exp(z[0] / T) * np.sum(dz / T * np.exp(z / T)))
        assert abs(value - exact(z, dz, T)) <= 1e-5 * (1 + abs(value))
        return value

    def mid(z, dz, T):
        g = np.sum(np.exp(z / T))
        return (1 / g ** 2) * (np.exp(z[0] / T) / T) * (np.sum(dz[0] * np.exp(z / T)) - np.sum(dz * np.exp(z / T)))

    def last(z, dz, T):
        g = np.sum(np.exp(z / T))
        return (1 if wrong else 1 / T) * (np.exp(z[0] / T) / g ** 2) * np.sum((dz[0] - dz) * np.exp(z / T))

    true_link(file, "gradient.1", lambda: (lambda *s: (start(*s), "=", mid(*s)))(*inst()))
    if wrong:
        s = (np.zeros(2), np.array([1.0, 0.0]), 2.0)
        false_link(file, "gradient.2", mid(*s), "=", last(*s))
    else:
        true_link(file, "gradient.2", lambda: (lambda *s: (mid(*s), "=", last(*s)))(*inst()))


# ---------------------------------------------------------------- Warner 1965
def warner(file, wrong):
    def inst():
        return float(rng.choice([1.0, rng.uniform(0.5001, 1)])), float(rng.choice([0.0, 1.0, rng.uniform(0, 1)]))

    lam = lambda p, q: p * q + (1 - p) * (1 - q)
    est = lambda p, q: ((1 - p) if wrong else (p - 1)) / (2 * p - 1) + lam(p, q) / (2 * p - 1)
    if wrong:
        false_link(file, "unbiased.1", est(0.75, 0.0), "=", 0.0)
    else:
        true_link(file, "unbiased.1", lambda: (lambda p, q: (est(p, q), "=", q))(*inst()))


# ---------------------------------------------------------------- Helfrich, Willmott & Ye 2018
def helfrich(file, wrong):
    def inst():
        n = dim()
        M = rng.normal(size=(n, n)) * rng.choice([0.1, 1, 10])
        A = M - M.T  # skew-symmetric: I + A is always invertible
        D = np.diag(rng.choice([-1.0, 1.0], size=n))
        return A, D

    def W(A, D):
        I = np.eye(len(A))
        return ((I + A) if wrong else np.linalg.inv(I + A)) @ (I - A) @ D

    if wrong:
        A, D = np.array([[0.0, 1.0], [-1.0, 0.0]]), np.eye(2)
        false_link(file, "orthogonal.1", W(A, D).T @ W(A, D), "=", np.eye(2))
    else:
        true_link(file, "orthogonal.1", lambda: (lambda A, D: (W(A, D).T @ W(A, D), "=", np.eye(len(A))))(*inst()))


for check, stem in [(dwork, "dwork_laplace"), (rakhlin, "rakhlin_sgd"), (arora, "arora_bn"),
                    (tallec, "tallec_chrono"), (saxe, "saxe_conserved"), (deepfool, "deepfool"),
                    (bousquet, "bousquet_stability"), (papernot, "papernot_distillation"),
                    (warner, "warner_randomized_response"), (helfrich, "helfrich_scornn")]:
    check(f"{stem}.yaml", False)
    check(f"{stem}_wrong.yaml", True)

if __name__ == "__main__":
    report()
