"""The meeting file of an import, in kib's own format: schema line, fields in the model's order,
defaults left out, texts as literal blocks, and a seal when the document was signed.

Like `kib new-meeting`, the file is written as text rather than through ruamel.yaml's emitter, whose
character-by-character analysis of long texts would be the slowest step of an import. What is written
is proved instead: the text is read back with kib's own loader and must give the very data that was
meant, or nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.errors import KibError
from kib.record import model

if TYPE_CHECKING:
    from kib.body.people import Directory

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
#: A single-line text YAML 1.1 reads back as that very text when written plain.
PLAIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ\"”“(§][^\n]*$")
PLAIN_KEY = re.compile(r"[A-Za-z_§][\w§ -]*[\w]")
HEX = re.compile(r"[0-9a-f]*[a-f][0-9a-f]*")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
#: Single-line fields that stay quoted whatever they hold (times read as numbers in YAML 1.1).
QUOTED_FIELDS = {"time", "paragraphs", "id", "sha256"}
INDENT = "  "


def _clean(text: str) -> str:
    return CONTROL.sub("", text)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default or MISSING) of each field of a model class, in order: the same for every object."""
    return tuple((f.name, _default(f)) for f in dataclasses.fields(cls))


def plain_data(value: Any) -> Any:
    """The model object as the plain data kib's loader reads from the file: defaults left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, default in _fields(type(value)):
            item = getattr(value, name)
            if default is not dataclasses.MISSING and item == default:
                continue
            out[name] = plain_data(item)
        return out
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, str):
        return _clean(value)
    return value


def scalar(value: Any, key: str) -> str:
    """One single-line scalar: plain when YAML 1.1 reads it back unchanged, else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    if HEX.fullmatch(text) and not text.startswith(("0b", "0x")):
        return text  # a short fingerprint: hexadecimal with a letter is never a number in YAML 1.1
    if (
        key not in QUOTED_FIELDS
        and PLAIN.match(text)
        and not text.startswith(('"', "”"))
        and text.casefold() not in YAML_WORDS
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _literal(text: str, indent: str) -> list[str]:
    """A literal block: '|' keeps one final line break, '|-' none, '|+' several."""
    body = text.rstrip("\n")
    ends = len(text) - len(body)
    chomp = "-" if ends == 0 else "" if ends == 1 else "+"
    first = body.split("\n", 1)[0]
    indicator = str(len(INDENT)) if first.startswith(" ") else ""
    lines = [f"|{indicator}{chomp}"]
    lines += [f"{indent}{line}" if line else "" for line in body.split("\n")]
    lines += [""] * max(ends - 1, 0)
    return lines


def emit(data: Any, indent: str = "") -> list[str]:
    """YAML lines of plain data in kib's layout (lists indented under their key, '- ' items)."""
    out: list[str] = []
    for key, value in data.items():
        k = key if PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
        if isinstance(value, dict):
            if not value:
                out.append(f"{indent}{k}: {{}}")
                continue
            out.append(f"{indent}{k}:")
            out += emit(value, indent + INDENT)
        elif isinstance(value, list):
            if not value:
                out.append(f"{indent}{k}: []")
                continue
            out.append(f"{indent}{k}:")
            for item in value:
                if isinstance(item, dict):
                    inner = emit(item, indent + INDENT * 2)
                    first = inner[0][len(indent + INDENT * 2) :]
                    out.append(f"{indent}{INDENT}- {first}")
                    out += inner[1:]
                elif isinstance(item, str) and "\n" in item:
                    block = _literal(item, indent + INDENT * 2)
                    out.append(f"{indent}{INDENT}- {block[0]}")
                    out += block[1:]
                else:
                    out.append(f"{indent}{INDENT}- {scalar(item, key)}".rstrip())
        elif isinstance(value, str) and "\n" in value:
            block = _literal(value, indent + INDENT)
            out.append(f"{indent}{k}: {block[0]}")
            out += block[1:]
        else:
            out.append(f"{indent}{k}: {scalar(value, key)}".rstrip())
    return out


def meeting_text(
    meeting: model.Meeting,
    folder: Path,
    comment: list[str],
    members: model.MembersFile | None = None,
    directory: Directory | None = None,
) -> tuple[str, Any]:
    """The YAML text of `meeting` for a file in `folder`, sealed when it is signed (with the record of
    what it prints from `members`, whose `directory` the importer has already, as `kib sign` keeps it),
    with the loaded file (kib's own loader) that proves it reads back as meant."""
    from kib.body.scaffold import schema_reference
    from kib.body.signed_record import take_record
    from kib.record.seal import fingerprint, sealed_parts
    from kib.timeline.sealing import with_rule

    data = plain_data(meeting)
    if meeting.signed is not None:
        if members is not None:
            data["signed"]["record"] = take_record(members, meeting, directory)
        with_rule(data["signed"])
        # the seal is computed on the data exactly as kib check will read it back (verified below)
        data["signed"]["fingerprint"] = fingerprint(data)
        data["signed"]["parts"] = sealed_parts(data)
    head = [f"# yaml-language-server: $schema={schema_reference(folder)}", *(f"# {c}" for c in comment)]
    text = "\n".join([*head, *emit(data)]) + "\n"
    return text, verify(data, text, folder / f"{meeting.date.isoformat()}.yaml")


def verify(data: dict[str, Any], text: str, where: Path) -> Any:
    """The text must read back, with kib's own loader, as exactly the data meant; the loaded file."""
    from kib.record.store import load_text

    loaded = load_text(where, text, model.Meeting)
    back = loaded.raw
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise KibError(f"the imported meeting would not load ({errors[0].message}); please report this", file=where)
    if back != data:
        wrong = next((k for k in data if back.get(k) != data[k]), "a field") if isinstance(back, dict) else "the file"
        raise KibError(f"the imported meeting's {wrong} would not read back unchanged; please report this", file=where)
    return loaded
