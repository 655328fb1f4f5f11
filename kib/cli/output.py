"""Rows of cells as a terminal table, CSV, Markdown, an Excel workbook or JSON, and writing them out.

Every format imports its library only when asked for (rich, openpyxl, csv, json), so commands that print
nothing of the kind start fast. Cells are plain values: text, numbers, dates or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import typer

from kib.errors import ExitCode, KibError, visible

Cell = Union[str, int, dt.date, None]

#: What a spreadsheet would take for the start of a formula (OWASP, "CSV injection"): such a cell gets a `'`.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    """A column: its header, and for the terminal whether it may wrap and a minimum width."""

    header: str
    wrap: bool = False
    max_width: int | None = None  # on the terminal; a longer cell wraps
    xlsx_width: int = 12


@dataclass
class Table:
    """A titled table; `sections` start a new group of rows (drawn with a line between them)."""

    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # per row: "", "red", "dim"
    sections: set[int] = field(default_factory=set)  # row indexes that start a group

    def add(self, cells: list[Cell], style: str = "", *, new_section: bool = False) -> None:
        if new_section and self.rows:
            self.sections.add(len(self.rows))
        self.rows.append(cells)
        self.styles.append(style)


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def one_line(text: str) -> str:
    """A cell on one line: line breaks and tabs as spaces, characters a terminal would act on as escapes."""
    return visible(" ".join(text.replace("\t", " ").splitlines()))


def neutralised(cell: Cell) -> Cell:
    """Text a spreadsheet would run as a formula, with a leading `'` so it stays text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


# ---------------------------------------------------------------- terminal


def print_tables(tables: Sequence[Table], *, empty: str) -> None:
    """Tables on stdout, as wide as the terminal (COLUMNS when set, 80 when not a terminal), colour only on one.

    A table without rows is its title and `empty`.
    """
    from rich.console import Console
    from rich.text import Text

    from .table_layout import rich_table

    class Terminal(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # the reader went away: the CLI's boundary ends quietly, exit code 0

    console = Terminal(
        highlight=False, markup=False, emoji=False, soft_wrap=False, file=typer.get_text_stream("stdout")
    )
    for table in tables:
        title = one_line(table.title)
        if not table.rows:
            console.print(Text(f"{title}: {empty}"))
            continue
        console.print(Text(title, style="bold"))
        texts = [[c.header for c in table.columns], *([one_line(text_of(c)) for c in row] for row in table.rows)]
        grid = rich_table(table, texts, console)
        # laid out to the console's width: cropped only where a terminal is too narrow for any table
        wide = sum(column.width or 1 for column in grid.columns) + len(grid.columns) + 1 > console.width
        console.print(grid, crop=wide)


# ---------------------------------------------------------------- files and data


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, excel: bool) -> str:
    """CSV as RFC 4180 writes it (CRLF line ends, so a line break inside a cell is always quoted); for Excel
    (`excel`) with `;` between cells, as Excel in a Swedish locale expects. Cells that would start a formula
    are neutralised either way.
    """
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([neutralised(h) for h in headers])
    for row in rows:
        writer.writerow([text_of(neutralised(c)) for c in row])
    return buffer.getvalue()


def markdown(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A Markdown section: the title as a heading and one table row per row, whatever a cell holds."""
    lines = [f"## {one_line(title)}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(one_line(text_of(c)).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n"


def xlsx_bytes(sheets: Sequence[Table]) -> bytes:
    """An Excel workbook, one sheet per table: a bold frozen header row, column widths, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in sheets:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([c.header for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralised(c) for c in row])
        for n, column in enumerate(table.columns, 1):
            sheet.column_dimensions[get_column_letter(n)].width = column.xlsx_width
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    if not sheets:
        book.create_sheet("Blad1")
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in one_line(title)).strip()[:31] or "Blad"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def json_text(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- writing


def refuse_existing(path: Path, *, force: bool) -> None:
    """Stop before any work when the output file exists and --force was not given."""
    if path.is_dir():
        raise KibError("is a folder; give a file name with -o", file=path)
    if not force and path.exists():
        raise KibError(
            "already exists; kib never overwrites a file unasked (add --force to replace it)",
            file=path,
            exit_code=ExitCode.USAGE,
        )


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write a new file atomically; an existing one only with `force`."""
    from kib.record.edit import write_bytes_atomic

    refuse_existing(path, force=force)
    write_bytes_atomic(path, data, overwrite=force)


def echo(text: str) -> None:
    """Text on stdout as it is (the caller ends its lines)."""
    typer.echo(text, nl=False)


def echo_bytes(data: bytes) -> None:
    """Bytes on stdout untouched (an iCalendar file's CRLF line ends)."""
    typer.echo(data, nl=False)


def warn(message: str) -> None:
    typer.echo(message, err=True)
