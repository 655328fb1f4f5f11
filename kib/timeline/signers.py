"""Who must sign a record, and the day it counts as justerat.

A nämnd's protokoll is signed by the secretary, the ordförande and each justerare, often on different
days; it is justerat on the last of those signatures. A paragraph justerad omedelbart was justerad at
the meeting. A beredning's minnesanteckningar are signed by the ordförande and kontrasignerade by one
member (recorded as a `verifier` signature). A meeting signed all at once (`kib sign REF --date D`,
no separate signatures) is justerat on that date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from kib.body.people import same_name

if TYPE_CHECKING:
    from kib.body.committee import Committee
    from kib.record import model

ROLES = ("secretary", "chair", "verifier")
#: What the secretary may type for a role: English or the Swedish words of the documents.
ROLE_WORDS = {
    "secretary": "secretary",
    "sekreterare": "secretary",
    "chair": "chair",
    "ordförande": "chair",
    "ordforande": "chair",
    "verifier": "verifier",
    "justerare": "verifier",
    "justerande": "verifier",
    "kontrasignerare": "verifier",
}
#: The role words as a protokoll prints them.
ROLE_SV = {"secretary": "sekreterare", "chair": "ordförande", "verifier": "justerare"}
DEFAULT_VERIFIERS = {"fullmäktige": 2}


class Signer(NamedTuple):
    """A signature the record needs: its role and, when known, who gives it."""

    role: str
    name: str | None


def required_signers(committee: Committee, meeting: model.Meeting) -> list[Signer]:
    """Secretary, chair and each justerare (a beredning: chair and the countersigner), in signing order."""
    body = committee.members.body
    chair = meeting.presiding or (committee.chair.name if committee.chair else None)
    if body.kind == "beredning":
        return [
            Signer("chair", chair),
            Signer("verifier", meeting.countersigner.name if meeting.countersigner else None),
        ]
    secretary = committee.secretary
    signers = [Signer("secretary", secretary.name if secretary else None), Signer("chair", chair)]
    if meeting.verifiers:
        signers += [Signer("verifier", v.name) for v in meeting.verifiers]
    else:
        count = body.verifiers_required or DEFAULT_VERIFIERS.get(body.kind, 1)
        signers += [Signer("verifier", None)] * count
    return signers


def missing_signers(committee: Committee, meeting: model.Meeting) -> list[Signer]:
    """The required signatures not yet recorded (by name where the name is known, else by role)."""
    signed = list(meeting.signed.signatures) if meeting.signed else []
    missing = []
    for signer in required_signers(committee, meeting):
        match = next(
            (s for s in signed if s.role == signer.role and (signer.name is None or same_name(s.name, signer.name))),
            None,
        )
        if match is None:
            missing.append(signer)
        else:
            signed.remove(match)
    return missing


def all_verified_at_meeting(meeting: model.Meeting) -> bool:
    return bool(meeting.paragraphs) and all(p.verified_at_meeting for p in meeting.paragraphs)


def justerat(committee: Committee, meeting: model.Meeting) -> dt.date | None:
    """The day the record was justerat: the last signature once everyone has signed, else None."""
    signed = meeting.signed
    if signed is None:
        return meeting.date if all_verified_at_meeting(meeting) else None
    if not signed.signatures:
        return signed.date
    if missing_signers(committee, meeting):
        return meeting.date if all_verified_at_meeting(meeting) else None
    return max(s.date for s in signed.signatures)


def paragraph_justerad(
    committee: Committee, meeting: model.Meeting, paragraph: model.Paragraph
) -> dt.date | None:
    """A paragraph justerad omedelbart was justerad on the meeting day; the others with the record."""
    return meeting.date if paragraph.verified_at_meeting else justerat(committee, meeting)
