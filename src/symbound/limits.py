"""Bounded resources.  Search budgets are deterministic (steps, instances); the wall-clock limit here is
only a last-resort guard around computations that could blow up inside sympy, and a verdict it cuts
short says so."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator



class LimitReached(Exception):
    """A budget (search steps, instances) or the last-resort wall-clock guard ran out."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``LimitReached`` in the block after ``seconds`` of wall time (main thread on Unix; elsewhere a no-op,
    and the prover's own step budget still applies)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise LimitReached(f"wall-clock guard of {seconds:g} s reached (a last resort: this verdict depends on the machine's speed)")

    previous = signal.signal(signal.SIGALRM, expire)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds if not remaining else min(seconds, remaining))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
