"""Where one meeting stands on the timeline of the law, and what is due next.

The states, in the order a protokoll passes them: `justering-due` (not yet justerat, in time),
`justering-late` (not justerat and the fourteen days are out), `announce-due` (justerat, the notice
not yet up, in time), `announce-late` (its last day passed), `appeal-running` (the notice is up and
the three weeks run), `final` (the appeal period is over: the decisions have vunnit laga kraft unless
appealed). A beredning has no anslag and so no timeline: its meetings are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import legal_dates as law
from .signers import justerat

if TYPE_CHECKING:
    from kib.body.committee import Committee
    from kib.record import model

STATES = ("justering-due", "justering-late", "announce-due", "announce-late", "appeal-running", "final")
#: The states as the secretary's table words them.
STATE_SV = {
    "justering-due": "ska justeras",
    "justering-late": "justering försenad",
    "announce-due": "ska anslås",
    "announce-late": "anslag försenat",
    "appeal-running": "överklagandetid löper",
    "final": "överklagandetiden ute",
}
NO_ANSLAG = "beredning"


@dataclass(frozen=True)
class Timeline:
    """The dates of one meeting: those the law sets and those recorded in its file."""

    body: str
    meeting: dt.date
    justering_due: dt.date
    justerat: dt.date | None
    announce_due: dt.date | None
    announced: dt.date | None
    take_down: dt.date | None
    appeal_ends: dt.date | None
    #: Paragraphs justerade omedelbart: justerade on the meeting day.
    verified_at_meeting: tuple[int, ...] = ()

    def state(self, today: dt.date) -> str:
        if self.justerat is None:
            return "justering-due" if today <= self.justering_due else "justering-late"
        if self.announced is None:
            assert self.announce_due is not None
            return "announce-due" if today <= self.announce_due else "announce-late"
        assert self.appeal_ends is not None
        return "appeal-running" if today <= self.appeal_ends else "final"

    @property
    def justered_late(self) -> bool:
        return self.justerat is not None and self.justerat > self.justering_due

    @property
    def announced_late(self) -> bool:
        return self.announced is not None and self.announce_due is not None and self.announced > self.announce_due

    def as_json(self, today: dt.date) -> dict[str, Any]:
        """One object of `kib deadlines --format json`."""

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "body": self.body,
            "meeting": self.meeting.isoformat(),
            "justering_due": iso(self.justering_due),
            "justerat": iso(self.justerat),
            "announce_due": iso(self.announce_due),
            "announced": iso(self.announced),
            "take_down": iso(self.take_down),
            "appeal_ends": iso(self.appeal_ends),
            "state": self.state(today),
            "justering_late": self.justered_late,
            "announce_late": self.announced_late,
            "verified_at_meeting": list(self.verified_at_meeting),
        }


def has_anslag(committee: Committee) -> bool:
    return committee.members.body.kind != NO_ANSLAG


def timeline(committee: Committee, meeting: model.Meeting) -> Timeline:
    """The meeting's dates from the law and its file (whatever the kind of body; see `has_anslag`)."""
    done = justerat(committee, meeting)
    posted = meeting.announced.date if meeting.announced else None
    return Timeline(
        body=committee.name,
        meeting=meeting.date,
        justering_due=law.justering_due(meeting.date),
        justerat=done,
        announce_due=law.announce_due(done) if done else None,
        announced=posted,
        take_down=law.take_down(posted) if posted else None,
        appeal_ends=law.appeal_ends(posted) if posted else None,
        verified_at_meeting=tuple(p.number for p in meeting.paragraphs if p.verified_at_meeting),
    )
