"""Bad derivation files: every one gives exactly one `file:line:col: what — instead` line, exit 2, no traceback.

The corpus is ``tests/bad/NAME.yaml``; ``NAME.expected`` holds ``LINE:COL substring``: where the
message must point and a distinctive part of it.  Every file goes through the command line's own entry
point (``symbound.cli.main``) in this process, and through ``symbound.read.derivation.read``; a handful
(``IN_A_PROCESS``: resource bombs, payloads, encodings) also through ``python -m symbound`` in a fresh
process, under a memory limit and with a hang guard.  Files containing ``@PWNED@`` carry a payload
that would create that file (a path in the test's temporary folder) if any part of the input were
executed; the test checks it was not created.
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT

from symbound.cli import main as cli_main
from symbound.read.derivation import read
from symbound.errors import InputError
from symbound.read.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

BAD = Path(__file__).resolve().parent / "bad"
CORPUS = sorted(BAD.glob("*.yaml"))
MEMORY_LIMIT = 1536 * 2**20  # bytes of address space for the CLI process
HANG_GUARD = 20.0  # seconds; a guard against hangs, not a speed requirement
LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<what>.+?) — (?P<instead>.+)$")
PAYLOAD = b"@PWNED@"
# through a real process too: what could exhaust memory or the stack, payloads that would run code, encodings
IN_A_PROCESS = ["alias_bomb", "deep_sum", "huge_power_tower", "yaml_deep_nesting", "payload_import_system",
                "tag_python_subprocess", "binary", "latin1"]


def _limit_memory() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m symbound ARGS` in a fresh process, with the memory limit and the hang guard."""
    env = {**os.environ, "COLUMNS": "160", "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "symbound", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=HANG_GUARD,
        env=env,
        preexec_fn=_limit_memory,
    )


def expected(path: Path) -> tuple[int, int, str]:
    loc, _, substring = path.with_suffix(".expected").read_text(encoding="utf-8").strip().partition(" ")
    line, col = loc.split(":")
    return int(line), int(col), substring


def materialise(path: Path, folder: Path) -> Path:
    """Copy a corpus file into ``folder``, pointing its payload (if any) at ``folder/PWNED``."""
    data = path.read_bytes().replace(PAYLOAD, str(folder / "PWNED").encode())
    target = folder / path.name
    target.write_bytes(data)
    return target


def check_one_line(stderr: str, name: str) -> re.Match:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected exactly one line on stderr, got {len(lines)}:\n{stderr}"
    m = LINE.match(lines[0])
    assert m, f"not of the form `file:line:col: what — instead`: {lines[0]!r}"
    assert m["file"] == name, lines[0]
    return m


def test_corpus_is_large_and_complete():
    assert len(CORPUS) >= 45
    for path in CORPUS:
        assert path.with_suffix(".expected").exists(), f"{path.name} has no .expected file"
    payloads = [p for p in CORPUS if PAYLOAD in p.read_bytes()]
    assert len(payloads) >= 3


def run_in_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`symbound ARGS` through the CLI's entry point in this process: exit status, stdout, stderr.

    An exception other than the exit escapes (the test fails with its traceback)."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                cli_main(list(args))
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["symbound", *args], code, out.getvalue(), err.getvalue())


def check_cli(path: Path, folder: Path, proc: subprocess.CompletedProcess) -> None:
    """One located line on stderr where the .expected file says, exit 2, nothing on stdout, the payload not run."""
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    m = check_one_line(proc.stderr, path.name)
    line, col, substring = expected(path)
    assert (int(m["line"]), int(m["col"])) == (line, col), proc.stderr
    assert substring in m["what"], proc.stderr
    assert m["instead"].strip(), proc.stderr
    assert not (folder / "PWNED").exists(), "the payload ran"
    assert proc.stdout.strip() == "", proc.stdout


def test_some_files_go_through_a_real_process():
    assert set(IN_A_PROCESS) <= {p.stem for p in CORPUS}
    assert {p.stem for p in CORPUS if PAYLOAD in p.read_bytes()} & set(IN_A_PROCESS)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_cli_reports_one_located_line(path, tmp_path):
    materialise(path, tmp_path)
    check_cli(path, tmp_path, run_in_process("verify", path.name, cwd=tmp_path))


@pytest.fixture(scope="session")
def cli_runs(tmp_path_factory):
    """The ``IN_A_PROCESS`` files through ``python -m symbound``, each in its own folder, in parallel."""
    def one(path: Path) -> tuple[Path, subprocess.CompletedProcess | None, str]:
        folder = tmp_path_factory.mktemp(path.stem)
        materialise(path, folder)
        try:
            return folder, run_limited("verify", path.name, cwd=folder), ""
        except subprocess.TimeoutExpired:
            return folder, None, f"no answer within {HANG_GUARD} s"

    paths = [BAD / f"{name}.yaml" for name in IN_A_PROCESS]
    with ThreadPoolExecutor(max_workers=max(2, min(8, os.cpu_count() or 2))) as pool:
        return dict(zip(paths, pool.map(one, paths)))


@pytest.mark.parametrize("name", IN_A_PROCESS)
def test_cli_process_reports_one_located_line(name, cli_runs):
    path = BAD / f"{name}.yaml"
    folder, proc, hang = cli_runs[path]
    assert proc is not None, hang
    check_cli(path, folder, proc)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_read_raises_input_error(path, tmp_path, monkeypatch):
    target = materialise(path, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        read(target.name)
    line, col, substring = expected(path)
    err = info.value
    assert err.where is not None and (err.where.line, err.where.col) == (line, col), err.message()
    assert substring in err.what
    assert err.instead
    m = LINE.match(err.message())
    assert m and m["file"] == path.name, err.message()
    assert "\n" not in err.message()
    assert not (tmp_path / "PWNED").exists()


def test_payload_detector_would_see_execution(tmp_path):
    """The control: evaluating the payload as Python really would create the file the tests look for."""
    text = (BAD / "payload_import_system.yaml").read_bytes().replace(PAYLOAD, str(tmp_path / "PWNED").encode()).decode()
    payload = re.search(r'"<=": (__import__.*)$', text, re.M)[1]
    subprocess.run([sys.executable, "-c", f"eval({payload!r})"], check=True, timeout=HANG_GUARD)
    assert (tmp_path / "PWNED").exists()


def test_sympy_and_numpy_work_under_the_memory_limit():
    proc = run_limited("verify", str(ROOT / "derivations" / "pascanu.yaml"), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(
        [sys.executable, "-c", "import numpy, sympy; print(numpy.ones(3).sum(), sympy.Symbol('x') + 1)"],
        capture_output=True, text=True, timeout=HANG_GUARD, preexec_fn=_limit_memory,
    )
    assert check.returncode == 0 and "3.0 x + 1" in check.stdout, check.stderr


# ---------------------------------------------------------------- generated: too big to commit


def _generated(tmp_path: Path) -> dict[str, tuple[bytes, tuple[int, int], str]]:
    base = (BAD.parent.parent / "derivations" / "pascanu.yaml").read_bytes()
    over = base + b"# " + b"x" * (MAX_FILE_BYTES - len(base)) + b"\n"
    return {
        "over_1mb.yaml": (over, (1, 1), "over the limit"),
        "nest_1mb.yaml": (b"title: " + b"[" * 450_000 + b"]" * 450_000 + b"\n", (1, 8 + MAX_DEPTH), "nested too deeply"),
        "many_values.yaml": (b"title: [" + b"a, " * (MAX_NODES + 10) + b"]\n", (1, 9 + 3 * (MAX_NODES - 3)), f"more than {MAX_NODES} values"),
        "many_keys.yaml": (b"".join(b"k%d: v\n" % i for i in range(MAX_NODES)), (MAX_NODES // 2, len(f"k{MAX_NODES // 2 - 1}: ") + 1), f"more than {MAX_NODES} values"),
        "long_line_expr.yaml": (base.replace(b"start: eta\n", b"start: " + b"eta + " * 100_000 + b"eta\n"), None, "characters long"),
    }


@pytest.mark.parametrize("name", ["over_1mb.yaml", "nest_1mb.yaml", "many_values.yaml", "many_keys.yaml", "long_line_expr.yaml"])
def test_generated_large_inputs(name, tmp_path):
    data, loc, substring = _generated(tmp_path)[name]
    (tmp_path / name).write_bytes(data)
    if name == "over_1mb.yaml":
        assert len(data) > MAX_FILE_BYTES
    else:
        assert len(data) <= MAX_FILE_BYTES
    proc = run_limited("verify", name, cwd=tmp_path)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 2, proc.stderr[-2000:]
    m = check_one_line(proc.stderr, name)
    assert substring in m["what"], proc.stderr
    if loc is not None:
        assert (int(m["line"]), int(m["col"])) == loc, proc.stderr
    with pytest.raises(InputError):
        read(tmp_path / name)


def test_missing_file_and_folder(tmp_path):
    proc = run_limited("verify", "nowhere.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    check_one_line(proc.stderr, "nowhere.yaml")
    (tmp_path / "folder.yaml").mkdir()
    proc = run_limited("verify", "folder.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    check_one_line(proc.stderr, "folder.yaml")


def test_random_edits_of_real_derivations_fail_cleanly(tmp_path):
    """Random damage to the shipped derivations: reading either succeeds or raises InputError, never anything else."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "derivations").glob("*.yaml"))]
    pieces = list("()[]{}<>=+-*/@.:,'\"#&!|?%^~ \n\tλσ₁xkW_01T") + ["norm(", "sigma'(", "prod(", "jacobian(", "**", "- ", ": ", "x[k]"]
    rng = random.Random(20130216)
    target = tmp_path / "damaged.yaml"
    for _ in range(300):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(text))
            roll = rng.random()
            if roll < 0.4:
                text = text[:i] + text[i + rng.randint(1, 5):]
            elif roll < 0.8:
                text = text[:i] + rng.choice(pieces) + text[i:]
            else:
                j = rng.randrange(len(text))
                text = text[:i] + text[j : j + rng.randint(1, 30)] + text[i:]
        target.write_text(text, encoding="utf-8")
        try:
            read(target)
        except InputError as err:
            assert err.where is not None and "\n" not in err.message(), err.message()
