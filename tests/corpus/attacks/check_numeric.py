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
sys.exit(1 if bad else 0)
