"""Reading a derivation file safely: bounded size, safe YAML, every value with its line and column.

The YAML is read as PyYAML's event stream (its safe parser; no tag is ever resolved or constructed,
so no object is built from the file) and turned into located nodes in one pass: aliases are refused
(no "billion laughs"), explicit tags are refused, duplicate keys are an error, depth and the number of
values are bounded as they are read, and every value keeps its place in the file for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from symbound.errors import InputError, Location

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
    # True when the scalar's text maps one to one onto a single line of the file (no escapes but
    # a single-quoted string's '', no folding), so a column inside the text is a column in the file
    exact: bool = True
    doubled: tuple[int, ...] = ()  # the offsets in the text of a ' written '' (each one column more in the file)

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
                if _unclosed(key) < 0:  # the rest of an expression that a comma split (`{value: f(a,\n b)}`)
                    raise InputError(where, f"unknown key '{key}' in {what}: the value before it was cut at a comma",
                                     "quote the expression (value: \"f(a, b)\") or write it on one line")
                raise InputError(where, f"unknown key '{key}' in {what}", "allowed keys: " + ", ".join(allowed))

    def expr_location(self) -> Location:
        """Where the text of a scalar starts (past an opening quote)."""
        return self.where.shifted(1) if self.quoted else self.where

    def at(self, offset: int) -> Location:
        """The place of the character ``offset`` of a scalar's text (its start when the text spans lines)."""
        return self.expr_location().shifted(offset + sum(1 for d in self.doubled if d < offset)) if self.exact else self.expr_location()


def _doubled_quotes(raw: str, value: str) -> tuple[int, ...]:
    """Where ``value`` has a ' that the single-quoted ``raw`` writes '' (empty when ``raw`` is not ``value`` so written)."""
    out, i = [], 0
    for j, ch in enumerate(value):
        if raw[i : i + 2] == "''" and ch == "'":
            out.append(j)
            i += 2
        elif raw[i : i + 1] == ch:
            i += 1
        else:
            return ()
    return tuple(out) if i == len(raw) else ()


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


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


@dataclass
class _Frame:
    node: Node
    key: str | None = None
    key_where: Location | None = None


def load(text: str, name: str, origins: Callable[[int, int], Location] | None = None) -> Node:
    """Compose YAML text into located nodes, refusing aliases, tags, duplicate keys and huge trees.

    The nodes are built straight from PyYAML's event stream in one pass, so every limit (aliases,
    depth, number of values, explicit tags) is enforced as soon as the offending value is read,
    before any more of the file is processed.  Implicit YAML types are not resolved: every scalar
    stays a string (``2013-02-16`` is text, not a date).  ``origins`` maps a line and column of ``text``
    to where it came from (a draft's terms to the paper's .tex); by default, ``name`` at that place.
    """
    at = origins or (lambda line, col: Location(name, line, col))
    if not text.strip():
        raise InputError(at(1, 1), "the file is empty", "start from docs/format.md (symbols:, chains:, ...)")
    root: Node | None = None
    stack: list[_Frame] = []
    count = 0
    documents = 0
    try:
        for event in _rejoined(yaml.parse(text, Loader=yaml.SafeLoader), text):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(
                    at(event.start_mark.line + 1, event.start_mark.column + 1),
                    f"YAML alias '*{event.anchor}' is not allowed",
                    "write the value out where it is used",
                )
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise InputError(at(event.start_mark.line + 1, event.start_mark.column + 1), "a second YAML document starts here", "keep one document per file (no '---' separators)")
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                continue
            where = at(event.start_mark.line + 1, event.start_mark.column + 1)
            count += 1
            if count > MAX_NODES:
                raise InputError(where, f"the file has more than {MAX_NODES} values", "split the derivation into smaller files")
            if len(stack) > MAX_DEPTH:
                raise InputError(where, "the YAML is nested too deeply", f"nest at most {MAX_DEPTH} levels")
            tag = event.tag
            if tag is not None and tag != "!" and tag not in PLAIN_TAGS:
                raise InputError(where, f"YAML tag '{tag}' is not allowed", "remove the tag; write plain values")
            if isinstance(event, yaml.ScalarEvent):
                quoted = event.style in ("'", '"')
                span = event.end_mark.index - event.start_mark.index
                doubled = _doubled_quotes(text[event.start_mark.index + 1 : event.end_mark.index - 1], event.value) if event.style == "'" else ()
                exact = event.style in (None, "'", '"') and event.start_mark.line == event.end_mark.line and span == len(event.value) + 2 * quoted + len(doubled)
                node = Node(event.value, where, quoted=quoted, exact=exact, doubled=doubled)
            else:
                node = Node([] if isinstance(event, yaml.SequenceStartEvent) else {}, where)
            if stack:
                frame = stack[-1]
                if frame.node.is_list():
                    frame.node.value.append(node)
                elif frame.key is None:
                    if not node.is_scalar():
                        raise InputError(where, "a key must be a plain name", "write `name: value`")
                    key = node.value
                    if key in frame.node.value:
                        first = frame.node.key_where[key]
                        raise InputError(where, f"duplicate key '{key}' (first at line {first.line})", "give each key once")
                    frame.key, frame.key_where = key, where
                    continue
                else:
                    frame.node.value[frame.key] = node
                    frame.node.key_where[frame.key] = frame.key_where  # type: ignore[assignment]
                    frame.key = None
            else:
                root = node
            if not node.is_scalar():
                stack.append(_Frame(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark.line + 1, mark.column + 1) if mark else at(1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        opened = exc.context_mark
        if exc.problem and exc.context and opened and mark and (opened.line, opened.column) != (mark.line, mark.column):
            problem += f" ({exc.context} that starts at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        hint = "indent with spaces, not tabs" if "\\t" in problem or "\t" in problem else "fix the YAML syntax here (see docs/format.md)"
        if "flow" in (exc.context or ""):
            hint = "inside `{...}` or `[...]` a value ends at `,` `[` `]` `{` `}`: quote the expression, e.g. {value: \"norm(x[k], 2)\"}"
        raise InputError(where, f"YAML syntax error: {problem}", hint) from None
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(at(line, col), f"the control character U+{code:04X} is not allowed in YAML", "delete it (YAML files are printable text)") from None
    except yaml.YAMLError as exc:
        raise InputError(at(1, 1), f"YAML error: {exc}", "fix the YAML syntax (see docs/format.md)") from None
    except RecursionError:  # pragma: no cover - the event parser is not recursive
        raise InputError(at(1, 1), "the YAML is nested too deeply", f"nest at most {MAX_DEPTH} levels") from None
    if root is None:
        raise InputError(at(1, 1), "the file has no content, only comments", "write the sections symbols:, chains:, ... (see docs/format.md)")
    return root


def _unclosed(value: str) -> int:
    """How many more '(' than ')' a piece of an expression has."""
    return value.count("(") - value.count(")")


def _rejoined(events: Iterator[Any], text: str) -> Iterator[Any]:
    """PyYAML's events, with plain values that a comma inside parentheses split put back together.

    Inside a flow collection a plain value ends at ',': ``{value: norm(V, fro)}`` reads as the value
    ``norm(V`` and a key ``fro)`` without a value, ``[f(a, b)]`` as two items.  A plain value (or list
    item) with an unclosed '(' is joined with the plain pieces that follow it (keys without a value
    in a mapping, items in a list) until its parentheses close, and takes the file's text of that
    span.  A span over several lines is left split (and then reported, with the hint to quote it)."""
    # one entry per open collection: [is a flow mapping or list, is a mapping, next child is a key]
    stack: list[list[bool]] = []
    ahead: list[Any] = []

    def pull() -> Any:
        return ahead.pop() if ahead else next(events, None)

    def plain(event: Any) -> bool:
        return isinstance(event, yaml.ScalarEvent) and event.style is None and event.tag is None

    while True:
        event = pull()
        if event is None:
            return
        frame = stack[-1] if stack else None
        if frame and frame[0] and not (frame[1] and frame[2]) and plain(event) and _unclosed(event.value) > 0:
            consumed: list[Any] = []  # every event read past the first piece, in order
            last = event
            while _unclosed(text[event.start_mark.index:last.end_mark.index]) > 0:
                piece = pull()
                consumed.append(piece)
                if not plain(piece):
                    break
                if frame[1]:  # a key, then its missing value: an empty plain scalar
                    empty = pull()
                    consumed.append(empty)
                    if not (plain(empty) and empty.value == "" and empty.start_mark.index == empty.end_mark.index):
                        break
                last = piece
            raw = text[event.start_mark.index:last.end_mark.index]
            if last is not event and "\n" not in raw and _unclosed(raw) == 0:
                event = yaml.ScalarEvent(event.anchor, event.tag, event.implicit, raw, event.start_mark, last.end_mark, event.style)
            else:
                ahead += reversed(consumed)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([bool(event.flow_style), isinstance(event, yaml.MappingStartEvent), True])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
        if isinstance(event, (yaml.ScalarEvent, yaml.SequenceEndEvent, yaml.MappingEndEvent)) and stack and stack[-1][1]:
            stack[-1][2] = not stack[-1][2]  # a key or a value is complete
        yield event


def iter_located(node: Node) -> Iterator[Node]:
    yield node
    if node.is_list():
        for n in node.value:
            yield from iter_located(n)
    elif node.is_map():
        for n in node.value.values():
            yield from iter_located(n)
