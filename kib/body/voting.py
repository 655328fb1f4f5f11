"""Counting an omröstning: the totals are computed from each member's vote, never typed by hand.

At a tie the chair's casting vote (utslagsröst) decides (5 kap. 60 § KL); the side that won is what a
reservation is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .people import normalise

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from kib.record import model


@dataclass(frozen=True)
class Tally:
    """The names on each side, in the order the ballots were recorded."""

    yes: tuple[str, ...]
    no: tuple[str, ...]
    abstain: tuple[str, ...]
    casting_vote: str | None

    @property
    def tie(self) -> bool:
        return len(self.yes) == len(self.no)

    @property
    def winner(self) -> str | None:
        """'ja' or 'nej', or None at a tie nobody broke."""
        if len(self.yes) > len(self.no):
            return "ja"
        if len(self.no) > len(self.yes):
            return "nej"
        return self.casting_vote

    def side_of(self, name: str) -> str | None:
        """'ja', 'nej' or 'avstår' for a name (spelling compared as kib.body.people does), None without a ballot."""
        key = normalise(name)
        for word, names in (("ja", self.yes), ("nej", self.no), ("avstår", self.abstain)):
            if any(normalise(n) == key for n in names):
                return word
        return None


def tally(vote: model.Vote) -> Tally:
    """Sort the ballots into ja, nej and avstår."""
    sides: dict[str, list[str]] = {"ja": [], "nej": [], "avstår": []}
    for name, word in vote.ballots.items():
        sides[word].append(name)
    return Tally(tuple(sides["ja"]), tuple(sides["nej"]), tuple(sides["avstår"]), vote.casting_vote)
