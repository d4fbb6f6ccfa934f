"""The JSON's value fields (a counterexample's ``values``, ``lhs_value``, ``rhs_value``; the consistency instance's
``values``) are in one notation, sympy's (``symbound.values.exact_text``), that ``symbound.values.value_of`` reads
back to the same value (issue 21): a generator of exact values, and every such field of every shipped derivation's
JSON (the goldens are the output byte for byte, tests/test_golden.py) and of a report made here."""

from __future__ import annotations

import json
import random

import pytest
import sympy as sp

from conftest import ROOT

from symbound import verify
from symbound.render.json import to_data
from symbound.render.text import value_name
from symbound.values import exact_text, value_of

VALUE_FIELDS = ("values", "lhs_value", "rhs_value")


def same(a, b) -> bool:
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return getattr(a, "shape", None) == getattr(b, "shape", None) and all(same(x, y) for x, y in zip(a, b))
    return a is not None and sp.simplify(a - b) == 0


def scalar(rng: random.Random, depth: int = 2):
    """A random exact value as the witness checker computes them: rationals, roots, exp, log, tanh, π, algebraics."""
    q = sp.Rational(rng.randint(-9, 9), rng.randint(1, 7))
    if depth == 0:
        return q
    pick = rng.randrange(9)
    inner = scalar(rng, depth - 1)
    return [q, sp.sqrt(abs(inner) + 1), sp.exp(inner), sp.log(abs(inner) + 2), sp.tanh(inner), sp.pi * q,
            inner + scalar(rng, depth - 1), inner * scalar(rng, depth - 1) / (1 + abs(scalar(rng, 0))),
            sp.CRootOf(sp.Symbol("x") ** 3 - sp.Symbol("x") - 1 + rng.randint(0, 3), 0)][pick]


def values(rng: random.Random):
    if rng.random() < 0.3:
        rows, cols = rng.randint(1, 3), rng.randint(1, 3)
        return sp.Matrix(rows, cols, [scalar(rng, 1) for _ in range(rows * cols)])
    return scalar(rng)


@pytest.mark.parametrize("seed", range(200))
def test_every_exact_value_reads_back(seed):
    v = values(random.Random(seed))
    text = exact_text(v)
    assert same(value_of(text), v), (text, v)


def value_fields(data, where=""):
    """(where, text) for every value field of a report's JSON, however deep."""
    if isinstance(data, dict):
        for key, item in data.items():
            if key in VALUE_FIELDS and item is not None:
                yield from (((f"{where}.{key}.{n}", t) for n, t in item.items()) if isinstance(item, dict) else [(f"{where}.{key}", item)])
            else:
                yield from value_fields(item, f"{where}.{key}")
    elif isinstance(data, list):
        for k, item in enumerate(data):
            yield from value_fields(item, f"{where}[{k}]")


GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_value_field_of_the_shipped_json_reads_back(path):
    fields = list(value_fields(json.loads(path.read_text(encoding="utf-8"))))
    assert [(where, text) for where, text in fields if value_of(text) is None] == []


def test_a_reports_value_fields_are_its_witnesses_values():
    report = verify(ROOT / "derivations" / "esn_spectral_radius.yaml")
    data = to_data(report)
    witnesses = [(f"{link.chain}.{link.index}", link.witness) for link in report.links if link.witness is not None]
    witnesses += [("conclusion", report.conclusion.witness)] if report.conclusion and report.conclusion.witness else []
    witnesses += [("consistency", report.consistency.witness)] if report.consistency and report.consistency.witness else []
    assert len(witnesses) >= 2
    checked = 0
    for _, w in witnesses:
        exact = {value_name(k): v for k, v in w.exact_values.items()}
        for name, text in w.values.items():
            assert same(value_of(text), exact[value_name(name)]), (name, text)
            checked += 1
        assert same(value_of(w.lhs_value), w.lhs) and same(value_of(w.rhs_value), w.rhs)
    shown = dict(value_fields(data))
    assert checked and all(value_of(t) is not None for t in shown.values()), shown
