"""A true premise never makes a verdict worse (issue 24): a conditional rewrite the extra premise enables (the
geometric sum's closed form, from 0 ≤ k) must not hide the bound lemma that matched the term as written."""

from __future__ import annotations

import textwrap

import pytest

from conftest import one_link_status



def status(tmp_path, premises: str, start: str, rel: str, end: str) -> str:
    header = textwrap.dedent("""
        symbols:
          q: {kind: scalar}
          x: {kind: scalar}
          k: {kind: index}
          m: {kind: index}
        definitions:
          S: sum(q**j, j, 0, k)
        premises:
    """) + textwrap.indent(textwrap.dedent(premises), "  ")
    return one_link_status(tmp_path, header, start, rel, end)


BASE = "P: 0 <= q\nQ: q < 1\n"


@pytest.mark.parametrize("start, rel, end", [
    ("sum(q**j, j, 0, k)", "<=", "1/(1 - q)"),
    ("S", "<=", "1/(1 - q)"),                                  # through a definition
    ("x**2*sum(q**j, j, 0, k)", "<=", "x**2/(1 - q)"),          # inside a product
    ("sum(q**j, j, m, k)", "<=", "q**m/(1 - q)"),
])
@pytest.mark.parametrize("extra", ["", "K: 0 <= k\n", "K: 0 <= k\nN: k + 1 >= 1\n"])
def test_a_true_premise_never_hurts(tmp_path, start, rel, end, extra):
    if ", m," in start:
        extra += "M: 0 <= m\nN2: m <= k\n"
    assert status(tmp_path, BASE + extra, start, rel, end) == "proved"


@pytest.mark.parametrize("extra", ["", "K: 0 <= k\n"])
def test_a_false_bound_stays_unproved(tmp_path, extra):
    assert status(tmp_path, BASE + extra, "sum(q**j, j, 0, k)", "<=", "1") != "proved"
    assert status(tmp_path, "P: 0 <= q\nQ: q < 2\n" + extra, "sum(q**j, j, 0, k)", "<=", "1/(1 - q)") != "proved"
