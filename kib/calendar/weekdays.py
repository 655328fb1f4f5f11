"""Weekday names as a secretary types them: Swedish or English, full, abbreviated or plural."""

from __future__ import annotations

from functools import cache

from kib.errors import UsageError
from kib.swedish import day_names


@cache
def _names(locale: str) -> tuple[str, ...]:
    """The wide weekday names of a locale from CLDR (Babel), Monday first, in lower case."""
    return tuple(name.casefold() for name in day_names(locale))


def english(weekday: int) -> str:
    """'wednesday' for 2 (Monday = 0, as `datetime.date.weekday()`)."""
    return _names("en")[weekday]


def swedish(weekday: int) -> str:
    """'onsdag' for 2."""
    return _names("sv")[weekday]


def swedish_plural(weekday: int) -> str:
    """'onsdagar' for 2: how the proposals speak of the chosen day."""
    return swedish(weekday) + "ar"


@cache
def _aliases() -> dict[str, int]:
    aliases: dict[str, int] = {}
    for number in range(7):
        en, sv = english(number), swedish(number)
        plain = sv.replace("å", "a").replace("ä", "a").replace("ö", "o")  # a keyboard without å, ä, ö
        for alias in (en, en[:3], en + "s", sv, sv[:3], sv + "ar", plain, plain[:3], plain + "ar"):
            aliases.setdefault(alias, number)
    aliases.update({"tues": 1, "thur": 3, "thurs": 3, "tors": 3, "weds": 2})
    return aliases


def accepted_forms() -> str:
    """The forms named in error messages."""
    return (
        "English or Swedish names, full or abbreviated, any case: "
        "mon/monday/mån/måndag, tue/tuesday/tis/tisdag, wed/wednesday/ons/onsdag, thu/thursday/tor/torsdag, "
        "fri/friday/fre/fredag, sat/saturday/lör/lördag, sun/sunday/sön/söndag"
    )


def weekday_number(text: str) -> int | None:
    """0 for Monday … 6 for Sunday, or None when the text names no weekday."""
    return _aliases().get(text.strip().strip(".").casefold())


def parse_weekday(text: str) -> int:
    """Like `weekday_number`, but a wrong name is a usage error that lists what is accepted."""
    number = weekday_number(text)
    if number is None:
        raise UsageError(f"unknown weekday {text!r}; use {accepted_forms()}")
    return number
