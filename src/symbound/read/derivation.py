"""A derivation file, read into typed objects (``symbound.read.document``): symbols, definitions, model,
premises (``symbound.read.premises``), the file's lemmas (``symbound.read.filelemmas``), chains, conclusion.

The format is documented in docs/format.md.  Every mistake is an ``InputError`` with file, line,
column and what to write instead.
"""

from __future__ import annotations

import difflib
import keyword
import re
import unicodedata
from pathlib import Path
from typing import Any

import sympy as sp
from sympy.core.facts import InconsistentAssumptions
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import ExprError, InputError, Location
from symbound.read.document import (MODEL_CITATION, Chain, Conclusion, Definition, Derivation, IndexedDef, Link,
                                     SymbolDecl, check_property_shape, free_names, unfolded)
from symbound.read.filelemmas import LemmasSection
from symbound.read.premises import PremisesSection
from symbound.read.shapes import ShapesSection
from symbound.read.notation import notation_reader
from symbound.read.texmacros import Notation, latex_limit, macros_section
from symbound.rules import BY_NAME
from symbound.read.model import build_model
from symbound.ops import GREEK, KNOWN, reserved
from symbound.read.source import Node, load, read_text
from symbound.read.syntax import Activation, DimensionFamily, IndexedDefinition, Relation, Scope, Sequence, is_identity, parse_expr, parse_relations, parse_relations_written, parse_written
from symbound.rules.properties import PROPERTIES as MATRIX_PROPERTIES

RELATION_KEYS = {"=": "=", "==": "=", "<=": "<=", "≤": "<=", "<": "<", ">=": ">=", "≥": ">=", ">": ">",
                 r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">=", r"\lt": "<", r"\gt": ">"}
KINDS = ("dimension", "scalar", "index", "vector", "matrix", "sequence", "activation")
SCALAR_ASSUMPTIONS = ("positive", "nonnegative", "negative", "nonpositive", "integer", "real")
ACTIVATION_FUNCTIONS = tuple(KNOWN)  # the concrete activations (symbound.ops.activations)
_INDEXED_KEY = re.compile(r"(\w+)\[([^\[\]]*)\]")  # D[j], D[k+1]
_INDEX_FORM = re.compile(r"\s*(\w+)\s*(?:([+-])\s*(\d{1,4})\s*)?")  # j, k + 1, t - 1: a name and a whole offset
TOP_KEYS = ("title", "source", "notes", "macros", "symbols", "definitions", "model", "lemmas", "premises", "chains", "conclusion")


# ---------------------------------------------------------------- reading


class _Reader(LemmasSection, PremisesSection, ShapesSection):
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
        self.values: dict[Any, Any] = {}  # each definition read so far: its symbol → its value

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
        self.check_inverses(node, value)
        return value

    def relations(self, node: Node, scope: Scope | None = None, conjunction: bool = False, text: str | None = None) -> list[Relation]:
        """The relations a claim states (``text``: a leading part of the node's text, in its place)."""
        text = text if text is not None else node.text("a claim", "write a relation such as `a <= b`")
        try:
            rels = parse_relations(text, scope or self.scope, conjunction)
        except ExprError as exc:
            raise self.located(node, exc) from None
        for rel, shown in zip(rels, parse_relations_written(text, scope or self.scope)):
            self.twin(rel.lhs, shown.lhs)
            self.twin(rel.rhs, shown.rhs)
            self.check_inverses(node, rel.lhs, rel.rhs)
        return rels

    def check_inverses(self, node: Node, *terms: Any) -> None:
        """An inverse of a matrix that is 0 once the definitions are unfolded (inv(D) with D: B - B) is an input error
        (the parser refuses inv(B - B) itself; sympy cannot even hold the inverse of 0 as a term)."""
        for term in terms:
            for inverse in term.atoms(sp.Inverse) if isinstance(term, sp.Basic) else ():
                if isinstance(sp.MatAdd(unfolded(inverse.args[0], self.values)).doit(), sp.ZeroMatrix):
                    raise InputError(node.where, f"the inverse of {self.shown(inverse.args[0])}, which is the zero matrix once the definitions are unfolded",
                                     "invert a matrix that is not 0")

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
            decl.check_keys(("kind", "shape", "assume", "latex", "text", "function", "indexed"), f"the declaration of '{name}'")
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
                key = sp.Symbol(name) if isinstance(obj, (Sequence, Activation, DimensionFamily)) else obj
                self.latex[key] = latex

    def make_symbol(self, name: str, kind: str, fields: dict[str, Node], assume: list[str], kind_node: Node, where: Location | None = None) -> tuple[Any, list[str]]:
        if kind not in KINDS:  # before any advice that takes the word for a kind ("a matrx has no shape")
            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.5)
            raise InputError(kind_node.where, f"unknown kind '{kind}'", (f"did you mean '{close[0]}'? The kinds: " if close else "use ") + ", ".join(KINDS))
        if kind not in ("vector", "matrix", "sequence") and "shape" in fields:
            raise InputError(fields["shape"].where, f"a {kind} has no shape", "remove `shape:` (only vectors, matrices and sequences have one)")
        if kind != "activation" and "function" in fields:
            raise InputError(fields["function"].where, f"only an activation has a `function:`, '{name}' is a {kind}", "remove `function:`")
        if "indexed" in fields and kind != "dimension":
            raise InputError(fields["indexed"].where, f"only a dimension can be indexed, '{name}' is a {kind}",
                             "remove `indexed:` (a family of matrices is `kind: sequence`; a family of widths is `{kind: dimension, indexed: true}`)")
        param = None
        if kind in ("vector", "matrix", "sequence"):
            shape, param = self.shape(fields.get("shape"), name, where or kind_node.where, kind == "sequence")
        if kind == "dimension" and self.indexed_flag(fields.get("indexed")):
            self.no_assumptions(assume, fields, kind)
            return DimensionFamily(name), []
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
        if kind in ("vector", "matrix", "sequence"):  # a sequence's properties hold of every element
            for a in assume:
                if a not in MATRIX_PROPERTIES:
                    raise InputError(fields["assume"].where, f"unknown matrix property '{a}'", "use: " + ", ".join(MATRIX_PROPERTIES))
            if kind == "vector" and shape[1] != 1 and shape[0] != 1:
                raise InputError(fields["shape"].where, "a vector has one dimension", "write shape: [n]")
            check_property_shape(assume, shape, fields["assume"].where if assume else None, name, kind == "sequence")
            return (Sequence(name, *shape, param) if kind == "sequence" else sp.MatrixSymbol(name, *shape)), assume
        fn = fields["function"].text("function", "write a function name") if "function" in fields else None  # an activation
        if fn is not None and fn not in ACTIVATION_FUNCTIONS:
            raise InputError(fields["function"].where, f"unknown activation function '{fn}'", "use one of " + ", ".join(ACTIVATION_FUNCTIONS) + " or leave it abstract")
        return Activation(name, fn), []

    def no_assumptions(self, assume: list[str], fields: dict[str, Node], kind: str) -> None:
        if assume:
            raise InputError(fields["assume"].where, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} takes no assumptions", "remove `assume`")

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
            self.values[symbol] = value
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
        if symbol not in free_names(value):
            raise InputError(value_node.where, f"the value of '{name}[{written}]' does not use the index {param}",
                             f"write it as a plain definition `{name}: ...`, or use {param} in the value")
        entry = IndexedDefinition(name, symbol, value, offset)
        self.scope.names[name] = entry
        if latex:
            self.latex[sp.Symbol(name)] = latex
        return IndexedDef(name, symbol, value, text, where, self.shown(value), entry, offset)

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


def _square_size(term: Any) -> Any:
    """The size a neighbouring identity takes from a chain's term: its side when it is a square matrix."""
    if isinstance(term, MatrixExpr) and term.shape[0] == term.shape[1]:
        return term.shape[0]
    return None


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
