"""A paper's LaTeX source, read for `symbound import`: its macros, its displayed calculations and the
sentences that state assumptions.

The document is walked with pylatexenc (nothing in it is run): `\\newcommand`, `\\renewcommand`,
`\\DeclareMathOperator` and one-line `\\def` in the preamble become macros; each `align`, `align*`,
`eqnarray`, `equation`, `multline`, `gather` display is split into rows (``\\\\``) and each row at its
top-level relations (=, <, \\le, >, \\ge); a sentence with "assume", "suppose", "if", "provided", "let"
or an `assumption` environment offers its inline formulas as premises.  `\\input` and `\\include`
follow only relative paths inside the paper's folder, at most ``MAX_INPUTS`` files and
``MAX_TEX_BYTES`` together (a file input many times counts each time).
"""

from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass, field
from pathlib import Path

from pylatexenc import latexwalker as lw

from symbound.errors import InputError, Location
from symbound.read.texmacros import Macro, canonical

MAX_TEX_BYTES = 2_000_000
MAX_INPUTS = 50
MAX_INPUT_DEPTH = 8
DISPLAYS = ("align", "align*", "eqnarray", "eqnarray*", "equation", "equation*", "multline", "multline*", "gather", "gather*", "flalign", "flalign*")
ASSUMPTION_ENVS = ("assumption", "assumptions", "hypothesis", "condition")
_ASSUMING = re.compile(r"\b(assum\w*|suppos\w*|if|provided|let|given|whenever)\b", re.I)
# a relation at the top level of a row: what links the terms of a chain
_RELATION = re.compile(r"\\leq(?:slant)?(?![A-Za-z])|\\geq(?:slant)?(?![A-Za-z])|\\le(?![A-Za-z])|\\ge(?![A-Za-z])|\\lt(?![A-Za-z])|\\gt(?![A-Za-z])|<|>|=")
RELATION_KEYS = {"=": "=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=", r"\leqslant": "<=", r"\lt": "<", r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=", r"\gt": ">"}
_OPENING = re.compile(r"\\(?:left|[bB]igg?l)(?![A-Za-z])\s*(?:\\\||\\[A-Za-z]+|.)")  # \left\|, \Bigl(: a bracket opens
_CLOSING = re.compile(r"\\(?:right|[bB]igg?r)(?![A-Za-z])\s*(?:\\\||\\[A-Za-z]+|.)")
_ROW_NOISE = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])|\\label\{[^{}]*\}|\\tag\*?\{[^{}]*\}|&")


@dataclass(frozen=True)
class Link:
    rel: str  # =, <, <=, >, >=
    term: str  # LaTeX
    file: str
    line: int
    col: int = 1  # where the term starts on its line


@dataclass
class Chain:
    id: str
    start: str
    file: str
    line: int
    env: str
    links: list[Link] = field(default_factory=list)
    col: int = 1  # where the start term starts on its line


@dataclass(frozen=True)
class Candidate:
    """A formula a sentence around the derivation may assume."""

    math: str
    sentence: str
    file: str
    line: int


@dataclass
class Paper:
    macros: dict[str, Macro] = field(default_factory=dict)
    chains: list[Chain] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    macro_at: dict[str, Location] = field(default_factory=dict)  # where each macro is defined
    definitions: list[Chain] = field(default_factory=list)  # one-'=' displays naming something (z = W h + b): no chains
    displays: int = 0  # display environments read so far (the N of an unlabelled chain's id dN)
    size: int = 0  # bytes read so far, the paper and its \input files together


def read_paper(path: Path) -> Paper:
    """Read the paper at ``path`` and the files it inputs."""
    paper = Paper()
    _read_file(path.resolve(), path.resolve().parent, paper, 0, str(path))
    return paper


def _read_file(path: Path, root: Path, paper: Paper, depth: int, shown: str) -> None:
    if len(paper.files) >= MAX_INPUTS:
        raise InputError(Location(shown, 1, 1), f"the paper inputs more than {MAX_INPUTS} files", "import the part with the derivation")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(Location(shown, 1, 1), f"cannot read the file ({exc.strerror})", "check the path") from None
    if size > MAX_TEX_BYTES:
        raise InputError(Location(shown, 1, 1), f"the file is {size:,} bytes, over the limit of {MAX_TEX_BYTES:,}", "import the section with the derivation")
    if paper.size + size > MAX_TEX_BYTES:
        raise InputError(Location(shown, 1, 1), f"the paper and its \\input files are over {MAX_TEX_BYTES:,} bytes together", "import the section with the derivation")
    paper.size += size
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Location(shown, 1, 1), f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8") from None
    paper.files.append(shown)
    walker = lw.LatexWalker(text, tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes()
    except (lw.LatexWalkerError, RecursionError) as exc:
        raise InputError(Location(shown, 1, 1), f"cannot read the LaTeX ({exc})", "check the braces and environments") from None
    reader = _Walk(walker, text, shown, path, root, paper, depth)
    reader.nodes(nodes)
    reader.sentences()


class _Walk:
    """One file's nodes, in order."""

    def __init__(self, walker: lw.LatexWalker, text: str, shown: str, path: Path, root: Path, paper: Paper, depth: int) -> None:
        self.walker, self.text, self.shown, self.path, self.root, self.paper, self.depth = walker, text, shown, path, root, paper, depth
        self.inline: list[tuple[int, str]] = []  # (position, formula) of $…$ in the text
        self.prose: list[tuple[int, str]] = []  # (position, text)

    def line(self, pos: int) -> int:
        return self.walker.pos_to_lineno_colno(pos)[0]

    def where(self, pos: int) -> Location:
        line, col = self.walker.pos_to_lineno_colno(pos)
        return Location(self.shown, line, col + 1)

    def nodes(self, nodes: list | None) -> None:
        for node in nodes or []:
            if node is None:
                continue
            if isinstance(node, lw.LatexMacroNode):
                self.macro(node)
            elif isinstance(node, lw.LatexEnvironmentNode):
                name = node.environmentname
                if name in DISPLAYS:
                    self.display(node)
                elif name in ASSUMPTION_ENVS:
                    self.assumption(node)
                else:
                    self.nodes(node.nodelist)
            elif isinstance(node, lw.LatexGroupNode):
                self.nodes(node.nodelist)
            elif isinstance(node, lw.LatexMathNode):
                body = node.latex_verbatim()
                inner = body[1:-1] if body.startswith("$") and not body.startswith("$$") else body[2:-2]
                if node.displaytype == "display":
                    self.rows(inner, node.pos + 2, "display")
                else:
                    self.inline.append((node.pos, inner.strip()))
                    self.prose.append((node.pos, "$" + inner.strip() + "$"))
            elif isinstance(node, lw.LatexCharsNode):
                self.prose.append((node.pos, node.chars))

    def macro(self, node: lw.LatexMacroNode) -> None:
        known = set(self.paper.macros)
        self.define(node)
        for name in set(self.paper.macros) - known:
            self.paper.macro_at[name] = self.where(node.pos)

    def define(self, node: lw.LatexMacroNode) -> None:
        name = node.macroname
        args = [a.latex_verbatim() if a is not None else None for a in (node.nodeargd.argnlist if node.nodeargd else [])]
        if name in ("newcommand", "renewcommand", "providecommand") and len(args) >= 5 and args[1] and args[4]:
            macro = args[1].strip("{}").strip()
            arity = int(args[2].strip("[]")) if args[2] and args[2].strip("[]").isdigit() else 0
            if re.fullmatch(r"\\[A-Za-z]+", macro):
                self.paper.macros[macro] = Macro(macro, arity, args[4][1:-1])
        elif name == "DeclareMathOperator":
            m = re.match(r"\*?\s*\{(\\[A-Za-z]+)\}\s*\{([^{}]*)\}", self.text[node.pos + len(node.macroname) + 1 :])
            if m:
                self.paper.macros[m.group(1)] = Macro(m.group(1), 0, r"\operatorname{" + m.group(2) + "}")
        elif name == "def":
            m = re.match(r"\s*(\\[A-Za-z]+)\s*\{([^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*)\}", self.text[node.pos + 4 :])
            if m:
                self.paper.macros[m.group(1)] = Macro(m.group(1), 0, m.group(2))
        elif name in ("input", "include") and args and args[0]:
            self.follow(args[0].strip("{}").strip(), node.pos)
        elif node.nodeargd:
            for arg in node.nodeargd.argnlist:
                if isinstance(arg, lw.LatexGroupNode):
                    self.nodes(arg.nodelist)

    def follow(self, name: str, pos: int) -> None:
        """\\input{name}: a file under the paper's folder, never outside it."""
        where = Location(self.shown, self.line(pos), 1)
        if self.depth >= MAX_INPUT_DEPTH:
            raise InputError(where, f"\\input is nested more than {MAX_INPUT_DEPTH} deep", "input the files from the main file")
        candidate = Path(name if name.endswith(".tex") else name + ".tex")
        if candidate.is_absolute() or "~" in name:
            raise InputError(where, f"\\input{{{name}}} is not a relative path", "symbound follows only files inside the paper's folder")
        target = (self.path.parent / candidate).resolve()
        if not target.is_relative_to(self.root):
            raise InputError(where, f"\\input{{{name}}} leaves the paper's folder", "symbound follows only files inside the paper's folder")
        if not target.is_file():
            raise InputError(where, f"\\input{{{name}}}: no such file", "put it beside the paper")
        _read_file(target, self.root, self.paper, self.depth + 1, str(Path(self.shown).parent / candidate))

    def display(self, node: lw.LatexEnvironmentNode) -> None:
        body = node.latex_verbatim()
        start = body.index("}") + 1
        if node.environmentname.startswith(("align", "flalign", "eqnarray")) and body[start:].lstrip().startswith("{"):
            start = body.index("}", start) + 1  # alignat's column count
        end = body.rindex("\\end")
        self.rows(body[start:end], node.pos + start, node.environmentname)

    def rows(self, body: str, offset: int, env: str) -> None:
        """The rows of a display as chains: a row with its own left side starts one, a row that begins
        with a relation continues it; the display's \\label (on any of its rows) names it, else dN
        (N: the display's place among all displays).  A group of rows with a single '=' defines
        something (a model, an abbreviation) and is no chain when its left side is a name (``_names``)."""
        self.paper.displays += 1
        groups: list[tuple[Chain, str | None]] = []
        for row, at in _split(body, r"\\"):
            label = re.search(r"\\label\{([^{}]*)\}", row)
            blank = _ROW_NOISE.sub(lambda m: " " * len(m.group()), row)  # the same offsets, without the noise
            for piece, at2 in _split(blank, r"\qquad"):
                clean = piece.rstrip().rstrip(".,;")
                if not clean.strip():
                    continue
                parts = _split(clean, None)
                terms, rels = parts[0::2], parts[1::2]
                if not rels:
                    if groups and env.startswith("multline") and groups[-1][0].links:  # a row that continues a term
                        last = groups[-1][0].links[-1]
                        groups[-1][0].links[-1] = dataclasses.replace(last, term=last.term + " " + clean.strip())
                    continue
                if terms[0][0].strip():
                    first = self.where(offset + at + at2 + len(piece) - len(piece.lstrip()))
                    groups.append((Chain(f"d{self.paper.displays}", terms[0][0].strip(), self.shown, first.line, env, col=first.col), None))
                elif not groups:
                    continue
                chain, named = groups[-1]
                if label and named is None:
                    groups[-1] = (chain, _identifier(label.group(1)))
                for (rel, r_at), (term, t_at) in zip(rels, terms[1:]):
                    if term.strip():
                        begins = self.where(offset + at + at2 + t_at + len(term) - len(term.lstrip()))
                        chain.links.append(Link(RELATION_KEYS[rel], term.strip(), self.shown, self.line(offset + at + at2 + r_at), begins.col if begins.line == self.line(offset + at + at2 + r_at) else 1))
        for chain, named in groups:
            if len(chain.links) == 1 and chain.links[0].rel == "=" and _names(chain.start):
                self.paper.definitions.append(chain)
                continue  # z = W h + …: a definition
            chain.id = named or chain.id
            self.paper.chains.append(chain)

    def assumption(self, node: lw.LatexEnvironmentNode) -> None:
        for m in re.finditer(r"\$([^$]+)\$|\\\((.+?)\\\)", node.latex_verbatim(), re.S):
            math = (m.group(1) or m.group(2)).strip()
            self.paper.candidates.append(Candidate(math, _sentence(node.latex_verbatim()), self.shown, self.line(node.pos + m.start())))

    def sentences(self) -> None:
        """Inline formulas in sentences that assume something."""
        text = "".join(t for _, t in self.prose)
        positions = []
        for pos, t in self.prose:
            positions += [pos] * len(t)
        masked = re.sub(r"\$[^$]*\$", lambda m: "$" + "x" * (len(m.group()) - 2) + "$", text)  # no sentence ends inside math
        for sentence in re.finditer(r"[^.!?]+[.!?]?", masked):
            s = text[sentence.start() : sentence.end()]
            if not _ASSUMING.search(re.sub(r"\$[^$]*\$", " ", s)):
                continue
            for m in re.finditer(r"\$([^$]+)\$", s):
                if _RELATION.search(m.group(1)):
                    pos = positions[min(sentence.start() + m.start(), len(positions) - 1)] if positions else 0
                    self.paper.candidates.append(Candidate(m.group(1).strip(), " ".join(s.split()), self.shown, self.line(pos)))


def _split(text: str, separator: str | None) -> list[tuple[str, int]]:
    """``text`` cut at ``separator`` (rows at \\\\) or, for None, at relations, outside braces and
    \\left…\\right; relations are kept as their own pieces.  Each piece with its offset."""
    out: list[tuple[str, int]] = []
    depth, last, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        opening = _OPENING.match(text, i) if ch == "\\" else None
        closing = _CLOSING.match(text, i) if ch == "\\" and opening is None else None
        if opening or closing:
            depth += 1 if opening else -1
            i = (opening or closing).end()
            continue
        elif ch in "{":
            depth += 1
        elif ch in "}":
            depth -= 1
        elif ch == "\\" and i + 1 < len(text) and text[i + 1] in "{}|":
            i += 2
            continue
        if depth == 0:
            if separator is not None and text.startswith(separator, i):
                out.append((text[last:i], last))
                i += len(separator)
                last = i
                continue
            if separator is None:
                m = _RELATION.match(text, i)
                if m and not (ch == "\\" and text[i + 1 : i + 2] in "{}|"):
                    out.append((text[last:i], last))
                    out.append((m.group(), i))
                    i = last = m.end()
                    continue
        if ch == "\\":
            m = re.match(r"\\[A-Za-z]+", text[i:])
            i += len(m.group()) if m else 2
            continue
        i += 1
    out.append((text[last:], last))
    return out


_NAME = re.compile(r"[A-Za-z]+'*(?:_[\w+\-,]+)?(?:\^\([\w+\-]+\))?'*(?:\([^()]*\))?")  # z, x_k+1, W^(l), G_t(u,v), as canonical spells them


def _names(term: str) -> bool:
    """Whether a display's left side is a name being defined (x_{k+1}, G_t(u, v)), not a value (e^{-t}, \\|W\\|)."""
    return _NAME.fullmatch(canonical(term)) is not None


def _identifier(label: str) -> str:
    """A chain id from a \\label: eq:bound-1 → eq_bound_1."""
    ident = re.sub(r"\W+", "_", label).strip("_")
    return ident if ident and not ident[0].isdigit() else f"eq_{ident}"


def _sentence(text: str) -> str:
    return " ".join(re.sub(r"\\(?:begin|end)\{[^{}]*\}", " ", text).split())[:300]
