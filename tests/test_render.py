"""`kib render`: the words a reader of the Word documents would notice, and the ways a render may fail."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, run_kib

from kib.documents import pdf as pdf_module
from kib.documents.render import render
from kib.errors import KibError
from kib.record import markup
from kib.record.store import BodyDir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------- helpers


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def parts(path: Path, pattern: str) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in sorted(z.namelist()) if re.fullmatch(pattern, n))


def xml_text(xml: str) -> str:
    """Text of one paragraph's XML as a reader meets it (tabs as spaces, line breaks kept)."""
    from docx.oxml import parse_xml

    return _reader_text(parse_xml(xml.replace("<w:p", f'<w:p xmlns:w="{W[1:-1]}"', 1)))


def _reader_text(root: object) -> str:
    """Every paragraph under `root`, as python-docx reads it, one per line."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    return "".join(Paragraph(p, None).text.replace("\t", " ") + "\n" for p in root.iter(qn("w:p")))  # type: ignore[attr-defined]


def body_text(path: Path) -> str:
    """The body of a rendered document (tables included), read back with python-docx."""
    import docx

    return _reader_text(docx.Document(str(path)).element.body)


def all_text(path: Path) -> str:
    """Body, footnotes, then page headers and footers, read back with python-docx (footnotes, which
    python-docx does not model, from their part)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(str(path))
    texts = [_reader_text(document.element.body)]
    rels = sorted(
        document.part.rels.values(), key=lambda rel: str(rel.target_part.partname) if not rel.is_external else ""
    )
    for kind in ("/footnotes", "/header", "/footer"):
        for rel in rels:
            if rel.reltype.endswith(kind):
                texts.append(_reader_text(parse_xml(rel.target_part.blob)))
    return "\n".join(texts)


def do(root: Path, kind: str = "minutes", ref: str = "2024-03", **kw: object) -> list[Path]:
    """Render as `kib render` does, replacing earlier output (--force) unless told otherwise."""
    options: dict[str, object] = {"force": True}
    options.update(kw)
    return render(BodyDir(root), kind, [ref], **options).written  # type: ignore[arg-type]


def sign(root: Path, day: str = "2024-03-18", extra: str = "") -> None:
    path = root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"signed:\n  date: {day}\n{extra}", encoding="utf-8")


def paragraphs_xml(path: Path) -> list[str]:
    return re.findall(r"<w:p[ >].*?</w:p>", part(path, "word/document.xml"))


# ---------------------------------------------------------------- the minutes


def test_minutes_heading_table_and_signing_copy(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    assert docx == mini_root / "output" / "TB-2024-03-13-minutes-signing-copy.docx"
    text = body_text(docx)
    for words in (
        "Kommunstyrelsen\nTestköpings kommun\nMinnesanteckningar\nTestberedningen\n13 mars 2024",
        "Plats och tid\nStadshuset, rum <Ek> & Björk kl 17.30–19.30",
        "Beslutande\nAnna Andersson (m), ordförande\nBertil Berg (s), 1:e v ordförande, till kl 18.15\n"
        "David Dahl (fp), tjänstgör för Erik Ek",
        "Övriga deltagare\nFredrik Frisk, stadsdirektör\nSara Sekreterare, sekreterare",
        "Utses att kontrasignera\nBertil Berg\nParagrafer 3–4",
        "Datum för underskrift\nMåndag den 18 mars, kl 8.00",
        "Sekreterare\n\nSara Sekreterare\nOrdförande\n\nAnna Andersson\nKontrasigneras av\n\nBertil Berg",
        "Justeringsexemplar",
    ):
        assert words in text, words
    assert "undertecknade av ordförande" not in text


def test_signed_statement_only_once_signed(mini_root: Path) -> None:
    sign(mini_root)
    (docx,) = do(mini_root)
    assert docx.name == "TB-2024-03-13-minutes-signed.docx"
    text = body_text(docx)
    assert (
        "Testberedningens minnesanteckningar är undertecknade av ordförande och kontrasignerade av en annan "
        "ledamot, den 18 mars 2024. Anteckningarna delges kommunstyrelsen."
    ) in text
    assert "Justeringsexemplar" not in text
    # the statement stands after the signature block, before the paragraphs
    assert text.index("Kontrasigneras av") < text.index("undertecknade av") < text.index("§\u00a03 Bygg")


def test_statement_as_recorded_and_amendments(mini_root: Path) -> None:
    sign(
        mini_root,
        extra=(
            "  statement: Justerat av ordföranden den 18 mars 2024.\n"
            "  amendments:\n"
            "    - date: 2024-04-02\n"
            "      by: sekreteraren\n"
            "      reason: Stavfel i § 4 rättat\n"
            "      fingerprint: abc\n"
        ),
    )
    text = body_text(do(mini_root)[0])
    assert "Justerat av ordföranden den 18 mars 2024." in text
    assert "Rättelse 2 april 2024: Stavfel i §\u00a04 rättat (Sara Sekreterare)" in text


def test_paragraphs_headings_decisions_and_special_characters(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    text = body_text(docx)
    assert "§\u00a03 Bygg & miljö <utkast>" in text
    assert "Inledande text med \"citat\" och 'apostrof'." in text
    assert "Beslut:\nAtt godkänna förslaget.\nAtt uppdra åt sekreteraren att återkomma." in text
    assert "Beslut: Att notera informationen." in text
    assert "Bilaga 1, underlag\nBilagans text." in text
    assert text.index("Enbart i paragraf fyra.") < text.index("Bilaga 1, underlag")
    styles = part(docx, "word/styles.xml")
    heading_id = re.search(r'w:styleId="([^"]+)"><w:name w:val="heading 1"/>', styles).group(1)  # type: ignore[union-attr]
    headings = [p for p in paragraphs_xml(docx) if f'<w:pStyle w:val="{heading_id}"/>' in p]
    assert [xml_text(h).strip() for h in headings] == [
        "§\u00a03 Bygg & miljö <utkast>",
        "§\u00a04 Övrigt ärende",
        "Bilaga 1, underlag",
    ]


def test_bullets_are_real_word_lists(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    bullets = {xml_text(p).strip(): p for p in paragraphs_xml(docx) if "<w:numPr>" in p}
    assert set(bullets) == {"Första punkten", "Underpunkt", "Andra punkten", "Citerad punkt"}
    assert '<w:ilvl w:val="1"/>' in bullets["Underpunkt"]
    assert '<w:ilvl w:val="0"/>' in bullets["Första punkten"]
    num_id = re.search(r'<w:numId w:val="(\d+)"/>', bullets["Första punkten"]).group(1)  # type: ignore[union-attr]
    numbering = part(docx, "word/numbering.xml")
    abstract = re.search(rf'<w:num w:numId="{num_id}"[^>]*><w:abstractNumId w:val="(\d+)"/>', numbering).group(1)  # type: ignore[union-attr]
    definition = re.search(
        rf'<w:abstractNum [^>]*w:abstractNumId="{abstract}".*?</w:abstractNum>', numbering, re.S
    ).group(0)  # type: ignore[union-attr]
    assert '<w:numFmt w:val="bullet"/>' in definition
    assert "·" not in body_text(docx) and "•" not in body_text(docx)  # no typed bullet characters
    quote = next(p for p in paragraphs_xml(docx) if "Citerad rad" in xml_text(p))
    assert 'w:val="Quote"' in quote


def test_footnote_is_a_real_word_footnote(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    marked = next(p for p in paragraphs_xml(docx) if "Andra punkten" in xml_text(p))
    note_id = re.search(r'<w:footnoteReference w:id="(\d+)"/>', marked).group(1)  # type: ignore[union-attr]
    footnotes = part(docx, "word/footnotes.xml")
    note = re.search(rf'<w:footnote w:id="{note_id}">.*?</w:footnote>', footnotes, re.S).group(0)  # type: ignore[union-attr]
    assert "Fotnotens text &amp; mer." in note
    assert "<w:footnoteRef/>" in note
    assert "[^a]" not in all_text(docx)
    assert 'Target="footnotes.xml"' in part(docx, "word/_rels/document.xml.rels")


def test_footer_boxes_and_page_number_on_every_page(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    footers = parts(docx, r"word/footer\d+\.xml")
    for words in ("Utdragsbestyrkande", "Ordförandes signatur", "Kontrasign. signatur"):
        assert words in footers
    assert "PAGE" in footers
    document = part(docx, "word/document.xml")
    # every page type (first and the others) has a footer with the boxes
    for kind in ("default", "first"):
        rid = re.search(rf'<w:footerReference w:type="{kind}" r:id="(rId\d+)"/>', document).group(1)  # type: ignore[union-attr]
        target = re.search(
            rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
            part(docx, "word/_rels/document.xml.rels"),
        )
        assert target is not None
        name = target.group(1) or target.group(2)
        assert "Ordförandes signatur" in part(docx, f"word/{name}")


def test_accessibility_language_properties(mini_root: Path) -> None:
    (docx,) = do(mini_root)
    styles = part(docx, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)  # type: ignore[union-attr]
    assert 'w:lang w:val="sv-SE"' in defaults
    core = part(docx, "docProps/core.xml")
    assert "<dc:title>Minnesanteckningar Testberedningen 13 mars 2024</dc:title>" in core
    assert "<dc:creator>Sara Sekreterare</dc:creator>" in core
    assert "<dc:language>sv-SE</dc:language>" in core


def test_newlines_in_a_field_become_line_breaks(mini_root: Path) -> None:
    path = mini_root / "meetings" / "2024-03-13.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '  time: "08.00"\n', '  time: "08.00"\n  text: "Måndag 18 mars\\nkl 8 & <snabbt>"\n'
    )
    path.write_text(text, encoding="utf-8")
    assert "Datum för underskrift\nMåndag 18 mars\nkl 8 & <snabbt>" in body_text(do(mini_root)[0])


def test_control_character_names_file_line_and_field(mini_root: Path) -> None:
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Övrigt ärende", 'title: "Övrigt\\a ärende"'), encoding="utf-8"
    )
    with pytest.raises(KibError) as info:
        do(mini_root)
    assert info.value.file == path
    assert info.value.line == path.read_text(encoding="utf-8").splitlines().index('    title: "Övrigt\\a ärende"') + 1
    assert "paragraphs[1].title" in info.value.message and "U+0007" in info.value.message
    assert not (mini_root / "output").exists()


def test_unknown_footnote_marker_prints_as_typed_with_a_warning(mini_root: Path) -> None:
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Sista raden.", "Sista raden[^zz]."), encoding="utf-8")
    result = run_kib("--root", str(mini_root), "render", "minutes", "2024-03")
    assert result.exit_code == 0, result.output
    assert "Sista raden[^zz]." in body_text(Path(result.stdout.strip()))
    assert "[^zz]" in result.stderr


# ---------------------------------------------------------------- templates


def _template_with(tmp_path: Path, extra: str, name: str = "mall.docx") -> Path:
    import docx

    doc = docx.Document(str(REPO / "kib" / "templates" / "minutes.docx"))
    doc.add_paragraph(extra)
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


def test_unknown_template_field_fails_with_its_name_and_paragraph(mini_root: Path, tmp_path: Path) -> None:
    template = _template_with(tmp_path, "Protokollet justeras {{ justeringsdag }}.")
    with pytest.raises(KibError) as info:
        do(mini_root, template=template)
    message = info.value.message
    assert "'justeringsdag'" in message
    assert "Protokollet justeras {{ justeringsdag }}." in message
    assert "mall.docx" in message
    with pytest.raises(KibError, match=r"'body_name\.foo'"):
        do(mini_root, template=_template_with(tmp_path, "{{ body_name.foo }}", "mall2.docx"))


def test_templates_run_sandboxed(mini_root: Path, tmp_path: Path) -> None:
    with pytest.raises(KibError, match="unsafe"):
        do(mini_root, template=_template_with(tmp_path, "{{ body_name.__class__.__mro__ }}"))


def test_restyled_template_from_members_yaml(mini_root: Path, tmp_path: Path) -> None:
    _template_with(mini_root / "mallar", "Egen rad: {{ body_short }} {{ paragraph_range }}")
    members = mini_root / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace(
            "  short_name: TB\n", "  short_name: TB\n  templates:\n    minutes: mallar/mall.docx\n"
        ),
        encoding="utf-8",
    )
    assert "Egen rad: TB 3–4" in body_text(do(mini_root)[0])
    assert run_kib("--root", str(mini_root), "check").exit_code == 0
    members.write_text(
        members.read_text(encoding="utf-8").replace("mallar/mall.docx", "mallar/borta.docx"), encoding="utf-8"
    )
    missing = run_kib("--root", str(mini_root), "check")
    assert missing.exit_code == 1 and "template mallar/borta.docx not found" in missing.stdout
    members.write_text(
        members.read_text(encoding="utf-8").replace("mallar/borta.docx", "mallar/mall.docx"), encoding="utf-8"
    )
    # --template wins over members.yaml
    assert "Egen rad" not in body_text(do(mini_root, template=REPO / "kib" / "templates" / "minutes.docx")[0])


def test_template_without_the_paragraphs_slot_is_refused(mini_root: Path, tmp_path: Path) -> None:
    import docx

    doc = docx.Document(str(REPO / "kib" / "templates" / "minutes.docx"))
    for p in doc.paragraphs:
        if p.text == "{{ paragraphs }}":
            p._p.getparent().remove(p._p)
    doc.save(str(tmp_path / "utan.docx"))
    with pytest.raises(KibError, match="paragraphs"):
        do(mini_root, template=tmp_path / "utan.docx")


def test_dotx_and_libreoffice_core_properties_variant(mini_root: Path, tmp_path: Path) -> None:
    source = REPO / "kib" / "templates" / "minutes.docx"
    variant = tmp_path / "variant.dotx"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(variant, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            if name == "_rels/.rels":  # the relationship type newer LibreOffice versions write
                data = data.replace(
                    b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
                )
            out.writestr(name, data)
    (docx,) = do(mini_root, template=variant)
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
    assert len(names) == len(set(names))
    assert "Minnesanteckningar Testberedningen" in part(docx, "docProps/core.xml")
    assert "§\u00a03 Bygg & miljö <utkast>" in body_text(docx)


def test_not_a_word_file(mini_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mall.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(KibError, match="not a Word document"):
        do(mini_root, template=bad)


# ---------------------------------------------------------------- extract and agenda


def test_extract_holds_its_paragraph_only(mini_root: Path) -> None:
    (docx,) = do(mini_root, "extract", paragraph=4)
    assert docx.name == "TB-2024-03-13-extract-signing-copy-paragraf-4.docx"
    text = all_text(docx)
    assert "Protokollsutdrag" in text
    assert "Kommunstyrelsen\nTestköpings kommun" in text
    assert "§\u00a04 Övrigt ärende\nEnbart i paragraf fyra.\nBeslut: Att notera informationen." in text
    assert "Bygg & miljö" not in text and "Första punkten" not in text and "Bilaga 1" not in text
    # a beredning's minnesanteckningar are signed and countersigned, never justerade
    assert "Ej undertecknat: minnesanteckningarna är ännu inte undertecknade och kontrasignerade." in text
    assert "juster" not in text.lower()
    assert "Utdragsbestyrkande" in text and "Sara Sekreterare" in text


def test_signed_extract_with_footnote(mini_root: Path) -> None:
    sign(mini_root)
    (docx,) = do(mini_root, "extract", paragraph=3)
    text = all_text(docx)
    assert "Underskrift\nTestberedningens minnesanteckningar är undertecknade av ordförande" in text
    assert "18 mars 2024" in text and "Undertecknat 18 mars 2024." not in text  # the date once, in the statement
    assert "juster" not in text.lower()
    assert "Fotnotens text & mer." in all_text(docx) and "Fotnotens" not in body_text(docx)
    assert "Övrigt ärende" not in text


def test_extract_of_unknown_paragraph_lists_the_meetings_paragraphs(mini_root: Path) -> None:
    with pytest.raises(KibError, match=r"no paragraph 9; its paragraphs: 3, 4"):
        do(mini_root, "extract", paragraph=9)


def test_agenda_items_time_place_and_follow_up(mini_root: Path) -> None:
    (docx,) = do(mini_root, "agenda")
    assert docx.name == "TB-2024-03-13-agenda.docx"
    text = body_text(docx)
    assert "Kallelse\nTestberedningen\nonsdag den 13 mars 2024" in text
    assert "Onsdag den 13 mars 2024 kl 17.30–19.30" in text
    assert "Stadshuset, rum <Ek> & Björk" in text
    assert "§\u00a03\nBygg & miljö <utkast>\nFredrik Frisk" in text
    assert "§\u00a04\nÖvrigt ärende" in text
    assert "Anmäl förhinder till sekreteraren Sara Sekreterare." in text
    follow = text[text.index("Uppföljning av uppdrag") :]
    assert "Utreda bygglovsfrågan till nästa möte\nFredrik Frisk\n14 februari 2024 §\u00a01\n13 mars 2024" in follow
    assert part(docx, "word/document.xml").count("<w:tblHeader/>") == 2


def test_agenda_without_open_uppdrag(mini_root: Path) -> None:
    (mini_root / "meetings" / "2024-02-14.yaml").unlink()
    text = body_text(do(mini_root, "agenda")[0])
    assert "Inga öppna uppdrag att följa upp." in text


# ---------------------------------------------------------------- output, PDF, CLI, speed


def test_output_option_and_atomic_overwrite(mini_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "ut" / "protokoll.docx"
    assert do(mini_root, output=target) == [target]
    first = target.read_bytes()
    assert do(mini_root, output=target) == [target]  # a new render replaces the derived file
    assert target.read_bytes()[:2] == first[:2] == b"PK"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]
    assert do(mini_root, output=tmp_path / "ut")[0] == tmp_path / "ut" / "TB-2024-03-13-minutes-signing-copy.docx"
    with pytest.raises(KibError, match=r"\.docx"):
        do(mini_root, output=tmp_path / "protokoll.pdf")


def test_without_libreoffice_says_how_to_install(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    with pytest.raises(KibError) as info:
        do(mini_root, pdf=True)
    assert info.value.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in info.value.message
    assert "libreoffice.org" in info.value.message


@pytest.mark.slow
@pytest.mark.skipif(
    pdf_module.find_soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it, and there this test fails instead)",
)
def test_pdf_and_pdfa(mini_root: Path) -> None:
    docx, pdf = do(mini_root, pdf=True)
    assert pdf == docx.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    _, pdfa = do(mini_root, "extract", paragraph=3, pdfa=True)
    data = pdfa.read_bytes()
    assert data.startswith(b"%PDF") and b"pdfaid" in data


def test_cli_prints_the_written_path(mini_root: Path, kib) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(mini_root), "render", "minutes", "2024-03")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(mini_root / "output" / "TB-2024-03-13-minutes-signing-copy.docx")
    result = kib("--root", str(mini_root), "render", "extract", "2024-03", "7")
    assert result.exit_code == 1 and "its paragraphs: 3, 4" in result.stderr and "Traceback" not in result.output
    result = kib("--root", str(mini_root), "render", "minutes", "2023-01")
    assert result.exit_code == 2 and "no meeting 2023-01" in result.stderr


def test_importing_the_command_does_not_import_python_docx() -> None:
    code = "import sys, kib.documents.render; assert not any(m.split('.')[0] in ('docx', 'docxtpl', 'lxml') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- the body-text format


def test_markup_blocks_and_footnote_keys() -> None:
    blocks = markup.parse("Text[^1]\n\n- a\n  - b\n> q\n> - qb\n---\n\\- not a bullet\n")
    assert [(b.kind, b.text, b.level, b.quoted) for b in blocks] == [
        ("text", "Text[^1]", 0, False),
        ("bullet", "a", 0, False),
        ("bullet", "b", 1, False),
        ("quote", "q", 0, False),
        ("bullet", "qb", 0, True),
        ("separator", "", 0, False),
        ("text", "- not a bullet", 0, False),
    ]
    assert markup.footnote_keys("a[^1] b[^kris] c[^1]") == ["1", "kris", "1"]
    assert markup.spans("a[^1] b") == ["a", markup.Footnote("1"), " b"]


def _png(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid PNG without an imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_attachment_picture_with_alt_text(mini_root: Path, tmp_path: Path) -> None:
    (mini_root / "meetings" / "bild.png").write_bytes(_png())
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    image: bild.png\n", encoding="utf-8")
    (docx,) = do(mini_root)
    document = part(docx, "word/document.xml")
    assert 'descr="Bilaga 1, underlag"' in document and "<pic:pic" in document
    with zipfile.ZipFile(docx) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    outside = tmp_path / "annan.png"
    outside.write_bytes(_png())
    path.write_text(path.read_text(encoding="utf-8").replace("image: bild.png", f"image: {outside}"), encoding="utf-8")
    with pytest.raises(KibError, match="outside"):
        do(mini_root)


def test_very_long_title_is_printed_whole_and_shortened_in_the_properties(mini_root: Path) -> None:
    path = mini_root / "meetings" / "2024-03-13.yaml"
    long_title = "Lång rubrik " * 40
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Övrigt ärende", f"title: {long_title.strip()}"),
        encoding="utf-8",
    )
    (docx,) = do(mini_root, "extract", paragraph=4)
    assert long_title.strip() in body_text(docx)
    title = re.search(r"<dc:title>(.*?)</dc:title>", part(docx, "docProps/core.xml")).group(1)  # type: ignore[union-attr]
    assert len(title) == 255 and title.endswith("…")


# ---------------------------------------------------------------- start-up time: same output, less work


def test_swedish_dates_as_the_minutes_print_them() -> None:
    import datetime as dt

    from kib.swedish import long_date, weekday_date, weekday_name

    assert long_date(dt.date(2008, 9, 16)) == "16 september 2008"  # the signed statement of 2008-09-10
    assert weekday_date(dt.date(2007, 5, 2)) == "onsdag den 2 maj 2007"
    assert (
        weekday_date(dt.date(2007, 3, 29), year=False) == "torsdag den 29 mars"
    )  # the signing day of 2007-03-26, lower case
    assert weekday_name(dt.date(2010, 12, 2)) == "torsdag"


def test_dates_are_printed_as_babel_formats_them() -> None:
    import datetime as dt

    from babel.dates import format_date, get_day_names

    from kib.calendar import weekdays
    from kib.swedish import long_date, weekday_date, weekday_name

    day = dt.date(2007, 1, 1)
    while day.year < 2009:  # two years, a leap day among them
        assert long_date(day) == format_date(day, "d MMMM y", locale="sv_SE")
        assert weekday_date(day) == format_date(day, "EEEE 'den' d MMMM y", locale="sv_SE")
        assert weekday_date(day, year=False) == format_date(day, "EEEE 'den' d MMMM", locale="sv_SE")
        assert weekday_name(day) == format_date(day, "EEEE", locale="sv_SE")
        day += dt.timedelta(days=1)
    for locale, name in (("sv", weekdays.swedish), ("en", weekdays.english)):
        babel_names = get_day_names("wide", locale=locale)
        assert [name(i) for i in range(7)] == [str(babel_names[i]).casefold() for i in range(7)]


def test_invalid_xml_class_is_the_complement_of_xml_chars() -> None:
    from kib.record.store import CONTROL

    allowed = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for code in range(0x110000):
        char = chr(code)
        assert bool(CONTROL.match(char)) != bool(allowed.match(char)), hex(code)


def test_template_properties_kib_overwrites_are_not_rendered(mini_root: Path, tmp_path: Path) -> None:
    import docx

    doc = docx.Document(str(REPO / "kib" / "templates" / "minutes.docx"))
    doc.core_properties.title = "{{ no_such_field }}"  # kib sets the title itself: never rendered
    doc.core_properties.identifier = "KIB-{{ date_iso }}"  # not set by kib: a field there is filled
    doc.save(str(tmp_path / "props.docx"))
    (out,) = do(mini_root, template=tmp_path / "props.docx")
    core = part(out, "docProps/core.xml")
    assert re.search(r"<dc:identifier>KIB-\d{4}-\d\d-\d\d</dc:identifier>", core)
    assert "no_such_field" not in core
    # the shipped template has no identifier, and gets none
    (plain,) = do(mini_root)
    assert not re.search(r"<dc:identifier>[^<]", part(plain, "docProps/core.xml"))


@pytest.mark.parametrize("name", ["minutes", "protokoll", "agenda", "extract"])
def test_shipped_templates_carry_no_unused_bulk(name: str) -> None:
    path = REPO / "kib" / "templates" / f"{name}.docx"
    with zipfile.ZipFile(path) as z:
        assert "word/stylesWithEffects.xml" not in z.namelist()
        styles = z.read("word/styles.xml").decode("utf-8")
    tables = re.findall(r'<w:style w:type="table"[^>]*w:styleId="([^"]+)"', styles)
    assert tables == ["TableNormal"]
    for style in ("Normal", "Heading1", "ListBullet", "Quote", "Beslut", "FootnoteText", "Tabelltext"):
        assert f'w:styleId="{style}"' in styles


def test_agenda_prints_a_due_as_decided_when_it_is_no_date(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--follow-up").exit_code == 0
    result = run_kib("--root", str(shipped_root), "render", "agenda", "2010-12-02")
    assert result.exit_code == 0, result.output
    follow = body_text(Path(result.stdout.strip()))
    follow = follow[follow.index("Uppföljning av uppdrag") :]
    # 2008-09-10 § 17 gave the sekreterare an uppdrag to report at 'nästa sammanträde'
    assert "beslut fattas nästa gång.\nInger Bäcklund\n10 september 2008 §\u00a017\nnästa sammanträde" in follow
