"""A derivation file, read into typed objects: symbols, definitions, model, premises, chains, conclusion.

The format is documented in docs/format.md.  Every mistake is an ``InputError`` with file, line,
column and what to write instead.
"""

from __future__ import annotations

import difflib
import itertools
import keyword
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp
from sympy.core.facts import InconsistentAssumptions
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import ExprError, InputError, Location
from symbound.read.notation import notation_reader
from symbound.read.texmacros import Notation, latex_limit, macros_section
from symbound.rules import BY_NAME
from symbound.read.model import Model, build_model
from symbound.ops import GREEK, KNOWN, reserved
from symbound.read.source import Node, load, read_text
from symbound.read.syntax import normalised, Activation, IndexedDefinition, Relation, Scope, Sequence, is_identity, parse_expr, parse_relations, parse_relations_written, parse_written
from symbound.rules.properties import PROPERTIES as MATRIX_PROPERTIES
from symbound.read.userlemmas import MATCH_KIND, SIGN_HYPOTHESES, UserLemma

RELATION_KEYS = {"=": "=", "==": "=", "<=": "<=", "≤": "<=", "<": "<", ">=": ">=", "≥": ">=", ">": ">",
                 r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">=", r"\lt": "<", r"\gt": ">"}
KINDS = ("dimension", "scalar", "index", "vector", "matrix", "sequence", "activation")
SCALAR_ASSUMPTIONS = ("positive", "nonnegative", "negative", "nonpositive", "integer", "real")
ACTIVATION_FUNCTIONS = tuple(KNOWN)  # the concrete activations (symbound.ops.activations)
MAX_LITERAL_DIMENSION = 1000  # numeric shapes (the falsifier builds matrices of these sizes)
_INDEXED_KEY = re.compile(r"(\w+)\[([^\[\]]*)\]")  # D[j], D[k+1]
_INDEX_FORM = re.compile(r"\s*(\w+)\s*(?:([+-])\s*(\d{1,4})\s*)?")  # j, k + 1, t - 1: a name and a whole offset
MODEL_CITATION = "model"  # `by: model`: the step applies the model's recurrence
TOP_KEYS = ("title", "source", "notes", "macros", "symbols", "definitions", "model", "lemmas", "premises", "chains", "conclusion")


@dataclass
class SymbolDecl:
    name: str
    kind: str
    obj: Any
    latex: str | None
    where: Location
    properties: frozenset[str] = frozenset()
    text: str = ""


@dataclass
class Definition:
    name: str
    symbol: Any
    value: Any
    text: str
    where: Location
    shown: Any = None  # the value as written (display twin)


@dataclass
class IndexedDef:
    """An abbreviation with an index parameter, ``D[k] := value`` (unfolded where ``D[e]`` is written)."""

    name: str
    parameter: sp.Symbol
    value: Any
    text: str
    where: Location
    shown: Any
    entry: IndexedDefinition
    offset: Any = sp.Integer(0)  # D[k+1]: ... is written at k + 1

    @property
    def head(self) -> Any:
        """The abbreviation as its definition writes it, D[j] or D[k + 1] (display twin)."""
        return self.entry.at(self.parameter + self.offset, True)


@dataclass
class Premise:
    """A premise: its relations hold for every value of the ``bound`` names (``for_all:``).

    A bound name is a new real scalar (``for_all: z``: every real z) or a declared index
    (``for_all: j``: every integer j); ``variables`` gives each its pattern kind for the prover."""

    id: str
    text: str
    relations: list[Relation]
    bound: tuple[sp.Symbol, ...]
    where: Location
    source: str = ""
    shown: list[Relation] = field(default_factory=list)  # the relations as written (display twins)

    @property
    def variables(self) -> tuple[tuple[sp.Symbol, str], ...]:
        """The bound names as pattern variables: 'integer' for an index, 'scalar' for a real."""
        return tuple((b, "integer" if b.is_integer else "scalar") for b in self.bound)

    def facts(self) -> list[tuple[Any, str, Any]]:
        """The premise as facts ``lhs rel rhs`` with rel '<=', '<' or '=': one per relation of a chained
        comparison, ≥ and > turned around, an equality in both directions (the bound names are
        their ``variables``)."""
        out = []
        for rel in self.relations:
            lhs, r, rhs = normalised(rel.lhs, rel.rel, rel.rhs)
            out += [(lhs, r, rhs)] if r != "=" else [(lhs, r, rhs), (rhs, r, lhs)]
        return out

    @property
    def quantified(self) -> str:
        """The claim as written, with what ``for_all`` binds: ``rho(A[j]) <= r  (for every j)``."""
        if not self.bound:
            return self.source
        return f"{self.source}  (for every {', '.join(str(b) for b in self.bound)})"


@dataclass
class Link:
    rel: str
    expr: Any
    by: tuple[str, ...]
    note: str
    where: Location
    source: str = ""
    by_where: Location | None = None
    shown: Any = None  # the term as written (display twin)


@dataclass
class Chain:
    id: str
    text: str
    start: Any
    links: list[Link]
    where: Location
    note: str = ""
    source: str = ""
    start_shown: Any = None  # the start as written (display twin)

    def relation(self) -> str:
        return compose([link.rel for link in self.links])


@dataclass
class Conclusion:
    text: str
    where: Location
    relation: Relation | None = None
    tends_to_zero: Any = None
    as_: Any = None
    by: tuple[str, ...] = ()
    relations: list[Relation] = field(default_factory=list)  # `a <= b and b < 1`: every relation of the claim
    shown: list[Relation] = field(default_factory=list)  # the relations as written (display twins)


@dataclass
class Derivation:
    path: str
    title: str
    source: str
    notes: str
    symbols: dict[str, SymbolDecl]
    scope: Scope
    definitions: list[Definition]
    model: Model | None
    premises: list[Premise]
    chains: list[Chain]
    conclusion: Conclusion | None
    latex_names: dict[Any, str] = field(default_factory=dict)
    # every expression the file wrote → its display twin (author's order, nothing evaluated), for printing
    written: dict[Any, Any] = field(default_factory=dict)
    indexed: list[IndexedDef] = field(default_factory=list)  # abbreviations with an index (D[k] := ...)
    lemmas: list[UserLemma] = field(default_factory=list)  # the file's own lemmas: assumed, not from the library
    symbols_file: str | None = None  # a paper's (.tex) declarations, read with it (`--symbols`)

    def properties(self, name: str) -> frozenset[str]:
        decl = self.symbols.get(name)
        return decl.properties if decl else frozenset()


def compose(rels: list[str]) -> str:
    """The relation of a chain: = keeps the other, ≤ then < gives <; mixing ≤ and ≥ is an error (ValueError)."""
    up = [r for r in rels if r in ("<=", "<")]
    down = [r for r in rels if r in (">=", ">")]
    if up and down:
        raise ValueError("mixed")
    if not up and not down:
        return "="
    strict = any(len(r) == 1 for r in up + down)
    return ("<" if up else ">") if strict else ("<=" if up else ">=")


# ---------------------------------------------------------------- reading


class _Reader:
    def __init__(self, path: str) -> None:
        self.has_model = False
        self.path = path
        self.scope = Scope()
        self.symbols: dict[str, SymbolDecl] = {}
        self.latex: dict[Any, str] = {}
        # every name the file declares (symbols, definitions), premise ids and chain ids, with where:
        # used to explain an unknown name (declared further down, a premise id used as a value ...)
        self.declared: dict[str, Location] = {}
        self.premise_ids: dict[str, Location] = {}
        self.chain_ids: dict[str, Location] = {}
        self.defining: str | None = None
        self.chains_done: set[str] = set()
        self.written: dict[Any, Any] = {}  # canonical expression → as written (see Derivation.written)
        self.indexed: list[IndexedDef] = []
        self.lemma_names: dict[str, Location] = {}  # the file's own lemmas, citable in `by:`

    def twin(self, value: Any, twin: Any) -> Any:
        """Record ``twin`` as the written form of ``value`` (the first spelling of an expression wins)."""
        if isinstance(value, sp.Basic) and value not in self.written:
            self.written[value] = twin
        return twin

    def shown(self, value: Any) -> Any:
        """The written form of a parsed expression (itself when it has none)."""
        return self.written.get(value, value) if isinstance(value, sp.Basic) else value

    def expr(self, node: Node, scope: Scope | None = None, what: str = "expression", text: str | None = None, offset: int = 0,
             identity_size: Any = None) -> Any:
        """Parse a scalar node (or ``text``, a part of it starting at ``offset``) as an expression (a bare
        identity ``I`` taking ``identity_size``)."""
        if text is None:
            text = node.text(what, "write the expression on one line")
        try:
            value = parse_expr(text, scope or self.scope, identity_size)
        except ExprError as exc:
            raise self.located(node, exc, offset) from None
        self.twin(value, parse_written(text, scope or self.scope, identity_size))
        return value

    def relations(self, node: Node, scope: Scope | None = None, conjunction: bool = False) -> list[Relation]:
        text = node.text("a claim", "write a relation such as `a <= b`")
        try:
            rels = parse_relations(text, scope or self.scope, conjunction)
        except ExprError as exc:
            raise self.located(node, exc) from None
        for rel, shown in zip(rels, parse_relations_written(text, scope or self.scope)):
            self.twin(rel.lhs, shown.lhs)
            self.twin(rel.rhs, shown.rhs)
        return rels

    def located(self, node: Node, exc: ExprError, offset: int = 0) -> InputError:
        """The InputError for a mistake inside an expression, saying more about names the file knows."""
        where = node.at(offset + exc.offset)
        name = exc.name
        if not name:
            return InputError(where, exc.what, exc.instead)
        if name == self.defining:
            return InputError(where, f"'{name}' is defined in terms of itself", "a definition's value may use only symbols and earlier definitions")
        if name in self.declared:
            at = self.declared[name]
            if (at.line, at.col) > (where.line, where.col):
                return InputError(
                    where,
                    f"'{name}' is used before its declaration at line {at.line}",
                    f"move '{name}' above this line (symbols and definitions are read top to bottom; definitions cannot refer to each other in a cycle)",
                )
            return InputError(where, f"'{name}' is a definition, which the model cannot use", "write the recurrence with symbols only")
        if name in self.premise_ids:
            return InputError(where, f"'{name}' is a premise id, not a value", "cite premises in a step's `by:`; a claim may use only symbols and definitions")
        if name in self.chain_ids:
            return InputError(where, f"'{name}' is a chain id, not a value", "cite chains in a later step's `by:`; expressions use only symbols and definitions")
        return InputError(where, exc.what, exc.instead)

    def check_by(self, names: tuple[str, ...], node: Node, chain: str | None) -> None:
        """Every name in `by:` is a lemma, a premise or an earlier chain (the chain itself and later ones cannot help)."""
        items = node.value if node.is_list() else [node]
        earlier = [c for c in self.chain_ids if c in self.chains_done]
        for name, item in zip(names, items):
            if name in BY_NAME or name in self.premise_ids or name in earlier or name in self.lemma_names:
                continue
            if name == MODEL_CITATION:
                if self.has_model:
                    continue
                raise InputError(item.where, "`by: model` cites the model's recurrence, but the file has no `model:` section",
                                 "add the recurrence under `model:` (docs/format.md), or cite a lemma, premise or earlier chain")
            if name == chain:
                raise InputError(item.where, f"chain {chain} cites itself in `by:`", "cite lemmas, premises or earlier chains")
            if name in self.chain_ids:
                raise InputError(
                    item.where,
                    f"chain {name} comes later in the file (line {self.chain_ids[name].line}); a step can only cite earlier chains",
                    f"move chain {name} above this one",
                )
            known = list(BY_NAME) + list(self.lemma_names) + list(self.premise_ids) + earlier
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = ("did you mean " + " or ".join(close) + "? ") if close else ""
            raise InputError(
                item.where,
                f"`by:` names '{name}', which is not a lemma, a premise or an earlier chain",
                hint + "see docs/lemmas.md for the lemma names; premises: " + (", ".join(self.premise_ids) or "none"),
            )

    def collect_names(self, fields: dict[str, Node]) -> None:
        """Note every declared name and id up front (to explain forward references), without reading values."""
        for section in ("symbols", "definitions"):
            node = fields.get(section)
            if node is not None and node.is_map():
                for key, where in node.key_where.items():
                    indexed = _INDEXED_KEY.fullmatch(key) if section == "definitions" else None
                    self.declared.setdefault(indexed.group(1) if indexed else key, where)
        premises = fields.get("premises")
        if premises is not None and premises.is_map():
            self.premise_ids = dict(premises.key_where)
        chains = fields.get("chains")
        if chains is not None and chains.is_list():
            for i, chain in enumerate(chains.value):
                cid_node = chain.get("id")
                if cid_node is not None and cid_node.is_scalar():
                    self.chain_ids.setdefault(cid_node.value, cid_node.where)
                elif chain.is_map():
                    self.chain_ids.setdefault(f"chain{i + 1}", chain.where)

    def declare(self, name: str, where: Location) -> None:
        if not name.isidentifier() or name.startswith("_") or "__" in name:
            hint = "use letters, digits and single underscores (W_rec, lambda_1)"
            if any(c in "₀₁₂₃₄₅₆₇₈₉" for c in name):
                hint = "declare lambda_1 for λ₁ (expressions may still write λ₁: it is read as lambda_1)"
            raise InputError(where, f"'{name}' is not a valid name", hint)
        if unicodedata.normalize("NFKC", name) != name:  # expressions fold look-alike letters (ｂ is read as b)
            folded = unicodedata.normalize("NFKC", name)
            raise InputError(where, f"'{name}' reads as '{folded}' in expressions (a compatibility look-alike)",
                             f"declare it as '{folded}', or choose another name")
        if keyword.iskeyword(name):
            latex = "\\" + name if name in GREEK else name
            raise InputError(where, f"'{name}' is a Python keyword, which expressions cannot use as a name",
                             f"name it {name}_1 or {name[:3]} and keep the paper's letter for printing: `latex: '{latex}'`")
        if name in self.scope.names:
            raise InputError(where, f"'{name}' is declared twice", "give each symbol one declaration")
        built_in = reserved()  # the operators' names and norm kinds, with what each means
        if name in built_in:
            latex = "\\" + name if name in GREEK else name
            raise InputError(
                where,
                f"'{name}' is the name of a built-in function ({built_in[name]})",
                f"name it differently and keep the paper's letter for printing, e.g. `{name}_1: {{kind: ..., latex: '{latex}'}}`, then write {name}_1 in expressions",
            )

    # ---- symbols
    def symbols_section(self, node: Node) -> None:
        for name, decl in node.mapping("`symbols`", "write `name: kind` lines, e.g. `W: {kind: matrix, shape: [n, n]}`").items():
            where = node.key_where[name]
            self.declare(name, where)
            if decl.is_scalar():
                decl = Node({"kind": decl}, decl.where, key_where={"kind": decl.where})
            fields = decl.mapping(f"the declaration of '{name}'", "write `{kind: ..., shape: [...]}`")
            decl.check_keys(("kind", "shape", "assume", "latex", "text", "function"), f"the declaration of '{name}'")
            kind_node = fields.get("kind")
            if kind_node is None:
                raise InputError(where, f"'{name}' has no kind", "add `kind:` (dimension, scalar, index, vector, matrix, sequence, activation)")
            kind = kind_node.text("kind", "write one kind")
            assume = [a.text("an assumption", "write a word") for a in fields["assume"].items("`assume`", "write a list such as [positive]")] if "assume" in fields else []
            latex = fields["latex"].text("latex", "write the LaTeX as a quoted string") if "latex" in fields else None
            text = fields["text"].text("text", "write a sentence") if "text" in fields else ""
            obj, props = self.make_symbol(name, kind, fields, assume, kind_node, where)
            self.scope.names[name] = obj
            self.symbols[name] = SymbolDecl(name, kind, obj, latex, where, frozenset(props), text)
            if latex:
                key = sp.Symbol(name) if isinstance(obj, (Sequence, Activation)) else obj
                self.latex[key] = latex

    def make_symbol(self, name: str, kind: str, fields: dict[str, Node], assume: list[str], kind_node: Node, where: Location | None = None) -> tuple[Any, list[str]]:
        if kind not in KINDS:  # before any advice that takes the word for a kind ("a matrx has no shape")
            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.5)
            raise InputError(kind_node.where, f"unknown kind '{kind}'", (f"did you mean '{close[0]}'? The kinds: " if close else "use ") + ", ".join(KINDS))
        if kind not in ("vector", "matrix", "sequence") and "shape" in fields:
            raise InputError(fields["shape"].where, f"a {kind} has no shape", "remove `shape:` (only vectors, matrices and sequences have one)")
        if kind != "activation" and "function" in fields:
            raise InputError(fields["function"].where, f"only an activation has a `function:`, '{name}' is a {kind}", "remove `function:`")
        shape = self.shape(fields.get("shape"), name, where or kind_node.where) if kind in ("vector", "matrix", "sequence") else None
        if kind in ("dimension", "index"):
            self.no_assumptions(assume, fields, kind)
            return (sp.Symbol(name, integer=True, positive=True) if kind == "dimension" else sp.Symbol(name, integer=True)), []
        if kind == "scalar":
            for a in assume:
                if a not in SCALAR_ASSUMPTIONS:
                    raise InputError(fields["assume"].where, f"unknown scalar assumption '{a}'", "use: " + ", ".join(SCALAR_ASSUMPTIONS))
            flags = {a: True for a in assume} or {}
            flags.setdefault("real", True)
            try:
                return sp.Symbol(name, **flags), []
            except InconsistentAssumptions:
                raise InputError(fields["assume"].where, f"the assumptions {', '.join(assume)} of '{name}' contradict each other",
                                 "keep the ones that hold (e.g. only positive)") from None
        if kind in ("vector", "matrix"):
            for a in assume:
                if a not in MATRIX_PROPERTIES:
                    raise InputError(fields["assume"].where, f"unknown matrix property '{a}'", "use: " + ", ".join(MATRIX_PROPERTIES))
            if kind == "vector" and shape[1] != 1 and shape[0] != 1:
                raise InputError(fields["shape"].where, "a vector has one dimension", "write shape: [n]")
            _check_property_shape(assume, shape, fields["assume"].where if assume else None, name)
            return sp.MatrixSymbol(name, *shape), assume
        if kind == "sequence":
            return Sequence(name, *shape), []
        fn = fields["function"].text("function", "write a function name") if "function" in fields else None  # an activation
        if fn is not None and fn not in ACTIVATION_FUNCTIONS:
            raise InputError(fields["function"].where, f"unknown activation function '{fn}'", "use one of " + ", ".join(ACTIVATION_FUNCTIONS) + " or leave it abstract")
        return Activation(name, fn), []

    def no_assumptions(self, assume: list[str], fields: dict[str, Node], kind: str) -> None:
        if assume:
            raise InputError(fields["assume"].where, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} takes no assumptions", "remove `assume`")

    def shape(self, node: Node | None, name: str, where: Location | None = None) -> tuple[sp.Expr, sp.Expr]:
        if node is None:
            raise InputError(where, f"'{name}' needs a shape", "write shape: [n] for a vector, [n, m] for a matrix")
        parts = node.items("shape", "write shape: [n] or [n, m]")
        if len(parts) not in (1, 2):
            raise InputError(node.where, "a shape has one or two dimensions", "write [n] or [n, m]")
        dims = []
        for part in parts:
            d = self.expr(part, what="a dimension")
            if isinstance(d, MatrixExpr) or not (d.is_Integer and d > 0 or d.is_integer and d.is_positive):
                raise InputError(part.where, "a dimension must be a positive integer or a `dimension` symbol", "declare it with `kind: dimension`")
            if d.is_Integer and d > MAX_LITERAL_DIMENSION:
                raise InputError(part.where, f"the dimension {d} is larger than {MAX_LITERAL_DIMENSION}", "use a `dimension` symbol (n: {kind: dimension}) for large sizes")
            dims.append(d)
        return (dims[0], dims[1]) if len(dims) == 2 else (dims[0], sp.Integer(1))

    # ---- definitions
    def definitions_section(self, node: Node) -> list[Definition]:
        out = []
        for name, body in node.mapping("`definitions`", "write `name: expression` lines").items():
            where = node.key_where[name]
            if _INDEXED_KEY.fullmatch(name) or (body.is_map() and "index" in body.value):
                self.indexed.append(self.indexed_definition(name, body, where))
                continue
            self.declare(name, where)
            text, latex = "", None
            if body.is_map():
                body.check_keys(("value", "text", "latex"), f"the definition of '{name}'")
                if "value" not in body.value:
                    raise InputError(where, f"the definition of '{name}' has no value", "add `value: expression`")
                text = body.value["text"].text("text", "write a sentence") if "text" in body.value else ""
                latex = body.value["latex"].text("latex", "write quoted LaTeX") if "latex" in body.value else None
                body = body.value["value"]
            self.defining = name
            value = self.expr(body, what=f"the value of '{name}'")
            self.defining = None
            if isinstance(value, MatrixExpr):
                symbol: Any = sp.MatrixSymbol(name, *value.shape)
            else:
                flags: dict[str, bool] = {"real": True}
                if value.is_positive:
                    flags["positive"] = True
                elif value.is_nonnegative:
                    flags["nonnegative"] = True
                symbol = sp.Symbol(name, **flags)
            self.scope.names[name] = symbol
            if latex:
                self.latex[symbol] = latex
            out.append(Definition(name, symbol, value, text, where, self.shown(value)))
        return out

    def indexed_definition(self, key: str, body: Node, where: Location) -> IndexedDef:
        """``D[k]: value`` (or ``D: {index: k, value: ...}``): an abbreviation with an index parameter,
        unfolded wherever ``D[e]`` is written (k may be a declared index or a new name)."""
        m = _INDEXED_KEY.fullmatch(key)
        name, param = (m.group(1), m.group(2).strip()) if m else (key, "")
        where_param = where.shifted(len(name) + 1) if m else where
        text, latex, value_node = "", None, body
        if body.is_map():
            body.check_keys(("value", "index", "text", "latex"), f"the definition of '{name}'")
            if "value" not in body.value:
                raise InputError(where, f"the definition of '{name}' has no value", "add `value: expression`")
            if "index" in body.value:
                if m:
                    raise InputError(body.value["index"].where, f"the index of '{name}' is given twice ({key} and `index:`)",
                                     f"write either `{key}:` or `{name}: {{index: {param}, value: ...}}`")
                param = body.value["index"].text("index", "write the index's name, e.g. index: k").strip()
                where_param = body.value["index"].where
            text = body.value["text"].text("text", "write a sentence") if "text" in body.value else ""
            latex = body.value["latex"].text("latex", "write quoted LaTeX") if "latex" in body.value else None
            value_node = body.value["value"]
        self.declare(name, where)
        form = _INDEX_FORM.fullmatch(param)
        if form is None:
            raise InputError(where_param, f"'{param}' is not an index of an abbreviation", f"write a name, or a name plus or minus a whole number: {name}[k], {name}[k+1]")
        written, param = param, form.group(1)
        offset = sp.Integer(int(form.group(3)) * (-1 if form.group(2) == "-" else 1)) if form.group(3) else sp.Integer(0)
        if not param.isidentifier() or unicodedata.normalize("NFKC", param) != param or param.startswith("_") or "__" in param or keyword.iskeyword(param):
            raise InputError(where_param, f"'{param}' is not a valid index name", f"write a name, e.g. {name}[k]")
        decl = self.symbols.get(param)
        if decl is not None and decl.kind == "index":
            symbol = decl.obj
        elif param in self.scope.names:
            kind = decl.kind if decl is not None else "definition"
            raise InputError(where_param, f"'{param}' is a declared {kind}, not an index",
                             f"write the abbreviation's index as a declared index or a new name: {name}[j]")
        else:
            symbol = sp.Symbol(param, integer=True)
        self.defining = name
        value = self.expr(value_node, self.scope.with_names({param: symbol}), what=f"the value of '{name}'")
        self.defining = None
        if symbol not in _free(value):
            raise InputError(value_node.where, f"the value of '{name}[{written}]' does not use the index {param}",
                             f"write it as a plain definition `{name}: ...`, or use {param} in the value")
        entry = IndexedDefinition(name, symbol, value, offset)
        self.scope.names[name] = entry
        if latex:
            self.latex[sp.Symbol(name)] = latex
        return IndexedDef(name, symbol, value, text, where, self.shown(value), entry, offset)

    # ---- the file's own lemmas
    def lemmas_section(self, node: Node) -> list[UserLemma]:
        """``lemmas:``: statements the author assumes, each over its own variables (see docs/format.md)."""
        out = []
        for name, body in node.mapping("`lemmas`", "write `name: {statement: ..., variables: {...}, reference: ...}`").items():
            where = node.key_where[name]
            self.check_lemma_name(name, where)
            fields = body.mapping(f"lemma {name}", "write `statement:`, `variables:`, `hypotheses:`, `reference:` and `text:`")
            body.check_keys(("statement", "variables", "hypotheses", "reference", "text"), f"lemma {name}")
            for required, example in (("statement", "statement: \"norm(A.T, inf) == norm(A, 1)\""), ("reference", "reference: \"Horn & Johnson (2013), §5.6\"")):
                if required not in fields:
                    raise InputError(where, f"lemma {name} has no `{required}:`", f"add `{example}`")
            plain, renamed, decls, props, hyps_text = self.lemma_variables(name, fields.get("variables"), where)
            scope = self.scope.with_names({n: decl.obj for n, decl in decls.items()})
            statement = fields["statement"]
            rels = self.relations(statement, scope)
            if len(rels) != 1:
                raise InputError(statement.where, f"the statement of lemma {name} is {len(rels)} relations", "state one relation per lemma (a <= b); split a chained comparison into several lemmas")
            hyps: list[Relation] = []
            sources: list[str] = []
            for text_node in (fields["hypotheses"].items("`hypotheses`", "write a list of relations, e.g. [\"0 <= c\"]") if "hypotheses" in fields else []):
                for rel in self.relations(text_node, scope):
                    hyps.append(rel)
                    sources.append(text_node.value if text_node.is_scalar() else "")
            for var_name, rel_text in hyps_text:
                (rel,) = parse_relations(rel_text, scope)
                hyps.append(rel)
                sources.append(rel_text)
            rel = rels[0]
            used = _free(rel.lhs) | _free(rel.rhs)
            for n, decl in decls.items():
                if decl.obj not in used and not (decl.kind == "dimension" and any(decl.obj in getattr(o.obj, 'shape', ()) for o in decls.values() if o.obj in used)):
                    raise InputError(decl.where, f"lemma {name} declares '{n}', which its statement does not use",
                                     f"remove '{n}' from `variables:` (every variable must occur in the statement, so that an instance binds it)")
            for b in (rel.lhs, rel.rhs):
                if isinstance(b, MatrixExpr):
                    raise InputError(statement.where, f"lemma {name} relates matrices", "state it about norms or other scalars (an equality of matrices is not supported)")
            to_pattern = lambda e: e.xreplace(renamed)  # noqa: E731
            relation = Relation(to_pattern(rel.lhs), rel.rel, to_pattern(rel.rhs))
            variables = tuple((renamed[decl.obj], decl.kind) for decl in sorted(decls.values(), key=lambda x: x.name))
            lemma = UserLemma(
                name, statement.value, relation, [Relation(to_pattern(h.lhs), h.rel, to_pattern(h.rhs)) for h in hyps], variables,
                {renamed[decl.obj]: decl.obj for decl in decls.values()},
                {renamed[plain[n]]: frozenset(p) for n, p in props.items() if p},
                fields["reference"].text("reference", "write where the lemma is proved"),
                fields["text"].text("text", "write a sentence") if "text" in fields else "",
                where, sources, Relation(self.shown(rel.lhs), rel.rel, self.shown(rel.rhs)),
            )
            out.append(lemma)
            self.lemma_names[name] = where
        return out

    def check_lemma_name(self, name: str, where: Location) -> None:
        if not name.isidentifier() or name.startswith("_") or "__" in name:
            raise InputError(where, f"'{name}' is not a valid lemma name", "use letters, digits and single underscores (norm_inf_transpose)")
        if name in BY_NAME:
            raise InputError(where, f"'{name}' is the name of a library lemma ({BY_NAME[name].summary or BY_NAME[name].statement})",
                             f"name your lemma differently, e.g. {name}_mine, or cite the library's {name} without restating it")
        if name in self.premise_ids:
            raise InputError(where, f"'{name}' is both a lemma and a premise id", "give lemmas, premises and chains different names")
        if name in self.chain_ids:
            raise InputError(where, f"'{name}' is both a lemma and a chain id", "give lemmas, premises and chains different names")
        if name in self.lemma_names:
            raise InputError(where, f"lemma '{name}' is stated twice", "give each lemma its own name")

    def lemma_variables(self, lemma: str, node: Node | None, where: Location) -> tuple[dict, dict, dict, dict, list]:
        """A lemma's variables: the objects as written, their pattern twins ('?A'), SymbolDecls, the
        matrix properties they require and the sign hypotheses their scalar assumptions add."""
        if node is None:
            raise InputError(where, f"lemma {lemma} has no `variables:`", "declare the lemma's own names, e.g. `variables: {A: {kind: matrix, shape: [m, m]}, m: dimension}`")
        entries = node.mapping(f"the variables of lemma {lemma}", "write `name: kind` lines, e.g. `A: {kind: matrix, shape: [m, m]}`")
        plain: dict[str, Any] = {}
        renamed: dict[Any, Any] = {}
        decls: dict[str, SymbolDecl] = {}
        props: dict[str, list[str]] = {}
        hyps: list[tuple[str, str]] = []
        order = sorted(entries.items(), key=lambda kv: 0 if (kv[1].value if kv[1].is_scalar() else (kv[1].value.get("kind").value if kv[1].is_map() and kv[1].value.get("kind") is not None and kv[1].value.get("kind").is_scalar() else "")) == "dimension" else 1)
        for vname, decl in order:
            vwhere = node.key_where[vname]
            if not vname.isidentifier() or unicodedata.normalize("NFKC", vname) != vname or vname.startswith("_") or "__" in vname or keyword.iskeyword(vname) or vname in reserved():
                raise InputError(vwhere, f"'{vname}' cannot name a variable of lemma {lemma}", "use a plain name such as A, x, c or m that is not a built-in function")
            if decl.is_scalar():
                decl = Node({"kind": decl}, decl.where, key_where={"kind": decl.where})
            fields = decl.mapping(f"the variable '{vname}' of lemma {lemma}", "write `{kind: ..., shape: [...]}`")
            decl.check_keys(("kind", "shape", "assume"), f"the variable '{vname}' of lemma {lemma}")
            if "kind" not in fields:
                raise InputError(vwhere, f"the variable '{vname}' of lemma {lemma} has no kind", "add `kind:` (dimension, index, scalar, vector or matrix)")
            kind = fields["kind"].text("kind", "write one kind")
            if kind not in MATCH_KIND:
                raise InputError(fields["kind"].where, f"a lemma's variable cannot be of kind '{kind}'", "use dimension, index, scalar, vector or matrix (the lemma may still use the file's activations and sequences by name)")
            assume = [a.text("an assumption", "write a word") for a in fields["assume"].items("`assume`", "write a list such as [positive]")] if "assume" in fields else []
            if kind in ("vector", "matrix"):
                shape = self.lemma_shape(lemma, vname, fields.get("shape"), vwhere, plain)
                for a in assume:
                    if a not in MATRIX_PROPERTIES:
                        raise InputError(fields["assume"].where, f"unknown matrix property '{a}'", "use: " + ", ".join(MATRIX_PROPERTIES))
                if kind == "vector" and 1 not in shape:
                    raise InputError(fields["shape"].where, "a vector has one dimension", "write shape: [m]")
                _check_property_shape(assume, shape, fields["assume"].where if assume else None, vname)
                obj: Any = sp.MatrixSymbol(vname, *shape)
                twin: Any = sp.MatrixSymbol("?" + vname, *[renamed.get(d, d) for d in shape])
                props[vname] = assume
            else:
                if "shape" in fields:
                    raise InputError(fields["shape"].where, f"a {kind} has no shape", "remove `shape:`")
                if kind == "scalar":
                    for a in assume:
                        if a not in SIGN_HYPOTHESES and a != "real":
                            raise InputError(fields["assume"].where, f"unknown assumption '{a}' for a lemma's scalar", "use positive, nonnegative, negative or nonpositive (or a hypothesis)")
                        if a in ("positive", "nonnegative"):
                            hyps.append((vname, f"0 {SIGN_HYPOTHESES[a]} {vname}"))
                        elif a in SIGN_HYPOTHESES:
                            hyps.append((vname, f"{vname} {SIGN_HYPOTHESES[a]} 0"))
                elif assume:
                    raise InputError(fields["assume"].where, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} takes no assumptions", "remove `assume`")
                flags = {"integer": True, "positive": True} if kind == "dimension" else {"integer": True} if kind == "index" else {"real": True}
                obj = sp.Symbol(vname, **flags)
                twin = sp.Symbol("?" + vname, **flags)
            plain[vname] = obj
            renamed[obj] = twin
            decls[vname] = SymbolDecl(vname, kind, obj, None, vwhere, frozenset(props.get(vname, ())))
        return plain, renamed, decls, props, hyps

    def lemma_shape(self, lemma: str, vname: str, node: Node | None, where: Location, plain: dict[str, Any]) -> tuple[Any, Any]:
        """A lemma variable's shape: the lemma's own dimensions and whole numbers (it applies at any size)."""
        if node is None:
            raise InputError(where, f"the variable '{vname}' of lemma {lemma} needs a shape", "write shape: [m, m] with a dimension m declared among the lemma's variables")
        parts = node.items("shape", "write shape: [m] or [m, p]")
        if len(parts) not in (1, 2):
            raise InputError(node.where, "a shape has one or two dimensions", "write [m] or [m, p]")
        dims = []
        for part in parts:
            text = part.text("a dimension", "write a name or a number")
            if text.isdigit() and 0 < int(text) <= MAX_LITERAL_DIMENSION:
                dims.append(sp.Integer(int(text)))
            elif text in plain and plain[text].is_integer and plain[text].is_positive:
                dims.append(plain[text])
            else:
                raise InputError(part.where, f"'{text}' is not a dimension of lemma {lemma}",
                                 f"declare `{text}: dimension` among the lemma's variables (a lemma holds at every size, so its shapes use its own dimensions)" if text.isidentifier() else "write a dimension name or a whole number")
        return (dims[0], dims[1]) if len(dims) == 2 else (dims[0], sp.Integer(1))

    # ---- premises
    def premises_section(self, node: Node) -> list[Premise]:
        out = []
        for pid, body in node.mapping("`premises`", "write `P1: a <= b` lines, or `P1: {claim: ..., text: ...}`").items():
            where = node.key_where[pid]
            text, claim, bound = "", body, {}
            if body.is_map():
                body.check_keys(("claim", "text", "for_all"), f"premise {pid}")
                if "claim" not in body.value:
                    raise InputError(where, f"premise {pid} has no claim", "add `claim: a <= b`")
                claim = body.value["claim"]
                text = body.value["text"].text("text", "write a sentence") if "text" in body.value else ""
                if "for_all" in body.value:
                    bound = self.bound_names(pid, body.value["for_all"])
            rels = self.relations(claim, self.scope.with_names(bound))
            used = set().union(*(_free(r.lhs) | _free(r.rhs) for r in rels))
            for name, sym in bound.items():
                if sym not in used:
                    raise InputError(body.value["for_all"].where, f"premise {pid} binds '{name}' in `for_all`, but its claim does not use it",
                                     f"remove '{name}' from `for_all`, or write the claim in terms of it")
            self.check_not_false(pid, claim, rels, tuple(bound.values()))
            src = claim.value if claim.is_scalar() else ""
            shown = [Relation(self.shown(r.lhs), r.rel, self.shown(r.rhs)) for r in rels]
            out.append(Premise(pid, text, rels, tuple(bound.values()), where, src, shown))
        return out

    def check_not_false(self, pid: str, claim: Node, rels: list[Relation], bound: tuple[sp.Symbol, ...]) -> None:
        """A ``for_all`` premise about its bound names only (``0 <= j``) is decided at a few values: one
        that breaks it makes the premise false, and everything would follow from it."""
        for rel in rels:
            names = _free(rel.lhs) | _free(rel.rhs)
            if not bound or not names or not names <= set(bound) or isinstance(rel.lhs, MatrixExpr):
                continue
            for point in itertools.product(*([sp.Integer(v) for v in (-2, -1, 0, 1, 2)] + ([] if b.is_integer else [sp.Rational(-1, 2), sp.Rational(1, 2)]) for b in bound)):
                at = dict(zip(bound, point))
                holds = sp.Rel(rel.lhs.xreplace(at), rel.rhs.xreplace(at), "==" if rel.rel == "=" else rel.rel)
                if holds == sp.false:
                    where = ", ".join(f"{b} = {v}" for b, v in at.items())
                    raise InputError(claim.where, f"premise {pid} is false for {where}, and `for_all` makes it a claim about every value",
                                     "state it without `for_all`, about the names the chains use (k >= 0)")

    def bound_names(self, pid: str, node: Node) -> dict[str, sp.Symbol]:
        """The names a premise's ``for_all:`` binds: new names (real scalars) or declared indices."""
        bound: dict[str, sp.Symbol] = {}
        for item in node.items("for_all", "write [z]"):
            b = item.text("a bound name", "write a name")
            if not b.isidentifier() or unicodedata.normalize("NFKC", b) != b or b.startswith("_") or "__" in b:
                raise InputError(item.where, f"'{b}' is not a valid name to bind", "write a plain name, e.g. for_all: z")
            if b in bound:
                raise InputError(item.where, f"'{b}' is bound twice in premise {pid}", "name each bound variable once")
            decl = self.symbols.get(b)
            if decl is not None and decl.kind == "index":
                bound[b] = decl.obj
            elif b in self.scope.names:
                kind = decl.kind if decl is not None else "definition"
                raise InputError(item.where, f"'{b}' is a declared {kind}; `for_all` binds new names or declared indices",
                                 "bind a new name (for_all: z); for a premise over every step, bind a declared index (for_all: [j])")
            else:
                bound[b] = sp.Symbol(b, real=True)
        return bound

    def check_premises_usable(self, premises: list[Premise], terms: list[Any], unfold: dict[Any, Any]) -> None:
        """A premise about an index that nothing else mentions can never apply: an input error.

        The index may be pinned by a chain or the conclusion (``terms``), or link the premise to another
        premise (``k <= j``, ``j <= t``); definitions are unfolded first.  Otherwise the file most
        likely means the premise for every value of the index, which is written ``for_all: [j]``."""
        indices = {d.obj for d in self.symbols.values() if d.kind == "index"}

        def mentioned(exprs: list[Any]) -> set:
            return set().union(*(_free(_unfolded(e, unfold)) for e in exprs)) & indices

        elsewhere = mentioned(terms)
        free = {p.id: mentioned([x for r in p.relations for x in (r.lhs, r.rhs)]) - set(p.bound) for p in premises}
        for p in premises:
            others = set().union(*(s for pid, s in free.items() if pid != p.id))
            lonely = sorted(free[p.id] - elsewhere - others, key=str)
            if lonely:
                j = lonely[0]
                raise InputError(
                    p.where,
                    f"premise {p.id} is about the index {j}, which no chain, conclusion or other premise uses, so it can never apply",
                    f"if it holds for every {j}, write it as `{p.id}: {{claim: \"{p.source or '...'}\", for_all: [{j}]}}`; otherwise state it with the index the chains use",
                )

    # ---- chains
    def chains_section(self, node: Node) -> list[Chain]:
        out = []
        seen: set[str] = set()
        items = node.items("`chains`", "write a list of `- id: ..., start: ..., steps: [...]`")
        if not items:
            raise InputError(node.where, "`chains:` is empty", "write at least one chain: `- id: c1`, `start: ...`, `steps: [...]` (see docs/format.md)")
        for i, body in enumerate(items):
            fields = body.mapping("a chain", "write `id:`, `start:` and `steps:`")
            body.check_keys(("id", "text", "start", "steps", "note"), "a chain")
            cid = fields["id"].text("id", "write a name") if "id" in fields else f"chain{i + 1}"
            if cid in seen:
                raise InputError(fields["id"].where if "id" in fields else body.where, f"chain id '{cid}' is used twice", "give each chain its own id")
            if cid in self.premise_ids:
                raise InputError(fields["id"].where, f"'{cid}' is both a premise id and a chain id", "give chains and premises different ids")
            seen.add(cid)
            if "start" not in fields or "steps" not in fields:
                raise InputError(body.where, f"chain {cid} needs `start:` and `steps:`", "write the first term under `start:` and the links under `steps:`")
            # a term that is the identity I as a whole takes its size from the term before it (the start: after it)
            identity_start = is_identity(fields["start"].text("the start of a chain", "write the expression on one line"), self.scope)
            start = None if identity_start else self.expr(fields["start"], what="the start of a chain")
            links = []
            for step in fields["steps"].items("`steps`", "write `- \"<=\": expression` items"):
                links.append(self.link(step, cid, _square_size(links[-1].expr if links else start)))
            if identity_start:
                start = self.expr(fields["start"], what="the start of a chain", identity_size=_square_size(links[0].expr if links else None))
            self.chains_done.add(cid)
            if not links:
                raise InputError(fields["steps"].where, f"chain {cid} has no steps", "add at least one `- \"<=\": ...` step")
            chain = Chain(
                cid,
                fields["text"].text("text", "write a sentence") if "text" in fields else "",
                start,
                links,
                body.where,
                fields["note"].text("note", "write a sentence") if "note" in fields else "",
                fields["start"].value,
                self.shown(start),
            )
            try:
                chain.relation()
            except ValueError:
                first = next(link for link in links if link.rel != "=")
                down = first.rel in (">=", ">")
                bad = next(link for link in links if link.rel != "=" and (link.rel in (">=", ">")) != down)
                raise InputError(
                    bad.where,
                    f"chain {cid} mixes ≤/< with ≥/>: this step is {bad.rel}, the step at line {first.where.line} is {first.rel}",
                    "a chain goes one way: write every link with ≤, < and =, or every link with ≥, > and = (start a new chain for the other direction)",
                ) from None
            self.check_types(chain)
            out.append(chain)
        return out

    def link(self, step: Node, cid: str, identity_size: Any = None) -> Link:
        fields = step.mapping("a step", 'write `- "<=": expression` (quote the relation)')
        rels = [k for k in fields if k in RELATION_KEYS]
        others = [k for k in fields if k not in RELATION_KEYS and k not in ("by", "note")]
        if others:
            raise InputError(step.key_where[others[0]], f"unknown key '{others[0]}' in a step of chain {cid}", 'a step has one relation key ("=", "<=", "<", ">=", ">") and optional `by:` and `note:`')
        if len(rels) != 1:
            raise InputError(step.where, f"a step of chain {cid} needs exactly one relation, found {len(rels)}", 'write `- "<=": expression`')
        key = rels[0]
        by: tuple[str, ...] = ()
        if "by" in fields:
            by = tuple(b.text("a name in `by`", "write lemma names and premise ids") for b in fields["by"].items("`by`", "write a name or a list [P1, lemma]"))
            self.check_by(by, fields["by"], cid)
        note = fields["note"].text("note", "write a sentence") if "note" in fields else ""
        expr = self.expr(fields[key], what="a step", identity_size=identity_size)
        return Link(RELATION_KEYS[key], expr, by, note, step.key_where[key], fields[key].value, step.key_where.get("by"), self.shown(expr))

    def check_types(self, chain: Chain) -> None:
        terms = [chain.start] + [link.expr for link in chain.links]
        for link, (a, b) in zip(chain.links, zip(terms, terms[1:])):
            am, bm = isinstance(a, MatrixExpr), isinstance(b, MatrixExpr)
            if am or bm:
                if link.rel == "=" and am != bm:
                    raise InputError(link.where, "one side of this = is a matrix and the other a scalar", "take norms on both sides: norm(A) = ...")
                if link.rel != "=":
                    raise InputError(link.where, "matrices are not ordered; a chain of inequalities relates scalars", "take norms: norm(A) <= ...")
                if a.shape != b.shape:
                    raise InputError(link.where, f"shape mismatch: {a.shape[0]}×{a.shape[1]} = {b.shape[0]}×{b.shape[1]}", "both sides of = need the same shape")

    # ---- conclusion
    def conclusion_section(self, node: Node) -> Conclusion:
        fields = node.mapping("`conclusion`", "write `claim:` or `tends_to_zero:` with `as:`")
        node.check_keys(("text", "claim", "tends_to_zero", "as", "by"), "the conclusion")
        text = fields["text"].text("text", "write a sentence") if "text" in fields else ""
        by = tuple(b.text("a name", "write names") for b in fields["by"].items("by", "write a list")) if "by" in fields else ()
        if by:
            self.check_by(by, fields["by"], None)
        limit = latex_limit(fields["claim"].value) if "claim" in fields and fields["claim"].is_scalar() else None
        if limit is not None:  # $X \to 0$ as $Y \to \infty$, $\lim_{Y \to \infty} X = 0$
            (x, x_at), (y, y_at) = limit
            expr, grows = self.expr(fields["claim"], text=x, offset=x_at), self.expr(fields["claim"], text=y, offset=y_at)
            if isinstance(expr, MatrixExpr) or isinstance(grows, MatrixExpr):
                raise InputError(fields["claim"].where, "a limit of a matrix, or as a matrix grows, is not supported", "take its norm: \\|…\\| \\to 0 as t - k \\to \\infty")
            return Conclusion(text, node.where, tends_to_zero=expr, as_=grows, by=by)
        if "claim" in fields:
            rels = self.relations(fields["claim"], conjunction=True)
            shown = [Relation(self.shown(r.lhs), r.rel, self.shown(r.rhs)) for r in rels]
            return Conclusion(text, node.where, relation=rels[0], by=by, relations=rels, shown=shown)
        if "tends_to_zero" in fields:
            if "as" not in fields:
                raise InputError(node.where, "`tends_to_zero` needs `as:`, the quantity that goes to infinity", "write `as: t - k`")
            expr = self.expr(fields["tends_to_zero"])
            if isinstance(expr, MatrixExpr):
                raise InputError(fields["tends_to_zero"].where, "a limit of a matrix is not supported", "take its norm: norm(...)")
            grows = self.expr(fields["as"])
            if isinstance(grows, MatrixExpr):
                raise InputError(fields["as"].where, "`as:` is a matrix", "write the scalar quantity that goes to infinity, e.g. t - k")
            return Conclusion(text, node.where, tends_to_zero=expr, as_=grows, by=by)
        raise InputError(node.where, "the conclusion has no claim", "write `claim: a <= b` or `tends_to_zero: expr` with `as: n`")


def _check_property_shape(assume: list[str], shape: tuple, where: Any, name: str) -> None:
    """A property the table (symbound.rules.properties) declares square needs a square matrix; a semi-orthogonal
    one (WᵀW = I) has at least as many rows as columns (checked when both are numbers), else no matrix is one."""
    square = [a for a in assume if MATRIX_PROPERTIES[a].square]
    if square and shape[0] != shape[1]:
        raise InputError(where, f"'{name}' is not square, so it cannot be {square[0]}",
                         "remove the assumption, make it square, or declare it semi_orthogonal (WᵀW = I)")
    rows, cols = (sp.sympify(d) for d in shape)
    if "semi_orthogonal" in assume and (rows - cols).is_negative:
        raise InputError(where, f"'{name}' has fewer rows than columns, so WᵀW = I cannot hold",
                         "a semi-orthogonal matrix is tall or square (shape: [n, m] with n ≥ m); for WWᵀ = I declare its transpose")


def _square_size(term: Any) -> Any:
    """The size a neighbouring identity takes from a chain's term: its side when it is a square matrix."""
    if isinstance(term, MatrixExpr) and term.shape[0] == term.shape[1]:
        return term.shape[0]
    return None


def _free(e: Any) -> set:
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def _unfolded(e: Any, definitions: dict[Any, Any]) -> Any:
    """``e`` with every definition replaced by its value (definitions only refer to earlier ones)."""
    for _ in range(len(definitions) + 1):
        if not isinstance(e, sp.Basic) or not (_free(e) & definitions.keys()):
            return e
        e = e.xreplace(definitions)
    return e


def _further_relations(c: Conclusion, node: Node, taken: set[str]) -> list[Chain]:
    """A conclusion `a <= b and b < 1`: the first relation is the conclusion's own claim, each further
    one is checked as a one-step chain `conclusion_2`, `conclusion_3` ... (so nothing goes unchecked)."""
    out = []
    claim = node.value.get("claim") if node.is_map() else None
    source = claim.value if claim is not None and claim.is_scalar() else ""
    for i, (rel, shown) in enumerate(zip(c.relations[1:], c.shown[1:]), start=2):
        cid = f"conclusion_{i}"
        while cid in taken:
            cid += "_"
        taken.add(cid)
        link = Link(rel.rel, rel.rhs, c.by, "", c.where, source, None, shown.rhs)
        out.append(Chain(cid, f"the conclusion, relation {i}", rel.lhs, [link], c.where, "", source, shown.lhs))
    return out


def read(path: str | Path, symbols: str | Path | None = None) -> Derivation:
    """Read and check a derivation file; raises InputError on any mistake.  A paper's ``.tex`` is read
    as its draft (`symbound import`, with the declarations of the ``symbols`` file), every place in
    the paper or in that file."""
    path = Path(path)
    name = str(path)
    if path.suffix == ".tex":
        from symbound.read.texdraft import drafted

        paper = drafted(path, Path(symbols) if symbols is not None else None)
        root = load(paper.text, name, paper.at)
    else:
        root = load(read_text(path), name)
    if not root.is_map():
        raise InputError(root.where, "a derivation file is a mapping of sections", "start with `symbols:` (see docs/format.md)")
    root.check_keys(TOP_KEYS, "the file")
    r = _Reader(name)
    fields = root.value
    for required in ("symbols", "chains"):
        if required not in fields:
            raise InputError(Location(name, 1, 1), f"the file has no `{required}:` section", f"add `{required}:` (see docs/format.md)")
    r.scope.notation = notation_reader(Notation(r.latex, macros_section(fields["macros"]) if "macros" in fields else {}))
    r.collect_names(fields)
    r.symbols_section(fields["symbols"])
    model = None
    if "model" in fields:
        model = build_model(fields["model"], r)
        r.scope.jacobian = model.jacobian
        r.has_model = True
    definitions = r.definitions_section(fields["definitions"]) if "definitions" in fields else []
    lemmas = r.lemmas_section(fields["lemmas"]) if "lemmas" in fields else []
    premises = r.premises_section(fields["premises"]) if "premises" in fields else []
    chains = r.chains_section(fields["chains"])
    conclusion = r.conclusion_section(fields["conclusion"]) if "conclusion" in fields else None
    terms = [t for c in chains for t in [c.start] + [link.expr for link in c.links]]
    if conclusion is not None:
        terms += [conclusion.tends_to_zero, conclusion.as_] if conclusion.relation is None else [x for rel in conclusion.relations for x in (rel.lhs, rel.rhs)]
    r.check_premises_usable(premises, terms, {d.symbol: d.value for d in definitions})
    if conclusion is not None:
        chains += _further_relations(conclusion, fields["conclusion"], {c.id for c in chains} | set(r.premise_ids))
    text = lambda k: fields[k].text(k, "write a string") if k in fields else ""  # noqa: E731
    return Derivation(name, text("title"), text("source"), text("notes"), r.symbols, r.scope, definitions, model, premises, chains, conclusion, r.latex, r.written, r.indexed, lemmas,
                      str(symbols) if symbols is not None and path.suffix == ".tex" else None)
