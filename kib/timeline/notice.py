"""The tillkännagivande of a justerat protokoll: what the anslagstavla shows (8 kap. 12 § KL), as a
Word document, a plain accessible web page and JSON, from one set of fields.

The same fields make the ANSLAG/BEVIS block printed on the protokoll itself (`notice_fields`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kib.swedish import long_date

from . import legal_dates as law
from .signers import justerat
from .status import has_anslag, timeline

if TYPE_CHECKING:
    from kib.body.committee import Committee
    from kib.record import model

TITLE = "Tillkännagivande av justerat protokoll"


@dataclass(frozen=True)
class NoticeFields:
    """Everything the notice and the ANSLAG/BEVIS block say."""

    body: str
    meeting: dt.date
    paragraphs: str
    justerat: dt.date
    posted: dt.date
    take_down: dt.date
    appeal_ends: dt.date
    kept_at: str | None
    certified_by: str | None
    notice_board: str | None
    verified_at_meeting: str = ""
    #: the body's labels (kib.body.vocabulary, with members.yaml's `labels:`), which name the rows
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def statement(self) -> str:
        text = (
            f"Protokollet från {self.body}s sammanträde den {long_date(self.meeting)} är justerat den "
            f"{long_date(self.justerat)}. Justeringen har tillkännagivits genom anslag."
        )
        if self.verified_at_meeting:
            text += f" {self.verified_at_meeting} justerades omedelbart vid sammanträdet."
        return text

    @property
    def appeal_statement(self) -> str:
        return (
            "Den som är medlem i kommunen får överklaga beslut i protokollet genom laglighetsprövning enligt "
            "13 kap. kommunallagen. Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från "
            f"den dag då anslaget sattes upp, det vill säga senast den {long_date(self.appeal_ends)}."
        )

    def rows(self) -> list[tuple[str, str, dt.date | None]]:
        """(Swedish label, text, the date it shows or None), in the order of an ANSLAG/BEVIS block."""
        words = self.labels or _default_labels()
        rows: list[tuple[str, str, dt.date | None]] = [
            (words["notice_body"], self.body, None),
            (words["notice_meeting_date"], long_date(self.meeting), self.meeting),
        ]
        if self.paragraphs:
            rows.append((words["notice_paragraphs"], self.paragraphs, None))
        rows += [
            (words["notice_verified"], long_date(self.justerat), self.justerat),
            (words["notice_up"], long_date(self.posted), self.posted),
            (words["notice_down"], long_date(self.take_down), self.take_down),
            (words["notice_appeal_ends"], long_date(self.appeal_ends), self.appeal_ends),
            (words["notice_kept_at"], self.kept_at or "", None),
            (words["notice_certified_by"], self.certified_by or "", None),
        ]
        return rows

    def as_json(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "meeting": self.meeting.isoformat(),
            "paragraphs": self.paragraphs,
            "justerat": self.justerat.isoformat(),
            "announced": self.posted.isoformat(),
            "take_down": self.take_down.isoformat(),
            "appeal_ends": self.appeal_ends.isoformat(),
            "record_kept_at": self.kept_at,
            "certified_by": self.certified_by,
            "notice_board": self.notice_board,
            "verified_at_meeting": self.verified_at_meeting or None,
        }


def _default_labels() -> dict[str, str]:
    from kib.body.vocabulary import labels

    return labels("nämnd")


def notice_fields(
    committee: Committee, meeting: model.Meeting, posted: dt.date | None = None, by: str | None = None
) -> NoticeFields | None:
    """The fields of the notice (posted on `posted`, default the recorded date); None when there is no
    anslag: a beredning, a protokoll not yet justerat, or one not announced."""
    from kib.body.vocabulary import body_labels
    from kib.swedish import paragraph_range

    done = justerat(committee, meeting)
    day = posted or (meeting.announced.date if meeting.announced else None)
    if not has_anslag(committee) or done is None or day is None:
        return None
    line = timeline(committee, meeting)
    numbers = [p.number for p in meeting.paragraphs]
    immediate = list(line.verified_at_meeting)
    secretary = committee.secretary
    body = committee.members.body
    who = by or (meeting.announced.by if meeting.announced and meeting.announced.date == day else None)
    return NoticeFields(
        body=body.name,
        meeting=meeting.date,
        paragraphs=_paragraphs(paragraph_range(numbers), len(numbers)),
        justerat=done,
        posted=day,
        take_down=law.take_down(day),
        appeal_ends=law.appeal_ends(day),
        kept_at=body.record_kept_at,
        certified_by=who or (secretary.name if secretary else None),
        notice_board=body.notice_board,
        verified_at_meeting=_paragraphs(", ".join(str(n) for n in immediate), len(immediate)),
        labels=body_labels(body),
    )


def _paragraphs(numbers: str, count: int) -> str:
    if not numbers:
        return ""
    return f"§ {numbers}" if count == 1 else f"§§ {numbers}"


# ---------------------------------------------------------------- the three documents


def to_json(fields: NoticeFields) -> bytes:
    return (json.dumps(fields.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_html(fields: NoticeFields) -> bytes:
    """A plain page: lang="sv", a title, headings, the fields as a definition list, no scripts."""
    import importlib.resources

    import jinja2

    source = (importlib.resources.files("kib") / "timeline" / "notice.html").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.from_string(source).render(n=fields, title=TITLE, long=long_date).encode("utf-8")


def to_docx(fields: NoticeFields) -> bytes:
    """The notice for the physical anslagstavla or the archive: heading, statement, the fields, appeal."""
    import docx  # only for this document

    document = docx.Document()
    properties = document.core_properties
    properties.title = f"{TITLE}: {fields.body} {long_date(fields.meeting)}"
    properties.language = "sv-SE"
    properties.subject = fields.body
    if fields.certified_by:
        properties.author = fields.certified_by
    document.add_heading(TITLE, level=1)
    document.add_paragraph(fields.statement)
    document.add_heading("Anslag/bevis", level=2)
    rows = fields.rows()
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, text, _) in zip(table.rows, rows, strict=True):
        label_cell, text_cell = row.cells
        run = label_cell.paragraphs[0].add_run(label)
        run.bold = True
        text_cell.paragraphs[0].add_run(text)
    document.add_heading("Överklagande", level=2)
    document.add_paragraph(fields.appeal_statement)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
