"""`kib propose-dates`: every kind of conflict with real dates, selection, output formats and adoption."""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise
from pathlib import Path

import pytest

from kib.calendar import rules
from kib.calendar.rules import HolidayEntry, calendar_reasons, derive_eves, election_day
from kib.calendar.select import capacity, spread
from kib.calendar.weekdays import parse_weekday
from kib.errors import UsageError

D = dt.date.fromisoformat

MEMBERS = """\
# a test body
body:
  name: Testberedningen
  short_name: TB
  organisation: Testkommun
  place: Stadshuset, sal 3
  time: "17.30-19.30"
  weekday: onsdag
  meetings_per_year: 7
members:
  - name: Anna Andersson
    party: s
    role: ordförande
  - name: Bertil Berg
    party: m
"""


@pytest.fixture
def body_root(tmp_path: Path) -> Path:
    """A minimal data root: members.yaml only."""
    root = tmp_path / "tb"
    root.mkdir()
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    return root


def propose_json(kib, root: Path, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = kib("--root", str(root), "propose-dates", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def rejected(data: dict) -> dict[str, list[str]]:
    return {item["date"]: item["reasons"] for item in data["rejected"]}


def proposed(data: dict) -> list[str]:
    return [item["date"] for item in data["proposed"]]


def has(reasons: list[str], text: str) -> bool:
    return any(text.casefold() in r.casefold() for r in reasons)


def assert_clean_failure(result, *texts: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    for text in texts:
        assert text in result.output


# ---------------------------------------------------------------- weekday names


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("mon", 0),
        ("Måndag", 0),
        ("mån", 0),
        ("tue", 1),
        ("tisdag", 1),
        ("wed", 2),
        ("WEDNESDAY", 2),
        ("onsdag", 2),
        ("ons", 2),
        ("onsdagar", 2),
        ("thu", 3),
        ("tors", 3),
        ("fri", 4),
        ("fre", 4),
        ("lör", 5),
        ("saturday", 5),
        ("sön", 6),
        ("sun", 6),
    ],
)
def test_weekday_names(text: str, number: int) -> None:
    assert parse_weekday(text) == number


def test_unknown_weekday_lists_accepted_forms() -> None:
    with pytest.raises(UsageError) as info:
        parse_weekday("onsdg")
    assert "wed/wednesday/ons/onsdag" in info.value.message


def test_unknown_weekday_on_the_command_line(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(body_root), "propose-dates", "2009", "--weekday", "midweek")
    assert result.exit_code == 2
    assert_clean_failure(result, "unknown weekday 'midweek'", "mån/måndag")


def test_weekday_default_from_members_yaml(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    data = propose_json(kib, body_root, "2009")
    assert data["weekday"] == "wednesday"
    assert data["time"] == "17:30-19:30"
    assert all(D(d).weekday() == 2 for d in proposed(data))


# ---------------------------------------------------------------- holidays and eves


def test_skartorsdag_moves_with_easter() -> None:
    assert has(calendar_reasons(D("2009-04-09")), "Skärtorsdag")
    assert has(calendar_reasons(D("2010-04-01")), "Skärtorsdag")
    assert not has(calendar_reasons(D("2009-04-02")), "Skärtorsdag")
    assert not has(calendar_reasons(D("2010-04-08")), "Skärtorsdag")


def test_day_before_kristi_himmelsfard_is_a_wednesday_eve(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    data = propose_json(kib, body_root, "2009", "--weekday", "wed")
    assert has(rejected(data)["2009-05-20"], "Dag före Kristi himmelsfärdsdag")
    data = propose_json(kib, body_root, "2010", "--weekday", "ons")
    assert has(rejected(data)["2010-05-12"], "Dag före Kristi himmelsfärdsdag")
    assert "2009-05-13" not in rejected(propose_json(kib, body_root, "2009"))


def test_midsommarafton_on_fridays(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    data = propose_json(kib, body_root, "2009", "--weekday", "fri")
    assert has(rejected(data)["2009-06-19"], "Midsommarafton")
    data = propose_json(kib, body_root, "2010", "--weekday", "fredag")
    assert has(rejected(data)["2010-06-25"], "Midsommarafton")
    assert not has(rejected(data).get("2010-06-18", []), "Midsommarafton")


def test_trettondagsafton_and_allhelgonaafton() -> None:
    assert has(calendar_reasons(D("2010-01-05")), "Trettondagsafton")
    assert has(calendar_reasons(D("2009-01-05")), "Trettondagsafton")
    assert has(calendar_reasons(D("2009-10-30")), "helgonsafton")  # the Friday before Alla helgons dag
    assert has(calendar_reasons(D("2010-11-05")), "helgonsafton")
    assert has(calendar_reasons(D("2009-12-24")), "Julafton")
    assert has(calendar_reasons(D("2009-12-31")), "Nyårsafton")
    assert has(calendar_reasons(D("2009-04-30")), "Valborgsmässoafton")


def test_the_day_before_an_eve_is_no_helgafton(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    # 23 and 30 December 2009 are Wednesdays; with a school year that has no jullov, nothing rejects them
    (body_root / "school_holidays.yaml").write_text("2009:\n  - {name: sportlov, week: 9}\n", encoding="utf-8")
    data = propose_json(kib, body_root, "2009", "--weekday", "wed", "--count", "20")
    assert "2009-12-23" not in rejected(data)
    assert "2009-12-30" not in rejected(data)
    assert "2009-12-23" in proposed(data) or "2009-12-30" in proposed(data)
    # with the default jullov it is rejected for the school holiday alone
    assert calendar_reasons(D("2009-12-23")) == ["skollov: jullov"]
    assert not has(calendar_reasons(D("2010-06-24")), "helgafton")  # the day before midsommarafton
    assert has(calendar_reasons(D("2009-12-24")), "helgafton: Julafton")


def test_public_holiday_named_in_swedish() -> None:
    assert "helgdag: Nationaldagen" in calendar_reasons(D("2010-06-06"))
    assert "helgdag: Trettondedag jul" in calendar_reasons(D("2010-01-06"))


def test_derive_eves_from_red_days_when_the_package_lacks_them() -> None:
    red = [
        HolidayEntry(D("2009-05-21"), "public", "Kristi himmelsfärdsdag"),
        HolidayEntry(D("2009-04-10"), "public", "Långfredagen"),
        HolidayEntry(D("2009-10-31"), "public", "Alla helgons dag"),
        HolidayEntry(D("2010-01-01"), "public", "Nyårsdagen"),
    ]
    derived = {e.day: e.name for e in derive_eves(red, 2009)}
    assert derived[D("2009-05-20")] == "Dag före Kristi himmelsfärdsdag"
    assert derived[D("2009-04-09")] == "Skärtorsdagen"
    assert derived[D("2009-10-30")] == "Allhelgonaafton"
    assert derived[D("2009-12-31")] == "Nyårsafton"
    # a date the package already names is left alone
    named = [*red, HolidayEntry(D("2009-05-20"), "bank", "Dag före Kristi himmelsfärdsdag (från kl. 14.00)")]
    assert D("2009-05-20") not in {e.day for e in derive_eves(named, 2009)}


# ---------------------------------------------------------------- school holidays, summer, elections


def test_sportlov_week_9_and_hostlov_week_44() -> None:
    assert "skollov: sportlov v. 9" in calendar_reasons(D("2009-02-25"))
    assert not calendar_reasons(D("2009-02-18"))
    assert "skollov: höstlov v. 44" in calendar_reasons(D("2009-10-28"))
    assert "skollov: höstlov v. 44" in calendar_reasons(D("2010-11-03"))
    assert not calendar_reasons(D("2009-10-21"))


def test_pasklov_follows_easter() -> None:
    assert "skollov: påsklov v. 16" in calendar_reasons(D("2009-04-15"))  # Easter 12 April 2009
    assert "skollov: påsklov v. 14" in calendar_reasons(D("2010-04-07"))  # Easter 4 April 2010
    assert not calendar_reasons(D("2010-04-14"))


def test_jullov_reaches_into_january() -> None:
    assert "skollov: jullov" in calendar_reasons(D("2009-01-07"))
    assert "skollov: jullov" in calendar_reasons(D("2009-12-21"))
    assert not calendar_reasons(D("2009-01-14"))


def test_summer_blackout() -> None:
    for day in ("2009-07-01", "2009-07-29", "2009-08-12"):
        assert has(calendar_reasons(D(day)), "sommaruppehåll")
    assert not has(calendar_reasons(D("2009-08-19")), "sommaruppehåll")
    assert not calendar_reasons(D("2009-08-26"))


def test_election_days() -> None:
    assert election_day(2006) == D("2006-09-17")
    assert election_day(2010) == D("2010-09-19")  # third Sunday of September before 2014
    assert election_day(2014) == D("2014-09-14")  # second Sunday from 2014
    assert election_day(2018) == D("2018-09-09")
    assert election_day(2022) == D("2022-09-11")
    assert election_day(2026) == D("2026-09-13")
    assert election_day(2009) is None


def test_election_2010_rejects_two_wednesdays(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    refused = rejected(propose_json(kib, body_root, "2010"))
    assert has(refused["2010-09-08"], "19 september 2010")
    assert has(refused["2010-09-15"], "valveckan")
    assert "2010-09-01" not in refused
    assert "2010-09-22" not in refused


@pytest.mark.parametrize(
    ("year", "wednesdays", "free"),
    [(2014, ("2014-09-03", "2014-09-10"), "2014-09-17"), (2026, ("2026-09-02", "2026-09-09"), "2026-09-16")],
)
def test_election_second_sunday(year: int, wednesdays: tuple[str, str], free: str) -> None:
    for day in wednesdays:
        assert has(calendar_reasons(D(day)), "allmänna val")
    assert not calendar_reasons(D(free))
    assert not calendar_reasons(D(f"{year}-08-26" if year == 2026 else "2014-08-27"))


def test_school_holidays_file_overrides_a_year(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    (body_root / "school_holidays.yaml").write_text(
        "# Stockholms stad 2009\n2009:\n  - {name: sportlov, week: 9}\n  - {name: påsklov, start: 2009-04-06, end: 2009-04-09}\n",
        encoding="utf-8",
    )
    refused = rejected(propose_json(kib, body_root, "2009"))
    assert refused["2009-04-08"] == ["skollov: påsklov"]
    assert "2009-04-15" not in refused  # the default påsklov is replaced
    assert "2009-10-28" not in refused  # no höstlov listed for 2009
    assert has(refused["2009-01-07"], "jullov")  # 2008's jullov (default) still reaches into January


def test_bad_school_holidays_file(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    (body_root / "school_holidays.yaml").write_text(
        "2009:\n  - name: påsklov\n    start: 2009-04-10\n    end: 2009-04-06\n", encoding="utf-8"
    )
    result = kib("--root", str(body_root), "propose-dates", "2009")
    assert_clean_failure(result, "school_holidays.yaml:2", "ends 2009-04-06 before it starts")


# ---------------------------------------------------------------- other bodies' meetings

OUTLOOK_ICS = """\
BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000-kf
SUMMARY:Kommunfullmäktige
DTSTART;TZID=W. Europe Standard Time:20090114T180000
DTEND;TZID=W. Europe Standard Time:20090114T210000
RRULE:FREQ=WEEKLY;INTERVAL=4;BYDAY=WE;COUNT=6
EXDATE;TZID=W. Europe Standard Time:20090311T180000
DTSTAMP:20081201T120000Z
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000-kf
RECURRENCE-ID;TZID=W. Europe Standard Time:20090408T180000
SUMMARY:Kommunfullmäktige
DTSTART;TZID=W. Europe Standard Time:20090401T180000
DTEND;TZID=W. Europe Standard Time:20090401T210000
DTSTAMP:20081201T120000Z
END:VEVENT
BEGIN:VEVENT
UID:ks-lunch
SUMMARY:Kommunstyrelsen
DTSTART;TZID=W. Europe Standard Time:20090121T130000
DTEND;TZID=W. Europe Standard Time:20090121T160000
DTSTAMP:20081201T120000Z
END:VEVENT
BEGIN:VEVENT
UID:utc-event
SUMMARY:Partigrupp (s)
DTSTART:20090916T163000Z
DTEND:20090916T180000Z
DTSTAMP:20081201T120000Z
END:VEVENT
BEGIN:VEVENT
UID:all-day
SUMMARY:Budgetdag
DTSTART;VALUE=DATE:20090128
DTEND;VALUE=DATE:20090129
DTSTAMP:20081201T120000Z
END:VEVENT
END:VCALENDAR
"""


def test_outlook_ics_with_recurrence_exceptions(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ics = tmp_path / "kf.ics"
    ics.write_bytes(OUTLOOK_ICS.replace("\n", "\r\n").encode("utf-8"))
    data = propose_json(kib, body_root, "2009", "--conflicts", str(ics))
    refused = rejected(data)
    # the weekly series every fourth Wednesday: 14 Jan, 11 Feb, (11 Mar excluded), (8 Apr moved to 1 Apr), 6 May, 3 Jun
    for day in ("2009-01-14", "2009-02-11", "2009-05-06", "2009-06-03"):
        assert "Kommunfullmäktige 18.00–21.00" in refused[day], day
    assert "2009-03-11" not in refused  # EXDATE
    assert "2009-04-08" not in refused  # moved away (RECURRENCE-ID)
    assert "Kommunfullmäktige 18.00–21.00" in refused["2009-04-01"]  # moved here
    assert "2009-01-21" not in refused  # 13.00–16.00 does not overlap 17.30–19.30
    assert refused["2009-01-28"] == ["Budgetdag (heldag)"]
    assert refused["2009-09-16"] == ["Partigrupp (s) 18.30–20.00"]  # 16.30Z is 18.30 in Stockholm summer time


def test_non_overlapping_event_is_a_note(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ics = tmp_path / "kf.ics"
    ics.write_text(OUTLOOK_ICS, encoding="utf-8")
    result = kib("--root", str(body_root), "propose-dates", "2009", "--conflicts", str(ics), "--explain")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("│ 2009-01-21"))
    assert "samma dag: Kommunstyrelsen 13.00–16.00" in line


def test_yaml_conflict_list(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    (body_root / "andra.yaml").write_text(
        '- {date: 2009-02-11, start: "18.00", end: "21.00", title: Kommunfullmäktige}\n'
        "- {date: 2009-02-18, title: Studieresa}\n"
        "- {date: 2009-03-04, start: 13.00, end: 15.00, title: Kommunstyrelsen}\n"
        "- {date: 2009-03-18, start: 19.00, end: 20.00, title: Gruppmöte}\n",
        encoding="utf-8",
    )
    text = (body_root / "members.yaml").read_text(encoding="utf-8")
    (body_root / "members.yaml").write_text(
        text.replace("  meetings_per_year: 7\n", "  meetings_per_year: 7\n  conflicts: [andra.yaml]\n"),
        encoding="utf-8",
    )
    refused = rejected(propose_json(kib, body_root, "2009"))
    assert refused["2009-02-11"] == ["Kommunfullmäktige 18.00–21.00"]
    assert refused["2009-02-18"] == ["Studieresa (heldag)"]
    assert "2009-03-04" not in refused
    assert refused["2009-03-18"] == ["Gruppmöte 19.00–20.00"]


def test_bad_yaml_conflict_list(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "andra.yaml"
    bad.write_text("- {date: 2009-02-11, title: KF}\n- {title: KS, start: '18.00', end: '20.00'}\n", encoding="utf-8")
    result = kib("--root", str(body_root), "propose-dates", "2009", "--conflicts", str(bad))
    assert_clean_failure(result, "andra.yaml:2", "date")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"this is not a calendar\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nTHIS LINE IS BROKEN\r\nEND:VCALENDAR\r\n", "not a valid iCalendar file"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20090101T100000Z\r\n"
            b"RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "kf.ics",
        ),
    ],
)
def test_invalid_ics(kib, body_root: Path, tmp_path: Path, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    ics = tmp_path / "kf.ics"
    ics.write_bytes(content)
    result = kib("--root", str(body_root), "propose-dates", "2009", "--conflicts", str(ics))
    assert_clean_failure(result, "kf.ics", message)


def test_conflicts_named_in_members_yaml_point_at_the_line(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    text = (body_root / "members.yaml").read_text(encoding="utf-8")
    (body_root / "members.yaml").write_text(
        text.replace("  weekday: onsdag\n", "  weekday: onsdag\n  conflicts: [kf.ics]\n"), encoding="utf-8"
    )
    result = kib("--root", str(body_root), "propose-dates", "2009")
    assert result.exit_code == 2
    assert_clean_failure(result, "members.yaml:9:", "body.conflicts[0]: 'kf.ics': no such file")


def test_bad_default_weekday_in_members_yaml(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    text = (body_root / "members.yaml").read_text(encoding="utf-8")
    (body_root / "members.yaml").write_text(text.replace("weekday: onsdag", "weekday: midvecka"), encoding="utf-8")
    result = kib("--root", str(body_root), "propose-dates", "2009")
    assert_clean_failure(result, "members.yaml:8:", "body.weekday: unknown weekday 'midvecka'")
    assert kib("--root", str(body_root), "propose-dates", "2009", "--weekday", "tue").exit_code == 0


def test_missing_conflict_file(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(body_root), "propose-dates", "2009", "--conflicts", str(tmp_path / "nope.ics"))
    assert result.exit_code == 2
    assert_clean_failure(result, "nope.ics", "file not found")


# ---------------------------------------------------------------- förhinder


def test_forhinder_weekday_warns_and_dates_are_avoided(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    text = (body_root / "members.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - name: Bertil Berg\n    party: m\n",
        "  - name: Bertil Berg\n    party: m\n    forhinder:\n      weekdays: [onsdag]\n"
        "  - name: Cecilia Ek\n    forhinder:\n      dates: [2009-02-04, 2009-02-05]\n",
    )
    (body_root / "members.yaml").write_text(text, encoding="utf-8")
    data = propose_json(kib, body_root, "2009", "--weekday", "wed")
    assert any("Bertil Berg" in w and "onsdagar" in w for w in data["warnings"])
    assert rejected(data)["2009-02-04"] == ["förhinder: Cecilia Ek"]
    data = propose_json(kib, body_root, "2009", "--weekday", "tisdag")
    assert not any("Bertil Berg" in w for w in data["warnings"])


# ---------------------------------------------------------------- selection


def test_selection_spacing_terms_and_determinism(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    for year in (2009, 2010, 2026):
        first = propose_json(kib, body_root, str(year))
        second = propose_json(kib, body_root, str(year))
        assert first == second
        days = [D(d) for d in proposed(first)]
        assert len(days) == 7
        assert all((b - a).days >= 14 for a, b in pairwise(days))
        spring = [d for d in days if d.month <= 6]
        autumn = [d for d in days if d.month >= 8]
        assert len(spring) + len(autumn) == 7 and len(spring) >= 3 and len(autumn) >= 3
        assert not set(proposed(first)) & set(rejected(first))


def test_too_few_days_warns_and_proposes_what_exists(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    data = propose_json(kib, body_root, "2009", "--count", "30")
    days = [D(d) for d in proposed(data)]
    assert 10 < len(days) < 30
    assert all((b - a).days >= 14 for a, b in pairwise(days))
    assert any("för få" in w and "30" in w for w in data["warnings"])


def test_spread_unit() -> None:
    days = [D("2009-01-14") + dt.timedelta(weeks=n) for n in range(20)]
    chosen = spread(days, 4).days
    assert len(chosen) == 4
    assert all((b - a).days >= 14 for a, b in pairwise(chosen))
    assert spread(days, 4) == spread(list(reversed(days)), 4)
    assert capacity(days) == 10
    assert spread(days[:3], 5).days == [D("2009-01-14"), D("2009-01-28")]


def test_no_possible_day_is_an_error(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    (body_root / "school_holidays.yaml").write_text(
        "2009:\n  - {name: hela året, start: 2009-01-01, end: 2009-12-31}\n", encoding="utf-8"
    )
    result = kib("--root", str(body_root), "propose-dates", "2009")
    assert result.exit_code == 1
    assert_clean_failure(result, "no possible wednesday in 2009")


# ---------------------------------------------------------------- output formats


def test_json_shape(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    data = propose_json(kib, body_root, "2009", "--time", "17.30-19.30")
    assert set(data) == {"year", "weekday", "time", "proposed", "rejected", "warnings"}
    assert data["year"] == 2009
    for item in data["proposed"]:
        assert set(item) == {"date", "start", "end", "week"}
        assert (item["start"], item["end"]) == ("17:30", "19:30")
        assert item["week"] == D(item["date"]).isocalendar()[1]
    for item in data["rejected"]:
        assert set(item) == {"date", "reasons"} and item["reasons"]
    assert isinstance(data["warnings"], list)
    assert len(data["proposed"]) + len(data["rejected"]) <= 53


def test_table_output(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(body_root), "propose-dates", "2009", "--time", "18.00-20.00")
    assert result.exit_code == 0, result.output
    first = propose_json(kib, body_root, "2009", "--time", "18.00-20.00")["proposed"][0]
    from kib.swedish import long_date

    day = D(first["date"])
    assert f"onsdag {long_date(day)}" in result.stdout
    assert "18.00–20.00" in result.stdout
    explained = kib("--root", str(body_root), "propose-dates", "2009", "--explain").stdout
    assert "2009-02-25" in explained and "sportlov" in explained
    assert "föreslås" in explained and "möjlig, ej vald" in explained


def test_ics_output(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import icalendar

    out = tmp_path / "tb-2009.ics"
    result = kib("--root", str(body_root), "propose-dates", "2009", "--format", "ics", "-o", str(out))
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Europe/Stockholm"]
    events = list(calendar.walk("VEVENT"))
    expected = proposed(propose_json(kib, body_root, "2009"))
    assert [e["DTSTART"].dt.date().isoformat() for e in events] == expected
    for event in events:
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert event["DTSTART"].dt.strftime("%H:%M") == "17:30"
        assert event["DTEND"].dt.strftime("%H:%M") == "19:30"
        assert str(event["LOCATION"]) == "Stadshuset, sal 3"
        assert "Testberedningen" in str(event["SUMMARY"])
        assert "DTSTAMP" in event
    # the same body and date give the same UID on every run
    again = kib("--root", str(body_root), "propose-dates", "2009", "--format", "ics")
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(again.stdout.encode()).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)


def test_docx_output(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    from kib.swedish import capitalised, weekday_date

    out = tmp_path / "forslag.docx"
    result = kib("--root", str(body_root), "propose-dates", "2009", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Förslag till sammanträdesdagar 2009" in text
    assert "kl. 17.30–19.30" in text
    for day in proposed(propose_json(kib, body_root, "2009")):
        assert capitalised(weekday_date(D(day))) in text
    assert "Skollov" in text and "Sportlov v. 9: 25 februari" in text
    assert "Förslag till beslut" in text


def test_docx_default_path_under_output(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(body_root), "propose-dates", "2009", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (body_root / "output" / "forslag-sammantradesdagar-2009.docx").is_file()
    again = kib("--root", str(body_root), "propose-dates", "2009", "--format", "docx")
    assert_clean_failure(again, "already exists")


def test_output_file_never_overwritten(kib, body_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "p.json"
    out.write_text("keep", encoding="utf-8")
    result = kib("--root", str(body_root), "propose-dates", "2009", "--format", "json", "-o", str(out))
    assert_clean_failure(result, "already exists")
    assert out.read_text(encoding="utf-8") == "keep"


# ---------------------------------------------------------------- adoption

SCHEDULE = """\
# Adopted dates; kept by hand.
years:
  # decided 2007-03-26 § 6
  - year: 2007
    dates:
      - 2007-05-02
      - 2007-06-20
    time: "17.30-19.30"
    decided: "2007-03-26 § 6"
  # 2010 comes later
  - year: 2010
    dates:
      - 2010-11-04  # assumed
"""


def test_adopt_writes_schedule_keeping_the_rest(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    from kib.record.store import BodyDir

    path = body_root / "schedule.yaml"
    path.write_text(SCHEDULE, encoding="utf-8")
    expected = proposed(propose_json(kib, body_root, "2009"))
    result = kib("--root", str(body_root), "propose-dates", "2009", "--adopt", "--decided", "2008-10-15 § 20")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    block_2007 = SCHEDULE[SCHEDULE.index("  # decided") : SCHEDULE.index("  # 2010")]
    block_2010 = SCHEDULE[SCHEDULE.index("  # 2010") :]
    assert text.startswith("# Adopted dates; kept by hand.\nyears:\n" + block_2007)
    assert text.endswith(block_2010)
    assert text.index("year: 2009") < text.index("# 2010 comes later")
    year = next(y for y in BodyDir(body_root).schedule.years if y.year == 2009)
    assert [d.isoformat() for d in year.dates] == expected
    assert (year.time, year.decided) == ("17.30-19.30", "2008-10-15 § 20")

    again = kib("--root", str(body_root), "propose-dates", "2009", "--adopt")
    assert_clean_failure(again, "already has adopted dates", "Edit the file")
    assert path.read_text(encoding="utf-8") == text


def test_adopt_creates_schedule(kib, body_root: Path) -> None:  # type: ignore[no-untyped-def]
    from kib.record.store import BodyDir

    result = kib("--root", str(body_root), "propose-dates", "2011", "--weekday", "tue", "--adopt")
    assert result.exit_code == 0, result.output
    (year,) = BodyDir(body_root).schedule.years
    assert year.year == 2011 and len(year.dates) == 7 and all(d.weekday() == 1 for d in year.dates)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--time", "17-19"), "not HH.MM-HH.MM"),
        (("--time", "19.30-17.30"), "ends before it starts"),
        (("--time", "25.00-26.00"), "not a real time"),
        (("--format", "pdf"), "'pdf' is not one of 'table', 'json', 'ics', 'docx'"),
        (("--count", "0"), "at least 1"),
        (("--decided", "2008-10-15 § 20"), "--adopt"),
        (("--conflicts", "x.txt"), ".ics"),
    ],
)
def test_bad_input_is_one_line(kib, body_root: Path, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = kib("--root", str(body_root), "propose-dates", "2009", *args)
    assert result.exit_code == 2
    assert_clean_failure(result, message)


def test_holiday_cache_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIB_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KIB_NO_CACHE", raising=False)
    rules.package_holidays.cache_clear()
    try:
        first = rules.package_holidays(2015)
        assert (tmp_path / "holidays-SE-2015.json").is_file()
        rules.package_holidays.cache_clear()
        assert rules.package_holidays(2015) == first
    finally:
        rules.package_holidays.cache_clear()
