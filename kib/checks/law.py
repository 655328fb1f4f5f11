"""What kommunallagen asks of a protokoll, checked: who served, votes, reservations, jäv, quorum, justering.

The serving members of each paragraph follow from attendance and jäv (`kib.body.serving`); a vote must be
cast by exactly those who served and took part; at a tie the chair's casting vote decides; a member
may reserve themselves only against a decision they took part in and lost; a nämnd decides only when
more than half of its ledamöter serve; the protokoll is justerat by as many justerare as the body
requires, within 14 days. Each message names the paragraph; the caller's `at` adds file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator

from kib.body.people import Directory, normalise
from kib.body.serving import ParagraphService, Seat, serving_by_paragraph
from kib.body.vocabulary import unknown_label, verifiers_required
from kib.body.voting import tally
from kib.errors import Problem
from kib.record import model
from kib.record.store import Loaded, problem_at
from kib.swedish import paragraphs_in

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
    for i, m in enumerate(members.members):
        near = difflib.get_close_matches(m.role, model.KNOWN_ROLES, n=1, cutoff=0.8)
        if m.role not in model.KNOWN_ROLES and near:
            out.append(
                problem_at(
                    loaded,
                    ("members", i, "role"),
                    f"role {m.role!r} is not one kib knows; did you mean {near[0]!r}? (another role is fine if the "
                    "body names it so)",
                    "warning",
                )
            )
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
    yield from _signatures(at, meeting, directory)
    yield from _attendance(at, meeting, directory)
    for i, paragraph in enumerate(meeting.paragraphs):
        if paragraph.appealable and not members.body.appeal_text:
            yield at(
                ("paragraphs", i, "appealable"),
                f"§ {paragraph.number} is appealable but members.yaml has no body.appeal_text to print under it",
                "warning",
            )
    listed = bool(meeting.attendees.members)
    if members.body.kind == "beredning" and not any(map(_decided_in_form, meeting.paragraphs)):
        return  # nothing below applies: a beredning has no quorum to check, and no vote or jäv was recorded
    service = serving_by_paragraph(meeting, members, directory)
    for i, (paragraph, served) in enumerate(zip(meeting.paragraphs, service, strict=True)):
        yield from _paragraph(at, ("paragraphs", i), paragraph, served, directory, listed)
        if listed and members.body.kind != "beredning" and not served.quorate:
            yield at(
                ("paragraphs", i, "number"),
                f"§ {paragraph.number}: {len(served.serving)} of {served.seats} ledamöter serve; the body may decide "
                f"only when more than half ({served.needed}) serve (beslutsförhet); check attendance and jäv",
            )


def _decided_in_form(p: model.Paragraph) -> bool:
    """The paragraph records who moved, voted, abstained, reserved, was jävig or made a statement."""
    return bool(p.motions or p.vote or p.not_participating or p.reservations or p.disqualified or p.statements)


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
        if meeting.announced is not None:
            yield at(
                ("announced",),
                "a beredning's minutes are not announced on the anslagstavla; remove announced (or set body.kind)",
                "warning",
            )
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


def _signatures(at: At, meeting: model.Meeting, directory: Directory) -> Iterator[Problem]:
    """Who signed as ordförande and as justerare is who presided and who was appointed."""
    if meeting.signed is None:
        return

    def key(name: str) -> str:
        person = directory.member(name)
        return normalise(person.name if person else name)

    appointed = {key(v.name) for v in meeting.verifiers}
    if meeting.countersigner is not None:
        appointed.add(key(meeting.countersigner.name))
    chair = meeting.presiding or (directory.chair.name if directory.chair else None)
    for j, signature in enumerate(meeting.signed.signatures):
        if signature.role == "verifier" and key(signature.name) not in appointed:
            yield at(
                ("signed", "signatures", j, "name"),
                f"{signature.name} signed as justerare but was not appointed; name them under verifiers",
                "warning",
            )
        elif signature.role == "chair" and chair and key(signature.name) != key(chair):
            yield at(
                ("signed", "signatures", j, "name"),
                f"{signature.name} signed as ordförande but {chair} presided; set presiding or correct the name",
                "warning",
            )
    signed = {key(s.name) for s in meeting.signed.signatures if s.role == "verifier"}
    if signed:
        for v in meeting.verifiers:
            if key(v.name) not in signed:
                yield at(
                    ("signed", "signatures"),
                    f"justerare {v.name} has not signed; the protokoll is not yet justerat",
                    "warning",
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
) -> list[Problem]:
    """Jäv, yrkanden, propositionsordning, abstentions, the vote, reservations and protokollsanteckningar."""
    check = _ParagraphCheck(at, path, p, served, directory, listed)
    check.disqualified()
    check.motions()
    abstaining = check.not_participating()
    if p.vote is not None:
        check.vote(p.vote, abstaining)
    check.reservations(abstaining)
    check.statements()
    return check.problems


class _ParagraphCheck:
    """The problems of one paragraph, each message starting with its number."""

    def __init__(
        self,
        at: At,
        path: tuple[object, ...],
        p: model.Paragraph,
        served: ParagraphService,
        directory: Directory,
        listed: bool,
    ) -> None:
        self.at = at
        self.path = path
        self.p = p
        self.served = served
        self.directory = directory
        self.listed = listed  # False when the file names no beslutande: who served cannot be known
        self.problems: list[Problem] = []

    def report(self, where: tuple[object, ...], message: str) -> None:
        self.problems.append(self.at((*self.path, *where), f"§ {self.p.number}: {message}"))

    def member(self, name: str, where: tuple[object, ...], what: str) -> str | None:
        """The member's name as members.yaml spells it; None (and an error) for someone who is no member."""
        person = self.directory.member(name)
        if person is None:
            self.report(where, f"{what} {name} is not a member in members.yaml")
            return None
        return person.name

    def not_serving(self, name: str) -> str | None:
        """Why `name` did not serve in this paragraph, or None when they did (or it cannot be known)."""
        if self.served.is_disqualified(name):
            return "is jävig"
        if not self.listed or self.served.serves(name):
            return None
        if name in self.served.present_substitutes:
            return "is an ersättare present but not serving"
        return "does not serve in this paragraph"

    def disqualified(self) -> None:
        for j, d in enumerate(self.p.disqualified):
            name = self.member(d.name, ("disqualified", j, "name"), "jävig member")
            if not d.replaced_by:
                continue
            where = ("disqualified", j, "replaced_by")
            replacement = self.member(d.replaced_by, where, "ersättare")
            if replacement and self.listed and Seat(replacement, name) not in self.served.serving:
                self.report(
                    where,
                    f"{replacement} cannot serve for {name}: only an ersättare present and not already serving may "
                    "take a jävig member's place (list them under attendees.substitutes)",
                )

    def motions(self) -> None:
        for j, m in enumerate(self.p.motions):
            people: list[tuple[str, tuple[object, ...], str]] = [(m.by, ("motions", j, "by"), "move")]
            people += [(s, ("motions", j, "supported_by", k), "join") for k, s in enumerate(m.supported_by)]
            for who, where, verb in people:
                name = self.member(who, where, "mover" if verb == "move" else "supporter")
                reason = self.not_serving(name) if name else None
                if reason:
                    self.report(where, f"{name} {reason} and cannot {verb} a yrkande")
        if len(self.p.motions) >= 2 and not self.p.proposition_order:
            self.report(
                ("motions",),
                f"{len(self.p.motions)} yrkanden but no proposition_order; record how the chair put them to the "
                "meeting and what the chair found",
            )

    def not_participating(self) -> set[str]:
        """The normalised names of those who avstår från att delta i beslutet."""
        abstaining: set[str] = set()
        for j, who in enumerate(self.p.not_participating):
            name = self.member(who, ("not_participating", j), "member")
            if name is None:
                continue
            abstaining.add(normalise(name))
            reason = self.not_serving(name)
            if reason:
                self.report(("not_participating", j), f"{name} {reason}, so has no decision to abstain from")
        return abstaining

    def vote(self, vote: model.Vote, abstaining: set[str]) -> None:
        """Ballots exactly from the members who served and took part; a casting vote exactly at a tie."""
        voted: set[str] = set()
        for written in vote.ballots:
            where = ("vote", "ballots", written)
            person = self.directory.member(written)
            if person is None:
                self.report(where, f"{written} voted but is not a member in members.yaml")
                continue
            key = normalise(person.name)
            if key in voted:
                self.report(where, f"{person.name} has two ballots; keep one")
            voted.add(key)
            reason = self.not_serving(person.name)
            if reason == "is jävig":
                self.report(where, f"{person.name} is jävig in this paragraph and may not vote; remove the ballot")
            elif reason:
                self.report(where, f"{person.name} {reason}; only serving members vote")
            elif key in abstaining:
                self.report(
                    where, f"{person.name} avstår från att delta i beslutet, so casts no ballot (not even avstår)"
                )
        if self.listed:
            missing = [s.name for s in self.served.serving if normalise(s.name) not in voted | abstaining]
            if missing:
                self.report(
                    ("vote", "ballots"),
                    f"{len(vote.ballots)} ballots for {len(self.served.serving) - len(abstaining)} members taking "
                    f"part; no ballot from {', '.join(missing)} (add ja, nej or avstår, or list them under "
                    "not_participating)",
                )
        result = tally(vote)
        if result.tie and vote.casting_vote is None and (result.yes or result.no):
            self.report(
                ("vote", "ballots"),
                f"a tie, {len(result.yes)} ja against {len(result.no)} nej; record the chair's casting vote "
                "(casting_vote: ja or nej)",
            )
        elif not result.tie and vote.casting_vote is not None:
            self.report(
                ("vote", "casting_vote"),
                f"a casting vote without a tie ({len(result.yes)} ja, {len(result.no)} nej); remove it",
            )
        counted = {"ja": len(result.yes), "nej": len(result.no), "avstår": len(result.abstain)}
        for typed, side in _typed_totals(vote.result or ""):
            if typed != counted[side]:
                self.report(
                    ("vote", "result"),
                    f"the result says '{typed} {side}' but the ballots count {counted[side]} {side}; kib counts "
                    "the totals, so write the result without them or correct the ballots",
                )

    def reservations(self, abstaining: set[str]) -> None:
        """Only a member who took part in the decision, and lost, reserves themselves against it."""
        result = tally(self.p.vote) if self.p.vote is not None else None
        for j, r in enumerate(self.p.reservations):
            for k, who in enumerate(r.by):
                where = ("reservations", j, "by", k)
                name = self.member(who, where, "reservant")
                if name is None:
                    continue
                reason = self.not_serving(name)
                side = result.side_of(name) if result is not None else None
                if reason:
                    self.report(
                        where,
                        f"{name} {reason.removesuffix(' in this paragraph')} in this paragraph; only a member who "
                        "took part in the decision may reserve themselves",
                    )
                elif normalise(name) in abstaining:
                    self.report(
                        where, f"{name} avstod från att delta i beslutet and so cannot reserve themselves against it"
                    )
                elif side == "avstår":
                    self.report(
                        where,
                        f"{name} voted avstår, so did not take part in the decision and cannot reserve themselves "
                        "against it",
                    )
                elif result is not None and result.winner and side == result.winner:
                    self.report(
                        where,
                        f"{name} voted {side} with the winning side and cannot reserve themselves against the decision",
                    )

    def statements(self) -> None:
        for j, s in enumerate(self.p.statements):
            for k, who in enumerate(s.by):
                person = self.directory.member(who)
                if person is not None and self.served.is_disqualified(person.name):
                    self.report(("statements", j, "by", k), f"{person.name} is jävig and not present in this paragraph")


_TYPED = re.compile(r"(\d+)\s+(ja|nej|avstår|avstod|avstående)\b", re.IGNORECASE)


def _typed_totals(text: str) -> Iterator[tuple[int, str]]:
    """The totals a result states in figures ('6 ja-röster mot 5 nej'): (number, 'ja'|'nej'|'avstår')."""
    for match in _TYPED.finditer(text):
        word = match[2].casefold()
        yield int(match[1]), "avstår" if word.startswith("avst") else word
