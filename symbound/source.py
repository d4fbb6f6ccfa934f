"""Reading a derivation file safely: bounded size, safe YAML, every value with its line and column.

The YAML is composed into nodes by PyYAML's safe machinery (no tags are constructed, so no object is
ever built from the file), aliases are refused (no "billion laughs"), duplicate keys are an error, and
every value keeps its place in the file for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import InputError, Location

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


@dataclass
class Node:
    """A YAML value (str, list of Node, or dict of str -> Node) and where it starts."""

    value: Any
    where: Location
    quoted: bool = False
    key_where: dict[str, Location] = field(default_factory=dict)

    # ---- typed access with messages a user can act on
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def is_scalar(self) -> bool:
        return isinstance(self.value, str)

    def mapping(self, what: str, instead: str) -> dict[str, "Node"]:
        if not self.is_map():
            raise InputError(self.where, f"{what} must be a mapping (key: value lines)", instead)
        return self.value

    def items(self, what: str, instead: str) -> list["Node"]:
        if self.is_list():
            return self.value
        if self.is_scalar() and self.value.strip():
            return [self]
        raise InputError(self.where, f"{what} must be a list", instead)

    def text(self, what: str, instead: str) -> str:
        if not self.is_scalar():
            raise InputError(self.where, f"{what} must be a single value, not a {'list' if self.is_list() else 'mapping'}", instead)
        return self.value

    def get(self, key: str) -> "Node | None":
        return self.value.get(key) if self.is_map() else None

    def check_keys(self, allowed: tuple[str, ...], what: str) -> None:
        for key, where in self.key_where.items():
            if key not in allowed:
                raise InputError(where, f"unknown key '{key}' in {what}", "allowed keys: " + ", ".join(allowed))

    def expr_location(self) -> Location:
        """Where the text of a scalar starts (past an opening quote)."""
        return self.where.shifted(1) if self.quoted else self.where


def _loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def read_text(path: Path) -> str:
    """The file's text, refusing what is too large, binary or not UTF-8."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(Location(name, 1, 1), f"cannot read the file ({exc.strerror})", "check the path") from None
    if path.is_dir():
        raise InputError(Location(name, 1, 1), "this is a folder, not a derivation file", "name a .yaml file")
    if size > MAX_FILE_BYTES:
        raise InputError(
            Location(name, 1, 1),
            f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            "split the derivation into smaller files",
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError(Location(name, 1, 1), "the file contains NUL bytes (binary data, not YAML)", "give a UTF-8 YAML text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(Location(name, line, col), f"byte 0x{data[exc.start]:02x} is not valid UTF-8", "save the file as UTF-8") from None


def load(text: str, name: str) -> Node:
    """Compose YAML text into located nodes, refusing aliases, tags, duplicate keys and huge trees."""
    if not text.strip():
        raise InputError(Location(name, 1, 1), "the file is empty", "start from `symbound init FILE` or docs/format.md")
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(
                    _loc(name, event.start_mark),
                    f"YAML alias '*{event.anchor}' is not allowed",
                    "write the value out where it is used",
                )
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _loc(name, mark) if mark else Location(name, 1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        hint = "indent with spaces, not tabs" if "\\t" in problem or "\t" in problem else "fix the YAML syntax here (see docs/format.md)"
        raise InputError(where, f"YAML syntax error: {problem}", hint) from None
    except yaml.YAMLError as exc:
        raise InputError(Location(name, 1, 1), f"YAML error: {exc}", "fix the YAML syntax (see docs/format.md)") from None
    except RecursionError:
        raise InputError(Location(name, 1, 1), "the YAML is nested too deeply", f"nest at most {MAX_DEPTH} levels") from None
    if len(roots) != 1 or roots[0] is None:
        raise InputError(Location(name, 1, 1), f"expected one YAML document, found {len(roots)}", "keep one document per file (no '---' separators)")
    budget = [MAX_NODES]
    return _convert(roots[0], name, 0, budget)


def _convert(node: yaml.Node, name: str, depth: int, budget: list[int]) -> Node:
    where = _loc(name, node.start_mark)
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(where, f"the file has more than {MAX_NODES} values", "split the derivation into smaller files")
    if depth > MAX_DEPTH:
        raise InputError(where, "the YAML is nested too deeply", f"nest at most {MAX_DEPTH} levels")
    if node.tag not in PLAIN_TAGS:
        raise InputError(where, f"YAML tag '{node.tag}' is not allowed", "remove the tag; write plain values")
    if isinstance(node, yaml.ScalarNode):
        return Node(node.value, where, quoted=node.style in ("'", '"'))
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(n, name, depth + 1, budget) for n in node.value], where)
    out: dict[str, Node] = {}
    keys: dict[str, Location] = {}
    for knode, vnode in node.value:
        kwhere = _loc(name, knode.start_mark)
        if not isinstance(knode, yaml.ScalarNode):
            raise InputError(kwhere, "a key must be a plain name", "write `name: value`")
        key = knode.value
        if key in out:
            raise InputError(kwhere, f"duplicate key '{key}' (first at line {keys[key].line})", "give each key once")
        keys[key] = kwhere
        out[key] = _convert(vnode, name, depth + 1, budget)
    return Node(out, where, key_where=keys)


def iter_located(node: Node) -> Iterator[Node]:
    yield node
    if node.is_list():
        for n in node.value:
            yield from iter_located(n)
    elif node.is_map():
        for n in node.value.values():
            yield from iter_located(n)
