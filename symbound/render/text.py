"""Plain-text (Unicode) rendering of expressions in the paper's notation: the names other modules
import, all printed by the one printer in ``mathtext``."""

from __future__ import annotations

from .mathtext import GREEK, NORM_SUB, REL, Notation, UnicodePrinter, name, relation, text

__all__ = ["GREEK", "NORM_SUB", "REL", "Notation", "UnicodePrinter", "name", "relation", "text"]
