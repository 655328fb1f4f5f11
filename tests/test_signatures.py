"""`kib sign --as`: each signature of a protokoll on its own day; justerat on the last."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_kib
from namnd import make_root, meeting_on

from kib.body.committee import Committee
from kib.record.store import open_root
from kib.timeline.signers import justerat, paragraph_justerad


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "root")


def meeting_file(root: Path, day: str = "2025-12-04") -> Path:
    return root / "socialnamnden" / "meetings" / f"{day}.yaml"


def justering(root: Path, day: str = "2025-12-04"):  # type: ignore[no-untyped-def]
    committee = Committee.load(open_root(root).body("socialnamnden"))
    meeting = committee.folder.meeting(meeting_file(root, day))
    return justerat(committee, meeting), meeting, committee


def sign(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_kib("--root", str(root), "sign", "2025-12-04", "--body", "SN", *args)


def test_signatures_on_different_days_justerat_on_the_last(root: Path) -> None:
    first = sign(root, "--as", "secretary", "--date", "2025-12-08")
    assert first.exit_code == 0, first.output
    assert "still to sign: Karin Ek (ordförande), Per Lind (justerare)" in first.stdout
    assert justering(root)[0] is None
    assert sign(root, "--as", "ordförande", "--date", "2025-12-09").exit_code == 0
    last = sign(root, "--as", "verifier", "--name", "Per Lind", "--date", "2025-12-12")
    assert last.exit_code == 0, last.output
    assert "justerat 2025-12-12" in last.stdout
    day, meeting, _ = justering(root)
    assert str(day) == "2025-12-12"
    assert str(meeting.signed.date) == "2025-12-12"
    assert [(s.role, s.name, str(s.date)) for s in meeting.signed.signatures] == [
        ("secretary", "Sara Sekreterare", "2025-12-08"),
        ("chair", "Karin Ek", "2025-12-09"),
        ("verifier", "Per Lind", "2025-12-12"),
    ]
    text = meeting_file(root).read_text(encoding="utf-8")
    assert "  - name: Per Lind   # utses att justera\n" in text  # the secretary's comment kept
    assert text.index("signed:") < text.index("paragraphs:")
    assert "signed:\n  date: 2025-12-12\n  signatures:\n    - role: secretary\n" in text
    assert "&" not in text and "*" not in text  # no YAML anchors for the repeated date
    check = run_kib("--root", str(root), "check", "--body", "SN")
    assert check.exit_code == 0, check.output


def test_a_change_after_the_first_signature_stops_the_next(root: Path) -> None:
    assert sign(root, "--as", "secretary", "--date", "2025-12-08").exit_code == 0
    path = meeting_file(root)
    path.write_text(path.read_text(encoding="utf-8").replace("tillstyrker", "avstyrker"), encoding="utf-8")
    result = sign(root, "--as", "chair", "--date", "2025-12-09")
    assert result.exit_code == 1
    assert "changed after the first signature (§ 42)" in result.stderr
    assert "chair" not in path.read_text(encoding="utf-8")


def test_plain_sign_adds_every_missing_signature_on_its_date(root: Path) -> None:
    assert sign(root, "--as", "verifier", "--date", "2025-12-10").exit_code == 0
    result = sign(root, "--date", "2025-12-11")
    assert result.exit_code == 0, result.output
    day, meeting, _ = justering(root)
    assert str(day) == "2025-12-11"
    assert sorted((s.role, str(s.date)) for s in meeting.signed.signatures) == [
        ("chair", "2025-12-11"),
        ("secretary", "2025-12-11"),
        ("verifier", "2025-12-10"),
    ]
    again = sign(root, "--date", "2025-12-11")
    assert again.exit_code == 2 and "every signature is recorded" in again.stderr


def test_plain_sign_without_signatures_signs_all_at_once(root: Path) -> None:
    result = sign(root, "--date", "2025-12-11")
    assert result.exit_code == 0, result.output
    day, meeting, _ = justering(root)
    assert str(day) == "2025-12-11" and meeting.signed.signatures == []
    later = sign(root, "--as", "chair", "--date", "2025-12-12")
    assert later.exit_code == 2 and "by everyone at once" in later.stderr


def test_wrong_signatures_are_refused_with_one_line(root: Path) -> None:
    unknown = sign(root, "--as", "verifier", "--name", "Lisa Berg", "--date", "2025-12-10")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "error: Lisa Berg is not a justerare of this meeting; its justerare: Per Lind"
    assert sign(root, "--as", "treasurer").exit_code == 2
    assert "before the meeting" in sign(root, "--as", "chair", "--date", "2025-12-01").stderr
    assert sign(root, "--as", "chair", "--date", "2025-12-09").exit_code == 0
    twice = sign(root, "--as", "chair", "--date", "2025-12-10")
    assert twice.exit_code == 2 and "signed as ordförande on 2025-12-09, not 2025-12-10" in twice.stderr


def test_two_justerare_must_be_named(tmp_path: Path) -> None:
    root = make_root(tmp_path / "root", meeting_on("2025-12-04", verifiers=("Per Lind", "Lisa Berg")))
    result = sign(root, "--as", "verifier", "--date", "2025-12-10")
    assert result.exit_code == 2 and "(one of: Per Lind, Lisa Berg)" in result.stderr
    for who, day in (("Lisa Berg", "2025-12-10"), ("Per Lind", "2025-12-11")):
        assert sign(root, "--as", "justerare", "--name", who, "--date", day).exit_code == 0
    assert sign(root, "--as", "secretary", "--date", "2025-12-09").exit_code == 0
    assert justering(root)[0] is None  # the ordförande has not signed
    assert sign(root, "--as", "chair", "--date", "2025-12-15").exit_code == 0
    assert str(justering(root)[0]) == "2025-12-15"


def test_a_paragraph_justerad_omedelbart_is_justerad_on_the_meeting_day(tmp_path: Path) -> None:
    root = make_root(tmp_path / "root", meeting_on("2025-12-04", immediate=True))
    day, meeting, committee = justering(root)
    assert day is None
    immediate, ordinary = meeting.paragraphs[1], meeting.paragraphs[0]
    assert str(paragraph_justerad(committee, meeting, immediate)) == "2025-12-04"
    assert paragraph_justerad(committee, meeting, ordinary) is None
    assert sign(root, "--date", "2025-12-11").exit_code == 0
    _, meeting, committee = justering(root)
    assert str(paragraph_justerad(committee, meeting, meeting.paragraphs[1])) == "2025-12-04"
    assert str(paragraph_justerad(committee, meeting, meeting.paragraphs[0])) == "2025-12-11"


def test_one_signature_at_a_time_seals_nothing_check_rejects(root: Path) -> None:
    path = meeting_file(root)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - number: 43\n    title: Övriga frågor\n", encoding="utf-8")  # left empty
    before = path.read_bytes()
    first = sign(root, "--as", "secretary", "--date", "2025-12-08")
    assert first.exit_code == 1
    assert first.stderr.strip().endswith("§ 43 is empty (no text, no decision); write it or delete it before signing")
    assert path.read_bytes() == before
