"""A body as its secretary knows it: members, the people directory, the schedule and the meetings,
with the rules that tie them together.

Every command that needs a rule of the body asks here: when the next meeting is, which number its
first paragraph gets (numbering runs on through the calendar year), what a meeting's effective time,
place, paragraph format and presiding member are, who the secretary is, which uppdrag are open and
which id a new one gets. `Committee.load` reads the files for commands that act on one meeting;
`Committee.scan` reads them through the scan cache for commands that read every meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kib.errors import KibError, Problem
from kib.record import model
from kib.record.scan import Findings, MeetingOutline, ScanCache, Scanned, members_file, scan_meetings, schedule_file
from kib.record.store import BodyDir, Loaded

from .people import Directory, Person
from .uppdrag import ActionRecord, format_action_id, resolve_due


@dataclass(frozen=True)
class ResolvedMeeting:
    """A meeting with what members.yaml supplies where the meeting file is silent."""

    meeting: model.Meeting
    path: Path
    time: str
    time_from: Path  # the file the time was taken from, for messages about it
    place: str
    paragraph_format: str
    presiding: str  # full name of who presided (default: the ordförande), or ""
    kind: str  # the kind of body, which chooses the record's vocabulary


class Committee:
    """One body: its members.yaml, schedule.yaml and meetings, and the rules across them."""

    def __init__(self, folder: BodyDir, members: model.MembersFile, cache: ScanCache | None = None) -> None:
        self.folder = folder
        self.members = members
        self._cache = cache
        self._scanned: list[tuple[Scanned, list[Problem]]] | None = None

    @classmethod
    def load(cls, folder: BodyDir) -> Committee:
        """The body for a command that acts on it: members.yaml must load cleanly (schedule.yaml must too,
        once a rule needs it)."""
        return cls(folder, folder.members)

    @classmethod
    def scan(cls, folder: BodyDir) -> Committee:
        """The body for a command that reads every meeting, through the scan cache; a broken schedule.yaml
        counts as none (`kib check` reports it)."""
        cache = ScanCache(folder)
        committee = cls(folder, members_file(folder, cache), cache)
        committee.schedule = schedule_file(folder, cache)
        return committee

    @cached_property
    def schedule(self) -> model.ScheduleFile | None:
        """schedule.yaml; None when it is broken and the command reads on without it."""
        return self.folder.schedule

    # ------------------------------------------------------------------ people

    @property
    def name(self) -> str:
        return self.members.body.name

    @cached_property
    def directory(self) -> Directory:
        return Directory(self.members)

    @property
    def secretary(self) -> model.Official | None:
        """The official who keeps the minutes and signs as sekreterare."""
        return self.directory.secretary

    @property
    def chair(self) -> Person | None:
        return self.directory.chair

    # ------------------------------------------------------------------ meetings

    def scanned(self, also: Findings | None = None) -> list[tuple[Scanned, list[Problem]]]:
        """Every meeting file, in date order: its outline, or its Loaded when it has problems; with `also`,
        each file's findings too (see `scan.scan_meetings`), asked for on the first call."""
        if self._scanned is None:
            cache = self._cache or ScanCache(self.folder)
            self._scanned = scan_meetings(self.folder, cache, also)
            cache.save()
        return self._scanned

    def meetings(self, hint: str = " (run `kib check` for all problems)") -> list[MeetingOutline]:
        """Every meeting; the first file that does not load cleanly stops the command."""
        out = []
        for item, _ in self.scanned():
            if isinstance(item, Loaded):  # a file that did not load cleanly: stop at its first error
                item.require(hint)
                raise KibError("the file does not load", file=item.path)
            out.append(item)
        return out

    def held(self) -> set[dt.date]:
        """The dates of the meetings on file, broken files included where their date can be read."""
        dates = set()
        for item, _ in self.scanned():
            if isinstance(item, MeetingOutline):
                dates.add(item.date)
            elif item.value is not None:
                dates.add(item.value.date)
        return dates

    # ------------------------------------------------------------------ the schedule

    @property
    def years(self) -> list[model.ScheduledYear]:
        return self.schedule.years if self.schedule is not None else []

    def next_meeting_date(self, after: dt.date | None) -> dt.date | None:
        """The first adopted date after `after` (the latest meeting on file)."""
        return next((day for day in sorted(d for y in self.years for d in y.dates) if after is None or day > after), None)

    def default_time(self, day: dt.date) -> str:
        """The time a new meeting on `day` gets: the adopted schedule's for that date, else members.yaml's."""
        for year in self.years:
            if day in year.dates and year.time:
                return year.time
        return self.members.body.time

    def known_dates(self) -> tuple[list[dt.date], frozenset[int]]:
        """Meeting days known (held or adopted), and the years whose dates are not all adopted yet."""
        dates = self.held()
        incomplete = set()
        for year in self.years:
            dates.update(year.dates)
            if year.count is not None and len(set(year.dates)) < year.count:
                incomplete.add(year.year)
        return sorted(dates), frozenset(incomplete)

    # ------------------------------------------------------------------ numbering

    def first_paragraph_number(self, day: dt.date) -> int:
        """The number of the first paragraph of a new meeting on `day`."""
        return first_paragraph_number(self.meetings(" (fix it first: numbering continues from every meeting)"), day)

    # ------------------------------------------------------------------ one meeting

    def resolve(self, meeting: model.Meeting, path: Path) -> ResolvedMeeting:
        """The meeting with its effective time, place, paragraph format, presiding member and kind."""
        body = self.members.body
        if meeting.presiding:
            person = self.directory.get(meeting.presiding)
            presiding = person.name if person else meeting.presiding
        else:
            presiding = self.chair.name if self.chair else ""
        return ResolvedMeeting(
            meeting=meeting,
            path=path,
            time=meeting.time or body.time,
            time_from=path if meeting.time else self.folder.members_path,
            place=meeting.place or body.place,
            paragraph_format=meeting.paragraph_format or body.paragraph_format,
            presiding=presiding,
            kind=body.kind,
        )

    def signatories_for(self, day: dt.date, count: int = 1) -> list[str]:
        """Who countersigns (or justerar) a meeting on `day`: the `count` members (not the chair, not an
        ersättare) who did so least recently, those who never did first, in the order of members.yaml.
        Recorded names are resolved like every name in the minutes, so "Jan-Eric" counts for Jan-Eric Jansson."""
        eligible = [m.name for m in self.members.members if m.role not in ("ordförande", "ersättare")]
        last: dict[str, dt.date] = {}
        for meeting in self.meetings():
            if meeting.date >= day:
                continue
            for name in meeting.signatories:
                person = self.directory.member(name)
                last[person.name if person else name] = meeting.date
        never = dt.date.min
        return sorted(eligible, key=lambda name: (last.get(name, never), eligible.index(name)))[:count]

    # ------------------------------------------------------------------ uppdrag

    def uppdrag(self) -> tuple[list[ActionRecord], list[Problem]]:
        """Every uppdrag, in meeting order; the errors of files that could not be read."""
        known, incomplete = self.known_dates()
        out: list[ActionRecord] = []
        problems: list[Problem] = []
        for item, _ in self.scanned():
            if not isinstance(item, MeetingOutline):
                problems.extend(p for p in item.problems if p.severity == "error")
                continue
            for pi, (number, actions) in enumerate(zip(item.numbers, item.actions, strict=True)):
                for ai, action in enumerate(actions):
                    out.append(
                        ActionRecord(
                            action=action,
                            id=format_action_id(item.date, number, ai + 1, action.id),
                            body=self.name,
                            person=self.directory.get(action.owner),  # remembered: few owners, many uppdrag
                            meeting=item.date,
                            paragraph=number,
                            due=resolve_due(action.due, item.date, known, incomplete),
                            path=item.path,
                            position=(pi, ai),
                        )
                    )
        return out, problems

    def open_uppdrag(self, day: dt.date) -> list[ActionRecord]:
        """Open uppdrag given before `day` and due at or before it (or with no due date): the follow-up."""
        found, _ = self.uppdrag()
        return [r for r in found if r.done is None and r.meeting < day and (r.due is None or r.due <= day)]


def numbering(meetings: Iterable[MeetingOutline]) -> list[tuple[MeetingOutline, MeetingOutline | None]]:
    """Each meeting with paragraphs, in date order, with the meeting before it in the same calendar year:
    paragraph numbers run on through the year (the first after the last of the meeting before) and
    restart in January."""
    last: dict[int, MeetingOutline] = {}
    out = []
    for meeting in sorted(meetings, key=lambda m: m.date):
        if meeting.numbers:
            out.append((meeting, last.get(meeting.date.year)))
            last[meeting.date.year] = meeting
    return out


def first_paragraph_number(meetings: Iterable[MeetingOutline], day: dt.date) -> int:
    """The number after the last paragraph of the year's latest meeting before `day`; 1 in a new year."""
    before = [m for m in meetings if m.date < day]
    previous = [(m, p) for m, p in numbering(before) if m.date.year == day.year]
    return max(previous[-1][0].numbers) + 1 if previous else 1
