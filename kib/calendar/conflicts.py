"""Other bodies' meetings that rule out a day: an iCalendar file exported from Outlook, or a YAML list.

Recurring events are expanded with `recurring-ical-events` (RRULE, EXDATE, RDATE and occurrences moved
with RECURRENCE-ID), and Outlook's Windows time-zone names such as "W. Europe Standard Time" are
understood. Every time is compared in Europe/Stockholm: an event conflicts when it overlaps the
meeting's hours, or when it is an all-day event.

The YAML form, one item per meeting (all-day when start and end are left out):

    - {date: 2009-02-11, start: "18.00", end: "21.00", title: Kommunfullmäktige}
    - {date: 2009-03-18, title: Budgetdag}
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from kib.errors import ExitCode, KibError
from kib.swedish import clock

STOCKHOLM = "Europe/Stockholm"
ICS_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")
YAML_SUFFIXES = (".yaml", ".yml")


def stockholm() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(STOCKHOLM)


class ExternalEvent(NamedTuple):
    """One occurrence of another body's meeting; timed events carry aware Stockholm times."""

    title: str
    first_day: dt.date
    last_day: dt.date  # inclusive
    start: dt.datetime | None = None  # None: all-day
    end: dt.datetime | None = None
    source: str = ""

    @property
    def all_day(self) -> bool:
        return self.start is None

    def touches(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when the event takes any of the minutes from `start` to `end` (or is all-day that day)."""
        if self.start is None or self.end is None:
            return self.touches(start.date())
        if self.end <= self.start:  # a point in time
            return start <= self.start < end
        return self.start < end and self.end > start

    def describe(self) -> str:
        """'Kommunfullmäktige 18.00–21.00', 'Budgetdag (heldag)'."""
        if self.start is None or self.end is None:
            if self.last_day > self.first_day:
                return f"{self.title} (heldag {self.first_day.isoformat()}–{self.last_day.isoformat()})"
            return f"{self.title} (heldag)"
        if self.start.date() == self.end.date() or self.end == _midnight_after(self.start):
            return f"{self.title} {clock(self.start.time())}–{clock(self.end.time())}"
        return f"{self.title} {self.start.date().isoformat()} {clock(self.start.time())}–{self.end.date().isoformat()} {clock(self.end.time())}"


def _midnight_after(moment: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(), moment.tzinfo)


def meeting_window(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The meeting's hours on `day` as aware Stockholm datetimes."""
    zone = stockholm()
    return dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone)


def conflicts_on(
    events: list[ExternalEvent], day: dt.date, start: dt.time, end: dt.time
) -> tuple[list[str], list[str]]:
    """(events that overlap the meeting on `day`, other events the same day) as descriptions."""
    if not events:
        return [], []  # and no time-zone import
    window_start, window_end = meeting_window(day, start, end)
    clashes: list[str] = []
    same_day: list[str] = []
    for event in events:
        if event.overlaps(window_start, window_end):
            text = event.describe()
            if text not in clashes:
                clashes.append(text)
        elif event.touches(day):
            text = event.describe()
            if text not in same_day:
                same_day.append(text)
    return clashes, same_day


def load_events(path: Path, year: int) -> list[ExternalEvent]:
    """The events of `year` in an .ics or .yaml file; a file kib cannot use is a clear error."""
    suffix = path.suffix.lower()
    if suffix in ICS_SUFFIXES:
        return load_ics(path, year)
    if suffix in YAML_SUFFIXES:
        return load_yaml_events(path, year)
    raise KibError(
        "conflict calendar must be an iCalendar file (.ics, e.g. exported from Outlook) or a YAML list (.yaml)",
        file=path,
        exit_code=ExitCode.USAGE,
    )


# ---------------------------------------------------------------- iCalendar


#: Largest calendar file kib reads: a body's Outlook export of several years is a few MB.
MAX_CALENDAR_BYTES = 20_000_000
#: Most occurrences of other bodies' events kib expands for one year (a busy calendar has a few thousand).
MAX_OCCURRENCES = 50_000
#: Longest time kib spends expanding one calendar's repeating events.
EXPANSION_SECONDS = 1.5
_PERIOD = {
    "SECONDLY": dt.timedelta(seconds=1),
    "MINUTELY": dt.timedelta(minutes=1),
    "HOURLY": dt.timedelta(hours=1),
    "DAILY": dt.timedelta(days=1),
    "WEEKLY": dt.timedelta(weeks=1),
}


def _read_bytes(path: Path) -> bytes:
    from kib.record.yamlio import read_input

    return read_input(path, MAX_CALENDAR_BYTES, "calendar files")


class _OverTime(BaseException):
    """Raised inside the expansion when its time is up (a BaseException, so no library swallows it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the code run in the block once `seconds` have passed, raising _OverTime inside it.

    A repeating rule can ask for billions of candidate times (every second since year 1, or a short rule
    whose BYxxx lists multiply); the library offers no bound, so a trace hook that sees every Python
    call (not every line) checks the clock every thousand calls. Portable (no signals, no threads) and
    active only here.
    """
    deadline = time.process_time() + seconds  # the processor's time: a busy machine kills no honest calendar
    calls = 0
    previous = sys.gettrace()

    def hook(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += 1
        if calls & 0x3FF == 0 and time.process_time() > deadline:
            raise _OverTime

    sys.settrace(hook)
    try:
        yield
    finally:
        sys.settrace(previous)


def _bound_rules(calendar: Any, year: int, path: Path) -> None:
    """Refuse rules that cannot be expanded, and start old open-ended rules near the year asked for.

    A rule without COUNT gives the same times from any later start that lies a whole number of its
    periods after DTSTART, so moving DTSTART (and DTEND) forward to just before the year changes no
    occurrence in it, and dateutil does not walk every hour since year 1 to reach it.
    """
    horizon = dt.datetime(year, 1, 1) - dt.timedelta(days=14)
    for component in calendar.walk("VEVENT"):
        try:
            _bound_rule(component, horizon, path)
        except KibError:
            raise
        except Exception:  # a broken rule: the expansion reports it with icalendar's words
            continue


def _bound_rule(component: Any, horizon: dt.datetime, path: Path) -> None:
    """One event's rules: INTERVAL checked, an open-ended rule started near the year."""
    rules = component.get("RRULE")
    if rules is None:
        return
    rules = rules if isinstance(rules, list) else [rules]
    title = str(component.get("SUMMARY", "")) or str(component.get("UID", "")) or "an event"
    steps: list[dt.timedelta | None] = []
    for rule in rules:
        interval = rule.get("INTERVAL", [1])[0]
        try:
            interval = int(interval)
        except (TypeError, ValueError):
            interval = 0
        if interval < 1:
            raise KibError(
                f"event {title!r}: RRULE INTERVAL={rule.get('INTERVAL', [''])[0]} is not a repetition "
                "(it must be 1 or more); correct or remove the event",
                file=path,
                exit_code=ExitCode.USAGE,
            )
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if "COUNT" in rule or freq not in _PERIOD:
            steps.append(None)
        else:
            steps.append(_PERIOD[freq] * interval)
    if len(steps) != 1 or steps[0] is None:
        return  # several rules, a COUNT, or months and years (at most some thousand periods since year 1)
    _move_start(component, steps[0], horizon)


def _move_start(component: Any, step: dt.timedelta, horizon: dt.datetime) -> None:
    start_prop = component.get("DTSTART")
    if start_prop is None:
        return
    start = start_prop.dt
    naive = start.replace(tzinfo=None) if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    if naive >= horizon:
        return
    if not isinstance(start, dt.datetime) and step % dt.timedelta(days=1):
        return  # an all-day event repeating within the day: left as it is
    shift = step * ((horizon - naive) // step)
    if not shift:
        return
    params = dict(start_prop.params) if hasattr(start_prop, "params") else {}
    component.pop("DTSTART")
    component.add("DTSTART", start + shift, parameters=params or None)
    end_prop = component.get("DTEND")
    if end_prop is not None:
        end_params = dict(end_prop.params) if hasattr(end_prop, "params") else {}
        component.pop("DTEND")
        component.add("DTEND", end_prop.dt + shift, parameters=end_params or None)


def load_ics(path: Path, year: int) -> list[ExternalEvent]:
    """Every occurrence in `year` of every event in an iCalendar file, in Stockholm time."""
    data = _read_bytes(path)
    if not data.strip():
        raise KibError(
            "empty file; expected an iCalendar file (BEGIN:VCALENDAR …)", file=path, exit_code=ExitCode.USAGE
        )
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise KibError(
            "not an iCalendar file: it does not start with BEGIN:VCALENDAR", file=path, exit_code=ExitCode.USAGE
        )
    import icalendar  # slow to import, with recurring_ical_events: only when an .ics is given
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError, KeyError and more for broken files
        raise KibError(f"not a valid iCalendar file: {_short(exc)}", file=path, exit_code=ExitCode.USAGE) from None
    if getattr(calendar, "name", None) != "VCALENDAR":
        raise KibError("not an iCalendar file: no VCALENDAR", file=path, exit_code=ExitCode.USAGE)
    _bound_rules(calendar, year, path)
    try:
        with _time_limit(EXPANSION_SECONDS):
            found = recurring_ical_events.of(calendar).between(
                dt.date(year, 1, 1) - dt.timedelta(days=7), dt.date(year + 1, 1, 1) + dt.timedelta(days=7)
            )
            occurrences = list(itertools.islice(found, MAX_OCCURRENCES + 1))
    except _OverTime:
        raise KibError(
            f"the calendar's repeating events take more than {EXPANSION_SECONDS} s to expand for {year} "
            "(a rule repeating every second or minute, or BYxxx lists that multiply); remove or simplify them",
            file=path,
            exit_code=ExitCode.USAGE,
        ) from None
    except Exception as exc:  # broken RRULE, unknown time zone, …
        raise KibError(f"cannot expand the calendar's events: {_short(exc)}", file=path, exit_code=ExitCode.USAGE) from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise KibError(
            f"the calendar holds more than {MAX_OCCURRENCES} events in {year}; a calendar of meetings holds a few "
            "thousand: export only the meetings of the bodies that matter",
            file=path,
            exit_code=ExitCode.USAGE,
        )
    events = []
    for occurrence in occurrences:
        try:
            event = _from_component(occurrence, path)
        except Exception as exc:  # a property icalendar parsed but kib cannot use
            what = str(occurrence.get("SUMMARY", "")) or str(occurrence.get("UID", "")) or "an event"
            raise KibError(f"cannot read {what!r}: {_short(exc)}", file=path, exit_code=ExitCode.USAGE) from None
        if event is not None and event.first_day.year <= year <= event.last_day.year:
            events.append(event)
    events.sort(key=lambda e: (e.first_day, e.start or dt.datetime.min.replace(tzinfo=stockholm()), e.title))
    return events


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _from_component(component: Any, path: Path) -> ExternalEvent | None:
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    title = str(component.get("SUMMARY", "")).strip() or "(möte utan rubrik)"
    start_prop = component.get("DTSTART")
    if start_prop is None:
        return None
    start = start_prop.dt
    end_prop = component.get("DTEND")
    if end_prop is not None:
        end = end_prop.dt
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    else:
        end = None
    if isinstance(start, dt.datetime):
        zone = stockholm()
        start = _to_stockholm(start, zone)
        end = _to_stockholm(end, zone) if isinstance(end, dt.datetime) else start
        last = (end - dt.timedelta(microseconds=1)).date() if end > start else start.date()
        return ExternalEvent(title, start.date(), last, start, end, source=path.name)
    if isinstance(start, dt.date):
        last = start
        if isinstance(end, dt.date) and not isinstance(end, dt.datetime) and end > start:
            last = end - dt.timedelta(days=1)  # DTEND of an all-day event is the day after
        return ExternalEvent(title, start, last, source=path.name)
    return None


def _to_stockholm(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Aware times converted; floating (zone-less) times are taken as Stockholm time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


# ---------------------------------------------------------------- YAML list


def _time_text(value: Any) -> Any:
    """Unquoted times as YAML reads them: 18.00 is the float 18.0, 18:00 the sexagesimal int 1080."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
        return f"{hours}.{minutes:02d}"
    return value


def load_yaml_events(path: Path, year: int) -> list[ExternalEvent]:
    """Events from a YAML list of {date, start, end, title} (`model.ConflictList`); times are Stockholm time."""
    from kib.errors import UsageError
    from kib.record import model
    from kib.record.convert import convert
    from kib.record.yamlio import locate, parse, read_text
    from kib.swedish import parse_time

    text = read_text(path)
    raw = parse(text, path)

    def fail(key_path: tuple[object, ...], message: str) -> KibError:
        where = locate(text, key_path)
        return KibError(
            message,
            file=path,
            line=where[0] if where else None,
            col=where[1] if where else None,
            exit_code=ExitCode.USAGE,
        )

    if raw is None:
        return []
    if not isinstance(raw, list):
        raise fail(
            (), "expected a list of meetings, e.g. - {date: 2009-02-11, start: '18.00', end: '21.00', title: KF}"
        )
    zone = stockholm()
    events = []
    for index, item in enumerate(raw):
        if isinstance(item, dict):
            item = {k: _time_text(v) if k in ("start", "end") else v for k, v in item.items()}
        value, problems = convert(model.ConflictEvent, item)
        if problems:
            raise fail((index, *problems[0].path), problems[0].full())
        title = value.title.strip() or "(möte utan rubrik)"
        if (value.start is None) != (value.end is None):
            raise fail((index,), f"{title} {value.date}: give both start and end, or neither for an all-day event")
        if value.date.year != year:
            continue
        if value.start is None or value.end is None:
            events.append(ExternalEvent(title, value.date, value.date, source=path.name))
            continue
        try:
            start, end = parse_time(value.start), parse_time(value.end)
        except UsageError as exc:
            raise fail((index,), exc.message) from None
        if end <= start:
            raise fail((index, "end"), f"{title} {value.date}: ends {value.end} before it starts {value.start}")
        events.append(
            ExternalEvent(
                title,
                value.date,
                value.date,
                dt.datetime.combine(value.date, start, zone),
                dt.datetime.combine(value.date, end, zone),
                source=path.name,
            )
        )
    return events
