"""The running text of the minutes: paragraphs, decisions, footnotes and bilagor, written at a slot.

This is where the body-text format (kib.markup) meets Word: every line becomes one paragraph in the
template's styles, bullets become real list items, '[^key]' becomes a real footnote. Nothing a secretary
typed is dropped: an unknown footnote marker prints as typed, a footnote never marked is attached to
the end of its paragraph, and both are reported as warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import markup, model
from ..errors import KibError, Problem
from .context import paragraph_label
from .word import BULLET_STEP, QUOTE_INDENT, Inline, Note, Writer

BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


@dataclass
class Content:
    """Writes a meeting's text; collects warnings about markers and footnotes for the command to print."""

    meeting: model.Meeting
    meeting_path: Path
    paragraph_format: str
    root: Path  # pictures must lie in the body's folder: a meeting file cannot pull in any file on disk
    warnings: list[Problem] = field(default_factory=list)

    def _warn(self, message: str) -> None:
        self.warnings.append(Problem(self.meeting_path, None, None, "warning", message))

    def _inline(self, text: str, notes: Mapping[str, str], used: list[str], where: str) -> list[Inline]:
        parts: list[Inline] = []
        for span in markup.spans(text):
            if isinstance(span, markup.Footnote):
                if span.key in notes:
                    if span.key in used:
                        self._warn(f"{where}: footnote [^{span.key}] is marked twice; printed twice")
                    used.append(span.key)
                    parts.append(Note(notes[span.key]))
                else:
                    self._warn(f"{where}: footnote marker [^{span.key}] has no footnote text; printed as typed")
                    parts.append(f"[^{span.key}]")
            else:
                parts.append(span)
        return parts

    def blocks(self, w: Writer, text: str, notes: Mapping[str, str], used: list[str], where: str) -> None:
        """Body text in the format of kib.markup, one Word paragraph per line."""
        for block in markup.parse(text):
            parts = self._inline(block.text, notes, used, where)
            if block.kind == "separator":
                w.separator()
            elif block.kind == "quote":
                w.paragraph("Quote", parts)
            elif block.kind == "bullet" and block.quoted:
                w.paragraph(
                    "Quote", parts, bullet_level=block.level, indent=QUOTE_INDENT + BULLET_STEP * (block.level + 1)
                )
            elif block.kind == "bullet":
                style = BULLET_STYLES[min(block.level, len(BULLET_STYLES) - 1)]
                w.paragraph(style, parts, bullet_level=block.level)
            else:
                w.paragraph("Normal", parts)

    def decision(
        self, w: Writer, decision: str | list[str] | None, notes: Mapping[str, str], used: list[str], where: str
    ) -> None:
        """'Beslut: …' in one paragraph, or 'Beslut:' followed by each att-clause as its own paragraph."""
        if decision is None or not (
            decision.strip() if isinstance(decision, str) else any(c.strip() for c in decision)
        ):
            return
        if isinstance(decision, str):
            lines = markup.parse(decision)
            first, rest = (lines[0], lines[1:]) if lines else (None, [])
            w.paragraph("Beslut", self._inline(first.text, notes, used, where) if first else [], label="Beslut:")
            for block in rest:
                w.paragraph("Beslutssats", self._inline(block.text, notes, used, where))
            return
        w.paragraph("Beslut", [], label="Beslut:")
        for clause in decision:
            for block in markup.parse(clause):
                w.paragraph("Beslutssats", self._inline(block.text, notes, used, where))

    def paragraph(self, w: Writer, p: model.Paragraph) -> None:
        """Heading, text, decision and footnotes of one paragraph (§)."""
        label = paragraph_label(self.paragraph_format, p.number, self.meeting_path)
        where = f"§ {p.number}"
        heading = f"{label} {p.title}".strip()
        if p.dnr:
            heading += f" (Dnr {p.dnr})"
        w.paragraph("heading 1", [heading])
        used: list[str] = []
        self.blocks(w, p.text, p.footnotes, used, where)
        self.decision(w, p.decision, p.footnotes, used, where)
        for key, text in p.footnotes.items():
            if key not in used:
                self._warn(f"{where}: footnote {key!r} is not marked in the text; printed at the end of the paragraph")
                w.append([Note(text)])

    def paragraphs(self, w: Writer) -> None:
        for p in self.meeting.paragraphs:
            self.paragraph(w, p)

    def attachments(self, w: Writer) -> None:
        """Bilagor after the paragraphs, the first on a new page; pictures relative to the meeting file."""
        for i, a in enumerate(self.meeting.attachments):
            w.paragraph("heading 1", [a.title], page_break=i == 0)
            self.blocks(w, a.text, {}, [], f"bilaga {i + 1}")
            if a.image:
                path = (self.meeting_path.parent / a.image).resolve()
                try:
                    path.relative_to(self.root.resolve())
                except ValueError:
                    raise KibError(
                        f"attachments[{i}].image: {a.image} lies outside {self.root}; keep pictures in the data folder",
                        file=self.meeting_path,
                    ) from None
                if not path.is_file():
                    raise KibError(
                        f"attachments[{i}].image: no picture {a.image} next to the meeting file", file=self.meeting_path
                    )
                w.image(path, a.title)
