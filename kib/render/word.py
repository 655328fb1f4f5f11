"""Word mechanics: fill a template with docxtpl, then write what Jinja cannot make well.

docxtpl renders the template's fields (Jinja in a sandbox, autoescaped, StrictUndefined). The running
text of the minutes -- headings, paragraphs with real list numbering, quotations, separators, decisions
and real footnotes -- is written with python-docx and lxml at "slot" paragraphs of the template (a
paragraph holding only `{{ paragraphs }}`), in the template's own styles, so restyling the template in
Word restyles the generated text too. Styles, list numbering and the footnotes part are created when a
secretary's template lacks them, so any .docx or .dotx saved from Word works as a template.

This module imports python-docx, docxtpl and lxml: import it only when a document is rendered.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Twips
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import KibError

# python-docx loads footnotes.xml as an opaque blob; as an XmlPart its tree can be edited in place.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)

LANGUAGE = "sv-SE"
BULLET_GLYPHS = ("•", "–", "▪")
BULLET_STEP = 357  # twips per list level (0.63 cm, Word's default)
QUOTE_INDENT = 567  # twips (1 cm)


@dataclass(frozen=True)
class Note:
    """A footnote's text, standing where its marker stood."""

    text: str


Inline = Union[str, Note]


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleSpec:
    """A style kib writes with, and its plain look when a template lacks it."""

    name: str
    style_id: str
    kind: str = "paragraph"
    ppr: str = ""
    rpr: str = ""
    custom: bool = False


#: Styles the generated text uses. Templates built by kib define them with their full look; these
#: definitions only fill gaps in a secretary's own template.
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(
        "heading 1",
        "Heading1",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
        rpr='<w:b/><w:sz w:val="26"/>',
    ),
    StyleSpec(
        "heading 2",
        "Heading2",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="1"/>',
        rpr='<w:b/><w:sz w:val="24"/>',
    ),
    StyleSpec("List Bullet", "ListBullet", ppr='<w:spacing w:after="60"/>'),
    StyleSpec("List Bullet 2", "ListBullet2", ppr='<w:spacing w:after="60"/>'),
    StyleSpec("List Bullet 3", "ListBullet3", ppr='<w:spacing w:after="60"/>'),
    StyleSpec("Quote", "Quote", ppr=f'<w:ind w:left="{QUOTE_INDENT}" w:right="{QUOTE_INDENT}"/>', rpr="<w:i/>"),
    StyleSpec("Beslut", "Beslut", ppr='<w:keepLines/><w:spacing w:before="120" w:after="120"/>', custom=True),
    StyleSpec(
        "Beslutssats", "Beslutssats", ppr=f'<w:spacing w:after="60"/><w:ind w:left="{QUOTE_INDENT}"/>', custom=True
    ),
    StyleSpec(
        "Avskiljare",
        "Avskiljare",
        ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr><w:spacing w:before="0" w:after="160"/>',
        rpr='<w:sz w:val="8"/>',
        custom=True,
    ),
    StyleSpec("Bild", "Bild", ppr='<w:keepNext/><w:spacing w:before="120" w:after="120"/>', custom=True),
    StyleSpec(
        "footnote text",
        "FootnoteText",
        ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        rpr='<w:sz w:val="18"/>',
    ),
    StyleSpec("footnote reference", "FootnoteReference", kind="character", rpr='<w:vertAlign w:val="superscript"/>'),
)


def style_ids(doc: Any) -> dict[str, str]:
    """Style id by lower-case style name (Swedish Word saves 'heading 1' with the id 'Rubrik1')."""
    out: dict[str, str] = {}
    for style in doc.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            out.setdefault(name.get(qn("w:val")).casefold(), style.get(qn("w:styleId")))
    return out


def ensure_styles(doc: Any) -> dict[str, str]:
    """Add the styles kib writes with when the document lacks them; return name -> style id."""
    root = doc.styles.element
    ids = style_ids(doc)
    taken = {s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))}
    default = next(
        (
            s.get(qn("w:styleId"))
            for s in root.findall(qn("w:style"))
            if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"
        ),
        None,
    )
    for spec in STYLES:
        if spec.name.casefold() in ids:
            continue
        style_id = spec.style_id
        while style_id in taken:
            style_id += "Kib"
        base = f'<w:basedOn w:val="{default}"/>' if default and spec.kind == "paragraph" else ""
        custom = ' w:customStyle="1"' if spec.custom else ""
        ppr = f"<w:pPr>{spec.ppr}</w:pPr>" if spec.ppr else ""
        rpr = f"<w:rPr>{spec.rpr}</w:rPr>" if spec.rpr else ""
        root.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="{spec.kind}"{custom} w:styleId="{style_id}">'
                f'<w:name w:val="{spec.name}"/>{base}<w:qFormat/>{ppr}{rpr}</w:style>'
            )
        )
        taken.add(style_id)
        ids[spec.name.casefold()] = style_id
    return ids


def set_language(doc: Any, language: str = LANGUAGE) -> None:
    """Document language (spelling, screen readers, PDF /Lang): docDefaults and the theme font language."""
    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        tail = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = next((t for t in tail if t is not None), None)
        if following is not None:
            following.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), language)
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


# ---------------------------------------------------------------- list numbering


def _bullet_levels() -> str:
    levels = []
    for i in range(9):
        glyph = BULLET_GLYPHS[i % len(BULLET_GLYPHS)]
        left = BULLET_STEP * (i + 1)
        levels.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{glyph}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{BULLET_STEP}"/></w:pPr>'
            '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri" w:hint="default"/></w:rPr></w:lvl>'
        )
    return "".join(levels)


def add_bullet_numbering(doc: Any) -> int:
    """A nine-level bullet list definition in numbering.xml; returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{_bullet_levels()}</w:abstractNum>'
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
        nums[-1].addnext(num)
    else:
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(abstract)
            cleanup.addprevious(num)
        else:
            numbering.append(abstract)
            numbering.append(num)
    return num_id


def _style_num_id(doc: Any, style_id: str) -> int | None:
    """The numId a paragraph style links to, if its list has bullet levels 0-2."""
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) != style_id:
            continue
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is None:
            return None
        num_id = num.get(qn("w:val"))
        numbering = doc.part.numbering_part.element
        for n in numbering.findall(qn("w:num")):
            if n.get(qn("w:numId")) != num_id:
                continue
            abstract_id = n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for a in numbering.findall(qn("w:abstractNum")):
                if a.get(qn("w:abstractNumId")) != abstract_id:
                    continue
                fmts = {
                    lvl.get(qn("w:ilvl")): lvl.find(qn("w:numFmt")).get(qn("w:val"))
                    for lvl in a.findall(qn("w:lvl"))
                    if lvl.find(qn("w:numFmt")) is not None
                }
                if all(fmts.get(str(i)) == "bullet" for i in range(3)):
                    return int(num_id)
        return None
    return None


# ---------------------------------------------------------------- footnotes

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)
#: Elements that follow w:footnotePr in w:settings (schema order), to insert it in the right place.
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def footnotes_part(doc: Any) -> Any:
    """The document's footnotes part (an XmlPart), created with Word's separators when missing."""
    try:
        part = doc.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        part = None
    if part is not None:
        if not isinstance(part, XmlPart):  # loaded before kib registered the part type
            part = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
            for rel in doc.part.rels.values():
                if rel.reltype == RT.FOOTNOTES:
                    rel._target = part
        return part
    element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")
    package = doc.part.package
    names = {p.partname for p in package.iter_parts()}
    partname = (
        PackURI("/word/footnotes.xml")
        if "/word/footnotes.xml" not in names
        else package.next_partname("/word/footnotes%d.xml")
    )
    part = XmlPart(partname, CT.WML_FOOTNOTES, element, package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        following = next((c for c in (settings.find(qn(t)) for t in _AFTER_FOOTNOTE_PR) if c is not None), None)
        if following is not None:
            following.addprevious(pr)
        else:
            settings.append(pr)
    return part


class Footnotes:
    """Real Word footnotes: text in footnotes.xml, a reference run where the marker stood."""

    def __init__(self, doc: Any, text_style: str, ref_style: str) -> None:
        self.root = footnotes_part(doc).element
        ids = [int(f.get(qn("w:id"))) for f in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1
        self.text_style = text_style
        self.ref_style = ref_style

    def add(self, text: str) -> Any:
        """Store a footnote; return the run that refers to it."""
        note_id = self.next_id
        self.next_id += 1
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{note_id}"/>')
        for i, line in enumerate(text.splitlines() or [""]):
            p = OxmlElement("w:p")
            p.get_or_add_pPr().style = self.text_style
            if i == 0:
                p.append(
                    parse_xml(
                        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr><w:footnoteRef/></w:r>'
                    )
                )
                line = " " + line
            add_text_run(p, line)
            note.append(p)
        self.root.append(note)
        return parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'
        )


# ---------------------------------------------------------------- writing at a slot


def add_text_run(p: Any, text: str) -> Any:
    """Append a run holding `text` to the paragraph element `p`; the same XML as `p.add_r().text = text`.

    python-docx turns text into run content one character at a time (tabs and line breaks become
    <w:tab/> and <w:br/>); text without them is a single <w:t>, made here in one step (issue 6).
    """
    if "\t" in text or "\n" in text or "\r" in text:
        r = p.add_r()
        r.text = text
        return r
    r = OxmlElement("w:r")  # python-docx appends a run, and a <w:t> in it, at the end: nothing may follow
    if text:
        t = OxmlElement("w:t")
        t.text = text
        if len(text.strip()) < len(text):  # python-docx's rule (CT_R.add_t)
            t.set(qn("xml:space"), "preserve")
        r.append(t)
    p.append(r)
    return r



class Kit:
    """What writing into one document needs: style ids, the bullet list, the footnotes."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = ensure_styles(doc)
        self.footnotes = Footnotes(doc, self.style("footnote text"), self.style("footnote reference"))
        self._bullets: int | None = None
        section = doc.sections[-1]
        width = (section.page_width or Twips(11906)) - (section.left_margin or 0) - (section.right_margin or 0)
        self.text_width = int(width) if width > 0 else int(Twips(9000))

    def style(self, name: str) -> str:
        return self.ids[name.casefold()]

    @property
    def bullets(self) -> int:
        """numId of the bullet list: the one 'List Bullet' links to in the template, else kib's own."""
        if self._bullets is None:
            self._bullets = _style_num_id(self.doc, self.style("List Bullet")) or add_bullet_numbering(self.doc)
        return self._bullets


class Writer:
    """Writes paragraphs in front of an anchor paragraph (a template's slot)."""

    def __init__(self, kit: Kit, anchor: Any) -> None:
        self.kit = kit
        self.anchor = anchor
        self.last: Any = None

    def _paragraph(self, style: str | None) -> Any:
        p = OxmlElement("w:p")
        style_id = self.kit.ids.get(style.casefold()) if style else None
        if style_id:  # a template without even a Normal style gets Word's defaults
            # <w:pPr><w:pStyle w:val=".."/></w:pPr>, as `p.get_or_add_pPr().style = style_id` writes it,
            # built directly: python-docx looks for ~30 possible later siblings on every insertion.
            ppr = OxmlElement("w:pPr")
            ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
            p.append(ppr)
        self.anchor.addprevious(p)
        self.last = p
        return p

    def _runs(self, p: Any, parts: Sequence[Inline]) -> None:
        for part in parts:
            if isinstance(part, Note):
                p.append(self.kit.footnotes.add(part.text))
            elif part:
                add_text_run(p, part)

    def paragraph(
        self,
        style: str,
        parts: Sequence[Inline],
        *,
        label: str | None = None,
        bullet_level: int | None = None,
        indent: int | None = None,
        page_break: bool = False,
    ) -> Any:
        """One paragraph: an optional bold label, then text and footnote references."""
        p = self._paragraph(style)
        ppr = p.get_or_add_pPr()
        if page_break:
            ppr.pageBreakBefore_val = True
        if bullet_level is not None:
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = bullet_level
            num_pr.get_or_add_numId().val = self.kit.bullets
        if indent is not None:
            ppr.ind_left = Twips(indent)
            ppr.first_line_indent = Twips(-BULLET_STEP)
        if label:
            run = Paragraph(p, self.kit.doc.part).add_run(label)
            run.bold = True
            if parts:
                add_text_run(p, " ")
        self._runs(p, parts)
        return p

    def append(self, parts: Sequence[Inline]) -> None:
        """More runs at the end of the last paragraph (footnotes whose marker is missing)."""
        if self.last is None:
            self.paragraph("Normal", parts)
        else:
            self._runs(self.last, parts)

    def separator(self) -> None:
        self._paragraph("Avskiljare")

    def image(self, path: Path, description: str) -> None:
        """A picture at its own size, scaled down to the text width; the description is its alt text."""
        try:
            picture = Image.from_file(str(path))
        except UnrecognizedImageError:
            raise KibError("is not a picture Word can show (use PNG, JPEG, GIF, BMP or TIFF)", file=path) from None
        except OSError as exc:
            raise KibError(f"cannot read the picture: {exc.strerror or exc}", file=path) from None
        width = min(int(picture.width), self.kit.text_width)
        p = self._paragraph("Bild")
        shape = Paragraph(p, self.kit.doc.part).add_run().add_picture(str(path), width=Emu(width))
        shape._inline.docPr.set("descr", description)


# ---------------------------------------------------------------- the template


@dataclass
class TemplateFailure(Exception):
    """A Jinja error with the template part and paragraph it happened in."""

    error: Exception
    part: str
    paragraph: int | None
    text: str


def _line_of(exc: Exception) -> int | None:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


#: The core properties docxtpl renders as Jinja (DocxTemplate.render_properties, docxtpl 0.20).
TEMPLATE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
#: Core properties kib sets itself after rendering (see `render`): filling them from the template first
#: would only be overwritten.
OWN_PROPERTIES = frozenset({"author", "comments", "language", "subject", "title"})


class _Template(DocxTemplate):  # type: ignore[misc]
    """DocxTemplate that says in which paragraph of the template a Jinja error happened.

    It also renders fewer core properties: docxtpl compiles each of author, comments, identifier,
    language, subject and title as a Jinja template (about 2 ms); kib overwrites all but
    `identifier` afterwards, so only that one is rendered, and only when it holds Jinja syntax
    (text without '{' and without a trailing newline renders as itself: it is set back unchanged,
    as docxtpl would). A template field in a property kib overwrites is no longer looked at at all.
    Tested in tests/test_render.py.
    """

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        if jinja_env is None:
            super().render_properties(context, jinja_env)
            return
        props = self.docx.core_properties
        for name in TEMPLATE_PROPERTIES:
            if name in OWN_PROPERTIES:
                continue
            text = getattr(props, name)
            if "{" in text or text.endswith("\n"):
                text = jinja_env.from_string(text).render(context)
            setattr(props, name, text)  # as docxtpl does: the element is written even when empty

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        try:
            return str(super().render_xml_part(src_xml, part, context, jinja_env))
        except TemplateError as exc:
            import html

            lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
            line = _line_of(exc)
            text = ""
            paragraph = None
            if line is not None and 0 < line <= len(lines):
                paragraph = line - 1 if line > 1 else None
                text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).split())
            raise TemplateFailure(exc, str(part.partname), paragraph, text) from exc


def _where(partname: str) -> str:
    if "header" in partname:
        return "the page header"
    if "footer" in partname:
        return "the page footer"
    if "footnotes" in partname:
        return "the footnotes"
    return "the body"


def _explain(failure: TemplateFailure, name: str, context: dict[str, Any]) -> str:
    exc = failure.error
    message = str(getattr(exc, "message", None) or exc)
    where = _where(failure.part)
    if failure.paragraph is not None:
        where += f", paragraph {failure.paragraph}"
    if failure.text:
        shown = failure.text if len(failure.text) <= 120 else failure.text[:117] + "…"
        where += f' ("{shown}")'
    field = re.search(r"'([^']+)' is undefined", message)
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if field:
        known = ", ".join(sorted(k for k in context if not k.startswith("_")))
        return f"template {name}: unknown field '{field.group(1)}' in {where}; fields: {known}"
    if attribute:
        dotted = re.search(rf"[\w.]*\.{re.escape(attribute.group(1))}\b", failure.text)
        return f"template {name}: unknown field '{dotted.group(0) if dotted else attribute.group(1)}' in {where}"
    if isinstance(exc, TemplateSyntaxError):
        return f"template {name}: {message} in {where}"
    return f"template {name}: {type(exc).__name__}: {message} in {where}"


_TEMPLATE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
}
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*/>")


def template_bytes(data: bytes, name: str) -> bytes:
    """A .docx package python-docx can load and save cleanly, from a .docx or .dotx file.

    A .dotx gets the document content type. Core properties filed under the variant relationship type
    that LibreOffice writes are dropped (kib sets its own): python-docx would not find them and would
    add a second docProps/core.xml, which makes a corrupt file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = list(dict.fromkeys(z.namelist()))
            types = z.read("[Content_Types].xml").decode("utf-8")
            rels = z.read("_rels/.rels").decode("utf-8") if "_rels/.rels" in names else ""
            if "macroEnabled" in types:
                raise KibError(f"template {name} contains macros; save it in Word as .docx or .dotx (without macros)")
            drop: set[str] = set()
            for rel in _RELATIONSHIP.findall(rels):
                kind = re.search(r'Type="([^"]*)"', rel)
                target = re.search(r'Target="([^"]*)"', rel)
                if (
                    kind
                    and target
                    and kind.group(1).endswith("/metadata/core-properties")
                    and kind.group(1) != CORE_PROPERTIES
                ):
                    rels = rels.replace(rel, "")
                    part = target.group(1).lstrip("/")
                    drop.add(part)
                    types = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', "", types)
            template_type = any(t in types for t in _TEMPLATE_TYPES)
            if not drop and not template_type and len(names) == len(z.namelist()):
                return data
            for old, new in _TEMPLATE_TYPES.items():
                types = types.replace(old, new)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
                for item in names:
                    if item in drop:
                        continue
                    if item == "[Content_Types].xml":
                        w.writestr(item, types.encode("utf-8"))
                    elif item == "_rels/.rels":
                        w.writestr(item, rels.encode("utf-8"))
                    else:
                        w.writestr(item, z.read(item))
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        raise KibError(f"template {name} is not a Word document (.docx or .dotx)", exit_code=2) from None


Slot = Callable[[Writer], None]


def _property(text: str) -> str:
    """Core properties hold at most 255 characters (python-docx refuses more); one line."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "…"


def _slot_paragraphs(doc: Any, marker: str) -> Iterator[Any]:
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if marker in text:
            yield p, text


def _fix_empty_cells(root: Any) -> None:
    """A table cell must hold a paragraph; a template loop over an empty list can leave none."""
    for tc in root.iter(qn("w:tc")):
        if tc.find(qn("w:p")) is None and tc.find(qn("w:tbl")) is None:
            tc.append(OxmlElement("w:p"))


def render(
    template: bytes,
    template_name: str,
    context: dict[str, Any],
    slots: dict[str, Slot],
    *,
    title: str,
    author: str,
    subject: str,
) -> bytes:
    """The finished .docx: fields filled by docxtpl, slots written by kib, properties set."""
    nonce = os.urandom(6).hex()  # as secrets.token_hex(6), without importing hashlib and hmac
    markers = {name: f"KIBSLOT{nonce}{name}" for name in slots}
    full = {**context, **markers}
    try:
        tpl = _Template(io.BytesIO(template_bytes(template, template_name)))
        tpl.init_docx()
    except KibError:
        raise
    except Exception as exc:  # python-docx raises several kinds for a file that is no Word document
        raise KibError(f"template {template_name} cannot be read as a Word document: {exc}", exit_code=2) from None
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        tpl.render(full, jinja_env=env, autoescape=True)
    except TemplateFailure as failure:
        raise KibError(_explain(failure, template_name, full)) from None
    except TemplateError as exc:
        raise KibError(f"template {template_name}: {exc}") from None
    doc = tpl.docx
    kit = Kit(doc)
    for name, write in slots.items():
        found = list(_slot_paragraphs(doc, markers[name]))
        if not found:
            raise KibError(
                f"template {template_name} has no paragraph holding {{{{ {name} }}}} in its body; "
                f"without it the {name} would be missing from the document"
            )
        if len(found) > 1:
            raise KibError(f"template {template_name} holds {{{{ {name} }}}} {len(found)} times; keep one")
        anchor, text = found[0]
        if text.strip() != markers[name]:
            raise KibError(f"template {template_name}: {{{{ {name} }}}} must stand alone in its paragraph")
        write(Writer(kit, anchor))
        anchor.getparent().remove(anchor)
    _fix_empty_cells(doc.element.body)
    set_language(doc)
    props = doc.core_properties
    props.title = _property(title)
    props.author = _property(author)
    props.last_modified_by = _property(author)
    props.subject = _property(subject)
    props.language = LANGUAGE
    props.comments = ""
    props.keywords = ""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1
    for part in doc.part.package.iter_parts():  # a slot named in a header, footer or footnote
        if (
            isinstance(part, XmlPart)
            and part is not doc.part
            and any(m.encode() in part.blob for m in markers.values())
        ):
            raise KibError(
                f"template {template_name} uses a slot field in {_where(str(part.partname))}; move it into the body"
            )
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if len(names) != len(set(names)):  # never hand over a file Word would call corrupt
        twice = sorted({n for n in names if names.count(n) > 1})
        raise KibError(
            f"template {template_name} made a document with duplicate parts ({', '.join(twice)}); "
            "save the template again in Word as .docx"
        )
    return data
