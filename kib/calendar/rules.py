"""Why a day is unsuitable for an evening meeting: holidays and their eves, school holidays, the summer
break and general elections. Every rule is a plain function of a date; the reasons are in Swedish.

Holidays and eves come from the `holidays` package (Swedish names, all four of its categories for
Sweden: PUBLIC red days, DE_FACTO midsommarafton/julafton/nyårsafton, BANK and OPTIONAL the other eves,
half-days and klämdagar). Building them is slow to import (bench/README.md), so each year's list is cached in
a small JSON file keyed by the installed package's files (`KIB_CACHE_DIR`; `KIB_NO_CACHE=1` turns it off).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kib.errors import KibError
from kib.usercache import package_fingerprint, read_cached, write_cached

if TYPE_CHECKING:
    from kib.record import model

ONE_DAY = dt.timedelta(days=1)

# Kinds of reasons, used to group them in the proposal document.
HOLIDAY = "helgdag"
SCHOOL = "skollov"
SUMMER = "sommaruppehåll"
ELECTION = "val"
MEETING = "annat sammanträde"
FORHINDER = "förhinder"

#: The holidays package's categories for Sweden, strongest first (the order of the reasons of a day).
CATEGORIES = ("public", "de_facto", "bank", "optional")
#: Bump when the cached data's shape or meaning changes.
CACHE_FORMAT = 1

SCHOOL_HOLIDAYS_FILE = "school_holidays.yaml"


# NamedTuples rather than dataclasses: they are cheaper to define, and this module is imported on every
# run of the command.


class Reason(NamedTuple):
    """One reason a day was rejected: its kind (for grouping) and the text a person reads."""

    kind: str
    text: str


class Period(NamedTuple):
    """A named stretch of days, both ends included."""

    name: str
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps_year(self, year: int) -> bool:
        return self.start.year <= year <= self.end.year


class HolidayEntry(NamedTuple):
    """A day the holidays package (or `derive_eves`) names: date, category and Swedish name."""

    day: dt.date
    category: str
    name: str


# ---------------------------------------------------------------- holidays and eves


def _compute_holidays(year: int) -> list[HolidayEntry]:
    """The package's Swedish holidays of `year` in every category, strongest category first per date."""
    import holidays  # slow with building Sweden: only on a cache miss

    entries: list[HolidayEntry] = []
    seen: set[tuple[dt.date, str]] = set()
    for category in CATEGORIES:
        # include_sundays pinned: the default changed between holidays versions (stack notes)
        calendar = holidays.Sweden(years=year, language="sv", categories=(category,), include_sundays=False)
        for day in sorted(calendar):
            for name in calendar.get_list(day):
                if (day, name) not in seen:
                    seen.add((day, name))
                    entries.append(HolidayEntry(day, category, name))
    entries.sort(key=lambda e: (e.day, CATEGORIES.index(e.category)))
    return entries


@cache
def package_holidays(year: int) -> tuple[HolidayEntry, ...]:
    """The holidays package's Swedish holidays and eves of `year` (cached on disk per package version)."""
    name = f"holidays-SE-{year}.json"
    fingerprint = package_fingerprint("holidays", ("version.py", "countries/sweden.py"), CACHE_FORMAT)
    cached = read_cached(name, fingerprint)
    try:
        return tuple(HolidayEntry(dt.date.fromisoformat(d), c, n) for d, c, n in cached)
    except (TypeError, ValueError):  # nothing cached, or not in this shape
        entries = _compute_holidays(year)
        write_cached(name, fingerprint, [[e.day.isoformat(), e.category, e.name] for e in entries])
        return tuple(entries)


#: Eves derived from the red day after them, for holidays versions that do not name them:
#: (part of the red day's Swedish name, days before it, name of the eve).
_EVE_RULES: tuple[tuple[str, int, str], ...] = (
    ("trettondedag jul", 1, "Trettondagsafton"),
    ("långfredag", 1, "Skärtorsdagen"),
    ("första maj", 1, "Valborgsmässoafton"),
    ("kristi himmelsfärd", 1, "Dag före Kristi himmelsfärdsdag"),
    ("midsommardag", 1, "Midsommarafton"),
    ("alla helgons dag", 1, "Allhelgonaafton"),
    ("juldag", 1, "Julafton"),
    ("nyårsdag", 1, "Nyårsafton"),
)


def derive_eves(entries: Iterable[HolidayEntry], year: int) -> list[HolidayEntry]:
    """Eves the package did not name, computed from its red days (never from an Easter rule of our own).

    With holidays 0.109 this adds nothing; it keeps the rules right with versions that name fewer eves.
    Nyårsafton needs the next year's Nyårsdagen, so pass the entries of `year + 1` too.
    """
    entries = list(entries)
    named = {e.day for e in entries}
    derived: list[HolidayEntry] = []
    for entry in entries:
        if entry.category != "public":
            continue
        lowered = entry.name.casefold()
        for part, before, eve in _EVE_RULES:
            day = entry.day - dt.timedelta(days=before)
            if part in lowered and day.year == year and day not in named:
                named.add(day)
                derived.append(HolidayEntry(day, "derived", eve))
    return sorted(derived, key=lambda e: e.day)


def holiday_reason(entry: HolidayEntry) -> Reason:
    """'helgdag: Kristi himmelsfärdsdag', 'helgafton: Midsommarafton', 'klämdag efter …'."""
    if entry.category == "public":
        return Reason(HOLIDAY, f"helgdag: {entry.name}")
    if entry.name.casefold().startswith("klämdag"):
        return Reason(HOLIDAY, "klämdag (många är lediga)")
    return Reason(HOLIDAY, f"helgafton: {entry.name}")


def empties_an_evening(entry: HolidayEntry) -> bool:
    """False for the day before an eve ("Dag före Julafton", "Dag före Midsommarafton"): the package lists
    it as a bank half-day, but it is no helgafton, and an evening meeting then is as usual. The day before
    a red day (Kristi himmelsfärdsdag) is an eve and stays."""
    name = entry.name.casefold().split("(")[0].strip()
    return not (name.startswith("dag före ") and name.endswith("afton"))


@cache
def holiday_reasons(year: int) -> dict[dt.date, tuple[Reason, ...]]:
    """Every holiday, eve and klämdag of `year` with its reasons."""
    entries = list(package_holidays(year))
    extra = derive_eves([*entries, *package_holidays(year + 1)], year)
    out: dict[dt.date, list[Reason]] = {}
    for entry in [*entries, *extra]:
        if entry.day.year != year or not empties_an_evening(entry):
            continue
        reason = holiday_reason(entry)
        bucket = out.setdefault(entry.day, [])
        if reason not in bucket:
            bucket.append(reason)
    return {day: tuple(reasons) for day, reasons in out.items()}


# ---------------------------------------------------------------- school holidays


def default_school_holidays(year: int) -> list[Period]:
    """Stockholm county's usual school holidays that start in `year`.

    - sportlov: ISO week 9;
    - påsklov: the week after Easter Sunday's week (Easter Monday to the Sunday after). Stockholm's
      schools put påsklov in one of weeks 14–16 next to Easter, sometimes the week before Easter; set the
      real week per year in school_holidays.yaml;
    - sommarlov: 15 June to 20 August;
    - höstlov: ISO week 44;
    - jullov: 20 December to 8 January of the next year.
    """
    from dateutil.easter import easter

    easter_monday = easter(year) + ONE_DAY
    return [
        _iso_week("sportlov", year, 9),
        Period(f"påsklov v. {easter_monday.isocalendar()[1]}", easter_monday, easter_monday + dt.timedelta(days=6)),
        Period("sommarlov", dt.date(year, 6, 15), dt.date(year, 8, 20)),
        _iso_week("höstlov", year, 44),
        Period("jullov", dt.date(year, 12, 20), dt.date(year + 1, 1, 8)),
    ]


def _iso_week(name: str, year: int, week: int) -> Period:
    monday = dt.date.fromisocalendar(year, week, 1)
    return Period(f"{name} v. {week}", monday, monday + dt.timedelta(days=6))


def school_holidays(year: int, overrides: dict[int, list[Period]] | None = None) -> list[Period]:
    """The school holidays touching `year`: each year's own list from the file, else the defaults.

    A period belongs to the year it starts in, so last year's jullov reaches into January.
    """
    overrides = overrides or {}
    periods: list[Period] = []
    for source_year in (year - 1, year):
        listed = overrides.get(source_year)
        chosen = listed if listed is not None else default_school_holidays(source_year)
        periods.extend(p for p in chosen if p.overlaps_year(year))
    return periods


def load_school_holidays(path: Path) -> dict[int, list[Period]]:
    """Per-year school holidays from `school_holidays.yaml`; a missing file means the defaults.

    The file maps a year to its list of holidays; a year listed replaces all of that year's defaults:

        2009:
          - {name: sportlov, week: 9}
          - {name: påsklov, start: 2009-04-14, end: 2009-04-17}
    """
    if not path.exists():  # a folder or a FIFO by that name is refused by read_text, not taken for no file
        return {}
    from kib.record import model
    from kib.record.convert import convert
    from kib.record.yamlio import locate, parse, read_text

    text = read_text(path)
    raw = parse(text, path)

    def fail(key_path: tuple[object, ...], message: str) -> KibError:
        where = locate(text, key_path)
        return KibError(message, file=path, line=where[0] if where else None, col=where[1] if where else None)

    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail((), "expected a mapping from year to a list of holidays, e.g. 2009: [{name: sportlov, week: 9}]")
    out: dict[int, list[Period]] = {}
    for key, items in raw.items():
        try:
            year = int(key)
        except (TypeError, ValueError):
            raise fail((key,), f"{key!r} is not a year") from None
        if items is None:
            out[year] = []
            continue
        if not isinstance(items, list):
            raise fail((key,), f"{year}: expected a list of holidays with name, start and end")
        periods: list[Period] = []
        for index, item in enumerate(items):
            value, problems = convert(model.SchoolHoliday, item)
            if problems:
                first = problems[0]
                raise fail((key, index, *first.path), first.full())
            try:
                periods.append(_period_from_entry(value, year))
            except ValueError as exc:
                raise fail((key, index), str(exc)) from None
        out[year] = periods
    return out


def _period_from_entry(entry: model.SchoolHoliday, year: int) -> Period:
    """The period an entry of `year` describes; ValueError says what is wrong with it."""
    if entry.week is not None:
        if entry.start is not None or entry.end is not None:
            raise ValueError(f"{entry.name}: give either week or start and end, not both")
        try:
            return _iso_week(entry.name, year, entry.week)
        except ValueError:
            raise ValueError(f"{entry.name}: {year} has no week {entry.week}") from None
    if entry.start is None:
        raise ValueError(f"{entry.name}: give start (and end) or week")
    end = entry.end or entry.start
    if end < entry.start:
        raise ValueError(f"{entry.name}: ends {end} before it starts {entry.start}")
    if entry.start.year != year:
        raise ValueError(f"{entry.name}: starts {entry.start}, not in {year}; list a holiday under the year it starts")
    return Period(entry.name, entry.start, end)


# ---------------------------------------------------------------- summer break and elections


def summer_blackout(year: int) -> Period:
    """No meeting in July or the first half of August: people are away whatever the schools do."""
    return Period("sommaruppehåll", dt.date(year, 7, 1), dt.date(year, 8, 15))


def election_day(year: int) -> dt.date | None:
    """Sweden's general election day: the second Sunday of September from 2014, the third before
    (2006-09-17, 2010-09-19), every four years since 1994; None in other years. Extra elections are
    not foreseen."""
    if year < 1994 or (year - 1994) % 4:
        return None
    first = dt.date(year, 9, 1)
    first_sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + dt.timedelta(weeks=1 if year >= 2014 else 2)


def election_weeks(year: int) -> list[Period]:
    """The election week (Monday to election Sunday) and the week before it."""
    sunday = election_day(year)
    if sunday is None:
        return []
    monday = sunday - dt.timedelta(days=6)
    return [
        Period("veckan före valveckan", monday - dt.timedelta(days=7), sunday - dt.timedelta(days=7)),
        Period("valveckan", monday, sunday),
    ]


# ---------------------------------------------------------------- all rules of one year


class CalendarRules:
    """The calendar rules of one year, built once and asked per day."""

    def __init__(
        self,
        year: int,
        holidays: dict[dt.date, tuple[Reason, ...]],
        school: list[Period],
        summer: Period | None,
        elections: list[Period],
    ) -> None:
        self.year = year
        self.holidays = holidays
        self.school = school
        self.summer = summer
        self.elections = elections

    @classmethod
    def for_year(
        cls, year: int, school_overrides: dict[int, list[Period]] | None = None, *, summer: bool = True
    ) -> CalendarRules:
        return cls(
            year=year,
            holidays=holiday_reasons(year),
            school=school_holidays(year, school_overrides),
            summer=summer_blackout(year) if summer else None,
            elections=election_weeks(year),
        )

    def reasons(self, day: dt.date) -> list[Reason]:
        """Every calendar reason against `day`, in a fixed order."""
        found = list(self.holidays.get(day, ()))
        found += [Reason(SCHOOL, f"skollov: {p.name}") for p in self.school if p.covers(day)]
        if self.summer is not None and self.summer.covers(day):
            found.append(Reason(SUMMER, "sommaruppehåll (juli–15 augusti)"))
        if self.elections:
            election = self.elections[-1].end
            for period in self.elections:
                if period.covers(day):
                    found.append(Reason(ELECTION, f"{period.name} (allmänna val söndag {_long_date(election)})"))
        return found


def _long_date(day: dt.date) -> str:
    from kib.swedish import long_date

    return long_date(day)


def calendar_reasons(day: dt.date, school_overrides: dict[int, list[Period]] | None = None) -> list[str]:
    """Why `day` is unsuitable by the calendar alone (empty when it is fine), as texts."""
    return [r.text for r in CalendarRules.for_year(day.year, school_overrides).reasons(day)]
