"""The everyday workflow: `symbound watch` (what changed), `verify --format github`, the pre-commit hook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from symbound.cli.watch import Snapshot, Step, annotations, changes, command, snapshot, watch

from conftest import DERIVATIONS, ROOT, run_cli


def step(name: str, status: str, claim: str = "≤ 1", line: int = 10, why: str = "") -> Step:
    return Step(name, line, claim, "a " + claim, status, why)


def snap(*steps: Step, counts: str = "n links") -> Snapshot:
    return Snapshot("d.yaml", tuple(steps), counts)


# ---------------------------------------------------------------- what changed


def test_the_first_check_shows_what_is_not_proved_and_the_counts():
    out = changes(None, snap(step("a.1", "proved"), step("a.2", "refuted", why="W = 0"), counts="2 links: 1 proved, 1 refuted"))
    assert out == ["d.yaml:10: a.2 ≤ 1  refuted: W = 0", "d.yaml: 2 links: 1 proved, 1 refuted"]


def test_an_unchanged_save_shows_nothing():
    s = snap(step("a.1", "proved"), step("a.2", "unproved"))
    assert changes(s, snap(step("a.1", "proved"), step("a.2", "unproved"))) == []


def test_a_verdict_that_changes_is_shown_with_the_new_counts():
    before = snap(step("a.1", "proved"), step("a.2", "proved"), counts="2 links: 2 proved")
    after = snap(step("a.1", "proved"), step("a.2", "refuted", line=12, why="W = [[0, 1], [0, 0]]"), counts="2 links: 1 proved, 1 refuted")
    assert changes(before, after) == ["d.yaml:12: a.2 ≤ 1  proved → refuted: W = [[0, 1], [0, 0]]", "d.yaml: 2 links: 1 proved, 1 refuted"]
    # and back: a repaired step says so, without the old reason
    assert changes(after, before)[0] == "d.yaml:10: a.2 ≤ 1  refuted → proved"


def test_new_removed_and_rewritten_steps():
    before = snap(step("a.1", "proved"), step("b.1", "proved"))
    after = snap(step("a.1", "proved", claim="< 1"), step("c.1", "unproved", why="no lemma"))
    out = changes(before, after)
    assert "d.yaml:10: a.1 claim now < 1  still proved" in out
    assert "d.yaml:10: c.1 ≤ 1  new, unproved: no lemma" in out
    assert "d.yaml: b.1 removed (was proved)" in out


def test_a_mistake_is_shown_once_and_its_fix_announced():
    good = snap(step("a.1", "proved"))
    bad = Snapshot("d.yaml", error="d.yaml:3:5: unknown symbol `W` — declare it under symbols:")
    assert changes(good, bad) == ["d.yaml: d.yaml:3:5: unknown symbol `W` — declare it under symbols:"]
    assert changes(bad, bad) == []
    assert changes(bad, good)[0] == "d.yaml: readable again"


def test_snapshot_of_a_real_report(arxiv_report):
    s = snapshot("a.yaml", arxiv_report)
    by = {x.name: x for x in s.steps}
    assert by["first_factor.1"].status == "refuted" and by["first_factor.1"].relation == "‖W_recᵀ‖₂ ≤ λ₁"
    assert by["conclusion"].status == "refuted" and "→ 0 as" in by["conclusion"].claim
    assert s.counts == arxiv_report.counts_text()


def test_watch_rechecks_a_saved_file_and_shows_only_what_changed(tmp_path):
    """A bounded run of the real loop: the first check, one save that breaks λ₁, the change reported."""
    pytest.importorskip("watchfiles", reason="the watch extra (pip install 'symbound[watch]') is part of the test extra")
    path = tmp_path / "pascanu.yaml"
    source = (DERIVATIONS / "pascanu.yaml").read_text(encoding="utf-8")
    path.write_text(source, encoding="utf-8")
    lines: list[str] = []
    ready, stop = threading.Event(), threading.Event()

    def emit(line: str) -> None:
        lines.append(line)
        if line.startswith("watching"):
            ready.set()

    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(watch([path], emit=emit, stop=stop, max_checks=1, budget=0, search=False, repair=False)))
    thread.start()
    try:
        assert ready.wait(120), lines
        time.sleep(0.5)  # let the watcher start before the save
        assert "value: sigma_max(W_rec)" in source
        path.write_text(source.replace("value: sigma_max(W_rec)", "value: rho(W_rec)"), encoding="utf-8")
        thread.join(120)
    finally:
        stop.set()
        thread.join(10)
    assert result == [1], lines
    first = lines[: lines.index(next(l for l in lines if l.startswith("watching")))]
    assert first == [f"{path}: 14 links: 14 proved, 0 refuted, 0 unproved; conclusion proved"]
    after = lines[len(first) + 1:]
    assert "saved, checked in" in after[0]
    assert any("eta_bound.2" in l and "proved → unproved" in l for l in after), after
    assert not any("eq6.1" in l for l in after)  # unchanged steps are not repeated
    assert after[-1].strip().startswith(f"{path}: 14 links:") and "unproved" in after[-1]


def test_watch_says_which_extra_is_missing(tmp_path):
    done = run_cli("watch", str(DERIVATIONS / "pascanu.yaml"), without="watchfiles")
    assert done.returncode == 2 and "pip install 'symbound[watch]'" in done.stderr


# ---------------------------------------------------------------- GitHub Actions


def test_workflow_commands_are_escaped():
    assert command("error", "a,b.yaml", 3, "t: x", "50% of\nit") == "::error file=a%2Cb.yaml,line=3,title=t%3A x::50%25 of%0Ait"


def test_verify_format_github(tmp_path):
    done = run_cli("verify", "derivations/pascanu_arxiv.yaml", "--format", "github")
    assert done.returncode == 1, done.stderr
    errors = [l for l in done.stdout.splitlines() if l.startswith("::error ")]
    lines = sorted(int(re.search(r"line=(\d+)", l).group(1)) for l in errors)
    import symbound

    report = symbound.verify("derivations/pascanu_arxiv.yaml", search=False)
    expected = sorted([l.line for l in report.links if l.chain in ("first_factor", "eq6", "eta_bound", "product", "eq7") and l.status != "proved"]
                      + [report.conclusion.line])
    assert lines == expected and len(lines) == 6  # the five refuted links and the conclusion
    first_line = next(l.line for l in report.links if l.chain == "first_factor")
    first = next(l for l in errors if f"line={first_line}," in l)
    assert first.startswith(f"::error file=derivations/pascanu_arxiv.yaml,line={first_line},title=symbound%3A first_factor.1 refuted::‖W_recᵀ‖₂ ≤ λ₁: ")
    ok = run_cli("verify", "derivations/pascanu.yaml", "--format", "github")
    assert ok.returncode == 0 and "::error" not in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("symbols:\n  x: {kind: scalar}\n", encoding="utf-8")
    broken = run_cli("verify", str(bad), "--format", "github")
    assert broken.returncode == 2
    assert broken.stdout.startswith(f"::error file={bad},line=1,col=1,title=symbound%3A the file has a mistake::")


def test_annotations_of_a_proved_file_are_empty(pascanu_report):
    assert annotations("p.yaml", pascanu_report) == []


# ---------------------------------------------------------------- pre-commit


def documented_config(which: int) -> str:
    """The ``which``-th .pre-commit-config.yaml block of docs/workflow.md, as written there."""
    blocks = re.findall(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8"), re.S)
    return blocks[which]


def test_the_documented_pre_commit_configs_name_no_missing_tag():
    remote, local = documented_config(0), documented_config(1)
    assert "rev: REV" in remote and "v0.1.0" not in remote  # a commit, not a tag that does not exist
    assert "repo: local" in local and "entry: symbound verify" in local and "rev:" not in local


@pytest.mark.slow
def test_pre_commit_local_hook_as_documented(tmp_path):
    """The documented `repo: local` configuration, as written, with this checkout's symbound on the PATH."""
    exe = shutil.which("pre-commit")
    assert exe, "pre-commit is not installed: pip install -e '.[test]'"
    paper = tmp_path / "paper"
    (paper / "derivations").mkdir(parents=True)
    shutil.copy(DERIVATIONS / "pascanu.yaml", paper / "derivations")
    shutil.copy(DERIVATIONS / "pascanu_arxiv.yaml", paper / "derivations")
    (paper / ".pre-commit-config.yaml").write_text(documented_config(1), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "symbound").write_text(f"#!/bin/sh\nexec {sys.executable} -m symbound \"$@\"\n", encoding="utf-8")
    (bin_dir / "symbound").chmod(0o755)
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=paper, check=True)
    subprocess.run([*git, "add", "."], cwd=paper, check=True)
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT / "src")}
    ok = subprocess.run([exe, "run", "--files", "derivations/pascanu.yaml"], cwd=paper, capture_output=True, text=True, timeout=600, env=env)
    assert ok.returncode == 0 and re.search(r"symbound verify\.+Passed", ok.stdout), ok.stdout + ok.stderr
    failed = subprocess.run([exe, "run", "--files", "derivations/pascanu_arxiv.yaml"], cwd=paper, capture_output=True, text=True, timeout=600, env=env)
    assert failed.returncode == 1 and re.search(r"symbound verify\.+Failed", failed.stdout), failed.stdout + failed.stderr


@pytest.mark.slow
def test_pre_commit_hook_checks_changed_derivations(tmp_path):
    """pre-commit installs this repository's hook (.pre-commit-hooks.yaml) and runs it on a paper repository."""
    exe = shutil.which("pre-commit")
    assert exe, "pre-commit is not installed: pip install -e '.[test]'"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    paper = tmp_path / "paper"
    (paper / "derivations").mkdir(parents=True)
    (paper / ".github").mkdir()
    shutil.copy(DERIVATIONS / "pascanu.yaml", paper / "derivations")
    shutil.copy(DERIVATIONS / "pascanu_arxiv.yaml", paper / "derivations")
    (paper / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (paper / ".pre-commit-config.yaml").write_text(documented_config(0).replace("https://github.com/OWNER/symbound", str(ROOT)).replace("REV", head), encoding="utf-8")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=paper, check=True)
    subprocess.run([*git, "add", "."], cwd=paper, check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([exe, "run", "--files", *files], cwd=paper, capture_output=True, text=True, timeout=600, env=env)

    ok = run("derivations/pascanu.yaml", ".github/ci.yml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"symbound verify\.+Passed", ok.stdout)
    failed = run("derivations/pascanu_arxiv.yaml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"symbound verify\.+Failed", failed.stdout) and "5 refuted" in failed.stdout and "conclusion refuted" in failed.stdout
    skipped = run(".github/ci.yml")  # not a derivation: the hook's `files:` leaves it out
    assert skipped.returncode == 0 and "(no files to check)Skipped" in skipped.stdout
