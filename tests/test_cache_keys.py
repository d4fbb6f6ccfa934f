"""Attacks on the keys of the verdict cache's per-link entries (check/proofcache.py): two files that differ only in a
declaration, an assumption, a premise, one of the file's own lemmas (statement or hypothesis) or the model must never
share a link's entry; the same file twice shares every one (so the spy sees the keys the checker looks up)."""

from __future__ import annotations

import pytest

from conftest import DERIVATIONS

from symbound.api import verify
from symbound.check import cache, proofcache

SMALL = """symbols:
  a: {kind: scalar, assume: [nonnegative]}
  b: scalar
  c: scalar
  n: dimension
  W: {kind: matrix, shape: [n, n]}
premises:
  P1: "a <= b"
  P2: "0 <= c"
lemmas:
  scale:
    statement: "x * u <= x * v"
    variables: {x: scalar, u: scalar, v: scalar}
    hypotheses: ["0 <= x", "u <= v"]
    reference: "monotonicity of multiplication"
chains:
  - id: c1
    start: c * a
    steps:
      - "<=": c * b
        by: [scale, P1, P2]
  - id: c2
    start: norm(W @ W, 2)
    steps:
      - "<=": norm(W, 2) * norm(W, 2)
"""
LINEAR = (DERIVATIONS / "pascanu_linear.yaml").read_text(encoding="utf-8")

VARIANTS = {
    "declaration": (SMALL, "W: {kind: matrix, shape: [n, n]}", "W: {kind: matrix, shape: [n, n], assume: [symmetric]}"),
    "assumption": (SMALL, "assume: [nonnegative]", "assume: [positive]"),
    "premise": (SMALL, 'P1: "a <= b"', 'P1: "a <= b + 1"'),
    "lemma statement": (SMALL, 'statement: "x * u <= x * v"', 'statement: "x * u <= abs(x) * v"'),
    "lemma hypothesis": (SMALL, 'hypotheses: ["0 <= x", "u <= v"]', 'hypotheses: ["0 <= x", "u <= v", "0 <= u"]'),
    "model update": (LINEAR, "x[k] = W_rec @ sigma(x[k-1]) + W_in @ u[k] + b", "x[k] = W_rec @ sigma(x[k-1]) + W_in @ u[k]"),
    "model matrix": (LINEAR, "x[k] = W_rec @ sigma(x[k-1])", "x[k] = W_rec.T @ sigma(x[k-1])"),
}


@pytest.fixture
def looked_up(monkeypatch) -> list:
    """The per-link keys the checker computes, in order."""
    keys: list = []
    original = proofcache.LinkCache.key

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        keys.append(original(self, *args, **kwargs))
        return keys[-1]

    monkeypatch.setattr(proofcache.LinkCache, "key", spy)
    return keys


def _keys(text: str, tmp_path, name: str, looked_up: list) -> tuple[set, list]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    looked_up.clear()
    report = verify(path, cache=cache.Store(tmp_path / "cache", key=tmp_path / "key"))
    return set(looked_up), [(link.chain, link.index) for link in report.links]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_files_differing_in_one_part_share_no_link_entry(variant, tmp_path, looked_up):
    base, old, new = VARIANTS[variant]
    changed = base.replace(old, new)
    assert changed != base
    first, links = _keys(base, tmp_path, "f", looked_up)
    assert len(first) >= len(links) >= 2
    second, _ = _keys(changed, tmp_path, "f", looked_up)  # the same path: only the part differs
    assert not first & second


def test_the_same_file_shares_every_link_entry(tmp_path, looked_up):
    first, _ = _keys(SMALL, tmp_path, "f", looked_up)
    again, _ = _keys(SMALL, tmp_path, "f", looked_up)
    assert first == again and first
