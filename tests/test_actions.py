"""The uppdrag register: listing, closing and adding, with the YAML changed only where it must be."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from conftest import run_kib

MINUTES_UPPDRAG = {
    # id: (owner, meeting, paragraph) as the committee's minutes give them
    "2007-8-1": ("Inger Bäcklund", "2007-05-02", 8),
    "2007-8-2": ("Lennart Jonasson", "2007-05-02", 8),
    "2007-16-1": ("Inger Bäcklund", "2007-09-19", 16),
    "2008-16-1": ("Lennart Jonasson", "2008-09-10", 16),
    "2008-17-1": ("Inger Bäcklund", "2008-09-10", 17),
}


def actions_json(root: Path, *extra: str) -> list[dict[str, object]]:
    result = run_kib("--root", str(root), "open-actions", "--format", "json", "--today", "2010-12-01", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_uppdrag_of_the_minutes_with_owners_and_paragraphs(shipped_root: Path) -> None:
    rows = {row["id"]: row for row in actions_json(shipped_root, "--all")}
    for ident, (owner, meeting, paragraph) in MINUTES_UPPDRAG.items():
        assert ident in rows, ident
        row = rows[ident]
        assert (row["owner"], row["meeting"], row["paragraph"]) == (owner, meeting, paragraph)
        for key in ("task", "due", "status", "done"):
            assert key in row


def test_next_meeting_resolves_to_the_next_date(shipped_root: Path) -> None:
    rows = {row["id"]: row for row in actions_json(shipped_root)}
    assert rows["2007-8-1"]["due"] == "2007-06-20"  # "nästa sammanträde" after 2 May 2007
    assert rows["2007-8-1"]["overdue"] is True


def test_done_removes_from_open_list_and_adds_only_lines(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_kib(
        "--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2010-11-04",
        "--reported", "2010-11 §12", "--note", "Vilma M tillfrågad",
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in diff), diff
    assert 3 <= len(diff) <= 5
    assert "reported: 2010-11-04 § 12" in after
    assert "2008-16-1" not in {row["id"] for row in actions_json(shipped_root)}
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_done_refusals_leave_the_file_untouched(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    before = path.read_bytes()
    early = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-01-01")
    assert early.exit_code == 2 and "before the uppdrag was given" in early.stderr
    unknown = run_kib("--root", str(shipped_root), "action", "done", "2099-1-1")
    assert unknown.exit_code == 2 and "no uppdrag with id" in unknown.stderr
    bad_ref = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--reported", "2010-11 §99")
    assert bad_ref.exit_code == 2 and "no § 99" in bad_ref.stderr
    assert path.read_bytes() == before


def test_add_resolves_short_form_and_refuses_ambiguity(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    result = run_kib("--root", str(shipped_root), "action", "add", "2008-09", "18", "--owner", "Lennart J",
                     "--task", "Ta fram majoritetsprogrammets text om beredningen", "--due", "nästa sammanträde")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2008-18-1"
    rows = {row["id"]: row for row in actions_json(shipped_root)}
    assert rows["2008-18-1"]["owner"] == "Lennart Jonasson"
    members = shipped_root / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8") + "  - name: Lennart Jansson\n    title: controller\n", encoding="utf-8")
    before = path.read_bytes()
    ambiguous = run_kib("--root", str(shipped_root), "action", "add", "2008-09", "18", "--owner", "Lennart", "--task", "x")
    assert ambiguous.exit_code == 2
    assert "matches several people" in ambiguous.stderr
    assert path.read_bytes() == before


def test_edits_refuse_characters_a_word_document_cannot_hold(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    before = path.read_bytes()
    bell = run_kib("--root", str(shipped_root), "action", "add", "2008-09", "18", "--owner", "Lennart J",
                   "--task", "Ring\x07 till Vilma")
    assert bell.exit_code == 2 and "--task contains the control character U+0007" in bell.stderr
    note = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--note", "klart\x1b[31m")
    assert note.exit_code == 2 and "--note contains the control character U+001B" in note.stderr
    assert path.read_bytes() == before
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_owner_filter_overdue_and_formats(shipped_root: Path) -> None:
    mine = actions_json(shipped_root, "--owner", "sekreteraren")
    assert mine and {row["owner"] for row in mine} == {"Inger Bäcklund"}
    overdue = actions_json(shipped_root, "--overdue")
    assert overdue and all(row["overdue"] for row in overdue)
    csv_out = run_kib("--root", str(shipped_root), "open-actions", "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("id,")
    md = run_kib("--root", str(shipped_root), "open-actions", "--format", "markdown")
    assert "| Id | Ansvarig |" in md.stdout
    table = run_kib("--root", str(shipped_root), "open-actions", "--today", "2010-12-01")
    assert "Lennart Jonasson" in table.stdout and "försenad" in table.stdout
    # one language for the secretary: Swedish headers and status words, none of the data's English
    assert "Ansvarig" in table.stdout and "öppna uppdrag" in table.stdout
    assert not any(word in table.stdout for word in ("OVERDUE", "open", "done"))


def test_several_bodies_listed_body_by_body(tmp_path: Path, shipped_root: Path) -> None:
    import shutil

    root = tmp_path / "secretariat"
    shutil.copytree(shipped_root, root / "kib")
    shutil.copytree(shipped_root, root / "kib-copy")
    rows = json.loads(run_kib("--root", str(root), "open-actions", "--format", "json").stdout)
    assert len(rows) == 2 * len(actions_json(shipped_root))
    ambiguous = run_kib("--root", str(root), "action", "done", "2008-16-1")
    assert ambiguous.exit_code == 2 and "--body" in ambiguous.stderr
    done = run_kib("--root", str(root), "action", "done", "2008-16-1", "--body", "kib-copy", "--date", "2010-11-04")
    assert done.exit_code == 0, done.output


def test_an_uppdrag_is_not_added_to_a_signed_protokoll_that_prints_them(tmp_path: Path) -> None:
    from namnd import make_root

    root = make_root(tmp_path / "root")
    meeting = root / "socialnamnden" / "meetings" / "2025-12-04.yaml"

    def add() -> Any:
        return run_kib(
            "--root", str(root), "action", "add", "2025-12-04", "42", "--owner", "Sara Sekreterare",
            "--task", "Skicka yttrandet", "--body", "SN",
        )  # fmt: skip

    assert add().exit_code == 0  # before justering it becomes part of what is signed
    assert run_kib("--root", str(root), "sign", "2025-12-04", "--body", "SN", "--date", "2025-12-12").exit_code == 0
    before = meeting.read_bytes()
    refused = add()
    assert refused.exit_code == 1
    assert "2025-12-04 is signed and its minutes print the uppdrag of each paragraph" in refused.stderr
    assert meeting.read_bytes() == before
