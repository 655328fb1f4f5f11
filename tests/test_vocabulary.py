"""The labels of each kind of body: a beredning's are the words KIB's documents print today."""

from __future__ import annotations

from pathlib import Path

from conftest import run_kib

from kib.body.vocabulary import LABEL_KEYS, body_labels, labels, unknown_label, verifiers_required
from kib.record import model


def docx_lines(path: Path) -> list[str]:
    """Every paragraph's text of a .docx (body, tables, headers and footers), read back with python-docx."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    roots = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            roots.append(part._element)
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for root in roots for p in root.iter(qn("w:p"))]


def test_beredning_labels_are_the_words_kib_minutes_print(shipped_root: Path) -> None:
    words = labels("beredning", {})
    result = run_kib("--root", str(shipped_root), "render", "minutes", "2007-03")
    assert result.exit_code == 0, result.output
    lines = docx_lines(Path(result.stdout.strip().splitlines()[0]))
    for key in (
        "record_title",
        "place_time",
        "deciding",
        "others",
        "appoint_verifiers",
        "signing_place_time",
        "secretary",
        "chair",
        "verifier",
        "footer_certification",
        "footer_chair",
        "footer_verifier",
    ):
        assert words[key] in lines, (key, words[key])


def test_beredning_unsigned_note_is_the_extracts_wording(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("signed:\n")
    path.write_text(text[:start] + text[text.index("paragraphs:\n") :], encoding="utf-8")
    result = run_kib("--root", str(shipped_root), "render", "extract", "2007-03", "5")
    assert result.exit_code == 0, result.output
    lines = docx_lines(Path(result.stdout.strip().splitlines()[0]))
    words = labels("beredning", {})
    assert f"{words['not_verified']}: {words['unsigned_note']}." in lines


def test_a_nämnd_justerar_its_protokoll() -> None:
    words = labels("nämnd", {})
    assert words["record_title"] == "Sammanträdesprotokoll"
    assert words["appoint_verifiers"] == "Utses att justera"
    assert words["signing_place_time"] == "Justeringens plats och tid"
    assert words["verifier"] == "Justerande"
    assert (words["footer_chair"], words["footer_verifier"]) == ("Ordförandes sign", "Justerandes sign")
    assert words["extract_of"] == "Utdrag ur protokoll"
    assert words["notice_text"] == "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."
    assert labels("utskott", {}) == labels("styrelse", {}) == words
    assert labels("fullmäktige", {})["record_title"] == "Protokoll"


def test_every_kind_has_every_label() -> None:
    for kind in ("beredning", "nämnd", "utskott", "styrelse", "fullmäktige"):
        assert set(labels(kind, {})) == LABEL_KEYS


def test_members_yaml_overrides_one_label_and_the_document_title() -> None:
    body = model.Body(name="Kommunstyrelsens arbetsutskott", kind="utskott", labels={"verifier": "Justerare"})
    words = body_labels(body)
    assert words["verifier"] == "Justerare"
    assert words["appoint_verifiers"] == "Utses att justera"
    titled = model.Body(name="Socialnämnden", kind="nämnd", document_title="Protokoll")
    assert body_labels(titled)["record_title"] == "Protokoll"


def test_justerare_required_by_kind_unless_members_yaml_says() -> None:
    assert verifiers_required(model.Body(name="KF", kind="fullmäktige")) == 2
    assert verifiers_required(model.Body(name="SN", kind="nämnd")) == 1
    assert verifiers_required(model.Body(name="SN", kind="nämnd", verifiers_required=2)) == 2


def test_unknown_label_suggests_the_nearest() -> None:
    assert unknown_label("footer_verifer") == "unknown label 'footer_verifer'; did you mean 'footer_verifier'?"
    assert unknown_label("verifier") is None
