"""Presentation MathML for the HTML page: sympy's printer taught symbound's operators, in the
author's form where the file wrote one (``mathtext.Notation``); browsers render it natively."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import sympy as sp
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE

from symbound.ops import Jacobian, hook
from symbound.ops.base import binding, negated
from symbound.ops.objects import flattened
from symbound.render.mathtext import PLAIN, Notation, algebraic, _flat, _positive_first, factors, written_quotient

_MO = {"<=": "&#8804;", "<": "&lt;", "=": "=", ">=": "&#8805;", ">": "&gt;", "->0": "&#8594; 0"}

class _MathML(MathMLPresentationPrinter):
    """sympy's presentation MathML printer, taught symbound's operators (‖A‖₂, ρ(A), xₖ, ∏ …).

    ``written=True`` prints an as-written twin (``mathtext.Notation``): sums and products in the
    author's order (numeric coefficients first), a reciprocal as the fraction written, (1/γ)·γ."""

    def __init__(self, written: bool = False) -> None:
        super().__init__({"order": "none"})
        self.written = written

    def _print_Transpose(self, expr: Any) -> Any:
        """Aᵀ with ⊤ (U+22A4), the transpose's one notation in every view (the LaTeX's ``^{\top}``)."""
        sup = super()._print_Transpose(expr)
        sup.lastChild.firstChild.data = "⊤"
        return sup

    def _print(self, expr: Any, **kwargs: Any) -> Any:
        """An operator's declared MathML form (``Op.mathml``), else sympy's; a Jacobian inside a written
        twin is derived, never written: printed in canonical form (x_{i+1}, not x_{1+i})."""
        if self.written and isinstance(expr, Jacobian):
            self.written = False
            try:
                return self._print(expr, **kwargs)
            finally:
                self.written = True
        form = hook(expr, "mathml")
        return form(expr, self) if form is not None else super()._print(expr, **kwargs)

    def doprint(self, expr: Any) -> str:
        """sympy's, through ``_print`` (sympy's own calls the base printer's, past the declared forms)."""
        return self._print(expr).toxml().encode("ascii", "xmlcharrefreplace").decode()

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> Any:
        """sympy's rule (``strict``: brackets only below ``level``), by symbound's ``binding``."""
        p = binding(item, inline=False)
        if p < level or (not strict and p <= level):
            return self.fenced("(", self._print(item), ")")
        return self._print(item)

    def _print_Mul(self, e: Any) -> Any:
        neg = negated(e)
        if neg is not None:
            return self.row(self.mo("-"), self.parenthesize(neg, PRECEDENCE["Mul"], strict=True))
        if not self.written:
            return super()._print_Mul(e)
        shown = factors(e)
        quotient = written_quotient(shown)
        if quotient:
            return self.frac(*(self._print(f[0]) if len(f) == 1 else self._print_Mul(sp.Mul(*f, evaluate=False)) for f in quotient))
        out = self.row()
        for i, f in enumerate(shown):
            if i:  # juxtaposed, but a number after a number keeps its dot: 3·2
                out.appendChild(self.mo("&#183;" if f.is_Number and shown[i - 1].is_Number else "&InvisibleTimes;"))
            out.appendChild(self.parenthesize(f, PRECEDENCE["Mul"], strict=True))
        return out

    def _print_Pow(self, e: Any) -> Any:
        if self.written and e.args[1] == -1:
            return self.frac(self._print(sp.Integer(1)), self._print(e.args[0]))
        return super()._print_Pow(e)

    def _print_MatMul(self, e: Any) -> Any:
        neg = negated(e)
        if neg is not None:
            return self.row(self.mo("-"), self.parenthesize(neg, PRECEDENCE["Mul"], strict=True))
        out = self.row()
        for i, a in enumerate(factors(e)):
            if i:
                out.appendChild(self.mo("&InvisibleTimes;"))
            out.appendChild(self.parenthesize(a, PRECEDENCE["Mul"], strict=True))
        return out

    def _print_Add(self, e: Any, order: Any = None) -> Any:
        return self._terms(_flat(e, sp.Add) if self.written else _positive_first(e))

    def _print_MatAdd(self, e: Any) -> Any:
        return self._terms(_flat(e, sp.MatAdd))

    def _terms(self, terms: list) -> Any:
        """A sum's terms with their signs; a negated sum or negation bracketed: a − (b + c), a − (−b)."""
        out = self.row()
        for i, term in enumerate(terms):
            neg = negated(term)
            if neg is not None or i:
                out.appendChild(self.mo("-" if neg is not None else "+"))
            out.appendChild(self.parenthesize(term, PRECEDENCE["Add"], strict=True) if neg is None else self.parenthesize(neg, PRECEDENCE["Add"]))
        return out

    # the helpers the declared forms build with
    def row(self, *children: Any) -> Any:
        return self._element("mrow", *children)

    def mo(self, s: str) -> Any:
        mo = self.dom.createElement("mo")
        mo.appendChild(self.dom.createTextNode(s))
        return mo

    def mi(self, s: str) -> Any:
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode(s))
        return mi

    def fenced(self, left: str, inner: Any, right: str) -> Any:
        return self.row(self.mo(left), inner, self.mo(right))

    def apply(self, name: Any, arg: Any) -> Any:
        return self.row(name, self.fenced("(", self._print(arg), ")"))

    def _element(self, tag: str, *children: Any) -> Any:
        m = self.dom.createElement(tag)
        for c in children:
            m.appendChild(c)
        return m

    def sub(self, base: Any, sub: Any) -> Any:
        return self._element("msub", base, sub)

    def frac(self, over: Any, under: Any) -> Any:
        return self._element("mfrac", over, under)

    def underover(self, op: Any, under: Any, over: Any) -> Any:
        return self._element("munderover", op, under, over)

    def _print_Str(self, e: Any) -> Any:
        return self.mi(str(e))

    def _print_ComplexRootOf(self, e: Any) -> Any:
        """(the root of x³ − x − 1 ≈ 1.3247): the words and order of every printer (``mathtext.algebraic``)."""
        which, terms, approx = algebraic(e)
        words = self._element("mtext")
        words.appendChild(self.dom.createTextNode(f"{which} of\u00a0"))
        return self.fenced("(", self.row(words, self._terms(terms), self.mo("≈"), self._print(approx)), ")")


_PRINTER = _MathML()
_WRITTEN = _MathML(written=True)


def mathml(e: Any, nt: Notation = PLAIN) -> str:
    """An expression as presentation MathML (without the ``<math>`` element): as written where ``nt`` knows it."""
    twin, written = nt.form(e)
    return (_WRITTEN if written else _PRINTER).doprint(flattened(twin))


def _pieces(e: Any, nt: Notation) -> list[str]:
    """``e`` as MathML rows cut before each top-level + and − of a sum (one row for anything else)."""
    twin, written = nt.form(e)
    shown = (_WRITTEN if written else _PRINTER)._print(flattened(twin))
    children = list(shown.childNodes) if isinstance(flattened(twin), (sp.Add, sp.MatAdd)) else [shown]
    out: list[str] = []
    for c in children:
        xml = c.toxml().encode("ascii", "xmlcharrefreplace").decode()
        if out and not (c.nodeName == "mo" and c.firstChild is not None and c.firstChild.data in "+-"):
            out[-1] += xml
        else:
            out.append(xml)
    return out


def wrapped(lhs: Any, rel: str, rhs: Any, nt: Notation = PLAIN) -> str:
    """A relation as inline ``<math>`` pieces the page's line breaking may wrap between: each side cut
    before its top-level terms, the relation sign leading the right side (``rel`` ":=" for a definition)."""
    if not isinstance(lhs, sp.Basic) or not isinstance(rhs, sp.Basic) or rel == "->0":
        return relation(lhs, rel, rhs, nt)
    left, right = _pieces(lhs, nt), _pieces(rhs, nt)
    right[0] = f"<mo>{_MO.get(rel, escape(rel))}</mo>" + right[0]
    pieces = [re.sub(r"^<mo>", '<mo form="infix">', p) for p in left + right]  # a sign leading a piece stays binary
    return "&#8203;".join(f"<math><mrow>{p}</mrow></math>" for p in pieces)  # a break opportunity, no space


def relation(lhs: Any, rel: str, rhs: Any, nt: Notation = PLAIN) -> str:
    if not isinstance(lhs, sp.Basic) or not isinstance(rhs, sp.Basic):
        return f'<span class="expr">{escape(nt.relation(lhs, rel, rhs))}</span>'
    left, right = mathml(lhs, nt), mathml(rhs, nt)
    if rel == "->0":
        return f"<math><mrow>{left}<mo>&#8594;</mo><mn>0</mn><mtext>&#160;as&#160;</mtext>{right}<mo>&#8594;</mo><mi>&#8734;</mi></mrow></math>"
    return f"<math><mrow>{left}<mo>{_MO.get(rel, escape(rel))}</mo>{right}</mrow></math>"
