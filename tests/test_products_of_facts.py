"""A hypothesis multiplied by a whole coefficient of the goal, and by the reciprocal of a denominator (issue 24,
classes 2/3): α‖x‖ + (1 − α)‖W‖‖x‖ ≤ ‖x‖ from ‖W‖ ≤ 1 times (1 − α)‖x‖ ≥ 0 (Cisse et al.'s Parseval
aggregation), and ‖x − y‖ ≤ ‖f‖/(1 − L) from (1 − L)‖x − y‖ ≤ ‖f‖ times 1/(1 − L) > 0 (Behrmann et al.'s
inverse Lipschitz bound), and relu(ẑ) ≤ u(ẑ − ℓ)/(u − ℓ) in each case of relu's sign (Wong & Kolter's upper face:
ℓ ≤ ẑ times u/(u − ℓ), ẑ ≤ u times −ℓ/(u − ℓ)), and x ≤ √x on [0, 1] (squared, the squared goal keeps nlinarith's products); false
variants stay unproved and a forged multiplier's sign is rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: dimension
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  alpha: {kind: scalar}
  s: {kind: scalar}
  c: {kind: scalar}
definitions:
  L: {value: norm(A) * norm(B)}
  beta: {value: 1 - alpha}
premises:
  pal: "0 <= alpha <= 1"
  pW: "norm(W) <= 1"
  ps: "s > 0"
  pc: "c >= 0"
  pL: "L < 1"
  pinv: "norm(A @ x - A @ y) >= (1 - L)*norm(x - y)"
"""


def status(start: str, rel: str, end: str, tmp_path, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)", "<=", "norm(x)"),          # ‖W‖ ≤ 1 times (1 − α)‖x‖
    ("alpha*norm(x - y) + (1 - alpha)*norm(W)*norm(x - y)", "<=", "norm(x - y)"),  # inside a norm
    ("alpha*norm(x) + beta*norm(W)*norm(x)", "<=", "norm(x)"),                  # the factor through a definition
    ("c*(alpha + (1 - alpha)*norm(W))", "<=", "c"),                             # the factor's sign from a premise
    ("norm(x)", ">=", "alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)"),           # written the other way
    ("norm(x - y)", "<=", "norm(A @ x - A @ y)/(1 - L)"),                       # divided by 1 − L > 0
    ("norm(x - y)", "<=", "norm(A @ x - A @ y)/(1 - norm(A)*norm(B))"),         # the definition unfolded
    ("2*norm(x - y)", "<=", "2*norm(A @ x - A @ y)/(1 - L)"),                   # with a coefficient
])
def test_products_with_a_whole_coefficient_or_a_reciprocal_are_proved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("alpha*norm(x) + (1 + alpha)*norm(W)*norm(x)", "<=", "norm(x)"),          # a sign slip
    ("s*norm(x) + (1 - s)*norm(W)*norm(x)", "<=", "norm(x)"),                  # s > 1 makes 1 − s negative
    ("alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)", "<=", "alpha*norm(x)"),    # ‖W‖ may be positive
    ("norm(x - y)", "<=", "norm(A @ x - A @ y)/(1 + L)"),                      # 1/(1 + L) < 1/(1 − L)
    ("norm(x - y)", "<=", "norm(A @ x - A @ y)/(2 - L)"),                      # a larger denominator
    ("norm(x - y)", "<", "norm(A @ x - A @ y)/(1 - L)"),                       # x = y
])
def test_false_variants_stay_unproved(tmp_path, start, rel, end):
    assert status(start, rel, end, tmp_path) != "proved"


def test_without_the_sign_premises_nothing_follows(tmp_path):
    """Without 0 ≤ α ≤ 1 the factor 1 − α has no sign; without L < 1 the denominator 1 − L has none."""
    no_alpha = HEADER.replace('  pal: "0 <= alpha <= 1"\n', "")
    assert status("alpha*norm(x) + (1 - alpha)*norm(W)*norm(x)", "<=", "norm(x)", tmp_path, no_alpha) != "proved"
    no_l = HEADER.replace('  pL: "L < 1"\n', "")
    assert status("norm(x - y)", "<=", "norm(A @ x - A @ y)/(1 - L)", tmp_path, no_l) != "proved"


def test_kernel_rejects_a_forged_multiplier_sign():
    """t‖x‖ − t‖W‖‖x‖ ≥ 0 from ‖W‖ ≤ 1 times t = (1 − a)‖x‖ with 0 ≤ t shown passes; the same certificate whose
    sign proof is about another term, or is missing, is rejected."""
    a, w, nx = (sp.Symbol(s, real=True) for s in ("a", "w", "nx"))
    k = Kernel({}, {}, {}, {"pw": [Statement(w, "<=", sp.Integer(1))], "pa": [Statement(a, "<=", sp.Integer(1))],
                            "px": [Statement(sp.Integer(0), "<=", nx)]}, set())
    t = (1 - a) * nx
    premise = Proof("premise", "pw", w, "<=", sp.Integer(1))
    slack = Proof("linarith", "linarith", sp.Integer(0), "<=", 1 - a, (Proof("premise", "pa", a, "<=", sp.Integer(1)),),
                  (("coefficients", (sp.Integer(1),)), ("multipliers", (sp.Integer(1),))))
    sign = Proof("gcongr", "mul_nonneg", sp.Integer(0), "<=", t, (slack, Proof("premise", "px", sp.Integer(0), "<=", nx)))
    lhs, rhs = a * nx + (1 - a) * w * nx, nx

    def certificate(*signs):
        return Proof("linarith", "linarith", lhs, "<=", rhs, (premise, *signs),
                     (("coefficients", (sp.Integer(1),)), ("multipliers", (t,))))

    assert rejection(k, lhs, "<=", rhs, certificate(sign)) == ""
    assert rejection(k, lhs, "<=", rhs, certificate()) != ""
    other = Proof("gcongr", "mul_nonneg", sp.Integer(0), "<=", (1 - a) * w, (slack, Proof("premise", "px", sp.Integer(0), "<=", nx)))
    assert rejection(k, lhs, "<=", rhs, certificate(other)) != ""


ROOTS = """
symbols:
  b2: {kind: scalar}
  c: {kind: scalar}
definitions:
  r: {value: sqrt(1 - b2)}
premises:
  pb: "0 <= b2 < 1"
  pc: "c >= 0"
"""


@pytest.mark.parametrize("start, rel, end, verdict", [
    ("1 - b2", "<=", "sqrt(1 - b2)", True),         # x ≤ √x on [0, 1]: x² ≤ x, a product of two premises
    ("b2", "<=", "sqrt(b2)", True),                 # the same at b2
    ("sqrt(1 - b2)", ">=", "1 - b2", True),         # written the other way
    ("1 - b2", "<=", "r", True),                    # the root through a definition
    ("sqrt(b2)", "<=", "b2", False),                # the wrong way on [0, 1]
    ("2*b2", "<=", "sqrt(b2)", False),              # false at b2 = 0.9
    ("1 + b2", "<=", "sqrt(1 + b2)", False),        # 1 + b2 ≥ 1
])
def test_a_number_below_its_root_on_the_unit_interval(tmp_path, start, rel, end, verdict):
    assert (status(start, rel, end, tmp_path, ROOTS) == "proved") == verdict


FACE = """
symbols:
  lo: {kind: scalar}
  up: {kind: scalar}
  zh: {kind: scalar}
  relu: {kind: activation, function: relu}
definitions:
  face: {value: up*(zh - lo)/(up - lo)}
premises:
  plo: "lo < 0"
  pup: "up > 0"
  pz: "lo <= zh <= up"
"""


@pytest.mark.parametrize("start, rel, end, verdict", [
    ("relu(zh)", "<=", "up*(zh - lo)/(up - lo)", True),       # Wong & Kolter's upper face
    ("relu(zh)", "<=", "(up*zh - up*lo)/(up - lo)", True),    # its numerator expanded
    ("relu(zh)", "<=", "face", True),                         # through a definition
    ("up*(zh - lo)/(up - lo)", ">=", "relu(zh)", True),       # written the other way
    ("relu(zh)", "<=", "up*zh/(up - lo)", False),             # false at zh = up
    ("relu(zh)", "<=", "up*(zh - lo)/(2*(up - lo))", False),  # half the face
    ("relu(zh)", "<", "up*(zh - lo)/(up - lo)", False),       # equal at zh = up
])
def test_the_upper_face_of_relu_in_each_case(tmp_path, start, rel, end, verdict):
    assert (status(start, rel, end, tmp_path, FACE) == "proved") == verdict


def test_the_face_needs_the_range_premise(tmp_path):
    """Without ℓ ≤ ẑ ≤ u the face is no bound."""
    assert status("relu(zh)", "<=", "up*(zh - lo)/(up - lo)", tmp_path, FACE.replace('  pz: "lo <= zh <= up"\n', "")) != "proved"


def test_a_norm_of_a_product_with_a_sum_inside_is_not_rebuilt_by_sympy():
    """Szegedy et al.'s ‖W₂(relu(W₁(x + r) + b₁) − relu(W₁x + b₁))‖: the lower side of a term by |term| built with
    sympy's evaluation rebuilt the matrix product inside (NotImplementedError: a crash of verify); every link is
    proved."""
    from pathlib import Path

    from symbound import verify

    report = verify(Path(__file__).parent / "corpus" / "fresh" / "szegedy_instability.yaml", budget=0, repair=False)
    assert [link.status for link in report.links] == ["proved"] * 5
