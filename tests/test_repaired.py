""""Holds as repaired": a chain whose printed link is wrong but whose claim still holds once the link's
relation repair (itself proved through the kernel) is put in; the printed link keeps its verdict, the
exit status stays 1, and the state shows in the terminal, the JSON and the LaTeX."""

from __future__ import annotations

import json
import textwrap

from symbound.passes.verdicts import verdicts
from symbound.read.derivation import read
from symbound.render.json import render as render_json

FILE = """
symbols:
  a: {kind: scalar, assume: [positive]}
  b: {kind: scalar}
premises:
  P1: "a < 1"
  P2: "0 <= b"
chains:
  - id: c
    start: a * b
    steps:
      - "<=": b
        by: P1
      - "<": b + 1
      - "%s": 1 + b
conclusion:
  claim: "a * b < b + 1"
"""


def checked(tmp_path, text: str):
    """The report (checked, refuted, repaired) of a derivation written inline."""
    path = tmp_path / "d.yaml"
    path.write_text(textwrap.dedent(text))
    return verdicts(read(path), budget=100)


def run(tmp_path, rel: str):
    return checked(tmp_path, FILE % rel)


def test_a_strict_link_that_should_be_equal_after_a_strict_link(tmp_path):
    r = run(tmp_path, "<")
    (chain,) = r.chains
    assert [l.status for l in chain.links] == ["proved", "proved", "refuted"]  # never turned into proved
    assert chain.status == "refuted" and "c.3" in chain.repaired
    assert [rep.relation for rep in chain.links[2].repairs if rep.kind == "relation"] == ["="]  # b + 1 = 1 + b: the precise repair
    # the conclusion stands on its own: it follows from the chain's proved links 1–2 (a kernel-admitted run)
    assert r.conclusion.status == "proved" and r.conclusion.chains == ["c.1-2"]
    assert r.exit_code == 1  # the printed link is still wrong
    data = json.loads(render_json(r))
    assert data["chains"][0]["repaired"]


def test_a_correct_chain_has_no_repair(tmp_path):
    r = run(tmp_path, "=")
    assert r.chains[0].status == "proved" and not r.chains[0].repaired and r.exit_code == 0


def test_a_repair_that_weakens_the_claim_is_not_holds_as_repaired(tmp_path):
    r = checked(tmp_path, """
    symbols:
      b: {kind: scalar}
    premises:
      P2: "0 <= b"
    chains:
      - id: c
        start: b
        steps:
          - "<": b + 1
          - "<": 1 + b
      - id: d
        start: b
        steps:
          - "<": 2 * b + 1
    """)
    # c: the strict first link keeps the claim b < 1 + b: holds as repaired
    assert r.chains[0].repaired
    # a chain whose only strict link is wrong would become ≤ after the repair: not the printed claim
    r = checked(tmp_path, """
    symbols:
      b: {kind: scalar}
    chains:
      - id: c
        start: b
        steps:
          - "<=": b + 0
          - "<": 0 + b
    """)
    assert r.chains[0].links[1].repairs and not r.chains[0].repaired
    assert r.exit_code == 1


def test_an_equality_that_should_be_at_most(tmp_path):
    r = checked(tmp_path, """
    symbols:
      b: {kind: scalar}
    premises:
      P2: "0 <= b"
    chains:
      - id: d
        start: b
        steps:
          - "=": 2 * b
          - "<=": 2 * b + 1
    """)
    d = r.chains[0]
    assert d.links[0].status == "refuted" and any(rep.relation == "<=" for rep in d.links[0].repairs)
    assert "d.1" in d.repaired and r.exit_code == 1
