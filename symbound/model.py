"""The model's recurrence, and its Jacobians derived by sympy's matrix calculus (never typed in by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix

from .errors import ExprError, InputError
from .objects import Diag, Elementwise, Jacobian, ScalarApply, SeqElem
from .syntax import Activation, split_equation

KNOWN = {
    "tanh": sp.tanh,
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "relu": lambda z: sp.Max(0, z),
    "identity": lambda z: z,
}


def activation_function(act: Activation) -> Callable[[sp.Expr], sp.Expr]:
    """The scalar sympy function of an activation: the known one, or an abstract sympy Function."""
    if act.function is not None:
        return KNOWN[act.function]
    return sp.Function(act.name)


def transform(e: Any, fn: Callable[[Any], Any]) -> Any:
    """Rebuild an expression bottom-up, letting ``fn`` replace each node (None keeps it)."""
    if not isinstance(e, sp.Basic) or not e.args:
        out = fn(e)
        return e if out is None else out
    args = [transform(a, fn) for a in e.args]
    rebuilt = e if all(a is b for a, b in zip(args, e.args)) else e.func(*args)
    out = fn(rebuilt)
    return rebuilt if out is None else out


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
        """∂ of / ∂ wrt for of = x[a], wrt = x[a-1], derived from the recurrence by sympy."""
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
            except (ArithmeticError, AttributeError, IndexError, KeyError, LookupError, NotImplementedError, RecursionError, TypeError, ValueError) as exc:
                # sympy's matrix calculus gave up on this recurrence: a limit of the input, not a crash
                raise ExprError(
                    f"sympy could not derive the Jacobian of this recurrence ({type(exc).__name__})",
                    "write the recurrence as x[k] = W @ sigma(x[k-1]) + ... or x[k] = sigma(W @ x[k-1] + ...)",
                ) from None
            self.jacobians[key] = Jacobian(of, wrt, derived)
        return self.jacobians[key]

    def derive(self, at: sp.Expr) -> MatrixExpr:
        step = self.update.xreplace({self.index: at})
        previous = SeqElem(self.state.name, at - 1, *self.state.shape)
        X = sp.MatrixSymbol("_X", *self.state.shape)
        placeholders: dict[Any, Any] = {}
        z = sp.Dummy("z")

        def to_sympy(node: Any) -> Any:
            if node == previous:
                return X
            if isinstance(node, SeqElem):
                placeholders.setdefault(node, sp.MatrixSymbol(f"_S{len(placeholders)}", *node.shape))
                return placeholders[node]
            if isinstance(node, Elementwise):
                if node.order != 0:
                    raise ExprError("the recurrence may not use derivatives of activations", "write the update with the activation itself")
                f = activation_function(self.activations[node.fname])
                return ElementwiseApplyFunction(sp.Lambda(z, f(z)), node.args[2])
            return None

        derivative = transform(step, to_sympy).diff(X)
        back = {v: k for k, v in placeholders.items()}
        back[X] = previous

        def from_sympy(node: Any) -> Any:
            if node in back:
                return back[node]
            if isinstance(node, DiagMatrix) and isinstance(node.args[0], ElementwiseApplyFunction):
                inner = node.args[0]
                lam = inner.function
                var = lam.variables[0]
                for act in self.activations.values():
                    f = activation_function(act)
                    if sp.simplify(lam.expr - sp.diff(f(var), var)) == 0:
                        return Diag(Elementwise(act.name, 1, transform(inner.args[1], from_sympy)))
            return None

        result = transform(derivative, from_sympy)
        if any(isinstance(a, (sp.Dummy, ElementwiseApplyFunction)) for a in sp.preorder_traversal(result)):
            raise ExprError("sympy derived a Jacobian symbound cannot express", "write the recurrence as x[k] = W @ sigma(x[k-1]) + ... or x[k] = sigma(W @ x[k-1] + ...)")
        return result


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
