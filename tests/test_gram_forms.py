"""Forms in inner products (issue 24, class 3: nlinarith's squares for vectors): Σ cᵢⱼ⟨vᵢ, vⱼ⟩ + q ≥ 0 when the
coefficient matrix is positive semidefinite and q ≥ 0, decided by the kernel's arithmetic as the scalar form
Σ cᵢⱼzᵢzⱼ + q (tr(CG) ≥ 0 for a Gram matrix G).  Young's 2yᵀz ≤ ‖y‖² + ‖z‖² and its variants, with false controls."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel import arith
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from kernelcheck import rejection
from test_everyday_facts import chain, statuses

VECTORS = """
symbols:
  n: dimension
  y: {kind: vector, shape: [n]}
  z: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  dt: {kind: scalar, assume: [positive]}
  c: {kind: scalar}
definitions:
  d: {value: y - z}
chains:
"""


@pytest.mark.parametrize("start, rel, end, status", [
    ("2 * y.T @ z", "<=", "norm(y)**2 + norm(z)**2", "proved"),             # Young
    ("2 * dt * y.T @ z", "<=", "dt * (norm(y)**2 + norm(z)**2)", "proved"),  # inside a product
    ("2 * (W @ y).T @ z", "<=", "norm(W @ y)**2 + norm(z)**2", "proved"),    # of compound vectors
    ("4 * y.T @ z", "<=", "2 * norm(y)**2 + 2 * norm(z)**2", "proved"),
    ("y.T @ z", "<=", "norm(y)**2 / 2 + norm(z)**2 / 2", "proved"),
    ("2 * y.T @ z", "<", "norm(y)**2 + norm(z)**2 + 1", "proved"),           # strict with a positive constant
    ("norm(y + z)**2", "<=", "2 * norm(y)**2 + 2 * norm(z)**2", "proved"),  # the parallelogram bound
    ("0", "<=", "norm(d)**2 + 2 * d.T @ z + norm(z)**2", "proved"),          # through a definition: ‖d + z‖²
    ("3 * y.T @ z", "<=", "norm(y)**2 + norm(z)**2", "refuted"),            # not positive semidefinite
    ("y.T @ z", "<=", "norm(y)**2", "refuted"),
    ("2 * y.T @ z", "<", "norm(y)**2 + norm(z)**2", "refuted"),             # equal at y = z
    ("2 * c * y.T @ z", "<=", "c * (norm(y)**2 + norm(z)**2)", "refuted"),  # c of any sign
])
def test_forms_in_inner_products(tmp_path, start, rel, end, status):
    d = derivation_from(tmp_path, VECTORS + chain("f", start, [(rel, end, "")]))
    r = check(d, search=status != "proved", budget=300)
    assert statuses(r) == [status], r.links[0].reason


def test_young_holds_numerically_and_its_neighbours_do_not():
    rng = np.random.default_rng(3)
    for _ in range(100):
        y, z = rng.normal(size=(2, 4))
        assert 2 * y @ z <= y @ y + z @ z + 1e-12 and np.linalg.norm(y + z) ** 2 <= 2 * (y @ y + z @ z) + 1e-12
    y = z = np.ones(2)
    assert 3 * y @ z > y @ y + z @ z and not 2 * y @ z < y @ y + z @ z


def test_kernel_decides_the_form_and_rejects_a_false_one(tmp_path):
    d = derivation_from(tmp_path, VECTORS + chain("f", "2 * y.T @ z", [("<=", "norm(y)**2 + norm(z)**2", "")]))
    r = check(d, budget=300)
    link = r.links[0]
    kernel = Kernel.for_derivation(d)
    assert rejection(kernel, link.lhs, link.rel, link.rhs, link.proof) == ""
    forged = Proof("arithmetic", "arithmetic", sp.Integer(3) / 2 * link.lhs, "<=", link.rhs)
    assert "arithmetic does not show" in rejection(kernel, forged.lhs, "<=", forged.rhs, forged)
    y = next(s.obj for s in d.symbols.values() if str(s.obj) == "y")
    from symbound.ops.norm import Norm
    assert not arith.decide(Norm(y, "2") - 1, "nonnegative")  # ‖y‖ alone is not a form in inner products
