"""Build kib's default Word templates: kib/templates/minutes.docx, protokoll.docx, agenda.docx and extract.docx.

A development tool, not part of the installed package: run `python tools/build_templates.py` after
changing the look; the .docx files are committed.
The templates are ordinary Word documents with Jinja fields (see README.md): a secretary can open a copy in
Word, change fonts, margins, the logo in the page header or any wording, and pass it with --template
(or members.yaml `body.template`). The fields are listed in README.md next to this file. Paragraphs
holding only `{{ paragraphs }}`, `{{ attachments }}` or `{{ paragraph }}` are where kib writes the
running text, in this document's styles (Heading 1, List Bullet, Quote, Beslut, ...).
minutes.docx is a beredning's minnesanteckningar; protokoll.docx the protokoll of every other kind of body
(nämnd, utskott, styrelse, fullmäktige), whose header names the justerare and carries ANSLAG/BEVIS.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor, Twips

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "kib" / "templates"
sys.path.insert(0, str(REPO))

from kib.documents import notes, word  # noqa: E402 - after making the checkout importable

BODY_FONT = "Cambria"
HEADING_FONT = "Calibri"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
TEXT_WIDTH = Cm(16.5)


# ---------------------------------------------------------------- document set-up


def new_document(title: str) -> Any:
    """An empty A4 document with kib's styles, bullet list, footnotes part and Swedish language."""
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's sample preview picture would show in Explorer
            del package.rels[rid]
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(3.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    word.ensure_styles(doc)
    word.set_language(doc)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), word.LANGUAGE)
    style_document(doc)
    props = doc.core_properties
    props.title = title
    props.author = "kib"
    props.last_modified_by = "kib"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.language = word.LANGUAGE
    return doc


def _font(
    style: Any,
    name: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: RGBColor | None = None,
) -> None:
    font = style.font
    if name:
        font.name = name
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:cs"), name)
        rfonts.set(qn("w:eastAsia"), name)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


def _spacing(
    style: Any, before: float | None = None, after: float | None = None, keep_next: bool | None = None
) -> None:
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next is not None:
        pf.keep_with_next = keep_next


def _add_style(doc: Any, name: str, base: str = "Normal", kind: int = 1) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    style_type = WD_STYLE_TYPE.PARAGRAPH if kind == 1 else WD_STYLE_TYPE.CHARACTER
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = doc.styles.add_style(name, style_type)
    if kind == 1:
        style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def style_document(doc: Any) -> None:
    """The look: Cambria text, Calibri headings, A4, Swedish; every style a secretary may restyle."""
    styles = doc.styles
    # fonts for the whole document (docDefaults), so tables and footers follow too
    rpr = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for key in list(rfonts.attrib):
        del rfonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), BODY_FONT)
    ppr_default = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr_default is not None:
        for child in list(ppr_default):
            ppr_default.remove(child)
        ppr_default.append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="120" w:line="264" w:lineRule="auto"/>'))

    normal = styles["Normal"]
    _font(normal, BODY_FONT, 11)

    title = styles["Title"]
    _font(title, HEADING_FONT, 24, bold=True, color=ACCENT)
    title.element.get_or_add_pPr()
    ppr = title.element.pPr
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    _spacing(title, before=0, after=2)
    title_rpr = title.element.rPr
    for tag in ("w:spacing", "w:kern"):  # the sample template's letter-spacing
        found = title_rpr.find(qn(tag)) if title_rpr is not None else None
        if found is not None:
            title_rpr.remove(found)

    for name, size, before, after in (("Heading 1", 13, 16, 4), ("Heading 2", 11.5, 12, 3), ("Heading 3", 11, 10, 2)):
        h = styles[name]
        _font(h, HEADING_FONT, size, bold=True, color=ACCENT)
        _spacing(h, before=before, after=after, keep_next=True)

    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        _spacing(styles[name], after=3)

    quote = styles["Quote"]
    _font(quote, italic=True, color=RGBColor(0x40, 0x40, 0x40))
    quote.paragraph_format.left_indent = Twips(word.QUOTE_INDENT)
    quote.paragraph_format.right_indent = Twips(word.QUOTE_INDENT)
    _spacing(quote, after=4)

    _spacing(styles["Beslut"], before=6, after=6)
    _spacing(styles["Beslutssats"], after=3)

    _font(styles["footnote text"], BODY_FONT, 9)
    _font(styles["Header"], HEADING_FONT, 8, color=RGBColor(0x59, 0x59, 0x59))
    _font(styles["Footer"], HEADING_FONT, 8)

    org = _add_style(doc, "Organisation")
    _font(org, HEADING_FONT, 14, bold=True, color=ACCENT)
    _spacing(org, before=0, after=0)
    line = _add_style(doc, "Rubrikrad")
    _font(line, HEADING_FONT, 11)
    _spacing(line, before=0, after=0)
    small = _add_style(doc, "Rubrikrad liten")
    _font(small, HEADING_FONT, 9, color=RGBColor(0x40, 0x40, 0x40))
    _spacing(small, before=0, after=0)
    stamp = _add_style(doc, "Stämpel")
    _font(stamp, HEADING_FONT, 11, bold=True, color=RGBColor(0xC0, 0x00, 0x00))
    stamp.font.all_caps = True
    _spacing(stamp, before=6, after=0)
    label = _add_style(doc, "Etikett")
    _font(label, HEADING_FONT, 10, bold=True)
    _spacing(label, before=0, after=0)
    cell = _add_style(doc, "Tabelltext")
    _spacing(cell, before=0, after=0)
    sign = _add_style(doc, "Underskrift", base="Tabelltext")
    _spacing(sign, before=24, after=0)
    # the signature line: a dotted bottom border (a leader-dot tab is lost by LibreOffice in a cell)
    sign.paragraph_format.right_indent = Cm(3.0)
    sign_ppr = sign.element.get_or_add_pPr()
    sign_ppr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="dotted" w:sz="8" w:space="1" w:color="404040"/></w:pBdr>'),
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:outlineLvl",
        "w:rPr",
    )
    statement = _add_style(doc, "Justering")
    _spacing(statement, before=12, after=12)
    block = _add_style(doc, "Blockrubrik")
    _font(block, HEADING_FONT, 10.5, bold=True)
    _spacing(block, before=8, after=2, keep_next=True)
    dnr = _add_style(doc, "Diarienummer")
    _font(dnr, HEADING_FONT, 9.5, color=RGBColor(0x40, 0x40, 0x40))
    _spacing(dnr, before=0, after=6)
    signer = _add_style(doc, "Signaturroll", base="Etikett")
    _spacing(signer, before=10, after=0, keep_next=True)
    footer_label = _add_style(doc, "Sidfotsetikett", base="Footer")
    _font(footer_label, HEADING_FONT, 7)
    _spacing(footer_label, before=0, after=0)

    numbering_link(doc)


def numbering_link(doc: Any) -> None:
    """List Bullet, List Bullet 2 and 3 use levels 0-2 of kib's bullet list (restyle the glyphs in Word)."""
    num_id = notes.add_bullet_list(notes.numbering_part(doc).element)
    for level, name in enumerate(("List Bullet", "List Bullet 2", "List Bullet 3")):
        ppr = doc.styles[name].element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id


# ---------------------------------------------------------------- building blocks


def para(container: Any, text: str = "", style: str | None = None, align: Any = None) -> Any:
    p = container.add_paragraph(text, style=style)
    if align is not None:
        p.alignment = align
    return p


def _first(cell: Any, text: str, style: str) -> Any:
    """Write into the cell's first (empty) paragraph."""
    p = cell.paragraphs[0]
    p.style = cell.part.document.styles[style]
    if text:
        p.add_run(text)
    return p


def table(doc: Any, widths: Sequence[Any], rows: int, caption: str, description: str, borders: str = "none") -> Any:
    """A fixed-width table with alt text; `borders` is 'none', 'rows' (lines between rows) or 'grid'."""
    t = doc.add_table(rows=rows, cols=len(widths))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    for i, width in enumerate(widths):
        t.columns[i].width = width
        for cell in t.columns[i].cells:
            cell.width = width
    tbl_pr = t._tbl.tblPr
    if borders != "none":
        inside = '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        if borders == "grid":
            edges = "".join(
                f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                for e in ("top", "left", "bottom", "right")
            )
            inside = (
                '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            )
        else:
            edges = (
                '<w:top w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
                '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
            )
        table_property(tbl_pr, parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}{inside}</w:tblBorders>"))
    table_property(
        tbl_pr,
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        ),
    )
    table_property(tbl_pr, parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))
    table_property(tbl_pr, parse_xml(f'<w:tblDescription {nsdecls("w")} w:val="{description}"/>'))
    for row in t.rows:  # a row never breaks across pages
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    return t


#: Children of w:tblPr in schema order (Word refuses a file whose order is wrong).
TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def table_property(tbl_pr: Any, element: Any) -> None:
    """Put (or replace) a w:tblPr child at its place in the schema order."""
    tag = element.tag
    for old in tbl_pr.findall(tag):
        tbl_pr.remove(old)
    names = [qn(n) for n in TBLPR_ORDER]
    later = names[names.index(tag) + 1 :]
    following = next((c for c in tbl_pr if c.tag in later), None)
    if following is not None:
        following.addprevious(element)
    else:
        tbl_pr.append(element)


def header_row(row: Any) -> None:
    """Mark a table's first row as its header (repeats on each page, read as header by screen readers)."""
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def field_run(p: Any, instr: str, placeholder: str = "1") -> None:
    p._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} "><w:r><w:t>{placeholder}</w:t></w:r></w:fldSimple>')
    )


def page_number(p: Any) -> None:
    p.add_run("Sida ")
    field_run(p, "PAGE")
    p.add_run(" (")
    field_run(p, "NUMPAGES")
    p.add_run(")")


def heading_block(
    doc: Any, title: str, right_lines: Sequence[tuple[str, str]], stamp: str | None, title_size: float | None = None
) -> None:
    """Organisation lines on the left; title, body and date on the right (as the committee's minutes of 26 March 2007 print it)."""
    t = table(doc, (Cm(8.0), Cm(8.5)), 1, "Dokumenthuvud", "Organisation, dokumenttyp, organ och datum")
    left, right = t.rows[0].cells
    _first(left, "{%p for line in heading_lines %}", "Rubrikrad liten")
    para(left, "{{ line }}", "Rubrikrad liten")
    para(left, "{%p endfor %}", "Rubrikrad liten")
    para(left, "{{ organisation }}", "Organisation")
    title_paragraph = _first(right, "", "Title")
    run = title_paragraph.add_run(title)
    if title_size:  # "Sammanträdesprotokoll" in the Title's size would not fit the column
        run.font.size = Pt(title_size)
    for text, style in right_lines:
        para(right, text, style)
    para(right, "{%p if draft %}", "Stämpel")
    para(right, "{{ labels.draft }}", "Stämpel")
    if stamp:
        para(right, "{%p elif not signed %}", "Stämpel")
        para(right, stamp, "Stämpel")
    para(right, "{%p endif %}", "Stämpel")
    para(doc, "", "Tabelltext")


def info_rows(doc: Any, rows: Sequence[tuple[str, Sequence[tuple[str, str]]]], caption: str, description: str) -> Any:
    """The two-column label/value table of the minutes' first page; a label starting with '{%tr' is a
    row holding only that tag (docxtpl replaces the whole row by it)."""
    t = table(doc, (Cm(4.5), Cm(12.0)), len(rows), caption, description, borders="rows")
    for row, (label, values) in zip(t.rows, rows, strict=True):
        _first(row.cells[0], label, "Etikett" if not label.startswith("{%tr") else "Tabelltext")
        value_cell = row.cells[1]
        for i, (text, style) in enumerate(values):
            p = _first(value_cell, "", style) if i == 0 else para(value_cell, "", style)
            if text:
                p.add_run(text)
    return t


SIGNATURE_LINE = ("", "Underskrift")


def draft_mark(run: Any) -> None:
    """The header's draft marker: as the stamp looks, so no page of a draft passes for the signed version."""
    run.bold = True
    run.font.size = Pt(10)
    run.font.all_caps = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def setup_headers(doc: Any, running: str, footer: str) -> None:
    """First page: empty header (room for a logo); later pages: a running head. Footers on every page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.add_run(running)
    draft_mark(hp.add_run("{% if draft %} · {{ labels.draft }}{% endif %}"))
    first_header = section.first_page_header
    first_header.is_linked_to_previous = False
    fp = first_header.paragraphs[0]
    fp.style = doc.styles["Header"]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    draft_mark(fp.add_run("{% if draft %}{{ labels.draft }}{% endif %}"))
    for footer_part in (section.footer, section.first_page_footer):
        footer_part.is_linked_to_previous = False
        if footer == "boxes":
            _footer_boxes(doc, footer_part)
        else:
            p = footer_part.paragraphs[0]
            p.style = doc.styles["Footer"]
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            page_number(p)


def _footer_boxes(doc: Any, footer: Any) -> None:
    t = footer.add_table(rows=1, cols=4, width=TEXT_WIDTH)
    t.autofit = False
    widths = (Cm(4.5), Cm(4.5), Cm(4.5), Cm(3.0))
    for i, width in enumerate(widths):
        t.columns[i].width = width
        t.rows[0].cells[i].width = width
    tbl_pr = t._tbl.tblPr
    edges = "".join(
        f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for e in ("top", "left", "bottom", "right", "insideV")
    )
    table_property(tbl_pr, parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))
    table_property(tbl_pr, parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="Signaturrutor"/>'))
    row = t.rows[0]
    row.height = Cm(1.2)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell, text in zip(
        row.cells[:3],
        ("{{ labels.footer_certification }}", "{{ labels.footer_chair }}", "{{ labels.footer_verifier }}"),
        strict=True,
    ):
        p = cell.paragraphs[0]
        p.style = doc.styles["Sidfotsetikett"]
        p.add_run(text)
    last = row.cells[3].paragraphs[0]
    last.style = doc.styles["Sidfotsetikett"]
    last.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page_number(last)
    # a footer must end with a paragraph: move its own empty first paragraph below the boxes, tiny
    spare = footer.paragraphs[0]
    spare.style = doc.styles["Sidfotsetikett"]
    t._tbl.addnext(spare._p)


# ---------------------------------------------------------------- the three templates


def _lines(field: str) -> tuple[tuple[str, str], ...]:
    """A cell's paragraphs repeating one line per item of a list field."""
    return (
        (f"{{%p for line in {field} %}}", "Tabelltext"),
        ("{{ line }}", "Tabelltext"),
        ("{%p endfor %}", "Tabelltext"),
    )


def _only_if(condition: str, *rows: tuple[str, tuple[tuple[str, str], ...]]) -> tuple[Any, ...]:
    """Rows printed only when `condition` holds: a header row with nothing to say is left out."""
    return (("{%tr if " + condition + " %}", ()), *rows, ("{%tr endif %}", ()))


def signed_statement_and_slots(doc: Any) -> None:
    """What follows the header in the minutes of every kind: the signed statement with its corrections,
    then the slots for the paragraphs and the bilagor."""
    para(doc, "{%p if signed %}", "Justering")
    para(doc, "{{ statement }}", "Justering")
    para(doc, "{%p for a in amendments %}", "Justering")
    para(
        doc,
        "{{ labels.amendment }} {{ a.date }}{% if a.changed %} ({{ a.changed }}){% endif %}: {{ a.reason }} ({{ a.by }})",
        "Justering",
    )
    para(doc, "{%p endfor %}", "Justering")
    para(doc, "{%p endif %}", "Justering")
    para(doc, "{{ paragraphs }}")
    para(doc, "{{ attachments }}")


def minutes() -> Any:
    doc = new_document("Mall: minnesanteckningar (kib)")
    heading_block(
        doc,
        "{{ document_title }}",
        (("{{ body_name }}", "Rubrikrad"), ("{{ date }}", "Rubrikrad")),
        "{{ labels.unsigned_stamp }}",
    )
    info_rows(
        doc,
        (
            ("{{ labels.place_time }}", (("{{ place_time }}", "Tabelltext"),)),
            ("{{ labels.deciding }}", _lines("beslutande")),
            *_only_if("absent", ("{{ labels.absent }}", _lines("absent"))),
            *_only_if("ovriga", ("{{ labels.others }}", _lines("ovriga"))),
            *_only_if(
                "countersigner",
                (
                    "{{ labels.appoint_verifiers }}",
                    (("{{ countersigner }}", "Tabelltext"), ("{{ countersigner_paragraphs }}", "Tabelltext")),
                ),
            ),
            *_only_if("signing_text", ("{{ labels.signing_place_time }}", (("{{ signing_text }}", "Tabelltext"),))),
            ("{{ labels.secretary }}", (SIGNATURE_LINE, ("{{ secretary }}", "Tabelltext"))),
            ("{{ labels.chair }}", (SIGNATURE_LINE, ("{{ chair }}", "Tabelltext"))),
            *_only_if(
                "countersigner",
                ("{{ labels.verifier }}", (SIGNATURE_LINE, ("{{ countersigner }}", "Tabelltext"))),
            ),
        ),
        "Sammanträdesuppgifter",
        "Plats och tid, beslutande, frånvarande, övriga deltagare, kontrasignering, datum för underskrift och "
        "underskrifter",
    )
    signed_statement_and_slots(doc)
    setup_headers(
        doc,
        "{{ body_name }} · {{ document_title }} {{ date }}{% if not signed and not draft %} · "
        "{{ labels.unsigned_stamp }}{% endif %}",
        "boxes",
    )
    return doc


def protokoll() -> Any:
    """A nämnd's (utskott's, styrelse's, fullmäktige's) protokoll: the header names who served, the
    justerare and their signature lines, the paragraphs, and once announced the ANSLAG/BEVIS block."""
    doc = new_document("Mall: protokoll (kib)")
    heading_block(
        doc,
        "{{ labels.record_title }}",
        (("{{ body_name }}", "Rubrikrad"), ("{{ labels.notice_meeting_date }} {{ date }}", "Rubrikrad")),
        "{{ labels.unsigned_stamp }}",
        title_size=18,
    )
    verifier_lines = (
        ("{{ labels.verifier }}", "Signaturroll"),
        ("{%p for v in verifiers %}", "Tabelltext"),
        SIGNATURE_LINE,
        ("{{ v }}", "Tabelltext"),
        ("{%p endfor %}", "Tabelltext"),
    )
    info_rows(
        doc,
        (
            *_only_if("not place_time_rows", ("{{ labels.place_time }}", (("{{ place_time }}", "Tabelltext"),))),
            *_only_if(
                "place_time_rows",
                ("{{ labels.place }}", (("{{ place }}", "Tabelltext"),)),
                ("{{ labels.time }}", (("{{ weekday_date_cap }}{% if time %} kl {{ time }}{% endif %}", "Tabelltext"),)),
            ),
            (
                "{{ labels.deciding }}",
                (
                    ("{%p if list_appended %}", "Tabelltext"),
                    ("{{ labels.list_appended }}", "Tabelltext"),
                    ("{%p else %}", "Tabelltext"),
                    *_lines("beslutande"),
                    ("{%p endif %}", "Tabelltext"),
                ),
            ),
            *_only_if("substitutes and not list_appended", ("{{ labels.substitutes }}", _lines("substitutes"))),
            *_only_if("ovriga", ("{{ labels.others }}", _lines("ovriga"))),
            *_only_if("absent", ("{{ labels.absent }}", _lines("absent"))),
            *_only_if("verifiers_text", ("{{ labels.appoint_verifiers }}", (("{{ verifiers_text }}", "Tabelltext"),))),
            *_only_if("signing_text", ("{{ labels.signing_place_time }}", (("{{ signing_text }}", "Tabelltext"),))),
            ("{{ labels.paragraphs }}", (("{{ paragraph_range }}", "Tabelltext"),)),
            (
                "{{ labels.signatures }}",
                (
                    ("{{ labels.secretary }}", "Etikett"),
                    SIGNATURE_LINE,
                    ("{{ secretary }}", "Tabelltext"),
                    ("{{ labels.chair }}", "Signaturroll"),
                    SIGNATURE_LINE,
                    ("{{ chair }}", "Tabelltext"),
                    ("{%p if verifiers %}", "Tabelltext"),
                    *verifier_lines,
                    ("{%p endif %}", "Tabelltext"),
                ),
            ),
        ),
        "Sammanträdesuppgifter",
        "Plats och tid, beslutande, ersättare, övriga deltagare, justerare, justeringens plats och tid, "
        "paragrafer och underskrifter",
    )
    para(doc, "{%p if notice %}", "Tabelltext")
    para(doc, "{{ labels.notice_heading }}", "Blockrubrik")
    para(doc, "{{ labels.notice_text }}", "Tabelltext")
    notice = table(
        doc,
        (Cm(6.0), Cm(10.5)),
        3,
        "Anslag och bevis",
        "Organ, datum för justering, anslagets datum, förvaringsplats och underskrift",
        "rows",
    )
    _first(notice.rows[0].cells[0], "{%tr for row in notice %}", "Tabelltext")
    _first(notice.rows[1].cells[0], "{{ row.label }}", "Etikett")
    _first(notice.rows[1].cells[1], "{{ row.text }}", "Tabelltext")
    _first(notice.rows[2].cells[0], "{%tr endfor %}", "Tabelltext")
    para(doc, "{%p endif %}", "Tabelltext")
    signed_statement_and_slots(doc)
    setup_headers(
        doc,
        "{{ body_name }} · {{ labels.record_title }} {{ date }}{% if not signed and not draft %} · "
        "{{ labels.unsigned_stamp }}{% endif %}",
        "boxes",
    )
    return doc


def agenda() -> Any:
    doc = new_document("Mall: kallelse och föredragningslista (kib)")
    heading_block(
        doc, "{{ labels.agenda_title }}", (("{{ body_name }}", "Rubrikrad"), ("{{ weekday_date }}", "Rubrikrad")), None
    )
    info_rows(
        doc,
        (
            ("{{ labels.time }}", (("{{ weekday_date_cap }}{% if time %} kl {{ time }}{% endif %}", "Tabelltext"),)),
            ("{{ labels.place }}", (("{{ place }}", "Tabelltext"),)),
            ("Förhinder", (("Anmäl förhinder till {{ forhinder_to }}.", "Tabelltext"),)),
        ),
        "Tid och plats",
        "Sammanträdets tid och plats och vart förhinder anmäls",
    )
    para(doc, "{{ labels.agenda_list }}", "Heading 1")
    items = table(
        doc,
        (Cm(1.8), Cm(10.2), Cm(4.5)),
        4,
        "Föredragningslista",
        "Ärenden med paragrafnummer och föredragande",
        "grid",
    )
    for cell, text in zip(
        items.rows[0].cells,
        ("{{ labels.agenda_number }}", "{{ labels.agenda_item }}", "{{ labels.agenda_presenter }}"),
        strict=True,
    ):
        _first(cell, text, "Etikett")
    header_row(items.rows[0])
    _first(items.rows[1].cells[0], "{%tr for item in items %}", "Tabelltext")
    for cell, text in zip(
        items.rows[2].cells, ("{{ item.label }}", "{{ item.title }}", "{{ item.presenter }}"), strict=True
    ):
        _first(cell, text, "Tabelltext")
    title_cell = items.rows[2].cells[1]  # the diarienummer under the title, when the item has one
    para(title_cell, "{%p if item.dnr %}", "Tabelltext")
    para(title_cell, "{{ labels.dnr }} {{ item.dnr }}", "Diarienummer")
    para(title_cell, "{%p endif %}", "Tabelltext")
    _first(items.rows[3].cells[0], "{%tr endfor %}", "Tabelltext")
    para(doc, "Uppföljning av uppdrag", "Heading 1")
    para(doc, "{%p if actions %}")
    follow = table(
        doc,
        (Cm(7.0), Cm(3.3), Cm(3.6), Cm(2.6)),
        4,
        "Uppdrag att följa upp",
        "Öppna uppdrag, ansvarig, när de gavs och när de ska vara klara",
        "grid",
    )
    for cell, text in zip(follow.rows[0].cells, ("Uppdrag", "Ansvarig", "Givet", "Senast"), strict=True):
        _first(cell, text, "Etikett")
    header_row(follow.rows[0])
    _first(follow.rows[1].cells[0], "{%tr for a in actions %}", "Tabelltext")
    for cell, text in zip(
        follow.rows[2].cells, ("{{ a.task }}", "{{ a.owner }}", "{{ a.given }}", "{{ a.due }}"), strict=True
    ):
        _first(cell, text, "Tabelltext")
    _first(follow.rows[3].cells[0], "{%tr endfor %}", "Tabelltext")
    para(doc, "{%p else %}")
    para(doc, "Inga öppna uppdrag att följa upp.")
    para(doc, "{%p endif %}")
    para(doc, "Välkomna!", "Justering")
    para(doc, "{{ chair }}, ordförande", "Tabelltext")
    para(doc, "{{ secretary }}, {{ secretary_title }}", "Tabelltext")
    setup_headers(doc, "{{ body_name }} · {{ labels.agenda_title }} {{ date }}", "page")
    return doc


def extract() -> Any:
    doc = new_document("Mall: protokollsutdrag (kib)")
    heading_block(
        doc,
        "{{ labels.extract_title }}",
        (("{{ labels.extract_of }}", "Rubrikrad"), ("{{ body_name }}", "Rubrikrad"), ("{{ date }}", "Rubrikrad")),
        "{{ labels.not_verified }}",
    )
    para(doc, "{{ paragraph }}")
    para(doc, "{%p for a in amendments %}", "Justering")
    para(doc, "{{ labels.amendment }} {{ a.date }}: {{ a.reason }} ({{ a.by }})", "Justering")
    para(doc, "{%p endfor %}", "Justering")
    para(doc, "{{ labels.verification }}", "Heading 2")
    para(doc, "{%p if paragraph_justerad %}")
    para(doc, "{%p if not signed or paragraph_justerad != signed_date %}")  # else the statement gives the day
    para(doc, "{{ labels.verified }} {{ paragraph_justerad }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if verifiers %}")
    para(doc, "{{ labels.verified_by }} {{ chair }} ({{ labels.chair|lower }}), {{ verifiers_text }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if signed %}")
    para(doc, "{{ statement }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, "{{ labels.not_verified }}: {{ labels.unsigned_note }}.")
    para(doc, "{%p endif %}")
    info_rows(
        doc,
        (
            (
                "{{ labels.certification }}",
                (
                    ("{{ labels.certification_text }}", "Tabelltext"),
                    SIGNATURE_LINE,
                    ("{{ secretary }}, {{ secretary_title }}", "Tabelltext"),
                ),
            ),
        ),
        "Utdragsbestyrkande",
        "Sekreterarens bestyrkande att utdraget är riktigt",
    )
    setup_headers(doc, "{{ body_name }} · {{ labels.extract_title }} {{ date }}", "page")
    return doc


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def lean(doc: Any) -> None:
    """Leave out what python-docx's sample document carries but kib's templates never use.

    Every render loads, re-writes and re-compresses the whole package, so bulk here costs time on
    every run. Dropped: the table styles no table uses (Word's built-in "Light Shading Accent 1"
    kind, most of styles.xml; Word offers them all again from its gallery, as latent styles, when a
    secretary picks one), and stylesWithEffects.xml (a copy of the sample's *old* styles for Word
    2010, which neither Word 2013+ nor LibreOffice reads). The paragraph and character styles a secretary restyles all stay.
    """
    root = doc.styles.element
    xml = "".join(
        part.blob.decode("utf-8", "replace")
        for part in doc.part.package.iter_parts()
        if part.content_type != CT.WML_STYLES
    )
    wanted = set(re.findall(r'<w:tblStyle w:val="([^"]*)"', xml))
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    todo = [sid for sid in wanted if sid in by_id]
    todo += [sid for sid, s in by_id.items() if s.get(qn("w:type")) == "table" and s.get(qn("w:default")) == "1"]
    keep: set[str] = set()
    while todo:  # the styles used, with the ones they are based on
        sid = todo.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        based = by_id[sid].find(qn("w:basedOn"))
        if based is not None:
            todo.append(based.get(qn("w:val")))
    for sid, style in by_id.items():
        if style.get(qn("w:type")) == "table" and sid not in keep:
            root.remove(style)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del doc.part.rels[rid]


def main() -> None:
    for name, build in (("minutes", minutes), ("protokoll", protokoll), ("agenda", agenda), ("extract", extract)):
        path = TEMPLATES / f"{name}.docx"
        doc = build()
        lean(doc)
        doc.save(str(path))
        print(path)


if __name__ == "__main__":
    main()
