"""Printed mathematics read back, for tests/test_roundtrip.py: neutral trees of sympy expressions
(``normal``), one reader of the terminal's text, the LaTeX and the page's MathML (three tokenisers),
and the value of a tree at fixed random numbers and matrices (``same``)."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from hypothesis import assume

from symbound.ops import Diag, Elementwise, MatProd, Norm, ScalarApply, SeqElem, SigmaMax, SigmaMin, SpectralRadius
from symbound.render.mathtext import name


# ---------------------------------------------------------------- neutral trees and their values

def _mul(coeff: Fraction, factors: list) -> tuple:
    """A product, its factors in order (a coefficient other than 1 first)."""
    factors = ([("num", coeff)] if coeff != 1 else []) + list(factors)
    return factors[0] if len(factors) == 1 else ("mul", tuple(factors))


def _sum(terms: list) -> tuple:
    return terms[0] if len(terms) == 1 else ("sum", tuple(terms))


def _pow(base: tuple, exp: tuple) -> tuple:
    return ("pow", base, exp)


N = 3  # the size of every matrix in the numeric comparison
_RNG = np.random.default_rng(21)
_VALUES = {name: _RNG.uniform(0.5, 1.5, shape) for name, shape in (
    ("W", (N, N)), ("V", (N, N)), ("W_in", (N, N)), ("u", (N, 1)), ("v", (N, 1)))}
_VALUES.update({"I": np.eye(N), "a": 0.7, "b": -1.3, "γ": 0.9, "λ₁": 0.4, "k": 2, "t": 4, "e": 0.6, "ℯ": np.e})  # e declared, ℯ Euler's
_SEQUENCE = {j: _RNG.uniform(-1, 1, (N, 1)) for j in range(-20, 20)}
_ACTIVATION = [np.tanh, lambda z: 1 / np.cosh(z) ** 2, lambda z: -2 * np.tanh(z) / np.cosh(z) ** 2]
_ORDER = {"1": 1, "2": 2, "inf": np.inf, "fro": "fro"}


def value(tree: tuple, env: dict | None = None) -> Any:
    """The number or matrix a neutral tree stands for, at fixed random values of its names: two trees
    of the same value are the same formula (a dropped bracket changes the value)."""
    env = env or {}
    v = lambda t: value(t, env)  # noqa: E731
    kind = tree[0]
    if kind == "num":
        return complex(tree[1])
    if kind == "sym":
        return env[tree[1]] if tree[1] in env else _VALUES[tree[1]]
    if kind == "exp":
        return np.exp(v(tree[1]))
    if kind == "sum":
        return sum((v(t) for t in tree[1][1:]), v(tree[1][0]))
    if kind == "mul":
        out = v(tree[1][0])
        for f in tree[1][1:]:
            g = v(f)
            out = out @ g if np.ndim(out) == 2 and np.ndim(g) == 2 else out * g
        return out
    if kind == "pow":
        base, exp = v(tree[1]), v(tree[2])
        if np.ndim(base) == 2:
            return np.linalg.matrix_power(base, int(exp.real))
        return (base + 0j) ** exp  # + 0j: a signed zero (−1.3 − 0j) would pick the other branch of √
    if kind == "T":
        return v(tree[1]).T
    if kind == "norm":
        return complex(np.linalg.norm(v(tree[2]), _ORDER[tree[1]]))
    if kind == "Abs":
        return complex(abs(v(tree[1])))
    if kind == "SpectralRadius":
        return complex(max(abs(np.linalg.eigvals(v(tree[1])))))
    if kind in ("SigmaMax", "SigmaMin"):
        s = np.linalg.svd(v(tree[1]), compute_uv=False)
        return complex(s[0] if kind == "SigmaMax" else s[-1])
    if kind == "Diag":
        return np.diag(v(tree[1]).ravel())
    if kind == "seq":
        return _SEQUENCE[int(round(v(tree[2]).real))]
    if kind == "act":
        return _ACTIVATION[tree[2]](v(tree[3]))
    if kind == "prod":
        var, lo, hi, body = tree[1:]
        out: Any = None
        for j in range(int(round(v(lo).real)), int(round(v(hi).real)) + 1):
            term = value(body, {**env, var: complex(j)})
            out = term if out is None else (out @ term if np.ndim(out) == 2 else out * term)
        return out if out is not None else complex(1)
    raise TypeError(kind)


def same(a: tuple, b: tuple) -> bool:
    """Whether two neutral trees have the same value (relative tolerance 1e-7); a value that is not
    finite (a zero divisor at these numbers) skips the example."""
    with np.errstate(all="ignore"):
        try:
            x, y = np.asarray(value(a), dtype=complex), np.asarray(value(b), dtype=complex)
        except (ZeroDivisionError, OverflowError):  # a zero divisor, or exp of a huge number
            assume(False)
    assume(np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.max(np.abs(x), initial=0) < 1e12)
    return x.shape == y.shape and np.allclose(x, y, rtol=1e-7, atol=1e-9 * (1 + np.max(np.abs(x), initial=0)))


def normal(e: Any) -> tuple:
    """The neutral tree of a sympy expression (a parsed twin or a canonical form)."""
    if e is sp.E:
        return ("sym", "ℯ")
    if type(e) is sp.exp:  # not isinstance: sympy counts ℯ**x (a written power) an exp
        return ("exp", normal(e.args[0]))
    if isinstance(e, (sp.Add, sp.MatAdd)):
        return _sum([normal(a) for a in e.args])
    if isinstance(e, (sp.Mul, sp.MatMul)):
        return _mul(Fraction(1), [normal(a) for a in e.args])
    if isinstance(e, (sp.Pow, sp.MatPow)):
        return _pow(normal(e.args[0]), normal(e.args[1]))
    if isinstance(e, sp.Rational):
        return ("num", Fraction(int(e.p), int(e.q)))
    if isinstance(e, sp.Symbol):
        return ("sym", name(e.name))
    if isinstance(e, sp.MatrixSymbol):
        return ("sym", e.name)
    if isinstance(e, sp.ZeroMatrix):
        return ("num", Fraction(0))
    if isinstance(e, sp.Identity):
        return ("sym", "I")
    if isinstance(e, sp.Abs):
        return ("Abs", normal(e.args[0]))
    if isinstance(e, sp.Transpose):
        return ("T", normal(e.args[0]))
    if isinstance(e, Norm):
        return ("norm", e.kind, normal(e.matrix))
    if isinstance(e, (SpectralRadius, SigmaMax, SigmaMin, Diag)):
        return (type(e).__name__, normal(e.args[0]))
    if isinstance(e, SeqElem):
        return ("seq", e.name, normal(e.index))
    if isinstance(e, (Elementwise, ScalarApply)):
        return ("act", name(e.fname), int(e.args[1]), normal(e.args[2]))
    if isinstance(e, (MatProd, sp.Product)):
        i, lo, hi = e.args[1]
        return ("prod", name(i.name), normal(lo), normal(hi), normal(e.args[0]))
    raise TypeError(f"no neutral form for {type(e).__name__}")


# ---------------------------------------------------------------- the reader of printed mathematics

FUNCTIONS = {"ρ": "SpectralRadius", "σ_max": "SigmaMax", "σ_min": "SigmaMin", "diag": "Diag"}
_SUP = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
_NORM_KIND = {"₁": "1", "₂": "2", "∞": "inf", "F": "fro", "1": "1", "2": "2", "\\infty": "inf"}


class Reader:
    """A recursive-descent reader of the terminal's mathematics (and, tokenised by ``latex_tokens``, of
    the LaTeX): sums, products written ·, / or side by side, powers, ᵀ, ‖·‖ₚ, ∏_{i=a}^{b}, calls, x[k]."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.i = tokens + [("end", "")], 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i]

    def take(self, kind: str, value: str | None = None) -> str:
        k, v = self.tokens[self.i]
        if k != kind or (value is not None and v != value):
            raise SyntaxError(f"expected {value or kind} at token {self.i}, got {v!r} in {self.tokens}")
        self.i += 1
        return v

    def read(self) -> tuple:
        out = self.sum()
        self.take("end")
        return out

    def sum(self) -> tuple:
        terms = [_mul(Fraction(-1), [self.product()]) if self._sign() else self.product()]
        while self.peek() in (("op", "+"), ("op", "-")):
            negative = self._sign()
            terms.append(_mul(Fraction(-1 if negative else 1), [self.product()]))
        return _sum(terms)

    def _sign(self) -> bool:
        if self.peek() in (("op", "+"), ("op", "-")):
            return self.take("op") == "-"
        return False

    def product(self) -> tuple:
        return _mul(Fraction(1), self.factors())

    def factors(self) -> list:
        """A product's factors as read (a denominator's factors inverted one by one: a/(b·c) is a·b⁻¹·c⁻¹)."""
        factors = [self.power()]
        while True:
            k, v = self.peek()
            if (k, v) == ("op", "*"):
                self.take("op")
                factors.append(self.power())
            elif (k, v) == ("op", "/"):
                self.take("op")
                factors += self.denominator()
            elif k in ("name", "num", "call", "open", "bar", "lvert", "prod", "sqrt", "frac"):
                factors.append(self.power())
            else:
                return factors

    def denominator(self) -> list:
        """The inverted factors of a bracketed product (b·c) or {b c}, else of one power."""
        start = self.i
        if self.peek() in (("open", "("), ("group", "{")):
            closing = ")" if self.take(self.peek()[0]) == "(" else "}"
            if self.peek()[0] == "op":  # a signed denominator: read as one expression below
                self.i = start
                return [_pow(self.power(), ("num", Fraction(-1)))]
            factors = self.factors()
            if self.peek() == ("close", closing) and self.tokens[self.i + 1][0] not in ("T", "sup", "caret"):
                self.take("close")
                return [_pow(f, ("num", Fraction(-1))) for f in factors]
            self.i = start
        return [_pow(self.power(), ("num", Fraction(-1)))]

    def power(self) -> tuple:
        base = self.atom()
        while True:
            k, v = self.peek()
            if k == "T":
                self.take("T")
                base = ("T", base)
            elif k == "sup":
                self.take("sup")
                base = _pow(base, ("num", Fraction(int("".join(_SUP[c] for c in v)))))
            elif k == "caret":
                self.take("caret")
                if self.peek() == ("op", "-"):
                    self.take("op")
                    base = _pow(base, _mul(Fraction(-1), [self.atom()]))
                else:
                    base = _pow(base, self.atom())
            else:
                return base

    def atom(self) -> tuple:
        k, v = self.peek()
        self.i += 1
        if k == "num":
            return ("num", Fraction(v))
        if k == "name":
            if self.peek() == ("open", "["):
                self.take("open", "[")
                index = self.sum()
                self.take("close", "]")
                return ("seq", v, index)
            return ("sym", v)
        if k == "open":
            inner = self.sum()
            self.take("close")
            return inner
        if k == "group":  # a LaTeX {…}
            inner = self.sum()
            self.take("close", "}")
            return inner
        if k == "call":
            self.take("open", "(")
            arg = self.sum()
            self.take("close", ")")
            if v in FUNCTIONS:
                return (FUNCTIONS[v], arg)
            if v == "exp":
                return ("exp", arg)
            head = v.rstrip("'")
            return ("act", head, len(v) - len(head), arg)
        if k == "lvert":
            inner = self.sum()
            self.take("rvert")
            return ("Abs", inner)
        if k == "bar":
            inner = self.sum()
            self.take("rbar")
            return ("norm", _NORM_KIND[self.take("normsub")], inner)
        if k == "sqrt":  # √x, or \\sqrt[n]{x} (read with its opening brace)
            degree = int(v[v.index("[") + 1 : v.index("]")]) if "[" in v else 2
            if v.endswith("{"):
                inner = self.sum()
                self.take("close", "}")
            else:
                inner = self.atom()
            return _pow(inner, ("num", Fraction(1, degree)))
        if k == "frac":
            top = self.atom()
            return _mul(Fraction(1), [top, *self.denominator()])
        if k == "prod":
            var = self.take("name")
            self.take("op", "=")
            lo = self.sum()
            self.take("close", "}")
            self.take("caret")
            self.take("group")
            hi = self.sum()
            self.take("close", "}")
            return ("prod", var, lo, hi, self.product())
        raise SyntaxError(f"unexpected {v!r} at token {self.i - 1} in {self.tokens}")


_UNICODE = re.compile(r"""
    (?P<prod>∏_\{) | (?P<sqrt>√) | (?P<num>\d+) | (?P<T>ᵀ) | (?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
  | (?P<name>[A-Za-zα-ωΑ-Ωℯ][A-Za-z0-9_α-ω₀-₉]*'*(?P<call>\()?) | (?P<bar>‖(?P<normsub>[₁₂∞F]|_\w+)?)
  | (?P<vert>\|) | (?P<open>[(\[]) | (?P<close>[)\]}]) | (?P<caret>\^\{?) | (?P<op>[-+−·/=]) | (?P<space>\s+)
""", re.VERBOSE)


def unicode_tokens(s: str) -> list[tuple[str, str]]:
    """The tokens of the terminal's mathematics."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(s):
        m = _UNICODE.match(s, pos)
        assert m, f"cannot read {s[pos:]!r} in {s!r}"
        pos = m.end()
        kind, v = m.lastgroup, m.group()
        if m.group("call"):
            out += [("call", v[:-1]), ("open", "(")]
        elif m.group("name") is not None:
            out.append(("name", v))
        elif m.group("bar") is not None:  # a closing bar carries the norm's kind: ‖W‖₂
            sub = m.group("normsub")
            out += [("rbar", "‖"), ("normsub", sub.lstrip("_"))] if sub else [("bar", "‖")]
        elif kind == "vert":  # |x|: opening where an operand may start
            opening = not out or out[-1][0] in ("op", "open", "lvert", "bar", "caret", "group", "call", "prod", "sqrt")
            out.append(("lvert" if opening else "rvert", v))
        elif kind == "caret":
            out += [("caret", "^")] + ([("group", "{")] if v.endswith("{") else [])
        elif kind == "op":
            out.append(("op", {"−": "-", "·": "*"}.get(v, v)))
        elif kind != "space":
            out.append((kind, v))
    return out


def read_text(s: str) -> tuple:
    return Reader(unicode_tokens(s)).read()


_GREEK = {"lambda": "λ", "gamma": "γ", "sigma": "σ", "rho": "ρ", "eta": "η"}
_LATEX = re.compile(r"""
    (?P<rbar>\\right\\\|_\{(?P<normsub>[^}]*)\}) | (?P<bar>\\left\\\|) | (?P<lvert>\\left\|) | (?P<rvert>\\right\|) | (?P<open>\\left[(\[]|\() | (?P<close>\\right[)\]]|\)|\})
  | (?P<prod>\\prod_\{) | (?P<frac>\\frac) | (?P<sqrt>\\sqrt(?:\[\d+\])?\{) | (?P<T>\^\{\\top\}) | (?P<caret>\^) | (?P<group>\{)
  | (?P<call>(?:\\operatorname\{diag\}|\\rho|\\sigma_\{\\(?:max|min)\}|\\sigma'*)(?=\\left\())
  | (?P<op>[-+=]|\\cdot) | (?P<euler>\\mathrm\{e\}) | (?P<name>(?:\\mathbb\{I\}|\\[a-z]+|[A-Za-z])(?:_\{[^}]*\})?) | (?P<num>\d+) | (?P<space>\s+)
""", re.VERBOSE)


def _latex_name(tex: str) -> str:
    """A LaTeX name as the terminal prints it: \\lambda_{1} → λ₁, W_{in} → W_in, \\mathbb{I} → I."""
    head, _, sub = tex.partition("_{")
    head = {"\\mathbb{I}": "I"}.get(head, _GREEK.get(head.lstrip("\\"), head))
    sub = sub.rstrip("}")
    return head + (sub.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")) if sub.isdigit() else "_" + sub if sub else "")


def latex_tokens(s: str, sequences: tuple[str, ...] = ("x",)) -> list[tuple[str, str]]:
    """The tokens of the LaTeX printer's mathematics, in the reader's kinds (x_{k} is a sequence element)."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(s):
        m = _LATEX.match(s, pos)
        assert m, f"cannot read {s[pos:]!r} in {s!r}"
        pos = m.end()
        kind, v = m.lastgroup if m.lastgroup != "normsub" else "rbar", m.group()
        if kind == "rbar":
            out += [("rbar", "‖"), ("normsub", m.group("normsub"))]
        elif kind == "call":
            out.append(("call", {"\\operatorname{diag}": "diag", "\\rho": "ρ", "\\sigma_{\\max}": "σ_max", "\\sigma_{\\min}": "σ_min"}.get(v, v.replace("\\sigma", "σ"))))
        elif kind == "euler":
            out.append(("name", "ℯ"))
        elif kind == "name":
            head, _, index = v.partition("_{")
            if head in sequences:  # x_{k − 1}: the element, its index read as an expression
                out += [("name", head), ("open", "[")] + latex_tokens(index[:-1], sequences) + [("close", "]")]
            else:
                out.append(("name", _latex_name(v)))
        elif kind == "open":
            out.append(("open", "("))
        elif kind == "close":
            out.append(("close", "}" if v == "}" else ")"))
        elif kind == "op":
            out.append(("op", "*" if v == "\\cdot" else v))
        elif kind == "caret":
            if s.startswith("{", pos):
                out += [("caret", "^"), ("group", "{")]
                pos += 1
            else:
                out.append(("caret", "^"))
        elif kind != "space":
            out.append((kind, v))
    return out


def read_latex(s: str) -> tuple:
    return Reader(latex_tokens(s)).read()


_MO = {"-": ("op", "-"), "+": ("op", "+"), "=": ("op", "="), "\u2062": ("op", "*"), "·": ("op", "*"), "&InvisibleTimes;": ("op", "*"),
       "(": ("open", "("), ")": ("close", ")"), "‖": ("bar", "‖"), "|": ("vert", "|"), "⊤": ("T", "ᵀ")}


def mathml_tokens(node: Any) -> list[tuple[str, str]]:
    """The tokens of the page's presentation MathML (its elements read as the terminal text would be)."""
    tag = node.tagName
    kids = [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]
    content = "".join(c.data for c in node.childNodes if c.nodeType == c.TEXT_NODE)
    if tag in ("mrow", "math"):
        out: list[tuple[str, str]] = []
        for j, c in enumerate(kids):
            toks = mathml_tokens(c)
            applied = j + 1 < len(kids) and mathml_tokens(kids[j + 1])[:1] == [("open", "(")]  # f(x): no ⁢ between
            if applied and len(toks) == 1 and toks[0][0] == "name":
                toks = [("call", toks[0][1])]
            elif applied and len(toks) == 2 and toks[1][1] in ("′", "′′"):
                toks = [("call", toks[0][1] + "'" * len(toks[1][1]))]
            out += toks
        return out
    if tag == "mi":
        return [("name", {"𝕀": "I", "ⅇ": "ℯ"}.get(content, content))]
    if tag == "mn":
        return [("op", "-"), ("num", content[1:])] if content.startswith("-") else [("num", content)]
    if tag == "mo":
        return [("op", content)] if set(content) == {"′"} else [_MO[content]] if content in _MO else [("prod", content)] if content == "∏" else [("op", content)]
    if tag == "msub":
        base, sub = kids
        inner = mathml_tokens(base)
        if inner[:1] == [("bar", "‖")]:  # ‖A‖ₚ
            return inner[:-1] + [("rbar", "‖"), ("normsub", sub.firstChild.data)]
        if inner == [("name", "x")]:  # a sequence element
            return [("name", "x"), ("open", "[")] + mathml_tokens(sub) + [("close", "]")]
        subscript = "".join(v for _, v in mathml_tokens(sub))
        head = inner[0][1] + ("_" + subscript if not subscript.isdigit() else subscript.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")))
        return [("name", head)]
    if tag == "msup":
        base, exp = kids
        up = mathml_tokens(exp)
        return [("open", "(")] + mathml_tokens(base) + [("close", ")")] + (up if up == [("T", "ᵀ")] else [("caret", "^"), ("group", "{")] + up + [("close", "}")])
    if tag == "mfrac":
        top, bottom = kids
        return [("frac", ""), ("group", "{")] + mathml_tokens(top) + [("close", "}"), ("group", "{")] + mathml_tokens(bottom) + [("close", "}")]
    if tag == "mroot":
        base, index = kids
        return [("sqrt", f"√[{index.firstChild.data}]{{")] + mathml_tokens(base) + [("close", "}")]
    if tag == "msqrt":
        return [("sqrt", "√{")] + [t for c in kids for t in mathml_tokens(c)] + [("close", "}")]
    if tag == "munderover":
        _, under, over = kids
        lower = mathml_tokens(under)  # i = a
        return [("prod", "∏_{"), lower[0], ("op", "=")] + lower[2:] + [("close", "}"), ("caret", "^"), ("group", "{")] + mathml_tokens(over) + [("close", "}")]
    raise AssertionError(f"unexpected MathML element <{tag}>")


def read_mathml(xml: str) -> tuple:
    from xml.dom.minidom import parseString

    tokens = mathml_tokens(parseString(f"<math>{xml.replace('&InvisibleTimes;', chr(0x2062)).replace('&ExponentialE;', 'ⅇ')}</math>").documentElement)
    out: list[tuple[str, str]] = []
    for kind, v in tokens:  # |x|: opening where an operand may start, as in the terminal text
        if kind == "vert":
            opening = not out or out[-1][0] in ("op", "open", "lvert", "bar", "caret", "group", "call", "prod", "sqrt")
            kind = "lvert" if opening else "rvert"
        out.append((kind, v))
    return Reader(out).read()
