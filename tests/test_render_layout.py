"""What a reader of the minutes, agenda and extract notices: who was absent, the uppdrag, rows and lines
that stay together, no empty rows, and corrections after signing in Swedish."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import run_kib
from docx.oxml.ns import qn
from test_render import body_text, do

from kib.documents.render import render
from kib.record.store import BodyDir

NBSP = "\u00a0"


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "meetings" / "2024-03-13.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _paragraphs(path: Path) -> list[docx.text.paragraph.Paragraph]:
    return list(docx.Document(str(path)).paragraphs)


def test_absent_members_have_their_own_row(mini_root: Path) -> None:
    assert "Frånvarande" not in body_text(do(mini_root)[0])  # nobody absent: no row
    _edit(
        mini_root,
        "  others:\n",
        "  absent:\n    - name: Cecilia Carlsson\n      reason: sjukdom\n    - name: Erik Ek\n  others:\n",
    )
    text = body_text(do(mini_root)[0])
    assert "Frånvarande\nCecilia Carlsson (kd), sjukdom\nErik Ek (c)\nÖvriga deltagare" in text


def test_header_rows_with_nothing_to_say_are_left_out(mini_root: Path) -> None:
    _edit(mini_root, 'countersigner:\n  name: Bertil Berg\nsigning:\n  date: 2024-03-18\n  time: "08.00"\n', "")
    text = body_text(do(mini_root)[0])
    for label in ("Utses att kontrasignera", "Kontrasigneras av", "Datum för underskrift"):
        assert label not in text
    assert "Sekreterare\n\nSara Sekreterare\nOrdförande\n\nAnna Andersson" in text


UPPDRAG = (
    "    actions:\n"
    "      - owner: Fredrik F\n"
    "        task: Utreda bygglovsfrågan\n"
    "        due: 2024-04-10\n"
    "      - owner: sekreteraren\n"
    "        task: Boka lokal\n"
)


def test_uppdrag_are_printed_under_their_paragraph_and_in_the_extract(mini_root: Path) -> None:
    _edit(mini_root, "  - number: 4\n", UPPDRAG.replace("    actions", "    actions", 1) + "  - number: 4\n")
    text = body_text(do(mini_root)[0])
    given = (
        "Att uppdra åt sekreteraren att återkomma.\n"
        "Uppdrag: Utreda bygglovsfrågan (Fredrik Frisk, senast 10 april 2024)\n"
        "Uppdrag: Boka lokal (Sara Sekreterare)\n"
        f"§{NBSP}4 Övrigt ärende"
    )
    assert given in text
    extract = body_text(do(mini_root, "extract", paragraph=3)[0])
    assert "Uppdrag: Utreda bygglovsfrågan (Fredrik Frisk, senast 10 april 2024)" in extract


def test_a_body_whose_text_states_its_uppdrag_can_leave_them_out(mini_root: Path) -> None:
    _edit(mini_root, "  - number: 4\n", UPPDRAG + "  - number: 4\n")
    body = BodyDir(mini_root)
    body.members.body.print_actions = False
    (written,) = render(body, "minutes", ["2024-03"], force=True).written
    text = body_text(written)
    assert "Uppdrag:" not in text and "Utreda bygglovsfrågan" not in text


def test_beslut_stays_with_its_att_clauses(mini_root: Path) -> None:
    paragraphs = _paragraphs(do(mini_root)[0])
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Beslut:")
    decision = paragraphs[start : start + 3]
    assert [p.text for p in decision] == [
        "Beslut:",
        "Att godkänna förslaget.",
        "Att uppdra åt sekreteraren att återkomma.",
    ]
    assert [bool(p.paragraph_format.keep_with_next) for p in decision] == [True, True, False]
    one_line = next(p for p in paragraphs if p.text.startswith("Beslut: Att notera"))
    assert not one_line.paragraph_format.keep_with_next  # a one-line decision does not pull the next § along


def test_agenda_rows_never_break_across_pages(mini_root: Path) -> None:
    document = docx.Document(str(do(mini_root, "agenda")[0]))
    rows = [row for table in document.tables for row in table.rows]
    assert len(rows) >= 6
    for row in rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, row.cells[0].text


def test_paragraph_sign_and_number_never_part(mini_root: Path) -> None:
    text = body_text(do(mini_root)[0])
    assert f"§{NBSP}3 Bygg & miljö <utkast>" in text and "§ 3" not in text
    agenda = body_text(do(mini_root, "agenda")[0])
    assert f"14 februari 2024 §{NBSP}1" in agenda


def _sign_and_amend(root: Path) -> None:
    assert run_kib("--root", str(root), "sign", "2024-03", "--date", "2024-03-18").exit_code == 0
    _edit(root, "Enbart i paragraf fyra.", "Enbart i paragraf 4, rättad.")
    result = run_kib(
        "--root", str(root), "sign", "2024-03", "--amend", "--reason", "Felskrivning rättad", "--date", "2024-03-20"
    )
    assert result.exit_code == 0, result.output


def test_correction_after_signing_is_shown_in_swedish(mini_root: Path) -> None:
    _sign_and_amend(mini_root)
    minutes = body_text(do(mini_root)[0])
    assert f"Rättelse 20 mars 2024 (§{NBSP}4): Felskrivning rättad (Sara Sekreterare)" in minutes
    extract = body_text(do(mini_root, "extract", paragraph=4)[0])
    assert "Enbart i paragraf 4, rättad." in extract
    assert "Rättelse 20 mars 2024: Felskrivning rättad (Sara Sekreterare)" in extract
    assert "Rättelse" not in body_text(do(mini_root, "extract", paragraph=3)[0])


@pytest.mark.parametrize(
    ("changed", "printed"),
    [("header", "sidhuvudets uppgifter"), ("§ 4", f"§{NBSP}4"), ("bilaga 2 added", "bilaga 2 tillagd")],
)
def test_changed_parts_are_named_in_swedish(mini_root: Path, changed: str, printed: str) -> None:
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "signed:\n  date: 2024-03-18\n  amendments:\n    - date: 2024-04-02\n      by: sekreteraren\n"
        + f"      reason: Rättat\n      fingerprint: abc\n      changed: [{changed}]\n",
        encoding="utf-8",
    )
    text = body_text(do(mini_root)[0])
    assert f"Rättelse 2 april 2024 ({printed}): Rättat" in text
    assert "header" not in text and "added" not in text
