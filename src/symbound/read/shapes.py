"""Declared shapes: [n] or [n, m], each entry a whole number, a `dimension` symbol or an element n[e] of an
indexed dimension (``n: {kind: dimension, indexed: true}``, a width per layer); a sequence's shape may be
written in the index of its element (W[l] of shape ["n[l]", "n[l-1]"])."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import InputError, Location
from symbound.read.document import MAX_LITERAL_DIMENSION
from symbound.read.filelemmas import read_shape
from symbound.read.source import Node
from symbound.read.syntax import DimensionFamily, Scope


class ShapesSection:
    """The reader's part that reads declared shapes (mixed into the derivation reader: ``scope``, ``expr``)."""

    scope: Scope
    expr: Any

    def indexed_flag(self, node: Node | None) -> bool:
        """The `indexed:` field of a dimension: true (a family n[l] of widths) or false."""
        if node is None:
            return False
        if not node.is_scalar() or node.value.strip().lower() not in ("true", "false"):
            raise InputError(node.where, "`indexed:` is true or false", "write `indexed: true` for a width per layer, n[l]")
        return node.value.strip().lower() == "true"

    def shape(self, node: Node | None, name: str, where: Location | None = None, family: bool = False) -> tuple[tuple[sp.Expr, sp.Expr], sp.Symbol | None]:
        """A declared shape and, for a sequence whose shape depends on its element's index (["n[l]", "n[l-1]"]), that index."""
        bound = self.shape_index(node, name, family)
        scope = self.scope.with_names({k: DimensionFamily(v.name, in_shape=True) for k, v in self.scope.names.items() if isinstance(v, DimensionFamily)}
                                      | ({bound.name: bound} if bound is not None else {}))
        shape = read_shape(node, where, (f"'{name}' needs a shape", "write shape: [n] for a vector, [n, m] for a matrix"),
                           "[n] or [n, m]", lambda part: self.dimension(part, scope))
        return shape, bound if bound is not None and any(bound in d.free_symbols for d in shape) else None

    def shape_index(self, node: Node | None, name: str, family: bool) -> sp.Symbol | None:
        """The index a sequence's shape is written in (l in ["n[l]", "n[l-1]"]): a name the file does not declare
        (the element's index), one per shape; none in a vector's or matrix's (``family`` false), where a
        declared `index` or dimension gives a fixed width (n[L])."""
        if node is None or not node.is_list():
            return None
        found: dict[str, Node] = {}
        declared = sorted((n for n in self.scope.names if "_" in n), key=len, reverse=True)  # n_h declared is one name
        for part in node.value:
            if part.is_scalar():
                text = part.value
                for n in declared:
                    text = re.sub(rf"(?<!\w){re.escape(n)}(?!\w)", " ", text)
                for inside in re.findall(r"\[([^\[\]]*)\]|_\{([^{}]*)\}|_(\w)", text):
                    for word in re.findall(r"[A-Za-z]\w*", "".join(inside)):
                        found.setdefault(word, part)
        free = {w: p for w, p in found.items() if w not in self.scope.names}
        for word, part in found.items():
            value = self.scope.names.get(word)
            if family and isinstance(value, sp.Symbol) and value.is_integer and not value.is_positive:
                raise InputError(part.where, f"the shape of the sequence '{name}' uses the declared index '{word}'",
                                 "write it in a new name, the index of the element (W[l] of shape [\"n[l]\", \"n[l-1]\"] with l not declared)")
            if value is not None and not (isinstance(value, sp.Symbol) and value.is_integer):
                raise InputError(part.where, f"the shape's index '{word}' is declared, and is not a whole number",
                                 "write the shape in a new name (\"n[l]\", \"n[l-1]\"), or a declared index (n[L])")
        if free and not family:
            word, part = next(iter(free.items()))
            raise InputError(part.where, f"the shape of '{name}' depends on the index '{word}', which only a sequence's shape may (the index of its element)",
                             f"write a fixed width (n[0], or n[L] with L a declared index), or declare '{name}' as a sequence")
        if len(free) > 1:
            raise InputError(node.where, f"the shape of '{name}' is written in two indices ({', '.join(sorted(free))})",
                             "write every dimension in the one index of the element, e.g. shape: [\"n[l]\", \"n[l-1]\"]")
        return sp.Symbol(next(iter(free)), integer=True) if free else None

    def dimension(self, part: Node, scope: Scope | None = None) -> sp.Expr:
        """One dimension of a declared shape: a whole number up to MAX_LITERAL_DIMENSION, a `dimension` symbol, or an
        element n[e] of an indexed dimension."""
        per_layer = InputError(part.where, f"a dimension that depends on an index ({part.value.strip() if part.is_scalar() else ''}) needs a family of widths",
                               "declare it `n: {kind: dimension, indexed: true}` and write \"n[l]\", \"n[l-1]\" in a sequence's shape")
        indexed = part.is_scalar() and re.fullmatch(r"\$?\s*\\?([A-Za-z]\w*?)\s*(?:_|\^\{?\(|\(|\[).*", part.value.strip())
        try:
            d = self.expr(part, scope, what="a dimension")
        except InputError:  # n_l, n[l], $n^{(l)}$, n(l) with no such family declared: a width per layer
            if indexed and not isinstance((scope or self.scope).names.get(str(indexed.group(1))), DimensionFamily):
                raise per_layer from None
            raise
        if isinstance(d, MatrixExpr) or not (d.is_Integer and d > 0 or d.is_integer and d.is_positive and (d.is_Symbol or isinstance(d, sp.Indexed))):
            if indexed and not isinstance(d, sp.Indexed):  # $n_l$ with n a sequence: its element, a width per layer
                raise per_layer
            raise InputError(part.where, "a dimension must be a positive integer, a `dimension` symbol or an element n[l] of an indexed one",
                             "declare it with `kind: dimension` (`indexed: true` for a width per layer)")
        if d.is_Integer and d > MAX_LITERAL_DIMENSION:
            raise InputError(part.where, f"the dimension {d} is larger than {MAX_LITERAL_DIMENSION}", "use a `dimension` symbol (n: {kind: dimension}) for large sizes")
        return d
