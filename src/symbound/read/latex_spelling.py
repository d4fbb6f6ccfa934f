"""A formula read from LaTeX, spelled in the expression language (read/latex.py): the spelled text
with, for each character, the index of the LaTeX character it came from (``Code``), the pieces that
apply to what follows them (``Head``: an activation, an operator, a big operator), and the parse tree's
scripts and positions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lark

from symbound.read import texmacros


@dataclass(frozen=True)
class Code:
    """Text of the expression language, each character with the index of the LaTeX it came from."""

    text: str
    origin: tuple[int, ...]
    kind: str = "scalar"  # "scalar", "matrix", "args" (a parenthesised list, only as arguments), "entry" (v_i in \max_i |v_i|), "entry abs" (|v_i|)
    prec: int = 0  # how loosely it binds: 0 an atom or call, 1 a power, 2 a sign, 3 a product, 4 a sum
    bracketed: bool = False  # written in brackets: (x), the argument list of an application

    @staticmethod
    def of(text: str, at: int, kind: str = "scalar") -> "Code":
        return Code(text, (at,) * len(text), kind)

    def __add__(self, other: "Code") -> "Code":
        return Code(self.text + other.text, self.origin + other.origin, self.kind)

    def as_(self, kind: str) -> "Code":
        return Code(self.text, self.origin, kind)


def join(pieces: list[Code | tuple[str, int]], kind: str, prec: int = 0) -> Code:
    """The pieces one after the other (a tuple is literal text at an index)."""
    text, origin = [], []
    for p in pieces:
        c = Code.of(p[0], p[1]) if isinstance(p, tuple) else p
        text.append(c.text)
        origin.extend(c.origin)
    return Code("".join(text), tuple(origin), kind, prec)


@dataclass(frozen=True)
class Scripts:
    """The sub- and superscripts after a bracket: of the bracket, or of the application it closes (\\rho(V)^t)."""

    scripts: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Head:
    """Something that applies to what follows it: an activation, an operator, a big product."""

    name: str  # the name in the expression language (sigma, rho, prod)
    at: int
    kind: str  # "activation", "function", "big" (\\prod, \\sum, \\max_i), "partial"
    order: int = 0  # primes on an activation
    scripts: tuple[tuple[str, str, int], ...] = ()  # a big operator's _{i=k} and ^{t-1}: (SUB/SUP, raw, at)



def start_of(node: Any) -> int:
    return node.start_pos if isinstance(node, lark.Token) else node.meta.start_pos


def end_of(node: Any) -> int:
    return node.end_pos if isinstance(node, lark.Token) else node.meta.end_pos


def script_key(script: tuple[str, str, int]) -> str:
    """A script as a canonical name spells it: _rec, ^in, '."""
    typ, raw, _ = script
    return raw if typ == "PRIME" else ("_" if typ == "SUB" else "^") + texmacros.canonical(raw)


def script_of(tok: lark.Token, base: int) -> tuple[str, str, int]:
    """A script token as (type, its content as written, the offset of that content)."""
    if tok.type == "PRIME":
        return tok.type, tok.value, base + tok.start_pos
    content = tok.value[1:]
    lead = len(content) - len(content.lstrip())
    primes = re.fullmatch(r"\{?((?:\s*\\prime(?![A-Za-z]))+)\s*\}?", content.strip())
    if tok.type == "SUP" and primes:  # f^{\prime\prime} is f''
        return "PRIME", "'" * primes.group(1).count("\\prime"), base + tok.start_pos
    return tok.type, content.strip(), base + tok.start_pos + 1 + lead


def atomic(text: str) -> bool:
    """Whether ``text`` is one name, number, sequence element or call: parentheses would add nothing."""
    if re.fullmatch(r"[\w.']+(\[[^\[\]]*\])?", text):
        return True
    m = re.match(r"[\w']*\(", text)
    if m is None or not text.endswith(")"):
        return False
    depth = 0
    for i, ch in enumerate(text[m.end() - 1 :], m.end() - 1):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def sum_kind(a: Code, b: Code) -> str:
    return "matrix" if "matrix" in (a.kind, b.kind) else "scalar"


def partial_of(node: Any) -> list[Any] | None:
    """The factors after a leading \\partial, if the node is such a juxtaposition."""
    while isinstance(node, lark.Tree) and node.data == "group":
        node = node.children[0]
    if isinstance(node, lark.Tree) and node.data == "juxt":
        first = node.children[0]
        tok = first.children[0] if isinstance(first, lark.Tree) and first.data == "factor" else first
        if isinstance(tok, lark.Token) and tok.value == r"\partial" and len(node.children) > 1:
            return node.children[1:]
    return None


def atom_kind(factor: Any) -> str:
    """What a factor's atom is: a token's type (WORD, CMD, NUMBER) or a tree's rule (bracket, paren, …)."""
    atom = factor.children[0] if isinstance(factor, lark.Tree) and factor.data == "factor" else factor
    return atom.type if isinstance(atom, lark.Token) else atom.data


def shown(text: str) -> str:
    marks = {texmacros.OPEN_NORM: "\\|", texmacros.CLOSE_NORM: "\\|", texmacros.OPEN_ABS: "|", texmacros.CLOSE_ABS: "|"}
    return text if text == "the end" else f"'{marks.get(text, text)}'"


EXPECTED = {
    "$END": "the end of the formula", "ACCENT": "an accent (\\tilde …)", "_SET_OPEN": "'\\{'", "_SET_CLOSE": "'\\}'",
    "_NORM_OPEN": "'\\|'", "_NORM_CLOSE": "a closing '\\|'", "_ABS_OPEN": "'|'", "_ABS_CLOSE": "a closing '|'",
    "RPAR": "')'", "LPAR": "'('", "RSQB": "']'", "LSQB": "'['", "LANGLE": "\\langle", "RANGLE": "\\rangle", "RBRACE": "'}'", "LBRACE": "'{'", "COMMA": "','", "WORD": "a symbol", "CMD": "a command",
    "NUMBER": "a number", "ADD": "'+' or '-'", "MUL": "'\\cdot'", "DIV": "'/'",
    "REL": "a relation", "FRAC": "\\frac", "SQRT": "\\sqrt", "SUB": "'_'", "SUP": "'^'", "PRIME": "'",
}
