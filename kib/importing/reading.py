"""What the readers of a paragraph's blocks and of the appended attendance list need of the document
being read: its lines and footnotes, the body, the names, the report and the body's own label words.

The `Recogniser` provides it; the readers ask for no more, so they stay below it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kib.body.people import Directory
    from kib.record import model

    from .lines import SourceDocument
    from .names import Matcher
    from .report import Report


class Reading(Protocol):
    """One document being read, as the block and attendance readers see it."""

    doc: SourceDocument
    members: model.MembersFile
    directory: Directory
    matcher: Matcher
    report: Report
    #: The body's own words for every label (`kib.body.vocabulary.body_labels`).
    words: dict[str, str]
    #: Those words, casefolded, with the kind of block each one labels.
    own_labels: dict[str, str]
    confidential_ground: re.Pattern[str]
    #: Reservations whose written motivation is appended as the bilaga of that number.
    written_refs: dict[int, model.Reservation]
    #: Lines kept in the meeting's note because no field took them.
    note_lines: list[str]

    def tasks(self, text: str, where: str, day: dt.date) -> list[model.Action]:
        """The uppdrag a text gives, each reported where it was found."""
        ...
