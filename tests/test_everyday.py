"""The everyday tactics (issue 24): the small steps papers skip are proved by general procedures whose
proof terms the kernel checks — matrix algebra in one normal form (``noncomm_ring``), the triangle
inequality with any number of terms and coefficients, one side of an absolute value, and products of a
fact with a nonnegative coefficient (``nlinarith``).  Each in several variants (through a premise, a
definition, an earlier chain, inside a product or a norm), each with a false control next to it, and a
forged proof term for each kernel rule rejected."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import check
from symbound.kernel.algebra import collected, monomials, normal
from symbound.kernel.kernel import Kernel, Statement
from symbound.kernel.proofs import Proof
from symbound.ops import Norm
from kernelcheck import rejection
from symbound.ops.objects import evaluated


def verify(tmp_path, text: str):
    return check(derivation_from(tmp_path, text), search=False)


def statuses(report) -> list[str]:
    return [l.status for l in report.links]


VECTORS = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, n]}
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  x: {kind: vector, shape: [n]}
  y: {kind: vector, shape: [n]}
  z: {kind: vector, shape: [n]}
  b: {kind: vector, shape: [n]}
  c: {kind: scalar}
  alpha: {kind: scalar}
  r: {kind: scalar}
  L: {kind: scalar}
"""


def one_link(start: str, rel: str, end: str, by: str = "", premises: str = "", definitions: str = "") -> str:
    return VECTORS + definitions + (f"premises:\n{premises}" if premises else "") + f"""
chains:
  - id: c
    start: "{start}"
    steps:
      - "{rel}": "{end}"
""" + (f"        by: {by}\n" if by else "")


# ---------------------------------------------------------------- 1. matrix and vector algebra
@pytest.mark.parametrize("start, rel, end, proved", [
    ("norm((W + U) @ x - W @ x)", "=", "norm(U @ x)", True),
    ("norm((W + U) @ x - U @ x)", "=", "norm(U @ x)", False),          # it is ‖W x‖
    ("norm(W @ x - W @ y)", "<=", "norm(W) * norm(x - y)", True),    # regrouped as W(x − y), then norm_matvec
    ("norm(W @ x - y @ W)", "<=", "norm(W) * norm(x - y)", None),    # ill-shaped: not a claim at all
    ("norm(transpose(A @ B))", "=", "norm(transpose(B) @ transpose(A))", True),
    ("norm(transpose(A @ B))", "=", "norm(transpose(A) @ transpose(B))", False),   # ‖BA‖ in general
    ("norm(A @ (c * B) @ x)", "=", "norm(c * (A @ B @ x))", True),  # scalars move through products
    ("norm(A @ B @ x - B @ A @ x)", "=", "0", False),               # never reordered
    ("2 * norm(W @ x - W @ y)", "<=", "2 * norm(W) * norm(x - y)", True),  # inside a product
])
def test_matrix_algebra(tmp_path, start, rel, end, proved):
    text = one_link(start, rel, end)
    if proved is None:
        with pytest.raises(Exception):
            verify(tmp_path, text)
        return
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


@pytest.mark.parametrize("end, proved", [("c", True), ("c / 2", False)])
def test_matrix_algebra_through_a_premise_and_definitions(tmp_path, end, proved):
    text = one_link("norm(F - G)", "<=", end, by="P1", premises='  P1: {claim: "norm(W @ (x - y)) <= c"}\n',
                    definitions="definitions:\n  F: {value: W @ x + b}\n  G: {value: W @ y + b}\n")
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_matrix_algebra_through_an_earlier_chain(tmp_path):
    text = VECTORS + """
premises:
  P1: {claim: "norm(W) <= c"}
chains:
  - id: first
    start: norm(W @ (x - y))
    steps:
      - "<=": norm(W) * norm(x - y)
      - "<=": c * norm(x - y)
        by: P1
  - id: second
    start: norm(W @ x - W @ y)
    steps:
      - "<=": c * norm(x - y)
        by: first
"""
    assert statuses(verify(tmp_path, text)) == ["proved"] * 3


def test_normal_form_laws():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B, C = (sp.MatrixSymbol(s, n, n) for s in "ABC")
    x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
    c = sp.Symbol("c")
    assert normal((A * B).T) == normal(B.T * A.T)
    assert normal((A * B).T) != normal(A.T * B.T)
    assert normal(A.T.T) == normal(A)
    assert normal((A + B) * C) == normal(A * C + B * C)
    assert normal(A * (B + C)) != normal(B * A + C * A)
    assert normal(A * (c * B)) == normal(c * (A * B))
    assert normal(sp.Transpose(A ** 3)) == normal(A.T * A.T * A.T)
    assert normal(sp.MatAdd(A * x, -A * y, A * y, evaluate=False)) == normal(A * x)
    assert len(monomials(A * (x - y) + B * x)) == 3
    regrouped = collected(A * x - A * y)
    assert isinstance(regrouped, sp.MatMul) and regrouped.args[0] == A and normal(regrouped) == normal(A * x - A * y)
    assert collected((A + B) * x - A * x) == B * x
    assert collected(A * x + B * y) is None  # nothing to collect: left as written


def test_kernel_rejects_a_forged_regrouping():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    k = Kernel({}, {}, {}, {}, set())
    good = Proof("conv", "rewriting", Norm((A * B).T), "=", Norm(B.T * A.T))
    swapped = Proof("conv", "rewriting", Norm((A * B).T), "=", Norm(A.T * B.T))
    commuted = Proof("conv", "rewriting", Norm(A * B), "=", Norm(B * A))
    assert rejection(k, Norm((A * B).T), "=", Norm(B.T * A.T), good) == ""
    assert rejection(k, Norm((A * B).T), "=", Norm(A.T * B.T), swapped) != ""
    assert rejection(k, Norm(A * B), "=", Norm(B * A), commuted) != ""


# ---------------------------------------------------------------- 2. the triangle inequality, any terms and coefficients
CONVEX = '  P1: {claim: "0 <= alpha <= 1"}\n'


@pytest.mark.parametrize("start, end, premises, proved", [
    ("norm(alpha * x + (1 - alpha) * y)", "alpha * norm(x) + (1 - alpha) * norm(y)", CONVEX, True),
    ("norm(alpha * x + (1 - alpha) * y)", "alpha * norm(x) + (1 - alpha) * norm(y)", "", False),  # α unknown
    ("norm(alpha * (x - y) + (1 - alpha) * (z - b))", "alpha * norm(x - y) + (1 - alpha) * norm(z - b)", CONVEX, True),
    ("norm(x - alpha * y)", "norm(x) + alpha * norm(y)", '  P1: {claim: "alpha >= 0"}\n', True),
    ("norm(x - alpha * y)", "norm(x) - alpha * norm(y)", '  P1: {claim: "alpha >= 0"}\n', False),
    ("r * norm(A + B)", "r * norm(A) + r * norm(B)", '  P1: {claim: "r >= 0"}\n', True),
    ("r * norm(A + B)", "r * norm(A) + r * norm(B)", "", False),   # ρ < 0 reverses it
    ("norm(x + y - z, 1)", "norm(x, 1) + norm(y, 1) + norm(z, 1)", "", True),
    ("norm(x + y - z, 1)", "norm(x, 1) + norm(y, 1)", "", False),
    ("abs(c - L)", "abs(c) + abs(L)", "", True),
    ("abs(c - L)", "abs(c) - abs(L)", "", False),
])
def test_triangle_with_any_terms(tmp_path, start, end, premises, proved):
    assert (statuses(verify(tmp_path, one_link(start, "<=", end, premises=premises))) == ["proved"]) is proved


def test_a_cited_triangle_lemma_is_answered_by_the_general_rule(tmp_path):
    text = one_link("norm(alpha * x + (1 - alpha) * y - alpha * z - (1 - alpha) * b)", "<=",
                    "alpha * norm(x - z) + (1 - alpha) * norm(y - b)", by="[triangle_nonneg, P1]", premises=CONVEX)
    (link,) = verify(tmp_path, text).links
    assert link.status == "proved" and link.miscited == []


@pytest.fixture()
def vectors():
    n = sp.Symbol("n", integer=True, positive=True)
    x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
    a = sp.Symbol("a", real=True)
    k = Kernel({}, {}, {}, {"P": [Statement(sp.Integer(0), "<=", a)]}, set())
    return k, x, y, a


def test_kernel_rejects_forged_triangles(vectors):
    k, x, y, a = vectors
    sign = Proof("premise", "P", sp.Integer(0), "<=", a)
    one = Proof("arithmetic", "positivity", sp.Integer(0), "<=", sp.Integer(1))
    lhs, rhs = Norm(x - a * y), Norm(x) + a * Norm(y)
    # the parts follow the terms of the right side in sympy's order
    order = [1 if t == Norm(x) else 0 for t in sp.Add.make_args(rhs)]
    parts, signs = tuple((one, sign)[1 - i] for i in order), sp.Tuple(*[(1, -1)[1 - i] for i in order])
    good = Proof("gcongr", "norm_sum_le", lhs, "<=", rhs, parts, (("signs", signs),))
    assert rejection(k, lhs, "<=", rhs, good) == ""
    wrong_signs = Proof("gcongr", "norm_sum_le", lhs, "<=", rhs, parts, (("signs", sp.Tuple(1, 1)),))
    assert "do not add up" in rejection(k, lhs, "<=", rhs, wrong_signs)
    unsigned = Proof("gcongr", "norm_sum_le", lhs, "<=", rhs, (one, one), (("signs", signs),))
    assert "nonnegative" in rejection(k, lhs, "<=", rhs, unsigned)
    short = Norm(x)
    dropped = Proof("gcongr", "norm_sum_le", lhs, "<=", short, (one,), (("signs", sp.Tuple(1)),))
    assert rejection(k, lhs, "<=", short, dropped) != ""
    mixed = Norm(x) + a * Norm(y, "1")
    kinds = Proof("gcongr", "norm_sum_le", lhs, "<=", mixed, parts, (("signs", signs),))
    assert "differ" in rejection(k, lhs, "<=", mixed, kinds)
    strict = Proof("gcongr", "norm_sum_le", lhs, "<", rhs, parts, (("signs", signs),))
    assert rejection(k, lhs, "<", rhs, strict) != ""


# ---------------------------------------------------------------- 3. signs: one side of |·|, products of facts
SCALARS = """
symbols:
  u: {kind: scalar}
  v: {kind: scalar}
  w: {kind: scalar}
  e: {kind: scalar, assume: [nonnegative]}
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("u", "<=", "v + e", True),
    ("u", ">=", "v - e", True),
    ("u - v", ">=", "-e", True),
    ("u", "<=", "v", False),
    ("u", ">=", "v", False),
    ("u", "<=", "v + e / 2", False),
])
def test_one_side_of_an_absolute_value(tmp_path, start, rel, end, proved):
    text = SCALARS + f"""
premises:
  P1: {{claim: "abs(u - v) <= e"}}
chains:
  - id: c
    start: {start}
    steps:
      - "{rel}": {end}
        by: P1
"""
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_one_side_of_an_absolute_value_through_a_chain(tmp_path):
    text = SCALARS + """
premises:
  P1: {claim: "abs(u - v) <= e"}
  P2: {claim: "e < w"}
chains:
  - id: near
    start: abs(u - v)
    steps:
      - "<": w
        by: [P1, P2]
  - id: c
    start: u
    steps:
      - "<": v + w
        by: near
"""
    assert statuses(verify(tmp_path, text)) == ["proved", "proved"]


@pytest.mark.parametrize("premises, proved", [
    ('  P1: {claim: "0 <= alpha <= 1"}\n', True),
    ('  P1: {claim: "0 <= alpha"}\n', False),       # 1 − α may be negative
])
def test_facts_multiplied_by_nonnegative_coefficients(tmp_path, premises, proved):
    premises += '  P2: {claim: "norm(x - y) <= L * norm(z)"}\n  P3: {claim: "norm(A @ z) <= c * norm(z)"}\n'
    text = one_link("alpha * norm(x - y) + (1 - alpha) * norm(A @ z)", "<=",
                    "(alpha * L + (1 - alpha) * c) * norm(z)", by="[P1, P2, P3]", premises=premises)
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_kernel_rejects_forged_sides_of_an_absolute_value():
    u, v = sp.Symbol("u", real=True), sp.Symbol("v", real=True)
    k = Kernel({}, {}, {}, {}, set())
    for lhs, rhs, ok in [(u, sp.Abs(u), True), (-sp.Abs(u), u, True), (u, sp.Abs(v), False),
                         (sp.Abs(u), u, False), (-sp.Abs(u), v, False), (2 * u, sp.Abs(u), False)]:
        p = Proof("gcongr", "le_abs_self", lhs, "<=", rhs)
        assert (rejection(k, lhs, "<=", rhs, p) == "") is ok, (lhs, rhs)
    strict = Proof("gcongr", "le_abs_self", u, "<", sp.Abs(u))
    assert rejection(k, u, "<", sp.Abs(u), strict) != ""


# ---------------------------------------------------------------- products over a range, each factor bounded
PRODUCTS = """
symbols:
  q: {kind: scalar}
  i: {kind: index}
  m: {kind: index}
premises:
  P1: {claim: "0 <= q"}
  P2: {claim: "1 <= m"}
chains:
  - id: c
    start: "START"
    steps:
      - "<=": "END"
        by: [P1, P2]
"""


@pytest.mark.parametrize("start, end, proved", [
    ("prod(1 / (1 + i**2), i, 1, m)", "1", True),
    ("prod(2 / (1 + i**2), i, 0, m)", "1", False),          # the factor at i = 0 is 2
    ("prod(q / (1 + i**2), i, 1, m)", "q**m", True),
    ("prod(q / (1 + i**2), i, 1, m)", "q**(m - 1)", False),  # one factor too few
    ("prod(q / (1 + i**2), i, 2, m + 1)", "q**m", True),
    ("3 * prod(1 / (1 + i**2), i, 1, m)", "3", True),        # inside a product
])
def test_product_bounded_factor_by_factor(tmp_path, start, end, proved):
    text = PRODUCTS.replace("START", start).replace("END", end)
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_kernel_rejects_forged_product_bounds():
    i, m = sp.Symbol("i", integer=True), sp.Symbol("m", integer=True)
    d = sp.Dummy("i", integer=True)
    q = sp.Symbol("q", nonnegative=True)
    k = Kernel({}, {}, {}, {}, set())
    f = q / (1 + i ** 2)
    a = sp.Product(f, (i, 1, m))
    fd = f.xreplace({i: d})
    nonzero = (Proof("arithmetic", "positivity", sp.Integer(0), "<", 1 + i ** 2),)

    def parts(bound):
        each = Proof("arithmetic", "arithmetic", fd, "<=", bound)
        sign = Proof("arithmetic", "positivity", sp.Integer(0), "<=", fd)
        span = Proof("arithmetic", "arithmetic", sp.Integer(1), "<=", m + 1)
        return (each, sign, span)

    good = Proof("gcongr", "prod_le_pow", a, "<=", q ** m, parts(q), (("index", d), ("base", q)))
    assert "arithmetic" in rejection(k, a, "<=", q ** m, good, nonzero)  # 1 ≤ m + 1 is not known for an integer m
    m = sp.Symbol("m", integer=True, nonnegative=True)
    a = sp.Product(f, (i, 1, m))
    p = parts(q)
    p = (p[0], p[1], Proof("arithmetic", "arithmetic", sp.Integer(1), "<=", m + 1))
    good = Proof("gcongr", "prod_le_pow", a, "<=", q ** m, p, (("index", d), ("base", q)))
    assert rejection(k, a, "<=", q ** m, good, nonzero) == ""
    short = Proof("gcongr", "prod_le_pow", a, "<=", q ** (m - 1), p, (("index", d), ("base", q)))
    assert "number of factors" in rejection(k, a, "<=", q ** (m - 1), short, nonzero)
    bound = Proof("gcongr", "prod_le_pow", a, "<=", (q * i) ** m, p, (("index", d), ("base", q * i)))
    assert rejection(k, a, "<=", (q * i) ** m, bound, nonzero) != ""
    stale = Proof("gcongr", "prod_le_pow", a, "<=", q ** m, p, (("index", i), ("base", q)))
    assert "fresh" in rejection(k, a, "<=", q ** m, stale, nonzero)


# ---------------------------------------------------------------- a bound in a denominator
@pytest.mark.parametrize("premises, proved", [
    ('  P1: {claim: "norm(x) > 0"}\n', True),
    ('  P1: {claim: "norm(x) >= 0"}\n', False),   # ‖x‖ may be 0: the quotient is undefined
])
def test_quotient_bounded_through_its_denominator(tmp_path, premises, proved):
    text = one_link("norm(W @ x) / norm(x)", "<=", "norm(W)", by="P1", premises=premises)
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


@pytest.mark.parametrize("end, proved", [("L", True), ("L / 2", False)])
def test_quotient_through_premises(tmp_path, end, proved):
    premises = '  P1: {claim: "c > 0"}\n  P2: {claim: "norm(x - y) <= L * c"}\n'
    text = one_link("norm(x - y) / c", "<=", end, by="[P1, P2]", premises=premises)
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_kernel_rejects_forged_quotients():
    u, v, c = (sp.Symbol(s, real=True) for s in "uvc")
    k = Kernel({}, {}, {}, {"B": [Statement(u, "<=", v * c)], "C": [Statement(sp.Integer(0), "<", c)],
                             "W": [Statement(sp.Integer(0), "<=", c)]}, set())
    bound, positive = Proof("premise", "B", u, "<=", v * c), Proof("premise", "C", sp.Integer(0), "<", c)
    weak = Proof("premise", "W", sp.Integer(0), "<=", c)
    nonzero = (positive,)
    good = Proof("gcongr", "div_le", u / c, "<=", v, (bound, positive), (("denominator", c),))
    assert rejection(k, u / c, "<=", v, good, nonzero) == ""
    unsigned = Proof("gcongr", "div_le", u / c, "<=", v, (bound, weak), (("denominator", c),))
    assert "not shown" in rejection(k, u / c, "<=", v, unsigned, nonzero)
    other = Proof("gcongr", "div_le", u / c ** 2, "<=", v, (bound, positive), (("denominator", c),))
    assert "numerator" in rejection(k, u / c ** 2, "<=", v, other, (Proof("premise", "C", sp.Integer(0), "<", c),))
    strict = Proof("gcongr", "div_le", u / c, "<", v, (bound, positive), (("denominator", c),))
    assert rejection(k, u / c, "<", v, strict, nonzero) != ""


# ---------------------------------------------------------------- 2. bounds in every position (polarity)
POLARITY = """
symbols:
  n: {kind: dimension}
  D: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, n]}
  alpha: {kind: scalar}
  beta: {kind: scalar}
  c: {kind: scalar}
premises:
  P1: {claim: "alpha >= 0"}
  P2: {claim: "norm(D) <= 1"}
  P3: {claim: "c > 0"}
chains:
  - id: c
    start: "START"
    steps:
      - "REL": "END"
        by: [P1, P2, P3]
"""


@pytest.mark.parametrize("start, rel, end, proved", [
    ("beta - alpha * norm(D @ U)", ">=", "beta - alpha * norm(U)", True),    # under a minus sign
    ("beta + alpha * norm(D @ U)", ">=", "beta + alpha * norm(U)", False),   # the wrong way
    ("1 / (c + norm(D @ U))", ">=", "1 / (c + norm(U))", True),              # in a denominator
    ("1 / (c + norm(D @ U))", "<=", "1 / (c + norm(U))", False),
    ("sqrt(c + norm(D @ U))", "<=", "sqrt(c + norm(U))", True),              # inside √
    ("(c + norm(D @ U))**3", "<=", "(c + norm(U))**3", True),                # a power of a nonnegative base
    ("-alpha * c * norm(U)", "<=", "-alpha * c * norm(D @ U)", True),         # a negative coefficient
    ("-alpha * c * norm(D @ U)", "<=", "-alpha * c * norm(U)", False),
    ("beta - alpha * norm(D @ U)", ">", "beta - alpha * norm(U)", False),    # not strict
])
def test_bounds_in_every_position(tmp_path, start, rel, end, proved):
    text = POLARITY.replace("START", start).replace("REL", rel).replace("END", end)
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_declared_monotonicity_holds_numerically():
    """Every way the sympy table and the operators declare (direction, signs) holds on random points."""
    import random

    from symbound.ops.registry import REGISTRY, SYMPY_MONOTONE

    rng = random.Random(7)
    p, q, r = sp.symbols("p q r", real=True)
    heads = [p + q + r, p * q * r, p ** q, sp.Abs(p), sp.exp(p), sp.log(p)]
    heads += [op.cls[0](*(p, q, r)[:2 if op.arity is None else min(op.arity[1], 2)]) for op in REGISTRY if op.monotone is not None and op.cls]
    assert {type(h) for h in heads} >= set(SYMPY_MONOTONE) - {sp.exp} | {sp.Max, sp.Min}
    from symbound.ops.registry import monotonicity

    checked = 0
    for e in heads:
        for j in range(len(e.args)):
            for _ in range(400):
                xs = [sp.Rational(rng.randint(-40, 40), 8) for _ in e.args]
                ys = list(xs)
                ys[j] = sp.Rational(rng.randint(-40, 40), 8)
                for direction, conditions in monotonicity(e)(j, tuple(xs), tuple(ys)):
                    if (xs[j] - ys[j]) * direction > 0:
                        continue  # the arguments are not ordered that way
                    if not all({"nonnegative": t >= 0, "positive": t > 0, "nonpositive": t <= 0}[s] for t, s in conditions):
                        continue
                    values = [e.xreplace(dict(zip(e.args, v))) for v in (xs, ys)]
                    if any(not v.is_real for v in values):
                        continue
                    assert values[0] <= values[1], (e, j, direction, xs, ys)
                    checked += 1
    assert checked > 2000


def test_kernel_rejects_forged_polarity():
    a, c = sp.Symbol("a", real=True), sp.Symbol("c", real=True)
    n = sp.Symbol("n", integer=True, positive=True)
    D, U = sp.MatrixSymbol("D", n, n), sp.MatrixSymbol("U", n, n)
    small, big = Norm(D * U), Norm(U)
    k = Kernel({}, {}, {}, {"B": [Statement(small, "<=", big)], "S": [Statement(sp.Integer(0), "<=", a)]}, set())
    bound = Proof("premise", "B", small, "<=", big)
    sign = Proof("premise", "S", sp.Integer(0), "<=", a)
    lhs, rhs = c - a * big, c - a * small
    # c − a‖U‖ ≤ c − a‖DU‖: one node for the sum, one for the product −a·‖·‖
    guessed = Proof("arithmetic", "arithmetic", sp.Integer(0), "<=", a)  # not arithmetic without the premise
    inner = Proof("gcongr", "monotone", -a * big, "<=", -a * small, (bound, guessed), (("direction", sp.Integer(-1)),))
    assert rejection(k, -a * big, "<=", -a * small, inner) != ""
    nonpos = sign  # 0 ≤ a, that is −a ≤ 0
    inner = Proof("gcongr", "monotone", -a * big, "<=", -a * small, (bound, nonpos), (("direction", sp.Integer(-1)),))
    outer = Proof("gcongr", "monotone", lhs, "<=", rhs, (inner,), (("direction", sp.Integer(1)),))
    assert rejection(k, lhs, "<=", rhs, outer) == ""
    flipped = Proof("gcongr", "monotone", -a * big, "<=", -a * small, (bound, nonpos), (("direction", sp.Integer(1)),))
    assert rejection(k, -a * big, "<=", -a * small, flipped) != ""      # increasing needs −a ≥ 0, and x ≤ y the other way
    unsigned = Proof("gcongr", "monotone", -a * big, "<=", -a * small, (bound,), (("direction", sp.Integer(-1)),))
    assert "sign" in rejection(k, -a * big, "<=", -a * small, unsigned)
    wrong = Proof("gcongr", "monotone", a * big, "<=", a * small, (bound, nonpos), (("direction", sp.Integer(-1)),))
    assert rejection(k, a * big, "<=", a * small, wrong) != ""           # a ≥ 0: a·‖·‖ is increasing, not decreasing
    two = Proof("gcongr", "monotone", big + c, "<=", small + a, (bound,), (("direction", sp.Integer(1)),))
    assert "one argument" in rejection(k, big + c, "<=", small + a, two)
    strict = Proof("gcongr", "monotone", -a * big, "<", -a * small, (bound, nonpos), (("direction", sp.Integer(-1)),))
    assert "strict" in rejection(k, -a * big, "<", -a * small, strict)


@pytest.mark.parametrize("start, end, proved", [
    ("beta + alpha * norm(D @ U)", "1 - alpha + alpha * norm(U)", True),      # β = 1 − α, ‖D‖ ≤ 1, α ≥ 0
    ("beta + alpha * norm(D @ U)", "1 - 2 * alpha + alpha * norm(U)", False),
    ("alpha * norm(D @ U) + beta + c", "alpha * norm(U) + 1 - alpha + c", True),
])
def test_sums_compared_term_group_by_term_group(tmp_path, start, end, proved):
    text = POLARITY.replace("START", start).replace("REL", "<=").replace("END", end).replace(
        '  P3: {claim: "c > 0"}\n', '  P3: {claim: "c > 0"}\n  P4: {claim: "beta == 1 - alpha"}\n').replace(
        "by: [P1, P2, P3]", "by: [P1, P2, P3, P4]")
    assert (statuses(verify(tmp_path, text)) == ["proved"]) is proved


def test_a_cited_product_lemma_is_answered_by_the_general_rule(tmp_path):
    text = PRODUCTS.replace("START", "prod(q / (1 + i**2), i, 1, m)").replace("END", "q**m").replace(
        "by: [P1, P2]", "by: [P1, P2, prod_le_prod, prod_const]")
    (link,) = verify(tmp_path, text).links
    assert link.status == "proved" and link.miscited == []


# ---------------------------------------------------------------- the model applied once
MODEL = """
symbols:
  n: {kind: dimension}
  V: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  t: {kind: index}
  k: {kind: index}
model:
  recurrence: "h[k] = V @ h[k-1] + U @ h[k-1]"
chains:
  - id: c
    start: h[t]
    steps:
      - "=": END
"""


@pytest.mark.parametrize("end, proved", [
    ("(V + U) @ h[t-1]", True),      # regrouped by the normal form
    ("V @ h[t-1] + U @ h[t-1]", True),
    ("V @ h[t-1]", False),
    ("(V + U) @ h[t-2]", False),
])
def test_the_recurrence_applied_once(tmp_path, end, proved):
    assert (statuses(verify(tmp_path, MODEL.replace("END", end))) == ["proved"]) is proved


def test_kernel_rejects_a_forged_recurrence_step(tmp_path):
    from symbound.kernel.kernel import Kernel as K

    d = derivation_from(tmp_path, MODEL.replace("END", "(V + U) @ h[t-1]"), "m.yaml")
    k = K.for_derivation(d)
    state, index, update, _ = k.recurrence
    t = next(s for s in d.symbols.values() if str(s.obj) == "t").obj
    x = type(state)(state.name, t, *state.shape)
    good = Proof("model", "recurrence", x, "=", evaluated(update.xreplace({index: t})))
    assert rejection(k, good.lhs, "=", good.rhs, good) == ""
    shifted = Proof("model", "recurrence", x, "=", update.xreplace({index: t - 1}))
    assert rejection(k, shifted.lhs, "=", shifted.rhs, shifted) != ""
    no_model = Kernel({}, {}, {}, {}, set())
    assert rejection(no_model, good.lhs, "=", good.rhs, good) != ""


def test_sums_of_many_terms_do_not_blow_up_the_search(tmp_path):
    """Grouping the terms of sums is searched one level only (a margin argument with five symbols)."""
    text = """
symbols:
  y_t: {kind: scalar}
  y_i: {kind: scalar}
  F_t: {kind: scalar}
  F_i: {kind: scalar}
  M: {kind: scalar}
  L: {kind: scalar, assume: [nonnegative]}
  e: {kind: scalar, assume: [nonnegative]}
premises:
  P1: {claim: "abs((y_t - y_i) - (F_t - F_i)) <= sqrt(2) * L * e"}
  P2: {claim: "M <= F_t - F_i"}
  P3: {claim: "M > sqrt(2) * L * e"}
chains:
  - id: d
    start: y_t - y_i
    steps:
      - ">=": F_t - F_i - sqrt(2) * L * e
        by: P1
      - ">=": M - sqrt(2) * L * e
        by: P2
      - ">": 0
        by: P3
"""
    import time

    started = time.process_time()
    assert statuses(verify(tmp_path, text)) == ["proved"] * 3
    assert time.process_time() - started < 30
