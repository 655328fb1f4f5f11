"""From lines to a `Meeting`: the header, the paragraphs and what a protokoll records under each.

The document is read in two phases. Before the first paragraph heading come the heading block, the
labelled header rows (Plats och tid, Beslutande, Utses att justera …), signatures and the signed
statement or ANSLAG/BEVIS. From the first heading on, each line belongs to the current paragraph:
labelled blocks (Beslut, Yrkanden, Omröstning, Reservation, Jäv …) go to their fields when they can
be read completely; anything else, and any block that cannot be read completely, stays in the
paragraph text where it stood, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kib.body.committee import Committee
from kib.body.people import normalise
from kib.record import model

from . import blocks
from .blocks import Draft
from .dates import find_date, find_time, find_time_range, split_date
from .lines import Line, SourceDocument
from .names import Matcher, Named, role_name, split_people
from .report import Report
from .tasks import find_tasks

#: "5. Titel", "§ 10 Titel", "§ 10. Titel", "KS § 286 Titel", "SN §12", "§ 42" (title on the next line).
HEADING = re.compile(
    r"^(?:(?P<organ>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,7}(?:\s?[A-ZÅÄÖ]{1,4})?)\s+)?§\s*(?P<n>\d{1,4})\b\s*[.:]?\s*(?P<title>.*)$"
)
NUMBERED = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<title>[\"”“'A-ZÅÄÖÉ0-9].*)$")
ATTACHMENT = re.compile(r"^(?:Bilaga|BILAGA)(?:\s+\d+[a-z]?)?(?:\s*[,:.–-]\s*\S.*)?$")
DOTS = re.compile(r"^[.…_\-–\s]{3,}$")
FURNITURE = re.compile(
    r"^(?:(?:utdragsbestyrkande|ordförandes\s+sign(?:atur)?|kontrasign\.?\s+sign(?:atur)?|justerandes\s+sign(?:atur)?"
    r"|sekreterarens\s+sign(?:atur)?|\[image:[^\]]*\]|_\d{6,}\.\w{2,4}|sida\s+\d+(?:\s*\(\d+\)|\s+av\s+\d+)?)\s*)+$",
    re.IGNORECASE,
)
STATEMENT = re.compile(
    r"(?:minnesanteckningar|anteckningar|protokoll(?:et)?)\s+är\s+(?:undertecknade|justerat|justerade)"
    r"|justeringen\s+har\s+tillkännagivits|protokollet\s+har\s+justerats",
    re.IGNORECASE,
)
STATEMENT_TAIL = re.compile(r"^(?:anteckningarna|protokollet|minnesanteckningarna)\s+(?:delges|anmäls|överlämnas)\b", re.IGNORECASE)
RECORD_TITLES = (
    "minnesanteckningar",
    "protokoll",
    "sammanträdesprotokoll",
    "justerat protokoll",
    "protokollsutdrag",
    "justeringsexemplar",
    "utdrag ur protokoll",
)
APPENDED_LIST = re.compile(r"enligt\s+(?:bifogad|bilagd|särskild)?\s*(?:närvaro|förteckning|lista)|enligt\s+bilaga", re.IGNORECASE)

HEADER_LABELS: dict[str, str] = {
    "plats och tid": "place_time",
    "tid och plats": "place_time",
    "plats och datum": "place_time",
    "sammanträdesplats": "place",
    "plats": "place",
    "tid": "time",
    "sammanträdestid": "time",
    "datum": "date",
    "sammanträdesdatum": "date",
    "sammanträdesdag": "date",
    "beslutande": "members",
    "beslutande ledamöter": "members",
    "närvarande ledamöter": "members",
    "tjänstgörande ledamöter": "members",
    "ledamöter": "members",
    "närvarande": "members",
    "tjänstgörande ersättare": "members",
    "ersättare": "substitutes",
    "närvarande ersättare": "substitutes",
    "övriga närvarande ersättare": "substitutes",
    "ej tjänstgörande ersättare": "substitutes",
    "icke tjänstgörande ersättare": "substitutes",
    "ersättare som inte tjänstgjort": "substitutes",
    "övriga deltagare": "others",
    "övriga närvarande": "others",
    "övriga deltagande": "others",
    "närvarande tjänstemän": "others",
    "tjänstemän": "others",
    "övriga": "others",
    "frånvarande": "absent",
    "frånvarande ledamöter": "absent",
    "anmält förhinder": "absent",
    "utses att kontrasignera": "countersigner",
    "utses att justera": "verifiers",
    "utsedd att justera": "verifiers",
    "justerare": "verifiers",
    "datum för underskrift": "signing",
    "justeringens plats och tid": "signing",
    "justeringens tid och plats": "signing",
    "justeringens plats och datum": "signing",
    "tid och plats för justering": "signing",
    "justering": "signing",
    "paragrafer": "paragraphs",
    "justerade paragrafer": "paragraphs",
    "underskrifter": "signatures",
    "sekreterare": "sig_secretary",
    "ordförande": "sig_chair",
    "kontrasigneras av": "sig_countersigner",
    "justerande": "sig_verifier",
    "anslag/bevis": "notice",
    "anslag / bevis": "notice",
    "bevis om anslag": "notice",
    "organ": "notice_body",
    "datum då anslaget sätts upp": "notice_up",
    "datum för anslags uppsättande": "notice_up",
    "datum då anslaget tas ned": "notice_down",
    "datum då anslaget tas ner": "notice_down",
    "datum för anslags nedtagande": "notice_down",
    "datum för justering": "notice_verified",
    "sista dag för överklagande": "notice_appeal_ends",
    "förvaringsplats för protokollet": "notice_kept",
    "förvaringsplats": "notice_kept",
    "underskrift": "notice_sign",
}
#: Labels that may stand before their value on the same line without a colon ("Plats och tid Stadshuset …").
_BY_LENGTH = sorted(HEADER_LABELS, key=len, reverse=True)
#: Labels that, met after the paragraphs, open the closing signature or notice block.
TAIL_FIELDS = {"signatures", "sig_secretary", "sig_chair", "sig_countersigner", "sig_verifier", "notice", "notice_up"}


#: "paragrafer 1–3", "§§ 5-6", "paragraf 4": the paragraphs of an appointment.
SPAN_WORDS = re.compile(r"^(?:paragrafer|paragraf|§§|§)\s*(\d.*)$", re.IGNORECASE)


def _span(text: str) -> str:
    return text.replace("–", "-").replace(" ", "").replace("\u00a0", "")


_BY_FIRST_WORD: dict[str, list[str]] = {}
for _label in _BY_LENGTH:
    _BY_FIRST_WORD.setdefault(_label.split(" ")[0].rstrip(":"), []).append(_label)


def header_label(line: Line) -> tuple[str, str] | None:
    """(field, value on the same line) when the line is a header label."""
    text = line.text.strip()
    lowered = text.casefold()
    first = re.split(r"[\s:]", lowered, maxsplit=1)[0]
    for label in _BY_FIRST_WORD.get(first, ()):
        if lowered == label or lowered == label + ":":
            return HEADER_LABELS[label], ""
        if lowered.startswith(label):
            rest = text[len(label) :]
            if rest.startswith(":"):
                return HEADER_LABELS[label], rest[1:].strip()
            if rest[:1].isspace() and (" " in label or line.hint == "label" or _capitalised_value(text, rest)):
                return HEADER_LABELS[label], rest.strip()
    return None


def _may_be_statement(text: str) -> bool:
    """A cheap test before the signed statement's pattern, which every line of the text meets."""
    lowered = text.casefold()
    return "är undertecknade" in lowered or "justera" in lowered or "tillkännagivits" in lowered


def _capitalised_value(text: str, rest: str) -> bool:
    """'Beslutande Karin Ek (S)': a one-word label, written capitalised, before a name, place or number."""
    value = rest.strip()
    return text[:1].isupper() and bool(value) and (value[:1].isupper() or value[:1].isdigit())


@dataclass
class Result:
    meeting: model.Meeting
    report: Report
    statement_date: dt.date | None = None


class Recogniser:
    def __init__(self, doc: SourceDocument, committee: Committee, *, date: dt.date | None) -> None:
        self.doc = doc
        self.committee = committee
        self.members = committee.members
        self.directory = committee.directory
        self.matcher = Matcher(self.directory)
        self.given_date = date
        self.report = Report(doc.path)
        self.report.look += doc.notes
        self.formats: list[str] = []
        self.note_lines: list[str] = []
        from kib.body.vocabulary import body_labels

        #: The body's own words for every label, so that a protokoll kib printed reads back label by label.
        self.words = body_labels(self.members.body)
        self.own_labels = {self.words[key].casefold(): kind for key, kind in blocks.LABEL_KEYS.items()}
        self.confidential_ground = re.compile(rf"^{re.escape(self.words['confidential_ground'])}\s+(\S.*)$", re.IGNORECASE)
        #: Reservations whose written motivation is appended as the bilaga of that number.
        self.written_refs: dict[int, model.Reservation] = {}
        self.attendance_lines: list[Line] = []

    # -------------------------------------------------------------- the whole document

    def run(self) -> Result:
        lines = [line for line in self.doc.lines if not self._furniture(line)]
        first = self._first_heading(lines)
        head, body = lines[:first], lines[first:]
        fields = self._header_fields(head)
        drafts, attachments, tail = self._body(body)
        fields += self._header_fields(tail)
        meeting = self._meeting(fields, drafts, attachments)
        self.report.proposed = list(self.matcher.proposed.values())
        self._proposed_roles(meeting)
        missing = [p.name for p in self.report.proposed if p.kind == "member" and not p.party]
        if missing:
            self.report.look.append(
                f"no party printed for {', '.join(missing)}: add party: in members.yaml (a protokoll prints it)"
            )
        return Result(meeting, self.report)

    def _proposed_roles(self, meeting: model.Meeting) -> None:
        """An uppdrag given to 'socialchefen' names the proposed official whose title is socialchef."""
        officials = [p for p in self.report.proposed if p.kind == "official" and p.title]
        for action in (a for p in meeting.paragraphs for a in p.actions):
            word = action.owner.strip()
            if not word.islower() or self.directory.get(word) is not None:
                continue
            for official in officials:
                title = (official.title or "").casefold()
                if word in (title, title + "en", title + "n") and word not in official.roles:
                    official.roles.append(word)

    def _furniture(self, line: Line) -> bool:
        text = line.text.strip()
        if line.hint == "separator":
            return False
        if line.hint == "page":
            return True  # a page header: read for the date only
        if not text or DOTS.match(text):
            return True
        return bool(FURNITURE.match(text))

    def _heading(self, line: Line, previous: int | None, following: Line | None) -> tuple[int, str, str] | None:
        """(number, title, organ prefix) when the line starts a paragraph after paragraph `previous`."""
        text = line.text.strip()
        if "§" not in text[:16] and not text[:1].isdigit():
            return None
        m = HEADING.match(text)
        if m is not None:
            number = int(m.group("n"))
            title = m.group("title").strip()
            organ = (m.group("organ") or "").strip()
            if previous is not None and not (previous < number <= previous + 30):
                return None
            if not title and following is not None and following.hint not in ("label", "separator"):
                title = "\0next"
            if len(title) > 200:
                return None
            return number, title, organ
        m = NUMBERED.match(text)
        if m is not None:
            number = int(m.group("n"))
            title = m.group("title").strip()
            if len(title) > 160 or title.endswith(","):
                return None
            if previous is None or number == previous + 1 or (line.hint == "heading" and number > previous):
                return number, title, ""
        return None

    def _first_heading(self, lines: list[Line]) -> int:
        for i, line in enumerate(lines):
            following = lines[i + 1] if i + 1 < len(lines) else None
            found = self._heading(line, None, following)
            if found is None:
                continue
            # a numbered "5. …" opens the paragraphs only when the next numbered heading follows it
            if NUMBERED.match(line.text.strip()) and line.hint != "heading":
                nxt = next(
                    (self._heading(x, found[0], None) for x in lines[i + 1 :] if self._heading(x, found[0], None)),
                    None,
                )
                if nxt is None and any(NUMBERED.match(x.text.strip()) for x in lines[i + 1 :]):
                    continue
            return i
        return len(lines)

    # -------------------------------------------------------------- header

    def _header_fields(self, lines: list[Line]) -> list[tuple[str, list[Line]]]:
        """Lines grouped under the header field their label names; unlabelled lines under 'heading'."""
        fields: list[tuple[str, list[Line]]] = [("heading", [])]
        in_statement = False
        lines = _join_wrapped_labels(lines)
        for line in lines:
            text = line.text.strip()
            if line.hint == "separator":
                continue
            if STATEMENT.search(text):
                fields.append(("statement", [line]))
                in_statement = True
                continue
            if in_statement and STATEMENT_TAIL.match(text):
                fields[-1][1].append(line)
                continue
            in_statement = False
            label = header_label(line) if line.hint != "page" else None
            if label is not None:
                name, rest = label
                inner = header_label(Line(rest, "label")) if rest else None
                if inner is not None:  # "Underskrifter Sekreterare": a label, then another
                    fields.append((name, []))
                    name, rest = inner
                fields.append((name, [Line(rest, "text")] if rest else []))
                continue
            fields[-1][1].append(line)
        return [(name, lines_) for name, lines_ in fields if lines_ or name != "heading"]

    # -------------------------------------------------------------- body

    def _body(self, lines: list[Line]) -> tuple[list[Draft], list[model.Attachment], list[Line]]:
        drafts: list[Draft] = []
        attachments: list[tuple[str, list[Line]]] = []
        tail: list[Line] = []
        mode = "paragraph"
        skip_next = False
        for i, line in enumerate(lines):
            if skip_next:
                skip_next = False
                continue
            text = line.text.strip()
            previous = drafts[-1].number if drafts else None
            following = lines[i + 1] if i + 1 < len(lines) else None
            heading = self._heading(line, previous, following) if True else None
            if heading is not None and (mode == "paragraph" or heading[0] == (previous or 0) + 1):
                number, title, organ = heading
                if title == "\0next" and following is not None:
                    title = following.text.strip()
                    skip_next = True
                title, dnr = blocks.split_dnr(title)
                if not title and following is not None and not skip_next and header_label(following) is None:
                    title = following.text.strip()  # "§ 71 Dnr KS 2026/12", the title on the next line
                    skip_next = True
                self.formats.append(self._format(line.text.strip(), organ))
                drafts.append(Draft(number, title, dnr=dnr))
                mode = "paragraph"
                continue
            label = header_label(line)
            closing = (
                label is not None
                and label[0] in TAIL_FIELDS
                and line.hint in ("label", "text")
                and len(text) < 80
                # "Ordförande Eva tackade …" is text; "Ordförande Karin Ek" a signature
                and (label[0] != "sig_chair" or not label[1] or self.directory.get(label[1]) is not None)
            )
            if closing or (_may_be_statement(text) and STATEMENT.search(text)):
                mode = "tail"
            if mode == "tail":
                tail.append(line)
                continue
            if drafts and text.casefold() == self.words["attendance_list"].casefold() and line.hint in ("heading", "text"):
                mode = "attendance"  # the närvaro- och voteringslista after the paragraphs
                continue
            if mode == "attendance":
                from .attendance import belongs

                if belongs(line):
                    self.attendance_lines.append(line)
                    continue
                mode = "paragraph"  # the list has ended: what follows is read as before it
            if ATTACHMENT.match(text) and len(text) <= 100 and self._may_open_attachment(drafts, line):
                attachments.append((text, []))
                mode = "attachment"
                continue
            if mode == "attachment":
                attachments[-1][1].append(line)
            elif drafts:
                drafts[-1].lines.append(line)
            else:
                tail.append(line)
        return drafts, [self._attachment(t, ls) for t, ls in attachments], tail

    def _may_open_attachment(self, drafts: list[Draft], line: Line) -> bool:
        if line.hint == "heading" or not drafts:
            return True
        texts = [x.text.strip().casefold() for x in drafts[-1].lines]
        return not any(t.startswith(("beslutsunderlag", "handlingar")) for t in texts)

    def _format(self, heading: str, organ: str) -> str:
        if NUMBERED.match(heading):
            return "{number}."
        point = re.match(r"^(?:\S+\s+)?§\s*\d+\.", heading)
        space = re.match(r"^(?:\S+\s+)?§\s+\d", heading)
        base = ("§ {number}" if space else "§{number}") + ("." if point else "")
        return f"{organ} {base}" if organ else base

    def _attachment(self, title: str, lines: list[Line]) -> model.Attachment:
        text, _ = blocks.markup_text(lines, {}, self.doc.footnotes)
        return model.Attachment(title=title, text=text)

    # -------------------------------------------------------------- assembling the meeting

    def _meeting(
        self, fields: list[tuple[str, list[Line]]], drafts: list[Draft], attachments: list[model.Attachment]
    ) -> model.Meeting:
        header = Header(self, fields)
        day = header.date()
        meeting = model.Meeting(date=day)
        header.apply(meeting)
        if meeting.signed is None and meeting.announced is not None:
            justered = meeting.signing.date if meeting.signing and meeting.signing.date else meeting.announced.date
            meeting.signed = model.Signed(date=justered)
            self.report.placed.append(f"justerat {justered.isoformat()} (the protokoll carries its ANSLAG/BEVIS)")
        self._drop_defaults(meeting)
        formats = [f for f in self.formats if f]
        if formats:
            chosen = max(set(formats), key=formats.count)
            if chosen != self.members.body.paragraph_format:
                meeting.paragraph_format = chosen
        for draft in drafts:
            paragraph = blocks.Paragraphs(self, meeting).build(draft)
            meeting.paragraphs.append(paragraph)
        if meeting.paragraphs:
            first, last = meeting.paragraphs[0].number, meeting.paragraphs[-1].number
            for attendee in [*meeting.attendees.members, *meeting.attendees.substitutes]:
                if attendee.from_paragraph == first:
                    attendee.from_paragraph = None
                if attendee.to_paragraph == last:
                    attendee.to_paragraph = None
        if self.attendance_lines:
            from .attendance import appended_list

            if not appended_list(self, meeting, self.attendance_lines):
                # kept as a bilaga of its own: nothing of the document is dropped
                text = "\n".join(" ".join(line.cells) if line.cells else line.text for line in self.attendance_lines)
                attachments.append(model.Attachment(title=self.words["attendance_list"], text=text + "\n"))
        attachments = self._written_reservations(attachments)
        self._whole_meeting_spans(meeting)
        meeting.attachments = attachments
        if attachments:
            self.report.placed.append(f"bilagor: {', '.join(a.title for a in attachments)}")
        if self.note_lines:
            meeting.note = "Imported; lines not placed elsewhere: " + " / ".join(self.note_lines)
        self.report.paragraphs = len(meeting.paragraphs)
        self.report.actions = sum(len(p.actions) for p in meeting.paragraphs)
        if not drafts:
            self.report.look.append("no paragraph headings found ('§ 5', '5.', 'KS § 286'); the text is kept as one paragraph")
        return meeting

    def _written_reservations(self, attachments: list[model.Attachment]) -> list[model.Attachment]:
        """'Bilaga 2, skriftlig reservation § 42' back under the reservation that refers to it."""
        title = re.compile(
            rf"^{re.escape(self.words['attachment'])}\s+(\d+)\s*,\s*{re.escape(self.words['written_reservation'])}\b",
            re.IGNORECASE,
        )
        kept: list[model.Attachment] = []
        for attachment in attachments:
            m = title.match(attachment.title)
            reservation = self.written_refs.get(int(m.group(1))) if m else None
            if reservation is None or reservation.written:
                kept.append(attachment)
                continue
            lines = attachment.text.splitlines()
            if lines and _only_names(lines[0], reservation.by, self.matcher):
                lines = lines[1:]  # who reserved themselves, printed above the motivation
            reservation.written = "\n".join(lines).strip("\n") + "\n"
            self.report.placed.append(f"{attachment.title}: the written reservation of {', '.join(reservation.by)}")
        return kept

    def _whole_meeting_spans(self, meeting: model.Meeting) -> None:
        """A justerare's paragraphs that are every paragraph of the meeting are the default: left out."""
        if not meeting.paragraphs:
            return
        first, last = meeting.paragraphs[0].number, meeting.paragraphs[-1].number
        whole = f"{first}-{last}" if first != last else str(first)
        for verifier in meeting.verifiers:
            if verifier.paragraphs and re.sub(r"[§\s]", "", verifier.paragraphs).replace("–", "-") == whole:
                verifier.paragraphs = None

    def _drop_defaults(self, meeting: model.Meeting) -> None:
        """Place, time and chair equal to members.yaml's defaults are left to them, as a secretary would."""
        body = self.members.body
        if meeting.place and " ".join(meeting.place.split()) == " ".join(body.place.split()):
            meeting.place = None
        if meeting.time and meeting.time.replace("–", "-") == body.time.replace("–", "-"):
            meeting.time = None
        chair = self.directory.chair
        if meeting.presiding and chair is not None and normalise(meeting.presiding) == normalise(chair.name):
            meeting.presiding = None

    def tasks(self, text: str, where: str, day: dt.date) -> list[model.Action]:
        found = find_tasks(text, self.directory, day)
        for f in found:
            self.report.placed.append(f"{where}: uppdrag for {f.action.owner} (from “{_short(f.phrase)}”)")
        return [f.action for f in found]


def _join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """'Utses att' + 'kontrasignera': a label that a narrow table column wrapped onto two lines."""
    out: list[Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and header_label(line) is None and len(line.text) < 40:
            merged = Line(f"{line.text.strip()} {nxt.text.strip()}", line.hint, number=line.number)
            found = header_label(merged)
            if found is not None and " " in merged.text.strip() and not found[1]:
                out.append(merged)
                skip = True
                continue
        out.append(line)
    return out


def _only_names(line: str, names: list[str], matcher: Matcher) -> bool:
    """The line names exactly these people ('Per Lind (M) och Lisa Berg (KD)') and says nothing else."""
    from .names import PERSON_WITH_PARTY

    found = [matcher.canonical(m.group(1).strip()) for m in PERSON_WITH_PARTY.finditer(line)]
    rest = re.sub(r"\boch\b|[,\s]", "", PERSON_WITH_PARTY.sub("", line))
    return not rest and [normalise(n) for n in found] == [normalise(matcher.canonical(n)) for n in names]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Header:
    """The header fields of one document, applied to a meeting."""

    def __init__(self, rec: Recogniser, fields: list[tuple[str, list[Line]]]) -> None:
        self.rec = rec
        self.fields = fields
        self.report = rec.report
        #: (role, name, date) of each name under Underskrifter, in order.
        self.signatures: list[tuple[str, str, dt.date | None]] = []
        self.notice_by: str | None = None

    def values(self, name: str) -> list[str]:
        return [line.text.strip() for n, lines in self.fields if n == name for line in lines if line.text.strip()]

    def date(self) -> dt.date:
        """The meeting date: the document's own, else --date, else the file name's."""
        candidates = [
            *self.values("date"),
            *self.values("place_time"),
            *self.values("time"),
            *[v for v in self.values("heading")],
            *[line.text for line in self.rec.doc.lines if line.hint == "page"],
        ]
        for text in candidates:
            day = find_date(text)
            if day is not None:
                if self.rec.given_date and self.rec.given_date != day:
                    self.report.look.append(
                        f"--date {self.rec.given_date.isoformat()} differs from the document's date {day.isoformat()}; the document's is used"
                    )
                self.report.placed.append(f"date {day.isoformat()} (from “{_short(text)}”)")
                return day
        if self.rec.given_date:
            self.report.placed.append(f"date {self.rec.given_date.isoformat()} (from --date)")
            return self.rec.given_date
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", self.rec.doc.path.stem)
        if m:
            try:
                day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                day = None
            if day is not None:
                self.report.placed.append(f"date {day.isoformat()} (from the file name)")
                self.report.look.append("the document does not give its meeting date; taken from the file name")
                return day
        from kib.errors import ExitCode, KibError

        raise KibError(
            "the document gives no meeting date; give it with --date YYYY-MM-DD",
            file=self.rec.doc.path,
            exit_code=ExitCode.USAGE,
        )

    def apply(self, meeting: model.Meeting) -> None:
        rec = self.rec
        for name, lines in self.fields:
            values = [line.text.strip() for line in lines if line.text.strip()]
            handler = getattr(self, f"_{name}", None)
            if handler is not None:
                handler(meeting, values, lines)
            elif values:
                rec.note_lines.extend(values)
                self.report.free.append(f"header {name.replace('_', ' ')}: {_short(' / '.join(values))} (in the meeting note)")
        self._record_signatures(meeting)
        if meeting.announced is not None and self.notice_by:
            meeting.announced.by = self.notice_by

    # each handler: (meeting, values, lines)

    def _heading(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        body = self.rec.members.body
        known = {normalise(x) for x in (body.name, body.organisation, body.document_title, *body.heading_lines) if x}
        for value in values:
            key = normalise(value)
            if key in known or key in RECORD_TITLES or (find_date(value) is not None and len(value) < 40):
                continue
            person = self.rec.directory.get(value)
            if person is not None:
                # a signature name without its label: the chair signs, the secretary keeps the minutes
                if person.kind == "member":
                    if not any(normalise(a.name) == normalise(person.name) for a in meeting.attendees.members):
                        meeting.attendees.members.append(model.Attendee(name=person.name))
                    meeting.presiding = meeting.presiding or person.name
                    self.report.placed.append(f"{person.name}: signed as chair (presiding, present)")
                elif not any(normalise(o.name) == normalise(person.name) for o in meeting.attendees.others):
                    meeting.attendees.others.append(model.Participant(name=person.name))
                    self.report.placed.append(f"{person.name}: signed (övriga deltagare)")
                continue
            if any(normalise(value).startswith(k) for k in known if len(k) > 8) and len(value) < 120:
                continue
            self.rec.note_lines.append(value)
            self.report.free.append(f"heading line “{_short(value)}” (in the meeting note)")

    def _place_time(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        text = " ".join(values)
        found = find_time_range(text)
        rest = text
        if found:
            meeting.time, match = found
            rest = rest[: match.start()] + " " + rest[match.end() :]
        rest = re.sub(r"\b(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\b", " ", rest, flags=re.IGNORECASE)
        day = find_date(rest)
        if day is not None:
            rest = re.sub(r"\b(?:den\s+)?\d{1,2}(?::e|:a)?\s+[a-zåäö]+\.?(?:\s+\d{4})?\b|\b\d{4}-\d{2}-\d{2}\b", " ", rest, count=1)
        rest = re.sub(r"\b(?:kl\.?|klockan)\s*$", "", " ".join(rest.split())).strip(" ,;-–")
        extra = None
        paren = re.search(r"\(([^)]*)\)\s*$", rest)
        if paren and re.search(r"ajourn|paus", paren.group(1), re.IGNORECASE):
            extra = paren.group(0)
            rest = rest[: paren.start()].strip(" ,")
        if rest:
            meeting.place = rest
        self.report.placed.append(f"place and time: {meeting.place or '-'}, {meeting.time or '-'}")
        if extra:
            self.rec.note_lines.append(extra)
            self.report.free.append(f"“{extra}” (ajournering; in the meeting note)")

    def _place(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self._place_time(meeting, values, lines)

    def _time(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self._place_time(meeting, values, lines)

    def _date(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        rest = " ".join(values)
        if find_time_range(rest):
            self._place_time(meeting, values, lines)

    def _people(self, values: list[str], kind: str, where: str, reasons: bool = False) -> list[Named]:
        out: list[Named] = []
        for value in values:
            for named in split_people(value):
                if kind == "member" and (named.serving_for or where == "Ersättare") and named.role is None:
                    # an ersättare: proposed as one, and the member served for is proposed too
                    self.rec.matcher.propose(Named(named.name, party=named.party, role="ersättare"), kind, where)
                else:
                    self.rec.matcher.propose(named, kind, where)
                if named.serving_for:
                    self.rec.matcher.propose(Named(named.serving_for, party=named.serving_party), "member", where)
                out.append(named)
                if named.rest and not reasons:
                    self.report.look.append(f"{where}: “{_short(named.rest)}” after {named.name} was not understood (left out)")
        return out

    def _attendee(self, named: Named) -> model.Attendee:
        rec = self.rec
        person = rec.matcher.person(named.name)
        attendee = model.Attendee(name=rec.matcher.canonical(named.name), attendance=named.attendance)
        if named.serving_for:
            attendee.serving_for = rec.matcher.canonical(named.serving_for)
        attendee.from_paragraph, attendee.to_paragraph = named.from_paragraph, named.to_paragraph
        if named.role and named.role != "ersättare" and named.role != "ledamot":
            known = rec.directory.members_file.members
            member = next((m for m in known if person and m.name == person.name), None)
            if member is None or role_name(member.role) != named.role:
                attendee.role = named.role
        return attendee

    def _members(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if any(APPENDED_LIST.search(v) for v in values):
            meeting.attendees.list_appended = True
            self.report.placed.append("Beslutande: according to the appended list (list_appended)")
            values = [v for v in values if not APPENDED_LIST.search(v)]
        for named in self._people(values, "member", "Beslutande"):
            attendee = self._attendee(named)
            if named.not_serving:
                meeting.attendees.substitutes.append(attendee)
            elif not any(normalise(a.name) == normalise(attendee.name) for a in meeting.attendees.members):
                meeting.attendees.members.append(attendee)
        partial = sum(1 for a in meeting.attendees.members if a.attendance)
        serving = sum(1 for a in meeting.attendees.members if a.serving_for)
        self.report.placed.append(
            f"Beslutande: {len(meeting.attendees.members)}"
            + (f", {partial} with partial attendance" if partial else "")
            + (f", {serving} tjänstgörande ersättare" if serving else "")
        )

    def _substitutes(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        for named in self._people(values, "member", "Ersättare"):
            attendee = self._attendee(named)
            if named.serving_for and not named.not_serving:
                meeting.attendees.members.append(attendee)
            else:
                attendee.serving_for = None
                meeting.attendees.substitutes.append(attendee)
        self.report.placed.append(f"Ersättare: {len(meeting.attendees.substitutes)} present, not serving")

    def _others(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        rec = self.rec
        for named in self._people(values, "official", "Övriga deltagare"):
            official = rec.directory.official(rec.matcher.canonical(named.name))
            title = named.title
            if title and official is not None and official.title and normalise(official.title) == normalise(title):
                title = None
            if named.party and not title:
                title = None
            meeting.attendees.others.append(
                model.Participant(
                    name=rec.matcher.canonical(named.name),
                    title=title,
                    attendance=named.attendance,
                    title_first=named.title_first,
                )
            )
        self.report.placed.append(f"Övriga deltagare: {len(meeting.attendees.others)}")

    def _absent(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        for named in self._people(values, "member", "Frånvarande", reasons=True):
            meeting.attendees.absent.append(
                model.Absence(name=self.rec.matcher.canonical(named.name), reason=named.rest or named.title or named.attendance)
            )
        self.report.placed.append(f"Frånvarande: {len(meeting.attendees.absent)}")

    def _names_and_range(self, values: list[str]) -> tuple[list[tuple[str, str | None]], str | None]:
        """Who is appointed, each with the paragraphs printed after their name ('Lisa Berg (KD),
        paragrafer 1–3'), and the paragraphs of a line of their own."""
        people: list[tuple[str, str | None]] = []
        span = None
        for value in values:
            m = SPAN_WORDS.match(value)
            if m:
                span = _span(m.group(1))
                continue
            for part in re.split(r",|\soch\s|;", value):
                part = part.strip()
                own = SPAN_WORDS.match(part)
                if own and people:
                    people[-1] = (people[-1][0], _span(own.group(1)))
                    continue
                part = re.sub(r"\(.*?\)", "", part).strip()
                if part and not re.fullmatch(r"[\d\s§–-]+", part):
                    people.append((self.rec.matcher.canonical(part), None))
        return people, span

    def _countersigner(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        people, span = self._names_and_range(values)
        if people:
            name, own = people[0]
            meeting.countersigner = model.Countersigner(name=name, paragraphs=own or span)
            self.report.placed.append(f"Utses att kontrasignera: {name}" + (f", §§ {own or span}" if own or span else ""))

    def _verifiers(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        people, span = self._names_and_range(values)
        for name, own in people:
            if not any(normalise(v.name) == normalise(name) for v in meeting.verifiers):
                meeting.verifiers.append(model.Verifier(name=name, paragraphs=own or span))
        if people:
            self.report.placed.append(f"Utses att justera: {', '.join(name for name, _ in people)}")

    def _paragraphs(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        ranges = [v for v in values if re.fullmatch(r"[\d\s§,–-]+", v)]
        others = [v for v in values if v not in ranges]
        for value in others:  # a signature's name printed under the paragraphs' row
            if self.rec.directory.get(value) is None:
                self.rec.note_lines.append(value)
        span = " ".join(ranges[:1]).replace("§", "").replace("–", "-").replace(" ", "")
        if not span:
            return
        if meeting.countersigner is not None and not meeting.countersigner.paragraphs:
            meeting.countersigner.paragraphs = span
        for v in meeting.verifiers:
            v.paragraphs = v.paragraphs or span
        self.report.placed.append(f"Paragrafer {span}")

    def _signing(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        from kib.documents.context import signing_words

        text = " ".join(values)
        if not text:
            return
        day = find_date(text, meeting.date)
        time = find_time(text)
        rest = re.sub(r"\b(?:kl\.?|klockan)\s*\d{1,2}(?:[.:]\d{2})?", " ", text)
        rest = re.sub(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?::e|:a)?\s+[a-zåäö]+\.?(?:\s+\d{4})?\b", " ", rest)
        rest = re.sub(r"\b(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?|den)\b", " ", rest, flags=re.IGNORECASE)
        rest = " ".join(rest.split()).strip(" ,;-–")
        appointment = model.SigningAppointment(date=day, time=time, place=rest or None, text=text)
        protokoll = self.rec.members.body.kind != "beredning"
        if day is not None and signing_words(appointment, meeting.date, protokoll=protokoll) == " ".join(text.split()):
            appointment.text = None  # kib prints the very same words from the date, time and place
        meeting.signing = appointment
        self.report.placed.append(f"signing appointment: {text}")

    def _signed_names(self, meeting: model.Meeting, values: list[str]) -> list[tuple[str, dt.date | None]]:
        """The names under a signature label, each with the date beside or below it when printed."""
        out: list[tuple[str, dt.date | None]] = []
        for value in values:
            rest, day = split_date(value, meeting.date)
            rest = re.sub(r"\s*\(.*?\)\s*$", "", rest).strip(" ,;")
            if rest and re.match(r"[A-ZÅÄÖÉÜ]", rest):
                out.append((self.rec.matcher.canonical(rest), day))
            elif day is not None and out and out[-1][1] is None:
                out[-1] = (out[-1][0], day)  # the date on the line below the name
        return out

    def _signed(self, role: str, names: list[tuple[str, dt.date | None]]) -> None:
        self.signatures += [(role, name, day) for name, day in names]

    def _sig_secretary(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        names = self._signed_names(meeting, values)[:1]
        self._signed("secretary", names)
        name = names[0][0] if names else None
        secretary = self.rec.directory.secretary
        if name and (secretary is None or normalise(secretary.name) != normalise(name)):
            self.report.look.append(f"signed by sekreterare {name}, who is not the secretary in members.yaml")
            self.rec.matcher.propose(Named(name, title="sekreterare"), "official", "Sekreterare")
            proposed = self.rec.matcher.proposed.get(normalise(name))
            if proposed is not None and secretary is None:
                proposed.secretary = True

    def _sig_chair(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        names = self._signed_names(meeting, values)[:1]
        self._signed("chair", names)
        if names:
            meeting.presiding = names[0][0]
            self.report.placed.append(f"Ordförande (signature): {names[0][0]} presided")

    def _sig_countersigner(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        names = self._signed_names(meeting, values)[:1]
        self._signed("verifier", names)
        if names and meeting.countersigner is None:
            meeting.countersigner = model.Countersigner(name=names[0][0])

    def _sig_verifier(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        names = self._signed_names(meeting, values)
        self._signed("verifier", names)
        if not meeting.verifiers:
            meeting.verifiers = [model.Verifier(name=n) for n, _ in names]

    def _record_signatures(self, meeting: model.Meeting) -> None:
        """Each signature under Underskrifter with its date, once every signatory's date is printed."""
        from kib.timeline.signers import missing_signers

        dated = [s for s in self.signatures if s[2] is not None]
        if not dated:
            return
        if len(dated) < len(self.signatures):
            undated = ", ".join(name for _, name, day in self.signatures if day is None)
            self.report.look.append(f"Underskrifter: no date printed for {undated}; no signature recorded")
            return
        signatures = [model.Signature(role=role, name=name, date=day) for role, name, day in dated if day]  # type: ignore[arg-type]
        last = max(s.date for s in signatures)
        probe = model.Meeting(
            date=meeting.date,
            presiding=meeting.presiding,
            verifiers=meeting.verifiers,
            countersigner=meeting.countersigner,
            signed=model.Signed(date=last, signatures=signatures),
        )
        missing = missing_signers(self.rec.committee, probe)
        if missing:
            who = ", ".join(m.name or m.role for m in missing)
            self.report.look.append(f"Underskrifter: {who} has not signed; no signature recorded")
            return
        meeting.signed = meeting.signed or model.Signed(date=last)
        meeting.signed.signatures = signatures
        self.report.placed.append(
            "Underskrifter: " + ", ".join(f"{name} {day.isoformat()}" for _, name, day in dated if day)
        )

    def _signatures(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self.rec.note_lines.extend(values)

    def _statement(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        text = " ".join(" ".join(values).split())
        day = find_date(text, meeting.date)
        if day is None and re.search(r"justerat|tillkännagivits|anslag", text, re.IGNORECASE):
            self.report.placed.append(f"“{_short(text)}” (the ANSLAG/BEVIS wording, which kib prints itself)")
            return
        if day is None:
            self.report.look.append(f"signed statement without a date: “{_short(text)}” (in the meeting note)")
            self.rec.note_lines.append(text)
            return
        body = self.rec.members.body
        from kib.swedish import long_date

        expected = body.signed_statement.format(
            body=body.genitive or body.name + "s", date=long_date(day), reports_to=body.reports_to
        )
        meeting.signed = model.Signed(date=day)
        if " ".join(expected.split()) != text:
            meeting.signed.statement = text
        self.report.placed.append(f"signed {day.isoformat()} (the signed statement)")

    def _notice(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        for value in values:
            if re.search(r"sätts upp|uppsatt|anslagits|tillkännagivits", value, re.IGNORECASE):
                self._notice_up(meeting, [value], lines)
            elif value:
                self.rec.note_lines.append(value)

    def _notice_up(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        day = find_date(" ".join(values), meeting.date)
        if day is not None:
            meeting.announced = model.Announced(date=day)
            self.report.placed.append(f"ANSLAG/BEVIS: notice up {day.isoformat()}")

    def _notice_down(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self.report.placed.append(f"ANSLAG/BEVIS: notice down {' '.join(values)} (follows from the date up)")

    def _notice_verified(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        day = find_date(" ".join(values), meeting.date)
        if day is not None and meeting.signed is None:
            meeting.signed = model.Signed(date=day)
            self.report.placed.append(f"justerat {day.isoformat()} (ANSLAG/BEVIS: datum för justering)")

    def _notice_appeal_ends(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self.report.placed.append(f"ANSLAG/BEVIS: last day to appeal {' '.join(values)} (follows from the date up)")

    def _notice_body(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        return None

    def _notice_kept(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            kept = " ".join(values)
            if normalise(kept) != normalise(self.rec.members.body.record_kept_at or ""):
                self.report.look.append(f"förvaringsplats “{kept}”: set body.record_kept_at in members.yaml")

    def _notice_sign(self, meeting: model.Meeting, values: list[str], lines: list[Line]) -> None:
        if values:
            self.notice_by = self.rec.matcher.canonical(values[0])
