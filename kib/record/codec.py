"""One generic codec between kib's dataclasses and JSON, for what kib keeps in its caches.

Driven by the dataclass fields and their type hints, like the loader (`kib.record.convert`), so a field added
to the model is cached without further code. Encoding leaves out fields that hold their default.
Decoding is strict: a value of the wrong shape or type, an unknown key or a missing required key
raises `Invalid`, so that a damaged or foreign cache entry is ignored rather than believed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")
Decoder = Callable[..., Any]


#: What JSON holds as it is.
_PLAIN = frozenset((str, int, bool, float, type(None)))


class Invalid(ValueError):
    """A value that does not fit the type it is decoded as."""


def encode(value: Any, leave_out: tuple[str, ...] = ()) -> Any:
    """`value` as JSON-able data: dataclasses as objects (without default fields, and without the fields
    `leave_out` names, which the caller gives again when decoding), dates as ISO text."""
    if type(value) in _PLAIN:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        defaults = _defaults(type(value))
        out = {}
        for f in dataclasses.fields(value):
            if f.name in leave_out:
                continue
            item = getattr(value, f.name)
            if f.name in defaults and item == defaults[f.name]:
                continue
            out[f.name] = encode(item)
        return out
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def decode(tp: type[T], data: Any, **given: Any) -> T:
    """The `tp` that `encode` turned into `data`; raises Invalid when `data` does not fit. Fields `given`
    here (those `encode` left out) are taken as they are."""
    if given:
        if type(data) is not dict or not given.keys().isdisjoint(data):
            raise Invalid("given fields are in the data too")
        data = {**data, **{name: _GIVEN for name in given}}
        return decoder(tp)(data, given)  # type: ignore[no-any-return]
    return decoder(tp)(data)  # type: ignore[no-any-return]


#: Marks a field the caller of `decode` gives.
_GIVEN = object()


_DEFAULTS: dict[type, dict[str, Any]] = {}
_DECODERS: dict[Any, Decoder] = {}


def _defaults(cls: type) -> dict[str, Any]:
    """Each optional field's default value (factories called once)."""
    if cls not in _DEFAULTS:
        found = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                found[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                found[f.name] = f.default_factory()
        _DEFAULTS[cls] = found
    return _DEFAULTS[cls]


def decoder(tp: Any) -> Decoder:
    """A function decoding JSON data into `tp`, made once per type."""
    if tp not in _DECODERS:
        _DECODERS[tp] = _make_decoder(tp)
    return _DECODERS[tp]


def _exact(kind: type) -> Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise Invalid(f"expected {kind.__name__}")
        return value

    return check


def _date(value: Any) -> dt.date:
    if not is_iso_date(value):
        raise Invalid("expected a date")
    return dt.date.fromisoformat(value)


def is_iso_date(value: Any) -> bool:
    """What the loader reads as a date where a date or a text may stand (see kib.record.convert)."""
    if type(value) is not str or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _fits(tp: Any) -> Callable[[Any], bool]:
    """Whether a value is meant as `tp` among the options of a union, in the order the loader tries them."""
    origin = get_origin(tp)
    if tp is dt.date:
        return is_iso_date
    if tp in (str, int, bool):
        return lambda value: type(value) is tp
    if origin is list or origin is tuple:
        return lambda value: type(value) is list
    if origin is dict or dataclasses.is_dataclass(tp):
        return lambda value: type(value) is dict
    if origin is Literal:
        return lambda value: value in get_args(tp)
    return lambda value: True


def _make_decoder(tp: Any) -> Decoder:
    origin = get_origin(tp)
    if tp in (str, int, bool):
        return _exact(tp)
    if tp is Any:
        return lambda value: value
    if tp is dt.date:
        return _date
    if tp is Path:
        return lambda value: Path(_exact(str)(value))
    if origin is Literal:
        allowed = get_args(tp)

        def literal(value: Any) -> Any:
            if value not in allowed or type(value) is not type(allowed[0]):
                raise Invalid("not an allowed value")
            return value

        return literal
    if origin in (Union, types.UnionType):
        options = [(_fits(o), decoder(o)) for o in get_args(tp) if o is not type(None)]
        optional = type(None) in get_args(tp)

        def union(value: Any) -> Any:
            if value is None and optional:
                return None
            for fits, decode_option in options:
                if fits(value):
                    return decode_option(value)
            raise Invalid("fits no option")

        return union
    if origin is list or origin is tuple:
        args = get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            raise TypeError(f"kib.record.codec handles tuple[X, ...] only, not {tp!r}")
        item = decoder(args[0])
        make = list if origin is list else tuple

        def sequence(value: Any) -> Any:
            if type(value) is not list:
                raise Invalid("expected a list")
            return make(item(v) for v in value)

        return sequence
    if origin is dict:
        key_tp, value_tp = get_args(tp)
        if key_tp is not str:
            raise TypeError(f"kib.record.codec handles dict[str, X] only, not {tp!r}")
        item = decoder(value_tp)

        def mapping(value: Any) -> Any:
            if type(value) is not dict:
                raise Invalid("expected an object")
            return {k: item(v) for k, v in value.items()}

        return mapping
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)  # type: ignore[arg-type]
    raise TypeError(f"kib.record.codec cannot handle {tp!r}")  # a bug in the model, not in the data


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    names = frozenset(f.name for f in fields)
    required = frozenset(f.name for f in fields if f.name not in _defaults(cls))
    # filled in at first use, so that a class may refer to itself
    parts: dict[str, Decoder] = {}

    def instance(value: Any, given: dict[str, Any] | None = None) -> Any:
        if type(value) is not dict:
            raise Invalid(f"expected {cls.__name__}")
        if not names.issuperset(value) or not required.issubset(value):
            raise Invalid(f"keys of {cls.__name__}")
        if not parts:
            parts.update((f.name, decoder(hints[f.name])) for f in fields)
        if given:
            return cls(**{name: given[name] if item is _GIVEN else parts[name](item) for name, item in value.items()})
        return cls(**{name: parts[name](item) for name, item in value.items()})

    return instance
