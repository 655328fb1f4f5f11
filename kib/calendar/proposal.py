"""`kib propose-dates`: the body's files and the conflict calendars made into a year's plan, and a plan
adopted into schedule.yaml. The CLI shows the plan or writes it in the format asked for."""

from __future__ import annotations

from pathlib import Path

from kib.errors import ExitCode, KibError, UsageError
from kib.record.store import BodyDir
from kib.swedish import parse_time_range

from .conflicts import ExternalEvent, load_events
from .plan import Plan, make_plan, people_with_forhinder
from .rules import SCHOOL_HOLIDAYS_FILE, load_school_holidays
from .weekdays import parse_weekday

FIRST_YEAR, LAST_YEAR = 1970, 2200


def plan_year(
    body: BodyDir,
    year: int,
    *,
    weekday: str | None = None,
    time: str | None = None,
    count: int | None = None,
    conflicts: list[Path] | None = None,
) -> Plan:
    """`year`'s proposal for `body`: every day of the weekday, why it is ruled out or possible, the chosen ones.

    Defaults come from members.yaml; a wrong default points at its line there, a wrong argument is a usage error.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    if count is not None and count < 1:
        raise UsageError(f"--count must be at least 1, not {count}")
    members = body.members
    info = members.body
    try:
        weekday_number = parse_weekday(weekday if weekday is not None else info.weekday)
    except UsageError as exc:
        raise exc if weekday is not None else _members_error(body, ("body", "weekday"), exc.message) from None
    try:
        start, end = parse_time_range(time if time is not None else info.time)
    except UsageError as exc:
        raise exc if time is not None else _members_error(body, ("body", "time"), exc.message) from None
    wanted = count if count is not None else info.meetings_per_year
    if wanted < 1:
        raise _members_error(body, ("body", "meetings_per_year"), f"meetings_per_year is {wanted}; give at least 1")

    events: list[ExternalEvent] = []
    for index, name in enumerate(info.conflicts):
        events += _body_conflicts(body, index, name, year)
    for path in conflicts or []:
        events += load_events(path, year)
    school = load_school_holidays(body.path / SCHOOL_HOLIDAYS_FILE)

    return make_plan(
        year=year,
        weekday=weekday_number,
        start=start,
        end=end,
        count=wanted,
        body=info,
        people=people_with_forhinder(members),
        events=events,
        school_overrides=school,
    )


def nothing_possible(plan: Plan, *, explained: bool) -> KibError:
    """The error when every day of the weekday is ruled out."""
    return KibError(
        f"no possible {plan.weekday_en} in {plan.year}: all {len(plan.candidates)} are ruled out"
        + ("" if explained else " (--explain shows why)")
        + "; try another --weekday, --time or year"
    )


def default_document_path(body: BodyDir, year: int) -> Path:
    """Where the proposal document goes without -o: the body's output folder."""
    return body.path / "output" / f"forslag-sammantradesdagar-{year}.docx"


def adopt(body: BodyDir, plan: Plan, decided: str | None) -> Path:
    """Write the proposed dates into schedule.yaml as the year's adopted dates; returns the file written."""
    from .adopt import adopt_year

    if not plan.proposed:
        raise nothing_possible(plan, explained=False)
    time_text = f"{plan.start.hour:02d}.{plan.start.minute:02d}-{plan.end.hour:02d}.{plan.end.minute:02d}"
    adopt_year(body.schedule_path, plan.year, [c.day for c in plan.proposed], time_text, decided)
    return body.schedule_path


def _body_conflicts(body: BodyDir, index: int, name: str, year: int) -> list[ExternalEvent]:
    """A calendar named in members.yaml (relative to it); a missing or wrong file points at that line."""
    from .conflicts import ICS_SUFFIXES, YAML_SUFFIXES

    path = body.path / name
    if path.is_file() and path.suffix.lower() in (*ICS_SUFFIXES, *YAML_SUFFIXES):
        return load_events(path, year)  # errors inside the calendar name the calendar file
    if not path.exists():
        problem = "no such file"
    elif not path.is_file():
        problem = "a folder, not a calendar file"
    else:
        problem = "not an iCalendar file (.ics) or a YAML list (.yaml)"
    error = _members_error(
        body, ("body", "conflicts", index), f"{name!r}: {problem} (paths are relative to members.yaml)"
    )
    error.exit_code = ExitCode.USAGE
    raise error


def _members_error(body: BodyDir, key_path: tuple[object, ...], message: str) -> KibError:
    """An error in a default taken from members.yaml, pointing at its line."""
    from kib.record.yamlio import locate

    where = locate(body.members_loaded.text, key_path)
    return KibError(
        "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key_path).lstrip(".") + f": {message}",
        file=body.members_path,
        line=where[0] if where else None,
        col=where[1] if where else None,
    )
