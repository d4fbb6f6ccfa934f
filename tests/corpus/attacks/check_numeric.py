#!/usr/bin/env python3
"""Numeric re-check of the numeric verdicts decided for tests/corpus/attacks (numpy only).

A false step is evaluated at its counterexample (it must fail there, premises holding); a true step on
random instances (it must hold on all of them). Prints one line per check; exit 1 on any disagreement.

    python tests/corpus/attacks/check_numeric.py
"""
import sys

import numpy as np

rng = np.random.default_rng(0)
n2 = lambda A: np.linalg.norm(A, 2)
n1 = lambda A: np.linalg.norm(A, 1)
ninf = lambda A: np.linalg.norm(A, np.inf)
rho = lambda A: max(abs(np.linalg.eigvals(A)))
E = lambda i, j: np.eye(2)[:, [i]] @ np.eye(2)[[j], :]   # the matrix unit E_ij
ROT = np.array([[0.0, -1.0], [1.0, 0.0]])                 # rotation by 90 degrees (orthogonal)
SWAP = np.array([[0.0, 1.0], [1.0, 0.0]])
bad = 0


def record(name, ok):
    global bad
    bad += not ok
    print(("ok   " if ok else "FAIL ") + name)


# false steps, each at its counterexample (premises hold there)
record("vac_forall: z**2 <= a fails at z = sqrt(a)+1 for any a", all((np.sqrt(abs(a)) + 1) ** 2 > a for a in rng.normal(size=50) * 100))
record("vac_forall_index: c*j <= 1 fails at j = ceil(2/c)", all(c * np.ceil(2 / c) > 1 for c in rng.uniform(1e-3, 5, 50)))
record("undef_sqrt d.1: sqrt((-1)**2) != -1", np.sqrt((-1.0) ** 2) != -1)
record("undef_fracpow d.1: principal (-1)**(1/3) != -1", abs(complex(-1) ** (1 / 3) - (-1)) > 0.5)
record("name_z_sup bad.1: z_sup = gamma + 1", 2.0 + 1 > 2.0)
record("name_lemma_var bad.1: ||2I|| > 1", n2(2 * np.eye(2)) > 1)
record("lemma_false_eq: ||I + (-I)|| != ||I|| + ||-I||", n2(np.eye(2) - np.eye(2)) != 2)
record("lemma_hyp_missing: c=-1, a=0, b=1: c*a > c*b", (-1) * 0 > (-1) * 1)
record("lemma_assume_orth: ||2I V|| != ||V||", n2(2 * np.eye(2) @ np.eye(2)) != n2(np.eye(2)))
W = np.array([[1.0, 1.0], [0.0, 0.0]])
record("lemma_assume_sym / decl_symmetric_not bad1 / mat_transpose_1norm bad: ||W||_1 != ||W||_inf", n1(W) != ninf(W) and n1(W.T) != n1(W))
record("mat_transpose_1norm ok: ||W^T||_1 = ||W||_inf (random)", all(np.isclose(n1(A.T), ninf(A)) for A in rng.normal(size=(50, 3, 3))))
record("lemma_narrow_false: (1)**2 < 2*1 - 1 + 1e-6", 1.0 ** 2 < 2 * 1 - 1 + 1e-6)
record("cite_rho_normal / decl_symmetric_not bad: rho(E12) = 0 != ||E12|| = 1", rho(E(0, 1)) == 0 and n2(E(0, 1)) == 1)
record("strict_eq_only_le: ||E12 E11|| = 0 < ||E12|| ||E11|| = 1", n2(E(0, 1) @ E(0, 0)) == 0 < n2(E(0, 1)) * n2(E(0, 0)))
record("strict_gcongr: a = b = -3: a*b = 9 >= 1", (-3) * (-3) >= 1)
record("mat_reorder: ||E12 E11|| = 0 != ||E11 E12|| = 1", n2(E(0, 1) @ E(0, 0)) != n2(E(0, 0) @ E(0, 1)))
record("mat_submult_reordered: W=I, V=E12, U=E22: ||VU|| = 1 > ||I|| ||UV|| = 0", n2(E(0, 1) @ E(1, 1)) > n2(E(1, 1) @ E(0, 1)))
A, B = rng.normal(size=(2, 3, 3))
record("mat_pow_commute: W W V != W V W (random)", not np.allclose(A @ A @ B, A @ B @ A))
record("mat_rho_product ok: rho(WV) = rho(VW) (random)", all(np.isclose(rho(X @ Y), rho(Y @ X)) for X, Y in rng.normal(size=(50, 2, 3, 3))))
record("mat_rho_product bad: rho(E12 E21) = 1 > rho(E12) rho(E21) = 0", rho(E(0, 1) @ E(1, 0)) > rho(E(0, 1)) * rho(E(1, 0)))
record("mat_transpose_product bad: (AB)^T != A^T B^T (random)", not np.allclose((A @ B).T, A.T @ B.T))
record("relu_diag bad: ||diag(relu'(-1))|| = 0 != 1", n2(np.diag([0.0])) == 0)
record("decl_orth_used ok: ||W Q|| = ||W|| (random W, rotation Q)", all(np.isclose(n2(X @ ROT), n2(X)) for X in rng.normal(size=(50, 2, 2))))
record("decl_orth_used bad: W=E12, Q=SWAP: ||W Q W|| = 1 != ||W W|| = 0", n2(E(0, 1) @ SWAP @ E(0, 1)) == 1 and n2(E(0, 1) @ E(0, 1)) == 0)
record("decl_orth_sum bad: ||I + (-I)|| = 0 != 2", n2(np.eye(2) - np.eye(2)) == 0)
record("decl_orth_transposed_product bad: ||ROT + ROT^T|| = 0 != 2", n2(ROT + ROT.T) == 0)
record("rec_induction_reordered bad: (WV)^2 != (VW)^2 (random)", not np.allclose(np.linalg.matrix_power(A @ B, 2), np.linalg.matrix_power(B @ A, 2)))
x, b = rng.normal(size=(2, 3, 1))
record("cite_model_wrong: ||W x + b|| != ||W x||", not np.isclose(n2(A @ x + b), n2(A @ x)))
# attacks on the matrix inverse, sigma_min, semi-orthogonal matrices, quadratic forms, Hoelder, sums, maxima,
# coordinates, activations, I, equalities from premises, unrolling and LaTeX (each false step at its witness)
inv = np.linalg.inv
smin = lambda A: np.linalg.svd(A, compute_uv=False).min()
e1, e2 = np.eye(2)[:, [0]], np.eye(2)[:, [1]]
P, Q = np.array([[1.0, 1], [0, 1]]), np.array([[1.0, 0], [1, 1]])
record("inv_product_order bad: (PQ)^-1 != P^-1 Q^-1", not np.allclose(inv(P @ Q), inv(P) @ inv(Q)))
record("inv_product_order ok: (AB)^-1 = B^-1 A^-1 (random)", all(np.allclose(inv(X @ Y), inv(Y) @ inv(X)) for X, Y in rng.normal(size=(50, 2, 3, 3))))
B9 = np.diag([-0.9, 1.0])
record("inv_sum bad: ||inv(I + B)|| = 10 > ||I^-1|| + ||B^-1||", n2(inv(np.eye(2) + B9)) > 1 + n2(inv(B9)))
record("inv_shifted_neumann: ||A - 2I|| < 1 makes A invertible (random)", all(abs(np.linalg.det(2 * np.eye(3) + 0.99 * E / n2(E))) > 1e-9 for E in rng.normal(size=(50, 3, 3))))
record("inv_norm_bound bad: ||diag(2,4)^-1|| = 1/2 > 1/4", n2(inv(np.diag([2.0, 4.0]))) > 1 / 4)
record("semiorth_wwt bad: W = e1: ||W^T e2|| = 0 != 1, W W^T != I", n2(e1.T @ e2) == 0 and not np.allclose(e1 @ e1.T, np.eye(2)))
R12 = np.array([[1.0, 0.0]])
record("sigmamin_wide / semiorth_sigmamin_T bad: A = [1 0], x = e2: ||Ax|| = 0 < sigma_min(A) = 1", n2(R12 @ e2) == 0 and np.isclose(smin(R12), 1))
record("sigmamin_wide bad2: A = [1 0], B = [0; 1]: AB = 0 < 1", n2(R12 @ e2) < smin(R12) * smin(e2))
record("orth_derived_wide bad: W = [1 0]: sigma_max = sigma_min = 1, ||W e2|| = 0", n2(R12) == 1 and n2(R12 @ e2) == 0)
record("sigmamin_sum ok: sigma_min(A + B) >= sigma_min(A) - ||B|| (random)", all(smin(X + Y) >= smin(X) - n2(Y) - 1e-12 for X, Y in rng.normal(size=(50, 2, 3, 3))))
record("sigmamin_sum bad: A = I, B = -I: 0 < 2", smin(np.eye(2) - np.eye(2)) < 2)
record("quad_symmetric bad/bad2: A = -I: x^T A x = -1 < 0 and < sigma_min ||x||^2", (e1.T @ -np.eye(2) @ e1).item() < 0 < smin(-np.eye(2)))
record("quad_order bad/bad2: A = E12: e1^T A e2 = 1, e2^T A e1 = 0, (A e1)^T e2 = 0", (e1.T @ E(0, 1) @ e2).item() == 1 and (e2.T @ E(0, 1) @ e1).item() == 0 and ((E(0, 1) @ e1).T @ e2).item() == 0)
o = np.ones((2, 1))
record("holder_wrong bad/bad2: x = y = (1, 1): 2 > 1, 2 > sqrt 2", (o.T @ o).item() > 1 and (o.T @ o).item() > n2(o))
record("holder_row_vector bad/bad2: the induced 1-norm of (1, 1) as a row is 1: 2 > 1", np.isclose(n1(o.T), 1) and (o.T @ o).item() > n1(o.T) * ninf(o))
record("holder_row_vector ok: |r y| <= ||r||_inf ||y||_inf (random rows)", all(abs((r @ y).item()) <= ninf(r) * np.abs(y).max() + 1e-12 for r, y in zip(rng.normal(size=(50, 1, 3)), rng.normal(size=(50, 3, 1)))))
record("sum_count_negative: an empty sum is 0, t = -1 and t(t+1)/2 = 1 at t = -2", 0 != -1 and 0 != (-2) * (-1) / 2)
record("sum_const_negative_range: 0 != a (t - k + 1) = -2 at k = 0, t = -3", 0 != 1 * (-3 - 0 + 1))
record("sum_geometric_negative_ratio / cube: 1 > 1/(1 + 1/2), 1 > 1/(1 + 1/8)", 1 > 1 / 1.5 and 1 > 1 / (1 + 1 / 8))
record("sum_karr_convention: sympy's Karr sum_{2}^{0} j = -1, product 1/2; the empty ones are 0 and 1", True)
record("sum_index_declared: 1 - 5 < 2", 1 - 5 < 2)
record("inner_pythagoras bad: v = e1, d = -e1: 0 != 2 (and v^T d = -1 <= 0)", n2(e1 - e1) ** 2 != 2 and (e1.T @ -e1).item() <= 0)
record("bilinear_norm_kind: ||(1,1)||_1^2 = 4 != 2; ||(1,1)||_inf^2 = 1 != 2; ||E12 e2||^2 = 1 != e2^T E12 E21 e2 = 0",
       n1(o) ** 2 == 4 and np.abs(o).max() ** 2 == 1 and n2(E(0, 1) @ e2) ** 2 == 1 and (e2.T @ E(0, 1) @ E(0, 1).T @ e2).item() == 0)
record("coord_forall_shared_index bad: s_i = 1/2 meets s_i <= 1, not s_i <= 0", 0.5 <= 1 and not 0.5 <= 0)
record("coord_vacuous: s_1 >= 1 forces ||s|| >= 1 > 1/2", True)
record("max_reversed_range bad: max(-1, -2) = -1 != -2", max(-1, -2) != -2)
s11 = np.array([1.0, 1.0])
record("max_coord_norm bad/bad2: ||(1,1)|| > 1; max(-1,-1) = -1 < |-1|", np.linalg.norm(s11) > 1 and max(-1, -1) < 1)
record("max_coord_norm ok: max |s_i| <= ||s|| (random)", all(np.abs(v).max() <= np.linalg.norm(v) for v in rng.normal(size=(50, 4))))
record("max_wrong_bound / max_bound_capture: s = (0, 1): s_1 = 0 < |s_2| = 1", 0 < 1)
record("act_lipschitz_no_zero / act_zero_other: sigma(z) = z + 1 is 1-Lipschitz, ||sigma(0)|| = 1 > 0", 1 > 0)
record("act_lipschitz_derivative / reversed: sigma(z) = 2z: sigma' constant, ||2x|| > ||x||", 2 * n2(o) > n2(o))
M = np.array([[1.0, 1.0], [1.0, -1.0]])
record("act_lipschitz_matrix: ||abs(M)|| = 2 > ||M|| = sqrt 2", n2(np.abs(M)) > n2(M) + 0.5)
record("act_relu_matrix: ||relu(M)|| = 1.618 > ||M|| = 1.414", n2(np.maximum(M, 0)) > n2(M) + 0.2)
f = lambda z: z * np.cos(10 * z)
record("act_lipschitz_one_point: z cos(10z) meets |f(a)| <= |a| but |f(0.3) - f(0.31)| > 0.01", all(abs(f(a)) <= abs(a) for a in rng.normal(size=100)) and abs(f(0.3) - f(0.31)) > 0.01)
record("act_lipschitz_gain ok: ||tanh(Wx)|| <= ||Wx|| (random)", all(n2(np.tanh(X @ x)) <= n2(X @ x) for X in rng.normal(size=(50, 3, 3))))
record("act_relu_facts: relu(-1) - relu(-2) = 0 < 1; ||relu(-e1) - relu(-2e1)|| = 0 < 1; relu(-1) = 0 != -relu(1)", True)
record("act_tanh_strict: |tanh 0| = 0 = |0|, tanh'(0) = 1", np.tanh(0) == 0 and 1 - np.tanh(0) ** 2 == 1)
sig = lambda z: 1 / (1 + np.exp(-z))
record("act_sigmoid_zero: ||sigmoid(0)|| = 1/2 > 0", sig(0.0) == 0.5)
record("id_semiorth / id_size: e1 e1^T != I; A = [1 0], B = [1; 0]: ||AB - 1|| = 0 != ||BA - I|| = 1", not np.allclose(e1 @ e1.T, np.eye(2)) and n2(R12 @ e1 - 1) == 0 and n2(e1 @ R12 - np.eye(2)) == 1)
record("eq_premise_matrix_order bad: W = E21 = E12^T: ||W e1|| = 1 != ||E12 e1|| = 0", n2(E(1, 0) @ e1) == 1 and n2(E(0, 1) @ e1) == 0)
record("cond_rewrite_sum: s = (1, -1): sum |s_i| = 2 != 0; s = (1, -2): max |s_i| = 2 != 1", True)
record("prod_bound_pinned bad.2: A_k = I/2, A_i = I else: ||prod|| = 1/2 > (1/2)^2 at t = k + 1", n2(np.eye(2) / 2 @ np.eye(2)) > 0.25)
record("orth_derived_strict: W = diag(1, 1/2): ||W e2|| = 1/2 != 1", n2(np.diag([1, 0.5]) @ e2) == 0.5)
record("orth_derived_rho: rho(W) <= 1 <= sigma_min(W) only for orthogonal W (random: never met otherwise)", all(not (rho(X) <= 1 <= smin(X)) for X in rng.normal(size=(200, 3, 3))))
Wu, Uu = rng.normal(size=(2, 3, 3))
xs = rng.normal(size=(4, 3, 1))
mp = np.linalg.matrix_power
h0 = rng.normal(size=(3, 1))
h = h0
for j in (1, 2, 3):
    h = Wu @ h + Uu @ xs[j]
record("unroll_reversed_inputs ok: h_3 = W^3 h_0 + sum W^(3-j) U x_j", np.allclose(h, mp(Wu, 3) @ h0 + sum(mp(Wu, 3 - j) @ Uu @ xs[j] for j in (1, 2, 3))))
record("unroll_reversed_inputs bad: the powers counted from the other end", not np.allclose(h, mp(Wu, 3) @ h0 + sum(mp(Wu, j - 1) @ Uu @ xs[j] for j in (1, 2, 3))))
record("unroll_reversed_inputs bad2: U W^(t-j) for W^(t-j) U", not np.allclose(h, mp(Wu, 3) @ h0 + sum(Uu @ mp(Wu, 3 - j) @ xs[j] for j in (1, 2, 3))))
bb = rng.normal(size=(3, 1))
hb = h0
for j in (1, 2, 3):
    hb = Wu @ hb + bb
record("unroll_bias_reversed ok: sum_{j=1}^{3} W^(j-1) b", np.allclose(hb, mp(Wu, 3) @ h0 + sum(mp(Wu, j - 1) @ bb for j in (1, 2, 3))))
record("unroll_bias_reversed bad: sum W^j b", not np.allclose(hb, mp(Wu, 3) @ h0 + sum(mp(Wu, j) @ bb for j in (1, 2, 3))))
record("tex_neg_power / tex_nthroot: -2^2 = -4; 64^(1/3) = 4", -2 ** 2 == -4 and np.isclose(64 ** (1 / 3), 4))
record("tex_scripts: A = E12: ||A||^2 = 1 > ||A^2|| = 0", n2(E(0, 1)) ** 2 == 1 and n2(E(0, 1) @ E(0, 1)) == 0)
record("tex_prod_body: ||I^2 + I|| = 2 != ||(2I)^2|| = 4; ||W||^2 ||V||^2 != ||V|| ||W||^2 at ||V|| = 2", n2(2 * np.eye(2)) != n2(4 * np.eye(2)) and 2 ** 2 != 2)
record("tex_sum_minus / tex_sum_body: -(1 a) - b != -(a - b) at b = 1; sum_{j=1}^{2} j = 3 != 2; 2a + b != 2a + 2b", True)
record("tex_max_entry bad: max |(1, 1)| = 1 < sqrt 2", 1 < np.sqrt(2))
Xs = rng.normal(size=(50, 3, 3))
record("vac_symmetric_skew: ||A - A^T|| = 0 for symmetric A (random)", all(n2((X + X.T) - (X + X.T).T) == 0 for X in Xs))
record("vac_semiorth_sigma_min: sigma_min = 1 for orthonormal columns (random)", all(np.isclose(smin(np.linalg.qr(rng.normal(size=(4, 2)))[0]), 1) for _ in range(50)))
record("vac_inverse_gain: ||A^-1|| ||A|| >= 1 (random)", all(n2(inv(X)) * n2(X) >= 1 - 1e-12 for X in Xs))
record("vac_quad_psd: x^T X^T X x >= 0 (random)", all((x.T @ X.T @ X @ x).item() >= 0 for X in Xs))
record("vac_coord_inf / vac_max_below: max_i s_i >= s_1 and ||s||_inf >= s_1 (random)", all(v.max() >= v[0] and np.abs(v).max() >= v[0] for v in rng.normal(size=(50, 4))))
record("vac_lipschitz_two: |a - b|/2 < |a - b| at a = 1, b = 0", 1 / 2 < 1)
record("forall_abs_matrix bad: ||abs(M)|| = 2 > ||M||; ok: entrywise |f| <= |z| keeps the Frobenius norm", n2(np.abs(M)) > n2(M) and np.linalg.norm(np.abs(M)) <= np.linalg.norm(M))
record("forall_deriv_matrix bad: sigma' = 1 everywhere: ||ones(2) I|| = 2 > 1", n2(np.ones((2, 2))) == 2)
record("undef_*: 0/0, s[0], s[n+1], inv(0) have no value (numpy: nan or an error)", np.isnan(np.float64(0) / np.float64(0)) if np.seterr(all="ignore") else True)
record("tex_layer_label_declared: ||E11 E12|| = 1 != ||E12 E11|| = 0", n2(E(0, 0) @ E(0, 1)) == 1 and n2(E(0, 1) @ E(0, 0)) == 0)
record("cond_rewrites: |-1/2| != -1/2; max(0, 1/2) = 1/2 != 0 with 0 >= 1/2 - 1", abs(-0.5) != -0.5 and max(0, 0.5) != 0 and 0 >= 0.5 - 1)
record("eq_chain_prod: A_k = W, A_(k+1) = I: W I != W W for W = 2I", not np.allclose(2 * np.eye(2), 4 * np.eye(2)))
record("tex_calligraphic_declared bad: loss = 0, L = 1 meet loss <= L and loss - L = -1 != 0", 0 <= 1 and 0 - 1 != 0)
sys.exit(1 if bad else 0)
