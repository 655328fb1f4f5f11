"""`kib open-actions`: each body's uppdrag register, selected and sorted, as records the CLI formats.

A meeting file that cannot be read does not hide the uppdrag of the others: it is named in `broken`,
and the caller decides how loudly to say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kib.body.committee import Committee
from kib.body.people import AmbiguousName, Directory, Person
from kib.body.uppdrag import ActionRecord
from kib.errors import KibError, Problem, UsageError
from kib.record.store import Root, collector_paused


@dataclass(frozen=True)
class BodyActions:
    """The chosen uppdrag of one body, sorted by owner, meeting and paragraph."""

    body: str
    records: list[ActionRecord]


@dataclass(frozen=True)
class Listing:
    """What `kib open-actions` shows: body by body, and the files whose uppdrag could not be read."""

    today: dt.date
    show_all: bool
    bodies: list[BodyActions]
    broken: list[Problem]  # the first error of each meeting file that could not be read

    @property
    def records(self) -> list[ActionRecord]:
        return [r for b in self.bodies for r in b.records]


def registers(root: Root, body: str | None) -> tuple[list[tuple[Committee, list[ActionRecord]]], list[Problem]]:
    """Every selected body's register, and the errors of the meeting files that could not be read."""
    out = []
    problems: list[Problem] = []
    with collector_paused():
        for b in root.select(body):
            committee = Committee.scan(b)
            records, found = committee.uppdrag()
            out.append((committee, records))
            problems += found
    return out, problems


def first_error_per_file(problems: list[Problem]) -> list[Problem]:
    """One problem for each file: a broken file is named once, at its first error."""
    seen: dict[object, Problem] = {}
    for p in problems:
        seen.setdefault(p.file, p)
    return list(seen.values())


def person_named(directory: Directory, name: str, must: bool = True) -> Person | None:
    """The person `name` stands for (full name, short form or role word); ambiguity is a usage error."""
    try:
        person = directory.find(name)
    except AmbiguousName as exc:
        names = ", ".join(p.name for p in exc.candidates)
        raise UsageError(f"{name!r} matches several people ({names}); give the full name") from None
    if person is None and must:
        near = directory.suggest(name)
        hint = f"; did you mean {near}?" if near else ""
        raise UsageError(
            f"nobody called {name!r} in members.yaml; give a name, short form or role word listed there{hint}"
        )
    return person


def select(
    records: list[ActionRecord], *, owner: Person | None, overdue: bool, show_all: bool, today: dt.date
) -> list[ActionRecord]:
    chosen = [r for r in records if show_all or r.done is None]
    if owner is not None:
        chosen = [r for r in chosen if r.owner == owner.name]
    if overdue:
        chosen = [r for r in chosen if r.overdue(today)]
    return sorted(chosen, key=lambda r: (r.owner.casefold(), r.meeting, r.paragraph, r.id))


def list_actions(
    root: Root,
    *,
    owner: str | None = None,
    overdue: bool = False,
    show_all: bool = False,
    body: str | None = None,
    today: dt.date | None = None,
) -> Listing:
    """The register, body by body: open uppdrag (or all with `show_all`), of one owner or everyone."""
    day = today or dt.date.today()
    found, problems = registers(root, body)
    bodies = []
    for b, records in found:
        person = None
        if owner:
            person = person_named(b.directory, owner, must=len(found) == 1)
            if person is None:
                continue
        chosen = select(records, owner=person, overdue=overdue, show_all=show_all, today=day)
        bodies.append(BodyActions(b.name, chosen))
    if owner and not bodies:
        raise UsageError(f"nobody called {owner!r} in any body's members.yaml")
    return Listing(day, show_all, bodies, first_error_per_file(problems))


def as_dict(r: ActionRecord, today: dt.date) -> dict[str, Any]:
    """One uppdrag as data (JSON, CSV): English keys, ISO dates, the status as the file records it."""
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
        "age_days": age_days(r, today),
        "overdue": r.overdue(today),
    }


def age_days(r: ActionRecord, today: dt.date) -> int:
    """Days from the meeting that gave the uppdrag to its report, or to today while it is open."""
    return ((r.done or today) - r.meeting).days


def require_readable(problems: list[Problem]) -> None:
    """Edits stop at a broken meeting file: an id there could be the one asked for."""
    if problems:
        raise KibError.from_problem(problems[0], " (run `kib check`; uppdrag in broken files cannot be listed)")
