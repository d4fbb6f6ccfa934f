"""symbound: checks the inequality derivations of machine-learning papers, step by step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symbound.version import __version__
__all__ = ["verify", "lemmas", "InputError", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from symbound.api import lemmas, verify
    from symbound.errors import InputError


def __getattr__(name: str) -> Any:
    """Import lazily, so that `symbound --help` does not pay for sympy."""
    if name == "verify":
        from symbound.api import verify

        return verify
    if name == "lemmas":
        from symbound.api import lemmas

        return lemmas
    if name == "InputError":
        from symbound.errors import InputError

        return InputError
    raise AttributeError(name)
