"""The närvaro- och voteringslista appended after the paragraphs, read back into the attendance.

When a protokoll says "Beslutande: enligt bifogad närvaro- och voteringslista", who served stands in
that list instead of the header: a row per person with the paragraphs they served in ("§§ 11–13",
"§ 11, § 13"), an ersättare present but not serving with a dash, and one column per vote (the votes
themselves are read from each paragraph's own voteringslista). The list orders people by the first
paragraph they served in; the meeting file lists them in members.yaml's order. Who served follows
from the rows and the paragraphs' jäv: a member jävig in a paragraph is absent from it without
leaving the meeting, and an ersättare who only replaced a jävig member is present, not serving.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kib.body.people import normalise
from kib.record import model

from .lines import Line
from .names import split_people

if TYPE_CHECKING:
    from .reading import Reading

SPAN = re.compile(r"§§?\s*(\d+)(?:\s*[-–]\s*(\d+))?")
#: A row of the list as plain text (a PDF or a text export): "Karin Ek (S) §§ 11–13 Ja", "Eva Sten (L), ersättare –".
TEXT_ROW = re.compile(
    r"^(?P<who>.*?\(\s*[A-Za-zÅÄÖåäö]{1,5}\s*\).*?)\s+(?P<served>(?:§§?\s*\d+(?:\s*[-–]\s*\d+)?(?:,\s*)?)+|[–-])"
    r"(?:\s+(?:Ja|Nej|Avstår))*$"
)


def served(text: str) -> set[int]:
    """Paragraph numbers of '§§ 11–13, § 15'; none for '–'."""
    numbers: set[int] = set()
    for m in SPAN.finditer(text.replace("\u00a0", " ")):
        low = int(m.group(1))
        high = int(m.group(2) or low)
        numbers.update(range(low, high + 1) if 0 <= high - low < 1000 else (low,))
    return numbers


def belongs(line: Line) -> bool:
    """A line of the list, which runs to the next heading: table rows, or rows as lines of text."""
    return line.hint in ("row", "label", "text")


def rows(lines: list[Line], header: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The list's rows as cells (a wide table's cells; a two-column table's label and value; a line of
    text, joined to the next while a narrow column wrapped it), and the lines not understood."""
    out: list[tuple[str, ...]] = []
    left: list[str] = []
    pending: str | None = None  # a two-column table's label, waiting for its value
    wrapped = ""  # text lines of one row, while it does not end in the paragraphs served
    for line in lines:
        text = " ".join(line.text.split())
        if line.cells:
            out.append(tuple(" ".join(c.split()) for c in line.cells))
        elif line.hint == "label":
            if pending is not None:
                out.append((pending, ""))
            pending = text
        elif pending is not None:
            out.append((pending, text))
            pending = None
        elif normalise(text).startswith(normalise(header)) and not wrapped:
            continue  # the header of a row printed as text
        else:
            wrapped = f"{wrapped} {text}".strip()
            found = TEXT_ROW.match(wrapped)
            if found is not None:
                out.append((found.group("who"), found.group("served")))
                wrapped = ""
            elif len(wrapped) > 300:
                left.append(wrapped)
                wrapped = ""
    if pending is not None:
        out.append((pending, ""))
    if wrapped:
        left.append(wrapped)
    return out, left


def appended_list(rec: Reading, meeting: model.Meeting, lines: list[Line]) -> bool:
    """Beslutande and present ersättare from the appended list, when the header gave none; False when
    the list was not read (the caller keeps it as a bilaga)."""
    attendees = meeting.attendees
    words = rec.words
    found, left = rows(lines, words["vote_name"])
    if found and normalise(found[0][0]) == normalise(words["vote_name"]):
        found = found[1:]
    if attendees.members or not found or not meeting.paragraphs:
        rec.report.free.append(f"{words['attendance_list']}: kept as a bilaga (the header lists the beslutande)")
        return False
    numbers = [p.number for p in meeting.paragraphs]
    jav: dict[str, set[int]] = {}
    replacing: dict[str, set[int]] = {}
    for p in meeting.paragraphs:
        for d in p.disqualified:
            jav.setdefault(normalise(rec.matcher.canonical(d.name)), set()).add(p.number)
            if d.replaced_by:
                replacing.setdefault(normalise(rec.matcher.canonical(d.replaced_by)), set()).add(p.number)
    for cells in found:
        people = split_people(cells[0])
        if not people or not re.search(r"§|^[–-]$", cells[1] if len(cells) > 1 else ""):
            left.append(" ".join(cells))
            continue
        named = people[0]
        name = rec.matcher.canonical(named.name)
        rec.matcher.propose(named, "member", words["attendance_list"])
        key = normalise(name)
        own = served(cells[1] if len(cells) > 1 else "") - replacing.get(key, set())
        if not own:
            if not any(normalise(a.name) == key for a in attendees.substitutes):
                attendees.substitutes.append(model.Attendee(name=name))
            continue
        covered = own | jav.get(key, set())
        attendee = model.Attendee(name=name)
        if named.serving_for:
            attendee.serving_for = rec.matcher.canonical(named.serving_for)
        if min(covered) > numbers[0]:
            attendee.from_paragraph = min(covered)
        if max(covered) < numbers[-1]:
            attendee.to_paragraph = max(covered)
        attendees.members.append(attendee)
    # the list orders people by the first paragraph they served in; the file keeps members.yaml's order
    order = {normalise(m.name): i for i, m in enumerate(rec.members.members)}
    attendees.members.sort(key=lambda a: order.get(normalise(a.name), len(order)))
    attendees.list_appended = True
    for text in left:  # kept in the meeting's note, never dropped
        rec.note_lines.append(text)
        rec.report.free.append(f"{words['attendance_list']}: “{text}” not understood (in the meeting note)")
    rec.report.placed.append(
        f"{words['attendance_list']}: {len(attendees.members)} beslutande, {len(attendees.substitutes)} ersättare present"
    )
    return True
