"""The records kib keeps: one body (members.yaml), its meetings and its adopted schedules.

These dataclasses are the single source of truth for the file format: the loader converts YAML into
them field by field (with the file and line of every problem), and the published JSON Schemas are
generated from them (`kib.record.schema`). Field docstrings live in `metadata["doc"]` so the schema can carry
them into the secretary's editor as hover help.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

KNOWN_ROLES = ("ordförande", "vice ordförande", "1:e vice ordförande", "2:e vice ordförande", "ledamot", "ersättare")

BodyKind = Literal["beredning", "nämnd", "utskott", "styrelse", "fullmäktige"]
VoteWord = Literal["ja", "nej", "avstår"]

ROLE_SHORT: dict[str, str] = {
    "ordförande": "ordförande",
    "vice ordförande": "v ordförande",
    "1:e vice ordförande": "1:e v ordförande",
    "2:e vice ordförande": "2:e v ordförande",
    "ledamot": "",
    "ersättare": "ersättare",
}


def doc(text: str, default: Any = None, factory: Any = None) -> Any:
    """A dataclass field with a description for the JSON Schema."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


def req(text: str) -> Any:
    """A required dataclass field with a description for the JSON Schema."""
    return field(metadata={"doc": text})


# ---------------------------------------------------------------- members.yaml


@dataclass
class Forhinder:
    """A person's known inability to attend (förhinder)."""

    weekdays: list[str] = doc("Weekdays the person cannot attend, e.g. [wednesday] or [onsdag].", factory=list)
    dates: list[dt.date] = doc("Single dates the person cannot attend.", factory=list)
    note: str | None = doc("Free text, e.g. where the förhinder was reported.")


@dataclass
class Member:
    """A member (ledamot or ersättare) of the body."""

    name: str = req("Full name as printed in the minutes, e.g. 'Anders Nordmark'.")
    party: str | None = doc("Party abbreviation in lower case without parentheses, e.g. 's'.")
    role: str = doc(
        "Role in the body: ordförande, vice ordförande, 1:e vice ordförande, 2:e vice ordförande, ledamot, "
        "ersättare, or another role the body names.",
        default="ledamot",
    )
    short: list[str] = doc("Short forms used in the minutes, e.g. ['Eva N'].", factory=list)
    forhinder: Forhinder | None = doc("Known förhinder.")
    from_date: dt.date | None = doc("First day of membership when not the whole term.")
    to_date: dt.date | None = doc("Last day of membership when not the whole term.")
    note: str | None = doc("Free text.")


@dataclass
class Official:
    """An official or regular guest (övriga deltagare) with a title."""

    name: str = req("Full name, e.g. 'Lennart Jonasson'.")
    title: str | None = doc("Title, e.g. 'stadsdirektör'.")
    short: list[str] = doc("Short forms used in the minutes, e.g. ['Lennart J'].", factory=list)
    roles: list[str] = doc(
        "Role words that refer to this person in uppdrag, e.g. ['stadsdirektören', 'sekreteraren'].", factory=list
    )
    attends: bool = doc("Attends every meeting (new meetings list the official).", default=False)
    secretary: bool = doc("Keeps the minutes and signs as sekreterare.", default=False)
    forhinder: Forhinder | None = doc("Known förhinder.")
    note: str | None = doc("Free text.")


@dataclass
class Body:
    """The committee itself and the defaults of its documents and meetings."""

    name: str = req("Name of the body, e.g. 'Kompetens- och integrationsberedningen'.")
    kind: BodyKind = doc(
        "Kind of body; chooses the record's name and the labels of its documents (beredning keeps "
        "minnesanteckningar that are kontrasignerade; the others keep a protokoll that is justerat).",
        default="beredning",
    )
    labels: dict[str, str] = doc(
        "Overrides of document labels by key (the keys of kib.body.vocabulary), e.g. {verifier: 'Justerare'}.",
        factory=dict,
    )
    verifiers_required: int | None = doc(
        "Number of justerare each meeting appoints; default by kind (fullmäktige 2, the others 1)."
    )
    appeal_text: str | None = doc(
        "The överklagandehänvisning printed under each paragraph marked appealable."
    )
    record_kept_at: str | None = doc(
        "Where the protokoll is kept (förvaringsplats), e.g. 'Kommunkansliet, Stadshuset'."
    )
    notice_board: str | None = doc("Where notices of justering go up, e.g. the web anslagstavla's address.")
    place_time_rows: bool = doc(
        "Print Plats and Tid as rows of their own in the protokoll's header instead of one row Plats och tid.",
        default=False,
    )
    print_actions: bool = doc(
        "Print each uppdrag under its paragraph; false for bodies whose text already states them.", default=True
    )
    short_name: str | None = doc("Abbreviation used in file names, e.g. 'KIB'.")
    genitive: str | None = doc("Genitive form for the signed statement; default: name + 's'.")
    organisation: str = doc("The organisation printed in the heading.", default="")
    heading_lines: list[str] = doc("Extra lines printed above the organisation in the heading.", factory=list)
    document_title: str = doc("What the minutes are called.", default="Minnesanteckningar")
    reports_to: str = doc("To whom the minutes are reported (delges), e.g. 'kommunstyrelsen'.", default="")
    signed_statement: str = doc(
        "Wording of the signed statement; fields {body}, {date}, {reports_to}.",
        default=(
            "{body} minnesanteckningar är undertecknade av ordförande och kontrasignerade av en annan "
            "ledamot, den {date}. Anteckningarna delges {reports_to}."
        ),
    )
    paragraph_format: str = doc("How a paragraph number is printed; field {number}.", default="§ {number}")
    place: str = doc("Default meeting place.", default="")
    time: str = doc("Default meeting time, 'HH.MM-HH.MM'.", default="17.30-19.30")
    weekday: str = doc("Default meeting weekday for propose-dates.", default="wednesday")
    meetings_per_year: int = doc("Default number of meetings a year.", default=7)
    signing_days: int = doc("Working days from meeting to signing appointment.", default=3)
    signing_time: str = doc("Default time of the signing appointment, 'HH.MM'.", default="08.00")
    term_start: dt.date | None = doc("First day of the term of office.")
    term_end: dt.date | None = doc("Last day of the term of office.")
    forhinder_to: str | None = doc("Where members report förhinder, printed on the agenda.")
    templates: dict[str, str] = doc(
        "Restyled Word templates by document ('minutes', 'agenda', 'extract'), paths relative to this file.",
        factory=dict,
    )
    conflicts: list[str] = doc(
        "Calendar files (.ics or .yaml) of other bodies' meetings, relative paths.", factory=list
    )


@dataclass
class MembersFile:
    """members.yaml: the body, its members and the officials who serve it."""

    body: Body = req("The body.")
    members: list[Member] = doc("Members (ledamöter and ersättare).", factory=list)
    officials: list[Official] = doc("Officials and regular guests.", factory=list)


# ---------------------------------------------------------------- meetings/YYYY-MM-DD.yaml


@dataclass
class Attendee:
    """A member taking part in decisions (beslutande)."""

    name: str = req("Name as in members.yaml.")
    attendance: str | None = doc("Partial attendance as printed, e.g. 'till kl 18.15' or '§§ 5–6'.")
    serving_for: str | None = doc("For a tjänstgörande ersättare: the member served for.")
    from_paragraph: int | None = doc("Serves from this paragraph number on (a late arrival).")
    to_paragraph: int | None = doc("Serves up to and including this paragraph number (an early departure).")
    role: str | None = doc(
        "Role printed when it differs from members.yaml, e.g. 'tjänstgörande ordförande'."
    )


@dataclass
class Participant:
    """Someone present who does not decide (övriga deltagare)."""

    name: str = req("Name.")
    title: str | None = doc("Title printed after the name; default from members.yaml.")
    attendance: str | None = doc("Partial attendance, e.g. '§ 13'.")
    title_first: bool = doc(
        "Print the title before the name, e.g. 'Utvecklingsledaren Anna Andersson'.", default=False
    )


@dataclass
class Absence:
    """A member who did not attend."""

    name: str = req("Name as in members.yaml.")
    reason: str | None = doc("Why, when known.")


@dataclass
class Attendees:
    """Who was there."""

    members: list[Attendee] = doc("Beslutande.", factory=list)
    others: list[Participant] = doc("Övriga deltagare.", factory=list)
    absent: list[Absence] = doc("Absent members.", factory=list)
    substitutes: list[Attendee] = doc("Ersättare present but not serving (närvarande ersättare).", factory=list)
    list_appended: bool = doc(
        "Beslutande: enligt bifogad närvaro- och voteringslista (the list is an attachment).", default=False
    )


@dataclass
class Countersigner:
    """The member appointed to countersign (kontrasignera)."""

    name: str = req("Name of a member present.")
    paragraphs: str | None = doc("The paragraphs signed, e.g. '5-6'; default: all of the meeting.")


@dataclass
class Verifier:
    """A member appointed to justera the protokoll (justerare)."""

    name: str = req("Name of a member present.")
    paragraphs: str | None = doc("The paragraphs justerade, e.g. '5-6'; default: all of the meeting.")


@dataclass
class SigningAppointment:
    """When and where the minutes are to be signed (datum för underskrift)."""

    date: dt.date | None = doc("Date of the appointment.")
    time: str | None = doc("Time, 'HH.MM'.")
    place: str | None = doc("Place, when not the usual.")
    text: str | None = doc("Printed wording when it cannot be derived, e.g. 'Torsdag den 29 mars, kl 8.00'.")


@dataclass
class Amendment:
    """A knowing correction of signed minutes."""

    date: dt.date = req("When the correction was made.")
    by: str = req("Who made it.")
    reason: str = req("Why.")
    fingerprint: str = req("Fingerprint of the corrected content.")
    changed: list[str] = doc("The parts that the correction changed, e.g. ['§ 17'].", factory=list)
    chain: str | None = doc("Fingerprint of this correction and the record before it (written by `kib sign`).")


@dataclass
class Signature:
    """One person's signature of the record, on its own day."""

    role: Literal["secretary", "chair", "verifier"] = req("Who signed: secretary, chair or verifier.")
    name: str = req("Name of the person who signed.")
    date: dt.date = req("Date of the signature.")


@dataclass
class Signed:
    """The record that the minutes were signed."""

    date: dt.date = req("Date of signing; the protokoll is justerat on the last signature's date.")
    signatures: list[Signature] = doc(
        "Each signature with its own date, when they sign on different days.", factory=list
    )
    statement: str | None = doc("The statement exactly as signed, when it differs from members.yaml's wording.")
    fingerprint: str | None = doc("Fingerprint of the content as signed (written by `kib sign`).")
    parts: dict[str, str] = doc(
        "Short fingerprints of each part, to say what changed (written by `kib sign`).", factory=dict
    )
    amendments: list[Amendment] = doc("Corrections after signing.", factory=list)
    record: MembersFile | None = doc("What the minutes print from members.yaml, kept at signing (by `kib sign`).")
    pictures: dict[str, str] = doc("sha256 of each bilaga's picture file at signing (by `kib sign`).", factory=dict)
    rule: int | None = doc(
        "The fingerprint rule the minutes were sealed with (by `kib sign`): 2 covers the uppdrag printed under "
        "each paragraph; none: sealed before they were covered."
    )


@dataclass
class Done:
    """How an uppdrag was reported done."""

    date: dt.date = req("Date it was reported done.")
    reported: str | None = doc("Where it was reported, e.g. '2008-10-15 § 20'.")
    note: str | None = doc("Evidence or comment.")


@dataclass
class Action:
    """An uppdrag given to a named person."""

    owner: str = req("Person (name, short form or role word such as 'sekreteraren').")
    task: str = req("The task in words.")
    id: str | None = doc("Stable id, e.g. '2008-16-1' (year, paragraph, order); default derived.")
    due: dt.date | str | None = doc("A date, or 'nästa sammanträde'.")
    done: Done | None = doc("Filled in when reported done.")
    note: str | None = doc("Free text, e.g. what is known of progress.")


@dataclass
class Announced:
    """That the notice of justering went up on the anslagstavla (not part of the seal)."""

    date: dt.date = req("Date the notice went up.")
    by: str | None = doc("Who put it up.")
    note: str | None = doc("Free text, e.g. why it went up late.")


@dataclass
class Motion:
    """A yrkande: who moved what."""

    by: str = req("Who moved it (a member serving).")
    supported_by: list[str] = doc("Members who joined the motion (med instämmande av).", factory=list)
    text: str = doc("What was moved, e.g. 'bifall till arbetsutskottets förslag'.", default="")


@dataclass
class Vote:
    """An omröstning: what Ja and Nej stand for and each serving member's vote."""

    yes: str = req("What Ja stands for, e.g. 'bifall till arbetsutskottets förslag'.")
    no: str = req("What Nej stands for, e.g. 'bifall till Karin Lunds yrkande'.")
    ballots: dict[str, VoteWord] = doc(
        "Each serving member's vote by name: ja, nej or avstår; kib counts the totals.", factory=dict
    )
    casting_vote: Literal["ja", "nej"] | None = doc("The chair's casting vote (utslagsröst), only at a tie.")
    result: str | None = doc("The chair's announcement of the result, as printed.")


@dataclass
class Reservation:
    """A reservation against the decision."""

    by: list[str] = req("Members who reserve themselves.")
    text: str | None = doc("Wording, e.g. 'till förmån för eget yrkande'.")
    written: str | None = doc("The written motivation, appended to the protokoll.")


@dataclass
class Disqualification:
    """Jäv: a member who neither serves nor is present for this paragraph."""

    name: str = req("The jävig member.")
    replaced_by: str | None = doc("An ersättare present who serves instead for this paragraph.")


@dataclass
class Statement:
    """A protokollsanteckning."""

    by: list[str] = req("Who asked for it.")
    text: str = req("The statement.")


@dataclass
class Paragraph:
    """A numbered item (paragraf) of the minutes.

    `text` is one Word paragraph per line. A line starting with '- ' is a bullet ('  - ' nested),
    '> ' a quotation, '---' alone a separator; '[^key]' marks a footnote from `footnotes`.
    """

    number: int = req("Paragraph number; runs on through the calendar year.")
    title: str = req("Title.")
    text: str = doc("Body text (see the format notes).", default="")
    decision: str | list[str] | None = doc("The decision (Beslut): text, or a list of att-clauses.")
    footnotes: dict[str, str] = doc("Footnote texts by the key used in '[^key]'.", factory=dict)
    actions: list[Action] = doc("Uppdrag given under this paragraph.", factory=list)
    presenter: str | None = doc("Who presents the item (printed on the agenda).")
    dnr: str | None = doc("Case number (diarienummer).")
    verified_at_meeting: bool = doc("Justerad omedelbart: justerad at the meeting.", default=False)
    motions: list[Motion] = doc("Yrkanden, in the order they were moved.", factory=list)
    proposition_order: str | None = doc("Propositionsordning and the chair's finding, as printed.")
    vote: Vote | None = doc("Omröstning.")
    not_participating: list[str] = doc("Members who avstår från att delta i beslutet.", factory=list)
    reservations: list[Reservation] = doc("Reservationer.", factory=list)
    disqualified: list[Disqualification] = doc("Jäv: members who take no part in this paragraph.", factory=list)
    statements: list[Statement] = doc("Protokollsanteckningar.", factory=list)
    send_to: list[str] = doc("Expediering: Protokollsutdrag skickas till.", factory=list)
    appealable: bool = doc("Print the body's överklagandehänvisning (appeal_text) under this paragraph.", default=False)
    confidential: str | None = doc(
        "Sekretess: the legal ground, e.g. 'OSL 26 kap. 1 §'; the text is withheld from a public version."
    )


@dataclass
class Attachment:
    """A bilaga printed after the paragraphs."""

    title: str = req("Title, e.g. 'Bilaga 1, inklippt PowerPoint-bild'.")
    text: str = doc("Text, in the same format as a paragraph's.", default="")
    image: str | None = doc("Path of a picture, relative to the meeting file.")


@dataclass
class Source:
    """The document a meeting file was imported from (written by `kib import`; not sealed)."""

    file: str = req("File name of the imported document.")
    sha256: str = req("SHA-256 of the document's bytes: importing the same document again is recognised.")
    imported: dt.date | None = doc("Date of the import.")


@dataclass
class Meeting:
    """One meeting's minutes."""

    date: dt.date = req("Meeting date.")
    time: str | None = doc("'HH.MM-HH.MM'; default from members.yaml.")
    place: str | None = doc("Place; default from members.yaml.")
    presiding: str | None = doc("Who presided; default the ordförande.")
    paragraph_format: str | None = doc("Overrides members.yaml's paragraph_format, e.g. '{number}.'.")
    attendees: Attendees = doc("Who was there.", factory=Attendees)
    countersigner: Countersigner | None = doc("Utses att kontrasignera (a beredning).")
    verifiers: list[Verifier] = doc("Utses att justera: the justerare (a nämnd and other kinds).", factory=list)
    signing: SigningAppointment | None = doc(
        "Datum för underskrift (a beredning); justeringens plats och tid (the other kinds)."
    )
    signed: Signed | None = doc("Filled in by `kib sign`.")
    announced: Announced | None = doc("That the notice of justering went up (written by `kib announce`).")
    paragraphs: list[Paragraph] = doc("The numbered items.", factory=list)
    attachments: list[Attachment] = doc("Bilagor.", factory=list)
    note: str | None = doc("Free text for the secretary; never printed.")
    source: Source | None = doc("The document this file was imported from (written by `kib import`).")


@dataclass
class ScheduledYear:
    """The meeting dates a body adopted for one year."""

    year: int = req("Calendar year.")
    dates: list[dt.date] = doc("Adopted meeting dates.", factory=list)
    time: str | None = doc("'HH.MM-HH.MM' for all of them.")
    count: int | None = doc("Number of meetings decided, when the dates are not all known.")
    decided: str | None = doc("Where it was decided, e.g. '2007-03-26 § 6'.")
    note: str | None = doc("Free text.")


@dataclass
class ScheduleFile:
    """schedule.yaml: adopted meeting dates."""

    years: list[ScheduledYear] = doc("One entry per year.", factory=list)


# ---------------------------------------------------------------- files read by propose-dates


@dataclass
class SchoolHoliday:
    """One school holiday of a year in school_holidays.yaml: an ISO week, or a first and a last day."""

    name: str = req("Name, e.g. 'sportlov'.")
    start: dt.date | None = doc("First day.")
    end: dt.date | None = doc("Last day (default: the first day).")
    week: int | None = doc("An ISO week instead of start and end.")


#: school_holidays.yaml beside members.yaml: each year (e.g. 2009) with its school holidays, which replace
#: that year's Stockholm-county defaults (a year left empty has none).
SchoolHolidaysFile = dict[str, list[SchoolHoliday] | None]


@dataclass
class ConflictEvent:
    """Another body's meeting in a YAML conflict list (`propose-dates --conflicts`, `body.conflicts`)."""

    date: dt.date = req("Day of the meeting.")
    title: str = doc("What it is, e.g. 'Kommunfullmäktige'.", default="")
    start: str | None = doc("'HH.MM'; leave out for an all-day event.")
    end: str | None = doc("'HH.MM'.")


#: A YAML conflict list: other bodies' meetings, one item each.
ConflictList = list[ConflictEvent]
