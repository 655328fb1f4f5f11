"""Word mechanics: fill a template's fields, then write what Jinja cannot make well.

The template's fields are Jinja (in a sandbox, autoescaped, StrictUndefined; see `fill`). The running
text of the minutes -- headings, paragraphs with real list numbering, quotations, separators, decisions
and real footnotes -- is written with lxml at "slot" paragraphs of the template (a paragraph holding only
`{{ paragraphs }}`), in the template's own styles, so restyling the template in Word restyles the
generated text too. Styles, list numbering and the footnotes part are created when a secretary's
template lacks them, so any .docx or .dotx saved from Word works as a template.

This module imports Jinja and lxml: import it only when a document is rendered. python-docx is not
imported here at all (issue 6: its import alone took a third of the time `kib render` may take); only a picture in a bilaga
brings in its image reader, to learn the picture's size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from jinja2 import TemplateError
from lxml import etree

from ..errors import ExitCode, KibError
from . import fill
from .ooxml import (
    CT_FOOTNOTES,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    RT_CORE,
    RT_FOOTER,
    RT_FOOTNOTES,
    RT_HEADER,
    RT_NUMBERING,
    RT_SETTINGS,
    RT_STYLES,
    Package,
    PackageError,
    element,
    fragment,
    qn,
)

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


def style_ids(styles: Any) -> dict[str, str]:
    """Style id by lower-case style name (Swedish Word saves 'heading 1' with the id 'Rubrik1')."""
    out: dict[str, str] = {}
    for style in styles.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            out.setdefault(name.get(qn("w:val")).casefold(), style.get(qn("w:styleId")))
    return out


def ensure_styles(styles: Any) -> dict[str, str]:
    """Add the styles kib writes with to styles.xml when it lacks them; return name -> style id."""
    ids = style_ids(styles)
    taken = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
    default = next(
        (
            s.get(qn("w:styleId"))
            for s in styles.iter(qn("w:style"))
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
        styles.append(
            fragment(
                f'<w:style w:type="{spec.kind}"{custom} w:styleId="{style_id}">'
                f'<w:name w:val="{spec.name}"/>{base}<w:qFormat/>{ppr}{rpr}</w:style>'
            )
        )
        taken.add(style_id)
        ids[spec.name.casefold()] = style_id
    return ids


def _child(parent: Any, name: str, index: int | None = None) -> Any:
    """The first child called `name`, made (at `index`, else at the end) when missing."""
    found = parent.find(qn(name))
    if found is None:
        found = element(name)
        if index is None:
            parent.append(found)
        else:
            parent.insert(index, found)
    return found


def set_language(styles: Any, settings: Any | None, language: str = LANGUAGE) -> None:
    """Document language (spelling, screen readers, PDF /Lang): docDefaults and the theme font language."""
    rpr = _child(_child(_child(styles, "w:docDefaults", 0), "w:rPrDefault", 0), "w:rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        tail = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = next((t for t in tail if t is not None), None)
        if following is not None:
            following.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), language)
    theme = settings.find(qn("w:themeFontLang")) if settings is not None else None
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


def add_bullet_numbering(numbering: Any) -> int:
    """A nine-level bullet list definition in numbering.xml; returns its numId."""
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = fragment(
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{_bullet_levels()}</w:abstractNum>'
    )
    num = fragment(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
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


def _style_num_id(styles: Any, numbering: Any, style_id: str) -> int | None:
    """The numId a paragraph style links to, if its list has bullet levels 0-2."""
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) != style_id:
            continue
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is None:
            return None
        num_id = num.get(qn("w:val"))
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


def footnotes_part(package: Package, settings: Any | None) -> Any:
    """The root of the document's footnotes part, created with Word's separators when missing."""
    name = package.part_of(RT_FOOTNOTES)
    if name is not None:
        return package.tree(name)
    name = package.part_or_new(
        RT_FOOTNOTES,
        "word/footnotes.xml",
        CT_FOOTNOTES,
        f"<w:footnotes>{_SEPARATORS}</w:footnotes>",
        prefixes=("w", "r"),
    )
    root = package.tree(name)
    if settings is not None and settings.find(qn("w:footnotePr")) is None:
        pr = fragment('<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        following = next((c for c in (settings.find(qn(t)) for t in _AFTER_FOOTNOTE_PR) if c is not None), None)
        if following is not None:
            following.addprevious(pr)
        else:
            settings.append(pr)
    return root


class Footnotes:
    """Real Word footnotes: text in footnotes.xml, a reference run where the marker stood."""

    def __init__(self, root: Any, text_style: str, ref_style: str) -> None:
        self.root = root
        ids = [int(f.get(qn("w:id"))) for f in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1
        self.text_style = text_style
        self.ref_style = ref_style

    def add(self, text: str) -> Any:
        """Store a footnote; return the run that refers to it."""
        note_id = self.next_id
        self.next_id += 1
        note = element("w:footnote", {"w:id": str(note_id)})
        for i, line in enumerate(text.splitlines() or [""]):
            p = element("w:p", None, element("w:pPr", None, element("w:pStyle", {"w:val": self.text_style})))
            if i == 0:
                p.append(fragment(f'<w:r><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr><w:footnoteRef/></w:r>'))
                line = " " + line
            add_text_run(p, line)
            note.append(p)
        self.root.append(note)
        return fragment(
            f'<w:r><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'
        )


# ---------------------------------------------------------------- writing at a slot


def add_text_run(p: Any, text: str, bold: bool = False) -> Any:
    """Append a run holding `text` to the paragraph element `p`: tabs and line breaks become <w:tab/> and
    <w:br/>, spaces at either end are kept (the XML python-docx writes for `run.text`; a test compares)."""
    r = element("w:r")
    if bold:
        r.append(element("w:rPr", None, element("w:b")))
    for piece in _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,):
        if piece == "\t":
            r.append(element("w:tab"))
        elif piece in ("\r", "\n"):
            r.append(element("w:br"))
        elif piece:
            t = element("w:t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(qn("xml:space"), "preserve")
            r.append(t)
    p.append(r)
    return r


_BREAKS = re.compile(r"([\t\r\n])")


class Kit:
    """What writing into one document needs: style ids, the bullet list, the footnotes."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.styles = package.tree(package.part_or_new(RT_STYLES, "word/styles.xml", CT_STYLES, "<w:styles/>"))
        settings_name = package.part_or_new(RT_SETTINGS, "word/settings.xml", CT_SETTINGS, "<w:settings/>")
        self.settings = package.tree(settings_name)
        self.ids = ensure_styles(self.styles)
        self._footnotes: Footnotes | None = None
        self._bullets: int | None = None
        self._pictures = 0
        self.text_width = _text_width(package.tree(package.main))

    def style(self, name: str) -> str:
        return self.ids[name.casefold()]

    @property
    def footnotes(self) -> Footnotes:
        """The footnotes part, made only when a footnote is written."""
        if self._footnotes is None:
            root = footnotes_part(self.package, self.settings)
            self._footnotes = Footnotes(root, self.style("footnote text"), self.style("footnote reference"))
        return self._footnotes

    @property
    def bullets(self) -> int:
        """numId of the bullet list: the one 'List Bullet' links to in the template, else kib's own."""
        if self._bullets is None:
            numbering = self.package.tree(
                self.package.part_or_new(RT_NUMBERING, "word/numbering.xml", CT_NUMBERING, "<w:numbering/>")
            )
            self._bullets = _style_num_id(self.styles, numbering, self.style("List Bullet")) or add_bullet_numbering(
                numbering
            )
        return self._bullets


#: EMU (the unit of picture sizes) per twip (the unit of page sizes).
EMU_PER_TWIP = 635


def _text_width(document: Any) -> int:
    """The width between the margins of the last section, in EMU (A4 with 2.5 cm margins if unknown)."""
    sections = list(document.iter(qn("w:sectPr")))
    width, left, right = 11906, 1418, 1418
    if sections:
        size = sections[-1].find(qn("w:pgSz"))
        margins = sections[-1].find(qn("w:pgMar"))
        width = _twips(size, "w:w", width)
        left = _twips(margins, "w:left", left)
        right = _twips(margins, "w:right", right)
    text = width - left - right
    return (text if text > 0 else 9000) * EMU_PER_TWIP


def _twips(node: Any, attribute: str, default: int) -> int:
    value = node.get(qn(attribute)) if node is not None else None
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


class Writer:
    """Writes paragraphs in front of an anchor paragraph (a template's slot)."""

    def __init__(self, kit: Kit, anchor: Any) -> None:
        self.kit = kit
        self.anchor = anchor
        self.last: Any = None

    def _paragraph(self, style: str | None, *properties: Any) -> Any:
        """An empty paragraph in a style (a template without it gets Word's defaults), placed at the slot.

        `properties` are further children of <w:pPr>, in the schema's order after <w:pStyle>."""
        p = element("w:p")
        style_id = self.kit.ids.get(style.casefold()) if style else None
        ppr = [element("w:pStyle", {"w:val": style_id})] if style_id else []
        ppr.extend(properties)
        if ppr:
            p.append(element("w:pPr", None, *ppr))
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
        properties = []  # in the order CT_PPr lists them: pageBreakBefore, numPr, ind
        if page_break:
            properties.append(element("w:pageBreakBefore"))
        if bullet_level is not None:
            properties.append(
                element(
                    "w:numPr",
                    None,
                    element("w:ilvl", {"w:val": str(bullet_level)}),
                    element("w:numId", {"w:val": str(self.kit.bullets)}),
                )
            )
        if indent is not None:
            properties.append(element("w:ind", {"w:left": str(indent), "w:hanging": str(BULLET_STEP)}))
        p = self._paragraph(style, *properties)
        if label:
            add_text_run(p, label, bold=True)
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
        from .picture import inline_picture  # reads the picture's size with python-docx's image reader

        run = inline_picture(self.kit.package, path, description, self.kit.text_width)
        self._paragraph("Bild").append(run)


# ---------------------------------------------------------------- the template


_TEMPLATE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
}
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*/>")


def template_bytes(data: bytes, name: str) -> bytes:
    """A .docx package kib can fill and save cleanly, from a .docx or .dotx file.

    A .dotx gets the document content type. Core properties filed under the variant relationship type
    that LibreOffice writes are dropped (kib sets its own): kib would not find them and would add a
    second core-properties part, which Word calls corrupt.
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
                if kind and target and kind.group(1).endswith("/metadata/core-properties") and kind.group(1) != RT_CORE:
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
    except (zipfile.BadZipFile, zlib.error, KeyError, UnicodeDecodeError, EOFError, NotImplementedError, RuntimeError):
        raise KibError(f"template {name} is not a Word document (.docx or .dotx)", exit_code=ExitCode.USAGE) from None


Slot = Callable[[Writer], None]


def _property(text: str) -> str:
    """Core properties of at most 255 characters (python-docx, reading them back, refuses more); one line."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "…"


def _slot_paragraphs(document: Any, marker: str) -> Iterator[tuple[Any, str]]:
    for p in document.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if marker in text:
            yield p, text


def _fix_empty_cells(root: Any) -> None:
    """A table cell must hold a paragraph; a template loop over an empty list can leave none."""
    for tc in root.iter(qn("w:tc")):
        if tc.find(qn("w:p")) is None and tc.find(qn("w:tbl")) is None:
            tc.append(element("w:p"))


def _fill_fields(package: Package, template_name: str, context: dict[str, Any], markers: dict[str, str]) -> None:
    """Fill the fields of the body, the page headers and footers and the footnotes, in place."""
    env = fill.environment()
    main = package.main
    names = [main, *package.related(main, RT_HEADER), *package.related(main, RT_FOOTER)]
    footnotes = package.part_of(RT_FOOTNOTES)
    if footnotes:
        names.append(footnotes)
    for name in dict.fromkeys(names):
        if not package.has(name) or not fill.may_hold_fields(package.blob(name)):
            continue  # nothing to fill: copied as it is
        try:
            root = fill.render_part(package.tree(name), name, f"{template_name}/{name}", env, context)
        except fill.TemplateFailure as failure:
            raise KibError(fill.explain(failure, template_name, context)) from None
        except TemplateError as exc:
            raise KibError(f"template {template_name}: {exc}") from None
        if name != main:
            text = etree.tostring(root, encoding="unicode")
            if any(m in text for m in markers.values()):
                raise KibError(
                    f"template {template_name} uses a slot field in {fill.where(name)}; move it into the body"
                )
        package.replace(name, root)
    identifier = package.core_property("dc:identifier")
    if "{" in identifier or identifier.endswith("\n"):  # a field kib does not set itself (Jinja keeps other text)
        try:
            package.core_properties({"dc:identifier": env.from_string(identifier).render(context)}, None)
        except TemplateError as exc:
            raise KibError(f"template {template_name}: {exc} in the document property 'identifier'") from None


@contextlib.contextmanager
def _readable(template_name: str) -> Iterator[None]:
    """A part kib needs is damaged: say so about the template, whichever part it is."""
    try:
        yield
    except PackageError as exc:
        raise KibError(
            f"template {template_name} cannot be read as a Word document: {exc}; open it in Word and save it again",
            exit_code=ExitCode.USAGE,
        ) from None


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
    """The finished .docx: fields filled, slots written by kib, properties set."""
    with _readable(template_name):  # a damaged part may show only when it is first read
        package = Package(template_bytes(template, template_name))
        nonce = os.urandom(6).hex()  # as secrets.token_hex(6), without importing hashlib and hmac
        markers = {name: f"KIBSLOT{nonce}{name}" for name in slots}
        full = {**context, **markers}
        _fill_fields(package, template_name, full, markers)
        document = package.tree(package.main)
        kit = Kit(package)
        for name, write in slots.items():
            found = list(_slot_paragraphs(document, markers[name]))
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
        _fix_empty_cells(document)
        set_language(kit.styles, kit.settings)
        package.core_properties(
            {
                "dc:title": _property(title),
                "dc:creator": _property(author),
                "cp:lastModifiedBy": _property(author),
                "dc:subject": _property(subject),
                "dc:language": LANGUAGE,
                "dc:description": "",
                "cp:keywords": "",
                "cp:revision": "1",
            },
            dt.datetime.now(dt.timezone.utc),
        )
        return package.save()
