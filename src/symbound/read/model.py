"""The model's recurrence, and its one-step Jacobians derived from it by the chain rule (never typed in by hand).

Layout: numerator layout, as papers write it. For x[k] = F(x[k-1]) the Jacobian ∂x[k]/∂x[k-1] is the n×n
matrix whose entry (i, j) is ∂x[k]_i/∂x[k-1]_j, so that x[k] = W σ(x[k-1]) + … gives W diag(σ'(x[k-1]))
and x[k] = σ(W x[k-1] + …) gives diag(σ'(W x[k-1] + …)) W.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import ExprError, InputError
from symbound.ops.objects import evaluated
from symbound.ops import Elementwise, ScalarApply, Diag, Hadamard, Jacobian, SeqElem
from symbound.read.syntax import Activation, split_equation
from symbound.trees import transform


@dataclass
class Model:
    """x[k] = F(x[k-1], inputs): the state sequence, its index, the update, and the activations."""

    state: SeqElem
    index: sp.Symbol
    update: Any
    activations: dict[str, Activation]
    text: str
    jacobians: dict[tuple, Jacobian] = field(default_factory=dict)

    def jacobian(self, of: MatrixExpr, wrt: MatrixExpr) -> Jacobian:
        """∂ of / ∂ wrt for of = x[a], wrt = x[a-1], derived from the recurrence (numerator layout)."""
        name = self.state.name
        if not (isinstance(of, SeqElem) and isinstance(wrt, SeqElem) and of.name == name and wrt.name == name):
            raise ExprError(f"jacobian(...) takes two elements of the state sequence {name}", f"write jacobian({name}[k+1], {name}[k])")
        if sp.simplify(of.index - wrt.index - 1) != 0:
            raise ExprError("only one-step Jacobians are derived", f"write jacobian({name}[i+1], {name}[i]) and take prod(...) over i")
        key = (of, wrt)
        if key not in self.jacobians:
            try:
                derived = self.derive(of.index)
            except ExprError:
                raise
            except (ArithmeticError, AttributeError, IndexError, KeyError, LookupError, NotImplementedError, RecursionError, TypeError, ValueError):
                # sympy failed on a part of this recurrence: a limit of the input, not a crash
                raise ExprError(
                    "the Jacobian of this recurrence could not be derived",
                    "write the recurrence as x[k] = W @ sigma(x[k-1]) + ... or x[k] = sigma(W @ x[k-1] + ...)",
                ) from None
            self.jacobians[key] = Jacobian(of, wrt, derived)
        return self.jacobians[key]

    def derive(self, at: sp.Expr) -> MatrixExpr:
        """∂x[at]/∂x[at-1] in numerator layout: entry (i, j) is ∂x[at]_i/∂x[at-1]_j."""
        if self.state.shape[1] != 1:
            raise ExprError("Jacobians are derived for vector states only (shape [n])", f"declare {self.state.name} with shape: [n]")
        step = self.update.xreplace({self.index: at})
        previous = SeqElem(self.state.name, at - 1, *self.state.shape)
        J = differentiate(step, previous)
        n = self.state.shape[0]
        return sp.ZeroMatrix(n, n) if J is None else evaluated(J)


def _product(factors: list[Any]) -> Any:
    """The matrix product of some factors, without their identity factors."""
    kept = [f for f in factors if not isinstance(f, sp.Identity)]
    if not kept:
        return factors[-1]
    return kept[0] if len(kept) == 1 else sp.MatMul(*kept)


def differentiate(F: Any, X: MatrixExpr) -> MatrixExpr | None:
    """∂F/∂X for a column vector F built from the column vector X, by the chain rule, in numerator
    layout (row i is the gradient of F_i, so ∂(A F)/∂X = A ∂F/∂X); None when F does not depend on X.

    Rules: ∂X/∂X = I; a sum is differentiated termwise; c·A₁⋯A_m·G(X) gives c·A₁⋯A_m·∂G/∂X when only the
    last factor depends on X; ∂σ(G)/∂X = diag(σ'(G))·∂G/∂X; ∂(G ⊙ H)/∂X = diag(H)·∂G/∂X + diag(G)·∂H/∂X.
    """
    if F == X:
        return sp.Identity(X.shape[0])
    if not F.has(X):
        return None
    if isinstance(F, sp.MatAdd):
        terms = [t for t in (differentiate(a, X) for a in F.args) if t is not None]
        return None if not terms else terms[0] if len(terms) == 1 else sp.MatAdd(*terms)
    if isinstance(F, sp.MatMul):
        scalars = [a for a in F.args if not isinstance(a, MatrixExpr)]
        matrices = [a for a in F.args if isinstance(a, MatrixExpr)]
        if any(a.has(X) for a in scalars):
            raise ExprError("the state appears inside a scalar factor of the update", "write the update as a sum of (matrix) products with the state in the last factor")
        if F.shape == (1, 1) and all(M.shape == (1, 1) for M in matrices):
            # a one-unit state: 1×1 factors commute, so the product rule applies to every factor
            terms = []
            for i, M in enumerate(matrices):
                d = differentiate(M, X)
                if d is not None:
                    terms.append(_product([*matrices[:i], *matrices[i + 1:], d]))
            J = None if not terms else terms[0] if len(terms) == 1 else sp.MatAdd(*terms)
            return J if J is None or not scalars else sp.MatMul(*scalars, J)
        if any(a.has(X) for a in matrices[:-1]):
            raise ExprError("the state appears in a factor of a matrix product other than the last", "write the update as W @ f(x[k-1]) (the state in the last factor)")
        inner = differentiate(matrices[-1], X)
        if inner is None:
            return None
        J = _product([*matrices[:-1], inner])
        return sp.MatMul(*scalars, J) if scalars else J
    if isinstance(F, Elementwise) and F.order == 0:
        inner = differentiate(F.args[2], X)
        return None if inner is None else _product([Diag(Elementwise(F.fname, 1, F.args[2])), inner])
    if isinstance(F, Hadamard) and F.shape[1] == 1:
        A, B = F.args
        terms = [_product([Diag(other), d]) for d, other in ((differentiate(A, X), B), (differentiate(B, X), A)) if d is not None]
        return None if not terms else terms[0] if len(terms) == 1 else sp.MatAdd(*terms)
    if isinstance(F, sp.Transpose) and F.shape == (1, 1):
        return differentiate(F.args[0], X)  # a 1×1 matrix is its own transpose
    raise ExprError("symbound cannot differentiate this part of the update with respect to the state", "write the update with sums, scalar multiples, matrix products, activations and hadamard products of the state")


def build_model(node: Any, reader: Any) -> Model:
    """Read ``model: {recurrence: "x[k] = ..."}`` and check that it is a recurrence in one state sequence."""
    fields = node.mapping("`model`", 'write `recurrence: "x[k] = W @ sigma(x[k-1]) + b"`')
    node.check_keys(("recurrence", "text"), "the model")
    if "recurrence" not in fields:
        raise InputError(node.where, "the model has no recurrence", 'add `recurrence: "x[k] = ..."`')
    rec = fields["recurrence"]
    text = rec.text("the recurrence", "write it on one line")
    parts = split_equation(text)
    if parts is None:
        raise InputError(rec.where, "the recurrence needs one '='", "write x[k] = W @ sigma(x[k-1]) + b")
    def no_jacobian(of: Any, wrt: Any) -> Any:
        raise ExprError("the recurrence cannot use jacobian(...)", "write the update itself; symbound derives the Jacobians from it")

    saved, reader.scope.jacobian = reader.scope.jacobian, no_jacobian
    try:
        lhs = reader.expr(rec, what="the recurrence's left side", text=parts[0])
        rhs = reader.expr(rec, what="the recurrence's right side", text=parts[1], offset=len(parts[0]) + 1)
    finally:
        reader.scope.jacobian = saved
    rhs_where = rec.at(len(parts[0]) + 1 + len(parts[1]) - len(parts[1].lstrip()))
    if not isinstance(lhs, SeqElem) or not isinstance(lhs.index, sp.Symbol):
        raise InputError(rec.expr_location(), "the left side of the recurrence must be a sequence at an index, like x[k]", "write x[k] = ...")
    if lhs.index in sp.Tuple(*lhs.shape).free_symbols:
        raise InputError(rec.expr_location(), f"the state {lhs.name} has a per-layer shape ({lhs.shape[0]}×{lhs.shape[1]}), which the model does not support yet",
                         "declare the state with one shape for every index, or write the layers' steps as chains")
    state = reader.symbols.get(lhs.name)
    if state is not None and state.properties:  # never taken on trust: a recurrence that breaks it would make the file vacuous
        raise InputError(state.where, f"the state {lhs.name} of the model is declared {', '.join(sorted(state.properties))}, but the recurrence computes it",
                         "remove `assume:` from the state and state the fact as a premise for every index (`for_all`), which is checked against the model")
    if not isinstance(rhs, MatrixExpr) or rhs.shape != lhs.shape:
        got = f"a {rhs.shape[0]}×{rhs.shape[1]} matrix" if isinstance(rhs, MatrixExpr) else "a scalar"
        raise InputError(rhs_where, f"the right side must have the shape of the state {lhs.name} ({lhs.shape[0]}×{lhs.shape[1]}), it is {got}", f"make it a {lhs.shape[0]}×{lhs.shape[1]} expression")
    previous = SeqElem(lhs.name, lhs.index - 1, *lhs.shape)
    states = {e for e in sp.preorder_traversal(rhs) if isinstance(e, SeqElem) and e.name == lhs.name}
    if previous not in states:
        raise InputError(rhs_where, f"the right side does not use {lhs.name}[{lhs.index} - 1]", f"write the update in terms of {lhs.name}[{lhs.index}-1]")
    if any(isinstance(e, (Elementwise, ScalarApply)) and e.order != 0 for e in sp.preorder_traversal(rhs)):
        raise InputError(rhs_where, "the recurrence may not use derivatives of activations", "write the update with the activation itself")
    others = sorted((e for e in states if e != previous), key=str)
    if others:
        raise InputError(
            rhs_where,
            f"the right side uses {lhs.name}[{others[0].index}]; the recurrence must be first order",
            f"write {lhs.name}[{lhs.index}] in terms of {lhs.name}[{lhs.index}-1] and the inputs only",
        )
    activations = {n: a for n, a in reader.scope.names.items() if isinstance(a, Activation)}
    return Model(lhs, lhs.index, rhs, activations, text)


def hold_state(e: Any, state: str) -> Any:
    """Every element of the state sequence replaced by x[0]: the model held at a fixed point x* (by its inputs)."""
    return transform(e, lambda node: SeqElem(node.name, sp.Integer(0), *node.shape) if isinstance(node, SeqElem) and node.name == state else None)
