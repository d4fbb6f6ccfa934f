"""The consistency search's memos and short cuts at a thousand links (issue 24 "No slower", issue 22 item 7): the
regions of the scalars read from the premises grouped once, the environment's dimensioned names, the exact
rationals and spectral norms of float matrices memoised by their exact bits, a rounded candidate given up at its
first degenerate matrix.  Each key is attacked with values that differ only in what a careless key would drop, and
the searches still find what they found with many unrelated links around it."""

from __future__ import annotations

import numpy as np
import sympy as sp

from conftest import derivation_from
from symbound.check.checker import Checker, check
from symbound.ops.norm import Norm
from symbound.ops.objects import numeric
from symbound.search import certify, sampling
from symbound.search.problem import Instance, _region, build_problem


def _problem(tmp_path, premises: str, symbols: str, name: str = "d.yaml"):
    text = f"""
symbols:
  n: {{kind: dimension}}
{symbols}
premises:
{premises}
chains:
  - id: c
    start: "1"
    steps:
      - "<=": "2"
"""
    d = derivation_from(tmp_path, text, name)
    return build_problem(d, Checker(d).prover, sp.Integer(1), "<", sp.Integer(0))


def test_a_scalars_region_reads_its_own_premises_and_no_other(tmp_path):
    """A premise in two scalars is in neither region; a scalar's own premise counts wherever it stands (the last of
    many here); a scalar with no premise of its own keeps its assumption; each region is the one the whole list gives."""
    scalars = "\n".join(f"  s{i}: {{kind: scalar, assume: [positive]}}" for i in range(30))
    premises = "\n".join(f'  P{i}: {{claim: "s{i} <= {i + 1}"}}' for i in range(28))
    premises += '\n  Q: {claim: "s0 + s29 <= 1"}\n  C: {claim: "c * s1 <= 5"}\n  R: {claim: "s28 <= 1/2"}\n  S: {claim: "s0 >= 1/4"}'
    p = _problem(tmp_path, premises, scalars + "\n  c: {kind: scalar}")
    s = {str(x): x for x in p.scalars}
    assert p.regions[s["s0"]] == sp.Interval(sp.Rational(1, 4), 1)
    assert p.regions[s["s27"]] == sp.Interval.Lopen(0, 28)
    assert p.regions[s["s28"]] == sp.Interval.Lopen(0, sp.Rational(1, 2))
    assert p.regions[s["s29"]] == sp.Interval.open(0, sp.oo)  # Q names s0 too
    assert p.regions[s["c"]] == sp.S.Reals  # C names s1 too
    assert p.regions[s["s1"]] == sp.Interval.Lopen(0, 2)
    assert all(p.regions[x] == _region(x, p.constraints) for x in p.scalars)


def test_float_env_names_carry_the_instances_own_dimensions(tmp_path):
    """The memoised dimensioned name is keyed by the dimensions' values: an instance at n = 3 after one at n = 2
    gets A of shape 3 × 3, not the 2 × 2 name of the first."""
    p = _problem(tmp_path, '  P: {claim: "norm(A) <= 1"}', "  A: {kind: matrix, shape: [n, n]}")
    A = p.matrices[0]
    for size in (2, 3, 2):
        env = sampling.float_env(Instance({d: size for d in p.dims}, {A: np.eye(size) / 2}, {}))
        (key,) = [k for k in env if isinstance(k, sp.MatrixSymbol)]
        assert key.shape == (size, size)
        assert numeric(Norm(key), env) == 0.5


def test_exact_values_are_keyed_by_shape_and_bits_and_never_shared():
    v = np.array([[0.5, -0.0], [0.25, 1.0]])
    assert sampling.exact_value(v) == sp.Matrix([[sp.Rational(1, 2), 0], [sp.Rational(1, 4), 1]])
    flat = sampling.exact_value(v.reshape(1, 4))  # the same bytes in another shape
    assert flat.shape == (1, 4) and list(flat) == [sp.Rational(1, 2), 0, sp.Rational(1, 4), 1]
    m = sampling.exact_value(v)
    m[0, 0] = 7  # a caller changing its matrix changes no later answer
    assert sampling.exact_value(v)[0, 0] == sp.Rational(1, 2)
    assert sampling.exact_value(v.T)[0, 1] == sp.Rational(1, 4)  # a transposed view: its own values, not v's bytes
    assert sampling.exact_value(np.array([[1, 2]])) == sp.Matrix([[1, 2]])  # integers, not memoised, still exact


def test_spectral_norms_are_keyed_by_shape_and_bits():
    A = sp.MatrixSymbol("A", 2, 2)
    B = sp.MatrixSymbol("B", 1, 4)
    identity = np.eye(2)
    assert numeric(Norm(A), {A: identity}) == 1.0
    assert numeric(Norm(B), {B: identity.reshape(1, 4)}) == np.sqrt(2)  # the same bytes, another shape
    assert numeric(Norm(A, "fro"), {A: identity}) == np.sqrt(2)  # another kind of norm of the same bytes
    tall = np.array([[3.0, 0.0], [4.0, 0.0]])
    assert numeric(Norm(A), {A: tall.T}) == numeric(Norm(A), {A: tall}) == 5.0  # a transposed (Fortran-ordered) view
    assert numeric(Norm(A), {A: np.array([[0.0, -0.0], [0.0, 0.0]])}) == 0.0


def test_a_rounded_candidate_is_given_up_at_a_degenerate_matrix_only_when_one_is_to_be_shown(tmp_path):
    p = _problem(tmp_path, '  P: {claim: "norm(A) <= 4"}\n  Q: {claim: "norm(B) <= 4"}',
                 "  A: {kind: matrix, shape: [n, n]}\n  B: {kind: matrix, shape: [n, n]}")
    A, B = sorted(p.matrices, key=str)
    inst = Instance({d: 2 for d in p.dims}, {A: np.eye(2), B: np.array([[0.2, 0.0], [0.0, 0.1]])}, {})
    rounded = certify._rounded(p, inst, 1)  # B rounds to the zero matrix
    assert rounded is not None and not rounded.values[B].any() and (rounded.values[A] == np.eye(2)).all()
    p.nondegenerate = True
    assert certify._rounded(p, inst, 1) is None
    kept = certify._rounded(p, inst, 10)  # at tenths B is invertible
    assert kept is not None and not certify._degenerate(p, kept)


def _blocks(count: int) -> tuple[list[str], list[str], list[str]]:
    symbols, premises, chains = [], [], []
    for i in range(count):
        symbols += [f"  A{i}: {{kind: matrix, shape: [n, n]}}", f"  B{i}: {{kind: matrix, shape: [n, n]}}",
                    f"  a{i}: {{kind: scalar, assume: [positive]}}", f"  b{i}: {{kind: scalar, assume: [positive]}}"]
        premises += [f'  PA{i}: {{claim: "norm(A{i}) <= a{i}"}}', f'  PB{i}: {{claim: "norm(B{i}) <= b{i}"}}']
        chains += [f"  - id: prod{i}", f"    start: norm(A{i} @ B{i}.T)", "    steps:",
                   f'      - "<=": norm(A{i}) * norm(B{i}.T)', "        by: submultiplicative",
                   f'      - "=": norm(A{i}) * norm(B{i})', "        by: norm_transpose_2",
                   f'      - "<=": a{i} * b{i}', f"        by: [PA{i}, PB{i}]"]
    return symbols, premises, chains


def _file(symbols: list[str], premises: list[str], chains: list[str]) -> str:
    return "\n".join(["symbols:", "  n: {kind: dimension}", *symbols, "premises:", *premises, "chains:", *chains]) + "\n"


def test_a_contradiction_is_found_among_200_unrelated_links(tmp_path):
    """norm(A37) ≥ 2·a37 contradicts PA37 (a37 > 0), with 199 unrelated links and 133 unrelated premises around it."""
    symbols, premises, chains = _blocks(67)
    premises.insert(70, '  X: {claim: "norm(A37) >= 2 * a37"}')
    r = check(derivation_from(tmp_path, _file(symbols, premises, chains[:-2])), search=False)
    assert len(r.links) == 200
    found = [f for f in r.findings if f.kind == "contradiction"]
    assert found and {"X", "PA37"} <= {p for f in found for p in f.premises}


def test_inconsistent_premises_are_found_when_the_last_of_many_is_the_one(tmp_path):
    """The last of 61 premises bounds a positive scalar by zero: a finding, and the premises are not shown
    consistent (the consistency search is not trusted to say otherwise)."""
    symbols, premises, chains = _blocks(30)
    premises.append('  Z: {claim: "b29 <= 0"}')
    r = check(derivation_from(tmp_path, _file(symbols, premises, chains[:8])), budget=300)
    assert any("Z" in f.premises for f in r.findings if f.kind == "contradiction")
    assert r.consistency.contradicted and not r.consistency.shown
