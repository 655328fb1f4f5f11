"""Who served in each paragraph: the basis of every vote, reservation and quorum a protokoll records.

Attendance in a nämnd is per paragraph. A member present serves from the paragraph they arrive at
(`from_paragraph`) up to the one after which they leave (`to_paragraph`); a tjänstgörande ersättare
serves likewise for the member named in `serving_for`; a jävig member neither serves nor is present in
that paragraph, and an ersättare may serve in their place (`replaced_by`). Ersättare present but not
serving are listed apart. The body may decide only when more than half of its ledamöter serve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .people import Directory, normalise

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from kib.record import model


class Seat(NamedTuple):
    """One person serving in a paragraph, and for whom when they are an ersättare."""

    name: str
    serving_for: str | None = None


@dataclass(frozen=True)
class ParagraphService:
    """Who served, who was present without serving and who was jävig in one paragraph."""

    number: int
    serving: tuple[Seat, ...]
    present_substitutes: tuple[str, ...]
    disqualified: tuple[str, ...]
    seats: int

    @property
    def needed(self) -> int:
        """More than half of the body's ledamöter."""
        return self.seats // 2 + 1

    @property
    def quorate(self) -> bool:
        return len(self.serving) >= self.needed

    def serves(self, name: str) -> bool:
        key = normalise(name)
        return any(normalise(s.name) == key for s in self.serving)

    def is_disqualified(self, name: str) -> bool:
        key = normalise(name)
        return any(normalise(d) == key for d in self.disqualified)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.serving]


def _in_range(attendee: model.Attendee, number: int) -> bool:
    low = attendee.from_paragraph
    high = attendee.to_paragraph
    return (low is None or number >= low) and (high is None or number <= high)


def seats(members_file: model.MembersFile, on: dt.date) -> int:
    """The body's ledamöter on a date: its members who are not ersättare and whose term covers the date."""
    return sum(
        1
        for m in members_file.members
        if "ersättare" not in m.role.casefold()
        and (m.from_date is None or m.from_date <= on)
        and (m.to_date is None or on <= m.to_date)
    )


def serving_by_paragraph(
    meeting: model.Meeting, members_file: model.MembersFile, directory: Directory | None = None
) -> list[ParagraphService]:
    """For each paragraph of the meeting, in order: who served, who was present without serving, who was jävig."""
    people = directory or Directory(members_file)

    def canonical(name: str) -> str:
        person = people.member(name)
        return person.name if person else name

    total = seats(members_file, meeting.date)
    # names resolved once per meeting: the paragraphs only filter them by range and jäv
    attending = [
        (canonical(a.name), a, canonical(a.serving_for) if a.serving_for else None) for a in meeting.attendees.members
    ]
    attending_keys = [normalise(name) for name, _, _ in attending]
    substitutes = [(canonical(a.name), a) for a in meeting.attendees.substitutes]
    substitute_keys = [normalise(name) for name, _ in substitutes]
    out = []
    for paragraph in meeting.paragraphs:
        number = paragraph.number
        jav = {normalise(canonical(d.name)) for d in paragraph.disqualified}
        serving: list[Seat] = []
        taken: set[str] = set()
        for (name, attendee, served), key in zip(attending, attending_keys, strict=True):
            if key in jav or key in taken or not _in_range(attendee, number):
                continue
            serving.append(Seat(name, served))
            taken.add(key)
        for d in paragraph.disqualified:
            if d.replaced_by:
                name = canonical(d.replaced_by)
                key = normalise(name)
                if key not in taken and key not in jav:
                    serving.append(Seat(name, canonical(d.name)))
                    taken.add(key)
        present: list[str] = []
        for (name, substitute), key in zip(substitutes, substitute_keys, strict=True):
            if key in taken or key in jav or not _in_range(substitute, number) or name in present:
                continue
            present.append(name)
        out.append(
            ParagraphService(
                number=number,
                serving=tuple(serving),
                present_substitutes=tuple(present),
                disqualified=tuple(canonical(d.name) for d in paragraph.disqualified),
                seats=total,
            )
        )
    return out
