"""`kib new-meeting` and `kib sign`: the files they write and what they refuse."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_kib

from kib.record.schema import SCHEMAS, render_schema


def test_new_meeting_continues_numbering_and_passes_check(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02")
    assert result.exit_code == 0, result.output
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    assert result.stdout.strip().endswith("2010-12-02.yaml")
    text = path.read_text(encoding="utf-8")
    assert "  - number: 13\n" in text  # 2010-11 ended at § 12
    assert "    - name: Anders Nordmark\n" in text  # every member listed as beslutande
    assert "    - name: Inger Bäcklund\n" in text  # the secretary attends
    assert "presiding: Eva Närvä-Eickenrodt" in text
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_new_meeting_never_overwrites(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# the secretary's own note\n", encoding="utf-8")
    before = path.read_bytes()
    again = run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02")
    assert again.exit_code == 1
    assert "exists already" in again.stderr
    assert path.read_bytes() == before


def test_new_meeting_takes_the_next_adopted_date(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "new-meeting")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("2010-12-02.yaml")  # schedule.yaml: the last meeting of the term


def test_new_meeting_restarts_numbering_in_january(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2011-01-19").exit_code == 0
    text = (shipped_root / "meetings" / "2011-01-19.yaml").read_text(encoding="utf-8")
    assert "  - number: 1\n" in text


def test_countersigner_rotates_to_who_signed_least_recently(shipped_root: Path) -> None:
    run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02")
    first = (shipped_root / "meetings" / "2010-12-02.yaml").read_text(encoding="utf-8")
    # Mohammad Noori countersigned 2007-03-26, so someone who never countersigned comes first
    assert "countersigner:" in first
    assert "name: Mohammad Noori" not in first.split("countersigner:")[1].split("\n")[1]


def test_new_meeting_follow_up_lists_open_uppdrag(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02", "--follow-up")
    assert result.exit_code == 0, result.output
    text = (shipped_root / "meetings" / "2010-12-02.yaml").read_text(encoding="utf-8")
    assert "title: Uppföljning av uppdrag" in text
    assert "2008-16-1 Lennart Jonasson" in text
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_new_meeting_without_date_or_schedule(shipped_root: Path) -> None:
    (shipped_root / "schedule.yaml").unlink()
    result = run_kib("--root", str(shipped_root), "new-meeting")
    assert result.exit_code == 2
    assert "--date" in result.stderr


def test_shipped_meetings_are_sealed_and_a_changed_word_shows(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    assert "fingerprint: sha256:" in path.read_text(encoding="utf-8")
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("”Racet” resulterade i sju produkter", "”Racet” resulterade i åtta produkter"), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert "changed after signing (§ 13)" in check.stdout
    amend = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "Felskrivning: åtta, inte sju")
    assert amend.exit_code == 0, amend.output
    after = path.read_text(encoding="utf-8")
    assert "Felskrivning: åtta, inte sju" in after
    assert "by: Inger Bäcklund" in after
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_sign_a_new_meeting(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    scaffolded = path.read_text(encoding="utf-8")
    empty = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-07")
    assert empty.exit_code == 1
    assert "§ 13 is empty (no text, no decision); write it or delete it before signing" in empty.stderr
    assert path.read_text(encoding="utf-8") == scaffolded
    path.write_text(scaffolded.replace('text: ""', "text: Inga övriga frågor."), encoding="utf-8")  # the secretary writes it
    before = path.read_text(encoding="utf-8")
    early = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-01")
    assert early.exit_code == 2
    assert "before the meeting" in early.stderr
    assert run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-07").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # only lines added, at the end
    assert "signed:\n  date: 2010-12-07\n  fingerprint: sha256:" in after
    again = run_kib("--root", str(shipped_root), "sign", "2010-12-02")
    assert again.exit_code == 2
    assert "already signed" in again.stderr
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_unknown_meeting_reference_lists_latest(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "sign", "2009-03")
    assert result.exit_code == 2
    assert "no meeting 2009-03" in result.stderr
    assert "2010-11-04" in result.stderr


def test_shipped_schemas_match_the_model() -> None:
    for name in SCHEMAS:
        shipped = (REPO / "kib" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert shipped == render_schema(name), f"run `kib schema --write kib/schemas` ({name})"
        schema = json.loads(shipped)
        assert schema.get("properties") or schema.get("items") or schema.get("additionalProperties"), name


def test_every_data_file_names_its_schema() -> None:
    files = [REPO / "members.yaml", REPO / "schedule.yaml", *sorted((REPO / "meetings").glob("*.yaml"))]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), f"{path.name} points at a missing schema"


def test_every_command_has_help() -> None:
    for command in (
        [], ["check"], ["new-meeting"], ["sign"], ["render"], ["render", "minutes"], ["render", "agenda"],
        ["render", "extract"], ["propose-dates"], ["open-actions"], ["action"], ["action", "done"],
        ["action", "add"], ["schema"],
    ):
        result = run_kib(*command, "--help")
        assert result.exit_code == 0, command
        assert "Usage:" in result.stdout
        doc_line = [line for line in result.stdout.splitlines() if line.strip()][1]
        assert len(doc_line.strip()) > 10, command


def test_rotation_counts_a_countersigner_written_by_first_name(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2010-11-04.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "countersigner:\n  name: Jan-Eric\n", encoding="utf-8")
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2011-02-02").exit_code == 0
    text = (shipped_root / "meetings" / "2011-02-02.yaml").read_text(encoding="utf-8")
    proposed = text.split("countersigner:")[1].split("\n")[1].strip()
    assert proposed == "name: Anders Nordmark"  # Jan-Eric Jansson signed last; Mohammad Noori in 2007


def test_new_meeting_schema_line_points_at_the_schema(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2011-02-02").exit_code == 0
    first = (shipped_root / "meetings" / "2011-02-02.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = first.split("$schema=")[1]
    resolved = Path(target[len("file://"):]) if target.startswith("file://") else (shipped_root / "meetings" / target)
    assert resolved.resolve() == (REPO / "kib" / "schemas" / "meeting.schema.json").resolve()
