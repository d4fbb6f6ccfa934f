"""Hostile review of the model's reach (kernel rule ``recurrence``, search/reached.py) and of order between numbers that
are not real: a premise x[s] = v at a whole-number index states an initial value, which no run of the model need
reach, so the kernel applies the model only after s (symbound.kernel.everyday.stated_initial), the witness checker
and the sampler let the first state be that value, and every other state a claim or premise uses is an update; a
non-real value ((−1)^(1/3), principal) is neither below nor above 0.  The attack files are
tests/corpus/attacks/reach_*, root_*, tex_reach_initial, tex_roots (checked by tests/test_attacks.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sympy as sp

from conftest import run_cli

from symbound.check.checker import check
from symbound.check.reuse import VerdictMemo
from symbound.kernel.kernel import Kernel
from symbound.kernel.proofs import Proof
from symbound.kernel.quantifiers import decide
from symbound.kernel.theorem import Rejected
from symbound.ops import SeqElem
from symbound.ops.objects import evaluated
from symbound.read.derivation import read

FILE = """
symbols:
  n: dimension
  p: dimension
  U: {kind: matrix, shape: [n, p]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [p]}
  c: {kind: vector, shape: [n]}
  k: index
  relu: {kind: activation, function: relu}
model:
  recurrence: "h[k] = relu(h[k-1] + U @ x[k])"
PREMISES
chains:
  - id: c
    start: START
    steps:
      - "=": END
"""
INITIAL = 'premises:\n  P0: "h[0] == c"'
SYMBOLIC = 'premises:\n  P0: "h[k] == c"\n  P1: "0 <= k"'  # P1 ties k to the file


def write(tmp_path: Path, premises: str, start: str = "relu(h[0])", end: str = "h[0]", name: str = "d.yaml") -> Path:
    path = tmp_path / name
    path.write_text(FILE.replace("PREMISES", premises).replace("START", start).replace("END", end), encoding="utf-8")
    return path


def status(path: Path) -> str:
    (link,) = check(read(path), search=True).links
    return link.status


def model_step(kernel: Kernel, index: sp.Expr) -> bool:
    """Whether the kernel accepts h[index] = F(index), F the model's right side there."""
    state, k, update, _ = kernel.recurrence
    x = SeqElem(state.name, index, *state.shape)
    step = Proof("model", "recurrence", x, "=", evaluated(update.xreplace({k: index})))
    try:
        kernel.prove_goal(step.lhs, step.rel, step.rhs, step)
    except Rejected:
        return False
    return True


def test_the_model_holds_only_after_a_stated_initial_value(tmp_path):
    stated = Kernel.for_derivation(read(write(tmp_path, INITIAL)))
    k = next(s for s in stated.index_symbols)
    assert stated.recurrence.initial == 0
    assert [model_step(stated, sp.Integer(e)) for e in (-1, 0, 1, 2)] == [False, False, True, True]
    assert not model_step(stated, k) and not model_step(stated, k + 1)  # k + 1 > 0 is not known
    free = Kernel.for_derivation(read(write(tmp_path, SYMBOLIC, name="s.yaml")))
    assert free.recurrence.initial is None  # h[k] == c names no whole-number index: every index is an update
    assert all(model_step(free, e) for e in (sp.Integer(-1), sp.Integer(0), k, k + 1))


@pytest.mark.parametrize("premises, start, end, allowed", [
    (INITIAL, "relu(h[0])", "h[0]", ("refuted", "unproved")),   # false at c = (0, -1)
    (INITIAL, "relu(c)", "c", ("refuted", "unproved")),          # the same claim through the premise
    (INITIAL, "relu(h[1])", "h[1]", ("proved",)),                # an update
    (INITIAL, "h[0]", "relu(h[-1] + U @ x[0])", ("refuted", "unproved")),  # no state before the initial one
    ('premises:\n  P0: "h[0] == relu(c)"', "relu(h[0])", "h[0]", ("proved", "unproved")),  # true by its value
    (SYMBOLIC, "relu(h[k])", "h[k]", ("proved", "unproved")),    # an update (no initial index stated)
    (SYMBOLIC, "relu(c)", "c", ("proved", "unproved")),          # c = h[k], an update: was refuted at k = 0
])
def test_an_initial_value_is_not_reached_and_a_symbolic_state_is(tmp_path, premises, start, end, allowed):
    assert status(write(tmp_path, premises, start, end)) in allowed


def test_a_statement_about_the_initial_state_and_its_twin_get_one_verdict(tmp_path):
    """relu(h[0]) = h[0] and relu(c) = c are one claim under h[0] = c: never proved beside refuted."""
    report = check(read(write(tmp_path, INITIAL)), search=True)
    twin = check(read(write(tmp_path, INITIAL, "relu(c)", "c", "t.yaml")), search=True)
    assert {report.links[0].status, twin.links[0].status} == {"refuted"}


def test_an_induction_from_before_the_initial_value_is_rejected(tmp_path):
    text = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  x: {kind: sequence, shape: [n]}
  c: {kind: vector, shape: [n]}
  k: index
  t: index
model:
  recurrence: "x[k] = W @ x[k-1]"
premises:
  P0: "x[0] == c"
  P1: "START <= t"
chains:
  - id: u
    start: x[t]
    steps:
      - "=": W**(t - START) @ x[START]
        by: recurrence_induction
"""
    statuses = {}
    for start in ("0", "1", "-1"):
        path = tmp_path / f"i{start}.yaml"
        path.write_text(text.replace("START", start), encoding="utf-8")
        statuses[start] = status(path)
    assert statuses["0"] == statuses["1"] == "proved"
    assert statuses["-1"] != "proved"  # x[0] = c need not be W x[-1]


def test_a_cached_proof_through_the_model_at_the_initial_index_is_not_replayed(tmp_path):
    """The link cache of a file without the initial value (relu(h[0]) = h[0] proved by the model) copied over the
    entries of the same chain under h[0] = c: the kernel replays the proof and rejects the model at index 0."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    on = {"SYMBOUND_NO_CACHE": None}
    free, stated = write(a, "", name="f.yaml"), write(b, INITIAL, name="f.yaml")
    assert run_cli("verify", str(free), "--cache-dir", str(tmp_path / "ca"), env=on).returncode == 0
    run_cli("verify", str(stated), "--cache-dir", str(tmp_path / "cb"), env=on)
    entries_a = sorted((tmp_path / "ca").rglob("*.json"))
    entries_b = sorted((tmp_path / "cb").rglob("*.json"))
    assert entries_a and entries_b
    for target in entries_b:
        shutil.copyfile(entries_a[0], target)
    plain = run_cli("verify", str(stated), "--no-cache", "--json")
    again = run_cli("verify", str(stated), "--json", "--cache-dir", str(tmp_path / "cb"), env=on)
    assert (again.returncode, again.stdout) == (plain.returncode, plain.stdout) and plain.returncode == 1
    assert json.loads(again.stdout)["chains"][0]["links"][0]["status"] != "proved"


@pytest.mark.parametrize("rel", ["<", "<=", ">", ">="])
def test_a_number_that_is_not_real_is_neither_below_nor_above_zero(rel):
    cube_root = sp.Integer(-1) ** sp.Rational(1, 3)  # principal: 1/2 + i√3/2
    assert decide(cube_root, rel, sp.Integer(0))[0] is None
    assert decide(sp.Integer(0), rel, cube_root)[0] is None
    assert decide(sp.Integer(-1), rel, sp.Integer(0)) == ((rel in ("<", "<=")), True)
    assert decide(cube_root, "=", sp.Integer(-1)) == (False, True)  # equality: the principal root is not −1


@pytest.mark.parametrize("first, second", [
    ("", INITIAL),                                                            # an initial value stated
    ('premises:\n  P0: "h[-1] == c"', INITIAL),                               # the initial value moved on
    ('premises:\n  P0: {claim: "norm(h[k]) <= 1", for_all: [k]}', INITIAL),  # a for_all premise: no initial value
])
def test_one_runs_memo_never_carries_a_verdict_to_a_file_where_the_model_reaches_less(tmp_path, first, second):
    """The same path and chain, the premises changed between two checks sharing the run's VerdictMemo (a repair's
    re-check): relu(h[0]) = h[0], proved while h[0] is an update, is not proved once h[0] is the initial value."""
    memo = VerdictMemo()
    before = check(read(write(tmp_path, first)), search=True, memo=memo)
    after = check(read(write(tmp_path, second)), search=True, memo=memo)
    plain = check(read(write(tmp_path, second)), search=True)
    assert before.links[0].status == "proved" and after.links[0].status == plain.links[0].status != "proved"
