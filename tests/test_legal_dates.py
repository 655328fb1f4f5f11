"""The dates of the law after a meeting, on real calendars: holidays and eves from the holidays package."""

from __future__ import annotations

import datetime as dt

import pytest

from kib.timeline import legal_dates as law

D = dt.date


def test_three_weeks_ending_on_nyarsafton_run_past_nyarsdagen_and_the_weekend() -> None:
    # up Thursday 10 December 2026: three weeks end on nyårsafton, then nyårsdagen (Friday), a weekend
    assert law.why_closed(D(2026, 12, 31)) == "Nyårsafton"
    assert law.why_closed(D(2027, 1, 1)) == "Nyårsdagen"
    assert law.appeal_ends(D(2026, 12, 10)) == D(2027, 1, 4)
    assert law.take_down(D(2026, 12, 10)) == D(2027, 1, 5)


def test_three_weeks_ending_on_midsommarafton() -> None:
    # up Friday 29 May 2026: midsommarafton 19 June, midsommardagen, Sunday, then Monday 22 June
    assert law.why_closed(D(2026, 6, 19)) == "Midsommarafton"
    assert law.appeal_ends(D(2026, 5, 29)) == D(2026, 6, 22)


def test_three_weeks_ending_on_a_sunday() -> None:
    assert law.appeal_ends(D(2026, 3, 1)) == D(2026, 3, 23)


def test_three_weeks_ending_on_langfredagen_run_over_easter() -> None:
    # up Friday 13 March 2026: långfredagen 3 April, påskafton (a Saturday), påskdagen, annandag påsk
    assert law.appeal_ends(D(2026, 3, 13)) == D(2026, 4, 7)


def test_julafton_and_trettondedagen() -> None:
    assert law.why_closed(D(2026, 12, 24)) == "Julafton"
    assert law.appeal_ends(D(2026, 12, 3)) == D(2026, 12, 28)  # julafton, juldagen, annandag jul, Sunday
    assert law.appeal_ends(D(2026, 12, 16)) == D(2027, 1, 7)  # trettondedag jul


def test_an_ordinary_period_is_not_moved() -> None:
    assert law.why_closed(D(2026, 3, 17)) is None
    assert law.justering_due(D(2026, 3, 3)) == D(2026, 3, 17)
    assert law.appeal_ends(D(2026, 2, 2)) == D(2026, 2, 23)


def test_justering_due_fourteen_days_after_the_meeting() -> None:
    assert law.justering_due(D(2026, 3, 3)) == D(2026, 3, 17)
    # the fourteenth day a Saturday: the justering may wait until Monday
    assert law.justering_due(D(2026, 11, 28)) == D(2026, 12, 14)


@pytest.mark.parametrize(
    ("justerat", "due"),
    [
        (D(2026, 3, 10), D(2026, 3, 12)),  # Tuesday: Thursday; the third day (Friday) is late
        (D(2026, 12, 11), D(2026, 12, 14)),  # a Friday in December: Sunday runs to Monday
        (D(2026, 12, 22), D(2026, 12, 28)),  # julafton, juldagen, annandag jul, Sunday
        (D(2026, 6, 17), D(2026, 6, 22)),  # midsommarafton, midsommardagen, Sunday
    ],
)
def test_announcement_due_the_second_day_after_justering(justerat: dt.date, due: dt.date) -> None:
    assert law.announce_due(justerat) == due
