"""The names of a LaTeX formula (read/latex.py): a letter, a word or a command with its scripts read as
a declared symbol, a sequence's element, a vector's coordinate, an operator, or a product of declared
letters run together (``2te^{-t}``, ``xy^2``).

The declarations decide every reading; where they leave two open (a run of letters that is also a
declared name, ``u_i`` declared beside the vector u) the error names both.
"""

from __future__ import annotations

import re
from typing import Any

import lark
from sympy.matrices.expressions import MatrixExpr

from symbound import ops
from symbound.errors import ExprError
from symbound.read import texmacros
from symbound.read.latex_spelling import Code, Head, index_range, join, letter_splits, script_key, top_level_parts
from symbound.read.syntax import Activation, DimensionFamily, IndexedDefinition, Sequence

_LETTERFORM = re.compile(r"^(cal|scr|frak)([A-Za-z])$")  # \mathcal{L} as texmacros spells it: calL
_AS_WRITTEN = r"\\math\1{\2}"
# functions papers write that the expression language has no operator for: refused by name, never read as letters
NOT_READ = {"lg": "the logarithm to base 2", "tr": "the trace", "Tr": "the trace",
            "trace": "the trace", "det": "the determinant", "sin": "the sine", "cos": "the cosine", "tan": "the tangent",
            "arg": "the argument", "rank": "the rank", "sgn": "the sign function", "sign": "the sign function",
            "mid": "a divides or given bar", "lim": "a limit inside a term", "sup": "the supremum", "inf": "the infimum"}


class Names:
    """What a name means in one formula: mixed into read/latex.py's reader, whose ``at``, ``parse`` and
    ``scripted`` it uses."""

    names: dict[str, Any]
    keys: dict[str, set[str]]
    heads: dict[str, str]
    bound: dict[str, str]
    entry: str | None
    entries: int

    def lookup(self, key: str) -> set[str]:
        if key in self.bound:
            return {self.bound[key]}
        return self.keys.get(key, set())

    def named(self, atom: lark.Token, scripts: list[tuple[str, str, int]], base: int) -> list[Code | Head]:
        """A letter, word or command with its scripts: a declared symbol, a sequence's element, a
        coordinate, an operator, or declared letters run together."""
        at = self.at(base + atom.start_pos)
        key = texmacros.canonical(atom.value)
        rest = scripts
        if self.heads.get(key) in ("prod", "sum") and not self.lookup(key):
            return [self.head(self.heads[key], scripts, at, "big")]
        if self.heads.get(key) == "max" and scripts and scripts[0][0] == "SUB" and ("=" in scripts[0][1] or index_range(tuple(scripts))) and not self.lookup(key):
            return [self.head("max", scripts, at, "big")]  # \max_{i=1}^{n} body, \max_{1 \le i \le n} body: the largest over a range
        if self.heads.get(key) == "max" and scripts and scripts[0][0] == "SUB" and not self.lookup(key):
            return [self.head("max_abs", scripts, at, "big")]  # \max_i |v_i|
        if scripts and self.is_entry(scripts[0]) and self.lookup(key):
            return [self.entry_of(self.symbol(self.unique(self.lookup(key), atom.value, at), [], at), scripts)]
        joined = self.joined(key, scripts, atom.value, at)
        if joined is not None:
            return [joined]
        if atom.type == "WORD" and len(key) > 1:
            run = self.run_of_letters(atom, key, scripts, base, at)
            if run is not None:
                return run
        if scripts and scripts[0][0] == "SUB":
            return self.subscripted(atom, key, scripts, base, at)
        names = self.lookup(key)
        if names:
            return [self.symbol(self.unique(names, atom.value, at), rest, at)]
        if key in self.heads:
            return [self.head(self.heads[key], rest, at)]
        if key == ops.exponential.E_NAME:  # Euler's e, as in the expression language: a declared e hides it
            return [self.scripted(Code.of(key, at), rest, base)]
        if key == "I":
            return [self.scripted(Code.of("I", at, "matrix"), rest, base)]
        acts = sorted(n for n, v in self.names.items() if isinstance(v, Activation) and v.function == key.lower())  # \mathrm{ReLU}
        if acts:
            return [self.symbol(self.unique(set(acts), atom.value, at), rest, at)]
        if key in NOT_READ:
            raise ExprError(f"{atom.value}: {NOT_READ[key]} is not in the expression language",
                            f"declare the quantity as a symbol with its LaTeX (latex: '{atom.value}(x)') and state what the proof needs about it as premises", at)
        if atom.type == "CMD" and key not in ops.GREEK:
            raise ExprError(f"unknown LaTeX command {atom.value}", "declare a symbol with this `latex:`, define it under `macros:` (or in the paper's preamble), or see docs/format.md, 'LaTeX'", at)
        raise ExprError(f"unknown symbol {_LETTERFORM.sub(_AS_WRITTEN, atom.value)}", "declare it under `symbols` (its name or its `latex:`)", at, key)

    def run_of_letters(self, atom: lark.Token, key: str, scripts: list[tuple[str, str, int]], base: int, at: int) -> list[Code | Head] | None:
        """Letters run together as LaTeX authors write products (``2te^{-t}``, ``xy^2``, ``ab_k``): the
        product of the declared names (or Euler's e, or I) they are made of, the scripts on the last;
        None when no such reading exists.  A run that is also one name, or that cuts two ways, is an error."""
        sub = f"{key}_{texmacros.canonical(scripts[0][1])}" if scripts and scripts[0][0] == "SUB" else None
        whole = self.lookup(key) | (self.lookup(sub) if sub else set())
        longest = max(map(len, self.keys), default=1)
        cuts = [c for c in letter_splits(key, lambda w: bool(self.lookup(w)) or w in (ops.exponential.E_NAME, "I"), longest) if len(c) > 1]
        if key in NOT_READ and not whole:
            raise ExprError(f"{key} written as letters is set by TeX as the product {' '.join(key)}, and {NOT_READ[key]} is not in the expression language",
                            f"declare the quantity as a symbol with its LaTeX (latex: '\\{key}(x)') and state what the proof needs about it as premises", at)
        if not cuts:
            return None
        product = " ".join(cuts[0])
        if whole or key in self.heads:
            what = f"the symbol '{min(whole)}'" if whole else f"the operator {self.heads[key]}"
            raise ExprError(f"{key} can be read two ways: as {what} or as the product {product}",
                            "separate the factors with \\, or \\cdot, or rename the symbol", at)
        if len(cuts) > 1:
            raise ExprError(f"{key} can be read two ways: as the product {product} or as the product {' '.join(cuts[1])}",
                            "separate the factors with \\, or \\cdot", at)
        items: list[Code | Head] = []
        offset = 0
        for j, piece in enumerate(cuts[0]):
            last = j == len(cuts[0]) - 1
            items += self.named(lark.Token("WORD", piece, start_pos=atom.start_pos + offset), scripts if last else [], base)
            offset += len(piece)
        return items

    def subscripted(self, atom: lark.Token, key: str, scripts: list[tuple[str, str, int]], base: int, at: int) -> list[Code | Head]:
        """``x_k``, ``u_i``, ``x_{t,i}``: a symbol whose latex: has the subscript, an operator, a sequence's
        element, or a vector's coordinate (counted from 1); both a symbol and an element: an error."""
        (_, raw, pos), rest = scripts[0], scripts[1:]
        index_text = texmacros.canonical(raw)
        joint = f"{key}_{index_text}"
        joined = self.lookup(joint)
        indexable = sorted(n for n in self.lookup(key) if isinstance(self.names.get(n), (Sequence, IndexedDefinition, DimensionFamily)))
        arrays = sorted(n for n in self.lookup(key) - joined if self.shape_of(n) is not None)  # θ declared with latex: '\theta_t' is θ
        written = f"{atom.value}_{raw}"
        if joined and (indexable or arrays):
            what = f"the element {indexable[0]}[{raw.strip('{}')}] of a sequence" if indexable else f"the coordinate {arrays[0]}[{raw.strip('{}')}] of a vector"
            raise ExprError(f"{written} can be read two ways: as the symbol '{min(joined)}' or as {what}",
                            "rename one of them, or give the symbol a different `latex:`", at)
        if joined:
            return [self.symbol(self.unique(joined, written, at), rest, at)]
        if joint in self.heads:
            return [self.head(self.heads[joint], rest, at)]
        inner, start = (raw[1:-1], pos + 1) if raw.startswith("{") else (raw, pos)
        if indexable:
            parts = top_level_parts(inner)
            if len(parts) > 2:
                raise ExprError(f"{written} has {len(parts)} indices", f"write the element and one coordinate: {atom.value}_{{t,i}}", at)
            if len(parts) == 2:
                self.one_index(parts[1][0], written, indexable[0], at, joint)
            value = join([(indexable[0] + "[", at), self.parse(parts[0][0], start), ("]", at)], "matrix")
            if len(parts) == 2:  # x_{t,i}: the coordinate i of the element x_t
                value = join([value, ("[", at), self.parse(parts[1][0], start + parts[1][1]), ("]", at)], "scalar")
            return [self.scripted(value, rest, base)]
        if arrays:
            rows, cols = self.shape_of(arrays[0])
            if rows != 1 and cols != 1:
                raise ExprError(f"{written} reads as an entry of the matrix {arrays[0]}, and entries of a matrix are not read",
                                f"declare the entry as a scalar symbol (latex: '{written}'), or write a coordinate of a vector, (W v)_i", at, joint)
            self.one_index(inner, written, arrays[0], at, joint)
            value = join([(arrays[0] + "[", at), self.parse(inner, start), ("]", at)], "scalar")
            return [self.scripted(value, rest, base)]
        if key in self.heads and not self.lookup(key):  # \log_2 x: a base or label the operator does not take
            raise ExprError(f"{self.heads[key]} takes no subscript here ({written})", f"write {atom.value}(…), or declare a symbol with latex: '{written}'", at, joint)
        if self.lookup(key):
            raise ExprError(f"no symbol is declared as {written}, and {atom.value} is not a sequence or a vector",
                            "declare the symbol (with `latex:`), or `kind: sequence` to index it", at, joint)
        raise ExprError(f"unknown symbol {_LETTERFORM.sub(_AS_WRITTEN, atom.value)}_{raw}", "declare it under `symbols` (its name or its `latex:`)", at, joint)

    def one_index(self, text: str, written: str, of: str, at: int, joint: str) -> None:
        """A coordinate's index written as letters run together (ij, rec) is no product: two indices or a label."""
        index = texmacros.canonical(text)
        if re.fullmatch(r"[A-Za-z]{2,}", index) and not self.lookup(index):
            raise ExprError(f"no symbol is declared as {written}, and {index} is not one index of a coordinate of {of} (two indices, or a label)",
                            "declare the symbol (with `latex:`), or write the coordinate with one index", at, joint)

    def shape_of(self, name: str) -> tuple[Any, Any] | None:
        """The shape of a declared (or defined) vector or matrix, None for anything else."""
        obj = self.names.get(name)
        value = obj if isinstance(obj, MatrixExpr) else getattr(obj, "value", None)
        return value.shape if isinstance(value, MatrixExpr) else None

    def joined(self, key: str, scripts: list[tuple[str, str, int]], written: str, at: int) -> Code | Head | None:
        """The symbol whose declared latex: is ``key`` with its first scripts (W^{in}, x'), if any; a
        single subscript is left to ``named``, which weighs it against a sequence's index."""
        for j in range(len(scripts), 1 if scripts and scripts[0][0] == "SUB" else 0, -1):
            names = self.lookup(key + "".join(script_key(s) for s in scripts[:j]))
            if names:
                return self.symbol(self.unique(names, written, at), scripts[j:], at)
        return None

    def unique(self, names: set[str], written: str, at: int) -> str:
        if len(names) > 1:
            raise ExprError(f"{written} can be read as any of the symbols {', '.join(sorted(names))}", "give them different `latex:` forms", at)
        return next(iter(names))

    def symbol(self, name: str, scripts: list[tuple[str, str, int]], at: int) -> Code | Head:
        obj = self.names.get(name)
        if isinstance(obj, Activation):
            return self.head(name, scripts, at, "activation")
        if isinstance(obj, Sequence):
            raise ExprError(f"{name} is a sequence: write its element, {name}_k", "add the index as a subscript", at)
        kind = "matrix" if self.shape_of(name) is not None else "scalar"
        return self.scripted(Code.of(name, at, kind), scripts, 0)

    def is_entry(self, script: tuple[str, str, int]) -> bool:
        return self.entry is not None and script[0] == "SUB" and texmacros.canonical(script[1].strip("{}")) == self.entry

    def entry_of(self, value: Code | Head, scripts: list[tuple[str, str, int]]) -> Code:
        """v_i, the entry i of a vector or matrix in \\max_i |v_i| (only there)."""
        at = self.at(scripts[0][2])
        if not isinstance(value, Code) or value.kind != "matrix" or len(scripts) > 1:
            raise ExprError("in \\max_i |v_i| the subscript i marks an entry of a vector or matrix, written once", "write \\max_i |v_i|", at)
        self.entries += 1
        return value.as_("entry")

    def head(self, name: str, scripts: list[tuple[str, str, int]], at: int, kind: str = "") -> Head:
        kind = kind or {"jacobian": "partial"}.get(name, "function")
        if kind == "big":
            return Head(name, at, kind, scripts=tuple(scripts))
        order = 0
        for typ, raw, pos in scripts:
            if typ == "PRIME" and kind == "activation":
                order += len(raw)
            else:
                raise ExprError(f"{name} takes no {'sub' if typ == 'SUB' else 'super' if typ == 'SUP' else ''}script here", f"write {name}(…)", self.at(pos))
        return Head(name, at, kind, order)
