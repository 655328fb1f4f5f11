"""`kib import FILE|FOLDER…`: many documents in one run, one meeting file each, never an overwrite.

Each document is read, recognised, written and checked on its own: a file that cannot be read gets one
line in the summary and the others go on. A document imported before (same SHA-256, stored in the
meeting file's `source`) is reported instead of written twice.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kib.body.committee import Committee
from kib.errors import KibError, UsageError
from kib.record import model
from kib.record.store import BodyDir, collector_paused

from .names import Proposed
from .readers import SUFFIXES
from .report import DRY_RUN, DUPLICATE, EXISTS, FAILED, WRITTEN, Report

SOURCE_HASH = re.compile(r"^\s+sha256:\s*\"?([0-9a-f]{64})\"?\s*$", re.MULTILINE)


@dataclass
class Run:
    """One `kib import`: the reports in order and who the documents named that members.yaml lacks."""

    reports: list[Report] = field(default_factory=list)
    proposed: dict[str, Proposed] = field(default_factory=dict)
    members_added: list[str] = field(default_factory=list)


def expand(paths: Iterable[Path]) -> list[Path]:
    """The documents to import: files as given, folders searched (sorted) for .docx, .txt and .pdf.

    A path that does not exist is kept: its import fails with one line, and the others go on."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            )
        else:
            out.append(path)
    return out


def known_sources(body: BodyDir) -> dict[str, Path]:
    """sha256 -> meeting file, for every meeting file that records the document it was imported from."""
    found: dict[str, Path] = {}
    folder = body.meetings_dir
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "source:" not in text:
            continue
        for m in SOURCE_HASH.finditer(text):
            found[m.group(1)] = path
    return found


def import_one(
    body: BodyDir,
    members: model.MembersFile,
    path: Path,
    *,
    date: dt.date | None,
    dry_run: bool,
    seen: dict[str, Path],
    today: dt.date,
    committee: Committee | None = None,
    writer: Batch | None = None,
) -> Report:
    """Import one document; every problem ends in the report, never in an exception."""
    from .readers import read
    from .recognise import Recogniser
    from .writer import meeting_text

    report = Report(path)
    committee = committee or Committee(body, members)
    try:
        if not path.is_file():
            raise KibError("no such file", file=path)
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            report.status = DUPLICATE
            report.target = seen[digest]
            report.message = f"the same document as {seen[digest].name}; nothing written"
            return report
        doc = read(path)
        result = Recogniser(doc, committee, date=date).run()
        meeting, report = result.meeting, _merge(report, result.report)
        meeting.source = model.Source(file=path.name, sha256=digest, imported=today)
        target = body.meetings_dir / f"{meeting.date.isoformat()}.yaml"
        report.date = meeting.date.isoformat()
        report.target = target
        if target.exists():
            report.status = EXISTS
            report.message = f"{target.name} exists already (not from this document); kib never overwrites a file"
            return report
        if target in seen.values():  # still waiting to be written with others
            report.status = EXISTS
            report.message = (
                f"another document of this import is the meeting of {report.date} ({target.name}); kib never "
                "overwrites a file: if this is another meeting, import it alone with --date"
            )
            return report
        comment = [
            f"Imported by `kib import` from {path.name} on {today.isoformat()}: review the uppdrag marked",
            "'imported, confirm' and the import report.",
        ]
        if meeting.signed is not None:
            note = f"Imported from {path.name} on {today.isoformat()}; signed {meeting.signed.date.isoformat()} as the document shows, sealed at import."
            meeting.note = f"{note} {meeting.note}" if meeting.note else note
        text, loaded = meeting_text(meeting, body.meetings_dir, comment, members, committee.directory)
        report.check = _check(committee, loaded)
        if dry_run:
            report.status = DRY_RUN
        elif writer is not None:
            writer.add(target, text, report)
        else:
            write_new([(target, text, report)])
        seen[digest] = target
    except KibError as exc:
        report.status = FAILED
        report.message = exc.message
    except (OSError, ValueError, UnicodeError, RecursionError) as exc:
        report.status = FAILED
        report.message = f"{type(exc).__name__}: {exc}"
    return report


class Batch:
    """Meeting files waiting to be written together: flushing many files to disk costs little more
    than flushing one, where one by one each waits for the disk."""

    SIZE = 50

    def __init__(self) -> None:
        self.pending: list[tuple[Path, str, Report]] = []

    def add(self, target: Path, text: str, report: Report) -> None:
        self.pending.append((target, text, report))

    def flush(self) -> None:
        if self.pending:
            write_new(self.pending)
            self.pending = []


def write_new(items: list[tuple[Path, str, Report]]) -> None:
    """Write new files atomically and durably, never over an existing one: every file is written to a
    temporary name and flushed to disk first, then each takes its name by a hard link (which fails if
    the name exists), then the folders are flushed."""
    import os
    import tempfile

    from kib.record.edit import sync_folder

    temps: list[tuple[Path, str, Report]] = []
    try:
        for target, text, report in items:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
            temps.append((target, tmp, report))
        for _, tmp, _ in temps:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        for target, tmp, report in temps:
            try:
                os.link(tmp, target)
            except FileExistsError:
                report.status, report.message = EXISTS, f"{target.name} appeared meanwhile; not overwritten"
                continue
            except OSError:  # file systems without hard links
                if target.exists():
                    report.status, report.message = EXISTS, f"{target.name} appeared meanwhile; not overwritten"
                    continue
                os.replace(tmp, target)
            report.status = WRITTEN
    finally:
        for _, tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
    for folder in {target.parent for target, _, _ in items}:
        sync_folder(folder)


def _merge(base: Report, found: Report) -> Report:
    found.source = base.source
    return found


def _check(committee: Committee, loaded: Any) -> list[str]:
    """What `kib check` will say of the file once written (the body's rules for one meeting file)."""
    from kib.checks import law
    from kib.checks.check import check_meeting

    problems = list(loaded.problems)
    if loaded.ok:
        problems += list(check_meeting(loaded, committee))
        problems += law.meeting_problems(loaded, committee.members, committee.directory)
    return [f"{p.severity}: {p.message}" + (f" (line {p.line})" if p.line else "") for p in problems]


def run_import(
    body: BodyDir,
    paths: list[Path],
    *,
    date: str | None = None,
    update_members: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Run:
    """Import every document; add the people they name to members.yaml when asked."""
    from kib.swedish import parse_date

    day = parse_date(date, "--date") if date else None
    files = expand(paths)
    if not files:
        raise UsageError("no .docx, .txt or .pdf files to import")
    members = body.members
    today = today or dt.date.today()
    seen = known_sources(body)
    run = Run()
    committee = Committee(body, members)
    batch = Batch()

    def one(path: Path) -> Report:
        return import_one(
            body, members, path, date=day, dry_run=dry_run, seen=seen, today=today, committee=committee, writer=batch
        )

    # The collector would search the many objects each document makes for cycles again and again;
    # it runs once per batch instead (a Word document's parts refer to each other, so cycles are freed).
    with collector_paused():
        for i, path in enumerate(files, start=1):
            report = one(path)
            if progress is not None:
                progress(i, len(files), path)
            run.reports.append(report)
            for proposed in report.proposed:
                run.proposed.setdefault(proposed.name, proposed)
            if len(batch.pending) >= Batch.SIZE or i % Batch.SIZE == 0:
                batch.flush()
                gc.collect(0)  # with the collector paused nothing leaves the youngest generation
    batch.flush()
    if update_members and run.proposed and not dry_run:
        from .members import add_people

        run.members_added = add_people(body.members_path, list(run.proposed.values()))
        if run.members_added:
            _check_again(body, run)
    return run


def _check_again(body: BodyDir, run: Run) -> None:
    """What `kib check` says of the written files now that members.yaml names the people they found."""
    from kib.record.store import load_file

    loaded = load_file(body.members_path, model.MembersFile)
    if not loaded.ok:
        return
    committee = Committee(body, loaded.value)
    for report in run.reports:
        if report.status == WRITTEN and report.target is not None:
            report.check = _check(committee, load_file(report.target, model.Meeting))


#: Told after each document: (documents done, documents in all, the file just done).
Progress = Callable[[int, int, Path], None]


def iter_reports(run: Run) -> Iterator[str]:
    for report in run.reports:
        yield from report.lines()


def needs_attention(report: Report) -> bool:
    """Not written as it stands: failed, skipped, or with remarks or check findings."""
    return report.status not in (WRITTEN, DRY_RUN) or bool(report.look or report.check)


def counts(run: Run) -> dict[str, int]:
    """Files by outcome, in a fixed order."""
    return {s: sum(1 for r in run.reports if r.status == s) for s in (WRITTEN, DRY_RUN, DUPLICATE, EXISTS, FAILED)}
