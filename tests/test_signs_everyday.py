"""Signs and exact values, the everyday steps of issue 24's class 3: a factor whose sign a premise gives under a
bound (``mul_le_mul_of_nonneg_left``), each variant through a premise, an earlier chain, a definition, inside a sum
or against a product; false variants stay unproved and forged terms are rejected by the kernel."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import one_link_status
from kernelcheck import rejection
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof

HEADER = """
symbols:
  n: {kind: dimension}
  M: {kind: matrix, shape: [n, n]}
  h: {kind: vector, shape: [n]}
  b: {kind: scalar}
  g: {kind: scalar}
  u: {kind: scalar}
  w: {kind: scalar}
definitions:
  r: 1 - b
premises:
  B: "0 <= b <= 1"
  U: "u <= w"
"""


def status(tmp_path, start: str, rel: str, end: str, header: str = HEADER) -> str:
    return one_link_status(tmp_path, header, start, rel, end)


@pytest.mark.parametrize("start, rel, end", [
    ("(1 - b) * h.T @ M @ h", "<=", "(1 - b) * norm(M) * norm(h)**2"),                      # a lemma under 1 − b ≥ 0
    ("r * h.T @ M @ h", "<=", "r * norm(M) * norm(h)**2"),                                  # the factor by definition
    ("(1 - b) * h.T @ M @ h - g * norm(h)**2", "<=", "(1 - b) * norm(M) * norm(h)**2 - g * norm(h)**2"),  # in a sum
    ("(1 - b) * norm(M + M.T)", "<=", "2 * (1 - b) * norm(M)"),                              # 2(1 − b) evaluates to 2 − 2b
    ("(1 - b) * norm(M + M.T) * norm(h)**2 - g * norm(h)**2", "<=", "(2 * (1 - b) * norm(M) - g) * norm(h)**2"),  # against a product
    ("b * u", "<=", "b * w"),                                                               # u ≤ w from a premise, u of any sign
    ("(b - 1) * w", "<=", "(b - 1) * u"),                                                   # a nonpositive factor turns it around
])
def test_a_factor_signed_by_a_premise_under_a_bound(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("(1 + b) * h.T @ M @ h", "<=", "(1 - b) * norm(M) * norm(h)**2"),  # not one factor
    ("(b - 1) * u", "<=", "(b - 1) * w"),                             # the wrong way for b − 1 ≤ 0 (false at b = 0)
    ("g * u", "<=", "g * w"),                                         # g of unknown sign (false at g = −1)
    ("(1 - b) * u", "<", "(1 - b) * w"),                              # strict needs 1 − b > 0 and u < w (b = 1)
])
def test_a_factor_of_unknown_or_wrong_sign_proves_nothing(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end) != "proved"


MERGED = """
symbols:
  eps: {kind: scalar, assume: [positive]}
  delta: {kind: scalar, assume: [nonnegative]}
  q: {kind: scalar, assume: [positive]}
  a: scalar
  b: scalar
premises:
  H: "a > exp(2 * eps) * b + (1 + exp(eps)) * delta"
  K: "a <= q**3 * b"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("exp(-eps) * a", ">", "exp(-eps) * exp(2 * eps) * b"),  # sympy merges the right side into e^{ε}·b
    ("exp(-eps) * a", ">", "exp(eps) * b"),
    ("exp(-eps) * (a - delta)", ">", "exp(eps) * b + delta"),  # PixelDP's gap (Lecuyer et al. 2019, Prop. 1)
    ("exp(eps) * a", ">", "exp(3 * eps) * b"),
    ("q**-1 * a", "<=", "q**2 * b"),  # a power of a positive base
])
def test_a_positive_factor_the_other_side_takes_in(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end, MERGED) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("exp(-eps) * a", ">", "exp(2 * eps) * b"),  # false at b = 1, ε = 1, a = e² + 0.1
    ("exp(-eps) * (a - delta)", ">", "exp(eps) * b + 2 * delta"),
    ("q**-1 * a", "<=", "q**3 * b"),  # false at q = 1/2, b = 1, a = 1/8
])
def test_a_positive_factor_does_not_prove_a_false_bound(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end, MERGED) != "proved"


def test_a_factor_signed_by_an_earlier_chain(tmp_path):
    header = HEADER.replace('  B: "0 <= b <= 1"\n', '  B: "b <= 1/2"\n') + """
chains:
  - id: sign
    start: 0
    steps:
      - "<=": 1/2 - b
      - "<=": 1 - b
"""
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text(header.strip("\n") + """
  - id: c
    start: (1 - b) * u
    steps:
      - "<=": (1 - b) * w
""", encoding="utf-8")
    report = check(read(path), search=False)
    assert [link.status for link in report.links] == ["proved"] * 3


def test_kernel_rejects_forged_factor_bounds():
    b, u, w = (sp.Symbol(s, real=True) for s in "buw")
    k = Kernel({}, {}, {}, {"B": [Statement(b, "<=", sp.Integer(1))], "U": [Statement(u, "<=", w)],
                            "L": [Statement(sp.Integer(0), "<=", b)]}, set())
    bound = Proof("premise", "U", u, "<=", w)
    sign = Proof("linarith", "linarith", sp.Integer(0), "<=", 1 - b, (Proof("premise", "B", b, "<=", sp.Integer(1)),),
                 (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1))))
    lhs, rhs = (1 - b) * u, (1 - b) * w
    good = Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, sign))
    assert rejection(k, lhs, "<=", rhs, good) == ""
    # strict from a non-strict sign and bound
    assert rejection(k, lhs, "<", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<", rhs, (bound, sign))) != ""
    # the factor's sign of another term (0 ≤ b), the sides made with 1 − b
    other = Proof("premise", "L", sp.Integer(0), "<=", b)
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, other))) != ""
    # a sign proof that does not hold (sympy cannot show 0 ≤ 1 − b alone)
    forged = Proof("arithmetic", "positivity", sp.Integer(0), "<=", 1 - b)
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound, forged))) != ""
    # the bound turned around: (1 − b)w ≤ (1 − b)u is not what u ≤ w gives
    assert rejection(k, rhs, "<=", lhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", rhs, "<=", lhs, (bound, sign))) != ""
    # an equality is not a monotonicity step
    assert rejection(k, lhs, "=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "=", rhs, (bound, sign))) != ""
    # missing parts
    assert rejection(k, lhs, "<=", rhs, Proof("gcongr", "mul_le_mul_of_nonneg_left", lhs, "<=", rhs, (bound,))) != ""


PRODUCTS = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  d: {kind: scalar}
  x: {kind: scalar}
  y: {kind: scalar}
  al: {kind: scalar}
  be: {kind: scalar}
  phi: {kind: activation}
definitions:
  s: (phi(x) - phi(y)) / (x - y)
premises:
  A: "0 <= a <= b"
  C: "0 <= c <= d"
  X: "abs(x - y) > 0"
  L: "al <= s"
  H: "s <= be"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("a * c", "<=", "b * d"),                                                   # a product of two bounds
    ("-2 * (phi(x) - phi(y) - al * (x - y)) * (phi(x) - phi(y) - be * (x - y))", ">=", "0"),  # through a definition
    ("(b - a) * (d - c)", ">=", "0"),                                           # two slacks multiplied
    ("a * c + a * d", "<=", "2 * b * d"),
])
def test_products_of_two_hypotheses(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end, PRODUCTS) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("a * c", "<", "b * d"),                                                    # equal at a = b
    ("a * d", "<=", "b * c"),                                                   # false at a = b = 1, c = 0, d = 1
    ("(b - a) * (d - c)", ">", "0"),                                            # 0 at a = b
    ("(b - a) * (c - d)", ">=", "0"),                                           # the sign turned around
    ("-2 * (phi(x) - phi(y) - al * (x - y)) * (phi(x) - phi(y) - be * (x - y))", ">", "0"),  # 0 when s = al
])
def test_products_that_do_not_follow(tmp_path, start, rel, end):
    assert status(tmp_path, start, rel, end, PRODUCTS) != "proved"


def test_a_product_of_bounds_needs_the_signs(tmp_path):
    """Without 0 ≤ c the product of the bounds is false (a = 0, b = 1, c = −2, d = −1)."""
    header = PRODUCTS.replace('C: "0 <= c <= d"', 'C: "c <= d"')
    assert status(tmp_path, "a * c", "<=", "b * d", header) != "proved"


def test_a_premise_times_a_square_in_a_conclusion(tmp_path):
    """hᵀAh ≤ P‖h‖² (an earlier chain) and P < 0 (a premise) give hᵀAh ≤ 0: the premise times ‖h‖² ≥ 0."""
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text("""
symbols:
  n: {kind: dimension}
  M: {kind: matrix, shape: [n, n]}
  h: {kind: vector, shape: [n]}
  g: {kind: scalar}
premises:
  G: "norm(M) < g"
chains:
  - id: q
    start: h.T @ M @ h - g * norm(h)**2
    steps:
      - "<=": norm(M) * norm(h)**2 - g * norm(h)**2
conclusion:
  claim: "h.T @ M @ h - g * norm(h)**2 <= 0"
""", encoding="utf-8")
    report = check(read(path), search=False)
    assert [link.status for link in report.links] == ["proved"]
    assert report.conclusion.status == "proved"


def test_kernel_rejects_a_forged_product_certificate():
    a, b, c, d = (sp.Symbol(s, real=True) for s in "abcd")
    k = Kernel({}, {}, {}, {"A": [Statement(a, "<=", b)], "C": [Statement(c, "<=", d)]}, set())
    ab, cd = Proof("premise", "A", a, "<=", b), Proof("premise", "C", c, "<=", d)
    slack = Proof("linarith", "linarith", sp.Integer(0), "<=", d - c, (cd,), (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1))))
    lhs, rhs = sp.Integer(0), (b - a) * (d - c)

    def certificate(sign: Proof, t: object) -> Proof:
        return Proof("linarith", "linarith", lhs, "<=", rhs, (ab, sign), (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(t))))

    assert rejection(k, lhs, "<=", rhs, certificate(slack, d - c)) == ""
    # the multiplier's sign proof is about another term
    assert rejection(k, lhs, "<=", rhs, certificate(slack, c - d)) != ""
    # a slack proved from the wrong hypothesis: 0 ≤ d − c does not follow from a ≤ b
    wrong = Proof("linarith", "linarith", sp.Integer(0), "<=", d - c, (ab,), (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1))))
    assert rejection(k, lhs, "<=", rhs, certificate(wrong, d - c)) != ""
    # strict from non-strict hypotheses
    assert rejection(k, lhs, "<", rhs, Proof("linarith", "linarith", lhs, "<", rhs, (ab, slack),
                                             (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(d - c))))) != ""


EQUAL = """
symbols:
  n: {kind: dimension}
  v: {kind: vector, shape: [n]}
  d: {kind: vector, shape: [n]}
  x: {kind: vector, shape: [n]}
  a: {kind: scalar}
  b: {kind: scalar}
  c: {kind: scalar}
  g: {kind: scalar}
  s: {kind: scalar}
  t: {kind: scalar}
definitions:
  C: norm(d) / norm(v)
  e: c - 1
premises:
  V: "norm(v) > 0"
  O: "v.T @ d == 0"
  X: "norm(x)**2 == s**2"
  S: "s >= 0"
  T: "norm(x)**2 == t**2"
  L: "c < 1"
  A: "a <= b"
  G: "abs(g) > 0"
"""


@pytest.mark.parametrize("start, end", [
    ("norm(v + d)", "sqrt(1 + C**2) * norm(v)"),       # Salimans & Kingma: Pythagoras under vᵀd = 0, then the root
    ("norm(x)", "s"),                                   # ‖x‖ = s from ‖x‖² = s² and s ≥ 0
    ("abs(c - 1)", "1 - c"),                            # |t| = −t for t < 0 from a premise
    ("abs(e)", "1 - c"),                                # through a definition
    ("abs(2 * c - 2) * g", "(2 - 2 * c) * g"),          # inside a product
    ("abs(g * (c - 1)) / abs(g)", "1 - c"),             # |x·y| = |x|·|y|, |g|/|g| = 1 from 0 < |g|
    ("max(a, b)", "b"),                                 # max/min resolved by a ≤ b
    ("min(a, b) + max(a, b)**2", "a + b**2"),
    ("sqrt((1 - c) * g**2)", "sqrt(1 - c) * abs(g)"),   # a root of a product with a factor signed by c < 1
])
def test_equalities_that_need_signs(tmp_path, start, end):
    assert status(tmp_path, start, "=", end, EQUAL) == "proved"


@pytest.mark.parametrize("start, end", [
    ("norm(x)", "t"),                                   # t may be negative: ‖x‖ = |t|
    ("abs(c - 1)", "c - 1"),                            # the sign the wrong way (false at c = 0)
    ("max(a, b)", "a"),                                 # the order the wrong way (false at a = 0, b = 1)
    ("abs(g)", "g"),                                    # 0 < |g| gives no sign of g (false at g = −1)
    ("norm(v + d)", "norm(v) + norm(d)"),               # Pythagoras, not the sum (false at v = e1, d = e2)
])
def test_equalities_the_signs_do_not_give(tmp_path, start, end):
    assert status(tmp_path, start, "=", end, EQUAL) != "proved"


def test_an_equality_with_a_sign_from_an_earlier_chain(tmp_path):
    from symbound.check.checker import check
    from symbound.read.derivation import read

    path = tmp_path / "d.yaml"
    path.write_text("""
symbols: {c: scalar, q: scalar}
premises: {Q: "q < 0"}
chains:
  - {id: low, start: c, steps: [{"<=": c + q}, {"<=": q + c - q}]}
  - {id: sign, start: c + q, steps: [{"<": c}]}
  - {id: abs, start: abs(q), steps: [{"=": -q}]}
  - {id: m, start: max(c + q, c), steps: [{"=": c}]}
""", encoding="utf-8")
    statuses = [link.status for link in check(read(path), search=False).links]
    assert statuses[2:] == ["proved", "proved", "proved"], statuses


def test_signed_arithmetic_is_exact():
    from symbound.kernel import arith

    a, b, c, g = (sp.Symbol(s, real=True) for s in "abcg")
    assert arith.decide(sp.Abs(c - 1) - (1 - c), "zero", ((1 - c, "positive"),))
    assert arith.decide(sp.Abs(2 * c - 2) - (2 - 2 * c), "zero", ((1 - c, "nonnegative"),))
    assert not arith.decide(sp.Abs(c - 1) - (1 - c), "zero", ((c - 1, "positive"),))
    assert not arith.decide(sp.Abs(c - 1) - (1 - c), "zero", ())
    assert arith.decide(sp.Max(a, b) - b, "zero", ((b - a, "nonnegative"),))
    assert not arith.decide(sp.Max(a, b) - a, "zero", ((b - a, "nonnegative"),))
    assert not arith.decide(sp.Min(a, b) - b, "zero", ((b - a, "positive"),))
    # 0 < |g| makes g nonzero, not positive
    assert arith.decide(sp.Abs(g * c) / sp.Abs(g) - sp.Abs(c), "zero", ((sp.Abs(g), "positive"),))
    assert not arith.decide(sp.Abs(g) - g, "zero", ((sp.Abs(g), "positive"),))
    assert arith.decide(g**2, "positive", ((sp.Abs(g), "positive"),))
    assert not arith.decide(g**2, "positive", ((sp.Abs(g), "nonnegative"),))


def test_kernel_rejects_forged_equalities_by_signs():
    a, b, c, s = (sp.Symbol(n, real=True) for n in "abcs")
    k = Kernel({}, {}, {}, {"L": [Statement(c, "<", sp.Integer(1))], "A": [Statement(a, "<=", b)],
                            "S": [Statement(sp.Integer(0), "<=", s)], "P": [Statement(a**2, "=", s**2)],
                            "N": [Statement(sp.Integer(0), "<=", a)], "Q": [Statement(a**3, "=", s**3)]}, set())
    one = (("coefficients", sp.Tuple(1)), ("multipliers", sp.Tuple(1)))
    below = Proof("linarith", "linarith", sp.Integer(0), "<", 1 - c, (Proof("premise", "L", c, "<", sp.Integer(1)),), one)
    lhs, rhs = sp.Abs(c - 1), 1 - c
    assert rejection(k, lhs, "=", rhs, Proof("signs", "eq_of_signs", lhs, "=", rhs, (below,))) == ""
    assert rejection(k, lhs, "=", c - 1, Proof("signs", "eq_of_signs", lhs, "=", c - 1, (below,))) != ""   # false
    assert rejection(k, lhs, "=", rhs, Proof("signs", "eq_of_signs", lhs, "=", rhs, ())) != ""            # no sign
    forged = Proof("arithmetic", "positivity", sp.Integer(0), "<", 1 - c)                                # not shown
    assert rejection(k, lhs, "=", rhs, Proof("signs", "eq_of_signs", lhs, "=", rhs, (forged,))) != ""
    assert rejection(k, lhs, "<=", rhs, Proof("signs", "eq_of_signs", lhs, "<=", rhs, (below,))) != ""      # not an equality
    assert rejection(k, lhs, "=", rhs, Proof("signs", "no_such_rule", lhs, "=", rhs, (below,))) != ""
    order = Proof("linarith", "linarith", sp.Integer(0), "<=", b - a, (Proof("premise", "A", a, "<=", b),), one)
    assert rejection(k, sp.Max(a, b), "=", b, Proof("signs", "eq_of_signs", sp.Max(a, b), "=", b, (order,))) == ""
    assert rejection(k, sp.Max(a, b), "=", a, Proof("signs", "eq_of_signs", sp.Max(a, b), "=", a, (order,))) != ""
    # a = s from a² = s²: both signs are needed for the even power
    square = Proof("premise", "P", a**2, "=", s**2)
    sign_s = Proof("premise", "S", sp.Integer(0), "<=", s)
    n2 = (("exponent", sp.Integer(2)),)
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square, sign_s), n2)) != ""
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square, sign_s, sign_s), n2)) != ""
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square,), (("exponent", sp.Integer(1)),))) != ""
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square,), (("exponent", sp.Integer(0)),))) != ""
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square,), (("exponent", sp.Integer(3)),))) != ""
    sign_a = Proof("premise", "N", sp.Integer(0), "<=", a)
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square, sign_a, sign_s), n2)) == ""
    cube = Proof("premise", "Q", a**3, "=", s**3)  # an odd power needs no sign
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (cube,), (("exponent", sp.Integer(3)),))) == ""
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (cube, sign_a), (("exponent", sp.Integer(3)),))) != ""
    positive_a = Proof("arithmetic", "positivity", sp.Integer(0), "<=", a**2)  # a true sign of the wrong term
    assert rejection(k, a, "=", s, Proof("signs", "pow_left_injective", a, "=", s, (square, positive_a, sign_s), n2)) != ""
