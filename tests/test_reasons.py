"""Unproved messages in the paper's terms: no object trees or Python class names in reasons, findings or
near misses, and a nearest lemma only when it is relevant (shares the link's operators and relation, and
its failed property is one the file could declare)."""

from __future__ import annotations

import re
import textwrap

import pytest

from symbound.check.checker import check
from symbound.read.derivation import read
from symbound.ops.written import written

LEAK = re.compile(r"\b(?:SeqElem|Elementwise|ScalarApply|MatMul|MatAdd|MatPow|Norm|Diag|Transpose|Jacobian|MatProd|LimitReached|"
                  r"SpectralRadius|SigmaMax|SigmaMin|Hadamard|Str|Product)\(|LimitReached|TypeError|ValueError|KeyError")

NONLINEAR = """
symbols:
  n: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  t: {kind: index}
model:
  recurrence: "h[t] = W @ hadamard(h[t-1], h[t-1])"
premises:
  P1: "0 <= t"
chains:
  - id: c
    start: norm(h[t])
    steps:
      - "=": norm(W**t @ h[0])
"""


def sentences(report) -> list[str]:
    out = [f.text for f in report.findings]
    for link in report.links:
        out.append(link.reason)
        out += [n.why for n in link.near]
    if report.conclusion is not None:
        out.append(report.conclusion.reason)
    return out


def test_a_nonlinear_model_is_explained_without_internal_names(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(textwrap.dedent(NONLINEAR))
    r = check(read(path), search=False)
    (link,) = r.links
    assert link.status == "unproved"
    assert "not linear in h" in link.reason and "h[t]" in link.reason and "h[0]" in link.reason
    assert not any(LEAK.search(s) for s in sentences(r)), sentences(r)
    # W**t or h[0] cannot be declared orthogonal: no such nearest lemma
    assert not [n for n in link.near if "orthogonal" in n.why]


@pytest.mark.parametrize("name", ["pascanu.yaml", "pascanu_arxiv.yaml", "lipschitz_mlp_spectral_radius.yaml", "esn_spectral_radius.yaml"])
def test_shipped_reports_print_no_object_trees(name):
    from conftest import DERIVATIONS

    d = read(DERIVATIONS / name)
    r = check(d, search=False)
    assert not any(LEAK.search(s) for s in sentences(r)), [s for s in sentences(r) if LEAK.search(s)]
    for chain in d.chains:
        for term in [chain.start] + [link.expr for link in chain.links]:
            assert not LEAK.search(written(term)), written(term)


def test_a_bound_that_runs_the_other_way_is_not_named_for_an_equality(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(textwrap.dedent("""
    symbols:
      n: {kind: dimension}
      W: {kind: matrix, shape: [n, n]}
    chains:
      - id: c
        start: norm(W)
        steps:
          - "=": rho(W)
    """))
    r = check(read(path), search=False)
    (link,) = r.links
    assert link.status == "unproved"
    assert not [n for n in link.near if n.lemma == "rho_le_norm"]  # ρ ≤ ‖·‖ cannot give an equality
    assert [n for n in link.near if n.lemma == "rho_normal"]  # declaring W normal would: it is named
