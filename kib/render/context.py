"""The fields a Word template can use, computed from the meeting and members.yaml.

Everything a template prints is prepared here as plain text (Swedish dates, "kl 17.00–19.00", the
lines of the Beslutande list), so a secretary restyling a template never needs logic beyond loops and
`if`. The field names are the template's public interface: they are listed in kib/templates/README.md
and a template that names anything else fails with that name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model
from ..errors import KibError
from ..people import Directory
from ..swedish import capitalised, long_date, paragraph_range, parse_time, parse_time_range, weekday_date


@dataclass
class Sources:
    """What every document is made from."""

    members: model.MembersFile
    members_path: Path
    meeting: model.Meeting
    meeting_path: Path

    def __post_init__(self) -> None:
        self.directory = Directory(self.members)

    @property
    def info(self) -> model.Body:
        return self.members.body


def clock(t: dt.time) -> str:
    """'8.00', '17.30': hours without a leading zero, as the minutes print them."""
    return f"{t.hour}.{t.minute:02d}"


def time_span(text: str, where: Path) -> str:
    """'17.00–19.00' from '17.00-19.00'; a malformed time names the file it came from."""
    try:
        start, end = parse_time_range(text)
    except KibError as exc:
        raise KibError(exc.message, file=where) from None
    return f"{clock(start)}–{clock(end)}"


def _format_field(template: str, fields: dict[str, str], what: str, where: Path) -> str:
    """Fill `{name}` fields without str.format (a user's format string must not reach attributes)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fields:
            known = ", ".join("{" + k + "}" for k in fields)
            raise KibError(f"{what} uses the unknown field {{{name}}}; known fields: {known}", file=where)
        return fields[name]

    return re.sub(r"\{(\w*)\}", fill, template)


def paragraph_label(fmt: str, number: int, where: Path) -> str:
    """'5.' or '§ 10' from the paragraph_format of the meeting or the body."""
    return _format_field(fmt, {"number": str(number)}, "paragraph_format", where)


def full_name(directory: Directory, name: str | None) -> str:
    """The name as members.yaml spells it when the text uses a short form; else as written."""
    if not name:
        return ""
    person = directory.get(name)
    return person.name if person else name


def beslutande(src: Sources) -> list[str]:
    """'Jan-Eric Jansson (kd), 1:e v ordförande', '… (m), till kl 18.15', '…, tjänstgör för X'."""
    lines = []
    for attendee in src.meeting.attendees.members:
        person = src.directory.get(attendee.name)
        name = person.name if person else attendee.name
        parts = [f"{name} ({person.party})" if person and person.party else name]
        role = person.role if person and person.kind == "member" else None
        short = model.ROLE_SHORT.get(role or "", "")
        if short and not (attendee.serving_for and role == "ersättare"):
            parts.append(short)
        if attendee.serving_for:
            parts.append(f"tjänstgör för {full_name(src.directory, attendee.serving_for)}")
        if attendee.attendance:
            parts.append(attendee.attendance)
        lines.append(", ".join(parts))
    return lines


def ovriga(src: Sources) -> list[str]:
    """'Lennart Jonasson, stadsdirektör' (title from the meeting, else from members.yaml), '…, § 13'."""
    lines = []
    for other in src.meeting.attendees.others:
        person = src.directory.get(other.name)
        name = person.name if person else other.name
        title = other.title or (person.title if person else None)
        parts = [name] + ([title] if title else []) + ([other.attendance] if other.attendance else [])
        lines.append(", ".join(parts))
    return lines


def absent(src: Sources) -> list[str]:
    lines = []
    for a in src.meeting.attendees.absent:
        person = src.directory.get(a.name)
        name = person.name if person else a.name
        label = f"{name} ({person.party})" if person and person.party else name
        lines.append(f"{label}, {a.reason}" if a.reason else label)
    return lines


def paragraphs_text(text: str | None, numbers: list[int]) -> str:
    """'Paragrafer 5–6' or 'Paragraf 13' from the countersigner's range (default: the whole meeting)."""
    span = (text or "").strip() or paragraph_range(numbers)
    if not span:
        return ""
    span = re.sub(r"\s*-\s*", "–", span)
    span = re.sub(r"^§+\s*", "", span)
    several = bool(re.search(r"[–,]|\boch\b", span))
    return f"{'Paragrafer' if several else 'Paragraf'} {span}"


def signing_text(src: Sources) -> str:
    """'Torsdag den 29 mars, kl 8.00' (and the place when given), or the printed wording as recorded."""
    appointment = src.meeting.signing
    if appointment is None:
        return ""
    if appointment.text:
        return appointment.text
    parts = []
    if appointment.date:
        parts.append(capitalised(weekday_date(appointment.date, year=appointment.date.year != src.meeting.date.year)))
    if appointment.time:
        try:
            parts.append(f"kl {clock(parse_time(appointment.time))}")
        except KibError as exc:
            raise KibError(exc.message, file=src.meeting_path) from None
    if appointment.place:
        parts.append(appointment.place)
    return ", ".join(parts)


def statement(src: Sources) -> str:
    """The signed statement: as recorded at signing, else members.yaml's wording filled in."""
    signed = src.meeting.signed
    if signed is None:
        return ""
    if signed.statement:
        return signed.statement
    info = src.info
    fields = {
        "body": info.genitive or f"{info.name}s",
        "date": long_date(signed.date),
        "reports_to": info.reports_to,
    }
    return _format_field(info.signed_statement, fields, "body.signed_statement", src.members_path)


def presiding(src: Sources) -> str:
    """Who signs as ordförande: the recorded presiding member, else the body's ordförande."""
    if src.meeting.presiding:
        return full_name(src.directory, src.meeting.presiding)
    chair = src.directory.chair
    return chair.name if chair else ""


def place_time(src: Sources) -> tuple[str, str, str]:
    """(place, '17.00–19.00', 'Nacka Stadshus kl 17.00–19.00') with members.yaml's defaults."""
    place = src.meeting.place or src.info.place
    raw_time = src.meeting.time or src.info.time
    where = src.meeting_path if src.meeting.time else src.members_path
    span = time_span(raw_time, where) if raw_time else ""
    both = " ".join(x for x in (place, f"kl {span}" if span else "") if x)
    return place, span, both


def common(src: Sources) -> dict[str, Any]:
    """Fields every document has: the heading block, the meeting's date, time and place, who signs."""
    info = src.info
    meeting = src.meeting
    secretary = src.directory.secretary
    numbers = [p.number for p in meeting.paragraphs]
    place, span, both = place_time(src)
    signed = meeting.signed
    return {
        "organisation": info.organisation,
        "heading_lines": list(info.heading_lines),
        "document_title": info.document_title,
        "body_name": info.name,
        "body_short": info.short_name or "",
        "body_genitive": info.genitive or f"{info.name}s",
        "reports_to": info.reports_to,
        "date": long_date(meeting.date),
        "date_iso": meeting.date.isoformat(),
        "weekday_date": weekday_date(meeting.date),
        "year": str(meeting.date.year),
        "place": place,
        "time": span,
        "place_time": both,
        "paragraph_range": paragraph_range(numbers),
        "secretary": secretary.name if secretary else "",
        "secretary_title": (secretary.title or "sekreterare") if secretary else "sekreterare",
        "chair": presiding(src),
        "signed": signed is not None,
        "signed_date": long_date(signed.date) if signed else "",
        "statement": statement(src),
    }


def minutes(src: Sources) -> dict[str, Any]:
    """Fields of the minutes (signing copy or signed)."""
    meeting = src.meeting
    numbers = [p.number for p in meeting.paragraphs]
    cs = meeting.countersigner
    amendments = []
    if meeting.signed:
        from ..signing import printed_amendments

        for a in printed_amendments(meeting.signed):
            amendments.append(
                {
                    "date": long_date(a.date),
                    "by": full_name(src.directory, a.by),
                    "reason": a.reason,
                    "changed": ", ".join(a.changed),
                }
            )
    return {
        **common(src),
        "beslutande": beslutande(src),
        "ovriga": ovriga(src),
        "absent": absent(src),
        "countersigner": full_name(src.directory, cs.name) if cs else "",
        "countersigner_paragraphs": paragraphs_text(cs.paragraphs, numbers) if cs else "",
        "signing_text": signing_text(src),
        "amendments": amendments,
    }


def agenda(src: Sources, actions: list[Any]) -> dict[str, Any]:
    """Fields of the notice and agenda; `actions` are the register's open uppdrag due by the meeting."""
    fmt = src.meeting.paragraph_format or src.info.paragraph_format
    items = [
        {
            "number": str(p.number),
            "label": paragraph_label(fmt, p.number, src.meeting_path),
            "title": p.title,
            "presenter": full_name(src.directory, p.presenter),
            "dnr": p.dnr or "",
        }
        for p in src.meeting.paragraphs
    ]
    follow_up = [
        {
            "id": a.id,
            "owner": a.owner,
            "task": a.task,
            "given": f"{long_date(a.meeting)} § {a.paragraph}",
            "due": long_date(a.due) if a.due else "",
        }
        for a in actions
    ]
    secretary = src.directory.secretary
    forhinder = src.info.forhinder_to or (f"sekreteraren {secretary.name}" if secretary else "")
    return {
        **common(src),
        "weekday_date_cap": capitalised(weekday_date(src.meeting.date)),
        "items": items,
        "actions": follow_up,
        "forhinder_to": forhinder,
    }


def extract(src: Sources, paragraph: model.Paragraph) -> dict[str, Any]:
    """Fields of a certified extract of one paragraph."""
    fmt = src.meeting.paragraph_format or src.info.paragraph_format
    return {
        **common(src),
        "paragraph_label": paragraph_label(fmt, paragraph.number, src.meeting_path),
        "paragraph_title": paragraph.title,
        "paragraph_number": str(paragraph.number),
        "dnr": paragraph.dnr or "",
    }
