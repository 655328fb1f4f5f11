"""Real Word footnotes and bullet-list numbering: the two things python-docx cannot make, done with lxml.

python-docx has no footnotes part and no way to define a list; docxtpl fills fields but adds neither.
Both are small: a footnote is a `w:footnote` in word/footnotes.xml plus a reference run where its
marker stood; a bullet list is an abstract numbering definition that paragraphs point to by number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

BULLET_GLYPHS = ("•", "–", "▪")
BULLET_STEP = 357  # twips per list level (0.63 cm, Word's default)

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


class Footnotes:
    """The document's footnotes part, made with Word's separators when the template has none."""

    def __init__(self, document: Any, text_style: str, reference_style: str) -> None:
        blob = f"<w:footnotes {nsdecls('w')}>{_SEPARATORS}</w:footnotes>".encode()
        found = _part(
            document, RT.FOOTNOTES, "/word/footnotes.xml", lambda name, package: Part(name, CT.WML_FOOTNOTES, blob, package)
        )
        self.part = found
        self.root = parse_xml(found.blob)
        ids = [int(f.get(qn("w:id"))) for f in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1
        self.text_style = text_style
        self.reference_style = reference_style

    def add(self, text: str) -> Any:
        """Store a footnote; return the reference run to put where its marker stood."""
        note_id = self.next_id
        self.next_id += 1
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{note_id}"/>')
        for i, line in enumerate(text.splitlines() or [""]):
            p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{self.text_style}"/></w:pPr></w:p>')
            if i == 0:
                p.append(self._run("<w:footnoteRef/>"))
                line = " " + line
            p.add_r().text = line
            note.append(p)
        self.root.append(note)
        return self._run(f'<w:footnoteReference w:id="{note_id}"/>')

    def _run(self, inner: str) -> Any:
        return parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self.reference_style}"/></w:rPr>{inner}</w:r>')

    def save(self) -> None:
        """Write the footnotes back into their part (python-docx keeps it as bytes)."""
        from lxml import etree

        self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _bullet_levels() -> str:
    levels = []
    for i in range(9):
        glyph = BULLET_GLYPHS[i % len(BULLET_GLYPHS)]
        levels.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{glyph}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{BULLET_STEP * (i + 1)}" w:hanging="{BULLET_STEP}"/>'
            '</w:pPr><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri" w:hint="default"/></w:rPr>'
            "</w:lvl>"
        )
    return "".join(levels)


def add_bullet_list(numbering: Any) -> int:
    """A nine-level bullet list definition in numbering.xml; returns the numId paragraphs refer to."""
    abstract_id = (
        max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1) + 1
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{_bullet_levels()}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # the schema wants every abstractNum before the first num
        first_num.addprevious(abstract)
    else:
        numbering.insert(0, abstract)
    return int(numbering.add_num(abstract_id).numId)


def numbering_part(document: Any) -> Any:
    """The numbering part, made when the template has none (python-docx cannot make one)."""
    from docx.parts.numbering import NumberingPart

    blob = f"<w:numbering {nsdecls('w')}/>".encode()
    return _part(
        document,
        RT.NUMBERING,
        "/word/numbering.xml",
        lambda name, package: NumberingPart.load(name, CT.WML_NUMBERING, blob, package),
    )


def _part(document: Any, reltype: str, partname: str, make: Callable[[PackURI, Any], Any]) -> Any:
    """The document's part of `reltype`; when the template has none, one made by `make`, named `partname`
    (numbered instead when another part holds that name) and related to the document."""
    main = document.part
    found = next((rel.target_part for rel in main.rels.values() if rel.reltype == reltype), None)
    if found is None:
        name = main.package.next_partname(partname.replace(".xml", "%d.xml"))
        if not any(p.partname == partname for p in main.package.iter_parts()):
            name = PackURI(partname)
        found = make(name, main.package)
        main.relate_to(found, reltype)
    return found


def bullet_list(document: Any, style_id: str) -> int:
    """numId of the bullet list: the one the List Bullet style links to in the template, else a new one."""
    numbering = numbering_part(document).element
    style = next(
        (s for s in document.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None
    )
    num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") if style is not None else None
    if num is not None:
        num_id = num.get(qn("w:val"))
        link = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        abstract_id = link.find(qn("w:abstractNumId")).get(qn("w:val")) if link is not None else None
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) != abstract_id:
                continue
            formats = {
                lvl.get(qn("w:ilvl")): lvl.find(qn("w:numFmt")).get(qn("w:val"))
                for lvl in abstract.findall(qn("w:lvl"))
                if lvl.find(qn("w:numFmt")) is not None
            }
            if all(formats.get(str(i)) == "bullet" for i in range(3)):
                return int(num_id)
    return add_bullet_list(numbering)


def numbering(num_id: int, level: int) -> Any:
    """The paragraph property that makes it an item of the list `num_id` at `level` (0 outermost)."""
    return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
