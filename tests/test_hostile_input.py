"""Hostile input gets one line, never a hang: calendars, FIFOs, devices, folders, names with line breaks.

Calendar expansion for `--conflicts` is bounded to the year asked for (old open-ended rules start near
it; a time and an occurrence cap stop the rest); anything but a regular file given as input is refused
without blocking; control characters and line breaks in names are `kib check` errors with file:line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_kib

from kib.calendar.conflicts import load_ics
from kib.errors import KibError

posix_only = pytest.mark.skipif(os.name == "nt", reason="FIFOs and /dev/zero are POSIX")


def calendar(path: Path, rule: str, start: str = "00010101T170000", end: str = "00010101T190000") -> Path:
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//x//SV\r\nBEGIN:VEVENT\r\nUID:bomb@test\r\n"
        f"DTSTAMP:20090101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:Nämnd\r\nRRULE:{rule}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def kib_process(*args: str, timeout: float = 30) -> tuple[int, str, str, float]:
    """kib in a process of its own, under a memory cap where the system has one, timed."""

    def cap() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kib", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap if os.name != "nt" else None,
        env={**os.environ, "KIB_NO_CACHE": "1"},
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def test_an_open_ended_rule_from_year_one_gives_the_right_days_at_once(tmp_path: Path) -> None:
    path = calendar(tmp_path / "varannan.ics", "FREQ=DAILY;INTERVAL=2")
    started = time.monotonic()
    events = load_ics(path, 2009)
    assert time.monotonic() - started < 1.5
    days = [e.first_day for e in events]
    expected = [
        day
        for day in (dt.date(2009, 1, 1) + dt.timedelta(days=n) for n in range(365))
        if (day - dt.date(1, 1, 1)).days % 2 == 0
    ]
    assert days == expected
    assert {(e.start.hour, e.end.hour) for e in events if e.start and e.end} == {(17, 19)}


@pytest.mark.slow
def test_an_hourly_rule_from_year_one_rules_out_every_day(shipped_root: Path, tmp_path: Path) -> None:
    path = calendar(tmp_path / "varje-timme.ics", "FREQ=HOURLY", "00010101T000000", "00010101T010000")
    code, _out, err, took = kib_process("--root", str(shipped_root), "propose-dates", "2009", "--conflicts", str(path))
    assert took < 10, took
    assert code == 1 and "no possible wednesday in 2009" in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY",
        "FREQ=SECONDLY;COUNT=100000000",
        "FREQ=YEARLY;BYYEARDAY=" + ",".join(map(str, range(1, 60))) + ";BYHOUR=" + ",".join(map(str, range(24)))
        + ";BYMINUTE=" + ",".join(map(str, range(60))),
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    ],
    ids=["secondly", "minutely", "secondly-count", "multiplying-byxxx", "impossible"],
)
def test_a_rule_that_cannot_be_expanded_in_time_gets_one_line(shipped_root: Path, tmp_path: Path, rule: str) -> None:
    path = calendar(tmp_path / "bomb.ics", rule)
    code, _out, err, took = kib_process("--root", str(shipped_root), "propose-dates", "2009", "--conflicts", str(path))
    assert took < 10, took
    assert code in (0, 1, 2), err
    if code != 0:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert "bomb.ics" in lines[0] or "no possible wednesday" in lines[0]


def test_interval_zero_is_named(tmp_path: Path) -> None:
    path = calendar(tmp_path / "noll.ics", "FREQ=DAILY;INTERVAL=0")
    with pytest.raises(KibError, match=r"event 'Nämnd': RRULE INTERVAL=0 is not a repetition"):
        load_ics(path, 2009)


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_calendar_that_is_no_file_is_refused_at_once(shipped_root: Path, tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "kalender.ics"
        os.mkfifo(target)
    elif kind == "device":
        target = tmp_path / "noll.ics"
        target.symlink_to("/dev/zero")
    else:
        target = tmp_path / "mapp.ics"
        target.mkdir()
    code, _out, err, took = kib_process(
        "--root", str(shipped_root), "propose-dates", "2009", "--conflicts", str(target), timeout=20
    )
    assert took < 10
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert target.name in err and re.search(r"is (a pipe|a device or socket|a folder)", err), err


@posix_only
@pytest.mark.parametrize("which", ["meeting", "members", "school-holidays", "template"])
def test_an_input_file_that_is_a_fifo_never_blocks(shipped_root: Path, which: str) -> None:
    if which == "meeting":
        fifo = shipped_root / "meetings" / "2011-01-12.yaml"
        os.mkfifo(fifo)
        args = ("sign", str(fifo), "--date", "2011-01-20")
    elif which == "members":
        fifo = shipped_root / "extra.yaml"
        os.mkfifo(fifo)
        args = ("propose-dates", "2009", "--conflicts", str(fifo))
    elif which == "school-holidays":
        fifo = shipped_root / "school_holidays.yaml"
        os.mkfifo(fifo)
        args = ("propose-dates", "2009")
    else:
        fifo = shipped_root / "mall.docx"
        os.mkfifo(fifo)
        args = ("render", "minutes", "2008-09", "--template", str(fifo))
    code, _out, err, took = kib_process("--root", str(shipped_root), *args, timeout=20)
    assert took < 10 and code in (1, 2), (code, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  name: Kompetens- och integrationsberedningen", '  name: "Kompetens-\\noch integrationsberedningen"', "body.name"),
        ("  - name: Anders Nordmark", '  - name: "Anders\\nNordmark"', "members.2.name"),
        ("    title: stadsdirektör", '    title: "stads\\rdirektör"', "officials.0.title"),
        ("  - name: Lennart Jonasson", '  - name: "Lennart\\u2028Jonasson"', "officials.0.name"),
        ("  organisation: Nacka kommun", '  organisation: "Nacka\\tkommun"', "body.organisation"),
    ],
)
def test_a_line_break_in_a_name_is_a_check_error_at_its_line(shipped_root: Path, old: str, new: str, where: str) -> None:
    path = shipped_root / "members.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert re.search(rf"members\.yaml:{line}:\d+: error: {re.escape(where)} holds (a line break|a tab)", check.stdout), check.stdout


def test_a_line_break_in_a_meeting_name_is_a_check_error(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    text = path.read_text(encoding="utf-8")
    old = "presiding: Jan-Eric Jansson"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, 'presiding: "Jan-Eric\\nJansson"', 1), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert re.search(rf"meetings/2007-03-26\.yaml:{line}:\d+: error: presiding holds a line break", check.stdout), check.stdout


def test_a_body_name_with_a_line_break_does_not_break_the_calendar(shipped_root: Path, tmp_path: Path) -> None:
    path = shipped_root / "members.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  name: Kompetens- och integrationsberedningen", '  name: "Kompetens-\\noch integrationsberedningen"', 1),
        encoding="utf-8",
    )
    out = tmp_path / "kib-2009.ics"
    result = run_kib("--root", str(shipped_root), "propose-dates", "2009", "--format", "ics", "-o", str(out))
    assert result.exit_code == 0, result.output
    import icalendar

    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Kompetens- och integrationsberedningen 2009"
    assert len(list(calendar.walk("VEVENT"))) == 7
