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
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from symbound import ops
from symbound.ops.objects import Jacobian
from symbound.ops import GREEK, NORM_SUB
from symbound.ops import unicode_name as name

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


def _negated(e: Any) -> Any | None:
    """``e`` without a leading factor −1 (or a negative number), if it has one, else None."""
    if isinstance(e, sp.Number) and e < 0:
        return -e
    if isinstance(e, (sp.Mul, sp.MatMul)) and e.args and isinstance(e.args[0], sp.Number) and e.args[0] < 0:
        head = -e.args[0]
        rest = list(e.args[1:])
        if head != 1:
            rest.insert(0, head)
        if len(rest) == 1:
            return rest[0]
        return e.func(*rest, evaluate=False) if isinstance(e, sp.Mul) else sp.MatMul(*rest)
    if isinstance(e, sp.MatMul) and e.args and isinstance(e.args[0], sp.Mul) and not isinstance(e.args[0], sp.MatMul):
        scalar = _negated(e.args[0])  # (−γ)·I is −(γ·I)
        if scalar is not None:
            return sp.MatMul(*([scalar] if scalar != 1 else []), *e.args[1:])
    return None


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
    terms = list(e.as_ordered_terms())
    return [a for a in terms if _negated(a) is None] + [a for a in terms if _negated(a) is not None]


def _is_reciprocal(e: Any) -> bool:
    return isinstance(e, sp.Pow) and e.args[1] == -1


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

    # --- sums and products
    def _print_Add(self, e: Any) -> str:
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
            shown = self._operand(neg if neg is not None else term, PRECEDENCE["Add"])
            if i == 0:
                out = (MINUS if neg is not None else "") + shown
            else:
                out += (f" {MINUS} " if neg is not None else " + ") + shown
        return out

    def _operand(self, e: Any, level: int, strict: bool = False) -> str:
        shown = self._print(e)
        p = precedence(e)
        if isinstance(e, sp.Rational) and not e.is_Integer and level > PRECEDENCE["Add"]:
            return f"({shown})"
        if p < level or (strict and p == level):
            return f"({shown})"
        return shown

    def _print_Mul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            inner = self._print(neg)
            return MINUS + (f"({inner})" if isinstance(neg, sp.Add) else inner)
        if self.written:
            factors = _flat(e, sp.Mul)
            if len(factors) == 2 and _is_reciprocal(factors[1]) and not _is_reciprocal(factors[0]):
                return self._fraction([factors[0]], [factors[1].args[0]])
            return "·".join(self._factor(f) for f in factors)
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
        if len(num) == 1 and isinstance(num[0], sp.Add):
            top = f"({self._print(num[0])})"
        bottom = "·".join(self._factor(f) for f in den)
        if len(den) > 1 or precedence(den[0]) <= PRECEDENCE["Mul"] or isinstance(den[0], sp.Rational) and not den[0].is_Integer:
            bottom = f"({bottom})"
        return f"{top}/{bottom}"

    def _factor(self, f: Any) -> str:
        if _is_reciprocal(f):
            return f"(1/{self._operand(f.args[0], PRECEDENCE['Mul'], True)})"
        return self._operand(f, PRECEDENCE["Mul"])

    def _print_MatMul(self, e: Any) -> str:
        neg = _negated(e)
        if neg is not None:
            return MINUS + self._print(neg)
        return " ".join(self._operand(a, PRECEDENCE["Mul"]) if not isinstance(a, sp.Rational) or a.is_Integer else f"({self._print(a)})" for a in _flat(e, sp.MatMul))

    # --- powers and numbers
    def _print_Pow(self, e: Any) -> str:
        base, exp = e.args
        if exp == -1:
            return f"1/{self._operand(base, PRECEDENCE['Mul'], True)}"
        if exp == sp.Rational(1, 2):
            inner = self._print(base)
            return f"√{inner}" if base.is_Atom and not isinstance(base, sp.Rational) or base.is_Integer else f"√({inner})"
        b = self._operand(base, PRECEDENCE["Pow"], True)
        if isinstance(base, sp.Rational) and not base.is_Integer or (isinstance(base, sp.Number) and base < 0):
            b = f"({self._print(base)})"
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


class WrittenLatexPrinter(_Derived, LatexPrinter):
    """sympy's LaTeX printer with ``order='none'``; on a twin, products keep the author's factors."""

    def __init__(self, names: dict, written: bool) -> None:
        super().__init__({"order": "none" if written else None, "symbol_names": names})
        self.written = written

    def _bracketed_factors(self, e: Any) -> str | None:
        """A product whose factor after the first is a negative or compound scalar, or with a \\prod
        before its last factor, with that factor in brackets (sympy prints Wᵀ(−γ)W as W^{T} - \\gamma W,
        which reads as a difference, and (∏ a) b as \\prod a b, which reads as ∏(a b)); None for others."""
        args = list(e.args)
        shown = [self._print(a) for a in args]
        last = len(args) - 1
        signed = [(i > 0 and not isinstance(a, MatrixExpr) and (isinstance(a, sp.Add) or t.lstrip().startswith("-")))
                  or (i < last and isinstance(a, sp.Product)) for i, (a, t) in enumerate(zip(args, shown))]  # \prod takes what follows it
        if not any(signed):
            return None
        return " ".join(r"\left(" + t + r"\right)" if bracket else self.parenthesize(a, PRECEDENCE["Mul"], False)
                        for a, t, bracket in zip(args, shown, signed))

    def _print_MatMul(self, e: Any) -> str:
        return self._bracketed_factors(e) or super()._print_MatMul(e)

    def _print_Mul(self, e: Any) -> str:
        if not self.written:
            return self._bracketed_factors(e) or super()._print_Mul(e)
        neg = _negated(e)
        if neg is not None:
            inner = self._print(neg)
            return "-" + (r"\left(" + inner + r"\right)" if isinstance(neg, sp.Add) else inner)
        factors = _flat(e, sp.Mul)
        if len(factors) == 2 and _is_reciprocal(factors[1]) and not _is_reciprocal(factors[0]):
            return r"\frac{%s}{%s}" % (self._print(factors[0]), self._print(factors[1].args[0]))
        out: list[str] = []
        for f in factors:
            if _is_reciprocal(f):
                shown = r"\frac{1}{%s}" % self._print(f.args[0])
            elif isinstance(f, sp.Add) or (isinstance(f, sp.Rational) and not f.is_Integer and len(factors) > 1 and f is not factors[0]):
                shown = r"\left(" + self._print(f) + r"\right)"
            else:
                shown = self._print(f)
            if out and (shown[:1].isdigit() or (out[-1][-1:].isdigit() and shown[:1].isdigit())):
                out.append(r"\cdot " + shown)
            else:
                out.append(shown)
        return " ".join(out)

    def _print_Add(self, e: Any, order: Any = None) -> str:
        if self.written:
            return super()._print_Add(e, order)
        return super()._print_Add(sp.Add(*_positive_first(e), evaluate=False), "none")

    def _print_MatAdd(self, e: Any) -> str:
        out = ""
        for i, term in enumerate(_flat(e, sp.MatAdd)):
            neg = _negated(term)
            shown = self._print(neg if neg is not None else term)
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

    def _twin(self, e: Any) -> tuple[Any, bool]:
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
        twin, written = self._twin(e)
        return (_WRITTEN if written else _CANONICAL).doprint(twin)

    def relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return f"{self.text(lhs)} {REL.get(rel, rel)} {self.text(rhs)}"

    def latex(self, e: Any) -> str:
        """LaTeX through sympy's printer (order='none'), as written where the file wrote it."""
        twin, written = self._twin(e)
        if not isinstance(twin, sp.Basic):
            return str(twin)
        return WrittenLatexPrinter(self.names, written).doprint(twin)

    def latex_relation(self, lhs: Any, rel: str, rhs: Any) -> str:
        return f"{self.latex(lhs)} {REL_TEX.get(rel, rel)} {self.latex(rhs)}"
