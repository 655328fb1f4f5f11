"""Which files in meetings/ are meetings.

A secretary's folder holds more than the meetings: Explorer's copies ("2010-12-02 - Kopia.yaml"), a
browser's second download ("2010-12-02 (1).yaml"), a file Notepad saved as "2010-12-02.yaml.txt" or an
editor as ".yml". Read as meetings, a copy makes every date ambiguous and lists each uppdrag twice, and
a file with the wrong extension that is silently skipped lets `new-meeting` make a second file for its
date. So every listing of meetings asks `classify`, and `kib check` names the others.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

#: The extension of a meeting file; anything else that looks like YAML is named, never read.
EXTENSION = ".yaml"

# Patterns as text, compiled (and cached by `re`) only when a name is not a plain meeting's: start-up time.
_YAMLISH = r"^(?P<stem>.+?)(?P<ext>\.ya?ml(?:\.txt)?)$"
#: Explorer ("X - Kopia", "X - Kopia (2)", "X - Copy"), Finder ("X kopia", "X copy 2") and browsers ("X (1)").
_COPY_SUFFIX = r"^(?P<base>.+?)(?:\s+-\s+(?:kopia|copy)(?:\s*\(\d+\))?|\s+(?:kopia|copy)(?:\s+\d+)?|\s*\(\d+\))$"
#: Older Windows: "Kopia av X", "Copy of X", "Copy (2) of X".
_COPY_PREFIX = r"^(?:kopia(?:\s*\(\d+\))? av|copy(?:\s*\(\d+\))? of)\s+(?P<base>.+)$"

Kind = Literal["meeting", "copy", "extension"]

#: The usual name, recognised without the slower patterns (a municipality's folder holds thousands).
_PLAIN_MEETING = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-[a-z0-9-]+)?\.yaml$")


class MeetingFileName(NamedTuple):
    """What a file name in meetings/ stands for: a meeting, or a copy of (or a misnamed) `proper`."""

    kind: Kind
    proper: str  # the meeting file's right name: the file itself for a meeting
    extension: str  # as written, e.g. ".yml", ".yaml.txt", ".YAML"


def classify(name: str) -> MeetingFileName | None:
    """The kind of a file name in meetings/, or None for a file that is no business of kib's.

    Hidden files (".2010-12-02.yaml.swp", macOS's "._2010-12-02.yaml") and non-YAML files are None.
    """
    if _PLAIN_MEETING.match(name):
        return MeetingFileName("meeting", name, EXTENSION)
    if name.startswith("."):
        return None
    match = re.match(_YAMLISH, name, re.IGNORECASE)
    if match is None:
        return None
    stem, extension = match["stem"], match["ext"]
    base = _copied_from(stem)
    if base is not None:
        return MeetingFileName("copy", base + EXTENSION, extension)
    if extension != EXTENSION:
        return MeetingFileName("extension", stem + EXTENSION, extension)
    return MeetingFileName("meeting", name, extension)


def _copied_from(stem: str) -> str | None:
    for pattern in (_COPY_SUFFIX, _COPY_PREFIX):
        match = re.match(pattern, stem, re.IGNORECASE)
        if match and match["base"].strip():
            return match["base"].strip()
    return None


def stray_message(info: MeetingFileName, meetings: set[str]) -> str:
    """What `kib check` says about a file that is not read, given the names of the meetings that are."""
    if info.kind == "copy":
        if info.proper in meetings:
            return f"a copy of {info.proper}, not read; delete it or merge it into {info.proper}"
        return f"a copy of {info.proper}, not read (there is no {info.proper}); rename it to {info.proper}"
    if info.proper in meetings:
        return f"saved as {info.extension}, not read, beside {info.proper}; delete it or merge it into {info.proper}"
    return f"saved as {info.extension}, not read: rename it to {info.proper}"
