"""Turning parsed YAML into the dataclasses of `kib.record.model`, collecting every problem with its key path.

One generic walker over the dataclass type hints replaces hand-written validation: a field added to
the model is checked, documented in the schema and loaded without further code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from .yamlio import PathKey

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class FieldProblem:
    """A problem at a key path inside one document; the caller adds file and line."""

    path: PathKey
    message: str
    severity: str = "error"
    #: For a number where a text belongs: the advice to quote it, with the number as Python reads it
    #: ("8.0"); the loader puts in the digits as written in the file ("08.00") when it has the source.
    quote: str | None = None

    def full(self, written: str | None = None) -> str:
        """The message, with the advice to quote `written` (or the value as read) when it applies."""
        if self.quote is None:
            return self.message
        return f'{self.message}; put it in quotes: "{written or self.quote}"'


class _Collector:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, path: PathKey, message: str, quote: str | None = None) -> None:
        self.problems.append(FieldProblem(path, message, quote=quote))


_HINTS: dict[Any, dict[str, Any]] = {}
_FIELDS: dict[Any, tuple[dataclasses.Field[Any], ...]] = {}


def _hints(cls: Any) -> dict[str, Any]:
    """Type hints of a model class, resolved once (they are strings under `from __future__ import annotations`)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def fields_of(cls: Any) -> tuple[dataclasses.Field[Any], ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = dataclasses.fields(cls)
    return _FIELDS[cls]


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if tp is type(None):
        return "nothing"
    if tp is str:
        return "a text"
    if tp is int:
        return "a whole number"
    if tp is bool:
        return "true or false"
    if tp is dt.date:
        return "a date (YYYY-MM-DD)"
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return str(tp)


Converter = Callable[[Any, PathKey, _Collector], Any]
_CONVERTERS: dict[Any, Converter] = {}


def _convert(tp: Any, value: Any, path: PathKey, out: _Collector) -> Any:
    return _converter(tp)(value, path, out)


def _converter(tp: Any) -> Converter:
    """The function converting a parsed value into `tp`, made once per type (thousands of files share them)."""
    if tp not in _CONVERTERS:
        _CONVERTERS[tp] = _make_converter(tp)
    return _CONVERTERS[tp]


def _to_str(value: Any, path: PathKey, out: _Collector) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        out.add(path, f"expected a text, found the number {value!r}", quote=str(value))
    else:
        out.add(path, f"expected a text, found {_describe(value)}")
    return ""


def _to_bool(value: Any, path: PathKey, out: _Collector) -> Any:
    if isinstance(value, bool):
        return value
    out.add(path, f"expected true or false, found {_describe(value)}")
    return False


def _to_int(value: Any, path: PathKey, out: _Collector) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    out.add(path, f"expected a whole number, found {_describe(value)}")
    return 0


def _to_date(value: Any, path: PathKey, out: _Collector) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    out.add(path, f"expected a date written YYYY-MM-DD, found {_describe(value)}")
    return dt.date(1900, 1, 1)


def _make_converter(tp: Any) -> Converter:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        optional = type(None) in options
        real = [o for o in options if o is not type(None)]
        if len(real) == 1:
            only = _converter(real[0])

            def one_option(value: Any, path: PathKey, out: _Collector) -> Any:
                return None if value is None and optional else only(value, path, out)

            return one_option
        tried = [(o, _converter(o)) for o in real]

        def union(value: Any, path: PathKey, out: _Collector) -> Any:
            if value is None and optional:
                return None
            for option, convert_option in tried:
                if _fits(option, value):
                    return convert_option(value, path, out)
            out.add(path, f"expected {_type_name(tp)}, found {_describe(value)}")
            return None

        return union
    if tp is Any:
        return lambda value, path, out: value
    simple = {str: _to_str, bool: _to_bool, int: _to_int, dt.date: _to_date}
    if tp in simple:
        return simple[tp]
    if origin is Literal:
        allowed = get_args(tp)

        def literal(value: Any, path: PathKey, out: _Collector) -> Any:
            if value in allowed:
                return value
            near = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            out.add(path, f"expected one of {', '.join(repr(a) for a in allowed)}, found {value!r}{hint}")
            return allowed[0]

        return literal
    if origin is list:
        (item_tp,) = get_args(tp)
        item = _converter(item_tp)

        def sequence(value: Any, path: PathKey, out: _Collector) -> Any:
            if value is None:
                return []
            if not isinstance(value, list):
                out.add(path, f"expected a list, found {_describe(value)}")
                return []
            return [item(v, (*path, i), out) for i, v in enumerate(value)]

        return sequence
    if origin is dict:
        _key_tp, value_tp = get_args(tp)
        item = _converter(value_tp)

        def mapping(value: Any, path: PathKey, out: _Collector) -> Any:
            if value is None:
                return {}
            if not isinstance(value, dict):
                out.add(path, f"expected a mapping, found {_describe(value)}")
                return {}
            return {str(k): item(v, (*path, k), out) for k, v in value.items()}

        return mapping
    if dataclasses.is_dataclass(tp):
        return lambda value, path, out: _convert_dataclass(tp, value, path, out)  # type: ignore[arg-type]
    raise TypeError(f"kib.record.convert cannot handle {tp!r}")  # a bug in the model, not in the data


def _fits(tp: Any, value: Any) -> bool:
    origin = get_origin(tp)
    if tp is str:
        return isinstance(value, str)
    if tp is dt.date:
        return isinstance(value, dt.date) or (isinstance(value, str) and _is_iso_date(value))
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is list:
        return isinstance(value, list)
    if origin is dict or dataclasses.is_dataclass(tp):
        return isinstance(value, dict)
    return True


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (quote yes/no/on/off if you mean the word)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


_PLANS: dict[Any, tuple[frozenset[str], list[tuple[str, Converter, bool, Any, str]]]] = {}


def _plan(cls: Any) -> tuple[frozenset[str], list[tuple[str, Converter, bool, Any, str]]]:
    """A dataclass's field names, and for each field its converter, whether it is required, its type and doc."""
    if cls not in _PLANS:
        hints = _hints(cls)
        fields = fields_of(cls)
        _PLANS[cls] = (
            frozenset(f.name for f in fields),
            [
                (
                    f.name,
                    _converter(hints[f.name]),
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                    hints[f.name],
                    f.metadata.get("doc", ""),
                )
                for f in fields
            ],
        )
    return _PLANS[cls]


def _convert_dataclass(cls: type[T], value: Any, path: PathKey, out: _Collector) -> T | None:
    if not isinstance(value, dict):
        out.add(
            path,
            f"expected a mapping with keys such as {', '.join(f.name for f in fields_of(cls)[:3])}, found {_describe(value)}",
        )
        return _default_instance(cls)
    names, plan = _plan(cls)
    for key in value:
        if key not in names:
            near = difflib.get_close_matches(str(key), sorted(names), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; allowed keys: {', '.join(sorted(names))}"
            out.add((*path, key), f"unknown key {key!r}{hint}")
    kwargs: dict[str, Any] = {}
    for name, convert_field, required, tp, doc in plan:
        if name in value:
            kwargs[name] = convert_field(value[name], (*path, name), out)
        elif required:
            out.add(path, f"missing required key {name!r}: {doc}")
            kwargs[name] = _placeholder(tp)
    return cls(**kwargs)


def _placeholder(tp: Any) -> Any:
    if tp is str:
        return ""
    if tp is int:
        return 0
    if tp is dt.date:
        return dt.date(1900, 1, 1)
    if dataclasses.is_dataclass(tp):
        return _default_instance(tp)  # type: ignore[arg-type]
    return None


def _default_instance(cls: type[T]) -> T:
    hints = _hints(cls)
    kwargs = {
        f.name: _placeholder(hints[f.name])
        for f in fields_of(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return cls(**kwargs)


def convert(cls: type[T], data: Any) -> tuple[T, list[FieldProblem]]:
    """Build `cls` from parsed YAML; never raises for bad data, returns the problems instead."""
    out = _Collector()
    result = _convert_dataclass(cls, data, (), out)
    assert result is not None
    return result, out.problems
