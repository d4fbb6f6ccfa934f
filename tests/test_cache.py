"""The verdict cache (src/symbound/check/cache.py): a warm run prints exactly what a check prints, and an entry
that is stale, corrupt or foreign is never trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import DERIVATIONS, ROOT, run_cli

from symbound.check import cache
from symbound.cli import main as cli_main

GOOD = DERIVATIONS / "pascanu_linear.yaml"  # small and fully proved
WRONG = DERIVATIONS / "activation_gamma_wrong.yaml"  # small, one link refuted
BAD = ROOT / "tests" / "bad" / "unknown_symbol.yaml"
ON = {"SYMBOUND_NO_CACHE": None}


def outputs(proc: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("args", [(str(GOOD),), (str(WRONG), "--json"), (str(BAD),)], ids=["terminal", "json", "input-error"])
def test_same_output_without_cold_and_warm(args, tmp_path):
    """Byte for byte: --no-cache, the first run (which stores), the second (which replays)."""
    where = ("--cache-dir", str(tmp_path / "c"))
    plain = run_cli("verify", *args, "--no-cache", *where, env=ON)
    assert not (tmp_path / "c").exists()
    cold = run_cli("verify", *args, *where, env=ON)
    assert len(list((tmp_path / "c" / "files").rglob("*.json"))) == 1
    warm = run_cli("verify", *args, *where, env=ON)
    assert outputs(plain) == outputs(cold) == outputs(warm)
    assert plain.stdout or plain.stderr


def test_latex_file_is_written_from_the_cache_too(tmp_path):
    where = ("--cache-dir", str(tmp_path / "c"))
    first = run_cli("verify", str(WRONG), "--latex", str(tmp_path / "a.tex"), *where, env=ON)
    second = run_cli("verify", str(WRONG), "--latex", str(tmp_path / "b.tex"), *where, env=ON)
    assert outputs(first) == outputs(second)
    assert (tmp_path / "a.tex").read_text(encoding="utf-8") == (tmp_path / "b.tex").read_text(encoding="utf-8")
    assert "\\begin{align" in (tmp_path / "a.tex").read_text(encoding="utf-8")


def test_a_full_hit_does_not_import_sympy(tmp_path):
    where = ["--cache-dir", str(tmp_path / "c")]
    run_cli("verify", str(GOOD), *where, env=ON)
    probe = ("import sys\nfrom symbound.cli import main\ntry:\n    main(sys.argv[1:])\nfinally:\n"
             "    open(sys.argv[-1] + '.modules', 'w').write(' '.join(sorted(sys.modules)))\n")
    env = {k: v for k, v in {**os.environ, "COLUMNS": "160"}.items() if k != "SYMBOUND_NO_CACHE"}
    proc = subprocess.run([sys.executable, "-c", probe, "verify", str(GOOD), *where], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules = (tmp_path / "c.modules").read_text().split()
    assert "symbound.cli" in modules and "sympy" not in modules and "numpy" not in modules


# ---------------------------------------------------------------- in this process


def verify_here(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli_main(["verify", *args])
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def entry(folder) -> tuple[object, dict]:
    (path,) = list((folder / "files").rglob("*.json"))
    return path, json.loads(path.read_text(encoding="utf-8"))


def forge(path, data: dict, stdout: str) -> None:
    """Rewrite an entry's report as a valid entry would carry it (HMAC recomputed with the key)."""
    data["body"]["stdout"] = stdout
    data["mac"] = cache.Store(path.parent.parent.parent).mac("files", data["key"], data["body"])
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def cached(tmp_path, capsys, monkeypatch):
    """GOOD checked once into an empty cache: (the folder, what the check printed)."""
    monkeypatch.delenv("SYMBOUND_NO_CACHE", raising=False)
    folder = tmp_path / "c"
    first = verify_here(capsys, str(GOOD), "--cache-dir", str(folder))
    assert first[0] == 0 and "conclusion proved" in first[1]
    return folder, first


def test_a_valid_entry_is_what_is_printed(cached, capsys):
    """The control for the tests below: an entry with a valid checksum is replayed as it stands."""
    folder, first = cached
    path, data = entry(folder)
    assert data["key"] == path.stem and data["body"]["stdout"] == first[1]
    forge(path, data, "replayed\n")
    assert verify_here(capsys, str(GOOD), "--cache-dir", str(folder)) == (0, "replayed\n", "")
    assert verify_here(capsys, str(GOOD), "--cache-dir", str(folder), "--no-cache") == first


@pytest.mark.parametrize("damage", ["truncated", "garbage", "mac", "foreign-key", "old-format", "wrong-types"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(cached, capsys, damage):
    folder, first = cached
    path, data = entry(folder)
    text = path.read_text(encoding="utf-8")
    if damage == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "mac":  # the report edited, the HMAC not
        data["body"]["stdout"] = "forged\n"
        path.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "foreign-key":  # another file's valid entry copied over this one
        data["key"] = "0" * 64
        forge(path, data, "forged\n")
    elif damage == "old-format":
        data["format"] = cache.FORMAT + 1
        forge(path, data, "forged\n")
    else:
        data["body"]["code"] = "0"
        forge(path, data, "forged\n")
    assert verify_here(capsys, str(GOOD), "--cache-dir", str(folder)) == first
    assert entry(folder)[1]["body"]["stdout"] == first[1]  # rebuilt


def test_a_stale_entry_after_a_lemma_change_is_not_used(cached, capsys, tmp_path, monkeypatch):
    folder, first = cached
    path, data = entry(folder)
    forge(path, data, "stale\n")  # what the old lemma library would have printed
    original = (cache.PACKAGE / "rules" / "norms.py").read_text(encoding="utf-8")
    lemmas = _verify_with_changed_source(capsys, folder, first, tmp_path, monkeypatch, "rules/norms.py",
                                         lambda text: text.replace("Horn", "Horn & Johnson,", 1))
    assert lemmas.read_text(encoding="utf-8") != original
    assert len(list((folder / "files").rglob("*.json"))) == 2  # a new entry beside the stale one


def _verify_with_changed_source(capsys, folder, first, tmp_path, monkeypatch, source: str, change):
    """Verify GOOD again (its output unchanged) with a copy of the package whose file ``source`` is changed."""
    copy = tmp_path / "symbound"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    changed = copy / source
    changed.write_text(change(changed.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.source_digest.cache_clear()
    try:
        assert verify_here(capsys, str(GOOD), "--cache-dir", str(folder)) == first
    finally:
        cache.source_digest.cache_clear()
    return changed


def test_a_stale_entry_after_a_grammar_change_is_not_used(cached, capsys, tmp_path, monkeypatch):
    """The LaTeX grammar (read/latex.lark) is source too: a change to it makes a new entry."""
    folder, first = cached
    _verify_with_changed_source(capsys, folder, first, tmp_path, monkeypatch, "read/latex.lark",
                                lambda text: text + "\n// a changed grammar\n")
    assert len(list((folder / "files").rglob("*.json"))) == 2  # a new entry beside the first


def test_key_covers_file_path_options_and_sources():
    base = cache.key(b"x", "a.yaml", {"seed": 0})
    assert cache.key(b"x", "a.yaml", {"seed": 0}) == base
    assert len({base, cache.key(b"y", "a.yaml", {"seed": 0}), cache.key(b"x", "b.yaml", {"seed": 0}),
                cache.key(b"x", "a.yaml", {"seed": 1})}) == 4
    assert any(name == "sympy" and origin for name, origin, _, _ in cache.dependency_stamp())


def test_a_wall_clock_limit_is_not_settled():
    assert cache.settled("eq6.2 ✓ proved", "")
    assert not cache.settled("unproved: limit reached: time limit of 20 s reached")
    assert not cache.settled("counterexample search stopped at its time\n   limit")


def test_writes_are_atomic_and_an_unwritable_cache_is_no_error(tmp_path):
    store = cache.Store(tmp_path / "c")
    store.put("ab" * 32, cache.Outcome("out\n", "", 0))
    assert store.get("ab" * 32) == cache.Outcome("out\n", "", 0)
    assert [p.name for p in (tmp_path / "c").rglob("*") if p.is_file()] == ["ab" * 32 + ".json"]
    (tmp_path / "file").write_text("x")
    blocked = cache.Store(tmp_path / "file")  # a file where the folder should be
    blocked.put("cd" * 32, cache.Outcome("out\n", "", 0))
    assert blocked.get("cd" * 32) is None


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.default_dir() == tmp_path / "symbound"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.default_dir().parts[-2:] == (".cache", "symbound")


def test_link_entries_round_trip_and_keys_cover_their_parts(tmp_path):
    store = cache.Store(tmp_path)
    k = cache.link_key({"claim": "norm(A @ B) <= norm(A) * norm(B)", "premises": ["P1: norm(A) <= 1"]})
    assert k != cache.link_key({"claim": "norm(A @ B) <= norm(A) * norm(B)", "premises": ["P1: norm(A) <= 2"]})
    assert store.get_link(k) is None
    store.put_link(k, {"proof": ["submultiplicative"]})
    assert store.get_link(k) == {"proof": ["submultiplicative"]}
    assert store.get(k) is None  # a link's entry is not a file's outcome
    (path,) = list((tmp_path / "links").rglob("*.json"))
    path.write_text(path.read_text().replace("submultiplicative", "rho_le_norm"))
    assert store.get_link(k) is None  # edited without its HMAC
