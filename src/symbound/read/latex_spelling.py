"""A formula read from LaTeX, spelled in the expression language (read/latex.py): the spelled text
with, for each character, the index of the LaTeX character it came from (``Code``), the pieces that
apply to what follows them (``Head``: an activation, an operator, a big operator), and the parse tree's
scripts and positions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

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


def letter_splits(word: str, readable: Callable[[str], bool], longest: int, most: int = 3) -> list[tuple[str, ...]]:
    """Up to ``most`` ways to cut ``word`` into pieces of at most ``longest`` letters, each ``readable``
    (the whole word, when readable, is one of them); linear in the word's length for a fixed ``longest``."""
    ends: dict[int, bool] = {len(word): True}  # whether word[i:] can be cut
    for i in range(len(word) - 1, -1, -1):
        ends[i] = any(ends[j] and readable(word[i:j]) for j in range(i + 1, min(len(word), i + longest) + 1))
    found: list[tuple[str, ...]] = []

    def cut(i: int, pieces: tuple[str, ...]) -> None:
        if i == len(word):
            found.append(pieces)
            return
        for j in range(min(len(word), i + longest), i, -1):
            if len(found) < most and ends[j] and readable(word[i:j]):
                cut(j, pieces + (word[i:j],))

    if ends[0]:
        cut(0, ())
    return found


_BETWEEN = re.compile(r"^(?P<lo>.+?)\\le\s*(?P<var>\\?[A-Za-z]+)\s*\\le(?![A-Za-z])(?P<hi>.+)$", re.S)


def index_range(scripts: tuple[tuple[str, str, int], ...]) -> tuple[str, tuple[str, int], tuple[str, int]] | None:
    """A big operator's range from its scripts, as (index, (low, its offset), (high, its offset)):
    ``_{i=a}^{b}`` or ``_{a \\le i \\le b}``; None when it is written otherwise."""
    subs = [s for s in scripts if s[0] == "SUB"]
    sups = [s for s in scripts if s[0] == "SUP"]
    if len(subs) != 1 or len(sups) > 1:
        return None
    _, raw, pos = subs[0]
    inner, start = (raw[1:-1], pos + 1) if raw.startswith("{") else (raw, pos)
    between = _BETWEEN.match(inner)
    if between and not sups:
        return texmacros.canonical(between["var"]), (between["lo"], start), (between["hi"], start + between.start("hi"))
    if "=" not in inner or len(sups) != 1:
        return None
    index, low = inner.split("=", 1)
    _, top, top_pos = sups[0]
    high = (top[1:-1], top_pos + 1) if top.startswith("{") else (top, top_pos)
    return texmacros.canonical(index), (low, start + len(index) + 1), high


def top_level_parts(text: str) -> list[tuple[str, int]]:
    """``text`` cut at its commas outside brackets and braces (x_{t,i}), each part with its offset."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if ch == "," and depth == 0:
            parts.append((text[start:i], start))
            start = i + 1
    return parts + [(text[start:], start)]


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
