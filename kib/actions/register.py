"""Collecting the uppdrag of every meeting into one register, with owners resolved to people."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KibError, Problem
from ..people import Directory
from ..store import BodyDir, Loaded

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from .. import model
    from ..index import MeetingInfo

NEXT_MEETING = ("nästa sammanträde", "nästa möte", "nästa gång")


@dataclass(frozen=True)
class ActionRecord:
    """One uppdrag as the register shows it."""

    id: str
    body: str
    owner: str  # full name when resolved, else as written
    owner_written: str
    resolved: bool
    task: str
    meeting: dt.date
    paragraph: int
    due: dt.date | None
    due_text: str | None
    done: dt.date | None
    reported: str | None
    note: str | None
    path: Path
    position: tuple[int, int]  # index of the paragraph in the file, index of the action in it

    @property
    def status(self) -> str:
        return "done" if self.done else "open"

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and self.due is not None and self.due < today


def action_id(meeting: model.Meeting, paragraph: model.Paragraph, order: int, action: model.Action) -> str:
    """`2008-16-1`: year, paragraph, order (1-based) unless the file gives its own id."""
    return format_action_id(meeting.date, paragraph.number, order, action.id)


def format_action_id(meeting: dt.date, paragraph: int, order: int, given: str | None) -> str:
    """`2008-16-1`: year, paragraph, order (1-based), unless the file gives its own id."""
    return given or f"{meeting.year}-{paragraph}-{order}"


def _resolve_due(
    due: dt.date | str | None, meeting_date: dt.date, later_dates: list[dt.date], incomplete: frozenset[int]
) -> dt.date | None:
    if isinstance(due, dt.date):
        return due
    if isinstance(due, str) and due.strip().casefold() in NEXT_MEETING:
        i = bisect.bisect_right(later_dates, meeting_date)
        if i >= len(later_dates):
            return None
        candidate = later_dates[i]
        if any(year in incomplete for year in range(meeting_date.year, candidate.year + 1)):
            return None
        return candidate
    return None


def _schedule_years(body: BodyDir) -> list[tuple[int, list[dt.date], int | None]]:
    try:
        years = body.schedule.years
    except KibError:  # a broken schedule is reported by `kib check`, not here
        years = []
    return [(year.year, year.dates, year.count) for year in years]


def _known_dates(
    held: set[dt.date], years: list[tuple[int, list[dt.date], int | None]]
) -> tuple[list[dt.date], frozenset[int]]:
    dates = set(held)
    incomplete = set()
    for year, adopted, count in years:
        dates.update(adopted)
        if count is not None and len(set(adopted)) < count:
            incomplete.add(year)
    return sorted(dates), frozenset(incomplete)


def collect(body: BodyDir, loaded: list[Loaded] | None = None) -> tuple[list[ActionRecord], list[Problem]]:
    """Every uppdrag of a body, in meeting order; problems for files that could not be read.

    Without `loaded`, the meetings come from the scan cache (`kib.index`): unchanged files are not parsed again.
    """
    from ..index import MeetingInfo, scan_meetings, summarise

    items: list[MeetingInfo | Loaded]
    if loaded is None:
        info = body.info
        body_name, directory, years = info.name, info.directory, info.years
        items = scan_meetings(body)
    else:
        directory = Directory(body.members)
        body_name = body.members.body.name
        years = _schedule_years(body)
        items = [summarise(x.path, x.value) if x.value is not None and x.ok else x for x in loaded]
    held = set()
    for x in items:
        if isinstance(x, MeetingInfo):
            held.add(x.date)
        elif x.value is not None:  # a file with problems still tells when a meeting was held
            held.add(x.value.date)
    dates, incomplete = _known_dates(held, years)
    records: list[ActionRecord] = []
    problems: list[Problem] = []
    for item in items:
        if not isinstance(item, MeetingInfo):
            problems.extend(p for p in item.problems if p.severity == "error")
            continue
        records.extend(_records(item, body_name, directory, dates, incomplete))
    return records, problems


def _records(
    meeting: MeetingInfo,
    body_name: str,
    directory: Directory,
    dates: list[dt.date],
    incomplete: frozenset[int],
) -> list[ActionRecord]:
    out = []
    for pi, paragraph in enumerate(meeting.paragraphs):
        for ai, action in enumerate(paragraph.actions):
            person = directory.get(action.owner)  # remembered by the directory: few owners, many uppdrag
            out.append(
                ActionRecord(
                    id=format_action_id(meeting.date, paragraph.number, ai + 1, action.id),
                    body=body_name,
                    owner=person.name if person else action.owner,
                    owner_written=action.owner,
                    resolved=person is not None,
                    task=action.task,
                    meeting=meeting.date,
                    paragraph=paragraph.number,
                    due=_resolve_due(action.due, meeting.date, dates, incomplete),
                    due_text=action.due if isinstance(action.due, str) else None,
                    done=action.done,
                    reported=action.reported,
                    note=action.done_note if action.done and action.done_note else action.note,
                    path=meeting.path,
                    position=(pi, ai),
                )
            )
    return out


def open_due_by(body: BodyDir, day: dt.date) -> list[ActionRecord]:
    """Open uppdrag given before `day` and due at or before it (or with no due date): the agenda's follow-up."""
    records, _ = collect(body)
    return [r for r in records if r.done is None and r.meeting < day and (r.due is None or r.due <= day)]
