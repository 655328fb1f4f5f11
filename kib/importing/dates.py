"""Dates and times as Swedish minutes print them: '26 mars 2007', 'onsdagen den 18 mars 2026',
'2026-03-18', 'Torsdag den 29 mars, kl 8.00', 'kl. 17.30–19.30'. Month names come from Babel."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
TIME_RANGE = re.compile(r"\b(?:kl\.?|klockan)?\s*(\d{1,2})[.:](\d{2})\s*[-–]\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})\b")
TIME = re.compile(r"\b(?:kl\.?|klockan)\s*(\d{1,2})(?:[.:](\d{2}))?\b")


@cache
def _months() -> dict[str, int]:
    from kib.swedish import month_names

    months = month_names()
    out = {name.casefold(): i for i, name in enumerate(months, start=1)}
    out.update({name.casefold()[:3]: i for i, name in enumerate(months, start=1)})
    return out


@cache
def _long_date() -> re.Pattern[str]:
    names = "|".join(sorted(_months(), key=len, reverse=True))
    return re.compile(rf"\b(\d{{1,2}})(?::e|:a)?\s+({names})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)


def find_date(text: str, near: dt.date | None = None) -> dt.date | None:
    """The first date in `text`; a date without a year takes the year of `near` (the next one when
    that would put it more than half a year before `near`)."""
    iso = ISO.search(text)
    long = _long_date().search(text)
    if iso and (long is None or iso.start() < long.start()):
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    if long is None:
        return None
    day, month = int(long.group(1)), _months()[long.group(2).casefold().rstrip(".")[:3]]
    if long.group(3):
        year = int(long.group(3))
    elif near is not None:
        year = near.year
        if dt.date(year, month, 1) < dt.date(near.year, near.month, 1) - dt.timedelta(days=183):
            year += 1
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def split_date(text: str, near: dt.date | None = None) -> tuple[str, dt.date | None]:
    """The text without its first date ("Karin Ek 2026-02-13" -> "Karin Ek"), and that date."""
    day = find_date(text, near)
    if day is None:
        return text, None
    iso = ISO.search(text)
    long = _long_date().search(text)
    found = iso if iso and (long is None or iso.start() < long.start()) else long
    assert found is not None
    rest = text[: found.start()] + " " + text[found.end() :]
    rest = re.sub(r"\b(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\s+)?den\s*$", "", rest.strip(), flags=re.IGNORECASE)
    return " ".join(rest.split()).strip(" ,;:-–"), day


def swedish_day(text: str, near: dt.date) -> dt.date | None:
    return find_date(text, near)


def find_time_range(text: str) -> tuple[str, re.Match[str]] | None:
    """'HH.MM-HH.MM' of the first time range in `text`, with the match."""
    m = TIME_RANGE.search(text)
    if m is None:
        return None
    a, b, c, d = (int(x) for x in m.groups())
    if a > 23 or c > 23 or b > 59 or d > 59:
        return None
    return f"{a:02d}.{b:02d}-{c:02d}.{d:02d}", m


def find_time(text: str) -> str | None:
    m = TIME.search(text)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}.{minute:02d}"
