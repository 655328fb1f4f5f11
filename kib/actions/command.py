"""`kib open-actions` and `kib action done|add`: reading the register and editing it surgically."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..committee import Committee
from ..errors import KibError, UsageError, visible
from ..people import AmbiguousName, Directory, Person
from ..store import BodyDir, Root, collector_paused
from ..swedish import parse_date
from .register import NEXT_MEETING, ActionRecord, format_action_id, new_action_id

FORMATS = ("table", "json", "csv", "markdown")


def _records(root: Root, body: str | None) -> list[tuple[Committee, list[ActionRecord]]]:
    out = []
    with collector_paused():
        for b in root.select(body):
            committee = Committee.scan(b)
            records, problems = committee.uppdrag()
            if problems:
                raise KibError.from_problem(problems[0], " (run `kib check`; uppdrag in broken files cannot be listed)")
            out.append((committee, records))
    return out


def select(
    records: list[ActionRecord], *, owner: Person | None, overdue: bool, show_all: bool, today: dt.date
) -> list[ActionRecord]:
    chosen = [r for r in records if show_all or r.done is None]
    if owner is not None:
        chosen = [r for r in chosen if r.owner == owner.name]
    if overdue:
        chosen = [r for r in chosen if r.overdue(today)]
    return sorted(chosen, key=lambda r: (r.owner.casefold(), r.meeting, r.paragraph, r.id))


def as_dict(r: ActionRecord, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.id,
        "body": r.body,
        "owner": r.owner,
        "owner_as_written": r.owner_written,
        "task": r.task,
        "meeting": r.meeting.isoformat(),
        "paragraph": r.paragraph,
        "due": r.due.isoformat() if r.due else r.due_text,
        "status": r.status,
        "done": r.done.isoformat() if r.done else None,
        "reported": r.reported,
        "note": r.note,
        "age_days": ((r.done or today) - r.meeting).days,
        "overdue": r.overdue(today),
    }


def list_actions(
    root: Root,
    *,
    owner: str | None,
    overdue: bool,
    show_all: bool,
    body: str | None,
    fmt: str,
    today: str | None,
) -> None:
    """Print the register, body by body, grouped by owner."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    day = parse_date(today, "--today") if today else dt.date.today()
    groups = []
    for b, records in _records(root, body):
        person = None
        if owner:
            person = _person(b.directory, owner, must=len(root.select(body)) == 1)
            if person is None:
                continue
        groups.append((b, select(records, owner=person, overdue=overdue, show_all=show_all, today=day)))
    if owner and not groups:
        raise UsageError(f"nobody called {owner!r} in any body's members.yaml")
    rows = [as_dict(r, day) for _, chosen in groups for r in chosen]
    if fmt == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        fields = list(rows[0]) if rows else ["id", "owner", "task", "meeting", "paragraph", "due", "status", "done"]
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        print(buffer.getvalue(), end="")
    elif fmt == "markdown":
        print(_markdown(groups, day))
    else:
        _table(groups, day, show_all)


def _markdown(groups: list[tuple[Committee, list[ActionRecord]]], day: dt.date) -> str:
    from ..textable import clean

    lines = []
    for b, chosen in groups:
        lines.append(f"## {b.name}\n")
        lines.append("| Id | Ansvarig | Uppdrag | Från | Senast | Status |")
        lines.append("|---|---|---|---|---|---|")
        for r in chosen:
            cells = [r.id, r.owner, r.task, f"{r.meeting.isoformat()} § {r.paragraph}", _due(r), _status(r, day)]
            # one table row whatever a text holds: line breaks become spaces, control characters escapes
            row = (clean(c).replace("|", "\\|") for c in cells)
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _due(r: ActionRecord) -> str:
    if r.due:
        return r.due.isoformat()
    return r.due_text or ""


def _status(r: ActionRecord, day: dt.date) -> str:
    if r.done:
        return f"done {r.done.isoformat()}"
    return "OVERDUE" if r.overdue(day) else "open"


def _table(groups: list[tuple[Committee, list[ActionRecord]]], day: dt.date, show_all: bool) -> None:
    # kib's own text table, not rich's: importing rich alone would cost more than the command's budget
    from ..textable import clean, render, terminal_width, use_colour

    width, colour = terminal_width(), use_colour()
    headers = ("Id", "Uppdrag", "Från", "Senast", "Ålder", "Status")
    for b, chosen in groups:
        title = clean(f"{b.name}: {'all' if show_all else 'open'} uppdrag ({len(chosen)})")
        if not chosen:
            print(f"{title}: none")
            continue
        rows: list[tuple[list[str], str]] = []
        current = None
        for r in chosen:
            if r.owner != current:
                current = r.owner
                owner = r.owner + ("" if r.resolved else " (not in members.yaml)")
                rows.append(([owner, "", "", "", "", ""], "bold"))
            age = ((r.done or day) - r.meeting).days
            style = "red" if r.overdue(day) else ("dim" if r.done else "")
            rows.append(
                (
                    [r.id, r.task, f"{r.meeting.isoformat()} § {r.paragraph}", _due(r), f"{age} d", _status(r, day)],
                    style,
                )
            )
        print(title)
        print(render(headers, rows, wrap_column=1, width=width, colour=colour))


def _person(directory: Directory, name: str, must: bool = True) -> Person | None:
    try:
        person = directory.find(name)
    except AmbiguousName as exc:
        names = ", ".join(p.name for p in exc.candidates)
        raise UsageError(f"{name!r} matches several people ({names}); give the full name") from None
    if person is None and must:
        raise UsageError(f"nobody called {name!r} in members.yaml; give a name, short form or role word listed there")
    return person


def _find(root: Root, action_id: str, body: str | None) -> tuple[BodyDir, ActionRecord]:
    hits = [(c.folder, r) for c, records in _records(root, body) for r in records if r.id == action_id]
    if not hits:
        raise UsageError(f"no uppdrag with id {action_id!r}; `kib open-actions --all` lists them")
    if len(hits) > 1:
        where = ", ".join(f"{b.name} ({r.path.name})" for b, r in hits)
        raise UsageError(f"uppdrag id {action_id!r} occurs in several places: {where}; choose with --body")
    return hits[0]


REPORTED = re.compile(r"^\s*(\S+?)\s*(?:§\s*|\s)(\d+)\s*$")


def _printable(option: str, text: str | None) -> None:
    """Refuse what `kib check` would then flag: a character a Word document cannot hold."""
    from ..store import CONTROL

    match = CONTROL.search(text or "")
    if match:
        raise UsageError(
            f"{option} contains the control character U+{ord(match[0]):04X}, which a Word document cannot hold; "
            "type it again without it"
        )


def _reported(body: BodyDir, text: str) -> tuple[str, dt.date]:
    """'2008-10 §20' → '2008-10-15 § 20', checking that the meeting and paragraph exist."""
    match = REPORTED.match(text)
    if not match:
        raise UsageError(f"--reported {text!r} is not 'REF §N', e.g. '2008-10 §20'")
    path = body.resolve_meeting(match[1])
    meeting = body.meeting(path)
    number = int(match[2])
    if number not in [p.number for p in meeting.paragraphs]:
        have = ", ".join(str(p.number) for p in meeting.paragraphs) or "none"
        raise UsageError(f"meeting {meeting.date.isoformat()} has no § {number} (paragraphs: {have})")
    return f"{meeting.date.isoformat()} § {number}", meeting.date


def mark_done(
    root: Root, action_id: str, *, date: str | None, note: str | None, reported: str | None, body: str | None
) -> str:
    """Record that an uppdrag was reported done; only the lines of its `done` block are added."""
    from ..edit import edit_yaml, text_value

    _printable("--note", note)
    _printable("--reported", reported)
    b, record = _find(root, action_id, body)
    if record.done is not None:
        raise UsageError(f"uppdrag {action_id} was already reported done on {record.done.isoformat()}")
    where, when = (None, None)
    if reported:
        where, when = _reported(b, reported)
    day = parse_date(date, "--date") if date else (when or dt.date.today())
    if day < record.meeting:
        raise UsageError(f"done date {day.isoformat()} is before the uppdrag was given ({record.meeting.isoformat()})")
    pi, ai = record.position

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        action = _action_at(data, pi, ai, record)
        if action.get("done") is not None:  # reported done by another kib since the register was read
            raise UsageError(f"uppdrag {action_id} was already reported done")
        done = CommentedMap()
        done["date"] = day
        if where:
            done["reported"] = text_value(where)
        if note:
            done["note"] = text_value(note)
        action["done"] = done

    edit_yaml(record.path, change)
    return visible(f"{action_id} done {day.isoformat()}: {record.task} ({record.owner})")


def _action_at(data: Any, pi: int, ai: int, record: ActionRecord) -> Any:
    """The uppdrag at `position` in the file as it is now, which must still be the one the register listed."""
    try:
        para = data["paragraphs"][pi]
        action = para["actions"][ai]
        ident = format_action_id(record.meeting, para.get("number"), ai + 1, action.get("id"))
    except (KeyError, IndexError, TypeError, AttributeError):
        ident = None
    if ident != record.id:
        raise KibError("the file changed while kib was reading it; run the command again", file=record.path)
    return action


def add_action(body: BodyDir, ref: str, paragraph: int, *, owner: str, task: str, due: str | None) -> str:
    """Append an uppdrag to a paragraph; returns its id."""
    from ..edit import edit_yaml, text_value

    path = body.resolve_meeting(ref)
    meeting = body.meeting(path)
    person = _person(Committee.load(body).directory, owner)
    assert person is not None
    if not task.strip():
        raise UsageError("--task is empty; say what is to be done")
    _printable("--task", task)
    numbers = [p.number for p in meeting.paragraphs]
    if paragraph not in numbers:
        raise UsageError(
            f"meeting {meeting.date.isoformat()} has no § {paragraph} (paragraphs: {', '.join(map(str, numbers)) or 'none'})"
        )
    pi = numbers.index(paragraph)
    due_value: dt.date | str | None = None
    if due:
        due_value = due.strip() if due.strip().casefold() in NEXT_MEETING else parse_date(due, "--due")
        if isinstance(due_value, dt.date) and due_value < meeting.date:
            raise UsageError(f"due date {due_value.isoformat()} is before the meeting ({meeting.date.isoformat()})")
    new_id = ""

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        nonlocal new_id
        para = data["paragraphs"][pi]
        if para.get("number") != paragraph:
            raise KibError("the file changed while kib was reading it; run the command again", file=path)
        # the id is chosen under the lock, from the file as it is now: two kib adding at once get two ids
        existing = para.get("actions") or []
        taken = {str(a["id"]) for a in existing if isinstance(a, dict) and a.get("id")}
        new_id = new_action_id(meeting.date, paragraph, len(existing), taken)
        entry = CommentedMap()
        entry["id"] = text_value(new_id)
        entry["owner"] = text_value(person.name)
        entry["task"] = text_value(task.strip())
        if due_value is not None:
            entry["due"] = text_value(due_value) if isinstance(due_value, str) else due_value
        if para.get("actions") is None:
            para["actions"] = CommentedSeq()
        para["actions"].append(entry)

    edit_yaml(path, change)
    return new_id
