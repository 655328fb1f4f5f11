"""`kib deadlines`: every meeting of every body on the timeline of the law, as a table for the secretary
(Swedish), JSON for systems, or an iCalendar file of all-day deadlines for Outlook.

Only meetings held by `--today` are listed, and only bodies with an anslag: a beredning's
minnesanteckningar are neither justerade within a legal time nor announced, so its meetings have no
deadlines (the table says which bodies were left out). The table shows what needs doing: protokoll to
justera, justeringar to announce, appeal periods running, and notices whose take-down day came within
the last two weeks; JSON and iCalendar hold every meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kib.body.committee import Committee
from kib.errors import KibError, Problem
from kib.record.store import Root, collector_paused

from .scan import scan
from .status import Timeline, has_anslag, timeline

#: A notice whose take-down day is at most this many days past is still shown as one to take down.
TAKE_DOWN_REMINDER = dt.timedelta(days=14)
#: The table and the calendar leave out deadlines further in the past than this (unless --all): a
#: meeting of years ago without a recorded notice was announced before kib kept the record.
LOOKBACK = dt.timedelta(days=90)
#: Stable UIDs: uuid5 of body, meeting and deadline in this namespace (uuid5 of NAMESPACE_URL and
#: "https://github.com/kib/deadlines"), so a calendar imported again updates its events.
UID_NAMESPACE = "a3220658-57e0-54f9-ad52-f3fb3e861bf3"


def collect(root: Root, body: str | None) -> tuple[list[Timeline], list[str], list[Problem]]:
    """Every meeting's timeline, the names of the bodies without anslag, and the files that could not be read."""
    lines: list[Timeline] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    with collector_paused():
        for b in root.select(body):
            try:
                committee = Committee.scan(b)
            except KibError as exc:
                problems.append(Problem(exc.file, exc.line, exc.col, "error", exc.message))
                continue
            if not has_anslag(committee):
                skipped.append(committee.name)
                continue
            meetings, broken = scan(committee)
            problems += broken
            lines += [timeline(committee, m) for m in meetings]
    return lines, skipped, problems


@dataclass(frozen=True)
class Deadlines:
    """The timelines of the meetings held by `today`, the bodies left out, and the files not read."""

    today: dt.date
    held: list[Timeline]
    skipped: list[str]  # names of bodies without anslag (a beredning)
    problems: list[Problem]

    def as_json(self) -> list[dict[str, Any]]:
        """One object per meeting, every meeting held."""
        return [t.as_json(self.today) for t in self.held]

    def to_do(self, *, show_all: bool = False) -> tuple[list[tuple[Timeline, tuple[str, dt.date, str]]], int]:
        """What the table shows: (meeting, (what to do, by when, remark)); and how many older ones it leaves out."""
        rows, older = [], 0
        for line in self.held:
            todo = to_do(line, self.today)
            if todo is None:
                continue
            if not show_all and todo[1] < self.today - LOOKBACK:
                older += 1
            else:
                rows.append((line, todo))
        return rows, older

    def ics(self, *, show_all: bool = False) -> bytes:
        return to_ics(self.held, self.today, since=None if show_all else self.today - LOOKBACK)


def deadlines(root: Root, *, today: dt.date | None = None, body: str | None = None) -> Deadlines:
    """Every meeting held by `today` on the timeline of the law; unreadable files are named, not fatal."""
    day = today or dt.date.today()
    lines, skipped, problems = collect(root, body)
    held = sorted((t for t in lines if t.meeting <= day), key=lambda t: (t.meeting, t.body))
    return Deadlines(day, held, skipped, problems)


# ---------------------------------------------------------------- the secretary's table


def to_do(line: Timeline, today: dt.date) -> tuple[str, dt.date, str] | None:
    """(what to do, by which day, a remark) for the table; None when nothing is left to do."""
    state = line.state(today)
    if state in ("justering-due", "justering-late"):
        remark = _remark(line.justering_due, today)
        if line.verified_at_meeting:
            numbers = ", ".join(str(n) for n in line.verified_at_meeting)
            remark += f"; § {numbers} justerad omedelbart"
        return "justera protokollet", line.justering_due, remark
    if state in ("announce-due", "announce-late"):
        assert line.announce_due is not None and line.justerat is not None
        return "anslå justeringen", line.announce_due, _remark(line.announce_due, today)
    assert line.appeal_ends is not None and line.take_down is not None
    if state == "appeal-running":
        return "bevaka överklagandetiden", line.appeal_ends, f"anslaget tas ned {line.take_down.isoformat()}"
    if line.take_down <= today <= line.take_down + TAKE_DOWN_REMINDER:
        return "ta ned anslaget", line.take_down, "överklagandetiden har gått ut"
    return None


def _remark(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"försenat {-days} dag{'ar' if days < -1 else ''}"
    if days == 0:
        return "sista dagen i dag"
    return f"{days} dag{'ar' if days > 1 else ''} kvar"


# ---------------------------------------------------------------- iCalendar


def events(line: Timeline, today: dt.date) -> Iterator[tuple[str, dt.date, str]]:
    """(key, day, summary) of each deadline worth a calendar entry: the next one, and the notice's days."""
    state = line.state(today)
    if state.startswith("justering"):
        yield "justering", line.justering_due, f"Justera protokollet: {line.body} {line.meeting.isoformat()}"
    elif state.startswith("announce") and line.announce_due is not None:
        yield "announce", line.announce_due, f"Anslå justeringen: {line.body} {line.meeting.isoformat()}"
    if line.appeal_ends is not None and line.take_down is not None:
        yield (
            "appeal",
            line.appeal_ends,
            f"Sista dag för överklagande: {line.body} {line.meeting.isoformat()}",
        )
        yield "take-down", line.take_down, f"Ta ned anslaget: {line.body} {line.meeting.isoformat()}"


def event_uid(line: Timeline, key: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID(UID_NAMESPACE), f"{line.body}/{line.meeting.isoformat()}/{key}"))


def to_ics(
    lines: list[Timeline], today: dt.date, *, since: dt.date | None = None, now: dt.datetime | None = None
) -> bytes:
    """All-day events (DTSTART;VALUE=DATE, a day long), one per deadline from `since` on, with stable UIDs."""
    import icalendar

    from kib.calendar.output import new_calendar

    calendar, stamp = new_calendar("deadlines", "Frister efter sammanträden", now)
    for line in lines:
        for key, day, summary in events(line, today):
            if since is not None and day < since:
                continue
            event: Any = icalendar.Event()
            event.add("uid", event_uid(line, key))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", summary)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())
