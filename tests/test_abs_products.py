"""A product below its absolute value (issue 24, class 3: Gowal et al.'s interval bound w z + b ≤ w μ + |w| r + b):
nlinarith's products of a fact's slack with a side of |w| (|w| − w ≥ 0, |w| + w ≥ 0) in the linear certificate
(symbound.search.linear._pair_products), through a premise or a definition; claims that need
w's sign stay unproved."""

from __future__ import annotations

import pytest

from conftest import one_link_status

HEADER = """
symbols:
  w: {kind: scalar}
  z: {kind: scalar}
  lo: {kind: scalar}
  hi: {kind: scalar}
  d: {kind: scalar}
  r: {kind: scalar}
definitions:
  mu: {value: (hi + lo) / 2}
  rad: {value: (hi - lo) / 2}
premises:
  box: "lo <= z <= hi"
  near: "abs(d) <= r"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("w * z", "<=", "w * mu + abs(w) * rad"),   # both bounds of the interval, through the definitions
    ("w * z", ">=", "w * mu - abs(w) * rad"),
    ("w * (z - mu)", "<=", "abs(w) * rad"),
    ("w * d", "<=", "abs(w) * r"),              # a premise on |d|
    ("-w * d", "<=", "abs(w) * r"),
    ("w * d", "<=", "abs(w) * abs(d)"),
])
def test_a_product_below_its_absolute_value(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("w * z", "<=", "w * hi"),                   # needs w ≥ 0
    ("w * z", "<=", "w * mu + w * rad"),
    ("w * z", "<=", "w * mu + abs(w) * rad / 2"),
    ("w * d", "<=", "w * r"),
])
def test_bounds_that_need_the_sign_of_w(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "unproved"


def test_the_bound_rests_on_the_interval(tmp_path):
    from conftest import derivation_from
    from symbound.check.checker import check

    text = HEADER + """
chains:
  - id: c
    start: w * z + 1
    steps:
      - "<=": w * mu + abs(w) * rad + 1
"""
    (link,) = check(derivation_from(tmp_path, text), search=False).links
    assert link.status == "proved" and link.theorem.named("premise") == ["box"]
