"""symbound's benchmarks: what a verification costs above Python start-up and the imports (the floor).

    python benchmarks/run.py            # everything (about 3-5 minutes on 2 cores)
    python benchmarks/run.py --runs 3   # fewer repetitions of the short commands
    python benchmarks/run.py --skip-pool --skip-1000

Every figure is a ratio to (or a difference from) the floor, ``python -c "import sympy, numpy, yaml"``,
measured in the same run and interleaved with the command it is compared to, so that the machine's
speed and load cancel as far as they can.  Times are medians of several runs of a fresh process;
peak memory is the child's own ``ru_maxrss`` (from ``os.wait4``).  The script exits 1 when a target
is missed, so a regression shows.  See benchmarks/README.md for the figures and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

TARGET_VERIFY = 1.5  # verify pascanu.yaml ÷ floor
TARGET_GROWTH = 12.0  # t(1000) / t(100), time above the floor
TARGET_MEMORY_MB = 300.0  # peak RSS at 1000 links
TARGET_FALSIFIER_S = 1.0  # seconds above the floor to the certified witness


@dataclass
class Run:
    seconds: float
    code: int
    peak_mb: float
    stdout: str


def run(cmd: list[str], capture: bool = False) -> Run:
    """One fresh process: wall time, exit status, its own peak resident memory (MB)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out if capture else subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "COLUMNS": "160"})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = ""
        if capture:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
    return Run(seconds, proc.returncode, usage.ru_maxrss / 1024, text)


def interleaved(cmds: dict[str, list[str]], runs: int) -> dict[str, list[Run]]:
    """Each command ``runs`` times, round-robin (floor, a, b, floor, a, b, ...), after one warm-up round."""
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
    return f"median {statistics.median(times):.2f} s (min {times[0]:.2f}, max {times[-1]:.2f}, n={len(times)})"


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
    from symbound.checker import Checker
    from symbound.derivation import read
    from symbound.falsifier import falsify
    from symbound.verdicts import PROVED

    t1 = time.perf_counter()
    d = read(ROOT / "derivations" / "pascanu_arxiv.yaml")
    checker = Checker(d, timeout=10.0, search=False, repair=False)
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
                      "exact": bool(w and w.exact), "summary": w.summary if w else "",
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
    alone = statistics.median(run(BURN).seconds for _ in range(2))
    start = time.perf_counter()
    procs = [subprocess.Popen(BURN) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return 2 * alone / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="repetitions of the short commands (median taken)")
    ap.add_argument("--skip-1000", action="store_true", help="leave out the 1000-link derivation (about 30 s a run)")
    ap.add_argument("--skip-pool", action="store_true", help="leave out verify DIR -j 1 against -j 2 (about 1 minute)")
    ap.add_argument("--probe-falsifier", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe_falsifier:
        probe_falsifier()
        return 0

    missed: list[str] = []
    print(f"machine: {machine()}")
    print(f"floor:   {' '.join(FLOOR[1:])}\n")

    # 1 and 4: verify and latex on pascanu.yaml, against the floor
    pascanu = "derivations/pascanu.yaml"
    r = interleaved({"floor": FLOOR, "verify": SYMBOUND + ["verify", pascanu], "latex": SYMBOUND + ["latex", pascanu]}, args.runs)
    floor = med(r["floor"])
    assert all(x.code == 0 for x in r["verify"]), "verify pascanu.yaml did not exit 0"
    verify_ratio, latex_ratio = med(r["verify"]) / floor, med(r["latex"]) / floor
    print(f"floor                              {spread(r['floor'])}")
    print(f"1. verify pascanu.yaml             {spread(r['verify'])}")
    print(f"   ratio to the floor              {verify_ratio:.2f}   target ≤ {TARGET_VERIFY}   {_ok(verify_ratio <= TARGET_VERIFY)}")
    if verify_ratio > TARGET_VERIFY:
        missed.append(f"verify ÷ floor = {verify_ratio:.2f} > {TARGET_VERIFY}")
    print(f"4. latex pascanu.yaml              {spread(r['latex'])}")
    print(f"   ratio to the floor              {latex_ratio:.2f}   (reported; no target)")

    # 2: growth with synthetic derivations
    print("\n2. growth (synthetic derivations, every link provable; time above the floor)")
    sizes = [10, 100] + ([] if args.skip_1000 else [1000])
    above: dict[int, float] = {}
    peak: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="symbound-bench-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic_{n}.yaml"
            path.write_text(synthetic(n), encoding="utf-8")
            check = run(SYMBOUND + ["verify", str(path)], capture=True)
            expected = f"{n} links: {n} proved, 0 refuted, 0 unproved"
            if check.code != 0 or expected not in check.stdout:
                print(f"   {n} links: the synthetic derivation does not verify as expected (exit {check.code})")
                missed.append(f"synthetic {n} does not verify")
                continue
            times = [check] + [run(SYMBOUND + ["verify", str(path)]) for _ in range(0 if n >= 1000 else 2)]
            floors = [run(FLOOR) for _ in range(2)]
            above[n] = max(1e-9, med(times) - statistics.median([floor, *(f.seconds for f in floors)]))
            peak[n] = max(t.peak_mb for t in times)
            print(f"   {n:5d} links  {spread(times)}; above the floor {above[n]:.2f} s = {1000 * above[n] / n:.1f} ms a link; "
                  f"peak {peak[n]:.0f} MB")
    if 100 in above and 1000 in above:
        growth = above[1000] / above[100]
        print(f"   t(1000)/t(100) = {growth:.1f}   target ≤ {TARGET_GROWTH}   {_ok(growth <= TARGET_GROWTH)}")
        print(f"   peak memory at 1000 links = {peak[1000]:.0f} MB   target < {TARGET_MEMORY_MB:.0f}   {_ok(peak[1000] < TARGET_MEMORY_MB)}")
        if growth > TARGET_GROWTH:
            missed.append(f"t(1000)/t(100) = {growth:.1f} > {TARGET_GROWTH}")
        if peak[1000] >= TARGET_MEMORY_MB:
            missed.append(f"peak memory {peak[1000]:.0f} MB ≥ {TARGET_MEMORY_MB:.0f}")

    # 3: the falsifier, to the certified witness of pascanu_arxiv.yaml's false link
    print("\n3. falsifier: pascanu_arxiv.yaml, start to the certified witness of its first false link")
    probes = []
    for _ in range(max(1, args.runs // 2 + 1)):
        probes.append(run([PY, str(Path(__file__).resolve()), "--probe-falsifier"], capture=True))
        probes.append(run(FLOOR))
    wall = [p for p in probes[::2]]
    floor3 = statistics.median([floor, *(p.seconds for p in probes[1::2])])
    try:
        info = json.loads(wall[0].stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        info = {}
    if not info.get("found") or not info.get("exact"):
        print(f"   no exactly certified witness (exit {wall[0].code}): {info or wall[0].stdout[-300:]}")
        missed.append("falsifier: no exactly certified witness")
    else:
        extra = med(wall) - floor3
        print(f"   {info['link']}: witness after {info['tried']} instances, certified exactly: {info['summary']}")
        print(f"   process {spread(wall)}; in it: imports {info['import_s']:.2f} s, proving the chains before it "
              f"{info['prove_s']:.2f} s, search {info['search_s']:.2f} s")
        print(f"   above the floor {extra:.2f} s   target < {TARGET_FALSIFIER_S} s   {_ok(extra < TARGET_FALSIFIER_S)}")
        if extra >= TARGET_FALSIFIER_S:
            missed.append(f"falsifier: {extra:.2f} s above the floor ≥ {TARGET_FALSIFIER_S} s")

    # many files: the process pool
    if not args.skip_pool:
        print("\n5. verify derivations/ (all shipped files): -j 1 against -j 2")
        print(f"   CPUs this run gets (two CPU-bound processes against one): {parallelism():.2f}")
        one = run(SYMBOUND + ["verify", "derivations", "-j", "1"], capture=True)
        two = run(SYMBOUND + ["verify", "derivations", "-j", "2"], capture=True)
        same = one.stdout == two.stdout
        print(f"   -j 1 {one.seconds:.1f} s, -j 2 {two.seconds:.1f} s: speed-up {one.seconds / two.seconds:.2f}× on {os.cpu_count()} CPUs; "
              f"same output: {'yes' if same else 'NO'} (exit {one.code}, {two.code})")
        if not same:
            print("   (outputs differ: a verdict reached a wall-clock limit under load in one of them)")

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    print(f"\nload average at the end {load[0]:.2f}")
    if missed:
        print("targets missed: " + "; ".join(missed))
        return 1
    print("all targets met")
    return 0


def _ok(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
