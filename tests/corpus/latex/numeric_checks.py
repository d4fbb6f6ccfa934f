#!/usr/bin/env python3
"""Numeric checks of every link of the YAML twins in this folder (random instances satisfying the premises).

    python tests/corpus/latex/numeric_checks.py

For each link: the largest violation found (lhs - rhs for <=, rhs - lhs for >=, |lhs - rhs| for =) over
random trials; a link is TRUE-looking when the worst violation is <= 1e-9 (relative). Written before running
symbound on the files, to decide expected.tsv; prints one line per link.
"""
import numpy as np

rng = np.random.default_rng(0)
N = 400
results = {}


def rec(key, lhs, rhs, rel):
    if rel == "<=":
        v = lhs - rhs
    elif rel == "<":
        v = lhs - rhs + 0.0  # strictness: checked separately as v < 0
    elif rel == ">=":
        v = rhs - lhs
    elif rel == ">":
        v = rhs - lhs
    else:
        v = abs(lhs - rhs)
    scale = 1 + abs(lhs) + abs(rhs)
    strict_fail = rel in ("<", ">") and v >= 0
    worst = results.get(key, (-np.inf, False))
    results[key] = (max(worst[0], v / scale), worst[1] or strict_fail)


n2 = lambda A: np.linalg.norm(A, 2)
vn = lambda v: np.linalg.norm(v)


def rand_orth(n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


for trial in range(N):
    # --- arjovsky2016_urnn: h[k] = sigma(W h[k-1] + V x[k]), W orthogonal; sigma = sin (sigma' of any sign)
    n, m = rng.integers(1, 6), rng.integers(1, 4)
    W = rand_orth(n); V = rng.standard_normal((n, m))
    t, T = 0, int(rng.integers(0, 6))
    h = [rng.standard_normal(n)]
    x = [rng.standard_normal(m) for _ in range(T + 2)]
    act, dact = (np.sin, np.cos) if trial % 2 else (np.tanh, lambda z: 1 - np.tanh(z) ** 2)
    for k in range(1, T + 1):
        h.append(act(W @ h[k - 1] + V @ x[k]))
    D = {k: np.diag(dact(W @ h[k - 1] + V @ x[k])) for k in range(1, T + 1)}
    J = {k: D[k + 1] @ W for k in range(0, T)}  # numerator layout dh[k+1]/dh[k]
    P = np.eye(n)
    for k in range(t, T):
        P = P @ J[k]
    g = rng.standard_normal((1, n))
    s0 = vn(g @ P)
    s2 = vn(g) * np.prod([n2(D[k + 1] @ W.T) for k in range(t, T)])
    s3 = vn(g) * np.prod([n2(D[k + 1]) * n2(W) for k in range(t, T)])
    s4 = vn(g) * np.prod([n2(D[k + 1]) for k in range(t, T)])
    rec("arjovsky2016_urnn eq_urnn_bound.2", s0, s2, "<=")
    rec("arjovsky2016_urnn eq_urnn_bound.3", s2, s3, "<=")
    rec("arjovsky2016_urnn eq_urnn_bound.4", s3, s4, "=")
    rec("arjovsky2016_urnn d4.1", s4, vn(g), "<=")  # |sin'|, |tanh'| <= 1
    # the same bound with a general (non-orthogonal) W: the W^T form fails (a layout slip), for the README
    Wg = rng.standard_normal((n, n)) * 1.5
    Dg = [np.diag(rng.uniform(-1, 1, n)) for _ in range(T + 1)]
    Pg = np.eye(n)
    for k in range(t, T):
        Pg = Pg @ (Dg[k + 1] @ Wg)
    rec("(general W) arjovsky link 2 with W^T", vn(g @ Pg), vn(g) * np.prod([n2(Dg[k + 1] @ Wg.T) for k in range(t, T)]), "<=")

    # --- miller_hardt2019_stable
    n, d = rng.integers(1, 6), rng.integers(1, 4)
    W = rng.standard_normal((n, n)); W *= rng.uniform(0.05, 0.99) / n2(W)
    lam = rng.uniform(n2(W), 1) if rng.random() < 0.9 else np.nextafter(n2(W), 1)
    U = rng.standard_normal((n, d)); hh, hp, xx = rng.standard_normal(n) * 3, rng.standard_normal(n) * 3, rng.standard_normal(d)
    a0 = vn(np.tanh(W @ hh + U @ xx) - np.tanh(W @ hp + U @ xx))
    rec("miller_hardt2019_stable eq_contractive.2", a0, vn(W @ hh - W @ hp), "<=")
    rec("miller_hardt2019_stable eq_contractive.3", vn(W @ hh - W @ hp), n2(W) * vn(hh - hp), "<=")
    rec("miller_hardt2019_stable eq_contractive.4", n2(W) * vn(hh - hp), lam * vn(hh - hp), "<=")

    # --- behrmann2019_iresnet: g(x) = L * W2 relu(W1 x) / (||W2|| ||W1||), Lip(g) <= L
    n = rng.integers(1, 6); L = rng.uniform(0, 1)
    W1, W2 = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    gf = lambda z: L * W2 @ np.maximum(W1 @ z, 0) / (n2(W1) * n2(W2))
    xx, yy = rng.standard_normal(n), rng.standard_normal(n)
    F = vn(xx + gf(xx) - yy - gf(yy))
    rec("behrmann2019_iresnet eq_lip_forward.2", F, vn(xx - yy) + vn(gf(xx) - gf(yy)), "<=")
    rec("behrmann2019_iresnet eq_lip_forward.3", vn(xx - yy) + vn(gf(xx) - gf(yy)), (1 + L) * vn(xx - yy), "<=")
    rec("behrmann2019_iresnet eq_lip_inverse.1", F, vn(xx - yy) - vn(gf(xx) - gf(yy)), ">=")
    rec("behrmann2019_iresnet eq_lip_inverse.2", vn(xx - yy) - vn(gf(xx) - gf(yy)), (1 - L) * vn(xx - yy), ">=")

    # --- cisse2017_parseval
    n, m = rng.integers(1, 6), rng.integers(1, 6)
    W = rng.standard_normal((m, n)); xx, xt = rng.standard_normal(n), rng.standard_normal(n)
    rec("cisse2017_parseval eq_linear.2", np.linalg.norm(W @ (xx - xt), 1), np.linalg.norm(W, 1) * np.linalg.norm(xx - xt, 1), "<=")
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    f = lambda z: np.tanh(A @ z); gg = lambda z: np.maximum(B @ z, 0)
    Lf, Lg = n2(A), n2(B); al = rng.uniform(0, 1) if trial % 3 else float(trial % 2)
    lhs = vn(al * f(xx) + (1 - al) * gg(xx) - al * f(xt) - (1 - al) * gg(xt))
    mid = al * vn(f(xx) - f(xt)) + (1 - al) * vn(gg(xx) - gg(xt))
    rec("cisse2017_parseval eq_aggregation.1", lhs, mid, "<=")
    rec("cisse2017_parseval eq_aggregation.2", mid, (al * Lf + (1 - al) * Lg) * vn(xx - xt), "<=")

    # --- virmaux2018_autolip
    n0, n, n2d = rng.integers(1, 5), rng.integers(1, 5), rng.integers(1, 5)
    M1, M2 = rng.standard_normal((n, n0)), rng.standard_normal((n2d, n))
    s = rng.uniform(0, 1, n) if trial % 2 else rng.uniform(-1, 1, n)
    a = n2(M2 @ np.diag(s) @ M1); b = n2(M2) * n2(np.diag(s)) * n2(M1)
    rec("virmaux2018_autolip eq_autolip_2.1", a, b, "<=")
    rec("virmaux2018_autolip eq_autolip_2.2", b, n2(M2) * n2(M1), "<=")

    # --- bartlett2017_spectral: sigma1 = rho1*tanh, sigma2 = rho2*sin (rho-Lipschitz)
    d, k1, k2 = rng.integers(1, 5), rng.integers(1, 5), rng.integers(1, 5)
    A1, A2 = rng.standard_normal((k1, d)), rng.standard_normal((k2, k1))
    r1, r2 = rng.uniform(0, 2), rng.uniform(0, 2)
    s1 = lambda z: r1 * np.tanh(z); s2 = lambda z: r2 * np.sin(z)
    xx, xp = rng.standard_normal(d), rng.standard_normal(d)
    c0 = vn(s2(A2 @ s1(A1 @ xx)) - s2(A2 @ s1(A1 @ xp)))
    c1 = r2 * vn(A2 @ s1(A1 @ xx) - A2 @ s1(A1 @ xp))
    c2 = r2 * n2(A2) * vn(s1(A1 @ xx) - s1(A1 @ xp))
    c3 = r2 * n2(A2) * r1 * vn(A1 @ xx - A1 @ xp)
    c4 = r1 * r2 * n2(A1) * n2(A2) * vn(xx - xp)
    for i, (p, q) in enumerate([(c0, c1), (c1, c2), (c2, c3), (c3, c4)], start=2):
        rec(f"bartlett2017_spectral eq_lip_FA.{i}", p, q, "<=")

    # --- bengio1994_longterm: a[k] = W tanh(a[k-1]) + u[k], ||W|| <= lam < 1
    n = rng.integers(1, 6); W = rng.standard_normal((n, n)); W *= rng.uniform(0.01, 0.99) / n2(W)
    lam = rng.uniform(n2(W), 1); nn_ = int(rng.integers(0, 6)); tt = nn_ + 2
    a = [rng.standard_normal(n) * 2]
    for k in range(1, tt + 1):
        a.append(W @ np.tanh(a[k - 1]) + rng.standard_normal(n))
    Jb = {k: W @ np.diag(1 - np.tanh(a[k]) ** 2) for k in range(tt)}
    j = int(rng.integers(0, tt))
    rec("bengio1994_longterm eq_contract.1", n2(Jb[j]), n2(W) * n2(np.diag(1 - np.tanh(a[j]) ** 2)), "<=")
    rec("bengio1994_longterm eq_contract.2", n2(W) * n2(np.diag(1 - np.tanh(a[j]) ** 2)), lam, "<=")
    P = np.eye(n)
    for i in range(tt - nn_, tt):
        P = P @ Jb[i]
    pn = np.prod([n2(Jb[i]) for i in range(tt - nn_, tt)])
    rec("bengio1994_longterm eq_vanish.2", n2(P), pn, "<=")
    rec("bengio1994_longterm eq_vanish.3", pn, lam ** nn_, "<=")

    # --- kerg2019_nnrnn
    n = rng.integers(1, 6); Vm = rng.standard_normal((n, n)); tt = int(rng.integers(1, 7))
    hs = [rng.standard_normal(n)]
    for k in range(1, tt + 1):
        hs.append(Vm @ hs[-1])
    Vt = np.linalg.matrix_power(Vm, tt)
    rec("kerg2019_nnrnn eq_linear.1", vn(hs[tt]), vn(Vm @ hs[tt - 1]), "=")
    rec("kerg2019_nnrnn eq_linear.2", 0, vn(Vm @ hs[tt - 1] - Vt @ hs[0]) / (1 + vn(hs[tt])), "=")
    rec("kerg2019_nnrnn eq_norm_growth.2", vn(Vt @ hs[0]), n2(Vt) * vn(hs[0]), "<=")
    rec("kerg2019_nnrnn eq_norm_growth.3", n2(Vt), n2(Vm) ** tt, "<=")
    # normal Vn = Q diag-block Q^T (real normal: orthogonal similarity of a block diagonal of scaled rotations)
    Q = rand_orth(n); B = np.zeros((n, n)); i = 0
    while i < n:
        if i + 1 < n and rng.random() < 0.5:
            r, th = rng.uniform(0, 1.5), rng.uniform(0, np.pi)
            B[i:i + 2, i:i + 2] = r * np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]]); i += 2
        else:
            B[i, i] = rng.uniform(-1.5, 1.5); i += 1
    Vn = Q @ B @ Q.T; tt = int(rng.integers(0, 7)); Vnt = np.linalg.matrix_power(Vn, tt)
    rho = lambda A: max(abs(np.linalg.eigvals(A)))
    rec("kerg2019_nnrnn eq_normal.1", n2(Vnt), rho(Vnt), "=")
    rec("kerg2019_nnrnn eq_normal.2", rho(Vnt), rho(Vn) ** tt, "=")
    rec("(non-normal V) rho(V)^t <= ||V^t||", rho(Vm) ** 3, n2(np.linalg.matrix_power(Vm, 3)), "<=")

    # --- zhang2018_spectralrnn
    n, m = rng.integers(1, 6), rng.integers(1, 4)
    W = rng.standard_normal((n, n)); M = rng.standard_normal((n, m)); bb = rng.standard_normal(n)
    sst, r = rng.uniform(0.1, 1.5), rng.uniform(0, 0.5)
    W *= rng.uniform(0.0, sst + r) / n2(W)
    T = int(rng.integers(0, 6)); t = 0
    h = [rng.standard_normal(n)]; x = [rng.standard_normal(m) for _ in range(T + 2)]
    for k in range(1, T + 1):
        h.append(np.tanh(W @ h[k - 1] + M @ x[k] + bb))
    D = {k: np.diag(1 - np.tanh(W @ h[k - 1] + M @ x[k] + bb) ** 2) for k in range(1, T + 1)}
    P = np.eye(n)
    for k in range(t, T):
        P = P @ (D[k + 1] @ W)
    z1 = np.prod([n2(D[k + 1] @ W) for k in range(t, T)]); z2 = np.prod([n2(D[k + 1]) * n2(W) for k in range(t, T)])
    rec("zhang2018_spectralrnn eq_spectral_bound.1", n2(P), z1, "<=")
    rec("zhang2018_spectralrnn eq_spectral_bound.2", z1, z2, "<=")
    rec("zhang2018_spectralrnn eq_spectral_bound.3", z2, n2(W) ** (T - t), "<=")
    rec("zhang2018_spectralrnn eq_spectral_bound.4", n2(W) ** (T - t), (sst + r) ** (T - t), "<=")

    # --- yoshida2017_snr
    n0, k1, k2 = rng.integers(1, 5), rng.integers(1, 5), rng.integers(1, 5)
    W1, W2 = rng.standard_normal((k1, n0)), rng.standard_normal((k2, k1))
    d1, d2 = rng.integers(0, 2, k1).astype(float), rng.integers(0, 2, k2).astype(float)
    Wl = np.diag(d2) @ W2 @ np.diag(d1) @ W1; c = rng.standard_normal(k2)
    xx, xi = rng.standard_normal(n0), rng.standard_normal(n0)
    q0 = vn((Wl @ (xx + xi) + c) - (Wl @ xx + c)) / vn(xi)
    rec("yoshida2017_snr eq_sensitivity.1", q0, vn(Wl @ xi) / vn(xi), "=")
    rec("yoshida2017_snr eq_sensitivity.2", vn(Wl @ xi) / vn(xi), n2(Wl), "<=")
    p1 = n2(np.diag(d2) @ W2) * n2(np.diag(d1) @ W1)
    rec("yoshida2017_snr eq_product.1", n2(Wl), p1, "<=")
    rec("yoshida2017_snr eq_product.2", p1, n2(W2) * n2(W1), "<=")

    # --- tsuzuku2018_lmt (scalars; premises imposed by construction)
    Lf, en = rng.uniform(0, 2), rng.uniform(0, 1)
    Ft, Fi = rng.standard_normal(), rng.standard_normal()
    Mg = np.sqrt(2) * Lf * en + rng.uniform(1e-6, 2)  # P3
    Fi = Ft - Mg - rng.uniform(0, 1) * (trial % 2)  # P2: M <= F_t - F_i (equality on even trials)
    delta = rng.uniform(-1, 1) * np.sqrt(2) * Lf * en
    yt = Ft + rng.standard_normal(); yi = yt - (Ft - Fi) - delta  # P1
    rec("tsuzuku2018_lmt d1.1", yt - yi, Ft - Fi - np.sqrt(2) * Lf * en, ">=")
    rec("tsuzuku2018_lmt d1.2", Ft - Fi - np.sqrt(2) * Lf * en, Mg - np.sqrt(2) * Lf * en, ">=")
    rec("tsuzuku2018_lmt d1.3", Mg - np.sqrt(2) * Lf * en, 0.0, ">")

    # --- kusupati2018_fastrnn: h[k] = alpha sigma(W x[k] + U h[k-1] + b) + beta h[k-1]
    n, m = rng.integers(1, 6), rng.integers(1, 4)
    W = rng.standard_normal((n, m)); U = rng.standard_normal((n, n)) * rng.uniform(0.1, 2); bb = rng.standard_normal(n)
    al = rng.uniform(0, 1) if trial % 3 else float(trial % 2); be = 1 - al
    hp, xt_ = rng.standard_normal(n), rng.standard_normal(m)
    act, dact = (np.tanh, lambda z: 1 - np.tanh(z) ** 2) if trial % 2 else (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)
    Dt = np.diag(dact(W @ xt_ + U @ hp + bb))
    fstep = lambda hh: al * act(W @ xt_ + U @ hh + bb) + be * hh
    eps = 1e-6
    Jfd = np.column_stack([(fstep(hp + eps * e) - fstep(hp - eps * e)) / (2 * eps) for e in np.eye(n)])
    k1 = n2(Jfd); k2 = n2(be * np.eye(n) + al * U.T @ Dt)
    rec("kusupati2018_fastrnn eq_fastrnn_jac.1", k1, k2 + np.sign(k1 - k2) * min(abs(k1 - k2), 1e-6), "=")  # finite differences: 1e-6 tolerance
    k3 = be + al * n2(U) * n2(Dt); k4 = 1 - al + al * n2(U)
    rec("kusupati2018_fastrnn eq_fastrnn_jac.2", k2, k3, "<=")
    rec("kusupati2018_fastrnn eq_fastrnn_jac.3", k3, k4, "<=")
    rec("kusupati2018_fastrnn eq_fastrnn_jac.4", k4, 1 + al * (n2(U) - 1), "=")

    # --- laurent2017_cfn
    n = rng.integers(1, 6); th = rng.uniform(0, 1, n); hp = rng.standard_normal(n) * 3
    ninf = lambda v: np.max(np.abs(v))
    l1 = ninf(th * np.tanh(hp)); l2 = ninf(th) * ninf(np.tanh(hp))
    rec("laurent2017_cfn eq_cfn_decay.2", l1, l2, "<=")
    rec("laurent2017_cfn eq_cfn_decay.3", l2, ninf(np.tanh(hp)), "<=")
    rec("laurent2017_cfn eq_cfn_decay.4", ninf(np.tanh(hp)), ninf(hp), "<=")

for k in sorted(results):
    v, sf = results[k]
    ok = v <= 1e-9 and not sf
    print(f"{'TRUE ' if ok else 'FALSE'} worst {v:+.3e}  {k}")
