"""`kib check`: every problem in a data root, one line each, with the file, line and what to do."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kib.body.committee import Committee, numbering
from kib.body.people import AmbiguousName, Directory, normalise
from kib.body.scaffold import MAX_SIGNING_DAYS
from kib.body.uppdrag import NEXT_MEETING, format_action_id
from kib.errors import KibError, Problem
from kib.record import model
from kib.record.markup import footnote_keys
from kib.record.scan import MeetingOutline, content_key, read_bytes
from kib.record.store import (
    BodyDir,
    Loaded,
    Root,
    collector_paused,
    control_characters,
    load_meeting_safely,
    meeting_date_from_name,
    problem_at,
)
from kib.swedish import paragraphs_in, parse_time, parse_time_range

from . import law

#: Phrases by which minutes give someone a task; a paragraph using one should record an uppdrag.
TASK_PHRASES = re.compile(
    r"uppdrogs åt|uppdra åt|ger i uppdrag|gav i uppdrag|får i uppdrag|fick i uppdrag|skall inbjudas|ska inbjudas"
    r"|kommer att (?:\w+ ){0,3}bjuda in",
    re.IGNORECASE,
)
PERSONAL_DATA = (
    # month 01-12 and day 01-31 (61-91 for a samordningsnummer): an organisationsnummer (212000-0167) is not one
    (
        re.compile(r"\b(?:19|20)?\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]\d{4}\b"),
        "a personnummer",
    ),
    # a match starts only where a run of address characters starts: linear time on any text
    (re.compile(r"(?<![\w@.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "an e-mail address"),
    (
        re.compile(r"(?<!\d)(?:\+46\s?|0)7\d[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)|(?<!\d)07\d{2}[\s-]?\d{6}(?!\d)"),
        "a mobile phone number",
    ),
)


def run_check(root: Root, *, body: str | None = None, publish: bool = False) -> list[Problem]:
    """All problems of the selected bodies, sorted by file and line."""
    from kib.record.sealhistory import seal_history_problems

    problems: list[Problem] = []
    meetings: list[MeetingOutline] = []
    with collector_paused():
        for b in root.select(body):
            problems.extend(check_body(b, publish=publish, collect=meetings))
        problems.extend(seal_history_problems(root.path, meetings))  # one git log for the whole root
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.col or 0))


def check_body(
    body: BodyDir, *, publish: bool = False, collect: list[MeetingOutline] | None = None
) -> list[Problem]:
    """members.yaml, schedule.yaml, each meeting on its own, then the rules across meetings; `collect`
    receives the meetings that load, for checks across bodies.

    A meeting's own findings depend only on its bytes, its name, members.yaml, its pictures and
    --publish, so the scan cache keeps them under those: a meeting unchanged since the last check is not
    parsed again. The rules across meetings (numbering through the year, unique uppdrag ids) are always
    worked out anew.
    """
    try:
        members_loaded = body.members_loaded
    except KibError as exc:
        return [Problem(exc.file, exc.line, exc.col, "error", exc.message)]
    problems = list(members_loaded.problems)
    if not members_loaded.ok:
        return problems  # meetings cannot be checked against a members.yaml that does not load
    problems += _check_members(members_loaded)
    problems += law.members_problems(members_loaded)
    try:
        schedule = body.schedule_loaded
    except KibError as exc:
        problems.append(Problem(exc.file, exc.line, exc.col, "error", exc.message))
        schedule = None
    if schedule is not None:
        problems += schedule.problems
    problems += [Problem(path, None, None, "warning", why) for path, why in body.stray_files()]
    committee = Committee(body, members_loaded.value)
    # what a meeting's own findings depend on besides its bytes: members.yaml's bytes and --publish
    members_key = f"{content_key(members_loaded.text.encode('utf-8'))}/{'publish' if publish else 'plain'}"

    def key(meeting: MeetingOutline) -> str:
        """The findings' key: members.yaml, --publish and the bytes of the meeting's pictures."""
        pictures = [read_bytes(meeting.path.parent / image) for image in meeting.pictures]
        return members_key + "".join(f"/{content_key(data) if data is not None else '-'}" for data in pictures)

    def own(loaded: Loaded) -> list[Problem]:
        found = list(check_meeting(loaded, committee, publish=publish))
        return found + list(law.meeting_problems(loaded, committee.members, committee.directory))

    good: list[MeetingOutline] = []
    for item, found in committee.scanned(also=(key, own)):
        problems += found
        if isinstance(item, MeetingOutline):
            good.append(item)
    problems += _check_numbering(body, good)
    problems += _check_action_ids(body, good)
    if collect is not None:
        collect.extend(good)
    return problems


def time_problem(text: str, parse: Callable[[str], object]) -> list[str]:
    """The message of the parser every command uses (not a looser regex), or nothing when `text` is fine."""
    try:
        parse(text)
    except KibError as exc:
        return [exc.message]
    return []


def _check_members(loaded: Loaded) -> list[Problem]:
    members: model.MembersFile = loaded.value
    out = []
    seen: dict[str, int] = {}
    people = [("members", i, m.name) for i, m in enumerate(members.members)]
    people += [("officials", i, o.name) for i, o in enumerate(members.officials)]
    for section, i, name in people:
        key = normalise(name)
        if key in seen:
            out.append(problem_at(loaded, (section, i, "name"), f"{name} is listed twice; keep one entry"))
        seen[key] = i
    chairs = [i for i, m in enumerate(members.members) if m.role == "ordförande"]
    if len(chairs) > 1:
        out.append(problem_at(loaded, ("members", chairs[1], "role"), "more than one ordförande"))
    out += [problem_at(loaded, ("body", "time"), msg) for msg in time_problem(members.body.time, parse_time_range)]
    for kind, name in members.body.templates.items():
        if kind not in ("minutes", "agenda", "extract"):
            out.append(
                problem_at(
                    loaded, ("body", "templates", kind), f"unknown document {kind!r}; use minutes, agenda or extract"
                )
            )
        elif not (loaded.path.parent / name).is_file():
            out.append(
                problem_at(
                    loaded,
                    ("body", "templates", kind),
                    f"template {name} not found (paths are relative to members.yaml)",
                )
            )
    out += [
        problem_at(loaded, ("body", "signing_time"), m) for m in time_problem(members.body.signing_time, parse_time)
    ]
    if not 0 <= members.body.signing_days <= MAX_SIGNING_DAYS:
        out.append(
            problem_at(
                loaded, ("body", "signing_days"), f"signing_days is not between 0 and {MAX_SIGNING_DAYS} working days"
            )
        )
    at = lambda path, msg, sev="error": problem_at(loaded, path, msg, sev)  # noqa: E731
    out += _control_anywhere(at, loaded.raw)
    out += name_problems(at, loaded.raw, MEMBERS_NAMES)
    return out


def signing_problems(body: BodyDir, loaded: Loaded) -> list[Problem]:
    """What `kib check` would reject in this meeting once signed: `kib sign` refuses to seal it."""
    members_loaded = body.members_loaded
    problems = [p for p in members_loaded.problems if p.severity == "error"]
    problems += [p for p in loaded.problems if p.severity == "error"]
    if problems or loaded.value is None:
        return problems
    found = [p for p in check_meeting(loaded, Committee(body, members_loaded.value), signing=True) if p.severity == "error"]
    if found:
        return found
    # a seal removed or made again since the commit that first sealed these minutes is no ground to seal anew
    from kib.record.sealhistory import seal_history_problems

    return seal_history_problems(body.path, [MeetingOutline.of(loaded.path, loaded.value)])


def check_meeting(
    loaded: Loaded, committee: Committee, *, publish: bool = False, signing: bool = False
) -> Iterator[Problem]:
    """Problems of one meeting that loads: names, signatories, numbering inside it, seal, uppdrag.

    `signing`: as `kib sign` sees the meeting about to be sealed (its seal is not checked yet, and what a
    signed meeting must not have is an error already).
    """
    from kib.body.signed_record import record_problems
    from kib.record.seal import seal_problems

    m: model.Meeting = loaded.value
    members, directory = committee.members, committee.directory
    at = lambda path, msg, sev="error": problem_at(loaded, path, msg, sev)  # noqa: E731

    named = meeting_date_from_name(loaded.path)
    if named is None:
        yield at(
            ("date",),
            f"file name {loaded.path.name} is not YYYY-MM-DD.yaml; rename it to {m.date.isoformat()}.yaml",
            "warning",
        )
    elif named != m.date:
        yield at(("date",), f"date {m.date.isoformat()} differs from the file name {loaded.path.name}; make them agree")
    if m.time is not None:
        yield from (at(("time",), msg) for msg in time_problem(m.time, parse_time_range))

    present: set[str] = set()
    for i, attendee in enumerate(m.attendees.members):
        person = directory.member(attendee.name)
        if person is None:
            yield at(
                ("attendees", "members", i, "name"),
                f"{attendee.name} is not a member in members.yaml; add them there or correct the spelling"
                + _did_you_mean(directory, attendee.name, "member"),
            )
        key = normalise(person.name if person else attendee.name)
        if key in present:
            yield at(("attendees", "members", i, "name"), f"{attendee.name} is listed twice among beslutande")
        present.add(key)
        if attendee.serving_for:
            served = directory.member(attendee.serving_for)
            if served is None:
                yield at(
                    ("attendees", "members", i, "serving_for"),
                    f"{attendee.serving_for} is not a member in members.yaml"
                    + _did_you_mean(directory, attendee.serving_for, "member"),
                )
    for i, absent in enumerate(m.attendees.absent):
        if directory.member(absent.name) is None:
            yield at(
                ("attendees", "absent", i, "name"),
                f"{absent.name} is not a member in members.yaml" + _did_you_mean(directory, absent.name, "member"),
            )
        elif normalise(directory.member(absent.name).name) in present:  # type: ignore[union-attr]
            yield at(("attendees", "absent", i, "name"), f"{absent.name} is listed both as present and absent")
    for i, other in enumerate(m.attendees.others):
        found = directory.get(other.name)
        if found is None and not other.title:
            yield at(
                ("attendees", "others", i, "name"),
                f"{other.name} is not in members.yaml; add them as an official or give a title here",
                "warning",
            )

    def is_present(name: str) -> bool:
        person = directory.member(name)
        return person is not None and normalise(person.name) in present

    if m.presiding:
        if directory.member(m.presiding) is None:
            yield at(
                ("presiding",),
                f"{m.presiding} is not a member in members.yaml" + _did_you_mean(directory, m.presiding, "member"),
            )
        elif present and not is_present(m.presiding):
            yield at(("presiding",), f"{m.presiding} presided but is not listed among beslutande")
    numbers = [p.number for p in m.paragraphs]
    if m.countersigner is not None:
        name = m.countersigner.name
        if directory.member(name) is None:
            yield at(
                ("countersigner", "name"),
                f"{name} is not a member in members.yaml" + _did_you_mean(directory, name, "member"),
            )
        elif not is_present(name):
            yield at(
                ("countersigner", "name"),
                f"countersigner {name} was not present; choose a member listed among beslutande",
            )
        else:
            yield from _countersigner_problems(at, m, directory)
        if m.countersigner.paragraphs and numbers:
            wanted = paragraphs_in(m.countersigner.paragraphs)
            if not wanted:
                yield at(
                    ("countersigner", "paragraphs"),
                    f"{m.countersigner.paragraphs!r} is not a paragraph range such as '5-6'",
                )
            elif not (min(numbers) <= wanted[0] and wanted[-1] <= max(numbers)):
                yield at(
                    ("countersigner", "paragraphs"),
                    f"paragraphs {m.countersigner.paragraphs} are not this meeting's ({min(numbers)}–{max(numbers)})",
                )
    if m.signing is not None and m.signing.date is not None and m.signing.date < m.date:
        yield at(("signing", "date"), f"signing appointment {m.signing.date.isoformat()} is before the meeting")
    if m.signing is not None and m.signing.time is not None:
        yield from (at(("signing", "time"), msg) for msg in time_problem(m.signing.time, parse_time))
    if m.signed is not None and m.signed.date < m.date:
        yield at(
            ("signed", "date"), f"signed {m.signed.date.isoformat()}, before the meeting took place; correct the date"
        )
    if not signing:
        yield from seal_problems(loaded)
        yield from record_problems(loaded, members)
    yield from name_problems(at, loaded.raw, MEETING_NAMES)

    first_at: dict[int, int] = {}
    for i, p in enumerate(m.paragraphs):
        if p.number in first_at:
            lines = [problem_at(loaded, ("paragraphs", j, "number"), "").line for j in (first_at[p.number], i)]
            yield at(
                ("paragraphs", i, "number"),
                f"§ {p.number} appears twice (lines {lines[0]} and {lines[1]}); renumber one of them",
            )
        elif i and p.number != m.paragraphs[i - 1].number + 1:
            yield at(
                ("paragraphs", i, "number"),
                f"§ {p.number} follows § {m.paragraphs[i - 1].number}; paragraphs run on without gaps",
            )
        first_at.setdefault(p.number, i)
        if not p.text.strip() and not _decision_text(p.decision).strip():
            yield at(
                ("paragraphs", i, "number"),
                f"§ {p.number} is empty (no text, no decision) but the minutes are signed; write it and record "
                f'the correction with `kib sign {m.date.isoformat()} --amend --reason "…"`'
                if m.signed is not None and not signing
                else f"§ {p.number} is empty (no text, no decision); write it or delete it before signing",
                "error" if m.signed is not None or signing else "warning",
            )
        decision_text = "\n".join(p.decision) if isinstance(p.decision, list) else (p.decision or "")
        # markers may stand in the decision too: the renderer sets footnotes there as well
        yield from _check_text(at, ("paragraphs", i), p.text + "\n" + decision_text, p.footnotes, "text")
        text_all = "\n".join([p.title, p.text, decision_text, *p.footnotes.values()])
        if TASK_PHRASES.search(text_all) and not p.actions:
            phrase = TASK_PHRASES.search(text_all)[0]  # type: ignore[index]
            yield at(
                ("paragraphs", i, "number"),
                f'§ {p.number} gives a task ("{phrase}") but records no uppdrag; add one with '
                f"`kib action add {m.date.isoformat()} {p.number} --owner NAME --task TEXT`",
                "warning",
            )
        for j, action in enumerate(p.actions):
            try:
                owner = directory.find(action.owner)
            except AmbiguousName as exc:
                yield at(
                    ("paragraphs", i, "actions", j, "owner"),
                    f"owner {action.owner!r} matches {', '.join(c.name for c in exc.candidates)}; write the full name",
                )
            else:
                if owner is None:
                    yield at(
                        ("paragraphs", i, "actions", j, "owner"),
                        f"owner {action.owner!r} is not in members.yaml; add them (as an official) or use a name listed there"
                        + _did_you_mean(directory, action.owner),
                        "warning",
                    )
            if action.done is not None and action.done.date < m.date:
                yield at(
                    ("paragraphs", i, "actions", j, "done", "date"),
                    f"reported done {action.done.date.isoformat()}, before it was given ({m.date.isoformat()})",
                )
            if isinstance(action.due, str) and action.due.strip().casefold() not in NEXT_MEETING:
                yield at(
                    ("paragraphs", i, "actions", j, "due"),
                    f"due {action.due!r} is neither a date YYYY-MM-DD nor 'nästa sammanträde'",
                )
        if publish:
            yield from _personal_data(at, ("paragraphs", i), text_all)
    for i, a in enumerate(m.attachments):
        yield from _check_text(at, ("attachments", i), a.text, {}, "text")
        if publish:
            yield from _personal_data(at, ("attachments", i), a.title + "\n" + a.text)
    yield from _control_anywhere(at, loaded.raw)


#: Where names stand in each file: a line break or tab there breaks a document's line, a calendar or a table.
MEMBERS_NAMES: tuple[tuple[str, ...], ...] = (
    ("body", "name"),
    ("body", "short_name"),
    ("body", "genitive"),
    ("body", "organisation"),
    ("body", "document_title"),
    ("body", "reports_to"),
    ("body", "heading_lines", "*"),
    ("members", "*", "name"),
    ("members", "*", "party"),
    ("members", "*", "short", "*"),
    ("officials", "*", "name"),
    ("officials", "*", "title"),
    ("officials", "*", "short", "*"),
    ("officials", "*", "roles", "*"),
)
MEETING_NAMES: tuple[tuple[str, ...], ...] = (
    ("attendees", "members", "*", "name"),
    ("attendees", "members", "*", "serving_for"),
    ("attendees", "others", "*", "name"),
    ("attendees", "others", "*", "title"),
    ("attendees", "absent", "*", "name"),
    ("presiding",),
    ("countersigner", "name"),
    ("paragraphs", "*", "presenter"),
    ("paragraphs", "*", "actions", "*", "owner"),
)
_LINE_BREAKS = re.compile("[\t\n\r\v\f\x85\u2028\u2029]")


def name_problems(at, raw: object, patterns: tuple[tuple[str, ...], ...]) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    """A name, title or heading holding a line break or tab: one line in every document, so an error."""
    for pattern in patterns:
        for path, value in _values_at(raw, pattern):
            if isinstance(value, str) and _LINE_BREAKS.search(value):
                char = _LINE_BREAKS.search(value)[0]  # type: ignore[index]
                what = "a tab" if char == "\t" else f"a line break (U+{ord(char):04X})"
                yield at(path, f"{'.'.join(str(k) for k in path)} holds {what}; a name or title is one line, write it on one")


def _values_at(raw: object, pattern: tuple[str, ...]) -> Iterator[tuple[tuple[object, ...], object]]:
    nodes: list[tuple[tuple[object, ...], object]] = [((), raw)]
    for key in pattern:
        following: list[tuple[tuple[object, ...], object]] = []
        for path, node in nodes:
            if key == "*" and isinstance(node, list):
                following += [((*path, i), item) for i, item in enumerate(node)]
            elif isinstance(node, dict) and key in node:
                following.append(((*path, key), node[key]))
        nodes = following
    return iter(nodes)


def _did_you_mean(directory: Directory, name: str, kind: str | None = None) -> str:
    near = directory.suggest(name, kind)
    return f"; did you mean {near}?" if near else ""


def _countersigner_problems(at, m: model.Meeting, directory: Directory) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    """The countersigner vouches for what the presiding member signed: another member, present throughout."""
    assert m.countersigner is not None
    name = m.countersigner.name
    person = directory.member(name)
    present = {found.name for a in m.attendees.members if (found := directory.member(a.name)) is not None}
    chair = directory.chair
    presiding = directory.member(m.presiding) if m.presiding else (chair if chair and chair.name in present else None)
    if person is not None and presiding is not None and person.name == presiding.name:
        yield at(
            ("countersigner", "name"),
            f"countersigner {name} presided over the meeting; the minutes are countersigned by another member present",
        )
        return
    numbers = [p.number for p in m.paragraphs]
    signed = list(paragraphs_in(m.countersigner.paragraphs)) if m.countersigner.paragraphs else numbers
    attendee = next((a for a in m.attendees.members if directory.member(a.name) == person), None)
    served = _present_for(attendee, numbers) if attendee is not None else None
    if served is None or not signed:
        return
    missed = [n for n in signed if n in numbers and n not in served]
    if missed:
        yield at(
            ("countersigner", "name"),
            f"countersigner {name} was present for {_span(sorted(served))} only but countersigns "
            f"{_span(signed)}; choose a member present for all of them, or give the paragraphs under "
            "countersigner: paragraphs",
        )


def _present_for(attendee: model.Attendee, numbers: list[int]) -> set[int] | None:
    """The paragraphs a beslutande member was present for, when the file says (None: all of them)."""
    low = getattr(attendee, "from_paragraph", None)
    high = getattr(attendee, "to_paragraph", None)
    if low is None and high is None and attendee.attendance:
        match = re.fullmatch(r"\s*(från|till)?\s*§§?\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", attendee.attendance)
        if match is None:
            return None  # "till kl 18.15": no paragraph is named
        if match[1] == "från":
            low = int(match[2])
        elif match[1] == "till":
            high = int(match[2])
        else:
            low, high = int(match[2]), int(match[3] or match[2])
    if low is None and high is None:
        return None
    return {n for n in numbers if (low is None or n >= low) and (high is None or n <= high)}


def _span(numbers: list[int]) -> str:
    if not numbers:
        return "no paragraph"
    if len(numbers) == 1:
        return f"§ {numbers[0]}"
    return f"§§ {numbers[0]}–{numbers[-1]}"


def _decision_text(decision: str | list[str] | None) -> str:
    return "\n".join(decision) if isinstance(decision, list) else (decision or "")


def _check_text(at, path, text: str, footnotes: dict[str, str], key: str) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    used = footnote_keys(text)
    for mark in sorted({m for m in used if used.count(m) > 1}):
        yield at((*path, key), f"footnote marker [^{mark}] is used twice; a footnote belongs to one place")
    for mark in dict.fromkeys(used):
        if mark not in footnotes:
            yield at(
                (*path, key), f'footnote marker [^{mark}] has no text under footnotes; add footnotes: {{"{mark}": "…"}}'
            )
    for name in footnotes:
        if name not in used:
            yield at(
                (*path, "footnotes", name),
                f"footnote {name!r} is never marked in the text; add [^{name}] where it belongs",
            )


def _control_anywhere(at, raw: object) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    """Control characters in any text or key of a file (names, places and uppdrag reach documents too)."""
    for path, char in control_characters(raw):
        yield at(
            path, f"contains the control character U+{ord(char):04X}, which a Word document cannot hold; delete it"
        )


def _personal_data(at, path, text: str) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    for pattern, what in PERSONAL_DATA:
        for match in pattern.finditer(text):
            yield at(path, f"{what} in text meant for the public: {match[0]!r}; remove it before publishing", "warning")


def _at(body: BodyDir, meeting: MeetingOutline, key_path: tuple[object, ...], message: str, severity: str = "error") -> Problem:
    """A problem across meetings, at its line: the file is read again only to say where."""
    return problem_at(load_meeting_safely(body, meeting.path), key_path, message, severity)


def _check_numbering(body: BodyDir, meetings: list[MeetingOutline]) -> Iterator[Problem]:
    """Paragraph numbers run on through the calendar year and restart in January."""
    for meeting, before in numbering(meetings):
        if before is None:
            continue
        first, previous, year = meeting.numbers[0], max(before.numbers), meeting.date.year
        if first <= previous:
            yield _at(
                body,
                meeting,
                ("paragraphs", 0, "number"),
                f"§ {first} repeats a number already used in {year} (meeting {before.date.isoformat()} ended at § {previous}); "
                f"this meeting should start at § {previous + 1}",
            )
        elif first > previous + 1:
            gap = f"§ {previous + 1}" if first == previous + 2 else f"§§ {previous + 1}–{first - 1}"
            yield _at(
                body,
                meeting,
                ("paragraphs", 0, "number"),
                f"{gap} of {year} are in no meeting file (a meeting's minutes missing?)",
                "warning",
            )


def _check_action_ids(body: BodyDir, meetings: list[MeetingOutline]) -> Iterator[Problem]:
    seen: dict[str, Path] = {}
    for meeting in meetings:
        for i, (number, actions) in enumerate(zip(meeting.numbers, meeting.actions, strict=True)):
            for j, a in enumerate(actions):
                ident = format_action_id(meeting.date, number, j + 1, a.id)
                if ident in seen:
                    yield _at(
                        body,
                        meeting,
                        ("paragraphs", i, "actions", j),
                        f"uppdrag id {ident} is used twice (also in {seen[ident].name}); give each a unique id",
                    )
                seen[ident] = meeting.path


@dataclass(frozen=True)
class Report:
    """What `kib check` found, and how many files it read: the CLI prints it, scripts read `failed`."""

    problems: list[Problem]
    files: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def notes(self) -> int:
        """Information, such as a signed meeting's record differing from members.yaml: never a failure."""
        return sum(p.severity == "info" for p in self.problems)

    def failed(self, *, strict: bool) -> bool:
        """An error, or with `strict` a warning, fails the check."""
        return bool(self.errors or (strict and self.warnings))


def check_root(root: Root, *, body: str | None = None, publish: bool = False) -> Report:
    """Every problem of the selected bodies, with the number of files (members.yaml and meetings) read."""
    problems = run_check(root, body=body, publish=publish)
    files = sum(len(b.meeting_paths()) + 1 for b in root.select(body))
    return Report(problems, files)
