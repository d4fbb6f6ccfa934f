"""The counterexample search on problems about real scalars alone (no dimension, matrix, sequence or abstract
activation): every instance drawn once — the grid of the regions' points, simplest first, then points between
and beyond them — instead of the same few grid points redrawn at every matrix family and dimension (121 distinct
instances among 3300 for two scalars before).  A claim false only between the grid's points is refuted among the
draws, and a witness is still certified by the witness checker."""

from __future__ import annotations

from fractions import Fraction
from itertools import islice

import pytest
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import Checker
from symbound.kernel.witnesscheck import check as witness_check
from symbound.search.falsifier import _schedule, falsify
from symbound.search.problem import build_problem
from symbound.search.sampling import Sampler, _by_rank


def problem_of(tmp_path, text: str):
    d = derivation_from(tmp_path, text)
    link = d.chains[0].links[0]
    prover = Checker(d, search=False).prover
    return d, prover, link, build_problem(d, prover, d.chains[0].start, link.rel, link.expr)


def two_scalars(premises: str = '  P1: "0 <= x <= 1"\n  P2: "0 <= y <= 1"\n', claim: str = "x + y", bound: str = "2") -> str:
    return ("symbols:\n  x: {kind: scalar}\n  y: {kind: scalar}\npremises:\n" + premises
            + f'chains:\n  - id: c\n    start: "{claim}"\n    steps:\n      - "<=": "{bound}"\n')


def drawn(problem, budget: int) -> list[tuple]:
    return [tuple(sorted((str(k), v) for k, v in inst.values.items())) for inst in _schedule(Sampler(problem, 0), budget)]


def test_by_rank_gives_every_tuple_once_simplest_first():
    tuples = list(_by_rank([3, 2, 4]))
    assert len(tuples) == len(set(tuples)) == 3 * 2 * 4 and tuples[0] == (0, 0, 0) and tuples[-1] == (2, 1, 3)
    assert [sum(t) for t in tuples] == sorted(sum(t) for t in tuples)
    assert next(iter(_by_rank([11] * 30))) == (0,) * 30  # lazily: 11³⁰ tuples are never built


def test_every_instance_of_a_scalar_problem_is_drawn_once(tmp_path):
    _, _, _, problem = problem_of(tmp_path, two_scalars())
    sampler = Sampler(problem, 0)
    grid = [sampler.points[s] for s in problem.scalars]
    draws = drawn(problem, 3300)
    assert len(draws) == len(set(draws)) == 3300
    first = {tuple(sorted((str(s), g[0]) for s, g in zip(problem.scalars, grid)))}
    assert {draws[0]} == first  # the simplest point of each region first
    every_combination = {tuple(sorted((str(s), v) for s, v in zip(problem.scalars, pair))) for pair in
                         ((a, b) for a in grid[0] for b in grid[1])}
    assert set(draws[:len(every_combination)]) == every_combination  # the whole grid before anything else
    x, y = problem.scalars
    region = problem.regions[x]
    assert all(region.contains(sp.Rational(dict(d)[str(x)])) == sp.true for d in draws)  # inside the premises' region


def test_a_region_of_one_point_is_drawn_once_and_the_schedule_ends(tmp_path):
    _, _, _, problem = problem_of(tmp_path, two_scalars('  P1: "1/3 <= x <= 1/3"\n  P2: "2 <= y <= 2"\n'))
    draws = drawn(problem, 3300)
    assert len(draws) == 1 and dict(draws[0]) == {"x": Fraction(1, 3), "y": Fraction(2)}


def test_a_problem_with_a_matrix_still_draws_its_families(tmp_path):
    text = ("symbols:\n  n: dimension\n  A: {kind: matrix, shape: [n, n]}\n  x: {kind: scalar}\n"
            'chains:\n  - id: c\n    start: "norm(A) + x"\n    steps:\n      - "<=": "norm(A) + x + 1"\n')
    _, _, _, problem = problem_of(tmp_path, text)
    sampler = Sampler(problem, 0)
    assert not sampler.scalars_only
    assert {inst.family for inst in islice(_schedule(sampler, 600), 100)} != {"gaussian"}


# a claim false only between the grid's points (0, 1/4, 1/2, 3/4, 1 in [0, 1]; the usual small values outside it)
BETWEEN = [
    pytest.param(two_scalars(claim="1/200", bound="(x - 5/8)**2"), id="one_scalar_near_5/8"),
    pytest.param(two_scalars(claim="1/100", bound="(x - y - 3/8)**2"), id="a_difference_near_3/8"),
    pytest.param("symbols:\n  a: {kind: scalar}\n"
                 'chains:\n  - id: c\n    start: "1/50"\n    steps:\n      - "<=": "(a - 7/3)**2 + (a - 7/3)**4"\n',
                 id="a_free_scalar_near_7/3"),
    pytest.param(two_scalars('  P1: "0 < x <= 1"\n  P2: "0 <= y <= 1"\n', claim="1/40", bound="(y - x/3 - 2/5)**2"),
                 id="a_combination_near_2/5"),
]


@pytest.mark.parametrize("text", BETWEEN)
def test_a_claim_false_only_between_grid_points_is_refuted_among_the_draws(tmp_path, text):
    d, prover, link, _ = problem_of(tmp_path, text)
    outcome = falsify(d, prover, d.chains[0].start, link.rel, link.expr, budget=150, local_steps=0)
    assert outcome.witness is not None and outcome.witness.exact
    assert witness_check(d, outcome.candidate, d.chains[0].start, link.rel, link.expr).ok


@pytest.mark.parametrize("claim, bound", [("x * y", "1"), ("(x - 5/8)**2", "1"), ("x - y", "1")])
def test_true_claims_over_the_same_regions_are_never_refuted(tmp_path, claim, bound):
    d, prover, link, _ = problem_of(tmp_path, two_scalars(claim=claim, bound=bound))
    assert falsify(d, prover, d.chains[0].start, link.rel, link.expr, budget=600).witness is None
