"""The one printer of expressions, shared by the terminal, LaTeX and JSON views.

Two forms of every expression exist: the *canonical* one the checker works on, and the *as written*
twin the parser builds beside it (``Derivation.written``: canonical object → twin), which keeps the
author's order of terms and factors, ``(1/γ)·γ`` and ``t − k``.  ``Notation`` prints the twin when an
expression has one and the canonical form otherwise, as Unicode mathematics for the terminal
(``η^(t−k)``, ``γ·λ₁``: no ``*``, no ``**``) or as LaTeX through sympy's LaTeX printer with
``order='none'``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from symbound import ops
from symbound.ops import Jacobian
from symbound.ops.objects import evaluated
from symbound.ops import unicode_name as name
from symbound.ops.base import binding, negated as _negated, slashed
from symbound.ops.registry import of
from symbound.ops.written import written as file_syntax

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
REL = {"<=": "≤", "<": "<", "=": "=", ">=": "≥", ">": ">", "->0": "→ 0"}
REL_TEX = {"<=": r"\le", "<": "<", "=": "=", ">=": r"\ge", ">": ">"}
MINUS = "−"


def _flat(e: Any, cls: type) -> list:
    """The operands of nested ``cls`` nodes in order: (a + b) + c → [a, b, c]."""
    out: list = []
    for a in e.args:
        out.extend(_flat(a, cls) if type(a) is cls else [a])
    return out


class _Derived:
    """Print a derived (never written) subexpression, such as a Jacobian, in canonical form."""

    def _print(self, e: Any, **kwargs: Any) -> str:
        if self.written and isinstance(e, Jacobian):
            order = self._settings["order"]
            self.written, self._settings["order"] = False, None
            try:
                return super()._print(e, **kwargs)
            finally:
                self.written, self._settings["order"] = True, order
        return super()._print(e, **kwargs)


def _positive_first(e: Any) -> list:
    """A canonical sum's terms in sympy's order, those with a minus sign after the others: t − k, not −k + t."""
    terms = [t for a in e.as_ordered_terms() for t in (_flat(a, sp.Add) if isinstance(a, sp.Add) else [a])]
    return [a for a in terms if _negated(a) is None] + [a for a in terms if _negated(a) is not None]


def factors(e: Any) -> list:
    """A product's factors in the order they print: the author's (or sympy's) order with the numeric
    coefficients first, as a mathematician writes them (2·γ·(η + γ), 2 (η + γ) W, never (η + γ) 2 W);
    a scalar product inside a matrix product is opened up, since scalars commute with everything."""
    out: list = []
    for a in _flat(e, type(e)):
        out.extend(factors(a) if isinstance(e, sp.MatMul) and isinstance(a, sp.Mul) else [a])
    return [a for a in out if isinstance(a, sp.Number)] + [a for a in out if not isinstance(a, sp.Number)]


def _is_reciprocal(e: Any) -> bool:
    return isinstance(e, sp.Pow) and e.args[1] == -1


def written_quotient(shown: list) -> tuple[list, list] | None:
    """A written product's factors (``factors``) as a numerator and a denominator when every reciprocal comes after
    the other factors (ε·x/D: ([ε, x], [D])); None when a reciprocal leads, as in (1/γ)·γ, or is followed by a factor."""
    k = next((i for i, f in enumerate(shown) if _is_reciprocal(f)), None)
    if not k or not all(_is_reciprocal(f) for f in shown[k:]):
        return None
    return shown[:k], [f.args[0] for f in shown[k:]]


def algebraic(e: sp.CRootOf) -> tuple[str, list, Any]:
    """An algebraic number sympy cannot write with radicals, in the words every printer uses: "the root"
    (or "root 2" when its polynomial has several: sympy's order, real ones first), the polynomial's
    terms highest power first as a reader writes them (x³ − x − 1), and its value to 5 digits."""
    which = "the root" if sp.degree(e.expr, e.poly.gen) == 1 or len(e.poly.real_roots()) == 1 and e.is_real else f"root {e.index + 1}"
    return which, [c * e.poly.gen ** m[0] for m, c in e.poly.terms()], sp.N(e, 5)


class _Declared:
    """Print an operator by the ``text`` its declaration gives (``symbound.ops``), else as sympy would."""

    def _print(self, e: Any, **kwargs: Any) -> str:
        shown = ops.hook(e, "text")
        if shown is None:
            return super()._print(e, **kwargs)
        self._print_level += 1
        try:
            return shown(e, self)
        finally:
            self._print_level -= 1


class UnicodePrinter(_Derived, _Declared, StrPrinter):
    """Expressions as Unicode mathematics: ‖A‖₂, ρ(A), σ_max(A), η^(t−k), γ·λ₁, √10.

    ``written=True`` prints a twin as the author wrote it (factors in order, (1/γ)·γ); otherwise a
    canonical product is split into numerator and denominator (λ₁/γ).
    """

    def __init__(self, written: bool = False) -> None:
        super().__init__({"order": "none"})
        self.written = written

    def _print_ComplexRootOf(self, e: Any) -> str:
        which, terms, approx = algebraic(e)
        return f"({which} of {self._terms(terms, sp.Add)} ≈ {self._print(approx)})"

    # --- sums and products
    def _print_Add(self, e: Any, order: Any = None) -> str:
        terms = _flat(e, sp.Add) if self.written else _positive_first(e)
        return self._terms(terms, sp.Add)

    def _print_MatAdd(self, e: Any) -> str:
        terms = _flat(e, sp.MatAdd)
        if not self.written:  # sympy's order puts −Wᵀ before W: a positive term first reads better
            terms = sorted(terms, key=lambda t: _negated(t) is not None)
        return self._terms(terms, sp.MatAdd)

    def _terms(self, terms: list, cls: type) -> str:
        out = ""
        for i, term in enumerate(terms):
            neg = _negated(term)
            shown = self._operand(term, PRECEDENCE["Add"]) if neg is None else self._operand(neg, PRECEDENCE["Add"], True)
            if i == 0:
                out = (MINUS if neg is not None else "") + shown
            else:
                out += (f" {MINUS} " if neg is not None else " + ") + shown
        return out

    def _operand(self, e: Any, level: int, strict: bool = False) -> str:
        """``e`` printed as an operand at ``level`` (sympy's scale), bracketed if it binds less tightly
        (``binding``; ``strict``: also if as tightly); beside a matrix, a fraction is bracketed: (3/4) W."""
        shown = self._print(e)
        p = binding(e)
        if p < level or (strict and p == level) or (level > PRECEDENCE["Add"] and slashed(e) and not isinstance(e, sp.Mul)):
            return f"({shown})"
        return shown

    def _negation(self, neg: Any) -> str:
        """−e for the ``e`` a leading minus was taken from: −(a + b), −(−x)."""
        return MINUS + self._operand(neg, PRECEDENCE["Mul"])

    def _print_Mul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            return self._negation(neg)
        if self.written:  # the author's order: ε·x/D a quotient, (1/γ)·γ as written
            shown = factors(e)
            quotient = written_quotient(shown)
            return self._fraction(*quotient) if quotient else "·".join(self._factor(f) for f in shown)
        num, den = [], []
        for f in e.as_ordered_factors():
            if isinstance(f, sp.Pow) and f.args[1].is_Number and f.args[1] < 0:
                den.append(f.args[0] if f.args[1] == -1 else sp.Pow(f.args[0], -f.args[1]))
            elif isinstance(f, sp.Rational) and not f.is_Integer:
                if f.p != 1:
                    num.append(sp.Integer(f.p))
                den.append(sp.Integer(f.q))
            else:
                num.append(f)
        if den:
            return self._fraction(num or [sp.Integer(1)], den)
        return "·".join(self._factor(f) for f in num)

    def _fraction(self, num: list, den: list) -> str:
        top = "·".join(self._factor(f) for f in num)
        bottom = "·".join(self._factor(f) for f in den)
        if len(den) > 1:
            bottom = f"({bottom})"
        elif binding(den[0]) <= PRECEDENCE["Mul"] or slashed(den[0]):
            bottom = self._operand(den[0], PRECEDENCE["Mul"], True)
        return f"{top}/{bottom}"

    def _factor(self, f: Any) -> str:
        if _is_reciprocal(f):
            return f"(1/{self._operand(f.args[0], PRECEDENCE['Mul'], True)})"
        return self._operand(f, PRECEDENCE["Mul"])

    def _print_MatMul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            return self._negation(neg)
        out, previous = "", None
        for a in factors(e):  # scalars joined as in a product, 2·γ; a matrix set off by a space, 2·γ W
            if previous is not None:
                out += "·" if not (a.is_Matrix or previous.is_Matrix) else " "
            out, previous = out + self._operand(a, PRECEDENCE["Mul"]), a
        return out

    # --- powers and numbers
    def _print_Pow(self, e: Any) -> str:
        base, exp = e.args
        if exp == -1:
            return f"1/{self._operand(base, PRECEDENCE['Mul'], True)}"
        if exp == sp.Rational(1, 2):
            inner = self._print(base)
            return f"√{inner}" if binding(base) >= PRECEDENCE["Atom"] else f"√({inner})"
        b = self._operand(base, PRECEDENCE["Pow"], True)
        if exp.is_Integer and exp > 1:
            return b + str(exp).translate(_SUP)
        shown = self._print(exp)
        return f"{b}^{shown}" if exp.is_Atom and not (exp.is_Number and exp < 0) and not isinstance(exp, sp.Rational) or exp.is_Integer and exp >= 0 or isinstance(exp, sp.Symbol) else f"{b}^({shown})"

    _print_MatPow = _print_Pow

    def _print_Rational(self, e: Any) -> str:
        return (MINUS if e < 0 else "") + f"{abs(e.p)}/{e.q}"

    def _print_Integer(self, e: Any) -> str:
        return (MINUS if e < 0 else "") + str(abs(int(e)))

    def _print_Float(self, e: Any) -> str:
        return f"{float(e):.6g}".replace("-", MINUS)

    def _print_Infinity(self, e: Any) -> str:
        return "∞"

    def _print_MatrixBase(self, e: Any) -> str:
        rows = e.tolist()
        return "[" + "; ".join(" ".join(self._print(a) for a in row) for row in rows) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    # --- symbound's operators print themselves: the ``text`` of their declarations (symbound.ops)

    def _print_Dummy(self, e: Any) -> str:
        return e.name

    def _print_Symbol(self, e: Any) -> str:
        return name(e.name.lstrip("?"))

    def _print_MatrixSymbol(self, e: Any) -> str:
        return e.name.lstrip("?")

    def _print_Str(self, e: Any) -> str:
        return str(e)

    def _print_Function(self, e: Any) -> str:
        return f"{name(e.func.__name__)}(" + ", ".join(self._print(a) for a in e.args) + ")"


class _TopLatex(LatexPrinter):
    """sympy's LaTeX printer with Aᵀ as ``A^{\top}``: the one notation of the transpose (formulas, prose
    in ``texmath``, the lemma catalogue); Euler's number upright, \\mathrm{e}^{x}; an algebraic number
    in words, its polynomial highest power first (``algebraic``)."""

    def _print_Transpose(self, e: Any) -> str:
        return super()._print_Transpose(e).removesuffix("^{T}") + r"^{\top}"

    def _print(self, e: Any, **kwargs: Any) -> str:
        """Euler's number upright, \\mathrm{e}, never the italic e of a declared symbol (sympy's own
        ``Exp1._latex`` would print e)."""
        return r"\mathrm{e}" if e is sp.E else super()._print(e, **kwargs)

    def _print_ExpBase(self, e: Any, exp: Any = None) -> str:
        return self._do_exponent(r"\mathrm{e}^{%s}" % self._print(e.args[0]), exp)

    def _print_ComplexRootOf(self, e: Any) -> str:
        which, terms, approx = algebraic(e)
        shown = sp.Add(*terms, evaluate=False)  # printed in this order (``order='none'``)
        return r"\left(\text{%s of } %s \approx %s\right)" % (which, LatexPrinter({"order": "none"})._print_Add(shown), self._print(approx))


def latex(e: Any) -> str:
    """sympy's LaTeX of ``e`` (its order, the operators' ``_latex``), with the transpose as ``A^{\top}``."""
    return _TopLatex().doprint(e)


class WrittenLatexPrinter(_Derived, _TopLatex):
    """sympy's LaTeX printer with ``order='none'``; on a twin, products keep the author's factors."""

    def __init__(self, names: dict, written: bool) -> None:
        super().__init__({"order": "none" if written else None, "symbol_names": names})
        self.written = written

    def _shown(self, e: Any) -> Any:
        """What prints for ``e``: out of the author's form, a product as sympy evaluates it (2·(η + γ) is
        2η + 2γ, a sum, which brackets as one); a negated product prints its minus sign first (``_print_Mul``)."""
        if self.written or not isinstance(e, sp.Mul) or e.is_Matrix or _negated(e) is not None:
            return e
        return evaluated(e)

    def parenthesize(self, item: Any, level: int, is_neg: bool = False, strict: bool = False) -> str:
        """sympy's rule (``strict``: brackets only below ``level``), by symbound's ``binding`` of what prints."""
        p = binding(self._shown(item), inline=False)
        if (is_neg and strict) or p < level or (not strict and p <= level):
            return self._add_parens(self._print(item))
        return self._print(item)

    def _print_Mul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            return "-" + self.parenthesize(neg, PRECEDENCE["Mul"], strict=True)
        if not self.written:  # sympy's order and fractions, on the evaluated product (−(−a) is a)
            shown = self._shown(e)  # sympy prints 1/x through here too
            return super()._print_Mul(shown) if isinstance(shown, sp.Mul) or shown is e else self._print(shown)
        shown_factors = factors(e)
        quotient = written_quotient(shown_factors)
        if quotient:
            return r"\frac{%s}{%s}" % tuple(self._print(f[0]) if len(f) == 1 else self._print_Mul(sp.Mul(*f, evaluate=False)) for f in quotient)
        out: list[str] = []
        for f in shown_factors:
            if _is_reciprocal(f):
                shown = r"\frac{1}{%s}" % self._print(f.args[0])
            elif binding(f, inline=False) < PRECEDENCE["Mul"] or (isinstance(f, sp.Rational) and not f.is_Integer and f is not shown_factors[0]):
                shown = r"\left(" + self._print(f) + r"\right)"
            else:
                shown = self._print(f)
            if out and (shown[:1].isdigit() or (out[-1][-1:].isdigit() and shown[:1].isdigit())):
                out.append(r"\cdot " + shown)
            else:
                out.append(shown)
        return " ".join(out)

    def _needs_mul_brackets(self, expr: Any, first: bool = False, last: bool = False) -> bool:
        return binding(expr, inline=False) < PRECEDENCE["Mul"] and not first or super()._needs_mul_brackets(expr, first, last) or of(expr) is not None and of(expr).precedence is not None

    def _print_MatMul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            return "-" + self.parenthesize(neg, PRECEDENCE["Mul"], strict=True)
        out: list[str] = []
        for a in factors(e):
            shown = self.parenthesize(a, PRECEDENCE["Mul"], strict=True)
            out.append(r"\cdot " + shown if out and shown[:1].isdigit() else shown)
        return " ".join(out)

    def _print_Add(self, e: Any, order: Any = None) -> str:
        return self._terms(_flat(e, sp.Add) if self.written else _positive_first(e))

    def _print_MatAdd(self, e: Any) -> str:
        return self._terms(_flat(e, sp.MatAdd))

    def _terms(self, terms: list) -> str:
        """A sum's terms with their signs; a negated sum or negation bracketed: a − (b + c), a − (−b)."""
        out = ""
        for i, term in enumerate(terms):
            term = self._shown(term)  # the sign of what prints: a/(−a) prints as −1 out of the author's form
            neg = _negated(term)
            shown = self.parenthesize(term, PRECEDENCE["Add"], strict=True) if neg is None else self.parenthesize(neg, PRECEDENCE["Add"])
            out += ("-" if neg is not None else "") + shown if i == 0 else (" - " if neg is not None else " + ") + shown
        return out

    def _print_Pow(self, e: Any) -> str:
        if self.written and e.args[1] == -1:
            return r"\frac{1}{%s}" % self._print(e.args[0])
        return super()._print_Pow(e)


_CANONICAL = UnicodePrinter(False)
_WRITTEN = UnicodePrinter(True)


def text(e: Any) -> str:
    """An expression (its canonical form) in Unicode mathematics."""
    if isinstance(e, str):
        return e
    return _CANONICAL.doprint(e)


def relation(lhs: Any, rel: str, rhs: Any) -> str:
    return f"{text(lhs)} {REL.get(rel, rel)} {text(rhs)}"


_SYMPY_NODES = ("MatMul", "MatAdd", "MatPow", "Transpose", "Mul", "Add", "Pow")


def _object_pattern() -> re.Pattern:
    """An object tree as sympy's plain printer writes it: symbound's operators and sympy's arithmetic."""
    own = sorted(c.__name__ for c in ops.classes() if c.__module__.startswith("symbound."))
    return re.compile(r"\b(?:" + "|".join(own + list(_SYMPY_NODES)) + r")\(")


def readable(sentence: str) -> str:
    """A sentence from the checker with any object tree it printed (``Diag(Elementwise(...))*W.T``)
    replaced by the words "a factor" (the checker should print it with ``text``; this is the fallback)."""
    out, i = [], 0
    for m in _object_pattern().finditer(sentence):
        if m.start() < i:
            continue
        depth, j = 0, m.end() - 1
        while j < len(sentence):
            depth += 1 if sentence[j] == "(" else -1 if sentence[j] == ")" else 0
            j += 1
            if depth == 0:
                break
        while j < len(sentence) and not sentence[j].isspace():
            j += 1
        out.append(sentence[i:m.start()] + "a factor")
        i = j
    return "".join(out) + sentence[i:]


class Notation:
    """How one derivation prints: the author's written form where known, the file's LaTeX names."""

    def __init__(self, derivation: Any = None) -> None:
        self.written: dict[Any, Any] = dict(getattr(derivation, "written", None) or {})
        self.names: dict[Any, str] = dict(getattr(derivation, "latex_names", None) or {})
        self._terms: dict[str, str] | None = None  # file syntax → as printed, built by ``sentence`` when first asked

    def form(self, e: Any) -> tuple[Any, bool]:
        """What prints for ``e``: its as-written twin (and True) where the file wrote it, else ``e`` (False)."""
        if isinstance(e, sp.Basic):
            try:
                twin = self.written.get(e)
            except TypeError:
                twin = None
            if twin is not None:
                return twin, True
        return e, False

    def text(self, e: Any) -> str:
        """Unicode mathematics, as written where the file wrote it."""
        if isinstance(e, str):
            return e
        twin, written = self.form(e)
        return (_WRITTEN if written else _CANONICAL).doprint(twin)

    def relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return f"{self.text(lhs)} {REL.get(rel, rel)} {self.text(rhs)}"

    def sentence(self, s: str) -> str:
        """A sentence the checker built (a reason), each term it printed in file syntax (``W_rec**(-k + t)``,
        ``ops.written``) printed instead as this file wrote it, or else in Unicode mathematics (W_rec^(t−k)):
        the terms known are the subterms of every expression the file wrote."""
        if self._terms is None:
            self._terms = _file_forms(self)
        if not self._terms:
            return s
        return _file_pattern(tuple(self._terms)).sub(lambda m: self._terms[m.group(0)], s)

    def latex(self, e: Any) -> str:
        """LaTeX through sympy's printer (order='none'), as written where the file wrote it."""
        twin, written = self.form(e)
        if not isinstance(twin, sp.Basic):
            return str(twin)
        return WrittenLatexPrinter(self.names, written).doprint(twin)

    def claim(self, c: Any) -> str:
        """A conclusion's claim as written: a limit (… → 0 as t → ∞) or a relation."""
        if c.rel == "->0":
            return f"{self.text(c.lhs)} → 0 as {self.text(c.rhs)} → ∞"
        return self.relation(c.lhs, c.rel, c.rhs)

    def latex_relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return f"{self.latex(lhs)} {REL_TEX.get(rel, rel)} {self.latex(rhs)}"


NUMERAL = re.compile(r"-?\d+(\.\d+)?(/\d+)?")  # a number in a sentence is never a written term (seed 0, 3300 instances)


def _file_forms(nt: Notation) -> dict[str, str]:
    """Every subterm of the expressions the file wrote: its file syntax → how ``nt`` prints it, where they differ
    — never a number, nor a form the file also wrote as it is (x, when 0·x + x elsewhere evaluates to x)."""
    out: dict[str, str] = {}
    kept: set[str] = set()
    seen: set = set()
    for e in nt.written:
        for sub in sp.preorder_traversal(e):
            if sub in seen or not isinstance(sub, sp.Basic) or sub.is_Number:
                continue
            seen.add(sub)
            shown, shown_as = file_syntax(sub), nt.text(sub)
            if shown == shown_as:
                kept.add(shown)
            elif shown not in ("", "the term") and not NUMERAL.fullmatch(shown):
                out.setdefault(shown, shown_as)
    return {k: v for k, v in out.items() if k not in kept}


@lru_cache(maxsize=64)
def _file_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """The file-syntax forms as one pattern, longest first, never inside a longer name (``k`` in ``kernel``)."""
    def one(f: str) -> str:
        return (r"(?<![\w.])" if f[0].isalnum() or f[0] == "_" else "") + re.escape(f) + (r"(?![\w(])" if f[-1].isalnum() or f[-1] == "_" else "")
    return re.compile("|".join(one(f) for f in sorted(forms, key=len, reverse=True)))


PLAIN = Notation()  # no file: every expression in its canonical form
