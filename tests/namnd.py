"""A small data root with a nämnd (Socialnämnden, whose protokoll is justerat and announced) beside a
beredning (whose minnesanteckningar have no anslag), independent of the shipped data."""

from __future__ import annotations

from pathlib import Path

NAMND_MEMBERS = """\
# yaml-language-server: $schema=../../kib/schemas/members.schema.json
body:
  name: Socialnämnden
  kind: nämnd
  short_name: SN
  organisation: Testköpings kommun
  record_kept_at: Kommunkansliet, Stadshuset
  notice_board: https://www.testkoping.se/anslagstavla
  place: Stadshuset
  time: "18.00-20.00"
members:
  - name: Karin Ek
    party: s
    role: ordförande
  - name: Per Lind
    party: m
  - name: Lisa Berg
    party: kd
  - name: Omar Said
    party: l
officials:
  - name: Sara Sekreterare
    title: nämndsekreterare
    secretary: true
"""

#: A Thursday in December 2025 (in the past, so that it can be signed and announced); justering due 18 December.
NAMND_MEETING = """\
# yaml-language-server: $schema=../../../kib/schemas/meeting.schema.json
date: 2025-12-04
time: "18.00-20.00"
place: Stadshuset
attendees:
  members:
    - name: Karin Ek
    - name: Per Lind
    - name: Lisa Berg
    - name: Omar Said
verifiers:
  - name: Per Lind   # utses att justera
signing:
  date: 2025-12-12
  place: Kommunkansliet
paragraphs:
  - number: 41
    title: Val av justerare
    decision: Per Lind utses att justera protokollet.
  - number: 42
    title: Yttrande över motion om fler ungdomsjobb
    dnr: SN 2026/118
    decision: Socialnämnden tillstyrker motionen.
"""

BEREDNING_MEMBERS = """\
body:
  name: Testberedningen
  short_name: TB
members:
  - name: Anna Andersson
    role: ordförande
  - name: Bertil Berg
"""

BEREDNING_MEETING = """\
date: 2025-12-03
attendees:
  members:
    - name: Anna Andersson
    - name: Bertil Berg
countersigner:
  name: Bertil Berg
paragraphs:
  - number: 1
    title: Ett ärende
"""


def make_root(target: Path, meeting: str = NAMND_MEETING) -> Path:
    """root/socialnamnden (a nämnd with one meeting) and root/beredningen (a beredning)."""
    namnd = target / "socialnamnden"
    (namnd / "meetings").mkdir(parents=True)
    (namnd / "members.yaml").write_text(NAMND_MEMBERS, encoding="utf-8")
    (namnd / "meetings" / f"{meeting_day(meeting)}.yaml").write_text(meeting, encoding="utf-8")
    beredning = target / "beredningen"
    (beredning / "meetings").mkdir(parents=True)
    (beredning / "members.yaml").write_text(BEREDNING_MEMBERS, encoding="utf-8")
    (beredning / "meetings" / "2025-12-03.yaml").write_text(BEREDNING_MEETING, encoding="utf-8")
    return target


def meeting_on(day: str, *, verifiers: tuple[str, ...] = ("Per Lind",), immediate: bool = False) -> str:
    """The nämnd's meeting moved to another day (and with other justerare, or justerad omedelbart)."""
    text = NAMND_MEETING.replace("date: 2025-12-04", f"date: {day}").replace("  date: 2025-12-12\n", "")
    lines = "".join(f"  - name: {v}\n" for v in verifiers)
    text = text.replace("  - name: Per Lind   # utses att justera\n", lines)
    if immediate:
        text = text.replace("    decision: Socialnämnden", "    verified_at_meeting: true\n    decision: Socialnämnden")
    return text


def meeting_day(text: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("date:"))
