"""`symbound witness`: counterexamples as standalone numpy scripts, run in a subprocess."""

from __future__ import annotations

import re

import dataclasses
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from symbound.errors import WitnessScriptError
from symbound.render.script import EXIT_HOLDS, EXIT_PREMISE_FAILS, EXIT_REPRODUCED, parse_value, script
from symbound.render.text import value_name
from symbound.passes.reproduce import claim

from conftest import DERIVATIONS, run_cli


def run_script(source: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "witness.py"
    path.write_text(source, encoding="utf-8")
    # a bare interpreter: the script must not need symbound (nor sympy) to run
    return subprocess.run([sys.executable, "-I", str(path), *args], capture_output=True, text=True, timeout=120, cwd=tmp_path)


def witness_script(report, target: str) -> str:
    """The script for ``target``, as ``symbound witness`` writes it."""
    return script(report, target, claim(report, target))


def renamed(w, values: dict[str, str]):
    """The witness with the values of the names given (as printed: "W_rec") replaced."""
    return dataclasses.replace(w, values={k: values.get(value_name(k), v) for k, v in w.values.items()}, exact_values={})


def with_values(report, target: str, **values: str):
    """The report with the witness of ``target`` given other values (to see the script judge them)."""
    if target == "conclusion":
        c = report.conclusion
        return dataclasses.replace(report, conclusion=dataclasses.replace(c, witness=renamed(c.witness, values)))
    chains = []
    for chain in report.chains:
        links = [dataclasses.replace(l, witness=renamed(l.witness, values))
                 if f"{l.chain}.{l.index}" == target else l for l in chain.links]
        chains.append(dataclasses.replace(chain, links=links))
    return dataclasses.replace(report, chains=chains)


def test_parse_value_reads_matrices_and_fractions_without_eval():
    assert parse_value("[[0, 1], [0, -3/4]]") == [[0, 1], [0, Fraction(-3, 4)]]
    assert parse_value("1/2") == Fraction(1, 2)
    assert parse_value("0.25") == Fraction(1, 4)
    with pytest.raises(WitnessScriptError):
        parse_value("__import__('os')")


def test_arxiv_first_factor_is_reproduced(arxiv_report, tmp_path):
    done = run_script(witness_script(arxiv_report, "first_factor.1"), tmp_path)
    assert done.returncode == EXIT_REPRODUCED, done.stdout + done.stderr
    out = done.stdout
    # every premise is evaluated and holds; the claim ‖W_recᵀ‖₂ ≤ λ₁ is 1 ≤ 0 and fails
    for pid in ("P1", "P2", "P3"):
        assert any(line.strip().startswith(pid) and line.rstrip().endswith("holds") for line in out.splitlines()), out
    claim = next(line for line in out.splitlines() if line.strip().startswith("claim"))
    assert "1 <= 0" in claim and "DOES NOT HOLD" in claim
    assert "counterexample reproduced" in out


def test_the_script_judges_the_values_it_is_given(arxiv_report, tmp_path):
    # W_rec = 0: every premise holds and ‖W_recᵀ‖₂ = 0 ≤ 0 = λ₁, so the claim holds: exit 0
    holds = run_script(witness_script(with_values(arxiv_report, "first_factor.1", W_rec="[[0, 0], [0, 0]]"), "first_factor.1"), tmp_path)
    assert holds.returncode == EXIT_HOLDS, holds.stdout + holds.stderr
    assert "NOT reproduced" in holds.stdout
    # W_rec = 2·I: ρ(W_rec) = 2 breaks P2 (λ₁ < 1/γ = 1): not a counterexample, exit 2
    broken = run_script(witness_script(with_values(arxiv_report, "first_factor.1", W_rec="[[2, 0], [0, 2]]"), "first_factor.1"), tmp_path)
    assert broken.returncode == EXIT_PREMISE_FAILS, broken.stdout + broken.stderr
    assert any(l.strip().startswith("P2") and "DOES NOT HOLD" in l for l in broken.stdout.splitlines())


def test_arxiv_conclusion_does_not_go_to_zero(arxiv_report, tmp_path):
    done = run_script(witness_script(arxiv_report, "conclusion"), tmp_path)
    assert done.returncode == EXIT_REPRODUCED, done.stdout + done.stderr
    rho = re.search(r"rho\(J\*\) = ([0-9.]+)", done.stdout)
    assert rho and float(rho.group(1)) >= 1  # symbound certified ρ(J*) ≥ 1 at the held fixed point
    rows = [l.split() for l in done.stdout.splitlines() if l.split() and l.split()[0].isdigit()]
    values = [float(r[1]) for r in rows]
    assert len(values) >= 5 and all(v >= 1 for v in values) and values == sorted(values)


def test_every_refuted_link_of_arxiv_is_reproduced(arxiv_report, tmp_path):
    refuted = [f"{l.chain}.{l.index}" for l in arxiv_report.links if l.witness is not None]
    assert len(refuted) == 5
    for target in refuted:
        done = run_script(witness_script(arxiv_report, target), tmp_path)
        assert done.returncode == EXIT_REPRODUCED, (target, done.stdout, done.stderr)


@pytest.mark.parametrize("name", ["activation_gamma_wrong.yaml", pytest.param("lipschitz_mlp_spectral_radius.yaml", marks=pytest.mark.slow)])
def test_other_refuted_files_are_reproduced(name, tmp_path):
    from symbound import verify

    report = verify(DERIVATIONS / name)
    targets = [f"{l.chain}.{l.index}" for l in report.links if l.witness is not None]
    targets += ["conclusion"] if report.conclusion is not None and report.conclusion.witness is not None else []
    assert targets
    for target in targets:
        done = run_script(witness_script(report, target), tmp_path)
        assert done.returncode == EXIT_REPRODUCED, (target, done.stdout, done.stderr)


def test_a_proved_step_has_no_script(arxiv_report):
    with pytest.raises(WitnessScriptError, match="proved"):
        witness_script(arxiv_report, "eta_lt_one.1")
    with pytest.raises(WitnessScriptError, match="chain.index"):
        witness_script(arxiv_report, "nonsense.9")


def test_cli_writes_the_script_and_the_plot(tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra (pip install 'symbound[plot]') is part of the test extra")
    out, png = tmp_path / "c.py", tmp_path / "c.png"
    done = run_cli("witness", str(DERIVATIONS / "pascanu_arxiv.yaml"), "conclusion", "--script", str(out), "--plot", str(png))
    assert done.returncode == 0, done.stderr
    assert out.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
    bad = run_cli("witness", str(DERIVATIONS / "pascanu_arxiv.yaml"), "eta_lt_one.1", "--script", str(out))
    assert bad.returncode == 1 and "no counterexample" in bad.stderr


def test_plot_says_which_extra_is_missing(tmp_path):
    out, png = tmp_path / "c.py", tmp_path / "c.png"
    done = run_cli("witness", str(DERIVATIONS / "pascanu_arxiv.yaml"), "conclusion", "--script", str(out), "--plot", str(png),
                   timeout=300, without="matplotlib")
    assert done.returncode == 2 and "pip install 'symbound[plot]'" in done.stderr
    assert not png.exists()


def test_a_refuted_limits_script_uses_the_problem_the_search_refuted(monkeypatch, tmp_path):
    """The script's problem for a limit is the limit search's own (the state held at x* by the inputs), and it reproduces."""
    import symbound.search.falsifier as falsifier
    from symbound import verify

    searched = []

    def recorded(*args):
        found = falsifier_limit_problem(*args)
        searched.append(found[2] if found else None)
        return found

    falsifier_limit_problem = falsifier.limit_problem
    monkeypatch.setattr(falsifier, "limit_problem", recorded)
    report = verify(DERIVATIONS / "pascanu_arxiv.yaml")
    assert report.conclusion.witness is not None and searched and searched[-1] is not None
    fields = ("goal", "constraints", "dims", "indices", "scalars", "matrices", "sequences", "fixed_point", "model_only", "regions")
    made = claim(report, "conclusion").problem
    assert made.fixed_point
    assert [getattr(made, f) for f in fields] == [getattr(searched[-1], f) for f in fields]
    done = run_script(witness_script(report, "conclusion"), tmp_path)
    assert done.returncode == EXIT_REPRODUCED, done.stdout + done.stderr


FAMILY = """
symbols:
  n: dimension
  L: index
  s: {kind: scalar, assume: [positive]}
  x: {kind: vector, shape: [n]}
  W: {kind: sequence, shape: [n, n]}
premises:
  P: {claim: "norm(W[l]) <= s", for_all: [l]}
  Q: "s < 1"
  R: "L >= 0"
chains:
  - {id: deep, start: "norm(prod(W[L + 1 - l], l, 1, L) @ x)", steps: [{"<=": "s * norm(x)"}]}
  - {id: half, start: "norm(W[1])", steps: [{"<=": "s / 2"}]}
"""


@pytest.mark.parametrize("target", ["deep.1", "half.1"])
def test_a_premise_over_every_layer_is_checked_at_each_element_the_witness_gives(tmp_path, target):
    """The premise ‖W[l]‖ ≤ s for all l is checked at every W[l] of the witness (none at depth L = 0, where
    W has no element): the script reproduces the counterexample instead of failing on W[l] at a real l."""
    from conftest import derivation_file
    from symbound import verify

    report = verify(derivation_file(tmp_path, FAMILY), budget=300, repair=False)
    assert {f"{l.chain}.{l.index}": l.status for l in report.links}[target] == "refuted"
    source = witness_script(report, target)
    assert "for l in sorted(set().union(W.keys()))" in source
    result = run_script(source, tmp_path)
    assert result.returncode == EXIT_REPRODUCED, result.stdout + result.stderr
