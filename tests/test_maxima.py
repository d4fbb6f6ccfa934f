"""The maximum over a finite indexed set, max(body, (i, a, b)) (or max(body, i, a, b) with i a new name): read,
printed, evaluated (an empty range has no value), defined only for a ≤ b, and refuted when a claim about it is false."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy as sp

from symbound import verify as run
from symbound.errors import ExprError
from symbound.ops.domains import domain
from symbound.ops.maxima import RangeMax
from symbound.ops.objects import exact, numeric
from symbound.ops.written import written
from symbound.read.syntax import Scope, parse_expr

v = sp.MatrixSymbol("v", 3, 1)
n, k = sp.Symbol("n", integer=True, positive=True), sp.Symbol("k", integer=True)
a = sp.Symbol("a", real=True)
SCOPE = Scope({"v": v, "n": n, "k": k, "a": a})


@pytest.mark.parametrize("text", ["max(abs(v[i]), (i, 1, 3))", "max(abs(v[i]), i, 1, 3)", "max(abs(v[j]), j, 1, 3)"])
def test_a_maximum_over_a_range_reads(text):
    e = parse_expr(text, SCOPE)
    assert isinstance(e, RangeMax) and e.limits[0][1:] == (1, 3)
    assert exact(e, {v: sp.Matrix([[1], [-5], [2]])}) == 5
    assert numeric(e, {v: np.array([[1.0], [-5.0], [2.0]])}) == 5.0
    assert parse_expr(written(e), SCOPE) == e  # the written form reads back


def test_a_declared_index_as_second_argument_keeps_the_maximum_of_scalars():
    assert not isinstance(parse_expr("max(a, k, 1, n)", SCOPE), RangeMax)
    assert isinstance(parse_expr("max(a, (k, 1, n))", SCOPE), RangeMax)


@pytest.mark.parametrize("text,message", [
    ("max(v, (i, 1, 2))", "a maximum over a range is of scalars"),
    ("max(a, (a, 1, 2))", "must be a new name"),
])
def test_what_is_not_a_maximum_over_a_range(text, message):
    with pytest.raises(ExprError, match=message):
        parse_expr(text, SCOPE)


def test_the_maximum_of_nothing_has_no_value_and_needs_a_nonempty_range():
    i = sp.Symbol("i", integer=True)
    e = RangeMax(i ** 2, (i, 3, 2))
    with pytest.raises(ValueError, match="empty range"):
        exact(e, {})
    assert domain(RangeMax(i, (i, 1, k))) == (((1, "<=", k),),)
    assert domain(RangeMax(i, (i, 1, n))) is None  # 1 ≤ n for a dimension


HEADER = """
symbols:
  n: dimension
  s: {kind: vector, shape: [n]}
  k: index
  c: {kind: scalar}
"""


@pytest.mark.parametrize("start,rel,end,premises,status", [
    ("max(i, (i, 1, 3))", "<=", "2", "", "refuted"),
    ("max(abs(s[i]), (i, 1, n))", "<=", "abs(s[1])", "", "refuted"),
    ("max(c, (i, 1, k))", "=", "c + 1", "", "refuted"),
    ("max(c, (i, 1, k))", "=", "c", "", "unproved"),   # not shown: k may be 0 and the maximum of nothing has no value
])
def test_claims_about_a_maximum(tmp_path, start, rel, end, premises, status):
    path = tmp_path / "d.yaml"
    path.write_text(HEADER + textwrap.dedent(premises) + f"chains:\n  - id: c\n    start: {start}\n    steps:\n      - \"{rel}\": {end}\n", encoding="utf-8")
    report = run(path)
    assert [link.status for chain in report.chains for link in chain.links] == [status]
