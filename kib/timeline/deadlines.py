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
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import KibError, Problem, UsageError
from ..store import Root, collector_paused
from ..swedish import parse_date
from .scan import scan
from .status import Timeline, has_anslag, timeline

FORMATS = ("table", "json", "ics")
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
                members = b.members
            except KibError as exc:
                problems.append(Problem(exc.file, exc.line, exc.col, "error", exc.message))
                continue
            if not has_anslag(members):
                skipped.append(members.body.name)
                continue
            meetings, broken = scan(b)
            problems += broken
            lines += [timeline(members, m) for m in meetings]
    return lines, skipped, problems


def deadlines(
    root: Root,
    *,
    today: str | None,
    fmt: str,
    body: str | None,
    output: Path | None = None,
    force: bool = False,
    show_all: bool = False,
) -> int:
    """Print (or with `output` write) the deadlines; the exit code is 1 when a file could not be read."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if output is not None and fmt == "table":
        raise UsageError("--output writes json or ics; choose one with --format")
    if output is not None and output.exists() and not force:
        raise KibError(
            "already exists; kib never overwrites a file unasked (--force replaces it)", file=output, exit_code=2
        )
    day = parse_date(today, "--today") if today else dt.date.today()
    lines, skipped, problems = collect(root, body)
    held = sorted((t for t in lines if t.meeting <= day), key=lambda t: (t.meeting, t.body))
    if fmt == "table":
        print_table(held, skipped, day, show_all=show_all)
    else:
        if fmt == "json":
            data = (json.dumps([t.as_json(day) for t in held], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            data = to_ics(held, day, since=None if show_all else day - LOOKBACK)
        if output is not None:
            from ..edit import write_bytes_atomic

            write_bytes_atomic(output, data, durable=False)
            print(output)
        else:
            sys.stdout.flush()
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is not None:
                buffer.write(data)
                buffer.flush()
            else:  # a text-only stream (an embedding program's)
                sys.stdout.write(data.decode("utf-8"))
    for problem in problems:
        print(problem.render(root.path) + " (its deadlines are not shown; run `kib check`)", file=sys.stderr)
    return 1 if problems else 0


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


def print_table(lines: list[Timeline], skipped: list[str], today: dt.date, *, show_all: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..textable import terminal_width

    console = Console(highlight=False, width=terminal_width(100))
    rows, older = [], 0
    for line in lines:
        todo = to_do(line, today)
        if todo is None:
            continue
        if not show_all and todo[1] < today - LOOKBACK:
            older += 1
        else:
            rows.append((line, todo))
    if rows:
        table = Table(title=f"Frister efter sammanträden {today.isoformat()}", title_justify="left")
        for heading in ("Organ", "Sammanträde", "Att göra", "Datum", "Anmärkning"):
            table.add_column(heading, no_wrap=heading in ("Sammanträde", "Datum"))
        for line, (what, when, remark) in rows:
            style = "red" if line.state(today).endswith("-late") else ""
            table.add_row(line.body, line.meeting.isoformat(), what, when.isoformat(), remark, style=style)
        console.print(table)
    else:
        console.print(f"Inga frister att bevaka {today.isoformat()}.")
    if older:
        console.print(
            f"{older} sammanträden med frister före {(today - LOOKBACK).isoformat()} saknar anteckning om "
            "justering eller anslag (--all visar dem)."
        )
    for name in skipped:
        console.print(f"{name} är en beredning: inga anslag och inga lagstadgade frister.")


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

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//kib//deadlines//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Frister efter sammanträden")
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
