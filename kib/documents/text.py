"""The running text of the minutes: paragraphs, decisions, uppdrag, footnotes and bilagor, written at a slot.

This is where the body-text format (kib.record.markup) meets Word: every line becomes one paragraph in the
template's styles, bullets become real list items, '[^key]' becomes a real footnote. Nothing a secretary
typed is dropped: an unknown footnote marker prints as typed, a footnote never marked is attached to
the end of its paragraph, and both are reported as warnings.

A protokoll prints each paragraph as 5 kap. 67 § kommunallagen asks, as labelled blocks in a fixed
order, each label on a line of its own so that a reader (and `kib import`) finds every block:
diarienummer, justerad omedelbart, sekretess, the text, yrkanden, propositionsordning, omröstning with
its voteringslista (totals counted by kib.body.voting, never typed), who abstained from the decision, beslut,
reservationer, jäv, protokollsanteckningar, expediering and the överklagandehänvisning. Written
reservations and the närvaro- och voteringslista (who served in each paragraph, from kib.body.serving)
follow the paragraphs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kib.body.people import Directory, normalise
from kib.errors import KibError, Problem
from kib.record import markup, model
from kib.swedish import long_date

from .context import LABELS, full_name, joined, nbsp, paragraph_label, person_label
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
    protokoll: bool = False  # blocks labelled on lines of their own; a beredning prints "Beslut: …" inline
    public: bool = False  # withhold the text of a sekretess paragraph
    members: model.MembersFile | None = None  # for who served in each paragraph (närvaro- och voteringslista)
    appeal_text: str | None = None

    def __post_init__(self) -> None:
        # written reservations are appended after the meeting's own bilagor, numbered on from them
        self.reservation_numbers: dict[tuple[int, int], int] = {}
        number = len(self.meeting.attachments)
        for p in self.meeting.paragraphs:
            for i, r in enumerate(p.reservations):
                if r.written and r.written.strip():
                    number += 1
                    self.reservation_numbers[(p.number, i)] = number

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
        """Body text in the format of kib.record.markup, one Word paragraph per line."""
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
        """'Beslut: …' in one paragraph, or 'Beslut:' and each att-clause as its own paragraph, kept together
        (a protokoll: the label 'Beslut' on its own line, then the text or the clauses)."""
        if isinstance(decision, str):
            lines = [b.text for b in markup.parse(decision)]
            first, clauses = (lines[0] if lines else ""), lines[1:]
        else:
            first = ""
            clauses = [b.text for clause in decision or [] for b in markup.parse(clause)]
        if not first.strip() and not any(c.strip() for c in clauses):
            return
        if self.protokoll:
            self.label(w, self.labels["decision"])
            if first.strip():
                w.paragraph("Beslut", self._inline(first, notes, used, where), keep_with_next=bool(clauses))
        else:
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
        """One paragraph (§): its heading, then its blocks in the order above, uppdrag and footnotes."""
        words = self.labels
        label = paragraph_label(self.paragraph_format, p.number, self.meeting_path)
        where = f"§ {p.number}"
        heading = f"{label} {nbsp(p.title)}".strip()
        if p.dnr and not self.protokoll:
            heading += f" (Dnr {p.dnr})"
        w.paragraph("heading 1", [heading])
        if p.dnr and self.protokoll:
            w.paragraph("Diarienummer", [f"{words['dnr']} {p.dnr}"])
        if p.verified_at_meeting:
            w.paragraph("Normal", [words["verified_at_meeting"]])
        if p.confidential:
            w.paragraph("Normal", [nbsp(f"{words['confidential_ground']} {p.confidential.strip()}")])
            if self.public:
                w.paragraph("Normal", [words["confidential_withheld"]])
                return
        used: list[str] = []
        self.blocks(w, p.text, p.footnotes, used, where)
        self.motions(w, p)
        if p.proposition_order and p.proposition_order.strip():
            self.label(w, words["proposition_order"])
            self.blocks(w, p.proposition_order, p.footnotes, used, where)
        if p.vote is not None:
            self.vote(w, p.vote)
        if p.not_participating:
            names = joined([self.who(n) for n in p.not_participating], words["and"])
            w.paragraph("Normal", [f"{names} {words['not_participating']}."])
        self.decision(w, p.decision, p.footnotes, used, where)
        self.reservations(w, p)
        self.disqualifications(w, p)
        for statement in p.statements:
            self.label(w, words["statement"])
            by = joined([self.who(n) for n in statement.by], words["and"])
            w.paragraph("Normal", [f"{by} {words['statement_by']} {statement.text.strip()}"])
        if p.send_to:
            self.label(w, words["send_to"])
            for recipient in p.send_to:
                w.paragraph("Expediering", [recipient])
        if p.appealable and self.appeal_text and self.appeal_text.strip():
            self.label(w, words["appeal"])
            self.blocks(w, self.appeal_text, {}, [], where)
        if self.print_actions:
            self.actions(w, p.actions)
        for key, text in p.footnotes.items():
            if key not in used:
                self._warn(f"{where}: footnote {key!r} is not marked in the text; printed at the end of the paragraph")
                w.append([Note(text)])

    def paragraphs(self, w: Writer) -> None:
        for p in self.meeting.paragraphs:
            self.paragraph(w, p)

    # ------------------------------------------------------------ the blocks of a protokoll's paragraph

    def who(self, name: str) -> str:
        """'Karin Ek (S)' in a protokoll; a beredning's minutes name people without their party."""
        return person_label(self.directory, name) if self.protokoll else full_name(self.directory, name)

    def label(self, w: Writer, text: str) -> None:
        """A block's label on a line of its own, kept on the page of what follows."""
        w.paragraph("Blockrubrik", [text], keep_with_next=True)

    def motions(self, w: Writer, p: model.Paragraph) -> None:
        """'Karin Ek (S) yrkar bifall …'; 'Per Lind (M), med instämmande av Lisa Berg (KD), yrkar …'."""
        if not p.motions:
            return
        words = self.labels
        self.label(w, words["motions"])
        for motion in p.motions:
            who = self.who(motion.by)
            if motion.supported_by:
                support = joined([self.who(n) for n in motion.supported_by], words["and"])
                who += f", {words['supported_by']} {support},"
            w.paragraph("Normal", [f"{who} {words['moves']} {_sentence(motion.text)}"])

    def vote(self, w: Writer, vote: model.Vote) -> None:
        """What Ja and Nej stand for, the voteringslista with kib's totals, the casting vote, the result."""
        from kib.body.voting import tally

        words = self.labels
        counted = tally(vote)
        self.label(w, words["vote"])
        stands_for = f"{words['vote_yes_for']} {vote.yes.strip().rstrip('.')}, {words['vote_no_for']} {vote.no.strip()}"
        w.paragraph("Normal", [_sentence(stands_for)], keep_with_next=True)
        column = {"ja": 1, "nej": 2, "avstår": 3}
        rows = []
        for name, ballot in vote.ballots.items():
            row = [self.who(name), "", "", ""]
            row[column[ballot]] = "X"
            rows.append(row)
        rows.append([words["vote_total"], str(len(counted.yes)), str(len(counted.no)), str(len(counted.abstain))])
        w.table(
            [words["vote_name"], words["vote_yes"], words["vote_no"], words["vote_abstain"]],
            rows,
            (0.4, 0.12, 0.12, 0.12),
            caption=words["vote_list"],
            total_row=True,
            centred_from=1,
        )
        if counted.tie and vote.casting_vote:
            choice = words["vote_yes"] if vote.casting_vote == "ja" else words["vote_no"]
            w.paragraph("Normal", [f"{words['casting_vote']}: {choice}."])
        if vote.result and vote.result.strip():
            w.paragraph("Normal", [vote.result.strip()])

    def reservations(self, w: Writer, p: model.Paragraph) -> None:
        """'Per Lind (M) och Lisa Berg (KD) reserverar sig mot beslutet till förmån för eget yrkande
        (skriftlig reservation, bilaga 2).'"""
        words = self.labels
        for i, r in enumerate(p.reservations):
            self.label(w, words["reservation"])
            text = f"{joined([self.who(n) for n in r.by], words['and'])} {words['reserves']}"
            if r.text and r.text.strip():
                text += f" {r.text.strip().rstrip('.')}"
            number = self.reservation_numbers.get((p.number, i))
            if number is not None:
                text += f" ({words['written_reservation_ref']} {number})"
            w.paragraph("Normal", [text + "."])

    def disqualifications(self, w: Writer, p: model.Paragraph) -> None:
        """'Omar Said (L) anmäler jäv och deltar inte i handläggningen; Eva Sten (L) tjänstgör i stället.'"""
        words = self.labels
        for d in p.disqualified:
            self.label(w, words["disqualification"])
            text = f"{self.who(d.name)} {words['disqualified_text']}"
            if d.replaced_by:
                text += f"; {self.who(d.replaced_by)} {words['serves_instead']}"
            w.paragraph("Normal", [text + "."])

    # ------------------------------------------------------------ after the paragraphs

    def attachments(self, w: Writer) -> None:
        """Bilagor after the paragraphs, the first on a new page: the meeting's own, the written
        reservations, then the närvaro- och voteringslista when the header refers to it."""
        first = True
        for i, a in enumerate(self.meeting.attachments):
            w.paragraph("heading 1", [a.title], page_break=first)
            first = False
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
        words = self.labels
        for p in self.meeting.paragraphs:
            for i, r in enumerate(p.reservations):
                number = self.reservation_numbers.get((p.number, i))
                if number is None or (self.public and p.confidential):
                    continue
                label = paragraph_label(self.paragraph_format, p.number, self.meeting_path)
                title = f"{words['attachment']} {number}, {words['written_reservation'].lower()} {label}"
                w.paragraph("heading 1", [title], page_break=first)
                first = False
                w.paragraph("Normal", [joined([self.who(n) for n in r.by], words["and"])])
                self.blocks(w, r.written or "", {}, [], f"§ {p.number}")
        if self.meeting.attendees.list_appended and self.members is not None:
            w.paragraph("heading 1", [words["attendance_list"]], page_break=first)
            self.attendance_list(w)

    def attendance_list(self, w: Writer) -> None:
        """Who served in which paragraphs (kib.body.serving) and how each voted: a row per person present."""
        from kib.body.serving import serving_by_paragraph

        assert self.members is not None
        words = self.labels
        service = serving_by_paragraph(self.meeting, self.members, self.directory)
        served: dict[str, list[int]] = {}
        instead: dict[str, str | None] = {}
        for s in service:
            for seat in s.serving:
                served.setdefault(seat.name, []).append(s.number)
                instead.setdefault(seat.name, seat.serving_for)
        present = [n for s in service for n in s.present_substitutes if n not in served]
        voted = [p for p in self.meeting.paragraphs if p.vote is not None and not (self.public and p.confidential)]
        head = [words["vote_name"], words["served"]]
        head += [paragraph_label(self.paragraph_format, p.number, self.meeting_path) for p in voted]
        answer = {"ja": words["vote_yes"], "nej": words["vote_no"], "avstår": words["vote_abstain"]}
        rows = []
        for name, numbers in served.items():
            line = self.who(name)
            served_for = instead[name]
            if served_for:
                line += f", {words['serving_for']} {self.who(served_for)}"
            row = [line, spans(numbers)]
            for p in voted:
                assert p.vote is not None
                ballot = next(
                    (b for n, b in p.vote.ballots.items() if normalise(full_name(self.directory, n)) == normalise(name)),
                    "",
                )
                row.append(answer.get(ballot, ""))
            rows.append(row)
        for name in dict.fromkeys(present):
            rows.append([f"{self.who(name)}, {words['substitutes'].lower()}", "–", *[""] * len(voted)])
        first = 0.45 if voted else 0.7
        rest = (1 - first - 0.3) / len(voted) if voted else 0.0
        w.table(head, rows, (first, 0.3, *[rest] * len(voted)), caption=words["attendance_list"], centred_from=2)


def _sentence(text: str) -> str:
    """A clause as a sentence: ends with one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def spans(numbers: list[int]) -> str:
    """'§§ 11–13', '§ 5, §§ 7–8': the paragraphs someone served in, runs of consecutive numbers joined."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(nbsp(f"§ {r[0]}" if len(r) == 1 else f"§§ {r[0]}–{r[-1]}") for r in runs)
