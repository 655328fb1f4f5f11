"""Swedish dates and times as the documents print them: dates through Babel's format_date with explicit
CLDR patterns, times as the minutes write them; and Swedish names made safe as parts of file names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .errors import UsageError

TIME_RANGE = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*[-–]\s*(\d{1,2})[.:](\d{2})\s*$")
TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


def _format(day: dt.date, pattern: str) -> str:
    from babel.dates import format_date  # Babel and its locale data: only for commands that print dates

    return str(format_date(day, pattern, locale="sv"))


def long_date(day: dt.date) -> str:
    """'16 september 2008'."""
    return _format(day, "d MMMM y")


def weekday_date(day: dt.date, year: bool = True) -> str:
    """'onsdag den 2 maj 2007' (or without the year), as the minutes print a meeting's day."""
    return _format(day, "EEEE 'den' d MMMM y" if year else "EEEE 'den' d MMMM")


def weekday_name(day: dt.date) -> str:
    """'onsdag'."""
    return _format(day, "EEEE")


def month_names(locale: str = "sv") -> tuple[str, ...]:
    """The wide month names of a locale (CLDR, through Babel), January first."""
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=locale)
    return tuple(str(names[number]) for number in range(1, 13))


def day_names(locale: str) -> tuple[str, ...]:
    """The wide weekday names of a locale (CLDR, through Babel), Monday first."""
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=locale)
    return tuple(str(names[number]) for number in range(7))


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


def ascii_name(text: str) -> str:
    """A file-name part safe on every system: 'Äldrenämnden' -> 'Aldrenamnden'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")
