"""open-actions and propose-dates as the secretary and her spreadsheet meet them: tables in one language that
fit the terminal, CSV that Excel opens, a real workbook, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import TERMINAL, run_kib
from typer.testing import CliRunner

from kib.cli import app

TODAY = "2010-12-01"


def actions(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_kib("--root", str(root), "open-actions", "--today", TODAY, *args)


def plant_task(root: Path, text: str) -> None:
    """Give uppdrag 2008-16-1 this task (quoted for YAML), as a careless or hostile user might type it."""
    path = root / "meetings" / "2008-09-10.yaml"
    data = path.read_text(encoding="utf-8")
    start = data.index("task: ", data.index('id: "2008-16-1"'))
    end = data.index("\n", start)
    path.write_text(data[:start] + "task: " + json.dumps(text, ensure_ascii=False) + data[end:], encoding="utf-8")


# ---------------------------------------------------------------- the terminal table


@pytest.mark.parametrize("width", [60, 80, 120])
def test_table_fits_the_terminal(shipped_root: Path, width: int) -> None:
    result = CliRunner(env={**TERMINAL, "COLUMNS": str(width)}).invoke(
        app, ["--root", str(shipped_root), "open-actions", "--all", "--today", TODAY]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    assert any(len(line) > width - 10 for line in lines if line.startswith("┏"))  # uses the room it has
    assert "\x1b" not in result.stdout  # no colour where none is wanted


def test_table_speaks_swedish_only(shipped_root: Path) -> None:
    result = actions(shipped_root, "--all")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for word in ("Ansvarig", "Uppdrag", "Från", "Senast", "Status", "alla uppdrag", "försenad", "öppen"):
        assert word in text
    for english in ("open", "OVERDUE", "done", "Owner", "Task", "not in members.yaml"):
        assert english not in text


def test_a_reported_uppdrag_is_klar_with_its_date(shipped_root: Path) -> None:
    done = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2010-11-04")
    assert done.exit_code == 0, done.output
    text = actions(shipped_root, "--all").stdout
    assert "klar" in text and "2010-11-04" in text


def test_propose_dates_table_speaks_swedish_only(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "propose-dates", "2009", "--explain")
    assert result.exit_code == 0, result.output
    for word in ("Datum", "Vecka", "Anmärkning", "Skäl", "föreslås", "avvisas", "föreslagna"):
        assert word in result.stdout
    for english in ("Date", "Week", "Reason", "proposed", "rejected", "available"):
        assert english not in result.stdout


# ---------------------------------------------------------------- CSV


def test_csv_on_stdout_is_plain_comma_separated(shipped_root: Path) -> None:
    result = actions(shipped_root, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["id"] for row in rows} >= {"2008-16-1", "2007-8-1"}
    assert {row["status"] for row in rows} == {"open"}  # the data's own words, as in JSON


def test_csv_file_is_for_excel(shipped_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "uppdrag.csv"
    result = actions(shipped_root, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel then reads å, ä, ö
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    by_id = {row["id"]: row for row in rows}
    assert by_id["2007-8-1"]["owner"] == "Inger Bäcklund"
    assert by_id["2007-8-1"]["due"] == "2007-06-20"
    assert by_id["2007-8-1"]["overdue"] == "True"


def test_formula_cells_are_neutralised_in_csv(shipped_root: Path, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    for n, text in enumerate(hostile):
        plant_task(shipped_root, text)
        for target in (None, tmp_path / f"u{n}.csv"):
            args = ["--root", str(shipped_root), "open-actions", "--format", "csv"]
            result = CliRunner(env=TERMINAL).invoke(app, args + (["-o", str(target)] if target else []))
            assert result.exit_code == 0, result.output
            # the bytes as written: a runner's text output would turn a lone carriage return into a line end
            content = (target.read_bytes() if target else result.stdout_bytes).decode("utf-8-sig")
            rows = csv.DictReader(io.StringIO(content, newline=""), delimiter=";" if target else ",")
            task = next(row["task"] for row in rows if row["id"] == "2008-16-1")
            assert task == "'" + text


# ---------------------------------------------------------------- the workbook


def test_workbook_is_a_real_workbook(shipped_root: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "uppdrag.xlsx"
    plant_task(shipped_root, "=cmd|' /C calc'!A0")
    result = actions(shipped_root, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Id", "Ansvarig", "Uppdrag", "Sammanträde"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width  # the task gets room
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    first = rows["2007-8-1"]
    assert first["Ansvarig"] == "Inger Bäcklund" and first["Status"] == "försenad"
    assert isinstance(first["Sammanträde"], dt.datetime) and first["Sammanträde"].date() == dt.date(2007, 5, 2)
    assert isinstance(first["Senast"], dt.datetime) and first["Paragraf"] == 8
    planted = sheet.cell(row=[r[0].value for r in sheet.iter_rows()].index("2008-16-1") + 1, column=3)
    assert planted.value == "'=cmd|' /C calc'!A0" and planted.data_type == "s"


def test_workbook_needs_a_file(shipped_root: Path) -> None:
    result = actions(shipped_root, "--format", "xlsx")
    assert result.exit_code == 2 and "-o" in result.stderr and result.stdout == ""


# ---------------------------------------------------------------- files are never overwritten unasked


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "xlsx"])
def test_an_existing_file_needs_force(shipped_root: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"uppdrag.{fmt}"
    target.write_bytes(b"the secretary's own file")
    refused = actions(shipped_root, "--format", fmt, "-o", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == b"the secretary's own file"
    forced = actions(shipped_root, "--format", fmt, "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != b"the secretary's own file"


def test_json_and_markdown_to_a_file(shipped_root: Path, tmp_path: Path) -> None:
    as_json = tmp_path / "u.json"
    assert actions(shipped_root, "--format", "json", "-o", str(as_json)).exit_code == 0
    assert {row["id"] for row in json.loads(as_json.read_text(encoding="utf-8"))} >= {"2008-16-1"}
    as_md = tmp_path / "u.md"
    assert actions(shipped_root, "--format", "markdown", "-o", str(as_md)).exit_code == 0
    text = as_md.read_text(encoding="utf-8")
    assert "| Id | Ansvarig | Uppdrag |" in text and "| 2008-16-1 | Lennart Jonasson |" in text


def test_a_table_is_not_written_to_a_file(shipped_root: Path, tmp_path: Path) -> None:
    result = actions(shipped_root, "-o", str(tmp_path / "t.txt"))
    assert result.exit_code == 2 and not (tmp_path / "t.txt").exists()


# ---------------------------------------------------------------- one broken file hides nothing else


def test_a_broken_meeting_file_does_not_hide_the_others(shipped_root: Path) -> None:
    broken = shipped_root / "meetings" / "2008-09-10.yaml"
    broken.write_text("date: 2008-09-10\nparagraphs: [\n", encoding="utf-8")
    for fmt in ("table", "json"):
        result = actions(shipped_root, "--format", fmt)
        assert result.exit_code == 1
        assert "2007-8-1" in result.stdout and "2008-16-1" not in result.stdout
        [line] = result.stderr.splitlines()
        assert line.startswith("meetings/2008-09-10.yaml:") or "2008-09-10.yaml:" in line
        assert "warning:" in line and "kib check" in line and "not listed" in line
    assert json.loads(actions(shipped_root, "--format", "json").stdout)  # still valid JSON on stdout
