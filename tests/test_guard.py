"""The last-resort guard counts symbound's own CPU time, not the clock: a busy machine (other processes on
the cores, a process put to sleep) never cuts a verdict short, so the verdict does not depend on the load."""

from __future__ import annotations

import time

import pytest

from symbound.limits import LimitReached, time_limit


def _spin(cap: float) -> None:
    """Burn CPU until the guard fires, or fail after ``cap`` seconds of the clock."""
    start = time.monotonic()
    x = 0
    while time.monotonic() - start < cap:
        x += 1
    pytest.fail(f"the guard did not fire within {cap} s of CPU-bound work")


def test_cpu_bound_work_is_cut_short():
    with pytest.raises(LimitReached, match="CPU-time guard"):
        with time_limit(0.2):
            _spin(30)


def test_time_without_cpu_does_not_count():
    """Waiting (as a process does while others hold the cores) spends clock time but no CPU time."""
    with time_limit(0.2):
        time.sleep(0.6)


def test_an_inner_guard_keeps_the_outer_one():
    with pytest.raises(LimitReached):
        with time_limit(0.2):
            with time_limit(100):
                _spin(30)


def test_the_guard_is_removed_after_its_block():
    with time_limit(0.2):
        pass
    start = time.process_time()
    while time.process_time() - start < 0.4:  # more CPU than the guard allowed: nothing fires now
        pass
