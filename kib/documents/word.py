"""A Word document from a template: docxtpl fills the fields, python-docx writes the running text.

The template's fields are docxtpl's (`{{ field }}`, `{%p … %}`, `{%tr … %}`), filled in kib's bounded
sandbox (`kib.documents.sandbox`), autoescaped, with StrictUndefined. The running text of the minutes --
headings, paragraphs, bullets, quotations, separators, decisions, uppdrag, footnotes and pictures -- is
written with python-docx at "slot" paragraphs of the template (a paragraph holding only
`{{ paragraphs }}`), in the template's own styles, so restyling the template in Word restyles the
generated text too. Styles the text needs are added when a secretary's template lacks them.

Imports docxtpl and python-docx: import this module only when a document is rendered.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt, Twips
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from kib.errors import ExitCode, KibError

from . import notes, sandbox

LANGUAGE = "sv-SE"
QUOTE_INDENT = 567  # twips (1 cm)


@dataclass(frozen=True)
class Note:
    """A footnote's text, standing where its marker stood."""

    text: str


Inline = Union[str, Note]


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleSpec:
    """A style the running text uses, and its plain look for a template that lacks it."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    bold: bool = False
    italic: bool = False
    size: float | None = None
    before: float | None = None
    after: float | None = None
    indent: int | None = None
    keep_with_next: bool = False
    superscript: bool = False
    rule_below: bool = False


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("heading 1", bold=True, size=13, before=18, after=6, keep_with_next=True),
    StyleSpec("List Bullet", after=3),
    StyleSpec("List Bullet 2", after=3),
    StyleSpec("List Bullet 3", after=3),
    StyleSpec("Quote", italic=True, indent=QUOTE_INDENT),
    StyleSpec("Beslut", before=6, after=6),
    StyleSpec("Beslutssats", after=3, indent=QUOTE_INDENT),
    StyleSpec("Uppdrag", after=3, indent=QUOTE_INDENT),
    StyleSpec("Avskiljare", size=4, before=0, after=8, rule_below=True),
    StyleSpec("Bild", before=6, after=6, keep_with_next=True),
    StyleSpec("Blockrubrik", bold=True, before=8, after=2, keep_with_next=True),
    StyleSpec("Diarienummer", after=6),
    StyleSpec("Expediering", after=0, indent=QUOTE_INDENT),
    StyleSpec("Tabelltext", before=0, after=0),
    StyleSpec("Etikett", bold=True, before=0, after=0),
    StyleSpec("footnote text", size=9, after=0),
    StyleSpec("footnote reference", kind=WD_STYLE_TYPE.CHARACTER, superscript=True),
)


def style_ids(document: Any) -> dict[str, str]:
    """Style id by lower-case style name (Swedish Word saves 'heading 1' with the id 'Rubrik1')."""
    out: dict[str, str] = {}
    for style in document.styles:
        if style.name:
            out.setdefault(style.name.casefold(), style.style_id)
    return out


def ensure_styles(document: Any) -> dict[str, str]:
    """Add the styles the running text uses when the template lacks them; return name -> style id."""
    ids = style_ids(document)
    for spec in STYLES:
        if spec.name.casefold() in ids:
            continue
        style = document.styles.add_style(spec.name, spec.kind)
        word_id = "".join(w[:1].upper() + w[1:] for w in spec.name.split())  # Word's own: "FootnoteText"
        if word_id not in {s.style_id for s in document.styles}:
            style.style_id = word_id
        style.quick_style = True
        font = style.font
        font.bold = spec.bold or None
        font.italic = spec.italic or None
        font.superscript = spec.superscript or None
        if spec.size:
            font.size = Pt(spec.size)
        if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            pf = style.paragraph_format
            pf.space_before = Pt(spec.before) if spec.before is not None else None
            pf.space_after = Pt(spec.after) if spec.after is not None else None
            pf.left_indent = Twips(spec.indent) if spec.indent else None
            pf.keep_with_next = spec.keep_with_next or None
            if spec.rule_below:  # python-docx has no paragraph borders
                style.element.get_or_add_pPr().append(
                    parse_xml(
                        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr>'
                    )
                )
        ids[spec.name.casefold()] = style.style_id
    return ids


def set_language(document: Any, language: str = LANGUAGE) -> None:
    """Document language (spelling, screen readers, PDF /Lang) in the style defaults, when they have a place for it."""
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


# ---------------------------------------------------------------- writing at a slot


class Kit:
    """What writing into one document needs: style ids, the bullet list, the footnotes, the text width."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.ids = ensure_styles(document)
        self._footnotes: notes.Footnotes | None = None
        self._bullets: int | None = None
        section = document.sections[-1]
        try:
            width = section.page_width - section.left_margin - section.right_margin
        except TypeError:  # a section without a page size or margins
            width = 0
        self.text_width = width if width > 0 else Twips(9000)

    def style(self, name: str) -> str:
        return self.ids[name.casefold()]

    @property
    def footnotes(self) -> notes.Footnotes:
        """The footnotes part, made only when a footnote is written."""
        if self._footnotes is None:
            self._footnotes = notes.Footnotes(
                self.document, self.style("footnote text"), self.style("footnote reference")
            )
        return self._footnotes

    @property
    def bullets(self) -> int:
        if self._bullets is None:
            self._bullets = notes.bullet_list(self.document, self.style("List Bullet"))
        return self._bullets

    def finish(self) -> None:
        if self._footnotes is not None:
            self._footnotes.save()


class Writer:
    """Writes paragraphs in front of an anchor paragraph (a template's slot)."""

    def __init__(self, kit: Kit, anchor: Paragraph) -> None:
        self.kit = kit
        self.anchor = anchor
        self.last: Paragraph | None = None
        self.after_table = False

    def paragraph(
        self,
        style: str,
        parts: Sequence[Inline],
        *,
        label: str | None = None,
        bullet_level: int | None = None,
        indent: int | None = None,
        page_break: bool = False,
        keep_with_next: bool = False,
    ) -> Paragraph:
        """One paragraph in a style: an optional bold label, then text and footnote references."""
        p = self.anchor.insert_paragraph_before()
        # the paragraph's properties, appended in the schema's order (python-docx's setters would search
        # for each one's place, three times the cost of the whole paragraph)
        properties = []
        style_id = self.kit.ids.get(style.casefold())
        if style_id:
            properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        if keep_with_next:
            properties.append(OxmlElement("w:keepNext"))
        if page_break:
            properties.append(OxmlElement("w:pageBreakBefore"))
        if bullet_level is not None:
            properties.append(notes.numbering(self.kit.bullets, bullet_level))
        if self.after_table:  # a paragraph right under a table would touch its bottom line
            properties.append(OxmlElement("w:spacing", {qn("w:before"): "120"}))
            self.after_table = False
        if indent is not None:
            properties.append(
                OxmlElement("w:ind", {qn("w:left"): str(indent), qn("w:hanging"): str(notes.BULLET_STEP)})
            )
        if properties:
            ppr = OxmlElement("w:pPr")
            ppr.extend(properties)
            p._p.insert(0, ppr)
        if label:
            p.add_run(label).bold = True
            if parts:
                p.add_run(" ")
        self._runs(p, parts)
        self.last = p
        return p

    def _runs(self, p: Paragraph, parts: Sequence[Inline]) -> None:
        for part in parts:
            if isinstance(part, Note):
                p._p.append(self.kit.footnotes.add(part.text))
            elif part and any(c in part for c in "\t\n\r"):
                p.add_run(part)  # tabs and line breaks become Word's own
            elif part:
                p._p.add_r().add_t(part)  # as add_run, without its character-by-character scan

    def append(self, parts: Sequence[Inline]) -> None:
        """More runs at the end of the last paragraph (footnotes whose marker is missing)."""
        if self.last is None:
            self.paragraph("Normal", parts)
        else:
            self._runs(self.last, parts)

    def separator(self) -> None:
        self.paragraph("Avskiljare", [])

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        caption: str,
        total_row: bool = False,
        centred_from: int | None = None,
    ) -> None:
        """A table with a header row (repeated on each page) and thin grid lines; `widths` are shares of the
        text width. With `total_row` the last row is a bold sum. Cells in the template's Tabelltext and
        Etikett styles, so restyling those restyles the voteringslista too; columns from `centred_from` on are
        centred (the crosses and counts of a vote)."""
        document = self.kit.document
        table = document.add_table(rows=1 + len(rows), cols=len(head))
        self.anchor._p.addprevious(table._tbl)  # python-docx appends at the end of the body
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        edges = "".join(
            f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            for e in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        margins = "".join(f'<w:{e} w:w="{w}" w:type="dxa"/>' for e, w in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)))
        for xml in (
            f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>',
            f'<w:tblCellMar {nsdecls("w")}>{margins}</w:tblCellMar>',
            f'<w:tblCaption {nsdecls("w")} w:val="{_attribute(caption)}"/>',
        ):
            tbl_pr.append(parse_xml(xml))
        total = int(self.kit.text_width)
        for c, share in enumerate(widths):
            table.columns[c].width = Emu(int(total * share))  # the grid LibreOffice lays out by
        label_id = self.kit.ids.get("etikett")
        text_id = self.kit.ids.get("tabelltext")
        for r, row in enumerate([list(head), *[list(x) for x in rows]]):
            bold = r == 0 or (total_row and r == len(rows))
            style_id = label_id if bold else text_id
            tr = table.rows[r]
            if r == 0:
                tr._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            tr._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
            for c, text in enumerate(row):
                cell = tr.cells[c]
                cell.width = Emu(int(total * widths[c]))
                p = cell.paragraphs[0]
                if style_id:
                    p._p.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
                if centred_from is not None and c >= centred_from:
                    p._p.get_or_add_pPr().append(OxmlElement("w:jc", {qn("w:val"): "center"}))
                run = p.add_run(text)
                if bold and not style_id:
                    run.bold = True
        self.last = None
        self.after_table = True

    def image(self, path: Path, description: str) -> None:
        """A picture at its own size, scaled down to the text width; the description is its alt text."""
        from .picture import add_picture

        add_picture(self.paragraph("Bild", []), path, description, int(self.kit.text_width))


def _attribute(text: str) -> str:
    """Text for an XML attribute value."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- filling the template


class Malformed(Exception):
    """The filled XML of a part is not well-formed."""


@dataclass
class FieldFailure(Exception):
    """A field could not be filled: the error, the template part and the paragraph it stands in."""

    error: BaseException
    part: str
    paragraph: int | None
    text: str


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl, saying where a field failed: the part and the paragraph."""

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns a tab, line break, \a or \f in a value into Word's own; most parts have none
        return super().resolve_listing(xml) if any(c in xml for c in "\t\n\a\f") else xml  # type: ignore[no-any-return]

    def patch_xml(self, src_xml: str) -> str:
        return super().patch_xml(src_xml) if "{" in src_xml else src_xml  # type: ignore[no-any-return]

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        if "{" not in src_xml:  # a part without fields (a footer, the footnotes) is kept as it is
            return src_xml
        try:
            filled: str = super().render_xml_part(src_xml, part, context, jinja_env)
        except Exception as exc:
            raise _failure(exc, src_xml, str(part.partname)) from exc
        try:  # docxtpl reads the body leniently, dropping what does not parse: check it strictly first
            etree.fromstring(filled.encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            raise FieldFailure(
                Malformed(
                    "the fields make a document Word cannot open; keep each {%p …%} and {%tr …%} "
                    f"in a paragraph or table row of its own ({exc})"
                ),
                str(part.partname),
                None,
                "",
            ) from None
        return filled


def _failure(exc: Exception, source: str, part: str) -> FieldFailure:
    """docxtpl puts each paragraph of a part on a line of its own: Jinja's line number names the paragraph."""
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", source).split("\n")
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None or not 0 < line <= len(lines):
        return FieldFailure(exc, part, None, "")
    import html

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).split())
    return FieldFailure(exc, part, line - 1 if line > 1 else None, text)


def where(part: str) -> str:
    """'the page header' for /word/header1.xml, and so on."""
    for key, words in (("header", "the page header"), ("footer", "the page footer"), ("footnotes", "the footnotes")):
        if key in part:
            return words
    return "the body"


def explain(failure: FieldFailure, name: str, context: dict[str, Any]) -> str:
    """One line for a failed field: the template, which field or what went wrong, and where."""
    exc = failure.error
    message = str(getattr(exc, "message", None) or exc)
    place = where(failure.part)
    if failure.paragraph is not None:
        place += f", paragraph {failure.paragraph}"
    if failure.text:
        shown = failure.text if len(failure.text) <= 120 else failure.text[:117] + "…"
        place += f' ("{shown}")'
    field = re.search(r"'([^']+)' is undefined", message)
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if field:
        known = ", ".join(sorted(k for k in context if not k.startswith("_")))
        return f"template {name}: unknown field '{field.group(1)}' in {place}; fields: {known}"
    if attribute:
        dotted = re.search(rf"[\w.]*\.{re.escape(attribute.group(1))}\b", failure.text)
        return f"template {name}: unknown field '{dotted.group(0) if dotted else attribute.group(1)}' in {place}"
    if isinstance(exc, (TemplateError, sandbox.TemplateLimit, Malformed)):
        return f"template {name}: {message} in {place}"
    return f"template {name}: {type(exc).__name__}: {message} in {place}"


def _open(data: bytes, name: str) -> _Template:
    template = _Template(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx meets whatever a damaged file holds
        raise KibError(
            f"template {name} cannot be read as a Word document ({type(exc).__name__}: {exc}); "
            "open it in Word and save it again",
            exit_code=ExitCode.USAGE,
        ) from None
    props = template.docx.core_properties
    for prop in ("title", "author", "subject", "comments", "language"):
        setattr(props, prop, "")  # kib sets these itself: a field there is never filled
    return template


def _slot_paragraphs(document: Any, marker: str) -> Iterator[tuple[Any, str]]:
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if marker in text:
            yield p, text


def _property(text: str) -> str:
    """Core properties of at most 255 characters (python-docx refuses more), on one line."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "…"


Slot = Callable[[Writer], None]


def render(
    name: str, data: bytes, context: dict[str, Any], slots: dict[str, Slot], title: str, author: str, subject: str
) -> bytes:
    """The finished .docx from a checked template (`templates.vetted`): fields filled, slots written,
    properties set."""
    nonce = os.urandom(6).hex()  # a marker no meeting text can contain by chance
    markers = {slot: f"KIBSLOT{nonce}{slot}" for slot in slots}
    full = {**context, **markers}
    env = sandbox.environment()

    def fill() -> Any:
        filled = _open(data, name)
        filled.render(full, jinja_env=env, autoescape=True)
        return filled.docx

    try:
        document = sandbox.within_deadline(fill)
    except FieldFailure as failure:
        raise KibError(explain(failure, name, full)) from None
    except sandbox.TemplateLimit as exc:
        raise KibError(f"template {name}: {exc}") from None
    except KibError:
        raise
    except TemplateError as exc:  # a field in the document properties
        raise KibError(f"template {name}: {exc} in the document properties") from None
    except Exception as exc:  # docxtpl or python-docx stumbling over what the fields made
        raise KibError(f"template {name} cannot be filled ({type(exc).__name__}: {exc})") from None
    for rel in document.part.rels.values():
        if not rel.reltype.endswith(("/header", "/footer")) or rel.is_external:
            continue
        if any(m.encode() in rel.target_part.blob for m in markers.values()):
            raise KibError(f"template {name} uses a slot field in {where(rel.reltype)}; move it into the body")
    kit = Kit(document)
    body = document._body
    for slot, write in slots.items():
        found = list(_slot_paragraphs(document, markers[slot]))
        if not found:
            raise KibError(
                f"template {name} has no paragraph holding {{{{ {slot} }}}} in its body; "
                f"without it the {slot} would be missing from the document"
            )
        if len(found) > 1:
            raise KibError(f"template {name} holds {{{{ {slot} }}}} {len(found)} times; keep one")
        anchor, text = found[0]
        if text.strip() != markers[slot]:
            raise KibError(f"template {name}: {{{{ {slot} }}}} must stand alone in its paragraph")
        write(Writer(kit, Paragraph(anchor, body)))
        anchor.getparent().remove(anchor)
    kit.finish()
    for cell in document.element.body.iter(qn("w:tc")):  # a loop over nothing may leave a cell empty
        if cell.find(qn("w:p")) is None and cell.find(qn("w:tbl")) is None:
            cell.add_p()
    set_language(document)
    props = document.core_properties
    props.title = _property(title)
    props.author = props.last_modified_by = _property(author)
    props.subject = _property(subject)
    props.language = LANGUAGE
    props.keywords = ""
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
