"""Swedish dates and times as the documents print them, with month and day names from Babel (CLDR)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .errors import UsageError

TIME_RANGE = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*[-–]\s*(\d{1,2})[.:](\d{2})\s*$")
TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


#: Bump when the cached names' shape or meaning changes.
NAMES_FORMAT = 1


@cache
def calendar_names(locale: str = "sv") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """CLDR's wide month names (January first) and weekday names (Monday first), from Babel.

    Loading Babel's locale data is a noticeable part of a render (bench/README.md), so the names are kept in the user's cache folder with the fingerprint of the installed Babel. They are
    read from the locale's own CLDR file (babel.localedata.load without inheritance), where they are;
    a test holds the dates printed here equal to babel.dates'.
    """
    from .usercache import package_fingerprint, read_cached, write_cached

    name = f"calendar-names-{locale}.json"
    fingerprint = package_fingerprint("babel", ("__init__.py", f"locale-data/{locale}.dat"), NAMES_FORMAT)
    cached = read_cached(name, fingerprint)
    if (
        isinstance(cached, list)
        and len(cached) == 2
        and [len(c) if isinstance(c, list) else 0 for c in cached] == [12, 7]
        and all(isinstance(n, str) and n for c in cached for n in c)
    ):
        return tuple(cached[0]), tuple(cached[1])
    from babel import localedata

    own = localedata.load(locale, merge_inherited=False)  # kib asks for "sv" and "en" (tested)
    months, days = own["months"]["format"]["wide"], own["days"]["format"]["wide"]
    names = tuple(str(months[m]) for m in range(1, 13)), tuple(str(days[d]) for d in range(7))
    write_cached(name, fingerprint, [list(names[0]), list(names[1])])
    return names


def _month(day: dt.date) -> str:
    return calendar_names()[0][day.month - 1]


def long_date(day: dt.date) -> str:
    """'16 september 2008' (CLDR pattern d MMMM y)."""
    return f"{day.day} {_month(day)} {day.year}"


def weekday_date(day: dt.date, year: bool = True) -> str:
    """'onsdag den 2 maj 2007' (or without the year), as the committee's minutes print a meeting's day."""
    text = f"{weekday_name(day)} den {day.day} {_month(day)}"
    return f"{text} {day.year}" if year else text


def weekday_name(day: dt.date) -> str:
    """'onsdag'."""
    return calendar_names()[1][day.weekday()]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def parse_time_range(text: str) -> tuple[dt.time, dt.time]:
    """'17.30-19.30' (or 17:30–19:30) as two times; the end must come after the start."""
    match = TIME_RANGE.match(text)
    if not match:
        raise UsageError(f"time {text!r} is not HH.MM-HH.MM, e.g. 17.30-19.30")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise UsageError(f"time {text!r} is not a real time of day") from None
    if end <= start:
        raise UsageError(f"time {text!r} ends before it starts")
    return start, end


def parse_time(text: str) -> dt.time:
    """'8.00' or '08:00'."""
    match = TIME.match(text)
    if not match:
        raise UsageError(f"time {text!r} is not HH.MM, e.g. 08.00")
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        raise UsageError(f"time {text!r} is not a real time of day") from None


def clock(t: dt.time) -> str:
    """'17.30' (Swedish: a point between hours and minutes)."""
    return f"{t.hour:02d}.{t.minute:02d}"


def parse_date(text: str, what: str = "date") -> dt.date:
    """An ISO date from the command line, with a message that says what was wrong."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a date written YYYY-MM-DD") from None


def paragraph_range(numbers: list[int]) -> str:
    """'5–6', '13' or '' for the numbers of a meeting."""
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    return str(low) if low == high else f"{low}–{high}"


def paragraphs_in(text: str) -> range:
    """The paragraphs of '5-6', '§§ 5–6' or '13' (empty when the text is no range)."""
    match = re.fullmatch(r"\s*(?:§§?\s*)?(\d+)\s*(?:[-–]\s*(\d+))?\s*", text)
    if not match:
        return range(0)
    low = int(match[1])
    high = int(match[2]) if match[2] else low
    return range(low, high + 1)
