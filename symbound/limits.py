"""Bounded resources: a wall-clock limit around any computation that could blow up inside sympy."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .prover import LimitReached


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``LimitReached`` in the block after ``seconds`` of wall time (main thread on Unix; elsewhere a no-op,
    and the prover's own step budget still applies)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise LimitReached(f"time limit of {seconds:g} s reached")

    previous = signal.signal(signal.SIGALRM, expire)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds if not remaining else min(seconds, remaining))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
