"""`kib propose-dates`: load the body's files and the conflict calendars, make the plan, print or write
it, and adopt it into schedule.yaml when asked."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..errors import KibError, UsageError
from ..store import BodyDir
from ..swedish import parse_time_range
from .calendar_rules import SCHOOL_HOLIDAYS_FILE, load_school_holidays
from .external import ExternalEvent, load_events
from .output import FORMATS
from .plan import Plan, make_plan, people_with_forhinder
from .weekdays import parse_weekday

FIRST_YEAR, LAST_YEAR = 1970, 2200


def propose(
    body: BodyDir,
    year: int,
    *,
    weekday: str | None,
    time: str | None,
    count: int | None,
    conflicts: list[Path],
    explain: bool,
    fmt: str,
    output: Path | None,
    adopt: bool,
    decided: str | None,
) -> None:
    """Propose `year`'s meeting dates for `body` and print, write or adopt them."""
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    if decided is not None and not adopt:
        raise UsageError("--decided records where the dates were decided; it goes with --adopt")
    if count is not None and count < 1:
        raise UsageError(f"--count must be at least 1, not {count}")
    if output is not None and output.exists():
        raise KibError("already exists; kib never overwrites a file unasked (choose another -o)", file=output)

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
    for path in conflicts:
        events += load_events(path, year)
    school = load_school_holidays(body.path / SCHOOL_HOLIDAYS_FILE)

    plan = make_plan(
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
    if not plan.proposed:
        if explain and fmt == "table":
            import typer

            from .output import table_text

            typer.echo(table_text(plan, explain=True), nl=False)
        raise KibError(
            f"no possible {plan.weekday_en} in {year}: all {len(plan.candidates)} are ruled out"
            + ("" if explain else " (--explain shows why)")
            + "; try another --weekday, --time or year"
        )

    if output is None and fmt == "docx":
        name = f"forslag-sammantradesdagar-{year}.docx"
        output = body.path / "output" / name
        if output.exists():
            raise KibError("already exists; kib never overwrites a file unasked (give -o PATH)", file=output)

    if adopt:
        from .adopt import adopt_year

        time_text = f"{start.hour:02d}.{start.minute:02d}-{end.hour:02d}.{end.minute:02d}"
        adopt_year(body.schedule_path, year, [c.day for c in plan.proposed], time_text, decided)

    _emit(plan, fmt=fmt, explain=explain, output=output, adopt=adopt, decided=decided)
    if adopt:
        _info(f"{body.schedule_path}: {year} adopted with {len(plan.proposed)} dates", fmt, output)


def _body_conflicts(body: BodyDir, index: int, name: str, year: int) -> list[ExternalEvent]:
    """A calendar named in members.yaml (relative to it); a missing or wrong file points at that line."""
    from .external import ICS_SUFFIXES, YAML_SUFFIXES

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
    error.exit_code = 2
    raise error


def _members_error(body: BodyDir, key_path: tuple[object, ...], message: str) -> KibError:
    """An error in a default taken from members.yaml, pointing at its line."""
    from ..yamlio import locate

    where = locate(body.members_loaded.text, key_path)
    return KibError(
        "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key_path).lstrip(".") + f": {message}",
        file=body.members_path,
        line=where[0] if where else None,
        col=where[1] if where else None,
    )


def _info(message: str, fmt: str, output: Path | None) -> None:
    """Messages go to stderr when stdout carries data (json, ics)."""
    import typer

    typer.echo(message, err=output is None and fmt in ("json", "ics"))


def _emit(plan: Plan, *, fmt: str, explain: bool, output: Path | None, adopt: bool, decided: str | None) -> None:
    """Print the proposal, or write it to a new file."""
    import typer

    from . import output as out

    if fmt in ("ics", "docx"):
        for warning in plan.warnings:
            typer.echo(f"warning: {warning}", err=True)
    content: str | bytes
    if fmt == "table":
        content = out.table_text(plan, explain=explain)
    elif fmt == "json":
        content = out.to_json(plan)
    elif fmt == "ics":
        content = out.to_ics(plan, adopted=adopt, decided=decided, now=dt.datetime.now(dt.timezone.utc))
    else:
        content = out.to_docx(plan)
    if output is not None:
        _write_new(output, content)
        _info(str(output), fmt, output)
    elif isinstance(content, str):
        typer.echo(content, nl=False)
    else:  # iCalendar bytes (CRLF line ends) go to stdout untouched
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(content)
            stream.flush()
        else:  # a captured stdout without a byte buffer
            typer.echo(content.decode("utf-8"), nl=False)


def _write_new(path: Path, content: str | bytes) -> None:
    """Write atomically; never over an existing file."""
    from ..edit import write_bytes_atomic

    data = content.encode("utf-8") if isinstance(content, str) else content
    write_bytes_atomic(path, data, overwrite=False)
