#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh6 (numpy only), one check per link of expected.tsv, with the
shared helpers of tests/corpus/numeric.py (a true link on random instances of its premises, a false one on a
counterexample that satisfies them).

    python tests/corpus/fresh6/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n1, n2, ninf, true_link, false_link, dim, report, sigmoid, pos  # noqa: E402


def vec(n=None):
    return rng.normal(size=n or dim()) * rng.choice([0.1, 1, 5])


# ---------------------------------------------------------------- Nesterov 2004
def nesterov(file, wrong):
    def inst():
        n = dim()
        x, g, L, h = vec(n), vec(n), pos(), pos()
        y = x - h * g
        fx = float(rng.normal() * 3)
        upper = fx + g @ (y - x) + L / 2 * n2(y - x) ** 2
        return x, g, L, h, y, fx, upper - rng.choice([0.0, pos()])

    third = (lambda fx, h, L, g: fx - h * (1 - h * L) * n2(g) ** 2) if wrong else \
        (lambda fx, h, L, g: fx - h * (1 - h / 2 * L) * n2(g) ** 2)
    true_link(file, "descent.1", lambda: (lambda x, g, L, h, y, fx, fy: (
        fy, "<=", fx + g @ (y - x) + L / 2 * n2(y - x) ** 2))(*inst()))
    true_link(file, "descent.2", lambda: (lambda x, g, L, h, y, fx, fy: (
        fx + g @ (y - x) + L / 2 * n2(y - x) ** 2, "=", fx - h * n2(g) ** 2 + h ** 2 * L / 2 * n2(g) ** 2))(*inst()))
    if wrong:
        g = np.array([1.0])
        false_link(file, "descent.3", 0 - 1 * n2(g) ** 2 + 1 / 2 * n2(g) ** 2, "=", third(0.0, 1.0, 1.0, g))
    else:
        true_link(file, "descent.3", lambda: (lambda x, g, L, h, y, fx, fy: (
            fx - h * n2(g) ** 2 + h ** 2 * L / 2 * n2(g) ** 2, "=", third(fx, h, L, g)))(*inst()))


# ---------------------------------------------------------------- Bubeck 2015
def bubeck(file, wrong):
    def inst():
        n = dim()
        x, xs, g, eta = vec(n), vec(n), vec(n), pos()
        return x, xs, g, eta, x - eta * g

    second = lambda x, xs, g, eta, y: 1 / (2 * eta) * (n2(x - xs) ** 2 + n2(x - y) ** 2 - n2(y - xs) ** 2)
    third = lambda x, xs, g, eta, y: (1 / (2 * eta) * (n2(x - xs) ** 2 - n2(y - xs) ** 2)
                                      + (eta if wrong else eta / 2) * n2(g) ** 2)
    true_link(file, "polarisation.1", lambda: (lambda x, xs, g, eta, y: (
        g @ (x - xs), "=", (1 / eta) * (x - y) @ (x - xs)))(*inst()))
    true_link(file, "polarisation.2", lambda: (lambda *s: (
        (1 / s[3]) * (s[0] - s[4]) @ (s[0] - s[1]), "=", second(*s)))(*inst()))
    if wrong:
        x, xs, g, eta = np.zeros(1), np.zeros(1), np.array([1.0]), 1.0
        s = (x, xs, g, eta, x - eta * g)
        false_link(file, "polarisation.3", second(*s), "=", third(*s))
    else:
        true_link(file, "polarisation.3", lambda: (lambda *s: (second(*s), "=", third(*s)))(*inst()))


# ---------------------------------------------------------------- Mohri, Rostamizadeh & Talwalkar 2018
def mohri(file, wrong):
    eps_of = (lambda H, m, d: (np.log(H) + np.log(d)) / m) if wrong else (lambda H, m, d: (np.log(H) + np.log(1 / d)) / m)

    def inst():
        while True:  # the premises: |H| ≥ 1, 0 < δ < 1, ε ≤ 1
            H = float(rng.choice([1.0, rng.uniform(1, 10), rng.uniform(1, 1e6)]))
            d, m = rng.uniform(1e-6, 1), float(rng.choice([1.0, rng.integers(1, 10000), rng.uniform(0.1, 500)]))
            if eps_of(H, m, d) <= 1:
                return H, m, d, eps_of(H, m, d)

    true_link(file, "union_bound.1", lambda: (lambda H, m, d, e: (H * (1 - e) ** m, "<=", H * np.exp(-m * e)))(*inst()))
    if wrong:
        H, m, d = 1.0, 1.0, 0.5
        false_link(file, "union_bound.2", H * np.exp(-m * eps_of(H, m, d)), "=", d)
    else:
        true_link(file, "union_bound.2", lambda: (lambda H, m, d, e: (H * np.exp(-m * e), "=", d))(*inst()))


# ---------------------------------------------------------------- Bun & Steinke 2016
def bun(file, wrong):
    def inst():
        alpha, sigma, Delta = 1 + pos(0.001, 20), pos(0.05, 5), pos(0.05, 5)
        mu = float(rng.normal() * 3)
        nu = mu + Delta * rng.choice([1.0, -1.0, rng.uniform(-1, 1)])
        delta = float(rng.choice([rng.uniform(1e-9, 1e-3), rng.uniform(0, 1)]))
        rho = Delta ** 2 / (2 * sigma ** 2)
        return alpha, mu, nu, sigma, Delta, delta, rho, rho + 2 * np.sqrt(rho * np.log(1 / delta))

    bound = (lambda a, D, s: a * D / (2 * s ** 2)) if wrong else (lambda a, D, s: a * D ** 2 / (2 * s ** 2))
    if wrong:
        a, mu, nu, s, D = 2.0, 2.0, 0.0, 1.0, 2.0
        false_link(file, "gaussian.1", a * (mu - nu) ** 2 / (2 * s ** 2), "<=", bound(a, D, s))
        false_link(file, "gaussian.2", bound(a, D, s), "=", a * D ** 2 / (2 * s ** 2))
    else:
        true_link(file, "gaussian.1", lambda: (lambda a, mu, nu, s, D, d, r, e: (
            a * (mu - nu) ** 2 / (2 * s ** 2), "<=", bound(a, D, s)))(*inst()))
        true_link(file, "gaussian.2", lambda: (lambda a, mu, nu, s, D, d, r, e: (bound(a, D, s), "=", a * r))(*inst()))
    true_link(file, "tail.1", lambda: (lambda a, mu, nu, s, D, d, r, e: (
        np.exp(-(e - r) ** 2 / (4 * r)), "=", np.exp(-(2 * np.sqrt(r * np.log(1 / d))) ** 2 / (4 * r))))(*inst()))
    true_link(file, "tail.2", lambda: (lambda a, mu, nu, s, D, d, r, e: (
        np.exp(-(2 * np.sqrt(r * np.log(1 / d))) ** 2 / (4 * r)), "=", np.exp(-np.log(1 / d))))(*inst()))
    true_link(file, "tail.3", lambda: (lambda a, mu, nu, s, D, d, r, e: (np.exp(-np.log(1 / d)), "=", d))(*inst()))


# ---------------------------------------------------------------- Erlingsson, Pihur & Korolova 2014
def erlingsson(file, wrong):
    def inst():
        return float(rng.uniform(0.01, 0.99)), float(rng.integers(1, 6))

    start = lambda f, h: (1 - f / 2) ** h * (1 - f / 2) ** h / ((f / 2) ** h * (f / 2) ** h)
    if wrong:
        false_link(file, "ratio.1", start(0.5, 1.0), "=", ((1 - 0.25) / 0.25) ** 1.0)
    else:
        true_link(file, "ratio.1", lambda: (lambda f, h: (start(f, h), "=", ((1 - f / 2) / (f / 2)) ** (2 * h)))(*inst()))
    true_link(file, "epsilon.1", lambda: (lambda f, h: (
        np.log(((1 - f / 2) / (f / 2)) ** (2 * h)), "=", 2 * h * np.log((1 - f / 2) / (f / 2))))(*inst()))


# ---------------------------------------------------------------- van Laarhoven 2017
def laarhoven(file, wrong):
    def inst():
        n = dim()
        w, gh, eta = vec(n), vec(n), pos()
        return w, gh / 1.0, gh / n2(w), eta

    true_link(file, "effective_rate.1", lambda: (lambda w, gh, g, eta: (
        n2(eta * g) / n2(w), "=", eta * n2(gh / n2(w)) / n2(w)))(*inst()))
    if wrong:
        w, gh = np.array([2.0]), np.array([1.0])
        false_link(file, "effective_rate.2", 1 * n2(gh / n2(w)) / n2(w), "=", 1 * n2(gh) / n2(w))
    else:
        true_link(file, "effective_rate.2", lambda: (lambda w, gh, g, eta: (
            eta * n2(gh / n2(w)) / n2(w), "=", eta * n2(gh) / n2(w) ** 2))(*inst()))


# ---------------------------------------------------------------- Baldi & Sadowski 2013
def baldi(file, wrong):
    def inst():
        k = dim()
        S = rng.normal(size=k) * rng.choice([0.1, 1, 4])
        P = rng.uniform(0, 1, size=k) * rng.choice([1.0, 3.0])
        P[rng.random(k) < 0.2] = 0.0
        return S, P

    s0 = lambda S, P: np.prod(sigmoid(S) ** P) / (np.prod(sigmoid(S) ** P) + np.prod((1 - sigmoid(S)) ** P))
    s1 = (lambda S, P: 1 / (1 + np.prod((sigmoid(S) / (1 - sigmoid(S))) ** P))) if wrong else \
        (lambda S, P: 1 / (1 + np.prod(((1 - sigmoid(S)) / sigmoid(S)) ** P)))
    s2 = lambda S, P: 1 / (1 + np.prod(np.exp(-S * P)))
    s3 = lambda S, P: 1 / (1 + np.exp(-np.sum(S * P)))
    if wrong:
        S, P = np.array([1.0]), np.array([1.0])
        false_link(file, "nwgm.1", s0(S, P), "=", s1(S, P))
        false_link(file, "nwgm.2", s1(S, P), "=", s2(S, P))
    else:
        true_link(file, "nwgm.1", lambda: (lambda S, P: (s0(S, P), "=", s1(S, P)))(*inst()))
        true_link(file, "nwgm.2", lambda: (lambda S, P: (s1(S, P), "=", s2(S, P)))(*inst()))
    true_link(file, "nwgm.3", lambda: (lambda S, P: (s2(S, P), "=", s3(S, P)))(*inst()))
    true_link(file, "nwgm.4", lambda: (lambda S, P: (s3(S, P), "=", sigmoid(np.sum(P * S))))(*inst()))


# ---------------------------------------------------------------- Rusch & Mishra 2021
def rusch(file, wrong):
    def inst():
        m = dim()
        return vec(m), vec(m), pos(0.001, 3)

    mid = lambda y, z, dt: n2(y) ** 2 + dt * (n2(y) ** 2 + n2(z) ** 2) + dt ** 2 * n2(z) ** 2
    true_link(file, "energy.1", lambda: (lambda y, z, dt: (
        n2(y + dt * z) ** 2, "=", n2(y) ** 2 + 2 * dt * y @ z + dt ** 2 * n2(z) ** 2))(*inst()))
    true_link(file, "energy.2", lambda: (lambda y, z, dt: (
        n2(y) ** 2 + 2 * dt * y @ z + dt ** 2 * n2(z) ** 2, "<=", mid(y, z, dt)))(*inst()))
    if wrong:
        y, z, dt = np.zeros(1), np.array([1.0]), 1.0
        false_link(file, "energy.3", mid(y, z, dt), "=", (1 + dt) * n2(y) ** 2 + dt ** 2 * n2(z) ** 2)
    else:
        true_link(file, "energy.3", lambda: (lambda y, z, dt: (
            mid(y, z, dt), "=", (1 + dt) * n2(y) ** 2 + (dt + dt ** 2) * n2(z) ** 2))(*inst()))


# ---------------------------------------------------------------- Raghunathan, Steinhardt & Liang 2018
def raghunathan(file, wrong):
    def inst():
        n = dim()
        x, g, eps = vec(n), vec(n), pos(0.01, 2)
        d = rng.uniform(-1, 1, size=n) * eps
        if rng.random() < 0.5:
            d = np.sign(g) * eps  # the worst corner of the ball
        fx = float(rng.normal() * 3)
        return x, x + d, g, fx, fx + g @ d, eps

    true_link(file, "margin.1", lambda: (lambda x, xt, g, fx, fxt, eps: (fxt, "=", fx + g @ (xt - x)))(*inst()))
    if wrong:
        x, g = np.zeros(2), np.ones(2)
        xt = g.copy()
        false_link(file, "margin.2", 0 + g @ (xt - x), "<=", 0 + ninf(g) * ninf(xt - x))
        true_link(file, "margin.3", lambda: (lambda x, xt, g, fx, fxt, eps: (
            fx + ninf(g) * ninf(xt - x), "<=", fx + eps * n1(g)))(*inst()))
    else:
        true_link(file, "margin.2", lambda: (lambda x, xt, g, fx, fxt, eps: (
            fx + g @ (xt - x), "<=", fx + n1(g) * ninf(xt - x)))(*inst()))
        true_link(file, "margin.3", lambda: (lambda x, xt, g, fx, fxt, eps: (
            fx + n1(g) * ninf(xt - x), "<=", fx + eps * n1(g)))(*inst()))


# ---------------------------------------------------------------- Littlestone & Warmuth 1994
def littlestone(file, wrong):
    def inst():
        while True:  # the premise β^m ≤ n((1 + β)/2)^M
            n = float(rng.choice([1.0, rng.integers(1, 1000)]))
            beta = float(rng.uniform(0.01, 0.99))
            m, M = float(rng.integers(0, 30)), float(rng.integers(0, 60))
            if beta ** m <= n * ((1 + beta) / 2) ** M:
                return n, beta, m, M

    true_link(file, "mistakes.1", lambda: (lambda n, b, m, M: (
        M * np.log(2 / (1 + b)), "=", -M * np.log((1 + b) / 2)))(*inst()))
    true_link(file, "mistakes.2", lambda: (lambda n, b, m, M: (
        -M * np.log((1 + b) / 2), "<=", np.log(n) - m * np.log(b)))(*inst()))
    if wrong:
        n, b, m = 1.0, 0.5, 1.0
        false_link(file, "mistakes.3", np.log(n) - m * np.log(b), "=", np.log(n) + m * np.log(b))
    else:
        true_link(file, "mistakes.3", lambda: (lambda n, b, m, M: (
            np.log(n) - m * np.log(b), "=", np.log(n) + m * np.log(1 / b)))(*inst()))


for stem, check in [("nesterov_gradient_step", nesterov), ("bubeck_subgradient", bubeck), ("mohri_finite_class", mohri),
                    ("bun_steinke_zcdp", bun), ("erlingsson_rappor", erlingsson),
                    ("laarhoven_effective_lr", laarhoven), ("baldi_dropout_nwgm", baldi), ("rusch_cornn", rusch),
                    ("raghunathan_certified", raghunathan), ("littlestone_weighted_majority", littlestone)]:
    for wrong in (False, True):
        check(f"{stem}_wrong.yaml" if wrong else f"{stem}.yaml", wrong)
report()
