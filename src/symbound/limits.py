"""Bounded resources.  Search budgets are deterministic (steps, instances); the CPU-time limit here is
only a last-resort guard around computations that could blow up inside sympy, and a verdict it cuts
short says so.  It counts the process's own CPU time, not the clock, so a busy machine (other processes
taking the cores) does not make it fire."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator



class LimitReached(Exception):
    """A budget (search steps, instances) or the last-resort CPU-time guard ran out."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``LimitReached`` in the block after ``seconds`` of this process's CPU time (user and system; main
    thread on Unix; elsewhere a no-op, and the prover's own step budget still applies)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise LimitReached(f"CPU-time guard of {seconds:g} s reached (a last resort: this verdict depends on the machine's speed)")

    previous = signal.signal(signal.SIGPROF, expire)
    remaining, _ = signal.getitimer(signal.ITIMER_PROF)
    signal.setitimer(signal.ITIMER_PROF, seconds if not remaining else min(seconds, remaining))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
