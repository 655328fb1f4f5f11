"""The fields a Word template can use, each declared once with its description where it is computed.

Everything a template prints is prepared here as plain text (Swedish dates, "kl 17.00–19.00", the
lines of the Beslutande list), so a secretary restyling a template never needs logic beyond loops and
`if`. The field names are the template's public interface: `FIELDS` lists them with their
descriptions, kib/templates/README.md is generated from it (tools/template_fields.py), and a template
that names anything else fails with that name. Fixed wording (row labels, "Beslut") comes from the
`labels` field, one dict from kib.body.vocabulary, so each kind of body gets its own words from the same
templates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kib.body.people import Directory
from kib.errors import KibError
from kib.record import model
from kib.swedish import capitalised, long_date, paragraph_range, parse_time, parse_time_range, weekday_date

NBSP = "\u00a0"

#: Wording the running text and the draft marker need beyond kib.body.vocabulary's labels of the body's kind.
LABELS: dict[str, str] = {
    "draft": "Utkast – inte den justerade versionen",
    "action": "Uppdrag",
    "due": "senast",
    "amendment": "Rättelse",
}


_DEFAULT_STATEMENT: str = model.Body.__dataclass_fields__["signed_statement"].default  # type: ignore[assignment]

#: How the parts a seal names are called in the documents.
PART_NAMES = {
    "header": "sidhuvudets uppgifter",
    "signed statement": "justeringen",
    "record": "uppgifterna om ledamöter och tjänstemän",
    "pictures": "bilagornas bilder",
}
_CHANGE_WORDS = {"added": "tillagd", "removed": "borttagen"}


@dataclass
class Sources:
    """What a document is made from; `paragraph` for an extract, `open_actions` for an agenda."""

    members: model.MembersFile
    members_path: Path
    meeting: model.Meeting
    meeting_path: Path
    paragraph: model.Paragraph | None = None
    open_actions: list[Any] = field(default_factory=list)
    draft: bool = False
    public: bool = False

    def __post_init__(self) -> None:
        from kib.body.committee import Committee
        from kib.record.store import BodyDir

        #: the body as the document prints it: for a signed meeting, as recorded at signing
        self.committee = Committee(BodyDir(self.members_path.parent), self.members)
        self.directory = self.committee.directory
        #: the meeting with the time, place, paragraph format and presiding member members.yaml supplies
        self.resolved = self.committee.resolve(self.meeting, self.meeting_path)
        from kib.body.vocabulary import body_labels

        self.words = {**LABELS, **body_labels(self.info)}

    @property
    def protokoll(self) -> bool:
        """A justerat protokoll (a nämnd, utskott, styrelse or fullmäktige) rather than minnesanteckningar."""
        return self.info.kind != "beredning"

    @property
    def info(self) -> model.Body:
        return self.members.body

    @property
    def paragraph_format(self) -> str:
        return self.resolved.paragraph_format


@dataclass(frozen=True)
class Field:
    """One template field: its name, what it holds (for the README) and how it is computed."""

    name: str
    doc: str
    compute: Callable[[Sources], Any]


#: Fields by document: "common" ones are in every document.
FIELDS: dict[str, list[Field]] = {"common": [], "minutes": [], "agenda": [], "extract": []}
#: Paragraphs of a template where kib writes the running text, by document.
SLOTS: dict[str, dict[str, str]] = {
    "minutes": {
        "paragraphs": "every paragraph (§): heading, text, the blocks of a protokoll, decision, uppdrag and footnotes",
        "attachments": "the bilagor, written reservations and the närvaro- och voteringslista, the first on a new page",
    },
    "agenda": {},
    "extract": {"paragraph": "the extracted paragraph: heading, text, decision, uppdrag and footnotes"},
}


def declare(document: str, name: str, doc: str) -> Callable[[Callable[[Sources], Any]], Callable[[Sources], Any]]:
    """Register the decorated function as the field `name` of `document` ('common' for every document)."""

    def register(compute: Callable[[Sources], Any]) -> Callable[[Sources], Any]:
        FIELDS[document].append(Field(name, doc, compute))
        return compute

    return register


def context(document: str, src: Sources) -> dict[str, Any]:
    """Every field of `document`, computed."""
    return {f.name: f.compute(src) for f in (*FIELDS["common"], *FIELDS[document])}


# ---------------------------------------------------------------- helpers


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


def _format_field(template: str, fields: Mapping[str, str], what: str, where: Path) -> str:
    """Fill `{name}` fields without str.format (a user's format string must not reach attributes)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fields:
            known = ", ".join("{" + k + "}" for k in fields)
            raise KibError(f"{what} uses the unknown field {{{name}}}; known fields: {known}", file=where)
        return fields[name]

    return re.sub(r"\{(\w*)\}", fill, template)


def nbsp(text: str) -> str:
    """'§ 15' with a no-break space, so the sign never ends a line apart from its number."""
    return re.sub(r"§\s+(?=\d)", "§" + NBSP, text)


def paragraph_label(fmt: str, number: int, where: Path) -> str:
    """'5.' or '§ 10' from the paragraph_format of the meeting or the body."""
    return nbsp(_format_field(fmt, {"number": str(number)}, "paragraph_format", where))


def full_name(directory: Directory, name: str | None) -> str:
    """The name as members.yaml spells it when the text uses a short form; else as written."""
    if not name:
        return ""
    person = directory.get(name)
    return person.name if person else name


def part_name(part: str) -> str:
    """A sealed part as the documents name it: '§ 17', 'sidhuvudets uppgifter', 'bilaga 1 tillagd'."""
    words = part.split(" ")
    change = _CHANGE_WORDS.get(words[-1]) if len(words) > 1 else None
    base = " ".join(words[:-1]) if change else part
    base = PART_NAMES.get(base, re.sub(r"^paragraph (\d+)$", r"paragraf \1", base))
    return nbsp(f"{base} {change}" if change else base)


def amendment_lines(src: Sources, only: str | None = None) -> list[dict[str, str]]:
    """The corrections after signing (those that changed the part `only`, when given)."""
    signed = src.meeting.signed
    if signed is None:
        return []
    from kib.record.seal import NOT_PRINTED_CHANGES, printed_amendments

    out = []
    for a in printed_amendments(signed):  # not the one that only kept a record of what was printed
        if only is not None and not any(c == only or c.startswith(only + " ") for c in a.changed):
            continue
        out.append(
            {
                "date": long_date(a.date),
                "by": full_name(src.directory, a.by),
                "reason": nbsp(a.reason),
                "changed": ", ".join(part_name(c) for c in a.changed if c not in NOT_PRINTED_CHANGES),
            }
        )
    return out


def paragraphs_text(text: str | None, numbers: list[int]) -> str:
    """'Paragrafer 5–6' or 'Paragraf 13' from the countersigner's range (default: the whole meeting)."""
    span = (text or "").strip() or paragraph_range(numbers)
    if not span:
        return ""
    span = re.sub(r"\s*-\s*", "–", span)
    span = re.sub(r"^§+\s*", "", span)
    several = bool(re.search(r"[–,]|\boch\b", span))
    return f"{'Paragrafer' if several else 'Paragraf'} {span}"


def _numbers(src: Sources) -> list[int]:
    return [p.number for p in src.meeting.paragraphs]


def _place_time(src: Sources) -> tuple[str, str]:
    """(place, '17.00–19.00') with members.yaml's defaults."""
    resolved = src.resolved
    return resolved.place, time_span(resolved.time, resolved.time_from) if resolved.time else ""


def person_label(directory: Directory, name: str) -> str:
    """'Karin Ek (S)': a member with the party, anyone else by name (the full name for a short form)."""
    person = directory.get(name)
    return person.label if person else name


def joined(items: list[str], word: str) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


_ROLE_KEYS = {
    "ordförande": "role_chair",
    "vice ordförande": "role_vice_chair",
    "1:e vice ordförande": "role_first_vice_chair",
    "2:e vice ordförande": "role_second_vice_chair",
}


def role_text(role: str | None, words: Mapping[str, str]) -> str:
    """The role as the body prints it after a name; nothing for a ledamot."""
    if not role or role == "ledamot":
        return ""
    key = _ROLE_KEYS.get(role)
    return words[key] if key else role


def span_text(attendee: model.Attendee, words: Mapping[str, str]) -> str:
    """Partial attendance: as written, else from the paragraph numbers ('från § 5', 'till och med § 4')."""
    if attendee.attendance:
        return attendee.attendance
    low, high = attendee.from_paragraph, attendee.to_paragraph
    if low is not None and high is not None:
        return nbsp(f"§§ {low}–{high}" if low != high else f"§ {low}")
    if low is not None:
        return nbsp(f"{words['serving_from']} § {low}")
    if high is not None:
        return nbsp(f"{words['serving_to']} § {high}")
    return ""


def attendee_line(src: Sources, attendee: model.Attendee, *, role: bool = True) -> str:
    """'Karin Ek (S), ordförande', 'Jonas Falk (S), tjänstgörande ersättare för Maja Strand (S), från § 5'."""
    person = src.directory.get(attendee.name)
    name = person.label if person else attendee.name
    parts = [name]
    member_role = person.role if person and person.kind == "member" else None
    if attendee.role:
        parts.append(attendee.role)
    elif role and not (attendee.serving_for and member_role == "ersättare"):
        printed = role_text(member_role, src.words)
        if printed:
            parts.append(printed)
    if attendee.serving_for:
        served = person_label(src.directory, attendee.serving_for) if src.protokoll else full_name(
            src.directory, attendee.serving_for
        )
        parts.append(f"{src.words['serving_for']} {served}")
    span = span_text(attendee, src.words)
    if span:
        parts.append(span)
    return ", ".join(parts)


# ---------------------------------------------------------------- every document


@declare(
    "common",
    "labels",
    "fixed wording: kib.body.vocabulary's labels of the body's kind with members.yaml's `labels:` applied, e.g. "
    '`labels.deciding` ("Beslutande"), `labels.appoint_verifiers` ("Utses att kontrasignera"), and those below',
)
def labels(src: Sources) -> dict[str, str]:
    return dict(src.words)


declare("common", "organisation", 'the organisation, e.g. "Nacka kommun"')(lambda src: src.info.organisation)
declare("common", "heading_lines", "list of lines printed above the organisation")(
    lambda src: list(src.info.heading_lines)
)
declare("common", "document_title", 'what the minutes are called ("Minnesanteckningar")')(
    lambda src: src.info.document_title
)
declare("common", "body_name", "the body's name")(lambda src: src.info.name)
declare("common", "body_short", 'its short name ("KIB"), or empty')(lambda src: src.info.short_name or "")
declare("common", "body_genitive", 'its name in the genitive ("Kompetens- och integrationsberedningens")')(
    lambda src: src.info.genitive or f"{src.info.name}s"
)
declare("common", "reports_to", "to whom the minutes are reported")(lambda src: src.info.reports_to)
declare("common", "date", '"10 september 2008"')(lambda src: long_date(src.meeting.date))
declare("common", "date_iso", '"2008-09-10"')(lambda src: src.meeting.date.isoformat())
declare("common", "weekday_date", '"onsdag den 10 september 2008"')(lambda src: weekday_date(src.meeting.date))
declare("common", "year", '"2008"')(lambda src: str(src.meeting.date.year))
declare("common", "place", "where the meeting is held")(lambda src: _place_time(src)[0])
declare("common", "time", '"17.30–19.30", or empty')(lambda src: _place_time(src)[1])


@declare("common", "place_time", '"Nacka stadshus kl 17.30–19.30"')
def _both(src: Sources) -> str:
    place, span = _place_time(src)
    return " ".join(x for x in (place, f"kl {span}" if span else "") if x)


declare("common", "paragraph_range", '"13–18"')(lambda src: paragraph_range(_numbers(src)))
declare("common", "weekday_date_cap", '"Onsdag den 10 september 2008"')(
    lambda src: capitalised(weekday_date(src.meeting.date))
)
declare("common", "place_time_rows", "true when members.yaml asks for Plats and Tid as rows of their own")(
    lambda src: src.info.place_time_rows
)


@declare("common", "secretary", "the secretary's name")
def _secretary(src: Sources) -> str:
    secretary = src.directory.secretary
    return secretary.name if secretary else ""


@declare("common", "secretary_title", 'the secretary\'s title ("sekreterare" when none is given)')
def _secretary_title(src: Sources) -> str:
    secretary = src.directory.secretary
    return (secretary.title if secretary else None) or "sekreterare"


@declare("common", "chair", "who presided and signs as ordförande")
def presiding(src: Sources) -> str:
    return src.resolved.presiding


declare("common", "signed", "true once the minutes are signed")(lambda src: src.meeting.signed is not None)
declare("common", "signed_date", '"16 september 2008", or empty')(
    lambda src: long_date(src.meeting.signed.date) if src.meeting.signed else ""
)


@declare("common", "statement", "the signed statement, empty before signing")
def statement(src: Sources) -> str:
    signed = src.meeting.signed
    if signed is None:
        return ""
    if signed.statement:
        return signed.statement
    info = src.info
    day = signed.date
    if src.protokoll and signed.signatures:
        from kib.timeline.signers import justerat

        day = justerat(src.committee, src.meeting) or day
    values = {"body": info.genitive or f"{info.name}s", "date": long_date(day), "reports_to": info.reports_to}
    wording = info.signed_statement
    if wording == _DEFAULT_STATEMENT:  # not chosen in members.yaml: the wording of the body's kind
        wording = src.words["signed_statement"]
    return _format_field(wording, values, "body.signed_statement", src.members_path)


declare("common", "draft", "true for a copy rendered with --draft: not the signed version")(lambda src: src.draft)
declare("common", "public", "true for a public version (--public): the text of a sekretess paragraph is withheld")(
    lambda src: src.public
)


@declare("common", "verifiers", 'the justerare\'s names, one per signature line: ["Lisa Berg", "Amir Haddad"]')
def verifiers(src: Sources) -> list[str]:
    return [full_name(src.directory, v.name) for v in src.meeting.verifiers]


@declare("common", "verifiers_text", '"Lisa Berg (KD) och Amir Haddad (S)", with the paragraphs of one who justerar only some')
def verifiers_text(src: Sources) -> str:
    items = []
    for v in src.meeting.verifiers:
        label = person_label(src.directory, v.name)
        items.append(f"{label}, {paragraphs_text(v.paragraphs, []).lower()}" if v.paragraphs else label)
    return nbsp(joined(items, src.words["and"]))


@declare("common", "justerat_date", '"16 februari 2026": the day the last signatory signed, or empty')
def justerat_date(src: Sources) -> str:
    from kib.timeline.signers import justerat

    day = justerat(src.committee, src.meeting) if src.meeting.signed is not None else None
    return long_date(day) if day else ""


@declare(
    "common",
    "notice",
    "the ANSLAG/BEVIS rows of a justerat, announced protokoll: `label`, `text` (empty: no anslag)",
)
def notice(src: Sources) -> list[dict[str, str]]:
    from kib.timeline.notice import notice_fields

    fields = notice_fields(src.committee, src.meeting)
    if fields is None:
        return []
    words = src.words
    rows = [
        (words["notice_body"], fields.body),
        (words["notice_meeting_date"], long_date(fields.meeting)),
        (words["notice_paragraphs"], nbsp(fields.paragraphs)),
        (words["notice_verified"], long_date(fields.justerat)),
        (words["notice_up"], long_date(fields.posted)),
        (words["notice_down"], long_date(fields.take_down)),
        (words["notice_appeal_ends"], long_date(fields.appeal_ends)),
        (words["notice_kept_at"], fields.kept_at or ""),
        (words["notice_signature"], fields.certified_by or ""),
    ]
    return [{"label": label, "text": text} for label, text in rows if text]


# ---------------------------------------------------------------- the minutes


@declare(
    "minutes",
    "beslutande",
    'list of lines: "Jan-Eric Jansson (kd), 1:e v ordförande", "Jonas Falk (S), tjänstgörande ersättare för '
    'Maja Strand (S), från § 5"',
)
def beslutande(src: Sources) -> list[str]:
    return [attendee_line(src, attendee) for attendee in src.meeting.attendees.members]


@declare("minutes", "list_appended", "true when Beslutande are given in the appended närvaro- och voteringslista")
def _list_appended(src: Sources) -> bool:
    return src.meeting.attendees.list_appended


@declare("minutes", "substitutes", 'list of lines: ersättare present but not serving, "Eva Sten (L), till och med § 4"')
def substitutes(src: Sources) -> list[str]:
    return [attendee_line(src, attendee, role=False) for attendee in src.meeting.attendees.substitutes]


@declare(
    "minutes", "ovriga", 'list of lines: "Lennart Jonasson, stadsdirektör", "Utvecklingsledaren Anna Andersson, § 3"'
)
def ovriga(src: Sources) -> list[str]:
    lines = []
    for other in src.meeting.attendees.others:
        person = src.directory.get(other.name)
        name = person.name if person else other.name
        title = other.title or (person.title if person else None)
        # "Utvecklingsledaren Anna Andersson" when the body prints the title first
        parts = [f"{capitalised(title)} {name}"] if other.title_first and title else [name, *([title] if title else [])]
        lines.append(", ".join(parts + ([other.attendance] if other.attendance else [])))
    return lines


@declare("minutes", "absent", 'list of lines: "Eva Närvä-Eickenrodt (m), sjukdom" (the reason when recorded)')
def absent(src: Sources) -> list[str]:
    lines = []
    for a in src.meeting.attendees.absent:
        person = src.directory.get(a.name)
        name = person.name if person else a.name
        label = f"{name} ({person.party})" if person and person.party else name
        lines.append(f"{label}, {a.reason}" if a.reason else label)
    return lines


declare("minutes", "countersigner", "who countersigns, or empty")(
    lambda src: full_name(src.directory, src.meeting.countersigner.name) if src.meeting.countersigner else ""
)
declare("minutes", "countersigner_paragraphs", '"Paragrafer 5–6"')(
    lambda src: (
        paragraphs_text(src.meeting.countersigner.paragraphs, _numbers(src)) if src.meeting.countersigner else ""
    )
)


@declare(
    "minutes",
    "signing_text",
    '"Torsdag den 29 mars, kl 8.00"; a protokoll\'s justeringens plats och tid: "Socialförvaltningen, fredag den '
    '13 februari 2026 kl 10.00"; empty without a signing appointment',
)
def signing_text(src: Sources) -> str:
    appointment = src.meeting.signing
    if appointment is None:
        return ""
    if appointment.text:
        return appointment.text
    try:
        return signing_words(appointment, src.meeting.date, protokoll=src.protokoll)
    except KibError as exc:
        raise KibError(exc.message, file=src.meeting_path) from None


def signing_words(appointment: model.SigningAppointment, meeting_day: dt.date, *, protokoll: bool) -> str:
    """The words kib prints for a signing appointment without a recorded wording (`kib import` knows
    them by these words too): a protokoll's justeringens plats och tid puts the place first, then the day
    with its year and the hour."""
    clock_text = f"kl {clock(parse_time(appointment.time))}" if appointment.time else ""
    if protokoll:
        day = weekday_date(appointment.date) if appointment.date else ""
        when = " ".join(x for x in (day, clock_text) if x)
        return capitalised(", ".join(x for x in (appointment.place, when) if x))
    parts = []
    if appointment.date:
        parts.append(capitalised(weekday_date(appointment.date, year=appointment.date.year != meeting_day.year)))
    if clock_text:
        parts.append(clock_text)
    if appointment.place:
        parts.append(appointment.place)
    return ", ".join(parts)


declare("minutes", "amendments", 'list of corrections after signing: `date`, `by`, `reason`, `changed` ("§ 17")')(
    amendment_lines
)


# ---------------------------------------------------------------- the agenda



@declare("agenda", "items", 'list of items: `number`, `label` ("§ 13"), `title`, `presenter`, `dnr`')
def items(src: Sources) -> list[dict[str, str]]:
    return [
        {
            "number": str(p.number),
            "label": paragraph_label(src.paragraph_format, p.number, src.meeting_path),
            "title": p.title,
            "presenter": full_name(src.directory, p.presenter),
            "dnr": p.dnr or "",
        }
        for p in src.meeting.paragraphs
    ]


@declare("agenda", "actions", "open uppdrag due by the meeting: `id`, `owner`, `task`, `given`, `due` (a date or as decided)")
def follow_up(src: Sources) -> list[dict[str, str]]:
    return [
        {
            "id": a.id,
            "owner": a.owner,
            "task": a.task,
            "given": nbsp(f"{long_date(a.meeting)} § {a.paragraph}"),
            "due": long_date(a.due) if a.due else (a.due_text or ""),  # 'nästa sammanträde' as decided
        }
        for a in src.open_actions
    ]


@declare("agenda", "forhinder_to", 'where to report förhinder ("sekreteraren Anna Andersson")')
def forhinder_to(src: Sources) -> str:
    secretary = src.directory.secretary
    return src.info.forhinder_to or (f"sekreteraren {secretary.name}" if secretary else "")


# ---------------------------------------------------------------- the extract


def _chosen(src: Sources) -> model.Paragraph:
    assert src.paragraph is not None, "an extract is made of one paragraph"
    return src.paragraph


declare("extract", "paragraph_label", '"§ 17" or "17."')(
    lambda src: paragraph_label(src.paragraph_format, _chosen(src).number, src.meeting_path)
)
declare("extract", "paragraph_title", "the paragraph's title")(lambda src: _chosen(src).title)
declare("extract", "paragraph_number", '"17"')(lambda src: str(_chosen(src).number))
declare("extract", "dnr", "the case number, or empty")(lambda src: _chosen(src).dnr or "")


@declare(
    "extract",
    "paragraph_justerad",
    '"16 februari 2026": the day this paragraph was justerad (the meeting day when justerad omedelbart), or empty',
)
def _paragraph_justerad(src: Sources) -> str:
    from kib.timeline.signers import paragraph_justerad

    day = paragraph_justerad(src.committee, src.meeting, _chosen(src))
    return long_date(day) if day else ""
declare("extract", "amendments", "corrections after signing that changed this paragraph (as in the minutes)")(
    lambda src: amendment_lines(src, only=f"§ {_chosen(src).number}")
)
