"""The mathematical objects, and their evaluation.

Every operator is defined once, in its own module of ``symbound.ops`` (its parse names, terminal and
LaTeX forms, numeric and exact evaluation, sign and monotonicity facts); this module holds what works
on whole expressions: ``flattened``, ``evaluated`` and the evaluator (``numeric``, ``exact``), which handles arithmetic itself and asks each operator's
declaration for the rest.

Matrices and vectors are sympy matrix expressions (``MatrixSymbol``, ``MatMul``, ``Transpose`` ...);
a vector is an n×1 matrix, a row vector a 1×n matrix, and every norm is the norm of a matrix
(for an n×1 column it coincides with the vector norm of the same name).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.ops import hook
from symbound.ops.base import whole


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


class _Backend:
    """Arithmetic for the evaluator, with the environment's activation functions."""

    exact: bool

    def __init__(self, env: Env) -> None:
        self.env = env

    def function(self, name: str, order: int) -> Callable:
        """The activation ``name``'s derivative of this order (order 0: the function), from the environment."""
        return self.env[f"fn:{name}:{order}"]

    @staticmethod
    def maximum(values: list) -> Any:
        return max(values)

    @staticmethod
    def minimum(values: list) -> Any:
        return min(values)


class _Numpy(_Backend):
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


class _Sympy(_Backend):
    """Exact arithmetic with sympy matrices and numbers."""

    exact = True

    @staticmethod
    def maximum(values: list) -> Any:
        return sp.Max(*values)  # of a variable too (a for_all premise decided for every value): max(b, 0)

    @staticmethod
    def minimum(values: list) -> Any:
        return sp.Min(*values)

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


def _evaluate(e: sp.Basic, env: Env, backend: type) -> Any:
    be = backend(env)

    def ev(x: sp.Basic) -> Any:
        if x in env:
            return env[x]
        declared = hook(x, "evaluate")
        if declared is not None:  # an operator of symbound.ops
            return declared(x, ev, be)
        if isinstance(x, sp.Number):
            return be.number(x)
        if isinstance(x, sp.ZeroMatrix):
            return be.zeros(whole(ev(x.shape[0]), x), whole(ev(x.shape[1]), x))
        if isinstance(x, sp.Identity):
            return be.eye(whole(ev(x.shape[0]), x))
        if isinstance(x, (sp.Symbol, sp.MatrixSymbol)):
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
        if isinstance(x, sp.Pow):  # an unevaluated Pow may still hold a matrix base
            base, ex = ev(x.args[0]), ev(x.args[1])
            return be.power(base, whole(ex, x)) if isinstance(x.args[0], MatrixExpr) else be.scalar_pow(base, ex)
        if x.is_number:
            return be.number(x)
        if isinstance(x, sp.Function) and not isinstance(x, MatrixExpr):  # exp, tanh, Heaviside, ... of scalars
            args = [ev(a) for a in x.args]
            value = x.func(*(a if be.exact else sp.Float(a) for a in args))
            return value if be.exact else complex(value).real
        raise KeyError(f"cannot evaluate {type(x).__name__}")

    return ev(e)


UNDEFINED = (KeyError, ValueError, ZeroDivisionError, OverflowError)
"""What evaluating a term raises where it has no value, and only that: a name or an operator without a value
(KeyError), a value outside a function's domain (√ or log of a negative; a singular matrix: numpy's LinAlgError
is a ValueError), a division by zero, an overflow.  Any other exception is a bug, never "undefined here"."""


class Unevaluable(Exception):
    """A claim or its premises cannot be set up for evaluation (a counterexample search): evaluating them raised
    one of ``UNDEFINED``.  Other exceptions are bugs and propagate."""


def numeric(e: sp.Basic, env: Env) -> Any:
    """Evaluate an expression in floating point (numpy), given values for its symbols."""
    return _evaluate(e, env, _Numpy)


def exact(e: sp.Basic, env: Env) -> Any:
    """Evaluate an expression exactly (sympy), given rational matrices and numbers for its symbols."""
    return _evaluate(e, env, _Sympy)


