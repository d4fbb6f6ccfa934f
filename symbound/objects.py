"""The mathematical objects: every operator symbound knows, each defined once.

Each operator is a sympy class carrying
  * its LaTeX form (``_latex``, used by sympy's own printer),
  * its numeric evaluation (``_numeric``, numpy) and exact evaluation (``_exact``, sympy matrices),
  * its sign facts (sympy assumptions: norms and singular values are nonnegative reals),
  * its monotonicity facts (``monotone``: which arguments it is nondecreasing in, used by ``gcongr``).

Matrices and vectors are sympy matrix expressions (``MatrixSymbol``, ``MatMul``, ``Transpose`` ...);
a vector is an n×1 matrix, a row vector a 1×n matrix, and every norm is the norm of a matrix
(for an n×1 column it coincides with the vector norm of the same name).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import sympy as sp
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

NORM_KINDS = ("1", "2", "inf", "fro")
INDUCED_NORMS = ("1", "2", "inf")
NORM_LATEX = {"1": "1", "2": "2", "inf": r"\infty", "fro": "F"}


def name_latex(printer: Any, name: str) -> str:
    """The LaTeX of a declared name: the file's ``latex:`` if given, else sympy's rendering of the name."""
    for key, value in printer._settings.get("symbol_names", {}).items():
        if str(key) == name:
            return value
    return printer._print(sp.Symbol(name))


def _str(x: Any) -> Str:
    return x if isinstance(x, Str) else Str(str(x))


class NonnegativeScalar(sp.Expr):
    """Base for real, nonnegative, finite scalar functions of matrices (norms, singular values ...)."""

    is_commutative = True
    monotone: tuple[int, ...] = ()  # indices of arguments the operator is nondecreasing in

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_extended_nonnegative(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def _eval_is_complex(self) -> bool:
        return True

    @property
    def matrix(self) -> MatrixExpr:
        return self.args[0]


class Norm(NonnegativeScalar):
    """‖A‖_p for p in 1, 2, inf (induced norms) and fro (Frobenius)."""

    def __new__(cls, A: MatrixExpr, kind: Any = "2") -> "Norm":
        return sp.Expr.__new__(cls, A, _str(kind))

    @property
    def kind(self) -> str:
        return self.args[1].name

    def _latex(self, printer: Any) -> str:
        return r"\left\| %s \right\|_{%s}" % (printer._print(self.matrix), NORM_LATEX.get(self.kind, self.kind))

    def _numeric(self, A: Any) -> float:
        import numpy as np

        order = {"1": 1, "2": 2, "inf": np.inf, "fro": "fro"}[self.kind]
        return float(np.linalg.norm(np.atleast_2d(A), order))

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        if self.kind == "1":
            return max(sum(abs(A[i, j]) for i in range(A.rows)) for j in range(A.cols))
        if self.kind == "inf":
            return max(sum(abs(A[i, j]) for j in range(A.cols)) for i in range(A.rows))
        if self.kind == "fro":
            return sp.sqrt(sum(abs(a) ** 2 for a in A))
        return singular_values_exact(A)[0]


class SpectralRadius(NonnegativeScalar):
    """ρ(A) = max |λ| over the eigenvalues of a square A."""

    def __new__(cls, A: MatrixExpr) -> "SpectralRadius":
        return sp.Expr.__new__(cls, A)

    def _latex(self, printer: Any) -> str:
        return r"\rho\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(max(abs(np.linalg.eigvals(np.atleast_2d(A)))))

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return _largest(sp.Abs(r) for r in A.charpoly().all_roots())


class SigmaMax(NonnegativeScalar):
    """σ_max(A), the largest singular value."""

    def __new__(cls, A: MatrixExpr) -> "SigmaMax":
        return sp.Expr.__new__(cls, A)

    def _latex(self, printer: Any) -> str:
        return r"\sigma_{\max}\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[0])

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return singular_values_exact(A)[0]


class SigmaMin(NonnegativeScalar):
    """σ_min(A), the smallest of the min(n, m) singular values of an n×m A."""

    def __new__(cls, A: MatrixExpr) -> "SigmaMin":
        return sp.Expr.__new__(cls, A)

    def _latex(self, printer: Any) -> str:
        return r"\sigma_{\min}\left(%s\right)" % printer._print(self.matrix)

    def _numeric(self, A: Any) -> float:
        import numpy as np

        return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[-1])

    def _exact(self, A: sp.Matrix) -> sp.Expr:
        return singular_values_exact(A)[-1]


class MaxAbs(NonnegativeScalar):
    """max_i |v_i|, the largest absolute entry of a vector (or matrix)."""

    def __new__(cls, v: MatrixExpr) -> "MaxAbs":
        return sp.Expr.__new__(cls, v)

    def _latex(self, printer: Any) -> str:
        return r"\max_{i} \left|\left(%s\right)_{i}\right|" % printer._print(self.matrix)

    def _numeric(self, v: Any) -> float:
        import numpy as np

        return float(np.max(np.abs(v)))

    def _exact(self, v: sp.Matrix) -> sp.Expr:
        return _largest(abs(a) for a in v)


def singular_values_exact(A: sp.Matrix) -> list[sp.Expr]:
    """Exact singular values of a small rational matrix, largest first (min(n, m) of them)."""
    G = A.T * A if A.cols <= A.rows else A * A.T
    roots = G.charpoly().all_roots()  # real and nonnegative: G is positive semidefinite
    values = [sp.sqrt(r) if not (r.is_number and r.is_negative) else sp.Integer(0) for r in roots]
    return sorted(values, key=_approx, reverse=True)


@lru_cache(maxsize=4096)
def _approx(r: sp.Expr) -> float:
    """A float good enough to order exact numbers (15 digits; ties are broken exactly by ``_largest``)."""
    return float(sp.re(r.evalf(15)))


def _largest(values: Any) -> sp.Expr:
    """The largest of some exact real numbers; near-ties are compared exactly, never by floats alone."""
    ordered = sorted(values, key=_approx, reverse=True)
    best = ordered[0]
    for other in ordered[1:]:
        if abs(_approx(other) - _approx(best)) > 1e-9 * (1 + abs(_approx(best))):
            break
        difference = other - best
        if difference.is_positive:
            best = other
        elif difference.is_nonpositive is not True:
            raise ValueError("cannot order two near-equal exact values")
    return best


# ---------------------------------------------------------------- matrix-valued objects


class SeqElem(MatrixExpr):
    """x_k: the element at time index k of a sequence of vectors or matrices."""

    def __new__(cls, name: Any, index: sp.Expr, rows: sp.Expr, cols: sp.Expr) -> "SeqElem":
        return MatrixExpr.__new__(cls, _str(name), sp.sympify(index), sp.sympify(rows), sp.sympify(cols))

    @property
    def name(self) -> str:
        return self.args[0].name

    @property
    def index(self) -> sp.Expr:
        return self.args[1]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return (self.args[2], self.args[3])

    @property
    def free_symbols(self) -> set:
        return self.index.free_symbols | self.args[2].free_symbols | self.args[3].free_symbols

    def _latex(self, printer: Any) -> str:
        head = name_latex(printer, self.name)
        if "\\frac" in head:  # a fraction-shaped name (∂E/∂x): parenthesise it before the subscript
            head = r"\left(%s\right)" % head
        return r"%s_{%s}" % (head, printer._print(self.index))

    def _entry(self, i: Any, j: Any, **kw: Any) -> Any:
        return sp.Indexed(self.name, self.index, i, j)


class Elementwise(MatrixExpr):
    """f^{(d)}(X): an activation (or its d-th derivative) applied entrywise to a matrix or vector."""

    def __new__(cls, fname: Any, order: Any, X: MatrixExpr) -> "Elementwise":
        return MatrixExpr.__new__(cls, _str(fname), sp.Integer(order), X)

    @property
    def fname(self) -> str:
        return self.args[0].name

    @property
    def order(self) -> int:
        return int(self.args[1])

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        try:
            return self._shape
        except AttributeError:
            self._shape = self.args[2].shape  # nested activations would recompute shapes recursively
            return self._shape

    @property
    def free_symbols(self) -> set:
        return self.args[2].free_symbols

    def _latex(self, printer: Any) -> str:
        return r"%s%s\left(%s\right)" % (name_latex(printer, self.fname), "'" * self.order, printer._print(self.args[2]))


class ScalarApply(sp.Expr):
    """f^{(d)}(z) for a scalar z: an activation or its derivative at a point."""

    is_commutative = True

    def __new__(cls, fname: Any, order: Any, z: sp.Expr) -> "ScalarApply":
        return sp.Expr.__new__(cls, _str(fname), sp.Integer(order), sp.sympify(z))

    @property
    def fname(self) -> str:
        return self.args[0].name

    @property
    def order(self) -> int:
        return int(self.args[1])

    @property
    def free_symbols(self) -> set:
        return self.args[2].free_symbols

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return r"%s%s\left(%s\right)" % (name_latex(printer, self.fname), "'" * self.order, printer._print(self.args[2]))


class Diag(MatrixExpr):
    """diag(v): the square diagonal matrix with the entries of the vector v."""

    def __new__(cls, v: MatrixExpr) -> "Diag":
        return MatrixExpr.__new__(cls, v)

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        n = self.args[0].shape[0]
        return (n, n)

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols

    def _latex(self, printer: Any) -> str:
        return r"\operatorname{diag}\left(%s\right)" % printer._print(self.args[0])


class Hadamard(MatrixExpr):
    """u ⊙ v: the entrywise (Hadamard) product of two matrices or vectors of the same shape."""

    def __new__(cls, A: MatrixExpr, B: MatrixExpr) -> "Hadamard":
        return MatrixExpr.__new__(cls, A, B)

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.args[0].shape

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _sympystr(self, printer: Any) -> str:
        return " ⊙ ".join(printer.parenthesize(a, 50) if isinstance(a, (sp.MatAdd, Hadamard)) else printer._print(a) for a in self.args)

    def _latex(self, printer: Any) -> str:
        return r" \odot ".join(r"\left(%s\right)" % printer._print(a) if isinstance(a, (sp.MatAdd, Hadamard)) else printer._print(a) for a in self.args)


class Jacobian(MatrixExpr):
    """∂y/∂x of the model, with the matrix sympy derived for it (third argument)."""

    def __new__(cls, of: MatrixExpr, wrt: MatrixExpr, derived: MatrixExpr) -> "Jacobian":
        return MatrixExpr.__new__(cls, of, wrt, derived)

    @property
    def derived(self) -> MatrixExpr:
        return self.args[2]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.derived.shape

    @property
    def free_symbols(self) -> set:
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _latex(self, printer: Any) -> str:
        return r"\frac{\partial %s}{\partial %s}" % (printer._print(self.args[0]), printer._print(self.args[1]))


class MatProd(MatrixExpr):
    """∏_{i=a}^{b} A_i, the ordered product of square matrices (A_a first)."""

    def __new__(cls, body: MatrixExpr, limits: Any) -> "MatProd":
        return MatrixExpr.__new__(cls, body, sp.Tuple(*limits))

    @property
    def body(self) -> MatrixExpr:
        return self.args[0]

    @property
    def limits(self) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
        return tuple(self.args[1])  # type: ignore[return-value]

    @property
    def shape(self) -> tuple[sp.Expr, sp.Expr]:
        return self.body.shape

    @property
    def free_symbols(self) -> set:
        i, a, b = self.limits
        return (self.body.free_symbols - {i}) | a.free_symbols | b.free_symbols

    def _latex(self, printer: Any) -> str:
        i, a, b = self.limits
        return r"\prod_{%s=%s}^{%s} %s" % (printer._print(i), printer._print(a), printer._print(b), printer._print(self.body))


SCALAR_OPERATORS = (Norm, SpectralRadius, SigmaMax, SigmaMin, MaxAbs)


def is_matrix(e: sp.Basic) -> bool:
    return isinstance(e, MatrixExpr)


def flattened(e: Any) -> Any:
    """Nested products and sums written as the author wrote them, without the parentheses that
    unevaluated nesting would print: (a*b)*c → a*b*c (no other evaluation)."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    return _flattened(e)


@lru_cache(maxsize=16384)
def _flattened(e: Any) -> Any:
    args = [flattened(a) for a in e.args]
    if isinstance(e, (sp.Mul, sp.Add)):
        flat: list = []
        for a in args:
            flat.extend(a.args if type(a) is type(e) else [a])
        return e.func(*flat, evaluate=False)
    return e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e


def evaluated(e: Any) -> Any:
    """The expression with sympy's automatic evaluation applied at every level (undoes evaluate=False)."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    return _evaluated(e)


@lru_cache(maxsize=32768)
def _evaluated(e: Any) -> Any:
    args = [evaluated(a) for a in e.args]
    if isinstance(e, (sp.MatMul, sp.MatAdd)):
        return e.func(*args).doit(deep=False)
    return e.func(*args)


# ---------------------------------------------------------------- evaluation


Env = dict  # symbol/sequence element -> number or numpy array; "fn:<name>:<order>" -> callable


class _Numpy:
    """Floating-point arithmetic with numpy."""

    exact = False

    @staticmethod
    def matrix(v: Any) -> Any:
        import numpy as np

        return np.atleast_2d(np.asarray(v, dtype=float))

    @staticmethod
    def number(x: sp.Expr) -> Any:
        return float(x) if x.is_real is not False else complex(x)

    @staticmethod
    def matmul(a: Any, b: Any) -> Any:
        return a @ b

    @staticmethod
    def transpose(a: Any) -> Any:
        return a.T

    @staticmethod
    def power(a: Any, k: int) -> Any:
        import numpy as np

        return np.linalg.matrix_power(a, k)

    @staticmethod
    def eye(n: int) -> Any:
        import numpy as np

        return np.eye(n)

    @staticmethod
    def zeros(r: int, c: int) -> Any:
        import numpy as np

        return np.zeros((r, c))

    @staticmethod
    def diag(v: Any) -> Any:
        import numpy as np

        return np.diag(np.asarray(v).ravel())

    @staticmethod
    def entrywise(f: Callable, a: Any) -> Any:
        import numpy as np

        return np.vectorize(lambda z: float(f(z)))(np.asarray(a, dtype=float))

    @staticmethod
    def hadamard(a: Any, b: Any) -> Any:
        return a * b

    @staticmethod
    def is_matrix(v: Any) -> bool:
        import numpy as np

        return np.ndim(v) == 2

    @staticmethod
    def scalar_pow(b: Any, e: Any) -> Any:
        return float(b) ** float(e)


class _Sympy:
    """Exact arithmetic with sympy matrices and numbers."""

    exact = True

    @staticmethod
    def matrix(v: Any) -> Any:
        return sp.Matrix(v)

    @staticmethod
    def number(x: sp.Expr) -> Any:
        return x

    @staticmethod
    def matmul(a: Any, b: Any) -> Any:
        return a * b

    @staticmethod
    def transpose(a: Any) -> Any:
        return a.T

    @staticmethod
    def power(a: Any, k: int) -> Any:
        return a**k

    @staticmethod
    def eye(n: int) -> Any:
        return sp.eye(n)

    @staticmethod
    def zeros(r: int, c: int) -> Any:
        return sp.zeros(r, c)

    @staticmethod
    def diag(v: Any) -> Any:
        return sp.diag(*list(v))

    @staticmethod
    def entrywise(f: Callable, a: Any) -> Any:
        return a.applyfunc(lambda z: sp.nsimplify(f(z)) if not isinstance(f(z), sp.Basic) else f(z))

    @staticmethod
    def hadamard(a: Any, b: Any) -> Any:
        return a.multiply_elementwise(b)

    @staticmethod
    def is_matrix(v: Any) -> bool:
        return isinstance(v, sp.MatrixBase)

    @staticmethod
    def scalar_pow(b: Any, e: Any) -> Any:
        return sp.Pow(b, e)


def _evaluate(e: sp.Basic, env: Env, be: Any) -> Any:
    def ev(x: sp.Basic) -> Any:
        if isinstance(x, SCALAR_OPERATORS):
            arg = ev(x.args[0])
            return x._exact(arg) if be.exact else x._numeric(be.matrix(arg))
        if x in env:
            return env[x]
        if isinstance(x, sp.Number):
            return be.number(x)
        if isinstance(x, sp.ZeroMatrix):
            return be.zeros(int(ev(x.shape[0])), int(ev(x.shape[1])))
        if isinstance(x, sp.Identity):
            return be.eye(int(ev(x.shape[0])))
        if isinstance(x, (sp.Symbol, sp.MatrixSymbol, SeqElem)):
            raise KeyError(f"no value for {x}")
        if isinstance(x, (sp.Add, sp.MatAdd)):
            out = ev(x.args[0])
            for a in x.args[1:]:
                out = out + ev(a)
            return out
        if isinstance(x, (sp.Mul, sp.MatMul)):
            out = ev(x.args[0])
            for a in x.args[1:]:
                v = ev(a)
                out = be.matmul(out, v) if be.is_matrix(out) and be.is_matrix(v) else out * v
            return out
        if isinstance(x, (sp.Pow, sp.MatPow)):
            base, ex = ev(x.args[0]), ev(x.args[1])
            if isinstance(x.args[0], MatrixExpr):
                return be.power(base, int(ex))
            return be.scalar_pow(base, ex)
        if isinstance(x, sp.Transpose):
            return be.transpose(ev(x.args[0]))
        if isinstance(x, sp.Abs):
            return abs(ev(x.args[0]))
        if isinstance(x, sp.Max):
            return max(ev(a) for a in x.args)
        if isinstance(x, sp.Min):
            return min(ev(a) for a in x.args)
        if isinstance(x, Diag):
            return be.diag(ev(x.args[0]))
        if isinstance(x, Hadamard):
            return be.hadamard(be.matrix(ev(x.args[0])), be.matrix(ev(x.args[1])))
        if isinstance(x, Elementwise):
            return be.entrywise(env[f"fn:{x.fname}:{x.order}"], ev(x.args[2]))
        if isinstance(x, ScalarApply):
            return env[f"fn:{x.fname}:{x.order}"](ev(x.args[2]))
        if isinstance(x, Jacobian):
            return ev(x.derived)
        if isinstance(x, (MatProd, sp.Product)):
            body, (i, a, b) = x.args[0], x.args[1]
            lo, hi = int(ev(a)), int(ev(b))
            out = None
            for val in range(lo, hi + 1):
                term = _evaluate(body.xreplace({i: sp.Integer(val)}), env, be)
                out = term if out is None else (be.matmul(out, term) if isinstance(x, MatProd) else out * term)
            if out is None:  # the empty product
                return be.eye(int(ev(x.shape[0]))) if isinstance(x, MatProd) else be.number(sp.Integer(1))
            return out
        if x.is_number:
            return be.number(x)
        if isinstance(x, sp.Function) and not isinstance(x, MatrixExpr):  # exp, tanh, Heaviside, ... of scalars
            args = [ev(a) for a in x.args]
            value = x.func(*(a if be.exact else sp.Float(a) for a in args))
            return value if be.exact else complex(value).real
        raise KeyError(f"cannot evaluate {type(x).__name__}")

    return ev(e)


def numeric(e: sp.Basic, env: Env) -> Any:
    """Evaluate an expression in floating point (numpy), given values for its symbols."""
    return _evaluate(e, env, _Numpy)


def exact(e: sp.Basic, env: Env) -> Any:
    """Evaluate an expression exactly (sympy), given rational matrices and numbers for its symbols."""
    return _evaluate(e, env, _Sympy)


