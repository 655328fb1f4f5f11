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

from .. import model
from ..people import normalise
from .lines import Line
from .names import split_people

if TYPE_CHECKING:
    from .recognise import Recogniser

SPAN = re.compile(r"§§?\s*(\d+)(?:\s*[-–]\s*(\d+))?")


def served(text: str) -> set[int]:
    """Paragraph numbers of '§§ 11–13, § 15'; none for '–'."""
    numbers: set[int] = set()
    for m in SPAN.finditer(text.replace("\u00a0", " ")):
        low = int(m.group(1))
        high = int(m.group(2) or low)
        numbers.update(range(low, high + 1) if 0 <= high - low < 1000 else (low,))
    return numbers


def rows(lines: list[Line]) -> list[tuple[str, ...]]:
    """The list's rows as cells: a wide table gives its cells; a two-column one a label and its value."""
    out: list[tuple[str, ...]] = []
    pending: str | None = None
    for line in lines:
        if line.cells:
            out.append(tuple(" ".join(c.split()) for c in line.cells))
        elif line.hint == "label":
            if pending is not None:
                out.append((pending, ""))
            pending = " ".join(line.text.split())
            continue
        elif pending is not None:
            out.append((pending, " ".join(line.text.split())))
        pending = None
    if pending is not None:
        out.append((pending, ""))
    return out


def appended_list(rec: Recogniser, meeting: model.Meeting, lines: list[Line]) -> None:
    """Beslutande and present ersättare from the appended list, when the header gave none."""
    attendees = meeting.attendees
    found = rows(lines)
    words = rec.words
    if found and normalise(found[0][0]) == normalise(words["vote_name"]):
        found = found[1:]
    if attendees.members or not found or not meeting.paragraphs:
        rec.report.placed.append(f"{words['attendance_list']}: not read (the header lists the beslutande)")
        return
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
        if not people:
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
    rec.report.placed.append(
        f"{words['attendance_list']}: {len(attendees.members)} beslutande, {len(attendees.substitutes)} ersättare present"
    )
