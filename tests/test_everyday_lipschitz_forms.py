"""Issue 24, classes 1 and 4: a Lipschitz bound applied to arguments that differ as written but not in the
normal form (relu(W(x + r) + b) against relu(Wx + b): the difference is −Wr), and a positive scalar divisor
taken out of a norm (‖W/σ(W)‖ = ‖W‖/σ(W), spectral normalisation): the normal form's absolute homogeneity
‖c·M‖ = |c|·‖M‖ and sign ‖−M‖ = ‖M‖.  Variants through a premise, a definition, an earlier chain, inside a
product; false controls; forged kernel terms rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.algebra import normal
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.ops import Norm
from kernelcheck import rejection

SYMBOLS = """
symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [m, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  r: {kind: vector, shape: [n]}
  b: {kind: vector, shape: [m]}
  c: {kind: scalar}
  eta: {kind: scalar}
  t: {kind: index}
  k: {kind: index}
  relu: {kind: activation, function: relu}
  a: {kind: activation}
definitions:
  F: {value: relu(W @ x + b)}
  G: {value: relu(W @ (x + r) + b)}
  V: {value: W / sigma_max(W)}
"""
LIPSCHITZ = '''  L1:
    claim: "abs(a(p) - a(q)) <= abs(p - q)"
    for_all: [p, q]
'''
POSITIVE = '  S: "sigma_max(W) > 0"\n'


def statuses(tmp_path, steps: list[tuple[str, str]], start: str, premises: str = "", search: bool = False,
             earlier: str = "") -> list[str]:
    body = "".join(f'      - "{rel}": "{end}"\n' for rel, end in steps)
    report = check(derivation_from(tmp_path, SYMBOLS + (f"premises:\n{premises}" if premises else "") + "chains:\n" + earlier
                                   + f'  - id: c\n    start: "{start}"\n    steps:\n' + body), search=search)
    return [l.status for l in report.links if l.chain == "c"]


@pytest.mark.parametrize("start, rel, end, premises, expected", [
    # relu is 1-Lipschitz, the arguments' difference −Wr only in the normal form
    ("norm(relu(W @ x + b) - relu(W @ (x + r) + b))", "<=", "norm(W @ r)", "", "proved"),
    ("norm(relu(W @ (x + r) + b) - relu(W @ x + b))", "<=", "norm(W @ r)", "", "proved"),
    ("norm(relu(W @ x + b) - relu(W @ (x + r) + b), 1)", "<=", "norm(W @ r, 1)", "", "proved"),
    ("norm(F - G)", "<=", "norm(W @ r)", "", "proved"),                                # through definitions
    ("3 * norm(relu(W @ x + b) - relu(W @ (x + r) + b))", "<=", "3 * norm(W @ r)", "", "proved"),  # in a product
    ("norm(relu(W @ x + b) - relu(W @ (x + r) + b))", "<=", "norm(W @ r) / 2", "", "refuted"),
    ("norm(relu(W @ x + b) - relu(W @ (x + r)))", "<=", "norm(W @ r)", "", "refuted"),      # the bias differs
    # an activation 1-Lipschitz by a premise
    ("norm(a(W @ x + b) - a(W @ (x + r) + b))", "<=", "norm(W @ r)", LIPSCHITZ, "proved"),
    ("norm(a(W @ x + b) - a(W @ (x + r) + b))", "<=", "norm(W @ r)", "", "unproved"),       # no premise
    # a positive scalar divisor out of a norm
    ("norm(V)", "=", "norm(W) / sigma_max(W)", POSITIVE, "proved"),
    ("norm(V @ x - V @ y)", "=", "norm(W @ (x - y)) / sigma_max(W)", POSITIVE, "proved"),
    ("norm(V @ x - V @ y)", "<=", "sigma_max(V) * norm(x - y)", POSITIVE, "proved"),
    ("sigma_max(V)", "=", "1", POSITIVE, "proved"),
    ("norm(V)", "=", "norm(W) * sigma_max(W)", POSITIVE, "refuted"),
    ("norm(W / c)", "=", "norm(W) / abs(c)", '  C: "abs(c) > 0"\n', "proved"),
    ("norm(W / c)", "=", "norm(W) / c", '  C: "abs(c) > 0"\n', "refuted"),                # c may be negative
    ("norm(W / c)", "=", "norm(W) / c", '  C: "c > 0"\n', "proved"),
    ("norm(-c * (W @ x))", "=", "abs(c) * norm(W @ x)", "", "proved"),
    ("norm(2 * (W @ x) - 2 * (W @ y))", "=", "2 * norm(W @ (y - x))", "", "proved"),
    ("norm(2 * (W @ x) - 2 * (W @ y))", "=", "norm(W @ (y - x))", "", "refuted"),
])
def test_normal_form_through_lipschitz_bounds_and_norms(tmp_path, start, rel, end, premises, expected):
    assert statuses(tmp_path, [(rel, end)], start, premises, search=expected == "refuted") == [expected]


def test_spectral_normalisation_through_an_earlier_chain(tmp_path):
    earlier = ('  - id: one\n    start: "sigma_max(V)"\n    steps:\n      - "=": "sigma_max(W) / sigma_max(W)"\n'
               '      - "=": "1"\n')
    got = statuses(tmp_path, [("<=", "sigma_max(V) * norm(a(x) - a(y))"), ("<=", "sigma_max(V) * norm(x - y)"),
                              ("=", "norm(x - y)")],
                   "norm(V @ a(x) - V @ a(y))", POSITIVE + LIPSCHITZ, earlier=earlier)
    assert got == ["proved"] * 3


def test_a_divisor_not_known_nonzero_is_not_taken_out(tmp_path):
    """‖W/σ(W)‖ = 1·… needs σ(W) ≠ 0: at W = 0 the quotient is undefined."""
    assert statuses(tmp_path, [("=", "norm(W) / sigma_max(W)")], "norm(V)") != ["proved"]
    assert statuses(tmp_path, [("=", "1")], "sigma_max(V)") != ["proved"]


def test_normal_form_homogeneity_laws():
    n = sp.Symbol("n", integer=True, positive=True)
    x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
    c, d = sp.symbols("c d")
    assert normal(Norm(x - y)) == normal(Norm(y - x))
    assert normal(Norm(c * x - c * y)) == sp.Abs(c) * normal(Norm(x - y))
    assert normal(Norm(sp.Rational(3, 2) * x - 3 * y)) == normal(sp.Rational(3, 2) * Norm(x - 2 * y))
    assert normal(Norm(c * x - d * y)) == normal(Norm(c * x - d * y))   # no common factor: left whole
    assert not normal(Norm(c * x - d * y)).has(sp.Abs)
    assert normal(Norm(x + y)) != normal(Norm(x - y))
    assert normal(Norm(-x, "inf")) == Norm(x, "inf")


def test_kernel_rejects_forged_homogeneity():
    n = sp.Symbol("n", integer=True, positive=True)
    x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
    c = sp.Symbol("c", real=True)
    k = Kernel({}, {}, {}, {}, set())

    def conv(lhs, rhs) -> str:
        return rejection(k, lhs, "=", rhs, Proof("conv", "rewriting", lhs, "=", rhs))

    assert conv(Norm(c * x - c * y), sp.Abs(c) * Norm(x - y)) == ""
    assert conv(Norm(c * x - c * y), c * Norm(x - y)) != ""             # |c|, not c
    assert conv(Norm(x - y), Norm(x + y)) != ""
    assert conv(Norm(2 * x - 2 * y), Norm(x - y)) != ""
    assert conv(Norm(x - 2 * y), Norm(2 * x - y)) != ""
    assert conv(Norm(x - y, "1"), Norm(x - y, "2")) != ""               # the kind kept
