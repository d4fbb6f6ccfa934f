#!/usr/bin/env python3
"""Numeric re-check of every link in tests/corpus/fresh2 (numpy only), one check per link of expected.tsv.

A link decided true is checked on random instances that satisfy its file's premises (it must hold on every
one); a link decided false is checked on a concrete counterexample that satisfies the premises (it must fail
there). Prints one line per link and exits 1 when a check disagrees with the verdict decided beforehand.

    python tests/corpus/fresh2/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import rng, n2, smin, relu, relu_d, tanh_d, true_link, false_link, dim, rand_mat, report  # noqa: E402


# ---------------------------------------------------------------- Kingma & Ba 2015
def kingma(file, wrong):
    def inst():
        a = rng.uniform(0.01, 3)
        b1, b2 = rng.uniform(0, 1), rng.choice([0.0, rng.uniform(0, 1)])
        g = rng.choice([-1, 1]) * rng.uniform(0.01, 5)
        m, v = (1 - b1) * g, (1 - b2) * g ** 2
        return a, b1, b2, g, m, v

    def step1():
        a, b1, b2, g, m, v = inst()
        return abs(a * m / np.sqrt(v)), "=", a * (1 - b1) * abs(g) / (np.sqrt(1 - b2) * abs(g))
    true_link(file, "step.1", step1)
    if wrong:
        a, b1, b2, g = 1.0, 0.0, 0.75, 1.0
        false_link(file, "step.2", a * (1 - b1) * abs(g) / (np.sqrt(1 - b2) * abs(g)), "=", a * (1 - b1) / (1 - b2))
        def concl():
            a, b1, b2, g, m, v = inst()
            return abs(a * m / np.sqrt(v)), "<=", a * (1 - b1) / (1 - b2)
    else:
        def step2():
            a, b1, b2, g, m, v = inst()
            return a * (1 - b1) * abs(g) / (np.sqrt(1 - b2) * abs(g)), "=", a * (1 - b1) / np.sqrt(1 - b2)
        true_link(file, "step.2", step2)
        def concl():
            a, b1, b2, g, m, v = inst()
            return abs(a * m / np.sqrt(v)), "<=", a * (1 - b1) / np.sqrt(1 - b2)
    true_link(file, "conclusion", concl)


# ---------------------------------------------------------------- Cohen, Rosenfeld & Kolter 2019
def cohen(file, wrong):
    def inst():
        s, qa = rng.uniform(0.01, 3), rng.uniform(0.001, 4)
        qb = -qa - rng.choice([0.0, rng.uniform(0, 4)])
        return s, qa, qb
    if wrong:
        s, qa, qb = 1.0, 1.0, -2.0
        false_link(file, "radius.1", s / 2 * (qa - qb), "<=", s / 2 * (qa + qa))
    else:
        true_link(file, "radius.1", lambda: (lambda s, qa, qb: (s / 2 * (qa - qb), ">=", s / 2 * (qa + qa)))(*inst()))
    true_link(file, "radius.2", lambda: (lambda s, qa, qb: (s / 2 * (qa + qa), "=", s * qa))(*inst()))
    true_link(file, "conclusion", lambda: (lambda s, qa, qb: (s / 2 * (qa - qb), ">", 0))(*inst()))


# ---------------------------------------------------------------- Ioffe & Szegedy 2015
def ioffe(file, wrong):
    def bn(P, U, w, mb):
        return np.sqrt(mb) * P @ U @ w / np.linalg.norm(P @ U @ w)

    if wrong:
        m, d = 3, 2
        P = np.eye(m) - np.ones((m, m)) / m
        U, w = rng.normal(size=(m, d)), rng.normal(size=d)
        false_link(file, "scale.1", bn(P, U, -1.0 * w, m), "=", bn(P, U, w, m))
    else:
        def g():
            m, d = int(rng.integers(2, 6)), dim()
            P = np.eye(m) - np.ones((m, m)) / m if rng.random() < 0.5 else rand_mat(m, m)
            U, w = rand_mat(m, d), rng.normal(size=d)
            while np.linalg.norm(P @ U @ w) < 1e-6:
                U, w = rand_mat(m, d), rng.normal(size=d)
            a = rng.uniform(1e-3, 10)
            return bn(P, U, a * w, m), "=", bn(P, U, w, m)
        true_link(file, "scale.1", g)


# ---------------------------------------------------------------- Anil, Lucas & Grosse 2019
def anil(file, wrong):
    def pts():
        v = rng.normal(size=4) * rng.choice([0.1, 1, 5])
        if rng.random() < 0.3:
            v[rng.integers(4)] = v[rng.integers(4)]  # ties
        return v
    true_link(file, "maxmin_norm.1",
              lambda: (lambda a, b, c, d: (max(a, b) ** 2 + min(a, b) ** 2, "=", a ** 2 + b ** 2))(*pts()))
    true_link(file, "maxmin_lipschitz.1",
              lambda: (lambda a, b, c, d: ((max(a, b) - max(c, d)) ** 2 + (min(a, b) - min(c, d)) ** 2, "<=",
                                           (a - c) ** 2 + (b - d) ** 2))(*pts()))

    def zg():
        n = dim()
        return rng.normal(size=n), rng.normal(size=n)
    true_link(file, "relu_gradient.1",
              lambda: (lambda z, g: (n2(np.diag(relu_d(z)) @ g), "<=", n2(np.diag(relu_d(z))) * n2(g)))(*zg()))
    if wrong:
        z, g = np.array([-1.0]), np.array([1.0])
        false_link(file, "relu_gradient.2", n2(np.diag(relu_d(z))) * n2(g), "=", n2(g))
    else:
        true_link(file, "relu_gradient.2",
                  lambda: (lambda z, g: (n2(np.diag(relu_d(z))) * n2(g), "<=", n2(g)))(*zg()))


# ---------------------------------------------------------------- Trockman & Kolter 2021
def trockman(file, wrong):
    inv = np.linalg.inv

    def inst():
        n = dim()
        M = rand_mat(n, n)
        A = M - M.T
        I = np.eye(n)
        assert smin(I + A) >= 1 - 1e-9 and smin(I - A) >= 1 - 1e-9  # the premises hold for every skew A
        return I, A, (I - A) @ inv(I + A)

    true_link(file, "orthogonal.1", lambda: (lambda I, A, Q: (Q.T @ Q, "=", inv(I + A).T @ (I - A).T @ (I - A) @ inv(I + A)))(*inst()))
    if wrong:
        M = np.array([[0.0, 1.0], [0.0, 0.0]])
        A, I = M - M.T, np.eye(2)
        false_link(file, "orthogonal.2", inv(I + A).T @ (I - A).T @ (I - A) @ inv(I + A), "=",
                   inv(I + A) @ (I + A) @ (I - A) @ inv(I + A))
        false_link(file, "orthogonal.3", inv(I + A) @ (I + A) @ (I - A) @ inv(I + A), "=", I)
    else:
        true_link(file, "orthogonal.2", lambda: (lambda I, A, Q: (inv(I + A).T @ (I - A).T @ (I - A) @ inv(I + A), "=",
                                                                   inv(I - A) @ (I + A) @ (I - A) @ inv(I + A)))(*inst()))
        true_link(file, "orthogonal.3", lambda: (lambda I, A, Q: (inv(I - A) @ (I + A) @ (I - A) @ inv(I + A), "=", I))(*inst()))


# ---------------------------------------------------------------- Erichson et al. 2021
def erichson(file, wrong):
    def inst():
        n = dim()
        M, h = rand_mat(n, n), rng.normal(size=n)
        beta = rng.choice([0.0, 1.0, rng.uniform(0, 1)])
        gamma = 2 * (1 - beta) * n2(M) + rng.uniform(1e-3, 3)
        A = (1 - beta) * (M + M.T) + beta * (M - M.T) - gamma * np.eye(n)
        return M, h, beta, gamma, A

    def q1(M, h, b, g, A):
        return b * h @ (M + M.T) @ h - g * h @ h if wrong else (1 - b) * h @ (M + M.T) @ h - g * h @ h
    if wrong:
        M, h, b, g = np.array([[1.0]]), np.array([1.0]), 0.0, 3.0
        A = (1 - b) * (M + M.T) + b * (M - M.T) - g * np.eye(1)
        false_link(file, "quadratic.1", h @ A @ h, "=", q1(M, h, b, g, A))
        M, h, b, g = np.array([[1.0]]), np.array([1.0]), 1.0, 1.0
        A = (1 - b) * (M + M.T) + b * (M - M.T) - g * np.eye(1)
        false_link(file, "quadratic.2", q1(M, h, b, g, A), "<=", (1 - b) * n2(M + M.T) * (h @ h) - g * (h @ h))
    else:
        true_link(file, "quadratic.1", lambda: (lambda M, h, b, g, A: (h @ A @ h, "=", q1(M, h, b, g, A)))(*inst()))
        true_link(file, "quadratic.2", lambda: (lambda M, h, b, g, A: (q1(M, h, b, g, A), "<=",
                                                                        (1 - b) * n2(M + M.T) * (h @ h) - g * (h @ h)))(*inst()))
    true_link(file, "quadratic.3", lambda: (lambda M, h, b, g, A: ((1 - b) * n2(M + M.T) * (h @ h) - g * (h @ h), "<=",
                                                                    (2 * (1 - b) * n2(M) - g) * (h @ h)))(*inst()))
    true_link(file, "conclusion", lambda: (lambda M, h, b, g, A: (h @ A @ h, "<=", 0))(*inst()))


# ---------------------------------------------------------------- Fazlyab et al. 2019
def fazlyab(file, wrong):
    def inst():
        x, y = rng.normal(size=2) * rng.choice([0.1, 1, 5])
        while abs(x - y) < 1e-6:
            x, y = rng.normal(size=2)
        alpha = rng.normal()
        beta = alpha + rng.choice([0.0, rng.uniform(0, 3)])
        s = rng.uniform(alpha, beta) if beta > alpha else alpha  # the difference quotient
        d, e = x - y, s * (x - y)
        return alpha, beta, d, e

    def start(a, b, d, e):
        return (2 if wrong else -2) * a * b * d ** 2 + 2 * (a + b) * d * e - 2 * e ** 2
    if wrong:
        false_link(file, "qc.1", start(1.0, 1.0, 1.0, 1.0), "=", -2 * (1.0 - 1.0) * (1.0 - 1.0))
    else:
        true_link(file, "qc.1", lambda: (lambda a, b, d, e: (start(a, b, d, e), "=", -2 * (e - a * d) * (e - b * d)))(*inst()))
    true_link(file, "qc.2", lambda: (lambda a, b, d, e: (-2 * (e - a * d) * (e - b * d), ">=", 0))(*inst()))


# ---------------------------------------------------------------- Ghadimi & Lan 2013
def ghadimi(file, wrong):
    def inst():
        p = dim()
        x, g, dl = rng.normal(size=p), rng.normal(size=p), rng.normal(size=p) * rng.choice([0.1, 1, 3])
        L, gam = rng.uniform(0.1, 5), rng.uniform(0.01, 2)
        G = g + dl
        xn = x - gam * G
        fk = rng.normal()
        fn = fk + g @ (xn - x) + L / 2 * (xn - x) @ (xn - x) - rng.choice([0.0, rng.uniform(0, 3)])
        return x, g, dl, L, gam, G, xn, fk, fn

    t1 = lambda x, g, dl, L, gam, G, xn, fk, fn: fk + g @ (xn - x) + L / 2 * n2(xn - x) ** 2
    t2 = lambda x, g, dl, L, gam, G, xn, fk, fn: fk - gam * g @ G + L / 2 * gam ** 2 * n2(G) ** 2
    t3 = lambda x, g, dl, L, gam, G, xn, fk, fn: (fk - gam * n2(g) ** 2 - gam * g @ dl
                                                  + L / 2 * gam ** 2 * (n2(g) ** 2 + 2 * g @ dl + n2(dl) ** 2))
    t4 = lambda x, g, dl, L, gam, G, xn, fk, fn: (fk - (gam - L * gam ** 2 / 2) * n2(g) ** 2
                                                  - (gam - L * gam ** 2 / (2 if wrong else 1)) * g @ dl
                                                  + L / 2 * gam ** 2 * n2(dl) ** 2)
    true_link(file, "descent.1", lambda: (lambda *v: (v[8], "<=", t1(*v)))(*inst()))
    true_link(file, "descent.2", lambda: (lambda *v: (t1(*v), "=", t2(*v)))(*inst()))
    true_link(file, "descent.3", lambda: (lambda *v: (t2(*v), "=", t3(*v)))(*inst()))
    if wrong:
        x, g, dl = np.zeros(1), np.ones(1), np.ones(1)
        L = gam = 1.0
        G = g + dl
        v = (x, g, dl, L, gam, G, x - gam * G, 0.0, 0.0)
        false_link(file, "descent.4", t3(*v), "=", t4(*v))
    else:
        true_link(file, "descent.4", lambda: (lambda *v: (t3(*v), "=", t4(*v)))(*inst()))


# ---------------------------------------------------------------- Winston & Kolter 2020
def winston(file, wrong):
    def inst():
        n = dim()
        A, B, z, m = rand_mat(n, n), rand_mat(n, n), rng.normal(size=n), rng.uniform(0.01, 3)
        W = (1 - m) * np.eye(n) + (1 if wrong else -1) * A.T @ A + B - B.T
        return A, B, z, m, W
    if wrong:
        A, z, m = np.eye(1), np.ones(1), 1.0
        W = (1 - m) * np.eye(1) + A.T @ A
        false_link(file, "monotone.1", z @ (np.eye(1) - W) @ z, "=", m * z @ z + n2(A @ z) ** 2)
    else:
        true_link(file, "monotone.1", lambda: (lambda A, B, z, m, W: (z @ (np.eye(len(z)) - W) @ z, "=",
                                                                       m * n2(z) ** 2 + n2(A @ z) ** 2))(*inst()))
    true_link(file, "monotone.2", lambda: (lambda A, B, z, m, W: (m * n2(z) ** 2 + n2(A @ z) ** 2, ">=", m * n2(z) ** 2))(*inst()))


# ---------------------------------------------------------------- Lezcano-Casado & Martínez-Rubio 2019
def lezcano(file, wrong):
    acts = [(np.tanh, tanh_d), (lambda v: v, lambda v: np.ones_like(v)), (np.sin, np.cos),
            (lambda v: 0.5 * v, lambda v: 0.5 * np.ones_like(v))]  # |σ'| ≤ 1

    def inst():
        n, p = dim(), dim()
        B, _ = np.linalg.qr(rng.normal(size=(n, n)))
        U, h, x = rand_mat(n, p), rng.normal(size=n), rng.normal(size=p)
        s, sd = acts[rng.integers(len(acts))]
        pre = B @ h + U @ x
        return B, U, h, x, (s, sd), pre

    def j1():
        B, U, h, x, (s, sd), pre = inst()
        eps = 1e-6  # the Jacobian of h ↦ σ(Bh + Ux) by central differences (not the formula symbound derives)
        J = np.column_stack([(s(B @ (h + eps * e) + U @ x) - s(B @ (h - eps * e) + U @ x)) / (2 * eps) for e in np.eye(len(h))])
        return n2(J), "<=", n2(np.diag(sd(pre))) * n2(B) + 1e-6
    true_link(file, "jacobian.1", j1)
    true_link(file, "jacobian.2", lambda: (lambda B, U, h, x, a, pre: (n2(np.diag(a[1](pre))) * n2(B), "=", n2(np.diag(a[1](pre)))))(*inst()))
    if wrong:
        false_link(file, "jacobian.3", n2(np.diag(tanh_d(np.array([1.0])))), "=", 1)
    else:
        true_link(file, "jacobian.3", lambda: (lambda B, U, h, x, a, pre: (n2(np.diag(a[1](pre))), "<=", 1))(*inst()))


# ---------------------------------------------------------------- Le, Jaitly & Hinton 2015
def le(file, wrong):
    f, fd = (np.tanh, tanh_d) if wrong else (relu, relu_d)

    def inst():
        n, p = dim(), dim()
        U, hp, xk = rand_mat(n, p), rng.normal(size=n) * 3, rng.normal(size=p)
        h = f(hp + U @ xk)  # h_k from the model
        x1 = np.zeros(p)    # no input at k + 1
        return U, h, x1

    true_link(file, "copy.1", lambda: (lambda U, h, x1: (f(h + U @ x1), "=", f(h + U @ x1)))(*inst()))
    true_link(file, "copy.2", lambda: (lambda U, h, x1: (f(h + U @ x1), "=", f(h)))(*inst()))
    if wrong:
        h = np.tanh(np.array([1.0]))
        false_link(file, "copy.3", f(h), "=", h)
    else:
        true_link(file, "copy.3", lambda: (lambda U, h, x1: (f(h), "=", h))(*inst()))

    def grad1():
        U, h, x1 = inst()
        x1 = rng.normal(size=len(x1))  # the Jacobian chain does not use the no-input premise
        pre, eps = h + U @ x1, 1e-6
        J = np.column_stack([(f(pre + eps * e) - f(pre - eps * e)) / (2 * eps) for e in np.eye(len(h))])
        if not wrong and np.min(np.abs(pre)) < 1e-4:  # relu's kink: the finite difference is not the derivative
            return 0, "=", 0
        return n2(J), "=", n2(np.diag(fd(pre)))
    true_link(file, "gradient.1", grad1)
    true_link(file, "gradient.2", lambda: (lambda U, h, x1: (n2(np.diag(fd(h + U @ rng.normal(size=len(x1))))), "<=", 1))(*inst()))


kingma("kingma_adam.yaml", False)
kingma("kingma_adam_wrong.yaml", True)
cohen("cohen_smoothing.yaml", False)
cohen("cohen_smoothing_wrong.yaml", True)
ioffe("ioffe_batchnorm.yaml", False)
ioffe("ioffe_batchnorm_wrong.yaml", True)
anil("anil_groupsort.yaml", False)
anil("anil_groupsort_wrong.yaml", True)
trockman("trockman_cayley.yaml", False)
trockman("trockman_cayley_wrong.yaml", True)
erichson("erichson_lipschitz.yaml", False)
erichson("erichson_lipschitz_wrong.yaml", True)
fazlyab("fazlyab_lipsdp.yaml", False)
fazlyab("fazlyab_lipsdp_wrong.yaml", True)
ghadimi("ghadimi_sgd.yaml", False)
ghadimi("ghadimi_sgd_wrong.yaml", True)
winston("winston_mondeq.yaml", False)
winston("winston_mondeq_wrong.yaml", True)
lezcano("lezcano_exprnn.yaml", False)
lezcano("lezcano_exprnn_wrong.yaml", True)
le("le_irnn.yaml", False)
le("le_irnn_wrong.yaml", True)

report()
