"""`symbound import PAPER.tex`: a draft derivation file from a paper's LaTeX (read/texdoc.py).

One chain per display whose rows are linked by relations (its id the row's ``\\label``), each term
kept as the paper's LaTeX with its `.tex` line in a comment; the paper's macros under `macros:`;
symbol declarations inferred from how the formulas write them (bold or upper case: a matrix; bold
lower case: a vector; a subscript that is an index: a sequence), each marked for the user to confirm,
or taken from the user's own file (``--symbols``); the formulas of sentences that assume something,
as commented premise candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from symbound import ops
from symbound.errors import InputError, Location
from symbound.read import texmacros
from symbound.read.source import read_text
from symbound.read.texdoc import Paper, read_paper
from symbound.read.texmacros import Token

_INDEX = re.compile(r"[ijklmst](?:[+-]\d+)?")
_FONTS_BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\pmb"}
_WORD_COMMANDS = {r"\operatorname", r"\text", r"\textrm", r"\label", r"\mathop", r"\tag"}
_ACTIVATIONS = {"sigma", "phi", "psi", "tanh", "varphi"}
_NOT_SYMBOLS = {"partial", "frac", "dfrac", "tfrac", "prod", "sum", "left", "right", "cdot", "times", "le", "leq", "ge", "geq", "lt", "gt",
                "top", "intercal", "infty", "sqrt", "max", "min", "mathrm", "operatorname", "text", "mathsf", "lVert", "rVert", "lvert",
                "rvert", "Vert", "vert", "quad", "qquad", "odot", "circ", "to", "lim", "log", "exp", "diag", "mathcal", "T", "I"}
_RECURRENCE = re.compile(r"^[^=]*_\{?\s*[a-z]\s*\}?\s*=[^=]*_\{\s*[a-z]\s*-\s*1\s*\}")  # x_k = … x_{k-1} …
SECTIONS_TAKEN = ("macros", "symbols", "model", "definitions", "lemmas", "premises")  # from --symbols FILE


@dataclass(frozen=True)
class Drafted:
    """A draft's text, and for its lines the places they came from: a term's line in the .tex (its
    first character at the .tex column of the term), a section's line in the ``--symbols`` file."""

    text: str
    paper: str
    origins: dict[int, tuple[Location, int]]  # draft line → (the place of draft column ``col``, col)

    def at(self, line: int, col: int) -> Location:
        """The place of the draft's line and column in the files it was drafted from; a line that
        came from none (a header, ``steps:``) is the place of the nearest line before it that did."""
        for n in range(line, 0, -1):
            if n in self.origins:
                where, base = self.origins[n]
                return Location(where.file, where.line, where.col + col - base) if n == line else Location(where.file, where.line, 1)
        return Location(self.paper, 1, 1)


class _Lines:
    """The draft's lines, each with the place it came from (if any)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: dict[int, tuple[Location, int]] = {}

    def add(self, text: str, where: Location | None = None, col: int = 1) -> None:
        for i, line in enumerate(text.split("\n")):
            self.lines.append(line)
            if where is not None:
                self.origins[len(self.lines)] = (where, col) if i == 0 else (Location(where.file, where.line + i, 1), 1)

    def section(self, section: list[tuple[int, str]], file: str) -> None:
        for number, line in section:
            self.add(line, Location(file, number, 1))


def draft(path: Path, symbols_file: Path | None = None) -> str:
    """The draft derivation file for the paper at ``path`` (its text)."""
    return drafted(path, symbols_file).text


def drafted(path: Path, symbols_file: Path | None = None) -> Drafted:
    """The draft derivation file for the paper at ``path``, with where each of its lines came from."""
    paper = read_paper(path)
    taken = _sections(read_text(symbols_file)) if symbols_file is not None else {}
    shown = str(symbols_file)
    out = _Lines()
    for line in (f"# Drafted by `symbound import {path.name}`: one chain per display of the paper, each link with its line.",
                 "# Confirm every symbol (kind, shape) and fill in the premises, then `symbound verify` this file.",
                 f"title: {_quoted(f'Drafted from {path.name}')}", f"source: {_quoted(', '.join(paper.files))}", ""):
        out.add(line)
    user_macros = {m.group(1) for _, line in taken.get("macros", []) for m in [re.match(r"^  \\?([A-Za-z]+)\s*:", line)] if m}
    if "macros" in taken:
        out.section(taken["macros"], shown)
    elif paper.macros:
        out.add("macros:  # from the paper's preamble")
    for name, macro in paper.macros.items():
        if name.lstrip("\\") not in user_macros:
            body = _quoted(macro.body, "'")
            out.add(f"  {name.lstrip(chr(92))}: " + (f"{{args: {macro.arity}, body: {body}}}" if macro.arity else body), paper.macro_at.get(name))
    out.add("")
    if "symbols" in taken:
        out.section(taken["symbols"], shown)
    else:
        for line in ["symbols:  # inferred from the formulas: confirm each kind and shape"] + _inferred(paper) + [""]:
            out.add(line)
    for section in ("model", "definitions", "lemmas", "premises"):
        if section in taken:
            out.section(taken[section], shown)
            out.add("")
    recurrences = [c for c in paper.candidates if _RECURRENCE.search(c.math)]
    if recurrences and "model" not in taken:
        c = recurrences[0]
        out.add("# the model, if this is its recurrence (uncomment):")
        out.add(f"# model: {{recurrence: {_quoted('$' + c.math + '$', chr(39))}}}  # {Path(c.file).name}:{c.line}")
        out.add("")
    if paper.candidates:
        out.add("# premise candidates, from sentences that assume something: uncomment the ones the derivation uses")
        out.add("# premises:" if "premises" not in taken else "#   (more candidates)")
        for i, c in enumerate(paper.candidates, 1):
            out.add(f"#   A{i}: {{claim: {_quoted('$' + c.math + '$', chr(39))}}}  # {Path(c.file).name}:{c.line}: {c.sentence[:120]}")
        out.add("")
    if not any(c.links for c in paper.chains):
        raise _no_chain(paper, path)
    out.add("chains:")
    for chain in paper.chains:
        if not chain.links:
            continue
        out.add(f"  - id: {chain.id}  # {Path(chain.file).name}:{chain.line} ({chain.env})", Location(chain.file, chain.line, chain.col))
        out.add(f"    start: {_quoted('$' + chain.start + '$', chr(39))}", Location(chain.file, chain.line, chain.col), len("    start: '$") + 1)
        out.add("    steps:")
        for link in chain.links:
            lead = f"      - {_quoted(link.rel)}: "
            out.add(f"{lead}{_quoted('$' + link.term + '$', chr(39))}  # {Path(link.file).name}:{link.line}", Location(link.file, link.line, link.col), len(lead) + 3)
    return Drafted("\n".join(out.lines) + "\n", str(path), out.origins)


def _no_chain(paper: Paper, path: Path) -> InputError:
    """A paper with nothing to verify: the error at its first display that defines something, else at the paper."""
    if paper.definitions:
        first = paper.definitions[0]
        return InputError(Location(first.file, first.line, first.col),
                          f"no display of the paper links terms by relations: each display with one '=' and a name on the left defines that name "
                          f"({len(paper.definitions)} such display{'s' if len(paper.definitions) > 1 else ''}, the first here)",
                          "write the steps as one display linked by relations (a = b \\le c), or write the derivation as a YAML file (docs/format.md)")
    return InputError(Location(str(path), 1, 1), "no display of the paper links terms by relations",
                      "write the steps in an equation or align display linked by relations (a = b \\le c) (docs/format.md)")


def _inferred(paper: Paper) -> list[str]:
    """Symbol declarations guessed from the chains' formulas, each with the reason to confirm."""
    found: dict[str, tuple[str, str, str]] = {}  # name → (kind, latex, why)
    indices: set[str] = set()
    formulas = [t for chain in paper.chains for t in [chain.start] + [l.term for l in chain.links]]
    for term in formulas + [c.math for c in paper.candidates if _RECURRENCE.search(c.math)]:
        if True:
            try:
                toks = texmacros.expand(texmacros.tokens(term, list(range(len(term) + 1))), paper.macros)
            except Exception:  # a formula the reader cannot expand is left for the user
                continue
            _scan([t for t in toks if not t.text.isspace()], found, indices)
    lines = []
    shaped = any(kind in ("matrix", "vector", "sequence") for kind, _, _ in found.values())
    if shaped:
        lines.append("  n: {kind: dimension}  # confirm: the size of the vectors and matrices below")
    for name in sorted(indices - set(found)):
        lines.append(f"  {name}: {{kind: index}}  # confirm: a subscript index")
    for name, (kind, latex, why) in sorted(found.items()):
        shape = {"matrix": ", shape: [n, n]", "vector": ", shape: [n]", "sequence": ", shape: [n]"}.get(kind, "")
        lines.append(f"  {name}: {{kind: {kind}{shape}, latex: {_quoted(latex, chr(39))}}}  # confirm: {why}")
    return lines or ["  {}  # no symbols found"]


def _scan(toks: list[Token], found: dict[str, tuple[str, str, str]], indices: set[str]) -> None:
    i = 0
    while i < len(toks):
        t = toks[i].text
        bold = t in _FONTS_BOLD
        if bold or t in (r"\mathit", r"\mathrm"):
            if i + 1 < len(toks) and toks[i + 1].text == "{" and i + 3 < len(toks) and toks[i + 3].text == "}":
                base, i = toks[i + 2].text, i + 4
            elif i + 1 < len(toks):
                base, i = toks[i + 1].text, i + 2
            else:
                return
        elif t in _WORD_COMMANDS:  # \operatorname{diag}, \label{…}: a word, not letters
            if i + 1 < len(toks) and toks[i + 1].text == "{":
                while i < len(toks) and toks[i].text != "}":
                    i += 1
            i += 1
            continue
        elif re.fullmatch(r"\\[A-Za-z]+|[A-Za-z]", t):
            base, i = t, i + 1
        else:
            i += 1
            continue
        word = base.lstrip("\\")
        if not re.fullmatch(r"[A-Za-z]+", word) or word in _NOT_SYMBOLS or (base.startswith("\\") and word not in ops.GREEK and word not in _ACTIVATIONS):
            continue
        sub = ""
        if i + 1 < len(toks) and toks[i].text == "_":
            if toks[i + 1].text == "{":
                depth, j = 0, i + 1
                while j < len(toks):
                    depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
                    if depth == 0:
                        break
                    j += 1
                sub, i = "".join(x.text for x in toks[i + 2 : j]), j + 1
            else:
                sub, i = toks[i + 1].text, i + 2
        latex = (r"\mathbf{" + base + "}" if bold else base)
        applied = i < len(toks) and toks[i].text in ("(", "'")
        if sub and _INDEX.fullmatch(sub.replace(" ", "")):
            indices.add(sub.replace(" ", "")[0])
            if word not in found:
                found[word] = ("sequence", latex, f"indexed by {sub.strip()}")
            continue
        name = word + ("_" + re.sub(r"\W", "", texmacros.canonical(sub)) if sub else "")
        if name in found or name in ops.reserved():
            continue
        latex = latex + ("_{" + sub + "}" if sub else "")
        if word in _ACTIVATIONS and applied and not sub:
            found[name] = ("activation", latex, "applied like a function")
        elif word[0].isupper() and not base.startswith("\\"):
            found[name] = ("matrix", latex, "upper case")
        elif bold:
            found[name] = ("vector", latex, "bold lower case")
        else:
            found[name] = ("scalar", latex, "a letter")


def _sections(text: str) -> dict[str, list[tuple[int, str]]]:
    """The top-level sections of a derivation file that import takes, each as its lines (numbered from 1)."""
    out: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r"([A-Za-z_]+)\s*:", line)
        if m and not line.startswith((" ", "\t")):
            current = m.group(1) if m.group(1) in SECTIONS_TAKEN else None
        if current is not None:
            out.setdefault(current, []).append((number, line))
    return out


def _quoted(text: str, quote: str = '"') -> str:
    """A YAML scalar in quotes (single quotes keep LaTeX's backslashes as they are)."""
    if quote == "'":
        return "'" + text.replace("'", "''").replace("\n", " ") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

