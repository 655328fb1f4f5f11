"""Weekday names as a secretary types them: Swedish or English, full, abbreviated or plural."""

from __future__ import annotations

from ..errors import UsageError

#: Monday = 0, as `datetime.date.weekday()`.
ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SWEDISH = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
SWEDISH_PLURAL = tuple(name + "ar" for name in SWEDISH)

_ALIASES: dict[str, int] = {}
for _number, (_en, _sv) in enumerate(zip(ENGLISH, SWEDISH, strict=True)):
    for _alias in (
        _en,
        _en[:3],
        _en + "s",
        _sv,
        _sv[:3],
        _sv + "ar",
        # Swedish letters lost on the way (a console or a keyboard without å, ä, ö)
        _sv.replace("å", "a").replace("ö", "o"),
        _sv[:3].replace("å", "a").replace("ö", "o"),
        _sv.replace("å", "a").replace("ö", "o") + "ar",
    ):
        _ALIASES.setdefault(_alias, _number)
_ALIASES.update({"tues": 1, "thur": 3, "thurs": 3, "tors": 3, "weds": 2})


def accepted_forms() -> str:
    """The forms named in error messages."""
    return (
        "English or Swedish names, full or abbreviated, any case: "
        "mon/monday/mån/måndag, tue/tuesday/tis/tisdag, wed/wednesday/ons/onsdag, thu/thursday/tor/torsdag, "
        "fri/friday/fre/fredag, sat/saturday/lör/lördag, sun/sunday/sön/söndag"
    )


def weekday_number(text: str) -> int | None:
    """0 for Monday … 6 for Sunday, or None when the text names no weekday."""
    return _ALIASES.get(text.strip().strip(".").casefold())


def parse_weekday(text: str) -> int:
    """Like `weekday_number`, but a wrong name is a usage error that lists what is accepted."""
    number = weekday_number(text)
    if number is None:
        raise UsageError(f"unknown weekday {text!r}; use {accepted_forms()}")
    return number
