"""symbound: checks the inequality derivations of machine-learning papers, step by step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__
__all__ = ["verify", "InputError", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import verify
    from .errors import InputError


def __getattr__(name: str) -> Any:
    """Import lazily, so that `symbound --help` does not pay for sympy."""
    if name == "verify":
        from .api import verify

        return verify
    if name == "InputError":
        from .errors import InputError

        return InputError
    raise AttributeError(name)
