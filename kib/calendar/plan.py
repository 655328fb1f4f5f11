"""A year's proposal: every day of the chosen weekday, why it is ruled out or that it is possible, and
the days chosen. Pure data in, pure data out; the command layer loads the files and prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from kib.record import model

from .conflicts import ExternalEvent, conflicts_on
from .rules import FORHINDER, MEETING, CalendarRules, Period, Reason
from .select import MIN_GAP_DAYS, TERM_NAMES, spread, term_of
from .weekdays import english, swedish, swedish_plural, weekday_number

PROPOSED, AVAILABLE, REJECTED = "proposed", "available", "rejected"
STATUS_SV = {PROPOSED: "föreslås", AVAILABLE: "möjlig, ej vald", REJECTED: "avvisas"}


@dataclass(eq=False)
class Candidate:
    """One day of the chosen weekday and what kib found about it."""

    day: dt.date
    reasons: list[Reason] = field(default_factory=list)
    status: str = REJECTED
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Candidate({self.day.isoformat()}, {self.status}, {[r.text for r in self.reasons]})"

    @property
    def week(self) -> int:
        return self.day.isocalendar()[1]

    @property
    def term(self) -> str:
        return TERM_NAMES[term_of(self.day)]


@dataclass
class Plan:
    """The proposal for one year."""

    year: int
    weekday: int
    start: dt.time
    end: dt.time
    count: int
    body_name: str
    place: str
    candidates: list[Candidate]
    warnings: list[str]

    @property
    def proposed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.status == PROPOSED]

    @property
    def rejected(self) -> list[Candidate]:
        return [c for c in self.candidates if c.status == REJECTED]

    @property
    def available(self) -> list[Candidate]:
        return [c for c in self.candidates if c.status == AVAILABLE]

    @property
    def weekday_en(self) -> str:
        return english(self.weekday)

    @property
    def weekday_sv(self) -> str:
        return swedish(self.weekday)

    @property
    def weekday_plural(self) -> str:
        return swedish_plural(self.weekday)

    @property
    def time_text(self) -> str:
        """'17.30–19.30'."""
        return f"{self.start.hour:02d}.{self.start.minute:02d}–{self.end.hour:02d}.{self.end.minute:02d}"


class Person(NamedTuple):
    """Someone whose förhinder matters: a member or an official."""

    name: str
    forhinder: model.Forhinder
    from_date: dt.date | None = None
    to_date: dt.date | None = None

    def serves_in(self, year: int) -> bool:
        return (self.from_date is None or self.from_date.year <= year) and (
            self.to_date is None or self.to_date.year >= year
        )

    def serves_on(self, day: dt.date) -> bool:
        return (self.from_date is None or self.from_date <= day) and (self.to_date is None or day <= self.to_date)


def people_with_forhinder(members: model.MembersFile) -> list[Person]:
    """Members and officials who have recorded förhinder."""
    people = [Person(m.name, m.forhinder, m.from_date, m.to_date) for m in members.members if m.forhinder is not None]
    people += [Person(o.name, o.forhinder) for o in members.officials if o.forhinder is not None]
    return people


def days_of_weekday(year: int, weekday: int) -> list[dt.date]:
    """Every date of `year` that falls on `weekday` (0 = Monday)."""
    first = dt.date(year, 1, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    out = []
    while day.year == year:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def forhinder_warnings(people: list[Person], year: int, weekday: int) -> list[str]:
    """A warning for each person who cannot on the chosen weekday (as in the minutes of 2007-09-19 § 16), and for unreadable ones."""
    warnings = []
    for person in people:
        if not person.serves_in(year):
            continue
        for text in person.forhinder.weekdays:
            number = weekday_number(str(text))
            if number is None:
                warnings.append(f"{person.name}: förhindret {text!r} är ingen veckodag som kib känner igen")
            elif number == weekday:
                note = f" ({person.forhinder.note})" if person.forhinder.note else ""
                warnings.append(f"{person.name} har förhinder på {swedish_plural(weekday)}{note}")
    return warnings


def make_plan(
    *,
    year: int,
    weekday: int,
    start: dt.time,
    end: dt.time,
    count: int,
    body: model.Body,
    people: list[Person],
    events: list[ExternalEvent],
    school_overrides: dict[int, list[Period]] | None = None,
    min_gap: int = MIN_GAP_DAYS,
) -> Plan:
    """Judge every day of `weekday` in `year`, then choose `count` of the possible ones."""
    rules = CalendarRules.for_year(year, school_overrides)
    candidates = []
    for day in days_of_weekday(year, weekday):
        candidate = Candidate(day, rules.reasons(day))
        clashes, same_day = conflicts_on(events, day, start, end)
        candidate.reasons += [Reason(MEETING, text) for text in clashes]
        candidate.notes += [f"samma dag: {text}" for text in same_day]
        for person in people:
            if day in person.forhinder.dates and person.serves_on(day):
                note = f" ({person.forhinder.note})" if person.forhinder.note else ""
                candidate.reasons.append(Reason(FORHINDER, f"förhinder: {person.name}{note}"))
        candidate.status = REJECTED if candidate.reasons else AVAILABLE
        candidates.append(candidate)

    warnings = forhinder_warnings(people, year, weekday)
    if body.term_end is not None and body.term_end.year < year:
        warnings.append(f"mandatperioden slutar {body.term_end.isoformat()}, före {year}")
    if body.term_start is not None and body.term_start.year > year:
        warnings.append(f"mandatperioden börjar {body.term_start.isoformat()}, efter {year}")

    possible = [c.day for c in candidates if c.status == AVAILABLE]
    selection = spread(possible, count, min_gap)
    chosen = set(selection.days)
    for candidate in candidates:
        if candidate.day in chosen:
            candidate.status = PROPOSED
    plural = swedish_plural(weekday)
    if possible and len(selection.days) < count:
        if len(possible) < count:
            why = f"bara {len(possible)} {plural} {year} är möjliga"
        else:
            why = f"{len(possible)} {plural} är möjliga men bara {selection.limit} med minst {min_gap} dagar emellan"
        warnings.append(f"för få möjliga dagar: {why}; {count} sammanträden begärdes, {len(selection.days)} föreslås")
    return Plan(
        year=year,
        weekday=weekday,
        start=start,
        end=end,
        count=count,
        body_name=body.name,
        place=body.place,
        candidates=candidates,
        warnings=warnings,
    )
