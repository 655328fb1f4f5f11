"""In-order word recall: the share of an original's words that a Word document holds in the same order.

The document is read with python-docx: body paragraphs and table cells in document order, then the
footnotes. Picture markers and the text drawn inside pictures of a plain-text export are not words of
the minutes and are left out of the original.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path


def original_words(text: str) -> list[str]:
    text = re.sub(r"\[image: image1\.wmf\]\nVägledning.*?(?=\n\s*Utdragsbestyrkande)", "", text, flags=re.S)
    text = re.sub(r"\[image: image1\.png\]\S*Nacka\s*\nkommun", "", text)
    lines = [ln for ln in text.splitlines() if "[image:" not in ln and not re.search(r"_\d{8,}\.doc", ln)]
    return re.findall(r"\w+", "\n".join(lines).replace("\ufffd", " ").lower())


def docx_words(path: Path) -> list[str]:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts: list[str] = []
    for p in document.element.body.iter(f"{w}p"):
        parts.append("".join(t.text or "" for t in p.iter(f"{w}t")))
    try:
        notes = document.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        notes = None
    if notes is not None:
        from lxml import etree

        for t in etree.fromstring(notes.blob).iter(f"{w}t"):
            parts.append(t.text or "")
    return re.findall(r"\w+", "\n".join(parts).lower())


def recall(original: str, docx_path: Path) -> float:
    want = original_words(original)
    have = docx_words(docx_path)
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(want)
