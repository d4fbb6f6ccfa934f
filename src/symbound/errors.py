"""Input errors: every mistake in a derivation file becomes one ``file:line:col: what — instead`` line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a derivation file; line and column count from 1."""

    file: str
    line: int
    col: int

    def shifted(self, cols: int) -> "Location":
        return Location(self.file, self.line, self.col + cols)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class InputError(Exception):
    """A mistake in a derivation file: ``where`` (and ``file``, ``line``, ``col``), ``what`` is wrong and
    ``instead``, the hint (what to write)."""

    def __init__(self, where: Location | None, what: str, instead: str = "") -> None:
        super().__init__(what)
        self.where = where
        self.what = what
        self.instead = instead

    @property
    def file(self) -> str | None:
        return self.where.file if self.where else None

    @property
    def line(self) -> int | None:
        return self.where.line if self.where else None

    @property
    def col(self) -> int | None:
        return self.where.col if self.where else None

    def message(self) -> str:
        """One line: control characters (a newline in a quoted key ...) are escaped, long parts shortened."""
        place = str(self.where) if self.where else "<input>"
        text = f"{place}: {_one_line(self.what)}"
        return f"{text} — {_one_line(self.instead)}" if self.instead else text


MAX_MESSAGE_PART = 300


def _one_line(text: str) -> str:
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in str(text))
    if len(text) > MAX_MESSAGE_PART:
        half = MAX_MESSAGE_PART // 2
        text = f"{text[:half]} … {text[-half:]}"
    return text


class ExprError(Exception):
    """A mistake inside one expression; ``offset`` is the 0-based column within the expression text."""

    def __init__(self, what: str, instead: str = "", offset: int = 0, name: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.instead = instead
        self.offset = offset
        # for "unknown symbol" errors: the name, so the file reader can say more (declared later, a premise id ...)
        self.name = name


class WitnessScriptError(ValueError):
    """The step has no counterexample to reproduce, or its witness cannot be read back."""


class UnknownStep(WitnessScriptError):
    """The step named for a witness is not in the file (a mistake in the command: exit status 2)."""
