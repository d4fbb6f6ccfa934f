"""Search for goals about the state at two times (untrusted).

* One step: where one side has x[e] and the other x[e − 1], the model is applied once, x[e] = F(e), by the
  kernel's model rule ``recurrence`` (the recurrence instantiated at the index e), and the goal proved about
  the rewritten sides.
* Unrolling: propose a closed form x[e] = C and prove the goal with it, by the kernel rule
  ``recurrence_induction`` (symbound.kernel.recurrence checks the base case and the step).  The closed form is
  goal's other side when the goal is x[e] = C itself, or the term at x[e]'s place in the other side when the two
  sides differ only there (‖x[e]‖ = ‖C‖), otherwise the powers of a model that is affine in the state,
  x[k] = c·A₁⋯A_m·x[k-1] + g(k): x[e] = c^(e−s)·(A₁⋯A_m)^(e−s)·x[s] + Σ_{j=s+1}^{e} c^(e−j)·(A₁⋯A_m)^(e−j)·g(j)."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.kernel import recurrence
from symbound.kernel.everyday import recurrence_step
from symbound.ops.objects import evaluated
from symbound.ops import Jacobian, MatProd, MatSum, Norm, SeqElem
from symbound.kernel.proofs import Proof
from symbound.ops.written import written

STRICT = {"<": True, "<=": False}


def _elements(e: Any, name: str) -> list[SeqElem]:
    """The elements of the state sequence in a term (not those naming a Jacobian's variables)."""
    if isinstance(e, SeqElem):
        return [e] if e.name == name else []
    if not isinstance(e, sp.Basic) or isinstance(e, Jacobian):
        return []
    return [x for a in e.args for x in _elements(a, name)]


def _gain(n: Any, scalars: list, matrices: list, x: Any) -> Any:
    """c^n·(A₁⋯A_m)^n·x."""
    power = sp.MatPow(matrices[0] if len(matrices) == 1 else sp.MatMul(*matrices), n) if matrices else None
    body = sp.MatMul(power, x) if power is not None else x
    return sp.MatMul(sp.Mul(*scalars) ** n, body) if scalars else body


def linear_closed_form(state: SeqElem, k: sp.Symbol, update: Any, later: SeqElem, start: Any) -> Any | None:
    """The closed form of the model x[k] = c·A₁⋯A_m·x[k-1] + g(k) (g free of the state; None when the model is not
    of that form): c^(e−s)·(A₁⋯A_m)^(e−s)·x[s], plus Σ_{j=s+1}^{e} c^(e−j)·(A₁⋯A_m)^(e−j)·g(j) when there is a g."""
    previous = SeqElem(state.name, k - 1, *state.shape)
    terms = update.args if isinstance(update, sp.MatAdd) else (update,)
    through = [term for term in terms if _elements(term, state.name)]
    if len(through) != 1:
        return None
    (term,) = through
    factors = () if term == previous else term.args[:-1] if isinstance(term, sp.MatMul) and term.args[-1] == previous else None
    if factors is None or any(f.has(k) or _elements(f, state.name) for f in factors):
        return None
    scalars = [f for f in factors if not isinstance(f, MatrixExpr)]
    matrices = [f for f in factors if isinstance(f, MatrixExpr)]
    closed = _gain(sp.expand(later.index - start), scalars, matrices, SeqElem(state.name, start, *state.shape))
    inputs = [t for t in terms if t is not term]
    if inputs:
        j = sp.Dummy("j", integer=True)
        g = (sp.MatAdd(*inputs) if len(inputs) > 1 else inputs[0]).xreplace({k: j})
        closed = sp.MatAdd(closed, MatSum(_gain(later.index - j, scalars, matrices, g), (j, start + 1, later.index)))
    return evaluated(closed)


def _counterpart(a: Any, x: Any, b: Any) -> Any | None:
    """The term of ``b`` at the place of ``x`` in ``a``, when ``a`` and ``b`` differ only there (one place)."""
    if a == x:
        return b
    if not isinstance(a, sp.Basic) or not isinstance(b, sp.Basic) or a.func != b.func or len(a.args) != len(b.args) or not a.args:
        return None
    found = [(p, q) for p, q in zip(a.args, b.args) if p != q]
    if len(found) != 1:
        return None
    (p, q), = found
    return _counterpart(p, x, q)


def unroll(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of ``a rel b`` (=, <=, <) through a closed form of a later state, or None; a failure's reason
    goes to ``prover.attempt.reason``."""
    if prover.recurrence is None:
        return None
    state, k, update, _ = prover.recurrence
    elements = sorted(set(_elements(a, state.name) + _elements(b, state.name)), key=str)
    if not elements:
        return None
    known = _initial_values(prover, state)
    if len(elements) + len(known) < 2:
        return None
    binders = {n.args[1][0] for side in (a, b) if isinstance(side, sp.Basic) for n in sp.preorder_traversal(side)
               if isinstance(n, (sp.Product, MatProd))}
    elements = [x for x in elements if not x.index.free_symbols & binders]  # never rewritten under a product's index
    for later in elements:
        indices = sorted((v for v in later.index.free_symbols if v.is_integer), key=str)
        if len(indices) != 1:
            continue
        t = indices[0]
        for earlier, stated in [(x, None) for x in elements] + known:
            start = earlier.index
            if earlier == later or t in start.free_symbols:
                continue
            whole = _counterpart(a, later, b) if later in _elements(a, state.name) else _counterpart(b, later, a)
            if stated is not None:  # x[s]'s value is stated: the goal's own closed form, from that value
                base = _initial_proof(prover, *stated) if whole is not None else None
                if base is None:
                    continue
                why = recurrence.obligations(state, k, update, later, whole, t, start,
                                             recurrence.initial_value(state, start, *stated))
                if why:
                    prover.attempt.reason = f"unrolling {written(later)} by induction from {written(earlier)} = its stated value: {why}"
                    continue
                order = prover.le(start, later.index, False, 2)
                if order is not None:
                    step = Proof("induction", "recurrence_induction", later, "=", whole, (order, base), (("start", start), ("index", t)))
                    return _through(prover, a, rel, b, later, whole, step)
                continue
            closed = whole if whole is not None and earlier in _elements(whole, state.name) else None
            if closed is None:
                closed = linear_closed_form(state, k, update, later, start)
            if closed is None:
                prover.attempt.reason = (f"the recurrence is not linear in {state.name}, so {written(later)} has no closed form "
                                         f"in {written(earlier)} to unroll it into")
                continue
            why = recurrence.obligations(state, k, update, later, closed, t, start)
            if why:
                nonlinear = closed is whole and linear_closed_form(state, k, update, later, start) is None
                prover.attempt.reason = (f"unrolling {written(later)} by induction from {written(earlier)}: {why}"
                                         + (f" (the recurrence is not linear in {state.name}: no closed form to compare with)" if nonlinear else ""))
                continue
            order = prover.le(start, later.index, False, 2)
            if order is None:
                prover.attempt.reason = (f"unrolling {written(later)} by induction from {written(earlier)} needs "
                                         f"{written(start)} ≤ {written(later.index)}, which is not shown")
                continue
            step = Proof("induction", "recurrence_induction", later, "=", closed, (order,), (("start", start), ("index", t)))
            proof = _through(prover, a, rel, b, later, closed, step)
            if proof is not None:
                return proof
    return None


def _through(prover: Any, a: Any, rel: str, b: Any, later: SeqElem, closed: Any, step: Proof) -> Proof | None:
    """``a rel b`` from the induction ``step`` proving later = closed: the step itself, or the goal with later
    rewritten to closed."""
    if (a, b) == (later, closed) and rel in ("=", "<="):
        return step if rel == "=" else Proof("conv", "rewriting", a, rel, b, (step,))
    a2, b2 = evaluated(a.xreplace({later: closed})), evaluated(b.xreplace({later: closed}))
    inner = prover.equal(a2, b2) if rel == "=" else prover.le(a2, b2, STRICT[rel], 3)
    return None if inner is None else Proof("conv", "rewriting", a, rel, b, (inner,), rewrites=(step,))


def _initial_values(prover: Any, state: SeqElem) -> list[tuple[SeqElem, tuple[Any, str, Any]]]:
    """The state's elements whose value a premise or an earlier chain states without variables, each with the
    statement to prove: x[s] = v, or ‖x[s]‖ ≤ 0 (x[s] = 0) from ‖x[s]‖ = 0."""
    out: dict = {}
    for f in prover.ordered_facts():
        if f.variables or f.kind not in ("premise", "chain"):
            continue
        for side, other in (f.original, f.original[::-1]):
            if isinstance(side, SeqElem) and side.name == state.name and isinstance(other, MatrixExpr):
                out.setdefault((side, (side, "=", other)), None)
            elif isinstance(side, Norm) and isinstance(side.matrix, SeqElem) and side.matrix.name == state.name and other == 0:
                out.setdefault((side.matrix, (side, "<=", sp.Integer(0))), None)
    return list(out)


def _initial_proof(prover: Any, lhs: Any, rel: str, rhs: Any) -> Proof | None:
    """A proof of a stated initial value (x[s] = v, or ‖x[s]‖ ≤ 0)."""
    return prover.equal(lhs, rhs) if rel == "=" else prover.le(lhs, rhs, False, 2)


def step_once(prover: Any, a: Any, rel: str, b: Any) -> Proof | None:
    """A proof of ``a rel b`` after applying the model once (twice at most) to a state element x[e] of one side
    whose predecessor x[e − 1] is on the other side and x[e] is not, or None."""
    if prover.recurrence is None:
        return None
    state, k, update, _ = prover.recurrence
    sides, uses = [a, b], []
    for _ in range(2):
        found = False
        for i in (0, 1):
            mine, other = set(_elements(sides[i], state.name)), set(_elements(sides[1 - i], state.name))
            for x in sorted(mine - other, key=str):
                before = SeqElem(state.name, x.index - 1, *state.shape)
                if x.index.is_integer is not True or not any(sp.expand(y.index - before.index) == 0 for y in other):
                    continue
                value = recurrence_step(prover.recurrence, x)
                if value is None:
                    continue
                uses.append(Proof("model", "recurrence", x, "=", value))
                sides[i] = evaluated(_replace_state(sides[i], x, value))
                found = True
        if not found:
            return None
        inner = prover.equal(*sides) if rel == "=" else prover.le(sides[0], sides[1], STRICT[rel], 3)
        if inner is not None:
            return Proof("conv", "rewriting", a, rel, b, (inner,), rewrites=tuple(dict.fromkeys(uses)))
    return None


def _replace_state(e: Any, x: SeqElem, value: Any) -> Any:
    """``e`` with the state element x replaced by its value, except where x names a Jacobian's variable."""
    if e == x:
        return value
    if not isinstance(e, sp.Basic) or not e.args or isinstance(e, Jacobian):
        return e
    args = [_replace_state(arg, x, value) for arg in e.args]
    return e if all(p is q for p, q in zip(args, e.args)) else e.func(*args)
