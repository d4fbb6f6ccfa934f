"""Coordinates of a vector, v[i] counted from 1 (h[t][i], (W @ v)[1]), and premises over them ("every unit
active": s[i] >= 0 for all i): read, evaluated (an index out of range has no value), shown defined (1 ≤ i ≤ n)
before a proof uses them, premises checked at every coordinate a witness has."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy as sp

from conftest import derivation_file, derivation_from
from kernelcheck import rejection
from symbound import verify as run
from symbound.errors import ExprError
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.witnesscheck import Candidate, check
from symbound.ops import Coordinate, SeqElem
from symbound.ops.domains import domain
from symbound.ops.objects import evaluated, exact, numeric
from symbound.read.syntax import Scope, Sequence, parse_expr

v, W = sp.MatrixSymbol("v", 3, 1), sp.MatrixSymbol("W", 3, 3)
r = sp.MatrixSymbol("r", 1, 3)
i, a = sp.Symbol("i", integer=True), sp.Symbol("a", real=True)
SCOPE = Scope({"v": v, "W": W, "r": r, "i": i, "a": a, "x": Sequence("x", sp.Integer(3), sp.Integer(1))})

HEADER = """
symbols:
  n: dimension
  s: {kind: vector, shape: [n]}
  z: {kind: vector, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  i: index
  k: index
  c: {kind: scalar, assume: [positive]}
premises:
  P1: {claim: "s[i] >= 0", for_all: i, text: "every unit active"}
"""


def verify(tmp_path, body: str):
    path = derivation_file(tmp_path, HEADER + textwrap.dedent(body))
    return run(path)


def statuses(report) -> list[str]:
    return [link.status for chain in report.chains for link in chain.links]


def one_link(start: str, rel: str, end: str, premises: str = "") -> str:
    return textwrap.indent(textwrap.dedent(premises), "  ") + f"chains:\n  - id: c\n    start: {start}\n    steps:\n      - \"{rel}\": {end}\n"


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("text,expected", [
    ("v[i]", Coordinate(v, i)),
    ("v[2] + v[1]", Coordinate(v, 2) + Coordinate(v, 1)),
    ("r[3]", Coordinate(r, 3)),                                      # a row vector
    ("x[i][2]", Coordinate(SeqElem("x", i, 3, 1), 2)),               # a sequence's element
    ("(W @ v)[1]", Coordinate(sp.MatMul(W, v), 1)),
])
def test_coordinates_read(text, expected):
    assert evaluated(parse_expr(text, SCOPE)) == evaluated(expected)


@pytest.mark.parametrize("text,message", [
    ("W[1]", "only sequences and vectors can be indexed"),
    ("a[1]", "is not a sequence or a vector"),
    ("v[1.5]", "a coordinate's index is a whole number"),
    ("v[a]", "a coordinate's index is a whole number"),
])
def test_what_has_no_coordinates_is_an_error(text, message):
    with pytest.raises(ExprError, match=message):
        parse_expr(text, SCOPE)


# ---------------------------------------------------------------- values and definedness


def test_a_coordinate_has_the_value_of_the_entry_counted_from_one():
    values = {v: sp.Matrix([[5], [-2], [7]]), r: sp.Matrix([[1, 2, 3]])}
    assert exact(Coordinate(v, 2), values) == -2 and exact(Coordinate(r, 3), values) == 3
    assert numeric(Coordinate(v, 3) + Coordinate(v, 1), {v: np.array([[5.0], [-2.0], [7.0]])}) == 12.0
    for outside in (0, 4, -1):
        with pytest.raises(ValueError, match="has no coordinate"):
            exact(Coordinate(v, outside), values)
        with pytest.raises(ValueError, match="has no coordinate"):
            numeric(Coordinate(v, outside), {v: np.zeros((3, 1))})


def test_a_coordinate_is_defined_from_one_to_the_length():
    n = sp.Symbol("n", integer=True, positive=True)
    s = sp.MatrixSymbol("s", n, 1)
    assert domain(Coordinate(s, i)) == (((1, "<=", i), (i, "<=", n)),)
    assert domain(Coordinate(r, i)) == (((1, "<=", i), (i, "<=", 3)),)


# ---------------------------------------------------------------- premises over coordinates


@pytest.mark.parametrize("start,rel,end,premises,status", [
    ("s[1]", ">=", "0", "", "proved"),
    ("s[2]", ">=", "0", "", "unproved"),                              # n may be 1: s[2] may not exist
    ("s[2]", ">=", "0", "P2: \"2 <= n\"\n", "proved"),
    ("3 * s[k]", ">=", "0", "P4: \"1 <= k\"\nP5: \"k <= n\"\n", "proved"),
    ("s[k]", ">=", "0", "", "unproved"),                              # k is not shown in 1 … n
    ("s[1] - s[2]", ">=", "0", "P2: \"2 <= n\"\n", "refuted"),        # s = (0, 1): every unit active, still false
    ("-s[1]", ">=", "0", "", "refuted"),
    ("(W @ s)[1]", ">=", "0", "", "refuted"),                         # W mixes the units
])
def test_premises_over_coordinates(tmp_path, start, rel, end, premises, status):
    assert statuses(verify(tmp_path, one_link(start, rel, end, premises))) == [status]


def test_the_premises_over_coordinates_hold_together(tmp_path):
    report = verify(tmp_path, one_link("s[1]", ">=", "0"))
    assert report.consistency is not None and report.consistency.shown


def test_the_witness_checker_checks_every_coordinate(tmp_path):
    d = derivation_from(tmp_path, HEADER + one_link("s[1]", "<=", "c"))
    n, s, c = (d.scope.names[x] for x in ("n", "s", "c"))
    chain = d.chains[0]
    args = (chain.start, chain.links[0].rel, chain.links[0].expr)
    breaks_p1 = check(d, Candidate({n: 3}, {s: sp.Matrix([[2], [0], [-1]]), c: sp.Integer(1)}, {}), *args)
    assert not breaks_p1.certified and any("P1" in f for f in breaks_p1.failed), breaks_p1.failed  # s[3] < 0
    holds = check(d, Candidate({n: 3}, {s: sp.Matrix([[2], [0], [1]]), c: sp.Integer(1)}, {}), *args)
    assert holds.certified, holds.failed


def test_kernel_rejects_a_coordinate_not_shown_to_exist(tmp_path):
    d = derivation_from(tmp_path, HEADER + one_link("s[k]", ">=", "0"))
    kernel = Kernel.for_derivation(d)
    s, k, i_ = d.scope.names["s"], d.scope.names["k"], d.scope.names["i"]
    goal = (sp.Integer(0), "<=", Coordinate(s, k))
    instance = Proof("premise", "P1", *goal, binding=((i_, k),))
    assert "defined only when 1 ≤ k" in rejection(kernel, *goal, instance)
    first = (sp.Integer(0), "<=", Coordinate(s, 1))
    assert rejection(kernel, *first, Proof("premise", "P1", *first, binding=((i_, sp.Integer(1)),))) == ""
    forged = (sp.Integer(0), "<=", -Coordinate(s, 1))  # not an instance of P1
    assert rejection(kernel, *forged, Proof("premise", "P1", *forged, binding=((i_, sp.Integer(1)),))) != ""
