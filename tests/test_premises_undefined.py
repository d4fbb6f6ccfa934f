"""Untrusted premises with no value at some point: a `for_all` premise undefined where the reader tries it
(1/z, √z, log z at z = 0 or z = −1) is read and checked, never refused as false there and never a traceback;
one false where it is defined is still refused; a premise with no value anywhere (1/0) checks without a crash."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import derivation_file
from symbound.check.checker import check
from symbound.errors import InputError
from symbound.ops.domains import defined_at
from symbound.read.derivation import read

HEADER = """\
symbols:
  b: {kind: scalar, assume: [positive]}
  sigma: {kind: activation}
premises:
  P1: %s
chains:
  - id: c
    start: b
    steps:
      - ">=": b
"""

z = sp.Symbol("z", real=True)


@pytest.mark.parametrize("claim", [
    '{claim: "sigma(z) / z >= 1/z", for_all: [z]}',   # division by the bound name: zoo at z = 0
    '{claim: "z / z == 1", for_all: z}',               # 0/0 at z = 0: no value, not false
    '{claim: "(1/z) * z == 1", for_all: z}',
    '{claim: "z * (1/(z*(z-1))) == 1/(z-1)", for_all: z}',  # a zero denominator in a product, at z = 0 and 1
    '{claim: "sqrt(z) >= sigma(z)", for_all: z}',      # √ of a negative
    '{claim: "sqrt(z)**2 >= 0", for_all: z}',          # √(−1)² = −1 < 0: undefined, not a violation
    '{claim: "log(z) <= z", for_all: z}',              # log 0, log(−1)
    '{claim: "log(z) <= z - 1", for_all: [z]}',
])
def test_a_for_all_premise_undefined_at_a_tried_point_is_read_and_checked(tmp_path, claim):
    d = read(derivation_file(tmp_path, HEADER % claim))
    assert d.premises[0].bound
    report = check(d, timeout=5, budget=200)
    assert [link.status for link in report.links] == ["proved"]


@pytest.mark.parametrize("claim, value", [
    ("1/z >= 1", "z = -2"),
    ("sqrt(z) >= 1", "z = 0"),
    ("log(z) >= 0", "z = 1/2"),
    ("z / z == 2", "z = -2"),
])
def test_a_for_all_premise_false_where_it_is_defined_is_still_refused(tmp_path, claim, value):
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, HEADER % f'{{claim: "{claim}", for_all: z}}'))
    assert f"premise P1 is false for {value}" in info.value.what


@pytest.mark.parametrize("claim", ['"1/0 >= b"', '"0/0 == b"', '"sqrt(-1) <= b"', '"log(0) <= b"', '"log(-1) <= b"'])
def test_a_premise_with_no_value_checks_without_a_crash(tmp_path, claim):
    report = check(read(derivation_file(tmp_path, HEADER % claim)), timeout=5, budget=200)
    assert [link.status for link in report.links] == ["proved"]


def test_a_for_all_premise_without_a_value_at_zero_proves_nothing_there(tmp_path):
    """∀z: z/z = 1 holds wherever it is defined; it must not give a/a = 1 for a scalar a that may be 0."""
    text = """\
symbols:
  a: scalar
premises:
  P1: {claim: "z / z == 1", for_all: z}
chains:
  - id: bad
    start: a / a
    steps:
      - "=": 1
        by: P1
"""
    report = check(read(derivation_file(tmp_path, text)), timeout=5, budget=300)
    assert [link.status for link in report.links] != ["proved"]


def test_defined_at_reads_each_partial_subterm():
    half = sp.Rational(1, 2)
    assert not defined_at(sp.Mul(z, sp.Pow(z, -1), evaluate=False), {z: sp.Integer(0)})
    assert defined_at(sp.Mul(z, sp.Pow(z, -1), evaluate=False), {z: sp.Integer(2)})
    assert not defined_at(sp.Pow(sp.sqrt(z), 2, evaluate=False), {z: sp.Integer(-1)})
    assert defined_at(sp.Pow(sp.sqrt(z), 2, evaluate=False), {z: half})
    assert not defined_at(sp.log(z, evaluate=False), {z: sp.Integer(0)})
    assert not defined_at(sp.log(sp.sqrt(z), evaluate=False), {z: sp.Integer(-1)})
    assert defined_at(sp.log(z, evaluate=False), {z: half})
