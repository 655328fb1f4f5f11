"""Collecting the uppdrag of every meeting into one register, with owners resolved to people."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..errors import KibError, Problem
from ..people import AmbiguousName, Directory
from ..store import BodyDir, Loaded, load_all_meetings

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
    return action.id or f"{meeting.date.year}-{paragraph.number}-{order}"


def resolve_due(
    action: model.Action, meeting_date: dt.date, later_dates: list[dt.date], incomplete: frozenset[int] = frozenset()
) -> dt.date | None:
    """A due date, or for 'nästa sammanträde' the first meeting after the one that gave the uppdrag.

    When the records of a year in between are incomplete (schedule.yaml knows fewer dates than the
    meetings decided), the next meeting is not known, and guessing a later one would be wrong.
    """
    if isinstance(action.due, dt.date):
        return action.due
    if isinstance(action.due, str) and action.due.strip().casefold() in NEXT_MEETING:
        i = bisect.bisect_right(later_dates, meeting_date)
        if i >= len(later_dates):
            return None
        candidate = later_dates[i]
        if any(year in incomplete for year in range(meeting_date.year, candidate.year + 1)):
            return None
        return candidate
    return None


def meeting_dates(body: BodyDir, loaded: list[Loaded]) -> tuple[list[dt.date], frozenset[int]]:
    """Known meeting dates (held: files; adopted: schedule.yaml), sorted, and the years known to be incomplete."""
    dates = {item.value.date for item in loaded if item.value is not None}
    incomplete = set()
    try:
        years = body.schedule.years
    except KibError:  # a broken schedule is reported by `kib check`, not here
        years = []
    for year in years:
        dates.update(year.dates)
        if year.count is not None and len(set(year.dates)) < year.count:
            incomplete.add(year.year)
    return sorted(dates), frozenset(incomplete)


def collect(body: BodyDir, loaded: list[Loaded] | None = None) -> tuple[list[ActionRecord], list[Problem]]:
    """Every uppdrag of a body, in meeting order; problems for files that could not be read."""
    loaded = load_all_meetings(body) if loaded is None else loaded
    directory = Directory(body.members)
    dates, incomplete = meeting_dates(body, loaded)
    records: list[ActionRecord] = []
    problems: list[Problem] = []
    for item in loaded:
        if item.value is None or not item.ok:
            problems.extend(p for p in item.problems if p.severity == "error")
            continue
        meeting: model.Meeting = item.value
        for pi, paragraph in enumerate(meeting.paragraphs):
            for ai, action in enumerate(paragraph.actions):
                try:
                    person = directory.find(action.owner)
                except AmbiguousName:
                    person = None
                done = action.done
                records.append(
                    ActionRecord(
                        id=action_id(meeting, paragraph, ai + 1, action),
                        body=body.members.body.name,
                        owner=person.name if person else action.owner,
                        owner_written=action.owner,
                        resolved=person is not None,
                        task=action.task,
                        meeting=meeting.date,
                        paragraph=paragraph.number,
                        due=resolve_due(action, meeting.date, dates, incomplete),
                        due_text=action.due if isinstance(action.due, str) else None,
                        done=done.date if done else None,
                        reported=done.reported if done else None,
                        note=(done.note if done and done.note else action.note),
                        path=item.path,
                        position=(pi, ai),
                    )
                )
    return records, problems


def open_due_by(body: BodyDir, day: dt.date) -> list[ActionRecord]:
    """Open uppdrag given before `day` and due at or before it (or with no due date): the agenda's follow-up."""
    records, _ = collect(body)
    return [r for r in records if r.done is None and r.meeting < day and (r.due is None or r.due <= day)]
