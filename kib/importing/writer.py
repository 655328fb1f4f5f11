"""The meeting file of an import, in kib's own format: schema line, fields in the model's order,
defaults left out, texts as literal blocks, and a seal when the document was signed.

The text is written with ruamel.yaml and read back with kib's own loader before it is written, so a
file that would not read back as the same meeting is never written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from .. import model
from ..errors import KibError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~", ""}
#: Single-line fields that stay quoted whatever they hold (times read as numbers in YAML 1.1).
QUOTED_FIELDS = {"time", "paragraphs", "id", "sha256"}


def _clean(text: str) -> str:
    return CONTROL.sub("", text)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def to_yaml_data(value: Any, key: str = "") -> Any:
    """The model object as ruamel round-trip data, defaults left out."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = CommentedMap()
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            required = _default(f) is dataclasses.MISSING
            if not required and item == _default(f):
                continue
            out[f.name] = to_yaml_data(item, f.name)
        return out
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[str(k)] = to_yaml_data(v, key)
        return out
    if isinstance(value, list):
        return CommentedSeq([to_yaml_data(v, key) for v in value])
    if isinstance(value, str):
        text = _clean(value)
        if "\n" in text:
            if not text.endswith("\n"):
                text += "\n"
            return LiteralScalarString(text)
        if (
            key in QUOTED_FIELDS
            or text.casefold() in YAML_WORDS
            or re.fullmatch(r"[\d.:+\-_ eE]+", text)
            or text != text.strip()
            or re.search(r"^[\[\]{}!&*>|%@`'\",#?:-]|: | #|:$", text)
        ):
            return DoubleQuotedScalarString(text)
        return text
    return value


def dump(data: Any) -> str:
    from ..edit import round_trip_yaml

    stream = io.StringIO()
    yaml = round_trip_yaml()
    yaml.representer.ignore_aliases = lambda *_: True  # the same date twice is written twice, never as an alias
    yaml.dump(data, stream)
    return stream.getvalue()


def meeting_text(meeting: model.Meeting, folder: Path, comment: list[str]) -> str:
    """The YAML text of `meeting` for a file in `folder`, sealed when it is signed."""
    from ..scaffold import schema_reference
    from ..signing import fingerprint, sealed_parts
    from ..yamlio import parse

    data = to_yaml_data(meeting)
    head = [f"# yaml-language-server: $schema={schema_reference(folder)}", *(f"# {c}" for c in comment)]
    text = "\n".join(head) + "\n" + dump(data)
    where = folder / f"{meeting.date.isoformat()}.yaml"
    raw = parse(text, where)
    if meeting.signed is not None:
        signed = data["signed"]
        signed["fingerprint"] = fingerprint(raw)
        from ruamel.yaml.comments import CommentedMap

        signed["parts"] = CommentedMap(sealed_parts(raw))
        text = "\n".join(head) + "\n" + dump(data)
    verify(meeting, text, where)
    return text


def verify(meeting: model.Meeting, text: str, where: Path) -> None:
    """The text must load, without errors, as this very meeting."""
    from ..store import load_text

    loaded = load_text(where, text, model.Meeting)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise KibError(f"the imported meeting would not load ({errors[0].message}); please report this", file=where)
    back = loaded.value
    for name in ("date", "paragraphs", "attendees", "attachments"):
        if _plain(getattr(back, name)) != _plain(getattr(meeting, name)):
            raise KibError(f"the imported meeting's {name} would not read back unchanged; please report this", file=where)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str):
        return _clean(value).rstrip("\n")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
