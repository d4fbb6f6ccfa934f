"""The library's entry point: ``symbound.verify(path)`` returns the report the CLI prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checker import check
from .derivation import read
from .verdicts import Report


def verify(path: str | Path, timeout: float = 10.0, seed: int = 0, budget: int = 3000,
           search: bool = True, repair: bool = True, cache: Any = None) -> Report:
    """Read a derivation file and check every link and the conclusion.

    Raises ``symbound.errors.InputError`` for a malformed file (its ``message()`` is the
    ``file:line:col: what — instead`` line the CLI prints).  ``seed`` and ``budget`` steer the
    counterexample search (``search``); ``repair`` looks for the changes that would fix what fails.
    ``cache`` (a ``symbound.cache.Store``) keeps each proved link's proof, replayed through the kernel
    on the next run.
    """
    return check(read(path), timeout=timeout, seed=seed, budget=budget, search=search, repair=repair, cache=cache)
