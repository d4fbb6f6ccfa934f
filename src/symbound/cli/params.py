"""Plain coercion of command-line values, so that a command's start-up does not build pydantic models.

Recent typer releases coerce every parameter of the invoked command through a pydantic
``TypeAdapter``, built on first use: importing pydantic and building the models costs about 0.1 s of
CPU a call, more than the rest of the command line.  Symbound's parameters are plain (``str``, ``bool``,
``int``, ``float``, ``Path``, ``Optional`` of those, ``list[Path]``, an optional lower bound), so
``lighten`` gives each such parameter of an already built click command a converter written here.
Anything else, or a typer without these internals, keeps typer's own coercion: the fallback is
slower, never different in what it accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Union, get_args, get_origin

TRUE = {"1", "true", "t", "yes", "y", "on"}
FALSE = {"", "0", "false", "f", "no", "n", "off"}
PATH_DEFAULTS = {"exists": False, "file_okay": True, "dir_okay": True, "writable": False, "readable": True,
                 "resolve_path": False, "allow_dash": False, "path_type": None}


def _bool(value: str) -> bool:
    text = value.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError("Input should be a valid boolean")


def _number(kind: type) -> Callable[[str], Any]:
    what = "an integer" if kind is int else "a number"

    def convert(value: str) -> Any:
        try:
            return kind(value.strip())
        except ValueError:
            raise ValueError(f"Input should be a valid {'integer' if kind is int else 'number'}, "
                             f"unable to parse string as {what}") from None

    return convert


def _converter(annotation: Any, info: Any) -> tuple[Callable[[str], Any], bool] | None:
    """The converter of one value and whether the parameter takes a list; None when not plain."""
    many = get_origin(annotation) is list
    if many:
        (annotation,) = get_args(annotation)
    if get_origin(annotation) is Union:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
    if getattr(info, "parser", None) is not None or getattr(info, "clamp", False):
        return None
    if annotation is str:
        return str, many
    if annotation is bool:
        return _bool, many
    if annotation in (int, float):
        return _number(annotation), many
    if annotation is Path and all(getattr(info, k, v) == v for k, v in PATH_DEFAULTS.items()):
        return Path, many
    return None


def lighten(command: Any) -> Any:
    """Give every plain parameter of ``command`` (and of its subcommands) the converters above; returns ``command``."""
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:  # another typer: it keeps its own coercion
        return command

    @dataclass(frozen=True)
    class Plain(RuntimeParam):  # type: ignore[misc, valid-type]
        convert: Callable[[str], Any] = str
        many: bool = False
        low: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                out = [self.convert(v) if isinstance(v, str) else v for v in value] if self.many else (
                    self.convert(value) if isinstance(value, str) else value)
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None
            if self.low is not None and not self.many and out < self.low:
                raise BadParameter(f"Input should be greater than or equal to {self.low}", ctx=ctx, param=param)
            return out

    def plain(param: Any) -> Any:
        if param is None:
            return None
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None or descriptor.file_annotation is not None:
            return param
        info = descriptor.parameter_info
        found = _converter(descriptor.annotation, info)
        if found is not None and getattr(info, "max", None) is None:
            param._runtime_param = Plain(parameter_info=info, annotation=descriptor.annotation,
                                         convert=found[0], many=found[1], low=getattr(info, "min", None))
        return param

    for cmd in [command, *getattr(command, "commands", {}).values()]:
        for param in getattr(cmd, "params", []):
            plain(param)
        help_option = getattr(cmd, "get_help_option", None)
        if help_option is not None:  # made on first use: lighten it then
            cmd.get_help_option = lambda ctx, made=help_option: plain(made(ctx))
    return command
