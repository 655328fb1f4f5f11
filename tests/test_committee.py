"""The body's rules, asked of kib.body.committee.Committee on the committee's own minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kib.body.committee import Committee
from kib.record.store import BodyDir


def committee(root: Path) -> Committee:
    return Committee.scan(BodyDir(root))


def test_numbering_runs_on_through_the_year_and_restarts_in_january(shipped_root: Path) -> None:
    kib = committee(shipped_root)
    assert kib.first_paragraph_number(dt.date(2010, 12, 2)) == 13  # 2010-11-04 ended at § 12
    assert kib.first_paragraph_number(dt.date(2007, 5, 2)) == 7  # 2007-03-26 held §§ 5-6
    assert kib.first_paragraph_number(dt.date(2011, 1, 19)) == 1


def test_a_meeting_resolved_with_what_members_yaml_supplies(shipped_root: Path) -> None:
    kib = Committee.load(BodyDir(shipped_root))
    folder = BodyDir(shipped_root)
    early = folder.meeting(folder.resolve_meeting("2007-03"))
    resolved = kib.resolve(early, folder.resolve_meeting("2007-03"))
    assert (resolved.time, resolved.place, resolved.paragraph_format) == ("17.00-19.00", "Nacka Stadshus", "{number}.")
    assert resolved.presiding == "Jan-Eric Jansson"
    late_path = folder.resolve_meeting("2010-11")
    late = kib.resolve(folder.meeting(late_path), late_path)
    assert late.paragraph_format == "§ {number}"  # members.yaml's, the meeting names none
    assert late.time == kib.members.body.time and late.time_from == folder.members_path
    assert late.presiding == "Eva Närvä-Eickenrodt"
    assert kib.secretary is not None and kib.secretary.name == "Inger Bäcklund"


def test_the_next_meeting_is_the_first_adopted_date_after_the_latest(shipped_root: Path) -> None:
    kib = committee(shipped_root)
    assert kib.next_meeting_date(dt.date(2007, 3, 26)) == dt.date(2007, 5, 2)
    assert kib.next_meeting_date(dt.date(2007, 5, 2)) == dt.date(2007, 6, 20)


def test_open_uppdrag_are_those_given_before_and_due_by_the_day(shipped_root: Path) -> None:
    kib = committee(shipped_root)
    records, problems = kib.uppdrag()
    assert records and not problems
    due = kib.open_uppdrag(dt.date(2008, 9, 10))
    assert due and all(r.meeting < dt.date(2008, 9, 10) and r.done is None for r in due)
    assert {r.id for r in due} < {r.id for r in records}


def test_the_secretary_is_the_one_marked_else_the_one_titled_so(shipped_root: Path) -> None:
    members = shipped_root / "members.yaml"
    text = members.read_text("utf-8")
    assert "secretary: true" in text
    members.write_text(text.replace("secretary: true", "secretary: false"), "utf-8")
    kib = Committee.load(BodyDir(shipped_root))
    assert kib.secretary is not None and kib.secretary.name == "Inger Bäcklund"  # titled sekreterare
    person = kib.directory.get("sekreteraren")
    assert person is not None and person.name == "Inger Bäcklund"
