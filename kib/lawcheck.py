"""What kommunallagen asks of a protokoll, checked: who served, votes, reservations, jäv, quorum, justering.

The serving members of each paragraph follow from attendance and jäv (`kib.serving`); a vote must be
cast by exactly those who served and took part; at a tie the chair's casting vote decides; a member
may reserve themselves only against a decision they took part in and lost; a nämnd decides only when
more than half of its ledamöter serve; the protokoll is justerat by as many justerare as the body
requires, within 14 days. Each message names the paragraph; the caller's `at` adds file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .errors import Problem
from .people import Directory, normalise
from .serving import ParagraphService, serving_by_paragraph
from .store import Loaded, problem_at
from .swedish import paragraphs_in
from .vocabulary import unknown_label, verifiers_required
from .voting import tally

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from . import model

#: Days within which a protokoll must be justerat (5 kap. 69 § KL).
JUSTERING_DAYS = 14

At = Callable[..., Problem]


def members_problems(loaded: Loaded) -> list[Problem]:
    """Label overrides kib does not know, and a number of justerare that cannot be."""
    members: model.MembersFile = loaded.value
    out = []
    for key in members.body.labels:
        message = unknown_label(key)
        if message:
            out.append(problem_at(loaded, ("body", "labels", key), message))
    required = members.body.verifiers_required
    if required is not None and required < 1:
        out.append(problem_at(loaded, ("body", "verifiers_required"), "verifiers_required must be 1 or more"))
    return out


def meeting_problems(loaded: Loaded, members: model.MembersFile, directory: Directory) -> Iterator[Problem]:
    """Every legal requirement of one meeting that loads."""
    meeting: model.Meeting = loaded.value

    def at(path: tuple[object, ...], message: str, severity: str = "error") -> Problem:
        return problem_at(loaded, path, message, severity)

    yield from _signatories(at, meeting, members.body, directory)
    yield from _dates(at, meeting, members.body)
    yield from _attendance(at, meeting, directory)
    listed = bool(meeting.attendees.members)
    service = serving_by_paragraph(meeting, members, directory)
    for i, (paragraph, served) in enumerate(zip(meeting.paragraphs, service, strict=True)):
        yield from _paragraph(at, ("paragraphs", i), paragraph, served, directory, listed)
        if listed and members.body.kind != "beredning" and not served.quorate:
            yield at(
                ("paragraphs", i, "number"),
                f"§ {paragraph.number}: {len(served.serving)} of {served.seats} ledamöter serve; the body may decide "
                f"only when more than half ({served.needed}) serve (beslutsförhet); check attendance and jäv",
            )


def _present_names(meeting: model.Meeting, directory: Directory) -> set[str]:
    """Everyone listed as present at some point: beslutande and ersättare present."""
    out = set()
    for a in [*meeting.attendees.members, *meeting.attendees.substitutes]:
        person = directory.member(a.name)
        out.add(normalise(person.name if person else a.name))
    return out


def _signatories(at: At, meeting: model.Meeting, body: model.Body, directory: Directory) -> Iterator[Problem]:
    """A beredning has a kontrasignerare, other bodies their justerare: as many as required, all present."""
    numbers = [p.number for p in meeting.paragraphs]
    if body.kind == "beredning":
        if meeting.verifiers:
            yield at(
                ("verifiers",),
                "a beredning's minutes are kontrasignerade: name the member under countersigner, not verifiers "
                "(or set body.kind in members.yaml to the kind of body that justerar a protokoll)",
                "warning",
            )
        return
    if meeting.countersigner is not None:
        yield at(
            ("countersigner",),
            f"a {body.kind}'s protokoll is justerat: name the justerare under verifiers, not countersigner",
            "warning",
        )
    required = verifiers_required(body)
    count = len(meeting.verifiers)
    if count < required:
        signed = meeting.signed is not None
        yield at(
            ("verifiers",) if meeting.verifiers else ("date",),
            f"{count} justerare appointed; the body requires {required} (body.verifiers_required in members.yaml)",
            "error" if signed or count else "warning",
        )
    elif count > required:
        yield at(("verifiers",), f"{count} justerare appointed; the body requires {required}", "warning")
    present = _present_names(meeting, directory)
    seen: set[str] = set()
    for j, verifier in enumerate(meeting.verifiers):
        person = directory.member(verifier.name)
        if person is None:
            yield at(("verifiers", j, "name"), f"justerare {verifier.name} is not a member in members.yaml")
            continue
        key = normalise(person.name)
        if key in seen:
            yield at(("verifiers", j, "name"), f"{person.name} is appointed justerare twice")
        seen.add(key)
        if meeting.attendees.members and key not in present:
            yield at(
                ("verifiers", j, "name"),
                f"justerare {person.name} was not present; choose a member listed among beslutande",
            )
        if verifier.paragraphs and numbers:
            wanted = paragraphs_in(verifier.paragraphs)
            if not wanted:
                yield at(
                    ("verifiers", j, "paragraphs"), f"{verifier.paragraphs!r} is not a paragraph range such as '5-6'"
                )
            elif not (min(numbers) <= wanted[0] and wanted[-1] <= max(numbers)):
                yield at(
                    ("verifiers", j, "paragraphs"),
                    f"paragraphs {verifier.paragraphs} are not this meeting's ({min(numbers)}–{max(numbers)})",
                )


def _dates(at: At, meeting: model.Meeting, body: model.Body) -> Iterator[Problem]:
    """Signatures after the meeting; justering within 14 days; the notice after the justering."""
    signed = meeting.signed
    last: dt.date | None = None
    if signed is not None:
        for j, signature in enumerate(signed.signatures):
            if signature.date < meeting.date:
                yield at(
                    ("signed", "signatures", j, "date"),
                    f"{signature.name} signed {signature.date.isoformat()}, before the meeting took place; correct the date",
                )
        dates = [s.date for s in signed.signatures]
        last = max([signed.date, *dates])
        if dates and signed.date < max(dates):
            yield at(
                ("signed", "date"),
                f"signed.date {signed.date.isoformat()} is before the last signature ({max(dates).isoformat()}); "
                "the protokoll is justerat on the last signature's date",
                "warning",
            )
    if body.kind == "beredning":
        return
    if last is not None and (last - meeting.date).days > JUSTERING_DAYS:
        yield at(
            ("signed", "date"),
            f"justerat {last.isoformat()}, {(last - meeting.date).days} days after the meeting; kommunallagen "
            f"asks for justering within {JUSTERING_DAYS} days (5 kap. 69 § KL)",
            "warning",
        )
    if meeting.announced is not None and last is not None and meeting.announced.date < last:
        yield at(
            ("announced", "date"),
            f"the notice went up {meeting.announced.date.isoformat()}, before the justering ({last.isoformat()})",
        )


def _attendance(at: At, meeting: model.Meeting, directory: Directory) -> Iterator[Problem]:
    """Paragraph ranges inside the meeting; ersättare present who are members of the body."""
    numbers = [p.number for p in meeting.paragraphs]
    groups = (("members", meeting.attendees.members), ("substitutes", meeting.attendees.substitutes))
    for group, attendees in groups:
        for j, a in enumerate(attendees):
            for key in ("from_paragraph", "to_paragraph"):
                value = getattr(a, key)
                if value is not None and numbers and not min(numbers) <= value <= max(numbers):
                    yield at(
                        ("attendees", group, j, key),
                        f"{a.name}: § {value} is not a paragraph of this meeting ({min(numbers)}–{max(numbers)})",
                    )
            if a.from_paragraph is not None and a.to_paragraph is not None and a.from_paragraph > a.to_paragraph:
                yield at(
                    ("attendees", group, j, "to_paragraph"),
                    f"{a.name} serves from § {a.from_paragraph} to § {a.to_paragraph}: the range runs backwards",
                )
    absent = {normalise(p.name) for p in (directory.member(a.name) for a in meeting.attendees.absent) if p}
    for j, s in enumerate(meeting.attendees.substitutes):
        person = directory.member(s.name)
        if person is None:
            yield at(
                ("attendees", "substitutes", j, "name"),
                f"{s.name} is not a member in members.yaml; add them as an ersättare or correct the spelling",
            )
        elif normalise(person.name) in absent:
            yield at(("attendees", "substitutes", j, "name"), f"{s.name} is listed both as present and absent")
    for j, a in enumerate(meeting.attendees.members):
        if not a.serving_for:
            continue
        served = directory.member(a.serving_for)
        if served is None:
            continue
        for k, other in enumerate(meeting.attendees.members):
            if k != j and directory.member(other.name) == served and _overlap(a, other, numbers):
                yield at(
                    ("attendees", "members", j, "serving_for"),
                    f"{served.name} is present, so nobody serves for them; when one leaves and the other takes "
                    "over, give them to_paragraph and from_paragraph",
                )


def _overlap(a: model.Attendee, b: model.Attendee, numbers: list[int]) -> bool:
    def span(x: model.Attendee) -> set[int]:
        return {n for n in numbers if (x.from_paragraph or n) <= n <= (x.to_paragraph or n)}

    return bool(span(a) & span(b)) if numbers else True


def _paragraph(
    at: At,
    path: tuple[object, ...],
    p: model.Paragraph,
    served: ParagraphService,
    directory: Directory,
    listed: bool,
) -> Iterator[Problem]:
    """Motions, propositionsordning, vote, reservations, jäv and protokollsanteckningar of one paragraph."""
    n = p.number

    def member(name: str, where: tuple[object, ...], what: str) -> str | None:
        """The member's name as members.yaml spells it, after reporting an unknown one."""
        person = directory.member(name)
        if person is None:
            problems.append(at(where, f"§ {n}: {what} {name} is not a member in members.yaml"))
            return None
        return person.name

    problems: list[Problem] = []

    def not_serving(name: str) -> str:
        if served.is_disqualified(name):
            return "is jävig"
        if name in served.present_substitutes:
            return "is an ersättare present but not serving"
        return "does not serve"

    for j, d in enumerate(p.disqualified):
        name = member(d.name, (*path, "disqualified", j, "name"), "jävig member")
        if d.replaced_by:
            replacement = member(d.replaced_by, (*path, "disqualified", j, "replaced_by"), "ersättare")
            if (
                replacement
                and listed
                and not any(s.name == replacement and s.serving_for == name for s in served.serving)
            ):
                problems.append(
                    at(
                        (*path, "disqualified", j, "replaced_by"),
                        f"§ {n}: {replacement} cannot serve for {name}: only an ersättare present and not already "
                        "serving may take a jävig member's place (list them under attendees.substitutes)",
                    )
                )
    for j, m in enumerate(p.motions):
        name = member(m.by, (*path, "motions", j, "by"), "mover")
        if name and listed and not served.serves(name):
            problems.append(
                at((*path, "motions", j, "by"), f"§ {n}: {name} {not_serving(name)} and cannot move a yrkande")
            )
        for k, supporter in enumerate(m.supported_by):
            name = member(supporter, (*path, "motions", j, "supported_by", k), "supporter")
            if name and listed and not served.serves(name):
                problems.append(
                    at(
                        (*path, "motions", j, "supported_by", k),
                        f"§ {n}: {name} {not_serving(name)} and cannot join a yrkande",
                    )
                )
    if len(p.motions) >= 2 and not p.proposition_order:
        problems.append(
            at(
                (*path, "motions"),
                f"§ {n}: {len(p.motions)} yrkanden but no proposition_order; record how the chair put them to the "
                "meeting and what the chair found",
            )
        )
    abstaining: set[str] = set()
    for j, who in enumerate(p.not_participating):
        name = member(who, (*path, "not_participating", j), "member")
        if name:
            abstaining.add(normalise(name))
            if listed and not served.serves(name):
                problems.append(
                    at(
                        (*path, "not_participating", j),
                        f"§ {n}: {name} {not_serving(name)}, so has no decision to abstain from",
                    )
                )
    result = None
    if p.vote is not None:
        result = tally(p.vote)
        problems.extend(_vote(at, (*path, "vote"), n, p.vote, served, directory, abstaining, listed))
    for j, r in enumerate(p.reservations):
        for k, who in enumerate(r.by):
            where = (*path, "reservations", j, "by", k)
            name = member(who, where, "reservant")
            if name is None:
                continue
            if listed and not served.serves(name):
                problems.append(
                    at(
                        where,
                        f"§ {n}: {name} {not_serving(name)} in this paragraph; only a member who took part in the decision may reserve themselves",
                    )
                )
            elif normalise(name) in abstaining:
                problems.append(
                    at(
                        where,
                        f"§ {n}: {name} avstod från att delta i beslutet and so cannot reserve themselves against it",
                    )
                )
            elif result is not None and result.side_of(name) == "avstår":
                problems.append(
                    at(
                        where,
                        f"§ {n}: {name} voted avstår, so did not take part in the decision and cannot reserve themselves against it",
                    )
                )
            elif result is not None and result.winner and result.side_of(name) == result.winner:
                problems.append(
                    at(
                        where,
                        f"§ {n}: {name} voted {result.winner} with the winning side and cannot reserve themselves against the decision",
                    )
                )
    for j, s in enumerate(p.statements):
        for k, who in enumerate(s.by):
            person = directory.member(who)
            if person is not None and served.is_disqualified(person.name):
                problems.append(
                    at(
                        (*path, "statements", j, "by", k),
                        f"§ {n}: {person.name} is jävig and not present in this paragraph",
                    )
                )
    yield from problems


def _vote(
    at: At,
    path: tuple[object, ...],
    n: int,
    vote: model.Vote,
    served: ParagraphService,
    directory: Directory,
    abstaining: set[str],
    listed: bool,
) -> list[Problem]:
    """Ballots exactly from the members who served and took part; a casting vote exactly at a tie."""
    out: list[Problem] = []
    voted: set[str] = set()
    for name_written in vote.ballots:
        where = (*path, "ballots", name_written)
        person = directory.member(name_written)
        if person is None:
            out.append(at(where, f"§ {n}: {name_written} voted but is not a member in members.yaml"))
            continue
        key = normalise(person.name)
        if key in voted:
            out.append(at(where, f"§ {n}: {person.name} has two ballots; keep one"))
        voted.add(key)
        if served.is_disqualified(person.name):
            out.append(
                at(where, f"§ {n}: {person.name} is jävig in this paragraph and may not vote; remove the ballot")
            )
        elif listed and not served.serves(person.name):
            reason = (
                "is an ersättare present but not serving"
                if person.name in served.present_substitutes
                else "does not serve in this paragraph"
            )
            out.append(at(where, f"§ {n}: {person.name} {reason}; only serving members vote"))
        elif key in abstaining:
            out.append(
                at(
                    where,
                    f"§ {n}: {person.name} avstår från att delta i beslutet, so casts no ballot (not even avstår)",
                )
            )
    if listed:
        missing = [s.name for s in served.serving if normalise(s.name) not in voted | abstaining]
        if missing:
            out.append(
                at(
                    (*path, "ballots"),
                    f"§ {n}: {len(vote.ballots)} ballots for {len(served.serving) - len(abstaining)} members taking "
                    f"part; no ballot from {', '.join(missing)} (add ja, nej or avstår, or list them under "
                    "not_participating)",
                )
            )
    result = tally(vote)
    if result.tie and vote.casting_vote is None and (result.yes or result.no):
        out.append(
            at(
                (*path, "ballots"),
                f"§ {n}: a tie, {len(result.yes)} ja against {len(result.no)} nej; record the chair's casting vote "
                "(casting_vote: ja or nej)",
            )
        )
    elif not result.tie and vote.casting_vote is not None:
        out.append(
            at(
                (*path, "casting_vote"),
                f"§ {n}: a casting vote without a tie ({len(result.yes)} ja, {len(result.no)} nej); remove it",
            )
        )
    if vote.result:
        out.extend(_typed_totals(at, (*path, "result"), n, vote.result, result.yes, result.no, result.abstain))
    return out


_TYPED = re.compile(r"(\d+)\s+(ja|nej|avstår|avstod|avstående)\b", re.IGNORECASE)


def _typed_totals(
    at: At,
    path: tuple[object, ...],
    n: int,
    text: str,
    yes: tuple[str, ...],
    no: tuple[str, ...],
    abstain: tuple[str, ...],
) -> Iterator[Problem]:
    """A result written with numbers ('6 ja mot 5 nej') must agree with the ballots kib counted."""
    counted = {"ja": len(yes), "nej": len(no), "avstår": len(abstain)}
    for match in _TYPED.finditer(text):
        word = match[2].casefold()
        side = "avstår" if word.startswith("avst") else word
        if int(match[1]) != counted[side]:
            yield at(
                path,
                f"§ {n}: the result says {match[0]!r} but the ballots count {counted[side]} {side}; kib counts the "
                "totals, so write the result without them or correct the ballots",
            )
