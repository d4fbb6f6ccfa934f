"""The benchmark script's own parts still run (benchmarks/run.py is run on demand, so a change that breaks
it would otherwise go unnoticed): the falsifier probe finds its certified witness, the synthetic
derivations verify completely, the undecidable file stays unproved.  No timing is asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import run as bench  # noqa: E402


def test_the_falsifier_probe_finds_the_certified_witness():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--probe-falsifier"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert (found["link"], found["found"], found["exact"]) == ("first_factor.1", True, True), found
    assert "W_rec = [[0, 1], [0, 0]]" in found["summary"]


def test_synthetic_derivations_verify_completely(tmp_path):
    from symbound.api import verify
    from symbound.values import PROVED

    for n in (7, 10):
        path = tmp_path / f"s{n}.yaml"
        path.write_text(bench.synthetic(n), encoding="utf-8")
        report = verify(path, search=False)
        assert len(report.links) == n and all(link.status == PROVED for link in report.links)


def test_the_undecidable_links_are_neither_proved_nor_refuted(tmp_path):
    from symbound.api import verify
    from symbound.values import UNPROVED

    path = tmp_path / "undecided.yaml"
    path.write_text(bench.UNDECIDED, encoding="utf-8")
    report = verify(path, budget=200)
    assert report.links and all(link.status == UNPROVED for link in report.links)
