"""The ``lemmas:`` section: statements the author assumes, each over its own variables (docs/format.md,
*lemmas*), read into ``UserLemma`` objects whose variables are pattern twins ('?A')."""

from __future__ import annotations

import keyword
import unicodedata
from typing import Any, Callable

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import InputError, Location
from symbound.ops import reserved
from symbound.read.document import MAX_LITERAL_DIMENSION, SymbolDecl, check_property_shape, free_names
from symbound.read.source import Node
from symbound.read.syntax import Relation, parse_relations
from symbound.read.userlemmas import MATCH_KIND, SIGN_HYPOTHESES, UserLemma
from symbound.rules import BY_NAME
from symbound.rules.properties import PROPERTIES as MATRIX_PROPERTIES


class LemmasSection:
    """The reader's part for ``lemmas:`` (a mixin of the derivation reader: it uses its scope, ``relations``,
    ``shown`` and the ids already declared)."""

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
            used = free_names(rel.lhs) | free_names(rel.rhs)
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
                check_property_shape(assume, shape, fields["assume"].where if assume else None, vname)
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
        def dimension(part: Node) -> Any:
            text = part.text("a dimension", "write a name or a number")
            if text.isdigit() and 0 < int(text) <= MAX_LITERAL_DIMENSION:
                return sp.Integer(int(text))
            if text in plain and plain[text].is_integer and plain[text].is_positive:
                return plain[text]
            raise InputError(part.where, f"'{text}' is not a dimension of lemma {lemma}",
                             f"declare `{text}: dimension` among the lemma's variables (a lemma holds at every size, so its shapes use its own dimensions)" if text.isidentifier() else "write a dimension name or a whole number")

        return read_shape(node, where, (f"the variable '{vname}' of lemma {lemma} needs a shape",
                                        "write shape: [m, m] with a dimension m declared among the lemma's variables"), "[m] or [m, p]", dimension)


def read_shape(node: Node | None, where: Location | None, missing: tuple[str, str], written: str,
               dimension: Callable[[Node], Any]) -> tuple[Any, Any]:
    """A declared shape, [n] (an n×1 vector) or [n, m], each dimension read by ``dimension``; ``missing``: the
    error (what, instead) when there is no shape, ``written``: the forms the error messages suggest."""
    if node is None:
        raise InputError(where, *missing)
    parts = node.items("shape", f"write shape: {written}")
    if len(parts) not in (1, 2):
        raise InputError(node.where, "a shape has one or two dimensions", f"write {written}")
    dims = [dimension(part) for part in parts]
    return (dims[0], dims[1]) if len(dims) == 2 else (dims[0], sp.Integer(1))
