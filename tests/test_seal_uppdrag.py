"""The seal of a nämnd's protokoll covers what it prints: the uppdrag under each paragraph, the title and
statement of its kind as the record keeps them, and the notice's labels follow members.yaml's `labels:`."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from conftest import REPO, run_kib
from namnd import NAMND_MEETING, make_root
from test_seal_record import words

DAY = "2025-12-04"
UPPDRAG = (
    "    decision: Socialnämnden tillstyrker motionen.\n"
    "    actions:\n"
    "      - owner: Sara Sekreterare\n"
    "        task: Skicka yttrandet till kommunstyrelsen\n"
    "        due: 2026-01-15\n"
)


@pytest.fixture
def namnd(tmp_path: Path) -> Path:
    meeting = NAMND_MEETING.replace("    decision: Socialnämnden tillstyrker motionen.\n", UPPDRAG)
    return make_root(tmp_path / "root", meeting) / "socialnamnden"


def kib(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_kib("--root", str(root), *args)


def meeting_path(root: Path) -> Path:
    return root / "meetings" / f"{DAY}.yaml"


def edit(root: Path, old: str, new: str) -> None:
    path = meeting_path(root)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def render_words(root: Path, day: str = DAY) -> str:
    result = kib(root, "render", "minutes", day, "--force")
    assert result.exit_code == 0, result.output
    return words(Path(result.stdout.strip().splitlines()[0]))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("task: Skicka yttrandet till kommunstyrelsen", "task: Skicka yttrandet till fullmäktige"),
        ("owner: Sara Sekreterare", "owner: Karin Ek"),
        ("due: 2026-01-15", "due: 2026-03-01"),
        (
            "        due: 2026-01-15\n",
            "        due: 2026-01-15\n      - owner: Per Lind\n        task: Ett uppdrag som ingen beslutade\n",
        ),
    ],
    ids=["task", "owner", "due", "added"],
)
def test_a_printed_uppdrag_changed_after_signing_breaks_the_seal(namnd: Path, old: str, new: str) -> None:
    assert kib(namnd, "sign", DAY, "--date", "2025-12-12").exit_code == 0
    printed = "Uppdrag: Skicka yttrandet till kommunstyrelsen (Sara Sekreterare, senast 15 januari 2026)"
    assert printed in render_words(namnd)
    edit(namnd, old, new)
    check = kib(namnd, "check")
    assert check.exit_code == 1
    assert "signed minutes changed after signing (§ 42)" in check.stdout
    refused = kib(namnd, "render", "minutes", DAY, "--force")
    assert refused.exit_code == 1


def test_the_follow_up_of_an_uppdrag_is_outside_the_seal(namnd: Path) -> None:
    assert kib(namnd, "sign", DAY, "--date", "2025-12-12").exit_code == 0
    done = kib(namnd, "action", "done", "2025-42-1", "--date", "2026-01-10", "--note", "Skickat")
    assert done.exit_code == 0, done.output
    assert "done:" in meeting_path(namnd).read_text(encoding="utf-8")
    check = kib(namnd, "check")
    assert check.exit_code == 0, check.output


def test_a_body_that_does_not_print_uppdrag_keeps_them_outside_the_seal(namnd: Path) -> None:
    members = namnd / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace("  kind: nämnd\n", "  kind: nämnd\n  print_actions: false\n"),
        encoding="utf-8",
    )
    assert kib(namnd, "sign", DAY, "--date", "2025-12-12").exit_code == 0
    edit(namnd, "task: Skicka yttrandet till kommunstyrelsen", "task: Skicka yttrandet till fullmäktige")
    check = kib(namnd, "check")
    assert check.exit_code == 0, check.output


def test_minutes_sealed_under_the_earlier_rule_verify_and_check_names_the_rule(tmp_path: Path) -> None:
    root = tmp_path / "socialnamnden"
    shutil.copytree(REPO / "examples" / "socialnamnden", root)
    check = kib(root, "check")
    assert check.exit_code == 0, check.output
    assert [line for line in check.stdout.splitlines() if "meetings/2026-03-10.yaml" in line and "info: sealed under rule 1"]
    before = render_words(root, "2026-03-10")
    amend = kib(root, "sign", "2026-03-10", "--amend", "--reason", "Uppdragen omfattas av sigillet")
    assert amend.exit_code == 0, amend.output
    assert "(rule renewed)" in amend.stdout  # nothing printed changed
    after = kib(root, "check")
    assert after.exit_code == 0, after.output
    assert not [line for line in after.stdout.splitlines() if "2026-03-10" in line and "rule 1" in line]
    assert render_words(root, "2026-03-10") == before  # resealing prints no correction
    path = meeting_path_of(root, "2026-03-10")
    text = path.read_text(encoding="utf-8")
    assert "task: Redovisa åtgärder för en budget i balans" in text
    path.write_text(text.replace("budget i balans", "budget i överskott", 1), encoding="utf-8")
    changed = kib(root, "check")
    assert changed.exit_code == 1  # now the uppdrag are sealed
    assert "signed minutes changed after signing (§ " in changed.stdout


def meeting_path_of(root: Path, day: str) -> Path:
    return root / "meetings" / f"{day}.yaml"


def test_the_record_keeps_the_title_and_statement_the_protokoll_prints(namnd: Path) -> None:
    import yaml

    before = render_words(namnd)
    assert kib(namnd, "sign", DAY, "--date", "2025-12-12").exit_code == 0
    body = yaml.safe_load(meeting_path(namnd).read_text(encoding="utf-8"))["signed"]["record"]["body"]
    assert body["document_title"] == "Sammanträdesprotokoll"
    assert body["signed_statement"] == "{body} protokoll är justerat den {date}."
    after = render_words(namnd)
    assert "Socialnämndens protokoll är justerat den 12 december 2025." in after
    assert "minnesanteckningar" not in after.lower()
    assert "Sammanträdesprotokoll" in before and "Sammanträdesprotokoll" in after
    check = kib(namnd, "check")
    assert check.exit_code == 0 and "record" not in check.stdout, check.output


def test_the_notice_takes_its_row_labels_from_members_yaml(namnd: Path) -> None:
    members = namnd / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace(
            "  kind: nämnd\n", "  kind: nämnd\n  labels:\n    notice_body: Nämnd\n    notice_certified_by: Bestyrkt av\n"
        ),
        encoding="utf-8",
    )
    for role, day in (("secretary", "2025-12-08"), ("chair", "2025-12-10"), ("verifier", "2025-12-12")):
        assert kib(namnd, "sign", DAY, "--as", role, "--date", day).exit_code == 0
    result = kib(namnd, "announce", DAY, "--date", "2025-12-15")
    assert result.exit_code == 0, result.output
    notice = next(Path(line) for line in result.stdout.split() if line.endswith(".docx"))
    rows = {row.cells[0].text: row.cells[1].text for row in docx.Document(str(notice)).tables[0].rows}
    assert rows["Nämnd"] == "Socialnämnden"
    assert rows["Bestyrkt av"] == "Sara Sekreterare"
    assert "Organ" not in rows and "Intygas av" not in rows
