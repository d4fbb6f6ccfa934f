"""The witness checker's memo (kernel/witnesscheck.py) is keyed by the candidate's exact values under their names: the
same values in another order are one check; one value, a dimension or a declaration changed is another."""

from __future__ import annotations

import sympy as sp

from conftest import derivation_from

from symbound.kernel import witnesscheck
from symbound.kernel.witnesscheck import Candidate, check

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
