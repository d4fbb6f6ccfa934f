"""Verifying many files: `symbound verify A B DIR -j N` and `symbound.cli.batch.verify_many`."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DERIVATIONS, ROOT, run_cli

# Small, fast files (no CPU-time guard comes near them), with a generous timeout as well.
GOOD = DERIVATIONS / "pascanu_linear.yaml"
WRONG = DERIVATIONS / "activation_gamma_wrong.yaml"
BAD = ROOT / "tests" / "bad" / "binary.yaml"
SLOW_OK = ["--timeout", "60"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A directory tree: a proved file, a refuted one (in a subfolder, .yml), a broken one, and a non-YAML file."""
    root = tmp_path_factory.mktemp("many")
    shutil.copy(GOOD, root / "b_good.yaml")
    (root / "sub").mkdir()
    shutil.copy(WRONG, root / "sub" / "a_wrong.yml")
    (root / "c_broken.yaml").write_text("symbols:\n  x: {kind: scalar}\nchains: [\n", encoding="utf-8")
    (root / "notes.txt").write_text("not a derivation", encoding="utf-8")
    return root


def test_collect_recurses_sorted_and_dedupes(folder):
    from symbound.cli.batch import collect

    files = collect([folder, folder / "b_good.yaml"])
    assert [p.relative_to(folder).as_posix() for p in files] == ["b_good.yaml", "c_broken.yaml", "sub/a_wrong.yml"]


def test_verify_many_results_in_input_order_with_exit_codes(folder):
    from symbound.cli.batch import verify_many, worst

    paths = [WRONG, BAD, GOOD, folder / "missing.yaml"]
    results = verify_many(paths, jobs=2, timeout=60)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert [r.exit_code for r in results] == [1, 2, 0, 2]
    wrong, bad, good, missing = results
    assert wrong.report is not None and wrong.report.counts()["refuted"] == 1
    assert wrong.report.links[0].witness is not None and wrong.report.links[0].witness.exact
    assert good.report is not None and good.report.exit_code == 0 and good.report.conclusion.status == "proved"
    assert bad.report is None and "NUL bytes" in bad.error and bad.error.startswith(f"{BAD}:1:1:")
    assert "cannot read the file" in missing.error
    assert worst(results) == 2
    assert worst(results[:1] + results[2:3]) == 1
    assert worst(results[2:3]) == 0


def test_reports_from_workers_render_like_reports_checked_here():
    """Sympy's default pickling would evaluate `(1/γ)·γ` to 1; the batch pickler keeps the written form."""
    from io import StringIO

    from rich.console import Console

    from symbound import verify
    from symbound.cli.batch import verify_many
    from symbound.render.json import to_data
    from symbound.render.terminal import render

    path = DERIVATIONS / "pascanu_arxiv.yaml"
    here = verify(path, timeout=60)
    (there,) = [r.report for r in verify_many([path, GOOD], jobs=2, timeout=60)][:1]

    def terminal(report):
        console = Console(file=StringIO(), width=160)
        render(report, console)
        return console.file.getvalue()

    assert "(1/γ)·γ" in terminal(here)  # as written, from the display twins that travel with the report
    assert terminal(there) == terminal(here)
    assert json.dumps(to_data(there), default=str) == json.dumps(to_data(here), default=str)


def test_cli_several_files_one_line_each_and_a_summary(folder):
    out = run_cli("verify", str(GOOD), str(WRONG), str(BAD), "-j", "2", *SLOW_OK)
    assert out.returncode == 2, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("✓ proved") and str(GOOD) in lines[0] and "conclusion proved" in lines[0]
    assert lines[1].startswith("✗ failed") and str(WRONG) in lines[1] and "1 refuted" in lines[1]
    assert lines[2].strip().startswith(f"{WRONG}:15: too_small.1 refuted: counterexample (certified exactly")
    assert lines[3].startswith("! error") and f"{BAD}:1:1:" in lines[3]
    assert lines[-1] == "3 files: 1 proved, 1 not proved, 1 with mistakes; 4 links: 3 proved, 1 refuted, 0 unproved"


@pytest.mark.parametrize("paths, code", [((GOOD,), 0), ((GOOD, GOOD), 0), ((GOOD, WRONG), 1), ((WRONG, BAD), 2), ((BAD, GOOD), 2)])
def test_cli_exit_status_is_the_worst_file(paths, code):
    out = run_cli("verify", *map(str, paths), "-j", "1", *SLOW_OK)
    assert out.returncode == code, out.stdout + out.stderr


def test_cli_one_file_is_unchanged():
    """One file keeps the full report (not the one-line view) and its input errors go to stderr."""
    out = run_cli("verify", str(GOOD), *SLOW_OK)
    assert out.returncode == 0
    assert out.stdout.startswith(f"symbound · {GOOD.relative_to(ROOT)}") or out.stdout.startswith(f"symbound · {GOOD}")
    assert "Audit" in out.stdout and "files:" not in out.stdout
    bad = run_cli("verify", str(BAD))
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.startswith(f"{BAD}:1:1:")


def test_cli_directory_jobs_1_and_2_print_the_same(folder):
    one = run_cli("verify", str(folder), "-j", "1", *SLOW_OK)
    two = run_cli("verify", str(folder), "-j", "2", *SLOW_OK)
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    heads = [line.split()[2] for line in one.stdout.splitlines() if not line.startswith(" ")][:-1]
    assert heads == [str(folder / "b_good.yaml"), str(folder / "c_broken.yaml") + ":4:1:", str(folder / "sub" / "a_wrong.yml")]
    assert one.stdout.splitlines()[-1].startswith("3 files: 1 proved, 1 not proved, 1 with mistakes")


def test_cli_json_for_several_files(folder):
    out = run_cli("verify", str(GOOD), str(BAD), "--json", "-j", "2", *SLOW_OK)
    assert out.returncode == 2
    data = json.loads(out.stdout)
    assert data["exit_code"] == 2
    good, bad = data["files"]
    assert good["file"] == str(GOOD) and good["exit_code"] == 0 and good["error"] is None
    assert good["report"]["conclusion"]["status"] == "proved"
    assert bad["report"] is None and bad["exit_code"] == 2 and "NUL bytes" in bad["error"]


def test_cli_several_files_refuse_latex_and_empty_directory(tmp_path):
    out = run_cli("verify", str(GOOD), str(WRONG), "--latex", str(tmp_path / "x.tex"))
    assert out.returncode == 2 and "--latex takes one file" in out.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    out = run_cli("verify", str(empty), str(GOOD), *SLOW_OK)
    assert out.returncode == 2
    assert out.stdout.splitlines()[0] == f"! error   {empty}: no *.yaml or *.yml files in this directory"
