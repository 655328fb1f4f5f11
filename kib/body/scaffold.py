"""`kib new-meeting`: the next meeting's file, filled in as far as the records allow.

The date comes from the adopted schedule, paragraph numbers continue the year's series, every member
is listed as beslutande (the secretary strikes the absent), the usual officials attend, the
countersigner rotates fairly, and a signing appointment is proposed a few working days later.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from kib.errors import KibError, UsageError
from kib.record.store import BodyDir, problem_at
from kib.swedish import parse_date, parse_time_range

from .committee import Committee
from .vocabulary import verifiers_required

PLAIN = re.compile(r"^[A-Za-zÀ-ÿ0-9][\w .,'()§–/-]*$")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
#: Characters JSON leaves as they are but YAML reads as line breaks or refuses: written as escapes.
YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
#: Most working days from a meeting to its signing that `signing_days` may ask for.
MAX_SIGNING_DAYS = 60


def scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when that is unambiguous, else double-quoted."""
    if (
        PLAIN.match(value)
        and value.casefold() not in YAML_WORDS
        and not value.endswith(" ")
        and not re.fullmatch(r"[\d.:-]+", value)
        and _reads_back(value)
    ):
        return value
    return quoted(value)


def quoted(value: str) -> str:
    """`value` double-quoted, so that any YAML reader reads exactly `value` back."""
    return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


def _reads_back(plain: str) -> bool:
    """False for plain words YAML reads as something else: 0x1F, 1_000, 2008-09-10 10:00."""
    import yaml

    try:
        return bool(yaml.safe_load(f"x: {plain}") == {"x": plain})
    except yaml.YAMLError:
        return False


def signing_day(day: dt.date, working_days: int) -> dt.date:
    """`working_days` Swedish working days after the meeting (weekends and public holidays skipped).

    The public holidays come from the holidays package through the calendar's per-year cache, so a
    new meeting does not build the package's Sweden every time."""
    from kib.calendar.rules import package_holidays

    if day.year >= dt.MAXYEAR or working_days > MAX_SIGNING_DAYS:
        raise UsageError(f"no signing day {working_days} working days after {day.isoformat()}")
    red = {
        entry.day
        for year in (day.year, day.year + 1)
        for entry in package_holidays(year)
        if entry.category == "public"
    }
    current = day
    left = max(working_days, 0)
    while left:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in red:
            left -= 1
    return current


def new_meeting(
    body: BodyDir,
    *,
    date: str | None,
    time: str | None,
    place: str | None,
    follow_up: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write meetings/YYYY-MM-DD.yaml for the next meeting and return its path."""
    from kib.record.edit import atomic_write
    from kib.record.yamlio import parse

    committee = Committee.load(body)
    members = committee.members
    if not 0 <= members.body.signing_days <= MAX_SIGNING_DAYS:
        problem = problem_at(
            body.members_loaded,
            ("body", "signing_days"),
            f"signing_days {members.body.signing_days} is not between 0 and {MAX_SIGNING_DAYS} working days",
        )
        raise KibError(problem.message, file=problem.file, line=problem.line, col=problem.col)
    meetings = committee.meetings(" (fix it first: numbering continues from every meeting)")
    latest = max((m.date for m in meetings), default=None)
    if date:
        day = parse_date(date, "--date")
    else:
        scheduled = committee.next_meeting_date(latest)
        if scheduled is None:
            after = f" after {latest.isoformat()}" if latest else ""
            raise UsageError(
                f"no adopted meeting date{after} in schedule.yaml; give --date YYYY-MM-DD (or adopt dates with `kib propose-dates --adopt`)"
            )
        day = scheduled
    path = body.meetings_dir / f"{day.isoformat()}.yaml"
    for stray, why in body.strays_for(path.name):
        raise KibError(f"a meeting for {day.isoformat()} is already here, {why}; kib makes no second file for one date", file=stray)
    if path.exists():
        raise KibError("a meeting on this date exists already; kib never overwrites it", file=path)
    chosen_time = time or committee.default_time(day)
    parse_time_range(chosen_time)  # whichever source it came from, never write a time kib cannot read
    text = meeting_yaml(
        committee,
        day,
        time=chosen_time,
        place=place or members.body.place,
        follow_up=follow_up,
    )
    parse(text, path)  # never write what kib itself could not read back
    atomic_write(path, text, overwrite=False)
    return path


def schema_reference(folder: Path, kind: str = "meeting") -> str:
    """Where an editor beside `folder` finds kib's schema of `kind` (meeting, members, schedule): relative
    when possible, so the line reads `../kib/schemas/meeting.schema.json` in the repository and stays
    valid when the folder moves with it; a file URI when the schema lies on another drive (Windows)."""
    schema = Path(__file__).resolve().parents[1] / "schemas" / f"{kind}.schema.json"
    try:
        return Path(os.path.relpath(schema, folder.resolve())).as_posix()
    except ValueError:
        return schema.as_uri()


def meeting_yaml(committee: Committee, day: dt.date, *, time: str, place: str, follow_up: bool) -> str:
    body, members = committee.folder, committee.members
    number = committee.first_paragraph_number(day)
    chair = committee.chair
    justerar = members.body.kind != "beredning"
    signatories = committee.signatories_for(day, verifiers_required(members.body) if justerar else 1)
    sign_on = signing_day(day, members.body.signing_days)
    lines = [
        f"# yaml-language-server: $schema={schema_reference(body.meetings_dir)}",
        f"# {' '.join(members.body.name.split())}, {day.isoformat()}. Written by `kib new-meeting`: strike the absent,",
        "# fill in the paragraphs, then render the signing copy with `kib render minutes`.",
        f"date: {day.isoformat()}",
        f"time: {quoted(time)}",
        f"place: {scalar(place)}" if place else "place:",
    ]
    if chair is not None:
        lines.append(f"presiding: {scalar(chair.name)}")
    lines.append("attendees:")
    lines.append("  members:  # beslutande: delete those absent, or move them to `absent`")
    for m in members.members:
        if m.role != "ersättare":
            lines.append(f"    - name: {scalar(m.name)}")
    officials = [o for o in members.officials if o.attends]
    if officials:
        lines.append("  others:  # övriga deltagare")
        for o in officials:
            lines.append(f"    - name: {scalar(o.name)}")
    lines.append("  absent: []")
    if signatories and justerar:
        lines.append("verifiers:  # justerare proposed by rotation: who justerade least recently")
        lines += [f"  - name: {scalar(name)}" for name in signatories]
    elif signatories:
        lines += [
            "countersigner:  # proposed by rotation: who countersigned least recently",
            f"  name: {scalar(signatories[0])}",
        ]
    lines += [
        "signing:",
        f"  date: {sign_on.isoformat()}",
        f"  time: {quoted(members.body.signing_time)}",
        "paragraphs:",
    ]
    if follow_up:
        due = committee.open_uppdrag(day)
        if due:
            lines += [f"  - number: {number}", "    title: Uppföljning av uppdrag", "    text: |"]
            for r in due:
                item = " ".join(f"{r.id} {r.owner}: {r.task}".split())  # one line of the block, whatever the task holds
                lines.append(f"      - {item} (§ {r.paragraph}, {r.meeting.isoformat()})")
            number += 1
    lines += [f"  - number: {number}", "    title: Övriga frågor", '    text: ""']
    return "\n".join(lines) + "\n"
