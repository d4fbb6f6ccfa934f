"""Verdicts and output never depend on the wall clock: search and audit budgets are counts (steps, instances),
and the only time limit is the last-resort CPU-time guard of ``symbound.limits`` (which says so when it fires).
Reading the clock is left to the command line's progress and timing lines."""

from __future__ import annotations

import re

from conftest import ROOT

CLOCK = re.compile(r"\btime\.(time|monotonic|perf_counter|process_time)\b|\bdatetime\.now\b|ITIMER_REAL|signal\.alarm")
DISPLAY_ONLY = {"cli/batch.py", "cli/watch.py"}  # elapsed times shown and used to order files, never in a verdict


def test_no_module_reads_the_wall_clock_outside_the_command_lines_timing():
    src = ROOT / "src" / "symbound"
    readers = {p.relative_to(src).as_posix() for p in src.rglob("*.py") if CLOCK.search(p.read_text(encoding="utf-8"))}
    assert readers <= DISPLAY_ONLY, sorted(readers - DISPLAY_ONLY)


def test_the_guard_is_cpu_time():
    text = (ROOT / "src" / "symbound" / "limits.py").read_text(encoding="utf-8")
    assert "ITIMER_PROF" in text and "ITIMER_REAL" not in text
