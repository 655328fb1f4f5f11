"""What `kib deadlines` needs of each meeting, kept in the body's scan cache (`.kib-cache/timeline.json`).

Parsing and converting a meeting file costs about a millisecond; a municipality's thousands of
meetings would make every `kib deadlines` take seconds. So, as for the uppdrag register (kib.index),
every file is still read and hashed, and the few facts the timeline needs (dates, signatures, the
notice, the justerare, which paragraphs were justerade omedelbart) are taken from the cache when the
hash matches. Those facts are turned back into a (thin) model.Meeting, so the rules in `signers` and
`status` run on cached and parsed meetings alike. A file with problems is never cached.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    from .. import model
    from ..store import BodyDir

CACHE_FILE = "timeline.json"
#: Bump when what is cached changes (the digest of this file also keys the cache).
FORMAT = 1


def scan(body: BodyDir) -> tuple[list[model.Meeting], list[Problem]]:
    """Every meeting of the body that loads cleanly (cached facts or parsed), and each broken file's first error."""
    from ..index import Cache, content_key, read_bytes
    from ..store import load_meeting_safely

    cache = Cache(body.path)
    doc = cache.read(CACHE_FILE)
    source = _source_key()
    files = doc.get("files") if doc.get("source") == source else None
    old: dict[str, Any] = files if isinstance(files, dict) else {}
    new: dict[str, Any] = {}
    meetings: list[model.Meeting] = []
    problems: list[Problem] = []
    changed = False
    for path in body.meeting_paths():
        data = read_bytes(path)
        key = content_key(data) if data is not None else None
        entry = old.get(path.name)
        if key is not None and isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            try:
                meetings.append(decode(entry[1]))
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                pass
            else:
                new[path.name] = entry
                continue
        changed = True
        loaded = load_meeting_safely(body, path, data)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if loaded.value is None or errors:
            problems.append(errors[0] if errors else Problem(path, None, None, "error", "cannot be read"))
            continue
        meetings.append(loaded.value)
        if key is not None:
            new[path.name] = [key, encode(loaded.value)]
    if changed or len(new) != len(old):
        cache.write(CACHE_FILE, {"source": source, "files": new})
    return meetings, problems


def _source_key() -> str:
    from ..index import content_key

    try:
        return f"{FORMAT}/{content_key(Path(__file__).read_bytes())}"
    except OSError:
        return str(FORMAT)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def encode(meeting: model.Meeting) -> list[Any]:
    """The facts the timeline needs, as JSON."""
    signed = meeting.signed
    return [
        meeting.date.isoformat(),
        meeting.presiding,
        meeting.countersigner.name if meeting.countersigner else None,
        [v.name for v in meeting.verifiers],
        None
        if signed is None
        else [signed.date.isoformat(), [[s.role, s.name, s.date.isoformat()] for s in signed.signatures]],
        None if meeting.announced is None else [meeting.announced.date.isoformat(), meeting.announced.by],
        [[p.number, p.verified_at_meeting] for p in meeting.paragraphs],
    ]


def decode(value: Any) -> model.Meeting:
    """A thin Meeting from `encode`'s facts; any shape error raises (the file is then parsed again)."""
    from .. import model

    day, presiding, countersigner, verifiers, signed, announced, paragraphs = value
    return model.Meeting(
        date=_date(day),
        presiding=_text(presiding),
        countersigner=model.Countersigner(name=_str(countersigner)) if countersigner is not None else None,
        verifiers=[model.Verifier(name=_str(v)) for v in verifiers],
        signed=None
        if signed is None
        else model.Signed(
            date=_date(signed[0]),
            signatures=[model.Signature(role=_role(r), name=_str(n), date=_date(d)) for r, n, d in signed[1]],
        ),
        announced=None if announced is None else model.Announced(date=_date(announced[0]), by=_text(announced[1])),
        paragraphs=[model.Paragraph(number=_int(n), title="", verified_at_meeting=_bool(v)) for n, v in paragraphs],
    )


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("str")
    return value


def _text(value: Any) -> str | None:
    return None if value is None else _str(value)


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(_str(value))


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("int")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("bool")
    return value


def _role(value: Any) -> Any:
    if value not in ("secretary", "chair", "verifier"):
        raise ValueError("role")
    return value
