"""Proof terms as JSON, structurally: each expression a class from a fixed table and its arguments (``cls(*args)``),
shared subterms once; no text is ever parsed or evaluated as code.  The per-link entries of the verdict cache
(symbound.check.proofcache) and certificates (symbound.check.certificate) are written in it; ``decode`` raises on
anything malformed, and ``encoded`` gives a body only when decoding it gives back the very same proofs."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.singleton import Singleton
from sympy.core.symbol import Str

from symbound.kernel.proofs import Proof


class Unencodable(Exception):
    """A value the structural encoding does not cover (the proof is then not stored)."""


@lru_cache(maxsize=1)
def classes() -> dict[str, type]:
    """The classes an entry may name: sympy's public ones, its matrix expressions and symbound's objects."""
    import sympy.matrices.expressions as mx

    from symbound import ops

    out: dict[str, type] = {}
    for module in (sp, mx, ops):
        for v in vars(module).values():
            if isinstance(v, type) and issubclass(v, sp.Basic) and not issubclass(v, sp.Symbol):
                out.setdefault(v.__name__, v)
    return out


class _Encoder:
    def __init__(self) -> None:
        self.nodes: list[list] = []
        self.refs: dict[Any, int] = {}
        self.proofs: list[dict] = []
        self.proof_refs: dict[Proof, int] = {}
        self.dummies: dict[int, sp.Dummy] = {}

    def value(self, v: Any) -> int:
        k = (type(v), v) if not isinstance(v, sp.Basic) else v
        if k in self.refs:
            return self.refs[k]
        self.nodes.append(self._node(v))
        self.refs[k] = len(self.nodes) - 1
        return self.refs[k]

    def _node(self, v: Any) -> list:
        if isinstance(v, bool) or v is None:
            raise Unencodable(repr(v))
        if isinstance(v, str):
            return ["s", v]
        if isinstance(v, int):
            return ["i", str(v)]
        if isinstance(v, tuple):
            return ["t", [self.value(x) for x in v]]
        if not isinstance(v, sp.Basic):
            raise Unencodable(type(v).__name__)
        if isinstance(v, sp.Integer):
            return ["I", str(int(v))]
        if isinstance(v, sp.Rational):
            return ["Q", str(v.p), str(v.q)]
        if isinstance(v, sp.Dummy):
            self.dummies[v.dummy_index] = v
            return ["D", v.name, v.dummy_index, _assumptions(v)]
        if type(v) is sp.Symbol:
            return ["Y", v.name, _assumptions(v)]
        if type(v) is Str:
            return ["T", v.name]
        if isinstance(type(v), Singleton) and not v.args:
            return ["S", type(v).__name__]
        name = type(v).__name__
        if classes().get(name) is not type(v) or not v.args:  # an atom with data of its own (a Float ...)
            raise Unencodable(name)
        return ["F", name, [self.value(a) for a in v.args]]

    def proof(self, p: Proof) -> int:
        if p in self.proof_refs:
            return self.proof_refs[p]
        body = {"k": p.kind, "r": p.rule, "l": self.value(p.lhs), "o": p.rel, "h": self.value(p.rhs),
                "c": [self.proof(c) for c in p.children], "b": [[self.value(a), self.value(b)] for a, b in p.binding],
                "w": [self.proof(r) for r in p.rewrites]}
        self.proofs.append(body)
        self.proof_refs[p] = len(self.proofs) - 1
        return self.proof_refs[p]


def _assumptions(s: sp.Symbol) -> dict[str, bool]:
    given = getattr(s, "_assumptions_orig", None)
    return dict(sorted((given if given is not None else s.assumptions0).items()))


def encode(proofs: tuple[Proof, ...]) -> tuple[dict[str, Any], dict[int, sp.Dummy]]:
    """The JSON body of a tuple of proofs, and the fresh variables (Dummies) it names, by index."""
    e = _Encoder()
    roots = [e.proof(p) for p in proofs]
    return {"nodes": e.nodes, "proofs": e.proofs, "roots": roots}, e.dummies


def encoded(proofs: tuple[Proof, ...]) -> dict[str, Any] | None:
    """The JSON body of the proofs when decoding it gives them back exactly; None when the encoding does not
    cover them."""
    try:
        body, dummies = encode(proofs)
        if decode(body, dict(dummies)) != proofs:
            return None
    except Exception:  # noqa: BLE001 - a proof the encoding does not cover is not stored
        return None
    return body


def decode(body: dict[str, Any], dummies: dict[int, sp.Dummy] | None = None) -> tuple[Proof, ...]:
    """The proofs of an encoded body; raises on anything malformed.  ``dummies``: the fresh variables to
    reuse (when checking an encoding), else new ones are made."""
    return _decode(body, {} if dummies is None else dummies)


def _build(cls: type, args: list) -> Any:
    """``cls(*args)`` keeping sums, products and powers as stored (they may be unevaluated); sympy's global
    ``evaluate(False)`` is not used, since switching it clears sympy's cache."""
    if cls is sp.Add or cls is sp.Mul:
        return cls._from_args(args)
    if cls is sp.Pow:
        return sp.Pow(*args, evaluate=False)
    if issubclass(cls, sp.Function):  # |1 − x²| stays as stored, not |x² − 1|
        return cls(*args, evaluate=False)
    return cls(*args)


def _decode(body: dict[str, Any], fresh: dict[int, sp.Dummy]) -> tuple[Proof, ...]:
    table = classes()
    values: list[Any] = []

    def ref(i: Any) -> Any:
        return _at(values, i, "reference")

    for node in body["nodes"]:
        tag = node[0]
        if tag == "s":
            v: Any = _str(node[1])
        elif tag == "i":
            v = int(_str(node[1]))
        elif tag == "t":
            v = tuple(ref(i) for i in node[1])
        elif tag == "I":
            v = sp.Integer(int(_str(node[1])))
        elif tag == "Q":
            v = sp.Rational(int(_str(node[1])), int(_str(node[2])))
        elif tag == "D":
            index = node[2]
            if type(index) is not int:
                raise ValueError("bad dummy")
            if index not in fresh:
                fresh[index] = sp.Dummy(_str(node[1]), **_flags(node[3]))
            v = fresh[index]
        elif tag == "Y":
            v = sp.Symbol(_str(node[1]), **_flags(node[2]))
        elif tag == "T":
            v = Str(_str(node[1]))
        elif tag == "S":
            v = getattr(sp.S, _str(node[1]))
            if not isinstance(type(v), Singleton):
                raise ValueError("not a singleton")
        elif tag == "F":
            v = _build(table[_str(node[1])], [ref(i) for i in node[2]])
        else:
            raise ValueError(f"unknown tag {tag!r}")
        values.append(v)
    built: list[Proof] = []

    def proof(i: Any) -> Proof:
        return _at(built, i, "proof reference")

    for p in body["proofs"]:
        built.append(Proof(_str(p["k"]), _str(p["r"]), ref(p["l"]), _str(p["o"]), ref(p["h"]),
                           tuple(proof(c) for c in p["c"]), tuple((ref(a), ref(b)) for a, b in p["b"]),
                           tuple(proof(r) for r in p["w"])))
    return tuple(proof(i) for i in body["roots"])


def _at(items: list, i: Any, what: str) -> Any:
    """The ``i``-th of the items decoded so far; raises on anything else (a forward or foreign reference)."""
    if type(i) is not int or not 0 <= i < len(items):
        raise ValueError(f"bad {what}")
    return items[i]


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("expected a string")
    return v


def _flags(v: Any) -> dict[str, bool]:
    if not isinstance(v, dict) or not all(isinstance(k, str) and type(b) is bool for k, b in v.items()):
        raise ValueError("bad assumptions")
    return v
