"""kib's data as the secretary reads it: the uppdrag register and a year's date proposal as tables in
Swedish (headers and status words alike), and the uppdrag as data rows with the JSON keys for scripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .output import Cell, Column, Table

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from kib.body.uppdrag import ActionRecord
    from kib.calendar.plan import Plan
    from kib.importing.archive import Run
    from kib.register.listing import Listing
    from kib.timeline.deadlines import Deadlines

#: The fields of an uppdrag as data (JSON and CSV), in order; a listing without rows still has its header.
DATA_FIELDS = [
    "id", "body", "owner", "owner_as_written", "task", "meeting", "paragraph", "due",
    "status", "done", "reported", "note", "age_days", "overdue",
]  # fmt: skip


def status_sv(r: ActionRecord, today: dt.date) -> str:
    if r.done:
        return "klar"
    return "försenad" if r.overdue(today) else "öppen"


def _due(r: ActionRecord) -> Cell:
    return r.due if r.due else r.due_text


def _owner(r: ActionRecord) -> str:
    return r.owner if r.resolved else f"{r.owner} (saknas i members.yaml)"


def _title(body: str, listing: Listing, count: int) -> str:
    return f"{body}: {'alla' if listing.show_all else 'öppna'} uppdrag ({count})"


def actions_tables(listing: Listing) -> list[Table]:
    """One table per body: the owner on the first of their rows, overdue rows red, reported ones dim.

    Five columns, the id leading the task, so that the task keeps room to be read in an 80-column terminal.
    """
    tables = []
    for group in listing.bodies:
        table = Table(
            _title(group.body, listing, len(group.records)),
            [
                Column("Ansvarig", wrap=True, max_width=18),
                Column("Uppdrag", wrap=True),
                Column("Från", wrap=True, max_width=10),
                Column("Senast", wrap=True, max_width=11),
                Column("Status", wrap=True, max_width=10),
            ],
        )
        current = None
        for r in group.records:
            first = r.owner != current
            current = r.owner
            status = status_sv(r, listing.today)
            done = f" {r.done.isoformat()}" if r.done else ""
            table.add(
                [
                    _owner(r) if first else "",
                    f"{r.id}: {r.task}",
                    f"{r.meeting.isoformat()} § {r.paragraph}",
                    _due(r),
                    status + done,
                ],
                {"försenad": "red", "klar": "dim"}.get(status, ""),
                new_section=first,
            )
        tables.append(table)
    return tables


def actions_markdown(listing: Listing) -> str:
    """A section per body for a document or a wiki: every row names its owner, as rows get moved about."""
    from .output import markdown

    headers = ["Id", "Ansvarig", "Uppdrag", "Från", "Senast", "Status"]
    parts = []
    for group in listing.bodies:
        rows: list[list[Cell]] = [
            [
                r.id,
                _owner(r),
                r.task,
                f"{r.meeting.isoformat()} § {r.paragraph}",
                _due(r),
                status_sv(r, listing.today) + (f" {r.done.isoformat()}" if r.done else ""),
            ]
            for r in group.records
        ]
        parts.append(markdown(_title(group.body, listing, len(rows)), headers, rows))
    return "\n".join(parts)


def actions_workbook(listing: Listing) -> list[Table]:
    """One sheet per body with every field in its own column: dates as dates, the paragraph as a number."""
    from kib.register.listing import age_days

    sheets = []
    for group in listing.bodies:
        sheet = Table(
            group.body,
            [
                Column("Id", xlsx_width=12),
                Column("Ansvarig", xlsx_width=24),
                Column("Uppdrag", xlsx_width=60),
                Column("Sammanträde", xlsx_width=13),
                Column("Paragraf", xlsx_width=9),
                Column("Senast", xlsx_width=18),
                Column("Status", xlsx_width=10),
                Column("Klar", xlsx_width=12),
                Column("Återrapporterat", xlsx_width=18),
                Column("Anteckning", xlsx_width=40),
                Column("Ålder (dagar)", xlsx_width=13),
            ],
        )
        for r in group.records:
            sheet.add(
                [
                    r.id,
                    _owner(r),
                    r.task,
                    r.meeting,
                    r.paragraph,
                    _due(r),
                    status_sv(r, listing.today),
                    r.done,
                    r.reported,
                    r.note,
                    age_days(r, listing.today),
                ]
            )
        sheets.append(sheet)
    return sheets


def actions_data(listing: Listing) -> list[dict[str, Any]]:
    from kib.register.listing import as_dict

    return [as_dict(r, listing.today) for r in listing.records]


def actions_csv(listing: Listing, *, excel: bool) -> str:
    from .output import csv_text

    rows = actions_data(listing)
    return csv_text(DATA_FIELDS, [[row[k] for k in DATA_FIELDS] for row in rows], excel=excel)


# ---------------------------------------------------------------- propose-dates


def print_plan(plan: Plan, *, explain: bool) -> None:
    """The proposal (and with `explain` every day of the weekday with its reasons) as tables on stdout."""
    from kib.calendar.output import candidate_note, headline, swedish_day
    from kib.calendar.plan import STATUS_SV

    from .output import echo, print_tables

    proposed = Table(
        headline(plan),
        [Column("#"), Column("Datum"), Column("Vecka"), Column("Tid"), Column("Anmärkning", wrap=True)],
    )
    for number, c in enumerate(plan.proposed, 1):
        proposed.add([number, swedish_day(c.day), c.week, plan.time_text, candidate_note(c)])
    print_tables([proposed], empty="inga")
    summary = (
        f"{len(plan.proposed)} föreslagna, {len(plan.available)} möjliga men ej valda, "
        f"{len(plan.rejected)} av {len(plan.candidates)} {plan.weekday_plural} avvisade"
    )
    echo(("\n" + summary if explain else "\n" + summary + " (--explain visar varför)") + "\n")
    if explain:
        every = Table(
            f"Alla {plan.weekday_plural} {plan.year}",
            [Column("Datum"), Column("Vecka"), Column("Status"), Column("Skäl", wrap=True)],
        )
        for c in plan.candidates:
            reasons = "; ".join(r.text for r in c.reasons) or "; ".join(c.notes)
            every.add([c.day, c.week, STATUS_SV[c.status], reasons])
        echo("\n")
        print_tables([every], empty="inga")
    if plan.warnings:
        echo("\n" + "".join(f"Obs: {warning}\n" for warning in plan.warnings))


# ---------------------------------------------------------------- deadlines


def print_deadlines(found: Deadlines, *, show_all: bool) -> None:
    """What needs doing after each meeting, late ones red; then what the table leaves out, and why."""
    from kib.timeline.deadlines import LOOKBACK

    from .output import echo, print_tables

    today = found.today
    rows, older = found.to_do(show_all=show_all)
    if rows:
        table = Table(
            f"Frister efter sammanträden {today.isoformat()}",
            [
                Column("Organ", wrap=True),
                Column("Sammanträde"),
                Column("Att göra", wrap=True),
                Column("Datum"),
                Column("Anmärkning", wrap=True),
            ],
        )
        for line, (what, when, remark) in rows:
            table.add(
                [line.body, line.meeting, what, when, remark], "red" if line.state(today).endswith("-late") else ""
            )
        print_tables([table], empty="inga")
    else:
        echo(f"Inga frister att bevaka {today.isoformat()}.\n")
    if older:
        echo(
            f"{older} sammanträden med frister före {(today - LOOKBACK).isoformat()} saknar anteckning om "
            "justering eller anslag (--all visar dem).\n"
        )
    for name in found.skipped:
        echo(f"{name} är en beredning: inga anslag och inga lagstadgade frister.\n")


# ---------------------------------------------------------------- import

#: More files than this and the summary table lists only those that need attention.
IMPORT_TABLE_ROWS = 50


def print_import(run: Run, *, verbose: bool) -> None:
    """Each file's report (when few or asked for), a summary table, one line per file not written."""
    from kib.importing.archive import counts, needs_attention
    from kib.importing.report import DRY_RUN, WRITTEN

    from .output import echo, print_tables

    if verbose:
        echo("".join(line + "\n" for report in run.reports for line in report.lines()))
    shown = run.reports
    if len(shown) > IMPORT_TABLE_ROWS:
        shown = [r for r in run.reports if needs_attention(r)]
    table = Table(
        "kib import",
        [
            Column("File", wrap=True, max_width=40),
            Column("Result"),
            Column("Meeting"),
            Column("§§"),
            Column("Uppdrag"),
            Column("As text"),
            Column("Look"),
            Column("Check"),
        ],
    )
    for r in shown:
        errors = any(c.startswith("error") for c in r.check)
        written = r.status in (WRITTEN, DRY_RUN)
        check = ("errors" if errors else "warnings" if r.check else "ok") if written else ""
        table.add(
            [r.source.name, r.status, r.date, r.paragraphs or "", r.actions or "", len(r.free) or "", len(r.look) or "", check],
            "" if written and not errors else "red",
        )
    print_tables([table], empty="no files")
    lines = []
    if len(shown) < len(run.reports):
        more = len(run.reports) - len(shown)
        lines.append(f"{more} more file{'s' * (more != 1)} imported without remarks")
    if not verbose:
        lines += [r.headline() for r in run.reports if r.status not in (WRITTEN, DRY_RUN)]
    lines.append(", ".join(f"{n} {s}" for s, n in counts(run).items() if n))
    if run.proposed:
        names = ", ".join(p.name for p in run.proposed.values())
        if run.members_added:
            lines.append(f"added to members.yaml: {', '.join(run.members_added)}")
        else:
            lines.append(f"not in members.yaml: {names} (add them with --update-members)")
    echo("".join(line + "\n" for line in lines))


@contextmanager
def import_progress(show: bool) -> Iterator[Callable[[int, int, Path], None] | None]:
    """A progress bar on stderr while documents are imported (only on a terminal)."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total, description=path.name[:40])

        yield advance
