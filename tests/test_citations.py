"""A citation is wrong only when the cited fact cannot take part in any proof of the link."""

from __future__ import annotations

import textwrap

from symbound.check.checker import check
from symbound.read.derivation import read

FILE = """
symbols:
  a: {kind: scalar}
  b: {kind: scalar}
  n: {kind: dimension}
  v: {kind: vector, shape: [n]}
premises:
  P1: {claim: "a <= b"}
  P2: {claim: "0 < a"}
  P3: {claim: "0 < norm(v)"}
chains:
  - id: first
    start: a
    steps:
      - "<=": b
        by: P1
  - id: again
    start: a
    steps:
      - "<=": b
        by: first
  - id: cancel
    start: a / a
    steps:
      - "=": 1
        by: P2
  - id: unit
    start: norm(v) / norm(v)
    steps:
      - "=": 1
        by: P3
  - id: wrong
    start: a
    steps:
      - "<=": b
        by: P2
"""


def test_citations_that_can_take_part_in_a_proof_are_right(tmp_path):
    path = tmp_path / "cite.yaml"
    path.write_text(textwrap.dedent(FILE))
    r = check(read(path), search=False)
    by = {l.chain: l for l in r.links}
    assert all(l.status == "proved" for l in r.links)
    assert by["again"].miscited == [] and "first" in by["again"].chains
    assert by["cancel"].miscited == [] and "P2" in by["cancel"].premises
    assert by["unit"].miscited == [] and "P3" in by["unit"].premises
    assert by["wrong"].miscited == ["P2"]
    assert r.exit_code == 1  # only because of the wrong citation
