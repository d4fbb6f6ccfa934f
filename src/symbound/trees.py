"""Generic expression-tree helpers, for every layer."""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp


def transform(e: Any, fn: Callable[[Any], Any]) -> Any:
    """Rebuild an expression bottom-up, letting ``fn`` replace each node (None keeps it)."""
    if not isinstance(e, sp.Basic) or not e.args:
        out = fn(e)
        return e if out is None else out
    args = [transform(a, fn) for a in e.args]
    rebuilt = e if all(a is b for a, b in zip(args, e.args)) else e.func(*args)
    out = fn(rebuilt)
    return rebuilt if out is None else out
