"""Per-link entries of the verdict cache: a proved link's proof term, stored as JSON and replayed.

A link's key (``cache.link_key``) covers the link (its two sides, relation and citations), the facts the
prover sees when it reaches the link (premises and the statements of earlier chains), the definitions,
declared properties, activations and index symbols, which earlier chains are proved and what they rest
on, the options, and (through ``cache.link_key``) symbound's sources, the lemma library among them.

The entry holds the proof term (``proofs.Proof``) and the side proofs of its partial subterms.  It is a hint,
never a verdict: the checker hands the decoded proof to the kernel, and only a proof the kernel accepts
stands; anything that does not decode (corrupt, foreign, a class symbound does not know) is ignored and
the link is searched again.  Expressions are encoded structurally (a class from a fixed table and its
arguments, ``cls(*args)``); no text of the cache is ever parsed or evaluated as code.  An encoding is
stored only when decoding it gives back the very same proof.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.singleton import Singleton
from sympy.core.symbol import Str

from symbound.check.cache import Store, link_key
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
        if type(i) is not int or not 0 <= i < len(values):
            raise ValueError("bad reference")
        return values[i]

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
        if type(i) is not int or not 0 <= i < len(built):
            raise ValueError("bad proof reference")
        return built[i]

    for p in body["proofs"]:
        built.append(Proof(_str(p["k"]), _str(p["r"]), ref(p["l"]), _str(p["o"]), ref(p["h"]),
                           tuple(proof(c) for c in p["c"]), tuple((ref(a), ref(b)) for a, b in p["b"]),
                           tuple(proof(r) for r in p["w"])))
    return tuple(proof(i) for i in body["roots"])


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("expected a string")
    return v


def _flags(v: Any) -> dict[str, bool]:
    if not isinstance(v, dict) or not all(isinstance(k, str) and type(b) is bool for k, b in v.items()):
        raise ValueError("bad assumptions")
    return v


def _statement(theorem: Any) -> tuple:
    if theorem is None:
        return ()
    return (_text(theorem.lhs), theorem.rel, _text(theorem.rhs), [(_text(v), kind) for v, kind in theorem.variables])


def _text(e: Any) -> str:
    return sp.srepr(e) if isinstance(e, sp.Basic) else repr(e)


class LinkCache:
    """The per-link entries one checker reads and writes (see the module's docstring)."""

    def __init__(self, store: Store, checker: Any) -> None:
        self.store = store
        self.checker = checker
        k = checker.kernel
        static = [sorted((_text(a), _text(b)) for a, b in k.definitions.items()),
                  sorted((_text(a), sorted(p)) for a, p in k.properties.items()),
                  sorted((n, _text(f)) for n, f in checker.prover.known.items()),
                  sorted(_text(s) for s in k.index_symbols), checker.timeout]
        self._digest = hashlib.sha256(repr(static).encode())
        self._seen = 0  # facts of the prover already in the digest

    def context(self) -> str:
        """A digest of what the prover and the kernel know when a link is reached."""
        facts = self.checker.prover.facts
        for f in facts[self._seen:]:
            self._digest.update(repr((f.name, f.kind, _text(f.lhs), f.rel, _text(f.rhs), [(_text(v), kind) for v, kind in f.variables],
                                      [_text(b) for b in f.bound], [_text(x) for x in f.original])).encode())
        self._seen = len(facts)
        c = self.checker
        chains = sorted((cid, status, sorted(c.chain_premises.get(cid, ())), _statement(c.kernel.chains.get(cid))) for cid, status in c.chain_status.items())
        return self._digest.hexdigest() + hashlib.sha256(repr(chains).encode()).hexdigest()

    def key(self, lhs: Any, rel: str, rhs: Any, by: tuple[str, ...], exclude: frozenset[str], what: str = "link") -> str:
        """The key of a goal (a link, the conclusion, a limit) in the current context."""
        return link_key({"what": what, "context": self.context(), "lhs": _text(lhs), "rel": rel, "rhs": _text(rhs),
                         "by": list(by), "exclude": sorted(exclude)})

    def get(self, k: str) -> tuple[Proof, tuple[Proof, ...]] | None:
        """The stored proof and side proofs; None when missing or malformed (the kernel has yet to check them:
        a hit is a proof term replayed through the kernel, never a verdict)."""
        body = self.store.get_link(k)
        if body is None:
            return None
        try:
            proofs = decode(body["proofs"])
        except Exception:  # noqa: BLE001 - whatever is malformed is ignored, never trusted
            return None
        return (proofs[0], proofs[1:]) if proofs else None

    def put(self, k: str, proof: Proof, nonzero: tuple[Proof, ...]) -> None:
        body = encoded((proof, *nonzero))
        if body is not None:
            self.store.put_link(k, {"proofs": body})
