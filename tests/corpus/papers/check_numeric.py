#!/usr/bin/env python3
"""Numeric re-check of every step in tests/corpus/papers (numpy only), with the helpers shared
by the measuring corpora (tests/corpus/numeric.py).

For each file and link (chainid.N, as in expected.tsv) the verdict decided from the mathematics is
re-checked: a true step on random instances satisfying the premises (it must hold on all of them), a
false step on a concrete counterexample (it must fail there). Prints one line per link and exits 1 if
any check disagrees with the decided verdict.

    python tests/corpus/papers/check_numeric.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from numeric import false_link, n2, report, rho, relu, rng, smin, true_link  # noqa: E402

ninf = lambda A: np.linalg.norm(np.atleast_2d(A), np.inf)   # the induced ∞-norm (max row sum), of a row vector too


def orth(n):
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return Q * np.sign(np.diag(R))


# ---------------------------------------------------------------- arjovsky_urnn(.yaml / _wrong.yaml)
def urnn_instance(norm):
    n, L = rng.integers(2, 5), rng.integers(0, 4)          # L = T - t factors
    W = orth(n); g = rng.standard_normal((1, n))
    Ds = [np.diag(rng.uniform(-1.5, 1.5, n)) for _ in range(L)]
    P = np.eye(n)
    for D in Ds: P = P @ D @ W.T
    return g, W, Ds, P


def urnn(fname, nrm):
    def s1():
        g, W, Ds, P = urnn_instance(nrm)
        return nrm(g @ P), '<=', nrm(g) * np.prod([nrm(D @ W.T) for D in Ds])
    true_link(fname, 'bound.1', s1)
    if nrm is n2:
        def s2():
            g, W, Ds, P = urnn_instance(nrm)
            return np.prod([nrm(D @ W.T) for D in Ds]), '=', np.prod([nrm(D) for D in Ds])
        true_link(fname, 'bound.2', s2)
        def c():
            g, W, Ds, P = urnn_instance(nrm)
            return nrm(g @ P), '<=', nrm(g) * np.prod([nrm(D) for D in Ds])
        true_link(fname, 'conclusion', c)
    else:   # D = I, W a 45° rotation, one factor (T = t + 1), g = e1
        c_, s_ = np.cos(np.pi / 4), np.sin(np.pi / 4)
        W = np.array([[c_, -s_], [s_, c_]]); D = np.eye(2); g = np.array([[1.0, 0.0]])
        false_link(fname, 'bound.2', ninf(g) * ninf(D @ W.T), '=', ninf(g) * ninf(D))
        false_link(fname, 'conclusion', ninf(g @ D @ W.T), '<=', ninf(g) * ninf(D))


urnn('arjovsky_urnn.yaml', n2)
urnn('arjovsky_urnn_wrong.yaml', ninf)


# ---------------------------------------------------------------- behrmann_iresnet(.yaml / _wrong.yaml)
def iresnet_true(fname):
    def inst():
        n = rng.integers(2, 5)
        W1 = rng.standard_normal((n, n)); W1 *= rng.uniform(0, 0.99) / n2(W1)
        W2 = rng.standard_normal((n, n)); W2 *= rng.uniform(0, 0.99) / n2(W2)
        phi = [np.tanh, relu, lambda v: v, np.sin][rng.integers(4)]          # 1-Lipschitz
        x, y = rng.standard_normal(n), rng.standard_normal(n)
        if rng.random() < 0.2: y = x + 1e-3 * rng.standard_normal(n)
        gx, gy = W2 @ phi(W1 @ x), W2 @ phi(W1 @ y)
        return x, y, gx, gy, n2(W2) * n2(W1)
    def lip_g():
        x, y, gx, gy, L = inst(); return n2(gx - gy), '<=', L * n2(x - y)
    def L1():
        x, y, gx, gy, L = inst(); return L, '<', 1
    def f1():
        x, y, gx, gy, L = inst(); return n2(x + gx - y - gy), '=', n2(x - y + gx - gy)
    def f2():
        x, y, gx, gy, L = inst(); return n2(x - y + gx - gy), '<=', n2(x - y) + n2(gx - gy)
    def f3():
        x, y, gx, gy, L = inst(); return n2(x - y) + n2(gx - gy), '<=', (1 + L) * n2(x - y)
    def i2():
        x, y, gx, gy, L = inst(); return n2(x - y + gx - gy), '>=', n2(x - y) - n2(gx - gy)
    def i3():
        x, y, gx, gy, L = inst(); return n2(x - y) - n2(gx - gy), '>=', (1 - L) * n2(x - y)
    def conc():
        x, y, gx, gy, L = inst(); return n2(x - y), '<=', n2(x + gx - y - gy) / (1 - L)
    for link, f in [('lip_g.1', lip_g), ('L_lt_1.1', L1), ('forward.1', f1), ('forward.2', f2),
                    ('forward.3', f3), ('inverse.1', f1), ('inverse.2', i2), ('inverse.3', i3),
                    ('conclusion', conc)]:
        true_link(fname, link, f)


iresnet_true('behrmann_iresnet.yaml')
# wrong variant: L = ρ(W2)ρ(W1). Counterexample: nilpotent W1 = [[0,1],[0,0]], W2 = [[0,0],[-1,0]], φ = id:
# ρ = 0 so L = 0, g(x) = W2 W1 x = [0, -x_2], F(x) = [x_1, 0].
fw = 'behrmann_iresnet_wrong.yaml'
W1 = np.array([[0., 1.], [0., 0.]]); W2 = np.array([[0., 0.], [-1., 0.]])
x = np.array([0., 1.]); y = np.zeros(2)
gx, gy = W2 @ (W1 @ x), W2 @ (W1 @ y); Lw = rho(W2) * rho(W1)
false_link(fw, 'lip_g.1', n2(gx - gy), '<=', Lw * n2(x - y))
false_link(fw, 'forward.3', n2(x - y) + n2(gx - gy), '<=', (1 + Lw) * n2(x - y))
false_link(fw, 'inverse.3', n2(x - y) - n2(gx - gy), '>=', (1 - Lw) * n2(x - y))
false_link(fw, 'conclusion', n2(x - y), '<=', n2(x + gx - y - gy) / (1 - Lw))
def _wrong_true():
    # the links that stay true with L = ρ(W2)ρ(W1): L < 1 from ρ(W_i) < 1, and the triangle steps
    def inst():
        n = rng.integers(2, 5)
        W1 = rng.standard_normal((n, n)); W1 *= rng.uniform(0, 0.99) / rho(W1)
        W2 = rng.standard_normal((n, n)); W2 *= rng.uniform(0, 0.99) / rho(W2)
        x, y = rng.standard_normal(n), rng.standard_normal(n)
        return x, y, W2 @ np.tanh(W1 @ x), W2 @ np.tanh(W1 @ y), rho(W2) * rho(W1)
    def L1():
        *_, L = inst(); return L, '<', 1
    def f1():
        x, y, gx, gy, L = inst(); return n2(x + gx - y - gy), '=', n2(x - y + gx - gy)
    def f2():
        x, y, gx, gy, L = inst(); return n2(x - y + gx - gy), '<=', n2(x - y) + n2(gx - gy)
    def i2():
        x, y, gx, gy, L = inst(); return n2(x - y + gx - gy), '>=', n2(x - y) - n2(gx - gy)
    for link, f in [('L_lt_1.1', L1), ('forward.1', f1), ('forward.2', f2), ('inverse.1', f1), ('inverse.2', i2)]:
        true_link(fw, link, f)
_wrong_true()


# ---------------------------------------------------------------- miller_hardt_stable(.yaml / _wrong.yaml)
def mh_inst(wrong=False):
    n, d = rng.integers(2, 5), rng.integers(1, 4)
    Lr = rng.uniform(0.2, 3)
    act = lambda v: Lr * np.tanh(v)            # L_ρ-Lipschitz
    W = rng.standard_normal((n, n)); W *= rng.uniform(0, 0.99) / (Lr * (rho(W) if wrong else n2(W)))
    A = rng.standard_normal((n, n)); A *= rng.uniform(0, 0.99) / n2(A)
    U, B = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    h, hp, x = rng.standard_normal(n), rng.standard_normal(n), rng.standard_normal(d)
    return Lr, act, W, A, U, B, h, hp, x


def mh(fname, wrong):
    def lds1():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong); return n2(A @ h + B @ x - (A @ hp + B @ x)), '=', n2(A @ (h - hp))
    def lds2():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong); return n2(A @ (h - hp)), '<=', n2(A) * n2(h - hp)
    def rnn1():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong)
        return n2(act(W @ h + U @ x) - act(W @ hp + U @ x)), '<=', Lr * n2(W @ h - W @ hp)
    def rnn2():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong); return Lr * n2(W @ h - W @ hp), '<=', Lr * n2(W) * n2(h - hp)
    def lam1():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong)
        return Lr * (rho(W) if wrong else n2(W)), '<', Lr * (1 / Lr)
    def lam2():
        Lr = rng.uniform(0.2, 3); return Lr * (1 / Lr), '=', 1
    def conc():
        Lr, act, W, A, U, B, h, hp, x = mh_inst(wrong)
        return n2(act(W @ h + U @ x) - act(W @ hp + U @ x)), '<=', Lr * n2(W) * n2(h - hp)
    checks = [('lds.1', lds1), ('lds.2', lds2), ('rnn.1', rnn1), ('lam_lt_1.1', lam1), ('lam_lt_1.2', lam2),
              ('conclusion_2.1', lam1)]
    if not wrong:
        checks += [('rnn.2', rnn2), ('conclusion', conc)]
    for link, f in checks:
        true_link(fname, link, f)
    if wrong:   # W = [[0, 3], [0, 0]] (ρ = 0), L_ρ = 1, ρ = tanh, h − h' = e2, x = 0
        W = np.array([[0., 3.], [0., 0.]]); h = np.array([0., 0.1]); hp = np.zeros(2)
        false_link(fname, 'rnn.2', n2(W @ h - W @ hp), '<=', 1 * rho(W) * n2(h - hp))
        false_link(fname, 'conclusion', n2(np.tanh(W @ h) - np.tanh(W @ hp)), '<=', 1 * rho(W) * n2(h - hp))


mh('miller_hardt_stable.yaml', False)
mh('miller_hardt_stable_wrong.yaml', True)


# ---------------------------------------------------------------- hardt_recht_singer(.yaml / _wrong.yaml)
def hrs_inst():
    d = rng.integers(1, 5)
    v, w = rng.standard_normal(d), rng.standard_normal(d)
    al, be, L = rng.uniform(0.01, 2), rng.uniform(0.01, 3), rng.uniform(0.1, 3)
    dg = rng.standard_normal(d); dg *= rng.uniform(0, 1) * be * n2(v - w) / n2(dg)   # smoothness premise
    gw = rng.standard_normal(d); gw *= rng.uniform(0, 1) * L / n2(gw)               # Lipschitz premise
    return v, w, gw + dg, gw, al, be, L


f = 'hardt_recht_singer.yaml'
def b1():
    v, w, gv, gw, al, be, L = hrs_inst(); return n2(w - (w - al * gw)), '=', al * n2(gw)
def b2():
    v, w, gv, gw, al, be, L = hrs_inst(); return al * n2(gw), '<=', al * L
def e1():
    v, w, gv, gw, al, be, L = hrs_inst(); return n2((v - al * gv) - (w - al * gw)), '<=', n2(v - w) + al * n2(gv - gw)
def e2():
    v, w, gv, gw, al, be, L = hrs_inst(); return n2(v - w) + al * n2(gv - gw), '<=', (1 + al * be) * n2(v - w)
def ec():
    v, w, gv, gw, al, be, L = hrs_inst(); return n2((v - al * gv) - (w - al * gw)), '<=', (1 + al * be) * n2(v - w)
for link, fn in [('bounded.1', b1), ('bounded.2', b2), ('expansive.1', e1), ('expansive.2', e2), ('conclusion', ec)]:
    true_link(f, link, fn)
f = 'hardt_recht_singer_wrong.yaml'
v, w, al, be = np.array([1.]), np.array([0.]), 0.5, 1.0
gv, gw = np.array([-1.]), np.array([0.])                     # ‖∇f(v) − ∇f(w)‖ = 1 ≤ β‖v − w‖
false_link(f, 'expansive.1', n2((v - al * gv) - (w - al * gw)), '<=', n2(v - w) - al * n2(gv - gw))
false_link(f, 'conclusion', n2((v - al * gv) - (w - al * gw)), '<=', (1 - al * be) * n2(v - w))
gv = np.array([0.])                                           # ∇f(v) = ∇f(w)
false_link(f, 'expansive.2', n2(v - w) - al * n2(gv - gw), '<=', (1 - al * be) * n2(v - w))


# ---------------------------------------------------------------- loshchilov_hutter_weight_decay
def lh(fname, wrong):
    def inst():
        p = rng.integers(1, 5); th, g = rng.standard_normal(p), rng.standard_normal(p)
        al, lam = rng.uniform(0.01, 2), rng.uniform(0, 2)
        lp = lam * al if wrong else lam / al
        return th, g, al, lam, lp
    def s1():
        th, g, al, lam, lp = inst(); return th - al * (g + lp * th), '=', th - al * g - al * lp * th
    def s2():
        th, g, al, lam, lp = inst(); return th - al * g - al * lp * th, '=', (1 - lam) * th - al * g
    def c():
        th, g, al, lam, lp = inst(); return th - al * (g + lp * th), '=', (1 - lam) * th - al * g
    true_link(fname, 'prop1.1', s1)
    if not wrong:
        true_link(fname, 'prop1.2', s2); true_link(fname, 'conclusion', c)
    else:
        th, g, al, lam = np.array([1.]), np.array([0.]), 0.5, 1.0
        false_link(fname, 'prop1.2', th - al * g - al * (lam * al) * th, '=', (1 - lam) * th - al * g)
        false_link(fname, 'conclusion', th - al * (g + lam * al * th), '=', (1 - lam) * th - al * g)


lh('loshchilov_hutter_weight_decay.yaml', False)
lh('loshchilov_hutter_weight_decay_wrong.yaml', True)


# ---------------------------------------------------------------- cisse_parseval(.yaml / _wrong.yaml)
def cp_inst():
    n = rng.integers(1, 5)
    W = rng.standard_normal((n, n)); W *= rng.uniform(0, 1) / n2(W)
    if rng.random() < 0.3: W = orth(n)                       # Parseval: WᵀW = I
    x, z, a = rng.standard_normal(n), rng.standard_normal(n), rng.uniform(0, 1)
    return W, x, z, a


f = 'cisse_parseval.yaml'
def c1():
    W, x, z, a = cp_inst()
    return n2(a * x + (1 - a) * relu(W @ x) - a * z - (1 - a) * relu(W @ z)), '<=', a * n2(x - z) + (1 - a) * n2(relu(W @ x) - relu(W @ z))
def c2():
    W, x, z, a = cp_inst()
    return a * n2(x - z) + (1 - a) * n2(relu(W @ x) - relu(W @ z)), '<=', a * n2(x - z) + (1 - a) * n2(W) * n2(x - z)
def c3():
    W, x, z, a = cp_inst(); return a * n2(x - z) + (1 - a) * n2(W) * n2(x - z), '<=', n2(x - z)
def cc():
    W, x, z, a = cp_inst(); return n2(a * x + (1 - a) * relu(W @ x) - a * z - (1 - a) * relu(W @ z)), '<=', n2(x - z)
for link, fn in [('block.1', c1), ('block.2', c2), ('block.3', c3), ('conclusion', cc)]:
    true_link(f, link, fn)
f = 'cisse_parseval_wrong.yaml'
def w1():
    W, x, z, a = cp_inst(); return n2(x + relu(W @ x) - z - relu(W @ z)), '<=', n2(x - z) + n2(relu(W @ x) - relu(W @ z))
def w2():
    W, x, z, a = cp_inst(); return n2(x - z) + n2(relu(W @ x) - relu(W @ z)), '<=', n2(x - z) + n2(W) * n2(x - z)
true_link(f, 'block.1', w1); true_link(f, 'block.2', w2)
W, x, z = np.eye(2), np.array([2., 1.]), np.array([1., 1.])
false_link(f, 'block.3', n2(x - z) + n2(W) * n2(x - z), '<=', max(1, n2(W)) * n2(x - z))
false_link(f, 'conclusion', n2(x + relu(W @ x) - z - relu(W @ z)), '<=', n2(x - z))


# ---------------------------------------------------------------- zhang_spectral_rnn
def zs_inst():
    n, K = rng.integers(2, 5), rng.integers(0, 4)
    W = rng.standard_normal((n, n)); g = rng.standard_normal((1, n))
    de = rng.uniform(0.05, 0.5); ga = de + rng.uniform(0, 1.5)
    Js = [np.diag(rng.choice([-1, 1], n) * rng.uniform(de, ga, n)) @ W for _ in range(K)]
    P = np.eye(n)
    for J in Js: P = P @ J
    return W, g, de, ga, Js, P, K


f = 'zhang_spectral_rnn.yaml'
def z_os():
    W, g, de, ga, Js, P, K = zs_inst()
    J = np.diag(rng.uniform(-ga, ga, W.shape[0])) @ W
    return n2(J), '<=', ga * n2(W)
def z_osl():
    W, g, de, ga, Js, P, K = zs_inst()
    J = np.diag(rng.choice([-1, 1], W.shape[0]) * rng.uniform(de, ga, W.shape[0])) @ W
    return smin(J), '>=', de * smin(W)
def z_u1():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g @ P), '<=', n2(g) * np.prod([n2(J) for J in Js])
def z_u2():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g) * np.prod([n2(J) for J in Js]), '<=', n2(g) * (ga * n2(W)) ** K
def z_l1():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g @ P), '>=', n2(g) * smin(P)
def z_l2():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g) * smin(P), '>=', n2(g) * np.prod([smin(J) for J in Js])
def z_l3():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g) * np.prod([smin(J) for J in Js]), '>=', n2(g) * (de * smin(W)) ** K
def z_c():
    W, g, de, ga, Js, P, K = zs_inst(); return n2(g) * (de * smin(W)) ** K, '<=', n2(g @ P)
for link, fn in [('one_step.1', z_os), ('one_step_low.1', z_osl), ('upper_bound.1', z_u1), ('upper_bound.2', z_u2),
                 ('lower_bound.1', z_l1), ('lower_bound.2', z_l2), ('lower_bound.3', z_l3), ('conclusion', z_c)]:
    true_link(f, link, fn)


# ---------------------------------------------------------------- bottou_descent
def bd_inst():
    d = rng.integers(1, 5); w0, g = rng.standard_normal(d), rng.standard_normal(d)
    L = rng.uniform(0.1, 3); al = rng.uniform(0.001, 1) / L
    w1 = w0 - al * g
    # F(w) = ½ wᵀQw + bᵀw with ‖Q‖ ≤ L, b chosen so that ∇F(w0) = g: the descent lemma holds
    Q = rng.standard_normal((d, d)); Q = Q + Q.T; Q *= L / n2(Q) * rng.uniform(0, 1)
    b = g - Q @ w0; F = lambda w: 0.5 * w @ Q @ w + b @ w
    return w0, w1, g, L, al, F(w0), F(w1)


f = 'bottou_descent.yaml'
def bd1():
    w0, w1, g, L, al, F0, F1 = bd_inst(); return F1 - F0, '<=', g @ (w1 - w0) + L / 2 * n2(w1 - w0) ** 2
def bd2():
    w0, w1, g, L, al, F0, F1 = bd_inst(); return g @ (w1 - w0) + L / 2 * n2(w1 - w0) ** 2, '=', -al * g @ g + al ** 2 * L / 2 * n2(g) ** 2
def bd3():
    w0, w1, g, L, al, F0, F1 = bd_inst(); return -al * g @ g + al ** 2 * L / 2 * n2(g) ** 2, '=', -al * (1 - al * L / 2) * n2(g) ** 2
def bd4():
    w0, w1, g, L, al, F0, F1 = bd_inst(); return -al * (1 - al * L / 2) * n2(g) ** 2, '<=', -al / 2 * n2(g) ** 2
def bdc():
    w0, w1, g, L, al, F0, F1 = bd_inst(); return F1, '<=', F0 - al / 2 * n2(g) ** 2
for link, fn in [('lemma42.1', bd1), ('lemma42.2', bd2), ('lemma42.3', bd3), ('lemma42.4', bd4), ('conclusion', bdc)]:
    true_link(f, link, fn)


# ---------------------------------------------------------------- bartlett_spectral
def bft_inst():
    d, d1, d2 = rng.integers(1, 5, 3)
    A1, A2 = rng.standard_normal((d1, d)), rng.standard_normal((d2, d1))
    r1, r2 = rng.uniform(0.1, 3, 2)
    s1 = [lambda v: r1 * np.tanh(v), lambda v: r1 * relu(v), lambda v: r1 * np.sin(v)][rng.integers(3)]
    s2 = [lambda v: r2 * np.tanh(v), lambda v: r2 * relu(v), lambda v: r2 * np.sin(v)][rng.integers(3)]
    x, xp = rng.standard_normal(d), rng.standard_normal(d)
    return A1, A2, r1, r2, s1, s2, x, xp


f = 'bartlett_spectral.yaml'
def bf1():
    A1, A2, r1, r2, s1, s2, x, xp = bft_inst()
    return n2(s2(A2 @ s1(A1 @ x)) - s2(A2 @ s1(A1 @ xp))), '<=', r2 * n2(A2 @ s1(A1 @ x) - A2 @ s1(A1 @ xp))
def bf2():
    A1, A2, r1, r2, s1, s2, x, xp = bft_inst()
    return r2 * n2(A2 @ s1(A1 @ x) - A2 @ s1(A1 @ xp)), '<=', r2 * n2(A2) * n2(s1(A1 @ x) - s1(A1 @ xp))
def bf3():
    A1, A2, r1, r2, s1, s2, x, xp = bft_inst()
    return r2 * n2(A2) * n2(s1(A1 @ x) - s1(A1 @ xp)), '<=', r2 * n2(A2) * r1 * n2(A1 @ x - A1 @ xp)
def bf4():
    A1, A2, r1, r2, s1, s2, x, xp = bft_inst()
    return r2 * n2(A2) * r1 * n2(A1 @ x - A1 @ xp), '<=', r2 * n2(A2) * r1 * n2(A1) * n2(x - xp)
def bfc():
    A1, A2, r1, r2, s1, s2, x, xp = bft_inst()
    return n2(s2(A2 @ s1(A1 @ x)) - s2(A2 @ s1(A1 @ xp))), '<=', r1 * r2 * n2(A1) * n2(A2) * n2(x - xp)
for link, fn in [('peel.1', bf1), ('peel.2', bf2), ('peel.3', bf3), ('peel.4', bf4), ('conclusion', bfc)]:
    true_link(f, link, fn)


# ---------------------------------------------------------------- zhang_clipping
def zc_inst():
    d = rng.integers(1, 5); x0, g = rng.standard_normal(d), rng.standard_normal(d) * rng.uniform(0.01, 10)
    eta, gam = rng.uniform(0.01, 2), rng.uniform(0.01, 5)
    h = min(eta, gam * eta / n2(g))
    return x0, g, eta, gam, h, x0 - h * g


f = 'zhang_clipping.yaml'
def zc1():
    x0, g, eta, gam, h, x1 = zc_inst(); return n2(x1 - x0), '=', n2(h * g)
def zc2():
    x0, g, eta, gam, h, x1 = zc_inst(); return n2(h * g), '=', h * n2(g)
def zc3():
    x0, g, eta, gam, h, x1 = zc_inst(); return h * n2(g), '<=', (gam * eta / n2(g)) * n2(g)
def zc4():
    x0, g, eta, gam, h, x1 = zc_inst(); return (gam * eta / n2(g)) * n2(g), '=', gam * eta
def zcc():
    x0, g, eta, gam, h, x1 = zc_inst(); return n2(x1 - x0), '<=', gam * eta
for link, fn in [('step_length.1', zc1), ('step_length.2', zc2), ('step_length.3', zc3), ('step_length.4', zc4),
                 ('conclusion', zcc)]:
    true_link(f, link, fn)


# ---------------------------------------------------------------- tsuzuku_margin
def tm_inst():
    m = rng.integers(2, 6); t, i = rng.choice(m, 2, replace=False)
    et, ei = np.eye(m)[t], np.eye(m)[i]
    L, eps = rng.uniform(0.1, 3), rng.uniform(0.01, 2); nd = rng.uniform(0, eps)
    FX = rng.standard_normal(m); d = rng.standard_normal(m); d *= rng.uniform(0, 1) * L * nd / n2(d)
    return et, ei, FX, FX + d, L, eps, nd


f = 'tsuzuku_margin.yaml'
def tm1():
    et, ei, FX, FXd, L, eps, nd = tm_inst(); return abs((et - ei) @ (FX - FXd)), '<=', np.sqrt(2) * n2(FX - FXd)
def tm2():
    et, ei, FX, FXd, L, eps, nd = tm_inst(); return np.sqrt(2) * n2(FX - FXd), '<=', np.sqrt(2) * L * nd
def tm3():
    et, ei, FX, FXd, L, eps, nd = tm_inst(); return np.sqrt(2) * L * nd, '<=', np.sqrt(2) * L * eps
def tmc():
    et, ei, FX, FXd, L, eps, nd = tm_inst(); return abs((et - ei) @ (FX - FXd)), '<=', np.sqrt(2) * L * eps
for link, fn in [('margin.1', tm1), ('margin.2', tm2), ('margin.3', tm3), ('conclusion', tmc)]:
    true_link(f, link, fn)


# ---------------------------------------------------------------- report
report()
