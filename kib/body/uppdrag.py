"""An uppdrag as the body follows it: its id, resolved owner and due date, and the rules that give them."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kib.record import model

    from .people import Person

NEXT_MEETING = ("nästa sammanträde", "nästa möte", "nästa gång")


@dataclass(frozen=True)
class ActionRecord:
    """One uppdrag as written (`model.Action`), where it was given, and what the body makes of it."""

    action: model.Action
    id: str
    body: str
    person: Person | None  # the owner resolved, None when members.yaml has nobody (or several) by that name
    meeting: dt.date
    paragraph: int
    due: dt.date | None  # a date, or the next meeting's date for 'nästa sammanträde' once known
    path: Path
    position: tuple[int, int]  # index of the paragraph in the file, index of the action in it

    @property
    def owner(self) -> str:
        """Full name when resolved, else as written."""
        return self.person.name if self.person else self.action.owner

    @property
    def owner_written(self) -> str:
        return self.action.owner

    @property
    def resolved(self) -> bool:
        return self.person is not None

    @property
    def task(self) -> str:
        return self.action.task

    @property
    def due_text(self) -> str | None:
        return self.action.due if isinstance(self.action.due, str) else None

    @property
    def done(self) -> dt.date | None:
        return self.action.done.date if self.action.done else None

    @property
    def reported(self) -> str | None:
        return self.action.done.reported if self.action.done else None

    @property
    def note(self) -> str | None:
        """The note of its reporting when there is one, else the uppdrag's own."""
        if self.action.done and self.action.done.note:
            return self.action.done.note
        return self.action.note

    @property
    def status(self) -> str:
        return "done" if self.done else "open"

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and self.due is not None and self.due < today


def format_action_id(meeting: dt.date, paragraph: int, order: int, given: str | None) -> str:
    """`2008-16-1`: year, paragraph, order (1-based), unless the file gives its own id."""
    return given or f"{meeting.year}-{paragraph}-{order}"


def new_action_id(meeting: dt.date, paragraph: int, existing: int, taken: Collection[str]) -> str:
    """The id of an uppdrag added after `existing` others to a paragraph, unlike every id in `taken`."""
    order = existing + 1
    while (ident := format_action_id(meeting, paragraph, order, None)) in taken:
        order += 1
    return ident


def resolve_due(
    due: dt.date | str | None, meeting: dt.date, known: list[dt.date], incomplete: frozenset[int]
) -> dt.date | None:
    """A due date; 'nästa sammanträde' is the next meeting day known, unless a year between has dates
    still to be adopted."""
    if isinstance(due, dt.date):
        return due
    if isinstance(due, str) and due.strip().casefold() in NEXT_MEETING:
        i = bisect.bisect_right(known, meeting)
        if i >= len(known):
            return None
        candidate = known[i]
        if any(year in incomplete for year in range(meeting.year, candidate.year + 1)):
            return None
        return candidate
    return None

