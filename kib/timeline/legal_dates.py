"""The dates kommunallagen sets after a meeting, each moved past the days lag (1930:173) excludes.

- Justering within fourteen days of the meeting (5 kap. 69 § KL, for nämnder through 6 kap. 35 §).
- The justering announced on the anslagstavla no later than the second day after it (8 kap. 12 § KL).
- An appeal must arrive within three weeks from the day the notice went up (13 kap. 5 § KL), and the
  notice may not come down before that time has run out (8 kap. 12 § KL).
- A period whose last day is a Saturday, Sunday or other helgdag, midsommarafton, julafton or
  nyårsafton runs to the next day that is none of these (lag (1930:173) om beräkning av lagstadgad tid).

The red days and the three named eves come from the `holidays` package (through the year cache that
`kib propose-dates` keeps), never from a rule of our own. Pure functions of dates: no model, no files.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

ONE_DAY = dt.timedelta(days=1)
JUSTERING_DAYS = 14
ANNOUNCE_DAYS = 2
APPEAL_WEEKS = 3
#: The eves lag (1930:173) names beside Saturdays, Sundays and helgdagar.
NAMED_EVES = frozenset({"midsommarafton", "julafton", "nyårsafton"})


@cache
def closed_days(year: int) -> dict[dt.date, str]:
    """The helgdagar and named eves of `year` (Saturdays and Sundays aside), with their Swedish names."""
    from kib.calendar.rules import derive_eves, package_holidays

    entries = package_holidays(year)
    # eves the installed holidays version may not name, derived from its red days (nyårsafton from the
    # next year's nyårsdagen)
    derived = derive_eves((*entries, *package_holidays(year + 1)), year)
    days: dict[dt.date, str] = {}
    for entry in (*entries, *derived):
        if entry.day.year != year or entry.day in days:
            continue
        if entry.category == "public" or entry.name.casefold() in NAMED_EVES:
            days[entry.day] = entry.name
    return days


def why_closed(day: dt.date) -> str | None:
    """Why a period cannot end on `day` ('lördag', 'Nyårsdagen', 'Midsommarafton'), or None."""
    name = closed_days(day.year).get(day)
    if name:
        return name
    if day.weekday() == 5:
        return "lördag"
    if day.weekday() == 6:
        return "söndag"
    return None


def period_end(last_day: dt.date) -> dt.date:
    """The day a period really ends: `last_day`, or the first day after it that is not excluded."""
    day = last_day
    while why_closed(day) is not None:
        day += ONE_DAY
    return day


def justering_due(meeting: dt.date) -> dt.date:
    """The last day the protokoll may be justerat: fourteen days after the meeting."""
    return period_end(meeting + dt.timedelta(days=JUSTERING_DAYS))


def announce_due(justerat: dt.date) -> dt.date:
    """The last day the justering may be announced: the second day after it."""
    return period_end(justerat + dt.timedelta(days=ANNOUNCE_DAYS))


def appeal_ends(posted: dt.date) -> dt.date:
    """The last day an appeal may arrive: three weeks from the day the notice went up."""
    return period_end(posted + dt.timedelta(weeks=APPEAL_WEEKS))


def take_down(posted: dt.date) -> dt.date:
    """The first day the notice may come down: the day after the appeal period has run out."""
    return appeal_ends(posted) + ONE_DAY
