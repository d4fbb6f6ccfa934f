#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh3 (numpy only), one check per link of expected.tsv, with the
shared helpers of tests/corpus/numeric.py (a true link on random instances of its premises, a false one on a
counterexample that satisfies them).

    python tests/corpus/fresh3/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n2, relu, true_link, false_link, dim, report  # noqa: E402


def pos(lo=0.01, hi=5):
    return float(rng.uniform(lo, hi))


# ---------------------------------------------------------------- He et al. 2015
def he(file, wrong):
    def inst():
        nl, vyp = pos(1, 500), pos()
        vw, ex = 2 / nl, vyp / 2
        vwx = vw * ex
        return nl, vw, vyp, ex, vwx, nl * vwx

    true_link(file, "variance.1", lambda: (lambda nl, vw, vyp, ex, vwx, vy: (vy, "=", nl * vwx))(*inst()))
    true_link(file, "variance.2", lambda: (lambda nl, vw, vyp, ex, vwx, vy: (nl * vwx, "=", nl * vw * ex))(*inst()))
    if wrong:
        nl, vw, vyp, ex = 1.0, 2.0, 1.0, 0.5
        false_link(file, "variance.3", nl * vw * ex, "=", nl * vw * vyp)
    else:
        true_link(file, "variance.3", lambda: (lambda nl, vw, vyp, ex, vwx, vy: (nl * vw * ex, "=", nl * vw * vyp / 2))(*inst()))
    true_link(file, "condition.1", lambda: (lambda nl, vw, vyp, ex, vwx, vy: (nl * vw / 2, "=", 1))(*inst()))
    true_link(file, "conclusion", lambda: (lambda nl, vw, vyp, ex, vwx, vy: (vy, "=", vyp))(*inst()))


# ---------------------------------------------------------------- Zinkevich 2003
def zinkevich(file, wrong):
    def inst():
        n = dim()
        x, xs, g, eta = rng.normal(size=n) * 3, rng.normal(size=n) * 3, rng.normal(size=n) * 3, pos()
        y = x - eta * g
        # a projection onto a ball around x* (a convex set holding x*), or none
        radius = pos(0, 2 * n2(y - xs) + 1)
        xn = y if n2(y - xs) <= radius else xs + radius * (y - xs) / n2(y - xs)
        return x, xs, g, eta, xn

    true_link(file, "distance.1", lambda: (lambda x, xs, g, eta, xn: (n2(xn - xs) ** 2, "<=", n2(x - eta * g - xs) ** 2))(*inst()))
    if wrong:
        e = np.array([1.0, 0.0])
        x, xs, g, eta = e, np.zeros(2), e, 1.0
        false_link(file, "distance.2", n2(x - eta * g - xs) ** 2, "=", n2(x - xs) ** 2 + 2 * eta * (x - xs) @ g + eta ** 2 * n2(g) ** 2)
    else:
        true_link(file, "distance.2", lambda: (lambda x, xs, g, eta, xn: (
            n2(x - eta * g - xs) ** 2, "=", n2(x - xs) ** 2 - 2 * eta * (x - xs) @ g + eta ** 2 * n2(g) ** 2))(*inst()))
    true_link(file, "regret_term.1", lambda: (lambda x, xs, g, eta, xn: (
        g @ (x - xs), "<=", (n2(x - xs) ** 2 - n2(xn - xs) ** 2) / (2 * eta) + eta / 2 * n2(g) ** 2))(*inst()))


# ---------------------------------------------------------------- Duchi, Hazan & Singer 2011
def duchi(file, wrong):
    def inst():
        Z = pos(0.001, 10)
        a2 = Z * rng.choice([1.0, rng.uniform(0, 1), 0.0])
        return Z, a2

    if wrong:
        Z, a2 = 1.0, 0.5
        false_link(file, "concavity.1", np.sqrt(Z - a2), "<=", np.sqrt(Z) - a2 / np.sqrt(Z))
    else:
        true_link(file, "concavity.1", lambda: (lambda Z, a2: (np.sqrt(Z - a2), "<=", np.sqrt(Z) - a2 / (2 * np.sqrt(Z))))(*inst()))
    true_link(file, "induction.1", lambda: (lambda Z, a2: (2 * np.sqrt(Z - a2) + a2 / np.sqrt(Z), "<=", 2 * np.sqrt(Z)))(*inst()))


# ---------------------------------------------------------------- Reddi, Kale & Kumar 2018
def reddi(file, wrong):
    def inst():
        vh, vn, t, alpha = pos(0, 5), pos(0, 5) * rng.choice([0, 1]), pos(1, 1000), pos()
        return max(vh, vn), vh, t, alpha

    if wrong:
        vh, g, b2, t, alpha = 1.0, 0.0, 0.25, 1.0, 1.0
        vnext = b2 * vh + (1 - b2) * g ** 2
        false_link(file, "monotone.1", vnext, ">=", vh)
        false_link(file, "gamma.1", np.sqrt(vnext) / (alpha / np.sqrt(t + 1)), ">=", np.sqrt(vh) / (alpha / np.sqrt(t)))
        false_link(file, "conclusion", np.sqrt(vnext) / (alpha / np.sqrt(t + 1)) - np.sqrt(vh) / (alpha / np.sqrt(t)), ">=", 0)
        return
    true_link(file, "monotone.1", lambda: (lambda vnext, vh, t, alpha: (vnext, ">=", vh))(*inst()))
    true_link(file, "gamma.1", lambda: (lambda vnext, vh, t, alpha: (
        np.sqrt(vnext) / (alpha / np.sqrt(t + 1)), ">=", np.sqrt(vh) / (alpha / np.sqrt(t))))(*inst()))
    true_link(file, "conclusion", lambda: (lambda vnext, vh, t, alpha: (
        np.sqrt(vnext) / (alpha / np.sqrt(t + 1)) - np.sqrt(vh) / (alpha / np.sqrt(t)), ">=", 0))(*inst()))


# ---------------------------------------------------------------- Carlini & Wagner 2017
def carlini(file, wrong):
    delta = (lambda w, x: np.tanh(w) - x) if wrong else (lambda w, x: (np.tanh(w) + 1) / 2 - x)
    inst = lambda: (rng.normal() * rng.choice([0.1, 1, 10]), rng.uniform(0, 1))
    if wrong:
        false_link(file, "upper.1", 0.3 + delta(0.0, 0.3), "=", (np.tanh(0.0) + 1) / 2)
        false_link(file, "lower.1", 0.3 + delta(-1.0, 0.3), ">=", 0)
    else:
        true_link(file, "upper.1", lambda: (lambda w, x: (x + delta(w, x), "=", (np.tanh(w) + 1) / 2))(*inst()))
        true_link(file, "lower.1", lambda: (lambda w, x: (x + delta(w, x), ">=", 0))(*inst()))
    true_link(file, "upper.2", lambda: (lambda w, x: ((np.tanh(w) + 1) / 2, "<=", 1))(*inst()))


# ---------------------------------------------------------------- Wong & Kolter 2018
def wong(file, wrong):
    def inst():
        l, u = -pos(), pos()
        return rng.choice([l, u, rng.uniform(l, u), 0.0]), l, u

    true_link(file, "nonneg.1", lambda: (lambda z, l, u: (relu(z), ">=", 0))(*inst()))
    true_link(file, "above_input.1", lambda: (lambda z, l, u: (relu(z), ">=", z))(*inst()))
    if wrong:
        z, l, u = -1.0, -1.0, 1.0
        false_link(file, "upper_face.1", -u * z + (u - l) * relu(z), "<=", u * l)
    else:
        true_link(file, "upper_face.1", lambda: (lambda z, l, u: (-u * z + (u - l) * relu(z), "<=", -u * l))(*inst()))


# ---------------------------------------------------------------- Gowal et al. 2018
def gowal(file, wrong):
    def inst():
        lo = rng.normal() * 3
        hi = lo + pos(0, 5)
        return rng.normal() * 3, rng.normal(), rng.choice([lo, hi, rng.uniform(lo, hi)]), lo, hi

    mu, r = (lambda lo, hi: (hi + lo) / 2), (lambda lo, hi: (hi - lo) / 2)
    if wrong:
        w, b, z, lo, hi = -1.0, 0.0, 0.0, 0.0, 2.0
        false_link(file, "upper.1", w * z + b, "<=", w * mu(lo, hi) + w * r(lo, hi) + b)
    else:
        true_link(file, "upper.1", lambda: (lambda w, b, z, lo, hi: (
            w * z + b, "<=", w * mu(lo, hi) + abs(w) * r(lo, hi) + b))(*inst()))
    true_link(file, "lower.1", lambda: (lambda w, b, z, lo, hi: (
        w * z + b, ">=", w * mu(lo, hi) - abs(w) * r(lo, hi) + b))(*inst()))


# ---------------------------------------------------------------- Wang & Isola 2020
def wang(file, wrong):
    def inst():
        n = dim()
        u, v = rng.normal(size=n), rng.normal(size=n)
        v = u if rng.random() < 0.2 else v
        return u / n2(u), v / n2(v), pos(0.01, 3)

    if wrong:
        u = v = np.array([1.0, 0.0])
        false_link(file, "kernel.1", np.exp(-1 * n2(u - v) ** 2), "=", np.exp(2 * 1 * (u @ v) + 2 * 1))
    else:
        true_link(file, "kernel.1", lambda: (lambda u, v, t: (np.exp(-t * n2(u - v) ** 2), "=", np.exp(2 * t * (u @ v) - 2 * t)))(*inst()))
    true_link(file, "conclusion", lambda: (lambda u, v, t: (np.exp(2 * t * (u @ v) - 2 * t), "<=", 1))(*inst()))


# ---------------------------------------------------------------- You, Gitman & Ginsburg 2017
def you(file, wrong):
    def inst():
        n = dim()
        w, g = rng.normal(size=n) * pos(), rng.normal(size=n) * pos()
        gamma, eta, beta = pos(), pos(), pos(0, 2) * rng.choice([0, 1])
        lam = eta * n2(w) / (n2(g) if wrong else n2(g) + beta * n2(w))
        return w, g, gamma, eta, beta, lam

    true_link(file, "update.1", lambda: (lambda w, g, gamma, eta, beta, lam: (
        n2(gamma * lam * (g + beta * w)), "=", gamma * lam * n2(g + beta * w)))(*inst()))
    true_link(file, "update.2", lambda: (lambda w, g, gamma, eta, beta, lam: (
        gamma * lam * n2(g + beta * w), "<=", gamma * lam * (n2(g) + beta * n2(w))))(*inst()))
    if wrong:
        w = g = np.array([1.0, 0.0])
        gamma = eta = beta = 1.0
        lam = eta * n2(w) / n2(g)
        false_link(file, "update.3", gamma * lam * (n2(g) + beta * n2(w)), "=", gamma * eta * n2(w))
    else:
        true_link(file, "update.3", lambda: (lambda w, g, gamma, eta, beta, lam: (
            gamma * lam * (n2(g) + beta * n2(w)), "=", gamma * eta * n2(w)))(*inst()))


# ---------------------------------------------------------------- Mescheder, Geiger & Nowozin 2018
def mescheder(file, wrong):
    def inst():
        gamma = pos()
        a = rng.choice([-1, 1]) * rng.uniform(1e-3, 1) * gamma / 2  # 0 < a² ≤ γ²/4
        return pos(), a, gamma

    true_link(file, "simultaneous.1", lambda: (lambda h, a, gamma: (np.sqrt(1 + h ** 2 * a ** 2), ">", 1))(*inst()))
    if wrong:
        gamma, a = 2.0, 1.0
        false_link(file, "penalty.1", -gamma / 2 + np.sqrt(gamma ** 2 / 4 + a ** 2), "<", 0)
    else:
        true_link(file, "penalty.1", lambda: (lambda h, a, gamma: (-gamma / 2 + np.sqrt(gamma ** 2 / 4 - a ** 2), "<", 0))(*inst()))


he("he_init.yaml", False)
he("he_init_wrong.yaml", True)
zinkevich("zinkevich_ogd.yaml", False)
zinkevich("zinkevich_ogd_wrong.yaml", True)
duchi("duchi_adagrad.yaml", False)
duchi("duchi_adagrad_wrong.yaml", True)
reddi("reddi_amsgrad.yaml", False)
reddi("reddi_amsgrad_wrong.yaml", True)
carlini("carlini_wagner.yaml", False)
carlini("carlini_wagner_wrong.yaml", True)
wong("wong_kolter.yaml", False)
wong("wong_kolter_wrong.yaml", True)
gowal("gowal_ibp.yaml", False)
gowal("gowal_ibp_wrong.yaml", True)
wang("wang_isola.yaml", False)
wang("wang_isola_wrong.yaml", True)
you("you_lars.yaml", False)
you("you_lars_wrong.yaml", True)
mescheder("mescheder_gan.yaml", False)
mescheder("mescheder_gan_wrong.yaml", True)
report()
