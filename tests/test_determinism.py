"""The same file, seed and version give byte-identical terminal, JSON and LaTeX output across processes
(each process gets its own hash seed, so set and dict iteration orders differ)."""

from __future__ import annotations

import pytest

from conftest import run_cli

CASES = [
    ("verify", "derivations/pascanu_arxiv.yaml", "--width", "120"),
    ("verify", "derivations/pascanu_arxiv.yaml", "--json", "--seed", "5"),
    ("verify", "derivations/esn_spectral_radius.yaml", "--json"),
    ("latex", "derivations/pascanu_arxiv.yaml", "--standalone"),
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: "-".join(a[:3]))
def test_byte_identical_across_processes(args):
    first = run_cli(*args, env={"PYTHONHASHSEED": "1"})
    second = run_cli(*args, env={"PYTHONHASHSEED": "2024"})
    assert first.returncode == second.returncode
    assert first.stdout, first.stderr
    assert first.stdout == second.stdout


def test_a_different_seed_is_reported():
    out = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--json", "--seed", "5")
    assert '"seed": 5' in out.stdout
