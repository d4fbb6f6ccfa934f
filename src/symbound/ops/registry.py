"""The operator registry: every operator declares itself here once, and every consumer reads it.

An ``Op`` is one operator's declaration: the names the parser accepts, what it builds, how the
terminal prints it, how it is evaluated (numpy and sympy), its sign and monotonicity facts, and the
operators a repair may try in its place.  The parser, the printers, the evaluator, the falsifier and
the repairs look operators up here (``parser``, ``hook``, ``alternatives`` ...) instead of keeping lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp

# a parse function: (translator, call node, argument nodes) -> sympy object; the translator offers err,
# arity, matrix, scalar, sized, visit, index, within, canonical, is_identity, check_factors, scope and
# written (see syntax._Translator)
Parse = Callable[[Any, Any, list], Any]
# an evaluator: (expression, ev, backend) -> value, ev evaluating a subexpression in the same environment
Evaluate = Callable[[Any, Callable[[Any], Any], Any], Any]
# a terminal form: (expression, Unicode printer) -> str, as a class's method ``_unicode(self, printer)``
Text = Callable[[Any, Any], str]
# a MathML form: (expression, MathML printer) -> DOM node; the printer (render/html.py) offers mi, mo, row, sub,
# fenced, apply, frac, underover and _print
MathML = Callable[[Any, Any], Any]
# a numpy form: (expression, code) -> the witness script's Python for it; code(e) prints a subexpression,
# code.var(name) a symbol's name, code.activation(fname, order) an activation (render/script.py)
Numpy = Callable[[Any, Any], str]
# a file-syntax form: (expression, printer) -> str, as a derivation file writes it (src/symbound/ops/written.py)
Written = Callable[[Any, Any], str]

SIGNS = ("nonnegative", "real", "matrix")

# Per-argument monotonicity (CVXPY's, with the signs it depends on): (position j, the arguments of the smaller
# side, the arguments of the larger side, aligned) → the ways the value may move with argument j, each
# (direction, conditions): direction +1 when argument j must not decrease (xⱼ ≤ yⱼ), −1 when it must not
# increase (yⱼ ≤ xⱼ); each condition (term, sign), sign one of CONDITIONS, must be shown of the term.
Condition = tuple[Any, str]
Monotone = Callable[[int, tuple, tuple], list[tuple[int, list[Condition]]]]
CONDITIONS = ("nonnegative", "positive", "nonpositive")


def increasing(j: int, xs: tuple, ys: tuple) -> list[tuple[int, list[Condition]]]:
    """Nondecreasing in every argument, whatever the signs (a sum, max, min, exp)."""
    return [(1, [])]


def _product(j: int, xs: tuple, ys: tuple) -> list[tuple[int, list[Condition]]]:
    cofactor = sp.Mul(*(x for i, x in enumerate(xs) if i != j))
    return [(1, [(cofactor, "nonnegative")]), (-1, [(cofactor, "nonpositive")])]


def _power(j: int, xs: tuple, ys: tuple) -> list[tuple[int, list[Condition]]]:
    """xᵉ: nondecreasing in x ≥ 0 for e ≥ 0; nonincreasing in x > 0 for e ≤ 0 (1/x, √x, x²)."""
    if j != 0:
        return []
    (x, e), y = xs, ys[0]
    return [(1, [(x, "nonnegative"), (e, "nonnegative")]), (-1, [(y, "positive"), (e, "nonpositive")])]


def _absolute(j: int, xs: tuple, ys: tuple) -> list[tuple[int, list[Condition]]]:
    return [(1, [(xs[0], "nonnegative")]), (-1, [(xs[0], "nonpositive")])]


def _logarithm(j: int, xs: tuple, ys: tuple) -> list[tuple[int, list[Condition]]]:
    return [(1, [(xs[0], "positive")])] if len(xs) == 1 else []


# sympy's own heads, declared once here (a quotient is a product with a power −1; √ is a power ½)
SYMPY_MONOTONE: dict[type, Monotone] = {sp.Add: increasing, sp.Mul: _product, sp.Pow: _power, sp.Abs: _absolute,
                                        sp.exp: increasing, sp.log: _logarithm}


@dataclass(frozen=True, eq=False)
class Op:
    """One operator, declared once (see docs/extending.md)."""

    name: str  # what it is, in words: "the spectral radius"
    cls: tuple[type, ...]  # the sympy classes it builds (empty: it only spells an existing one)
    names: tuple[str, ...] = ()  # the function names the parser accepts: rho(A), spectral_radius(A)
    parse: Parse | None = None
    arity: tuple[int, int] | None = (1, 1)  # least and most arguments of a call (None: parse checks them)
    reserved: dict[str, str] = field(default_factory=dict)  # further words a file may not declare (norm kinds)
    text: Text | None = None  # terminal form; None: the Unicode printer's own ``_print_<Class>``
    mathml: MathML | None = None  # the HTML page's form; None: sympy's MathML printer's own
    numpy: Numpy | None = None  # the witness script's form; None: the script cannot evaluate it
    written: Written | None = None  # as a file writes it; None: its first parse name applied to its arguments
    evaluate: Evaluate | None = None
    sign: str = "real"  # one of SIGNS: what is known of its value without evaluating it
    opaque: bool = False  # sympy cannot compute with it: arithmetic holds it as an atom of its sign
    homogeneous: bool = False  # f(cA) = |c|·f(A): the falsifier meets a bound on f(A) by scaling A
    monotone: Monotone | None = None  # its per-argument monotonicity (``increasing``, or one that depends on signs)
    alternatives: tuple[type, ...] = ()  # what a repair may try in its place (ρ → σ_max)
    precedence: int | None = None  # how tightly its printed form binds (sympy's scale); None: sympy's (see base.binding)
    relevant: bool = True  # a lemma that almost applied is named when it shares such an operator with the goal
    # an expression using it, for the generic tests (tests/test_ops.py): over W, V (n×n), B (n×m), v, u
    # (n-vectors), a, b (scalars), k (an index), x (a sequence of n-vectors), sigma (an activation)
    example: str = ""
    latex_names: tuple[str, ...] = ()  # the LaTeX it is read from: \rho, \sigma_{\max}, \odot (read/latex.py)
    infix: bool = False  # its LaTeX names stand between its two arguments, as a product's sign does (u \odot v)


REGISTRY: list[Op] = []
_BY_TYPE: dict[type, Op | None] = {}  # a cache of ``of`` by the root's type, emptied on every change


def register(op: Op) -> Op:
    """Declare an operator; a name or class declared twice is an error."""
    for other in REGISTRY:
        if set(op.names) & set(other.names) or set(op.cls) & set(other.cls):
            raise ValueError(f"{op.name} clashes with {other.name}")
        if set(op.names) & set(other.reserved) or set(op.reserved) & set(other.names):
            raise ValueError(f"{op.name} clashes with {other.name}")
    REGISTRY.append(op)
    _BY_TYPE.clear()
    return op


def unregister(op: Op) -> None:
    """Remove a declaration (tests register dummy operators and take them back)."""
    REGISTRY.remove(op)
    _BY_TYPE.clear()


def parser(name: str) -> Op | None:
    """The operator a call ``name(...)`` builds, if any."""
    return next((op for op in REGISTRY if name in op.names and op.parse is not None), None)


def latex_heads() -> dict[str, str]:
    """Each declared LaTeX head (``\\rho``, ``\\operatorname{diag}``) to the parse name of its operator."""
    return {head: op.names[0] for op in REGISTRY if op.parse is not None for head in op.latex_names}


def latex_infix() -> tuple[str, ...]:
    """The LaTeX heads written between two arguments (``\\odot``): the LaTeX grammar reads them as products."""
    return tuple(head for op in REGISTRY if op.parse is not None and op.infix for head in op.latex_names)


def function_names() -> list[str]:
    """Every function name the parser accepts, sorted."""
    return sorted(n for op in REGISTRY if op.parse is not None for n in op.names)


def reserved() -> dict[str, str]:
    """The words a file may not declare, with what each one means."""
    out: dict[str, str] = {}
    for op in REGISTRY:
        out.update({n: op.name for n in op.names})
        out.update(op.reserved)
    return out


def of(e: Any) -> Op | None:
    """The declaration of the operator at the root of ``e`` (most specific class first), if any."""
    kind = type(e)
    try:
        return _BY_TYPE[kind]
    except KeyError:
        found = next((op for klass in kind.__mro__ for op in REGISTRY if klass in op.cls), None)
        _BY_TYPE[kind] = found
        return found


def hook(e: Any, what: str) -> Callable | None:
    """One declared hook (``text``, ``evaluate``, ``mathml``, ``numpy``, ``written``) of the operator at the root of ``e``, or None."""
    op = of(e)
    return getattr(op, what) if op is not None else None


def classes(test: Callable[[Op], bool] = lambda op: True) -> tuple[type, ...]:
    """The classes of the operators that pass ``test`` (for ``isinstance``)."""
    return tuple(c for op in REGISTRY if test(op) for c in op.cls)


def alternatives(cls: type) -> tuple[type, ...]:
    """The operators a repair may try instead of ``cls``."""
    op = next((op for op in REGISTRY if cls in op.cls), None)
    return op.alternatives if op is not None else ()


def monotonicity(e: Any) -> Monotone | None:
    """The per-argument monotonicity of the operator at the root of ``e``: its declaration, or sympy's table."""
    op = of(e)
    if op is not None and op.monotone is not None:
        return op.monotone
    return next((m for cls, m in SYMPY_MONOTONE.items() if isinstance(e, cls)), None)
