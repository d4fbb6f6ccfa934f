"""The command line's start-up: typer parses, but plain parameters are converted without pydantic (cli_params)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli


def modules_after(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run the CLI's entry point in a fresh process; the modules it imported."""
    probe = ("import sys\nfrom symbound.cli import main\ntry:\n    main(sys.argv[2:])\nfinally:\n"
             "    open(sys.argv[1], 'w').write(' '.join(sorted(sys.modules)))\n")
    out = tmp_path / "modules"
    proc = subprocess.run([sys.executable, "-c", probe, str(out), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "160"})
    return proc, set(out.read_text().split())


def test_init_imports_neither_pydantic_nor_sympy(tmp_path):
    proc, modules = modules_after(tmp_path, "init", str(tmp_path / "start.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "start.yaml").exists()
    assert "typer" in modules
    assert not {m for m in modules if m.split(".")[0] in ("pydantic", "sympy", "numpy", "rich")}


@pytest.mark.parametrize("args, message", [
    (("-j", "0"), "greater than or equal to 1"),
    (("--budget", "-1"), "greater than or equal to 0"),
    (("--seed", "abc"), "valid integer"),
    (("--timeout", "soon"), "valid number"),
])
def test_bad_option_values_are_usage_errors(args, message, tmp_path):
    proc = run_cli("verify", "derivations/pascanu.yaml", *args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert message in " ".join(proc.stderr.replace("│", " ").split()), proc.stderr
    assert "Traceback" not in proc.stderr


def test_option_values_are_converted(tmp_path):
    """Values reach the command as the types it declares (a float timeout, an int width, a Path, an env flag)."""
    target = tmp_path / "out.tex"
    proc = run_cli("verify", "derivations/activation_gamma_wrong.yaml", "--timeout", "30.5", "--width", "100",
                   "--seed", "3", "--latex", str(target), env={"SYMBOUND_NO_CACHE": "yes"})
    assert proc.returncode == 1, proc.stderr
    assert target.read_text(encoding="utf-8").lstrip().startswith("%")
    assert max(map(len, proc.stdout.splitlines())) <= 100
    unclear = run_cli("verify", "derivations/pascanu_linear.yaml", env={"SYMBOUND_NO_CACHE": "perhaps"})
    assert unclear.returncode == 2 and "valid boolean" in unclear.stderr and unclear.stdout == ""


def test_verify_does_not_import_sympy_physics_and_prints_what_the_library_renders(tmp_path):
    """sympy's simplify would import sympy.physics.units (0.35–0.65 s) to look for quantities; the command
    line answers that with a stand-in (src/symbound/cli/startup.py), and its report is the golden one, byte for byte."""
    library = subprocess.run([sys.executable, "-c", "import sys\nfrom symbound.api import verify\nverify('derivations/esn.yaml')\n"
                              "print('sympy.physics.units' in sys.modules)"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert library.stdout.strip() == "True", library.stderr  # checking esn.yaml runs sympy's simplify
    proc, modules = modules_after(tmp_path, "verify", "--no-cache", "--width", "100", "derivations/esn.yaml")
    assert proc.returncode == 0, proc.stderr
    assert not {m for m in modules if m.startswith("sympy.physics")}
    assert proc.stdout == (ROOT / "tests" / "golden" / "esn.txt").read_text()


def test_the_stand_in_is_gone_after_the_command():
    probe = ("import sympy as sp\nfrom symbound.cli.startup import without_units\nz = sp.Symbol('z')\n"
             "with without_units():\n    s = sp.simplify(sp.tanh(z) ** 2 + 1 / sp.cosh(z) ** 2)\n"
             "import sympy.physics.units as u\nprint(s, u.meter, sp.simplify(2 * u.meter / u.meter))\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "meter", "2"]
