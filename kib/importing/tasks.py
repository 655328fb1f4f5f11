"""Uppdrag in imported text: the phrases by which minutes give a named person a task.

Conservative on purpose: a phrase is taken only when it names who is to act ("Uppdrogs åt Lennart J
att …", "Att uppdra åt sekreteraren att …", "… får i uppdrag att …", "Tove L skall inbjudas …"),
or when a person the body knows "kommer att" do one of a few concrete things (bjuda in, kontakta,
återkomma …). Every uppdrag found is marked for the secretary to confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kib.body.people import Directory
from kib.record import model

from .names import NAME

CONFIRM = "imported, confirm"
OWNER = rf"(?P<owner>{NAME}|[a-zåäö]+(?:en|na|aren|arna|are|ören)\b)"
TASK = r"(?P<task>[^.;]+?(?:\b(?:t\.ex|bl\.a|s\.k|m\.fl|d\.v\.s|fr\.o\.m|t\.o\.m)\.[^.;]*?)*)"
END = r"(?:[.;]|$)"
#: Phrases that name the owner after them: matched as they stand.
GIVEN = [
    re.compile(rf"\b(?i:uppdrogs\s+åt)\s+{OWNER}\s+att\s+{TASK}{END}"),
    re.compile(rf"\b(?i:(?:att\s+)?uppdra\s+åt)\s+{OWNER}\s+att\s+{TASK}{END}"),
    re.compile(rf"\b(?i:ge(?:r|s)?)\s+{OWNER}\s+i\s+uppdrag\s+att\s+{TASK}{END}"),
]
#: Words each pattern's phrase holds (lower-cased): a pattern runs only on a text that has one of them.
GIVEN_CUES = (("uppdrogs",), ("uppdra",), ("uppdrag",))
AFTER_CUES = {"given": ("uppdrag",), "invited": ("inbjudas",), "committed": ("kommer att", "skall", "ska ", "lovade att")}
#: Phrases that name the owner before them: found by the phrase, then the name just before it (a
#: pattern starting with a name would be tried at every word of a long text).
AFTER_OWNER = [
    ("given", re.compile(rf"\s+(?:får|fick|ges|gavs)\s+i\s+uppdrag\s+att\s+{TASK}{END}")),
    ("invited", re.compile(rf"\s+(?:skall|ska)\s+inbjudas\s+{TASK}{END}")),
    # "X kommer att …" is a commitment only with one of these verbs and a person the body knows
    (
        "committed",
        re.compile(
            r"\s+(?:kommer\s+att|skall|ska|lovade\s+att)\s+(?P<task>(?:vara\s+behjälplig|bjuda\s+in|kontakta|återkomma"
            r"|ta\s+fram|undersöka|utreda|presentera|redovisa|skicka|sammanställa|ta\s+reda\s+på|höra\s+med"
            rf"|informera|ordna|boka)\b[^.;]*){END}"
        ),
    ),
]
#: A name just before a phrase: capitalised words, only the last may end in a point ("Lennart J."),
#: so that "i Nacka. Tove L" gives Tove L.
NAME_BEFORE = re.compile(
    r"(?:^|[\s(,;:])(?P<owner>[A-ZÅÄÖÉÜ][\w'’-]*(?:\s+[A-ZÅÄÖÉÜ][\w'’-]*){0,3}\.?|[a-zåäö]+(?:en|na|aren|arna|are|ören))$"
)
NEXT = re.compile(r"\b(?:till|vid|på|inför)\s+nästa\s+(?:sammanträde|möte)\b|\bnästa\s+gång\b", re.IGNORECASE)
BY_DATE = re.compile(r"\bsenast\s+(?:den\s+)?(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]+(?:\s+\d{4})?)", re.IGNORECASE)
PRONOUNS = {"sig", "dem", "honom", "henne", "oss", "han", "hon", "de", "vi", "den", "det"}


@dataclass
class Found:
    action: model.Action
    phrase: str


def _sentence_case(text: str) -> str:
    text = " ".join(text.split()).strip(" ,")
    return text[:1].upper() + text[1:] if text else text


def find_tasks(text: str, directory: Directory, meeting_date: dt.date) -> list[Found]:
    """The uppdrag the text gives, in order of appearance, each at most once."""
    from .dates import swedish_day

    found: list[tuple[int, Found]] = []
    taken: list[tuple[int, int]] = []
    flat = " ".join(text.replace("\n", " ").split())
    lowered = flat.casefold()

    def add(start: int, end: int, owner: str, task: str, phrase: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        due: dt.date | str | None = None
        if NEXT.search(phrase):
            due = "nästa sammanträde"
        by = BY_DATE.search(phrase)
        if by:
            day = swedish_day(by.group(1), meeting_date)
            if day is not None:
                due = day
        taken.append((start, end))
        action = model.Action(owner=owner, task=_sentence_case(task), due=due, note=CONFIRM)
        found.append((start, Found(action, phrase.strip())))

    for pattern, cues in zip(GIVEN, GIVEN_CUES, strict=True):
        if not any(cue in lowered for cue in cues):
            continue
        for m in pattern.finditer(flat):
            owner = m.group("owner")
            if owner.casefold() not in PRONOUNS:
                add(m.start(), m.end(), owner, m.group("task"), m.group(0))
    for kind, pattern in AFTER_OWNER:
        if not any(cue in lowered for cue in AFTER_CUES[kind]):
            continue
        for m in pattern.finditer(flat):
            before = NAME_BEFORE.search(flat[max(0, m.start() - 80) : m.start()])
            if before is None:
                continue
            name = before.group("owner")
            start = m.start() - len(name)
            if name.casefold() in PRONOUNS:
                continue
            if kind == "invited":
                secretary = directory.secretary
                owner = next(iter(secretary.roles), secretary.name) if secretary else "sekreteraren"
                add(start, m.end(), owner, f"bjuda in {name} {m.group('task')}", flat[start : m.end()])
            elif kind == "committed":
                if directory.get(name) is not None:
                    add(start, m.end(), name, m.group("task"), flat[start : m.end()])
            else:
                add(start, m.end(), name, m.group("task"), flat[start : m.end()])
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]
