"""`kib init`: a new body's folder, so that a secretary never has to write members.yaml from nothing.

It writes members.yaml (with the body's name, kind, organisation and secretary, and commented examples
of everything else), an empty schedule.yaml and meetings/. Each data file names its JSON Schema, so an
editor completes and checks the rest. Nothing that exists is overwritten, and what is written passes
`kib check`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from kib.errors import KibError, UsageError
from kib.record.store import MEETINGS, MEMBERS, SCHEDULE

#: The kinds of body kib knows (the documents' labels follow the kind).
KINDS = ("beredning", "nämnd", "utskott", "styrelse", "fullmäktige")
#: What `kib init` asks, in order: the field and its command-line option.
QUESTIONS = (
    ("name", "--name"),
    ("kind", "--kind"),
    ("organisation", "--organisation"),
    ("secretary", "--secretary"),
)


@dataclass(frozen=True)
class NewBody:
    """What kib needs to know to start a body; the rest is filled in by the secretary later."""

    name: str
    kind: str
    organisation: str
    secretary: str


@dataclass
class Started:
    """The files `start_body` wrote, and those it found and left alone."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def can_ask() -> bool:
    """Questions only on a terminal: a script or a pipe gets one line naming the missing options."""
    import sys

    return sys.stdin is not None and sys.stdin.isatty()


def missing_options(answers: dict[str, str | None]) -> list[str]:
    """The options (e.g. '--kind') of the answers not given."""
    return [option for key, option in QUESTIONS if not (answers.get(key) or "").strip()]


def parse_kind(text: str) -> str:
    """'Nämnd' or ' nämnd ' → 'nämnd'; anything else a usage error naming the kinds, with a guess."""
    wanted = text.strip().casefold()
    if wanted in KINDS:
        return wanted
    near = difflib.get_close_matches(wanted, KINDS, n=1, cutoff=0.6)
    guess = f"; did you mean {near[0]}?" if near else ""
    raise UsageError(f"--kind {text!r} is not a kind of body: choose {', '.join(KINDS)}{guess}")


def checked(answers: dict[str, str | None]) -> NewBody:
    """The answers as a NewBody, each on one line and without characters a Word document cannot hold."""
    from kib.record.store import CONTROL

    missing = missing_options(answers)
    if missing:
        raise UsageError(f"kib init needs {_and(missing)}")
    values: dict[str, str] = {}
    for key, option in QUESTIONS:
        value = " ".join((answers[key] or "").split())
        if CONTROL.search(value):
            raise UsageError(f"{option} contains a control character; type it again without it")
        values[key] = value
    values["kind"] = parse_kind(values["kind"])
    return NewBody(**values)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def start_body(folder: Path, body: NewBody) -> Started:
    """Write the new body's members.yaml, schedule.yaml and meetings/ into `folder` (made if missing).

    Refuses a folder that already holds a members.yaml: that body exists. A schedule.yaml or meetings/
    already there is kept as it is.
    """
    from kib.record.edit import atomic_write
    from kib.record.yamlio import parse

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    members = folder / MEMBERS
    if members.exists():
        raise KibError(
            f"a body exists here already; kib init never overwrites {MEMBERS}. "
            "To start another body, give a new folder: kib init FOLDER",
            file=members,
        )
    folder.mkdir(parents=True, exist_ok=True)
    started = Started(folder)
    for path, text in ((members, members_yaml(folder, body)), (folder / SCHEDULE, schedule_yaml(folder))):
        if path.exists():
            started.kept.append(path)
            continue
        parse(text, path)  # never write what kib itself could not read back
        atomic_write(path, text, overwrite=False)
        started.written.append(path)
    meetings = folder / MEETINGS
    if meetings.is_dir():
        started.kept.append(meetings)
    else:
        meetings.mkdir()
        started.written.append(meetings)
    return started


def members_yaml(folder: Path, body: NewBody) -> str:
    """members.yaml with the four answers and, commented out, an example of each thing to add."""
    from .scaffold import scalar, schema_reference

    return "\n".join(
        [
            f"# yaml-language-server: $schema={schema_reference(folder, 'members')}",
            f"# {body.name}, {body.organisation}. Written by `kib init`: add the members (remove the # before",
            "# an example and change it), then run `kib check`. An editor with the YAML extension explains",
            "# every key when you point at it.",
            "body:",
            f"  name: {scalar(body.name)}",
            f"  kind: {body.kind}",
            f"  organisation: {scalar(body.organisation)}",
            "  # short_name: SN              # used in the names of the documents",
            "  # reports_to: kommunstyrelsen # to whom the minutes are reported",
            "  # place: Stadshuset, sal 3    # default meeting place",
            '  # time: "17.30-19.30"         # default meeting time, always quoted',
            "  # weekday: wednesday          # for propose-dates",
            "  # meetings_per_year: 7",
            *(
                []
                if body.kind == "beredning"
                else ["  # record_kept_at: Kommunkansliet, Stadshuset  # förvaringsplats, printed on the anslag"]
            ),
            "members:",
            "  # - name: Anna Andersson",
            "  #   party: s",
            "  #   role: ordförande          # or vice ordförande, ledamot, ersättare",
            "  # - name: Bertil Berg",
            "  #   party: m",
            "officials:",
            f"  - name: {scalar(body.secretary)}",
            "    title: sekreterare",
            "    roles: [sekreteraren]       # uppdrag may name her or him by this word",
            "    secretary: true",
            "",
        ]
    )


def schedule_yaml(folder: Path) -> str:
    """An empty schedule: `kib propose-dates YEAR --adopt` fills it in."""
    from .scaffold import schema_reference

    return "\n".join(
        [
            f"# yaml-language-server: $schema={schema_reference(folder, 'schedule')}",
            "# Adopted meeting dates, year by year; `kib propose-dates YEAR --adopt` writes them here.",
            "years: []",
            "",
        ]
    )
