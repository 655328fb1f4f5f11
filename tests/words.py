"""How much of a meeting's original minutes a rendered document holds: the original's words, in order.

The originals in tests/data/minutes/ are the committee's minutes as text, one file per meeting, named by
its date. The rendered document is read back with python-docx, as Word would show it: the body
(paragraphs and tables in order), then the footnotes, then the headers and footers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MINUTES = Path(__file__).resolve().parent / "data" / "minutes"
WORD = re.compile(r"\w+")


def original_words(text: str) -> list[str]:
    """The words of the original minutes, lower-cased, without what pictures hold (not text of the minutes).

    Left out: the placeholders of embedded pictures and the file names under them, the text drawn inside
    the diagram of 2007-03-26 and the municipality's name drawn in its logo.
    """
    text = re.sub(r"\[image: image1\.wmf\]\nVägledning.*?(?=\n\s*Utdragsbestyrkande)", "", text, flags=re.S)
    text = re.sub(r"\[image: image1\.png\]\S*Nacka\s*\nkommun", "", text)
    lines = [line for line in text.splitlines() if "[image:" not in line and not re.search(r"_\d{8,}\.doc", line)]
    return WORD.findall("\n".join(lines).replace("\ufffd", " ").lower())


def _block_texts(container: Any, seen: set[Any]) -> Iterator[str]:
    """Paragraph texts of a document body or table cell, tables row by row, a merged cell once."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # the element itself: an id() could be reused
                        seen.add(cell._tc)
                        yield from _block_texts(cell, seen)
        else:
            yield item.text


def _part_texts(part: Any) -> Iterator[str]:
    """Paragraph texts of a footnotes, header or footer part, in order."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    for paragraph in parse_xml(part.blob).iter(qn("w:p")):
        yield "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def document_text(path: Path) -> str:
    """A .docx as a reader meets it: body, footnotes, then headers and footers."""
    import docx

    document = docx.Document(str(path))
    texts = list(_block_texts(document, set()))
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    names = ["/word/footnotes.xml", "/word/endnotes.xml"]
    names += sorted(n for n in parts if re.fullmatch(r"/word/(header|footer)\d*\.xml", n))
    for name in names:
        if name in parts:
            texts += _part_texts(parts[name])
    return "\n".join(texts)


def recall(original: list[str], rendered: list[str]) -> float:
    """The share of the original's words found in the rendered words in the same order (1.0: none missing)."""
    matcher = difflib.SequenceMatcher(None, original, rendered, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(original)


def minutes_recall(date: str, docx_path: Path) -> float:
    """How much of the committee's minutes of `date` the rendered document holds."""
    original = original_words((MINUTES / f"{date}.txt").read_text(encoding="utf-8", errors="replace"))
    return recall(original, WORD.findall(document_text(docx_path).lower()))
