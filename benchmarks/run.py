"""symbound's benchmarks: what a verification costs above Python start-up and the imports (the floor).

    python benchmarks/run.py            # everything (about 5 minutes on 2 quiet cores)
    python benchmarks/run.py --runs 3   # fewer repetitions of the short commands
    python benchmarks/run.py --skip-pool --skip-1000

Every figure is CPU time (user + system of the child process, from ``os.wait4``), so that other work on
a shared machine counts as little as it can; only the ``-j 2`` speed-up is wall time (it is about
using two CPUs at once).  Figures are ratios to (or differences from) the floor,
``python -c "import sympy, numpy, yaml"``, measured in the same run and interleaved with the commands
(floor, a, b, floor, a, b, ...): medians of several fresh processes.  symbound's bytecode is compiled
first (``compileall``), as users have it; peak memory is the child's own ``ru_maxrss``.  The verdict
cache is off (``--no-cache``) except where it is measured.  The script exits 1 when a target is missed,
so a regression shows.  See benchmarks/README.md for the figures and the machine.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FLOOR = [PY, "-c", "import sympy, numpy, yaml"]
SYMBOUND = [PY, "-m", "symbound"]
VERIFY = SYMBOUND + ["verify", "--no-cache"]
# the work of `symbound verify FILE` through the library, without the command line (for target 6)
LIBRARY = [PY, "-c", (
    "import sys\n"
    "from rich.console import Console\n"
    "from symbound.api import verify\n"
    "from symbound.passes.audit import audit_for_verify\n"
    "from symbound.render.terminal import render, render_audit, render_summary\n"
    "report = verify(sys.argv[1])\n"
    "audit = audit_for_verify(report)\n"
    "console = Console(highlight=False, markup=False, emoji=False)\n"
    "render(report, console, summary=False)\n"
    "render_audit(audit, console)\n"
    "render_summary(report, console)\n"
    "sys.exit(report.exit_code)\n")]

TARGET_VERIFY = 1.3  # cold verify pascanu.yaml ÷ floor
TARGET_MS_PER_LINK = 15.0  # CPU above the floor, a link, on the 1000-link derivation
TARGET_GROWTH = 10.5  # t(1000) / t(100), CPU above the floor
TARGET_MEMORY_MB = 300.0  # peak RSS at 1000 links
TARGET_WARM = 0.3  # warm re-run of an unchanged file ÷ floor
TARGET_EDITED = 1.1  # re-run after editing one link ÷ floor
TARGET_FALSIFIER_S = 1.0  # CPU seconds above the floor to the certified witness
TARGET_GIVE_UP_S = 3.0  # CPU seconds above the floor for a link neither proved nor refuted
TARGET_ARXIV = 3.0  # verify pascanu_arxiv.yaml ÷ floor
TARGET_POOL = 1.6  # verify derivations/: wall time -j 1 ÷ -j 2
TARGET_CLI_S = 0.05  # CPU the command line adds to the same work done through the library


@dataclass
class Run:
    seconds: float  # CPU: user + system
    wall: float
    code: int
    peak_mb: float
    stdout: str


def run(cmd: list[str], capture: bool = False) -> Run:
    """One fresh process (importing this tree's symbound, not an installed one): its CPU and wall time, exit status,
    its own peak resident memory (MB)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out if capture else subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "COLUMNS": "160", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = ""
        if capture:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
    return Run(usage.ru_utime + usage.ru_stime, wall, proc.returncode, usage.ru_maxrss / 1024, text)


def interleaved(cmds: dict[str, list[str]], runs: int, warm_up: bool = True) -> dict[str, list[Run]]:
    """Each command ``runs`` times, round-robin (floor, a, b, floor, a, b, ...), after one warm-up round."""
    if warm_up:
        for cmd in cmds.values():
            run(cmd)
    out: dict[str, list[Run]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            out[name].append(run(cmd))
    return out


def med(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def spread(runs: list[Run]) -> str:
    times = sorted(r.seconds for r in runs)
    return f"CPU median {statistics.median(times):.3f} s (min {times[0]:.3f}, max {times[-1]:.3f}, n={len(times)})"


# ---------------------------------------------------------------- synthetic derivations


def synthetic(n_links: int) -> str:
    """A derivation of ``n_links`` links in blocks of five, every one provable:

    prod_i: ‖A_i B_iᵀ‖ ≤ ‖A_i‖‖B_iᵀ‖ (submultiplicative) = ‖A_i‖‖B_i‖ (norm_transpose_2) ≤ a_i b_i (mul_le_mul, premises)
    mix_i:  ρ(A_i)‖A_i B_iᵀ‖ ≤ ‖A_i‖‖A_i B_iᵀ‖ (rho_le_norm in gcongr) ≤ a_i (a_i b_i) (premise and chain prod_i)
    """
    blocks = -(-n_links // 5)
    lines = [f'title: "synthetic derivation, {n_links} links"', "symbols:", "  n: {kind: dimension}"]
    for i in range(blocks):
        lines += [f"  A{i}: {{kind: matrix, shape: [n, n]}}", f"  B{i}: {{kind: matrix, shape: [n, n]}}",
                  f"  a{i}: {{kind: scalar, assume: [positive]}}", f"  b{i}: {{kind: scalar, assume: [positive]}}"]
    lines.append("premises:")
    for i in range(blocks):
        lines += [f'  PA{i}: {{claim: "norm(A{i}) <= a{i}"}}', f'  PB{i}: {{claim: "norm(B{i}) <= b{i}"}}']
    lines.append("chains:")
    left = n_links
    for i in range(blocks):
        prod = [(f"norm(A{i}) * norm(B{i}.T)", "<=", "submultiplicative"),
                (f"norm(A{i}) * norm(B{i})", "=", "norm_transpose_2"),
                (f"a{i} * b{i}", "<=", f"[PA{i}, PB{i}]")]
        mix = [(f"norm(A{i}) * norm(A{i} @ B{i}.T)", "<=", "rho_le_norm"),
               (f"a{i} * (a{i} * b{i})", "<=", f"[PA{i}, prod{i}]")]
        for cid, start, steps in ((f"prod{i}", f"norm(A{i} @ B{i}.T)", prod), (f"mix{i}", f"rho(A{i}) * norm(A{i} @ B{i}.T)", mix)):
            steps = steps[:left]
            if not steps:
                break
            left -= len(steps)
            lines += [f"  - id: {cid}", f"    start: {start}", "    steps:"]
            for expr, rel, by in steps:
                lines += [f'      - "{rel}": {expr}', f"        by: {by}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the falsifier probe (runs in a child process)


def probe_falsifier() -> None:
    """Child process: read pascanu_arxiv.yaml, prove the chains up to the first link that is not proved, search it.

    Prints JSON: the link, instances tried, whether the witness is certified exactly, and the seconds
    spent on imports, proving and searching (the parent measures the whole process's wall time).
    """
    t0 = time.perf_counter()
    from symbound.check.checker import Checker
    from symbound.read.derivation import read
    from symbound.search.falsifier import falsify
    from symbound.render.text import witness_summary
    from symbound.values import PROVED

    t1 = time.perf_counter()
    d = read(ROOT / "derivations" / "pascanu_arxiv.yaml")
    checker = Checker(d, timeout=10.0, search=False)
    target = None
    for chain in d.chains:
        verdict = checker.check_chain(chain)
        target = next((link for link in verdict.links if link.status != PROVED), None)
        if target is not None:
            break
    t2 = time.perf_counter()
    assert target is not None, "every link of pascanu_arxiv.yaml was proved"
    outcome = falsify(d, checker.prover, target.lhs, target.rel, target.rhs, checker.seed, checker.budget)
    t3 = time.perf_counter()
    w = outcome.witness
    print(json.dumps({"link": f"{target.chain}.{target.index}", "tried": outcome.tried, "found": w is not None,
                      "exact": bool(w and w.exact), "summary": witness_summary(w) if w else "",
                      "import_s": t1 - t0, "prove_s": t2 - t1, "search_s": t3 - t2}))


# ---------------------------------------------------------------- the benchmarks


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy
    import sympy

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; Python {platform.python_version()}, "
            f"sympy {sympy.__version__}, numpy {numpy.__version__}; load average at start {load[0]:.2f}")


BURN = [PY, "-c", "x = 0\nfor i in range(3 * 10**7): x += i"]


def parallelism() -> float:
    """How many CPUs this run really gets: two CPU-bound processes at once against one alone (2.0 at best)."""
    alone = statistics.median(run(BURN).wall for _ in range(2))
    start = time.perf_counter()
    procs = [subprocess.Popen(BURN) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return 2 * alone / (time.perf_counter() - start)


UNDECIDED = """title: "true links outside the lemma library: neither provable nor refutable"
symbols:
  n: {kind: dimension}
  A: {kind: matrix, shape: [n, n]}
  B: {kind: matrix, shape: [n, n]}
  c: {kind: scalar, assume: [positive]}
premises:
  P1: {claim: "norm(A) <= c"}
chains:
  - id: cyclic
    start: rho(A @ B) * c
    steps:
      - "<=": rho(B @ A) * c
  - id: cyclic3
    start: rho(A @ B @ B) * c
    steps:
      - "<=": rho(B @ A @ B) * c
"""
# the link edited between runs: eq6.2 of pascanu.yaml cites its premises in another order, so its
# entry's key changes and the link is searched again (a note is not part of any key)
EDITED_LINK, EDITED_TO = "        by: [P1, P2]", "        by: [P2, P1]"


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


class Targets:
    """Prints each target's line and collects the missed ones."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, label: str, value: float, limit: float, unit: str = "", at_least: bool = False) -> None:
        ok = value >= limit if at_least else value <= limit
        print(f"   {label} = {value:.3g}{unit}   target {'≥' if at_least else '≤'} {limit}{unit}   {_ok(ok)}")
        if not ok:
            self.missed.append(f"{label} = {value:.3g}{unit}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="repetitions of the short commands (median taken)")
    ap.add_argument("--skip-1000", action="store_true", help="leave out the 1000-link derivation (about a minute)")
    ap.add_argument("--skip-pool", action="store_true", help="leave out verify DIR -j 1 against -j 2 (about 30 s)")
    ap.add_argument("--probe-falsifier", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe_falsifier:
        probe_falsifier()
        return 0

    compileall.compile_dir(ROOT / "src" / "symbound", quiet=1)  # as users run it: with bytecode
    t = Targets()
    print(f"machine: {machine()}")
    print(f"commit {commit()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"floor:   {' '.join(FLOOR[1:])}; CPU time (user + sys) of each process, medians of interleaved runs\n")
    pascanu, arxiv = "derivations/pascanu.yaml", "derivations/pascanu_arxiv.yaml"

    # 1 and 6: a cold verify, and the same work through the library (what the command line adds)
    r = interleaved({"floor": FLOOR, "sympy": [PY, "-c", "import sympy"], "verify": VERIFY + [pascanu],
                     "library": LIBRARY + [pascanu], "python": [PY, "-c", "pass"], "cli": [PY, "-c", "import symbound.cli"]},
                    args.runs)
    floor = med(r["floor"])
    assert all(x.code == 0 for x in r["verify"]), "verify pascanu.yaml did not exit 0"
    print(f"floor                              {spread(r['floor'])}")
    print(f"   python -c 'import sympy'        {spread(r['sympy'])} (the physical floor: {med(r['sympy']) / floor:.2f} × the floor)")
    print(f"1. verify pascanu.yaml (cold)      {spread(r['verify'])}; peak {max(x.peak_mb for x in r['verify']):.0f} MB")
    t.check("verify ÷ floor", med(r["verify"]) / floor, TARGET_VERIFY)
    print(f"6. the same through the library    {spread(r['library'])}")
    print(f"   python -c pass {med(r['python']):.3f} s, import symbound.cli {med(r['cli']):.3f} s")
    t.check("CLI − library", med(r["verify"]) - med(r["library"]), TARGET_CLI_S, " s")

    # 3: the verdict cache
    print("\n3. the verdict cache (pascanu.yaml): cold (empty cache), warm (unchanged file), one link edited")
    with tempfile.TemporaryDirectory(prefix="symbound-cache-") as tmp:
        folder, copy = Path(tmp) / "cache", Path(tmp) / "pascanu.yaml"
        text = (ROOT / pascanu).read_text(encoding="utf-8")
        assert EDITED_LINK in text
        cached = SYMBOUND + ["verify", "--cache-dir", str(folder), str(copy)]
        cold, warm, edited, floors = [], [], [], []
        for k in range(args.runs):
            shutil.rmtree(folder, ignore_errors=True)
            copy.write_text(text, encoding="utf-8")
            cold.append(run(cached))
            warm.append(run(cached))
            copy.write_text(text.replace(EDITED_LINK, EDITED_TO), encoding="utf-8")
            edited.append(run(cached))
            floors.append(run(FLOOR))
        floor3 = statistics.median([floor, *(f.seconds for f in floors)])
        print(f"   cold {spread(cold)}\n   warm {spread(warm)}\n   edited {spread(edited)}")
        t.check("warm ÷ floor", med(warm) / floor3, TARGET_WARM)
        t.check("one link edited ÷ floor", med(edited) / floor3, TARGET_EDITED)
        print(f"   (cold with the cache ÷ floor = {med(cold) / floor3:.2f})")

    # 2: growth with synthetic derivations
    print("\n2. growth (synthetic derivations, every link provable; CPU above the floor)")
    sizes = [10, 100] + ([] if args.skip_1000 else [1000])
    above: dict[int, float] = {}
    peak: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="symbound-bench-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic_{n}.yaml"
            path.write_text(synthetic(n), encoding="utf-8")
            check = run(VERIFY + [str(path)], capture=True)
            expected = f"{n} links: {n} proved, 0 refuted, 0 unproved"
            if check.code != 0 or expected not in check.stdout:
                print(f"   {n} links: the synthetic derivation does not verify as expected (exit {check.code})")
                t.missed.append(f"synthetic {n} does not verify")
                continue
            times = [check] + [run(VERIFY + [str(path)]) for _ in range(0 if n >= 1000 else 2)]
            floors = [run(FLOOR) for _ in range(2)]
            above[n] = max(1e-9, med(times) - statistics.median([floor, *(f.seconds for f in floors)]))
            peak[n] = max(x.peak_mb for x in times)
            print(f"   {n:5d} links  {spread(times)}; above the floor {above[n]:.2f} s = {1000 * above[n] / n:.1f} ms a link; "
                  f"peak {peak[n]:.0f} MB")
    if 1000 in above:
        t.check("ms a link at 1000 links", 1000 * above[1000] / 1000, TARGET_MS_PER_LINK, " ms")
        t.check("peak memory at 1000 links", peak[1000], TARGET_MEMORY_MB, " MB")
    if 100 in above and 1000 in above:
        t.check("t(1000)/t(100)", above[1000] / above[100], TARGET_GROWTH)

    # 4: the falsifier: the certified witness, giving up, pascanu_arxiv.yaml
    print("\n4. falsifier: pascanu_arxiv.yaml, start to the certified witness of its first false link")
    probes, floors = [], []
    for _ in range(max(1, args.runs // 2 + 1)):
        probes.append(run([PY, str(Path(__file__).resolve()), "--probe-falsifier"], capture=True))
        floors.append(run(FLOOR))
    floor4 = statistics.median([floor, *(f.seconds for f in floors)])
    try:
        info = json.loads(probes[0].stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        info = {}
    if not info.get("found") or not info.get("exact"):
        print(f"   no exactly certified witness (exit {probes[0].code}): {info or probes[0].stdout[-300:]}")
        t.missed.append("falsifier: no exactly certified witness")
    else:
        print(f"   {info['link']}: witness after {info['tried']} instances, certified exactly: {info['summary']}")
        print(f"   process {spread(probes)}; in it (wall): imports {info['import_s']:.2f} s, proving the chains before it "
              f"{info['prove_s']:.2f} s, search {info['search_s']:.2f} s")
        t.check("witness, above the floor", med(probes) - floor4, TARGET_FALSIFIER_S, " s")
    with tempfile.TemporaryDirectory(prefix="symbound-bench-") as tmp:
        path = Path(tmp) / "undecided.yaml"
        path.write_text(UNDECIDED, encoding="utf-8")
        undecided = [run(VERIFY + [str(path)], capture=True) for _ in range(2)]
        print(f"   two links neither proved nor refuted: {spread(undecided)}; "
              f"{'both unproved' if '2 links: 0 proved, 0 refuted, 2 unproved' in undecided[0].stdout else 'NOT both unproved'}")
        t.check("giving up, a link, above the floor", (med(undecided) - floor4) / 2, TARGET_GIVE_UP_S, " s")
    r4 = interleaved({"floor": FLOOR, "arxiv": VERIFY + [arxiv]}, max(1, args.runs // 2), warm_up=False)
    print(f"   verify pascanu_arxiv.yaml {spread(r4['arxiv'])}")
    t.check("verify pascanu_arxiv ÷ floor", med(r4["arxiv"]) / med(r4["floor"]), TARGET_ARXIV)

    # 5: many files: the process pool (wall time: this is about using two CPUs)
    if not args.skip_pool:
        print("\n5. verify derivations/ (all shipped files): -j 1 against -j 2 (wall time)")
        print(f"   CPUs this run gets (two CPU-bound processes against one): {parallelism():.2f}")
        one = run(SYMBOUND + ["verify", "derivations", "-j", "1"], capture=True)
        two = run(SYMBOUND + ["verify", "derivations", "-j", "2"], capture=True)
        same = one.stdout == two.stdout
        print(f"   -j 1 {one.wall:.1f} s (CPU {one.seconds:.1f} s), -j 2 {two.wall:.1f} s (CPU {two.seconds:.1f} s) on "
              f"{os.cpu_count()} CPUs; same output: {'yes' if same else 'NO'} (exit {one.code}, {two.code})")
        t.check("-j 1 ÷ -j 2 (wall)", one.wall / two.wall, TARGET_POOL, at_least=True)
        if not same:
            t.missed.append("-j 1 and -j 2 print different reports")

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    print(f"\nload average at the end {load[0]:.2f}")
    if t.missed:
        print("targets missed: " + "; ".join(t.missed))
        return 1
    print("all targets met")
    return 0


def _ok(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
