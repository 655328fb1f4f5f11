"""`kib deadlines`: the dates of the law for every nämnd meeting, on real calendars, through the command."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from conftest import run_kib
from namnd import make_root


def meeting(day: str, *, signed: str | None = None, announced: str | None = None, immediate: bool = False) -> str:
    """A nämnd meeting file as the secretary's commands leave it (signatures and notice written out)."""
    text = f"""\
date: {day}
attendees:
  members:
    - name: Karin Ek
    - name: Per Lind
verifiers:
  - name: Per Lind
"""
    if signed:
        text += f"""\
signed:
  date: {signed}
  signatures:
    - role: secretary
      name: Sara Sekreterare
      date: {day}
    - role: chair
      name: Karin Ek
      date: {signed}
    - role: verifier
      name: Per Lind
      date: {signed}
"""
    if announced:
        text += f"announced:\n  date: {announced}\n"
    text += "paragraphs:\n  - number: 1\n    title: Ett ärende\n"
    if immediate:
        text += "  - number: 2\n    title: Brådskande ärende\n    verified_at_meeting: true\n"
    return text


#: name -> (meeting file): the cases of the law, each on a real calendar.
CASES = {
    # justerat on a Friday in December, announced the Monday after: three weeks end on Monday 4 January
    "friday": meeting("2026-12-03", signed="2026-12-11", announced="2026-12-14"),
    # three weeks ending on nyårsafton, then nyårsdagen and a weekend
    "nyarsafton": meeting("2026-11-24", signed="2026-12-08", announced="2026-12-10"),
    # ending on midsommarafton, then midsommardagen and a Sunday
    "midsommar": meeting("2026-05-13", signed="2026-05-27", announced="2026-05-29"),
    # put up on a Sunday (the web anslagstavla), three weeks end on a Sunday
    "sunday": meeting("2026-02-17", signed="2026-02-27", announced="2026-03-01"),
    # ending on långfredagen, over Easter to the Tuesday after annandag påsk
    "easter": meeting("2026-03-03", signed="2026-03-11", announced="2026-03-13"),
    # justerat fifteen days after the meeting: late
    "late-justering": meeting("2026-09-01", signed="2026-09-16", announced="2026-09-18"),
    # announced on the third day after the justering: late
    "late-notice": meeting("2026-09-08", signed="2026-09-15", announced="2026-09-18"),
    # not justerat yet: the fourteenth day is julafton
    "open": meeting("2026-12-10", immediate=True),
    # justerat, not announced
    "unannounced": meeting("2026-12-01", signed="2026-12-15"),
    # not held yet: not listed
    "future": meeting("2027-01-20"),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path / "root")
    folder = root / "socialnamnden" / "meetings"
    for path in folder.glob("*.yaml"):
        path.unlink()
    for text in CASES.values():
        day = text.split("\n", 1)[0].removeprefix("date: ")
        (folder / f"{day}.yaml").write_text(text, encoding="utf-8")
    return root


def deadlines(root: Path, today: str, *args: str) -> list[dict[str, object]]:
    result = run_kib("--root", str(root), "deadlines", "--format", "json", "--today", today, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def by_meeting(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["meeting"]: row for row in rows}


def test_every_held_nämnd_meeting_once_with_the_dates_of_the_law(root: Path) -> None:
    rows = deadlines(root, "2026-12-20")
    assert [row["meeting"] for row in rows] == sorted(
        ["2026-12-03", "2026-11-24", "2026-05-13", "2026-02-17", "2026-03-03", "2026-09-01", "2026-09-08",
         "2026-12-10", "2026-12-01"]
    )  # fmt: skip
    assert {row["body"] for row in rows} == {"Socialnämnden"}  # the beredning has no anslag
    assert by_meeting(rows)["2026-12-03"] == {
        "body": "Socialnämnden",
        "meeting": "2026-12-03",
        "justering_due": "2026-12-17",
        "justerat": "2026-12-11",
        "announce_due": "2026-12-14",
        "announced": "2026-12-14",
        "take_down": "2027-01-05",
        "appeal_ends": "2027-01-04",
        "state": "appeal-running",
        "justering_late": False,
        "announce_late": False,
        "verified_at_meeting": [],
    }


@pytest.mark.parametrize(
    ("day", "appeal_ends", "take_down"),
    [
        ("2026-11-24", "2027-01-04", "2027-01-05"),  # nyårsafton, nyårsdagen, Saturday, Sunday
        ("2026-05-13", "2026-06-22", "2026-06-23"),  # midsommarafton, midsommardagen, Sunday
        ("2026-02-17", "2026-03-23", "2026-03-24"),  # a Sunday
        ("2026-03-03", "2026-04-07", "2026-04-08"),  # långfredagen, påskafton, påskdagen, annandag påsk
    ],
)
def test_appeal_periods_run_past_the_days_lag_1930_173_excludes(
    root: Path, day: str, appeal_ends: str, take_down: str
) -> None:
    row = by_meeting(deadlines(root, "2027-02-01"))[day]
    assert (row["appeal_ends"], row["take_down"], row["state"]) == (appeal_ends, take_down, "final")


def test_a_justering_on_the_fifteenth_day_is_late(root: Path) -> None:
    row = by_meeting(deadlines(root, "2026-12-20"))["2026-09-01"]
    assert (row["justering_due"], row["justerat"], row["justering_late"]) == ("2026-09-15", "2026-09-16", True)
    assert (row["announce_due"], row["announce_late"]) == ("2026-09-18", False)


def test_an_announcement_on_the_third_day_is_late(root: Path) -> None:
    row = by_meeting(deadlines(root, "2026-12-20"))["2026-09-08"]
    assert (row["announce_due"], row["announced"], row["announce_late"]) == ("2026-09-17", "2026-09-18", True)


def test_states_move_with_today(root: Path) -> None:
    def state(today: str, day: str) -> object:
        return by_meeting(deadlines(root, today))[day]["state"]

    # not justerat: the fourteenth day, 24 December, is julafton; juldagen, annandag jul, a Sunday follow
    assert by_meeting(deadlines(root, "2026-12-20"))["2026-12-10"]["justering_due"] == "2026-12-28"
    assert [state(t, "2026-12-10") for t in ("2026-12-20", "2026-12-28", "2026-12-29")] == [
        "justering-due",
        "justering-due",
        "justering-late",
    ]
    assert [state(t, "2026-12-01") for t in ("2026-12-16", "2026-12-17", "2026-12-18")] == [
        "announce-due",
        "announce-due",
        "announce-late",
    ]
    assert [state(t, "2026-12-03") for t in ("2027-01-04", "2027-01-05")] == ["appeal-running", "final"]
    assert by_meeting(deadlines(root, "2026-12-20"))["2026-12-10"]["verified_at_meeting"] == [2]


def test_the_table_says_what_to_do_in_swedish(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run_kib("--root", str(root), "deadlines", "--today", "2026-12-20")
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[2].strip(): line for line in result.stdout.splitlines() if line.count("│") > 4}
    assert set(lines) == {"2026-12-03", "2026-12-10", "2026-12-01", "2026-11-24"}
    assert "justera protokollet" in lines["2026-12-10"] and "2026-12-28" in lines["2026-12-10"]
    assert "8 dagar kvar; § 2 justerad omedelbart" in lines["2026-12-10"]
    assert "anslå justeringen" in lines["2026-12-01"] and "försenat 3 dagar" in lines["2026-12-01"]
    assert "bevaka överklagandetiden" in lines["2026-12-03"] and "anslaget tas ned 2027-01-05" in lines["2026-12-03"]
    assert "Testberedningen är en beredning: inga anslag" in result.stdout
    assert "\x1b[" not in result.stdout
    later = run_kib("--root", str(root), "deadlines", "--today", "2027-01-08")
    assert "ta ned anslaget" in later.stdout and "2027-01-05" in later.stdout


def test_ics_all_day_events_with_stable_uids(root: Path, tmp_path: Path) -> None:
    first = run_kib("--root", str(root), "deadlines", "--format", "ics", "--today", "2026-12-20")
    assert first.exit_code == 0, first.output
    calendar = icalendar.Calendar.from_ical(first.stdout)
    events = {(str(e["summary"]), e.decoded("dtstart").isoformat()): str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert ("Sista dag för överklagande: Socialnämnden 2026-12-03", "2027-01-04") in events
    assert ("Ta ned anslaget: Socialnämnden 2026-12-03", "2027-01-05") in events
    assert ("Justera protokollet: Socialnämnden 2026-12-10", "2026-12-28") in events
    assert ("Anslå justeringen: Socialnämnden 2026-12-01", "2026-12-17") in events
    assert len(set(events.values())) == len(events)
    for event in calendar.walk("VEVENT"):
        assert event["dtstart"].params.get("VALUE") == "DATE"
        assert (event.decoded("dtend") - event.decoded("dtstart")).days == 1
    target = tmp_path / "frister.ics"
    again = run_kib("--root", str(root), "deadlines", "--format", "ics", "--today", "2026-12-20", "-o", str(target))
    assert again.exit_code == 0, again.output
    uids = {str(e["summary"]): str(e["uid"]) for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert uids == {summary: uid for (summary, _), uid in events.items()}
    refused = run_kib("--root", str(root), "deadlines", "--format", "ics", "-o", str(target))
    assert refused.exit_code == 2 and "never overwrites" in refused.stderr


def test_a_broken_file_is_named_and_the_rest_still_listed(root: Path) -> None:
    (root / "socialnamnden" / "meetings" / "2026-10-01.yaml").write_text(
        "date: 2026-10-01\nplace: [\n", encoding="utf-8"
    )
    result = run_kib("--root", str(root), "deadlines", "--format", "json", "--today", "2026-12-20")
    assert result.exit_code == 1
    assert "2026-10-01.yaml:" in result.stderr and "its deadlines are not shown" in result.stderr
    assert len(json.loads(result.stdout)) == 9
    assert "Traceback" not in result.output


def test_signed_and_announced_through_the_commands(tmp_path: Path) -> None:
    root = make_root(tmp_path / "root")
    kib = ("--root", str(root))
    for role, day in (("secretary", "2025-12-08"), ("chair", "2025-12-09"), ("verifier", "2025-12-12")):
        assert run_kib(*kib, "sign", "2025-12-04", "--body", "SN", "--as", role, "--date", day).exit_code == 0
    before = by_meeting(deadlines(root, "2025-12-13"))["2025-12-04"]
    assert (before["justerat"], before["announce_due"], before["state"]) == ("2025-12-12", "2025-12-15", "announce-due")
    assert run_kib(*kib, "announce", "2025-12-04", "--body", "SN", "--date", "2025-12-15").exit_code == 0
    after = by_meeting(deadlines(root, "2025-12-16"))["2025-12-04"]
    assert (after["announced"], after["appeal_ends"], after["take_down"], after["state"]) == (
        "2025-12-15",
        "2026-01-05",
        "2026-01-06",
        "appeal-running",
    )


def test_old_deadlines_are_counted_not_listed_unless_all(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run_kib("--root", str(root), "deadlines", "--today", "2027-12-01")
    assert result.exit_code == 0, result.output
    assert "Inga frister att bevaka 2027-12-01." in result.stdout
    # the notice of 2026-12-01, the justeringar of 2026-12-10 and of 2027-01-20
    assert "3 sammanträden med frister före 2027-09-02 saknar anteckning om justering eller anslag" in result.stdout
    everything = run_kib("--root", str(root), "deadlines", "--today", "2027-12-01", "--all")
    assert "justera protokollet" in everything.stdout and "anslå justeringen" in everything.stdout
    assert "försenat 338 dagar" in everything.stdout  # the justering due 28 December 2026


def test_the_scan_cache_sees_every_change(root: Path) -> None:
    first = deadlines(root, "2026-12-20")
    assert not list(root.rglob(".kib-cache"))  # the scan cache is in the user's cache folder, not the data
    assert deadlines(root, "2026-12-20") == first  # from the cache
    path = root / "socialnamnden" / "meetings" / "2026-12-01.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "announced:\n  date: 2026-12-16\n", encoding="utf-8")
    row = by_meeting(deadlines(root, "2026-12-20"))["2026-12-01"]
    assert (row["announced"], row["appeal_ends"], row["state"]) == ("2026-12-16", "2027-01-07", "appeal-running")
