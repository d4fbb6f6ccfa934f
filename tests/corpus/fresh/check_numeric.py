#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh (numpy only), one check per link of expected.tsv.

A link decided true is checked on random instances that satisfy its file's premises (it must hold on every
one); a link decided false is checked on a concrete counterexample that satisfies the premises (it must fail
there). Prints one line per link and exits 1 when a check disagrees with the verdict decided beforehand.

    python tests/corpus/fresh/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n2, n1, smax, rho, relu, true_link, false_link, dims, lip_act, rand_mat, report  # noqa: E402


# ---------------------------------------------------------------- Miyato et al. 2018
def miyato(file, wrong):
    def inst():
        n, m = dims()
        W1 = rand_mat(n, n)
        while (rho(W1) if wrong else smax(W1)) < 1e-6:
            W1 = rand_mat(n, n)
        W2 = rand_mat(m, n)
        while smax(W2) < 1e-6:
            W2 = rand_mat(m, n)
        V1 = W1 / (rho(W1) if wrong else smax(W1))
        V2 = W2 / smax(W2)
        x, y = rng.normal(size=n), rng.normal(size=n)
        return W1, W2, V1, V2, x, y, lip_act()

    def lip(i):
        def g():
            W1, W2, V1, V2, x, y, a = inst()
            return [(n2(V2 @ a(V1 @ x) - V2 @ a(V1 @ y)), "<=", smax(V2) * n2(a(V1 @ x) - a(V1 @ y))),
                    (smax(V2) * n2(a(V1 @ x) - a(V1 @ y)), "<=", smax(V2) * n2(V1 @ x - V1 @ y)),
                    (smax(V2) * n2(V1 @ x - V1 @ y), "<=", smax(V2) * smax(V1) * n2(x - y))][i]
        return g

    for i in range(3):
        true_link(file, f"lip.{i + 1}", lip(i))

    def sn1_1():
        W1 = inst()[0]
        s = rho(W1) if wrong else smax(W1)
        return smax(W1 / s), "=", smax(W1) / s
    true_link(file, "sn1.1", sn1_1)
    if wrong:
        W1 = np.array([[1.0, 1.0], [0.0, 1.0]])  # ρ = 1, σ = (1 + √5)/2
        false_link(file, "sn1.2", smax(W1) / rho(W1), "=", 1)
        V1, V2 = W1 / rho(W1), np.eye(2)
        _, _, vt = np.linalg.svd(W1)
        x, y = vt[0], np.zeros(2)  # the top right singular vector; a = identity
        false_link(file, "conclusion", n2(V2 @ (V1 @ x) - V2 @ (V1 @ y)), "<=", n2(x - y))
    else:
        true_link(file, "sn1.2", lambda: (lambda W1: (smax(W1) / smax(W1), "=", 1))(inst()[0]))
        def concl():
            W1, W2, V1, V2, x, y, a = inst()
            return n2(V2 @ a(V1 @ x) - V2 @ a(V1 @ y)), "<=", n2(x - y)
        true_link(file, "conclusion", concl)

    def sn2_1():
        W2 = inst()[1]
        return smax(W2 / smax(W2)), "=", smax(W2) / smax(W2)
    true_link(file, "sn2.1", sn2_1)
    true_link(file, "sn2.2", lambda: (lambda W2: (smax(W2) / smax(W2), "=", 1))(inst()[1]))


# ---------------------------------------------------------------- Karimi et al. 2016
def karimi(file, wrong):
    def inst():
        d = int(rng.integers(1, 5))
        L, mu = rng.uniform(0.1, 5), rng.uniform(0.01, 5)
        x, g = rng.normal(size=d), rng.normal(size=d) * rng.choice([0.1, 1, 3])
        f_star = rng.normal()
        # PL: ½‖g‖² ≥ μ (f_k − f*): f_k anywhere up to f* + ½‖g‖²/μ
        f_k = f_star + rng.uniform(-2, 1) * 0.5 * g @ g / mu
        xn = x - g / L
        f_next = f_k + g @ (xn - x) + L / 2 * (xn - x) @ (xn - x) - rng.choice([0, rng.uniform(0, 3)])
        return L, mu, x, g, f_star, f_k, f_next, xn

    def d1():
        L, mu, x, g, fs, fk, fn, xn = inst()
        return fn - fk, "<=", g @ (xn - x) + L / 2 * (xn - x) @ (xn - x)

    def d2():
        L, mu, x, g, fs, fk, fn, xn = inst()
        return g @ (xn - x) + L / 2 * (xn - x) @ (xn - x), "=", -1 / (2 * L) * g @ g

    true_link(file, "descent.1", d1)
    true_link(file, "descent.2", d2)
    if wrong:
        # PL tight: ½‖g‖² = μ (f_k − f*) > 0, f_next at the smoothness bound
        L, mu, g, f_star = 2.0, 0.5, np.array([1.0]), 0.0
        f_k = f_star + 0.5 * g @ g / mu
        f_next = f_k - g @ g / (2 * L)
        false_link(file, "descent.3", -1 / (2 * L) * g @ g, "<=", -(2 * mu / L) * (f_k - f_star))
        false_link(file, "rate.1", f_next - f_star, "<=", (1 - 2 * mu / L) * (f_k - f_star))
    else:
        def d3():
            L, mu, x, g, fs, fk, fn, xn = inst()
            return -1 / (2 * L) * g @ g, "<=", -(mu / L) * (fk - fs)

        def r1():
            L, mu, x, g, fs, fk, fn, xn = inst()
            return fn - fs, "<=", (1 - mu / L) * (fk - fs)
        true_link(file, "descent.3", d3)
        true_link(file, "rate.1", r1)


# ---------------------------------------------------------------- Neyshabur et al. 2018
def neyshabur(file, wrong):
    def inst():
        n, m = dims()
        W, U = rand_mat(m, n), rand_mat(m, n)
        d = rng.uniform(0.1, 5)
        if n2(U) > n2(W) / d:  # the premise ‖U‖ ≤ ‖W‖/d
            U = U * (n2(W) / d) / n2(U) * rng.uniform(0, 1)
        a, b = rng.normal(size=n), rng.normal(size=n) * rng.choice([0, 1])
        return W, U, a, b, d

    def link(i):
        def g():
            W, U, a, b, d = inst()
            nw, nu, D = n2(W), n2(U), n2(a - b)
            pa, pb = relu(a), relu(b)
            first = nw if wrong else nw + nu
            terms = [n2((W + U) @ pa - W @ pb),
                     n2((W + U) @ (pa - pb) + U @ pb),
                     first * n2(pa - pb) + nu * n2(pb),
                     first * n2(a - b) + nu * n2(b),
                     first * D + nu * n2(b),
                     (1 + 1 / d) * nw * D + nu * n2(b)]
            rel = ["=", "<=", "<=", "=", "<="][i]
            return terms[i], rel, terms[i + 1]
        return g

    for i in range(5):
        if wrong and i == 1:
            W = U = np.eye(2)
            a, b = np.array([1.0, 0.0]), np.zeros(2)  # premise with d = 1
            false_link(file, "step.2", n2((W + U) @ (relu(a) - relu(b)) + U @ relu(b)), "<=",
                       n2(W) * n2(relu(a) - relu(b)) + n2(U) * n2(relu(b)))
        else:
            true_link(file, f"step.{i + 1}", link(i))


# ---------------------------------------------------------------- Szegedy et al. 2014
def szegedy(file):
    def inst():
        n, m = dims()
        p = int(rng.integers(1, 5))
        return (rand_mat(m, n), rand_mat(p, m), rng.normal(size=m), rng.normal(size=p), rng.normal(size=n),
                rng.normal(size=n) * rng.choice([0.01, 1]))

    def link(i):
        def g():
            W1, W2, b1, b2, x, r = inst()
            p1x, p1xr = relu(W1 @ x + b1), relu(W1 @ (x + r) + b1)
            return [(n2(p1x - p1xr), "=", n2(relu(W1 @ x + b1) - relu(W1 @ (x + r) + b1))),
                    (n2(p1x - p1xr), "<=", n2(W1 @ r)),
                    (n2(W1 @ r), "<=", n2(W1) * n2(r)),
                    (n2(relu(W2 @ p1x + b2) - relu(W2 @ p1xr + b2)), "<=", n2(W2) * n2(p1x - p1xr)),
                    (n2(W2) * n2(p1x - p1xr), "<=", n2(W2) * n2(W1) * n2(r))][i]
        return g

    for i, name in enumerate(["layer.1", "layer.2", "layer.3", "network.1", "network.2"]):
        true_link(file, name, link(i))


# ---------------------------------------------------------------- Goodfellow et al. 2015
def goodfellow(file, wrong):
    def inst():
        n = int(rng.integers(1, 6))
        eps = rng.uniform(0.01, 2)
        w, x = rng.normal(size=n), rng.normal(size=n)
        eta = rng.uniform(-1, 1, size=n) * eps
        if rng.random() < 0.3:
            eta = eps * np.sign(w)
        return n, eps, w, x, eta

    def dot():
        n, eps, w, x, eta = inst()
        return w @ (x + eta), "=", w @ x + w @ eta
    true_link(file, "dot.1", dot)
    if wrong:
        w, eps = np.array([1.0, 1.0]), 0.5
        eta = eps * np.sign(w)
        false_link(file, "growth.1", w @ eta, "<=", eps * n2(w))
    else:
        def growth():
            n, eps, w, x, eta = inst()
            m = n1(w) / n
            return w @ eta, "<=", eps * m * n
        true_link(file, "growth.1", growth)


# ---------------------------------------------------------------- Weng et al. 2018
def weng(file, wrong):
    def inst():
        d = int(rng.integers(1, 5))
        L = rng.uniform(0.1, 5)
        g_x = rng.uniform(0, 5)
        delta = rng.normal(size=d)
        delta *= rng.uniform(0, 1) * (g_x * L if wrong else g_x / L) / max(n2(delta), 1e-12)  # the radius premise
        g_xd = g_x + rng.uniform(-1, 1) * L * n2(delta)  # |g(x) − g(x+δ)| ≤ L‖δ‖
        return L, g_x, g_xd, delta

    def l1():
        L, gx, gxd, delta = inst()
        return gxd, ">=", gx - L * n2(delta)

    def l2():
        L, gx, gxd, delta = inst()
        return gx - L * n2(delta), ">=", 0

    def concl():
        L, gx, gxd, delta = inst()
        return gxd, ">=", 0
    true_link(file, "lower.1", l1)
    if wrong:  # L = 2, g(x) = 1, ‖δ‖ = 2 ≤ g(x)·L, g(x + δ) = −3 (|g(x) − g(x + δ)| = 4 ≤ L‖δ‖)
        L, g_x, delta = 2.0, 1.0, np.array([2.0])
        g_xd = g_x - L * n2(delta)
        false_link(file, "lower.2", g_x - L * n2(delta), ">=", 0)
        false_link(file, "conclusion", g_xd, ">=", 0)
    else:
        true_link(file, "lower.2", l2)
        true_link(file, "conclusion", concl)


# ---------------------------------------------------------------- Salimans & Kingma 2016
def salimans(file, wrong):
    def inst():
        k = int(rng.integers(1, 6))
        v = rng.normal(size=k)
        dv = rng.normal(size=k) * rng.choice([0, 0.1, 3])
        dv -= (v @ dv) / (v @ v) * v  # Δv ⟂ v
        G, g = rng.normal(size=k), rng.uniform(0.01, 5)
        return v, dv, G, g

    def scale():
        v, dv, G, g = inst()
        return n2(g / n2(v) * v), "=", g

    def projection():
        v, dv, G, g = inst()
        w = g / n2(v) * v
        M = np.eye(len(v)) - np.outer(w, w) / (w @ w)
        return v @ (g / n2(v) * M @ G), "=", 0

    def g2():
        v, dv, G, g = inst()
        C = n2(dv) / n2(v)
        return ((1 + C) if wrong else np.sqrt(1 + C * C)) * n2(v), ">=", n2(v)
    true_link(file, "scale.1", scale)
    true_link(file, "projection.1", projection)
    if wrong:
        v, dv = np.array([1.0, 0.0]), np.array([0.0, 1.0])
        false_link(file, "growth.1", n2(v + dv), "=", (1 + n2(dv) / n2(v)) * n2(v))
    else:
        def g1():
            v, dv, G, g = inst()
            return n2(v + dv), "=", np.sqrt(1 + (n2(dv) / n2(v)) ** 2) * n2(v)
        true_link(file, "growth.1", g1)
    true_link(file, "growth.2", g2)


# ---------------------------------------------------------------- Mhammedi et al. 2017
def mhammedi(file, wrong):
    c = 1 if wrong else 2

    def H(u):
        return np.eye(len(u)) - c * np.outer(u, u) / (u @ u)
    if wrong:
        u = np.array([1.0, 0.0])
        false_link(file, "orthogonal.1", H(u).T @ H(u), "=", np.eye(2))
        false_link(file, "isometry.1", n2(H(u) @ u), "=", n2(u))
    else:
        def orth():
            u = rng.normal(size=int(rng.integers(1, 6)))
            return H(u).T @ H(u), "=", np.eye(len(u))

        def iso():
            n = int(rng.integers(1, 6))
            u, h = rng.normal(size=n), rng.normal(size=n)
            return n2(H(u) @ h), "=", n2(h)
        true_link(file, "orthogonal.1", orth)
        true_link(file, "isometry.1", iso)


# ---------------------------------------------------------------- Orvieto et al. 2023
def orvieto(file, wrong):
    def unroll():
        n, p = dims()
        A, B = rand_mat(n, n) * 0.7, rand_mat(n, p)
        k = int(rng.integers(0, 8))
        u = rng.normal(size=(k + 1, p))
        x = np.zeros(n)
        for t in range(1, k + 1):
            x = A @ x + B @ u[t]
        closed = sum((np.linalg.matrix_power(A, j) @ B @ u[k - j] for j in range(k)), np.zeros(n))
        return x, "=", closed

    def lam_k():
        return rng.uniform(-1, 1) * (1 - 1e-9), int(rng.integers(0, 30))

    def n1_():
        lam, k = lam_k()
        gamma2 = 1 - lam ** 2
        return gamma2 * sum(lam ** (2 * j) for j in range(k)), "<=", gamma2 / (1 - lam ** 2)

    def n2_():
        lam, k = lam_k()
        return (np.sqrt(1 - lam ** 2)) ** 2 / (1 - lam ** 2), "=", 1
    if wrong:  # A = 0, B = I, k = 1: x_1 = u_1, the sum gives u_0
        u = np.array([[1.0], [2.0]])
        x1 = np.zeros((1, 1)) @ np.zeros(1) + np.eye(1) @ u[1]
        false_link(file, "unroll.1", x1, "=", np.eye(1) @ u[0])
    else:
        true_link(file, "unroll.1", unroll)
    true_link(file, "normalization.1", n1_)
    true_link(file, "normalization.2", n2_)


# ---------------------------------------------------------------- Ciccone et al. 2018
def ciccone(file, wrong):
    def inst():
        n = int(rng.integers(1, 6))
        R, x, eps = rand_mat(n, n), rng.normal(size=n), rng.uniform(0.001, 3)
        return R, x, eps, -R.T @ R - eps * np.eye(n)

    def link(i):
        def g():
            R, x, eps, A = inst()
            return [(x @ A @ x, "=", -n2(R @ x) ** 2 - eps * x @ x),
                    (-n2(R @ x) ** 2 - eps * x @ x, "<=", -eps * x @ x),
                    (-eps * x @ x, "<", 0)][i]
        return g
    for i in range(3):
        if wrong and i == 0:  # A = RᵀR − εI: R = I, x = e₁, ε = ½ gives xᵀAx = ½, not −3/2
            R, x, eps = np.eye(2), np.array([1.0, 0.0]), 0.5
            false_link(file, "negdef.1", x @ (R.T @ R - eps * np.eye(2)) @ x, "=", -n2(R @ x) ** 2 - eps * x @ x)
        else:
            true_link(file, f"negdef.{i + 1}", link(i))


# ---------------------------------------------------------------- Hein & Andriushchenko 2017
def hein(file, wrong):
    def inst():
        d = int(rng.integers(1, 5))
        M = rng.uniform(0.1, 5)
        G = rng.normal(size=d)
        G *= rng.uniform(0, 1) * M / max(n2(G), 1e-12)  # ‖G‖ ≤ M
        fc, fj = rng.normal(), rng.normal()
        fc, fj = max(fc, fj) + rng.uniform(0.01, 2), min(fc, fj)  # f_c(x) > f_j(x): the radius is positive
        delta = rng.normal(size=d)
        delta *= rng.uniform(0, 1) * (fc - fj) / M / max(n2(delta), 1e-12)  # ‖δ‖ < (f_c − f_j)/M
        fc_d = rng.normal()
        fj_d = fc_d + fj - fc + G @ delta  # the mean value premise
        return M, G, fc, fj, fc_d, fj_d, delta

    def link(i):
        def g():
            M, G, fc, fj, fc_d, fj_d, delta = inst()
            return [(fj_d - fc_d, "=", fj - fc + G @ delta),
                    (fj - fc + G @ delta, "<=", fj - fc + n2(delta) * M),
                    (fj - fc + n2(delta) * M, "<", 0)][i]
        return g
    for i in range(3):
        if wrong and i == 2:  # on the closed radius's boundary: d = 1, M = 1, G = 0, δ = 1, f_c(x) = 1, f_j(x) = 0
            M, fc, fj, delta = 1.0, 1.0, 0.0, np.array([1.0])
            false_link(file, "guarantee.3", fj - fc + n2(delta) * M, "<", 0)
        else:
            true_link(file, f"guarantee.{i + 1}", link(i))


miyato("miyato_sn.yaml", False)
miyato("miyato_sn_wrong.yaml", True)
karimi("karimi_pl.yaml", False)
karimi("karimi_pl_wrong.yaml", True)
neyshabur("neyshabur_perturbation.yaml", False)
neyshabur("neyshabur_perturbation_wrong.yaml", True)
szegedy("szegedy_instability.yaml")
goodfellow("goodfellow_fgsm.yaml", False)
goodfellow("goodfellow_fgsm_wrong.yaml", True)
weng("weng_clever.yaml", False)
weng("weng_clever_wrong.yaml", True)
salimans("salimans_weightnorm.yaml", False)
salimans("salimans_weightnorm_wrong.yaml", True)
mhammedi("mhammedi_householder.yaml", False)
mhammedi("mhammedi_householder_wrong.yaml", True)
orvieto("orvieto_lru.yaml", False)
orvieto("orvieto_lru_wrong.yaml", True)
ciccone("ciccone_naisnet.yaml", False)
ciccone("ciccone_naisnet_wrong.yaml", True)
hein("hein_guarantee.yaml", False)
hein("hein_guarantee_wrong.yaml", True)

report()
