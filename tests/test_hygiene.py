"""Trust by construction (issue 25): no answer computed for one thing is reused for another.

A file lemma's search is never reused for another lemma or file, and never meets the file's names
through its own variables; symbound's internal symbols cannot be written in a file; a batch shares
nothing that changes a verdict; the verdict cache cannot lie (tests/test_cache.py has the rest)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from symbound import verify
from symbound.errors import InputError
from symbound.read.derivation import read

SRC = ROOT / "src" / "symbound"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def statuses(report) -> dict[str, str]:
    return {f"{link.chain}.{link.index}": link.status for link in report.links}


def lemma_status(report) -> dict[str, str]:
    return {u.name: u.status for u in report.lemmas}


# ---------------------------------------------------------------- 5. a user lemma's search result

NORMAL_AND_ANY = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
lemmas:
  LEMMAS
chains:
  - id: c
    start: norm(W, 2)
    steps:
      - "<=": rho(W)
        by: le_rho_any
"""
LE_RHO_NORMAL = """le_rho_normal:
    statement: "norm(A, 2) <= rho(A)"
    variables: {A: {kind: matrix, shape: [m, m], assume: [normal]}, m: dimension}
    reference: "true for normal A"
"""
LE_RHO_ANY = """le_rho_any:
    statement: "norm(A, 2) <= rho(A)"
    variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}
    reference: "false for a nilpotent A"
"""


@pytest.mark.parametrize("first", ["normal", "any"])
def test_two_lemmas_with_one_text_and_different_assumptions_are_searched_apart(tmp_path, first):
    lemmas = [LE_RHO_NORMAL, LE_RHO_ANY] if first == "normal" else [LE_RHO_ANY, LE_RHO_NORMAL]
    path = write(tmp_path, "twin.yaml", NORMAL_AND_ANY.replace("LEMMAS\n", "  ".join(lemmas)))
    report = verify(path, budget=500, repair=False)
    assert lemma_status(report) == {"le_rho_normal": "unused", "le_rho_any": "refuted"}
    assert statuses(report)["c.1"] != "proved" and report.exit_code == 1


def test_a_lemma_searched_in_an_earlier_file_is_searched_again(tmp_path):
    normal = write(tmp_path, "a.yaml", NORMAL_AND_ANY.replace("LEMMAS\n", LE_RHO_NORMAL.replace("le_rho_normal", "le_rho_any")))
    anything = write(tmp_path, "b.yaml", NORMAL_AND_ANY.replace("LEMMAS\n", LE_RHO_ANY))
    assert lemma_status(verify(normal, budget=500, repair=False)) == {"le_rho_any": "unused"}  # W is not declared normal
    later = verify(anything, budget=500, repair=False)
    assert lemma_status(later) == {"le_rho_any": "refuted"} and later.exit_code == 1


SHADOWED_SCALAR = """
symbols:
  g: scalar
  y: scalar
definitions:
  c: min(g, 1)
lemmas:
  small:
    statement: "c <= 1"
    variables: {c: scalar}
    reference: "false: the lemma's c is any scalar, not the file's definition"
chains:
  - id: s
    start: y
    steps:
      - "<=": 1
        by: small
"""
SHADOWED_MATRIX = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  Q: {kind: matrix, shape: [n, n]}
definitions:
  P: W @ W.T
lemmas:
  rho_is_norm:
    statement: "rho(P) == norm(P, 2)"
    variables: {P: {kind: matrix, shape: [n, n]}, n: dimension}
    reference: "false for a non-normal P (the file's P is symmetric)"
chains:
  - id: s
    start: norm(Q, 2)
    steps:
      - "<=": rho(Q)
        by: rho_is_norm
"""


@pytest.mark.parametrize("text", [SHADOWED_SCALAR, SHADOWED_MATRIX], ids=["scalar", "matrix-and-dimension"])
def test_a_lemma_variable_named_like_a_definition_is_the_lemmas_own(tmp_path, text):
    report = verify(write(tmp_path, "shadow.yaml", text), budget=500, repair=False)
    assert set(lemma_status(report).values()) == {"refuted"}
    assert statuses(report)["s.1"] != "proved" and report.exit_code == 1
    (lemma,) = report.lemmas
    names = {str(k) for k in lemma.witness.values}  # the witness names the lemma's variables as written
    assert names and not any("'" in name for name in names)


ACTIVATION_LEMMA = """
symbols:
  y: scalar
  sigma: {kind: activation, function: FUNCTION}
lemmas:
  flat:
    statement: "sigma'(x) <= 1/4"
    variables: {x: scalar}
    reference: "true of the sigmoid, false of tanh"
premises:
  P1: "y <= 0"
chains:
  - id: s
    start: sigma'(y)
    steps:
      - "<=": 1/4
        by: flat
"""


def test_the_lemma_memo_is_keyed_by_the_whole_file_not_the_path_or_text(tmp_path):
    """One path, one lemma text and line; only the file's activation differs between the two checks."""
    path = tmp_path / "same.yaml"
    for function, status in (("sigmoid", "unused"), ("tanh", "refuted"), ("sigmoid", "unused")):
        path.write_text(ACTIVATION_LEMMA.replace("FUNCTION", function), encoding="utf-8")
        assert lemma_status(verify(path, budget=500, repair=False)) == {"flat": status}, function


def test_the_lemma_memo_serves_the_audits_rechecks_and_nothing_else(tmp_path, monkeypatch):
    from symbound.check import lemmachecks
    from symbound.check.checker import check
    from symbound.passes.audit import without

    searched = []
    original = lemmachecks._search
    monkeypatch.setattr(lemmachecks, "_search", lambda *a: searched.append(a[1].name) or original(*a))
    monkeypatch.setattr(lemmachecks, "_SEARCHED", type(lemmachecks._SEARCHED)())
    d = read(write(tmp_path, "a.yaml", ACTIVATION_LEMMA.replace("FUNCTION", "sigmoid")))
    check(d, budget=500)
    check(without(d, "P1"), budget=500)  # the search replaces the premises: the same search
    assert searched == ["flat"]
    check(d, budget=501)
    check(d, budget=500, seed=1)
    assert searched == ["flat"] * 3


# ---------------------------------------------------------------- 6. internal names


def _declarable(tmp_path: Path, name: str) -> bool:
    """Whether a file can declare a scalar named ``name`` (and so write it in an expression)."""
    path = tmp_path / "name.yaml"
    path.write_text(f'symbols:\n  "{name}": scalar\nchains:\n  - id: c\n    start: 0\n    steps:\n      - "<=": 1\n', encoding="utf-8")
    try:
        read(path)
    except InputError:
        return False
    return True


# a fixed name given to a Symbol, MatrixSymbol, Str or Function outside the renderers (which only print)
_FIXED_NAME = re.compile(r"""\b(?:Symbol|MatrixSymbol|Str|Function)\(\s*(f?)(["'])(.*?)\2""")


def internal_names() -> dict[str, str]:
    """Every fixed name src/ gives a symbol it creates (an f-string's literal start), with where."""
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "render":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in _FIXED_NAME.finditer(line):
                name = m.group(3).split("{")[0] if m.group(1) else m.group(3)
                out[name or "{"] = f"{path.relative_to(SRC)}:{number}"
    return out


def test_the_internal_names_are_found():
    names = internal_names()
    assert {"relu'(0)", "z'sup", "_s", "_r", "_slope", "?"} <= set(names), names


def test_no_internal_name_can_be_written_in_a_file(tmp_path):
    from symbound.kernel import arith

    names = internal_names()
    for name in [arith.STEP_AT_ZERO.name, "H0", "z_sup"]:
        names.setdefault(name, "kernel/arith.py")
    assert _declarable(tmp_path, "H0") and _declarable(tmp_path, "z_sup")  # names of the file ...
    del names["H0"], names["z_sup"]
    # ... and no internal name (a prefix stands for every name it starts: `?A`, `_W_0_1`)
    assert names.pop("z").startswith("kernel/witnesscheck.py:")  # an activation formula's variable: see below
    written = {name: where for name, where in names.items() if _declarable(tmp_path, name + ("A" if name in ("?", "_") else ""))}
    assert written == {}


def test_an_activation_formula_has_no_variable_but_its_own():
    """witnesscheck.Z (printed as z) is the variable of an activation's formula; a formula is applied by
    substitution only, so a file's z never meets it."""
    from symbound.kernel.witnesscheck import Z
    from symbound.ops import KNOWN

    assert all(f(Z).free_symbols <= {Z} for f in KNOWN.values())


@pytest.mark.parametrize("rel, bound", [("<=", "1"), ("<", "2"), ("<=", "1 + H0 / 2")])
def test_a_symbol_named_H0_is_the_files_own(tmp_path, rel, bound):
    path = write(tmp_path, "h0.yaml", f"""
        symbols:
          H0: {{kind: scalar, assume: [nonnegative]}}
        chains:
          - id: c
            start: H0
            steps:
              - "{rel}": {bound}
        """)
    report = verify(path, budget=500, repair=False)
    assert statuses(report) == {"c.1": "refuted"} and report.exit_code == 1


def test_relu_prime_at_zero_is_decided_under_every_convention_and_apart_from_H0():
    import sympy as sp

    from symbound.kernel.arith import STEP_AT_ZERO, decide

    H0 = sp.Symbol("H0", real=True, nonnegative=True)
    assert decide(1 - STEP_AT_ZERO, "nonnegative")  # relu'(0) <= 1 under every convention (0, 1/2, 1)
    assert not decide(sp.Rational(1, 2) - STEP_AT_ZERO, "nonnegative")  # not under relu'(0) = 1
    assert not decide(1 - H0, "nonnegative") and not decide(1 - H0 * STEP_AT_ZERO, "nonnegative")


# ---------------------------------------------------------------- 7. a cache that cannot lie

import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402

from conftest import DERIVATIONS  # noqa: E402
from symbound.check import cache  # noqa: E402
from symbound.cli import main as cli_main  # noqa: E402

WRONG = DERIVATIONS / "activation_gamma_wrong.yaml"  # one link refuted: exit 1
GOOD = DERIVATIONS / "pascanu_linear.yaml"  # fully proved: exit 0
LIE = "c 2 ≤ 1 ✓ proved\n"


def verify_here(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli_main(["verify", *args])
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def entries(folder: Path, kind: str = "files") -> list[Path]:
    return sorted((folder / kind).rglob("*.json"))


def lie(path: Path, key: Path | None = None) -> None:
    """Rewrite a file's entry to print "proved" and exit 0, authenticated with ``key`` (None: not re-authenticated)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"].update(stdout=LIE, code=0)
    if key is not None:
        data["mac"] = cache.Store(path.parent.parent.parent, key).mac("files", data["key"], data["body"])
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def cached(tmp_path, capsys, monkeypatch):
    """WRONG checked once into an empty cache under a fresh key: (the folder, the key, what the check printed)."""
    monkeypatch.delenv("SYMBOUND_NO_CACHE", raising=False)
    key = tmp_path / "config" / "cache-key"
    monkeypatch.setenv("SYMBOUND_CACHE_KEY", str(key))
    folder = tmp_path / "c"
    first = verify_here(capsys, str(WRONG), "--cache-dir", str(folder))
    assert first[0] == 1 and len(entries(folder)) == 1
    return folder, key, first


def test_the_key_is_made_private_outside_the_cache_folder(cached):
    folder, key, _ = cached
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == cache.KEY_BYTES
    assert not key.resolve().is_relative_to(folder.resolve())


def test_the_control_an_entry_authenticated_with_the_key_is_replayed(cached, capsys):
    folder, key, _ = cached
    lie(entries(folder)[0], key)
    assert verify_here(capsys, str(WRONG), "--cache-dir", str(folder)) == (0, LIE, "")


@pytest.mark.parametrize("forgery", ["edited", "another-key", "copied-from-another-file", "key-removed", "key-readable-by-others",
                                     "key-unreadable", "key-in-the-cache-folder"])
def test_a_forged_entry_is_not_trusted_and_the_verdict_is_recomputed(cached, capsys, tmp_path, monkeypatch, forgery):
    folder, key, first = cached
    (path,) = entries(folder)
    if forgery == "edited":
        lie(path)
    elif forgery == "another-key":  # made with a key of the forger's own
        other = tmp_path / "forger-key"
        other.write_bytes(b"k" * cache.KEY_BYTES)
        other.chmod(0o600)
        lie(path, other)
    elif forgery == "copied-from-another-file":  # a valid entry of a proved file, put under this file's key
        assert verify_here(capsys, str(GOOD), "--cache-dir", str(folder))[0] == 0
        (good,) = [p for p in entries(folder) if p != path]
        data = json.loads(good.read_text(encoding="utf-8"))
        data["key"] = path.stem
        path.write_text(json.dumps(data), encoding="utf-8")
    elif forgery == "key-removed":  # the next run makes a new key, under which the lie is not authentic
        lie(path, key)
        key.unlink()
    elif forgery == "key-readable-by-others":
        lie(path, key)
        key.chmod(0o644)
    elif forgery == "key-unreadable":
        lie(path, key)
        key.unlink()
        key.mkdir()
    else:
        lie(path, key)
        inside = folder / "cache-key"
        shutil.copy(key, inside)
        inside.chmod(0o600)
        monkeypatch.setenv("SYMBOUND_CACHE_KEY", str(inside))
    assert verify_here(capsys, str(WRONG), "--cache-dir", str(folder)) == first


@pytest.mark.parametrize("usable", [False, True])
def test_without_a_usable_key_nothing_is_stored(tmp_path, monkeypatch, usable):
    key = tmp_path / "key"
    key.write_bytes(b"s" * cache.KEY_BYTES)
    key.chmod(0o600 if usable else 0o640)
    store = cache.Store(tmp_path / "c", key)
    store.put("ab" * 32, cache.Outcome(LIE, "", 0))
    store.put_link("cd" * 32, {"proofs": []})
    assert bool(entries(tmp_path / "c")) == bool(entries(tmp_path / "c", "links")) == usable


CONTRADICTORY = """
symbols:
  a: scalar
premises:
  P1: "a <= 0"
  P2: "1 <= a"
chains:
  - id: c
    start: 2
    steps:
      - "<=": 1
"""


def test_no_cached_answer_can_hide_a_contradiction(tmp_path, monkeypatch):
    """Every link entry a forger could write ("no contradictions" among them) is offered: the premises'
    contradiction is still found, so that "2 ≤ 1", which follows from it, does not exit 0."""
    path = write(tmp_path, "p.yaml", CONTRADICTORY)
    store = cache.Store(tmp_path / "c")
    monkeypatch.setattr(cache.Store, "get_link", lambda self, k: {"contradictions": []})
    report = verify(path, cache=store, repair=False)
    assert [f.kind for f in report.findings][:1] == ["contradiction"] and report.exit_code == 1


# ---------------------------------------------------------------- batches share nothing that changes a verdict

import subprocess  # noqa: E402
import sys  # noqa: E402
from concurrent.futures import Executor, Future  # noqa: E402

from symbound.cli.batch import verify_many  # noqa: E402
from symbound.render.json import to_data  # noqa: E402

SHIPPED = ["pascanu_linear.yaml", "activation_gamma_wrong.yaml", "indrnn_wrong.yaml"]


class InProcess(Executor):
    """Runs each file at once, in this process and thread: whatever one check leaves behind, the next meets."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def adversarial(folder: Path) -> list[Path]:
    """Files that a memo keyed by less than its answer depends on would get wrong after one another."""
    return [write(folder, "a_normal.yaml", NORMAL_AND_ANY.replace("LEMMAS\n", LE_RHO_NORMAL.replace("le_rho_normal", "le_rho_any"))),
            write(folder, "b_any.yaml", NORMAL_AND_ANY.replace("LEMMAS\n", LE_RHO_ANY)),
            write(folder, "c_shadow.yaml", SHADOWED_SCALAR),
            write(folder, "d_h0.yaml", "symbols:\n  H0: {kind: scalar, assume: [nonnegative]}\nchains:\n  - id: c\n    start: H0\n    steps:\n      - \"<=\": 1\n")]


def alone(path: Path) -> dict:
    """The JSON report of ``path`` checked by a process of its own (the audit aside)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "symbound", "verify", "--json", "--no-cache", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    del data["audit"]
    return data


def test_a_batch_in_one_process_gives_each_file_its_own_report_in_any_order(tmp_path):
    paths = [DERIVATIONS / name for name in SHIPPED] + adversarial(tmp_path)
    expected = {str(p): json.dumps(alone(p), sort_keys=True, ensure_ascii=False) for p in paths}
    interleaved = [p for pair in zip(paths[: len(paths) // 2], reversed(paths)) for p in pair] + paths[len(paths) // 2: -(len(paths) // 2)]
    for order in (paths, list(reversed(paths)), interleaved):
        assert sorted(map(str, order)) == sorted(expected)
        for r in verify_many(order, executor=InProcess(), timeout=60):
            assert r.error is None
            got = json.loads(json.dumps(to_data(r.report), ensure_ascii=False, default=str))
            assert json.dumps(got, sort_keys=True, ensure_ascii=False) == expected[r.path], r.path
