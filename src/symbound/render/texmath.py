"""Mathematics and prose as LaTeX, for the LaTeX report (``symbound.render.latex``) and the catalogue.

* ``tex_text``: Unicode prose from a file or the checker (‖W‖ ≤ λ₁, x_k, `code`) as text pdflatex accepts;
  a ``$…$`` formula of the file kept only when it cannot reach outside the formula (``_safe_math``).
* ``TexExpr``: expressions through the one printer (``mathtext.Notation``), as written, with the
  file's ``latex:`` names; witness names and values (matrices as pmatrix).
* ``display_lines``: a long term broken into display lines between factors, terms or inside a norm.
* ``lemma_words``: a library lemma as a paper names it, its formula or a phrase, never its identifier.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symbound.ops import GREEK, NORM_LATEX, Norm, SeqElem
from symbound.ops.base import binding, negated as _negated
from symbound.read.lemmas import pattern_scope
from symbound.read.syntax import parse_expr, parse_relations
from symbound.render.mathtext import _WRITTEN, REL_TEX, _TopLatex, Notation, WrittenLatexPrinter, _flat, _is_reciprocal, latex
from symbound.render.text import NORMAL_FORM, text as unicode_text, value_name
from symbound.rules import LEMMAS
from symbound.values import Formula, Report, Slope


# ---------------------------------------------------------------- prose: Unicode text to LaTeX

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "^": r"\^{}", "~": r"\~{}",
    # in the default OT1 text encoding these print as other glyphs (¡ ¿ —), so set them in math
    "<": r"\ensuremath{<}", ">": r"\ensuremath{>}", "|": r"\ensuremath{|}",
}
_MATH_CHARS = {
    "‖": r"\|", "∥": r"\|", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "−": "-", "±": r"\pm", "∓": r"\mp",
    "∂": r"\partial", "∏": r"\prod", "∑": r"\sum", "∞": r"\infty", "→": r"\to", "←": r"\leftarrow",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto", "∀": r"\forall", "∃": r"\exists",
    "∈": r"\in", "∉": r"\notin", "⊆": r"\subseteq", "·": r"\cdot", "×": r"\times", "∘": r"\circ",
    "√": r"\surd", "⊤": r"\top", "⟨": r"\langle", "⟩": r"\rangle", "✓": r"\checkmark", "✗": r"\times",
    "ᵀ": r"^{\top}", "ⁿ": "^{n}", "ᵢ": "_{i}", "ₖ": "_{k}", "ₜ": "_{t}", "ₙ": "_{n}", "ᵉ": "^{e}",
    "²": "^{2}", "³": "^{3}", "¹": "^{1}", "⁻": "^{-}", "₊": "_{+}", "₋": "_{-}", "∅": r"\emptyset",
    "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}",
}
_MATH_CHARS.update({chr(0x2080 + d): "_{%d}" % d for d in range(10)})
# runs of Unicode digits and signs make one script: ⁻¹ is ^{-1}, ₁₀ is _{10}
_SCRIPT_RUNS = {"^": dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")), "_": dict(zip("₀₁₂₃₄₅₆₇₈₉₋₊", "0123456789-+"))}
_UNICODE_SCRIPTS = frozenset(c for c, tex in _MATH_CHARS.items() if tex[:1] in "^_") | frozenset("⁺₊")
_TEXT_CHARS = {"§": r"\S{}", "¶": r"\P{}", "–": "--", "—": "---", "…": r"\ldots{}", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~"}
_GREEK_TEX = frozenset(GREEK)  # the Greek letters LaTeX has commands for (symbound.ops.greek)


def _greek(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    m = re.fullmatch(r"(?:MATHEMATICAL ITALIC |)GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if not m:
        return None
    letter = m.group(2).lower().replace("lamda", "lambda")
    if m.group(1) == "CAPITAL":
        letter = letter.capitalize()
    if letter == "final sigma":
        letter = "sigma"
    if letter in _GREEK_TEX:
        return "\\" + letter
    return None


# informal sub- and superscripts in prose: x_k, W_rec, x_{k+1}, W^T, η^{t−k}, λ^(t−k)
_SCRIPT = re.compile(r"(?:(?<![A-Za-z0-9\\])(?P<base>[A-Za-z])|)(?P<op>[_^])(?P<arg>\{[^{}\n]{1,40}\}|\([^()\n]{1,40}\)|[A-Za-z0-9]{1,12})")
_LATIN_BASE = re.compile(r"[A-Za-z]|_\{[^{}]*\}")  # what W^T, W_rec^T, x_k^T transpose (η^T is a power)
_CLOSING = frozenset(")]|‖")  # a script after one of these is on the bracketed term: (W x)^T, |w|^q
_CODE = re.compile(r"`([^`\n]{1,200})`")
# a one-letter name in prose, with its primes: not the article a (A), an initial (J.) or e.g., i.e.
_LETTER = re.compile(r"(?![aA](?![\w']))(?![A-Z]\.)(?![a-z]\.[a-z])[A-Za-z]'*(?![\w\\])")
_WORDISH = frozenset("'\\-.") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


_DOLLARS = re.compile(r"\$([^$\n]{1,400})\$")
_ACCENTS = {"\u0304": r"\bar", "\u0305": r"\bar", "\u0302": r"\hat", "\u0303": r"\tilde", "\u0307": r"\dot", "\u0308": r"\ddot", "\u20d7": r"\vec"}
# commands that reach outside a formula (files, definitions, the document): `$…$` holding one is printed as text
_UNSAFE = re.compile(r"\\(?:input|include|write|openin|openout|read|immediate|catcode|[egx]?def|let|csname|special|usepackage|documentclass|newcommand|renewcommand|providecommand|makeatletter|loop|jobname|end|begin|par|output|shipout|everypar|halign|noalign|tracing\w*)(?![A-Za-z])|\^\^")


def _safe_math(tex: str) -> bool:
    """Whether a `$…$` formula from the file may go into the LaTeX as it is: balanced braces, and no
    command that reads or writes files, defines macros or ends the document."""
    depth = 0
    for ch in tex:
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        if depth < 0:
            return False
    return depth == 0 and not _UNSAFE.search(tex) and not tex.rstrip().endswith("\\")


def _math_content(s: str) -> str:
    """Characters inside an informal sub/superscript, as math (Greek names as letters: L_rho → L_ρ)."""
    if s in _GREEK_TEX or s in ("max", "min"):  # σ_max as the formulas print it, σ_{\max} (upright)
        return "\\" + s
    out = []
    for ch in s:
        tex = _MATH_CHARS.get(ch) or _greek(ch)
        if tex is not None:
            out.append(tex + (" " if tex[:1] == "\\" else ""))
        elif ch.isascii() and (ch.isalnum() or ch in "+-*/()=,.' "):
            out.append(ch)
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
    return "".join(out).strip()


_NOT_A_NAME = re.compile(r"[aA](?![\w'])|[A-Z]\.|[a-z]\.[a-z]")  # the article a, an initial J., e.g.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_\\])")  # a script may follow: W_recᵀ


def _prose_name(s: str, i: int, names: Mapping[str, str]) -> re.Match | None:
    """The declared name at ``s[i]`` that prose sets as the formulas do (W → \\mathbf{W}): a one-letter
    name where a letter is a name (not the article a, an initial J.), a longer one with a script or digit
    (W_in, W2), never a word."""
    m = _NAME.match(s, i)
    if m is not None and m.group(0) not in names and "_" in m.group(0):  # x_k of a declared x: its base, the script after
        m = re.compile(re.escape(m.group(0).split("_")[0])).match(s, i)
    if m is None or m.group(0) not in names:
        return None
    word = m.group(0)
    if len(word) == 1:
        return None if _NOT_A_NAME.match(s, i) else m
    return m if "_" in word or any(c.isdigit() for c in word) else None


def tex_text(s: str, names: Mapping[str, str] | None = None) -> str:
    """Prose (possibly with Unicode math such as ‖W‖ ≤ λ₁) as LaTeX text that pdflatex accepts.

    Backquoted `code` becomes typewriter text; informal scripts (x_k, W_rec, η^{t−k}) become math;
    ``names`` (a declared name → its LaTeX, ``TexExpr.prose``) sets the file's names in prose as the
    formulas set them (W^T → \\mathbf{W}^{\\top}).
    """
    out: list[str] = []
    math: list[str] = []
    names = names or {}
    named = {"{" + tex + "}" if re.search(r"[_^]", tex) else tex for tex in names.values()}

    def flush() -> None:
        if math:
            out.append(r"\ensuremath{" + "".join(math) + "}")
            math.clear()

    def add_math(tex: str) -> None:
        # a command followed by a letter needs a separator inside one math group
        if math and math[-1].startswith("\\") and math[-1][-1:].isalpha() and tex[:1].isalpha():
            math.append(" ")
        if tex[:1] in "^_":  # a script on a base with that script already: braces, {A^{-1}}^{\top}
            base = next((j + 1 for j in range(len(math) - 1, -1, -1) if math[j][:1] not in "^_"), 0)
            if any(piece[:1] == tex[:1] for piece in math[base:]):
                base = max(base - 1, 0)
                math[base:] = ["{" + "".join(math[base:]) + "}"]
        math.append(tex)

    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "$":
            formula = _DOLLARS.match(s, i)
            if formula is not None and _safe_math(formula.group(1)):
                flush()
                out.append(r"\(" + formula.group(1).strip() + r"\)")
                i = formula.end()
                continue
        if s.startswith("||", i):  # an ASCII norm bar: ||W||_2
            add_math(r"\|")
            i += 2
            continue
        if i + 1 < len(s) and s[i + 1] in _ACCENTS and (ch.isalpha() and ch.isascii() or _greek(ch)):  # W̄, x̂
            add_math(_ACCENTS[s[i + 1]] + "{" + (_greek(ch) or ch) + "}")
            i += 2
            continue
        code = _CODE.match(s, i) if ch == "`" else None
        if code is not None:
            flush()
            out.append(r"\texttt{" + "".join(_SPECIAL.get(c, c) if c.isascii() else tex_text(c) for c in code.group(1)) + "}")
            i = code.end()
            continue
        if ch == "'" and math and not s[i + 1:i + 2].isalnum():  # a prime on a formula: σ'_{n,t}, σ'(x) (not W's)
            add_math("'")
            i += 1
            continue
        declared = _prose_name(s, i, names) if names and ch.isascii() and ch.isalpha() and (i == 0 or s[i - 1] not in _WORDISH) else None
        if declared is not None:
            tex = names[declared.group(0)]
            add_math("{" + tex + "}" if re.search(r"[_^]", tex) else tex)
            i = declared.end()
            continue
        script = _SCRIPT.match(s, i) if ch in "_^" or (ch.isascii() and ch.isalpha()) else None
        bracketed = ch in "^_" and not math and s[i - 1:i] in _CLOSING  # (1 − m)^L, |w|^q, (W x)^T, f(x)_i
        if script is not None and (script.group("base") or bracketed or (math and not math[-1].startswith(script.group("op")))):
            arg = script.group("arg")
            # W^{t−k} and W^(t−k) both have the exponent t − k; x^(1) keeps its brackets, a label, not a power
            arg = arg[1:-1] if arg[:1] == "{" or arg[:1] == "(" and re.search(r"[-+*/−]", arg) else arg
            if script.group("base"):
                add_math(script.group("base"))
            transposed = arg == "T" and script.group("op") == "^" and (
                (bracketed and "T" not in names) or math and (_LATIN_BASE.fullmatch(math[-1] if script.group("base") is None else script.group("base")) or math[-1] in named))
            add_math(r"^{\top}" if transposed else script.group("op") + "{" + _math_content(arg) + "}")
            i = script.end()
            continue
        if ch.isascii() and ch.isalpha() and s[i + 1:i + 2] in _UNICODE_SCRIPTS and not s[i - 1:i].isalnum():
            add_math(ch)  # a one-letter base of a Unicode script, Aᵀ, x², set in math with it
            i += 1
            continue
        letter = _LETTER.match(s, i) if ch.isascii() and ch.isalpha() and (i == 0 or s[i - 1] not in _WORDISH) else None
        if letter is not None:
            add_math(letter.group(0))  # a one-letter name in prose is italic, as in the formulas: for all z, T(x, u)
            i = letter.end()
            continue
        run = next((op for op, chars in _SCRIPT_RUNS.items() if ch in chars), None)
        if run is not None:
            j = i
            while j < len(s) and s[j] in _SCRIPT_RUNS[run]:
                j += 1
            add_math(run + "{" + "".join(_SCRIPT_RUNS[run][c] for c in s[i:j]) + "}")
            i = j
            continue
        i += 1
        tex = _MATH_CHARS.get(ch) or _greek(ch)
        if tex is not None:
            add_math(tex)
            continue
        flush()
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _TEXT_CHARS:
            out.append(_TEXT_CHARS[ch])
        elif ord(ch) < 128:
            out.append(" " if ch in "\n\t\r" else ch)
        elif 0xC0 <= ord(ch) <= 0xFF and ch not in "×÷":
            out.append(ch)  # Latin-1 letters: utf8 inputenc (the LaTeX default) knows them
        else:
            folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append("".join(_SPECIAL.get(c, c) for c in folded) if folded else "?")
    flush()
    return "".join(out)


def ident(name: str) -> str:
    """An identifier from the file (chain id, lemma name) in sans serif, text mode."""
    return r"\textsf{" + tex_text(name) + "}"


def math_ident(name: str) -> str:
    """The same identifier in math mode, in the subset MathJax also understands."""
    return r"\mathsf{" + re.sub(r"[^A-Za-z0-9_]", "", name).replace("_", r"\_") + "}"


# ---------------------------------------------------------------- expressions


class TexExpr:
    """Expressions through the one printer (``mathtext.Notation``): as written, the file's names."""

    def __init__(self, report: Report) -> None:
        d = report.derivation
        self.notation = Notation(d)
        self.names: dict[Any, str] = self.notation.names
        self.definitions = {df.name: df for df in d.definitions} if d is not None else {}
        self.symbols = d.symbols if d is not None else {}
        self.prose_names = {str(k): v for k, v in self.names.items() if _NAME.fullmatch(str(k))}

    def __call__(self, e: Any) -> str:
        if isinstance(e, sp.Basic):
            return self.notation.latex(e)
        return tex_text(str(e))

    def prose(self, s: str) -> str:
        """The file's prose (a chain's text, a note) as LaTeX, its names set as the formulas set them."""
        return tex_text(s, self.prose_names)

    def name(self, name: str) -> str:
        """The LaTeX of a declared or defined name (lambda_1 -> \\lambda_1)."""
        for key, value in self.names.items():
            if str(key) == name:
                return value
        if name in self.definitions:
            return self(self.definitions[name].symbol)
        decl = self.symbols.get(name)
        if decl is not None and isinstance(decl.obj, sp.Basic):
            return self(decl.obj)
        return sp.latex(sp.Symbol(name))

    def key(self, key: Any) -> str:
        """A witness's name for a value (a symbol; a sequence element x[1]; a ``Slope`` σ'(x[0]); a ``Formula``
        σ(z)) as LaTeX math."""
        known = set(self.symbols) | set(self.definitions)
        if isinstance(key, (Slope, Formula)) and key.activation in known:
            inner = self.key(key.at) if isinstance(key, Slope) else self.key(sp.Symbol("z"))
            return self.name(key.activation) + ("'" if isinstance(key, Slope) else "") + r"\left(" + inner + r"\right)"
        if isinstance(key, SeqElem) and key.name in known:
            head = self.name(key.name)
            head = r"\left(" + head + r"\right)" if "\\frac" in head else head
            return head + "_{" + tex_text(unicode_text(key.index)).replace(" ", "") + "}"
        if isinstance(key, (sp.Symbol, sp.MatrixSymbol)) and str(key) in known:
            return self.name(str(key))
        shown = value_name(key)
        if re.fullmatch(r"[A-Za-z]\w*", shown):
            return sp.latex(sp.Symbol(shown))
        return r"\text{" + tex_text(shown) + "}"

    def relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return self.notation.latex_relation(lhs, rel, rhs)

    def value(self, value: Any, raw: str = "") -> str:
        """A witness value (a sympy Matrix, number or formula) as LaTeX: matrices as pmatrix, fractions."""
        if isinstance(value, sp.MatrixBase):
            rows = [" & ".join(self.number(a) for a in row) for row in value.tolist()]
            return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"
        if isinstance(value, sp.Basic):
            return self.number(value)
        return r"\text{" + tex_text(raw) + "}"

    def number(self, v: Any) -> str:
        if isinstance(v, sp.Float):
            return sp.latex(v, full_prec=False)
        return _TopLatex({"fold_short_frac": False}).doprint(v)  # the formulas' printer: ℯ, algebraic roots


# ---------------------------------------------------------------- justifications

# the lemmas in the words (and formulas) of a paper, never their identifiers
LEMMA_WORDS = {
    "norm_transpose_2": r"$\|A^{\top}\|_2 = \|A\|_2$",
    "sigma_max_eq_norm_2": r"$\sigma_{\max}(A) = \|A\|_2$",
    "sigma_max_transpose": r"$\sigma_{\max}(A^{\top}) = \sigma_{\max}(A)$",
    "sigma_min_transpose": r"$\sigma_{\min}(A^{\top}) = \sigma_{\min}(A)$",
    "rho_transpose": r"$\rho(A^{\top}) = \rho(A)$",
    "norm_diag_induced": r"$\|\operatorname{diag}(v)\| = \max_i |v_i|$",
    "norm_diag_fro": r"$\|\operatorname{diag}(v)\|_F = \|v\|_2$",
    "diag_transpose": r"$\operatorname{diag}(v)^{\top} = \operatorname{diag}(v)$",
    "norm_homogeneous": r"$\|cA\| = |c|\,\|A\|$",
    "rho_normal": r"$\rho(A) = \|A\|_2$ for normal $A$",
    "prod_const": r"$\prod_{i=a}^{b} c = c^{b-a+1}$",
    "matprod_const": r"$\prod_{i=a}^{b} A = A^{b-a+1}$",
    "rho_le_norm": r"$\rho(A) \le \|A\|$ for induced norms",
    "submultiplicative": "submultiplicativity",
    "norm_matvec": r"$\|Ax\| \le \|A\|\,\|x\|$",
    "norm_prod_le_prod_norm": r"submultiplicativity, $\|\prod_i A_i\| \le \prod_i \|A_i\|$",
    "norm2_le_fro": r"$\|A\|_2 \le \|A\|_F$",
    "triangle": "the triangle inequality",
    "sigma_min_le_sigma_max": r"$\sigma_{\min}(A) \le \sigma_{\max}(A)$",
    "lipschitz_elementwise": r"the $c$-Lipschitz bound of an elementwise $f$ with $|f'| \le c$",
    "relu_lipschitz": r"the $1$-Lipschitz bound of the ReLU",
    "sup_by_calculus": r"the maximum of the activation's formula",
    "pointwise_bound": r"the bound $\max_i |f(v)_i| \le c$ from $|f(z)| \le c$ for all $z$",
    "mul_le_mul": "monotonicity of products",
    "add_le_add": "monotonicity of sums",
    "pow_le_pow_left": "monotonicity of powers",
    "prod_le_prod": "monotonicity of products",
    "max_le_max": r"monotonicity of $\max$",
    "gelfand_tendsto_zero": r"Gelfand's formula: $\rho(A) < 1 \Rightarrow \|A^n\| \to 0$",
    "geometric_tendsto_zero": r"$q^n \to 0$ for $0 \le q < 1$",
}


# what a proof of a kind without lemmas follows from, in words
PROOF_WORDS = {"arithmetic": "arithmetic", "rewrite": "arithmetic", "conv": "rewriting both sides to one term",
               "linarith": "linear arithmetic over the premises", "premise": "the premises", "induction": "induction",
               "calculus": "calculus", "limit": "the rules of limits", "model": "the model", "definition": "the definitions",
               "norm_coordinates": "the norm in coordinates", NORMAL_FORM: "the normal form of matrix polynomials"}


def statement(lemma: Any) -> tuple[Any, str, Any]:
    """A library lemma's statement read in its pattern variables: (lhs, rel, rhs); a limit is (e, "->0", n)."""
    scope = pattern_scope()
    if lemma.use == "limit":
        e = parse_expr(lemma.statement, scope)
        return e, "->0", e.args[1] if isinstance(e, sp.Pow) else sp.Symbol("n")
    (rel,) = parse_relations(lemma.statement.replace(" = ", " == "), scope)
    return rel.lhs, rel.rel, rel.rhs


def statement_latex(lemma: Any) -> str:
    """A library lemma's statement as LaTeX math (printed by sympy through the operators' ``_latex``)."""
    lhs, rel, rhs = statement(lemma)
    if rel == "->0":
        return latex(lhs) + r" \to 0 \quad \text{as } " + latex(rhs) + r" \to \infty"
    return f"{latex(lhs)} {REL_TEX.get(rel, rel)} {latex(rhs)}"


def lemma_words(name: str) -> str:
    """A lemma as a paper names it: its formula or a phrase; another library lemma by its statement
    (ρ(A)^k ≤ ‖A‖^k), never its identifier run into the prose; a name not in the library emphasised."""
    if name in LEMMA_WORDS:
        return LEMMA_WORDS[name]
    lemma = next((lm for lm in LEMMAS if lm.name == name), None)
    return r"\(" + statement_latex(lemma) + r"\)" if lemma is not None else r"\emph{" + tex_text(name.replace("_", " ")) + "}"


# ---------------------------------------------------------------- displays broken into lines

LINE = 30  # characters of an expression's Unicode form that fit a line of a two-column display


def _tokens(ex: TexExpr, e: Any, top: bool = False) -> list[tuple[str, int, str]]:
    """A written term as pieces a display may break between: (LaTeX, width in characters, kind),
    kind "open"/"close" for delimiters (‖ ‖, ( )), "join" for a piece that starts with + − ·, else "atom"."""
    nt = ex.notation
    twin = nt.form(e)[0] if top else e
    if isinstance(twin, Norm) and isinstance(twin.matrix, (sp.MatAdd, sp.MatMul)):
        kind = NORM_LATEX.get(twin.kind, twin.kind)
        return [(r"\left\|", 1, "open")] + _tokens(ex, twin.matrix) + [(r"\right\|_{" + kind + "}", 2, "close")]
    if isinstance(twin, (sp.Mul, sp.MatMul)) and _negated(twin) is None and not any(_is_reciprocal(f) for f in twin.args):
        out: list[tuple[str, int, str]] = []
        for i, f in enumerate(_flat(twin, type(twin))):
            if binding(f, inline=False) < PRECEDENCE["Mul"]:
                inner = [(r"\left(", 1, "open")] + _tokens(ex, f) + [(r"\right)", 1, "close")]
            elif isinstance(f, sp.Rational) and not f.is_Integer:
                inner = [(_written_latex(ex, f), len(nt.text(f)), "atom")]
            else:
                inner = _tokens(ex, f)
            if i and not isinstance(twin, sp.MatMul):
                out.append((r"\cdot", 1, "join"))
            out += inner
        return out
    if isinstance(twin, (sp.Add, sp.MatAdd)):
        out = []
        for i, term in enumerate(_flat(twin, type(twin))):
            neg = _negated(term)
            shown = neg if neg is not None else term
            inner = _tokens(ex, shown)
            if binding(shown, inline=False) < PRECEDENCE["Add"] + (neg is not None):  # a − (b + c), a − (−b)
                inner = [(r"\left(", 1, "open")] + inner + [(r"\right)", 1, "close")]
            sign = "-" if neg is not None else ("+" if i else "")
            inner.insert(0, (sign, 2, "join")) if sign else None
            out += inner
        return out
    return [(_written_latex(ex, twin), len(_written_text(ex, twin)), "atom")]


def _grouped(tokens: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Delimited groups that fit on a line become one unbreakable piece (a line breaks inside a
    norm or parentheses only when they are longer than a line)."""
    out: list[tuple[str, int, str]] = []
    i = 0
    while i < len(tokens):
        tex, n, kind = tokens[i]
        if kind == "open":
            depth, j, width = 0, i, 0
            while j < len(tokens):
                depth += 1 if tokens[j][2] == "open" else -1 if tokens[j][2] == "close" else 0
                width += tokens[j][1]
                if depth == 0:
                    break
                j += 1
            if width <= LINE and j < len(tokens):
                out.append((" ".join(t for t, _, _ in tokens[i : j + 1]), width, "atom"))
                i = j + 1
                continue
        out.append((tex, n, kind))
        i += 1
    return out


def _written_latex(ex: TexExpr, e: Any) -> str:
    return WrittenLatexPrinter(ex.names, True).doprint(e)


def _written_text(ex: TexExpr, e: Any) -> str:
    return _WRITTEN.doprint(e)


def display_lines(ex: TexExpr, e: Any) -> list[str]:
    """A term as display lines: a long one is broken between factors, terms or inside a norm
    (with \\left. \\right. for the delimiters left open), each line at most LINE characters where
    the pieces allow; a short term is one line."""
    if len(ex.notation.text(e)) <= LINE:
        return [ex(e)]
    tokens = _grouped(_tokens(ex, e, top=True))
    lines: list[list[tuple[str, int, str]]] = [[]]
    width = 0
    for tex, n, kind in tokens:
        if lines[-1] and kind in ("join", "open", "atom") and width + n > LINE and lines[-1][-1][2] != "open":
            lines.append([])
            width = 0
        lines[-1].append((tex, n, kind))
        width += n
    out: list[str] = []
    depth = 0
    for line in lines:
        opened = depth
        for _, _, kind in line:
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
        text = r"\left. " * opened + " ".join(t for t, _, _ in line) + r" \right." * depth
        out.append(text if not out else "{}" + text)
    return out


def side_by_side(ex: TexExpr, start: Any, terms: list[Any]) -> bool:
    """Whether the start and each term fit side by side in a narrow column (measured in Unicode)."""
    return len(ex.notation.text(start)) + max(len(ex.notation.text(t)) for t in terms) <= 34
