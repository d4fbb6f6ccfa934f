"""A consistency search that reaches (issue 22): premises that random draws rarely meet together — ranges with an
equality or a tight inequality between them, probabilities summing to 1, a PixelDP-like pair of stability bounds and
a hypothesis, x ≤ y ≤ x, a ranged scalar tied to a matrix norm — are shown consistent by the falsifier's descent of
their total shortfall from the nearest misses, and the instance is certified exactly by the witness checker.  Each
instance is re-checked here independently (sympy on the premises as written).  Premises that cannot hold stay not
shown, and a near miss that rounds to an instance breaking a strict premise is never reported."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import Checker, check
from symbound.check.consistency import BUDGET, REACH, premises_together
from symbound.render.json import to_data
from symbound.render.text import consistency_text
from symbound.search.certify import certify
from symbound.search.problem import Instance, build_problem
from symbound.search.sampling import determine


def file_text(symbols: dict[str, str], premises: list[str]) -> str:
    lines = ["symbols:", *(f"  {name}: {{{decl}}}" for name, decl in symbols.items()), "premises:"]
    lines += [f'  P{i}: "{p}"' for i, p in enumerate(premises, start=1)]
    return "\n".join(lines + ["chains:", "  - id: c", '    start: "1"', "    steps:", '      - "<=": "2"', ""])


def scalars(*names: str, assume: dict[str, str] | None = None) -> dict[str, str]:
    assume = assume or {}
    return {n: "kind: scalar" + (f", assume: [{assume[n]}]" if n in assume else "") for n in names}


def holds(premise: str, values: dict[str, sp.Expr]) -> bool:
    """The premise as written (a chain a ≤ b ≤ c read pairwise), decided exactly by sympy at ``values``."""
    env = {**{k: v for k, v in values.items()}, "exp": sp.exp}
    parts = premise.replace("==", " = ").replace("<=", " ≤ ").replace(">=", " ≥ ").split()
    terms, rels, term = [], [], []
    for token in parts:
        if token in ("=", "≤", "≥", "<", ">"):
            terms.append(" ".join(term))
            rels.append(token)
            term = []
        else:
            term.append(token)
    terms.append(" ".join(term))
    sides = [sp.sympify(t, locals=env) for t in terms]
    compare = {"=": sp.Eq, "≤": sp.Le, "≥": sp.Ge, "<": sp.Lt, ">": sp.Gt}
    return all(bool(compare[r](a, b)) for a, r, b in zip(sides, rels, sides[1:]))


def shown_values(report) -> dict[str, sp.Expr]:
    return {k: sp.sympify(v) for k, v in to_data(report)["consistency"]["values"].items()}


# ---------------------------------------------------------------- premises met only on a thin set
THIN = [
    # ranges tied by an equality and a tight inequality: a − b ≥ 9/10 puts a near 1 and b near 0, m their midpoint
    (scalars("a", "b", "m"), ["0 <= a <= 1", "0 <= b <= 1", "0 <= m <= 1", "a + b == 2 * m", "a - b >= 9/10"]),
    # four probabilities summing to 1, with two tight orderings between them
    (scalars("p1", "p2", "p3", "p4"), ["0 <= p1 <= 1", "0 <= p2 <= 1", "0 <= p3 <= 1", "0 <= p4 <= 1",
                                       "p1 + p2 + p3 + p4 == 1", "p1 >= 3 * p2 + 1/3", "p3 > p4 + 1/10"]),
    # PixelDP-like: two expected scores at two inputs in [0, 1], stable to within e^ε and δ, and a gap hypothesis
    (scalars("ep", "dl", "s1", "s2", "t1", "t2", assume={"ep": "positive", "dl": "nonnegative"}),
     ["0 <= s1 <= 1", "0 <= s2 <= 1", "0 <= t1 <= 1", "0 <= t2 <= 1",
      "s1 <= exp(ep) * s2 + dl", "t2 <= exp(ep) * t1 + dl", "s1 > exp(2 * ep) * t1 + (1 + exp(ep)) * dl"]),
    # x ≤ y ≤ x in a narrow range, and a value both determine
    (scalars("x", "y", "w"), ["x <= y", "y <= x", "1/3 <= x <= 2/5", "w == x + y"]),
    # the same squeeze as one chain, with a strict premise beside it
    (scalars("u", "v", "h"), ["u <= v <= u", "2/7 < u < 3/10", "h < u - 1/4", "h > 0"]),
]


@pytest.mark.parametrize("symbols, premises", THIN, ids=["ranges_equal", "probabilities", "pixeldp_like", "sandwich", "squeeze_strict"])
def test_premises_met_only_on_a_thin_set_are_shown_consistent(tmp_path, symbols, premises):
    r = check(derivation_from(tmp_path, file_text(symbols, premises)), budget=3000)
    assert r.consistency.shown and r.consistency.witness.exact and not r.vacuous_risk
    assert consistency_text(r).startswith("the premises hold together at ")
    values = shown_values(r)
    assert set(values) == set(symbols)
    for premise in premises:  # re-checked here, exactly, on the premises as written
        assert holds(premise, values), (premise, values)


def test_a_ranged_scalar_tied_to_a_matrix_norm_is_shown_consistent(tmp_path):
    """‖A‖₂ + g = 1 with g ≥ 1/5 and ‖A‖₂ ≥ 2g: g ∈ [1/5, 1/3]; the drawn matrices rarely give such a norm."""
    symbols = {"n": "kind: dimension", "A": "kind: matrix, shape: [n, n]", "g": "kind: scalar"}
    premises = ["0 < g < 1", "norm(A) + g == 1", "norm(A) >= 2 * g", "g >= 1/5"]
    r = check(derivation_from(tmp_path, file_text(symbols, premises)), budget=3000)
    assert r.consistency.shown and r.consistency.witness.exact
    values = shown_values(r)
    A, g = sp.Matrix(values["A"]), values["g"]
    norm = sp.sqrt(max((A.T * A).eigenvals(), key=lambda e: sp.N(e, 50)))  # ‖A‖₂, exactly
    assert sp.simplify(norm + g - 1) == 0 and 0 < g < 1 and g >= sp.Rational(1, 5) and sp.N(norm - 2 * g, 50) >= 0


def test_the_pixeldp_file_is_shown_consistent():
    """tests/corpus/fresh4/lecuyer_pixeldp.yaml: its premises hold at ε = 1, δ = 0, E(A_i) = 0 … (said "not shown
    consistent (no instance met the premises)" before the search reached)."""
    from pathlib import Path

    from symbound.read.derivation import read

    r = check(read(Path(__file__).parent / "corpus" / "fresh4" / "lecuyer_pixeldp.yaml"), budget=3000)
    assert r.consistency.shown and r.consistency.witness.exact and not r.vacuous_risk


# ---------------------------------------------------------------- controls: premises that cannot hold
@pytest.mark.parametrize("symbols, premises", [
    (scalars("x"), ["x <= 0", "x >= 1"]),
    ({"n": "kind: dimension", "A": "kind: matrix, shape: [n, n]"}, ["norm(A) < 0"]),
    (scalars("x", "y"), ["x <= y", "y + 1 <= x", "0 <= x <= 1"]),
    (scalars("p", "q"), ["0 <= p <= 1", "0 <= q <= 1", "p + q == 3"]),
])
def test_inconsistent_premises_get_no_instance(tmp_path, symbols, premises):
    d = derivation_from(tmp_path, file_text(symbols, premises))
    together = premises_together(d, Checker(d).prover, 0, 3000)
    assert not together.shown and together.witness is None and together.tried > 0
    r = check(d, budget=3000)
    assert not r.consistency.shown and (r.consistency.contradicted or "not shown consistent" in consistency_text(r))


# ---------------------------------------------------------------- the witness checker decides, after rounding
def test_a_near_miss_rounding_onto_a_strict_premise_is_not_reported(tmp_path):
    """x < y < x + 10⁻³⁰ with x ≥ 1: consistent, but no two doubles near 1 are that close, and rounding them makes
    x = y, which breaks x < y: no instance is shown (a float that meets the premises is not enough)."""
    d = derivation_from(tmp_path, file_text(scalars("x", "y"), ["x < y", "y < x + 10**(-30)", "1 <= x <= 2"]))
    together = premises_together(d, Checker(d).prover, 0, 3000)
    assert not together.shown and together.witness is None


def test_certify_refuses_a_rounded_instance_that_breaks_a_strict_premise(tmp_path):
    """The near miss x = 0.355, y = x + 2⁻⁴⁰ rounds (to denominators ≤ 100) to x = y, breaking x < y, and as drawn it
    breaks y < x + 10⁻³⁰: the witness checker accepts neither."""
    d = derivation_from(tmp_path, file_text(scalars("x", "y"), ["x < y", "y < x + 10**(-30)"]))
    problem = build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0))
    x, y = (d.symbols[n].obj for n in "xy")
    near = Fraction(0.355)
    inst = Instance({}, {x: near, y: near + Fraction(1, 2**40)}, {})
    determine(problem, inst)
    assert certify(problem, inst, 1, scalars=True) is None


def test_rounding_never_trades_a_declaration_for_a_simpler_value(tmp_path):
    """e > 0 (declared) with e ≤ 1/500: every rounding to a denominator ≤ 100 makes e = 0, which the witness checker
    refuses; the instance certified keeps e as reached, inside (0, 1/500]."""
    d = derivation_from(tmp_path, file_text(scalars("e", "x", assume={"e": "positive"}), ["e <= 1/500", "x >= 1"]))
    problem = build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0))
    e, x = (d.symbols[n].obj for n in "ex")
    inst = Instance({}, {e: Fraction(0.0013), x: Fraction(1.5)}, {})
    determine(problem, inst)
    witness, candidate = certify(problem, inst, 1, scalars=True)
    assert witness.exact and 0 < candidate.values[e] <= sp.Rational(1, 500) and candidate.values[x] >= 1


def test_a_near_miss_is_rounded_only_where_the_strict_premises_still_hold(tmp_path):
    """x < y < x + 1/1000 and x + y = 1/3: y ∈ (1/6, 1/6 + 1/2000), where the simplest rationals round y to 1/6 =
    x, breaking x < y; the instance shown is another one, and meets every premise exactly."""
    premises = ["x < y", "y < x + 1/1000", "x + y == 1/3"]
    r = check(derivation_from(tmp_path, file_text(scalars("x", "y"), premises)), budget=3000)
    assert r.consistency.shown and r.consistency.witness.exact
    values = shown_values(r)
    assert values["y"] != sp.Rational(1, 6) and all(holds(p, values) for p in premises)


# ---------------------------------------------------------------- bounded in steps; the cheap path unchanged
def test_the_search_is_bounded_by_the_budget_in_steps(tmp_path):
    symbols, premises = THIN[3]
    d = derivation_from(tmp_path, file_text(symbols, premises))
    prover = Checker(d).prover
    for budget in (10, 40):
        together = premises_together(d, prover, 0, budget)
        assert together.tried <= min(budget, BUDGET) + min(budget, REACH)
    assert premises_together(d, prover, 0, 0).searched is False
    first, again = (premises_together(d, prover, 7, 3000) for _ in range(2))  # seeded: the same instance each time
    assert first.shown and first.witness.values == again.witness.values


def test_premises_a_draw_meets_are_shown_without_the_descent(tmp_path):
    d = derivation_from(tmp_path, file_text(scalars("a", "b"), ["0 <= a <= 1", "0 <= b <= 1", "a <= b"]))
    together = premises_together(d, Checker(d).prover, 0, 3000)
    assert together.shown and together.tried <= BUDGET
