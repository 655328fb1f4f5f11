"""People in an imported document: 'Anna Ek (S), tjänstgörande ersättare för Bo Berg (S), §§ 71–75'.

A list line is split into persons at their party marks, each with what follows it (role, whom an
ersättare serves for, partial attendance). Names are matched against members.yaml through
`kib.body.people.Directory`, so short forms and spellings the body already knows resolve to one person; a
name it does not know becomes a proposed addition, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kib.body.people import Directory, Person, normalise

#: A name: capitalised words ("Jan-Eric Jansson", "Eva Närvä Eickenrodt", "Lennart J", "af Klint").
NAME = r"(?:(?:af|von|de|van|der|la)\s+)?[A-ZÅÄÖÉÜ][\w'’.-]*(?:\s+(?:(?:af|von|de|van|der|la)\s+)?[A-ZÅÄÖÉÜ][\w'’.-]*){0,3}"
PARTY = r"\(\s*([A-Za-zÅÄÖåäö]{1,5})\s*\)"
PERSON_WITH_PARTY = re.compile(rf"({NAME})\s*{PARTY}")
SERVING_FOR = re.compile(
    rf"(?:(?:tjänstgörande|tjänstgör|tjg\.?)?\s*(?:ersättare|ers\.?)?\s*(?:för|istf\.?|i st(?:ället)?\.? för|i stället för)|ersätter)\s+({NAME})(?:\s*{PARTY})?",
)
SERVES = re.compile(r"\b(?:tjänstgörande|tjänstgör|tjg\.?|ersätter)\b|\bersättare\s+(?:för|istf)|\bistf\b", re.IGNORECASE)
NOT_SERVING = re.compile(r"\bej\s+(?:tjg|tjänstgörande)\b|\binte\s+tjänstgörande\b", re.IGNORECASE)
ROLE = re.compile(
    r"\b(tjänstgörande ordförande|t\.?f\.? ordförande|(?:1:e|2:e|förste|andre)\s+v(?:ice|\.)?\s*ordförande|vice ordförande|ordförande|ledamot|ersättare)\b",
    re.IGNORECASE,
)
ATTENDANCE = re.compile(
    r"(?:\b(?:från|fr\.o\.m\.?|till|t\.o\.m\.?|till och med|del av)\s+)?(?:§§?\s*\d+(?:\s*[-–]\s*\d+)?|kl\.?\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)",
    re.IGNORECASE,
)
ROLE_NAMES = {
    "1:e v ordförande": "1:e vice ordförande",
    "2:e v ordförande": "2:e vice ordförande",
    "förste vice ordförande": "1:e vice ordförande",
    "andre vice ordförande": "2:e vice ordförande",
}


@dataclass
class Named:
    """One person as a list line gives them."""

    name: str
    party: str | None = None
    role: str | None = None
    serving_for: str | None = None
    serving_party: str | None = None  # the party printed after the member served for
    attendance: str | None = None
    from_paragraph: int | None = None
    to_paragraph: int | None = None
    title: str | None = None
    title_first: bool = False
    not_serving: bool = False
    rest: str = ""  # what could not be read, kept for the report


@dataclass
class Proposed:
    """Someone the document names who is not in members.yaml."""

    name: str
    kind: str  # "member" or "official"
    party: str | None = None
    role: str | None = None
    title: str | None = None
    seen: list[str] = field(default_factory=list)
    #: Role words the document calls them by ("socialchefen" for the socialchef), for members.yaml's `roles`.
    roles: list[str] = field(default_factory=list)
    secretary: bool = False  # signed as sekreterare


def role_name(text: str) -> str:
    lowered = " ".join(text.casefold().replace("v.", "v").split())
    return ROLE_NAMES.get(lowered, lowered)


def paragraph_span(text: str) -> tuple[int | None, int | None]:
    """(from, to) paragraph numbers an attendance note gives: 'från § 73', 't.o.m. § 75', '§§ 71–75'."""
    span = re.search(r"§§?\s*(\d+)\s*[-–]\s*(\d+)", text)
    if span:
        return int(span.group(1)), int(span.group(2))
    start = re.search(r"(?:från|fr\.o\.m\.?)\s*§\s*(\d+)", text, re.IGNORECASE)
    end = re.search(r"(?:till och med|t\.o\.m\.?|till)\s*§\s*(\d+)", text, re.IGNORECASE)
    return (int(start.group(1)) if start else None, int(end.group(1)) if end else None)


def split_people(line: str) -> list[Named]:
    """Every person of one list line, with the notes that follow each."""
    line = " ".join(line.split()).strip(" ,;")
    if not line:
        return []
    marks = list(PERSON_WITH_PARTY.finditer(line))
    people: list[Named] = []
    if marks:
        # a person per party mark, unless the mark belongs to the one an ersättare serves for
        starts: list[re.Match[str]] = []
        for m in marks:
            before = line[: m.start()]
            if starts and re.search(r"(?:för|istf\.?|stället för|ersätter)\s*$", before, re.IGNORECASE):
                continue
            starts.append(m)
        lead = line[: starts[0].start()].strip(" ,;")
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(line)
            person = Named(m.group(1).strip(), party=m.group(2).strip().lower())
            _notes(person, line[m.end() : end])
            people.append(person)
        if lead:
            people[0].rest = (lead + " " + people[0].rest).strip()
        return people
    # no party marks: "Name, title, § 13" or "Titeln Name"
    parts = [p.strip() for p in line.split(",") if p.strip()]
    head = parts[0]
    person = Named(head)
    match = re.match(rf"^([a-zåäö][\w-]+(?:\s+[a-zåäö][\w-]+)*)\s+({NAME})$", head) or re.match(
        rf"^([A-ZÅÄÖ][a-zåäö-]{{6,}}(?:en|et))\s+({NAME})$", head
    )
    if match and " " in match.group(2):  # "Utvecklingsledaren Anna Andersson"
        person = Named(match.group(2), title=match.group(1), title_first=True)
    _notes(person, ", ".join(parts[1:]))
    return [person]


def _notes(person: Named, text: str) -> None:
    text = text.strip(" ,;")
    if not text:
        return
    serving = SERVING_FOR.search(text) if SERVES.search(text) or re.search(r"\bistf\b|\bför\b|\bersätter\b", text) else None
    if serving and (SERVES.search(text) or "ersättare" in text.casefold()):
        person.serving_for = serving.group(1).strip()
        person.serving_party = serving.group(2).strip().lower() if serving.group(2) else None
        text = (text[: serving.start()] + " " + text[serving.end() :]).strip(" ,;")
    if NOT_SERVING.search(text):
        person.not_serving = True
        text = NOT_SERVING.sub("", text).strip(" ,;")
    attendance = [m.group(0).strip() for m in ATTENDANCE.finditer(text)]
    if attendance:
        person.attendance = ", ".join(attendance)
        person.from_paragraph, person.to_paragraph = paragraph_span(person.attendance)
        text = ATTENDANCE.sub("", text).strip(" ,;")
    role = ROLE.search(text)
    if role:
        person.role = role_name(role.group(1))
        text = (text[: role.start()] + text[role.end() :]).strip(" ,;")
    if text:
        if person.party is None and person.title is None:
            person.title = text
        else:
            person.rest = text


class Matcher:
    """Resolves names against members.yaml and collects those it does not know."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.proposed: dict[str, Proposed] = {}

    def person(self, name: str) -> Person | None:
        return self.directory.get(name)

    def canonical(self, name: str) -> str:
        """The members.yaml spelling of a known person; the name as printed otherwise."""
        person = self.directory.get(name)
        return person.name if person else name

    def propose(self, named: Named, kind: str, where: str) -> None:
        if self.directory.get(named.name) is not None:
            return
        key = normalise(named.name)
        entry = self.proposed.get(key)
        if entry is None:
            entry = self.proposed[key] = Proposed(
                named.name, kind, party=named.party, role=named.role, title=named.title
            )
        if kind == "member" and entry.kind != "member":
            entry.kind = "member"
        entry.party = entry.party or named.party
        entry.role = entry.role or named.role
        if where not in entry.seen:
            entry.seen.append(where)
