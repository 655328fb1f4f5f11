"""The running text of the minutes: paragraphs, decisions, uppdrag, footnotes and bilagor, written at a slot.

This is where the body-text format (kib.markup) meets Word: every line becomes one paragraph in the
template's styles, bullets become real list items, '[^key]' becomes a real footnote. Nothing a secretary
typed is dropped: an unknown footnote marker prints as typed, a footnote never marked is attached to
the end of its paragraph, and both are reported as warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import markup, model
from ..errors import KibError, Problem
from ..people import Directory
from ..swedish import long_date
from .context import LABELS, full_name, nbsp, paragraph_label
from .word import QUOTE_INDENT, Inline, Note, Writer

BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


@dataclass
class Content:
    """Writes a meeting's text; collects warnings about markers and footnotes for the caller to show."""

    meeting: model.Meeting
    meeting_path: Path
    paragraph_format: str
    root: Path  # pictures must lie in the body's folder: a meeting file cannot pull in any file on disk
    directory: Directory
    print_actions: bool = True
    labels: Mapping[str, str] = field(default_factory=lambda: {**LABELS, "decision": "Beslut"})
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
                w.paragraph("Quote", parts, bullet_level=block.level, indent=QUOTE_INDENT + 357 * (block.level + 1))
            elif block.kind == "bullet":
                w.paragraph(BULLET_STYLES[min(block.level, len(BULLET_STYLES) - 1)], parts, bullet_level=block.level)
            else:
                w.paragraph("Normal", parts)

    def decision(
        self, w: Writer, decision: str | list[str] | None, notes: Mapping[str, str], used: list[str], where: str
    ) -> None:
        """'Beslut: …' in one paragraph, or 'Beslut:' and each att-clause as its own paragraph, kept together."""
        if isinstance(decision, str):
            lines = [b.text for b in markup.parse(decision)]
            first, clauses = (lines[0] if lines else ""), lines[1:]
        else:
            first = ""
            clauses = [b.text for clause in decision or [] for b in markup.parse(clause)]
        if not first.strip() and not any(c.strip() for c in clauses):
            return
        label = self.labels["decision"] + ":"
        w.paragraph("Beslut", self._inline(first, notes, used, where), label=label, keep_with_next=bool(clauses))
        for i, clause in enumerate(clauses):
            w.paragraph("Beslutssats", self._inline(clause, notes, used, where), keep_with_next=i < len(clauses) - 1)

    def actions(self, w: Writer, actions: list[model.Action]) -> None:
        """'Uppdrag: <task> (<owner>, senast <due>)' for each uppdrag the paragraph gave."""
        for action in actions:
            owner = full_name(self.directory, action.owner)
            due = action.due
            due_text = long_date(due) if isinstance(due, dt.date) else (due or "")
            detail = f"{owner}, {self.labels['due']} {due_text}" if due_text else owner
            w.paragraph("Uppdrag", [f"{action.task} ({detail})"], label=self.labels["action"] + ":")

    def paragraph(self, w: Writer, p: model.Paragraph) -> None:
        """Heading, text, decision, uppdrag and footnotes of one paragraph (§)."""
        label = paragraph_label(self.paragraph_format, p.number, self.meeting_path)
        where = f"§ {p.number}"
        heading = f"{label} {nbsp(p.title)}".strip()
        if p.dnr:
            heading += f" (Dnr {p.dnr})"
        w.paragraph("heading 1", [heading])
        used: list[str] = []
        self.blocks(w, p.text, p.footnotes, used, where)
        self.decision(w, p.decision, p.footnotes, used, where)
        if self.print_actions:
            self.actions(w, p.actions)
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
