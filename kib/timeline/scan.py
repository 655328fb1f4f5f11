"""What `kib deadlines` needs of each meeting, from the body's scan cache (kib.record.scan).

The facts the timeline needs (dates, signatures, the notice, the justerare, which paragraphs were
justerade omedelbart) are kept in each meeting's outline; they are turned back into a thin
model.Meeting here, so the rules in `signers` and `status` run on cached and parsed meetings alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kib.errors import Problem

if TYPE_CHECKING:
    from kib.body.committee import Committee
    from kib.record import model
    from kib.record.scan import MeetingOutline


def scan(committee: Committee) -> tuple[list[model.Meeting], list[Problem]]:
    """Every meeting of the body that loads cleanly, and each broken file's first error."""
    from kib.record.scan import MeetingOutline

    meetings: list[model.Meeting] = []
    problems: list[Problem] = []
    for item, _ in committee.scanned():
        if isinstance(item, MeetingOutline):
            meetings.append(thin_meeting(item))
            continue
        errors = [p for p in item.problems if p.severity == "error"]
        problems.append(errors[0] if errors else Problem(item.path, None, None, "error", "cannot be read"))
    return meetings, problems


def thin_meeting(outline: MeetingOutline) -> model.Meeting:
    """A Meeting holding only what the timeline reads."""
    from kib.record import model

    return model.Meeting(
        date=outline.date,
        presiding=outline.presiding,
        countersigner=model.Countersigner(name=outline.countersigner) if outline.countersigner else None,
        verifiers=[model.Verifier(name=name) for name in outline.verifiers],
        signed=None
        if outline.signed_on is None
        else model.Signed(date=outline.signed_on, signatures=list(outline.signatures)),
        announced=outline.announced,
        paragraphs=[
            model.Paragraph(number=n, title="", verified_at_meeting=n in outline.verified_at_meeting)
            for n in outline.numbers
        ],
    )
