"""The common shape every reader produces: lines of text with the hints their format gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: What a line looked like in its document; the recogniser trusts these hints but does not need them.
Hint = Literal["text", "bullet", "quote", "heading", "separator", "decision", "label", "row", "page"]


@dataclass
class Line:
    """One paragraph of the source document.

    `text` may hold footnote markers "[^key]" whose texts are in the document's `footnotes`. `level` is
    the list level of a bullet. A "label" is the first cell of a two-column table row (its value follows
    as the next lines); a "row" is a row of a wider table, its cells in `cells`; a "page" line comes
    from a page header and is used only to find the date or the body.
    """

    text: str
    hint: Hint = "text"
    level: int = 0
    quoted: bool = False
    cells: tuple[str, ...] = ()
    number: int = 0  # 1-based position in the document, for the report
    style: str = ""  # the Word paragraph style, lower-cased ("beslutssats"), when the format has styles


@dataclass
class SourceDocument:
    """A document read into lines, with its footnotes by key."""

    path: Path
    lines: list[Line]
    footnotes: dict[str, str] = field(default_factory=dict)
    #: Facts about the reading that the report should mention (pictures skipped, pages...).
    notes: list[str] = field(default_factory=list)

    def numbered(self) -> SourceDocument:
        for i, line in enumerate(self.lines, start=1):
            line.number = i
        return self
