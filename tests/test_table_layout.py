"""Tables on the terminal: kib lays out the columns and line breaks once per table, and the secretary sees
exactly the table rich draws when it measures and wraps every cell itself: the same words on the same
lines, the same column widths, wide characters counted as two cells, red and dim rows still coloured."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from kib.cli import views
from kib.cli.output import Column, Table, one_line, print_tables, text_of
from kib.cli.table_layout import wrap
from kib.record.store import open_root
from kib.register.listing import list_actions

TODAY = dt.date(2010, 12, 1)


def drawn_by_rich(tables: list[Table], width: int) -> str:
    """The tables as rich lays them out on its own, cell by cell (the layout kib must keep)."""
    console = Console(file=io.StringIO(), width=width, highlight=False, soft_wrap=False, color_system=None)
    for table in tables:
        console.print(Text(one_line(table.title), style="bold"))
        grid = RichTable(show_header=True, header_style="bold", expand=False)
        for column in table.columns:
            grid.add_column(column.header, overflow="fold", no_wrap=not column.wrap, max_width=column.max_width)
        for i, (cells, style) in enumerate(zip(table.rows, table.styles, strict=True)):
            if i in table.sections:
                grid.add_section()
            grid.add_row(*(Text(one_line(text_of(c))) for c in cells), style=style or None)
        console.print(grid)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def printed_by_kib(
    tables: list[Table], width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()
    print_tables(tables, empty="inga")
    return capsys.readouterr().out


def uppdrag_tables(root: Path, today: dt.date = TODAY) -> list[Table]:
    return views.actions_tables(list_actions(open_root(root), show_all=True, today=today))


@pytest.mark.parametrize("width", [30, 60, 80, 120, 200])
def test_shipped_uppdrag_table_as_rich_draws_it(
    shipped_root: Path, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = uppdrag_tables(shipped_root)
    shown = printed_by_kib(tables, width, capsys, monkeypatch)
    assert shown == drawn_by_rich(tables, width)
    rows = [line for line in shown.splitlines() if line[:1] in "┏┃┡│├└"]
    assert len({len(line) for line in rows}) == 1 and len(rows[0]) <= width  # every line of the table aligned
    if width >= 80:
        assert "2008-17-1:" in shown and "┃ Ansvarig" in shown and "försenad" in shown


@pytest.mark.parametrize("width", [80, 133])
def test_generated_bodies_table_as_rich_draws_it(
    generated_root: Path, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = uppdrag_tables(generated_root, dt.date(2015, 6, 1))
    assert len(tables) == 2 and all(len(t.rows) > 10 for t in tables)
    shown = printed_by_kib(tables, width, capsys, monkeypatch)
    assert shown == drawn_by_rich(tables, width)
    for record in list_actions(open_root(generated_root), show_all=True, today=TODAY).records:
        assert f"{record.id}:" in shown  # every uppdrag is there, its id leading its task


def awkward_table() -> Table:
    """Wide characters, a word longer than its column, an empty cell, a header longer than its cells."""
    table = Table(
        "Svåra celler",
        [
            Column("Ansvarig", wrap=True, max_width=12),
            Column("Uppdrag", wrap=True),
            Column("Nr"),
            Column("En mycket lång rubrik", wrap=True, max_width=9),
        ],
    )
    table.add(["王小明", "Skriva 漢字 och 😀 i protokollet, ord för ord", 1, dt.date(2024, 1, 2)], "red")
    table.add(
        ["", "Utreda " + "tillgänglighetsanpassningsåtgärderna" * 2 + " snarast", 22, None], "", new_section=False
    )
    table.add(["Åsa Öberg-Ångström (saknas i members.yaml)", "", 333, "nästa sammanträde"], "dim", new_section=True)
    return table


@pytest.mark.parametrize("width", [24, 40, 57, 80, 160])
def test_wide_characters_and_long_words_as_rich_draws_them(
    width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = [awkward_table()]
    assert printed_by_kib(tables, width, capsys, monkeypatch) == drawn_by_rich(tables, width)


def test_wrap_breaks_between_words_and_folds_long_ones() -> None:
    assert wrap("Bjuda in Tove L till nästa", 10, fold=True) == ["Bjuda in", "Tove L", "till nästa"]
    assert wrap("till sfi-undervisningen inför", 10, fold=True) == ["till", "sfi-underv", "isningen", "inför"]
    assert wrap("漢字漢字漢字", 5, fold=True) == ["漢字", "漢字", "漢字"]  # two cells each
    assert wrap("17.30-19.30", 5, fold=False) == ["17.30"]  # a column that does not wrap crops


def test_overdue_rows_red_and_reported_rows_dim_on_a_colour_terminal(
    generated_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    capsys.readouterr()
    print_tables(uppdrag_tables(generated_root, dt.date(2015, 6, 1)), empty="inga")
    lines = capsys.readouterr().out.splitlines()
    late = [line for line in lines if "försenad" in line]
    done = [line for line in lines if " klar" in line]
    assert late and done
    assert all("\x1b[31m" in line.split("försenad")[0] for line in late)
    assert all("\x1b[2m" in line.split(" klar")[0] for line in done)
    assert all("\x1b[" not in line for line in lines if "öppen" in line)
