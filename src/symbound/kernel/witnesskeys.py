"""The keys of the witness checker's memo (``witnesscheck``): everything an answer depends on.

A whole check depends on the derivation's declarations, definitions, model and premises, and on the candidate's
dimensions, values, functions and kind (a fixed point or not).  One premise's decision depends on the same
derivation, the candidate's dimensions, indices, functions and kind, the value of relu'(0) taken, and the values of
the names the premise mentions — through the definitions it uses, and, when it mentions a sequence of the model,
every name of the model's update: a `for_all` over an index runs the recurrence ahead of the witness.  A name the
premise does not mention cannot change its decision, so the re-checks of one witness with one value changed (the
simplification in ``search.certify``) decide again only the premises that mention it.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.ops import SeqElem


def _frozen(v: Any) -> Any:
    return sp.ImmutableMatrix(v) if isinstance(v, sp.MatrixBase) else v


def derivation_key(d: Any) -> tuple:
    """The derivation's declarations, definitions, model and premises."""
    model = None if d.model is None else (d.model.state, d.model.index, d.model.update)
    return (tuple((n, decl.kind, decl.obj if isinstance(decl.obj, sp.Basic) else repr(decl.obj), decl.properties) for n, decl in d.symbols.items()),
            tuple((df.symbol, df.value) for df in d.definitions), model,
            tuple((p.id, p.bound, tuple((r.lhs, r.rel, r.rhs) for r in p.relations)) for p in d.premises))


def candidate_key(c: Any) -> tuple:
    """The candidate's dimensions, values (sorted by name: printing the values cost a tenth of a check), functions
    and kind."""
    return (tuple(sorted(c.dims.items(), key=str)), tuple(sorted(((k, _frozen(v)) for k, v in c.values.items()), key=lambda kv: str(kv[0]))),
            tuple(sorted(c.activations.items())), c.fixed_point)


def _names(terms: list[Any]) -> set[Any]:
    """The symbols, matrix symbols and sequence names in the terms."""
    out: set[Any] = set()
    for t in terms:
        if isinstance(t, sp.Basic):
            out |= {n.args[0] if isinstance(n, SeqElem) else n for n in sp.preorder_traversal(t) if isinstance(n, (sp.Symbol, sp.MatrixSymbol, SeqElem))}
    return out


def mentioned(d: Any, premise: Any) -> frozenset[Any]:
    """The names a premise's decision can depend on: its own, those of the definitions it uses (unfolded as the
    checker does, later ones first), and every name of the model's update when it mentions a sequence of the model."""
    terms = [side for r in premise.relations for side in (r.lhs, r.rhs)]
    for definition in reversed(d.definitions):
        terms = [t.xreplace({definition.symbol: definition.value}) if isinstance(t, sp.Basic) else t for t in terms]
    names = _names(terms)
    if d.model is not None:
        model_names = _names([d.model.state, d.model.update])
        if names & model_names:
            names |= model_names
    return frozenset(names)


def _depends(key: Any, names: frozenset[Any]) -> bool:
    if isinstance(key, SeqElem):
        return key.args[0] in names
    if isinstance(key, (sp.Symbol, sp.MatrixSymbol)):
        return key in names or bool(key.is_integer)  # an index's value: every premise's (it may size a term)
    return True  # a value of another kind: kept, whatever it is


def premise_key(derivation: tuple, c: Any, premise: Any, names: frozenset[Any], at_step: Any) -> tuple:
    """One premise's decision's key: the derivation's key, the premise, the candidate's dimensions, functions,
    kind and the values ``_depends`` keeps of the ``mentioned`` names, and the value of relu'(0) taken."""
    values = tuple(sorted(((k, _frozen(v)) for k, v in c.values.items() if _depends(k, names)), key=lambda kv: str(kv[0])))
    return ("premise", derivation, premise.id, tuple(sorted(c.dims.items(), key=str)), values,
            tuple(sorted(c.activations.items())), c.fixed_point, at_step)
