"""The scan cache: what scanning commands need from each file, so that thousands of meetings read in a second.

Parsing and converting a meeting file costs far more than reading its bytes and hashing them
(bench/README.md). So a scan still reads every file and hashes its bytes (BLAKE2b), and
uses the cached summary only when the hash is the one it was made from: any change to the content is
seen, whatever happens to the file's size or modification time, and a file is always parsed from
exactly the bytes that were hashed. What is cached is derived from a file's bytes alone (no path, no
other file), so a cache copied along with its folder stays right.

The cache lives in `<body>/.kib-cache/` as JSON (never pickle or marshal: a cache is data that
anyone may have written, and reading it must not run code or crash). Each file carries a format key:
kib's version and a digest of the source files that decide what is cached, so a cache written by
another version (or an edited checkout) is ignored. Every entry is checked for shape and type before
use; whatever is corrupt, truncated, foreign or unreadable is ignored and rebuilt. A file with
problems is never cached: it is loaded as before, so its problems read exactly as before. If the
folder cannot be written (read-only data), kib runs without it. `KIB_NO_CACHE=1` turns it off.

The module is free of the CLI framework and imports the YAML parser and the model only for files
that have to be parsed, so that a warm scan starts fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Union, cast

from . import __version__
from .errors import KibError
from .people import Directory

if TYPE_CHECKING:
    from . import model
    from .store import BodyDir, Loaded

try:  # hashlib's own BLAKE2; `import hashlib` would also load OpenSSL, a few ms of start-up for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

#: Bump when the shape of what is cached changes.
FORMAT = 1
CACHE_DIR = ".kib-cache"
MEETINGS_FILE = "meetings.json"
BODY_FILE = "body.json"
#: The sources that decide what a summary holds: a change to any of them makes old caches foreign.
SOURCES = ("index.py", "model.py", "convert.py", "yamlio.py", "store.py")
#: A cache file larger than this is not read (a body's cache holds about 1 kB per meeting).
MAX_CACHE_BYTES = 64_000_000
#: Files larger than this are left to the normal loader, which refuses them with its own message.
MAX_FILE_BYTES = 2_000_000


class Invalid(ValueError):
    """A cache entry of the wrong shape; it is ignored."""


# ------------------------------------------------------------------ what a scan needs of a meeting


class ActionInfo:
    """An uppdrag as the register needs it: the fields of `model.Action` and its `done`."""

    __slots__ = ("done", "done_note", "due", "id", "note", "owner", "reported", "task")

    def __init__(
        self,
        id: str | None,
        owner: str,
        task: str,
        due: dt.date | str | None,
        done: dt.date | None,
        reported: str | None,
        done_note: str | None,
        note: str | None,
    ) -> None:
        self.id = id
        self.owner = owner
        self.task = task
        self.due = due
        self.done = done
        self.reported = reported
        self.done_note = done_note
        self.note = note


class ParagraphInfo:
    """A paragraph's number and uppdrag."""

    __slots__ = ("actions", "number")

    def __init__(self, number: int, actions: list[ActionInfo]) -> None:
        self.number = number
        self.actions = actions


class MeetingInfo:
    """A meeting file that loads without problems, as scanning commands need it."""

    __slots__ = ("date", "paragraphs", "path")

    def __init__(self, path: Path, date: dt.date, paragraphs: list[ParagraphInfo]) -> None:
        self.path = path
        self.date = date
        self.paragraphs = paragraphs


Scanned = Union[MeetingInfo, "Loaded"]


def summarise(path: Path, meeting: model.Meeting) -> MeetingInfo:
    """The scan's view of a converted meeting."""
    return MeetingInfo(
        path,
        meeting.date,
        [
            ParagraphInfo(
                p.number,
                [
                    ActionInfo(
                        a.id,
                        a.owner,
                        a.task,
                        a.due,
                        a.done.date if a.done else None,
                        a.done.reported if a.done else None,
                        a.done.note if a.done else None,
                        a.note,
                    )
                    for a in p.actions
                ],
            )
            for p in meeting.paragraphs
        ],
    )


def _encode_meeting(info: MeetingInfo) -> list[Any]:
    return [
        info.date.isoformat(),
        [
            [
                p.number,
                [
                    [
                        a.id,
                        a.owner,
                        a.task,
                        None
                        if a.due is None
                        else ["d", a.due.isoformat()]
                        if isinstance(a.due, dt.date)
                        else ["t", a.due],
                        None if a.done is None else [a.done.isoformat(), a.reported, a.done_note],
                        a.note,
                    ]
                    for a in p.actions
                ],
            ]
            for p in info.paragraphs
        ],
    ]


def _decode_meeting(path: Path, value: Any) -> MeetingInfo:
    date, paragraphs = _list(value, 2)
    out = []
    for item in _list(paragraphs):
        number, actions = _list(item, 2)
        decoded = []
        for action in _list(actions):
            ident, owner, task, due, done, note = _list(action, 6)
            if due is not None:
                kind, text = _list(due, 2)
                if kind == "d":
                    due = _date(text)
                elif kind == "t":
                    due = _str(text)
                else:
                    raise Invalid("due")
            done_date = reported = done_note = None
            if done is not None:
                day, reported, done_note = _list(done, 3)
                done_date = _date(day)
                reported, done_note = _opt_str(reported), _opt_str(done_note)
            decoded.append(
                ActionInfo(
                    _opt_str(ident), _str(owner), _str(task), due, done_date, reported, done_note, _opt_str(note)
                )
            )
        out.append(ParagraphInfo(_int(number), decoded))
    return MeetingInfo(path, _date(date), out)


# ------------------------------------------------------------------ what a scan needs of the body


class BodyInfo:
    """The body's name, its people (for resolving uppdrag owners) and its adopted meeting dates."""

    __slots__ = ("directory", "name", "short_name", "years")

    def __init__(
        self,
        name: str,
        short_name: str | None,
        directory: Directory,
        years: list[tuple[int, list[dt.date], int | None]],
    ) -> None:
        self.name = name
        self.short_name = short_name
        self.directory = directory
        #: (year, adopted dates, number of meetings decided) for each year of schedule.yaml
        self.years = years


def _members_value(members: model.MembersFile) -> dict[str, Any]:
    return {
        "name": members.body.name,
        "short_name": members.body.short_name,
        "members": [[m.name, m.party, m.role, list(m.short)] for m in members.members],
        "officials": [[o.name, o.title, list(o.short), list(o.roles), o.secretary] for o in members.officials],
    }


def _directory(value: Any) -> tuple[str, str | None, Directory]:
    if not isinstance(value, dict):
        raise Invalid("members")
    members = []
    for item in _list(value["members"]):
        name, party, role, short = _list(item, 4)
        members.append(SimpleNamespace(name=_str(name), party=_opt_str(party), role=_str(role), short=_strs(short)))
    officials = []
    for item in _list(value["officials"]):
        name, title, short, roles, secretary = _list(item, 5)
        if not isinstance(secretary, bool):
            raise Invalid("secretary")
        officials.append(
            SimpleNamespace(
                name=_str(name), title=_opt_str(title), short=_strs(short), roles=_strs(roles), secretary=secretary
            )
        )
    # Directory reads only these attributes of a members file; a light stand-in spares importing the model
    people = SimpleNamespace(members=members, officials=officials)
    return _str(value["name"]), _opt_str(value["short_name"]), Directory(cast(Any, people))


def _schedule_value(schedule: model.ScheduleFile) -> list[Any]:
    return [[y.year, [d.isoformat() for d in y.dates], y.count] for y in schedule.years]


def _years(value: Any) -> list[tuple[int, list[dt.date], int | None]]:
    out = []
    for item in _list(value):
        year, dates, count = _list(item, 3)
        out.append((_int(year), [_date(d) for d in _list(dates)], None if count is None else _int(count)))
    return out


def body_info(body: BodyDir) -> BodyInfo:
    """members.yaml and schedule.yaml as scanning commands need them; errors exactly as `body.members` raises them."""
    cache = Cache(body.path)
    doc = cache.read(BODY_FILE)
    (name, short_name, directory), members_entry = _members(body, doc.get("members"))
    years, schedule_entry = _schedule(body, doc.get("schedule"))
    new = {"members": members_entry, "schedule": schedule_entry}
    if new != {k: doc.get(k) for k in new}:
        cache.write(BODY_FILE, new)
    return BodyInfo(name, short_name, directory, years)


def _members(body: BodyDir, cached: Any) -> tuple[tuple[str, str | None, Directory], list[Any] | None]:
    entry, value = _entry(cached, body.members_path)
    if entry is not None:
        try:
            return _directory(value), entry
        except (Invalid, KeyError, TypeError, ValueError):
            pass
    loaded, key = _load_if_ok(body.members_path, "members")
    if loaded is not None:
        value = _members_value(loaded.value)
        return _directory(value), [key, value]
    # missing, unreadable or with problems: the normal loader raises exactly as it always has
    return _directory(_members_value(body.members)), None


def _schedule(body: BodyDir, cached: Any) -> tuple[list[tuple[int, list[dt.date], int | None]], list[Any] | None]:
    entry, value = _entry(cached, body.schedule_path)
    if entry is not None:
        try:
            return _years(value), entry
        except (Invalid, TypeError, ValueError):
            pass
    if not body.schedule_path.is_file():
        return [], None
    loaded, key = _load_if_ok(body.schedule_path, "schedule")
    if loaded is not None:
        value = _schedule_value(loaded.value)
        return _years(value), [key, value]
    try:
        return _years(_schedule_value(body.schedule)), None
    except KibError:  # a broken schedule is reported by `kib check`, not by scans
        return [], None


def _entry(entry: Any, path: Path) -> tuple[Any, Any]:
    """The cached [hash, value] of `path` and its value, when the file's bytes still have that hash."""
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
        return None, None
    data = read_bytes(path)
    if data is None or content_key(data) != entry[0]:
        return None, None
    return entry, entry[1]


def _load_if_ok(path: Path, kind: str) -> tuple[Loaded | None, str]:
    """The file parsed from exactly the bytes that are hashed, and their hash, when it loads without problems."""
    from . import model
    from .store import load_bytes

    data = read_bytes(path)
    if data is None:
        return None, ""
    cls = model.MembersFile if kind == "members" else model.ScheduleFile
    try:
        loaded = load_bytes(path, data, cls)
    except KibError:
        return None, ""
    return (loaded, content_key(data)) if loaded.ok else (None, "")


# ------------------------------------------------------------------ scanning the meetings


def scan_meetings(body: BodyDir) -> list[Scanned]:
    """Every meeting file in date order: a MeetingInfo when it loads cleanly, else the Loaded with its problems.

    Unchanged files come from the cache; the rest are parsed from the bytes just hashed, and the cache
    is rewritten when anything changed (a file added, changed or deleted).
    """
    from .store import load_meeting_safely

    cache = Cache(body.path)
    files = cache.read(MEETINGS_FILE).get("files")
    old: dict[str, Any] = files if isinstance(files, dict) else {}
    new: dict[str, Any] = {}
    out: list[Scanned] = []
    changed = False
    for path in body.meeting_paths():
        data = read_bytes(path)
        if data is None:  # vanished, unreadable or too large: the normal loader says what is wrong
            out.append(load_meeting_safely(body, path))
            changed = True
            continue
        key = content_key(data)
        entry = old.get(path.name)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            try:
                out.append(_decode_meeting(path, entry[1]))
            except (Invalid, TypeError, ValueError):
                pass
            else:
                new[path.name] = entry
                continue
        changed = True
        loaded = load_meeting_safely(body, path, data)
        if loaded.value is not None and loaded.ok:
            info = summarise(path, loaded.value)
            out.append(info)
            new[path.name] = [key, _encode_meeting(info)]
        else:
            out.append(loaded)  # never cached: its problems are found again, exactly as the loader words them
    if changed or len(new) != len(old):
        cache.write(MEETINGS_FILE, {"files": new})
    return out


# ------------------------------------------------------------------ the cache files


def content_key(data: bytes) -> str:
    """The identity of a file's content."""
    return blake2b(data, digest_size=20).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read or is too large to be a kib file.

    Plain os.read into a buffer of the file's size: about half the time of open().read() for small files.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            return None
        chunks = [os.read(fd, size + 1)]
        total = len(chunks[0])
        while chunks[-1]:  # to the end, even if the file grew meanwhile
            if total > MAX_FILE_BYTES:
                return None
            chunks.append(os.read(fd, 65536))
            total += len(chunks[-1])
    except OSError:
        return None
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


_FORMAT_KEY: list[str] = []


def format_key() -> str:
    """kib's version and a digest of what shapes a summary; empty (no cache) when that cannot be known.

    The digest covers kib's sources that parse, convert and summarise, PyYAML's `__init__.py` (its
    version: a new PyYAML could read a scalar differently) and Python's version, found without importing
    anything.
    """
    if not _FORMAT_KEY:
        import importlib.util
        import sys

        digest = blake2b(digest_size=16)
        digest.update(repr(sys.version_info[:2]).encode())
        here = Path(__file__).resolve().parent
        try:
            spec = importlib.util.find_spec("yaml")
            if spec is None or spec.origin is None:
                raise OSError("PyYAML not found")
            for path in [*(here / name for name in SOURCES), Path(spec.origin)]:
                digest.update(path.read_bytes())
        except (OSError, ImportError, ValueError):  # a frozen or zipped kib: caches cannot be told apart
            _FORMAT_KEY.append("")
        else:
            _FORMAT_KEY.append(f"kib-scan/{FORMAT}/{__version__}/{digest.hexdigest()}")
    return _FORMAT_KEY[0]


class Cache:
    """One body's `.kib-cache/` folder: JSON documents that are read defensively and written atomically."""

    def __init__(self, body_path: Path) -> None:
        self.folder = body_path / CACHE_DIR
        self.key = "" if os.environ.get("KIB_NO_CACHE") else format_key()

    def read(self, name: str) -> dict[str, Any]:
        """The document, or {} when it is missing, unreadable, corrupt or written by another kib."""
        if not self.key:
            return {}
        try:
            with open(self.folder / name, "rb") as handle:
                data = handle.read(MAX_CACHE_BYTES + 1)
        except OSError:
            return {}
        if len(data) > MAX_CACHE_BYTES:
            return {}
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            return {}
        if not isinstance(doc, dict) or doc.get("format") != self.key:
            return {}
        return doc

    def write(self, name: str, doc: dict[str, Any]) -> None:
        """Replace the document atomically; when the folder cannot be written, carry on without a cache."""
        if not self.key:
            return
        text = json.dumps({"format": self.key, **doc}, ensure_ascii=False, separators=(",", ":"))
        target = self.folder / name
        tmp = self.folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            if not self.folder.is_dir():
                self.folder.mkdir()
                # keep the cache out of a secretary's own git repository and out of backups
                (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
                (self.folder / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# kib's scan cache; safe to delete.\n",
                    encoding="utf-8",
                )
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text.encode("utf-8"))
                # no fsync: a cache torn by a power cut fails to parse and is rebuilt, so speed wins
                os.replace(tmp, target)
            finally:
                if tmp.exists():
                    tmp.unlink()
        except OSError:  # read-only data, a full disk, a file called .kib-cache, a reader holding it on Windows
            return


# ------------------------------------------------------------------ strict readers of cached values


def _list(value: Any, length: int | None = None) -> list[Any]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise Invalid("list")
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise Invalid("str")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _strs(value: Any) -> list[str]:
    return [_str(v) for v in _list(value)]


def _int(value: Any) -> int:
    if type(value) is not int:
        raise Invalid("int")
    return value


def _date(value: Any) -> dt.date:
    text = _str(value)
    if len(text) != 10:
        raise Invalid("date")
    return dt.date.fromisoformat(text)
