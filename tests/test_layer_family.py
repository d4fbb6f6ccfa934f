"""A family of layers of general depth L (a sequence of matrices W[l]): the depth-L product bound
‖W[L]⋯W[1]‖ ≤ ∏‖W[l]‖ ≤ s^L, in both orders of the product, and wrong variants not proved."""

from __future__ import annotations

import pytest

from conftest import derivation_from
from symbound.check.checker import check

FILE = """
symbols:
  n: dimension
  W: {kind: sequence, shape: [n, n]}
  L: index
  l: index
  s: scalar
premises:
  P1: "1 <= L"
  P2: {claim: "norm(W[l], KIND) <= s", for_all: [l]}
chains:
  - id: lip
    start: START
    steps:
      - "<=": MIDDLE
      - "<=": END
"""


def statuses(tmp_path, start: str, middle: str, end: str, kind: str = "2") -> list[str]:
    return [link.status for link in check(derivation_from(tmp_path, FILE.replace("START", start).replace("MIDDLE", middle).replace("END", end).replace("KIND", kind)), search=True).links]


@pytest.mark.parametrize("start,middle,kind", [
    ("norm(prod(W[l], l, 1, L))", "prod(norm(W[l]), l, 1, L)", "2"),
    ("norm(prod(W[L + 1 - l], l, 1, L))", "prod(norm(W[L + 1 - l]), l, 1, L)", "2"),   # W[L]⋯W[1], the chain rule's order
    ("norm(prod(W[l], l, 1, L), inf)", "prod(norm(W[l], inf), l, 1, L)", "inf"),
])
def test_the_depth_L_product_bound_is_proved(tmp_path, start, middle, kind):
    assert statuses(tmp_path, start, middle, "s**L", kind) == ["proved", "proved"]


def test_the_frobenius_product_bound_is_never_refuted(tmp_path):
    """‖W[1]⋯W[L]‖_F ≤ ∏‖W[l]‖_F holds for L ≥ 1 (submultiplicativity), though the library's lemma asks for an induced norm."""
    got = statuses(tmp_path, "norm(prod(W[l], l, 1, L), fro)", "prod(norm(W[l], fro), l, 1, L)", "s**L", "fro")
    assert got[0] != "refuted" and got[1] == "proved"


def test_one_layer_short_is_not_proved(tmp_path):
    got = statuses(tmp_path, "norm(prod(W[l], l, 1, L))", "prod(norm(W[l]), l, 1, L)", "s**(L - 1)")
    assert got[0] == "proved" and got[1] in ("refuted", "unproved")
