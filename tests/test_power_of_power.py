"""A lemma about q^i matches b^(c·i) with q = b^c (issue 24): Σ_{j<k} λ^(2j) ≤ 1/(1 − λ²) from |λ| < 1 by the
geometric sum bound, as sympy writes (λ²)^j; false variants stay unproved."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.search.matching import match


def status(tmp_path, start: str, end: str, premise: str) -> str:
    path = tmp_path / "d.yaml"
    path.write_text(textwrap.dedent("""
        symbols:
          k: {kind: index}
          lam: {kind: scalar}
        """) + (f"premises:\n  P: \"{premise}\"\n" if premise else "") + textwrap.dedent(f"""
        chains:
          - id: c
            start: "{start}"
            steps:
              - "<=": "{end}"
        """))
    (link,) = check(read(path)).links
    return link.status


@pytest.mark.parametrize("start, end, premise, proved", [
    ("sum(lam**(2*j), j, 0, k - 1)", "1/(1 - lam**2)", "abs(lam) < 1", True),
    ("sum((lam**2)**j, j, 0, k - 1)", "1/(1 - lam**2)", "abs(lam) < 1", True),
    ("sum(lam**(2*j), j, 0, k - 1)", "1/(1 - lam)", "abs(lam) < 1", False),      # false at λ = −1/2
    ("sum(lam**(3*j), j, 0, k - 1)", "1/(1 - lam**3)", "abs(lam) < 1", False),   # λ³ < 0: false for odd k
    ("sum(lam**(2*j), j, 0, k - 1)", "1/(1 - lam**2)", "", False),               # |λ| < 1 is needed
])
def test_geometric_sum_of_a_power(tmp_path, start, end, premise, proved):
    assert (status(tmp_path, start, end, premise) == "proved") == proved


def test_power_of_power_binding():
    q, i = sp.Symbol("?q"), sp.Symbol("?i", integer=True)
    lam, j = sp.Symbol("lam", real=True), sp.Symbol("j", integer=True)
    kinds = {q: "scalar", i: "any"}
    assert {q: lam ** 2, i: j} in list(match(q ** i, lam ** (2 * j), kinds))
    assert list(match(q ** i, lam ** (j + 2), kinds)) == [{q: lam, i: j + 2}]  # only a coefficient, not a sum
