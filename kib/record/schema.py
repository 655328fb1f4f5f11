"""JSON Schemas of the data files, generated from `kib.record.model` so they can never drift from the loader.

The shipped copies in kib/schemas/ let an editor (VS Code with the YAML extension) validate and
complete a file as the secretary types; a test checks that they equal what this module generates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from . import model

#: Every file kib reads, by schema name: a dataclass of the model, or a mapping or list of them.
SCHEMAS: dict[str, Any] = {
    "members": model.MembersFile,
    "meeting": model.Meeting,
    "schedule": model.ScheduleFile,
    "school_holidays": model.SchoolHolidaysFile,
    "conflicts": model.ConflictList,
}
#: What a file whose top level is a mapping or a list holds (a dataclass says it in its docstring).
ROOT_DOCS = {
    "school_holidays": "school_holidays.yaml: each year (e.g. 2009) with its school holidays, which replace that "
    "year's Stockholm-county defaults.",
    "conflicts": "A YAML conflict list: other bodies' meetings, one item each.",
}
BASE_URL = "https://kib.invalid/schemas/"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is type(None):
        return {"type": "null"}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(get_args(tp)[1], defs)}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs) for a in get_args(tp)]}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__  # type: ignore[union-attr]
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(tp, defs)  # type: ignore[arg-type]
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {tp!r}")


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for f in dataclasses.fields(cls):
        schema = _type_schema(hints[f.name], defs)
        doc = f.metadata.get("doc")
        if doc:
            schema = {**schema, "description": doc}
        if f.default is not dataclasses.MISSING and f.default is not None:
            schema["default"] = f.default
        props[f.name] = schema
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = required
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    return out


def schema_for(tp: Any, name: str) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    if dataclasses.is_dataclass(tp):
        root = _object_schema(tp, defs)  # type: ignore[arg-type]
    else:
        root = _type_schema(tp, defs)
        if get_origin(tp) is dict:  # the keys are years
            root["propertyNames"] = {"pattern": "^[0-9]{4}$"}
        root["description"] = ROOT_DOCS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URL}{name}.schema.json",
        "title": f"kib {name} file",
        **root,
        "$defs": defs,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    return {name: schema_for(cls, name) for name, cls in SCHEMAS.items()}


def render_schema(name: str) -> str:
    return json.dumps(schema_for(SCHEMAS[name], name), ensure_ascii=False, indent=2, default=str) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    from .edit import atomic_write

    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        atomic_write(path, render_schema(name))
        written.append(path)
    return written
