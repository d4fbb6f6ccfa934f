"""An expression's text before it is translated: the limits on its size, the paper notation Python cannot parse
rewritten to names it can (σ'(x) → σ__d1(x), λ₁ → λ_1, −, ·, ×), the way back from a parsed column to the written
one, and Python's parser run on it (parsing only) with depth checks.  ``symbound.read.syntax`` translates the tree."""

from __future__ import annotations

import ast
import keyword
import re
import warnings
from typing import Any, Callable

from symbound.errors import ExprError

MAX_EXPR_CHARS = 2000
MAX_NESTING = 40
MAX_AST_DEPTH = 100  # operators and calls nested inside each other (a sum of 100 terms is 100 deep)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SAME_LENGTH = str.maketrans({"−": "-", "·": "*", "×": "*", "\n": " ", "\r": " ", "\t": " "})
# what the user wrote, for the Python constructs the language leaves out
NOT_ALLOWED = {
    "NamedExpr": ("assignments (:=) are not part of the expression language", "name values under `definitions`"),
    "Lambda": ("lambda functions are not part of the expression language", "use the functions of docs/format.md"),
    "ListComp": ("comprehensions are not part of the expression language", "write prod(body, i, a, b) for a product over an index"),
    "SetComp": ("comprehensions are not part of the expression language", "write prod(body, i, a, b) for a product over an index"),
    "DictComp": ("comprehensions are not part of the expression language", "write prod(body, i, a, b) for a product over an index"),
    "GeneratorExp": ("comprehensions are not part of the expression language", "write prod(body, i, a, b) for a product over an index"),
    "BoolOp": ("'and'/'or' are not part of the expression language", "write each condition as its own premise"),
    "IfExp": ("conditional expressions (a if c else b) are not part of the expression language", "use max(a, b) or min(a, b), or split the case into premises"),
    "Compare": ("a comparison cannot stand inside a term", 'a step\'s relation is its key: write `- "<=": rhs`; a premise is `claim: a <= b`'),
    "Starred": ("* unpacking is not part of the expression language", "pass each argument explicitly"),
    "Slice": ("slices are not part of the expression language", "index a sequence with one time step: x[k]"),
    "JoinedStr": ("strings are not part of the expression language", "write names and numbers only"),
    "List": ("lists are not part of the expression language", "write a single expression"),
    "Set": ("sets are not part of the expression language", "write a single expression"),
    "Dict": ("dictionaries are not part of the expression language", "write a single expression"),
    "Await": ("'await' is not part of the expression language", "write names, numbers and the functions of docs/format.md"),
    "Yield": ("'yield' is not part of the expression language", "write names, numbers and the functions of docs/format.md"),
    "YieldFrom": ("'yield' is not part of the expression language", "write names, numbers and the functions of docs/format.md"),
}


_PRIMES = re.compile(r"([^\W\d]\w*)((?:')+)")
_SUBSCRIPT_RUN = re.compile(r"(?<=\w)([₀-₉]+)")


def _rewrite(text: str, origin: list[int], pattern: re.Pattern, pieces: Callable[[re.Match], list[tuple[str, int]]]) -> tuple[str, list[int]]:
    """Substitute ``pattern`` and keep ``origin`` (for each character, its index in the original text)."""
    out: list[str] = []
    org: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        org.extend(origin[last : m.start()])
        for piece, at in pieces(m):
            out.append(piece)
            org.extend([origin[at]] * len(piece))
        last = m.end()
    out.append(text[last:])
    org.extend(origin[last:])
    return "".join(out), org


def _preprocess_map(text: str) -> tuple[str, list[int]]:
    """``_preprocess`` and, for each character of its result (and one past the end), the index it came from."""
    origin = list(range(len(text) + 1))
    text, origin = _rewrite(
        text, origin, _PRIMES,
        lambda m: [(c, m.start(1) + j) for j, c in enumerate(m.group(1))] + [(f"__d{len(m.group(2))}", m.start(2))],
    )
    text, origin = _rewrite(text, origin, _SUBSCRIPT_RUN, lambda m: [("_", m.start(1))] + [(c.translate(_SUBSCRIPTS), m.start(1) + j) for j, c in enumerate(m.group(1))])
    return text.translate(_SAME_LENGTH), origin


def _preprocess(text: str) -> str:
    """Turn paper notation Python cannot parse into names it can: σ'(x) → σ__d1(x), λ₁ → λ_1."""
    return _preprocess_map(text)[0]


class Source:
    """An expression's text as parsed, and the way back from a column in it to a column of what was written."""

    def __init__(self, written: str, scope: Any = None) -> None:
        """``scope``: the names in use (``symbound.read.syntax.Scope``), whose ``notation`` may read LaTeX first."""
        written = str(written)
        if len(written) > MAX_EXPR_CHARS:
            raise ExprError(f"the expression is {len(written):,} characters long", f"keep expressions under {MAX_EXPR_CHARS} characters; name parts in `definitions`")
        spelled = scope.notation(written, scope.names) if scope is not None and scope.notation is not None else None
        text, self.origin = _preprocess_map(written if spelled is None else spelled[0])
        if spelled is not None:  # back to the LaTeX as written
            self.origin = [spelled[1][min(i, len(spelled[1]) - 1)] for i in self.origin]
        self.lead = len(text) - len(text.lstrip())
        self.text = text.strip()
        self.written = written

    def original(self, offset: int) -> int:
        """The 0-based column in the written text of the character at ``offset`` of ``self.text``."""
        return self.origin[min(max(offset, 0) + self.lead, len(self.origin) - 1)]

    def char_offset(self, byte_offset: int) -> int:
        """``ast`` columns count UTF-8 bytes; the file's columns count characters."""
        return len(self.text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))



def _too_deep_at(text: str) -> int | None:
    """The offset of the first bracket nested deeper than MAX_NESTING, if any."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return i
        elif ch in ")]}":
            depth -= 1
    return None


TOO_DEEP = ("the expression is nested too deeply", "name parts of it in `definitions`")


def parse_ast(text: str) -> ast.expr:
    """Parse (never evaluate) the text of one expression, already preprocessed and stripped."""
    if len(text) > MAX_EXPR_CHARS + MAX_EXPR_CHARS // 2:
        raise ExprError(f"the expression is {len(text):,} characters long", f"keep expressions under {MAX_EXPR_CHARS} characters; name parts in `definitions`")
    if not text:
        raise ExprError("the expression is empty", "write an expression, e.g. norm(W_rec) * gamma")
    deep = _too_deep_at(text)
    if deep is not None:
        raise ExprError(*TOO_DEEP, deep)
    if text.count("**") > MAX_NESTING:
        raise ExprError(*TOO_DEEP, text.find("**"))
    if text.count("-") > 4 * MAX_NESTING:
        raise ExprError(*TOO_DEEP, text.find("-"))
    if "'" in text or '"' in text:
        raise ExprError("quotes are not part of the expression language", "write norm kinds as bare words: norm(A, fro)", text.find("'") if "'" in text else text.find('"'))
    if "\\" in text:  # a LaTeX command outside $…$: Python would speak of "line continuation characters"
        raise ExprError("LaTeX must be written between dollar signs",
                        "write the whole expression as '$...$' (e.g. '$\\|W\\|_2 \\le c$'), or in symbound's syntax (norm(W, 2) <= c)", text.find("\\"))
    if "^" in text:
        raise ExprError("'^' is not a power here", "write powers with ** (eta ** (t - k))", text.find("^"))
    try:
        with warnings.catch_warnings():  # Python's own warnings about odd literals ("1if") would reach the user's terminal
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        sentence = re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}", text)
        if sentence is not None:  # words side by side: English, not an expression
            raise ExprError("this reads as a sentence, not an expression",
                            "write it with symbols (e.g. lambda_1 < 1/gamma) and put the words under `text:`", sentence.start()) from None
        word = re.search(r"(?<![\w.])(" + "|".join(keyword.kwlist) + r")(?!\w)", text)
        if word is not None:  # text that does not parse and holds a keyword: almost always the keyword as a name
            name = word.group(1)
            raise ExprError(f"'{name}' is a Python keyword, which cannot be a name in an expression",
                            f"declare it as {name}_1 or {name[:3]} (with `latex:` for printing)", word.start()) from None
        side = re.search(r"([\w\])]+)\s+([A-Za-z_(][\w]*)", text)
        if side is not None:  # two terms side by side, as a paper writes a product (W x)
            left, right = side.group(1), side.group(2)
            raise ExprError(f"two terms side by side ('{left} {right}')",
                            f"write the product: {left} @ {right} for a matrix times a matrix or vector, {left} * {right} for scalars", side.start(2)) from None
        if not exc.offset or exc.offset > len(text):  # Python reports the end of the text as offset 0
            raise ExprError("cannot parse the expression (it ends too early)", "complete it; see docs/format.md, 'Expressions'", len(text)) from None
        raise ExprError(f"cannot parse the expression ({exc.msg})", "see docs/format.md, 'Expressions'", exc.offset - 1) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError(*TOO_DEEP) from None
    _check_depth(tree.body)
    return tree.body


def _check_depth(root: ast.expr) -> None:
    """Refuse syntax trees deeper than MAX_AST_DEPTH (walked with an explicit stack, not recursion)."""
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_AST_DEPTH:
            raise ExprError("the expression is nested too deeply", f"at most {MAX_AST_DEPTH} operators or calls inside each other; name parts of it in `definitions`", getattr(node, "col_offset", 0))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
