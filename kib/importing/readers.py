"""Reading Word, plain text and PDF into one stream of `Line`s, in document order.

Each reader keeps what its format tells for free (a Word style, a list level, a table cell, a footnote)
as a hint on the line and leaves the meaning to the recogniser. Heavy libraries (python-docx, lxml,
pypdf) are imported inside the reader that needs them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kib.errors import KibError

from .lines import Line, SourceDocument

SUFFIXES = (".docx", ".txt", ".pdf")
#: A bullet character at the start of a line, then the item.
BULLET = re.compile(r"^([·•\-–▪◦\u2022\uf0b7\uf0a7*])\s+(\S.*)$")
BULLET_CHARS = frozenset("·•-–▪◦\u2022\uf0b7\uf0a7*")
STYLE_LEVEL = re.compile(r"(\d)$")
SEPARATOR = re.compile(r"^(?:-{2,}|_{3,}|\*{3,}|={3,})$")
#: A soft hyphen (or the replacement character a converter left for one) inside a word.
INNER_HYPHEN = re.compile(r"(?<=\w)[\u00ad\ufffd](?=\w)")
#: The replacement character an export leaves where a footnote's reference mark was.
FOOTNOTE_TEXT = re.compile(r"^\ufffd\s*(\S.*)$")
#: A page number line in a PDF: "3", "Sida 3", "3 (12)", "3 av 12".
PAGE_NUMBER = re.compile(r"^(?:sida\s+)?\d{1,3}(?:\s*(?:\(\d{1,3}\)|av\s+\d{1,3}|/\s*\d{1,3}))?$", re.IGNORECASE)


def read(path: Path) -> SourceDocument:
    """The lines of a .docx, .txt or .pdf file; a KibError naming the file when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        doc = read_docx(path)
    elif suffix == ".txt":
        doc = read_txt(path)
    elif suffix == ".pdf":
        doc = read_pdf(path)
    else:
        raise KibError(f"cannot import {suffix or 'a file without suffix'}; kib reads .docx, .txt and .pdf", file=path)
    return doc.numbered()


# ------------------------------------------------------------------ plain text


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the two encodings Swedish office text comes in."""
    if b"\x00" in data[:4096]:
        for codec in ("utf-16",):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
        raise KibError("is not a text file (binary content); export it as .txt, .docx or .pdf", file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_txt(path: Path) -> SourceDocument:
    return text_lines(decode_text(path.read_bytes(), path), path)


def text_lines(text: str, path: Path) -> SourceDocument:
    """Lines of a plain-text export of a Word document.

    Word's text export breaks a paragraph where a footnote mark stood and puts the footnotes' texts,
    each after a replacement character, at the end. A line that starts with a comma or point, or with a
    space and a lower-case word, continues the line before; such joins are the footnote marks, in order,
    as many as there are footnote texts (a mark before punctuation first).
    """
    raw = [line.replace("\u00a0", " ").rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    logo = _picture_tail(raw)
    if logo:
        raw = raw[: -logo]
    # a signature line between a label and a name ("Sekreterare ........ Paragrafer 31–34"): two lines
    raw = [part.rstrip() for line in raw for part in (re.split(r"\s*[.…_]{4,}\s*", line) if re.search(r"\S\s*[.…_]{4,}\s*\S", line) else [line])]
    notes: list[str] = []
    kept: list[str] = []
    for line in raw:
        match = FOOTNOTE_TEXT.match(line.strip())
        if match and not line.strip().startswith("\ufffd\ufffd"):
            notes.append(INNER_HYPHEN.sub("", match.group(1)).strip())
        else:
            kept.append(line)
    # join points: (index of the continuing line, strength) where 0 is a mark before punctuation
    joins: list[tuple[int, int]] = []
    previous_text = False
    for i, line in enumerate(kept):
        if re.fullmatch(r"[\s.…_]{3,}", line):
            previous_text = False  # a dotted signature line continues nothing
            continue
        if previous_text and line and re.match(r"^[,.;:)]", line):
            joins.append((i, 0))
        elif previous_text and re.match(r"^[ \t]+[a-zåäö]", line) and not BULLET.match(line.strip()):
            joins.append((i, 1))
        previous_text = bool(line.strip())
    marked = {i for i, _ in sorted(joins, key=lambda j: (j[1], j[0]))[: len(notes)]}
    join_at = {i for i, _ in joins}
    footnotes: dict[str, str] = {}
    out: list[Line] = []
    stack: list[str] = []  # bullet characters of the current list, outermost first
    for i, line in enumerate(kept):
        stripped = INNER_HYPHEN.sub("", line.strip().strip("\t ")).strip()
        if i in join_at and out:
            glue = ""
            if i in marked:
                key = str(len(footnotes) + 1)
                footnotes[key] = notes[len(footnotes)]
                glue = f"[^{key}]"
            out[-1].text = (out[-1].text + glue + ("" if stripped[:1] in ",.;:)" else " ") + stripped).strip()
            continue
        if not stripped:
            continue
        if SEPARATOR.match(stripped):
            out.append(Line("", "separator"))
            stack.clear()
            continue
        bullet = BULLET.match(stripped)
        if bullet:
            char = "-" if bullet.group(1) in "-–" else bullet.group(1)
            if char in stack:
                del stack[stack.index(char) + 1 :]
            else:
                stack.append(char)
            out.append(Line(bullet.group(2).strip(), "bullet", level=len(stack) - 1))
            continue
        out.append(Line(" ".join(stripped.split()), "text"))
    doc = SourceDocument(path, out, footnotes)
    for note in notes[len(footnotes) :]:
        # more footnote texts than places to mark: kept as text at the end, never dropped
        doc.lines.append(Line(note, "text"))
        doc.notes.append("a footnote whose mark could not be found is kept as text at the end")
    return doc


def _picture_tail(raw: list[str]) -> int:
    """How many lines at the end are the text of a picture (a logo after an '[image: …]' marker)."""
    filled = [i for i, line in enumerate(raw) if line.strip()]
    for back, i in enumerate(reversed(filled[-4:])):
        if "[image:" in raw[i]:
            tail = [raw[j].strip() for j in filled[len(filled) - back :]]
            if all(len(t) < 25 for t in tail):
                return len(raw) - i
    return 0


# ------------------------------------------------------------------ Word

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_STYLE, W_NAME, W_VAL, W_STYLEID = _q("style"), _q("name"), _q("val"), _q("styleId")
W_P, W_TBL, W_SDT, W_SDTCONTENT, W_TR, W_TC = _q("p"), _q("tbl"), _q("sdt"), _q("sdtContent"), _q("tr"), _q("tc")
W_T, W_TAB, W_BR, W_CR, W_FNREF, W_NBH = _q("t"), _q("tab"), _q("br"), _q("cr"), _q("footnoteReference"), _q("noBreakHyphen")
W_PPR, W_PSTYLE, W_NUMPR, W_ILVL, W_NUMID, W_ID = _q("pPr"), _q("pStyle"), _q("numPr"), _q("ilvl"), _q("numId"), _q("id")
W_BOTTOM_BORDER = f"{_q('pBdr')}/{_q('bottom')}"
W_NUM, W_NUMID_ATTR, W_ABSTRACT, W_ABSTRACT_ID = _q("num"), _q("numId"), _q("abstractNum"), _q("abstractNumId")
W_ABSTRACT_REF, W_LVL, W_ILVL_ATTR = _q("abstractNumId"), _q("lvl"), _q("ilvl")
W_NUMFMT, W_LVLTEXT, W_START = _q("numFmt"), _q("lvlText"), _q("start")


def read_docx(path: Path) -> SourceDocument:
    """Paragraphs and tables of the body in order, footnotes by id, the first page header as hints."""
    import zipfile

    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise KibError(f"python-docx is missing ({exc}); reinstall kib") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KibError(
            f"is not a readable Word document ({type(exc).__name__}); open it in Word and save it as .docx", file=path
        ) from None
    reader = _DocxReader(_Styles(document), _Numbering(document))
    footnotes: dict[str, str] = {}
    try:
        part = document.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        part = None
    if part is not None:
        from lxml import etree

        root = etree.fromstring(part.blob)
        for note in root.iterfind(_q("footnote")):
            if note.get(_q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(reader.paragraph_text(p) for p in note.iter(_q("p"))).strip()
            footnotes[str(note.get(_q("id")))] = text
    lines: list[Line] = []
    try:
        header = document.sections[0].header
        if not header.is_linked_to_previous:
            for p in header._element.iter(_q("p")):
                text = reader.paragraph_text(p).strip()
                if text:
                    lines.append(Line(text, "page"))
    except (IndexError, AttributeError, KeyError):
        pass
    reader.block(document.element.body, lines)
    used = {k for line in lines if "[^" in line.text for k in re.findall(r"\[\^([^\]]+)\]", line.text)}
    doc = SourceDocument(path, lines, {k: v for k, v in footnotes.items() if k in used})
    # renumber footnotes 1, 2, ... in the order they are marked
    renumber = {old: str(i) for i, old in enumerate(sorted(used, key=lambda k: _first_use(lines, k)), start=1)}
    if renumber and list(renumber) != list(renumber.values()):
        for line in lines:
            line.text = re.sub(r"\[\^([^\]]+)\]", lambda m: f"[^{renumber.get(m.group(1), m.group(1))}]", line.text)
        doc.footnotes = {renumber[k]: v for k, v in doc.footnotes.items()}
    return doc


class _Styles:
    """Each style's name and the numbering it gives its paragraphs (a numbered 'Heading 1'), looked up
    for the few styles a document uses: reading all of a template's styles costs more than its body."""

    def __init__(self, document: Any) -> None:
        try:
            root = document.styles.element
        except (KeyError, AttributeError):
            root = None
        self.by_id = {str(s.get(W_STYLEID)): s for s in root.iterfind(W_STYLE)} if root is not None else {}
        self.known: dict[str, tuple[str, tuple[str, int] | None]] = {}

    def get(self, style_id: str) -> tuple[str, tuple[str, int] | None]:
        """(name, (numId, level) or None); the id itself for a style the document does not define."""
        found = self.known.get(style_id)
        if found is not None:
            return found
        style = self.by_id.get(style_id)
        name: str = style_id
        numbered = None
        if style is not None:
            element = style.find(W_NAME)
            name = str(element.get(W_VAL)) if element is not None else ""
            ppr = style.find(W_PPR)
            num = ppr.find(W_NUMPR) if ppr is not None else None
            if num is not None and num.find(W_NUMID) is not None:
                ilvl = num.find(W_ILVL)
                numbered = (str(num.find(W_NUMID).get(W_VAL)), int(ilvl.get(W_VAL, "0")) if ilvl is not None else 0)
        self.known[style_id] = found = (name, numbered)
        return found


def _first_use(lines: list[Line], key: str) -> int:
    marker = f"[^{key}]"
    return next((i for i, line in enumerate(lines) if marker in line.text), len(lines))


@dataclass
class _Level:
    """One level of a Word list: its number format, its text ("§ %1", "%1."), its first number."""

    fmt: str
    text: str
    start: int
    abstract: str


class _Numbering:
    """(numId, level) -> the level's format, so that '§ 12' numbered by Word itself is read as text;
    looked up for the lists a document uses, as a template defines many more."""

    def __init__(self, document: Any) -> None:
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        self.nums = {str(n.get(W_NUMID_ATTR)): n for n in root.iterfind(W_NUM)} if root is not None else {}
        self.abstracts = {str(a.get(W_ABSTRACT_ID)): a for a in root.iterfind(W_ABSTRACT)} if root is not None else {}
        self.known: dict[tuple[str, int], _Level | None] = {}

    def get(self, key: tuple[str, int]) -> _Level | None:
        if key in self.known:
            return self.known[key]
        found = None
        num = self.nums.get(key[0])
        ref = num.find(W_ABSTRACT_REF) if num is not None else None
        aid = str(ref.get(W_VAL)) if ref is not None else ""
        abstract = self.abstracts.get(aid)
        if abstract is not None:
            for lvl in abstract.iterfind(W_LVL):
                if int(lvl.get(W_ILVL_ATTR, "0")) != key[1]:
                    continue
                fmt, text, start = lvl.find(W_NUMFMT), lvl.find(W_LVLTEXT), lvl.find(W_START)
                found = _Level(
                    fmt=str(fmt.get(W_VAL)) if fmt is not None else "decimal",
                    text=str(text.get(W_VAL)) if text is not None else "",
                    start=int(start.get(W_VAL, "1")) if start is not None else 1,
                    abstract=aid,
                )
                break
        self.known[key] = found
        return found


class _StyleKind(NamedTuple):
    lowered: str
    heading: bool
    title: bool
    listed: bool
    quoted: bool
    decision: bool
    separator: bool
    level: int | None  # the list level a style's name gives ("List Bullet 2")


class _DocxReader:
    """Walks the body's XML with lxml: python-docx's object per paragraph would double the reading time."""

    def __init__(
        self,
        styles: _Styles,
        numbering: _Numbering,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.kinds: dict[str, _StyleKind] = {}
        self.counters: dict[tuple[str, int], int] = {}

    def number_text(self, num_id: str, level: int) -> str | None:
        """The number Word prints before a paragraph of a numbered list ("§ 12", "12."), counted here."""
        info = self.numbering.get((num_id, level))
        if info is None or info.fmt in ("bullet", "none") or "%" not in info.text:
            return None
        key = (info.abstract, level)
        self.counters[key] = self.counters.get(key, info.start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == info.abstract and k[1] > level]:
            del self.counters[deeper]
        return info.text.replace(f"%{level + 1}", str(self.counters[key]))

    def paragraph_text(self, p: Any) -> str:
        parts: list[str] = []
        for el in p.iter(W_T, W_TAB, W_BR, W_CR, W_FNREF, W_NBH):
            tag = el.tag
            if tag == W_T:
                parts.append(el.text or "")
            elif tag == W_FNREF:
                parts.append(f"[^{el.get(W_ID)}]")
            elif tag == W_NBH:
                parts.append("-")
            else:
                parts.append(" ")
        return "".join(parts)

    def block(self, parent: Any, out: list[Line]) -> None:
        for el in parent.iterchildren():
            tag = el.tag
            if tag == W_P:
                self.paragraph(el, out)
            elif tag == W_TBL:
                self.table(el, out)
            elif tag == W_SDT:
                content = el.find(W_SDTCONTENT)
                if content is not None:
                    self.block(content, out)

    def style_kind(self, style: str) -> _StyleKind:
        """What a style name says of its paragraphs, worked out once per style."""
        kind = self.kinds.get(style)
        if kind is None:
            lowered = style.casefold()
            heading = lowered.startswith(("heading", "rubrik"))
            match = STYLE_LEVEL.search(style)
            kind = self.kinds[style] = _StyleKind(
                lowered=lowered,
                heading=heading,
                title=heading or lowered == "title",
                listed="list" in lowered or "lista" in lowered,
                quoted="quote" in lowered or "citat" in lowered,
                decision=lowered.startswith("beslut"),
                separator="avskiljare" in lowered or "separator" in lowered,
                level=int(match.group(1)) - 1 if match else None,
            )
        return kind

    def paragraph(self, p: Any, out: list[Line]) -> None:
        text = " ".join(self.paragraph_text(p).split())  # split() also takes the no-break space
        ppr = p.find(W_PPR)
        style = ""
        level = 0
        listed = False
        number_of: tuple[str, int] | None = None
        if ppr is not None:
            ps = ppr.find(W_PSTYLE)
            if ps is not None:
                style, number_of = self.styles.get(str(ps.get(W_VAL)))
            num = ppr.find(W_NUMPR)
            if num is not None:
                ilvl = num.find(W_ILVL)
                num_id = num.find(W_NUMID)
                listed = num_id is not None and num_id.get(W_VAL) != "0"
                level = int(ilvl.get(W_VAL, "0")) if ilvl is not None else 0
                if listed and num_id is not None:
                    number_of = (str(num_id.get(W_VAL)), level)
        kind = self.style_kind(style)
        lowered = kind.lowered
        if number_of is not None and text:
            info = self.numbering.get(number_of)
            if info is not None and ("§" in info.text or kind.heading):
                printed = self.number_text(*number_of)
                if printed:
                    out.append(Line(f"{printed} {text}", "heading"))
                    return
        if not text:
            border = ppr is not None and ppr.find(W_BOTTOM_BORDER) is not None
            if border or kind.separator:
                out.append(Line("", "separator"))
            return
        if kind.title:
            out.append(Line(text, "heading", style=lowered))
        elif kind.listed or listed:
            if kind.level is not None and not listed:
                level = kind.level
            bullet = BULLET.match(text) if text[0] in BULLET_CHARS else None
            out.append(Line(bullet.group(2) if bullet else text, "bullet", level=level, quoted=kind.quoted, style=lowered))
        elif kind.quoted:
            out.append(Line(text, "quote", style=lowered))
        elif kind.decision:
            out.append(Line(text, "decision", style=lowered))
        else:
            bullet = BULLET.match(text) if text[0] in BULLET_CHARS else None
            if bullet:
                out.append(Line(bullet.group(2), "bullet", style=lowered))
            elif text[0] in "-_*=" and SEPARATOR.match(text):
                out.append(Line("", "separator", style=lowered))
            else:
                out.append(Line(text, "text", style=lowered))

    def table(self, tbl: Any, out: list[Line]) -> None:
        for tr in tbl.iterfind(W_TR):
            cells = [tc for tc in tr.iterfind(W_TC)]
            texts = ["\n".join(self.paragraph_text(p).strip() for p in tc.iter(W_P)).strip() for tc in cells]
            if len(cells) == 2 and texts[0] and "\n" not in texts[0] and len(texts[0]) < 60:
                out.append(Line(" ".join(texts[0].split()), "label"))
                self.block(cells[1], out)
            elif len(cells) > 2 and sum(1 for t in texts if t) > 1:
                out.append(Line(" ".join(" ".join(t.split()) for t in texts if t), "row", cells=tuple(texts)))
            else:
                for tc in cells:
                    self.block(tc, out)


# ------------------------------------------------------------------ PDF


def read_pdf(path: Path) -> SourceDocument:
    """Text of every page with pypdf; lines repeated on most pages (headers, footers) and page numbers
    are left out, and a line broken by the page width is joined to the next."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise KibError("pypdf is missing; reinstall kib to import PDF files", file=path) from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise KibError("is an encrypted PDF; save an unprotected copy", file=path) from None
        pages = [(page.extract_text() or "") for page in reader.pages]
    except KibError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise KibError(f"is not a readable PDF ({exc})", file=path) from None
    if not any(p.strip() for p in pages):
        raise KibError("has no text layer (a scanned PDF?); run it through OCR first", file=path)
    page_lines = [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in pages]
    # only the top and bottom lines of a page can be its header or footer ("Beslut" recurs in the text);
    # page numbers differ from page to page, so lines are compared with their digits masked
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line)

    edges = [{key(x) for x in lines[:3] + lines[-3:]} for lines in page_lines]
    counts: Counter[str] = Counter(k for edge in edges for k in edge)
    repeated = {k for k, n in counts.items() if len(pages) > 1 and n >= max(2, (len(pages) + 1) // 2)}
    kept_lines: list[tuple[str, bool]] = []  # (line, from a page header)
    dropped = 0
    first_seen: set[str] = set()
    for lines, edge in zip(page_lines, edges, strict=False):
        for line in lines:
            k = key(line)
            if k in edge and (k in repeated or PAGE_NUMBER.match(line)):
                if k not in first_seen and not PAGE_NUMBER.match(line):
                    kept_lines.append((line, True))  # kept once, as a hint: it may carry the date
                first_seen.add(k)
                dropped += 1
                continue
            kept_lines.append((line, False))
    joined: list[str] = []
    page_hints: set[int] = set()
    for line, is_page in kept_lines:
        if (
            joined
            and not is_page
            and len(joined) - 1 not in page_hints
            and len(joined[-1]) > 50
            and re.match(r"^[a-zåäö(]", line)
            and not re.search(r"[.:;!?]$", joined[-1])
        ):
            joined[-1] += " " + line
        else:
            if is_page:
                page_hints.add(len(joined))
            joined.append(line)
    doc = text_lines("\n".join(joined), path)
    hints = {joined[i] for i in page_hints}
    for item in doc.lines:
        if item.text in hints:
            item.hint = "page"
    if dropped:
        doc.notes.append(f"{dropped} page header, footer or page-number lines left out")
    return doc
