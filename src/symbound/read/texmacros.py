"""LaTeX math before it is parsed: tokens, the author's macros expanded (bounded), and notation with
one meaning spelled one way (sizing and spacing dropped, fonts taken off names, bars told apart).

Every token keeps the index of the character it came from in the text as written, so that a message
about the parsed text points into what the author wrote.  Nothing here executes anything: a macro is
text replaced by text, at most ``MAX_EXPANSIONS`` times per expression and never past ``MAX_EXPANDED``
characters (a macro that calls itself is an error, not a hang).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from symbound import ops
from symbound.errors import ExprError, InputError

MAX_EXPANSIONS = 200
MAX_EXPANDED = 8000
MAX_MACRO_ARGS = 9

# internal marks for the two sides of a norm and of an absolute value, after the bars are told apart
OPEN_NORM, CLOSE_NORM, OPEN_ABS, CLOSE_ABS = "⟦", "⟧", "⟨", "⟩"


def check_written(toks: list["Token"], e_declared: bool) -> None:
    """What a formula (after its macros) may not write: the reader's marks, an upright e beside a declared e."""
    check_no_marks(toks)
    check_upright_e(toks, e_declared)


def check_upright_e(toks: list["Token"], declared: bool) -> None:
    """An upright e (\\mathrm{e}, the way papers set Euler's number) while a symbol e is declared: two readings, an error."""
    words = [t for t in toks if not t.text.isspace()]
    for i, tok in enumerate(words):
        after = [w.text for w in words[i + 1 : i + 4]]
        if declared and tok.text in (r"\mathrm", r"\mathup", r"\text", r"\textrm", r"\operatorname") and (after == ["{", "e", "}"] or after[:1] == ["e"]):
            raise ExprError(f"{tok.text}{{e}} can be read two ways: as Euler's number or as the declared symbol e",
                            "write \\exp(…) for the exponential, or rename the symbol", tok.at)


def check_no_marks(toks: list["Token"]) -> None:
    """The marks above written in a formula (or a macro's body) are refused: the paper's ⟨a⟩ (an inner product,
    an average) would read as |a|."""
    for tok in toks:
        mark = re.search("[" + OPEN_NORM + CLOSE_NORM + OPEN_ABS + CLOSE_ABS + "]", tok.text)
        if mark:
            raise ExprError(f"{mark.group()} is not read: ⟨…⟩ and ⟦…⟧ (an inner product, an average) have no one meaning here",
                            "write an inner product as u^\\top v, a norm as \\|…\\|, an absolute value as |…|", tok.at)

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)
_SIZING = re.compile(r"\\(?:left|right|middle|[bB]igg?[lrm]?)$")
_SPACES = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\>", r"\quad", r"\qquad", "~", r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits"}
_FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathit", r"\mathnormal", r"\mathsf", r"\mathcal", r"\mathbb", r"\mathscr", r"\mathfrak", r"\pmb", r"\mathbold"}
_LETTERFORMS = {r"\mathcal", r"\mathscr", r"\mathfrak"}  # letters of their own (a loss 𝓛 beside a constant L), unlike bold or italic
_WORDS = {r"\mathrm", r"\text", r"\textrm", r"\textnormal", r"\operatorname", r"\operatorname*", r"\mathop"}
_SAME = {r"\dfrac": r"\frac", r"\tfrac": r"\frac", r"\leq": r"\le", r"\leqslant": r"\le", r"\geq": r"\ge", r"\geqslant": r"\ge",
         r"\lt": "<", r"\gt": ">", r"\intercal": r"\top", r"\Vert": r"\|", r"\vert": "|", r"\lbrace": r"\{", r"\rbrace": r"\}",
         r"\varsigma": r"\sigma", r"\ast": "*", r"\colon": ":"}
_NORM_BARS = {r"\|", "‖"}
_ABS_BARS = {"|"}
# commands that never belong in a formula symbound reads: they define, read, write or end things
_REFUSED = {r"\def", r"\gdef", r"\edef", r"\xdef", r"\let", r"\newcommand", r"\renewcommand", r"\providecommand", r"\input",
            r"\include", r"\write", r"\openout", r"\read", r"\immediate", r"\csname", r"\catcode", r"\end", r"\begin", r"\usepackage"}


@dataclass(frozen=True)
class Macro:
    """An author's macro: ``\\name`` with ``arity`` arguments (#1 …) replaced by ``body``."""

    name: str
    arity: int
    body: str


@dataclass(frozen=True)
class Token:
    text: str
    at: int  # index in the text as written


def tokens(text: str, origin: list[int]) -> list[Token]:
    """The tokens of ``text`` (commands, single characters, runs of space), each with its origin."""
    return [Token(m.group(), origin[m.start()]) for m in _TOKEN.finditer(text)]


def _argument(toks: list[Token], i: int, what: str) -> tuple[list[Token], int]:
    """The argument starting at ``toks[i]`` (a braced group or one token) and the index after it."""
    while i < len(toks) and toks[i].text.isspace():
        i += 1
    if i >= len(toks):
        raise ExprError(f"{what} is missing an argument", "give it one in braces: {…}", toks[-1].at if toks else 0)
    if toks[i].text != "{":
        return [toks[i]], i + 1
    depth, j = 0, i
    while j < len(toks):
        depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
        if depth == 0:
            return toks[i + 1 : j], j + 1
        j += 1
    raise ExprError("a '{' is not closed", "add the matching '}'", toks[i].at)


def expand(toks: list[Token], macros: dict[str, Macro]) -> list[Token]:
    """The author's macros replaced by their bodies (re-read, so macros may use macros), bounded."""
    out = list(toks)
    count, i = 0, 0
    while i < len(out):
        tok = out[i]
        if tok.text in _REFUSED:
            raise ExprError(f"{tok.text} is not allowed in a formula", "write the mathematics only; define macros under `macros:`", tok.at)
        macro = macros.get(tok.text)
        if macro is None:
            i += 1
            continue
        count += 1
        if count > MAX_EXPANSIONS:
            raise ExprError(f"the macro {tok.text} expands more than {MAX_EXPANSIONS} times (does it call itself?)", "give it a body that does not use itself", tok.at)
        j, args = i + 1, []
        for _ in range(macro.arity):
            arg, j = _argument(out, j, f"the macro {tok.text}")
            args.append(arg)
        out[i:j] = _substituted(macro, args, tok.at)
        if sum(len(t.text) for t in out) > MAX_EXPANDED:
            raise ExprError(f"the macros expand to more than {MAX_EXPANDED} characters", "shorten the macros or the formula", tok.at)
    return out


def _substituted(macro: Macro, args: list[list[Token]], at: int) -> list[Token]:
    """The body of ``macro`` with #1 … replaced by ``args`` (braced, as TeX keeps an argument whole)."""
    out: list[Token] = []
    body = macro.body
    i = 0
    for m in re.finditer(r"#(\d)", body):
        out += [Token(t.text, at) for t in tokens(body[i : m.start()], [at] * (m.start() - i + 1))]
        n = int(m.group(1))
        if not 1 <= n <= macro.arity:
            raise ExprError(f"the macro {macro.name} uses #{n} but takes {macro.arity} argument(s)", "number its arguments #1 to #{macro.arity}", at)
        out += [Token("{", at), *args[n - 1], Token("}", at)]
        i = m.end()
    out += [Token(t.text, at) for t in tokens(body[i:], [at] * (len(body) - i + 1))]
    return out


def normalised(toks: list[Token], known: set[str], end: int | None = None) -> tuple[str, list[int]]:
    """One spelling for each piece of notation, as text with each character's origin.

    ``known`` are the commands a word under ``\\mathrm``/``\\text`` may name (\\mathrm{diag} → \\diag);
    ``end`` is the origin of the end of the text (default: the last token's)."""
    out: list[Token] = []
    stack: list[str] = []  # open bars
    i = 0
    while i < len(toks):
        tok = toks[i]
        t = _SAME.get(tok.text, tok.text)
        if t in _SPACES or t.isspace():
            out.append(Token(" ", tok.at))
            i += 1
            continue
        if _SIZING.match(t):
            side = "open" if t in (r"\left", r"\bigl", r"\Bigl", r"\biggl", r"\Biggl") else "close" if t in (r"\right", r"\bigr", r"\Bigr", r"\biggr", r"\Biggr") else None
            i += 1
            while i < len(toks) and toks[i].text.isspace():
                i += 1
            if i < len(toks) and toks[i].text == ".":
                i += 1  # \left. and \right. open or close nothing
                continue
            if i < len(toks) and side and _SAME.get(toks[i].text, toks[i].text) in _NORM_BARS | _ABS_BARS:
                bar = "norm" if _SAME.get(toks[i].text, toks[i].text) in _NORM_BARS else "abs"
                out.append(_bar(bar, side == "open", toks[i].at, stack))
                i += 1
            continue
        if t in (r"\lVert", r"\rVert", r"\lvert", r"\rvert"):
            out.append(_bar("norm" if "V" in t else "abs", t.startswith(r"\l"), tok.at, stack))
            i += 1
            continue
        if t in _NORM_BARS or t in _ABS_BARS:
            bar = "norm" if t in _NORM_BARS else "abs"
            opening = not (stack and stack[-1] == bar and _ends_operand(out))
            out.append(_bar(bar, opening, tok.at, stack))
            i += 1
            continue
        if t in _FONTS:
            arg, j = _argument(toks, i + 1, t)
            simple = len([a for a in arg if not a.text.isspace()]) == 1
            if simple and t in _LETTERFORMS:  # 𝓛 is another letter than L: the word calL, never the symbol L
                letter = next(a for a in arg if not a.text.isspace())
                toks = toks[:i] + [Token(" ", tok.at), Token(t[5:] + letter.text, letter.at), Token(" ", tok.at)] + toks[j:]
                continue
            # one letter keeps apart from its neighbours (\mathbf{W}\mathbf{x} is W x, not the word Wx)
            inner = [Token(" ", tok.at), *[a for a in arg if not a.text.isspace()], Token(" ", tok.at)] if simple else [Token("{", tok.at), *arg, Token("}", tok.at)]
            toks = toks[:i] + inner + toks[j:]  # read again: the argument may hold bars or words
            continue
        if t in _WORDS:
            arg, j = _argument(toks, i + 1, t)
            word = "".join(a.text for a in arg).strip()
            if re.fullmatch(r"[A-Za-z]+", word) and (t.startswith(r"\operatorname") or "\\" + word in known):
                toks = toks[:i] + [Token("\\" + word, tok.at)] + toks[j:]
                out.append(toks[i])
                i += 1
            else:
                toks = toks[:i] + arg + toks[j:]
            continue
        out.append(Token(t, tok.at))
        i += 1
    if stack:
        raise ExprError("a norm or absolute value bar is not closed" if stack[-1] else "", "close it with \\| (norm) or | (absolute value)", toks[-1].at if toks else 0)
    text = "".join(t.text for t in out)
    origin = [t.at for t in out for _ in t.text] + [end if end is not None else out[-1].at if out else 0]
    return text, origin


def check_nesting(text: str, origin: list[int], most: int) -> None:
    """Refuse brackets, braces and bars nested deeper than the expression language allows."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "({[" + OPEN_NORM + OPEN_ABS:
            depth += 1
            if depth > most:
                raise ExprError("the formula is nested too deeply", "name parts of it in `definitions`", origin[i])
        elif ch in ")}]" + CLOSE_NORM + CLOSE_ABS:
            depth -= 1


def _ends_operand(out: list[Token]) -> bool:
    """Whether the text so far ends with something a closing bar may follow (a name, a number, a bracket)."""
    for t in reversed(out):
        if t.text.isspace():
            continue
        return t.text[-1].isalnum() or t.text in (")", "}", "]", "'", CLOSE_NORM, CLOSE_ABS, r"\}")
    return False


def _bar(kind: str, opening: bool, at: int, stack: list[str]) -> Token:
    """The mark for one side of a norm or absolute value, kept on ``stack`` to pair them."""
    if opening:
        stack.append(kind)
        return Token(OPEN_NORM if kind == "norm" else OPEN_ABS, at)
    if not stack or stack[-1] != kind:
        raise ExprError(f"this {'‖' if kind == 'norm' else '|'} closes nothing", "open the norm with \\| or \\left\\|, the absolute value with |", at)
    stack.pop()
    return Token(CLOSE_NORM if kind == "norm" else CLOSE_ABS, at)


def canonical(latex: str) -> str:
    """The name a piece of LaTeX spells, fonts, braces and spaces left out: \\mathbf{W}_{rec} → W_rec,
    \\lambda_1 → lambda_1, \\sigma_{\\max} → sigma_max (used to match symbols and operator heads)."""
    text, _ = normalised(tokens(latex, list(range(len(latex) + 1))), set())
    return re.sub(r"[\\{}\s]", "", text)


@dataclass
class Notation:
    """What a file tells the reader beyond its names: the LaTeX of its symbols and its macros."""

    latex: dict[Any, str] = field(default_factory=dict)  # symbol → its declared `latex:` (shared with the file reader)
    macros: dict[str, Macro] = field(default_factory=dict)

    def names_by_key(self, names: dict[str, Any]) -> dict[str, set[str]]:
        """Each canonical spelling (W_rec, lambda_1, gamma) to the declared names it may stand for."""
        table: dict[str, set[str]] = {}
        for name in names:
            if "__" not in name:
                table.setdefault(ops.spelled(name), set()).add(name)
        for obj, latex in self.latex.items():
            name = str(getattr(obj, "name", obj))
            if name in names:
                table.setdefault(canonical(latex), set()).add(name)
        return table


MAX_MACROS = 200


def macros_section(node: Any) -> dict[str, Macro]:
    """``macros:``: each name (with or without its backslash) to a body, or to ``{args: n, body: …}``;
    a body's arguments are #1 … #9."""
    out: dict[str, Macro] = {}
    fields = node.mapping("`macros`", "write name: 'body', e.g. R: '\\mathbb{R}' or norm: {args: 1, body: '\\|#1\\|'}")
    if len(fields) > MAX_MACROS:
        raise InputError(node.where, f"more than {MAX_MACROS} macros", "keep the macros the formulas use")
    for key, body in fields.items():
        where = node.key_where.get(key, node.where)
        name = "\\" + key.lstrip("\\")
        if not re.fullmatch(r"\\[A-Za-z]+", name):
            raise InputError(where, f"'{key}' is not a macro name", "write letters only, e.g. norm or \\norm")
        if body.is_map():
            body.check_keys(("args", "body"), f"the macro {name}")
            if "body" not in body.value:
                raise InputError(body.where, f"the macro {name} has no body", "add `body: '…'`")
            args_text = body.value["args"].text("args", "write a number from 0 to 9") if "args" in body.value else "0"
            if not re.fullmatch(r"\d", args_text.strip()):
                raise InputError(body.value["args"].where, f"the macro {name}'s `args` must be a number from 0 to {MAX_MACRO_ARGS}", "write args: 1")
            text, arity = body.value["body"].text("a macro body", "write the LaTeX as a quoted string"), int(args_text)
        else:
            text = body.text("a macro body", "write the LaTeX as a quoted string, or {args: n, body: '…'}")
            arity = max((int(d) for d in re.findall(r"#(\d)", text)), default=0)
        used = [int(d) for d in re.findall(r"#(\d)", text)]
        if any(not 1 <= d <= arity for d in used):
            raise InputError(where, f"the macro {name} uses #{max(used)} but takes {arity} argument(s)", f"set args: {max(used)}")
        if len(text) > MAX_EXPANDED:
            raise InputError(where, f"the macro {name} is over {MAX_EXPANDED} characters", "shorten it")
        out[name] = Macro(name, arity, text)
    return out


_AS = r"(?:\s|,|\\[,;:! ]|\\q?quad)*(?:\\text\{\s*as\s*\}|\\mathrm\{as\}|\\textrm\{\s*as\s*\})(?:\s|\\[,;:! ]|\\q?quad)*"
_LIMITS = (
    re.compile(r"^\s*\$(?P<x>.+?)\\to\s*0" + _AS + r"(?P<y>.+?)\\to\s*\\infty\s*[.,]?\s*\$\s*$", re.S),
    re.compile(r"^\s*\$\s*\\lim_\{(?P<y>.+?)\\to\s*\\infty\}(?P<x>.+?)=\s*0\s*[.,]?\s*\$\s*$", re.S),
)


def latex_limit(text: str) -> tuple[tuple[str, int], tuple[str, int]] | None:
    r"""A conclusion written as a limit: ``$X \to 0 \text{ as } Y \to \infty$`` or
    ``$\lim_{Y \to \infty} X = 0$``: each of X and Y as a formula with the offset of its text."""
    for pattern in _LIMITS:
        m = pattern.match(text)
        if m:
            return ("$" + m.group("x") + "$", m.start("x") - 1), ("$" + m.group("y") + "$", m.start("y") - 1)
    return None
