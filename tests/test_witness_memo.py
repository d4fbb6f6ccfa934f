"""The witness checker's memo (kernel/witnesscheck.py) is keyed by the candidate's exact values under their names: the
same values in another order are one check; one value, a dimension or a declaration changed is another."""

from __future__ import annotations

import sympy as sp

from conftest import derivation_from

from symbound.kernel import witnesscheck
from symbound.kernel.witnesscheck import Candidate, check
from symbound.ops import SeqElem

TWO = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n], assume: [%s]}
  B: {kind: matrix, shape: [n, n]}
  c: {kind: scalar, assume: [positive]}
chains:
  - id: c1
    start: norm(A @ B, 2)
    steps:
      - "<=": c * norm(B, 2)
"""


def _claim(d):
    chain = d.chains[0]
    return chain.start, chain.links[0].rel, chain.links[0].expr


def _checks(monkeypatch) -> list:
    done: list = []
    original = witnesscheck._checked

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        done.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(witnesscheck, "_checked", spy)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    return done


def test_the_same_values_in_another_order_are_checked_once(tmp_path, monkeypatch):
    done = _checks(monkeypatch)
    d = derivation_from(tmp_path, TWO % "symmetric")
    names = d.scope.names
    n, A, B, c = names["n"], names["A"], names["B"], names["c"]
    values = {A: sp.Matrix([[2, 1], [1, 0]]), B: sp.Matrix([[1, 0], [0, 1]]), c: sp.Rational(1, 2)}
    first = check(d, Candidate({n: 2}, dict(values), {}), *_claim(d))
    again = check(d, Candidate({n: 2}, dict(reversed(list(values.items()))), {}), *_claim(d))
    assert len(done) == 1
    assert (first.ok, first.certified, first.failed) == (again.ok, again.certified, again.failed)
    assert first.certified  # ‖AB‖₂ = ‖A‖₂ = 1 + √2 > ½ = c‖B‖₂


def test_a_changed_value_dimension_or_declaration_is_checked_again(tmp_path, monkeypatch):
    done = _checks(monkeypatch)
    d = derivation_from(tmp_path, TWO % "symmetric")
    names = d.scope.names
    n, A, B, c = names["n"], names["A"], names["B"], names["c"]
    values = {A: sp.Matrix([[2, 1], [1, 0]]), B: sp.Matrix([[1, 0], [0, 1]]), c: sp.Rational(1, 2)}
    base = check(d, Candidate({n: 2}, dict(values), {}), *_claim(d))
    nonsymmetric = check(d, Candidate({n: 2}, {**values, A: sp.Matrix([[2, 1], [0, 0]])}, {}), *_claim(d))
    large_c = check(d, Candidate({n: 2}, {**values, c: sp.Integer(4)}, {}), *_claim(d))
    wrong_size = check(d, Candidate({n: 3}, dict(values), {}), *_claim(d))
    assert len(done) == 4
    assert base.certified and not nonsymmetric.ok and "the claim fails" in large_c.failed and not wrong_size.ok
    (tmp_path / "other").mkdir()
    other = derivation_from(tmp_path / "other", TWO % "orthogonal")  # the same values, another declaration
    on_other = check(other, Candidate({other.scope.names["n"]: 2}, {other.scope.names[k]: v for k, v in
                                                                    (("A", values[A]), ("B", values[B]), ("c", values[c]))}, {}), *_claim(other))
    assert len(done) == 5 and not on_other.ok  # [[2, 1], [1, 0]] is not orthogonal


def test_exact_spectra_are_memoised_by_the_exact_matrix():
    from symbound.ops import base

    base._rational_spectrum.cache_clear()
    M = sp.Matrix([[2, 1], [1, sp.Rational(1, 3)]])
    first = base.characteristic_roots(M)
    first.append(sp.Integer(99))  # a caller's list is its own
    again = base.characteristic_roots(sp.Matrix([[2, 1], [1, sp.Rational(1, 3)]]))
    assert base._rational_spectrum.cache_info().hits == 1
    assert sorted(again, key=float) == sorted(M.eigenvals(multiple=True), key=float)
    other = base.characteristic_roots(sp.Matrix([[2, 1], [1, sp.Rational(1, 2)]]))  # one entry changed: computed anew
    assert base._rational_spectrum.cache_info().misses == 2 and sp.Integer(99) not in other
    assert sorted(other, key=float) == sorted(sp.Matrix([[2, 1], [1, sp.Rational(1, 2)]]).eigenvals(multiple=True), key=float)
    companion = sp.zeros(13, 13)  # x^13 - x - 1: irreducible of degree 13, beyond exact arithmetic, every time
    for i in range(12):
        companion[i + 1, i] = 1
    companion[0, 12], companion[1, 12] = 1, 1
    for _ in range(2):
        try:
            base.characteristic_roots(companion)
        except NotImplementedError as exc:
            assert "degree above" in str(exc)
        else:
            raise AssertionError("a degree-13 factor was taken exactly")


# ---------------------------------------------------------------- one premise's decision (kernel/witnesskeys.py)

PREMISES = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n]%s}
  B: {kind: matrix, shape: [n, n]}
  c: {kind: scalar, assume: [positive]}
definitions:
  lam:
    value: norm(B, 2)
premises:
  PA: {claim: "norm(A, 2) <= 1"}
  PC: {claim: "c <= 2"}
  PL: {claim: "lam <= 3"}
chains:
  - id: c1
    start: norm(A @ B, 2)
    steps:
      - "<=": c * norm(B, 2)
"""


def _decided(monkeypatch) -> list:
    """The ids of the premises decided (not taken from the memo), in order; the memo emptied."""
    done: list = []
    original = witnesscheck._decide_premise

    def spy(premise, *args):  # type: ignore[no-untyped-def]
        done.append(premise.id)
        return original(premise, *args)

    monkeypatch.setattr(witnesscheck, "_decide_premise", spy)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    return done


def _answer(result) -> tuple:  # type: ignore[no-untyped-def]
    return (result.ok, result.certified, result.failed, result.exact, result.numeric, result.lhs_value, result.rhs_value,
            result.premises, result.stepped, result.conventions)


def test_a_premise_is_decided_again_only_when_a_value_it_mentions_changes(tmp_path, monkeypatch):
    done = _decided(monkeypatch)
    d = derivation_from(tmp_path, PREMISES % "")
    names = d.scope.names
    n, A, B, c = names["n"], names["A"], names["B"], names["c"]
    values = {A: sp.Matrix([[0, 1], [0, 0]]), B: sp.Matrix([[1, 0], [0, 1]]), c: sp.Rational(1, 2)}
    claim = _claim(d)
    variants = [values, {**values, c: sp.Integer(3)}, {**values, B: sp.Matrix([[4, 0], [0, 0]])}, {**values, A: sp.Matrix([[2, 0], [0, 0]])}]
    results = []
    for changed in variants:
        results.append(_answer(check(d, Candidate({n: 2}, dict(changed), {}), *claim)))
    # every premise once, then only the one naming the changed value (PL names B through lam's definition)
    assert done == ["PA", "PC", "PL", "PC", "PL", "PA"]
    assert results[0][0] and "premise PC" in results[1][2] and "premise PL" in results[2][2] and "premise PA" in results[3][2]
    monkeypatch.setattr(witnesscheck, "_MEMO", {})  # the same answers when everything is decided afresh
    assert [_answer(check(d, Candidate({n: 2}, dict(changed), {}), *claim)) for changed in variants] == results


def test_the_same_premise_under_another_declaration_is_another_entry(tmp_path, monkeypatch):
    """Two files differing only in a declaration share no premise decision, though the premise's text is the same."""
    done = _decided(monkeypatch)
    results = []
    for k, declared in enumerate(("", ", assume: [symmetric]", ", assume: [orthogonal]")):
        (tmp_path / str(k)).mkdir()
        d = derivation_from(tmp_path / str(k), PREMISES % declared)
        names = d.scope.names
        values = {names["A"]: sp.Matrix([[0, 1], [1, 0]]), names["B"]: sp.Matrix([[1, 0], [0, 1]]), names["c"]: sp.Rational(1, 2)}
        results.append(check(d, Candidate({names["n"]: 2}, values, {}), *_claim(d)))
    assert done == ["PA", "PC", "PL"] * 3
    assert all(r.ok for r in results)  # [[0, 1], [1, 0]] is symmetric and orthogonal


RUN = """
symbols:
  n: {kind: dimension}
  x: {kind: sequence, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  k: {kind: index}
  j: {kind: index}
  t: {kind: index}
model:
  recurrence: "x[k] = W @ x[k-1]"
premises:
  P1: {claim: "norm(x[j]) <= 1", for_all: [j]}
chains:
  - id: a
    start: norm(x[t + 1])
    steps:
      - "<=": "norm(x[t]) / 2"
"""


def test_a_premise_on_the_model_s_state_depends_on_the_update_and_replays_the_states_it_reached(tmp_path, monkeypatch):
    """‖x[j]‖ ≤ 1 for all j does not name W, but the recurrence runs ahead of the witness through W: another W is
    another decision.  The states that run reached (x[4] here, which the claim uses) are there on a memo hit too."""
    done = _decided(monkeypatch)
    d = derivation_from(tmp_path, RUN)
    names = d.scope.names
    n, W, t = names["n"], names["W"], names["t"]
    x = lambda i: SeqElem("x", sp.Integer(i), n, sp.Integer(1))  # noqa: E731
    lhs, rel, rhs = _claim(d)
    flip = {W: sp.Matrix([[-1]]), t: sp.Integer(3), x(2): sp.Matrix([[sp.Rational(1, 2)]]), x(3): sp.Matrix([[-sp.Rational(1, 2)]])}
    questions = [(flip, rhs), (flip, rhs / 3), ({**flip, W: sp.Matrix([[-3]])}, rhs)]
    results = [_answer(check(d, Candidate({n: 1}, dict(values), {}), lhs, rel, claim)) for values, claim in questions]
    assert done == ["P1", "P1"]  # the second question: the same premise at the same values; the third: another W
    assert results[1][5] == sp.Rational(1, 2) and results[1][1]  # x[4] = W x[3] = 1/2, reached by the premise's run
    assert "premise P1" in results[2][2]  # W = −3: x[4] = 3/2 (the values listed meet it; the model fails too)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    assert [_answer(check(d, Candidate({n: 1}, dict(values), {}), lhs, rel, claim)) for values, claim in questions] == results


def test_a_declaration_is_decided_again_only_when_its_own_value_changes(tmp_path, monkeypatch):
    done: list = []
    original = witnesscheck._Context.declaration

    def spy(self, decl):  # type: ignore[no-untyped-def]
        done.append(decl.name)
        return original(self, decl)

    monkeypatch.setattr(witnesscheck._Context, "declaration", spy)
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    d = derivation_from(tmp_path, PREMISES % ", assume: [symmetric]")
    names = d.scope.names
    n, A, B, c = names["n"], names["A"], names["B"], names["c"]
    values = {A: sp.Matrix([[0, 1], [1, 0]]), B: sp.Matrix([[1, 0], [0, 1]]), c: sp.Rational(1, 2)}
    variants = [values, {**values, c: -sp.Integer(1)}, {**values, A: sp.Matrix([[0, 1], [0, 0]])}, {**values, B: sp.Matrix([[1, 2], [3, 4]])}]
    results = [_answer(check(d, Candidate({n: 2}, dict(changed), {}), *_claim(d))) for changed in variants]
    assert done == ["n", "A", "B", "c", "c", "A", "B"]
    assert "declaration of c" in results[1][2] and "declaration of A" in results[2][2] and "declaration of B" not in results[3][2]
    (tmp_path / "plain").mkdir()
    plain = derivation_from(tmp_path / "plain", PREMISES % "")  # the same values, A not declared symmetric
    pn = plain.scope.names
    on_plain = check(plain, Candidate({pn["n"]: 2}, {pn["A"]: variants[2][A], pn["B"]: values[B], pn["c"]: values[c]}, {}), *_claim(plain))
    assert "declaration of A" not in on_plain.failed and done[-4:] == ["n", "A", "B", "c"]
    monkeypatch.setattr(witnesscheck, "_MEMO", {})
    assert [_answer(check(d, Candidate({n: 2}, dict(changed), {}), *_claim(d))) for changed in variants] == results
