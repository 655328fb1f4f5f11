"""`kib announce REF [--date D]`: record that the notice of justering went up, and render it.

The date goes into the meeting file as `announced` (a surgical round-trip edit, outside the seal: the
notice is put up after the signatories vouched for the content). Announcing later than the law allows
is recorded and warned about, never refused: the secretary must be able to record what happened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.body.committee import Committee
from kib.errors import ExitCode, KibError, Problem, UsageError
from kib.record.store import BodyDir
from kib.swedish import ascii_name, parse_date

from . import legal_dates as law
from .signers import ROLE_SV, justerat, missing_signers
from .status import has_anslag

if TYPE_CHECKING:
    from kib.record import model

OUTPUT_DIR = "output"
SUFFIXES = (".docx", ".html", ".json")


def announce(
    body: BodyDir,
    ref: str,
    *,
    date: str | None = None,
    by: str | None = None,
    note: str | None = None,
    output: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> tuple[list[Path], list[Problem]]:
    """Record the notice (unless recorded on this date already) and write its three documents; returns
    the documents written and the warnings for the caller to show (a notice later than the law allows)."""
    from .notice import notice_fields, to_docx, to_html, to_json

    path = body.resolve_meeting(ref)
    meeting: model.Meeting = body.load_meeting(path).require(" (fix this before announcing)")
    committee = Committee.load(body)
    members = committee.members
    if not has_anslag(committee):
        raise KibError(
            f"{members.body.name} is a beredning: its minnesanteckningar are not announced on the anslagstavla "
            "(body.kind in members.yaml says which kind of body it is)",
            file=path,
        )
    done = justerat(committee, meeting)
    if done is None:
        missing = ", ".join(
            f"{s.name} ({ROLE_SV[s.role]})" if s.name else ROLE_SV[s.role] for s in missing_signers(committee, meeting)
        )
        raise KibError(
            f"the protokoll is not justerat yet (still to sign: {missing}); record the signatures with "
            f"`kib sign {meeting.date.isoformat()} --as ROLE --date D` first",
            file=path,
        )
    today = today or dt.date.today()
    recorded = meeting.announced
    posted = (recorded.date if recorded else today) if date is None else parse_date(date, "--date")
    if recorded is not None and recorded.date != posted:
        raise UsageError(
            f"the file records the notice as put up on {recorded.date.isoformat()}, not {posted.isoformat()}; "
            "correct the date in the file, or leave --date out to render the notice again"
        )
    if posted < done:
        raise UsageError(f"--date {posted.isoformat()} is before the justering ({done.isoformat()})")
    if posted > today:
        raise UsageError(f"--date {posted.isoformat()} is in the future; announce on the day the notice goes up")

    fields = notice_fields(committee, meeting, posted, by)
    assert fields is not None
    targets = _targets(body, output, members.body.short_name or members.body.name, meeting.date)
    if not force:
        existing = [t for t in targets if t.exists()]
        if existing:
            raise KibError(
                "already exists; kib never overwrites a file unasked (--force replaces it)",
                file=existing[0],
                exit_code=ExitCode.USAGE,
            )
    if recorded is None:
        _record(path, posted, by, note)
    due = law.announce_due(done)
    warnings = []
    if posted > due:
        warning = (
            f"announced {posted.isoformat()}, later than the law allows: the justering of {done.isoformat()} was "
            f"to be announced by {due.isoformat()} (8 kap. 12 § kommunallagen); recorded as it happened"
        )
        warnings.append(Problem(path, None, None, "warning", warning))
    if not members.body.record_kept_at:
        warnings.append(
            Problem(
                body.members_path,
                None,
                None,
                "warning",
                "the notice says not where the protokoll is kept (Förvaringsplats för protokollet is empty): add "
                "`record_kept_at: Kommunkansliet, Stadshuset` (your own) under body: and announce again with --force",
            )
        )

    from kib.record.edit import write_bytes_atomic

    for target, data in zip(targets, (to_docx(fields), to_html(fields), to_json(fields)), strict=True):
        write_bytes_atomic(target, data, overwrite=force, durable=False)  # documents can be made again
    return targets, warnings


def _targets(body: BodyDir, output: Path | None, short: str, day: dt.date) -> list[Path]:
    folder = output if output is not None else body.path / OUTPUT_DIR
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is a file; give the folder the notice is written to")
    stem = f"{ascii_name(short) or 'kib'}-{day.isoformat()}-tillkannagivande"
    return [folder / f"{stem}{suffix}" for suffix in SUFFIXES]


def _record(path: Path, posted: dt.date, by: str | None, note: str | None) -> None:
    from kib.record.edit import edit_yaml, text_value

    from .signatures import insert_after

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        record = CommentedMap()
        record["date"] = posted
        if by:
            record["by"] = text_value(by.strip())
        if note:
            record["note"] = text_value(note.strip())
        if "announced" in data:  # an empty `announced:` the secretary left
            data["announced"] = record
        else:
            insert_after(data, "announced", record, ("signed",))

    edit_yaml(path, change)
