"""The proposal as JSON for scripts, iCalendar for Outlook and a Word document the beredning can decide on
(the terminal table is the CLI's). Each renderer imports its library only when called."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from .plan import Candidate, Plan
from .rules import ELECTION, FORHINDER, HOLIDAY, MEETING, SCHOOL, SUMMER

#: Stable UIDs: uuid5 of the body and the date in this namespace (itself uuid5 of NAMESPACE_URL and
#: "https://github.com/kib/propose-dates"), so importing a calendar again updates instead of duplicating.
UID_NAMESPACE = "1af9c111-2685-5120-bb8b-5999e53be759"
KIND_HEADINGS = {
    HOLIDAY: "Helgdagar, helgaftnar och klämdagar",
    SCHOOL: "Skollov",
    SUMMER: "Sommaruppehåll",
    ELECTION: "Allmänna val",
    MEETING: "Andra sammanträden",
    FORHINDER: "Ledamöters förhinder",
}


def swedish_day(day: dt.date) -> str:
    """'onsdag 14 januari 2009'."""
    from kib.swedish import long_date, weekday_name

    return f"{weekday_name(day)} {long_date(day)}"


def candidate_note(candidate: Candidate) -> str:
    """The term, and what else is worth knowing about the day (a member who cannot come)."""
    return "; ".join([candidate.term, *candidate.notes])


def headline(plan: Plan) -> str:
    place = f", {plan.place}" if plan.place else ""
    return (
        f"Förslag till sammanträdesdagar {plan.year}: {plan.body_name}, "
        f"{plan.weekday_plural} kl. {plan.time_text}{place}"
    )


# ---------------------------------------------------------------- JSON


def to_json_data(plan: Plan) -> dict[str, Any]:
    """{"year", "weekday", "time", "proposed": [...], "rejected": [...], "warnings": [...]}."""
    start, end = plan.start.strftime("%H:%M"), plan.end.strftime("%H:%M")
    return {
        "year": plan.year,
        "weekday": plan.weekday_en,
        "time": f"{start}-{end}",
        "proposed": [{"date": c.day.isoformat(), "start": start, "end": end, "week": c.week} for c in plan.proposed],
        "rejected": [{"date": c.day.isoformat(), "reasons": [r.text for r in c.reasons]} for c in plan.rejected],
        "warnings": list(plan.warnings),
    }


def to_json(plan: Plan) -> str:
    return json.dumps(to_json_data(plan), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- iCalendar


def meeting_uid(body_name: str, day: dt.date) -> str:
    """The same body and date always give the same UID."""
    import uuid  # imports hashlib: only for this format

    return str(uuid.uuid5(uuid.UUID(UID_NAMESPACE), f"{body_name}/{day.isoformat()}"))


def new_calendar(product: str, name: str, now: dt.datetime | None) -> tuple[Any, dt.datetime]:
    """An empty iCalendar published by kib's `product` under `name`, and the stamp its events carry (UTC,
    whole seconds: `now`, else the present)."""
    import icalendar

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//kib//{product}//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar, stamp


def to_ics(plan: Plan, *, adopted: bool = False, decided: str | None = None, now: dt.datetime | None = None) -> bytes:
    """An iCalendar file of the proposed meetings in Europe/Stockholm time with its VTIMEZONE."""
    import icalendar

    from .conflicts import STOCKHOLM, stockholm

    zone = stockholm()
    name = " ".join(f"{plan.body_name} {plan.year}".split())  # a name is one line (no escaping)
    calendar, stamp = new_calendar("propose-dates", name, now)
    calendar.add("x-wr-timezone", STOCKHOLM)
    if adopted:
        description = f"Fastställda sammanträdesdagar {plan.year}" + (f" ({decided})" if decided else "")
    else:
        description = f"Förslag till sammanträdesdagar {plan.year}"
    for candidate in plan.proposed:
        event = icalendar.Event()
        event.add("uid", meeting_uid(plan.body_name, candidate.day))
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(candidate.day, plan.start, zone))
        event.add("dtend", dt.datetime.combine(candidate.day, plan.end, zone))
        event.add("summary", f"Sammanträde: {plan.body_name}")
        if plan.place:
            event.add("location", plan.place)
        event.add("description", description)
        event.add("status", "CONFIRMED" if adopted else "TENTATIVE")
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=dt.date(plan.year - 1, 1, 1), last_date=dt.date(plan.year + 2, 1, 1))
    return bytes(calendar.to_ical())


# ---------------------------------------------------------------- Word


def grouped_reasons(rejected: Iterable[Candidate]) -> dict[str, dict[str, list[dt.date]]]:
    """Rejected days by kind of reason, then by reason: {"skollov": {"jullov": [6 Jan, 22 Dec]}}."""
    groups: dict[str, dict[str, list[dt.date]]] = {}
    for candidate in rejected:
        for reason in candidate.reasons:
            text = reason.text
            if reason.kind != HOLIDAY and text.startswith(f"{reason.kind}: "):
                text = text[len(reason.kind) + 2 :]
            groups.setdefault(reason.kind, {}).setdefault(text, []).append(candidate.day)
    return groups


def to_docx(plan: Plan) -> bytes:
    """A proposal document: the dates in Swedish with time and place, the reasons, a draft decision."""
    import docx  # slow to import: only for this format

    from kib.swedish import capitalised, long_date, weekday_date

    document = docx.Document()
    document.core_properties.title = f"Förslag till sammanträdesdagar {plan.year}"
    document.core_properties.language = "sv-SE"
    document.add_heading(f"Förslag till sammanträdesdagar {plan.year}", level=0)
    document.add_paragraph(plan.body_name)
    place = f" i {plan.place}" if plan.place else ""
    document.add_paragraph(
        f"Sekreteraren föreslår att {plan.body_name} sammanträder följande {plan.weekday_plural} kl. {plan.time_text}{place} under {plan.year}:"
    )
    for candidate in plan.proposed:
        document.add_paragraph(capitalised(weekday_date(candidate.day)), style="List Bullet")

    document.add_heading("Skäl", level=1)
    total = len(plan.candidates)
    document.add_paragraph(
        f"Av årets {total} {plan.weekday_plural} har {len(plan.rejected)} valts bort av skälen nedan. "
        f"Av de {len(plan.proposed) + len(plan.available)} möjliga har dagarna valts så att de fördelas över vår- och "
        f"hösttermin efter hur många möjliga dagar terminen har, jämnt inom terminen och med minst två veckor emellan."
    )
    groups = grouped_reasons(plan.rejected)
    for kind, heading in KIND_HEADINGS.items():
        reasons = groups.get(kind)
        if not reasons:
            continue
        document.add_heading(heading, level=2)
        for text, days in reasons.items():
            # "6 januari 2010" without the year: the whole document is about one year
            dates = ", ".join(long_date(day).rsplit(" ", 1)[0] for day in days)
            document.add_paragraph(f"{capitalised(text)}: {dates}", style="List Bullet")
    if plan.warnings:
        document.add_heading("Att observera", level=1)
        for warning in plan.warnings:
            document.add_paragraph(capitalised(warning), style="List Bullet")

    document.add_heading("Förslag till beslut", level=1)
    document.add_paragraph(f"Att fastställa sammanträdesdagar för {plan.year} enligt förslaget.")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
