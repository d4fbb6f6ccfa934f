"""What the command-line process does not pay for at start-up.

``sympy.simplify`` asks whether an expression holds a physical quantity, and to ask it imports
``sympy.physics.units`` — with ``sympy.physics``, 0.35–0.65 s, more than importing sympy itself — the
first time it runs in a process.  symbound's expressions never hold quantities.  For the duration of one
command, and only when no one has imported that module yet, :func:`without_units` puts a stand-in under
its name whose ``Quantity`` nothing is an instance of, so the question is answered at once (the answer,
"no", is the true one).  Afterwards the stand-in is removed again, so a later real import is unaffected.
Verdicts do not depend on it: simplify takes the same path for every expression without quantities.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

UNITS = "sympy.physics.units"


class _NoQuantity:
    """Stands for sympy's Quantity while the stand-in module is installed: no expression holds one."""


@contextmanager
def without_units() -> Iterator[None]:
    """Within the block, ``from sympy.physics.units import Quantity`` (or ``Unit``) is answered without importing sympy.physics."""
    if UNITS in sys.modules or "sympy.physics" in sys.modules:
        yield
        return
    stand_in = types.ModuleType(UNITS, "symbound's stand-in: no expression symbound builds holds a physical quantity")
    stand_in.Quantity = _NoQuantity  # type: ignore[attr-defined]
    stand_in.Unit = _NoQuantity  # type: ignore[attr-defined]  # (sympy's checksol: ``val.as_independent(Unit)``)
    sys.modules[UNITS] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(UNITS) is stand_in:
            del sys.modules[UNITS]
