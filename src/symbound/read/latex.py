"""LaTeX (between dollar signs) and copied PDF mathematics in expression fields, read into the
expression language.

A formula is tokenised and its macros expanded (read/texmacros.py), parsed by a Lark grammar of the
math subset (read/latex.lark), and the tree is spelled in the expression language, which
read/syntax.py then translates into sympy objects as it does any expression: the same whitelist, shape
checks and objects, hence the same verdicts.  Each character of the spelling keeps the index of the
LaTeX character it came from, so every message points into the formula as written.

A reading is never guessed: where LaTeX means two things (x_k an element of a sequence or a name;
W^T a transpose or a power; |x| of a matrix; letters side by side, a name or a product) the
declarations decide, and where they do not the error shows both readings.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
import re
from typing import Any

import lark

from symbound import ops
from symbound.errors import ExprError
from symbound.read import texmacros, unicode
from symbound.read.exprtext import MAX_NESTING
from symbound.read.syntax import DimensionFamily, IndexedDefinition, Sequence
from symbound.read.latex_names import Names
from symbound.read.latex_spelling import EXPECTED, Code, Head, Scripts, atom_kind, atomic, end_of, index_range, join, partial_of, script_of, shown, start_of, sum_kind
from symbound.read.texmacros import Notation

_BIG = {"prod": ("\\prod", "product"), "sum": ("\\sum", "sum"), "max": ("\\max", "maximum")}  # a big operator's LaTeX and word
_NAMED_KINDS = {"1": "1", "2": "2", "F": "fro", "fro": "fro", "infty": "inf", "∞": "inf", "sigma": "2", "op": "2"}  # ‖A‖_σ: the spectral norm


@lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    grammar = (Path(__file__).parent / "latex.lark").read_text(encoding="utf-8")
    grammar = grammar.replace("INFIX/", "".join("|" + re.escape(head) + "(?![A-Za-z])" for head in ops.latex_infix()) + "/")
    return lark.Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def read_formula(text: str, names: dict[str, Any], notation: Notation) -> tuple[str, list[int]] | None:
    """The expression-language spelling of ``text`` and each character's index in ``text``, or None
    when ``text`` is neither LaTeX (``$…$``) nor copied PDF mathematics."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if stripped.startswith("$") or stripped.endswith("$"):
        start = lead + (1 if stripped.startswith("$") else 0)
        end = lead + len(stripped) - (1 if stripped.endswith("$") and len(stripped) > 1 else 0)
        body, origin = text[start:end], list(range(start, end + 1))
        if "$" in body:
            raise ExprError("a formula is one piece of math between two dollar signs", "write the whole expression as $…$", start + body.index("$"))
    elif unicode.is_paper_text(text):
        body, origin = text, list(range(len(text) + 1))
    else:
        return None
    body, origin = unicode.to_latex(body, origin)
    _check_clashes(texmacros.tokens(body, origin), names, notation)
    reader = _Reader(names, notation)
    toks = texmacros.expand(texmacros.tokens(body, origin), notation.macros)
    texmacros.check_written(toks, ops.exponential.E_NAME in names)
    flat, flat_origin = texmacros.normalised(toks, reader.commands, origin[-1])
    reader.source, reader.origin = flat, flat_origin
    texmacros.check_nesting(flat, flat_origin, MAX_NESTING)
    try:
        code = reader.parse(flat, 0)
    except RecursionError:
        raise ExprError("the formula is nested too deeply", "name parts of it in `definitions`", origin[0]) from None
    return code.text, list(code.origin) + [origin[-1]]


def _check_clashes(toks: list[texmacros.Token], names: dict[str, Any], notation: Notation) -> None:
    """A macro with the name of a command that spells a declared symbol (\\gamma defined under `macros:`
    while γ is declared, or used in a `latex:`) would make the formula mean something else than the
    declaration says: an error at the first use, direct or through other macros."""
    if not notation.macros:
        return
    spelled = {n for n in names if n in ops.GREEK}
    commands = {c for latex in notation.latex.values() for c in re.findall(r"\\[A-Za-z]+", latex)}
    clashing = {m for m in notation.macros if m in commands or m[1:] in spelled}
    for tok in toks:
        seen, todo = set(), [tok.text]
        while todo and len(seen) < texmacros.MAX_MACROS:
            name = todo.pop()
            if name in seen or name not in notation.macros:
                continue
            seen.add(name)
            if name in clashing:
                via = "" if name == tok.text else f" (through {tok.text})"
                raise ExprError(f"{name}{via} is both a macro and the LaTeX of a declared symbol: which one a formula means is not clear",
                                "rename the macro, or the symbol's `latex:`", tok.at)
            todo += re.findall(r"\\[A-Za-z]+", notation.macros[name].body)


class _Reader(Names):
    """One formula: its normalised text and the walk from the parse tree to the expression language."""

    def __init__(self, names: dict[str, Any], notation: Notation) -> None:
        self.names = names
        self.keys = notation.names_by_key(names)
        # the keys no single atom spells (f(x), F_{A}(x), \frac{\partial C}{\partial h_t}): matched on spans of factors
        self.spans = {k: v for k, v in self.keys.items() if not re.fullmatch(r"[A-Za-z]+'*(?:[_^][\w']+)*", k) or k.startswith(("frac", "sqrt"))}
        self.heads = {texmacros.canonical(h): name for h, name in ops.latex_heads().items()}
        self.commands = {"\\" + k for k in self.heads if k.isalpha()} | {r"\tanh", r"\sigma"}
        self.bound: dict[str, str] = {}  # a product's or sum's index, while its body is read
        self.entry: str | None = None  # the index of \max_i, while its body |v_i| is read
        self.entries = 0  # the entries v_i read in that body
        self.source = ""
        self.origin: list[int] = []

    # --- positions and errors
    def at(self, offset: int) -> int:
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]

    def err(self, offset: int, what: str, instead: str = "", name: str = "") -> ExprError:
        return ExprError(what, instead, self.at(offset), name)

    def parse(self, text: str, base: int) -> Code:
        """Parse ``text`` (the part of the normalised formula starting at ``base``) and spell it."""
        if not text.strip():
            raise self.err(base, "the formula is empty", "write an expression between the dollar signs")
        try:
            tree = _parser().parse(text)
        except lark.exceptions.UnexpectedInput as exc:
            at_end = isinstance(exc, lark.exceptions.UnexpectedEOF) or getattr(getattr(exc, "token", None), "type", "") == "$END"
            offset = len(text.rstrip()) if at_end or exc.pos_in_stream is None or exc.pos_in_stream < 0 else exc.pos_in_stream
            pos = base + offset
            expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
            words = ", ".join(dict.fromkeys(EXPECTED.get(e, e) for e in expected if e in EXPECTED))
            got = "the end" if at_end or offset >= len(text) else text[offset]
            raise self.err(pos, f"cannot read the LaTeX at {shown(got)}" + (f": expected {words}" if words else ""), "see docs/format.md, 'LaTeX'") from None
        return self.walk(tree, base)

    # --- the tree
    def walk(self, node: Any, base: int) -> Code:
        if isinstance(node, lark.Token):
            return self.apply_all(self.factor_items(node, [], base), base)
        kind = node.data
        if kind == "relation":
            parts: list[Code | tuple[str, int]] = []
            for child in node.children:
                if isinstance(child, lark.Token) and child.type == "REL":
                    rel = {"=": "==", r"\le": "<=", r"\ge": ">="}.get(child.value, child.value)
                    if rel in (r"\ne", r"\to"):
                        raise self.err(base + child.start_pos, f"{child.value} is not a relation symbound checks", "use <, \\le, =, \\ge or >")
                    parts.append((f" {rel} ", self.at(base + child.start_pos)))
                else:
                    parts.append(self.paren(self.walk(child, base), 4))
            return join(parts, "scalar")
        if kind == "conjunction":
            parts = []
            for child in node.children:
                parts.append((" and ", self.at(base + child.start_pos)) if isinstance(child, lark.Token) else self.walk(child, base))
            return join(parts, "scalar")
        if kind == "binary":
            left, op, right = node.children
            return self.binary(left, op, right, base)
        if kind == "signed":
            sign, inner = node.children
            value = self.walk(inner, base)
            return value if sign.value == "+" else join([("-", self.at(base + sign.start_pos)), self.paren(value, 1)], value.kind, 2)
        if kind == "juxt":
            return self.juxt(node.children, base)
        return self.apply_all(self.factor_items(node, [], base), base)

    def binary(self, left_node: Any, op: lark.Token, right_node: Any, base: int) -> Code:
        at = self.at(base + op.start_pos)
        if op.type == "DIV":
            jac = self.jacobian(left_node, right_node, base)
            if jac is not None:
                return jac
        left, right = self.walk(left_node, base), self.walk(right_node, base)
        if op.type == "ADD":
            return join([self.paren(left, 4), (f" {op.value} ", at), self.paren(right, 3)], sum_kind(left, right), 4)
        if op.type == "DIV":
            if isinstance(right_node, lark.Tree) and right_node.data == "juxt" and len(right_node.children) > 1 and partial_of(right_node) is None:
                raise ExprError("a / b c can be read two ways: as a / (b c) or as (a / b) c", "write \\frac{a}{b c} or \\frac{a}{b} c", at)
            return join([self.paren(left, 3), (" / ", at), self.paren(right, 2)], left.kind, 3)
        head = self.heads.get(texmacros.canonical(op.value))
        if head is not None:  # \odot: an operator written between its arguments
            return join([(f"{head}(", at), left, (", ", at), right, (")", at)], "matrix")
        return self.product(left, right, at)

    def product(self, left: Code, right: Code, at: int) -> Code:
        """left times right: ``@`` between two matrices, ``*`` when one is a scalar."""
        both = left.kind == "matrix" and right.kind == "matrix"
        kind = "matrix" if "matrix" in (left.kind, right.kind) else "scalar"
        return join([self.paren(left, 3), (" @ " if both else " * ", at), self.paren(right, 2)], kind, 3)

    @staticmethod
    def paren(c: Code, loosest: int = 0) -> Code:
        """``c`` in parentheses where it binds more loosely than ``loosest`` (and is no name, number or call)."""
        if c.kind == "args" or c.prec <= loosest or atomic(c.text):
            return c
        return join([("(", c.origin[0] if c.origin else 0), c, (")", c.origin[-1] if c.origin else 0)], c.kind)

    def juxt(self, factors: list[Any], base: int) -> Code:
        """Factors side by side: applications where the declarations make a factor a function, products otherwise."""
        items: list[Code | Head] = []
        saved = dict(self.bound), self.entry
        try:
            i = 0
            while i < len(factors):
                spelled = self.declared_span(factors, i, base)
                if spelled is not None:  # f(\mathbf{x}), \frac{\partial C}{\partial h_t}: a name's latex:
                    items.append(spelled[0])
                    i = spelled[1]
                    continue
                f = factors[i]
                i += 1
                bracket = i < len(factors) and atom_kind(factors[i]) == "bracket" and atom_kind(f) in ("WORD", "CMD", "accent")
                try:
                    read = self.factor_items(f, items, base)
                except ExprError:
                    if not bracket:
                        raise
                    read = []
                if bracket and not (read and isinstance(read[-1], Head)):  # f[x] applies a declared function
                    written = re.sub(r"\s+\[", "[", self.source[base + start_of(f) : base + end_of(factors[i])])
                    raise self.err(base + start_of(f), f"{written} can be read two ways: as a product with [ … ], or as one quantity (Var[x], E[x])",
                                   f"declare the quantity with latex: '{written}', or write the product with \\cdot")
                items.extend(read)
                last = items[-1]
                if isinstance(last, Head) and last.kind == "big":  # its index is bound in what follows
                    subs = [raw for typ, raw, _ in last.scripts if typ == "SUB"]
                    bounds = index_range(last.scripts)
                    if last.name == "max_abs":
                        self.entry, self.entries = (texmacros.canonical(subs[0].strip("{}")) if subs else ""), 0
                    elif bounds is None:  # before its body is read: the body's index is unknown without it
                        raise self.no_range(last)
                    else:
                        self.bound[bounds[0]] = bounds[0]
            return self.apply_all(items, base)
        finally:
            self.bound, self.entry = saved

    def declared_span(self, factors: list[Any], i: int, base: int) -> tuple[Code, int] | None:
        """The symbol whose declared latex: is exactly the factors i…j−1 (the longest), with j."""
        if not self.spans:
            return None
        start = base + start_of(factors[i])
        for j in range(len(factors), i, -1):
            key = re.sub(r"[\\{}\s]", "", self.source[start : base + end_of(factors[j - 1])])
            names = self.spans.get(key)
            if names:
                at = self.at(start)
                return self.symbol(self.unique(names, self.source[start : base + end_of(factors[j - 1])], at), [], at), j
        return None

    def apply_all(self, items: list[Code | Head | Scripts], base: int) -> Code:
        """Applications first, then the scripts after a bracket, then the product of what is left."""
        values: list[Code] = []
        i = 0
        while i < len(items):
            item = items[i]
            if isinstance(item, Head):
                value, i = self.apply(items, i, base)
            elif isinstance(item, Scripts):
                raise ExprError("a script must follow something", "write it after a symbol or a bracket", item.scripts[0][2])
            else:
                value, i = item, i + 1
            if i < len(items) and isinstance(items[i], Scripts):
                value, i = self.scripted(value, list(items[i].scripts), base), i + 1
            if value.kind == "args":
                raise ExprError("a parenthesised list is not a value", "pass it to a function: \\max(a, b)", value.origin[0])
            values.append(value)
        out = values[0]
        for value in values[1:]:
            out = self.product(out, value, value.origin[0])
        return out

    def apply(self, items: list[Code | Head], i: int, base: int) -> tuple[Code, int]:
        head = items[i]
        assert isinstance(head, Head)
        if head.kind == "big":
            body = items[i + 1 :]
            return (self.largest_entry(head, body, base) if head.name == "max_abs" else self.big_operator(head, body, base)), len(items)
        if head.kind == "partial":
            raise ExprError("∂ is read only in a Jacobian", "write \\frac{\\partial x_{k+1}}{\\partial x_k}", head.at)
        if i + 1 >= len(items):
            raise ExprError(f"{head.name} needs an argument", f"write {head.name}(…)", head.at)
        arg = items[i + 1]
        nxt = i + 2
        if isinstance(arg, Scripts):
            raise ExprError(f"{head.name} needs an argument", f"write {head.name}(…)", head.at)
        if isinstance(arg, Head):
            arg, nxt = self.apply(items, i + 1, base)
        elif not arg.bracketed and arg.kind != "args" and nxt < len(items) and isinstance(items[nxt], Scripts):
            arg, nxt = self.scripted(arg, list(items[nxt].scripts), base), nxt + 1  # \tanh x^2: the argument's scripts
        inner = Code(arg.text[1:-1], arg.origin[1:-1]) if arg.kind == "args" else arg  # (a, b): the list's brackets are the call's
        name = head.name + "'" * head.order
        kind = "matrix" if head.name in ("diag", "jacobian") else (arg.kind if head.kind == "activation" else "scalar")
        return join([(name + "(", head.at), inner, (")", arg.origin[-1])], kind), nxt

    def big_operator(self, head: Head, body: list[Code | Head], base: int) -> Code:
        """\\prod_{i=a}^{b} body, \\sum_{i=a}^{b} body, \\max_{i=a}^{b} body: prod(body, i, a, b), sum(…),
        max(body, (i, a, b)), the index bound while the body is read."""
        written, what = _BIG[head.name]
        bounds = index_range(head.scripts)
        if bounds is None:
            raise self.no_range(head)
        if not body:
            raise ExprError(f"the {what} has nothing to {dict(product='multiply', sum='add').get(what, 'compare')}", f"write its term after {written}_{{i=k}}^{{t-1}}", head.at)
        var, (low, low_at), (high, high_at) = bounds
        lo, hi = self.parse(low, low_at), self.parse(high, high_at)
        value = self.apply_all(body, base)
        if head.name == "max":  # the tuple form: max(x, k, 1, n) with a declared k is four scalars
            return join([("max(", head.at), value, (f", ({self.bound.get(var, var)}, ", head.at), lo, (", ", head.at), hi, ("))", head.at)], "scalar")
        return join([(head.name + "(", head.at), value, (f", {self.bound.get(var, var)}, ", head.at), lo, (", ", head.at), hi, (")", head.at)], value.kind)

    @staticmethod
    def no_range(head: Head) -> ExprError:
        written, what = _BIG[head.name]
        return ExprError(f"a {what} needs its range: {written}_{{i=k}}^{{t-1}} or {written}_{{k \\le i \\le t-1}}", "write the index and both bounds", head.at)

    def largest_entry(self, head: Head, body: list[Code | Head], base: int) -> Code:
        """\\max_i |v_i|: max_abs(v), the largest absolute entry; the body is exactly |v_i|, i the index of \\max."""
        value = self.apply_all(body, base) if body else None
        if value is None or value.kind != "entry abs" or self.entries != 1:
            raise ExprError("\\max with an index reads only as the largest absolute entry, \\max_i |v_i|",
                            "write \\max_i |v_i| (v a vector or matrix), \\max_{i=1}^{n} body over a range, or \\max(a, b) of scalars", head.at)
        return join([("max_abs(", head.at), Code(value.text[4:-1], value.origin[4:-1]), (")", head.at)], "scalar")

    # --- one factor: an atom and its scripts
    def factor_items(self, node: Any, before: list[Code | Head], base: int) -> list[Code | Head]:
        if isinstance(node, lark.Tree) and node.data == "factor":
            atom, scripts = node.children[0], node.children[1:]
        else:
            atom, scripts = node, []
        scr = [script_of(s, base) for s in scripts]
        if len(scr) > 1 and scr[0][0] == "SUP" and scr[1][0] == "SUB":  # x^2_k is x_k^2 to TeX: one base, both scripts
            scr[0], scr[1] = scr[1], scr[0]
        if isinstance(atom, lark.Token) and atom.type in ("WORD", "CMD"):
            return self.named(atom, scr, base)
        if isinstance(atom, lark.Tree) and atom.data == "accent":  # \tilde{x}: a name as its latex: spells it
            span = self.source[base + atom.meta.start_pos : base + atom.meta.end_pos]
            return self.named(lark.Token("ACCENTED", span, start_pos=atom.meta.start_pos), scr, base)
        if scr and scr[0][0] == "SUB" and isinstance(atom, lark.Tree) and self.is_entry(scr[0]):  # (W x)_i in \max_i |(W x)_i|
            return [self.entry_of(self.atom(atom, base), scr)]
        if scr and scr[0][0] == "SUB" and isinstance(atom, lark.Tree):  # (\frac{\partial E}{\partial x})_t: g[t]
            element = self.element_of_spelled(atom, scr[0], base)
            if element is not None:
                return [self.scripted(element, scr[1:], base)]
        value = self.atom(atom, base)
        if isinstance(atom, lark.Tree) and atom.data in ("paren", "bracket") and scr:  # \rho(V)^t: the scripts may belong to an application
            return [value, Scripts(tuple(scr))]
        if isinstance(atom, lark.Tree) and atom.data == "norm" and scr and scr[0][0] == "SUB":  # \|A\|_2: the norm's kind
            value, scr = self.norm_kind(value, scr[0]), scr[1:]
        return [self.scripted(value, scr, base)]

    def element_of_spelled(self, atom: lark.Tree, sub: tuple[str, str, int], base: int) -> Code | None:
        """An element of a sequence whose latex: is not a name (a fraction, a bracket), if ``atom`` spells one."""
        span = self.source[base + atom.meta.start_pos : base + atom.meta.end_pos]
        key = re.sub(r"[\\{}\s]", "", span)
        key = key[1:-1] if atom.data == "paren" and key.startswith("(") else key
        names = sorted(n for n in self.spans.get(key, ()) if isinstance(self.names.get(n), (Sequence, IndexedDefinition, DimensionFamily)))
        if not names:
            return None
        at = self.at(base + atom.meta.start_pos)
        name = self.unique(set(names), span, at)
        return join([(name + "[", at), self.script_expr(sub[1], sub[2]), ("]", at)], "matrix")

    def atom(self, node: Any, base: int) -> Code:
        if isinstance(node, lark.Token):  # a number
            return Code.of(node.value, self.at(base + node.start_pos))
        kind, ch = node.data, node.children
        at = self.at(base + node.meta.start_pos)
        if kind == "group":
            return self.walk(ch[0], base)
        if kind == "bracket" and len(ch) > 1:
            raise ExprError("[a, b] is an interval (or a row of entries), not a value", "write the bounds as two claims: a \\le x and x \\le b", at)
        if kind in ("paren", "bracket"):
            parts = [self.walk(c, base) for c in ch]
            if len(parts) == 1:
                return dataclasses.replace(self.paren(parts[0]), bracketed=True)
            pieces: list[Code | tuple[str, int]] = [("(", at)]
            for j, p in enumerate(parts):
                pieces += ([(", ", p.origin[0])] if j else []) + [p]
            return join(pieces + [(")", self.at(base + node.meta.end_pos - 1))], "args")
        if kind == "angle":  # the operator declaring \langle
            return join([(self.heads["langle"] + "(", at), self.walk(ch[1], base), (", ", at), self.walk(ch[2], base), (")", self.at(base + node.meta.end_pos - 1))], "scalar")
        if kind == "norm":
            return join([("norm(", at), self.walk(ch[0], base), (")", self.at(base + node.meta.end_pos - 1))], "scalar")
        if kind == "bars":
            inner = self.walk(ch[0], base)
            if inner.kind == "entry":  # |v_i| in \max_i |v_i|
                return join([("abs(", at), inner, (")", self.at(base + node.meta.end_pos - 1))], "entry abs")
            if inner.kind == "matrix":
                raise ExprError("|…| of a matrix or vector can be read two ways: as a norm ‖…‖ or as entrywise absolute values",
                                "write \\|…\\| (with _1, _2, _F or _\\infty) for a norm", at)
            return join([("abs(", at), inner, (")", self.at(base + node.meta.end_pos - 1))], "scalar")
        if kind in ("frac", "sqrt", "accent"):
            for arg in ch[1:]:
                if isinstance(arg, lark.Token) and arg.type in ("WORD", "NUMBER") and len(arg.value) > 1:
                    raise self.err(base + arg.start_pos, f"{ch[0].value}{arg.value} is read by TeX as {ch[0].value}{{{arg.value[0]}}}{arg.value[1:]}: ambiguous to a reader",
                                   f"write the argument in braces: {ch[0].value}{{…}}")
        if kind == "frac":
            num, den = ch[1], ch[2]
            element = self.fraction_element(node, num, den, base)
            if element is not None:
                return element
            jac = self.jacobian(num, den, base)
            if jac is not None:
                return jac
            top, bottom = self.walk(num, base), self.walk(den, base)
            return join([self.paren(top, 3), (" / ", at), self.paren(bottom, 2)], top.kind, 3)
        if kind == "sqrt":
            inner = self.walk(ch[-1], base)
            degree = next((c for c in ch[1:-1] if isinstance(c, lark.Token) and c.type == "ROOT"), None)
            if degree is None:
                return join([("sqrt(", at), inner, (")", at)], "scalar")
            n = self.parse(degree.value[1:-1], base + degree.start_pos + 1)  # \sqrt[n]{x}: x ** (1/n)
            return join([("(", at), inner, (") ** (1 / ", at), self.paren(n, 2), (")", at)], "scalar")
        raise ExprError("cannot read this part of the formula", "see docs/format.md, 'LaTeX'", at)

    def jacobian(self, num: Any, den: Any, base: int) -> Code | None:
        """∂X/∂Y (as \\frac or with /): jacobian(X, Y); None when the two sides are not both ∂ terms."""
        of, wrt = partial_of(num), partial_of(den)
        if of is None and wrt is None:
            return None
        if of is None or wrt is None:
            raise self.err(base + (num if wrt is None else den).meta.start_pos, "only one side of this fraction is a ∂ term", "write a Jacobian as \\frac{\\partial x_{k+1}}{\\partial x_k}")
        at = self.at(base + num.meta.start_pos)
        return join([("jacobian(", at), self.juxt(of, base), (", ", at), self.juxt(wrt, base), (")", at)], "matrix")

    def fraction_element(self, node: Any, num: Any, den: Any, base: int) -> Code | None:
        r"""\frac{\partial C}{\partial h_T}: the element T of a sequence declared with latex
        \frac{\partial C}{\partial h} (a gradient), or None; an error when it could also be a Jacobian."""
        of, wrt = partial_of(num), partial_of(den)
        if of is None or wrt is None or not isinstance(wrt[-1], lark.Tree) or wrt[-1].data != "factor":
            return None
        subs = [t for t in wrt[-1].children[1:] if isinstance(t, lark.Token) and t.type == "SUB"]
        if len(subs) != 1:
            return None
        sub = subs[0]
        span = self.source[base + node.meta.start_pos : base + sub.start_pos] + self.source[base + sub.end_pos : base + node.meta.end_pos]
        names = sorted(n for n in self.spans.get(re.sub(r"[\\{}\s]", "", span), ()) if isinstance(self.names.get(n), Sequence))
        if not names:
            return None
        at = self.at(base + node.meta.start_pos)
        of_names = [f for f in of if isinstance(f, lark.Tree) and f.data == "factor" and isinstance(f.children[0], lark.Token) and self.lookup(texmacros.canonical(f.children[0].value))]
        if of_names:
            raise ExprError(f"this fraction can be read two ways: as the element of '{names[0]}' (declared as its latex) or as a Jacobian",
                            "give the sequence a different `latex:`, or rename the symbol in the numerator", at)
        _, raw, pos = script_of(sub, base)
        return join([(self.unique(set(names), span, at) + "[", at), self.script_expr(raw, pos), ("]", at)], "matrix")

    def scripted(self, value: Code, scripts: list[tuple[str, str, int]], base: int) -> Code:
        """A value with its subscripts, superscripts and primes: a norm's kind, a transpose, a power."""
        for typ, raw, pos in scripts:
            at = self.at(pos)
            if typ == "PRIME" and value.kind == "matrix":
                raise ExprError("' after a vector or matrix can be read two ways: as its transpose or as another symbol (x' a second point)",
                                "write ^\\top for the transpose, or declare the primed symbol (latex: \"x'\")", at)
            if typ == "PRIME":
                raise ExprError("' marks the derivative of an activation only", "declare it with `kind: activation`", at)
            if typ == "SUB" and value.kind == "matrix":  # (W x)_i: a coordinate of a vector, counted from 1
                value = join([self.paren(value), ("[", at), self.script_expr(raw, pos), ("]", at)], "scalar")
            elif typ == "SUB":
                raise ExprError("a subscript here has no meaning", "subscripts name symbols, index sequences and vectors' coordinates, and give a norm's kind", at)
            else:
                value = self.power(value, raw, pos)
        return value

    def norm_kind(self, value: Code, sub: tuple[str, str, int]) -> Code:
        """\\|A\\|_2, _1, _F, _\\infty, _\\sigma: norm(A, kind)."""
        _, raw, pos = sub
        kind = _NAMED_KINDS.get(texmacros.canonical(raw.strip("{}")))
        if kind is None:
            raise ExprError(f"unknown norm '{raw}'", "write \\|A\\|_1, \\|A\\|_2, \\|A\\|_F or \\|A\\|_\\infty", self.at(pos))
        return join([Code(value.text[:-1], value.origin[:-1]), (f", {kind})", self.at(pos))], "scalar")

    def power(self, value: Code, raw: str, pos: int) -> Code:
        """value^{raw}: the transpose for ^T, ^\\top (when no declared T makes it a power), else a power."""
        at = self.at(pos)
        if texmacros.canonical(raw) in ("T", "top") and value.kind == "matrix":
            if self.lookup("T"):
                raise ExprError(f"^{raw} can be read two ways: as a transpose or as a power with the declared '{min(self.lookup('T'))}'",
                                "write ^\\top for the transpose; for the power, write it in the expression language (W ** T)", at)
            return join([self.paren(value), (".T", at)], "matrix")
        if re.fullmatch(r"\{?\s*\((?:[^()]|\([^()]*\))*\)\s*\}?", raw):  # ^{(1)}, ^{(t - k)}; not ^{(a)(b)}
            raise ExprError(f"^{raw} can be read two ways: as a power or as a label (W^{{(l)}} the l-th layer's W, f^{{(n)}} the n-th derivative)",
                            "for a label, declare the symbol with that `latex:` (e.g. latex: 'W^{(1)}'); for a power, write it without the parentheses", at)
        kind = "scalar" if value.kind == "entry abs" else value.kind  # |v_i|^2 is no longer the body \max_i |v_i| reads
        return join([self.paren(value), (" ** ", at), self.paren(self.script_expr(raw, pos), 1)], kind, 1)

    def script_expr(self, raw: str, pos: int) -> Code:
        """A subscript or superscript's content read as an expression (an index, a bound, an exponent)."""
        inner, start = (raw[1:-1], pos + 1) if raw.startswith("{") else (raw, pos)
        return self.parse(inner, start)

