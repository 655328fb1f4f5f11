"""What an import did with one document: where each part went, what stayed text, what needs a look."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .names import Proposed

#: The outcome of one file, as the summary table prints it.
WRITTEN, DRY_RUN, DUPLICATE, EXISTS, FAILED = "written", "dry run", "already imported", "exists", "failed"


@dataclass
class Report:
    source: Path
    status: str = FAILED
    target: Path | None = None
    message: str = ""
    placed: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)
    look: list[str] = field(default_factory=list)
    proposed: list[Proposed] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    paragraphs: int = 0
    actions: int = 0
    date: str = ""

    def headline(self) -> str:
        """One line: the file, what happened and, for a file not written, why."""
        if self.status in (WRITTEN, DRY_RUN):
            return f"{self.source}: {self.status} -> {self.target}"
        return f"{self.source}: {self.status}" + (f": {self.message}" if self.message else "")

    def lines(self) -> list[str]:
        """The report as plain lines, for the terminal or a file."""
        out = [self.headline()]
        for title, items in (("placed", self.placed), ("kept as text", self.free), ("needs a look", self.look)):
            if items:
                out.append(f"  {title}:")
                out += [f"    - {item}" for item in items]
        if self.proposed:
            out.append("  not in members.yaml (proposed additions; --update-members writes them):")
            for p in self.proposed:
                extra = ", ".join(x for x in (p.party and f"party {p.party}", p.role, p.title) if x)
                out.append(f"    - {p.kind} {p.name}" + (f" ({extra})" if extra else ""))
        if self.check:
            out.append("  kib check:")
            out += [f"    - {c}" for c in self.check]
        elif self.status in (WRITTEN, DRY_RUN):
            out.append("  kib check: no problems")
        return out
