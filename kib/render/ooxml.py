"""A Word document as the zip of XML parts it is, read and written with lxml and zipfile.

kib only needs a few things from the package format: find a part by its relationship (styles,
numbering, footnotes, headers, footers), add a part when a secretary's template lacks it, set the core
properties and save. python-docx does all that and much more, but importing it costs more than half
of what `kib render` may spend in total (issue 6), so the renderer keeps to lxml; python-docx stays
for building the shipped templates and for the tests that read the documents back.

Parts are parsed when first asked for and serialised on save; every other part is copied byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {
    "w": W_NS,
    "r": R_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_DOCUMENT = REL + "officeDocument"
RT_STYLES = REL + "styles"
RT_NUMBERING = REL + "numbering"
RT_SETTINGS = REL + "settings"
RT_FOOTNOTES = REL + "footnotes"
RT_HEADER = REL + "header"
RT_FOOTER = REL + "footer"
RT_IMAGE = REL + "image"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_STYLES = WML + "styles+xml"
CT_NUMBERING = WML + "numbering+xml"
CT_SETTINGS = WML + "settings+xml"
CT_FOOTNOTES = WML + "footnotes+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"

#: No DTDs, no entities, no network: a template is a file from anywhere.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def qn(name: str) -> str:
    """'w:p' -> '{http://…/main}p' (Clark notation for lxml)."""
    prefix, _, local = name.partition(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def element(name: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element in the usual prefixes, e.g. element('w:pStyle', {'w:val': 'Rubrik1'})."""
    made = etree.Element(qn(name), nsmap={"w": W_NS} if name.startswith("w:") else None)
    for key, value in (attrs or {}).items():
        made.set(qn(key) if ":" in key else key, value)
    made.extend(children)
    return made


def fragment(xml: str, *prefixes: str) -> Any:
    """Parse an XML fragment written with the usual prefixes (w: unless told otherwise)."""
    declarations = " ".join(f'xmlns:{p}="{NSMAP[p]}"' for p in prefixes or ("w",))
    tag = _START_TAG.match(xml)
    if tag is None:
        raise ValueError(f"not an XML element: {xml[:40]!r}")
    return etree.fromstring(f"{xml[: tag.end()]} {declarations}{xml[tag.end() :]}".encode(), PARSER)


_START_TAG = re.compile(r"\s*<[\w:.-]+")


class PackageError(Exception):
    """The bytes are no Word document kib can fill."""


class Package:
    """The parts of one .docx: XML parsed on first use, the rest kept as bytes, saved in the same order."""

    def __init__(self, data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                self._names = list(dict.fromkeys(z.namelist()))
                self._blobs = {name: z.read(name) for name in self._names}
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            # damaged, truncated, encrypted or compressed in a way zipfile cannot read
            raise PackageError(f"its zip archive cannot be read ({exc})") from None
        self._trees: dict[str, Any] = {}
        if "[Content_Types].xml" not in self._blobs:
            raise PackageError("no [Content_Types].xml")
        mains = self.related("", RT_DOCUMENT)
        if not mains or mains[0] not in self._blobs:
            raise PackageError("no main document part")
        self.main = mains[0]

    # ------------------------------------------------------------ reading

    def has(self, name: str) -> bool:
        return name in self._blobs or name in self._trees

    def blob(self, name: str) -> bytes:
        """A part's bytes as stored (parts already parsed are serialised first)."""
        if name in self._trees:
            return _serialise(self._trees[name])
        return self._blobs[name]

    def tree(self, name: str) -> Any:
        """A part's XML root, parsed once and saved with every change made to it."""
        if name not in self._trees:
            try:
                self._trees[name] = etree.fromstring(self._blobs[name], PARSER)
            except etree.XMLSyntaxError as exc:
                raise PackageError(f"{name} is not well-formed XML ({exc})") from None
        return self._trees[name]

    def replace(self, name: str, root: Any) -> None:
        """Put a new XML root in place of a part's content."""
        self._trees[name] = root

    @staticmethod
    def _rels_name(source: str) -> str:
        folder, base = posixpath.split(source)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def _rels(self, source: str) -> Any:
        name = self._rels_name(source)
        if name not in self._blobs and name not in self._trees:
            self._add_name(name)
            self._trees[name] = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
        return self.tree(name)

    def related(self, source: str, reltype: str) -> list[str]:
        """Names of the parts `source` ('' for the package) relates to with `reltype`, in file order."""
        name = self._rels_name(source)
        if name not in self._blobs and name not in self._trees:
            return []
        folder = posixpath.dirname(source)
        found = []
        for rel in self.tree(name):
            if rel.get("Type") != reltype or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append(path)
        return found

    def part_of(self, reltype: str, source: str | None = None) -> str | None:
        """The part of a kind that occurs once (styles, numbering, settings, footnotes) that the main
        document relates to, or `source` ('' for the package: core properties)."""
        found = [name for name in self.related(self.main if source is None else source, reltype) if self.has(name)]
        return found[0] if found else None

    # ------------------------------------------------------------ adding

    def _add_name(self, name: str) -> None:
        if name not in self._names:
            self._names.append(name)

    def new_name(self, pattern: str) -> str:
        """The first free part name for a pattern like 'word/media/image%d.png'."""
        n = 1
        while (pattern % n) in self._blobs or (pattern % n) in self._trees:
            n += 1
        return pattern % n

    def relate(self, source: str, target: str, reltype: str) -> str:
        """Add a relationship from `source` to the part `target`; return its rId."""
        rels = self._rels(source)
        taken = {rel.get("Id") for rel in rels}
        n = len(taken) + 1
        while f"rId{n}" in taken:
            n += 1
        rid = f"rId{n}"
        folder = posixpath.dirname(source)
        relative = posixpath.relpath(target, folder) if folder else target
        etree.SubElement(rels, f"{{{PACKAGE_RELS}}}Relationship", {"Id": rid, "Type": reltype, "Target": relative})
        return rid

    def _content_types(self) -> Any:
        return self.tree("[Content_Types].xml")

    def add_part(self, name: str, content_type: str, content: Any, source: str | None, reltype: str) -> str:
        """A new part (an XML root or bytes), its content type, and a relationship from `source`."""
        self._add_name(name)
        if isinstance(content, bytes):
            self._blobs[name] = content
            extension = posixpath.splitext(name)[1].lstrip(".").lower()
            types = self._content_types()
            if not any(d.get("Extension", "").lower() == extension for d in types.iter(f"{{{CONTENT_TYPES}}}Default")):
                default = etree.Element(
                    f"{{{CONTENT_TYPES}}}Default", {"Extension": extension, "ContentType": content_type}
                )
                types.insert(0, default)
        else:
            self._trees[name] = content
            etree.SubElement(
                self._content_types(),
                f"{{{CONTENT_TYPES}}}Override",
                {"PartName": "/" + name, "ContentType": content_type},
            )
        return self.relate(source if source is not None else "", name, reltype)

    def part_or_new(
        self,
        reltype: str,
        name: str,
        content_type: str,
        empty: str,
        *,
        source: str | None = None,
        prefixes: tuple[str, ...] = ("w",),
    ) -> str:
        """The part of a kind (see `part_of`), made from `empty` (an XML root's text in `prefixes`) when
        missing: under `name`, or a free variant of it when that name is taken by an unrelated part."""
        found = self.part_of(reltype, source)
        if found is not None:
            return found
        if self.has(name):
            name = self.new_name(name.replace(".xml", "%d.xml"))
        self.add_part(name, content_type, fragment(empty, *prefixes), self.main if source is None else source, reltype)
        return name

    # ------------------------------------------------------------ core properties

    def core_properties(self, values: dict[str, str], when: dt.datetime | None) -> None:
        """Set fields of docProps/core.xml (dc:title, …), and the created and modified times if given."""
        core = self.part_or_new(
            RT_CORE,
            "docProps/core.xml",
            CT_CORE,
            "<cp:coreProperties/>",
            source="",
            prefixes=("cp", "dc", "dcterms", "xsi"),
        )
        root = self.tree(core)
        fields = dict(values)
        if when is not None:
            stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            fields.update({"dcterms:created": stamp, "dcterms:modified": stamp})
        for name, value in fields.items():
            node = root.find(qn(name))
            if node is None:
                node = etree.SubElement(root, qn(name), nsmap={name.split(":")[0]: NSMAP[name.split(":")[0]]})
            node.text = value
            if name.startswith("dcterms:"):
                node.set(qn("xsi:type"), "dcterms:W3CDTF")

    def core_property(self, name: str) -> str:
        """One core property's text ('' when the package has none)."""
        core = self.part_of(RT_CORE, "")
        if core is None:
            return ""
        node = self.tree(core).find(qn(name))
        return (node.text or "") if node is not None else ""

    # ------------------------------------------------------------ saving

    def save(self) -> bytes:
        """The package as .docx bytes: [Content_Types].xml first, then the parts in their first order."""
        out = io.BytesIO()
        names = ["[Content_Types].xml", *(n for n in self._names if n != "[Content_Types].xml")]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                z.writestr(name, self.blob(name))
        return out.getvalue()


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
