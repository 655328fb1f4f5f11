"""Where a document's Word template comes from, and what is checked before python-docx opens it.

A template may come from anyone (a colleague's restyled copy, a download), and LibreOffice later
opens what kib writes from it. So before anything parses it: every part's size is bounded (a small
zip can unpack to gigabytes), macros are refused, and so is anything that would make Word or
LibreOffice fetch a file or a web address when the document is opened (an external relationship
such as a linked picture, or an INCLUDEPICTURE/INCLUDETEXT/LINK/DDE field). Plain hyperlinks stay:
they are only followed when a reader clicks them.
"""

from __future__ import annotations

import importlib.resources
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kib.errors import ExitCode, KibError, UsageError

MAX_PARTS = 2_000
MAX_XML_PART = 16 * 1024 * 1024  # bytes unpacked; far above any template's body
MAX_OTHER_PART = 64 * 1024 * 1024  # a logo or an embedded font
MAX_TOTAL = 128 * 1024 * 1024

CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_FETCHING_FIELD = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b")
_FIELD_CODE = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")


@dataclass(frozen=True)
class TemplateSource:
    """A template's bytes and how to name it in messages; `path` is None for kib's own."""

    name: str
    path: Path | None
    data: bytes


def choose(
    kind: str, explicit: Path | None, configured: str | None, members_path: Path, own: str | None = None
) -> TemplateSource:
    """--template, else members.yaml body.templates[kind], else kib's own (`own`, default named as `kind`:
    a nämnd's minutes come from protokoll.docx)."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"no template {explicit}")
        return TemplateSource(explicit.name, explicit.resolve(), _read(explicit))
    if configured:
        path = (members_path.parent / configured).resolve()
        if not path.is_file():
            raise KibError(f"body.templates.{kind}: no file {configured} (relative to members.yaml)", file=members_path)
        return TemplateSource(path.name, path, _read(path))
    name = f"{own or kind}.docx"
    resource = importlib.resources.files("kib") / "templates" / name
    return TemplateSource(name, None, resource.read_bytes())


def is_own_template(path: Path) -> bool:
    """Whether `path` is one of the templates kib ships: overwritten, every later render would break."""
    folder = importlib.resources.files("kib") / "templates"
    if not isinstance(folder, Path):
        return False  # kib runs from a zip: its templates cannot be written over anyway
    try:
        return path.suffix.lower() in (".docx", ".dotx") and path.resolve().parent == folder.resolve()
    except OSError:
        return False


def _read(path: Path) -> bytes:
    from kib.record.yamlio import read_input  # the one opener of input files: no FIFO, device or folder, a size limit

    if path.stat().st_size > MAX_TOTAL:
        raise KibError(
            f"template {path.name} is larger than a Word template can reasonably be",
            file=path,
            exit_code=ExitCode.USAGE,
        )
    return read_input(path, MAX_TOTAL, "Word templates")


def vetted(source: TemplateSource) -> bytes:
    """The template as a .docx python-docx can open, after the checks above (KibError, exit 2, if not)."""
    name = source.name
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as z:
            infos = z.infolist()
            _check_sizes(name, infos)
            types = z.read("[Content_Types].xml").decode("utf-8")
            if "macroEnabled" in types:
                raise KibError(
                    f"template {name} contains macros; save it in Word as .docx or .dotx (without macros)",
                    exit_code=ExitCode.USAGE,
                )
            package_rels = ""
            for info in infos:
                if info.filename.endswith(".rels"):
                    rels = z.read(info).decode("utf-8")
                    _refuse_external(name, info.filename, rels)
                    if info.filename == "_rels/.rels":
                        package_rels = rels
                elif info.filename.endswith(".xml") and info.filename.startswith("word/"):
                    _refuse_fetching_fields(name, info.filename, z.read(info))
            fixed_rels = re.sub(r'Type="[^"]*/metadata/core-properties"', f'Type="{CORE}"', package_rels)
            if TEMPLATE_TYPE not in types and fixed_rels == package_rels:
                return source.data
            return _rewritten(z, types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE), fixed_rels)
    except (zipfile.BadZipFile, zlib.error, KeyError, UnicodeDecodeError, EOFError, NotImplementedError, RuntimeError):
        raise KibError(
            f"template {name} is not a Word document (.docx or .dotx); open it in Word and save it again",
            exit_code=ExitCode.USAGE,
        ) from None


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes bound what zipfile will unpack, so they can be checked before anything is read."""
    if len(infos) > MAX_PARTS:
        raise KibError(
            f"template {name} holds {len(infos):,} files; a Word template holds a few dozen", exit_code=ExitCode.USAGE
        )
    total = 0
    for info in infos:
        limit = MAX_XML_PART if info.filename.endswith((".xml", ".rels")) else MAX_OTHER_PART
        if info.file_size > limit:
            raise KibError(
                f"template {name}: {info.filename} unpacks to {info.file_size:,} bytes, more than a Word template "
                f"holds (at most {limit:,}); it is damaged or made to exhaust memory",
                exit_code=ExitCode.USAGE,
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise KibError(
            f"template {name} unpacks to {total:,} bytes, more than a Word template holds", exit_code=ExitCode.USAGE
        )


def _refuse_external(name: str, part: str, rels: str) -> None:
    for rel in _RELATIONSHIP.findall(rels):
        if 'TargetMode="External"' not in rel or f'Type="{HYPERLINK}"' in rel:
            continue
        target = re.search(r'Target="([^"]*)"', rel)
        raise KibError(
            f"template {name} links to {target.group(1) if target else 'an outside file'} ({part}), which Word or "
            "LibreOffice would fetch when the document is opened; insert the picture or text into the template "
            "instead of linking it",
            exit_code=ExitCode.USAGE,
        )


def _refuse_fetching_fields(name: str, part: str, xml: bytes) -> None:
    if b"instr" not in xml:
        return
    # Word may split one field code over several runs: joined, "INCLUDE" + "PICTURE" is found too
    codes = b"".join(match.group(1) or match.group(2) or b"" for match in _FIELD_CODE.finditer(xml))
    found = _FETCHING_FIELD.search(codes)
    if found:
        raise KibError(
            f"template {name} has a {found.group(1).decode()} field ({part}), which would fetch a file or web "
            "address when the document is opened; remove the field",
            exit_code=ExitCode.USAGE,
        )


def _rewritten(z: zipfile.ZipFile, types: str, package_rels: str) -> bytes:
    """The package with a document content type (a .dotx becomes a .docx) and the standard core-properties
    relationship (LibreOffice writes a variant python-docx does not find, and would add a second part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for item in dict.fromkeys(z.namelist()):
            if item == "[Content_Types].xml":
                w.writestr(item, types.encode("utf-8"))
            elif item == "_rels/.rels":
                w.writestr(item, package_rels.encode("utf-8"))
            else:
                w.writestr(item, z.read(item))
    return out.getvalue()
