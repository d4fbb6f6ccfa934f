"""A family of layers with per-layer shapes (issue 24): ``n: {kind: dimension, indexed: true}`` and
``W: {kind: sequence, shape: ["n[l]", "n[l-1]"]}`` read, W[l] has shape n[l] × n[l−1], products chain
only in the network's order, the everyday chain ‖W[L]⋯W[1] x‖ ≤ ∏‖W[l]‖ ‖x‖ ≤ s^L ‖x‖ proves as with one
shape, a false step over per-layer widths is refuted with a witness the witness checker accepts, and
every near miss is a located read error."""

from __future__ import annotations


import numpy as np
import pytest
import sympy as sp

from conftest import derivation_file, derivation_from
from symbound.check.checker import check
from symbound.errors import InputError
from symbound.ops import MatProd, SeqElem
from symbound.ops.objects import numeric
from symbound.read.derivation import read

HEADER = """\
title: a network of depth L
symbols:
  n: {kind: dimension, indexed: true}
  L: index
  s: {kind: scalar, assume: [positive]}
  W: {kind: sequence, shape: ["n[l]", "n[l-1]"]}
  x: {kind: vector, shape: ["n[0]"]}
premises:
  depth: {claim: "1 <= L"}
  layer: {claim: "norm(W[l]) <= s", for_all: [l]}
"""

NETWORK = "prod(W[L + 1 - l], l, 1, L)"
NAMED = HEADER.replace('  depth: {claim: "1 <= L"}\n', "")  # for chains over named layers (L unused)


def chain(start: str, *steps: tuple[str, str, str]) -> str:
    lines = "".join(f'      - {{"{rel}": "{expr}"' + (f", by: {by}" if by else "") + "}\n" for rel, expr, by in steps)
    return f'chains:\n  - id: c\n    start: "{start}"\n    steps:\n{lines}'


def statuses(tmp_path, text: str, search: bool = False) -> list[str]:
    return [link.status for link in check(derivation_from(tmp_path, text), search=search).links]


def read_error(tmp_path, text: str) -> InputError:
    with pytest.raises(InputError) as info:
        read(derivation_file(tmp_path, text))
    return info.value


# ---------------------------------------------------------------- reading and shapes


def test_an_element_has_its_layers_shape_and_the_network_chains(tmp_path):
    d = derivation_from(tmp_path, HEADER + chain(f"norm({NETWORK} @ x)", ("<=", f"norm({NETWORK}) * norm(x)", "")))
    n = sp.IndexedBase("n", integer=True, positive=True)
    L = d.scope.names["L"]
    element = next(a for a in sp.preorder_traversal(d.premises[1].relations[0].lhs) if isinstance(a, SeqElem))
    l = element.index
    assert element.shape == (n[l], n[l - 1])
    network = next(a for a in sp.preorder_traversal(d.chains[0].start) if isinstance(a, MatProd))
    assert network.shape == (n[L], n[0])  # W[L]⋯W[1]: the rows of W[L], the columns of W[1]
    assert n[l].is_integer and n[l].is_positive


def test_the_empty_network_is_the_identity_of_the_input_width(tmp_path):
    """L = 0: ∏ over an empty range is I of size n[0] = n[L] (its rows and its columns agree)."""
    d = derivation_from(tmp_path, HEADER + chain(f"norm({NETWORK} @ x)", ("<=", "norm(x)", "")))
    network = next(a for a in sp.preorder_traversal(d.chains[0].start) if isinstance(a, MatProd))
    n = sp.IndexedBase("n", integer=True, positive=True)
    empty = network.xreplace({d.scope.names["L"]: sp.Integer(0)})
    assert empty.shape == (n[0], n[0])
    assert (numeric(empty, {n[0]: 3.0}) == np.eye(3)).all()


@pytest.mark.parametrize("start, what, col", [
    ("norm(W[L] @ W[L])", "shape mismatch in @", 14),                  # n[L−1] ≠ n[L] in general
    ("norm(W[2] @ x)", "shape mismatch in @", 14),                     # W[2] takes n[1], x has n[0]
    ("norm(prod(W[l], l, 1, L))", "do not chain", 14),                 # W[1]⋯W[L]: not the network's order
    ("norm(sum(W[l], l, 1, L))", "different shapes", 14),
    ("norm(W[1] @ x) + n[1]", "family of dimensions", 29),            # a width as a scalar
    ("norm(W[1] @ x) + n", "family of dimensions", 29),
    ("norm(W[L] ** 2)", "square", 14),
    ("rho(W[L])", "square", 14),
])
def test_a_shape_error_over_per_layer_widths_is_located(tmp_path, start, what, col):
    error = read_error(tmp_path, HEADER + chain(start, ("<=", "s", "")))
    assert what in error.message() and error.where.line == 13, error.message()
    assert error.where.col >= col - 4 and error.instead


@pytest.mark.parametrize("old, new, what, line", [
    ("n: {kind: dimension, indexed: true}", "n: {kind: dimension, indexed: yes please}", "true or false", 3),
    ("n: {kind: dimension, indexed: true}", "n: {kind: dimension, index: true}", "unknown key 'index'", 3),
    ("n: {kind: dimension, indexed: true}", "n: {kind: dimension}", "depends on an index", 6),  # not declared a family
    ("n: {kind: dimension, indexed: true}", "n: {kind: dimension, indexed: true}\n  m: {kind: matrix, shape: [2, 2], indexed: true}",
     "only a dimension can be indexed", 4),
    ('["n[l]", "n[l-1]"]', '["n[l]", "n[k-1]"]', "two indices", 6),
    ('["n[l]", "n[l-1]"]', '["n[l]", "n[L]"]', "declared index 'L'", 6),  # a clash: the element's index must be new
    ('["n[l]", "n[l-1]"]', '["n[l]", "n[s]"]', "not a whole number", 6),
    ('["n[l]", "n[l-1]"]', '["n[l]", "n[l/2]"]', "whole number", 6),
    ('x: {kind: vector, shape: ["n[0]"]}', 'x: {kind: vector, shape: ["n[l]"]}', "only a sequence's shape may", 7),
    ('W: {kind: sequence, shape: ["n[l]", "n[l-1]"]}', 'W: {kind: sequence, shape: ["n[l]", "n[l-1]"], assume: [orthogonal]}',
     "are not square, so they cannot be orthogonal", 6),
])
def test_a_near_miss_in_the_declaration_is_a_located_error(tmp_path, old, new, what, line):
    assert old in HEADER
    error = read_error(tmp_path, HEADER.replace(old, new) + chain("s", ("<=", "s", "")))
    assert what in error.message() and error.where.line == line, error.message()


def test_latex_widths_read_as_the_family(tmp_path):
    text = HEADER.replace('["n[l]", "n[l-1]"]', "['$n_l$', '$n_{l-1}$']")
    d = derivation_from(tmp_path, text + chain(f"norm({NETWORK} @ x)", ("<=", "s", "")))
    same = derivation_from(tmp_path, HEADER + chain(f"norm({NETWORK} @ x)", ("<=", "s", "")), name="e.yaml")
    assert d.chains[0].start == same.chains[0].start


def test_the_shape_index_and_a_products_bound_index_do_not_clash(tmp_path):
    """The shape is written in l and the product binds l too: W[L + 1 − l] under the product is the element at
    that index, of shape n[L + 1 − l] × n[L − l] (the substitution is simultaneous)."""
    d = derivation_from(tmp_path, HEADER + chain(f"norm({NETWORK})", ("<=", "s", "")))
    network = next(a for a in sp.preorder_traversal(d.chains[0].start) if isinstance(a, MatProd))
    i, L = network.limits[0], d.scope.names["L"]
    n = sp.IndexedBase("n", integer=True, positive=True)
    assert network.body.shape == (n[L + 1 - i], n[L - i])


# ---------------------------------------------------------------- proofs


def test_the_everyday_network_bound_proves_with_per_layer_widths(tmp_path):
    text = HEADER + chain(f"norm({NETWORK} @ x)",
                          ("<=", f"norm({NETWORK}) * norm(x)", ""),
                          ("<=", "prod(norm(W[L + 1 - l]), l, 1, L) * norm(x)", "norm_prod_le_prod_norm"),
                          ("<=", "s**L * norm(x)", "prod_le_pow"))
    assert statuses(tmp_path, text) == ["proved"] * 3


@pytest.mark.parametrize("start, steps", [
    (f"norm({NETWORK})", [("<=", "prod(norm(W[L + 1 - l]), l, 1, L)", ""), ("<=", "s**L", "")]),   # without x, no by:
    (f"norm({NETWORK} @ x)", [("<=", "s**L * norm(x)", "")]),                                          # one step
    ("norm(W[2] @ W[1] @ x)", [("<=", "norm(W[2]) * norm(W[1]) * norm(x)", ""), ("<=", "s**2 * norm(x)", "")]),  # two layers named
])
def test_network_bounds_in_several_forms(tmp_path, start, steps):
    verdicts = statuses(tmp_path, (HEADER if "L" in start else NAMED) + chain(start, *steps))
    assert "refuted" not in verdicts and verdicts[-1] == "proved" or verdicts == ["proved"] * len(steps), verdicts


def test_a_wrong_exponent_is_not_proved(tmp_path):
    """One factor too few: ∏‖W[l]‖ ≤ s^(L−1) does not follow (it is false for s > 1)."""
    text = HEADER + chain(f"norm({NETWORK})", ("<=", "s**(L - 1)", ""))
    assert statuses(tmp_path, text) != ["proved"]


# ---------------------------------------------------------------- counterexamples


WRONG = """\
symbols:
  n: {kind: dimension, indexed: true}
  L: index
  W: {kind: sequence, shape: ["n[l]", "n[l-1]"]}
premises:
  depth: {claim: "1 <= L"}
"""


def test_a_false_step_over_per_layer_widths_is_refuted_with_each_layer_shown(tmp_path):
    """‖W[L]⋯W[1]‖ ≤ max_l ‖W[l]‖ is false: the witness gives L, the widths and each W[l] of its own shape, and
    the claim fails at those values when recomputed here from the printed exact values."""
    report = check(derivation_from(tmp_path, WRONG + chain(f"norm({NETWORK})", ("<=", "max(norm(W[l]), l, 1, L)", ""))))
    (link,) = report.links
    assert link.status == "refuted" and link.witness.exact
    values = link.witness.values
    depth = int(next(v for k, v in values.items() if str(k) == "L"))
    widths = {int(k.indices[0]): int(v) for k, v in values.items() if isinstance(k, sp.Indexed)}
    layers = [sp.Matrix(sp.sympify(next(v for k, v in values.items() if isinstance(k, SeqElem) and k.index == j))) for j in range(1, depth + 1)]
    assert [M.shape for M in layers] == [(widths[j], widths[j - 1]) for j in range(1, depth + 1)]
    network = sp.eye(widths[0])
    for M in layers:
        network = M * network

    def norm2(M):
        return sp.sqrt(max((M.T * M).eigenvals()))

    assert norm2(network) > max(norm2(M) for M in layers)


def test_a_true_bound_over_per_layer_widths_is_never_refuted(tmp_path):
    text = HEADER + chain(f"norm({NETWORK} @ x)", ("<=", "s**L * norm(x)", ""))
    assert "refuted" not in statuses(tmp_path, text, search=True)


def test_per_layer_shapes_are_part_of_the_link_cache_key(tmp_path):
    """Two files differing only in a per-layer shape never share a proof-cache entry: each link of the second
    is stored under its own key (the element's shape is part of the term), none is a hit on the first's."""
    from symbound.check.cache import Store

    store = Store(tmp_path / "cache", tmp_path / "key")
    body = chain("norm(W[2]) * norm(W[1])", ("<=", "s**2", ""))
    entries = []
    for k, shape in enumerate(('["n[l]", "n[l-1]"]', '["n[l]", "n[l+1]"]')):
        d = derivation_from(tmp_path, NAMED.replace('["n[l]", "n[l-1]"]', shape) + body, name=f"d{k}.yaml")
        assert [l.status for l in check(d, search=False, cache=store).links] == ["proved"]
        entries.append(sorted(p.name for p in (tmp_path / "cache" / "links").rglob("*.json")))
    assert entries[0] and len(entries[1]) == 2 * len(entries[0]) and set(entries[0]) < set(entries[1])


SQUARE_LEMMA = """\
lemmas:
  square_only:
    statement: "norm(A) ** 2 <= norm(A, 1) * norm(A, inf)"
    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}
    reference: "true for every matrix; stated for square ones, as a lemma that needs a square matrix is"
"""


@pytest.mark.parametrize("shape, applies", [('["n[l]", "n[l-1]"]', False), ('["n[l]", "n[l]"]', True)])
def test_a_lemma_for_square_matrices_applies_to_an_element_only_when_it_is_square(tmp_path, shape, applies):
    """W[2] of shape n[2] × n[1] is not square (nothing states n[2] = n[1]); W[2] of shape n[2] × n[2] is."""
    text = NAMED.replace('["n[l]", "n[l-1]"]', shape).replace('  x: {kind: vector, shape: ["n[0]"]}\n', "") + SQUARE_LEMMA
    verdicts = statuses(tmp_path, text + chain("norm(W[2]) ** 2", ("<=", "norm(W[2], 1) * norm(W[2], inf)", "square_only")))
    assert (verdicts == ["proved"]) is applies, verdicts


def test_a_layer_state_sequence_of_per_layer_widths(tmp_path):
    """h[l] of width n[l]: W[l] h[l−1] type-checks at every l and the submultiplicative bound proves."""
    text = NAMED.replace('  x: {kind: vector, shape: ["n[0]"]}\n', '  h: {kind: sequence, shape: ["n[j]"]}\n')
    text = text.replace("  L: index\n", "  L: index\n  k: index\n")
    assert statuses(tmp_path, text + chain("norm(W[k] @ h[k - 1])", ("<=", "norm(W[k]) * norm(h[k - 1])", ""))) == ["proved"]
    error = read_error(tmp_path, text + chain("norm(W[k] @ h[k])", ("<=", "s", "")))
    assert "shape mismatch" in error.message()


def test_the_witness_checker_rejects_an_element_of_the_wrong_width(tmp_path):
    """A candidate whose W[1] does not have the widths it gives n[1] × n[0] is no counterexample, however the
    claim fares at it."""
    from symbound.kernel.witnesscheck import Candidate, check as check_witness

    d = derivation_from(tmp_path, WRONG + chain(f"norm({NETWORK})", ("<=", "max(norm(W[l]), l, 1, L)", "")))
    n = sp.IndexedBase("n", integer=True, positive=True)
    W = d.scope.names["W"]
    lhs, rhs = d.chains[0].start, d.chains[0].links[0].expr
    layers = {W.at(sp.Integer(1)): sp.Matrix([[1, 1], [0, 0]]), W.at(sp.Integer(2)): sp.Matrix([[1, 0], [1, 0]])}  # ‖W[2]W[1]‖ = 2 > √2
    good = Candidate({n[0]: 2, n[1]: 2, n[2]: 2}, {d.scope.names["L"]: sp.Integer(2), **layers}, {})
    assert check_witness(d, good, lhs, "<=", rhs).ok
    wrong = Candidate({n[0]: 2, n[1]: 3, n[2]: 2}, good.values, {})  # W[1] is 2 × 2, its widths say 3 × 2
    result = check_witness(d, wrong, lhs, "<=", rhs)
    assert not result.ok and any("declar" in f for f in result.failed), result.failed


def test_the_empty_network_at_depth_zero_refutes_a_bound_that_needs_a_layer(tmp_path):
    """‖W[L]⋯W[1] x‖ ≤ s‖x‖ with every ‖W[i]‖ ≤ s < 1 fails at L = 0 (the identity of size n[0]), and only there:
    the witness has L = 0 and a width n[0] for x."""
    text = HEADER.replace("  L: index\n", "  L: index\n  i: index\n").replace('"1 <= L"', '"0 <= L"').replace(
        'layer: {claim: "norm(W[l]) <= s", for_all: [l]}', 'layer: {claim: "norm(W[i]) <= s", for_all: [i]}\n  small: {claim: "s < 1"}')
    (link,) = check(derivation_from(tmp_path, text + chain(f"norm({NETWORK} @ x)", ("<=", "s * norm(x)", "")))).links
    assert link.status == "refuted" and link.witness.exact
    values = {str(k): v for k, v in link.witness.values.items()}
    assert values["L"] == "0" and "n[0]" in values
    proved = derivation_from(tmp_path, text + chain(f"norm({NETWORK} @ x)", ("<=", "s**L * norm(x)", "")), name="e.yaml")
    assert [l.status for l in check(proved).links] != ["refuted"]  # the true bound, L = 0 included, is never refuted


def test_the_witness_script_rebuilds_each_layer_of_its_own_width(tmp_path):
    """`symbound witness` writes the widths as a dict by layer and each W[l]; run with numpy only, the script
    reproduces the counterexample (exit 1)."""
    import subprocess
    import sys

    from conftest import run_cli

    path = derivation_file(tmp_path, WRONG + chain(f"norm({NETWORK})", ("<=", "max(norm(W[l]), l, 1, L)", "")))
    script = tmp_path / "witness.py"
    written = run_cli("witness", str(path), "c.1", "--script", str(script))
    assert written.returncode == 0, written.stderr
    source = script.read_text(encoding="utf-8")
    assert "\nn = {0: " in source and "\nW = {1: " in source
    run = subprocess.run([sys.executable, "-I", str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr


def test_a_model_over_a_state_of_per_layer_widths_is_a_located_error(tmp_path):
    text = NAMED.replace('  x: {kind: vector, shape: ["n[0]"]}\n', '  h: {kind: sequence, shape: ["n[j]"]}\n  k: index\n')
    text = text.replace("premises:", 'model:\n  recurrence: "h[k] = W[k] @ h[k-1]"\npremises:')
    error = read_error(tmp_path, text + chain("norm(W[k] @ h[k - 1])", ("<=", "norm(W[k]) * norm(h[k - 1])", "")))
    assert "per-layer shape" in error.message() and error.where.line == 10, error.message()  # the recurrence


def test_a_false_step_at_a_far_layer_is_refuted(tmp_path):
    """Widths are drawn for every layer the claim can name (W[20], W[19]: n[18] … n[20]), not a fixed few."""
    text = "symbols:\n  n: {kind: dimension, indexed: true}\n  W: {kind: sequence, shape: [\"n[l]\", \"n[l-1]\"]}\n"
    (link,) = check(derivation_from(tmp_path, text + chain("norm(W[20] @ W[19])", ("<=", "norm(W[20])", "")))).links
    assert link.status == "refuted" and link.witness.exact
    assert {str(k) for k in link.witness.values} >= {"n[18]", "n[19]", "n[20]"}


def test_a_declared_dimension_with_an_underscore_is_one_name_in_a_shape(tmp_path):
    """n_h declared as a dimension, with n declared as an index too (a drafted import): [n_h, n_h] is a fixed
    shape, not the family n at index h."""
    from conftest import derivation_file
    from symbound.read.derivation import read

    d = read(derivation_file(tmp_path, """
symbols:
  n: index
  n_h: dimension
  W: {kind: matrix, shape: [n_h, n_h]}
chains:
  - {id: c, start: "norm(W)", steps: [{"<=": "norm(W)"}]}
"""))
    assert [str(x) for x in d.symbols["W"].obj.shape] == ["n_h", "n_h"]
