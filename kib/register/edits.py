"""`kib action done|add`: recording an uppdrag's report or a new uppdrag, changing only its own lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kib.body.committee import Committee
from kib.body.uppdrag import NEXT_MEETING, ActionRecord, format_action_id, new_action_id
from kib.errors import KibError, UsageError, visible
from kib.record.store import BodyDir, Root
from kib.swedish import parse_date

from .listing import person_named, registers, require_readable


def _find(root: Root, action_id: str, body: str | None) -> tuple[BodyDir, ActionRecord]:
    found, problems = registers(root, body)
    require_readable(problems)
    hits = [(c.folder, r) for c, records in found for r in records if r.id == action_id]
    if not hits:
        raise UsageError(f"no uppdrag with id {action_id!r}; `kib open-actions --all` lists them")
    if len(hits) > 1:
        where = ", ".join(f"{b.name} ({r.path.name})" for b, r in hits)
        raise UsageError(f"uppdrag id {action_id!r} occurs in several places: {where}; choose with --body")
    return hits[0]


REPORTED = re.compile(r"^\s*(\S+?)\s*(?:§\s*|\s)(\d+)\s*$")


def _printable(option: str, text: str | None) -> None:
    """Refuse what `kib check` would then flag: a character a Word document cannot hold."""
    from kib.record.store import CONTROL

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
    from kib.record.edit import edit_yaml, text_value

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


def _refuse_printed_in_signed(body: BodyDir, meeting: Any) -> None:
    """The uppdrag register lies outside the seal; where the documents print each paragraph's uppdrag, one
    added after signing would change signed minutes unseen."""
    from kib.record.seal import effective_members

    if meeting.signed is None or not effective_members(body, meeting).body.print_actions:
        return
    day = meeting.date.isoformat()
    raise KibError(
        f"{day} is signed and its minutes print the uppdrag of each paragraph: one added now would change what "
        f"was signed; give it at a later meeting, or write it into the paragraph's text and record that with "
        f'`kib sign {day} --amend --reason "…"`'
    )


def add_action(body: BodyDir, ref: str, paragraph: int, *, owner: str, task: str, due: str | None) -> str:
    """Append an uppdrag to a paragraph; returns its id."""
    from kib.record.edit import edit_yaml, text_value

    path = body.resolve_meeting(ref)
    meeting = body.meeting(path)
    person = person_named(Committee.load(body).directory, owner)
    assert person is not None
    if not task.strip():
        raise UsageError("--task is empty; say what is to be done")
    _printable("--task", task)
    numbers = [p.number for p in meeting.paragraphs]
    if paragraph not in numbers:
        raise UsageError(
            f"meeting {meeting.date.isoformat()} has no § {paragraph} (paragraphs: {', '.join(map(str, numbers)) or 'none'})"
        )
    _refuse_printed_in_signed(body, meeting)
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
