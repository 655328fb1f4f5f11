"""Where the records live: the data root, its bodies, and loading their files.

A data root is a folder with `members.yaml` and `meetings/` (one body), or a folder whose
sub-folders are such bodies (a secretariat serving many committees). It is found from the current
folder upwards, or given by `--root DIR` or `KIB_ROOT`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kib.errors import ExitCode, KibError, Problem, UsageError

if TYPE_CHECKING:  # the model, the converter and the YAML parser load only when a file is parsed (start-up time)
    from . import model
    from .meetingfiles import MeetingFileName

MEMBERS = "members.yaml"
SCHEDULE = "schedule.yaml"
MEETINGS = "meetings"
MEETING_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-[a-z0-9-]+)?\.yaml$")

T = TypeVar("T")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command reads many files, and keep it away from
    what they gave.

    Reading thousands of meeting files makes hundreds of thousands of objects that live until the
    command ends; the collector would search them again and again for reference cycles and find none,
    and once more when it is switched back on. So it is paused while they are made, and at the end
    they are frozen (moved where the collector does not look) instead of searched. Reference counting
    frees everything as usual; bench/README.md has what this saves.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@dataclass
class Loaded:
    """A file converted into a model object, with every problem found on the way."""

    path: Path
    text: str
    raw: Any
    value: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def require(self, hint: str = " (run `kib check` for all problems)") -> Any:
        """The value, when the file has no error; else stop at its first error."""
        for problem in self.problems:
            if problem.severity == "error":
                raise KibError.from_problem(problem, hint)
        return self.value


def load_file(path: Path, cls: type[T]) -> Loaded:
    """Parse and convert one file; syntax errors raise, content problems are collected with lines."""
    from .yamlio import read_text

    return load_text(path, read_text(path), cls)


def load_bytes(path: Path, data: bytes, cls: type[T]) -> Loaded:
    """load_file for bytes already read, so that the index parses exactly the bytes it hashed."""
    from .yamlio import decode

    return load_text(path, decode(data, path), cls)


def load_text(path: Path, text: str, cls: type[T]) -> Loaded:
    """Parse and convert decoded text (the common part of load_file and load_bytes)."""
    from .convert import convert
    from .yamlio import locate, parse, written_as

    raw = parse(text, path)
    if raw is None:
        raw = {}
    value, field_problems = convert(cls, raw)
    problems = []
    for fp in field_problems:
        where = locate(text, fp.path)
        line, col = where if where else (None, None)
        message = fp.full(written_as(text, fp.path)) if fp.quote is not None else fp.message
        problems.append(Problem(path, line, col, "error", message))  # type: ignore[arg-type]
    return Loaded(path, text, raw, value, problems)


def problem_at(loaded: Loaded, key_path: tuple[object, ...], message: str, severity: str = "error") -> Problem:
    """A problem pointing at the line of `key_path` in a loaded file."""
    from .yamlio import locate

    where = locate(loaded.text, key_path)
    line, col = where if where else (None, None)
    return Problem(loaded.path, line, col, severity, message)  # type: ignore[arg-type]


#: Characters a Word document (XML 1.0) cannot hold: C0 controls but tab and line breaks, lone surrogates,
#: U+FFFE and U+FFFF. `kib check` reports them and `kib render` refuses them, so both use this one pattern.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def control_characters(raw: Any) -> Iterator[tuple[tuple[object, ...], str]]:
    """(key path, character) for every key or text of a parsed file that holds a character of CONTROL."""
    stack: list[tuple[tuple[object, ...], object]] = [((), raw)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            match = CONTROL.search(value)
            if match:
                yield path, match[0]
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                stack.append(((*path, key), item))
                stack.append(((*path, key), key))  # keys reach documents too (footnote names, templates)
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))


@dataclass
class BodyDir:
    """One body's folder: members.yaml, schedule.yaml and meetings/."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def members_path(self) -> Path:
        return self.path / MEMBERS

    @property
    def schedule_path(self) -> Path:
        return self.path / SCHEDULE

    @property
    def meetings_dir(self) -> Path:
        return self.path / MEETINGS

    @cached_property
    def members_loaded(self) -> Loaded:
        if not self.members_path.is_file():
            raise KibError(
                f"no {MEMBERS} in {self.path}; create one (see README, 'The file format')",
                file=self.members_path,
                exit_code=ExitCode.USAGE,
            )
        from . import model

        return load_file(self.members_path, model.MembersFile)

    @property
    def members(self) -> model.MembersFile:
        return self.members_loaded.require()  # type: ignore[no-any-return]

    @cached_property
    def schedule_loaded(self) -> Loaded | None:
        if not self.schedule_path.is_file():
            return None
        from . import model

        return load_file(self.schedule_path, model.ScheduleFile)

    @property
    def schedule(self) -> model.ScheduleFile:
        loaded = self.schedule_loaded
        if loaded is None:
            from . import model

            return model.ScheduleFile()
        return loaded.require("")  # type: ignore[no-any-return]

    def _meeting_files(self) -> list[tuple[str, MeetingFileName]]:
        """Every file of meetings/ that is a meeting, a copy of one or one saved with a wrong extension."""
        from .meetingfiles import classify

        if not self.meetings_dir.is_dir():
            return []
        # scandir knows most entries' type without a stat call each
        with os.scandir(self.meetings_dir) as entries:
            return sorted((e.name, info) for e in entries if (info := classify(e.name)) is not None and e.is_file())

    def meeting_paths(self) -> list[Path]:
        """Meeting files in date order (names YYYY-MM-DD.yaml, optionally YYYY-MM-DD-suffix.yaml); never a
        copy or a file with another extension (`stray_files`)."""
        return [self.meetings_dir / name for name, info in self._meeting_files() if info.kind == "meeting"]

    def stray_files(self) -> list[tuple[Path, str]]:
        """Copies of meetings and meetings saved with a wrong extension, each with what to do about it."""
        from .meetingfiles import stray_message

        files = self._meeting_files()
        meetings = {name for name, info in files if info.kind == "meeting"}
        return [
            (self.meetings_dir / name, stray_message(info, meetings))
            for name, info in files
            if info.kind != "meeting"
        ]

    def strays_for(self, proper: str) -> list[tuple[Path, str]]:
        """The stray files standing for the meeting file `proper` (e.g. "2010-12-02.yaml")."""
        from .meetingfiles import classify

        return [(path, message) for path, message in self.stray_files() if classify(path.name).proper == proper]  # type: ignore[union-attr]

    def load_meeting(self, path: Path) -> Loaded:
        from . import model

        return load_file(path, model.Meeting)

    def meeting(self, path: Path) -> model.Meeting:
        """A meeting that must be valid for the command to go on."""
        return self.load_meeting(path).require()  # type: ignore[no-any-return]

    def resolve_meeting(self, ref: str) -> Path:
        """A meeting file from `YYYY-MM`, `YYYY-MM-DD` or a path; ambiguity lists the candidates."""
        candidate = Path(ref)
        if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
            if not ref.endswith((".yaml", ".yml")):  # `../../etc/passwd` is no meeting: never read (or sign) it
                raise UsageError(f"{ref} is not a meeting file: give YYYY-MM, YYYY-MM-DD or the path of a .yaml file")
            if candidate.is_file():
                return candidate
            raise UsageError(f"no meeting file {ref}")
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", ref):
            raise UsageError(f"meeting reference {ref!r} is not YYYY-MM, YYYY-MM-DD or a path to a meeting file")
        paths = [p for p in self.meeting_paths() if p.name.startswith(ref)]
        if len(paths) == 1:
            return paths[0]
        if not paths:
            stray = next(((p, why) for p, why in self.stray_files() if p.name.startswith(ref)), None)
            if stray is not None:
                raise UsageError(f"no meeting {ref}: {stray[0].name} is {stray[1]}", file=stray[0])
            known = ", ".join(p.stem for p in self.meeting_paths()[-6:]) or "none"
            raise UsageError(f"no meeting {ref} in {self.meetings_dir}; latest meetings: {known}")
        raise UsageError(f"{ref} matches {len(paths)} meetings: {', '.join(p.stem for p in paths)}; give the full date")


def meeting_date_from_name(path: Path) -> dt.date | None:
    match = MEETING_NAME.match(path.name)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


@dataclass
class Root:
    """The data root and the bodies in it."""

    path: Path
    bodies: list[BodyDir]

    def body(self, name: str | None = None) -> BodyDir:
        """The body a command acts on: the only one, or the one named (folder or short name)."""
        if name is None:
            if len(self.bodies) == 1:
                return self.bodies[0]
            names = ", ".join(b.name for b in self.bodies)
            raise UsageError(f"{self.path} holds several bodies ({names}); choose one with --body NAME")
        wanted = name.casefold()
        for body in self.bodies:
            if body.name.casefold() == wanted:
                return body
        for body in self.bodies:
            try:
                info = body.members.body
            except KibError:
                continue
            if wanted in {(info.short_name or "").casefold(), info.name.casefold()}:
                return body
        raise UsageError(f"no body {name!r} in {self.path}; bodies: {', '.join(b.name for b in self.bodies)}")

    def select(self, name: str | None) -> list[BodyDir]:
        """All bodies, or just the named one."""
        return self.bodies if name is None else [self.body(name)]


def _is_body(path: Path) -> bool:
    return (path / MEMBERS).is_file()


def _bodies_below(path: Path) -> list[BodyDir]:
    try:
        return [BodyDir(p) for p in sorted(path.iterdir()) if p.is_dir() and _is_body(p)]
    except OSError:
        return []


def _root_at(folder: Path) -> Root | None:
    """The data root `folder` is: one body (inside a body of a multi-body root, commands mean that body),
    or the bodies in its sub-folders; None when it is neither."""
    if _is_body(folder):
        return Root(folder, [BodyDir(folder)])
    bodies = _bodies_below(folder)
    return Root(folder, bodies) if bodies else None


def open_root(explicit: Path | None = None, start: Path | None = None) -> Root:
    """Find the data root: `explicit` (from --root), else KIB_ROOT, else the current folder upwards."""
    given = explicit or (Path(os.environ["KIB_ROOT"]) if os.environ.get("KIB_ROOT") else None)
    if given is not None:
        if not given.is_dir():
            raise UsageError(f"data root {given} is not a folder")
        found = _root_at(given)
        if found is not None:
            return found
        raise UsageError(
            f"{given} is not a kib data root: it has no {MEMBERS}, and no sub-folder has one. "
            "Point --root at the folder with members.yaml and meetings/."
        )
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        found = _root_at(folder)
        if found is not None:
            return found
    raise UsageError(
        f"no kib data root in {here} or above: no folder with {MEMBERS}. "
        "Run kib inside the folder with members.yaml and meetings/, or pass --root DIR (or set KIB_ROOT)."
    )


def load_all_meetings(body: BodyDir) -> list[Loaded]:
    """Every meeting file of a body, loaded; syntax errors become problems rather than aborting."""
    return [load_meeting_safely(body, path) for path in body.meeting_paths()]


def load_meeting_safely(body: BodyDir, path: Path, data: bytes | None = None) -> Loaded:
    """One meeting file (or the bytes read from it), with a syntax error as its problem rather than raised."""
    from . import model

    try:
        return body.load_meeting(path) if data is None else load_bytes(path, data, model.Meeting)
    except KibError as exc:
        return Loaded(path, "", None, None, [Problem(exc.file or path, exc.line, exc.col, "error", exc.message)])
