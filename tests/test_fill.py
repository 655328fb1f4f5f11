"""Template fields as Word stores them and the parts kib adds to a secretary's template: what a secretary
who restyles a template in Word would notice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from test_render import body_text, do, part

TEMPLATE = REPO / "kib" / "templates" / "minutes.docx"


def _template(tmp_path: Path, *runs: tuple[str, bool], name: str = "mall.docx") -> Path:
    """The shipped minutes template with one more paragraph, typed as runs (text, bold) as Word splits them."""
    import docx

    doc = docx.Document(str(TEMPLATE))
    p = doc.add_paragraph()
    for text, bold in runs:
        p.add_run(text).bold = bold
    target = tmp_path / name
    doc.save(str(target))
    return target


def test_field_split_across_runs_is_filled(mini_root: Path, tmp_path: Path) -> None:
    # Word splits a field wherever the formatting changes, e.g. a bold half
    template = _template(
        tmp_path, ("Dag: {", False), ("{ da", True), ("te }", False), ("} för ", False), ("{{ body_short }}", True)
    )
    text = body_text(do(mini_root, template=template)[0])
    assert "Dag: 13 mars 2024 för TB" in text
    assert "{{" not in text and "}}" not in text


def test_quotes_and_comparisons_as_word_types_them(mini_root: Path, tmp_path: Path) -> None:
    # Word's autocorrect types curly quotes; a comparison is stored as &gt; in the XML
    template = _template(tmp_path, ("{{ “flera” if paragraph_range|length > 1 else ‘en’ }} paragrafer", False))
    assert "flera paragrafer" in body_text(do(mini_root, template=template)[0])


def test_paragraph_tags_keep_or_drop_whole_paragraphs(mini_root: Path, tmp_path: Path) -> None:
    import docx

    doc = docx.Document(str(TEMPLATE))
    for text in ("{%p if signed %}", "Justerat {{ signed_date }}", "{%p else %}", "Ej justerat", "{%p endif %}"):
        doc.add_paragraph(text)
    doc.add_paragraph("Sist")
    doc.save(str(tmp_path / "villkor.docx"))
    (out,) = do(mini_root, template=tmp_path / "villkor.docx")
    text = body_text(out)
    assert "Ej justerat\nSist" in text  # the tag paragraphs leave no empty paragraph behind
    assert "Justerat" not in text.replace("Ej justerat", "")
    assert "{%" not in text


def test_row_tags_repeat_table_rows(mini_root: Path) -> None:
    # the agenda's item table is one row in the template, {%tr for item in items %} around it
    (agenda,) = do(mini_root, "agenda")
    document = part(agenda, "word/document.xml")
    assert "{%" not in document and "tr for" not in document
    text = body_text(agenda)
    assert text.index("§\u00a03\nBygg & miljö <utkast>\nFredrik Frisk") < text.index("§\u00a04\nÖvrigt ärende")


def test_template_lacking_numbering_footnotes_and_settings_gets_them(mini_root: Path, tmp_path: Path) -> None:
    import docx

    bare = tmp_path / "bar.docx"
    dropped = ("word/numbering.xml", "word/settings.xml", "word/footnotes.xml")
    with zipfile.ZipFile(TEMPLATE) as z, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            if name in dropped:
                continue
            data = z.read(name)
            if name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                for gone in dropped:
                    data = _without_references(data, gone.split("/")[-1])
            out.writestr(name, data)
    (made,) = do(mini_root, template=bare)  # the meeting has bullets and a footnote
    reopened = docx.Document(str(made))  # python-docx reads the package back
    assert any(p.style.name.startswith("List Bullet") for p in reopened.paragraphs)
    with zipfile.ZipFile(made) as z:
        names = z.namelist()
        assert "word/numbering.xml" in names and "word/footnotes.xml" in names
        assert b"numbering+xml" in z.read("[Content_Types].xml")
        assert b'w:abstractNum w:abstractNumId="0"' in z.read("word/numbering.xml")
        assert b"sv-SE" in z.read("word/styles.xml")


def _without_references(xml: bytes, file_name: str) -> bytes:
    import re

    return re.sub(rb"<(Relationship|Override)\b[^>]*" + re.escape(file_name.encode()) + rb'"[^>]*/>', b"", xml)


def test_a_value_with_a_line_break_breaks_the_line(mini_root: Path, tmp_path: Path) -> None:
    members = mini_root / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("  name: Testberedningen\n", '  name: "Test-\\nberedningen"\n'), encoding="utf-8")
    (out,) = do(mini_root)
    header = part(out, "word/header1.xml")
    assert "Test-</w:t><w:br/><w:t" in header


def _damaged(tmp_path: Path, damage: str) -> Path:
    target = tmp_path / "mall.docx"
    with zipfile.ZipFile(TEMPLATE) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = z.read(name)
            if damage == "styles" and name == "word/styles.xml":
                data = data[: len(data) // 2]
            if damage == "no main document" and name == "_rels/.rels":
                data = data.replace(b"/officeDocument", b"/somethingElse")
            out.writestr(name, data)
    if damage == "deflate":  # bytes in the middle of the compressed body text
        with zipfile.ZipFile(target) as z:
            info = z.getinfo("word/document.xml")
        raw = bytearray(target.read_bytes())
        start = info.header_offset + 30 + len(info.filename.encode()) + 40
        raw[start : start + 16] = b"\xff" * 16
        target.write_bytes(bytes(raw))
    return target


@pytest.mark.parametrize("damage", ["styles", "no main document", "deflate"])
def test_a_damaged_template_is_named_without_a_traceback(mini_root: Path, tmp_path: Path, damage: str) -> None:
    from kib.errors import KibError

    with pytest.raises(KibError) as info:
        do(mini_root, template=_damaged(tmp_path, damage))
    assert "template mall.docx" in info.value.message
    assert info.value.exit_code == 2


# ---------------------------------------------------------------- what rendering loads


def test_no_compiled_template_is_stored_anywhere(
    mini_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a stored compiled template would be code a planted file could replace: fields are compiled in memory
    cache = tmp_path / "cache"
    monkeypatch.setenv("KIB_CACHE_DIR", str(cache))
    assert "Testberedningen" in body_text(do(mini_root)[0])
    stored = [p.name for p in cache.rglob("*")] if cache.exists() else []
    assert not [name for name in stored if "jinja" in name or name.endswith((".pickle", ".marshal", ".pyc"))]
